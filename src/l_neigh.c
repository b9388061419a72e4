/*
 * l_neigh.c -- the Lua binding of neigh.c, moved out of it (issue #19): the
 * results as Lua values and the words for what the kernel answers; neigh.c
 * keeps the mechanism and needs no Lua. What the learner may give, and its
 * words, is netlearn.neighspec's (Lua, in front of these bindings): here only
 * the guards the request needs, with one plain error (l_fail_field).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>
#include <linux/neighbour.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/addr.h>
#include <netlink/route/neighbour.h>
#include "luax.h"
#include "route.h"
#include "neigh.h"

/* ---- Lua bindings ------------------------------------------------------------- */

static const struct { int bit; const char *name; } states[] = {
	{NUD_INCOMPLETE, "INCOMPLETE"}, {NUD_REACHABLE, "REACHABLE"}, {NUD_STALE, "STALE"},
	{NUD_DELAY, "DELAY"}, {NUD_PROBE, "PROBE"}, {NUD_FAILED, "FAILED"},
	{NUD_NOARP, "NOARP"}, {NUD_PERMANENT, "PERMANENT"},
};

static const char *state_name(int state)
{
	size_t i;
	for (i = 0; i < sizeof states / sizeof states[0]; i++)
		if (state & states[i].bit)
			return states[i].name;
	return "NONE";
}

struct push_ctx {
	lua_State *L;
	struct rt_names *names;
	int family;
};

static int push_neigh(const struct neigh_info *ni, void *arg)
{
	struct push_ctx *c = arg;
	lua_State *L = c->L;
	int n = 0;
	size_t i;

	if (!neigh_shown(ni) || (c->family && ni->family != c->family))
		return 0;
	lua_newtable(L);
	l_setfield_str(L, "dst", ni->dst);
	l_setfield_str(L, "dev", rt_names_get(c->names, ni->ifindex));
	l_setfield_int(L, "ifindex", ni->ifindex);
	l_setfield_str(L, "family", ni->family == AF_INET ? "inet" : "inet6");
	if (ni->has_lladdr)
		l_setfield_str(L, "lladdr", ni->lladdr);
	l_setfield_str(L, "state", state_name(ni->state));
	lua_newtable(L);                    /* every state bit, like ip -j's array */
	for (i = 0; i < sizeof states / sizeof states[0]; i++)
		if (ni->state & states[i].bit) {
			lua_pushstring(L, states[i].name);
			lua_rawseti(L, -2, ++n);
		}
	lua_setfield(L, -2, "states");
	l_setfield_bool(L, "router", (ni->flags & NTF_ROUTER) != 0);
	if (ni->flags & NTF_PROXY)
		l_setfield_bool(L, "proxy", 1);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static const char *opt_dev(lua_State *L, int t, const char *what, const char *const fields[], int *ret)
{
	const char *dev;
	*ret = 0;
	if (!lua_isnoneornil(L, t))
		luaL_checktype(L, t, LUA_TTABLE);
	if ((*ret = l_check_fields(L, t, what, fields)))
		return NULL;
	dev = l_optfield_str(L, t, "dev", NULL);
	return dev;
}

static int l_neigh_list(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	static const char *const fields[] = { "dev", "family", NULL };
	struct push_ctx c = { L, NULL, 0 };
	struct nl_sock *sk;
	const char *dev, *fam;
	int r, err = 0, ifindex = 0;

	dev = opt_dev(L, 2, "neigh list", fields, &r);
	if (r)
		return r;
	fam = l_optfield_str(L, 2, "family", "all");
	if (!strcmp(fam, "inet"))
		c.family = AF_INET;
	else if (!strcmp(fam, "inet6"))
		c.family = AF_INET6;
	else if (strcmp(fam, "all"))
		return l_fail_field(L, dev, "neigh_list", "family");
	sk = nl_route_sock(ns, &err);
	if (!sk)
		return l_fail(L, err, "%s: %s", ns, err == -ENOENT ? "no such namespace" : strerror(-err));
	if (dev && (ifindex = rt_dev_index(sk, dev)) < 0)
		return l_fail(L, ifindex, "neigh list: Cannot find device \"%s\"", dev);
	c.names = rt_names_load(sk, &err);
	if (!c.names)
		return l_fail(L, err, "neigh list: cannot read the devices: %s", strerror(-err));
	lua_newtable(L);
	r = neigh_walk(sk, ifindex, push_neigh, &c);
	rt_names_free(c.names);
	if (r < 0)
		return l_fail(L, r, "neigh list: %s", strerror(-r));
	return 1;
}

static int l_neigh_flush(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	static const char *const fields[] = { "dev", "family", NULL };
	const char *dev, *fam;
	int r, family = AF_UNSPEC;

	dev = opt_dev(L, 2, "neigh flush", fields, &r);
	if (r)
		return r;
	fam = l_optfield_str(L, 2, "family", "all");
	if (!strcmp(fam, "inet"))
		family = AF_INET;
	else if (!strcmp(fam, "inet6"))
		family = AF_INET6;
	else if (strcmp(fam, "all"))
		return l_fail_field(L, dev, "neigh_flush", "family");
	if (dev && (!dev[0] || strlen(dev) >= IFNAMSIZ))
		return l_fail_field(L, dev, "neigh_flush", "dev");
	r = neigh_flush(ns, dev, family);
	if (r == -ENOENT && !ns_exists(ns))
		return l_fail(L, r, "%s: no such namespace", ns);
	if (r == -ENODEV)
		return l_fail(L, r, "neigh flush: Cannot find device \"%s\"", dev ? dev : "?");
	if (r < 0)
		return l_fail(L, r, "neigh flush: %s", strerror(-r));
	lua_pushinteger(L, r);
	return 1;
}

/* ---- the bridge forwarding database (PF_BRIDGE neighbours) ------------------ */

/* One fdb entry, raw: the kernel's ndm_state and ndm_flags bits, the master
 * (NDA_MASTER), VLAN and how long ago it was last updated (NDA_CACHEINFO, in
 * hundredths of a second); `bridge fdb` and `brctl showmacs` word them in Lua. */
static int push_fdb(struct nlmsghdr *h, void *arg)
{
	lua_State *L = arg;
	struct ndmsg *ndm = nlmsg_data(h);
	struct nlattr *tb[NDA_MAX + 1];
	char mac[64];
	size_t off = 0;
	int i;

	if (h->nlmsg_type != RTM_NEWNEIGH || nlmsg_parse(h, sizeof *ndm, tb, NDA_MAX, NULL) < 0)
		return 0;
	if (ndm->ndm_family != AF_BRIDGE || !tb[NDA_LLADDR])
		return 0;
	mac[0] = '\0';
	for (i = 0; i < nla_len(tb[NDA_LLADDR]) && off + 4 < sizeof mac; i++)
		off += (size_t)snprintf(mac + off, sizeof mac - off, i ? ":%02x" : "%02x",
					((const unsigned char *)nla_data(tb[NDA_LLADDR]))[i]);
	lua_createtable(L, 0, 8);
	l_setfield_str(L, "mac", mac);
	l_setfield_int(L, "ifindex", ndm->ndm_ifindex);
	l_setfield_int(L, "state", ndm->ndm_state);
	l_setfield_int(L, "flags", ndm->ndm_flags);
	if (tb[NDA_MASTER])
		l_setfield_int(L, "master_index", nla_get_u32(tb[NDA_MASTER]));
	if (tb[NDA_VLAN])
		l_setfield_int(L, "vlan", nla_get_u16(tb[NDA_VLAN]));
	if (tb[NDA_CACHEINFO] && nla_len(tb[NDA_CACHEINFO]) >= (int)sizeof(struct nda_cacheinfo)) {
		const struct nda_cacheinfo *ci = nla_data(tb[NDA_CACHEINFO]);
		l_setfield_int(L, "updated", ci->ndm_updated);
		l_setfield_int(L, "used", ci->ndm_used);
	}
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

/* net.fdb_list(ns) -> { {mac=, ifindex=, state=, flags=, master_index=, vlan=,
 * updated=, used=}, ... } in the kernel's dump order (every device's own
 * entries, "self", and the bridges' learned and local ones, "master") */
static int l_fdb_list(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	struct nl_sock *sk;
	struct ndmsg ndm;
	int r, err = 0;

	sk = nl_route_sock(ns, &err);
	if (!sk)
		return l_fail(L, err, "%s: %s", ns, err == -ENOENT ? "no such namespace" : strerror(-err));
	memset(&ndm, 0, sizeof ndm);
	ndm.ndm_family = AF_BRIDGE;
	lua_newtable(L);
	r = rt_dump(sk, RTM_GETNEIGH, &ndm, sizeof ndm, push_fdb, L);
	if (r < 0)
		return l_fail(L, r, "fdb list: %s", strerror(-r));
	return 1;
}

const luaL_Reg l_neigh_funcs[] = {
	{"neigh_list", l_neigh_list},
	{"neigh_flush", l_neigh_flush},
	{"fdb_list", l_fdb_list},
	{NULL, NULL}
};
