/*
 * rt_parse.c -- what the routing families (route.c, rule.c, neigh.c) read and
 * write the iproute2 way, declared in route.h: strict IPv4/IPv6 address and
 * prefix parsers (canonical text: IPv4 through addrparse.c, IPv6 inet_pton),
 * and the names of tables, protocols, scopes and route types.
 * Pure: no socket, no Lua (rt_attr_ntop only reads an attribute it is given).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/attr.h>
#include "addrparse.h"
#include "route.h"

int rt_parse_addr(const char *s, struct rt_addr *a)
{
	uint32_t v4;

	memset(a, 0, sizeof *a);
	if (parse_ipv4(s, &v4) == 0) {
		memcpy(a->b, &v4, 4);
		a->family = AF_INET;
		a->len = 4;
	} else if (inet_pton(AF_INET6, s, a->b) == 1) {
		a->family = AF_INET6;
		a->len = 16;
	} else {
		return -EINVAL;
	}
	a->plen = a->len * 8;
	return 0;
}

/* netlearn.parse.api_prefix reads a prefix as this does (tests/lua/29c checks
 * the two against each other) and words what is wrong with it */
int rt_parse_prefix_why(const char *s, struct rt_addr *a, enum prefix_why *why)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	char *end;
	long plen;

	memset(a, 0, sizeof *a);
	*why = PREFIX_OK;
	if (!strcmp(s, "default") || !strcmp(s, "all") || !strcmp(s, "any")) {
		a->family = AF_UNSPEC;
		return 0;
	}
	*why = PREFIX_BAD_HOST;
	if (n == 0 || n >= sizeof host)
		return -EINVAL;
	memcpy(host, s, n);
	host[n] = '\0';
	if (!strchr(host, ':')) {
		/* IPv4: addrparse.c's parse_ipv4_prefix reads it, as for addresses and NAT */
		uint32_t v4;
		int len;
		if (parse_ipv4_prefix_why(s, &v4, &len, 0, why) < 0)
			return -EINVAL;
		memcpy(a->b, &v4, 4);
		a->family = AF_INET;
		a->len = 4;
		a->plen = len < 0 ? 32 : len;
		return 0;
	}
	if (rt_parse_addr(host, a) < 0)
		return -EINVAL;
	*why = PREFIX_OK;
	if (!slash)
		return 0;
	*why = PREFIX_LEN_MISSING;
	if (!slash[1] || slash[1] == '-' || slash[1] == '+' || slash[1] == ' ')
		return -EINVAL;
	errno = 0;
	plen = strtol(slash + 1, &end, 10);
	/* a positive number beyond a long (ERANGE) is not a number either; a
	 * negative one (a blank, then '-') is out of range */
	*why = PREFIX_LEN_NAN;
	if (*end || (errno && plen > 0))
		return -EINVAL;
	*why = PREFIX_LEN_RANGE;
	if (errno || plen < 0 || plen > a->len * 8)
		return -EINVAL;
	a->plen = (int)plen;
	*why = PREFIX_OK;
	return 0;
}

int rt_parse_prefix(const char *s, struct rt_addr *a)
{
	enum prefix_why why;
	return rt_parse_prefix_why(s, a, &why);
}

const char *rt_ntop(int family, const void *bytes, char *buf, size_t len)
{
	if (!inet_ntop(family, bytes, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

void rt_attr_ntop(struct nlattr *a, int family, char *buf, size_t len)
{
	if (a && nla_len(a) >= (family == AF_INET ? 4 : 16))
		rt_ntop(family, nla_data(a), buf, len);
}

/* The one list of each (netlearn.routespec and netlearn.iproute_fmt read them
 * through net.route_names): iproute2's own names (lib/rt_names.c, its
 * rt_tables, rt_protos and rt_scopes files) */
const struct rt_name rt_table_names[] = {
	{0, "unspec"}, {253, "default"}, {254, "main"}, {255, "local"}, {0, NULL}
};
const struct rt_name rt_proto_names[] = {
	{0, "unspec"}, {1, "redirect"}, {2, "kernel"}, {3, "boot"}, {4, "static"},
	{8, "gated"}, {9, "ra"}, {10, "mrt"}, {11, "zebra"}, {12, "bird"},
	{13, "dnrouted"}, {14, "xorp"}, {15, "ntk"}, {16, "dhcp"}, {18, "keepalived"},
	{42, "babel"}, {99, "openr"}, {186, "bgp"}, {187, "isis"}, {188, "ospf"}, {189, "rip"},
	{192, "eigrp"}, {0, NULL}
};
const struct rt_name rt_scope_names[] = {
	{0, "global"}, {200, "site"}, {253, "link"}, {254, "host"}, {255, "nowhere"}, {0, NULL}
};
static const char *const types[] = {
	"unspec", "unicast", "local", "broadcast", "anycast", "multicast",
	"blackhole", "unreachable", "prohibit", "throw", "nat", "xresolve"
};

static int parse_num(const char *s, unsigned long max, unsigned long *v)
{
	char *end;
	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	*v = strtoul(s, &end, 0);
	if (*end || errno || *v > max)
		return -EINVAL;
	return 0;
}

static int name_parse(const struct rt_name *t, const char *s, unsigned long max, unsigned long *v)
{
	for (; t->name; t++)
		if (!strcmp(t->name, s)) {
			*v = (unsigned long)t->id;
			return 0;
		}
	return parse_num(s, max, v);
}

static const char *name_of(const struct rt_name *t, int id, char *buf, size_t len)
{
	for (; t->name; t++)
		if (t->id == id)
			return t->name;
	snprintf(buf, len, "%d", id);
	return buf;
}

int rt_table_parse(const char *s, uint32_t *table)
{
	unsigned long v;
	if (name_parse(rt_table_names, s, 0xffffffffUL, &v) < 0 || v == 0)
		return -EINVAL;
	*table = (uint32_t)v;
	return 0;
}

const char *rt_table_name(uint32_t table, char *buf, size_t len)
{
	if (table >= 253 && table <= 255)
		return name_of(rt_table_names, (int)table, buf, len);
	snprintf(buf, len, "%u", table);
	return buf;
}

int rt_proto_parse(const char *s, int *proto)
{
	unsigned long v;
	if (name_parse(rt_proto_names, s, 255, &v) < 0)
		return -EINVAL;
	*proto = (int)v;
	return 0;
}

const char *rt_proto_name(int proto, char *buf, size_t len)
{
	return name_of(rt_proto_names, proto, buf, len);
}

int rt_scope_parse(const char *s, int *scope)
{
	unsigned long v;
	if (!strcmp(s, "universe"))
		s = "global";
	if (name_parse(rt_scope_names, s, 255, &v) < 0)
		return -EINVAL;
	*scope = (int)v;
	return 0;
}

const char *rt_scope_name(int scope, char *buf, size_t len)
{
	return name_of(rt_scope_names, scope, buf, len);
}

int rt_type_parse(const char *s, int *type)
{
	size_t i;
	for (i = 1; i < sizeof types / sizeof types[0]; i++)
		if (!strcmp(types[i], s)) {
			*type = (int)i;
			return 0;
		}
	return -EINVAL;
}

const char *rt_type_name(int type)
{
	if (type >= 0 && (size_t)type < sizeof types / sizeof types[0])
		return types[type];
	return "unknown";
}
