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
#include "luax.h"
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

static void push_event(lua_State *L, const void *arg)
{
	const struct ping_event *ev = arg;
	lua_newtable(L);
	l_setfield_str(L, "type", ev->type);
	l_setfield_int(L, "seq", ev->seq);
	if (!strcmp(ev->type, "reply")) {
		l_setfield_int(L, "ttl", ev->ttl);
		lua_pushnumber(L, ev->time);
		lua_setfield(L, -2, "time");
		l_setfield_int(L, "bytes", ev->bytes);
		if (ev->dup)
			l_setfield_bool(L, "dup", 1);
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
	int list = !strcmp(ev->type, "reply") && !ev->dup ? c->replies : !strcmp(ev->type, "unreachable") ? c->unreach : 0;
	return probe_l_event(L, push_event, ev, list, c->fn, &c->error_ref);
}

/* The ping's quiet hook: the watch of quiet.c on the monotonic clock */
struct ping_watch { struct quiet_watch w, fresh; };
static int ping_quiet(void *arg)
{
	return quiet_watch_step(&((struct ping_watch *)arg)->w, probe_now_ms());
}

/* after an echo: the looks start again, as from the binding's quiet_l_opt */
static void ping_quiet_restart(void *arg)
{
	struct ping_watch *pw = arg;
	pw->w = pw->fresh;
}

static int l_ping(lua_State *L)
{
	const char *ns, *dest, *src;
	struct ping_opts o;
	struct ping_run run;
	struct l_ping_ctx c;
	struct ping_args a;
	struct ping_watch qw;
	int r;

	lua_settop(L, 3);
	ns = l_checkns(L, 1);
	dest = luaL_checkstring(L, 2);
	memset(&o, 0, sizeof o);
	memset(&run, 0, sizeof run);
	if ((r = probe_l_ping_args(L, 3, "ping", 65507, &a)))
		return r;
	c.fn = a.fn;
	o.p = a.p;
	src = a.src;
	if (quiet_l_opt(L, 3, &qw.w)) {
		qw.fresh = qw.w;
		o.quiet = ping_quiet;
		o.quiet_restart = ping_quiet_restart;
		o.quiet_arg = &qw;
		o.quiet_poll_ms = qw.w.settle_ms;
	}
	/* opts.eager: the next echo once the last is answered (netlearn check);
	 * opts.eager_silence: or once the lab proves it unanswered (ping.h);
	 * opts.negative: the caller proves "no reply" (what its waits count as) */
	o.eager = l_optfield_bool(L, 3, "eager", 0);
	o.eager_silence = l_optfield_bool(L, 3, "eager_silence", 0);
	o.negative = l_optfield_bool(L, 3, "negative", 0);
	if (!ns_exists(ns))
		return l_fail(L, -ENOENT, "%s: no such namespace", ns);
	if ((r = probe_l_endpoints(L, ns, dest, src, &o.dst, &o.src, &o.have_src)) != 0)
		return r;
	if (o.p.dev && (r = probe_ifindex(ns, o.p.dev)) < 0)
		return l_fail(L, r, "SO_BINDTODEVICE %s: No such device", o.p.dev);

	lua_newtable(L);                         /* replies */
	c.replies = lua_gettop(L);
	lua_newtable(L);                         /* unreachable */
	c.unreach = lua_gettop(L);
	c.L = L;
	c.error_ref = LUA_NOREF;
	r = ping_do(ns, &o, &run, l_ping_event, &c);
	free(run.tx);
	free(run.state);
	if ((r = probe_l_ping_done(L, r, c.error_ref, "bind", o.p.dev, dest)))
		return r;

	lua_newtable(L);
	l_setfield_str(L, "dest", inet_ntoa(o.dst));
	if (run.src.s_addr)
		l_setfield_str(L, "src", inet_ntoa(run.src));
	l_setfield_int(L, "size", o.p.size);
	{
		struct ping_tally t = { run.sent, run.received, run.errors, run.dups, run.received + run.dups,
			run.tmin, run.tmax, run.tsum, run.tsum2, run.elapsed, run.last_ttl, run.interrupted, run.error_errno, run.error };
		probe_push_ping_tally(L, &t, c.replies, c.unreach);
	}
	if (o.quiet) {
		/* quiet: true and the ms it took, or false and what was in flight */
		l_setfield_bool(L, "quiet", run.quiet);
		if (run.quiet) {
			lua_pushnumber(L, run.quiet_ms);
			lua_setfield(L, -2, "quiet_ms");
		} else if (qw.w.why[0]) {
			l_setfield_str(L, "quiet_why", qw.w.why);
		}
	}
	return 1;
}

const luaL_Reg l_ping_funcs[] = {
	{"ping", l_ping},
	{NULL, NULL}
};
