/*
 * kind.c -- the table of link kinds (kind.h): one entry per kind_<name>.c,
 * looked up by name.
 */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include "luax.h"
#include "kind.h"
#include "addrparse.h"

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

void l_setfield_ipv4(lua_State *L, const char *k, uint32_t a)
{
	char buf[INET_ADDRSTRLEN];
	if (a)
		l_setfield_str(L, k, fmt_ipv4(a, buf, sizeof buf));
}
