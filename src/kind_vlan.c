/*
 * kind_vlan.c -- the vlan kind (802.1Q): a device on a parent (IFLA_LINK)
 * that tags what it sends with a VLAN id. IFLA_VLAN_ID when made; the id,
 * protocol and flags read back (`vlan protocol 802.1Q id 10 <REORDER_HDR>`).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/if_vlan.h>
#include <linux/if_ether.h>
#include <netlink/netlink.h>
#include <netlink/attr.h>
#include "kind.h"

#define VLAN_PROTO(li) ((li)->kdata[0])   /* host order, 0 = not reported */
#define VLAN_FLAGS(li) ((li)->kdata[1])

static int vlan_put_new(struct nl_msg *msg, const struct link_spec *s, const char *ns, int *fd)
{
	(void)ns; (void)fd;
	return nla_put_u16(msg, IFLA_VLAN_ID, (uint16_t)s->id) < 0 ? -ENOMEM : 0;
}

static void vlan_parse(struct link_info *li, struct nlattr **tb)
{
	if (tb[IFLA_VLAN_ID]) {
		li->has_id = 1;
		li->id = nla_get_u16(tb[IFLA_VLAN_ID]);
	}
	if (tb[IFLA_VLAN_PROTOCOL])
		VLAN_PROTO(li) = ntohs(nla_get_u16(tb[IFLA_VLAN_PROTOCOL]));
	if (tb[IFLA_VLAN_FLAGS] && nla_len(tb[IFLA_VLAN_FLAGS]) >= (int)sizeof(struct ifla_vlan_flags)) {
		const struct ifla_vlan_flags *f = nla_data(tb[IFLA_VLAN_FLAGS]);
		VLAN_FLAGS(li) = f->flags;
	}
}

static void vlan_values(const struct link_info *li, const struct kind_out *out)
{
	/* iproute2's vlan_print_flags() words, in its order */
	static const struct { uint32_t bit; const char *name; } fl[] = {
		{VLAN_FLAG_REORDER_HDR, "REORDER_HDR"}, {VLAN_FLAG_GVRP, "GVRP"},
		{VLAN_FLAG_MVRP, "MVRP"}, {VLAN_FLAG_LOOSE_BINDING, "LOOSE_BINDING"},
		{VLAN_FLAG_BRIDGE_BINDING, "BRIDGE_BINDING"},
	};
	const char *set[sizeof fl / sizeof fl[0]];
	size_t i, n = 0;
	if (li->has_id)
		out->put_int(out->ctx, "id", li->id);
	if (VLAN_PROTO(li) == ETH_P_8021Q)
		out->put_str(out->ctx, "protocol", "802.1Q");
	else if (VLAN_PROTO(li) == ETH_P_8021AD)
		out->put_str(out->ctx, "protocol", "802.1ad");
	for (i = 0; i < sizeof fl / sizeof fl[0]; i++)
		if (VLAN_FLAGS(li) & fl[i].bit)
			set[n++] = fl[i].name;
	out->put_strlist(out->ctx, "vlan_flags", set, n);
}

const struct link_kind link_kind_vlan = {
	.name = "vlan", .noun = "vlan devices", .config = "CONFIG_VLAN_8021Q", .module = "8021q",
	.opts = KO_PARENT_IS_LINK, .data_max = IFLA_VLAN_MAX,
	.put_new = vlan_put_new, .parse = vlan_parse, .values = vlan_values,
};
