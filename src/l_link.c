/*
 * l_link.c -- the Lua bindings of link.c (net.link_add, link_set, link_del,
 * link_get, link_list, bridge_port_set, links_settle): they check a spec
 * table, give the words for every failure, and call the primitives.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/if_bridge.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include "luax.h"
#include "link.h"
#include "kind.h"
#include "nsid.h"
#include "addrparse.h"
#include "tunnel.h"

/* ---- Lua bindings --------------------------------------------------------- */

static int fail_kind_missing(lua_State *L, const char *type)
{
	const struct link_kind *k = link_kind_find(type);
	nl_clear_extack();
	if (k)
		return l_fail(L, -EOPNOTSUPP, "%s need a kernel with %s (module %s); this kernel has none",
			      k->noun, k->config, k->module);
	return l_fail(L, -EOPNOTSUPP, "%s: this kernel has no such device type", type);
}

/* Optional string field that must parse as an IPv4 address */
static int opt_ipv4(lua_State *L, int t, const char *k, uint32_t *out, const char **bad)
{
	const char *s = l_optfield_str(L, t, k, NULL);
	*out = 0;
	if (!s)
		return 0;
	if (parse_ipv4(s, out) < 0) {
		*bad = k;
		return -EINVAL;
	}
	return 0;
}

/* The kernel has no ipip: netlearn's user-space stand-in (tunnel.c) takes its
 * place, with the same protocol-4 packets on the underlay. */
static int add_userspace_ipip(lua_State *L, const char *ns, const struct link_spec *s)
{
	struct in_addr local = { s->local }, remote = { s->remote };
	int r;
	nl_clear_extack();
	r = tunnel_ipip_user_add(ns, s->name, local, remote, s->ttl > 0 ? s->ttl : 0, NULL);
	if (r == -EADDRNOTAVAIL)
		return l_fail(L, r, "%s: local address is not on any interface %s", s->name, where_ns(ns));
	if (r < 0)
		return l_fail(L, r, "%s: the kernel has no ipip (CONFIG_NET_IPIP) and netlearn's user-space "
			      "tunnel could not start: %s", s->name, strerror(-r));
	lua_pushboolean(L, 1);
	lua_pushstring(L, "userspace");
	return 2;
}

static int l_link_add(lua_State *L)
{
	static const char *const known[] = {
		"name", "type", "peer", "peer_ns", "peer_address", "link", "mode", "id", "remote", "local",
		"group", "dstport", "ttl", "mtu", "address", "stp", "up", "netns", NULL
	};
	const char *ns = l_checkns(L, 1);
	struct link_spec s;
	struct link_info li;
	const struct link_kind *k;
	const char *link_name, *mode, *mac, *peer_mac, *bad = NULL, *target_ns;
	struct nl_sock *sk;
	lua_Integer id, port, ttl, mtu;
	int r;

	luaL_checktype(L, 2, LUA_TTABLE);
	if ((r = l_check_fields(L, 2, "link_add", known)))
		return r;
	memset(&s, 0, sizeof s);
	s.name = l_optfield_str(L, 2, "name", NULL);
	s.type = l_optfield_str(L, 2, "type", NULL);
	s.peer = l_optfield_str(L, 2, "peer", NULL);
	s.peer_ns = l_optfield_str(L, 2, "peer_ns", NULL);
	link_name = l_optfield_str(L, 2, "link", NULL);
	mode = l_optfield_str(L, 2, "mode", NULL);
	mac = l_optfield_str(L, 2, "address", NULL);
	peer_mac = l_optfield_str(L, 2, "peer_address", NULL);
	id = l_optfield_int(L, 2, "id", -1);
	port = l_optfield_int(L, 2, "dstport", -1);
	ttl = l_optfield_int(L, 2, "ttl", -1);
	mtu = l_optfield_int(L, 2, "mtu", LUA_MININTEGER);   /* not given; an explicit 0 is refused */
	s.stp = l_optfield_bool(L, 2, "stp", 0);
	s.up = l_optfield_bool(L, 2, "up", 0);
	s.mode = -1;
	s.ns_fd = -1;
	target_ns = l_optfield_str(L, 2, "netns", NULL);
	if (target_ns && !strcmp(target_ns, ns ? ns : ""))
		target_ns = NULL;

	/* What the learner may ask for, and its words, is netlearn.linkspec's
	 * (Lua, in front of this binding): here only what the request needs to be
	 * built safely -- a name that fits IFNAMSIZ, a kind in the table, values
	 * that fit their attributes -- with a plain error. */
	if (!s.name || check_ifname(s.name) < 0)
		return l_fail_field(L, s.name, "link_add", "name");
	if (!(k = link_kind_find(s.type)))
		return l_fail_field(L, s.name, "link_add", "type");
	if (s.peer && check_ifname(s.peer) < 0)
		return l_fail_field(L, s.name, "link_add", "peer");
	if (mtu != LUA_MININTEGER && (mtu < 1 || mtu > 65535 * 4))
		return l_fail_field(L, s.name, "link_add", "mtu");
	s.mtu = mtu == LUA_MININTEGER ? 0 : (int)mtu;
	if ((s.has_mac = mac != NULL) && parse_mac(mac, s.mac) < 0)
		return l_fail_field(L, s.name, "link_add", "address");
	if ((s.has_peer_mac = peer_mac != NULL) && parse_mac(peer_mac, s.peer_mac) < 0)
		return l_fail_field(L, s.name, "link_add", "peer_address");
	if (id > 0xffffff || port > 65535 || ttl > 255)
		return l_fail_field(L, s.name, "link_add", id > 0xffffff ? "id" : port > 65535 ? "dstport" : "ttl");
	s.id = id < 0 ? 0 : (uint32_t)id;
	s.dstport = (int)port;
	s.ttl = (int)ttl;
	if (opt_ipv4(L, 2, "remote", &s.remote, &bad) < 0 || opt_ipv4(L, 2, "local", &s.local, &bad) < 0 ||
	    opt_ipv4(L, 2, "group", &s.group, &bad) < 0)
		return l_fail_field(L, s.name, "link_add", bad);
	if (mode && (!k->mode_of || (s.mode = k->mode_of(mode)) < 0))
		return l_fail_field(L, s.name, "link_add", "mode");
	if (!mode && (k->opts & KO_MODE))
		s.mode = k->default_mode;
	if (!(sk = nl_route_sock(ns, &r)))
		return l_fail_dev(L, r, ns, s.name);
	if (link_name) {
		if ((r = link_find(ns, link_name, &li)) < 0)
			return l_fail_dev(L, r, ns, link_name);
		s.parent = li.ifindex;
	}

	if (target_ns && (s.ns_fd = ns_open(target_ns)) < 0)
		return l_fail(L, s.ns_fd, "%s: cannot open namespace: %s", target_ns, strerror(-s.ns_fd));
	r = link_add(ns, &s);
	if (s.ns_fd >= 0)
		close(s.ns_fd);
	if (r == -EOPNOTSUPP && (!nl_last_extack()[0] || strstr(nl_last_extack(), "Unknown device type"))) {
		if ((k->opts & KO_STANDIN) && s.remote && target_ns)
			return l_fail(L, -EOPNOTSUPP, "%s: this kernel has no %s (%s); netlearn's "
				      "user-space stand-in is made where it runs: create it inside %s instead of netns=",
				      s.name, k->name, k->config, target_ns);
		if ((k->opts & KO_STANDIN) && s.remote)
			return add_userspace_ipip(L, ns, &s);
		if (k->opts & KO_STANDIN)
			return l_fail(L, -EOPNOTSUPP, "%s: this kernel has no %s (%s, module %s), and "
				      "netlearn's user-space stand-in needs the far end: remote=ADDR",
				      s.name, k->name, k->config, k->module);
		return fail_kind_missing(L, s.type);
	}
	if (r == -EEXIST)
		return l_fail(L, r, "%s: a device with this name already exists", s.name);
	if (r == -EBUSY && link_name)
		return l_fail(L, r, "%s: cannot create %s on %s: that parent already carries another kind of device "
			      "(a macvlan, ipvlan or bridge port cannot share a parent); use another parent",
			      s.name, s.type, link_name);
	if (r < 0)
		return l_fail(L, r, "%s: cannot create %s: %s", s.name, s.type, strerror(-r));
	lua_pushboolean(L, 1);
	return 1;
}

static int l_link_set(lua_State *L)
{
	static const char *const known[] = { "up", "mtu", "address", "name", "netns", "master", "type", "mode", NULL };
	const char *ns = l_checkns(L, 1);
	const char *dev = luaL_checkstring(L, 2);
	const char *mac, *target_ns = NULL, *kind, *mode;
	struct link_change c = { -1, 0, 0, {0}, NULL, -1, -1, NULL, 0, 0 };
	struct link_info li, other;
	lua_Integer mtu;
	int r, t;

	luaL_checktype(L, 3, LUA_TTABLE);
	if ((r = l_check_fields(L, 3, "link_set", known)))
		return r;
	c.up = l_optfield_bool(L, 3, "up", -1);
	mtu = l_optfield_int(L, 3, "mtu", LUA_MININTEGER);   /* not given; an explicit 0 is refused */
	mac = l_optfield_str(L, 3, "address", NULL);
	c.name = l_optfield_str(L, 3, "name", NULL);
	target_ns = l_optfield_str(L, 3, "netns", NULL);
	t = lua_getfield(L, 3, "master");
	if (t != LUA_TNIL && t != LUA_TSTRING && !(t == LUA_TBOOLEAN && !lua_toboolean(L, -1)))
		return luaL_error(L, "field 'master' must be a device name or false");
	lua_pop(L, 1);

	kind = l_optfield_str(L, 3, "type", NULL);
	mode = l_optfield_str(L, 3, "mode", NULL);

	/* As for link_add: what may be changed, and the words for what may not,
	 * are netlearn.linkspec's (check_set); here only the request's guards. */
	if ((r = link_find(ns, dev, &li)) < 0)
		return l_fail_dev(L, r, ns, dev);
	if (kind || mode) {
		const struct link_kind *k = link_kind_find(kind);
		int m;
		if (!kind || !mode || !k || !(k->opts & KO_MODE) || (m = k->mode_of(mode)) < 0)
			return l_fail_field(L, dev, "link_set", "mode");
		c.kind = kind;
		c.has_mode = 1;
		c.mode = (uint32_t)m;
	}
	if (mtu != LUA_MININTEGER) {
		if (mtu < 1 || mtu > 65535 * 4)
			return l_fail_field(L, dev, "link_set", "mtu");
		c.mtu = (int)mtu;
	}
	if (mac) {
		if (parse_mac(mac, c.mac) < 0)
			return l_fail_field(L, dev, "link_set", "address");
		c.has_mac = 1;
	}
	if (c.name) {
		if (check_ifname(c.name) < 0)
			return l_fail_field(L, dev, "link_set", "name");
		if (!strcmp(c.name, dev))
			c.name = NULL;
	}
	if (target_ns && !strcmp(target_ns, ns))
		target_ns = NULL;
	lua_getfield(L, 3, "master");
	if (lua_type(L, -1) == LUA_TSTRING) {
		if ((r = link_find(ns, lua_tostring(L, -1), &other)) < 0)
			return l_fail_dev(L, r, ns, lua_tostring(L, -1));
		c.master = other.ifindex;
	} else if (lua_type(L, -1) == LUA_TBOOLEAN) {
		c.master = 0;
	}
	lua_pop(L, 1);

	if (target_ns && (c.netns_fd = ns_open(target_ns)) < 0)
		return l_fail(L, c.netns_fd, "%s: cannot open namespace: %s", target_ns, strerror(-c.netns_fd));
	/* Kernels before 6.9 refuse to rename a device that is up, and apply
	 * up/down after the name: for {up=false, name=} set it down first, and
	 * back up if the rest fails, so that nothing is left half-done. */
	if (c.name && c.up == 0 && (li.flags & IFF_UP)) {
		struct link_change down = { 0, 0, 0, {0}, NULL, -1, -1, NULL, 0, 0 };
		r = link_change(ns, li.ifindex, &down);
		if (r == 0) {
			r = link_change(ns, li.ifindex, &c);
			if (r < 0) {
				struct link_change up = { 1, 0, 0, {0}, NULL, -1, -1, NULL, 0, 0 };
				char words[400];
				const char *ext = nl_last_extack();
				snprintf(words, sizeof words, "%s: cannot change: %s%s%s", dev, strerror(-r),
					 ext[0] ? ": " : "", ext);
				link_change(ns, li.ifindex, &up);
				if (c.netns_fd >= 0)
					close(c.netns_fd);
				nl_clear_extack();
				return l_fail(L, r, "%s", words);
			}
		}
	} else {
		r = link_change(ns, li.ifindex, &c);
	}
	if (c.netns_fd >= 0)
		close(c.netns_fd);
	if (r == -EBUSY && c.name)
		return l_fail(L, r, "%s: this kernel cannot rename a device that is up; set it down first (up=false), then rename", dev);
	if (r == -EINVAL && target_ns && !c.name && c.up < 0 && !c.mtu && !c.has_mac && c.master < 0)
		return l_fail(L, r, "%s: cannot move it to %s%s: a %s stays in the namespace it was made in (%s)",
			      dev, ns_is_host(target_ns) ? "the host" : "namespace ",
			      ns_is_host(target_ns) ? "" : target_ns,
			      li.kind[0] ? li.kind : "device of this kind", strerror(-r));
	if (r < 0)
		return l_fail(L, r, "%s: cannot change: %s", dev, strerror(-r));
	lua_pushboolean(L, 1);
	return 1;
}

/* net.bridge_port_set(ns, dev, {hairpin=bool}): what `bridge link set dev DEV
 * hairpin on|off` sends: RTM_SETLINK for PF_BRIDGE, IFLA_PROTINFO carrying
 * IFLA_BRPORT_MODE. The device must be a bridge port. */
static int l_bridge_port_set(lua_State *L)
{
	static const char *const known[] = { "hairpin", NULL };
	const char *ns = l_checkns(L, 1);
	const char *dev = luaL_checkstring(L, 2);
	struct ifinfomsg ifi = { .ifi_family = AF_BRIDGE };
	struct link_info li;
	struct nl_sock *sk;
	struct nl_msg *msg;
	struct nlattr *pi;
	int r, hairpin;

	luaL_checktype(L, 3, LUA_TTABLE);
	if ((r = l_check_fields(L, 3, "bridge_port_set", known)))
		return r;
	lua_getfield(L, 3, "hairpin");
	if (lua_isnil(L, -1))
		return luaL_error(L, "bridge_port_set: hairpin= (true/false) is required");
	hairpin = lua_toboolean(L, -1);
	lua_pop(L, 1);
	if ((r = link_find(ns, dev, &li)) < 0)
		return l_fail_dev(L, r, ns, dev);
	if (!li.port_no)
		return l_fail(L, -EOPNOTSUPP, "%s: not a bridge port (plug it into a bridge first: master=BR)", dev);
	if (!(sk = nl_route_sock(ns, &r)))
		return l_fail_dev(L, r, ns, dev);
	ifi.ifi_index = li.ifindex;
	msg = nlmsg_alloc_simple(RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK);
	if (!msg)
		return l_fail(L, -ENOMEM, "%s: out of memory", dev);
	if (nlmsg_append(msg, &ifi, sizeof ifi, NLMSG_ALIGNTO) < 0 ||
	    !(pi = nla_nest_start(msg, IFLA_PROTINFO | NLA_F_NESTED)) ||
	    nla_put_u8(msg, IFLA_BRPORT_MODE, (uint8_t)hairpin) < 0) {
		nlmsg_free(msg);
		return l_fail(L, -ENOMEM, "%s: out of memory", dev);
	}
	nla_nest_end(msg, pi);
	nl_clear_extack();
	if ((r = nl_request(sk, msg)) < 0)
		return l_fail(L, r, "%s: cannot set hairpin: %s", dev, strerror(-r));
	lua_pushboolean(L, 1);
	return 1;
}

static int l_link_del(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *dev = luaL_checkstring(L, 2);
	struct link_info li;
	int r;
	if ((r = link_find(ns, dev, &li)) < 0)
		return l_fail_dev(L, r, ns, dev);
	if (li.arptype == ARPHRD_LOOPBACK)
		return l_fail(L, -EOPNOTSUPP, "%s: the loopback device cannot be deleted", dev);
	r = link_del(ns, li.ifindex);
	if (r < 0)
		return l_fail(L, r, "%s: cannot delete: %s", dev, strerror(-r));
	lua_pushboolean(L, 1);
	return 1;
}

/* net.link_del_many(ns, {dev...}) -> true: the devices deleted in one kernel
 * batch (reset empties the host with it); a name no longer there is skipped. */
static int l_link_del_many(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	struct link_info *v;
	int *ifindexes;
	uint32_t *groups;
	int i, k, n, m = 0, r;
	luaL_checktype(L, 2, LUA_TTABLE);
	if ((n = link_dump_all(ns, &v)) < 0)
		return l_fail_dev(L, n, ns, "link_del_many");
	ifindexes = calloc((size_t)n + 1, sizeof *ifindexes);
	groups = calloc((size_t)n + 1, sizeof *groups);
	if (!ifindexes || !groups) {
		free(v), free(ifindexes), free(groups);
		return l_fail(L, -ENOMEM, "link_del_many: out of memory");
	}
	for (k = 1; lua_rawgeti(L, 2, k) != LUA_TNIL; k++) {
		const char *dev = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
		lua_pop(L, 1);
		if (!dev) {
			free(v), free(ifindexes), free(groups);
			return l_fail(L, -EINVAL, "link_del_many: entry %d is not a device name (a string)", k);
		}
		for (i = 0; i < n && strcmp(v[i].name, dev); i++)
			;
		if (i == n)
			continue;
		if (v[i].arptype == ARPHRD_LOOPBACK) {
			free(v), free(ifindexes), free(groups);
			return l_fail(L, -EOPNOTSUPP, "%s: the loopback device cannot be deleted", dev);
		}
		ifindexes[m] = v[i].ifindex;
		groups[m++] = v[i].group;
	}
	lua_pop(L, 1);
	free(v);
	r = m ? link_del_many(ns, ifindexes, groups, m) : 0;
	free(ifindexes), free(groups);
	if (r < 0)
		return l_fail(L, r, "link_del_many: cannot delete: %s", strerror(-r));
	lua_pushboolean(L, 1);
	return 1;
}

static int l_link_list(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	struct nsid_map map = { ns, 0, { NULL, 0 }, NULL };
	struct link_info *v;
	int i, n = link_dump_all(ns, &v);
	if (n < 0)
		return l_fail_dev(L, n, ns, "link_list");
	lua_createtable(L, n, 0);
	for (i = 0; i < n; i++) {
		l_push_link(L, &v[i], v, n, &map);
		lua_rawseti(L, -2, i + 1);
	}
	nsid_map_free(&map);
	free(v);
	return 1;
}

/* net.link_get(ns, dev[, {peer=false}]): one device, found with one request
 * (plus one each for its master and the device it sits on); peer=false skips
 * naming a veth peer's namespace, which asks every namespace of the lab. */
static int l_link_get(lua_State *L)
{
	static const char *const known[] = { "peer", NULL };
	const char *ns = l_checkns(L, 1);
	const char *dev = luaL_checkstring(L, 2);
	struct nsid_map map = { ns, 0, { NULL, 0 }, NULL };
	struct link_info v[4];
	int n = 1, r, peer = 1;
	if (!lua_isnoneornil(L, 3)) {
		luaL_checktype(L, 3, LUA_TTABLE);
		if ((r = l_check_fields(L, 3, "link_get", known)))
			return r;
		peer = l_optfield_bool(L, 3, "peer", 1);
	}
	if ((r = link_find(ns, dev, &v[0])) < 0)
		return l_fail_dev(L, r, ns, dev);
	if (v[0].master && link_get_one(ns, NULL, v[0].master, &v[n]) == 0)
		n++;
	if (v[0].has_link && v[0].link && !v[0].has_netnsid && v[0].link != v[0].ifindex &&
	    link_get_one(ns, NULL, v[0].link, &v[n]) == 0)
		n++;
	if (v[0].tun_link && link_get_one(ns, NULL, (int)v[0].tun_link, &v[n]) == 0)
		n++;
	l_push_link(L, &v[0], v, n, peer ? &map : NULL);
	nsid_map_free(&map);
	return 1;
}

/* net.links_settle(ns[, timeout_s]) : ns may also be a list of namespaces */
static int l_links_settle(lua_State *L)
{
	double timeout = luaL_optnumber(L, 2, 5.0), end;
	char why[200];
	int i, n, r;

	if (lua_istable(L, 1)) {
		n = (int)lua_rawlen(L, 1);
	} else {
		l_checkns(L, 1);
		n = 1;
	}
	end = settle_clock() + timeout;
	for (i = 1; i <= n; i++) {
		const char *ns;
		double left = end - settle_clock();
		if (lua_istable(L, 1)) {
			lua_rawgeti(L, 1, i);
			ns = lua_isnil(L, -1) ? "" : luaL_checkstring(L, -1);
			lua_pop(L, 1);   /* the table keeps it */
		} else {
			ns = l_checkns(L, 1);
		}
		r = links_settle(ns, left > 0 ? left : 0, why, sizeof why);
		if (r == -ETIMEDOUT)
			return l_fail(L, r, "links did not settle %s within %.1f s: %s", where_ns(ns), timeout, why);
		if (r == -EINTR)
			return l_fail(L, r, "interrupted");
		if (r < 0)
			return l_fail_dev(L, r, ns, "links_settle");
	}
	lua_pushboolean(L, 1);
	return 1;
}

const luaL_Reg l_link_funcs[] = {
	{"bridge_port_set", l_bridge_port_set},
	{"link_add", l_link_add},
	{"link_set", l_link_set},
	{"link_del", l_link_del},
	{"link_del_many", l_link_del_many},
	{"link_get", l_link_get},
	{"link_list", l_link_list},
	{"links_settle", l_links_settle},
	{NULL, NULL}
};
