/*
 * link.c -- network devices: veth pairs, bridges, macvlan, ipvlan, vxlan, ipip,
 * dummy; up/down, mtu, MAC, rename, move, enslave; list with the details that
 * `ip -d link` shows; and links_settle(), which waits until a freshly built lab
 * can pass its first packet.
 *
 * Creation goes through libnl-route-3's link objects (one request, so a failure
 * leaves nothing behind); the bridge (libnl 3.7 cannot set IFLA_BR_STP_STATE),
 * changes and dumps are small hand-built rtnetlink messages, parsed here so
 * that every attribute `ip -d link` prints is available.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/if_bridge.h>
#include <linux/if_tunnel.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/link/macvlan.h>
#include <netlink/route/link/ipvlan.h>
#include <netlink/route/link/vxlan.h>
#include <netlink/route/link/ipip.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include "link.h"
#include "addrparse.h"
#include "tunnel.h"

#define VXLAN_DEFAULT_PORT 4789    /* IANA; dstport=0 asks for the kernel's 8472 */

/* ---- netlink helpers ------------------------------------------------------ */

int nl_request(struct nl_sock *sk, struct nl_msg *msg)
{
	int r;
	nl_clear_extack();
	r = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	if (r < 0)
		return nl_result(sk, r);
	r = nl_wait_for_ack(sk);
	return r < 0 ? nl_result(sk, r) : 0;
}

int nl_dump_each(struct nl_sock *sk, struct nl_msg *msg,
	    int (*fn)(struct nl_msg *m, void *arg), void *arg)
{
	/* read whole, asked again while the kernel says it was interrupted */
	return nl_dump_consistent(sk, msg, fn, arg);
}

const char *where_ns(const char *ns)
{
	static char buf[300];
	if (ns_is_host(ns))
		return "in the host";
	snprintf(buf, sizeof buf, "in namespace %s", ns);
	return buf;
}

int l_fail_dev(lua_State *L, int err, const char *ns, const char *dev)
{
	nl_clear_extack();
	if (err == -ENOENT && !ns_is_host(ns) && !ns_exists(ns))
		return l_fail(L, err, "%s: no such namespace", ns);
	if (err == -ENODEV || err == -ENOENT)
		return l_fail(L, -ENODEV, "%s: no such device %s", dev, where_ns(ns));
	return l_fail(L, err, "%s: %s", dev, strerror(-err));
}

int l_check_fields(lua_State *L, int idx, const char *what, const char *const known[])
{
	idx = lua_absindex(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		const char *k;
		int i, found = 0;
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING) {
			lua_pop(L, 1);
			return l_fail(L, -EINVAL, "%s: options are name=value fields", what);
		}
		k = lua_tostring(L, -1);
		for (i = 0; known[i]; i++)
			if (!strcmp(known[i], k))
				found = 1;
		if (!found) {
			char list[300] = "";
			size_t off = 0;
			for (i = 0; known[i] && off < sizeof list; i++)
				off += (size_t)snprintf(list + off, sizeof list - off, "%s%s",
							i ? ", " : "", known[i]);
			lua_pushfstring(L, "%s: unknown option '%s' (known: %s)", what, k, list);
			lua_remove(L, -2);
			lua_pushnil(L);
			lua_insert(L, -2);
			lua_pushinteger(L, EINVAL);
			return 3;
		}
	}
	return 0;
}

/* ---- parsing RTM_NEWLINK -------------------------------------------------- */

static void copy_str(char *dst, size_t n, struct nlattr *a)
{
	snprintf(dst, n, "%.*s", (int)nla_len(a), (const char *)nla_data(a));
	dst[strcspn(dst, "")] = '\0';
}

static void parse_info_data(struct link_info *li, struct nlattr *data)
{
	struct nlattr *tb[64 + 1];
	memset(tb, 0, sizeof tb);
	if (nla_parse_nested(tb, 64, data, NULL) < 0)
		return;
	if (!strcmp(li->kind, "macvlan") || !strcmp(li->kind, "macvtap")) {
		if (tb[IFLA_MACVLAN_MODE]) {
			li->has_mode = 1;
			li->mode = nla_get_u32(tb[IFLA_MACVLAN_MODE]);
		}
	} else if (!strcmp(li->kind, "ipvlan")) {
		if (tb[IFLA_IPVLAN_MODE]) {
			li->has_mode = 1;
			li->mode = nla_get_u16(tb[IFLA_IPVLAN_MODE]);
		}
	} else if (!strcmp(li->kind, "vxlan")) {
		if (tb[IFLA_VXLAN_ID]) {
			li->has_id = 1;
			li->id = nla_get_u32(tb[IFLA_VXLAN_ID]);
		}
		if (tb[IFLA_VXLAN_GROUP]) {
			uint32_t g = nla_get_u32(tb[IFLA_VXLAN_GROUP]);
			if (IN_MULTICAST(ntohl(g)))
				li->group_addr = g;
			else
				li->remote = g;
		}
		if (tb[IFLA_VXLAN_LOCAL])
			li->local = nla_get_u32(tb[IFLA_VXLAN_LOCAL]);
		if (tb[IFLA_VXLAN_LINK])
			li->tun_link = nla_get_u32(tb[IFLA_VXLAN_LINK]);
		if (tb[IFLA_VXLAN_PORT]) {
			li->has_dstport = 1;
			li->dstport = ntohs(nla_get_u16(tb[IFLA_VXLAN_PORT]));
		}
		if (tb[IFLA_VXLAN_TTL]) {
			li->has_ttl = 1;
			li->ttl = nla_get_u8(tb[IFLA_VXLAN_TTL]);
		}
	} else if (!strcmp(li->kind, "ipip")) {
		if (tb[IFLA_IPTUN_LOCAL])
			li->local = nla_get_u32(tb[IFLA_IPTUN_LOCAL]);
		if (tb[IFLA_IPTUN_REMOTE])
			li->remote = nla_get_u32(tb[IFLA_IPTUN_REMOTE]);
		if (tb[IFLA_IPTUN_TTL]) {
			li->has_ttl = 1;
			li->ttl = nla_get_u8(tb[IFLA_IPTUN_TTL]);
		}
		if (tb[IFLA_IPTUN_LINK])
			li->tun_link = nla_get_u32(tb[IFLA_IPTUN_LINK]);
	} else if (!strcmp(li->kind, "bridge")) {
		if (tb[IFLA_BR_STP_STATE]) {
			li->has_stp = 1;
			li->stp = nla_get_u32(tb[IFLA_BR_STP_STATE]);
		}
	}
}

/* The bridge port options `bridge -d link` prints, in its order (u8 each;
 * mcast_router a number, the others on/off). */
static const struct { int attr; const char *name; } brport_opts[] = {
	{IFLA_BRPORT_MODE, "hairpin"}, {IFLA_BRPORT_GUARD, "guard"},
	{IFLA_BRPORT_PROTECT, "root_block"}, {IFLA_BRPORT_FAST_LEAVE, "fastleave"},
	{IFLA_BRPORT_LEARNING, "learning"}, {IFLA_BRPORT_UNICAST_FLOOD, "flood"},
	{IFLA_BRPORT_MCAST_FLOOD, "mcast_flood"}, {IFLA_BRPORT_BCAST_FLOOD, "bcast_flood"},
	{IFLA_BRPORT_MULTICAST_ROUTER, "mcast_router"}, {IFLA_BRPORT_MCAST_TO_UCAST, "mcast_to_unicast"},
	{IFLA_BRPORT_NEIGH_SUPPRESS, "neigh_suppress"}, {IFLA_BRPORT_VLAN_TUNNEL, "vlan_tunnel"},
	{IFLA_BRPORT_ISOLATED, "isolated"}, {IFLA_BRPORT_LOCKED, "locked"},
	{0, NULL}
};

static int parse_link(struct nl_msg *m, struct link_info *li)
{
	struct nlmsghdr *h = nlmsg_hdr(m);
	struct ifinfomsg *ifi;
	struct nlattr *tb[IFLA_MAX + 1];

	if (h->nlmsg_type != RTM_NEWLINK || nlmsg_parse(h, sizeof *ifi, tb, IFLA_MAX, NULL) < 0)
		return -EINVAL;
	ifi = nlmsg_data(h);
	memset(li, 0, sizeof *li);
	memset(li->brport, -1, sizeof li->brport);
	li->ifindex = ifi->ifi_index;
	li->flags = ifi->ifi_flags;
	li->arptype = ifi->ifi_type;
	if (tb[IFLA_IFNAME])
		copy_str(li->name, sizeof li->name, tb[IFLA_IFNAME]);
	if (tb[IFLA_QDISC])
		copy_str(li->qdisc, sizeof li->qdisc, tb[IFLA_QDISC]);
	if (tb[IFLA_IFALIAS])
		copy_str(li->alias, sizeof li->alias, tb[IFLA_IFALIAS]);
	if (tb[IFLA_MTU]) li->mtu = nla_get_u32(tb[IFLA_MTU]);
	if (tb[IFLA_MIN_MTU]) {
		li->has_mtu_range = 1;
		li->min_mtu = nla_get_u32(tb[IFLA_MIN_MTU]);
	}
	if (tb[IFLA_MAX_MTU]) li->max_mtu = nla_get_u32(tb[IFLA_MAX_MTU]);
	if (tb[IFLA_TXQLEN]) li->txqlen = nla_get_u32(tb[IFLA_TXQLEN]);
	if (tb[IFLA_GROUP]) li->group = nla_get_u32(tb[IFLA_GROUP]);
	if (tb[IFLA_PROMISCUITY]) li->promiscuity = nla_get_u32(tb[IFLA_PROMISCUITY]);
	if (tb[IFLA_CARRIER_CHANGES]) li->carrier_changes = nla_get_u32(tb[IFLA_CARRIER_CHANGES]);
	if (tb[IFLA_OPERSTATE]) li->operstate = nla_get_u8(tb[IFLA_OPERSTATE]);
	if (tb[IFLA_MASTER]) li->master = (int)nla_get_u32(tb[IFLA_MASTER]);
	if (tb[IFLA_LINK]) {
		li->has_link = 1;
		li->link = (int)nla_get_u32(tb[IFLA_LINK]);
	}
	if (tb[IFLA_LINK_NETNSID]) {
		li->has_netnsid = 1;
		li->netnsid = (int)nla_get_s32(tb[IFLA_LINK_NETNSID]);
	}
	if (tb[IFLA_ADDRESS] && nla_len(tb[IFLA_ADDRESS]) <= (int)sizeof li->addr) {
		li->addrlen = nla_len(tb[IFLA_ADDRESS]);
		memcpy(li->addr, nla_data(tb[IFLA_ADDRESS]), (size_t)li->addrlen);
	}
	if (tb[IFLA_STATS64]) {
		/* older kernels send a shorter struct: copy what came, the rest stays 0 */
		size_t n = (size_t)nla_len(tb[IFLA_STATS64]);
		memcpy(li->st, nla_data(tb[IFLA_STATS64]), n < sizeof li->st ? n : sizeof li->st);
		li->has_stats = 1;
	}
	if (tb[IFLA_BROADCAST] && nla_len(tb[IFLA_BROADCAST]) <= (int)sizeof li->brd) {
		li->brdlen = nla_len(tb[IFLA_BROADCAST]);
		memcpy(li->brd, nla_data(tb[IFLA_BROADCAST]), (size_t)li->brdlen);
	}
	if (tb[IFLA_LINKINFO]) {
		struct nlattr *info[IFLA_INFO_MAX + 1];
		if (nla_parse_nested(info, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL) == 0) {
			if (info[IFLA_INFO_KIND])
				copy_str(li->kind, sizeof li->kind, info[IFLA_INFO_KIND]);
			if (info[IFLA_INFO_SLAVE_KIND])
				copy_str(li->slave_kind, sizeof li->slave_kind, info[IFLA_INFO_SLAVE_KIND]);
			if (info[IFLA_INFO_DATA] && li->kind[0])
				parse_info_data(li, info[IFLA_INFO_DATA]);
			if (info[IFLA_INFO_SLAVE_DATA] && !strcmp(li->slave_kind, "bridge")) {
				struct nlattr *pt[IFLA_BRPORT_MAX + 1];
				if (nla_parse_nested(pt, IFLA_BRPORT_MAX, info[IFLA_INFO_SLAVE_DATA], NULL) == 0) {
					int k;
					if (pt[IFLA_BRPORT_STATE]) {
						li->has_port_state = 1;
						li->port_state = nla_get_u8(pt[IFLA_BRPORT_STATE]);
					}
					for (k = 0; brport_opts[k].name; k++)
						if (pt[brport_opts[k].attr])
							li->brport[k] = nla_get_u8(pt[brport_opts[k].attr]);
					if (pt[IFLA_BRPORT_NO])
						li->port_no = nla_get_u16(pt[IFLA_BRPORT_NO]);
					if (pt[IFLA_BRPORT_PRIORITY])
						li->port_priority = nla_get_u16(pt[IFLA_BRPORT_PRIORITY]);
					if (pt[IFLA_BRPORT_COST])
						li->port_cost = (int)nla_get_u32(pt[IFLA_BRPORT_COST]);
				}
			}
		}
	}
	return 0;
}

/* ---- dumps and lookups ---------------------------------------------------- */

struct link_vec {
	struct link_info *v;
	int n, cap;
};

static int collect_link(struct nl_msg *m, void *arg)
{
	struct link_vec *lv = arg;
	if (lv->n == lv->cap) {
		int cap = lv->cap ? lv->cap * 2 : 16;
		struct link_info *nv = realloc(lv->v, sizeof *nv * (size_t)cap);
		if (!nv)
			return -ENOMEM;
		lv->v = nv;
		lv->cap = cap;
	}
	if (parse_link(m, &lv->v[lv->n]) == 0)
		lv->n++;
	return 0;
}

static struct nl_msg *getlink_msg(int flags, int ifindex)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETLINK, flags);
	if (!msg)
		return NULL;
	if (nlmsg_append(msg, &ifi, sizeof ifi, NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int link_dump_all(const char *ns, struct link_info **out)
{
	struct link_vec lv = { NULL, 0, 0 };
	struct nl_sock *sk;
	struct nl_msg *msg;
	int err = 0;

	*out = NULL;
	if (!(sk = nl_route_sock(ns, &err)))
		return err;
	if (!(msg = getlink_msg(NLM_F_REQUEST | NLM_F_DUMP, 0)))
		return -ENOMEM;
	err = nl_dump_each(sk, msg, collect_link, &lv);
	if (err < 0) {
		free(lv.v);
		return err;
	}
	*out = lv.v;
	return lv.n;
}

static const struct link_info *by_index(const struct link_info *v, int n, int ifindex)
{
	int i;
	for (i = 0; i < n; i++)
		if (v[i].ifindex == ifindex)
			return &v[i];
	return NULL;
}

/* One link by NAME (or by IFINDEX when NAME is NULL) with a single RTM_GETLINK:
 * the cost does not grow with the number of links in the namespace. */
static int link_get_one(const char *ns, const char *name, int ifindex, struct link_info *li)
{
	struct link_vec lv = { NULL, 0, 0 };
	struct nl_sock *sk;
	struct nl_msg *msg;
	int err = 0;

	if (!(sk = nl_route_sock(ns, &err)))
		return err;
	/* Not a dump: one answer, then the ACK we ask for (as in nsid_of) */
	if (!(msg = getlink_msg(NLM_F_REQUEST | NLM_F_ACK, name ? 0 : ifindex)))
		return -ENOMEM;
	if (name && nla_put_string(msg, IFLA_IFNAME, name) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	err = nl_dump_each(sk, msg, collect_link, &lv);
	if (err >= 0)
		err = nl_result(sk, nl_wait_for_ack(sk));
	if (err >= 0 && lv.n != 1)
		err = -ENODEV;
	if (err >= 0)
		*li = lv.v[0];
	free(lv.v);
	return err;
}

int link_find(const char *ns, const char *name, struct link_info *li)
{
	if (strlen(name) >= LINK_NAMSIZ)
		return -ENODEV;
	return link_get_one(ns, name, 0, li);
}

/* Which named namespace (or "" for the host) does NSID, as seen from NS, stand for?
 * Asks the kernel (RTM_GETNSID with each namespace's fd). 0, or -ENOENT. */
struct nsid_ctx { int nsid; };

static int got_nsid(struct nl_msg *m, void *arg)
{
	struct nsid_ctx *c = arg;
	struct nlattr *tb[NETNSA_MAX + 1];
	if (nlmsg_parse(nlmsg_hdr(m), sizeof(struct rtgenmsg), tb, NETNSA_MAX, NULL) == 0 &&
	    tb[NETNSA_NSID])
		c->nsid = (int)nla_get_s32(tb[NETNSA_NSID]);
	return 0;
}

static int nsid_of(struct nl_sock *sk, const char *other)
{
	struct rtgenmsg g = { .rtgen_family = AF_UNSPEC };
	struct nsid_ctx c = { -1 };
	struct nl_msg *msg;
	int fd = ns_open(other), r;
	if (fd < 0)
		return -1;
	/* Not a dump: the answer is one message, then the ACK we ask for, which
	 * keeps libnl's sequence numbers in step. */
	msg = nlmsg_alloc_simple(RTM_GETNSID, NLM_F_REQUEST | NLM_F_ACK);
	if (!msg || nlmsg_append(msg, &g, sizeof g, NLMSG_ALIGNTO) < 0 ||
	    nla_put_u32(msg, NETNSA_FD, (uint32_t)fd) < 0) {
		nlmsg_free(msg);
		close(fd);
		return -1;
	}
	r = nl_dump_each(sk, msg, got_nsid, &c);
	if (r >= 0)
		r = nl_result(sk, nl_wait_for_ack(sk));
	close(fd);
	nl_clear_extack();
	return r < 0 ? -1 : c.nsid;
}

struct names { char **v; int n; };

static void add_name(const char *name, void *arg)
{
	struct names *nm = arg;
	char **nv = realloc(nm->v, sizeof *nv * (size_t)(nm->n + 1));
	if (!nv)
		return;
	nm->v = nv;
	if ((nm->v[nm->n] = strdup(name)))
		nm->n++;
}

/* nsid -> namespace name, as seen from one namespace: asked of the kernel once
 * per listing (one RTM_GETNSID per namespace of the lab), then looked up in
 * memory, so a listing costs O(namespaces + links), not their product. */
struct nsid_map {
	const char *ns;         /* the namespace the nsids are seen from */
	int built;
	struct names nm;
	int *nsid;              /* nsid[i] of nm.v[i]; nm.v[nm.n] is the host */
};

static void nsid_map_build(struct nsid_map *m)
{
	struct nl_sock *sk;
	int i, err = 0;
	m->built = 1;
	if (!(sk = nl_route_sock(m->ns, &err)))
		return;
	ns_list(add_name, &m->nm);
	add_name("", &m->nm);
	m->nsid = calloc((size_t)m->nm.n + 1, sizeof *m->nsid);
	for (i = 0; m->nsid && i < m->nm.n; i++)
		m->nsid[i] = strcmp(m->nm.v[i], m->ns ? m->ns : "") ? nsid_of(sk, m->nm.v[i]) : -1;
}

static const char *nsid_map_find(struct nsid_map *m, int nsid)
{
	int i;
	if (!m->built)
		nsid_map_build(m);
	for (i = 0; m->nsid && i < m->nm.n; i++)
		if (m->nsid[i] == nsid && nsid >= 0)
			return m->nm.v[i];
	return NULL;
}

static void nsid_map_free(struct nsid_map *m)
{
	int i;
	for (i = 0; i < m->nm.n; i++)
		free(m->nm.v[i]);
	free(m->nm.v);
	free(m->nsid);
}

/* ---- pushing a link to Lua ------------------------------------------------ */

static const char *operstate_name(int s)
{
	static const char *const names[] = {
		"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"
	};
	return s >= 0 && s < 7 ? names[s] : "UNKNOWN";
}

static const char *linktype_name(unsigned t)
{
	switch (t) {
	case ARPHRD_ETHER: return "ether";
	case ARPHRD_LOOPBACK: return "loopback";
	case ARPHRD_TUNNEL: return "ipip";
	case ARPHRD_TUNNEL6: return "tunnel6";
	case ARPHRD_SIT: return "sit";
	case ARPHRD_IPGRE: return "gre";
	case ARPHRD_NONE: return "none";
	case ARPHRD_VOID: return "void";
	default: return "unknown";
	}
}

static const char *macvlan_mode_name(uint32_t m)
{
	switch (m) {
	case MACVLAN_MODE_PRIVATE: return "private";
	case MACVLAN_MODE_VEPA: return "vepa";
	case MACVLAN_MODE_BRIDGE: return "bridge";
	case MACVLAN_MODE_PASSTHRU: return "passthru";
	case MACVLAN_MODE_SOURCE: return "source";
	default: return "unknown";
	}
}

static const char *ipvlan_mode_name(uint32_t m)
{
	switch (m) {
	case IPVLAN_MODE_L2: return "l2";
	case IPVLAN_MODE_L3: return "l3";
	case IPVLAN_MODE_L3S: return "l3s";
	default: return "unknown";
	}
}

static const char *port_state_name(int s)
{
	static const char *const names[] = { "disabled", "listening", "learning", "forwarding", "blocking" };
	return s >= 0 && s < 5 ? names[s] : "unknown";
}

/* iproute2's print_link_flags() order */
static void push_flags(lua_State *L, const struct link_info *li, int mdown)
{
	static const struct { unsigned bit; const char *name; } fl[] = {
		{IFF_LOOPBACK, "LOOPBACK"}, {IFF_BROADCAST, "BROADCAST"},
		{IFF_POINTOPOINT, "POINTOPOINT"}, {IFF_MULTICAST, "MULTICAST"},
		{IFF_NOARP, "NOARP"}, {IFF_ALLMULTI, "ALLMULTI"}, {IFF_PROMISC, "PROMISC"},
		{IFF_MASTER, "MASTER"}, {IFF_SLAVE, "SLAVE"}, {IFF_DEBUG, "DEBUG"},
		{IFF_DYNAMIC, "DYNAMIC"}, {IFF_AUTOMEDIA, "AUTOMEDIA"}, {IFF_PORTSEL, "PORTSEL"},
		{IFF_NOTRAILERS, "NOTRAILERS"}, {IFF_UP, "UP"}, {IFF_LOWER_UP, "LOWER_UP"},
		{IFF_DORMANT, "DORMANT"}, {IFF_ECHO, "ECHO"},
	};
	unsigned f = li->flags;
	size_t i;
	int n = 0;
	lua_newtable(L);
	if ((f & IFF_UP) && !(f & IFF_RUNNING)) {
		lua_pushstring(L, "NO-CARRIER");
		lua_rawseti(L, -2, ++n);
	}
	f &= ~IFF_RUNNING;
	for (i = 0; i < sizeof fl / sizeof fl[0]; i++) {
		if (f & fl[i].bit) {
			lua_pushstring(L, fl[i].name);
			lua_rawseti(L, -2, ++n);
			f &= ~fl[i].bit;
		}
	}
	if (f) {
		lua_pushfstring(L, "%x", f);
		lua_rawseti(L, -2, ++n);
	}
	if (mdown) {
		lua_pushstring(L, "M-DOWN");
		lua_rawseti(L, -2, ++n);
	}
	lua_setfield(L, -2, "flags");
}

static void set_hw(lua_State *L, const char *k, const uint8_t *a, int n, unsigned arptype)
{
	char buf[100];
	if (n <= 0)
		return;
	if (n == 4 && (arptype == ARPHRD_TUNNEL || arptype == ARPHRD_SIT || arptype == ARPHRD_IPGRE)) {
		uint32_t v;
		memcpy(&v, a, 4);
		l_setfield_str(L, k, fmt_ipv4(v, buf, sizeof buf));
	} else {
		l_setfield_str(L, k, fmt_hwaddr(a, (size_t)n, buf, sizeof buf));
	}
}

static void set_ip(lua_State *L, const char *k, uint32_t a)
{
	char buf[INET_ADDRSTRLEN];
	if (a)
		l_setfield_str(L, k, fmt_ipv4(a, buf, sizeof buf));
}

/* Push one link; V/N are links of its namespace (at least its master and the
 * device it sits on, to name them); MAP names the peer namespace of a veth
 * (NULL: do not look). */
static void push_link(lua_State *L, const struct link_info *li,
		      const struct link_info *v, int n, struct nsid_map *map)
{
	const struct link_info *o;
	const char *type = li->kind[0] ? li->kind : NULL;
	int mdown = 0;

	lua_createtable(L, 0, 24);
	l_setfield_int(L, "ifindex", li->ifindex);
	l_setfield_str(L, "name", li->name);
	char ulocal[INET_ADDRSTRLEN], uremote[INET_ADDRSTRLEN];
	int uttl = 0, userspace = tunnel_is_userspace(li->alias, ulocal, uremote, &uttl);

	if (!type && li->arptype == ARPHRD_LOOPBACK)
		type = "loopback";
	if (userspace)
		type = "ipip";      /* a TUN standing in for the kernel's ipip: say what it does */
	l_setfield_str(L, "type", type);
	if (userspace) {
		l_setfield_bool(L, "userspace", 1);
		l_setfield_str(L, "local", ulocal);
		l_setfield_str(L, "remote", uremote);
		l_setfield_int(L, "ttl", uttl);
	}
	if (li->alias[0])
		l_setfield_str(L, "alias", li->alias);
	if (li->has_link && li->link && !li->has_netnsid) {
		o = by_index(v, n, li->link);
		mdown = !o || !(o->flags & IFF_UP);
	}
	push_flags(L, li, mdown);
	l_setfield_bool(L, "up", (li->flags & IFF_UP) != 0);
	l_setfield_bool(L, "lower_up", (li->flags & IFF_LOWER_UP) != 0);
	l_setfield_str(L, "operstate", operstate_name(li->operstate));
	l_setfield_int(L, "mtu", li->mtu);
	if (li->has_mtu_range) {
		l_setfield_int(L, "min_mtu", li->min_mtu);
		l_setfield_int(L, "max_mtu", li->max_mtu);
	}
	l_setfield_str(L, "qdisc", li->qdisc[0] ? li->qdisc : NULL);
	l_setfield_int(L, "txqlen", li->txqlen);
	if (li->group == 0) {
		l_setfield_str(L, "group", "default");
	} else {
		lua_pushfstring(L, "%d", (int)li->group);
		lua_setfield(L, -2, "group");
	}
	l_setfield_str(L, "linktype", linktype_name(li->arptype));
	set_hw(L, "address", li->addr, li->addrlen, li->arptype);
	set_hw(L, "broadcast", li->brd, li->brdlen, li->arptype);
	l_setfield_int(L, "promiscuity", li->promiscuity);
	if (li->master) {
		l_setfield_int(L, "master_index", li->master);
		if ((o = by_index(v, n, li->master)))
			l_setfield_str(L, "master", o->name);
	}
	if (li->has_port_state)
		l_setfield_str(L, "port_state", port_state_name(li->port_state));
	if (li->port_no) {
		int k, cnt = 0;
		l_setfield_int(L, "port_no", li->port_no);
		l_setfield_int(L, "port_priority", li->port_priority);
		l_setfield_int(L, "port_cost", li->port_cost);
		lua_newtable(L);        /* brport = { {name=, value=}, ... } in bridge's order */
		for (k = 0; brport_opts[k].name; k++) {
			if (li->brport[k] < 0)
				continue;
			lua_createtable(L, 0, 2);
			l_setfield_str(L, "name", brport_opts[k].name);
			l_setfield_int(L, "value", li->brport[k]);
			lua_rawseti(L, -2, ++cnt);
		}
		lua_setfield(L, -2, "brport");
	}
	if (li->has_link) {
		l_setfield_int(L, "link_index", li->link);
		if (li->has_netnsid) {
			const char *peer_ns = map ? nsid_map_find(map, li->netnsid) : NULL;
			struct link_info pl;
			l_setfield_int(L, "link_netnsid", li->netnsid);
			if (peer_ns) {
				l_setfield_str(L, "peer_ns", peer_ns);
				if (link_get_one(peer_ns, NULL, li->link, &pl) == 0)
					l_setfield_str(L, "peer_name", pl.name);
			}
		} else if (li->link && (o = by_index(v, n, li->link))) {
			l_setfield_str(L, "link", o->name);
		}
	}
	if (li->has_mode) {
		if (!strcmp(li->kind, "ipvlan"))
			l_setfield_str(L, "mode", ipvlan_mode_name(li->mode));
		else
			l_setfield_str(L, "mode", macvlan_mode_name(li->mode));
	}
	if (li->has_id)
		l_setfield_int(L, "id", li->id);
	if (li->has_dstport)
		l_setfield_int(L, "dstport", li->dstport);
	set_ip(L, "local", li->local);
	set_ip(L, "remote", li->remote);
	set_ip(L, "group_addr", li->group_addr);
	if (li->has_ttl)
		l_setfield_int(L, "ttl", li->ttl);
	if (li->tun_link) {
		l_setfield_int(L, "dev_index", li->tun_link);
		if ((o = by_index(v, n, (int)li->tun_link)))
			l_setfield_str(L, "dev", o->name);
	}
	if (li->has_stp)
		l_setfield_bool(L, "stp", li->stp != 0);
	if (li->has_stats) {
		/* the kernel's names (struct rtnl_link_stats64), in its order */
		static const char *const names[24] = {
			"rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors", "tx_errors",
			"rx_dropped", "tx_dropped", "multicast", "collisions", "rx_length_errors",
			"rx_over_errors", "rx_crc_errors", "rx_frame_errors", "rx_fifo_errors",
			"rx_missed_errors", "tx_aborted_errors", "tx_carrier_errors", "tx_fifo_errors",
			"tx_heartbeat_errors", "tx_window_errors", "rx_compressed", "tx_compressed",
			"rx_nohandler"
		};
		int i;
		lua_createtable(L, 0, 25);
		for (i = 0; i < 24; i++)
			l_setfield_int(L, names[i], (lua_Integer)li->st[i]);
		l_setfield_int(L, "carrier_changes", li->carrier_changes);
		lua_setfield(L, -2, "stats");
	}
}

/* ---- creating ------------------------------------------------------------- */

struct kind_desc {
	const char *type, *noun, *config, *module;
};

static const struct kind_desc kinds[] = {
	{"veth", "veth pairs", "CONFIG_VETH", "veth"},
	{"bridge", "bridges", "CONFIG_BRIDGE", "bridge"},
	{"macvlan", "macvlan devices", "CONFIG_MACVLAN", "macvlan"},
	{"ipvlan", "ipvlan devices", "CONFIG_IPVLAN", "ipvlan"},
	{"vxlan", "vxlan tunnels", "CONFIG_VXLAN", "vxlan"},
	{"ipip", "ipip tunnels", "CONFIG_NET_IPIP", "ipip"},
	{"dummy", "dummy devices", "CONFIG_DUMMY", "dummy"},
	{NULL, NULL, NULL, NULL}
};

struct link_spec {
	const char *name, *type, *peer, *peer_ns;
	int ns_fd;                  /* -1: made where asked; else IFLA_NET_NS_FD (netns=) */
	int parent;                 /* macvlan/ipvlan/vxlan/ipip underlying ifindex */
	int mode;                   /* -1 default */
	int has_id; uint32_t id;
	uint32_t remote, local, group;
	int dstport;                /* -1 default */
	int ttl;                    /* -1 default */
	int mtu;                    /* 0 default */
	int has_mac; uint8_t mac[6];
	int has_peer_mac; uint8_t peer_mac[6];
	int stp, up;
};

/* The bridge by hand: libnl 3.7 cannot put IFLA_BR_STP_STATE. */
static int bridge_add(struct nl_sock *sk, const struct link_spec *s)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_msg *msg;
	struct nlattr *info, *data;

	if (s->up) {
		ifi.ifi_flags = IFF_UP;
		ifi.ifi_change = IFF_UP;
	}
	msg = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
	if (!msg)
		return -ENOMEM;
	if (nlmsg_append(msg, &ifi, sizeof ifi, NLMSG_ALIGNTO) < 0 ||
	    nla_put_string(msg, IFLA_IFNAME, s->name) < 0 ||
	    (s->mtu && nla_put_u32(msg, IFLA_MTU, (uint32_t)s->mtu) < 0) ||
	    (s->has_mac && nla_put(msg, IFLA_ADDRESS, 6, s->mac) < 0) ||
	    (s->ns_fd >= 0 && nla_put_u32(msg, IFLA_NET_NS_FD, (uint32_t)s->ns_fd) < 0) ||
	    !(info = nla_nest_start(msg, IFLA_LINKINFO)) ||
	    nla_put_string(msg, IFLA_INFO_KIND, "bridge") < 0 ||
	    !(data = nla_nest_start(msg, IFLA_INFO_DATA)) ||
	    nla_put_u32(msg, IFLA_BR_STP_STATE, s->stp > 0) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nla_nest_end(msg, data);
	nla_nest_end(msg, info);
	return nl_request(sk, msg);
}

static struct nl_addr *addr4(uint32_t a)
{
	return nl_addr_build(AF_INET, &a, 4);
}

static int set_vxlan_addr(struct rtnl_link *l, int (*set)(struct rtnl_link *, struct nl_addr *), uint32_t a)
{
	struct nl_addr *na = addr4(a);
	int r;
	if (!na)
		return -ENOMEM;
	r = set(l, na);
	nl_addr_put(na);
	return r < 0 ? -EINVAL : 0;
}

static int link_add(const char *ns, const struct link_spec *s)
{
	struct rtnl_link *l = NULL, *peer = NULL;
	struct nl_sock *sk;
	struct nl_addr *mac = NULL, *peer_mac = NULL;
	int err = 0, peer_fd = -1;

	if (!(sk = nl_route_sock(ns, &err)))
		return err;
	if (!strcmp(s->type, "bridge"))
		return bridge_add(sk, s);

	if (!strcmp(s->type, "veth")) {
		l = rtnl_link_veth_alloc();
		if (l && (peer = rtnl_link_veth_get_peer(l)) != NULL) {
			if (s->peer)
				rtnl_link_set_name(peer, s->peer);
			if (s->has_peer_mac) {
				if (!(peer_mac = nl_addr_build(AF_LLC, s->peer_mac, 6))) {
					err = -ENOMEM;
					goto out;
				}
				rtnl_link_set_addr(peer, peer_mac);
			}
			if (s->peer_ns && strcmp(s->peer_ns, ns ? ns : "")) {
				if ((peer_fd = ns_open(s->peer_ns)) < 0) {
					err = peer_fd;
					goto out;
				}
				rtnl_link_set_ns_fd(peer, peer_fd);
			}
		}
	} else if (!strcmp(s->type, "macvlan")) {
		l = rtnl_link_macvlan_alloc();
		if (l && s->mode >= 0)
			rtnl_link_macvlan_set_mode(l, (uint32_t)s->mode);
	} else if (!strcmp(s->type, "ipvlan")) {
		l = rtnl_link_ipvlan_alloc();
		if (l && s->mode >= 0)
			rtnl_link_ipvlan_set_mode(l, (uint16_t)s->mode);
	} else if (!strcmp(s->type, "vxlan")) {
		l = rtnl_link_vxlan_alloc();
		if (l) {
			rtnl_link_vxlan_set_id(l, s->id);
			if (s->dstport != 0)
				rtnl_link_vxlan_set_port(l, (uint32_t)(s->dstport < 0 ? VXLAN_DEFAULT_PORT : s->dstport));
			if (s->remote || s->group)
				err = set_vxlan_addr(l, rtnl_link_vxlan_set_group, s->remote ? s->remote : s->group);
			if (!err && s->local)
				err = set_vxlan_addr(l, rtnl_link_vxlan_set_local, s->local);
			if (s->parent)
				rtnl_link_vxlan_set_link(l, (uint32_t)s->parent);
			if (s->ttl >= 0)
				rtnl_link_vxlan_set_ttl(l, (uint8_t)s->ttl);
			if (err)
				goto out;
		}
	} else if (!strcmp(s->type, "ipip")) {
		l = rtnl_link_ipip_alloc();
		if (l) {
			if (s->local)
				rtnl_link_ipip_set_local(l, s->local);
			if (s->remote)
				rtnl_link_ipip_set_remote(l, s->remote);
			if (s->ttl >= 0)
				rtnl_link_ipip_set_ttl(l, (uint8_t)s->ttl);
			if (s->parent)
				rtnl_link_ipip_set_link(l, (uint32_t)s->parent);
		}
	} else {
		l = rtnl_link_alloc();
		if (l && (err = rtnl_link_set_type(l, s->type)) < 0) {
			err = nl_result(NULL, err);
			goto out;
		}
	}
	if (!l) {
		err = -ENOMEM;
		goto out;
	}
	rtnl_link_set_name(l, s->name);
	if (s->mtu)
		rtnl_link_set_mtu(l, (unsigned)s->mtu);
	if (s->has_mac) {
		if (!(mac = nl_addr_build(AF_LLC, s->mac, 6))) {
			err = -ENOMEM;
			goto out;
		}
		rtnl_link_set_addr(l, mac);
	}
	if ((!strcmp(s->type, "macvlan") || !strcmp(s->type, "ipvlan")) && s->parent)
		rtnl_link_set_link(l, s->parent);
	if (s->up)
		rtnl_link_set_flags(l, IFF_UP);
	if (s->ns_fd >= 0)
		rtnl_link_set_ns_fd(l, s->ns_fd);
	nl_clear_extack();
	err = rtnl_link_add(sk, l, NLM_F_CREATE | NLM_F_EXCL);
	err = err < 0 ? nl_result(sk, err) : 0;
out:
	if (mac)
		nl_addr_put(mac);
	if (peer_mac)
		nl_addr_put(peer_mac);
	if (peer)
		rtnl_link_put(peer);    /* libnl 3.7: get_peer takes a reference */
	if (l) {
		if (!strcmp(s->type, "veth"))
			rtnl_link_veth_release(l);
		else
			rtnl_link_put(l);
	}
	if (peer_fd >= 0)
		close(peer_fd);
	return err;
}

/* ---- changing and deleting ------------------------------------------------ */

struct link_change {
	int up;                 /* -1 unchanged */
	int mtu;                /* 0 unchanged */
	int has_mac; uint8_t mac[6];
	const char *name;       /* NULL unchanged */
	int netns_fd;           /* -1 unchanged */
	int master;             /* -1 unchanged, 0 release */
	const char *kind;       /* with has_mode: "macvlan" or "ipvlan", mode changed in place */
	int has_mode; uint32_t mode;
};

static int link_change(const char *ns, int ifindex, const struct link_change *c)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct nl_sock *sk;
	struct nl_msg *msg;
	int err = 0;

	if (!(sk = nl_route_sock(ns, &err)))
		return err;
	if (c->up >= 0) {
		ifi.ifi_change = IFF_UP;
		ifi.ifi_flags = c->up ? IFF_UP : 0;
	}
	msg = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK);
	if (!msg)
		return -ENOMEM;
	if (nlmsg_append(msg, &ifi, sizeof ifi, NLMSG_ALIGNTO) < 0 ||
	    (c->mtu && nla_put_u32(msg, IFLA_MTU, (uint32_t)c->mtu) < 0) ||
	    (c->has_mac && nla_put(msg, IFLA_ADDRESS, 6, c->mac) < 0) ||
	    (c->name && nla_put_string(msg, IFLA_IFNAME, c->name) < 0) ||
	    (c->netns_fd >= 0 && nla_put_u32(msg, IFLA_NET_NS_FD, (uint32_t)c->netns_fd) < 0) ||
	    (c->master >= 0 && nla_put_u32(msg, IFLA_MASTER, (uint32_t)c->master) < 0)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	if (c->has_mode) {
		/* `ip link set DEV type macvlan mode M`: the kind's changelink */
		struct nlattr *info, *data;
		int macvlan = !strcmp(c->kind, "macvlan");
		if (!(info = nla_nest_start(msg, IFLA_LINKINFO)) ||
		    nla_put_string(msg, IFLA_INFO_KIND, c->kind) < 0 ||
		    !(data = nla_nest_start(msg, IFLA_INFO_DATA)) ||
		    (macvlan ? nla_put_u32(msg, IFLA_MACVLAN_MODE, c->mode)
			     : nla_put_u16(msg, IFLA_IPVLAN_MODE, (uint16_t)c->mode)) < 0) {
			nlmsg_free(msg);
			return -ENOMEM;
		}
		nla_nest_end(msg, data);
		nla_nest_end(msg, info);
	}
	return nl_request(sk, msg);
}

static int link_del(const char *ns, int ifindex)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct nl_sock *sk;
	struct nl_msg *msg;
	int err = 0;

	if (!(sk = nl_route_sock(ns, &err)))
		return err;
	msg = nlmsg_alloc_simple(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK);
	if (!msg)
		return -ENOMEM;
	if (nlmsg_append(msg, &ifi, sizeof ifi, NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return nl_request(sk, msg);
}

/* ---- settling ------------------------------------------------------------- */

/* Is the namespace's link state final enough for a first packet to pass?
 * Returns 1 and leaves *why empty, or 0 with the reason. */
static int settled(const struct link_info *v, int n, char *why, size_t len)
{
	int i;
	for (i = 0; i < n; i++) {
		const struct link_info *li = &v[i], *br;
		if (!(li->flags & IFF_UP))
			continue;
		if (!(li->flags & IFF_LOWER_UP)) {
			/* No carrier: final once the kernel's link watch has said so
			 * (UNKNOWN here means it has not run yet). */
			if (li->operstate == IF_OPER_UNKNOWN) {
				snprintf(why, len, "%s is up but its state is not known yet", li->name);
				return 0;
			}
			continue;
		}
		/* UNKNOWN is final for devices whose carrier never changed (lo, dummy,
		 * vxlan, tunnels); after a carrier change it means the link watch
		 * has not run yet. */
		if (li->operstate != IF_OPER_UP &&
		    (li->operstate != IF_OPER_UNKNOWN || li->carrier_changes > 0)) {
			snprintf(why, len, "%s has carrier but is still %s", li->name,
				 operstate_name(li->operstate));
			return 0;
		}
		if (!strcmp(li->qdisc, "noop")) {
			snprintf(why, len, "%s has no queue yet", li->name);
			return 0;
		}
		if (li->master && li->has_port_state && (br = by_index(v, n, li->master)) &&
		    (br->flags & IFF_UP) && li->port_state != BR_STATE_FORWARDING &&
		    !(br->stp && li->port_state == BR_STATE_BLOCKING)) {
			snprintf(why, len, "%s: port %s is %s, not forwarding yet%s", br->name,
				 li->name, port_state_name(li->port_state),
				 br->stp ? " (STP is on: a port needs two forward delays)" : "");
			return 0;
		}
	}
	why[0] = '\0';
	return 1;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The kernel's link watch applies a carrier change (activating the device's
 * transmit queue, setting its operstate) up to a second later for devices it
 * does not deem urgent, bridges among them; ETHTOOL_GLINK makes it apply the
 * pending change of that device now (ethtool_op_get_link syncs the link watch). */
static void sync_link_watch(const char *ns, const struct link_info *v, int n)
{
	struct ns_scope sc;
	int i, fd;
	if (ns_enter(ns, &sc) < 0)
		return;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ns_leave(&sc);
	if (fd < 0)
		return;
	for (i = 0; i < n; i++) {
		struct ethtool_value ev = { .cmd = ETHTOOL_GLINK };
		struct ifreq ifr;
		if (!(v[i].flags & IFF_UP))
			continue;
		memset(&ifr, 0, sizeof ifr);
		snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", v[i].name);
		ifr.ifr_data = (char *)&ev;
		ioctl(fd, SIOCETHTOOL, &ifr);
	}
	close(fd);
}

static int links_settle(const char *ns, double timeout, char *why, size_t len)
{
	double end = now_s() + timeout;
	int synced = 0;
	for (;;) {
		struct link_info *v;
		int n = link_dump_all(ns, &v), ok;
		if (n < 0)
			return n;
		ok = settled(v, n, why, len);
		if (!ok && !synced) {
			sync_link_watch(ns, v, n);
			synced = 1;
			free(v);
			continue;
		}
		free(v);
		if (ok)
			return 0;
		if (now_s() >= end)
			return -ETIMEDOUT;
		if (nl_interrupted)
			return -EINTR;
		poll(NULL, 0, 10);
	}
}

struct settle_ctx { double end; int err; };

static void settle_one(const char *name, void *arg)
{
	struct settle_ctx *c = arg;
	char why[160];
	double left = c->end - now_s();
	int r;
	if (c->err)
		return;
	r = links_settle(name, left > 0 ? left : 0, why, sizeof why);
	if (r < 0 && r != -ENOENT)
		c->err = r;
}

/* Every namespace of the lab, the host first: probes call this before their
 * first packet so that it is not lost to a link the kernel has not finished
 * bringing up (a qdisc still noop, a bridge port still learning). */
int lab_settle(double timeout)
{
	struct settle_ctx c = { now_s() + timeout, 0 };
	settle_one("", &c);
	ns_list(settle_one, &c);
	return c.err;
}

/* ---- Lua bindings --------------------------------------------------------- */

static int fail_kind_missing(lua_State *L, const char *type)
{
	const struct kind_desc *k;
	nl_clear_extack();
	for (k = kinds; k->type; k++)
		if (!strcmp(k->type, type))
			return l_fail(L, -EOPNOTSUPP, "%s need a kernel with %s (module %s); this kernel has none",
				      k->noun, k->config, k->module);
	return l_fail(L, -EOPNOTSUPP, "%s: this kernel has no such device type", type);
}

static int fail_name(lua_State *L, const char *name, int r)
{
	if (r == -ERANGE)
		return l_fail(L, -EINVAL, "%s: name longer than 15 bytes", name);
	return l_fail(L, -EINVAL, "'%s': not a valid device name (1-15 bytes, no '/', ':' or spaces)", name);
}

/* Optional string field that must parse as an IPv4 address */
static int opt_ipv4(lua_State *L, int t, const char *k, uint32_t *out, const char **bad)
{
	const char *s = l_optfield_str(L, t, k, NULL);
	*out = 0;
	if (!s)
		return 0;
	if (parse_ipv4(s, out) < 0) {
		*bad = s;
		return -EINVAL;
	}
	return 0;
}

/* The kernel refuses a passthru macvlan beside any other macvlan on the same
 * parent with a bare EINVAL; say why (children already moved elsewhere are not
 * seen here, the kernel's EINVAL still covers them). */
static int macvlan_conflict(lua_State *L, const char *ns, const char *parent_name, int parent, int mode)
{
	struct link_info *v;
	int i, n = link_dump_all(ns, &v), r = 0;
	for (i = 0; i < n && !r; i++) {
		if (strcmp(v[i].kind, "macvlan") || !v[i].has_link || v[i].has_netnsid || v[i].link != parent)
			continue;
		if (mode == MACVLAN_MODE_PASSTHRU)
			r = l_fail(L, -EINVAL, "%s: a passthru macvlan must be its parent's only macvlan (%s is already on it)",
				   parent_name, v[i].name);
		else if (v[i].has_mode && v[i].mode == MACVLAN_MODE_PASSTHRU)
			r = l_fail(L, -EINVAL, "%s: has a passthru macvlan (%s); no other macvlan can join it",
				   parent_name, v[i].name);
	}
	if (n > 0)
		free(v);
	return r;
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
	const struct kind_desc *k;
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

	if (!s.name)
		return l_fail(L, -EINVAL, "link_add: name= is required");
	if ((r = check_ifname(s.name)) < 0)
		return fail_name(L, s.name, r);
	if (!s.type)
		return l_fail(L, -EINVAL, "%s: type= is required (veth, bridge, macvlan, ipvlan, vxlan, ipip, dummy)", s.name);
	for (k = kinds; k->type && strcmp(k->type, s.type); k++)
		;
	if (!k->type)
		return l_fail(L, -EINVAL, "%s: unknown device type '%s' (use veth, bridge, macvlan, ipvlan, vxlan, ipip or dummy)",
			      s.name, s.type);
	if (!(sk = nl_route_sock(ns, &r)))
		return l_fail_dev(L, r, ns, s.name);
	if (target_ns && !ns_is_host(target_ns) && !ns_exists(target_ns))
		return l_fail(L, -ENOENT, "%s: no such namespace (netns=)", target_ns);
	if (link_find(target_ns ? target_ns : ns, s.name, &li) == 0)
		return l_fail(L, -EEXIST, "%s: a device with this name already exists %s", s.name,
			      where_ns(target_ns ? target_ns : ns));
	if (mtu != LUA_MININTEGER && (mtu < 1 || mtu > 65535 * 4))
		return l_fail(L, -EINVAL, "%s: mtu %lld out of range", s.name, (long long)mtu);
	s.mtu = mtu == LUA_MININTEGER ? 0 : (int)mtu;
	if (mac && parse_mac(mac, s.mac) < 0)
		return l_fail(L, -EINVAL, "%s: not a MAC address (want aa:bb:cc:dd:ee:ff)", mac);
	s.has_mac = mac != NULL;
	if (s.has_mac && (s.mac[0] & 1))
		return l_fail(L, -EINVAL, "%s: a multicast MAC address cannot be a device's address", mac);

	/* which options make sense for which type */
	if (strcmp(s.type, "veth") && (s.peer || s.peer_ns || peer_mac))
		return l_fail(L, -EINVAL, "%s: peer=, peer_ns= and peer_address= are for type veth only", s.name);
	if (peer_mac && parse_mac(peer_mac, s.peer_mac) < 0)
		return l_fail(L, -EINVAL, "%s: not a MAC address (want aa:bb:cc:dd:ee:ff)", peer_mac);
	s.has_peer_mac = peer_mac != NULL;
	if (s.has_peer_mac && (s.peer_mac[0] & 1))
		return l_fail(L, -EINVAL, "%s: a multicast MAC address cannot be a device's address", peer_mac);
	if (strcmp(s.type, "vxlan") && (id >= 0 || port >= 0))
		return l_fail(L, -EINVAL, "%s: id= and dstport= are for type vxlan only", s.name);
	if (strcmp(s.type, "macvlan") && strcmp(s.type, "ipvlan") && mode)
		return l_fail(L, -EINVAL, "%s: mode= is for macvlan and ipvlan only", s.name);
	if (strcmp(s.type, "bridge") && s.stp)
		return l_fail(L, -EINVAL, "%s: stp= is for type bridge only", s.name);
	if (strcmp(s.type, "vxlan") && strcmp(s.type, "ipip")) {
		const char *t = l_optfield_str(L, 2, "remote", NULL) ? "remote" :
			l_optfield_str(L, 2, "local", NULL) ? "local" :
			l_optfield_str(L, 2, "group", NULL) ? "group" : ttl >= 0 ? "ttl" : NULL;
		if (t)
			return l_fail(L, -EINVAL, "%s: %s= is for vxlan and ipip tunnels only", s.name, t);
	}
	if (strcmp(s.type, "macvlan") && strcmp(s.type, "ipvlan") && strcmp(s.type, "vxlan") &&
	    strcmp(s.type, "ipip") && link_name)
		return l_fail(L, -EINVAL, "%s: link= (a parent device) is for macvlan, ipvlan, vxlan and ipip", s.name);

	if (link_name) {
		if (link_find(ns, link_name, &li) < 0)
			return l_fail(L, -ENODEV, "%s: no such device %s (the parent given as link=)",
				      link_name, where_ns(ns));
		s.parent = li.ifindex;
	}
	if (!strcmp(s.type, "veth")) {
		const char *pns = s.peer_ns ? s.peer_ns : ns;
		if (s.peer && (r = check_ifname(s.peer)) < 0)
			return fail_name(L, s.peer, r);
		if (s.peer_ns && !ns_is_host(s.peer_ns) && !ns_exists(s.peer_ns))
			return l_fail(L, -ENOENT, "%s: no such namespace", s.peer_ns);
		if (s.peer && !strcmp(s.peer, s.name) &&
		    !strcmp(pns ? pns : "", target_ns ? target_ns : ns ? ns : ""))
			return l_fail(L, -EEXIST, "%s: the two ends of a veth pair need different names", s.name);
		if (s.peer && link_find(pns, s.peer, &li) == 0)
			return l_fail(L, -EEXIST, "%s: a device with this name already exists %s (peer=)",
				      s.peer, where_ns(pns));
	} else if (!strcmp(s.type, "macvlan") || !strcmp(s.type, "ipvlan")) {
		int is_mac = !strcmp(s.type, "macvlan");
		if (!link_name)
			return l_fail(L, -EINVAL, "%s: a %s needs a parent device: link=DEV", s.name, s.type);
		if (mode) {
			s.mode = is_mac ? rtnl_link_macvlan_str2mode(mode) : rtnl_link_ipvlan_str2mode(mode);
			if (s.mode < 0 || (is_mac && !strcmp(mode, "source")))
				return l_fail(L, -EINVAL, "%s: unknown %s mode '%s' (use %s)", s.name, s.type, mode,
					      is_mac ? "private, vepa, bridge or passthru" : "l2, l3 or l3s");
		} else {
			s.mode = is_mac ? MACVLAN_MODE_VEPA : IPVLAN_MODE_L3;
		}
		if (is_mac && (r = macvlan_conflict(L, ns, link_name, s.parent, s.mode)))
			return r;
	} else if (!strcmp(s.type, "vxlan") || !strcmp(s.type, "ipip")) {
		int vx = !strcmp(s.type, "vxlan");
		if (opt_ipv4(L, 2, "remote", &s.remote, &bad) < 0 ||
		    opt_ipv4(L, 2, "local", &s.local, &bad) < 0 ||
		    opt_ipv4(L, 2, "group", &s.group, &bad) < 0)
			return l_fail(L, -EINVAL, "%s: not an IPv4 address", bad);
		if (ttl > 255)
			return l_fail(L, -EINVAL, "%s: ttl %lld out of range 0-255", s.name, (long long)ttl);
		s.ttl = (int)ttl;
		if (s.remote && IN_MULTICAST(ntohl(s.remote)))
			return l_fail(L, -EINVAL, "%s: remote= must be a unicast address (use group= for multicast)", s.name);
		if (vx) {
			if (id < 0)
				return l_fail(L, -EINVAL, "%s: a vxlan needs its VNI: id=N (0-16777215)", s.name);
			if (id > 0xffffff)
				return l_fail(L, -EINVAL, "%s: VNI %lld out of range 0-16777215", s.name, (long long)id);
			s.id = (uint32_t)id;
			if (port > 65535)
				return l_fail(L, -EINVAL, "%s: dstport %lld out of range 0-65535", s.name, (long long)port);
			s.dstport = (int)port;
			if (s.group && !IN_MULTICAST(ntohl(s.group)))
				return l_fail(L, -EINVAL, "%s: group= must be a multicast address (use remote= for unicast)", s.name);
			if (s.group && s.remote)
				return l_fail(L, -EINVAL, "%s: give remote= or group=, not both", s.name);
			if (s.group && !link_name)
				return l_fail(L, -EINVAL, "%s: a multicast group needs a device: link=DEV", s.name);
		} else if (s.group) {
			return l_fail(L, -EINVAL, "%s: group= is for vxlan only", s.name);
		}
	}

	if (target_ns && (s.ns_fd = ns_open(target_ns)) < 0)
		return l_fail(L, s.ns_fd, "%s: cannot open namespace: %s", target_ns, strerror(-s.ns_fd));
	r = link_add(ns, &s);
	if (s.ns_fd >= 0)
		close(s.ns_fd);
	if (r == -EOPNOTSUPP && (!nl_last_extack()[0] || strstr(nl_last_extack(), "Unknown device type"))) {
		if (!strcmp(s.type, "ipip") && s.remote && target_ns)
			return l_fail(L, -EOPNOTSUPP, "%s: this kernel has no ipip (CONFIG_NET_IPIP); netlearn's "
				      "user-space stand-in is made where it runs: create it inside %s instead of netns=",
				      s.name, target_ns);
		if (!strcmp(s.type, "ipip") && s.remote)
			return add_userspace_ipip(L, ns, &s);
		if (!strcmp(s.type, "ipip"))
			return l_fail(L, -EOPNOTSUPP, "%s: this kernel has no ipip (CONFIG_NET_IPIP, module ipip), and "
				      "netlearn's user-space stand-in needs the far end: remote=ADDR", s.name);
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

	if ((r = link_find(ns, dev, &li)) < 0)
		return l_fail_dev(L, r, ns, dev);
	if (kind || mode) {
		int m;
		if (!kind || !mode || (strcmp(kind, "macvlan") && strcmp(kind, "ipvlan")))
			return l_fail(L, -EINVAL, "%s: type= and mode= go together, for a macvlan or an ipvlan", dev);
		if (strcmp(li.kind, kind))
			return l_fail(L, -EOPNOTSUPP, "%s: it is %s %s, not a %s; only a %s's mode can change in place",
				      dev, li.kind[0] ? "a" : "a device of no", li.kind[0] ? li.kind : "kind", kind, kind);
		m = !strcmp(kind, "macvlan") ? rtnl_link_macvlan_str2mode(mode) : rtnl_link_ipvlan_str2mode(mode);
		if (m < 0 || (!strcmp(kind, "macvlan") && !strcmp(mode, "source")))
			return l_fail(L, -EINVAL, "%s: unknown %s mode '%s' (use %s)", dev, kind, mode,
				      !strcmp(kind, "macvlan") ? "private, vepa, bridge or passthru" : "l2, l3 or l3s");
		c.kind = kind;
		c.has_mode = 1;
		c.mode = (uint32_t)m;
	}
	if (mtu != LUA_MININTEGER) {
		if (mtu < 1 || (li.min_mtu && mtu < li.min_mtu) || (li.max_mtu && mtu > li.max_mtu))
			return l_fail(L, -EINVAL, "%s: mtu %lld out of range %u-%u", dev, (long long)mtu,
				      li.min_mtu, li.max_mtu);
		c.mtu = (int)mtu;
	}
	if (mac) {
		if (parse_mac(mac, c.mac) < 0)
			return l_fail(L, -EINVAL, "%s: not a MAC address (want aa:bb:cc:dd:ee:ff)", mac);
		if (c.mac[0] & 1)
			return l_fail(L, -EINVAL, "%s: a multicast MAC address cannot be a device's address", mac);
		if (li.addrlen != 6)
			return l_fail(L, -EOPNOTSUPP, "%s: this device has no Ethernet address to set", dev);
		c.has_mac = 1;
	}
	if (c.name) {
		if ((r = check_ifname(c.name)) < 0)
			return fail_name(L, c.name, r);
		if (!strcmp(c.name, dev))
			c.name = NULL;
	}
	if (target_ns) {
		if (!ns_is_host(target_ns) && !ns_exists(target_ns))
			return l_fail(L, -ENOENT, "%s: no such namespace", target_ns);
		if (!strcmp(target_ns, ns) )
			target_ns = NULL;
	}
	if (c.name && link_find(target_ns ? target_ns : ns, c.name, &other) == 0)
		return l_fail(L, -EEXIST, "%s: a device with this name already exists %s", c.name,
			      where_ns(target_ns ? target_ns : ns));
	if (target_ns && !c.name && link_find(target_ns, dev, &other) == 0)
		return l_fail(L, -EEXIST, "%s: a device with this name already exists %s; rename it with name= while moving",
			      dev, where_ns(target_ns));
	/* Renaming a device that is up: kernels before 6.9 say EBUSY, later ones allow it. */

	lua_getfield(L, 3, "master");
	if (lua_type(L, -1) == LUA_TSTRING) {
		const char *m = lua_tostring(L, -1);
		if (target_ns)
			return l_fail(L, -EINVAL, "%s: master= and netns= cannot be combined", dev);
		if (link_find(ns, m, &other) < 0)
			return l_fail(L, -ENODEV, "%s: no such device %s (the master)", m, where_ns(ns));
		if (other.ifindex == li.ifindex)
			return l_fail(L, -ELOOP, "%s: a device cannot be its own master", dev);
		if (strcmp(other.kind, "bridge") && strcmp(other.kind, "bond") &&
		    strcmp(other.kind, "team") && strcmp(other.kind, "vrf"))
			return l_fail(L, -EOPNOTSUPP, "%s: cannot be a master (only a bridge, bond or vrf can); "
				      "give a bridge as master=", m);
		if (!strcmp(li.kind, "bridge") && !strcmp(other.kind, "bridge"))
			return l_fail(L, -ELOOP, "%s: a bridge cannot be a port of another bridge", dev);
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
		push_link(L, &v[i], v, n, &map);
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
	push_link(L, &v[0], v, n, peer ? &map : NULL);
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
	end = now_s() + timeout;
	for (i = 1; i <= n; i++) {
		const char *ns;
		double left = end - now_s();
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
	{"link_get", l_link_get},
	{"link_list", l_link_list},
	{"links_settle", l_links_settle},
	{NULL, NULL}
};
