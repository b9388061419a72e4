/*
 * l_ping6.c -- the Lua binding of ping6.c, moved out of it (issue #19): the
 * arguments checked, the results as Lua values, the error texts; ping6.c
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
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/ip6.h>
#include <linux/errqueue.h>
#include <sys/random.h>
#include <sys/socket.h>
#include "luax.h"
#include "probe_util.h"
#include "ping6.h"

/* ---- Lua binding ---------------------------------------------------------- */

/* TEXT ("2001:db8::1", "fe80::1%veth0") into SA; the zone is looked up in NS.
 * 0, -EINVAL (not an IPv6 address) or -ENODEV (no such zone). */
static int parse6(const char *ns, const char *text, struct sockaddr_in6 *sa)
{
	char buf[INET6_ADDRSTRLEN + IF_NAMESIZE + 1], *pct;
	memset(sa, 0, sizeof *sa);
	sa->sin6_family = AF_INET6;
	if (strlen(text) >= sizeof buf)
		return -EINVAL;
	strcpy(buf, text);
	if ((pct = strchr(buf, '%')))
		*pct++ = '\0';
	if (inet_pton(AF_INET6, buf, &sa->sin6_addr) != 1)
		return -EINVAL;
	if (pct) {
		int idx;
		if (!*pct)
			return -EINVAL;
		if (strspn(pct, "0123456789") == strlen(pct))
			idx = atoi(pct);
		else if (!ns || (idx = probe_ifindex(ns, pct)) < 0)
			return -ENODEV;
		sa->sin6_scope_id = (uint32_t)idx;
	}
	return 0;
}

struct l_ping6_ctx {
	lua_State *L;
	int fn, replies, unreach, error_ref;
	char src[sizeof ((struct ping6_event *)0)->from];
};

static void push_event(lua_State *L, const void *arg)
{
	const struct ping6_event *ev = arg;
	lua_newtable(L);
	l_setfield_str(L, "type", ev->type);
	l_setfield_int(L, "seq", ev->seq);
	if (!strcmp(ev->type, "reply")) {
		l_setfield_int(L, "ttl", ev->hops);
		lua_pushnumber(L, ev->time);
		lua_setfield(L, -2, "time");
		l_setfield_int(L, "bytes", ev->bytes);
		if (ev->dup)
			l_setfield_bool(L, "dup", 1);
	}
	if (!strcmp(ev->type, "start"))
		l_setfield_str(L, "src", ev->from);
	else if (ev->from[0])
		l_setfield_str(L, "from", ev->from);
	if (ev->text[0])
		l_setfield_str(L, "text", ev->text);
}

static int l_ping6_event(const struct ping6_event *ev, void *arg)
{
	struct l_ping6_ctx *c = arg;
	lua_State *L = c->L;
	int list = !strcmp(ev->type, "reply") && !ev->dup ? c->replies :
		   !strcmp(ev->type, "unreachable") ? c->unreach : 0;
	if (!strcmp(ev->type, "start"))
		snprintf(c->src, sizeof c->src, "%s", ev->from);
	return probe_l_event(L, push_event, ev, list, c->fn, &c->error_ref);
}

static void push_result(lua_State *L, const struct ping6_opts *o, const struct ping6_run *run,
			const struct l_ping6_ctx *c)
{
	char dst[sizeof ((struct ping6_event *)0)->from];
	ping6_addr_text(o->ns, &o->dst.sin6_addr, o->dst.sin6_scope_id, dst, sizeof dst);
	lua_newtable(L);
	l_setfield_str(L, "family", "inet6");
	l_setfield_str(L, "dest", dst);
	if (run->have_src)
		l_setfield_str(L, "src", c->src);
	l_setfield_int(L, "size", o->p.size);
	/* iputils: duplicates count in the rtt statistics, not in received */
	struct ping_tally t = { run->sent, run->received, run->errors, run->dups, run->received + run->dups,
		run->tmin, run->tmax, run->tsum, run->tsum2, run->elapsed, run->last_hops, run->interrupted, run->error_errno, run->error };
	probe_push_ping_tally(L, &t, c->replies, c->unreach);
}

static int l_ping6(lua_State *L)
{
	const char *dest, *src;
	struct ping6_opts o;
	struct ping6_run run;
	struct l_ping6_ctx c;
	struct ping_args a;
	int r;

	lua_settop(L, 3);
	memset(&o, 0, sizeof o);
	memset(&run, 0, sizeof run);
	memset(&c, 0, sizeof c);
	o.ns = l_checkns(L, 1);
	dest = luaL_checkstring(L, 2);
	if ((r = probe_l_ping_args(L, 3, "ping6", 65527, &a)))
		return r;
	c.fn = a.fn;
	o.p = a.p;
	src = a.src;
	if (!ns_exists(o.ns))
		return l_fail(L, -ENOENT, "%s: no such namespace", o.ns);
	r = parse6(o.ns, dest, &o.dst);
	if (r == -ENODEV)
		return l_fail(L, r, "%s: no such interface for the zone after %% ('ip link' lists them)", dest);
	if (r < 0)
		return l_fail(L, r, "%s: not an IPv6 address (write it like 2001:db8::1 or fe80::1%%eth0)", dest);
	if (src) {
		if ((r = parse6(o.ns, src, &o.src)) == -ENODEV)
			return l_fail(L, r, "%s: no such interface for the zone after %% ('ip link' lists them)", src);
		if (r < 0)
			return l_fail(L, r, "%s: not an IPv6 source address (write it like 2001:db8::1)", src);
		o.have_src = 1;
	}
	if (o.p.dev) {
		if ((r = probe_ifindex(o.ns, o.p.dev)) < 0)
			return l_fail(L, r, "SO_BINDTODEVICE %s: No such device", o.p.dev);
		if (!o.dst.sin6_scope_id && ping6_needs_zone(&o.dst.sin6_addr))
			o.dst.sin6_scope_id = (uint32_t)r;
		if (o.have_src && !o.src.sin6_scope_id && ping6_needs_zone(&o.src.sin6_addr))
			o.src.sin6_scope_id = (uint32_t)r;
	}

	lua_newtable(L);
	c.replies = lua_gettop(L);
	lua_newtable(L);
	c.unreach = lua_gettop(L);
	c.L = L;
	c.error_ref = LUA_NOREF;
	run.tx = calloc(SEQ_SLOTS, sizeof *run.tx);
	run.state = calloc(SEQ_SLOTS, 1);
	r = run.tx && run.state ? ping6_do(&o, &run, l_ping6_event, &c) : -ENOMEM;
	free(run.tx);
	free(run.state);
	if ((r = probe_l_ping_done(L, r, c.error_ref, "bind icmp socket", o.p.dev, dest)))
		return r;
	if (run.have_src && !c.src[0])
		ping6_addr_text(o.ns, &run.src.sin6_addr, 0, c.src, sizeof c.src);
	push_result(L, &o, &run, &c);
	return 1;
}

/* net.inet6_canon(text): the address as inet_ntop writes it, the zone kept as
 * written ("2001:DB8:0::1%v1" -> "2001:db8::1%v1"); nil if not IPv6. */
static int l_inet6_canon(lua_State *L)
{
	const char *text = luaL_checkstring(L, 1), *pct = strchr(text, '%');
	struct sockaddr_in6 sa;
	char buf[INET6_ADDRSTRLEN];
	if (parse6(NULL, text, &sa) == -EINVAL) {
		lua_pushnil(L);
		return 1;
	}
	inet_ntop(AF_INET6, &sa.sin6_addr, buf, sizeof buf);
	lua_pushstring(L, buf);
	if (pct) {
		lua_pushstring(L, pct);
		lua_concat(L, 2);
	}
	return 1;
}

const luaL_Reg l_ping6_funcs[] = {
	{"ping6", l_ping6},
	{"inet6_canon", l_inet6_canon},
	{NULL, NULL}
};
