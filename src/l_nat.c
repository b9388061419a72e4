/*
 * l_nat.c -- the Lua side of NAT and filtering: net.nat_add, net.filter_add,
 * net.chain_policy, and the words for what nf_tables answers (l_nft_fail),
 * which l_nft.c's net.nft_* bindings use too.
 *
 * A rule arrives as a table {chain=, target=, src=, dst=, iif=, oif=, proto=,
 * sport=, dport=, to=, position=, before=, replace=} plus Docker's matches
 * {src_type=, dst_type=, ctstate=} and not_<field>=true for iptables' '!'.
 * chain= and target= may name a user chain (net.nft_chain_add). What the
 * learner may ask for, with iptables' rules about which target fits which
 * chain, and the one line naming a bad field and its fix, is
 * lua/netlearn/natspec.lua's, in front of these bindings; here only the guards
 * the request needs (a plain "malformed or out of range") and the words for
 * what the kernel answers.
 * The words a rule is made of are in nat.c, the nf_tables work in nft.c,
 * the expressions in nft_expr.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include "luax.h"
#include "netlearn.h"
#include "addrparse.h"
#include "nat.h"

#define MSGLEN 256

/* a rule's fields (netlearn.natspec's RULE_FIELDS says the same in Lua) */
static const char *const rule_keys[] = {
	"chain", "target", "src", "dst", "iif", "oif", "proto", "sport", "dport", "to", "position",
	"not_src", "not_dst", "not_iif", "not_oif", "not_proto", "not_sport", "not_dport",
	"src_type", "dst_type", "not_src_type", "not_dst_type", "ctstate", "not_ctstate",
	"before", "replace", "goto", "addrtype_first", "multiport", "multiport_dir", "not_multiport",
	"mark", "not_mark", "state", "not_state", "comment", "order", "set_xmark", NULL
};

/* ---- parsing ------------------------------------------------------------- */

/* A port: an integer 0-65535 or a string as iptables reads --dport
 * (addrparse.c's parse_port_range: "80", "0x50", "lo:hi", ":hi", "lo:").
 * 0 (or absent: *lo = -1), -1: not a port, -2: lo > hi. */
static int get_port(lua_State *L, int t, const char *k, int *lo, int *hi)
{
	int r = 0;
	*lo = *hi = -1;
	lua_getfield(L, t, k);
	if (lua_isinteger(L, -1)) {
		lua_Integer v = lua_tointeger(L, -1);
		if (v >= 0 && v <= 65535)
			*lo = *hi = (int)v;
		else
			r = -1;
	} else if (lua_type(L, -1) == LUA_TSTRING) {
		int err = parse_port_range(lua_tostring(L, -1), lo, hi);
		if (err < 0)
			*lo = *hi = -1;
		r = err == -ERANGE ? -2 : err < 0 ? -1 : 0;
	} else if (!lua_isnil(L, -1)) {
		r = -1;
	}
	lua_pop(L, 1);
	return r;
}

#define BAD(...) do { snprintf(msg, msglen, __VA_ARGS__); return -1; } while (0)

/* A field the request cannot be built from: the plain refusal (the learner's
 * words for it are netlearn.natspec's, which checks first) */
#define GUARD(field) BAD("%s: %s: %s= malformed or out of range", "rule", fn, field)

/* The rule table at index t -> r. 0, or -1 with a one-line message. What the
 * learner may ask for and its words -- iptables' rules about which chain,
 * target and interface fit together, names in upper case -- are
 * netlearn.natspec's (Lua, in front of this binding); here only what building
 * the request needs, with the plain GUARD (l_nft_match.c reads the -m matches). */
static int parse_rule(lua_State *L, int t, int table, struct nat_rule *r, char *msg, size_t msglen)
{
	const char *chain, *target, *src, *dst, *iif, *oif, *proto, *to, *pos;
	const char *fn = table == NT_NAT ? "nat_add" : "filter_add";
	int exact = 1;

	nat_rule_init(r);
	r->table = table;
	chain = l_optfield_str(L, t, "chain", NULL);
	target = l_optfield_str(L, t, "target", NULL);
	src = l_optfield_str(L, t, "src", NULL);
	dst = l_optfield_str(L, t, "dst", NULL);
	iif = l_optfield_str(L, t, "iif", NULL);
	oif = l_optfield_str(L, t, "oif", NULL);
	proto = l_optfield_str(L, t, "proto", NULL);
	to = l_optfield_str(L, t, "to", NULL);
	pos = l_optfield_str(L, t, "position", "append");

	/* chain: a built-in one (any case) or a user chain's name */
	if (!chain)
		GUARD("chain");
	r->chain = nat_find_ci(nat_chain_names, NC__N, chain, &exact);
	if (r->chain < 0 && !nat_chain_name_ok(chain))
		GUARD("chain");
	snprintf(r->chain_name, sizeof r->chain_name, "%s", r->chain >= 0 ? nat_chain_names[r->chain] : chain);

	/* target: a built-in one (any case) or a user chain to jump to */
	if (!target)
		GUARD("target");
	r->target = nat_find_ci(nat_target_names, TG__N, target, &exact);
	if (r->target == TG_JUMP || r->target == TG_GOTO)
		r->target = -1;
	if (r->target < 0) {
		if (!nat_chain_name_ok(target))
			GUARD("target");
		r->target = l_optfield_bool(L, t, "goto", 0) > 0 ? TG_GOTO : TG_JUMP;
		snprintf(r->jump, sizeof r->jump, "%s", target);
	} else if (l_optfield_bool(L, t, "goto", 0) > 0) {
		GUARD("goto");
	}

	/* addresses and interfaces */
	if (src && nat_parse_prefix(src, &r->src, &r->src_len) < 0)
		GUARD("src");
	r->have_src = src != NULL;
	if (dst && nat_parse_prefix(dst, &r->dst, &r->dst_len) < 0)
		GUARD("dst");
	r->have_dst = dst != NULL;
	if (iif && nat_parse_ifname(iif, r->iif) < 0)
		GUARD("iif");
	if (oif && nat_parse_ifname(oif, r->oif) < 0)
		GUARD("oif");

	/* protocol and ports: a port match needs its protocol's header */
	if (proto) {
		if (!strcmp(proto, "tcp"))
			r->proto = IPPROTO_TCP;
		else if (!strcmp(proto, "udp"))
			r->proto = IPPROTO_UDP;
		else if (!strcmp(proto, "icmp"))
			r->proto = IPPROTO_ICMP;
		else if (strcmp(proto, "all"))
			GUARD("proto");
	}
	if (get_port(L, t, "sport", &r->sport, &r->sport_max) < 0)
		GUARD("sport");
	if (get_port(L, t, "dport", &r->dport, &r->dport_max) < 0)
		GUARD("dport");
	if ((r->sport >= 0 || r->dport >= 0) && r->proto != IPPROTO_TCP && r->proto != IPPROTO_UDP)
		GUARD(r->sport >= 0 ? "sport" : "dport");

	/* negations: each needs its match */
	{
		static const char *const nots[] = {"src", "dst", "iif", "oif", "proto", "sport", "dport",
						   "src_type", "dst_type", "ctstate", NULL};
		int *flags[] = {&r->inv_src, &r->inv_dst, &r->inv_iif, &r->inv_oif, &r->inv_proto, &r->inv_sport,
				&r->inv_dport, &r->inv_src_type, &r->inv_dst_type, &r->inv_ctstate};
		char key[24];
		int i, absent;
		for (i = 0; nots[i]; i++) {
			snprintf(key, sizeof key, "not_%s", nots[i]);
			*flags[i] = l_optfield_bool(L, t, key, 0) > 0;
			absent = lua_getfield(L, t, nots[i]) == LUA_TNIL;
			lua_pop(L, 1);
			if (*flags[i] && absent)
				GUARD(key);
		}
		if (r->inv_proto && (r->sport >= 0 || r->dport >= 0))
			GUARD("not_proto");
	}

	/* -m addrtype, -m conntrack */
	{
		const char *st = l_optfield_str(L, t, "src_type", NULL);
		const char *dt = l_optfield_str(L, t, "dst_type", NULL);
		const char *cs = l_optfield_str(L, t, "ctstate", NULL);
		char bad[32];
		if (st && (r->src_type = nat_parse_names(st, nat_addrtype_names, 12, bad, sizeof bad)) <= 0)
			GUARD("src_type");
		if (dt && (r->dst_type = nat_parse_names(dt, nat_addrtype_names, 12, bad, sizeof bad)) <= 0)
			GUARD("dst_type");
		if (cs && (r->ctstate = nat_parse_names(cs, nat_ctstate_names, 9, bad, sizeof bad)) <= 0)
			GUARD("ctstate");
	}

	/* to=: SNAT's and DNAT's address, and a port only with its protocol */
	if (!to != !(r->target == TG_SNAT || r->target == TG_DNAT))
		GUARD("to");
	if (to) {
		char buf[INET_ADDRSTRLEN + 8];
		const char *colon = strchr(to, ':');
		size_t alen = colon ? (size_t)(colon - to) : strlen(to);
		if (alen == 0 || alen >= INET_ADDRSTRLEN)
			GUARD("to");
		memcpy(buf, to, alen);
		buf[alen] = '\0';
		if (parse_ipv4(buf, &r->to_addr) < 0)
			GUARD("to");
		r->have_to = 1;
		if (colon && (parse_port(colon + 1, &r->to_port) < 0 || r->to_port < 1 ||
			      (r->proto != IPPROTO_TCP && r->proto != IPPROTO_UDP)))
			GUARD("to");
	}

	if (!strcmp(pos, "insert"))
		r->insert = 1;
	else if (strcmp(pos, "append"))
		GUARD("position");
	if (l_optfield_int(L, t, "before", 0) < 0 || l_optfield_int(L, t, "replace", 0) < 0)
		GUARD(l_optfield_int(L, t, "before", 0) < 0 ? "before" : "replace");
	r->addrtype_first = l_optfield_bool(L, t, "addrtype_first", 0) > 0 && r->ctstate &&
			    (r->src_type || r->dst_type);
	if (nft_match_from_lua(L, t, r, fn, msg, msglen) < 0)
		return -1;
	r->before = (uint64_t)l_optfield_int(L, t, "before", 0);
	r->replace = (uint64_t)l_optfield_int(L, t, "replace", 0);
	if (r->before && r->replace)
		GUARD("replace");
	return 0;
}

#undef GUARD
#undef BAD

/* ---- errors -------------------------------------------------------------- */

static const char *kernel_lacks(int err, const struct nft_err *e)
{
	if (err == -EPROTONOSUPPORT || err == -EAFNOSUPPORT ||
	    (err == -EOPNOTSUPP && !strcmp(e->what, "nf_tables")))
		return "nf_tables is missing: NAT and filtering need a kernel with CONFIG_NF_TABLES "
		       "(module nf_tables); this kernel has none";
	if (err != -ENOENT && err != -EOPNOTSUPP)
		return NULL;
	if (e->kind == NFT_MSG_NEWCHAIN && err == -ENOENT && !strncmp(e->what, "chain nat ", 10))
		return "NAT chains need a kernel with nf_tables NAT: CONFIG_NF_TABLES, CONFIG_NFT_NAT "
		       "(module nft_chain_nat); this kernel has none";
	if (e->kind == NFT_MSG_NEWRULE) {
		switch (e->target) {
		case TG_MASQUERADE:
			return "MASQUERADE (written as iptables-nft writes it) needs a kernel with CONFIG_NFT_COMPAT "
			       "and CONFIG_NETFILTER_XT_TARGET_MASQUERADE (modules nft_compat, xt_MASQUERADE); "
			       "this kernel has none";
		case TG_SNAT:
		case TG_DNAT:
			return "SNAT and DNAT (written as iptables-nft writes them) need a kernel with CONFIG_NFT_COMPAT "
			       "and CONFIG_NETFILTER_XT_NAT (modules nft_compat, xt_nat); this kernel has none";
		case TG_REJECT:
			return "REJECT (written as iptables-nft writes it) needs a kernel with CONFIG_NFT_COMPAT and "
			       "CONFIG_IP_NF_TARGET_REJECT (modules nft_compat, ipt_REJECT); this kernel has none";
		default:
			return "this rule needs nf_tables expressions (meta, payload, cmp, range, counter, and "
			       "for -m addrtype / -m conntrack the xtables matches: CONFIG_NFT_COMPAT, "
			       "CONFIG_NETFILTER_XT_MATCH_ADDRTYPE, CONFIG_NETFILTER_XT_MATCH_CONNTRACK) that this "
			       "kernel lacks";
		}
	}
	return NULL;
}

int l_nft_fail(lua_State *L, int err, const struct nft_err *e)
{
	const char *lack = kernel_lacks(err, e);
	char buf[512];

	if (lack)
		snprintf(buf, sizeof buf, "%s", lack);
	else if (e->sentence)
		snprintf(buf, sizeof buf, "%s", e->what);
	else if (e->kind == NFT_MSG_NEWCHAIN && (err == -EOPNOTSUPP || err == -EEXIST || err == -EBUSY))
		snprintf(buf, sizeof buf, "%s: %s: it already exists with another type, hook or priority "
			 "(made outside netlearn? run `nft list ruleset` to see it)",
			 e->what, strerror(-err));
	else
		snprintf(buf, sizeof buf, "%s: %s", e->what[0] ? e->what : "nf_tables", strerror(-err));
	if (e->extack[0] && !e->sentence) {
		size_t n = strlen(buf);
		snprintf(buf + n, sizeof buf - n, " (kernel: %s)", e->extack);
	}
	nl_clear_extack();      /* a route socket's old text is not ours */
	return l_fail(L, err, "%s", buf);
}

int l_nat_check_ns(lua_State *L, const char *ns)
{
	if (!ns_exists(ns)) {
		l_fail(L, -ENOENT, "%s: no such namespace (make it with net.ns_add or `ip netns add %s`)", ns, ns);
		return 0;
	}
	return 1;
}

/* ---- bindings ------------------------------------------------------------ */

static int rule_add(lua_State *L, int table)
{
	const char *ns = l_checkns(L, 1);
	struct nat_rule r;
	struct nft_err e;
	char msg[MSGLEN];
	uint64_t handle = 0;
	int err;

	luaL_checktype(L, 2, LUA_TTABLE);
	lua_settop(L, 2);
	if (l_check_fields(L, 2, "rule", rule_keys))
		return 3;
	if (parse_rule(L, 2, table, &r, msg, sizeof msg) < 0) {
		nl_clear_extack();
		return l_fail(L, -EINVAL, "%s", msg);
	}
	if (!l_nat_check_ns(L, ns))
		return 3;
	if ((err = nft_rule_add(ns, &r, &handle, &e)) < 0)
		return l_nft_fail(L, err, &e);
	lua_pushinteger(L, (lua_Integer)handle);
	return 1;
}

/* net.nat_add(ns, rule) -> handle */
static int l_nat_add(lua_State *L) { return rule_add(L, NT_NAT); }

/* net.filter_add(ns, rule) -> handle */
static int l_filter_add(lua_State *L) { return rule_add(L, NT_FILTER); }

/* net.chain_policy(ns, "INPUT"|"FORWARD"|"OUTPUT", "ACCEPT"|"DROP") -> true */
static int l_chain_policy(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *chain = luaL_checkstring(L, 2);
	const char *policy = luaL_checkstring(L, 3);
	struct nft_err e;
	int c, exact, accept, err;

	/* the learner's words for a bad chain or policy are netlearn.natspec's */
	c = nat_find_ci(nat_chain_names, NC__N, chain, &exact);
	nl_clear_extack();
	if (c < 0 || c == NC_PREROUTING || c == NC_POSTROUTING)
		return l_fail_field(L, chain, "chain_policy", "chain");
	if (!strcmp(policy, "ACCEPT"))
		accept = 1;
	else if (!strcmp(policy, "DROP"))
		accept = 0;
	else
		return l_fail_field(L, chain, "chain_policy", "policy");
	if (!l_nat_check_ns(L, ns))
		return 3;
	if ((err = nft_policy_set(ns, c, accept, &e)) < 0)
		return l_nft_fail(L, err, &e);
	lua_pushboolean(L, 1);
	return 1;
}

const luaL_Reg l_nat_funcs[] = {
	{"nat_add", l_nat_add},
	{"filter_add", l_filter_add},
	{"chain_policy", l_chain_policy},
	{NULL, NULL}
};
