/*
 * route.h -- what the routing families (route.c, rule.c, neigh.c) share:
 * small strict address parsers, names for tables/protocols/scopes/types
 * (rt_parse.c), device index lookups, one netlink dump/request helper
 * (rt_netlink.c), and the check that a Lua spec table holds only known fields
 * (l_spec.c); then the route primitives of route.c that l_route.c calls.
 */
#ifndef NETLEARN_ROUTE_H
#define NETLEARN_ROUTE_H

struct lua_State;   /* the binding half below; primitives need no Lua */

#include <stdint.h>
#include <net/if.h>
#include <arpa/inet.h>
#include "netlearn.h"

struct nlmsghdr;
struct nl_msg;

/* An address as bytes: family AF_INET or AF_INET6, len 4 or 16. */
struct rt_addr {
	int family;
	int len;            /* bytes */
	int plen;           /* prefix length; full length when none was written */
	unsigned char b[16];
};

/* "a.b.c.d" or an IPv6 address. 0 or -EINVAL. */
int rt_parse_addr(const char *s, struct rt_addr *a);
/* "a.b.c.d/len", "a.b.c.d" (a host), "default", "all" or "any" (family
 * AF_UNSPEC until the caller decides, plen 0), "x::y[/len]". 0 or -EINVAL;
 * rt_parse_prefix_why also says what was wrong (addrparse.h's enum
 * prefix_why; net.prefix_parse hands it to netlearn.parse.api_prefix, which
 * words it). */
int rt_parse_prefix(const char *s, struct rt_addr *a);
enum prefix_why;
int rt_parse_prefix_why(const char *s, struct rt_addr *a, enum prefix_why *why);
/* text of an address (no prefix) into buf (INET6_ADDRSTRLEN) */
const char *rt_ntop(int family, const void *bytes, char *buf, size_t len);
/* text of netlink address attribute A (NULL or too short: buf untouched) */
struct nlattr;
void rt_attr_ntop(struct nlattr *a, int family, char *buf, size_t len);

/* Names, the iproute2 way: "main" 254, "local" 255, "default" 253, or a number.
 * The lists ({0, NULL}-ended) are exported to Lua by net.route_names. */
struct rt_name { int id; const char *name; };
extern const struct rt_name rt_table_names[], rt_proto_names[], rt_scope_names[];
int rt_table_parse(const char *s, uint32_t *table);        /* 0 or -EINVAL */
const char *rt_table_name(uint32_t table, char *buf, size_t len);
int rt_proto_parse(const char *s, int *proto);             /* "boot", "static", N */
const char *rt_proto_name(int proto, char *buf, size_t len);
int rt_scope_parse(const char *s, int *scope);
const char *rt_scope_name(int scope, char *buf, size_t len);
int rt_type_parse(const char *s, int *type);
const char *rt_type_name(int type);          /* "unknown" past the last type */

/* Index of device NAME in the socket's namespace, or -ENODEV. */
int rt_dev_index(struct nl_sock *sk, const char *name);
/* Interface names of a namespace, looked up once per listing. */
struct rt_names;
struct rt_names *rt_names_load(struct nl_sock *sk, int *err);
const char *rt_names_get(struct rt_names *n, int ifindex);   /* NULL if unknown */
void rt_names_free(struct rt_names *n);

/* Send a dump request (type, header) and call fn for every answer. A
 * negative fn result is remembered (the dump is still read to the end). */
int rt_dump(struct nl_sock *sk, int type, const void *hdr, size_t hdrlen,
	    int (*fn)(struct nlmsghdr *h, void *arg), void *arg);
/* Send MSG (NLM_F_ACK is added) and call fn for each answer until the ACK. */
int rt_request(struct nl_sock *sk, struct nl_msg *msg,
	       int (*fn)(struct nlmsghdr *h, void *arg), void *arg);

/* Lua: optional field that may be a string or an integer; NULL when absent. */
const char *rt_field_strnum(struct lua_State *L, int t, const char *k, char *buf, size_t len);

/* ---- routes (route.c; its bindings are in l_route.c) ---------------------- */

enum route_op { ROUTE_ADD, ROUTE_REPLACE, ROUTE_CHANGE, ROUTE_DEL };

struct route_spec {
	struct rt_addr dst;
	int has_gw;
	struct rt_addr gw;
	const char *dev;        /* NULL: none */
	int has_metric;
	uint32_t metric;
	int has_table;
	uint32_t table;
	int scope;              /* -1: the iproute2 default */
	int has_src;
	struct rt_addr src;
	int proto;              /* -1: boot on add, any on delete */
	int type;               /* -1: unicast on add, any on delete */
	int onlink;
	int append;             /* add: NLM_F_APPEND (ip route append) */
	int shared;             /* add: no NLM_F_EXCL (route(8)'s SIOCADDRT) */
};

#define RT_MAX_NH 16

struct route_info {
	int family, type, protocol, scope;
	uint32_t table;
	unsigned flags;
	int dst_len, has_dst;
	char dst[INET6_ADDRSTRLEN];
	char gateway[INET6_ADDRSTRLEN];
	char prefsrc[INET6_ADDRSTRLEN];
	char from[INET6_ADDRSTRLEN];
	int oif, iif;
	int has_metric;
	uint32_t metric;
	int pref;               /* RTA_PREF (IPv6 router preference), -1 when absent */
	int nnh;
	struct { char gateway[INET6_ADDRSTRLEN]; int oif, weight; unsigned flags; } nh[RT_MAX_NH];
};

struct route_query {
	struct rt_addr dst;
	int has_from;
	struct rt_addr from;
	const char *iif, *oif;
	int fibmatch;           /* the FIB entry that matched, not the resolved /32 */
};

/* Make and send one route request. 0 or -errno. */
int route_modify(const char *ns, enum route_op op, const struct route_spec *s);
/* Call FN for each route of TABLE (0: all) and FAMILY (AF_UNSPEC: all),
 * cache entries left out as `ip route show` does. 0 or -errno. */
int route_list(const char *ns, uint32_t table, int family,
	       int (*fn)(const struct route_info *info, void *arg), void *arg);
/* One lookup, like `ip route get`: 0 or -errno (-ENOENT: no route). */
int route_get(const char *ns, const struct route_query *q, struct route_info *out);

#endif
