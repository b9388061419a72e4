/*
 * l_trace.c -- the Lua binding of trace.c, moved out of it (issue #19): the
 * arguments checked, the results as Lua values, the error texts; trace.c
 * keeps the mechanism and needs no Lua.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/errqueue.h>
#include <linux/icmp.h>
#include <netdb.h>
#include <sys/socket.h>
#include "luax.h"
#include "probe_util.h"
#include "trace.h"

/* ---- Lua binding ---------------------------------------------------------- */

static void push_hop(lua_State *L, int ttl, const struct trace_probe *pr, int n)
{
	lua_newtable(L);
	l_setfield_int(L, "ttl", ttl);
	lua_newtable(L);
	for (int i = 0; i < n; i++) {
		if (!pr[i].answered) {
			lua_pushboolean(L, 0);
		} else {
			lua_newtable(L);
			l_setfield_str(L, "from", inet_ntoa(pr[i].from));
			lua_pushnumber(L, pr[i].rtt < 0 ? 0 : pr[i].rtt);
			lua_setfield(L, -2, "rtt");
			if (pr[i].flag[0])
				l_setfield_str(L, "flag", pr[i].flag);
		}
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "probes");
}

static int l_traceroute(lua_State *L)
{
	const char *ns, *dest, *src;
	struct trace_opts o;
	double first, max_hops, queries, wait, port, size, retries;
	int r, fn = 0, hops, ttl, port_next, reached = 0, stop = 0, interrupted = 0, prev_answered = 1;
	struct in_addr srcaddr = {0};

	lua_settop(L, 3);
	ns = l_checkns(L, 1);
	dest = luaL_checkstring(L, 2);
	if (!lua_isnil(L, 3))
		luaL_checktype(L, 3, LUA_TTABLE);
	memset(&o, 0, sizeof o);
	first = probe_optnum(L, 3, "first_hop", 1);
	max_hops = probe_optnum(L, 3, "max_hops", 30);
	queries = probe_optnum(L, 3, "queries", 3);
	wait = probe_optnum(L, 3, "wait", 1.0);
	port = probe_optnum(L, 3, "port", 33434);
	size = probe_optnum(L, 3, "size", 60);
	retries = probe_optnum(L, 3, "retries", 2);
	o.dev = l_optfield_str(L, 3, "dev", NULL);
	src = l_optfield_str(L, 3, "src", NULL);
	if (!lua_isnil(L, 3) && lua_getfield(L, 3, "on_hop") != LUA_TNIL) {
		luaL_argexpected(L, lua_isfunction(L, -1), 3, "on_hop to be a function");
		fn = lua_gettop(L);
	} else if (!lua_isnil(L, 3)) {
		lua_pop(L, 1);
	}
	if (!(max_hops >= 1 && max_hops <= 255))
		return l_fail(L, -EINVAL, "max hops cannot be more than 255 (got %g)", max_hops);
	if (!(first >= 1 && first <= max_hops))
		return l_fail(L, -EINVAL, "first hop out of range: %g (use 1 to max_hops)", first);
	if (!(queries >= 1 && queries <= TRACE_MAX_QUERIES))
		return l_fail(L, -EINVAL, "no more than %d probes per hop (got %g)", TRACE_MAX_QUERIES, queries);
	if (!(wait > 0 && wait <= 60))
		return l_fail(L, -EINVAL, "bad wait time: %g (use 0 < wait <= 60 seconds)", wait);
	if (!(port >= 1 && port <= 65535))
		return l_fail(L, -EINVAL, "bad port: %g (use 1-65535)", port);
	if (!(size >= 28 && size <= 65000))
		return l_fail(L, -EINVAL, "bad packet length: %g (use 28-65000 bytes)", size);
	if (!(retries >= 0 && retries <= 10))
		return l_fail(L, -EINVAL, "bad retries: %g (use 0-10)", retries);
	if (!ns_exists(ns))
		return l_fail(L, -ENOENT, "%s: no such namespace", ns);
	o.first = (int)first;
	o.max_hops = (int)max_hops;
	o.queries = (int)queries;
	o.wait_ms = wait * 1e3;
	o.port = (int)port;
	o.size = (int)size - 28;       /* total IP length, like traceroute's packetlen */
	o.retries = (int)retries;
	if ((r = probe_l_endpoints(L, ns, dest, src, &o.dst, &o.src, &o.have_src)) != 0)
		return r;
	if (o.dev && (r = probe_ifindex(ns, o.dev)) < 0)
		return l_fail(L, r, "setsockopt SO_BINDTODEVICE: No such device");

	/* the route check traceroute does: one connect() before any probe */
	probe_begin();
	r = trace_probe_sock(ns, &o, 64, o.port);
	if (r == -EADDRNOTAVAIL)
		return l_fail(L, r, "bind: %s", strerror(-r));
	if (r < 0)
		return l_fail(L, r, "connect: %s", strerror(-r));
	{
		struct sockaddr_in sa;
		socklen_t sl = sizeof sa;
		if (getsockname(r, (struct sockaddr *)&sa, &sl) == 0)
			srcaddr = sa.sin_addr;
		close(r);
	}

	lua_newtable(L);                         /* result */
	l_setfield_str(L, "dest", inet_ntoa(o.dst));
	if (srcaddr.s_addr)
		l_setfield_str(L, "src", inet_ntoa(srcaddr));
	l_setfield_int(L, "max_hops", o.max_hops);
	l_setfield_int(L, "size", (lua_Integer)size);
	lua_newtable(L);                         /* hops */
	hops = lua_gettop(L);
	port_next = o.port;
	for (ttl = o.first; ttl <= o.max_hops && !stop; ttl++) {
		struct trace_probe pr[TRACE_MAX_QUERIES];
		int answered = 0, final = 0, q, tries;
		double last = probe_now_ms() - 1000;
		for (q = 0; q < o.queries && !stop; q++) {
			r = trace_one_probe(ns, &o, ttl, port_next++, &pr[q]);
			if (pr[q].answered)
				last = probe_now_ms();
			if (r == -EINTR) {
				interrupted = stop = 1;
				break;
			}
			if (r < 0) {
				lua_settop(L, 0);
				return l_fail(L, r, "send: %s", strerror(-r));
			}
			answered += pr[q].answered;
			final |= pr[q].final;
		}
		/* a hop silent right after one that answered may be a router whose
		 * limiter is dry (the same router answers for several hops of ours
		 * and for other traceroutes): one more probe once it has refilled */
		if (!answered && q > 0 && prev_answered && !stop) {
			last = probe_now_ms() - o.wait_ms;
			r = trace_paced_probe(ns, &o, ttl, port_next++, &pr[0], &last);
			if (r == -EINTR)
				interrupted = stop = 1;
			answered += pr[0].answered;
			final |= pr[0].final;
		}
		/* silence at a hop that did answer is the rate limiter (a token per
		 * net.ipv4.icmp_ratelimit ms, 1000 by default): wait until it has
		 * refilled, then ask again */
		for (tries = 0; tries < o.retries && answered < q && answered && !stop; tries++) {
			for (int i = 0; i < q; i++) {
				if (pr[i].answered)
					continue;
				r = trace_paced_probe(ns, &o, ttl, port_next++, &pr[i], &last);
				if (r == -EINTR) {
					interrupted = stop = 1;
					break;
				}
				answered += pr[i].answered;
				final |= pr[i].final;
			}
		}
		if (q == 0)
			break;
		prev_answered = answered > 0;
		push_hop(L, ttl, pr, q);
		for (int i = 0; i < q; i++)
			if (pr[i].answered && pr[i].from.s_addr == o.dst.s_addr && !pr[i].flag[0])
				reached = 1;
		if (fn) {
			lua_pushvalue(L, fn);
			lua_pushvalue(L, -2);
			if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
				if (!nl_interrupted)
					return lua_error(L);
				interrupted = stop = 1;
			} else if (lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1)) {
				stop = 1;
			}
			lua_pop(L, 1);
		}
		lua_rawseti(L, hops, (lua_Integer)lua_rawlen(L, hops) + 1);
		if (final)
			break;
	}
	lua_setfield(L, -2, "hops");
	l_setfield_bool(L, "reached", reached);
	if (interrupted || nl_interrupted)
		l_setfield_bool(L, "interrupted", 1);
	probe_keep_result(L);
	return 1;
}

const luaL_Reg l_trace_funcs[] = {
	{"traceroute", l_traceroute},
	{NULL, NULL}
};
