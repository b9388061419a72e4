/*
 * neigh_mod.c -- change one neighbour (ARP / NDP) entry, as `ip neigh add`,
 * `replace`, `change` and `del` do: one RTM_NEWNEIGH / RTM_DELNEIGH with the
 * destination, the device, the link-layer address and the NUD state. Both
 * families: the destination says which (an IPv4 or an IPv6 address).
 *
 * Also net.inet6_parse(s): an IPv6 address read exactly as iproute2 reads it
 * (inet_pton), given back in its canonical form (inet_ntop), for the Lua side's
 * one IPv6 parser (lua/netlearn/inet6.lua).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <linux/neighbour.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include "route.h"
#include "addrparse.h"
#include "neigh_mod.h"


/* One request; 0 or -errno (the kernel's extended ACK is kept for l_fail). */
int neigh_modify(const char *ns, enum neigh_op op, const struct neigh_spec *s)
{
	static const int nlflags[] = {
		[NEIGH_ADD] = NLM_F_CREATE | NLM_F_EXCL,
		[NEIGH_REPLACE] = NLM_F_CREATE | NLM_F_REPLACE,
		[NEIGH_CHANGE] = NLM_F_REPLACE,
		[NEIGH_DEL] = 0,
	};
	struct nl_msg *msg = NULL;
	struct nl_sock *sk;
	struct ndmsg ndm;
	int err = 0, ifindex, r;

	sk = nl_route_sock(ns, &err);
	if (!sk)
		return err;
	if ((ifindex = rt_dev_index(sk, s->dev)) < 0)
		return ifindex;
	msg = nlmsg_alloc_simple(op == NEIGH_DEL ? RTM_DELNEIGH : RTM_NEWNEIGH, nlflags[op]);
	if (!msg)
		return -ENOMEM;
	memset(&ndm, 0, sizeof ndm);
	ndm.ndm_family = (unsigned char)s->dst.family;
	ndm.ndm_ifindex = ifindex;
	ndm.ndm_state = (uint16_t)s->state;
	ndm.ndm_flags = (uint8_t)s->flags;
	r = -ENOMEM;
	if (nlmsg_append(msg, &ndm, sizeof ndm, NLMSG_ALIGNTO) < 0 ||
	    nla_put(msg, NDA_DST, s->dst.family == AF_INET ? 4 : 16, s->dst.b) < 0)
		goto out;
	if (s->has_lladdr && nla_put(msg, NDA_LLADDR, 6, s->lladdr) < 0)
		goto out;
	r = nl_send_sync(sk, msg);   /* frees msg */
	msg = NULL;
	if (r < 0)
		r = nl_result(sk, r);
	else
		r = 0;
out:
	if (msg)
		nlmsg_free(msg);
	return r;
}
