/*
 * l_spec.c -- what the bindings of several families share at the Lua boundary:
 * the words for a device or namespace that is not there (where_ns,
 * l_fail_dev), and the checks that a spec table holds only known fields
 * (l_check_fields for links and addresses, declared in link.h; rt_check_fields
 * and rt_field_strnum for routes, rules and neighbours, declared in route.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
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

int l_check_fields(lua_State *L, int idx, const char *what, const char *const known[])
{
	idx = lua_absindex(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		const char *k;
		int i, found = 0;
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING) {
			lua_pop(L, 1);
			return l_fail(L, -EINVAL, "%s: options are name=value fields", what);
		}
		k = lua_tostring(L, -1);
		for (i = 0; known[i]; i++)
			if (!strcmp(known[i], k))
				found = 1;
		if (!found) {
			char list[300] = "";
			size_t off = 0;
			for (i = 0; known[i] && off < sizeof list; i++)
				off += (size_t)snprintf(list + off, sizeof list - off, "%s%s",
							i ? ", " : "", known[i]);
			lua_pushfstring(L, "%s: unknown option '%s' (known: %s)", what, k, list);
			lua_remove(L, -2);
			lua_pushnil(L);
			lua_insert(L, -2);
			lua_pushinteger(L, EINVAL);
			return 3;
		}
	}
	return 0;
}
