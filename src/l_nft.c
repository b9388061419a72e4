/*
 * l_nft.c -- the Lua side of reading and tending the rules: net.nft_list (the
 * ruleset as tables), net.nft_del, net.nft_flush, net.nft_chain_add,
 * net.nft_chain_del, net.nft_chain_rename, net.nft_zero and net.nft_probe.
 * Their table is l_nft_funcs; the failure words they share with net.nat_add
 * are l_nat.c's (l_nft_fail), the nf_tables work is in nft.c and nft_list.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include "luax.h"
#include "netlearn.h"
#include "nat.h"

static void set_prefix(lua_State *L, const char *k, uint32_t addr, int len)
{
	char a[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &addr, a, sizeof a);
	lua_pushfstring(L, "%s/%d", a, len);
	lua_setfield(L, -2, k);
}

/* The bits of mask as "A,B" in the order of order[] (names by bit number in
 * order[i] == bit i, or the printing order of iptables for ctstate). */
static const char *const nat_ctstate_order[] = {
	"INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED", "SNAT", "DNAT", NULL, NULL
};

static void push_names(lua_State *L, const char *k, int mask, const char *const *order, int n)
{
	luaL_Buffer b;
	int i, j, first = 1;
	luaL_buffinit(L, &b);
	for (i = 0; i < n; i++) {
		int bit = i;
		if (!order[i])
			continue;
		if (order == nat_ctstate_order)
			for (j = 0, bit = -1; j < 9; j++)
				if (nat_ctstate_names[j] && !strcmp(nat_ctstate_names[j], order[i]))
					bit = j;
		if (bit >= 0 && (mask & (1 << bit))) {
			if (!first)
				luaL_addchar(&b, ',');
			luaL_addstring(&b, order[i]);
			first = 0;
		}
	}
	luaL_pushresult(&b);
	lua_setfield(L, -2, k);
}

static void push_rule(lua_State *L, const struct nft_rule_info *ri)
{
	const struct nat_rule *r = &ri->r;
	static const char *const protos[] = {[IPPROTO_TCP] = "tcp", [IPPROTO_UDP] = "udp", [IPPROTO_ICMP] = "icmp"};
	char a[INET_ADDRSTRLEN];

	lua_createtable(L, 0, 16);
	l_setfield_str(L, "table", ri->table);
	l_setfield_str(L, "chain", ri->chain);
	l_setfield_int(L, "handle", (lua_Integer)r->handle);
	if (r->target == TG_JUMP || r->target == TG_GOTO) {
		l_setfield_str(L, "target", r->jump);
		if (r->target == TG_GOTO)
			l_setfield_bool(L, "goto", 1);
	} else if (r->target != TG_NONE) {
		l_setfield_str(L, "target", nat_target_names[r->target]);
	}
	if (r->have_src)
		set_prefix(L, "src", r->src, r->src_len);
	if (r->have_dst)
		set_prefix(L, "dst", r->dst, r->dst_len);
	if (r->iif[0])
		l_setfield_str(L, "iif", r->iif);
	if (r->oif[0])
		l_setfield_str(L, "oif", r->oif);
	if (r->proto) {
		if (r->proto < (int)(sizeof protos / sizeof protos[0]) && protos[r->proto])
			l_setfield_str(L, "proto", protos[r->proto]);
		else
			l_setfield_int(L, "proto", r->proto);
	}
	if (r->sport >= 0 && r->sport_max != r->sport)
		lua_pushfstring(L, "%d:%d", r->sport, r->sport_max), lua_setfield(L, -2, "sport");
	else if (r->sport >= 0)
		l_setfield_int(L, "sport", r->sport);
	if (r->dport >= 0 && r->dport_max != r->dport)
		lua_pushfstring(L, "%d:%d", r->dport, r->dport_max), lua_setfield(L, -2, "dport");
	else if (r->dport >= 0)
		l_setfield_int(L, "dport", r->dport);
	if (r->src_type)
		push_names(L, "src_type", r->src_type, nat_addrtype_names, 12);
	if (r->dst_type)
		push_names(L, "dst_type", r->dst_type, nat_addrtype_names, 12);
	if (r->ctstate)
		push_names(L, "ctstate", r->ctstate, nat_ctstate_order, 9);
	if (r->addrtype_first && r->ctstate && (r->src_type || r->dst_type))
		l_setfield_bool(L, "addrtype_first", 1);
	{
		static const char *const nots[] = {"not_src", "not_dst", "not_iif", "not_oif", "not_proto",
						   "not_sport", "not_dport", "not_src_type", "not_dst_type",
						   "not_ctstate"};
		const int flags[] = {r->inv_src, r->inv_dst, r->inv_iif, r->inv_oif, r->inv_proto, r->inv_sport,
				     r->inv_dport, r->inv_src_type, r->inv_dst_type, r->inv_ctstate};
		size_t i;
		for (i = 0; i < sizeof flags / sizeof flags[0]; i++)
			if (flags[i])
				l_setfield_bool(L, nots[i], 1);
	}
	if (r->have_to) {
		inet_ntop(AF_INET, &r->to_addr, a, sizeof a);
		if (r->to_port >= 0)
			lua_pushfstring(L, "%s:%d", a, r->to_port);
		else
			lua_pushstring(L, a);
		lua_setfield(L, -2, "to");
	}
	if (r->have_counter) {
		l_setfield_int(L, "packets", (lua_Integer)r->packets);
		l_setfield_int(L, "bytes", (lua_Integer)r->bytes);
	}
	nft_match_to_lua(L, r);
	if (r->unknown[0])
		l_setfield_str(L, "unknown", r->unknown);
}

static const struct nft_listing *sort_base;

/* Chains: tables in the order the kernel lists them, then hook order. */
static int cmp_chain(const void *pa, const void *pb)
{
	const struct nft_chain_info *a = pa, *b = pb;
	size_t i, ta = 0, tb = 0;
	int ha, hb;
	for (i = 0; i < sort_base->nchains; i++) {
		if (!strcmp(sort_base->chains[i].table, a->table) && !ta)
			ta = i + 1;
		if (!strcmp(sort_base->chains[i].table, b->table) && !tb)
			tb = i + 1;
	}
	if (ta != tb)
		return ta < tb ? -1 : 1;
	ha = a->hook < 0 ? 99 : a->hook;
	hb = b->hook < 0 ? 99 : b->hook;
	if (ha != hb)
		return ha - hb;
	return a->handle < b->handle ? -1 : a->handle > b->handle;
}

/* net.nft_list(ns) -> {chains={...}, rules={...}} */
static int l_nft_list(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	struct nft_listing l;
	struct nft_chain_info *sorted = NULL;
	struct nft_err e;
	size_t i, j;
	int err, n = 0;

	nl_clear_extack();
	if (!l_nat_check_ns(L, ns))
		return 3;
	if ((err = nft_list(ns, &l, &e)) < 0)
		return l_nft_fail(L, err, &e);
	if (l.nchains) {
		sorted = malloc(l.nchains * sizeof *sorted);
		if (!sorted) {
			nft_listing_free(&l);
			return l_fail(L, -ENOMEM, "nft_list: out of memory");
		}
		memcpy(sorted, l.chains, l.nchains * sizeof *sorted);
		/* sort with the kernel's order still at hand in l.chains */
		sort_base = &l;
		qsort(sorted, l.nchains, sizeof *sorted, cmp_chain);
		sort_base = NULL;
	}
	lua_createtable(L, 0, 2);
	lua_createtable(L, (int)l.nchains, 0);
	for (i = 0; i < l.nchains; i++) {
		const struct nft_chain_info *c = &sorted[i];
		lua_createtable(L, 0, 7);
		l_setfield_str(L, "table", c->table);
		l_setfield_str(L, "chain", c->name);
		if (c->hook >= 0) {
			l_setfield_str(L, "hook", c->hook < NC__N ? nat_hook_names[c->hook] : "ingress");
			l_setfield_int(L, "priority", c->priority);
			if (c->type[0])
				l_setfield_str(L, "type", c->type);
			if (c->policy >= 0)
				l_setfield_str(L, "policy", c->policy == NF_DROP ? "DROP" : "ACCEPT");
		}
		l_setfield_int(L, "handle", (lua_Integer)c->handle);
		l_setfield_int(L, "references", (lua_Integer)c->use);
		if (c->have_counters) {
			l_setfield_int(L, "packets", (lua_Integer)c->packets);
			l_setfield_int(L, "bytes", (lua_Integer)c->bytes);
		}
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "chains");
	lua_createtable(L, (int)l.nrules, 0);
	/* rules chain by chain in the order above, in each chain in the kernel's order */
	for (i = 0; i < l.nchains; i++)
		for (j = 0; j < l.nrules; j++)
			if (!strcmp(l.rules[j].table, sorted[i].table) && !strcmp(l.rules[j].chain, sorted[i].name)) {
				push_rule(L, &l.rules[j]);
				lua_rawseti(L, -2, ++n);
			}
	lua_setfield(L, -2, "rules");
	free(sorted);
	nft_listing_free(&l);
	return 1;
}

/* net.nft_del(ns, {table=, chain=, handle=}) -> true */
static int l_nft_del(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *table, *chain;
	lua_Integer handle;
	struct nft_err e;
	int err;

	luaL_checktype(L, 2, LUA_TTABLE);
	table = l_optfield_str(L, 2, "table", NULL);
	chain = l_optfield_str(L, 2, "chain", NULL);
	handle = l_optfield_int(L, 2, "handle", 0);
	nl_clear_extack();
	if (!table)
		return l_fail(L, -EINVAL, "nft_del: needs table= (\"nat\" or \"filter\") and handle= (see net.nft_list)");
	if (handle <= 0)
		return l_fail(L, -EINVAL, "nft_del: needs handle= a rule's handle, a positive integer (see net.nft_list)");
	if (!l_nat_check_ns(L, ns))
		return 3;
	if ((err = nft_rule_del(ns, table, chain, (uint64_t)handle, &e)) < 0)
		return l_nft_fail(L, err, &e);
	lua_pushboolean(L, 1);
	return 1;
}

/* net.nft_flush(ns[, {table=[, chain=]}]) -> true */
static int l_nft_flush(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *table = NULL, *chain = NULL;
	struct nft_err e;
	int err;

	if (!lua_isnoneornil(L, 2)) {
		luaL_checktype(L, 2, LUA_TTABLE);
		table = l_optfield_str(L, 2, "table", NULL);
		chain = l_optfield_str(L, 2, "chain", NULL);
	}
	nl_clear_extack();
	if (chain && !table)
		return l_fail(L, -EINVAL, "nft_flush: chain=\"%s\" needs table= too (\"nat\" or \"filter\")", chain);
	if (!l_nat_check_ns(L, ns))
		return 3;
	if ((err = nft_flush(ns, table, chain, &e)) < 0)
		return l_nft_fail(L, err, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static int table_arg(lua_State *L, int arg, const char *fn)
{
	const char *t = luaL_checkstring(L, arg);
	int exact, i = nat_find_ci(nat_table_names, NT__N, t, &exact);
	if (i < 0 || !exact) {
		l_fail(L, -EINVAL, "%s: table \"%s\" is not \"nat\" or \"filter\"", fn, t);
		return -1;
	}
	return i;
}

/* net.nft_chain_add(ns, table, name) -> true: a user chain (iptables -N) */
static int l_nft_chain_add(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *name = luaL_checkstring(L, 3);
	struct nft_err e;
	int exact, tb, err;

	nl_clear_extack();
	if ((tb = table_arg(L, 2, "nft_chain_add")) < 0)
		return 3;
	if (nat_find_ci(nat_chain_names, NC__N, name, &exact) >= 0)
		return l_fail(L, -EEXIST, "nft_chain_add: %s is a built-in chain's name", name);
	if (!nat_chain_name_ok(name))
		return l_fail(L, -EINVAL, "nft_chain_add: '%s' is not a chain name (1-28 characters, no spaces, "
			      "not starting with '-' or '!')", name);
	if (!l_nat_check_ns(L, ns))
		return 3;
	if ((err = nft_chain_add(ns, tb, name, &e)) < 0)
		return l_nft_fail(L, err, &e);
	lua_pushboolean(L, 1);
	return 1;
}

/* net.nft_chain_del(ns, table, name) -> true: an empty, unreferenced user chain (iptables -X) */
static int l_nft_chain_del(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *name = luaL_checkstring(L, 3);
	struct nft_err e;
	int exact, tb, err;

	nl_clear_extack();
	if ((tb = table_arg(L, 2, "nft_chain_del")) < 0)
		return 3;
	if (nat_find_ci(nat_chain_names, NC__N, name, &exact) >= 0 && exact)
		return l_fail(L, -EPERM, "nft_chain_del: %s is a built-in chain and cannot be deleted", name);
	if (!l_nat_check_ns(L, ns))
		return 3;
	if ((err = nft_chain_del(ns, nat_table_names[tb], name, &e)) < 0)
		return l_nft_fail(L, err, &e);
	lua_pushboolean(L, 1);
	return 1;
}

/* net.nft_chain_rename(ns, table, handle, newname) -> true: a user chain's new name (iptables -E) */
static int l_nft_chain_rename(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	lua_Integer handle = luaL_checkinteger(L, 3);
	const char *name = luaL_checkstring(L, 4);
	struct nft_err e;
	int exact, tb, err;

	nl_clear_extack();
	if ((tb = table_arg(L, 2, "nft_chain_rename")) < 0)
		return 3;
	if (handle <= 0)
		return l_fail(L, -EINVAL, "nft_chain_rename: handle %d is not a chain's handle (see net.nft_list)", (int)handle);
	if (nat_find_ci(nat_chain_names, NC__N, name, &exact) >= 0)
		return l_fail(L, -EEXIST, "nft_chain_rename: %s is a built-in chain's name", name);
	if (!nat_chain_name_ok(name))
		return l_fail(L, -EINVAL, "nft_chain_rename: '%s' is not a chain name (1-28 characters, no spaces, "
			      "not starting with '-' or '!')", name);
	if (!l_nat_check_ns(L, ns))
		return 3;
	if ((err = nft_chain_rename(ns, nat_table_names[tb], (uint64_t)handle, name, &e)) < 0)
		return l_nft_fail(L, err, &e);
	lua_pushboolean(L, 1);
	return 1;
}

/* net.nft_zero(ns, table[, chain]) -> true: zero rule and policy counters (iptables -Z) */
static int l_nft_zero(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *chain = luaL_optstring(L, 3, NULL);
	struct nft_err e;
	int tb, err;

	nl_clear_extack();
	if ((tb = table_arg(L, 2, "nft_zero")) < 0)
		return 3;
	if (!l_nat_check_ns(L, ns))
		return 3;
	if ((err = nft_zero(ns, nat_table_names[tb], chain, &e)) < 0)
		return l_nft_fail(L, err, &e);
	lua_pushboolean(L, 1);
	return 1;
}

/* net.nft_probe(ns) -> {nf_tables=, nat=, masquerade=, reject=[, missing=text]}: what
 * this kernel can do, found by a batch the kernel tries and throws away. */
static int l_nft_probe(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	struct nft_caps c;
	struct nft_err e;
	int err;

	nl_clear_extack();
	if (!l_nat_check_ns(L, ns))
		return 3;
	if ((err = nft_probe(ns, &c, &e)) < 0)
		return l_nft_fail(L, err, &e);
	lua_createtable(L, 0, 5);
	l_setfield_bool(L, "nf_tables", c.nf_tables);
	l_setfield_bool(L, "nat", c.nat);
	l_setfield_bool(L, "masquerade", c.masquerade);
	l_setfield_bool(L, "reject", c.reject);
	if (!c.nf_tables)
		l_setfield_str(L, "missing", "nf_tables: CONFIG_NF_TABLES (module nf_tables)");
	else if (!c.nat)
		l_setfield_str(L, "missing", "nf_tables NAT: CONFIG_NFT_NAT, CONFIG_NFT_COMPAT, CONFIG_NETFILTER_XT_NAT "
			       "(modules nft_chain_nat, nft_compat, xt_nat)");
	else if (!c.masquerade)
		l_setfield_str(L, "missing", "MASQUERADE: CONFIG_NETFILTER_XT_TARGET_MASQUERADE (module xt_MASQUERADE)");
	else if (!c.reject)
		l_setfield_str(L, "missing", "REJECT: CONFIG_IP_NF_TARGET_REJECT (module ipt_REJECT)");
	return 1;
}

const luaL_Reg l_nft_funcs[] = {
	{"nft_list", l_nft_list},
	{"nft_del", l_nft_del},
	{"nft_flush", l_nft_flush},
	{"nft_probe", l_nft_probe},
	{"nft_chain_add", l_nft_chain_add},
	{"nft_chain_del", l_nft_chain_del},
	{"nft_chain_rename", l_nft_chain_rename},
	{"nft_zero", l_nft_zero},
	{NULL, NULL}
};
