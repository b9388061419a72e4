/*
 * nft_match.c -- iptables' -m multiport, -m mark, -m state and -m comment,
 * as iptables-nft 1.8 writes them and back, and their Lua fields.
 *
 * multiport, state and comment are xtables `match` expressions (multiport
 * revision 1, state as conntrack revision 3 with the state-alias flag, comment
 * revision 0); -m mark is native: meta mark, a bitwise and when there is a
 * mask, a compare. The matches go in the order they were written (r->order),
 * which is the order iptables -S prints them back in.
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
#include "luax.h"
#include "netlearn.h"
#include "nat.h"

static const char *const mp_dirs[] = {NULL, "sports", "dports", "ports"};
static const char kinds[] = "acsmk#";
static const char *const kind_names[] = {"addrtype", "conntrack", "state", "multiport", "mark", "comment"};
/* iptables' printing order of states */
static const char *const state_order[] = {"INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED", NULL};

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

/* ---- Lua fields ---------------------------------------------------------- */

#define BAD(...) do { snprintf(msg, msglen, __VA_ARGS__); return -1; } while (0)

static int state_bits(const char *s, char *bad, size_t badlen)
{
	int mask = 0;
	while (*s) {
		size_t n = strcspn(s, ",");
		int i, hit = -1;
		for (i = 0; i < 9; i++)
			if (nat_ctstate_names[i] && i < 4 + 5 && strlen(nat_ctstate_names[i]) == n &&
			    !strncasecmp(nat_ctstate_names[i], s, n) && strcmp(nat_ctstate_names[i], "SNAT") &&
			    strcmp(nat_ctstate_names[i], "DNAT"))
				hit = i;
		if (hit < 0) {
			snprintf(bad, badlen, "%.*s", (int)(n < 24 ? n : 24), s);
			return -1;
		}
		mask |= 1 << hit;
		s += n;
		if (*s == ',' && s[1])
			s++;
		else if (*s == ',') {
			snprintf(bad, badlen, "%s", "");
			return -1;
		}
	}
	return mask;
}

/* "22,80:90" -> ports and flags as xt_multiport_v1 holds them */
static int parse_ports(const char *s, struct nat_rule *r)
{
	int n = 0;
	while (*s) {
		char *end;
		long a = strtol(s, &end, 10), b;
		if (end == s || a < 0 || a > 65535)
			return -1;
		if (*end == ':') {
			s = end + 1;
			b = strtol(s, &end, 10);
			if (end == s || b < a || b > 65535 || n + 2 > XT_MULTI_PORTS)
				return -1;
			r->mp_pflags[n] = 1;
			r->mp_ports[n++] = (uint16_t)a;
			r->mp_ports[n++] = (uint16_t)b;
		} else {
			if (n + 1 > XT_MULTI_PORTS)
				return -1;
			r->mp_ports[n++] = (uint16_t)a;
		}
		if (*end == ',' && end[1])
			end++;
		else if (*end)
			return -1;
		s = end;
	}
	r->mp_count = n;
	return n > 0 ? 0 : -1;
}

/* "V" or "V/M": numbers up to 0xffffffff (decimal, 0x hex, 0 octal); M is ~0 if absent */
static int value_mask(const char *s, uint32_t *v, uint32_t *m)
{
	const char *p = s;
	unsigned long long n[2] = {0, 0xffffffffull};
	int i;
	for (i = 0; i < 2; i++) {
		char *end;
		if (*p < '0' || *p > '9')
			return -1;
		n[i] = strtoull(p, &end, 0);
		if (n[i] > 0xffffffffull)
			return -1;
		p = end;
		if (*p != '/' || i == 1)
			break;
		p++;
	}
	if (*p)
		return -1;
	*v = (uint32_t)n[0];
	*m = (uint32_t)n[1];
	return 0;
}

int nft_match_from_lua(lua_State *L, int t, struct nat_rule *r, const char *fn, char *msg, size_t msglen)
{
	const char *mp = l_optfield_str(L, t, "multiport", NULL);
	const char *dir = l_optfield_str(L, t, "multiport_dir", "dports");
	const char *mark = l_optfield_str(L, t, "mark", NULL);
	const char *state = l_optfield_str(L, t, "state", NULL);
	const char *comment = l_optfield_str(L, t, "comment", NULL);
	const char *order = l_optfield_str(L, t, "order", "");
	const char *xmark = l_optfield_str(L, t, "set_xmark", NULL);
	static const char *const nots[] = {"multiport", "mark", "state"};
	int *inv[] = {&r->inv_mp, &r->inv_mark, &r->inv_state};
	const char *have[] = {mp, mark, state};
	char bad[32];
	int i;

	for (i = 0; i < 3; i++) {
		char key[24];
		snprintf(key, sizeof key, "not_%s", nots[i]);
		*inv[i] = l_optfield_bool(L, t, key, 0) > 0;
		if (*inv[i] && !have[i])
			BAD("%s: %s=true needs %s= too (it negates that match)", fn, key, nots[i]);
	}
	if (mp) {
		for (i = 1; i <= 3; i++)
			if (!strcmp(dir, mp_dirs[i]))
				r->mp_dir = i;
		if (!r->mp_dir)
			BAD("%s: multiport_dir=\"%s\" is not \"sports\", \"dports\" or \"ports\"", fn, dir);
		if (parse_ports(mp, r) < 0)
			BAD("%s: multiport=\"%s\" is not a list of at most 15 ports and ranges (e.g. \"22,80,8000:8080\"; "
			    "a range counts twice)", fn, mp);
		if ((r->proto != IPPROTO_TCP && r->proto != IPPROTO_UDP) || r->inv_proto)
			BAD("%s: multiport= needs proto=\"tcp\" or proto=\"udp\" (as iptables' -m multiport needs -p tcp)", fn);
	}
	if (mark) {
		uint32_t v, m;
		if (value_mask(mark, &v, &m) < 0)
			BAD("%s: mark=\"%s\" is not a mark VALUE or VALUE/MASK (numbers up to 0xffffffff, e.g. \"0x1/0xff\")",
			    fn, mark);
		r->have_mark = 1;
		r->mark = v;
		r->mark_mask = m;
	}
	if (xmark && r->target != TG_MARK)
		BAD("%s: set_xmark= goes with target=\"MARK\"", fn);
	if (r->target == TG_MARK && !xmark)
		BAD("%s: target=\"MARK\" needs set_xmark=\"VALUE/MASK\" (e.g. \"0x1/0xffffffff\" sets the mark to 1)", fn);
	if (xmark) {
		if (value_mask(xmark, &r->xmark, &r->xmask) < 0)
			BAD("%s: set_xmark=\"%s\" is not VALUE[/MASK] (numbers up to 0xffffffff, e.g. \"0x1/0xff\")", fn, xmark);
	}
	if (state && (r->state = state_bits(state, bad, sizeof bad)) <= 0)
		BAD("%s: state=\"%s\": bad state \"%s\" (NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED)", fn, state, bad);
	if (comment) {
		if (strlen(comment) > 255)
			BAD("%s: comment= is longer than 255 characters", fn);
		r->have_comment = 1;
		snprintf(r->comment, sizeof r->comment, "%s", comment);
	}
	/* order="comment,multiport,...": the kinds as written; the rest follow */
	r->order[0] = '\0';
	while (*order) {
		size_t n = strcspn(order, ",");
		int hit = -1;
		for (i = 0; i < 6; i++)
			if (strlen(kind_names[i]) == n && !strncmp(kind_names[i], order, n))
				hit = i;
		if (hit < 0)
			BAD("%s: order=: \"%.*s\" is not a match (addrtype, conntrack, state, multiport, mark, comment)",
			    fn, (int)(n < 24 ? n : 24), order);
		nft_match_note(r, kinds[hit]);
		order += n + (order[n] == ',');
	}
	if (!strchr(r->order, 'a') && !strchr(r->order, 'c')) {
		/* not given: addrtype_first decides, as before order= existed */
		char rest[sizeof r->order];
		memcpy(rest, r->order, sizeof rest);      /* at most the 4 other kinds */
		rest[4] = '\0';
		memcpy(r->order, r->addrtype_first ? "ac" : "ca", 2);
		memcpy(r->order + 2, rest, 5);
	}
	for (i = 0; kinds[i]; i++)
		nft_match_note(r, kinds[i]);
	return 0;
}

void nft_match_to_lua(lua_State *L, const struct nat_rule *r)
{
	luaL_Buffer b;
	int i, first = 1;

	if (r->mp_dir) {
		luaL_buffinit(L, &b);
		for (i = 0; i < r->mp_count && i < XT_MULTI_PORTS; i++) {
			if (i)
				luaL_addchar(&b, ',');
			lua_pushfstring(L, "%d", (int)r->mp_ports[i]);
			luaL_addvalue(&b);
			if (r->mp_pflags[i] && i + 1 < r->mp_count) {
				lua_pushfstring(L, ":%d", (int)r->mp_ports[++i]);
				luaL_addvalue(&b);
			}
		}
		luaL_pushresult(&b);
		lua_setfield(L, -2, "multiport");
		l_setfield_str(L, "multiport_dir", mp_dirs[r->mp_dir]);
		if (r->inv_mp)
			l_setfield_bool(L, "not_multiport", 1);
	}
	if (r->have_mark) {
		char buf[32];
		if (r->mark_mask == 0xffffffffu)
			snprintf(buf, sizeof buf, "0x%x", r->mark);
		else
			snprintf(buf, sizeof buf, "0x%x/0x%x", r->mark, r->mark_mask);
		l_setfield_str(L, "mark", buf);
		if (r->inv_mark)
			l_setfield_bool(L, "not_mark", 1);
	}
	if (r->state) {
		luaL_buffinit(L, &b);
		for (i = 0; state_order[i]; i++) {
			int j;
			for (j = 0; j < 9; j++)
				if (nat_ctstate_names[j] && !strcmp(nat_ctstate_names[j], state_order[i]) &&
				    (r->state & (1 << j))) {
					if (!first)
						luaL_addchar(&b, ',');
					luaL_addstring(&b, state_order[i]);
					first = 0;
				}
		}
		luaL_pushresult(&b);
		lua_setfield(L, -2, "state");
		if (r->inv_state)
			l_setfield_bool(L, "not_state", 1);
	}
	if (r->have_comment)
		l_setfield_str(L, "comment", r->comment);
	if (r->target == TG_MARK) {
		char buf[32];
		snprintf(buf, sizeof buf, "0x%x/0x%x", r->xmark, r->xmask);
		l_setfield_str(L, "set_xmark", buf);
	}
	if (strlen(r->order) >= 2) {       /* the order matters only between two */
		luaL_buffinit(L, &b);
		first = 1;
		for (i = 0; r->order[i]; i++) {
			const char *k = strchr(kinds, r->order[i]);
			if (!k)
				continue;
			if (!first)
				luaL_addchar(&b, ',');
			luaL_addstring(&b, kind_names[k - kinds]);
			first = 0;
		}
		luaL_pushresult(&b);
		lua_setfield(L, -2, "order");
	}
}
