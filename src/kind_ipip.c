/*
 * kind_ipip.c -- the ipip kind: IPv4 in IPv4 (protocol 4). Its local and
 * remote addresses, TTL and underlying device, put when made and read back.
 * A kernel without ipip gets netlearn's user-space stand-in (tunnel.c,
 * chosen by the binding in l_link.c).
 */
#include <errno.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <netlink/netlink.h>
#include <netlink/attr.h>
#include "kind.h"

static int ipip_put_new(struct nl_msg *msg, const struct link_spec *s, const char *ns, int *fd)
{
	(void)ns; (void)fd;
	if ((s->parent && nla_put_u32(msg, IFLA_IPTUN_LINK, (uint32_t)s->parent) < 0) ||
	    (s->local && nla_put_u32(msg, IFLA_IPTUN_LOCAL, s->local) < 0) ||
	    (s->remote && nla_put_u32(msg, IFLA_IPTUN_REMOTE, s->remote) < 0) ||
	    (s->ttl >= 0 && nla_put_u8(msg, IFLA_IPTUN_TTL, (uint8_t)s->ttl) < 0))
		return -ENOMEM;
	return 0;
}

static void ipip_parse(struct link_info *li, struct nlattr **tb)
{
	if (tb[IFLA_IPTUN_LOCAL])
		li->local = nla_get_u32(tb[IFLA_IPTUN_LOCAL]);
	if (tb[IFLA_IPTUN_REMOTE])
		li->remote = nla_get_u32(tb[IFLA_IPTUN_REMOTE]);
	if (tb[IFLA_IPTUN_TTL]) {
		li->has_ttl = 1;
		li->ttl = nla_get_u8(tb[IFLA_IPTUN_TTL]);
	}
	if (tb[IFLA_IPTUN_LINK])
		li->tun_link = nla_get_u32(tb[IFLA_IPTUN_LINK]);
}

static void ipip_values(const struct link_info *li, const struct kind_out *out)
{
	out->put_ipv4(out->ctx, "local", li->local);
	out->put_ipv4(out->ctx, "remote", li->remote);
	if (li->has_ttl)
		out->put_int(out->ctx, "ttl", li->ttl);
}

const struct link_kind link_kind_ipip = {
	.name = "ipip", .noun = "ipip tunnels", .config = "CONFIG_NET_IPIP", .module = "ipip",
	.opts = KO_STANDIN, .data_max = IFLA_IPTUN_MAX,
	.put_new = ipip_put_new, .parse = ipip_parse, .values = ipip_values,
};
