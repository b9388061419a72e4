/*
 * l_rule.c -- the Lua binding of rule.c, moved out of it (issue #19): the
 * arguments read into a request (their checks and words are
 * netlearn.routespec's, in front), the results as Lua values, the words for
 * what the kernel answers; rule.c keeps the mechanism and needs no Lua.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/addr.h>
#include <netlink/route/rule.h>
#include "luax.h"
#include "route.h"
#include "rule.h"

/* ---- Lua bindings ------------------------------------------------------------- */

static int push_rule(const struct rule_info *ri, void *arg)
{
	lua_State *L = arg;
	char buf[64];
	lua_newtable(L);
	if (ri->has_prio)
		l_setfield_int(L, "priority", ri->prio);
	else
		l_setfield_int(L, "priority", 0);
	if (ri->from[0]) {
		if (ri->from_len == (ri->family == AF_INET ? 32 : 128))
			l_setfield_str(L, "from", ri->from);
		else {
			lua_pushfstring(L, "%s/%d", ri->from, ri->from_len);
			lua_setfield(L, -2, "from");
		}
	} else {
		l_setfield_str(L, "from", "all");
	}
	if (ri->to[0]) {
		if (ri->to_len == (ri->family == AF_INET ? 32 : 128))
			l_setfield_str(L, "to", ri->to);
		else {
			lua_pushfstring(L, "%s/%d", ri->to, ri->to_len);
			lua_setfield(L, -2, "to");
		}
	}
	if (ri->iif[0])
		l_setfield_str(L, "iif", ri->iif);
	if (ri->oif[0])
		l_setfield_str(L, "oif", ri->oif);
	if (ri->has_fwmark) {
		l_setfield_int(L, "fwmark", ri->fwmark);
		l_setfield_int(L, "fwmask", ri->fwmask);
	}
	if (ri->flags & FIB_RULE_INVERT)
		l_setfield_bool(L, "not", 1);
	l_setfield_str(L, "action", rule_action_name(ri->action));
	if (ri->action == FR_ACT_TO_TBL) {
		l_setfield_int(L, "table", ri->table);
		l_setfield_str(L, "table_name", rt_table_name(ri->table, buf, sizeof buf));
	}
	if (ri->has_goto)
		l_setfield_int(L, "goto", ri->goto_prio);
	if (ri->protocol >= 0)
		l_setfield_str(L, "protocol", rt_proto_name(ri->protocol, buf, sizeof buf));
	l_setfield_str(L, "family", ri->family == AF_INET6 ? "inet6" : "inet");
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_rule_list(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	static const char *const fields[] = { "family", NULL };
	const char *fam;
	int family, r;

	if (!lua_isnoneornil(L, 2))
		luaL_checktype(L, 2, LUA_TTABLE);
	if ((r = l_check_fields(L, 2, "rule list", fields)))
		return r;
	fam = l_optfield_str(L, 2, "family", "inet");
	if (!strcmp(fam, "inet"))
		family = AF_INET;
	else if (!strcmp(fam, "inet6"))
		family = AF_INET6;
	else
		return l_fail_field(L, NULL, "rule list", "family");
	lua_newtable(L);
	r = rule_list(ns, family, push_rule, L);
	if (r == -ENOENT && !ns_exists(ns))
		return l_fail(L, r, "%s: no such namespace", ns);
	if (r < 0)
		return l_fail(L, r, "rule list: %s", strerror(-r));
	return 1;
}

static const char *const rule_fields[] = {
	"priority", "pref", "from", "to", "iif", "oif", "table", "lookup", "action",
	"fwmark", "family", NULL
};

/* The spec table at index 2 into S. 0, or the number of values pushed
 * (nil,msg,errno). What the learner may ask for, and its words, is
 * netlearn.routespec's (Lua, in front of this binding): here only what the
 * request needs to be built, with a plain error. */
static int check_rule(lua_State *L, int add, struct rule_spec *s)
{
	const char *what = add ? "rule add" : "rule del";
	const char *v;
	char tb[64];
	int r, isnum;

	luaL_checktype(L, 2, LUA_TTABLE);
	memset(s, 0, sizeof *s);
	if ((r = l_check_fields(L, 2, what, rule_fields)))
		return r;
	s->family = AF_UNSPEC;

	lua_getfield(L, 2, "priority");
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_getfield(L, 2, "pref");
	}
	if (!lua_isnil(L, -1)) {
		lua_Integer p = lua_tointegerx(L, -1, &isnum);
		lua_pop(L, 1);
		if (!isnum || p < 0 || p > 0xffffffffLL)
			return l_fail_field(L, NULL, what, "priority");
		s->has_prio = 1;
		s->prio = (uint32_t)p;
	} else {
		lua_pop(L, 1);
	}
	if ((v = l_optfield_str(L, 2, "from", NULL)) && strcmp(v, "all")) {
		if (rt_parse_prefix(v, &s->from) < 0 || s->from.family == AF_UNSPEC)
			return l_fail_field(L, NULL, what, "from");
		s->has_from = 1;
		s->family = s->from.family;
	}
	if ((v = l_optfield_str(L, 2, "to", NULL)) && strcmp(v, "all")) {
		if (rt_parse_prefix(v, &s->to) < 0 || s->to.family == AF_UNSPEC ||
		    (s->family && s->family != s->to.family))
			return l_fail_field(L, NULL, what, "to");
		s->has_to = 1;
		s->family = s->to.family;
	}
	/* the family of a rule without a prefix (`ip -6 rule add table 100`) */
	if ((v = l_optfield_str(L, 2, "family", NULL))) {
		int fam = !strcmp(v, "inet") ? AF_INET : !strcmp(v, "inet6") ? AF_INET6 : AF_UNSPEC;
		if (fam == AF_UNSPEC || (s->family && s->family != fam))
			return l_fail_field(L, NULL, what, "family");
		s->family = fam;
	}
	if (!s->family)
		s->family = AF_INET;
	s->iif = l_optfield_str(L, 2, "iif", NULL);
	s->oif = l_optfield_str(L, 2, "oif", NULL);
	if (s->iif && (!s->iif[0] || strlen(s->iif) >= IFNAMSIZ))
		return l_fail_field(L, NULL, what, "iif");
	if (s->oif && (!s->oif[0] || strlen(s->oif) >= IFNAMSIZ))
		return l_fail_field(L, NULL, what, "oif");
	if (!(v = rt_field_strnum(L, 2, "table", tb, sizeof tb)))
		v = rt_field_strnum(L, 2, "lookup", tb, sizeof tb);
	if (v) {
		if (rt_table_parse(v, &s->table) < 0)
			return l_fail_field(L, NULL, what, "table");
		s->has_table = 1;
	}
	if ((v = l_optfield_str(L, 2, "action", NULL)) && (s->action = rule_action_parse(v)) < 0)
		return l_fail_field(L, NULL, what, "action");
	lua_getfield(L, 2, "fwmark");
	if (!lua_isnil(L, -1)) {
		lua_Integer m = lua_tointegerx(L, -1, &isnum);
		lua_pop(L, 1);
		if (!isnum || m < 0 || m > 0xffffffffLL)
			return l_fail_field(L, NULL, what, "fwmark");
		s->has_fwmark = 1;
		s->fwmark = (uint32_t)m;
	} else {
		lua_pop(L, 1);
	}
	return 0;
}

static int rule_op(lua_State *L, int add)
{
	const char *ns = l_checkns(L, 1);
	struct rule_spec s;
	int r = check_rule(L, add, &s);
	if (r)
		return r;
	r = rule_modify(ns, add, &s);
	if (r == -ENOENT && !ns_exists(ns))
		return l_fail(L, r, "%s: no such namespace", ns);
	if (r == -ENOENT && !add)
		return l_fail(L, r, "rule del: no such rule (No such file or directory)");
	if (r == -EEXIST)
		return l_fail(L, r, "rule add: File exists (a rule with the same priority and selectors is there)");
	if (r < 0)
		return l_fail(L, r, "%s: %s", add ? "rule add" : "rule del", strerror(-r));
	lua_pushboolean(L, 1);
	return 1;
}

static int l_rule_add(lua_State *L) { return rule_op(L, 1); }
static int l_rule_del(lua_State *L) { return rule_op(L, 0); }

const luaL_Reg l_rule_funcs[] = {
	{"rule_list", l_rule_list},
	{"rule_add", l_rule_add},
	{"rule_del", l_rule_del},
	{NULL, NULL}
};
