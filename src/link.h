/*
 * link.h -- what link.c shares with addr.c (and any other family that needs to
 * name a device): a parsed RTM_NEWLINK record, dumps, lookups by name, and the
 * small netlink request helpers both files use.
 */
#ifndef LINK_H
#define LINK_H

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
	int has_id; uint32_t id;               /* vxlan VNI */
	int has_dstport; uint16_t dstport;     /* host order */
	uint32_t local, remote, group_addr;    /* network order, 0 = none */
	int has_ttl; uint8_t ttl;
	uint32_t tun_link;                     /* vxlan/ipip underlying device */
	int has_stp; uint32_t stp;             /* bridge */
	int has_port_state; uint8_t port_state;/* bridge port */
	char alias[128];        /* IFLA_IFALIAS: marks netlearn's user-space ipip */
	int has_stats;          /* IFLA_STATS64, for `ip -s link` */
	/* bridge port options (IFLA_INFO_SLAVE_DATA), -1 = not reported; see brport_opts */
	int brport[16];
	int port_no, port_priority, port_cost;  /* 0 = not a bridge port */
	uint64_t st[24];        /* struct rtnl_link_stats64's first 24 counters, in its order */
};

/* All links of namespace NS (ordered by ifindex as the kernel dumps them).
 * *out is malloc'ed; the caller frees it. Returns the count or -errno. */
int link_dump_all(const char *ns, struct link_info **out);
/* One link by name (0, -ENODEV, -ENOENT for a missing namespace) */
int link_find(const char *ns, const char *name, struct link_info *li);

/* Send MSG (freed) on the namespace's socket, wait for the ACK: 0 or -errno. */
int nl_request(struct nl_sock *sk, struct nl_msg *msg);
/* Send a dump request MSG (freed), call FN for each answer message. */
int nl_dump_each(struct nl_sock *sk, struct nl_msg *msg,
	    int (*fn)(struct nl_msg *m, void *arg), void *arg);

/* "in namespace net1" / "in the host" for messages */
const char *where_ns(const char *ns);
/* Fail with the right words for a device lookup error (-ENODEV / -ENOENT ns). */
int l_fail_dev(lua_State *L, int err, const char *ns, const char *dev);
/* Check that table IDX has no field outside KNOWN (NULL-terminated): 0 or pushes
 * the failure (nil, msg, EINVAL) and returns 3. */
int l_check_fields(lua_State *L, int idx, const char *what, const char *const known[]);

#endif
