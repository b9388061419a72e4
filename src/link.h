/*
 * link.h -- the link family: what link.c (the primitives) shares with its
 * bindings (l_link.c, l_link_push.c), settle.c and addr.c (and any other family
 * that needs to name a device): a parsed RTM_NEWLINK record, dumps, lookups by
 * name, create/change/delete, and the small netlink request helpers (nlreq.c)
 * and Lua failure words (l_spec.c) several families use.
 */
#ifndef LINK_H
#define LINK_H

struct lua_State;   /* the binding half below; primitives need no Lua */

#include <stdint.h>
#define LINK_NAMSIZ 16  /* IFNAMSIZ, without <net/if.h> (it clashes with <linux/if.h>) */
#include "netlearn.h"

struct nl_msg;

struct link_info {
	int ifindex;
	char name[LINK_NAMSIZ];
	char kind[24];          /* IFLA_INFO_KIND, "" if none */
	char slave_kind[24];    /* IFLA_INFO_SLAVE_KIND ("bridge" for a bridge port) */
	char qdisc[32];
	unsigned flags;         /* ifi_flags */
	unsigned short arptype; /* ifi_type */
	int operstate;
	uint32_t mtu, min_mtu, max_mtu, txqlen, group, promiscuity;
	uint32_t carrier_changes;
	int has_mtu_range;
	uint8_t addr[32], brd[32];
	int addrlen, brdlen;
	int master;             /* 0 if none */
	int has_link, link;     /* IFLA_LINK: peer / parent ifindex */
	int has_netnsid, netnsid;
	/* kind-specific */
	int has_mode; uint32_t mode;           /* macvlan (bit values) / ipvlan (0,1,2) */
	int has_id; uint32_t id;               /* vxlan VNI, vlan id */
	int has_dstport; uint16_t dstport;     /* host order */
	uint32_t local, remote, group_addr;    /* network order, 0 = none */
	int has_ttl; uint8_t ttl;
	uint32_t tun_link;                     /* vxlan/ipip underlying device */
	int has_stp; uint32_t stp;             /* bridge */
	uint32_t kdata[4];                     /* owned by the kind's file (kind_vlan.c) */
	int has_port_state; uint8_t port_state;/* bridge port */
	char alias[128];        /* IFLA_IFALIAS: marks netlearn's user-space ipip */
	int has_stats;          /* IFLA_STATS64, for `ip -s link` */
	/* bridge port options (IFLA_INFO_SLAVE_DATA), -1 = not reported; see brport_opts */
	int brport[16];
	int port_no, port_priority, port_cost;  /* 0 = not a bridge port */
	uint64_t st[24];        /* struct rtnl_link_stats64's first 24 counters, in its order */
};

/* The bridge port options `bridge -d link` prints, in its order (u8 each;
 * mcast_router a number, the others on/off); link_info.brport[k] is the value
 * of brport_opts[k]. NULL-ended. */
struct brport_opt { int attr; const char *name; };
extern const struct brport_opt brport_opts[];

/* All links of namespace NS (ordered by ifindex as the kernel dumps them).
 * *out is malloc'ed; the caller frees it. Returns the count or -errno. */
int link_dump_all(const char *ns, struct link_info **out);
/* One link by name (0, -ENODEV, -ENOENT for a missing namespace) */
int link_find(const char *ns, const char *name, struct link_info *li);
/* One link by NAME (or by IFINDEX when NAME is NULL) with a single RTM_GETLINK. */
int link_get_one(const char *ns, const char *name, int ifindex, struct link_info *li);
/* The link of V (N of them) with IFINDEX, or NULL */
const struct link_info *link_by_index(const struct link_info *v, int n, int ifindex);
/* iproute2's words for an operstate (IF_OPER_*) and a bridge port state */
const char *link_operstate_name(int s);
const char *link_port_state_name(int s);

/* What link_add() creates (l_link.c fills it from a checked spec table) */
struct link_spec {
	const char *name, *type, *peer, *peer_ns;
	int ns_fd;                  /* -1: made where asked; else IFLA_NET_NS_FD (netns=) */
	int parent;                 /* the underlying ifindex (link=) */
	int mode;                   /* -1 default */
	int has_id; uint32_t id;    /* vxlan VNI, vlan id */
	uint32_t remote, local, group;
	int dstport;                /* -1 default */
	int ttl;                    /* -1 default */
	int mtu;                    /* 0 default */
	int has_mac; uint8_t mac[6];
	int has_peer_mac; uint8_t peer_mac[6];
	int stp, up;
};

/* What link_change() changes, in one RTM_NEWLINK */
struct link_change {
	int up;                 /* -1 unchanged */
	int mtu;                /* 0 unchanged */
	int has_mac; uint8_t mac[6];
	const char *name;       /* NULL unchanged */
	int netns_fd;           /* -1 unchanged */
	int master;             /* -1 unchanged, 0 release */
	const char *kind;       /* with has_mode: a kind with modes (kind.h), mode changed in place */
	int has_mode; uint32_t mode;
};

/* Create, change (by ifindex), delete: 0 or -errno. */
int link_add(const char *ns, const struct link_spec *s);
int link_change(const char *ns, int ifindex, const struct link_change *c);
int link_del(const char *ns, int ifindex);
/* (link_del.c) Delete every device of GROUP in NS, the N devices IFINDEXES
 * (those put in the group): 0 or -errno, returned once all of them are gone
 * (or the kernel answered). */
int link_del_group(const char *ns, uint32_t group, const int *ifindexes, int n);
/* Delete the N devices IFINDEXES of NS in one kernel batch (through a device
 * group: one unregister for all); those that stay get GROUPS[i] back. 0 or
 * -errno of the group's deletion (a device already gone is no error). */
int link_del_many(const char *ns, const int *ifindexes, const uint32_t *groups, int n);

/* Wait (at most TIMEOUT s) until the links of NS can pass a first packet
 * (settle.c): 0, -ETIMEDOUT with the reason in WHY, -EINTR, or -errno. */
int links_settle(const char *ns, double timeout, char *why, size_t len);
/* Seconds on the monotonic clock, the clock of links_settle's timeouts */
double settle_clock(void);

/* Push link LI as a Lua table (l_link_push.c); V/N are links of its namespace
 * (at least its master and the device it sits on, to name them); MAP names the
 * peer namespace of a veth (NULL: do not look). */
struct nsid_map;
void l_push_link(struct lua_State *L, const struct link_info *li,
		 const struct link_info *v, int n, struct nsid_map *map);

/* Send MSG (freed) on the namespace's socket, wait for the ACK: 0 or -errno. */
int nl_request(struct nl_sock *sk, struct nl_msg *msg);
/* Send a dump request MSG (freed), call FN for each answer message. */
int nl_dump_each(struct nl_sock *sk, struct nl_msg *msg,
	    int (*fn)(struct nl_msg *m, void *arg), void *arg);

/* "in namespace net1" / "in the host" for messages */
const char *where_ns(const char *ns);
/* Fail with the right words for a device lookup error (-ENODEV / -ENOENT ns). */
int l_fail_dev(struct lua_State *L, int err, const char *ns, const char *dev);

#endif
