/*
 * kind_macvlan.c -- the macvlan kind: child devices with their own MACs on a
 * parent (IFLA_LINK). IFLA_MACVLAN_MODE (a bit: private, vepa, bridge,
 * passthru, source) when made, changed in place and dumped. macvtap devices
 * are dumped with the same attribute (kind.c maps them here).
 */
#include <errno.h>
#include <string.h>
#include <linux/if_link.h>
#include <netlink/netlink.h>
#include <netlink/attr.h>
#include "kind.h"

static const struct { uint32_t mode; const char *name; } modes[] = {
	{MACVLAN_MODE_PRIVATE, "private"}, {MACVLAN_MODE_VEPA, "vepa"},
	{MACVLAN_MODE_BRIDGE, "bridge"}, {MACVLAN_MODE_PASSTHRU, "passthru"},
	{MACVLAN_MODE_SOURCE, "source"},
};
#define NMODES (sizeof modes / sizeof modes[0])

/* The words netlearn creates: source needs a list of MACs it cannot give */
static int macvlan_mode_of(const char *word)
{
	size_t i;
	for (i = 0; i < NMODES; i++)
		if (!strcmp(modes[i].name, word) && modes[i].mode != MACVLAN_MODE_SOURCE)
			return (int)modes[i].mode;
	return -1;
}

static const char *macvlan_mode_name(uint32_t m)
{
	size_t i;
	for (i = 0; i < NMODES; i++)
		if (modes[i].mode == m)
			return modes[i].name;
	return "unknown";
}

static int macvlan_put_mode(struct nl_msg *msg, uint32_t mode)
{
	return nla_put_u32(msg, IFLA_MACVLAN_MODE, mode) < 0 ? -ENOMEM : 0;
}

static int macvlan_put_new(struct nl_msg *msg, const struct link_spec *s, const char *ns, int *fd)
{
	(void)ns; (void)fd;
	return s->mode >= 0 ? macvlan_put_mode(msg, (uint32_t)s->mode) : 0;
}

static void macvlan_parse(struct link_info *li, struct nlattr **tb)
{
	if (tb[IFLA_MACVLAN_MODE]) {
		li->has_mode = 1;
		li->mode = nla_get_u32(tb[IFLA_MACVLAN_MODE]);
	}
}

static void macvlan_values(const struct link_info *li, const struct kind_out *out)
{
	if (li->has_mode)
		out->put_str(out->ctx, "mode", macvlan_mode_name(li->mode));
}

const struct link_kind link_kind_macvlan = {
	.name = "macvlan", .noun = "macvlan devices", .config = "CONFIG_MACVLAN", .module = "macvlan",
	.reads_also = "macvtap",   /* a macvlan with a tap: the same attributes */
	.opts = KO_MODE | KO_PARENT_IS_LINK, .data_max = IFLA_MACVLAN_MODE,
	.put_new = macvlan_put_new, .parse = macvlan_parse, .values = macvlan_values,
	.mode_of = macvlan_mode_of, .mode_name = macvlan_mode_name, .default_mode = MACVLAN_MODE_VEPA,
	.put_mode = macvlan_put_mode,
};
