/*
 * rt_netlink.c -- the netlink helpers the routing families (route.c, rule.c,
 * neigh.c) share, declared in route.h: a device's index, the names of a
 * namespace's interfaces for one listing, and one dump / request loop that
 * calls back for every answer.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>
#include <netlink/route/nexthop.h>
#include "route.h"

/* ---- devices ----------------------------------------------------------------- */

int rt_dev_index(struct nl_sock *sk, const char *name)
{
	struct rtnl_link *link = NULL;
	int r, idx;
	if (!name[0] || strlen(name) >= IFNAMSIZ)
		return -ENODEV;
	r = rtnl_link_get_kernel(sk, 0, name, &link);
	if (r < 0) {
		r = nl_result(sk, r);
		nl_clear_extack();
		return r == -ENOMEM ? r : -ENODEV;
	}
	idx = rtnl_link_get_ifindex(link);
	rtnl_link_put(link);
	return idx;
}

/* An RTM_GETLINK dump through rt_dump (not libnl's link cache, which asks
 * again without end while a dump is interrupted). */
struct rt_ifname { int ifindex; char name[IFNAMSIZ]; };
struct rt_names {
	struct rt_ifname *v;
	int n, cap;
};

static int name_one(struct nlmsghdr *h, void *arg)
{
	struct rt_names *n = arg;
	struct ifinfomsg *ifi;
	struct nlattr *tb[IFLA_MAX + 1];

	if (h->nlmsg_type != RTM_NEWLINK || nlmsg_parse(h, sizeof *ifi, tb, IFLA_MAX, NULL) < 0 ||
	    !tb[IFLA_IFNAME])
		return 0;
	ifi = nlmsg_data(h);
	if (n->n == n->cap) {
		int cap = n->cap ? n->cap * 2 : 16;
		struct rt_ifname *v = realloc(n->v, sizeof *v * (size_t)cap);
		if (!v)
			return -ENOMEM;
		n->v = v;
		n->cap = cap;
	}
	n->v[n->n].ifindex = ifi->ifi_index;
	snprintf(n->v[n->n].name, IFNAMSIZ, "%s", nla_get_string(tb[IFLA_IFNAME]));
	n->n++;
	return 0;
}

static int cmp_ifindex(const void *a, const void *b)
{
	int x = ((const struct rt_ifname *)a)->ifindex, y = ((const struct rt_ifname *)b)->ifindex;
	return (x > y) - (x < y);
}

struct rt_names *rt_names_load(struct nl_sock *sk, int *err)
{
	struct rt_names *n = calloc(1, sizeof *n);
	struct ifinfomsg ifi;
	int r;
	if (!n) {
		*err = -ENOMEM;
		return NULL;
	}
	memset(&ifi, 0, sizeof ifi);
	ifi.ifi_family = AF_UNSPEC;
	r = rt_dump(sk, RTM_GETLINK, &ifi, sizeof ifi, name_one, n);
	if (r < 0) {
		*err = r;
		rt_names_free(n);
		return NULL;
	}
	if (n->n > 1)
		qsort(n->v, (size_t)n->n, sizeof *n->v, cmp_ifindex);
	return n;
}

const char *rt_names_get(struct rt_names *n, int ifindex)
{
	struct rt_ifname key, *hit;
	if (!n || ifindex <= 0 || !n->n)
		return NULL;
	key.ifindex = ifindex;
	hit = bsearch(&key, n->v, (size_t)n->n, sizeof *n->v, cmp_ifindex);
	return hit ? hit->name : NULL;
}

void rt_names_free(struct rt_names *n)
{
	if (!n)
		return;
	free(n->v);
	free(n);
}

/* ---- talking to the kernel --------------------------------------------------- */

struct rt_cb_ctx {
	int (*fn)(struct nlmsghdr *h, void *arg);
	void *arg;
	int err;
	int done;
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct rt_cb_ctx *c = arg;
	int r = c->fn ? c->fn(nlmsg_hdr(msg), c->arg) : 0;
	if (r < 0 && !c->err)
		c->err = r;
	return NL_OK;     /* keep reading: a half-read dump would confuse the next request */
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct rt_cb_ctx *c = arg;
	(void)msg;
	c->done = 1;
	return NL_STOP;
}

static struct nl_cb *clone_cb(struct nl_sock *sk, struct rt_cb_ctx *c)
{
	struct nl_cb *base = nl_socket_get_cb(sk), *cb;
	cb = nl_cb_clone(base);
	nl_cb_put(base);
	if (!cb)
		return NULL;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, c);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, c);
	return cb;
}

struct rt_dump_ctx {
	int (*fn)(struct nlmsghdr *h, void *arg);
	void *arg;
};

static int rt_dump_one(struct nl_msg *m, void *arg)
{
	struct rt_dump_ctx *c = arg;
	return c->fn(nlmsg_hdr(m), c->arg);
}

int rt_dump(struct nl_sock *sk, int type, const void *hdr, size_t hdrlen,
	    int (*fn)(struct nlmsghdr *h, void *arg), void *arg)
{
	struct rt_dump_ctx c = { fn, arg };
	struct nl_msg *msg = nlmsg_alloc_simple(type, NLM_F_DUMP);

	if (!msg)
		return -ENOMEM;
	if (hdr && hdrlen && nlmsg_append(msg, (void *)hdr, hdrlen, NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	/* read whole, asked again while the kernel says it was interrupted */
	return nl_dump_consistent(sk, msg, rt_dump_one, &c);
}

int rt_request(struct nl_sock *sk, struct nl_msg *msg,
	       int (*fn)(struct nlmsghdr *h, void *arg), void *arg)
{
	struct rt_cb_ctx c = { fn, arg, 0, 0 };
	struct nl_cb *cb;
	int r;

	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	r = nl_send_auto(sk, msg);
	if (r < 0)
		return nl_result(sk, r);
	cb = clone_cb(sk, &c);
	if (!cb)
		return -ENOMEM;
	do
		r = nl_recvmsgs(sk, cb);
	while (r >= 0 && !c.done);
	nl_cb_put(cb);
	if (r < 0)
		return nl_result(sk, r);
	return c.err;
}
