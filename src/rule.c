/*
 * rule.c -- policy routing rules of a namespace (`ip rule`): list them (a
 * RTM_GETRULE dump; the kernel's three defaults 0 local, 32766 main, 32767
 * default are ordinary rules there), add and delete them with libnl-route-3.
 * A rule that looks up a table needs the action FR_ACT_TO_TBL said out loud,
 * or the kernel keeps it but lookups through it fail.
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
#include "route.h"
#include "rule.h"



const char *rule_action_name(int a)
{
	switch (a) {
	case FR_ACT_TO_TBL: return "lookup";
	case FR_ACT_GOTO: return "goto";
	case FR_ACT_NOP: return "nop";
	case FR_ACT_BLACKHOLE: return "blackhole";
	case FR_ACT_UNREACHABLE: return "unreachable";
	case FR_ACT_PROHIBIT: return "prohibit";
	default: return "unspec";
	}
}

int rule_action_parse(const char *s)
{
	if (!strcmp(s, "lookup") || !strcmp(s, "table"))
		return FR_ACT_TO_TBL;
	if (!strcmp(s, "blackhole"))
		return FR_ACT_BLACKHOLE;
	if (!strcmp(s, "unreachable"))
		return FR_ACT_UNREACHABLE;
	if (!strcmp(s, "prohibit"))
		return FR_ACT_PROHIBIT;
	if (!strcmp(s, "nop"))
		return FR_ACT_NOP;
	return -EINVAL;
}

static struct nl_addr *build_addr(const struct rt_addr *a)
{
	struct nl_addr *n = nl_addr_build(a->family, a->b, (size_t)a->len);
	if (n)
		nl_addr_set_prefixlen(n, a->plen);
	return n;
}

/* Add (add=1) or delete one rule. 0 or -errno. */
int rule_modify(const char *ns, int add, const struct rule_spec *s)
{
	struct nl_sock *sk;
	struct rtnl_rule *rule;
	struct nl_addr *from = NULL, *to = NULL;
	int err = 0, r, action = s->action;

	sk = nl_route_sock(ns, &err);
	if (!sk)
		return err;
	nl_clear_extack();
	rule = rtnl_rule_alloc();
	if (!rule)
		return -ENOMEM;
	rtnl_rule_set_family(rule, s->family);
	if (s->has_prio)
		rtnl_rule_set_prio(rule, s->prio);
	if (s->has_from) {
		if (!(from = build_addr(&s->from))) {
			err = -ENOMEM;
			goto out;
		}
		rtnl_rule_set_src(rule, from);
	}
	if (s->has_to) {
		if (!(to = build_addr(&s->to))) {
			err = -ENOMEM;
			goto out;
		}
		rtnl_rule_set_dst(rule, to);
	}
	if (s->iif)
		rtnl_rule_set_iif(rule, s->iif);
	if (s->oif)
		rtnl_rule_set_oif(rule, s->oif);
	if (s->has_fwmark)
		rtnl_rule_set_mark(rule, s->fwmark);
	if (!action && (add || s->has_table))
		action = FR_ACT_TO_TBL;
	if (action)
		rtnl_rule_set_action(rule, (uint8_t)action);
	if (s->has_table)
		rtnl_rule_set_table(rule, s->table);
	else if (add && action == FR_ACT_TO_TBL)
		rtnl_rule_set_table(rule, RT_TABLE_MAIN);
	r = add ? rtnl_rule_add(sk, rule, NLM_F_EXCL) : rtnl_rule_delete(sk, rule, 0);
	if (r < 0)
		err = nl_result(sk, r);
out:
	nl_addr_put(from);
	nl_addr_put(to);
	rtnl_rule_put(rule);
	return err;
}

static int rule_parse(struct nlmsghdr *h, struct rule_info *ri)
{
	struct fib_rule_hdr *frh = nlmsg_data(h);
	struct nlattr *tb[FRA_MAX + 1];

	if (h->nlmsg_type != RTM_NEWRULE)
		return 0;
	if (nlmsg_parse(h, sizeof *frh, tb, FRA_MAX, NULL) < 0)
		return -EINVAL;
	memset(ri, 0, sizeof *ri);
	ri->family = frh->family;
	ri->action = frh->action;
	ri->flags = frh->flags;
	ri->from_len = frh->src_len;
	ri->to_len = frh->dst_len;
	ri->table = tb[FRA_TABLE] ? nla_get_u32(tb[FRA_TABLE]) : frh->table;
	if (tb[FRA_PRIORITY]) {
		ri->has_prio = 1;
		ri->prio = nla_get_u32(tb[FRA_PRIORITY]);
	}
	rt_attr_ntop(tb[FRA_SRC], frh->family, ri->from, sizeof ri->from);
	rt_attr_ntop(tb[FRA_DST], frh->family, ri->to, sizeof ri->to);
	if (tb[FRA_IIFNAME])
		snprintf(ri->iif, sizeof ri->iif, "%s", (char *)nla_data(tb[FRA_IIFNAME]));
	if (tb[FRA_OIFNAME])
		snprintf(ri->oif, sizeof ri->oif, "%s", (char *)nla_data(tb[FRA_OIFNAME]));
	if (tb[FRA_FWMARK]) {
		ri->has_fwmark = 1;
		ri->fwmark = nla_get_u32(tb[FRA_FWMARK]);
		ri->fwmask = tb[FRA_FWMASK] ? nla_get_u32(tb[FRA_FWMASK]) : 0xffffffff;
	}
	if (tb[FRA_GOTO]) {
		ri->has_goto = 1;
		ri->goto_prio = nla_get_u32(tb[FRA_GOTO]);
	}
	ri->protocol = tb[FRA_PROTOCOL] ? nla_get_u8(tb[FRA_PROTOCOL]) : -1;
	return 1;
}

struct rule_list_ctx {
	int (*fn)(const struct rule_info *ri, void *arg);
	void *arg;
};

static int rule_list_one(struct nlmsghdr *h, void *arg)
{
	struct rule_list_ctx *c = arg;
	struct rule_info ri;
	int r = rule_parse(h, &ri);
	return r <= 0 ? r : c->fn(&ri, c->arg);
}

int rule_list(const char *ns, int family,
		     int (*fn)(const struct rule_info *ri, void *arg), void *arg)
{
	struct rule_list_ctx c = { fn, arg };
	struct fib_rule_hdr frh;
	struct nl_sock *sk;
	int err = 0;

	sk = nl_route_sock(ns, &err);
	if (!sk)
		return err;
	nl_clear_extack();
	memset(&frh, 0, sizeof frh);
	frh.family = (unsigned char)family;
	return rt_dump(sk, RTM_GETRULE, &frh, sizeof frh, rule_list_one, &c);
}
