/*
 * lnet.c -- the Lua module `net` (require "netlearn.core"): merges the function
 * table of every primitive family into one table. The only object that depends
 * on every binding table; the helpers bindings share live in luax.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "luax.h"
#include "netlearn.h"

static int l_strerror(lua_State *L)
{
	lua_pushstring(L, strerror((int)luaL_checkinteger(L, 1)));
	return 1;
}

static int l_version(lua_State *L)
{
	lua_pushstring(L, NETLEARN_VERSION);
	return 1;
}

static int l_interrupted(lua_State *L)
{
	int was = nl_interrupted;
	if (lua_toboolean(L, 1))
		nl_interrupted = 0;
	lua_pushboolean(L, was);
	return 1;
}

/* net.sleep(seconds): wait up to 10 s; true, or nil, message, EINTR on Ctrl-C
 * (reset waits with it for the kernel to let go of a lab's devices). */
static int l_sleep(lua_State *L)
{
	double s = luaL_checknumber(L, 1);
	struct timespec ts;

	luaL_argcheck(L, s >= 0 && s <= 10, 1, "seconds between 0 and 10");
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		if (nl_interrupted || nl_stop_signal)
			return l_fail(L, -EINTR, "sleep: interrupted");
	lua_pushboolean(L, 1);
	return 1;
}

/* A cap on the Lua heap while lesson code runs (netlearn.sandboxenv): its count
 * hook sees memory only between instructions, but one C call (string.gsub,
 * table.concat, string.format) can ask for gigabytes at once. With a limit set,
 * an allocation that would pass it fails and Lua raises "not enough memory". */
struct heap {
	lua_Alloc f;
	void *ud;
	size_t used, limit;     /* limit 0: none */
};
static struct heap heap;

static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct heap *h = ud;
	size_t old = ptr ? osize : 0;       /* without ptr, osize is a type tag */
	void *p;
	if (nsize > old && h->limit && h->used + (nsize - old) > h->limit)
		return NULL;
	p = h->f(h->ud, ptr, osize, nsize);
	if (nsize == 0) {
		h->used -= old < h->used ? old : h->used;
		return p;
	}
	if (p)
		h->used = h->used - (old < h->used ? old : h->used) + nsize;
	return p;
}

/* net.heap_limit(bytes_more) -> previous limit in bytes over the current use (0: none) */
static int l_heap_limit(lua_State *L)
{
	lua_Integer more = luaL_optinteger(L, 1, 0);
	size_t prev = heap.limit > heap.used ? heap.limit - heap.used : 0;
	if (lua_getallocf(L, NULL) != capped_alloc)
		return luaL_error(L, "heap_limit: the allocator is not netlearn's");
	heap.limit = more > 0 ? heap.used + (size_t)more : 0;
	lua_pushinteger(L, (lua_Integer)prev);
	return 1;
}

static const luaL_Reg l_misc_funcs[] = {
	{"heap_limit", l_heap_limit},
	{"strerror", l_strerror},
	{"version", l_version},
	{"interrupted", l_interrupted},
	{"sleep", l_sleep},
	{NULL, NULL}
};

static const luaL_Reg *const families[] = {
	l_misc_funcs, l_ns_funcs, l_link_funcs, l_addr_funcs, l_route_funcs,
	l_rule_funcs, l_neigh_funcs, l_neigh_mod_funcs, l_sysctl_funcs, l_nat_funcs, l_nft_funcs, l_proc_funcs,
	l_ping_funcs, l_ping6_funcs, l_trace_funcs, l_capture_funcs, l_pcap_funcs, l_decode_funcs, l_http_funcs, l_tunnel_funcs,
	l_quiet_funcs, l_probe_funcs, l_parse_funcs,
};

/* A string with a NUL byte inside reaches C as its first part only:
 * net.ns_add("a\0b") would make "a". Every function that takes names,
 * addresses or paths is called through this guard, which refuses such a
 * string (an argument, or a field of a table argument) before C sees it. */
static int nul_in(lua_State *L, int idx)
{
	size_t len;
	const char *s;
	if (lua_type(L, idx) != LUA_TSTRING)
		return 0;
	s = lua_tolstring(L, idx, &len);
	return strlen(s) != len;
}

static int nul_guard(lua_State *L)
{
	int n = lua_gettop(L), i;
	for (i = 1; i <= n; i++) {
		int bad = nul_in(L, i);
		if (!bad && lua_type(L, i) == LUA_TTABLE) {
			lua_pushnil(L);
			while (!bad && lua_next(L, i)) {
				bad = nul_in(L, -1) || nul_in(L, -2);
				lua_pop(L, 1);
			}
			if (bad)
				lua_pop(L, 1);
		}
		if (bad)
			return l_fail(L, -EINVAL, "net.%s: argument %d holds a string with a NUL byte inside; "
				      "names, addresses and paths cannot contain one",
				      lua_tostring(L, lua_upvalueindex(2)), i);
	}
	/* called in this frame, so its argument errors still name net.<name> */
	return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

/* functions whose strings are bytes, not names */
static int takes_bytes(const char *name)
{
	return !strcmp(name, "decode") || !strcmp(name, "pcap_write") || !strcmp(name, "filter_match") ||
		!strcmp(name, "decode_state");
}

/* The errno values Lua code compares with, by name (net.errno.ENOENT), so that
 * no Lua file holds a raw number whose meaning depends on the architecture. */
static const struct { const char *name; int value; } errno_names[] = {
#define E(x) { #x, x }
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG), E(EBADF),
	E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(EBUSY), E(EEXIST), E(ENODEV),
	E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOSPC), E(EROFS),
	E(EMLINK), E(EPIPE), E(ERANGE), E(ENAMETOOLONG), E(ENOSYS), E(ENOTEMPTY),
	E(ELOOP), E(ENODATA), E(ETIME), E(EPROTO), E(EMSGSIZE), E(EPROTONOSUPPORT),
	E(EOPNOTSUPP), E(EAFNOSUPPORT), E(EADDRINUSE), E(EADDRNOTAVAIL), E(ENETDOWN),
	E(ENETUNREACH), E(ECONNRESET), E(ENOBUFS), E(ETIMEDOUT), E(ECONNREFUSED),
	E(EHOSTDOWN), E(EHOSTUNREACH), E(EALREADY), E(EINPROGRESS), E(ECANCELED),
	E(ECHILD),
#undef E
};

int luaopen_netlearn_core(lua_State *L)
{
	size_t i;
	const luaL_Reg *r;
	if (lua_getallocf(L, NULL) != capped_alloc && !heap.f) {
		heap.f = lua_getallocf(L, &heap.ud);
		lua_setallocf(L, capped_alloc, &heap);
	}
	lua_newtable(L);
	for (i = 0; i < sizeof families / sizeof families[0]; i++) {
		for (r = families[i]; r->name; r++) {
			if (!r->func || takes_bytes(r->name)) {
				lua_pushcfunction(L, r->func);
			} else {
				lua_pushcfunction(L, r->func);
				lua_pushstring(L, r->name);
				lua_pushcclosure(L, nul_guard, 2);
			}
			lua_setfield(L, -2, r->name);
		}
	}
	lua_createtable(L, 0, (int)(sizeof errno_names / sizeof errno_names[0]));
	for (i = 0; i < sizeof errno_names / sizeof errno_names[0]; i++) {
		lua_pushinteger(L, errno_names[i].value);
		lua_setfield(L, -2, errno_names[i].name);
	}
	lua_setfield(L, -2, "errno");
	return 1;
}
