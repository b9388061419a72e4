/*
 * neigh.c -- the neighbour (ARP / NDP) table of a namespace: list it the way
 * `ip -j neigh show` does (a RTM_GETNEIGH dump; NOARP and empty entries are
 * hidden) and flush it like `ip neigh flush dev X` / `ip neigh flush all`,
 * which deletes every entry that is not PERMANENT or NOARP.
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
#include "route.h"
#include "neigh.h"


static int neigh_parse(struct nlmsghdr *h, struct neigh_info *ni)
{
	struct ndmsg *ndm = nlmsg_data(h);
	struct nlattr *tb[NDA_MAX + 1];

	if (h->nlmsg_type != RTM_NEWNEIGH)
		return 0;
	if (nlmsg_parse(h, sizeof *ndm, tb, NDA_MAX, NULL) < 0)
		return -EINVAL;
	memset(ni, 0, sizeof *ni);
	ni->family = ndm->ndm_family;
	ni->ifindex = ndm->ndm_ifindex;
	ni->state = ndm->ndm_state;
	ni->flags = ndm->ndm_flags;
	ni->type = ndm->ndm_type;
	if (tb[NDA_FLAGS_EXT] && nla_len(tb[NDA_FLAGS_EXT]) >= 4)
		ni->ext_flags = nla_get_u32(tb[NDA_FLAGS_EXT]);
	if (tb[NDA_PROBES] && nla_len(tb[NDA_PROBES]) >= 4)
		ni->probes = nla_get_u32(tb[NDA_PROBES]);
	ni->used_ticks = -1;
	if (tb[NDA_CACHEINFO] && nla_len(tb[NDA_CACHEINFO]) >= (int)sizeof(struct nda_cacheinfo))
		ni->used_ticks = (long)((const struct nda_cacheinfo *)nla_data(tb[NDA_CACHEINFO]))->ndm_used;
	if (ni->family != AF_INET && ni->family != AF_INET6)
		return 0;                       /* bridge fdb and friends */
	if (tb[NDA_DST] && nla_len(tb[NDA_DST]) <= 16) {
		ni->dst_len = nla_len(tb[NDA_DST]);
		memcpy(ni->dst_bytes, nla_data(tb[NDA_DST]), (size_t)ni->dst_len);
		if (ni->dst_len == (ni->family == AF_INET ? 4 : 16))
			rt_ntop(ni->family, ni->dst_bytes, ni->dst, sizeof ni->dst);
	}
	if (tb[NDA_LLADDR]) {
		const unsigned char *b = nla_data(tb[NDA_LLADDR]);
		int i, n = nla_len(tb[NDA_LLADDR]);
		size_t off = 0;
		ni->has_lladdr = 1;
		for (i = 0; i < n && off + 4 < sizeof ni->lladdr; i++)
			off += (size_t)snprintf(ni->lladdr + off, sizeof ni->lladdr - off,
						i ? ":%02x" : "%02x", b[i]);
	}
	return 1;
}

/* What `ip neigh show` shows: no NOARP, no empty-state entries (proxies aside). */
int neigh_shown(const struct neigh_info *ni)
{
	if (ni->flags & (NTF_PROXY | NTF_EXT_LEARNED))
		return 1;
	return ni->state && (ni->state & 0xff & ~NUD_NOARP);
}

/* What `ip neigh flush` removes: everything but PERMANENT and NOARP. */
static int flushable(const struct neigh_info *ni)
{
	if (ni->flags & NTF_PROXY)
		return 0;
	return !(ni->state & (NUD_PERMANENT | NUD_NOARP));
}

struct neigh_ctx {
	int ifindex;            /* 0: every device */
	int (*fn)(const struct neigh_info *ni, void *arg);
	void *arg;
};

static int neigh_one(struct nlmsghdr *h, void *arg)
{
	struct neigh_ctx *c = arg;
	struct neigh_info ni;
	int r = neigh_parse(h, &ni);
	if (r <= 0)
		return r;
	if (c->ifindex && ni.ifindex != c->ifindex)
		return 0;
	return c->fn(&ni, c->arg);
}

int neigh_walk(struct nl_sock *sk, int ifindex,
		      int (*fn)(const struct neigh_info *ni, void *arg), void *arg)
{
	struct neigh_ctx c = { ifindex, fn, arg };
	struct ndmsg ndm;
	memset(&ndm, 0, sizeof ndm);
	ndm.ndm_family = AF_UNSPEC;
	return rt_dump(sk, RTM_GETNEIGH, &ndm, sizeof ndm, neigh_one, &c);
}

/* ---- flush: collect, then delete one by one (like iproute2) ------------------- */

struct victims {
	struct neigh_info *v;
	size_t n, cap;
	int family;             /* AF_UNSPEC: both */
};

static int collect(const struct neigh_info *ni, void *arg)
{
	struct victims *vs = arg;
	if (!flushable(ni) || !ni->dst_len || (vs->family && ni->family != vs->family))
		return 0;
	if (vs->n == vs->cap) {
		size_t cap = vs->cap ? vs->cap * 2 : 16;
		struct neigh_info *nv = realloc(vs->v, cap * sizeof *nv);
		if (!nv)
			return -ENOMEM;
		vs->v = nv;
		vs->cap = cap;
	}
	vs->v[vs->n++] = *ni;
	return 0;
}

static int neigh_delete(struct nl_sock *sk, const struct neigh_info *ni)
{
	struct ndmsg ndm;
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_DELNEIGH, 0);
	int r;
	if (!msg)
		return -ENOMEM;
	memset(&ndm, 0, sizeof ndm);
	ndm.ndm_family = (unsigned char)ni->family;
	ndm.ndm_ifindex = ni->ifindex;
	ndm.ndm_type = (unsigned char)ni->type;
	if (nlmsg_append(msg, &ndm, sizeof ndm, NLMSG_ALIGNTO) < 0 ||
	    nla_put(msg, NDA_DST, ni->dst_len, ni->dst_bytes) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	r = nl_send_sync(sk, msg);
	return r < 0 ? nl_result(sk, r) : 0;
}

/* Returns the number of entries removed, or -errno. */
int neigh_flush(const char *ns, const char *dev, int family)
{
	struct victims vs = { NULL, 0, 0, family };
	struct nl_sock *sk;
	int err = 0, ifindex = 0, count = 0, round;
	size_t i;

	sk = nl_route_sock(ns, &err);
	if (!sk)
		return err;
	nl_clear_extack();
	if (dev && (ifindex = rt_dev_index(sk, dev)) < 0)
		return ifindex;
	/* entries can come back while we delete (traffic); a few rounds, as iproute2 does */
	for (round = 0; round < 10; round++) {
		vs.n = 0;
		err = neigh_walk(sk, ifindex, collect, &vs);
		if (err < 0 || vs.n == 0)
			break;
		for (i = 0; i < vs.n; i++) {
			int r = neigh_delete(sk, &vs.v[i]);
			if (r == 0)
				count++;
			else if (r != -ENOENT) {
				err = r;
				goto out;
			}
		}
	}
out:
	free(vs.v);
	nl_clear_extack();
	return err < 0 ? err : count;
}
