/*
 * route.c -- routes of a namespace over rtnetlink: add, replace, change,
 * delete (libnl-route-3 route objects), list (a RTM_GETROUTE dump read the way
 * `ip -j route show` reads it) and get (one RTM_GETROUTE lookup, like
 * `ip route get`). Also the helpers route.h shares with rule.c and neigh.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>
#include <netlink/route/nexthop.h>
#include "route.h"

/* ---- parsers and names (shared through route.h) ----------------------------- */

int rt_parse_addr(const char *s, struct rt_addr *a)
{
	memset(a, 0, sizeof *a);
	if (inet_pton(AF_INET, s, a->b) == 1) {
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

int rt_parse_prefix(const char *s, struct rt_addr *a, const char **why)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	char *end;
	long plen;

	*why = NULL;
	memset(a, 0, sizeof *a);
	if (!strcmp(s, "default") || !strcmp(s, "all") || !strcmp(s, "any")) {
		a->family = AF_UNSPEC;
		return 0;
	}
	if (n == 0 || n >= sizeof host) {
		*why = "not an IPv4 address or prefix";
		return -EINVAL;
	}
	memcpy(host, s, n);
	host[n] = '\0';
	if (rt_parse_addr(host, a) < 0) {
		*why = "not an IPv4 address or prefix";
		return -EINVAL;
	}
	if (!slash)
		return 0;
	if (!slash[1] || slash[1] == '-' || slash[1] == '+' || slash[1] == ' ') {
		*why = "prefix length missing after '/'";
		return -EINVAL;
	}
	errno = 0;
	plen = strtol(slash + 1, &end, 10);
	if (*end || errno) {
		*why = "prefix length is not a number";
		return -EINVAL;
	}
	if (plen < 0 || plen > a->len * 8) {
		*why = a->family == AF_INET ? "prefix length must be 0-32" : "prefix length must be 0-128";
		return -EINVAL;
	}
	a->plen = (int)plen;
	return 0;
}

int rt_host_bits_set(const struct rt_addr *a)
{
	int i;
	for (i = 0; i < a->len; i++) {
		int keep = a->plen - i * 8;
		unsigned char mask = keep >= 8 ? 0xff : keep <= 0 ? 0 : (unsigned char)(0xff << (8 - keep));
		if (a->b[i] & ~mask)
			return 1;
	}
	return 0;
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

struct rt_name { int id; const char *name; };

static const struct rt_name tables[] = {
	{253, "default"}, {254, "main"}, {255, "local"}, {0, NULL}
};
static const struct rt_name protos[] = {
	{0, "unspec"}, {1, "redirect"}, {2, "kernel"}, {3, "boot"}, {4, "static"},
	{8, "gated"}, {9, "ra"}, {10, "mrt"}, {11, "zebra"}, {12, "bird"},
	{13, "dnrouted"}, {14, "xorp"}, {15, "ntk"}, {16, "dhcp"}, {17, "mrouted"},
	{42, "babel"}, {186, "bgp"}, {187, "isis"}, {188, "ospf"}, {189, "rip"},
	{192, "eigrp"}, {0, NULL}
};
static const struct rt_name scopes[] = {
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
	if (name_parse(tables, s, 0xffffffffUL, &v) < 0 || v == 0)
		return -EINVAL;
	*table = (uint32_t)v;
	return 0;
}

const char *rt_table_name(uint32_t table, char *buf, size_t len)
{
	if (table >= 253 && table <= 255)
		return name_of(tables, (int)table, buf, len);
	snprintf(buf, len, "%u", table);
	return buf;
}

int rt_proto_parse(const char *s, int *proto)
{
	unsigned long v;
	if (name_parse(protos, s, 255, &v) < 0)
		return -EINVAL;
	*proto = (int)v;
	return 0;
}

const char *rt_proto_name(int proto, char *buf, size_t len)
{
	return name_of(protos, proto, buf, len);
}

int rt_scope_parse(const char *s, int *scope)
{
	unsigned long v;
	if (!strcmp(s, "universe"))
		s = "global";
	if (name_parse(scopes, s, 255, &v) < 0)
		return -EINVAL;
	*scope = (int)v;
	return 0;
}

const char *rt_scope_name(int scope, char *buf, size_t len)
{
	return name_of(scopes, scope, buf, len);
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

/* ---- devices ----------------------------------------------------------------- */

int rt_dev_index(struct nl_sock *sk, const char *name)
{
	struct rtnl_link *link = NULL;
	int r, idx;
	if (!name[0] || strlen(name) >= IFNAMSIZ)
		return -ENODEV;
	r = rtnl_link_get_kernel(sk, 0, name, &link);
	if (r < 0) {
		r = nl_result(sk, r);
		nl_clear_extack();
		return r == -ENOMEM ? r : -ENODEV;
	}
	idx = rtnl_link_get_ifindex(link);
	rtnl_link_put(link);
	return idx;
}

/* An RTM_GETLINK dump through rt_dump (not libnl's link cache, which asks
 * again without end while a dump is interrupted). */
struct rt_ifname { int ifindex; char name[IFNAMSIZ]; };
struct rt_names {
	struct rt_ifname *v;
	int n, cap;
};

static int name_one(struct nlmsghdr *h, void *arg)
{
	struct rt_names *n = arg;
	struct ifinfomsg *ifi;
	struct nlattr *tb[IFLA_MAX + 1];

	if (h->nlmsg_type != RTM_NEWLINK || nlmsg_parse(h, sizeof *ifi, tb, IFLA_MAX, NULL) < 0 ||
	    !tb[IFLA_IFNAME])
		return 0;
	ifi = nlmsg_data(h);
	if (n->n == n->cap) {
		int cap = n->cap ? n->cap * 2 : 16;
		struct rt_ifname *v = realloc(n->v, sizeof *v * (size_t)cap);
		if (!v)
			return -ENOMEM;
		n->v = v;
		n->cap = cap;
	}
	n->v[n->n].ifindex = ifi->ifi_index;
	snprintf(n->v[n->n].name, IFNAMSIZ, "%s", nla_get_string(tb[IFLA_IFNAME]));
	n->n++;
	return 0;
}

static int cmp_ifindex(const void *a, const void *b)
{
	int x = ((const struct rt_ifname *)a)->ifindex, y = ((const struct rt_ifname *)b)->ifindex;
	return (x > y) - (x < y);
}

struct rt_names *rt_names_load(struct nl_sock *sk, int *err)
{
	struct rt_names *n = calloc(1, sizeof *n);
	struct ifinfomsg ifi;
	int r;
	if (!n) {
		*err = -ENOMEM;
		return NULL;
	}
	memset(&ifi, 0, sizeof ifi);
	ifi.ifi_family = AF_UNSPEC;
	r = rt_dump(sk, RTM_GETLINK, &ifi, sizeof ifi, name_one, n);
	if (r < 0) {
		*err = r;
		rt_names_free(n);
		return NULL;
	}
	if (n->n > 1)
		qsort(n->v, (size_t)n->n, sizeof *n->v, cmp_ifindex);
	return n;
}

const char *rt_names_get(struct rt_names *n, int ifindex)
{
	struct rt_ifname key, *hit;
	if (!n || ifindex <= 0 || !n->n)
		return NULL;
	key.ifindex = ifindex;
	hit = bsearch(&key, n->v, (size_t)n->n, sizeof *n->v, cmp_ifindex);
	return hit ? hit->name : NULL;
}

void rt_names_free(struct rt_names *n)
{
	if (!n)
		return;
	free(n->v);
	free(n);
}

/* ---- talking to the kernel --------------------------------------------------- */

struct rt_cb_ctx {
	int (*fn)(struct nlmsghdr *h, void *arg);
	void *arg;
	int err;
	int done;
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct rt_cb_ctx *c = arg;
	int r = c->fn ? c->fn(nlmsg_hdr(msg), c->arg) : 0;
	if (r < 0 && !c->err)
		c->err = r;
	return NL_OK;     /* keep reading: a half-read dump would confuse the next request */
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct rt_cb_ctx *c = arg;
	(void)msg;
	c->done = 1;
	return NL_STOP;
}

static struct nl_cb *clone_cb(struct nl_sock *sk, struct rt_cb_ctx *c)
{
	struct nl_cb *base = nl_socket_get_cb(sk), *cb;
	cb = nl_cb_clone(base);
	nl_cb_put(base);
	if (!cb)
		return NULL;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, c);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, c);
	return cb;
}

struct rt_dump_ctx {
	int (*fn)(struct nlmsghdr *h, void *arg);
	void *arg;
};

static int rt_dump_one(struct nl_msg *m, void *arg)
{
	struct rt_dump_ctx *c = arg;
	return c->fn(nlmsg_hdr(m), c->arg);
}

int rt_dump(struct nl_sock *sk, int type, const void *hdr, size_t hdrlen,
	    int (*fn)(struct nlmsghdr *h, void *arg), void *arg)
{
	struct rt_dump_ctx c = { fn, arg };
	struct nl_msg *msg = nlmsg_alloc_simple(type, NLM_F_DUMP);

	if (!msg)
		return -ENOMEM;
	if (hdr && hdrlen && nlmsg_append(msg, (void *)hdr, hdrlen, NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	/* read whole, asked again while the kernel says it was interrupted */
	return nl_dump_consistent(sk, msg, rt_dump_one, &c);
}

int rt_request(struct nl_sock *sk, struct nl_msg *msg,
	       int (*fn)(struct nlmsghdr *h, void *arg), void *arg)
{
	struct rt_cb_ctx c = { fn, arg, 0, 0 };
	struct nl_cb *cb;
	int r;

	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	r = nl_send_auto(sk, msg);
	if (r < 0)
		return nl_result(sk, r);
	cb = clone_cb(sk, &c);
	if (!cb)
		return -ENOMEM;
	do
		r = nl_recvmsgs(sk, cb);
	while (r >= 0 && !c.done);
	nl_cb_put(cb);
	if (r < 0)
		return nl_result(sk, r);
	return c.err;
}

/* ---- Lua spec helpers (shared) ---------------------------------------------- */

int rt_check_fields(lua_State *L, int t, const char *what, const char *const allowed[])
{
	if (lua_isnoneornil(L, t))
		return 0;
	lua_pushnil(L);
	while (lua_next(L, t)) {
		const char *const *a;
		int known = 0;
		if (lua_type(L, -2) == LUA_TSTRING)
			for (a = allowed; *a; a++)
				if (!strcmp(*a, lua_tostring(L, -2)))
					known = 1;
		if (!known) {
			luaL_Buffer b;
			const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "(not a name)";
			luaL_buffinit(L, &b);
			for (a = allowed; *a; a++) {
				if (a != allowed)
					luaL_addstring(&b, ", ");
				luaL_addstring(&b, *a);
			}
			luaL_pushresult(&b);
			return l_fail(L, -EINVAL, "%s: unknown field '%s' (known fields: %s)",
				      what, key, lua_tostring(L, -1));
		}
		lua_pop(L, 1);
	}
	return 0;
}

const char *rt_field_strnum(lua_State *L, int t, const char *k, char *buf, size_t len)
{
	const char *v = NULL;
	if (lua_isnoneornil(L, t))
		return NULL;
	lua_getfield(L, t, k);
	if (lua_type(L, -1) == LUA_TSTRING) {
		v = lua_tostring(L, -1);
	} else if (lua_type(L, -1) == LUA_TNUMBER) {
		if (!lua_isinteger(L, -1))
			luaL_error(L, "field '%s' must be a name or an integer", k);
		v = lua_tostring(L, -1);        /* converts the stack copy only */
	} else if (!lua_isnil(L, -1)) {
		luaL_error(L, "field '%s' must be a name or an integer", k);
	}
	if (v) {
		snprintf(buf, len, "%s", v);
		v = buf;
	}
	lua_pop(L, 1);
	return v;
}

/* ---- routes ------------------------------------------------------------------ */

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

/* Make and send one route request. 0 or -errno. */
static int route_modify(const char *ns, enum route_op op, const struct route_spec *s)
{
	struct nl_sock *sk;
	struct rtnl_route *rt = NULL;
	struct rtnl_nexthop *nh = NULL;
	struct nl_addr *dst = NULL, *gw = NULL, *src = NULL;
	struct nl_msg *msg;
	int err = 0, r, ifindex = 0, type, scope, flags;
	int family = s->dst.family;

	sk = nl_route_sock(ns, &err);
	if (!sk)
		return err;
	nl_clear_extack();
	if (s->dev) {
		ifindex = rt_dev_index(sk, s->dev);
		if (ifindex < 0)
			return ifindex;
	}
	rt = rtnl_route_alloc();
	dst = nl_addr_build(family, s->dst.b, (size_t)s->dst.len);
	if (!rt || !dst) {
		err = -ENOMEM;
		goto out;
	}
	nl_addr_set_prefixlen(dst, s->dst.plen);
	rtnl_route_set_family(rt, (uint8_t)family);
	rtnl_route_set_dst(rt, dst);

	type = s->type >= 0 ? s->type : op == ROUTE_DEL ? 0 : RTN_UNICAST;
	rtnl_route_set_type(rt, (uint8_t)type);
	if (s->has_table)
		rtnl_route_set_table(rt, s->table);
	else
		rtnl_route_set_table(rt, type == RTN_LOCAL ? RT_TABLE_LOCAL : RT_TABLE_MAIN);
	rtnl_route_set_protocol(rt, (uint8_t)(s->proto >= 0 ? s->proto : op == ROUTE_DEL ? 0 : RTPROT_BOOT));
	if (s->has_metric)
		rtnl_route_set_priority(rt, s->metric);

	/* scope as iproute2 chooses it */
	if (s->scope >= 0)
		scope = s->scope;
	else if (op == ROUTE_DEL)
		scope = RT_SCOPE_NOWHERE;
	else if (type == RTN_LOCAL || type == RTN_NAT)
		scope = RT_SCOPE_HOST;
	else if (type == RTN_BROADCAST || type == RTN_MULTICAST || type == RTN_ANYCAST)
		scope = RT_SCOPE_LINK;
	else if (type == RTN_UNICAST && !s->has_gw)
		scope = RT_SCOPE_LINK;
	else
		scope = RT_SCOPE_UNIVERSE;
	rtnl_route_set_scope(rt, (uint8_t)scope);

	if (s->has_src) {
		src = nl_addr_build(s->src.family, s->src.b, (size_t)s->src.len);
		if (!src) {
			err = -ENOMEM;
			goto out;
		}
		rtnl_route_set_pref_src(rt, src);
	}
	if (s->has_gw || ifindex > 0) {
		nh = rtnl_route_nh_alloc();
		if (!nh) {
			err = -ENOMEM;
			goto out;
		}
		if (ifindex > 0)
			rtnl_route_nh_set_ifindex(nh, ifindex);
		if (s->has_gw) {
			gw = nl_addr_build(s->gw.family, s->gw.b, (size_t)s->gw.len);
			if (!gw) {
				rtnl_route_nh_free(nh);
				err = -ENOMEM;
				goto out;
			}
			rtnl_route_nh_set_gateway(nh, gw);
		}
		if (s->onlink)
			rtnl_route_nh_set_flags(nh, RTNH_F_ONLINK);
		rtnl_route_add_nexthop(rt, nh);     /* the route owns it now */
	}

	/* built by hand: rtnl_route_add() always adds NLM_F_CREATE, which would
	 * turn `change` of a missing route into an add */
	switch (op) {
	case ROUTE_ADD:
		flags = NLM_F_CREATE;
		if (s->append)
			flags |= NLM_F_APPEND;
		else if (!s->shared)
			flags |= NLM_F_EXCL;
		break;
	case ROUTE_REPLACE: flags = NLM_F_CREATE | NLM_F_REPLACE; break;
	case ROUTE_CHANGE:  flags = NLM_F_REPLACE; break;
	default:            flags = 0; break;
	}
	msg = nlmsg_alloc_simple(op == ROUTE_DEL ? RTM_DELROUTE : RTM_NEWROUTE, flags);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	r = rtnl_route_build_msg(msg, rt);
	if (r >= 0)
		r = nl_send_sync(sk, msg);      /* frees msg */
	else
		nlmsg_free(msg);
	if (r < 0)
		err = nl_result(sk, r);
out:
	nl_addr_put(dst);
	nl_addr_put(gw);
	nl_addr_put(src);
	if (rt)
		rtnl_route_put(rt);
	return err;
}

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

/* Fill INFO from one RTM_NEWROUTE message. */
static int route_parse(struct nlmsghdr *h, struct route_info *info)
{
	struct rtmsg *rtm = nlmsg_data(h);
	struct nlattr *tb[RTA_MAX + 1];
	int r;

	if (h->nlmsg_type != RTM_NEWROUTE)
		return 0;
	r = nlmsg_parse(h, sizeof *rtm, tb, RTA_MAX, NULL);
	if (r < 0)
		return -EINVAL;
	memset(info, 0, sizeof *info);
	info->family = rtm->rtm_family;
	info->type = rtm->rtm_type;
	info->protocol = rtm->rtm_protocol;
	info->scope = rtm->rtm_scope;
	info->flags = rtm->rtm_flags;
	info->dst_len = rtm->rtm_dst_len;
	info->table = tb[RTA_TABLE] ? nla_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	if (tb[RTA_DST]) {
		info->has_dst = 1;
		rt_attr_ntop(tb[RTA_DST], rtm->rtm_family, info->dst, sizeof info->dst);
	}
	rt_attr_ntop(tb[RTA_GATEWAY], rtm->rtm_family, info->gateway, sizeof info->gateway);
	rt_attr_ntop(tb[RTA_PREFSRC], rtm->rtm_family, info->prefsrc, sizeof info->prefsrc);
	rt_attr_ntop(tb[RTA_SRC], rtm->rtm_family, info->from, sizeof info->from);
	if (tb[RTA_OIF])
		info->oif = (int)nla_get_u32(tb[RTA_OIF]);
	if (tb[RTA_IIF])
		info->iif = (int)nla_get_u32(tb[RTA_IIF]);
	info->pref = tb[RTA_PREF] ? nla_get_u8(tb[RTA_PREF]) : -1;
	if (tb[RTA_PRIORITY]) {
		info->has_metric = 1;
		info->metric = nla_get_u32(tb[RTA_PRIORITY]);
	}
	if (tb[RTA_MULTIPATH]) {
		struct rtnexthop *nh = nla_data(tb[RTA_MULTIPATH]);
		int len = nla_len(tb[RTA_MULTIPATH]);
		while (len >= (int)sizeof *nh && nh->rtnh_len >= sizeof *nh &&
		       nh->rtnh_len <= len && info->nnh < RT_MAX_NH) {
			int i = info->nnh++;
			info->nh[i].oif = nh->rtnh_ifindex;
			info->nh[i].weight = nh->rtnh_hops + 1;
			info->nh[i].flags = nh->rtnh_flags;
			if (nh->rtnh_len > sizeof *nh) {
				struct nlattr *ntb[RTA_MAX + 1];
				if (nla_parse(ntb, RTA_MAX, (struct nlattr *)RTNH_DATA(nh),
					      nh->rtnh_len - (int)sizeof *nh, NULL) == 0)
					rt_attr_ntop(ntb[RTA_GATEWAY], rtm->rtm_family,
						     info->nh[i].gateway, sizeof info->nh[i].gateway);
			}
			len -= RTNH_ALIGN(nh->rtnh_len);
			nh = RTNH_NEXT(nh);
		}
	}
	return 1;
}

struct list_ctx {
	uint32_t table;         /* 0: all */
	int family;             /* AF_UNSPEC: all */
	int (*fn)(const struct route_info *info, void *arg);
	void *arg;
};

static int list_one(struct nlmsghdr *h, void *arg)
{
	struct list_ctx *c = arg;
	struct route_info info;
	int r = route_parse(h, &info);
	if (r <= 0)
		return r;
	if (info.flags & RTM_F_CLONED)
		return 0;                       /* cache entries: `ip route show` hides them */
	if (c->table && info.table != c->table)
		return 0;
	if (c->family && info.family != c->family)
		return 0;
	return c->fn(&info, c->arg);
}

static int route_list(const char *ns, uint32_t table, int family,
		      int (*fn)(const struct route_info *info, void *arg), void *arg)
{
	struct list_ctx c = { table, family, fn, arg };
	struct rtmsg rtm;
	struct nl_sock *sk;
	int err = 0;

	sk = nl_route_sock(ns, &err);
	if (!sk)
		return err;
	nl_clear_extack();
	memset(&rtm, 0, sizeof rtm);
	rtm.rtm_family = (unsigned char)family;
	return rt_dump(sk, RTM_GETROUTE, &rtm, sizeof rtm, list_one, &c);
}

struct route_query {
	struct rt_addr dst;
	int has_from;
	struct rt_addr from;
	const char *iif, *oif;
};

static int get_one(struct nlmsghdr *h, void *arg)
{
	return route_parse(h, arg) < 0 ? -EINVAL : 0;
}

static int route_get(const char *ns, const struct route_query *q, struct route_info *out)
{
	struct nl_sock *sk;
	struct nl_msg *msg = NULL;
	struct rtmsg rtm;
	int err = 0, iif = 0, oif = 0;

	sk = nl_route_sock(ns, &err);
	if (!sk)
		return err;
	nl_clear_extack();
	if (q->iif && (iif = rt_dev_index(sk, q->iif)) < 0)
		return iif;
	if (q->oif && (oif = rt_dev_index(sk, q->oif)) < 0)
		return oif;
	memset(&rtm, 0, sizeof rtm);
	rtm.rtm_family = (unsigned char)q->dst.family;
	rtm.rtm_dst_len = (unsigned char)(q->dst.len * 8);
	rtm.rtm_flags = RTM_F_LOOKUP_TABLE;
	msg = nlmsg_alloc_simple(RTM_GETROUTE, NLM_F_REQUEST);
	if (!msg)
		return -ENOMEM;
	if (nlmsg_append(msg, &rtm, sizeof rtm, NLMSG_ALIGNTO) < 0 ||
	    nla_put(msg, RTA_DST, q->dst.len, q->dst.b) < 0 ||
	    (q->has_from && nla_put(msg, RTA_SRC, q->from.len, q->from.b) < 0) ||
	    (iif && nla_put_u32(msg, RTA_IIF, (uint32_t)iif) < 0) ||
	    (oif && nla_put_u32(msg, RTA_OIF, (uint32_t)oif) < 0)) {
		err = -ENOMEM;
		goto out;
	}
	if (q->has_from) {
		struct rtmsg *h = nlmsg_data(nlmsg_hdr(msg));
		h->rtm_src_len = (unsigned char)(q->from.len * 8);
	}
	memset(out, 0, sizeof *out);
	out->type = -1;
	err = rt_request(sk, msg, get_one, out);
	if (!err && out->type < 0)
		err = -ENOENT;
out:
	nlmsg_free(msg);
	return err;
}

/* ---- Lua bindings ------------------------------------------------------------- */

static const char *const route_fields[] = {
	"dst", "via", "gateway", "dev", "metric", "table", "scope", "src", "proto",
	"protocol", "type", "onlink", "append", "exclusive", "family", NULL
};

static const char *const op_names[] = { "route add", "route replace", "route change", "route del" };

/* The spec table at index 2 into S. 0, or the number of values pushed (nil,msg,errno). */
static int check_spec(lua_State *L, enum route_op op, struct route_spec *s)
{
	const char *what = op_names[op];
	const char *v, *why, *dst;
	char tb[64], sb[64], pb[64];
	int r;

	luaL_checktype(L, 2, LUA_TTABLE);
	memset(s, 0, sizeof *s);
	s->scope = s->proto = s->type = -1;
	if ((r = rt_check_fields(L, 2, what, route_fields)))
		return r;

	dst = l_optfield_str(L, 2, "dst", NULL);
	if (!dst)
		return l_fail(L, -EINVAL, "%s: dst missing (a prefix such as 10.0.2.0/24, an address, or \"default\")", what);
	if (rt_parse_prefix(dst, &s->dst, &why) < 0)
		return l_fail(L, -EINVAL, "%s: dst %s: %s", what, dst, why);
	if (s->dst.family != AF_UNSPEC && rt_host_bits_set(&s->dst)) {
		struct rt_addr net = s->dst;
		char buf[INET6_ADDRSTRLEN];
		int i;
		for (i = 0; i < net.len; i++) {
			int keep = net.plen - i * 8;
			net.b[i] &= keep >= 8 ? 0xff : keep <= 0 ? 0 : (unsigned char)(0xff << (8 - keep));
		}
		if (net.family == AF_INET6)     /* the kernel masks an IPv6 prefix itself, and ip -6 accepts it */
			s->dst = net;
		else
			return l_fail(L, -EINVAL, "%s: dst %s has host bits set; write the network, %s/%d",
				      what, dst, rt_ntop(net.family, net.b, buf, sizeof buf), net.plen);
	}

	v = l_optfield_str(L, 2, "via", NULL);
	if (!v)
		v = l_optfield_str(L, 2, "gateway", NULL);
	if (v) {
		if (rt_parse_addr(v, &s->gw) < 0)
			return l_fail(L, -EINVAL, "%s %s: via %s: not an IP address (write a next hop such as 10.0.2.1)", what, dst, v);
		s->has_gw = 1;
	}
	s->dev = l_optfield_str(L, 2, "dev", NULL);
	if (s->dev && (!s->dev[0] || strlen(s->dev) >= IFNAMSIZ))
		return l_fail(L, -ENODEV, "%s %s: dev \"%s\": not a device name (1-15 bytes)", what, dst, s->dev);

	lua_getfield(L, 2, "metric");
	if (!lua_isnil(L, -1)) {
		int isnum;
		lua_Integer m = lua_tointegerx(L, -1, &isnum);
		if (!isnum || m < 0 || m > 0xffffffffLL) {
			lua_pop(L, 1);
			return l_fail(L, -EINVAL, "%s %s: metric must be an integer 0-4294967295", what, dst);
		}
		s->has_metric = 1;
		s->metric = (uint32_t)m;
	}
	lua_pop(L, 1);

	if ((v = rt_field_strnum(L, 2, "table", tb, sizeof tb))) {
		if (rt_table_parse(v, &s->table) < 0)
			return l_fail(L, -EINVAL, "%s %s: table \"%s\": not a table (main, local, default or 1-4294967295)", what, dst, v);
		s->has_table = 1;
	}
	if ((v = rt_field_strnum(L, 2, "scope", sb, sizeof sb)) && rt_scope_parse(v, &s->scope) < 0)
		return l_fail(L, -EINVAL, "%s %s: scope \"%s\": not a scope (global, link, host or 0-255)", what, dst, v);
	if (!(v = rt_field_strnum(L, 2, "proto", pb, sizeof pb)))
		v = rt_field_strnum(L, 2, "protocol", pb, sizeof pb);
	if (v && rt_proto_parse(v, &s->proto) < 0)
		return l_fail(L, -EINVAL, "%s %s: proto \"%s\": not a protocol (boot, static, kernel, dhcp or 0-255)", what, dst, v);
	if ((v = l_optfield_str(L, 2, "type", NULL)) &&
	    (rt_type_parse(v, &s->type) < 0 || s->type > RTN_THROW))
		return l_fail(L, -EINVAL, "%s %s: type \"%s\": not a route type (unicast, local, blackhole, unreachable, prohibit, throw)", what, dst, v);
	if ((v = l_optfield_str(L, 2, "src", NULL))) {
		if (rt_parse_addr(v, &s->src) < 0)
			return l_fail(L, -EINVAL, "%s %s: src %s: not an IP address", what, dst, v);
		s->has_src = 1;
	}
	s->onlink = l_optfield_bool(L, 2, "onlink", 0);
	s->append = l_optfield_bool(L, 2, "append", 0);
	s->shared = !l_optfield_bool(L, 2, "exclusive", 1);

	/* the family comes from the first address written, or family= ("inet6" for
	 * `ip -6 route add default dev X`) */
	if (s->dst.family == AF_UNSPEC) {
		const char *fs = l_optfield_str(L, 2, "family", NULL);
		int fam = s->has_gw ? s->gw.family : s->has_src ? s->src.family :
			  fs && !strcmp(fs, "inet6") ? AF_INET6 : AF_INET;
		s->dst.family = fam;
		s->dst.len = fam == AF_INET ? 4 : 16;
	}
	if ((s->has_gw && s->gw.family != s->dst.family) || (s->has_src && s->src.family != s->dst.family))
		return l_fail(L, -EINVAL, "%s %s: mixes IPv4 and IPv6 addresses", what, dst);
	if (op != ROUTE_DEL && (s->type < 0 || s->type == RTN_UNICAST) && !s->has_gw && !s->dev)
		return l_fail(L, -EINVAL, "%s %s: give via= (a next hop) or dev= (a device) for a unicast route", what, dst);
	return 0;
}

static int modify(lua_State *L, enum route_op op)
{
	const char *ns = l_checkns(L, 1);
	struct route_spec s;
	int r = check_spec(L, op, &s);
	const char *dst;
	if (r)
		return r;
	dst = l_optfield_str(L, 2, "dst", "");
	r = route_modify(ns, op, &s);
	if (r == -ENOENT && !ns_exists(ns))
		return l_fail(L, r, "%s: no such namespace", ns);
	if (r == -ENODEV && s.dev && !nl_last_extack()[0])
		return l_fail(L, r, "%s %s: Cannot find device \"%s\"", op_names[op], dst, s.dev);
	if (r == -ESRCH && op == ROUTE_DEL)
		return l_fail(L, r, "%s %s: no such route (No such process)", op_names[op], dst);
	if (r < 0)
		return l_fail(L, r, "%s %s: %s", op_names[op], dst, strerror(-r));
	lua_pushboolean(L, 1);
	return 1;
}

static int l_route_add(lua_State *L)     { return modify(L, ROUTE_ADD); }
static int l_route_replace(lua_State *L) { return modify(L, ROUTE_REPLACE); }
static int l_route_change(lua_State *L)  { return modify(L, ROUTE_CHANGE); }
static int l_route_del(lua_State *L)     { return modify(L, ROUTE_DEL); }

/* RTNH_F_* bits 0..6, iproute2's words */
static const char *const rtm_flag_names[] = {
	"dead", "pervasive", "onlink", "offload", "linkdown", "unresolved", "trap",
};

static void push_flags(lua_State *L, unsigned flags)
{
	size_t i;
	int n = 0;
	lua_newtable(L);
	for (i = 0; i < sizeof rtm_flag_names / sizeof rtm_flag_names[0]; i++)
		if (flags & (1u << i)) {
			lua_pushstring(L, rtm_flag_names[i]);
			lua_rawseti(L, -2, ++n);
		}
	if (flags & RTM_F_NOTIFY) {
		lua_pushstring(L, "notify");
		lua_rawseti(L, -2, ++n);
	}
	lua_setfield(L, -2, "flags");
}

struct push_ctx {
	lua_State *L;
	struct rt_names *names;
};

/* one route as a Lua table on top of the stack */
static void push_route(lua_State *L, const struct route_info *r, struct rt_names *names)
{
	char buf[64];
	int full = r->family == AF_INET ? 32 : 128;
	lua_newtable(L);
	if (!r->has_dst || r->dst_len == 0) {
		l_setfield_str(L, "dst", "default");
	} else if (r->dst_len == full) {
		l_setfield_str(L, "dst", r->dst);       /* iproute2 writes host routes bare */
	} else {
		lua_pushfstring(L, "%s/%d", r->dst, r->dst_len);
		lua_setfield(L, -2, "dst");
	}
	l_setfield_int(L, "dst_len", r->dst_len);
	l_setfield_str(L, "family", r->family == AF_INET ? "inet" : r->family == AF_INET6 ? "inet6" : "unspec");
	if (r->gateway[0])
		l_setfield_str(L, "gateway", r->gateway);
	if (r->oif) {
		l_setfield_int(L, "oif", r->oif);
		l_setfield_str(L, "dev", rt_names_get(names, r->oif));
	}
	if (r->iif) {
		l_setfield_int(L, "iif_index", r->iif);
		l_setfield_str(L, "iif", rt_names_get(names, r->iif));
	}
	if (r->has_metric)
		l_setfield_int(L, "metric", r->metric);
	l_setfield_int(L, "table", r->table);
	l_setfield_str(L, "protocol", rt_proto_name(r->protocol, buf, sizeof buf));
	l_setfield_str(L, "scope", rt_scope_name(r->scope, buf, sizeof buf));
	if (r->prefsrc[0])
		l_setfield_str(L, "src", r->prefsrc);
	if (r->from[0])
		l_setfield_str(L, "from", r->from);
	l_setfield_str(L, "type", rt_type_name(r->type));
	if (r->pref >= 0)       /* ICMPV6_ROUTER_PREF_*: iproute2's words */
		l_setfield_str(L, "pref", r->pref == 0 ? "medium" : r->pref == 1 ? "high" : r->pref == 3 ? "low" : "unknown");
	push_flags(L, r->flags & ~(unsigned)(RTM_F_LOOKUP_TABLE | RTM_F_CLONED));
	if (r->nnh) {
		int i;
		lua_createtable(L, r->nnh, 0);
		for (i = 0; i < r->nnh; i++) {
			lua_newtable(L);
			if (r->nh[i].gateway[0])
				l_setfield_str(L, "gateway", r->nh[i].gateway);
			l_setfield_str(L, "dev", rt_names_get(names, r->nh[i].oif));
			l_setfield_int(L, "weight", r->nh[i].weight);
			lua_rawseti(L, -2, i + 1);
		}
		lua_setfield(L, -2, "nexthops");
	}
}

static int push_one(const struct route_info *info, void *arg)
{
	struct push_ctx *c = arg;
	push_route(c->L, info, c->names);
	lua_rawseti(c->L, -2, (lua_Integer)lua_rawlen(c->L, -2) + 1);
	return 0;
}

static int l_route_list(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	static const char *const fields[] = { "table", "family", NULL };
	struct push_ctx c = { L, NULL };
	const char *tab, *fam;
	char tb[64];
	uint32_t table = RT_TABLE_MAIN;
	int family = AF_INET, err = 0, r;
	struct nl_sock *sk;

	if (!lua_isnoneornil(L, 2))
		luaL_checktype(L, 2, LUA_TTABLE);
	if ((r = rt_check_fields(L, 2, "route list", fields)))
		return r;
	tab = rt_field_strnum(L, 2, "table", tb, sizeof tb);
	if (tab && !strcmp(tab, "all"))
		table = 0;
	else if (tab && rt_table_parse(tab, &table) < 0)
		return l_fail(L, -EINVAL, "route list: table \"%s\": not a table (main, local, default, all or 1-4294967295)", tab);
	fam = l_optfield_str(L, 2, "family", "inet");
	if (!strcmp(fam, "inet") || !strcmp(fam, "ipv4") || !strcmp(fam, "4"))
		family = AF_INET;
	else if (!strcmp(fam, "inet6") || !strcmp(fam, "ipv6") || !strcmp(fam, "6"))
		family = AF_INET6;
	else if (!strcmp(fam, "all"))
		family = AF_UNSPEC;
	else
		return l_fail(L, -EINVAL, "route list: family \"%s\": use inet, inet6 or all", fam);

	sk = nl_route_sock(ns, &err);
	if (!sk)
		return l_fail(L, err, "%s: %s", ns, err == -ENOENT ? "no such namespace" : strerror(-err));
	c.names = rt_names_load(sk, &err);
	if (!c.names)
		return l_fail(L, err, "route list: cannot read the devices: %s", strerror(-err));
	lua_newtable(L);
	r = route_list(ns, table, family, push_one, &c);
	rt_names_free(c.names);
	if (r < 0)
		return l_fail(L, r, "route list: %s", strerror(-r));
	return 1;
}

static int l_route_get(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *dst = luaL_checkstring(L, 2);
	static const char *const fields[] = { "from", "iif", "oif", NULL };
	struct route_query q;
	struct route_info info;
	struct rt_names *names;
	struct nl_sock *sk;
	const char *from;
	int r, err = 0;

	if (!lua_isnoneornil(L, 3))
		luaL_checktype(L, 3, LUA_TTABLE);
	if ((r = rt_check_fields(L, 3, "route get", fields)))
		return r;
	memset(&q, 0, sizeof q);
	if (rt_parse_addr(dst, &q.dst) < 0)
		return l_fail(L, -EINVAL, "route get %s: not an IP address (write one address, such as 10.0.2.2)", dst);
	if ((from = l_optfield_str(L, 3, "from", NULL))) {
		if (rt_parse_addr(from, &q.from) < 0 || q.from.family != q.dst.family)
			return l_fail(L, -EINVAL, "route get %s: from %s: not an address of the same family", dst, from);
		q.has_from = 1;
	}
	q.iif = l_optfield_str(L, 3, "iif", NULL);
	q.oif = l_optfield_str(L, 3, "oif", NULL);

	sk = nl_route_sock(ns, &err);
	if (!sk)
		return l_fail(L, err, "%s: %s", ns, err == -ENOENT ? "no such namespace" : strerror(-err));
	if (q.iif && rt_dev_index(sk, q.iif) < 0)
		return l_fail(L, -ENODEV, "route get %s: iif: Cannot find device \"%s\"", dst, q.iif);
	if (q.oif && rt_dev_index(sk, q.oif) < 0)
		return l_fail(L, -ENODEV, "route get %s: oif: Cannot find device \"%s\"", dst, q.oif);
	r = route_get(ns, &q, &info);
	if (r == -ENETUNREACH)
		return l_fail(L, r, "Network is unreachable");
	if (r == -EINVAL && q.iif && !q.has_from)
		return l_fail(L, r, "route get %s iif %s: Invalid argument (with iif=, give from= too: the source of the arriving packet)", dst, q.iif);
	if (r < 0)
		return l_fail(L, r, "route get %s: %s", dst, strerror(-r));
	names = rt_names_load(sk, &err);
	push_route(L, &info, names);
	rt_names_free(names);
	return 1;
}

const luaL_Reg l_route_funcs[] = {
	{"route_add", l_route_add},
	{"route_replace", l_route_replace},
	{"route_change", l_route_change},
	{"route_del", l_route_del},
	{"route_list", l_route_list},
	{"route_get", l_route_get},
	{NULL, NULL}
};
