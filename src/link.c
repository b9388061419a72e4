/*
 * link.c -- the link primitives: network devices (veth pairs, bridges,
 * macvlan, ipvlan, vxlan, ipip, dummy) created, changed (up/down, mtu, MAC,
 * rename, move, enslave) and deleted; dumps and lookups with the details that
 * `ip -d link` shows. Each returns 0 or -errno; the Lua bindings and their
 * words are in l_link.c, links_settle() in settle.c.
 *
 * Creation, changes and dumps are small rtnetlink messages built with libnl
 * (one request, so a failure leaves nothing behind), parsed here so that
 * every attribute `ip -d link` prints is available. What belongs to one kind
 * (its IFLA_INFO_DATA) is in its file, kind_<name>.c, found through kind.h.
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
#include <linux/if_tunnel.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include "link.h"
#include "kind.h"

/* ---- parsing RTM_NEWLINK -------------------------------------------------- */

static void copy_str(char *dst, size_t n, struct nlattr *a)
{
	snprintf(dst, n, "%.*s", (int)nla_len(a), (const char *)nla_data(a));
	dst[strcspn(dst, "")] = '\0';
}

static void parse_info_data(struct link_info *li, struct nlattr *data)
{
	const struct link_kind *k = link_kind_reading(li->kind);
	struct nlattr *tb[64 + 1];
	if (!k || !k->parse || k->data_max > 64)
		return;
	memset(tb, 0, sizeof tb);
	if (nla_parse_nested(tb, k->data_max, data, NULL) < 0)
		return;
	k->parse(li, tb);
}

/* The bridge port options `bridge -d link` prints, in its order (u8 each;
 * mcast_router a number, the others on/off). */
const struct brport_opt brport_opts[] = {
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

const struct link_info *link_by_index(const struct link_info *v, int n, int ifindex)
{
	int i;
	for (i = 0; i < n; i++)
		if (v[i].ifindex == ifindex)
			return &v[i];
	return NULL;
}

/* One link by NAME (or by IFINDEX when NAME is NULL) with a single RTM_GETLINK:
 * the cost does not grow with the number of links in the namespace. */
int link_get_one(const char *ns, const char *name, int ifindex, struct link_info *li)
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

/* ---- names of kernel values (settle.c and l_link_push.c use them) --------- */

const char *link_operstate_name(int s)
{
	static const char *const names[] = {
		"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"
	};
	return s >= 0 && s < 7 ? names[s] : "UNKNOWN";
}

const char *link_port_state_name(int s)
{
	static const char *const names[] = { "disabled", "listening", "learning", "forwarding", "blocking" };
	return s >= 0 && s < 5 ? names[s] : "unknown";
}

/* ---- creating ------------------------------------------------------------- */

/* One RTM_NEWLINK: the generic attributes here, IFLA_INFO_DATA by the kind */
int link_add(const char *ns, const struct link_spec *s)
{
	const struct link_kind *k = link_kind_find(s->type);
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nlattr *info, *data;
	struct nl_sock *sk;
	struct nl_msg *msg;
	int err = 0, fd = -1;

	if (!k)
		return -EOPNOTSUPP;
	if (!(sk = nl_route_sock(ns, &err)))
		return err;
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
	    ((k->opts & KO_PARENT_IS_LINK) && s->parent &&
	     nla_put_u32(msg, IFLA_LINK, (uint32_t)s->parent) < 0) ||
	    (s->ns_fd >= 0 && nla_put_u32(msg, IFLA_NET_NS_FD, (uint32_t)s->ns_fd) < 0) ||
	    !(info = nla_nest_start(msg, IFLA_LINKINFO)) ||
	    nla_put_string(msg, IFLA_INFO_KIND, k->name) < 0) {
		err = -ENOMEM;
		goto out;
	}
	if (k->put_new) {
		if (!(data = nla_nest_start(msg, IFLA_INFO_DATA))) {
			err = -ENOMEM;
			goto out;
		}
		if ((err = k->put_new(msg, s, ns, &fd)) < 0)
			goto out;
		nla_nest_end(msg, data);
	}
	nla_nest_end(msg, info);
	err = nl_request(sk, msg);
	msg = NULL;     /* nl_request frees it */
out:
	if (msg)
		nlmsg_free(msg);
	if (fd >= 0)
		close(fd);
	return err;
}

/* ---- changing and deleting ------------------------------------------------ */

int link_change(const char *ns, int ifindex, const struct link_change *c)
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
		const struct link_kind *k = link_kind_find(c->kind);
		struct nlattr *info, *data;
		if (!k || !k->put_mode) {
			nlmsg_free(msg);
			return -EOPNOTSUPP;
		}
		if (!(info = nla_nest_start(msg, IFLA_LINKINFO)) ||
		    nla_put_string(msg, IFLA_INFO_KIND, c->kind) < 0 ||
		    !(data = nla_nest_start(msg, IFLA_INFO_DATA)) ||
		    k->put_mode(msg, c->mode) < 0) {
			nlmsg_free(msg);
			return -ENOMEM;
		}
		nla_nest_end(msg, data);
		nla_nest_end(msg, info);
	}
	return nl_request(sk, msg);
}

/* link_del: link_del.c */

/* The device group link_del_many puts devices in for the time of one request.
 * netlearn sets no other group, so no device of a lab is in it already. */
#define LINK_DEL_GROUP 0x6e6c6472u      /* "nldr" */

/* One RTM_NEWLINK/RTM_DELLINK carrying IFLA_GROUP: the group of IFINDEX set
 * to GROUP, or (IFINDEX 0, RTM_DELLINK) every device of GROUP deleted. */
static int link_group_request(struct nl_sock *sk, int type, int ifindex, uint32_t group)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct nl_msg *msg = nlmsg_alloc_simple(type, NLM_F_REQUEST | NLM_F_ACK);
	if (!msg)
		return -ENOMEM;
	if (nlmsg_append(msg, &ifi, sizeof ifi, NLMSG_ALIGNTO) < 0 ||
	    nla_put_u32(msg, IFLA_GROUP, group) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return nl_request(sk, msg);
}

int link_del_many(const char *ns, const int *ifindexes, const uint32_t *groups, int n)
{
	struct nl_sock *sk;
	int err = 0, i, r;

	if (!(sk = nl_route_sock(ns, &err)))
		return err;
	/* each unregister costs the kernel RCU grace periods (15-35 ms a device);
	 * a group's devices go in one unregister_netdevice_many */
	int *grouped = calloc((size_t)(n > 0 ? n : 1), sizeof *grouped), m = 0;
	if (!grouped)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		if ((r = link_group_request(sk, RTM_NEWLINK, ifindexes[i], LINK_DEL_GROUP)) < 0 && r != -ENODEV) {
			err = r;
			break;
		}
		if (r == 0)
			grouped[m++] = ifindexes[i];
	}
	/* returns once those in the group are gone, not at the kernel's answer,
	 * which waits for an RCU barrier (link_del.c) */
	if (!err)
		err = link_del_group(ns, LINK_DEL_GROUP, grouped, m);
	free(grouped);
	/* what stays (a fallback tunnel the kernel keeps, or all of them after a
	 * refusal) gets its group back */
	for (i = 0; i < n; i++)
		link_group_request(sk, RTM_NEWLINK, ifindexes[i], groups[i]);
	return err;
}
