/*
 * l_ping.c -- the Lua binding of ping.c, moved out of it (issue #19): the
 * arguments checked, the results as Lua values, the error texts; ping.c
 * keeps the mechanism and needs no Lua.
 */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/icmp.h>
#include <netdb.h>
#include <linux/errqueue.h>
#include <netinet/ip.h>
#include <sys/random.h>
#include <sys/socket.h>
#include "probe_util.h"
#include "ping.h"
#include "quiet.h"

/* ---- Lua binding ---------------------------------------------------------- */

struct l_ping_ctx {
	lua_State *L;
	int fn;                 /* stack index of on_event, 0 if none */
	int replies, unreach;   /* stack indexes of the result lists */
	int error_ref;          /* an error raised by on_event, to re-raise */
};

static void push_event(lua_State *L, const struct ping_event *ev)
{
	lua_newtable(L);
	l_setfield_str(L, "type", ev->type);
	l_setfield_int(L, "seq", ev->seq);
	if (!strcmp(ev->type, "reply")) {
		l_setfield_int(L, "ttl", ev->ttl);
		lua_pushnumber(L, ev->time);
		lua_setfield(L, -2, "time");
		l_setfield_int(L, "bytes", ev->bytes);
	}
	if (ev->from.s_addr)
		l_setfield_str(L, "from", inet_ntoa(ev->from));
	if (ev->text[0])
		l_setfield_str(L, "text", ev->text);
}

static int l_ping_event(const struct ping_event *ev, void *arg)
{
	struct l_ping_ctx *c = arg;
	lua_State *L = c->L;
	int list = !strcmp(ev->type, "reply") ? c->replies : !strcmp(ev->type, "unreachable") ? c->unreach : 0;
	if (list) {
		push_event(L, ev);
		lua_pushnil(L);
		lua_setfield(L, -2, "type");
		lua_rawseti(L, list, (lua_Integer)lua_rawlen(L, list) + 1);
	}
	if (!c->fn)
		return 0;
	lua_pushvalue(L, c->fn);
	push_event(L, ev);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
		if (nl_interrupted) {           /* Ctrl-C inside the callback: stop, keep the result */
			lua_pop(L, 1);
			return 1;
		}
		c->error_ref = luaL_ref(L, LUA_REGISTRYINDEX);
		return 1;
	}
	/* on_event may return false to stop the ping */
	{
		int stop = lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1);
		lua_pop(L, 1);
		return stop;
	}
}

/* The ping's quiet hook: the watch of quiet.c on the monotonic clock */
static int ping_quiet(void *arg)
{
	return quiet_watch_step(arg, probe_now_ms());
}

/* opts.quiet = {settle = s, settle_max = s, stable = n, incomplete_ok = bool}: stop waiting for
 * replies once the lab is proved quiet (lua/netlearn/quiet.lua decides when) */
static int opt_quiet(lua_State *L, int t, struct quiet_watch *w)
{
	double settle, settle_max;
	lua_Integer stable;
	int incomplete_ok;
	if (lua_isnil(L, t) || lua_getfield(L, t, "quiet") == LUA_TNIL) {
		if (!lua_isnil(L, t))
			lua_pop(L, 1);
		return 0;
	}
	luaL_argexpected(L, lua_istable(L, -1), t, "quiet to be a table");
	settle = probe_optnum(L, lua_gettop(L), "settle", 0.002);
	settle_max = probe_optnum(L, lua_gettop(L), "settle_max", 0.05);
	stable = (lua_Integer)probe_optnum(L, lua_gettop(L), "stable", 2);
	incomplete_ok = l_optfield_bool(L, lua_gettop(L), "incomplete_ok", 0);
	lua_pop(L, 1);
	luaL_argcheck(L, settle > 0 && settle <= 1 && settle_max <= 1 && stable >= 1 && stable <= 100, t,
		      "quiet: settle and settle_max in (0, 1] s, stable 1-100");
	quiet_watch_init(w, settle * 1e3, (int)stable, incomplete_ok);
	quiet_watch_backoff(w, settle_max * 1e3);
	return 1;
}

static const char *check_opts_table(lua_State *L, int arg)
{
	if (!lua_isnoneornil(L, arg))
		luaL_checktype(L, arg, LUA_TTABLE);
	return NULL;
}

static int l_ping(lua_State *L)
{
	const char *ns, *dest, *src;
	struct ping_opts o;
	struct ping_run run;
	struct l_ping_ctx c;
	struct quiet_watch qw;
	double count, interval, timeout, deadline, ttl, size;
	int r;

	lua_settop(L, 3);
	ns = l_checkns(L, 1);
	dest = luaL_checkstring(L, 2);
	check_opts_table(L, 3);
	memset(&o, 0, sizeof o);
	memset(&run, 0, sizeof run);
	count = probe_optnum(L, 3, "count", 1);
	interval = probe_optnum(L, 3, "interval", 1.0);
	timeout = probe_optnum(L, 3, "timeout", 10.0);
	deadline = probe_optnum(L, 3, "deadline", 0);
	ttl = probe_optnum(L, 3, "ttl", 0);
	size = probe_optnum(L, 3, "size", 56);
	o.pattern = probe_optpattern(L, 3, &o.pattern_len);
	o.dev = l_optfield_str(L, 3, "dev", NULL);
	src = l_optfield_str(L, 3, "src", NULL);
	if (opt_quiet(L, 3, &qw)) {
		o.quiet = ping_quiet;
		o.quiet_arg = &qw;
		o.quiet_poll_ms = qw.settle_ms;
	}
	c.fn = 0;
	if (!lua_isnil(L, 3) && lua_getfield(L, 3, "on_event") != LUA_TNIL) {
		luaL_argexpected(L, lua_isfunction(L, -1), 3, "on_event to be a function");
		c.fn = lua_gettop(L);
	} else if (!lua_isnil(L, 3)) {
		lua_pop(L, 1);
	}

	if (count < 0 || count != floor(count) || count > 1e9)
		return l_fail(L, -EINVAL, "bad number of packets to transmit: %g (use a whole number, 0 for no limit)", count);
	if (!(interval >= 0.001))
		return l_fail(L, -EINVAL, "bad timing interval: %g (use at least 0.001 seconds)", interval);
	if (!(timeout > 0) || timeout > 2147483)
		return l_fail(L, -EINVAL, "bad linger time: %g (use a number of seconds above 0)", timeout);
	if (deadline < 0 || deadline > 2147483)
		return l_fail(L, -EINVAL, "bad wait time: %g (use a number of seconds, 0 for none)", deadline);
	if (ttl < 0 || ttl > 255 || ttl != floor(ttl))
		return l_fail(L, -EINVAL, "invalid argument: '%g': out of range: 1 <= value <= 255", ttl);
	if (size < 0 || size > 65507 || size != floor(size))
		return l_fail(L, -EINVAL, "invalid argument: '%g': out of range: 0 <= value <= 65507", size);
	if (o.dev && (o.dev[0] == '\0' || strlen(o.dev) >= 16))
		return l_fail(L, -EINVAL, "%s: not an interface name (1-15 bytes)", o.dev);
	if (!ns_exists(ns))
		return l_fail(L, -ENOENT, "%s: no such namespace", ns);
	o.count = (long)count;
	o.interval_ms = interval * 1e3;
	o.timeout_ms = timeout * 1e3;
	o.deadline_ms = deadline * 1e3;
	o.ttl = (int)ttl;
	o.size = (int)size;
	if ((r = probe_l_endpoints(L, ns, dest, src, &o.dst, &o.src, &o.have_src)) != 0)
		return r;
	if (o.dev && (r = probe_ifindex(ns, o.dev)) < 0)
		return l_fail(L, r, "SO_BINDTODEVICE %s: No such device", o.dev);

	lua_newtable(L);                         /* replies */
	c.replies = lua_gettop(L);
	lua_newtable(L);                         /* unreachable */
	c.unreach = lua_gettop(L);
	c.L = L;
	c.error_ref = LUA_NOREF;
	r = ping_do(ns, &o, &run, l_ping_event, &c);
	free(run.tx);
	free(run.state);
	if (c.error_ref != LUA_NOREF) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, c.error_ref);
		luaL_unref(L, LUA_REGISTRYINDEX, c.error_ref);
		return lua_error(L);
	}
	if (r == -EADDRNOTAVAIL)
		return l_fail(L, r, "bind: %s", strerror(-r));
	if (r == -ENODEV)
		return l_fail(L, r, "SO_BINDTODEVICE %s: No such device", o.dev);
	if (r < 0)
		return l_fail(L, r, "ping %s: %s", dest, strerror(-r));
	probe_keep_result(L);

	lua_newtable(L);
	l_setfield_str(L, "dest", inet_ntoa(o.dst));
	if (run.src.s_addr)
		l_setfield_str(L, "src", inet_ntoa(run.src));
	l_setfield_int(L, "size", o.size);
	l_setfield_int(L, "sent", run.sent);
	l_setfield_int(L, "received", run.received);
	l_setfield_int(L, "errors", run.errors);
	if (run.dups)
		l_setfield_int(L, "duplicates", run.dups);
	lua_pushnumber(L, run.sent ? (double)(run.sent - run.received) * 100.0 / (double)run.sent : 0);
	if (lua_tonumber(L, -1) == floor(lua_tonumber(L, -1)))
		lua_pushinteger(L, (lua_Integer)lua_tonumber(L, -1)), lua_remove(L, -2);
	lua_setfield(L, -2, "loss");
	lua_newtable(L);
	for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, c.replies); i++) {
		lua_rawgeti(L, c.replies, i);
		lua_getfield(L, -1, "time");
		lua_rawseti(L, -3, i);
		lua_pop(L, 1);
	}
	lua_setfield(L, -2, "rtts");
	if (run.received) {
		double avg = run.tsum / (double)run.received;
		double var = run.tsum2 / (double)run.received - avg * avg;
		lua_pushnumber(L, run.tmin), lua_setfield(L, -2, "rtt_min");
		lua_pushnumber(L, avg), lua_setfield(L, -2, "rtt_avg");
		lua_pushnumber(L, run.tmax), lua_setfield(L, -2, "rtt_max");
		lua_pushnumber(L, var > 0 ? sqrt(var) : 0), lua_setfield(L, -2, "rtt_mdev");
		l_setfield_int(L, "ttl", run.last_ttl);
	}
	lua_pushvalue(L, c.replies);
	lua_setfield(L, -2, "replies");
	lua_pushvalue(L, c.unreach);
	lua_setfield(L, -2, "unreachable");
	if (run.error[0]) {
		l_setfield_str(L, "error", run.error);
		l_setfield_int(L, "errno", run.error_errno);
	}
	if (run.interrupted)
		l_setfield_bool(L, "interrupted", 1);
	if (o.quiet) {
		/* quiet: true and the ms it took, or false and what was in flight */
		l_setfield_bool(L, "quiet", run.quiet);
		if (run.quiet) {
			lua_pushnumber(L, run.quiet_ms);
			lua_setfield(L, -2, "quiet_ms");
		} else if (qw.why[0]) {
			l_setfield_str(L, "quiet_why", qw.why);
		}
	}
	l_setfield_int(L, "time", (lua_Integer)(run.elapsed + 0.5));
	return 1;
}

const luaL_Reg l_ping_funcs[] = {
	{"ping", l_ping},
	{NULL, NULL}
};
