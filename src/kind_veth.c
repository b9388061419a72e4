/*
 * kind_veth.c -- the veth kind: a pair of devices, a cable with two ends. Its
 * IFLA_INFO_DATA holds the peer (VETH_INFO_PEER: an ifinfomsg and the peer's
 * name, MAC and namespace); a dump says nothing more than IFLA_LINK and
 * IFLA_LINK_NETNSID, which link.c reads for every kind.
 */
#include <errno.h>
#include <string.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include "kind.h"

static int veth_put_new(struct nl_msg *msg, const struct link_spec *s, const char *ns, int *fd)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nlattr *peer = nla_nest_start(msg, VETH_INFO_PEER);
	if (!peer || nlmsg_append(msg, &ifi, sizeof ifi, NLMSG_ALIGNTO) < 0)
		return -ENOMEM;
	if (s->peer && nla_put_string(msg, IFLA_IFNAME, s->peer) < 0)
		return -ENOMEM;
	if (s->has_peer_mac && nla_put(msg, IFLA_ADDRESS, 6, s->peer_mac) < 0)
		return -ENOMEM;
	if (s->peer_ns && strcmp(s->peer_ns, ns ? ns : "")) {
		if ((*fd = ns_open(s->peer_ns)) < 0) {
			int r = *fd;
			*fd = -1;
			return r;
		}
		if (nla_put_u32(msg, IFLA_NET_NS_FD, (uint32_t)*fd) < 0)
			return -ENOMEM;
	}
	nla_nest_end(msg, peer);
	return 0;
}

const struct link_kind link_kind_veth = {
	.name = "veth", .noun = "veth pairs", .config = "CONFIG_VETH", .module = "veth",
	.put_new = veth_put_new,
};
