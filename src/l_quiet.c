/*
 * l_quiet.c -- the Lua binding of quiet.c: net.lab_quiet_facts() (where a
 * packet of the lab could wait unseen, and one look at its queues) and
 * net.lab_quiet_wait(opts) (wait until the lab is proved quiet). Policy is
 * lua/netlearn/quiet.lua's.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include "labchange.h"
#include "luax.h"
#include "probe_util.h"
#include "quiet.h"
#include "tunnel.h"

void quiet_pumps_read(struct quiet_pumps *p)
{
	p->n = tunnel_pumps(p->pid, p->ifindex, p->ns, QUIET_PUMPS_MAX);
}

/* The watch's options in the table at index T (net.lab_quiet_wait's own, or
 * a probe's opts.quiet; errors name argument ARG): settle, settle_max,
 * stable, incomplete_ok, workers (true: every work queue worker; "unbound":
 * those of the unbound pools only). With TIMEOUT, its timeout and since (when
 * the packets it waits for began, net.monotonic() seconds) too; a probe began
 * now. */
static void watch_opts(lua_State *L, int t, int arg, struct quiet_watch *w, double *timeout)
{
	double since = timeout ? probe_optnum(L, t, "since", 0) * 1e3 : probe_now_ms();
	double settle = probe_optnum(L, t, "settle", 0.002);
	double settle_max = probe_optnum(L, t, "settle_max", 0.05);
	lua_Integer stable = (lua_Integer)probe_optnum(L, t, "stable", 2);
	int incomplete_ok = l_optfield_bool(L, t, "incomplete_ok", 0) > 0;
	int workers, unbound = 0;
	if (lua_getfield(L, t, "workers") == LUA_TSTRING) {
		unbound = !strcmp(lua_tostring(L, -1), "unbound");
		luaL_argcheck(L, unbound, arg, "workers: true, or \"unbound\"");
		workers = 1;
	} else {
		workers = lua_toboolean(L, -1);
	}
	lua_pop(L, 1);
	if (timeout)
		*timeout = probe_optnum(L, t, "timeout", 0.5);
	luaL_argcheck(L, settle > 0 && settle <= 1 && settle_max <= 1 && stable >= 1 && stable <= 100 &&
		      (!timeout || (*timeout >= 0 && *timeout <= 60)), arg,
		      timeout ? "settle and settle_max in (0, 1] s, stable 1-100, timeout 0-60 s" :
		      "quiet: settle and settle_max in (0, 1] s, stable 1-100");
	luaL_argcheck(L, since >= 0 && since <= probe_now_ms(), arg, "since: a net.monotonic() time, not later than now");
	quiet_watch_init(w, settle * 1e3, (int)stable, incomplete_ok);
	w->workers = workers;
	w->workers_unbound = unbound;
	w->since_ms = since;
	quiet_pumps_read(&w->pumps);
	quiet_watch_backoff(w, settle_max * 1e3);
}

/* opts.quiet = {settle = s, settle_max = s, stable = n, incomplete_ok = bool,
 * workers = bool or "unbound"} of a probe (net.ping, net.http_get): stop waiting for an
 * answer once the lab is proved quiet (lua/netlearn/quiet.lua decides when) */
int quiet_l_opt(lua_State *L, int t, struct quiet_watch *w)
{
	if (lua_isnil(L, t) || lua_getfield(L, t, "quiet") == LUA_TNIL) {
		if (!lua_isnil(L, t))
			lua_pop(L, 1);
		return 0;
	}
	luaL_argexpected(L, lua_istable(L, -1), t, "quiet to be a table");
	watch_opts(L, lua_gettop(L), t, w, NULL);
	lua_pop(L, 1);
	return 1;
}

/* net.lab_changes() -> how many changes netlearn made to the lab so far, how
 * many programs it started in the background still run (labchange.h): what
 * the lab is made of can differ only when the first moved or the second is
 * not 0 (quiet.plan keeps its facts meanwhile) */
static int l_lab_changes(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)lab_change_count());
	lua_pushinteger(L, lab_change_programs_running());
	return 2;
}

/* net.lab_quiet_facts([{tcp = true, listen = true}]) -> table, or nil, message, errno */
static int l_lab_quiet_facts(lua_State *L)
{
	struct quiet_sample s;
	struct quiet_facts f;
	struct quiet_watch w;
	int r;
	if (!lua_isnoneornil(L, 1))
		luaL_checktype(L, 1, LUA_TTABLE);
	memset(&f, 0, sizeof f);
	f.want_tcp = lua_istable(L, 1) && l_optfield_bool(L, 1, "tcp", 0) > 0;
	f.want_listen = lua_istable(L, 1) && l_optfield_bool(L, 1, "listen", 0) > 0;
	quiet_watch_init(&w, 2, 2, 0);
	quiet_pumps_read(&w.pumps);
	r = quiet_sample(&s, &f, &w);
	if (r < 0)
		return l_fail(L, r, "lab_quiet_facts: %s", strerror(-r));
	lua_newtable(L);
	l_setfield_int(L, "links", f.links);
	l_setfield_int(L, "macvlan", f.macvlan);
	l_setfield_int(L, "ipvlan", f.ipvlan);
	l_setfield_int(L, "workers", f.workers);
	l_setfield_int(L, "workers_idle", f.workers_idle);
	l_setfield_int(L, "gro_cells", f.gro_cells);
	l_setfield_int(L, "user_hop", f.user_hop);
	l_setfield_int(L, "pumped", f.pumped);
	l_setfield_int(L, "veth_napi", f.veth_napi);
	l_setfield_int(L, "stp", f.stp);
	l_setfield_int(L, "delay_qdisc", f.delay_qdisc);
	l_setfield_int(L, "proxy_arp", f.proxy_arp);
	l_setfield_int(L, "rt_kernel", f.rt_kernel);
	l_setfield_int(L, "kernel_major", f.kernel_major);
	l_setfield_int(L, "kernel_minor", f.kernel_minor);
	if (f.want_tcp)
		l_setfield_int(L, "tcp_open", f.tcp_open);
	if (f.want_listen)
		l_setfield_int(L, "listen_drops", (lua_Integer)f.listen_drops);
	if (f.first[0]) {
		l_setfield_str(L, "first", f.first);
		l_setfield_str(L, "first_ns", f.first_ns);
		l_setfield_str(L, "first_fact", f.first_fact);
	}
	l_setfield_int(L, "packets", (lua_Integer)s.packets);
	l_setfield_int(L, "softnet_backlog", s.softnet_backlog);
	l_setfield_int(L, "qdisc_qlen", s.qdisc_qlen);
	l_setfield_int(L, "incomplete", s.incomplete);
	l_setfield_int(L, "incomplete_before", s.incomplete_before);
	l_setfield_int(L, "cpus_missed", s.cpus_missed);
	return 1;
}

/* net.lab_quiet_wait{settle = s, settle_max = s, stable = n, incomplete_ok = bool,
 * workers = bool or "unbound", since = s, timeout = s}
 * -> true, ms | false, why, ms (not proved within timeout, or cannot tell) */
static int l_lab_quiet_wait(lua_State *L)
{
	struct quiet_watch w;
	double timeout, t0, now;
	int r;
	luaL_checktype(L, 1, LUA_TTABLE);
	watch_opts(L, 1, 1, &w, &timeout);
	t0 = probe_now_ms();
	for (;;) {
		now = probe_now_ms();
		r = quiet_watch_step(&w, now);
		if (r > 0) {
			lua_pushboolean(L, 1);
			lua_pushnumber(L, probe_now_ms() - t0);
			return 2;
		}
		if (r < 0 || now - t0 >= timeout * 1e3) {
			double left = timeout * 1e3 - (probe_now_ms() - t0);
			/* cannot tell: the caller asked for TIMEOUT, so wait it out */
			if (r < 0 && left > 0 && probe_wait_as(PROBE_STAT_FIXED, -1, 0, left) == -EINTR)
				return l_fail(L, -EINTR, "lab_quiet_wait: interrupted");
			lua_pushboolean(L, 0);
			lua_pushstring(L, w.why[0] ? w.why : "the lab was not quiet in time");
			lua_pushnumber(L, probe_now_ms() - t0);
			return 3;
		}
		if (probe_wait_as(PROBE_STAT_QUIET, -1, 0, w.interval_ms) == -EINTR)
			return l_fail(L, -EINTR, "lab_quiet_wait: interrupted");
	}
}

const luaL_Reg l_quiet_funcs[] = {
	{"lab_changes", l_lab_changes},
	{"lab_quiet_facts", l_lab_quiet_facts},
	{"lab_quiet_wait", l_lab_quiet_wait},
	{NULL, NULL}
};
