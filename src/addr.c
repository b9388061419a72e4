/*
 * addr.c -- IP addresses on devices: add, delete, list, flush. IPv4 first-class
 * (what the articles use), IPv6 listed and accepted. Like `ip addr add
 * 1.2.3.4/24 dev x`, no broadcast address is set unless asked for
 * (broadcast="+" computes it like iproute2's `brd +`).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/addr.h>
#include <netlink/route/addr.h>
#include "link.h"
#include "addrparse.h"
#include "addr.h"
#include "route.h"


struct addr_vec {
	struct addr_info *v;
	int n, cap;
};

static int collect_addr(struct nl_msg *m, void *arg)
{
	struct addr_vec *av = arg;
	struct nlmsghdr *h = nlmsg_hdr(m);
	struct nlattr *tb[IFA_MAX + 1];
	struct ifaddrmsg *ifa;
	struct addr_info *a;
	int alen;

	if (h->nlmsg_type != RTM_NEWADDR || nlmsg_parse(h, sizeof *ifa, tb, IFA_MAX, NULL) < 0)
		return 0;
	ifa = nlmsg_data(h);
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return 0;
	if (av->n == av->cap) {
		int cap = av->cap ? av->cap * 2 : 16;
		struct addr_info *nv = realloc(av->v, sizeof *nv * (size_t)cap);
		if (!nv)
			return -ENOMEM;
		av->v = nv;
		av->cap = cap;
	}
	a = &av->v[av->n];
	memset(a, 0, sizeof *a);
	a->seq = av->n;
	a->ifindex = (int)ifa->ifa_index;
	a->family = ifa->ifa_family;
	a->prefixlen = ifa->ifa_prefixlen;
	a->scope = ifa->ifa_scope;
	a->flags = tb[IFA_FLAGS] ? nla_get_u32(tb[IFA_FLAGS]) : ifa->ifa_flags;
	alen = a->family == AF_INET ? 4 : 16;
	if (tb[IFA_LOCAL] && nla_len(tb[IFA_LOCAL]) == alen) {
		memcpy(a->local, nla_data(tb[IFA_LOCAL]), (size_t)alen);
		a->has_local = 1;
	}
	if (tb[IFA_ADDRESS] && nla_len(tb[IFA_ADDRESS]) == alen) {
		memcpy(a->peer, nla_data(tb[IFA_ADDRESS]), (size_t)alen);
		a->has_peer = 1;
	}
	if (!a->has_local && a->has_peer) {     /* IPv6 sends IFA_ADDRESS only */
		memcpy(a->local, a->peer, (size_t)alen);
		a->has_local = 1;
		a->has_peer = 0;
	} else if (a->has_peer && !memcmp(a->peer, a->local, (size_t)alen)) {
		a->has_peer = 0;
	}
	if (tb[IFA_BROADCAST] && nla_len(tb[IFA_BROADCAST]) == 4) {
		memcpy(a->brd, nla_data(tb[IFA_BROADCAST]), 4);
		a->has_brd = 1;
	}
	if (tb[IFA_LABEL])
		snprintf(a->label, sizeof a->label, "%.*s", nla_len(tb[IFA_LABEL]) - 1,
			 (const char *)nla_data(tb[IFA_LABEL]));
	if (tb[IFA_CACHEINFO] && nla_len(tb[IFA_CACHEINFO]) >= (int)sizeof(struct ifa_cacheinfo)) {
		struct ifa_cacheinfo *ci = nla_data(tb[IFA_CACHEINFO]);
		a->valid = ci->ifa_valid;
		a->preferred = ci->ifa_prefered;
		a->has_cache = 1;
	}
	av->n++;
	return 0;
}

static int cmp_addr(const void *x, const void *y)
{
	const struct addr_info *a = x, *b = y;
	if (a->ifindex != b->ifindex)
		return a->ifindex < b->ifindex ? -1 : 1;
	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	return a->seq - b->seq;
}

/* All addresses of NS (family AF_UNSPEC for both), sorted by device like `ip addr`. */
int addr_dump(const char *ns, int family, struct addr_info **out)
{
	struct addr_vec av = { NULL, 0, 0 };
	struct ifaddrmsg ifa = { .ifa_family = (unsigned char)family };
	struct nl_sock *sk;
	struct nl_msg *msg;
	int err = 0;

	*out = NULL;
	if (!(sk = nl_route_sock(ns, &err)))
		return err;
	msg = nlmsg_alloc_simple(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	if (nlmsg_append(msg, &ifa, sizeof ifa, NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	err = nl_dump_each(sk, msg, collect_addr, &av);
	if (err < 0) {
		free(av.v);
		return err;
	}
	if (av.n > 1)
		qsort(av.v, (size_t)av.n, sizeof *av.v, cmp_addr);
	*out = av.v;
	return av.n;
}

/* Add or delete one address with libnl's rtnl_addr. */
int addr_change(const char *ns, int add, int ifindex, int family, const void *local,
		       int prefixlen, const uint32_t *brd, const char *label, int scope, unsigned flags)
{
	struct rtnl_addr *a = NULL;
	struct nl_addr *la = NULL, *ba = NULL;
	struct nl_sock *sk;
	int err = 0;

	if (!(sk = nl_route_sock(ns, &err)))
		return err;
	if (!(a = rtnl_addr_alloc()) ||
	    !(la = nl_addr_build(family, local, family == AF_INET ? 4 : 16))) {
		err = -ENOMEM;
		goto out;
	}
	nl_addr_set_prefixlen(la, prefixlen);
	rtnl_addr_set_ifindex(a, ifindex);
	rtnl_addr_set_family(a, family);
	if ((err = rtnl_addr_set_local(a, la)) < 0)
		goto libnl_err;
	rtnl_addr_set_prefixlen(a, prefixlen);
	if (brd) {
		if (!(ba = nl_addr_build(AF_INET, brd, 4))) {
			err = -ENOMEM;
			goto out;
		}
		if ((err = rtnl_addr_set_broadcast(a, ba)) < 0)
			goto libnl_err;
	}
	if (label && (err = rtnl_addr_set_label(a, label)) < 0)
		goto libnl_err;
	if (scope >= 0)
		rtnl_addr_set_scope(a, scope);
	if (flags)
		rtnl_addr_set_flags(a, flags);
	nl_clear_extack();
	err = add ? rtnl_addr_add(sk, a, NLM_F_EXCL) : rtnl_addr_delete(sk, a, 0);
libnl_err:
	err = err < 0 ? nl_result(sk, err) : 0;
out:
	if (ba)
		nl_addr_put(ba);
	if (la)
		nl_addr_put(la);
	if (a)
		rtnl_addr_put(a);
	return err;
}

/* ---- words ---------------------------------------------------------------- */

/* iproute2's scope names (one list: rt_parse.c's, as routes read them) */
const char *addr_scope_name(int s, char *buf, size_t len)
{
	return rt_scope_name(s, buf, len);
}

int addr_scope_parse(const char *s)
{
	int v;
	return rt_scope_parse(s, &v) < 0 ? -EINVAL : v;
}
