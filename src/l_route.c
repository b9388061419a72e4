/*
 * l_route.c -- the Lua bindings of route.c (net.route_add, route_replace,
 * route_change, route_del, route_list, route_get, route_names): a spec table
 * read into a request (its checks and words are netlearn.routespec's, in
 * front), the words for what the kernel answers, and a route as a Lua table.
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
#include "luax.h"
#include "route.h"

/* ---- Lua bindings ------------------------------------------------------------- */

static const char *const route_fields[] = {
	"dst", "via", "gateway", "dev", "metric", "table", "scope", "src", "proto",
	"protocol", "type", "onlink", "append", "exclusive", "family", NULL
};

static const char *const op_names[] = { "route add", "route replace", "route change", "route del" };

/* The spec table at index 2 into S. 0, or the number of values pushed
 * (nil,msg,errno). What the learner may ask for, and its words, is
 * netlearn.routespec's (Lua, in front of this binding): here only what the
 * request needs to be built -- fields that parse, names in rt_parse.c's lists,
 * one family -- with a plain error. */
static int check_spec(lua_State *L, enum route_op op, struct route_spec *s)
{
	const char *what = op_names[op];
	const char *v, *dst;
	char tb[64], sb[64], pb[64];
	int r;

	luaL_checktype(L, 2, LUA_TTABLE);
	memset(s, 0, sizeof *s);
	s->scope = s->proto = s->type = -1;
	if ((r = l_check_fields(L, 2, what, route_fields)))
		return r;

	dst = l_optfield_str(L, 2, "dst", NULL);
	if (!dst || rt_parse_prefix(dst, &s->dst) < 0)
		return l_fail_field(L, NULL, what, "dst");
	if (s->dst.family == AF_INET6) {        /* the kernel masks an IPv6 prefix itself, and ip -6 accepts it */
		int i;
		for (i = 0; i < s->dst.len; i++) {
			int keep = s->dst.plen - i * 8;
			s->dst.b[i] &= keep >= 8 ? 0xff : keep <= 0 ? 0 : (unsigned char)(0xff << (8 - keep));
		}
	}

	v = l_optfield_str(L, 2, "via", NULL);
	if (!v)
		v = l_optfield_str(L, 2, "gateway", NULL);
	if (v) {
		if (rt_parse_addr(v, &s->gw) < 0)
			return l_fail_field(L, NULL, what, "via");
		s->has_gw = 1;
	}
	s->dev = l_optfield_str(L, 2, "dev", NULL);
	if (s->dev && (!s->dev[0] || strlen(s->dev) >= IFNAMSIZ))
		return l_fail_field(L, NULL, what, "dev");

	lua_getfield(L, 2, "metric");
	if (!lua_isnil(L, -1)) {
		int isnum;
		lua_Integer m = lua_tointegerx(L, -1, &isnum);
		lua_pop(L, 1);
		if (!isnum || m < 0 || m > 0xffffffffLL)
			return l_fail_field(L, NULL, what, "metric");
		s->has_metric = 1;
		s->metric = (uint32_t)m;
	} else {
		lua_pop(L, 1);
	}

	if ((v = rt_field_strnum(L, 2, "table", tb, sizeof tb))) {
		if (rt_table_parse(v, &s->table) < 0)
			return l_fail_field(L, NULL, what, "table");
		s->has_table = 1;
	}
	if ((v = rt_field_strnum(L, 2, "scope", sb, sizeof sb)) && rt_scope_parse(v, &s->scope) < 0)
		return l_fail_field(L, NULL, what, "scope");
	if (!(v = rt_field_strnum(L, 2, "proto", pb, sizeof pb)))
		v = rt_field_strnum(L, 2, "protocol", pb, sizeof pb);
	if (v && rt_proto_parse(v, &s->proto) < 0)
		return l_fail_field(L, NULL, what, "proto");
	if ((v = l_optfield_str(L, 2, "type", NULL)) &&
	    (rt_type_parse(v, &s->type) < 0 || s->type > RTN_THROW))
		return l_fail_field(L, NULL, what, "type");
	if ((v = l_optfield_str(L, 2, "src", NULL))) {
		if (rt_parse_addr(v, &s->src) < 0)
			return l_fail_field(L, NULL, what, "src");
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
	if (s->has_gw && s->gw.family != s->dst.family)
		return l_fail_field(L, NULL, what, "via");
	if (s->has_src && s->src.family != s->dst.family)
		return l_fail_field(L, NULL, what, "src");
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
	if ((r = l_check_fields(L, 2, "route list", fields)))
		return r;
	tab = rt_field_strnum(L, 2, "table", tb, sizeof tb);
	if (tab && !strcmp(tab, "all"))
		table = 0;
	else if (tab && rt_table_parse(tab, &table) < 0)
		return l_fail_field(L, NULL, "route list", "table");
	fam = l_optfield_str(L, 2, "family", "inet");
	if (!strcmp(fam, "inet") || !strcmp(fam, "ipv4") || !strcmp(fam, "4"))
		family = AF_INET;
	else if (!strcmp(fam, "inet6") || !strcmp(fam, "ipv6") || !strcmp(fam, "6"))
		family = AF_INET6;
	else if (!strcmp(fam, "all"))
		family = AF_UNSPEC;
	else
		return l_fail_field(L, NULL, "route list", "family");

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
	static const char *const fields[] = { "from", "iif", "oif", "fibmatch", NULL };
	struct route_query q;
	struct route_info info;
	struct rt_names *names;
	struct nl_sock *sk;
	const char *from;
	int r, err = 0;

	if (!lua_isnoneornil(L, 3))
		luaL_checktype(L, 3, LUA_TTABLE);
	if ((r = l_check_fields(L, 3, "route get", fields)))
		return r;
	memset(&q, 0, sizeof q);
	if (rt_parse_addr(dst, &q.dst) < 0)
		return l_fail_field(L, NULL, "route get", "dst");
	if ((from = l_optfield_str(L, 3, "from", NULL))) {
		if (rt_parse_addr(from, &q.from) < 0 || q.from.family != q.dst.family)
			return l_fail_field(L, NULL, "route get", "from");
		q.has_from = 1;
	}
	q.iif = l_optfield_str(L, 3, "iif", NULL);
	q.oif = l_optfield_str(L, 3, "oif", NULL);
	q.fibmatch = l_optfield_bool(L, 3, "fibmatch", 0) > 0;

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

static void push_names(lua_State *L, const struct rt_name *t, const char *field)
{
	lua_newtable(L);
	for (; t->name; t++) {
		lua_pushstring(L, t->name);
		lua_rawseti(L, -2, t->id);
	}
	lua_setfield(L, -2, field);
}

/* net.route_names() -> { tables = {[254] = "main", ...}, protocols = ...,
 * scopes = ..., types = {[1] = "unicast", ...} }: rt_parse.c's lists, the one
 * place those names are written (netlearn.routespec reads them) */
static int l_route_names(lua_State *L)
{
	int i;
	lua_newtable(L);
	push_names(L, rt_table_names, "tables");
	push_names(L, rt_proto_names, "protocols");
	push_names(L, rt_scope_names, "scopes");
	lua_newtable(L);
	for (i = 0; strcmp(rt_type_name(i), "unknown"); i++) {
		lua_pushstring(L, rt_type_name(i));
		lua_rawseti(L, -2, i);
	}
	lua_setfield(L, -2, "types");
	return 1;
}

const luaL_Reg l_route_funcs[] = {
	{"route_add", l_route_add},
	{"route_replace", l_route_replace},
	{"route_change", l_route_change},
	{"route_del", l_route_del},
	{"route_list", l_route_list},
	{"route_get", l_route_get},
	{"route_names", l_route_names},
	{NULL, NULL}
};
