/*
 * kind_bridge.c -- the bridge kind (a switch): IFLA_BR_STP_STATE, put when
 * made (always: 0 or 1) and read back. Its ports' options are IFLA_INFO_SLAVE_DATA,
 * read by link.c for any device plugged into a bridge.
 */
#include <errno.h>
#include <linux/if_link.h>
#include <netlink/netlink.h>
#include <netlink/attr.h>
#include "kind.h"

static int bridge_put_new(struct nl_msg *msg, const struct link_spec *s, const char *ns, int *fd)
{
	(void)ns; (void)fd;
	return nla_put_u32(msg, IFLA_BR_STP_STATE, s->stp > 0) < 0 ? -ENOMEM : 0;
}

static void bridge_parse(struct link_info *li, struct nlattr **tb)
{
	if (tb[IFLA_BR_STP_STATE]) {
		li->has_stp = 1;
		li->stp = nla_get_u32(tb[IFLA_BR_STP_STATE]);
	}
}

static void bridge_values(const struct link_info *li, const struct kind_out *out)
{
	if (li->has_stp)
		out->put_bool(out->ctx, "stp", li->stp != 0);
}

const struct link_kind link_kind_bridge = {
	.name = "bridge", .noun = "bridges", .config = "CONFIG_BRIDGE", .module = "bridge",
	.data_max = IFLA_BR_STP_STATE,
	.put_new = bridge_put_new, .parse = bridge_parse, .values = bridge_values,
};
