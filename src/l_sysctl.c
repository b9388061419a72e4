/*
 * l_sysctl.c -- the Lua binding of sysctl.c (net.sysctl_get/set/list,
 * net.sysctl_baseline/apply, and what a new namespace was given): a plain
 * guard that keeps every name inside /proc/sys/net (which names may be read or
 * written, and the words for a refused one, are lua/netlearn/sysctlpolicy.lua's),
 * the words for what the kernel answers, results as Lua values.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "luax.h"
#include "sysctl.h"

/* Push {["net.ipv4.ip_forward"] = "1", ...}: what the kernel gave the namespace
 * made last, for each baseline value that had to be changed. */
void sysctl_push_given(lua_State *L)
{
	char dotted[SYSCTL_NAME_MAX + 4];
	const char *value;
	size_t i;
	lua_newtable(L);
	for (i = 0; sysctl_given_at(i, dotted, sizeof dotted, &value) == 0; i++) {
		lua_pushstring(L, value);
		lua_setfield(L, -2, dotted);
	}
}

/* Check NAME; on failure push nil,msg,errno and return 3. Only the guard
 * that keeps the primitives inside /proc/sys/net: which names a learner may
 * read or write, and the words for it, are netlearn.sysctlpolicy's (Lua, in
 * front of these bindings). */
static int check_name(lua_State *L, const char *name, char *path, size_t plen, char *dotted, size_t dlen)
{
	int r = sysctl_path(name, path, plen, dotted, dlen);
	if (r < 0)
		return l_fail(L, r, "%s: not a sysctl under /proc/sys/net", name);
	return 0;
}

static int name_error(lua_State *L, const char *ns, const char *dotted, const char *path, int r)
{
	if (r == -ENOENT && !ns_exists(ns))
		return l_fail(L, r, "%s: no such namespace", ns);
	if (r == -ENOENT)
		return l_fail(L, r, "sysctl: cannot stat %s: No such file or directory (no sysctl %s)", path, dotted);
	if (r == -EISDIR)
		return l_fail(L, r, "%s: is a group of sysctls, not one; list it with sysctl_list(ns, \"%s\")", dotted, dotted);
	return l_fail(L, r, "%s: %s", dotted, strerror(-r));
}

static int l_sysctl_get(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *name = luaL_checkstring(L, 2);
	char path[SYSCTL_NAME_MAX + 16], dotted[SYSCTL_NAME_MAX], val[SYSCTL_VALUE_MAX];
	int r;

	if ((r = check_name(L, name, path, sizeof path, dotted, sizeof dotted)))
		return r;
	r = sysctl_get(ns, path, val, sizeof val);
	if (r < 0)
		return name_error(L, ns, dotted, path, r);
	lua_pushstring(L, val);
	return 1;
}

static int l_sysctl_set(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *name = luaL_checkstring(L, 2);
	const char *value;
	char path[SYSCTL_NAME_MAX + 16], dotted[SYSCTL_NAME_MAX];
	int r;

	if (lua_type(L, 3) == LUA_TNUMBER && !lua_isinteger(L, 3))
		return luaL_argerror(L, 3, "integer or string expected");
	value = luaL_checkstring(L, 3);
	if ((r = check_name(L, name, path, sizeof path, dotted, sizeof dotted)))
		return r;
	if (!*value || strlen(value) >= SYSCTL_VALUE_MAX || strchr(value, '\n'))
		return l_fail(L, -EINVAL, "%s: value must be one line of 1-%d bytes", dotted, SYSCTL_VALUE_MAX - 1);
	r = sysctl_set(ns, path, value);
	if (r == -EDOM)
		return l_fail(L, -EINVAL, "%s: \"%s\" is not an integer; this sysctl takes integers (e.g. 0 or 1)", dotted, value);
	if (r == -E2BIG)
		return l_fail(L, -EINVAL, "%s: \"%s\" has more numbers than this sysctl holds", dotted, value);
	if (r == -EINVAL)
		return l_fail(L, r, "%s: the kernel refused \"%s\" (Invalid argument; out of range?)", dotted, value);
	if (r == -EACCES || r == -EPERM)
		return l_fail(L, r, "%s: permission denied (read-only sysctl, or not writable from a lab namespace)", dotted);
	if (r < 0)
		return name_error(L, ns, dotted, path, r);
	lua_pushboolean(L, 1);
	return 1;
}

static int l_sysctl_list(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *prefix = luaL_optstring(L, 2, NULL);
	char filter[SYSCTL_NAME_MAX];
	struct sysctl_entries es = { NULL, 0, 0 };
	size_t i;
	int r;

	if (prefix && *prefix) {
		size_t n = strlen(prefix);
		if (n >= sizeof filter)
			return l_fail(L, -EINVAL, "%s: prefix too long", prefix);
		/* the slash form of a prefix becomes the dotted form */
		if (!strncmp(prefix, "net/", 4) || !strcmp(prefix, "net")) {
			for (i = 0; i <= n; i++)
				filter[i] = prefix[i] == '/' ? '.' : prefix[i] == '.' ? '/' : prefix[i];
		} else if (!strncmp(prefix, "net.", 4) || prefix[0] == '*' || prefix[0] == '?' || prefix[0] == '[') {
			memcpy(filter, prefix, n + 1);
		} else {
			return l_fail(L, -EPERM, "%s: not a sysctl prefix under /proc/sys/net", prefix);
		}
		if (strstr(filter, ".."))
			return l_fail(L, -EINVAL, "%s: not a sysctl prefix under /proc/sys/net", prefix);
		prefix = filter;
	}
	r = sysctl_list(ns, prefix, &es);
	if (r < 0) {
		sysctl_entries_free(&es);
		if (r == -ENOENT && !ns_exists(ns))
			return l_fail(L, r, "%s: no such namespace", ns);
		return l_fail(L, r, "sysctl list: %s", strerror(-r));
	}
	lua_createtable(L, (int)es.n, 0);
	for (i = 0; i < es.n; i++) {
		lua_createtable(L, 0, 2);
		l_setfield_str(L, "name", es.v[i].name);
		l_setfield_str(L, "value", es.v[i].value);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	sysctl_entries_free(&es);
	return 1;
}

/* A Lua list {{"net/ipv4/conf/ * /rp_filter", "0"}, ...} (no spaces around
 * the '*') into values; raises on a malformed one. */
static struct sysctl_value *check_values(lua_State *L, int arg, size_t *count)
{
	struct sysctl_value *v;
	size_t i, n;

	luaL_checktype(L, arg, LUA_TTABLE);
	n = (size_t)lua_rawlen(L, arg);
	v = calloc(n ? n : 1, sizeof *v);
	if (!v)
		luaL_error(L, "out of memory");
	for (i = 0; i < n; i++) {
		const char *path, *value, *p;
		int stars = 0, bad = 0;
		lua_rawgeti(L, arg, (lua_Integer)i + 1);
		lua_rawgeti(L, -1, 1);
		lua_rawgeti(L, -2, 2);
		path = lua_tostring(L, -2);
		value = lua_tostring(L, -1);
		if (!path || !value || strncmp(path, "net/", 4) || strlen(path) >= SYSCTL_NAME_MAX - 8 ||
		    !*value || strlen(value) >= 120 || strpbrk(value, "\n"))
			bad = 1;
		for (p = path ? path + 4 : ""; !bad && *p; ) {
			size_t len = strcspn(p, "/");
			size_t k;
			if (len == 0 || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
				bad = 1;
			if (len == 1 && p[0] == '*' && (++stars > 1 || !p[1]))
				bad = 1;
			for (k = 0; k < len; k++)
				if ((unsigned char)p[k] < 0x21 || p[k] == 0x7f || (p[k] == '*' && len > 1))
					bad = 1;
			p += len;
			if (*p == '/' && !*++p)
				bad = 1;
		}
		if (!bad) {
			v[i].rel = strdup(path + 4);
			v[i].value = strdup(value);
		}
		lua_pop(L, 3);
		if (bad || !v[i].rel || !v[i].value) {
			sysctl_values_free(v, i + 1);
			luaL_error(L, "bad argument #%d: entry %d must be {\"net/PATH\", \"VALUE\"} "
				   "(one '*' component at most, not last; no empty, \".\" or \"..\" parts)", arg, (int)i + 1);
		}
	}
	*count = n;
	return v;
}

/* net.sysctl_baseline(list): the values every namespace ns_add makes gets
 * (replaces the previous list). Touches no namespace. */
static int l_sysctl_baseline(lua_State *L)
{
	size_t n;
	struct sysctl_value *v = check_values(L, 1, &n);
	sysctl_set_baseline(v, n);
	lua_pushboolean(L, 1);
	return 1;
}

/* net.sysctl_apply(ns [, list]): apply list (default: the baseline) in ns;
 * how many values were written, or nil, message, errno naming the sysctl. */
static int l_sysctl_apply(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	struct sysctl_value *v = NULL;
	size_t n = 0;
	int r;

	if (!lua_isnoneornil(L, 2))
		v = check_values(L, 2, &n);
	r = sysctl_apply(ns, v, n);
	sysctl_values_free(v, n);
	if (r == -ENOENT && !ns_exists(ns))
		return l_fail(L, r, "%s: no such namespace", ns);
	if (r < 0)
		return l_fail(L, r, "%s: cannot set %s: %s", *ns ? ns : "host", sysctl_apply_failed(), strerror(-r));
	lua_pushinteger(L, r);
	return 1;
}

const luaL_Reg l_sysctl_funcs[] = {
	{"sysctl_baseline", l_sysctl_baseline},
	{"sysctl_apply", l_sysctl_apply},
	{"sysctl_get", l_sysctl_get},
	{"sysctl_set", l_sysctl_set},
	{"sysctl_list", l_sysctl_list},
	{NULL, NULL}
};
