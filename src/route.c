/*
 * route.c -- routes of a namespace over rtnetlink: add, replace, change,
 * delete (libnl-route-3 route objects), list (a RTM_GETROUTE dump read the way
 * `ip -j route show` reads it) and get (one RTM_GETROUTE lookup, like
 * `ip route get`). Primitives only (0 or -errno): the Lua bindings are in
 * l_route.c; the helpers route.h shares with rule.c and neigh.c are in
 * rt_parse.c, rt_netlink.c and l_spec.c.
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

/* ---- routes ------------------------------------------------------------------ */

/* Make and send one route request. 0 or -errno. */
int route_modify(const char *ns, enum route_op op, const struct route_spec *s)
{
	struct nl_sock *sk;
	struct rtnl_route *rt = NULL;
	struct rtnl_nexthop *nh = NULL;
	struct nl_addr *dst = NULL, *gw = NULL, *src = NULL;
	struct nl_msg *msg;
	int err = 0, r, ifindex = 0, type, scope, flags;
	int family = s->dst.family;

	sk = nl_route_sock(ns, &err);
	if (!sk)
		return err;
	nl_clear_extack();
	if (s->dev) {
		ifindex = rt_dev_index(sk, s->dev);
		if (ifindex < 0)
			return ifindex;
	}
	rt = rtnl_route_alloc();
	dst = nl_addr_build(family, s->dst.b, (size_t)s->dst.len);
	if (!rt || !dst) {
		err = -ENOMEM;
		goto out;
	}
	nl_addr_set_prefixlen(dst, s->dst.plen);
	rtnl_route_set_family(rt, (uint8_t)family);
	rtnl_route_set_dst(rt, dst);

	type = s->type >= 0 ? s->type : op == ROUTE_DEL ? 0 : RTN_UNICAST;
	rtnl_route_set_type(rt, (uint8_t)type);
	if (s->has_table)
		rtnl_route_set_table(rt, s->table);
	else
		rtnl_route_set_table(rt, type == RTN_LOCAL ? RT_TABLE_LOCAL : RT_TABLE_MAIN);
	rtnl_route_set_protocol(rt, (uint8_t)(s->proto >= 0 ? s->proto : op == ROUTE_DEL ? 0 : RTPROT_BOOT));
	if (s->has_metric)
		rtnl_route_set_priority(rt, s->metric);

	/* scope as iproute2 chooses it */
	if (s->scope >= 0)
		scope = s->scope;
	else if (op == ROUTE_DEL)
		scope = RT_SCOPE_NOWHERE;
	else if (type == RTN_LOCAL || type == RTN_NAT)
		scope = RT_SCOPE_HOST;
	else if (type == RTN_BROADCAST || type == RTN_MULTICAST || type == RTN_ANYCAST)
		scope = RT_SCOPE_LINK;
	else if (type == RTN_UNICAST && !s->has_gw)
		scope = RT_SCOPE_LINK;
	else
		scope = RT_SCOPE_UNIVERSE;
	rtnl_route_set_scope(rt, (uint8_t)scope);

	if (s->has_src) {
		src = nl_addr_build(s->src.family, s->src.b, (size_t)s->src.len);
		if (!src) {
			err = -ENOMEM;
			goto out;
		}
		rtnl_route_set_pref_src(rt, src);
	}
	if (s->has_gw || ifindex > 0) {
		nh = rtnl_route_nh_alloc();
		if (!nh) {
			err = -ENOMEM;
			goto out;
		}
		if (ifindex > 0)
			rtnl_route_nh_set_ifindex(nh, ifindex);
		if (s->has_gw) {
			gw = nl_addr_build(s->gw.family, s->gw.b, (size_t)s->gw.len);
			if (!gw) {
				rtnl_route_nh_free(nh);
				err = -ENOMEM;
				goto out;
			}
			rtnl_route_nh_set_gateway(nh, gw);
		}
		if (s->onlink)
			rtnl_route_nh_set_flags(nh, RTNH_F_ONLINK);
		rtnl_route_add_nexthop(rt, nh);     /* the route owns it now */
	}

	/* built by hand: rtnl_route_add() always adds NLM_F_CREATE, which would
	 * turn `change` of a missing route into an add */
	switch (op) {
	case ROUTE_ADD:
		flags = NLM_F_CREATE;
		if (s->append)
			flags |= NLM_F_APPEND;
		else if (!s->shared)
			flags |= NLM_F_EXCL;
		break;
	case ROUTE_REPLACE: flags = NLM_F_CREATE | NLM_F_REPLACE; break;
	case ROUTE_CHANGE:  flags = NLM_F_REPLACE; break;
	default:            flags = 0; break;
	}
	msg = nlmsg_alloc_simple(op == ROUTE_DEL ? RTM_DELROUTE : RTM_NEWROUTE, flags);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	r = rtnl_route_build_msg(msg, rt);
	if (r >= 0)
		r = nl_send_sync(sk, msg);      /* frees msg */
	else
		nlmsg_free(msg);
	if (r < 0)
		err = nl_result(sk, r);
out:
	nl_addr_put(dst);
	nl_addr_put(gw);
	nl_addr_put(src);
	if (rt)
		rtnl_route_put(rt);
	return err;
}

/* Fill INFO from one RTM_NEWROUTE message. */
static int route_parse(struct nlmsghdr *h, struct route_info *info)
{
	struct rtmsg *rtm = nlmsg_data(h);
	struct nlattr *tb[RTA_MAX + 1];
	int r;

	if (h->nlmsg_type != RTM_NEWROUTE)
		return 0;
	r = nlmsg_parse(h, sizeof *rtm, tb, RTA_MAX, NULL);
	if (r < 0)
		return -EINVAL;
	memset(info, 0, sizeof *info);
	info->family = rtm->rtm_family;
	info->type = rtm->rtm_type;
	info->protocol = rtm->rtm_protocol;
	info->scope = rtm->rtm_scope;
	info->flags = rtm->rtm_flags;
	info->dst_len = rtm->rtm_dst_len;
	info->table = tb[RTA_TABLE] ? nla_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	if (tb[RTA_DST]) {
		info->has_dst = 1;
		rt_attr_ntop(tb[RTA_DST], rtm->rtm_family, info->dst, sizeof info->dst);
	}
	rt_attr_ntop(tb[RTA_GATEWAY], rtm->rtm_family, info->gateway, sizeof info->gateway);
	rt_attr_ntop(tb[RTA_PREFSRC], rtm->rtm_family, info->prefsrc, sizeof info->prefsrc);
	rt_attr_ntop(tb[RTA_SRC], rtm->rtm_family, info->from, sizeof info->from);
	if (tb[RTA_OIF])
		info->oif = (int)nla_get_u32(tb[RTA_OIF]);
	if (tb[RTA_IIF])
		info->iif = (int)nla_get_u32(tb[RTA_IIF]);
	info->pref = tb[RTA_PREF] ? nla_get_u8(tb[RTA_PREF]) : -1;
	if (tb[RTA_PRIORITY]) {
		info->has_metric = 1;
		info->metric = nla_get_u32(tb[RTA_PRIORITY]);
	}
	if (tb[RTA_MULTIPATH]) {
		struct rtnexthop *nh = nla_data(tb[RTA_MULTIPATH]);
		int len = nla_len(tb[RTA_MULTIPATH]);
		while (len >= (int)sizeof *nh && nh->rtnh_len >= sizeof *nh &&
		       nh->rtnh_len <= len && info->nnh < RT_MAX_NH) {
			int i = info->nnh++;
			info->nh[i].oif = nh->rtnh_ifindex;
			info->nh[i].weight = nh->rtnh_hops + 1;
			info->nh[i].flags = nh->rtnh_flags;
			if (nh->rtnh_len > sizeof *nh) {
				struct nlattr *ntb[RTA_MAX + 1];
				if (nla_parse(ntb, RTA_MAX, (struct nlattr *)RTNH_DATA(nh),
					      nh->rtnh_len - (int)sizeof *nh, NULL) == 0)
					rt_attr_ntop(ntb[RTA_GATEWAY], rtm->rtm_family,
						     info->nh[i].gateway, sizeof info->nh[i].gateway);
			}
			len -= RTNH_ALIGN(nh->rtnh_len);
			nh = RTNH_NEXT(nh);
		}
	}
	return 1;
}

struct list_ctx {
	uint32_t table;         /* 0: all */
	int family;             /* AF_UNSPEC: all */
	int (*fn)(const struct route_info *info, void *arg);
	void *arg;
};

static int list_one(struct nlmsghdr *h, void *arg)
{
	struct list_ctx *c = arg;
	struct route_info info;
	int r = route_parse(h, &info);
	if (r <= 0)
		return r;
	if (info.flags & RTM_F_CLONED)
		return 0;                       /* cache entries: `ip route show` hides them */
	if (c->table && info.table != c->table)
		return 0;
	if (c->family && info.family != c->family)
		return 0;
	return c->fn(&info, c->arg);
}

int route_list(const char *ns, uint32_t table, int family,
		      int (*fn)(const struct route_info *info, void *arg), void *arg)
{
	struct list_ctx c = { table, family, fn, arg };
	struct rtmsg rtm;
	struct nl_sock *sk;
	int err = 0;

	sk = nl_route_sock(ns, &err);
	if (!sk)
		return err;
	nl_clear_extack();
	memset(&rtm, 0, sizeof rtm);
	rtm.rtm_family = (unsigned char)family;
	return rt_dump(sk, RTM_GETROUTE, &rtm, sizeof rtm, list_one, &c);
}

static int get_one(struct nlmsghdr *h, void *arg)
{
	return route_parse(h, arg) < 0 ? -EINVAL : 0;
}

int route_get(const char *ns, const struct route_query *q, struct route_info *out)
{
	struct nl_sock *sk;
	struct nl_msg *msg = NULL;
	struct rtmsg rtm;
	int err = 0, iif = 0, oif = 0;

	sk = nl_route_sock(ns, &err);
	if (!sk)
		return err;
	nl_clear_extack();
	if (q->iif && (iif = rt_dev_index(sk, q->iif)) < 0)
		return iif;
	if (q->oif && (oif = rt_dev_index(sk, q->oif)) < 0)
		return oif;
	memset(&rtm, 0, sizeof rtm);
	rtm.rtm_family = (unsigned char)q->dst.family;
	rtm.rtm_dst_len = (unsigned char)(q->dst.len * 8);
	rtm.rtm_flags = RTM_F_LOOKUP_TABLE | (q->fibmatch ? RTM_F_FIB_MATCH : 0);
	msg = nlmsg_alloc_simple(RTM_GETROUTE, NLM_F_REQUEST);
	if (!msg)
		return -ENOMEM;
	if (nlmsg_append(msg, &rtm, sizeof rtm, NLMSG_ALIGNTO) < 0 ||
	    nla_put(msg, RTA_DST, q->dst.len, q->dst.b) < 0 ||
	    (q->has_from && nla_put(msg, RTA_SRC, q->from.len, q->from.b) < 0) ||
	    (iif && nla_put_u32(msg, RTA_IIF, (uint32_t)iif) < 0) ||
	    (oif && nla_put_u32(msg, RTA_OIF, (uint32_t)oif) < 0)) {
		err = -ENOMEM;
		goto out;
	}
	if (q->has_from) {
		struct rtmsg *h = nlmsg_data(nlmsg_hdr(msg));
		h->rtm_src_len = (unsigned char)(q->from.len * 8);
	}
	memset(out, 0, sizeof *out);
	out->type = -1;
	err = rt_request(sk, msg, get_one, out);
	if (!err && out->type < 0)
		err = -ENOENT;
out:
	nlmsg_free(msg);
	return err;
}
