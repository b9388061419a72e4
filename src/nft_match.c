/*
 * nft_match.c -- iptables' -m multiport, -m mark, -m state and -m comment,
 * as iptables-nft 1.8 writes them and back, and their Lua fields.
 *
 * multiport, state and comment are xtables `match` expressions (multiport
 * revision 1, state as conntrack revision 3 with the state-alias flag, comment
 * revision 0); -m mark is native: meta mark, a bitwise and when there is a
 * mask, a compare. The matches go in the order they were written (r->order),
 * which is the order iptables -S prints them back in. Their Lua fields (a
 * rule's multiport=, mark=, state=, ... read and written back) are in
 * l_nft_match.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/xt_conntrack.h>
#include <linux/netfilter/xt_multiport.h>
#include <linux/netfilter/xt_comment.h>
#include <linux/netfilter/xt_mark.h>
#include <libnftnl/rule.h>
#include <libnftnl/expr.h>
#include "netlearn.h"
#include "nat.h"

void nft_match_note(struct nat_rule *r, char kind)
{
	size_t n = strlen(r->order);
	if (!strchr(r->order, kind) && n + 1 < sizeof r->order) {
		r->order[n] = kind;
		r->order[n + 1] = '\0';
	}
}

/* ---- building ------------------------------------------------------------ */

static int add_xt_match(struct nftnl_rule *nr, const char *name, uint32_t rev, const void *info, size_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("match");
	void *copy = calloc(1, len);
	if (!e || !copy) {
		free(copy);
		if (e)
			nftnl_expr_free(e);
		return -ENOMEM;
	}
	memcpy(copy, info, len);
	nftnl_expr_set_str(e, NFTNL_EXPR_MT_NAME, name);
	nftnl_expr_set_u32(e, NFTNL_EXPR_MT_REV, rev);
	nftnl_expr_set(e, NFTNL_EXPR_MT_INFO, copy, (uint32_t)len);   /* the expression frees it */
	nftnl_rule_add_expr(nr, e);
	return 0;
}

static int add_mark(struct nftnl_rule *nr, const struct nat_rule *r)
{
	struct nftnl_expr *e;
	uint32_t zero = 0, v = r->mark;

	if (!(e = nftnl_expr_alloc("meta")))
		return -ENOMEM;
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, NFT_META_MARK);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
	nftnl_rule_add_expr(nr, e);
	if (r->mark_mask != 0xffffffffu) {
		if (!(e = nftnl_expr_alloc("bitwise")))
			return -ENOMEM;
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, sizeof v);
		nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, &r->mark_mask, sizeof r->mark_mask);
		nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, &zero, sizeof zero);
		nftnl_rule_add_expr(nr, e);
	}
	if (!(e = nftnl_expr_alloc("cmp")))
		return -ENOMEM;
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, r->inv_mark ? NFT_CMP_NEQ : NFT_CMP_EQ);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, &v, sizeof v);
	nftnl_rule_add_expr(nr, e);
	return 0;
}

int nft_match_build(struct nftnl_rule *nr, const struct nat_rule *r, char kind)
{
	switch (kind) {
	case 's':
		if (r->state) {
			struct xt_conntrack_mtinfo3 c;
			memset(&c, 0, sizeof c);
			c.match_flags = XT_CONNTRACK_STATE | XT_CONNTRACK_STATE_ALIAS;
			c.invert_flags = r->inv_state ? XT_CONNTRACK_STATE : 0;
			c.state_mask = (uint16_t)r->state;
			return add_xt_match(nr, "conntrack", 3, &c, sizeof c);
		}
		return 0;
	case 'm':
		if (r->mp_dir) {
			struct xt_multiport_v1 m;
			memset(&m, 0, sizeof m);
			m.flags = r->mp_dir == NAT_MP_SPORTS ? XT_MULTIPORT_SOURCE :
				  r->mp_dir == NAT_MP_DPORTS ? XT_MULTIPORT_DESTINATION : XT_MULTIPORT_EITHER;
			m.count = (uint8_t)r->mp_count;
			memcpy(m.ports, r->mp_ports, sizeof m.ports);
			memcpy(m.pflags, r->mp_pflags, sizeof m.pflags);
			m.invert = (uint8_t)!!r->inv_mp;
			return add_xt_match(nr, "multiport", 1, &m, sizeof m);
		}
		return 0;
	case 'k':
		return r->have_mark ? add_mark(nr, r) : 0;
	case '#':
		if (r->have_comment) {
			struct xt_comment_info c;
			memset(&c, 0, sizeof c);
			snprintf(c.comment, sizeof c.comment, "%s", r->comment);
			return add_xt_match(nr, "comment", 0, &c, sizeof c);
		}
		return 0;
	default:
		return 0;
	}
}

/* -j MARK: the xtables target, revision 2 (mark and mask, as --set-xmark) */
int nft_match_build_target(struct nftnl_rule *nr, const struct nat_rule *r)
{
	struct nftnl_expr *e = nftnl_expr_alloc("target");
	struct xt_mark_tginfo2 *m = calloc(1, sizeof *m);
	if (!e || !m) {
		free(m);
		if (e)
			nftnl_expr_free(e);
		return -ENOMEM;
	}
	m->mark = r->xmark;
	m->mask = r->xmask;
	nftnl_expr_set_str(e, NFTNL_EXPR_TG_NAME, "MARK");
	nftnl_expr_set_u32(e, NFTNL_EXPR_TG_REV, 2);
	nftnl_expr_set(e, NFTNL_EXPR_TG_INFO, m, sizeof *m);    /* the expression frees it */
	nftnl_rule_add_expr(nr, e);
	return 0;
}

int nft_match_decode_target(struct nat_rule *r, uint32_t rev, const void *info, uint32_t len)
{
	const struct xt_mark_tginfo2 *m = info;
	if (rev != 2 || len < sizeof *m)
		return 0;
	r->target = TG_MARK;
	r->xmark = m->mark;
	r->xmask = m->mask;
	return 1;
}

/* ---- decoding ------------------------------------------------------------ */

int nft_match_decode(struct nat_rule *r, const char *name, uint32_t rev, const void *info, uint32_t len)
{
	if (!strcmp(name, "conntrack") && rev == 3 && len >= sizeof(struct xt_conntrack_mtinfo3)) {
		const struct xt_conntrack_mtinfo3 *c = info;
		if (c->match_flags != (XT_CONNTRACK_STATE | XT_CONNTRACK_STATE_ALIAS) || r->state)
			return 0;
		r->state = c->state_mask;
		r->inv_state = !!(c->invert_flags & XT_CONNTRACK_STATE);
		nft_match_note(r, 's');
		return 1;
	}
	if (!strcmp(name, "multiport") && rev == 1 && len >= sizeof(struct xt_multiport_v1) && !r->mp_dir) {
		const struct xt_multiport_v1 *m = info;
		if (m->count < 1 || m->count > XT_MULTI_PORTS || m->flags > XT_MULTIPORT_EITHER)
			return 0;
		r->mp_dir = m->flags == XT_MULTIPORT_SOURCE ? NAT_MP_SPORTS :
			    m->flags == XT_MULTIPORT_DESTINATION ? NAT_MP_DPORTS : NAT_MP_PORTS;
		r->mp_count = m->count;
		memcpy(r->mp_ports, m->ports, sizeof r->mp_ports);
		memcpy(r->mp_pflags, m->pflags, sizeof r->mp_pflags);
		r->inv_mp = !!m->invert;
		nft_match_note(r, 'm');
		return 1;
	}
	if (!strcmp(name, "comment") && rev == 0 && len >= sizeof(struct xt_comment_info) && !r->have_comment) {
		const struct xt_comment_info *c = info;
		r->have_comment = 1;
		memcpy(r->comment, c->comment, sizeof r->comment - 1);
		r->comment[sizeof r->comment - 1] = '\0';
		nft_match_note(r, '#');
		return 1;
	}
	return 0;
}
