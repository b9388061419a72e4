/*
 * kind.c -- the table of link kinds (kind.h): one entry per kind_<name>.c,
 * looked up by name.
 */
#include <string.h>
#include "kind.h"

extern const struct link_kind link_kind_veth, link_kind_bridge, link_kind_macvlan,
	link_kind_ipvlan, link_kind_vxlan, link_kind_ipip, link_kind_dummy, link_kind_vlan;

const struct link_kind *const link_kinds[] = {
	&link_kind_veth, &link_kind_bridge, &link_kind_macvlan, &link_kind_ipvlan,
	&link_kind_vxlan, &link_kind_ipip, &link_kind_dummy, &link_kind_vlan,
	NULL
};

const struct link_kind *link_kind_find(const char *name)
{
	int i;
	for (i = 0; name && link_kinds[i]; i++)
		if (!strcmp(link_kinds[i]->name, name))
			return link_kinds[i];
	return NULL;
}

const struct link_kind *link_kind_reading(const char *kind)
{
	int i;
	for (i = 0; kind && link_kinds[i]; i++)
		if (!strcmp(link_kinds[i]->name, kind) ||
		    (link_kinds[i]->reads_also && !strcmp(link_kinds[i]->reads_also, kind)))
			return link_kinds[i];
	return NULL;
}
