/*
 * kind_ipvlan.c -- the ipvlan kind: children sharing their parent's MAC
 * (IFLA_LINK). IFLA_IPVLAN_MODE (u16: l2, l3, l3s) when made, changed in
 * place and dumped.
 */
#include <errno.h>
#include <string.h>
#include <linux/if_link.h>
#include <netlink/netlink.h>
#include <netlink/attr.h>
#include "kind.h"

static const char *const names[] = { "l2", "l3", "l3s" };   /* IPVLAN_MODE_L2, L3, L3S */

static int ipvlan_mode_of(const char *word)
{
	int i;
	for (i = 0; i < 3; i++)
		if (!strcmp(names[i], word))
			return i;
	return -1;
}

static const char *ipvlan_mode_name(uint32_t m)
{
	return m < 3 ? names[m] : "unknown";
}

static int ipvlan_put_mode(struct nl_msg *msg, uint32_t mode)
{
	return nla_put_u16(msg, IFLA_IPVLAN_MODE, (uint16_t)mode) < 0 ? -ENOMEM : 0;
}

static int ipvlan_put_new(struct nl_msg *msg, const struct link_spec *s, const char *ns, int *fd)
{
	(void)ns; (void)fd;
	return s->mode >= 0 ? ipvlan_put_mode(msg, (uint32_t)s->mode) : 0;
}

static void ipvlan_parse(struct link_info *li, struct nlattr **tb)
{
	if (tb[IFLA_IPVLAN_MODE]) {
		li->has_mode = 1;
		li->mode = nla_get_u16(tb[IFLA_IPVLAN_MODE]);
	}
}

static void ipvlan_values(const struct link_info *li, const struct kind_out *out)
{
	if (li->has_mode)
		out->put_str(out->ctx, "mode", ipvlan_mode_name(li->mode));
}

const struct link_kind link_kind_ipvlan = {
	.name = "ipvlan", .noun = "ipvlan devices", .config = "CONFIG_IPVLAN", .module = "ipvlan",
	.opts = KO_MODE | KO_PARENT_IS_LINK, .data_max = IFLA_IPVLAN_MODE,
	.put_new = ipvlan_put_new, .parse = ipvlan_parse, .values = ipvlan_values,
	.mode_of = ipvlan_mode_of, .mode_name = ipvlan_mode_name, .default_mode = IPVLAN_MODE_L3,
	.put_mode = ipvlan_put_mode,
};
