/*
 * kind_vxlan.c -- the vxlan kind: Ethernet in UDP. Its VNI, remote (or
 * multicast group), local address, underlying device, UDP port and TTL, put
 * when made and read back.
 */
#include <errno.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <netlink/netlink.h>
#include <netlink/attr.h>
#include "kind.h"

#define VXLAN_DEFAULT_PORT 4789    /* IANA; dstport=0 asks for the kernel's 8472 */

static int vxlan_put_new(struct nl_msg *msg, const struct link_spec *s, const char *ns, int *fd)
{
	(void)ns; (void)fd;
	if (nla_put_u32(msg, IFLA_VXLAN_ID, s->id) < 0 ||
	    ((s->remote || s->group) &&
	     nla_put_u32(msg, IFLA_VXLAN_GROUP, s->remote ? s->remote : s->group) < 0) ||
	    (s->local && nla_put_u32(msg, IFLA_VXLAN_LOCAL, s->local) < 0) ||
	    (s->parent && nla_put_u32(msg, IFLA_VXLAN_LINK, (uint32_t)s->parent) < 0) ||
	    (s->ttl >= 0 && nla_put_u8(msg, IFLA_VXLAN_TTL, (uint8_t)s->ttl) < 0) ||
	    (s->dstport != 0 && nla_put_u16(msg, IFLA_VXLAN_PORT,
		htons((uint16_t)(s->dstport < 0 ? VXLAN_DEFAULT_PORT : s->dstport))) < 0))
		return -ENOMEM;
	return 0;
}

static void vxlan_parse(struct link_info *li, struct nlattr **tb)
{
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
}

static void vxlan_values(const struct link_info *li, const struct kind_out *out)
{
	if (li->has_id)
		out->put_int(out->ctx, "id", li->id);
	if (li->has_dstport)
		out->put_int(out->ctx, "dstport", li->dstport);
	out->put_ipv4(out->ctx, "local", li->local);
	out->put_ipv4(out->ctx, "remote", li->remote);
	out->put_ipv4(out->ctx, "group_addr", li->group_addr);
	if (li->has_ttl)
		out->put_int(out->ctx, "ttl", li->ttl);
}

const struct link_kind link_kind_vxlan = {
	.name = "vxlan", .noun = "vxlan tunnels", .config = "CONFIG_VXLAN", .module = "vxlan",
	.data_max = IFLA_VXLAN_MAX,
	.put_new = vxlan_put_new, .parse = vxlan_parse, .values = vxlan_values,
};
