/*
 * route.h -- what the routing families (route.c, rule.c, neigh.c) share:
 * small strict address parsers, names for tables/protocols/scopes/types,
 * device index lookups, one netlink dump/request helper, and the check that
 * a Lua spec table holds only known fields.
 */
#ifndef NETLEARN_ROUTE_H
#define NETLEARN_ROUTE_H

#include <stdint.h>
#include <net/if.h>
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
/* "a.b.c.d/len", "a.b.c.d" (a host), "default" (family AF_UNSPEC until the
 * caller decides, plen 0). 0 or -EINVAL; *why says what was wrong. */
int rt_parse_prefix(const char *s, struct rt_addr *a, const char **why);
/* 1 when bits beyond plen are set (10.0.0.1/24) */
int rt_host_bits_set(const struct rt_addr *a);
/* text of an address (no prefix) into buf (INET6_ADDRSTRLEN) */
const char *rt_ntop(int family, const void *bytes, char *buf, size_t len);
/* text of netlink address attribute A (NULL or too short: buf untouched) */
struct nlattr;
void rt_attr_ntop(struct nlattr *a, int family, char *buf, size_t len);

/* Names, the iproute2 way: "main" 254, "local" 255, "default" 253, or a number. */
int rt_table_parse(const char *s, uint32_t *table);        /* 0 or -EINVAL */
const char *rt_table_name(uint32_t table, char *buf, size_t len);
int rt_proto_parse(const char *s, int *proto);             /* "boot", "static", N */
const char *rt_proto_name(int proto, char *buf, size_t len);
int rt_scope_parse(const char *s, int *scope);
const char *rt_scope_name(int scope, char *buf, size_t len);
int rt_type_parse(const char *s, int *type);
const char *rt_type_name(int type);

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

/* Lua: a spec table must hold only the fields in ALLOWED (NULL-ended).
 * Returns 0, or pushes nil,msg,EINVAL and returns 3. */
int rt_check_fields(lua_State *L, int t, const char *what, const char *const allowed[]);
/* Lua: optional field that may be a string or an integer; NULL when absent. */
const char *rt_field_strnum(lua_State *L, int t, const char *k, char *buf, size_t len);

#endif
