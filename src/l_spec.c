/*
 * l_spec.c -- what the bindings of several families share at the Lua boundary:
 * the words for a device or namespace that is not there (where_ns,
 * l_fail_dev, declared in link.h), the one check that a spec table holds only
 * known fields (l_check_fields, declared in luax.h: links, addresses, routes,
 * rules, neighbours and NAT rules), and rt_field_strnum for routes, rules and
 * neighbours (route.h). The bindings' one plain refusal is luax.c's
 * l_fail_field.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "luax.h"
#include "link.h"
#include "route.h"

const char *where_ns(const char *ns)
{
	static char buf[300];
	if (ns_is_host(ns))
		return "in the host";
	snprintf(buf, sizeof buf, "in namespace %s", ns);
	return buf;
}

int l_fail_dev(lua_State *L, int err, const char *ns, const char *dev)
{
	nl_clear_extack();
	if (err == -ENOENT && !ns_is_host(ns) && !ns_exists(ns))
		return l_fail(L, err, "%s: no such namespace", ns);
	if (err == -ENODEV || err == -ENOENT)
		return l_fail(L, -ENODEV, "%s: no such device %s", dev, where_ns(ns));
	return l_fail(L, err, "%s: %s", dev, strerror(-err));
}

int l_check_fields(lua_State *L, int t, const char *what, const char *const known[])
{
	if (lua_isnoneornil(L, t))
		return 0;
	t = lua_absindex(L, t);
	lua_pushnil(L);
	while (lua_next(L, t)) {
		const char *const *k;
		int found = 0;
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING) {
			lua_pop(L, 1);
			nl_clear_extack();      /* an older request's extended ACK is not about this */
			return l_fail(L, -EINVAL, "%s: options are name=value fields", what);
		}
		for (k = known; *k; k++)
			if (!strcmp(*k, lua_tostring(L, -1)))
				found = 1;
		if (!found) {
			luaL_Buffer b;
			luaL_buffinit(L, &b);
			for (k = known; *k; k++) {
				if (k != known)
					luaL_addstring(&b, ", ");
				luaL_addstring(&b, *k);
			}
			luaL_pushresult(&b);
			nl_clear_extack();
			return l_fail(L, -EINVAL, "%s: unknown field '%s' (known fields: %s)",
				      what, lua_tostring(L, -2), lua_tostring(L, -1));
		}
	}
	return 0;
}

const char *rt_field_strnum(lua_State *L, int t, const char *k, char *buf, size_t len)
{
	const char *v = NULL;
	if (lua_isnoneornil(L, t))
		return NULL;
	lua_getfield(L, t, k);
	if (lua_type(L, -1) == LUA_TSTRING) {
		v = lua_tostring(L, -1);
	} else if (lua_type(L, -1) == LUA_TNUMBER) {
		if (!lua_isinteger(L, -1))
			luaL_error(L, "field '%s' must be a name or an integer", k);
		v = lua_tostring(L, -1);        /* converts the stack copy only */
	} else if (!lua_isnil(L, -1)) {
		luaL_error(L, "field '%s' must be a name or an integer", k);
	}
	if (v) {
		snprintf(buf, len, "%s", v);
		v = buf;
	}
	lua_pop(L, 1);
	return v;
}
