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
#include "addrparse.h"
#include "luax.h"
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
		if (parse_ipv4(src, &src_out->s_addr) < 0)
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

int probe_l_ping_args(lua_State *L, int t, const char *fn, int max_size, struct ping_args *a)
{
	double count, interval, timeout, deadline, ttl, size;
	memset(a, 0, sizeof *a);
	if (!lua_isnoneornil(L, t))
		luaL_checktype(L, t, LUA_TTABLE);
	count = probe_optnum(L, t, "count", 1);
	interval = probe_optnum(L, t, "interval", 1.0);
	timeout = probe_optnum(L, t, "timeout", 10.0);
	deadline = probe_optnum(L, t, "deadline", 0);
	ttl = probe_optnum(L, t, "ttl", 0);
	size = probe_optnum(L, t, "size", 56);
	a->p.pattern = probe_optpattern(L, t, &a->p.pattern_len);
	a->p.dev = l_optfield_str(L, t, "dev", NULL);
	a->src = l_optfield_str(L, t, "src", NULL);
	if (!lua_isnoneornil(L, t) && lua_getfield(L, t, "on_event") != LUA_TNIL) {
		luaL_argexpected(L, lua_isfunction(L, -1), t, "on_event to be a function");
		a->fn = lua_gettop(L);
	} else if (!lua_isnoneornil(L, t)) {
		lua_pop(L, 1);
	}
	/* the plain guard: which values a learner may give, and iputils' words for
	 * the others, are netlearn.pingspec's (Lua, in front of net.ping/ping6) */
	if (count < 0 || count != floor(count) || count > 1e9)
		return l_fail_field(L, NULL, fn, "count");
	if (!(interval >= 0.001))
		return l_fail_field(L, NULL, fn, "interval");
	if (!(timeout > 0) || timeout > 2147483)
		return l_fail_field(L, NULL, fn, "timeout");
	if (!(deadline >= 0 && deadline <= 2147483))
		return l_fail_field(L, NULL, fn, "deadline");
	if (ttl < 0 || ttl > 255 || ttl != floor(ttl))      /* 0: the kernel's default */
		return l_fail_field(L, NULL, fn, "ttl");
	if (size < 0 || size > max_size || size != floor(size))
		return l_fail_field(L, NULL, fn, "size");
	if (a->p.dev && (a->p.dev[0] == '\0' || strlen(a->p.dev) >= 16))
		return l_fail(L, -EINVAL, "%s: not an interface name (1-15 bytes)", a->p.dev);
	a->p.count = (long)count;
	a->p.interval_ms = interval * 1e3;
	a->p.timeout_ms = timeout * 1e3;
	a->p.deadline_ms = deadline * 1e3;
	a->p.ttl = (int)ttl;
	a->p.size = (int)size;
	return 0;
}

int probe_l_ping_done(lua_State *L, int r, int error_ref, const char *bind, const char *dev, const char *dest)
{
	if (error_ref != LUA_NOREF) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, error_ref);
		luaL_unref(L, LUA_REGISTRYINDEX, error_ref);
		return lua_error(L);
	}
	if (r == -EADDRNOTAVAIL)
		return l_fail(L, r, "%s: %s", bind, strerror(-r));
	if (r == -ENODEV)
		return l_fail(L, r, "SO_BINDTODEVICE %s: No such device", dev);
	if (r < 0)
		return l_fail(L, r, "ping %s: %s", dest, strerror(-r));
	probe_keep_result(L);
	return 0;
}

int probe_l_event(lua_State *L, void (*push)(lua_State *L, const void *ev), const void *ev,
		  int list, int fn, int *error_ref)
{
	int stop;
	if (list) {
		push(L, ev);
		lua_pushnil(L);
		lua_setfield(L, -2, "type");
		lua_rawseti(L, list, (lua_Integer)lua_rawlen(L, list) + 1);
	}
	if (!fn)
		return 0;
	lua_pushvalue(L, fn);
	push(L, ev);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
		if (nl_interrupted) {           /* Ctrl-C inside the callback: stop, keep the result */
			lua_pop(L, 1);
			return 1;
		}
		*error_ref = luaL_ref(L, LUA_REGISTRYINDEX);
		return 1;
	}
	/* on_event may return false to stop the ping */
	stop = lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1);
	lua_pop(L, 1);
	return stop;
}

/* net.probe_stats_on() -> true when NETLEARN_PROBE_STATS is set */
static int l_probe_stats_on(lua_State *L)
{
	lua_pushboolean(L, probe_stats_on());
	return 1;
}

/* net.probe_stat_add(kind, seconds[, reason]): add time the Lua side waited
 * to KIND ("rings", "resets", ... as printed); with REASON (and kind nil) it is
 * an "of which" row of time a kind already holds (a fixed wait's reason) */
static int l_probe_stat_add(lua_State *L)
{
	double s = luaL_checknumber(L, 2);
	if (lua_isnoneornil(L, 1)) {
		probe_stat_reason(luaL_checkstring(L, 3), s * 1e3);
		return 0;
	}
	{
		int k = probe_stat_kind(luaL_checkstring(L, 1));
		luaL_argcheck(L, k >= 0, 1, "not a kind of the probe stats");
		probe_stat_add(k, s * 1e3);
	}
	return 0;
}

/* net.monotonic() -> seconds on the monotonic clock (for the stats above) */
static int l_monotonic(lua_State *L)
{
	lua_pushnumber(L, probe_now_ms() / 1e3);
	return 1;
}

const luaL_Reg l_probe_funcs[] = {
	{"probe_stats_on", l_probe_stats_on},
	{"probe_stat_add", l_probe_stat_add},
	{"monotonic", l_monotonic},
	{NULL, NULL}
};
