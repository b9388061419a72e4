/*
 * l_probe.c -- what the probe bindings (ping, ping6, trace, http) share on
 * the Lua side: endpoints checked with the error texts, option fields, the
 * partial result kept on Ctrl-C, the counts of a ping's result table. Moved out of probe_util.c (issue #19), which
 * keeps the mechanism and needs no Lua.
 */
#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include "probe_util.h"

int probe_l_endpoints(lua_State *L, const char *ns, const char *dest, const char *src,
		      struct in_addr *dst, struct in_addr *src_out, int *have_src)
{
	int gai, r = probe_resolve(ns, dest, dst, &gai);
	if (r == -EINVAL)
		return l_fail(L, r, "%s: not an IPv4 address (write it as a.b.c.d)", dest);
	if (r == -ENOENT)
		return l_fail(L, r, "%s: %s", dest, gai_strerror(gai));
	if (r < 0)
		return l_fail(L, r, "%s: %s", dest, strerror(-r));
	if (src) {
		if (inet_pton(AF_INET, src, src_out) != 1)
			return l_fail(L, -EINVAL, "%s: not an IPv4 source address (write it as a.b.c.d)", src);
		*have_src = 1;
	}
	return 0;
}

double probe_optnum(lua_State *L, int t, const char *k, double def)
{
	double v = def;
	if (lua_isnoneornil(L, t))
		return def;
	if (lua_getfield(L, t, k) != LUA_TNIL) {
		if (!lua_isnumber(L, -1))
			luaL_error(L, "field '%s' must be a number", k);
		v = lua_tonumber(L, -1);
	}
	lua_pop(L, 1);
	return v;
}

/* opts.pattern: 1-16 bytes that fill an echo's payload, as ping -p does. The
 * string stays referenced by the options table while the probe runs. */
const char *probe_optpattern(lua_State *L, int t, size_t *len)
{
	const char *s = NULL;
	*len = 0;
	if (lua_isnoneornil(L, t))
		return NULL;
	if (lua_getfield(L, t, "pattern") != LUA_TNIL) {
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_error(L, "field 'pattern' must be a string of 1 to 16 bytes");
		s = lua_tolstring(L, -1, len);
		if (*len < 1 || *len > 16)
			luaL_error(L, "field 'pattern' must be a string of 1 to 16 bytes");
	}
	lua_pop(L, 1);
	return s;
}

void probe_keep_result(lua_State *L)
{
	if (nl_interrupted)
		lua_sethook(L, NULL, 0, 0);
}

void probe_push_ping_tally(lua_State *L, const struct ping_tally *t, int replies, int unreach)
{
	lua_Integer i;
	l_setfield_int(L, "sent", t->sent);
	l_setfield_int(L, "received", t->received);
	l_setfield_int(L, "errors", t->errors);
	if (t->dups)
		l_setfield_int(L, "duplicates", t->dups);
	if (t->sent && (t->sent - t->received) * 100 % t->sent)
		lua_pushnumber(L, (double)(t->sent - t->received) * 100.0 / (double)t->sent);
	else
		lua_pushinteger(L, t->sent ? (t->sent - t->received) * 100 / t->sent : 0);
	lua_setfield(L, -2, "loss");
	lua_newtable(L);
	for (i = 1; i <= (lua_Integer)lua_rawlen(L, replies); i++) {
		lua_rawgeti(L, replies, i);
		lua_getfield(L, -1, "time");
		lua_rawseti(L, -3, i);
		lua_pop(L, 1);
	}
	lua_setfield(L, -2, "rtts");
	if (t->received) {
		double n = (double)t->timed;
		double avg = t->tsum / n;
		double var = t->tsum2 / n - avg * avg;
		lua_pushnumber(L, t->tmin), lua_setfield(L, -2, "rtt_min");
		lua_pushnumber(L, avg), lua_setfield(L, -2, "rtt_avg");
		lua_pushnumber(L, t->tmax), lua_setfield(L, -2, "rtt_max");
		lua_pushnumber(L, var > 0 ? sqrt(var) : 0), lua_setfield(L, -2, "rtt_mdev");
		l_setfield_int(L, "ttl", t->last_ttl);
	}
	lua_pushvalue(L, replies);
	lua_setfield(L, -2, "replies");
	lua_pushvalue(L, unreach);
	lua_setfield(L, -2, "unreachable");
	if (t->error[0]) {
		l_setfield_str(L, "error", t->error);
		l_setfield_int(L, "errno", t->error_errno);
	}
	if (t->interrupted)
		l_setfield_bool(L, "interrupted", 1);
	l_setfield_int(L, "time", (lua_Integer)(t->elapsed + 0.5));
}
