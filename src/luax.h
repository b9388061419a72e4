/*
 * luax.h -- the Lua side of the C code: what the bindings (l_*.c, lnet.c) and
 * the Lua-facing runtime (limits, pattern, repl, main) share. A file that
 * includes it is a binding, or says in its header comment why it mixes.
 */
#ifndef NETLEARN_LUAX_H
#define NETLEARN_LUAX_H

#include <lua.h>
#include <lauxlib.h>
#include "netlearn.h"

/* ---- limits inside long C calls (limits.c, lpattern.c) ------------------- */

/* Raise a Lua error after Ctrl-C / SIGTERM ("interrupted") or once lesson code
 * passed its CPU deadline (deadline.c); long C loops call it every few
 * thousand steps. */
static inline void nl_limits_check(lua_State *L)
{
	const char *why = nl_limit_passed();
	if (why)
		luaL_error(L, "%s", why);
}
/* After luaL_openlibs: netlearn's pattern matcher, table.sort, table.move and
 * the module netlearn.limits (limits.c). */
void nl_limits_install(lua_State *L);
/* Replace string.find/match/gmatch/gsub; the originals go into the table on top. */
void nl_pattern_install(lua_State *L);

/* ---- sysctl (sysctl.c) ---------------------------------------------------- */

/* the values the kernel gave the namespace ns_add made last, where the
 * baseline changed them: a table {dotted name = the kernel's value} */
void sysctl_push_given(lua_State *L);

/* ---- Lua boundary (lnet.c) ------------------------------------------------ */

/* Push nil, "what: reason[: kernel says]", errno and return 3. */
int l_fail(lua_State *L, int neg_errno, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same without the kernel's extended ack: for failures that were not a
 * netlink request (files, sockets). */
int l_fail_plain(lua_State *L, int neg_errno, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A spec binding's one plain refusal, -EINVAL "NAME: FN: FIELD= malformed or
 * out of range" ("FN: FIELD= ..." when NAME is NULL: a route or rule has no
 * name), of a field its request cannot carry: the learner's words for it are
 * Lua's (netlearn.linkspec, addrspec, neighspec, natspec, routespec), which
 * check first. */
int l_fail_field(lua_State *L, const char *name, const char *fn, const char *field);
/* The one check that a spec table (at T; nil passes) holds only the fields in
 * KNOWN (NULL-ended), l_spec.c's: 0, or pushes nil, "WHAT: unknown field 'K'
 * (known fields: ...)", EINVAL and returns 3. */
int l_check_fields(lua_State *L, int t, const char *what, const char *const known[]);
/* Namespace argument: nil, "" or a name. Raises on a wrong type. */
const char *l_checkns(lua_State *L, int arg);
/* Optional table fields */
const char *l_optfield_str(lua_State *L, int t, const char *k, const char *def);
lua_Integer l_optfield_int(lua_State *L, int t, const char *k, lua_Integer def);
int l_optfield_bool(lua_State *L, int t, const char *k, int def);   /* -1 if absent and def=-1 */
void l_setfield_str(lua_State *L, const char *k, const char *v);
void l_setfield_int(lua_State *L, const char *k, lua_Integer v);
void l_setfield_bool(lua_State *L, const char *k, int v);
/* field K = { V[0], ..., V[N-1] } (an empty table when N is 0) */
void l_setfield_strlist(lua_State *L, const char *k, const char *const *v, size_t n);

/* Every binding file exports one table; lnet.c merges them into module `net`. */
extern const luaL_Reg l_ns_funcs[];
extern const luaL_Reg l_link_funcs[];
extern const luaL_Reg l_addr_funcs[];
extern const luaL_Reg l_route_funcs[];
extern const luaL_Reg l_rule_funcs[];
extern const luaL_Reg l_neigh_funcs[];
extern const luaL_Reg l_neigh_mod_funcs[];
extern const luaL_Reg l_sysctl_funcs[];
extern const luaL_Reg l_nat_funcs[];
extern const luaL_Reg l_nft_funcs[];
extern const luaL_Reg l_proc_funcs[];
extern const luaL_Reg l_ping_funcs[];
extern const luaL_Reg l_quiet_funcs[];
extern const luaL_Reg l_parse_funcs[];
extern const luaL_Reg l_probe_funcs[];
extern const luaL_Reg l_ping6_funcs[];
extern const luaL_Reg l_trace_funcs[];
extern const luaL_Reg l_capture_funcs[];
extern const luaL_Reg l_pcap_funcs[];
extern const luaL_Reg l_decode_funcs[];
extern const luaL_Reg l_http_funcs[];
extern const luaL_Reg l_tunnel_funcs[];
int luaopen_netlearn_core(lua_State *L);

/* the file broker's Lua module (l_broker.c) */
int luaopen_netlearn_broker(lua_State *L);

#endif
