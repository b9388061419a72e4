/*
 * l_ns.c -- the Lua binding of ns.c: net.ns_add, ns_del, ns_list, ns_exists,
 * ns_given, ns_pids. The binding joins the families ns.c must not know:
 * the sysctl baseline set inside a new namespace, the cached netlink socket
 * dropped before a namespace goes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include "luax.h"
#include "netlearn.h"

#define GIVEN_KEY "netlearn.ns_given"
#define NS_PATH_MAX 300     /* as ns.c */

static int baseline_failed;     /* the last ns_add failed setting the baseline */

/* netlearn's baseline, not the machine's values the kernel copied in */
static int apply_baseline(void)
{
	int r = sysctl_apply_baseline();
	baseline_failed = r < 0;
	return r;
}

/* ---- Lua bindings --------------------------------------------------------- */

static const char *check_name(lua_State *L, int arg)
{
	return luaL_checkstring(L, arg);
}

static int l_ns_add(lua_State *L)
{
	const char *name = check_name(L, 1);
	int r;
	if (ns_is_host(name) || ns_valid_name(name))
		return l_fail(L, -EINVAL, "%s: not a valid namespace name (one path component, 1-255 bytes)", name);
	baseline_failed = 0;
	r = ns_add(name, apply_baseline);
	if (r == -EEXIST)
		return l_fail(L, r, "Cannot create namespace file \"" NETNS_DIR "/%s\": File exists", name);
	if (r < 0 && baseline_failed)
		return l_fail(L, r, "%s: cannot create namespace: cannot set its baseline %s: %s", name,
			      sysctl_apply_failed(), strerror(-r));
	if (r < 0)
		return l_fail(L, r, "%s: cannot create namespace: %s", name, strerror(-r));
	/* remembered per namespace for net.ns_given (a new namespace of that name
	 * replaces the old record) */
	lua_getfield(L, LUA_REGISTRYINDEX, GIVEN_KEY);
	if (!lua_istable(L, -1)) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, GIVEN_KEY);
	}
	sysctl_push_given(L);
	lua_setfield(L, -2, name);
	lua_pop(L, 1);
	lua_pushboolean(L, 1);
	return 1;
}

/* net.ns_given(ns) -> {["net.ipv4.ip_forward"] = "1", ...}: the values the
 * kernel gave NS when netlearn made it, where netlearn's baseline then changed
 * them (the machine's own, copied in); {} when the kernel's were the baseline's,
 * nil for a namespace this session did not make */
static int l_ns_given(lua_State *L)
{
	const char *name = check_name(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, GIVEN_KEY);
	if (!lua_istable(L, -1)) {
		lua_pushnil(L);
		return 1;
	}
	lua_getfield(L, -1, name);
	return 1;
}

/* net.ns_del(name[, {keep = true}]): keep = ns_del_keep (reset, after the
 * host is emptied) */
static int l_ns_del(lua_State *L)
{
	const char *name = check_name(L, 1);
	int r, keep;
	if (!lua_isnoneornil(L, 2))
		luaL_checktype(L, 2, LUA_TTABLE);
	keep = l_optfield_bool(L, 2, "keep", 0) > 0;
	if (ns_is_host(name) || ns_valid_name(name))
		return l_fail(L, -EINVAL, "%s: not a valid namespace name", name);
	if (ns_exists(name))
		nl_sock_forget(name);
	r = keep ? ns_del_keep(name) : ns_del(name);
	if (r == -ENOENT)
		return l_fail(L, r, "%s: no such namespace", name);
	if (r < 0)
		return l_fail(L, r, "%s: cannot delete namespace: %s", name, strerror(-r));
	lua_pushboolean(L, 1);
	return 1;
}

/* net.ns_release_kept(): let the kernel tear down what ns_del{keep} kept */
static int l_ns_release_kept(lua_State *L)
{
	(void)L;
	ns_release_kept();
	return 0;
}

struct name_list { char **v; size_t n, cap; int err; };

static void collect_name(const char *name, void *arg)
{
	struct name_list *l = arg;
	char *copy;
	if (l->err)
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		char **v = realloc(l->v, cap * sizeof *v);
		if (!v) {
			l->err = -ENOMEM;
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	if (!(copy = strdup(name))) {
		l->err = -ENOMEM;
		return;
	}
	l->v[l->n++] = copy;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int l_ns_list(lua_State *L)
{
	struct name_list l = { NULL, 0, 0, 0 };
	size_t i;
	int r = ns_list(collect_name, &l);
	if (r >= 0 && l.err)
		r = l.err;
	if (r >= 0) {
		/* sorted, so output and tests do not depend on directory order; in C,
		 * not by the learner's `table.sort`, which the prompt can replace */
		qsort(l.v, l.n, sizeof *l.v, cmp_name);
		lua_createtable(L, (int)l.n, 0);
		for (i = 0; i < l.n; i++) {
			lua_pushstring(L, l.v[i]);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
	}
	for (i = 0; i < l.n; i++)
		free(l.v[i]);
	free(l.v);
	if (r < 0)
		return l_fail(L, r, NETNS_DIR ": %s", strerror(-r));
	return 1;
}

static int l_ns_exists(lua_State *L)
{
	lua_pushboolean(L, ns_exists(check_name(L, 1)));
	return 1;
}

/* net.ns_pids(name) -> {pid...}: what `ip netns pids NAME` prints: every
 * process of the sandbox (its own /proc) whose /proc/PID/ns/net is the same
 * namespace (device and inode) as /run/netns/NAME, in /proc's order. */
static int l_ns_pids(lua_State *L)
{
	const char *name = check_name(L, 1);
	char path[NS_PATH_MAX];
	struct stat want, st;
	struct dirent *de;
	DIR *d;
	lua_Integer n = 0;

	if (ns_is_host(name) || ns_valid_name(name))
		return l_fail(L, -EINVAL, "%s: not a valid namespace name", name);
	snprintf(path, sizeof path, NETNS_DIR "/%s", name);
	if (stat(path, &want) < 0)
		return l_fail(L, -errno, "Cannot open network namespace: %s", strerror(errno));
	if (!(d = opendir("/proc")))
		return l_fail(L, -errno, "/proc: %s", strerror(errno));
	lua_newtable(L);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9' || strspn(de->d_name, "0123456789") != strlen(de->d_name))
			continue;
		snprintf(path, sizeof path, "/proc/%s/ns/net", de->d_name);
		if (stat(path, &st) == 0 && st.st_dev == want.st_dev && st.st_ino == want.st_ino) {
			lua_pushinteger(L, strtoll(de->d_name, NULL, 10));
			lua_rawseti(L, -2, ++n);
		}
	}
	closedir(d);
	return 1;
}

const luaL_Reg l_ns_funcs[] = {
	{"ns_pids", l_ns_pids},
	{"ns_add", l_ns_add},
	{"ns_given", l_ns_given},
	{"ns_del", l_ns_del},
	{"ns_release_kept", l_ns_release_kept},
	{"ns_list", l_ns_list},
	{"ns_exists", l_ns_exists},
	{NULL, NULL}
};
