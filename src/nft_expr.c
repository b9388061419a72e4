/*
 * nft_expr.c -- a rule's fields (src, dst, iif, oif, proto, ports, matches,
 * target) as the nf_tables expressions iptables-nft itself writes, and back.
 *
 * Built in iptables-nft's order and shapes: iifname, oifname, l4proto, ip
 * saddr, ip daddr (loading only a prefix's bytes), the ports (one 4-byte load
 * when both are single ports), the xtables `match` expressions (conntrack,
 * addrtype), a counter, then the verdict or the xtables `target` (REJECT,
 * MASQUERADE, SNAT rev 0, DNAT rev 2) -- so the real iptables, iptables-save
 * and nft read netlearn's rules, and netlearn reads theirs. The decoder reads
 * any rule of family ip; what it cannot express as fields it names in
 * r->unknown.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/xt_addrtype.h>
#include <linux/netfilter/xt_conntrack.h>
#include <linux/netfilter/xt_tcpudp.h>
#include <linux/netfilter_ipv4/ipt_REJECT.h>
#include <libnftnl/rule.h>
#include <libnftnl/expr.h>
#include "addrparse.h"
#include "nat.h"

void nat_rule_init(struct nat_rule *r)
{
	memset(r, 0, sizeof *r);
	r->chain = -1;
	r->sport = r->dport = r->sport_max = r->dport_max = r->to_port = -1;
}

const char *const nat_ctstate_names[] = {
	"INVALID", "ESTABLISHED", "RELATED", "NEW", NULL, NULL, "SNAT", "DNAT", "UNTRACKED", NULL
};
const char *const nat_addrtype_names[] = {
	"UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST", "BLACKHOLE",
	"UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE", NULL
};

/* ---- building (the sequences iptables-nft 1.8 writes) -------------------- */

static struct nftnl_expr *expr(struct nftnl_rule *nr, const char *name)
{
	struct nftnl_expr *e = nftnl_expr_alloc(name);
	if (e)
		nftnl_rule_add_expr(nr, e);
	return e;
}

static int add_meta(struct nftnl_rule *nr, uint32_t key)
{
	struct nftnl_expr *e = expr(nr, "meta");
	if (!e)
		return -ENOMEM;
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
	return 0;
}

static int add_payload(struct nftnl_rule *nr, uint32_t base, uint32_t off, uint32_t len)
{
	struct nftnl_expr *e = expr(nr, "payload");
	if (!e)
		return -ENOMEM;
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, off);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
	return 0;
}

static int add_cmp(struct nftnl_rule *nr, int inv, const void *data, uint32_t len)
{
	struct nftnl_expr *e = expr(nr, "cmp");
	if (!e)
		return -ENOMEM;
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, inv ? NFT_CMP_NEQ : NFT_CMP_EQ);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
	return 0;
}

static int add_range(struct nftnl_rule *nr, int inv, uint16_t lo, uint16_t hi)
{
	struct nftnl_expr *e = expr(nr, "range");
	uint16_t a = htons(lo), b = htons(hi);
	if (!e)
		return -ENOMEM;
	nftnl_expr_set_u32(e, NFTNL_EXPR_RANGE_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_RANGE_OP, inv ? NFT_RANGE_NEQ : NFT_RANGE_EQ);
	nftnl_expr_set(e, NFTNL_EXPR_RANGE_FROM_DATA, &a, sizeof a);
	nftnl_expr_set(e, NFTNL_EXPR_RANGE_TO_DATA, &b, sizeof b);
	return 0;
}

static int add_mask(struct nftnl_rule *nr, uint32_t mask)
{
	struct nftnl_expr *e = expr(nr, "bitwise");
	uint32_t zero = 0;
	if (!e)
		return -ENOMEM;
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, sizeof mask);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, &mask, sizeof mask);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, &zero, sizeof zero);
	return 0;
}

/* "eth0": the name and its NUL; "eth+": the bytes before the '+' */
static int match_ifname(struct nftnl_rule *nr, uint32_t key, const char *name, int inv)
{
	char buf[IFNAMSIZ] = {0};
	size_t n = strlen(name);
	int r;
	if ((r = add_meta(nr, key)) < 0)
		return r;
	if (n > 0 && name[n - 1] == '+') {
		memcpy(buf, name, n - 1);
		return add_cmp(nr, inv, buf, (uint32_t)(n - 1));
	}
	if (n > IFNAMSIZ - 1)
		n = IFNAMSIZ - 1;
	memcpy(buf, name, n);
	return add_cmp(nr, inv, buf, (uint32_t)(n + 1));
}

/* A prefix on a byte boundary loads only its bytes; any other one loads four
 * and masks them (iptables-nft's add_addr). */
static int match_addr(struct nftnl_rule *nr, uint32_t off, uint32_t addr, int len, int inv)
{
	uint32_t n = len % 8 == 0 ? (uint32_t)len / 8 : 4;
	int r;
	if (len == 0)
		return 0;                       /* 0.0.0.0/0 matches everything */
	addr &= ipv4_mask(len);
	if ((r = add_payload(nr, NFT_PAYLOAD_NETWORK_HEADER, off, n)) < 0)
		return r;
	if (len % 8 && (r = add_mask(nr, ipv4_mask(len))) < 0)
		return r;
	return add_cmp(nr, inv, &addr, n);
}

static int match_port(struct nftnl_rule *nr, uint32_t off, int lo, int hi, int inv)
{
	uint16_t p = htons((uint16_t)lo);
	int r;
	if ((r = add_payload(nr, NFT_PAYLOAD_TRANSPORT_HEADER, off, 2)) < 0)
		return r;
	if (hi != lo)
		return add_range(nr, inv, (uint16_t)lo, (uint16_t)hi);
	return add_cmp(nr, inv, &p, 2);
}

static int add_xt(struct nftnl_rule *nr, int target, const char *name, uint32_t rev, const void *info, size_t len)
{
	struct nftnl_expr *e = expr(nr, target ? "target" : "match");
	void *copy = calloc(1, len);
	if (!e || !copy) {
		free(copy);
		return -ENOMEM;
	}
	memcpy(copy, info, len);
	nftnl_expr_set_str(e, target ? NFTNL_EXPR_TG_NAME : NFTNL_EXPR_MT_NAME, name);
	nftnl_expr_set_u32(e, target ? NFTNL_EXPR_TG_REV : NFTNL_EXPR_MT_REV, rev);
	/* the expression owns (and frees) its info */
	nftnl_expr_set(e, target ? NFTNL_EXPR_TG_INFO : NFTNL_EXPR_MT_INFO, copy, (uint32_t)len);
	return 0;
}

static int add_verdict(struct nftnl_rule *nr, uint32_t verdict, const char *chain)
{
	struct nftnl_expr *e = expr(nr, "immediate");
	if (!e)
		return -ENOMEM;
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, verdict);
	if (chain)
		nftnl_expr_set_str(e, NFTNL_EXPR_IMM_CHAIN, chain);
	return 0;
}

/* SNAT and MASQUERADE: revision 0 (nf_nat_ipv4_multi_range_compat); DNAT:
 * revision 2 (nf_nat_range2), as iptables-nft picks them. */
static int add_nat_target(struct nftnl_rule *nr, const struct nat_rule *r)
{
	unsigned int flags = 0;
	uint16_t p = htons((uint16_t)(r->to_port < 0 ? 0 : r->to_port));
	if (r->have_to)
		flags |= NF_NAT_RANGE_MAP_IPS;
	if (r->to_port >= 0)
		flags |= NF_NAT_RANGE_PROTO_SPECIFIED;
	if (r->target == TG_DNAT) {
		struct nf_nat_range2 n;
		memset(&n, 0, sizeof n);
		n.flags = flags;
		n.min_addr.ip = n.max_addr.ip = r->to_addr;
		n.min_proto.all = n.max_proto.all = p;
		return add_xt(nr, 1, "DNAT", 2, &n, sizeof n);
	} else {
		struct nf_nat_ipv4_multi_range_compat m;
		memset(&m, 0, sizeof m);
		m.rangesize = 1;
		m.range[0].flags = flags;
		m.range[0].min_ip = m.range[0].max_ip = r->to_addr;
		m.range[0].min.all = m.range[0].max.all = p;
		return add_xt(nr, 1, r->target == TG_SNAT ? "SNAT" : "MASQUERADE", 0, &m, sizeof m);
	}
}

static int add_addrtype(struct nftnl_rule *nr, const struct nat_rule *r)
{
	struct xt_addrtype_info_v1 a;
	if (!r->src_type && !r->dst_type)
		return 0;
	memset(&a, 0, sizeof a);
	a.source = (uint16_t)r->src_type;
	a.dest = (uint16_t)r->dst_type;
	a.flags = (r->inv_src_type ? XT_ADDRTYPE_INVERT_SOURCE : 0) |
		  (r->inv_dst_type ? XT_ADDRTYPE_INVERT_DEST : 0);
	return add_xt(nr, 0, "addrtype", 1, &a, sizeof a);
}

int nft_expr_build(struct nftnl_rule *nr, const struct nat_rule *r)
{
	uint8_t proto = (uint8_t)r->proto;
	int err;

	if (r->iif[0] && (err = match_ifname(nr, NFT_META_IIFNAME, r->iif, r->inv_iif)) < 0)
		return err;
	if (r->oif[0] && (err = match_ifname(nr, NFT_META_OIFNAME, r->oif, r->inv_oif)) < 0)
		return err;
	if (r->proto) {
		if ((err = add_meta(nr, NFT_META_L4PROTO)) < 0 || (err = add_cmp(nr, r->inv_proto, &proto, 1)) < 0)
			return err;
		nftnl_rule_set_u32(nr, NFTNL_RULE_COMPAT_PROTO, (uint32_t)r->proto);
		nftnl_rule_set_u32(nr, NFTNL_RULE_COMPAT_FLAGS, r->inv_proto ? NFT_RULE_COMPAT_F_INV : 0);
	}
	if (r->have_src && (err = match_addr(nr, 12, r->src, r->src_len, r->inv_src)) < 0)
		return err;
	if (r->have_dst && (err = match_addr(nr, 16, r->dst, r->dst_len, r->inv_dst)) < 0)
		return err;
	if (r->sport >= 0 && r->dport >= 0 && r->sport == r->sport_max && r->dport == r->dport_max &&
	    !r->inv_sport && !r->inv_dport) {
		/* both ports at once, as one 4-byte load */
		uint16_t both[2] = {htons((uint16_t)r->sport), htons((uint16_t)r->dport)};
		if ((err = add_payload(nr, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 4)) < 0 ||
		    (err = add_cmp(nr, 0, both, 4)) < 0)
			return err;
	} else {
		if (r->sport >= 0 && (err = match_port(nr, 0, r->sport, r->sport_max, r->inv_sport)) < 0)
			return err;
		if (r->dport >= 0 && (err = match_port(nr, 2, r->dport, r->dport_max, r->inv_dport)) < 0)
			return err;
	}
	{
		/* the matches in the order they were written */
		const char *ord = r->order[0] ? r->order : r->addrtype_first ? "acsmk#" : "casmk#";
		for (; *ord; ord++) {
			if (*ord == 'a')
				err = add_addrtype(nr, r);
			else if (*ord == 'c' && r->ctstate) {
				struct xt_conntrack_mtinfo3 c;
				memset(&c, 0, sizeof c);
				c.match_flags = XT_CONNTRACK_STATE;
				c.invert_flags = r->inv_ctstate ? XT_CONNTRACK_STATE : 0;
				c.state_mask = (uint16_t)r->ctstate;
				err = add_xt(nr, 0, "conntrack", 3, &c, sizeof c);
			} else
				err = nft_match_build(nr, r, *ord);
			if (err < 0)
				return err;
		}
	}
	if (!expr(nr, "counter"))
		return -ENOMEM;

	switch (r->target) {
	case TG_ACCEPT:
		return add_verdict(nr, NF_ACCEPT, NULL);
	case TG_DROP:
		return add_verdict(nr, NF_DROP, NULL);
	case TG_RETURN:
		return add_verdict(nr, (uint32_t)NFT_RETURN, NULL);
	case TG_JUMP:
		return add_verdict(nr, (uint32_t)NFT_JUMP, r->jump);
	case TG_GOTO:
		return add_verdict(nr, (uint32_t)NFT_GOTO, r->jump);
	case TG_REJECT: {
		struct ipt_reject_info ri;
		memset(&ri, 0, sizeof ri);
		ri.with = IPT_ICMP_PORT_UNREACHABLE;
		return add_xt(nr, 1, "REJECT", 0, &ri, sizeof ri);
	}
	case TG_MASQUERADE:
	case TG_SNAT:
	case TG_DNAT:
		return add_nat_target(nr, r);
	case TG_MARK:
		return nft_match_build_target(nr, r);
	case TG_NONE:
		return 0;
	default:
		return -EINVAL;
	}
}

/* ---- decoding ------------------------------------------------------------ */

enum loaded { LD_NONE, LD_IIF, LD_OIF, LD_L4PROTO, LD_SADDR, LD_DADDR, LD_SPORT, LD_DPORT, LD_PORTS, LD_MARK, LD_OTHER };

struct decode_state {
	struct nat_rule *r;
	int loaded;                     /* what register 1 holds */
	uint32_t mask;                  /* a bitwise mask applied to it */
	uint32_t load_len;              /* bytes loaded (iptables-nft loads only a prefix's bytes) */
	int masked;
	uint32_t imm_reg[4];            /* registers set by immediate, and their data */
	uint8_t imm_data[4][16];
	uint32_t imm_len[4];
	int nimm;
};

static void unknown(struct decode_state *s, const char *what)
{
	if (!s->r->unknown[0])
		snprintf(s->r->unknown, sizeof s->r->unknown, "%s", what);
}

static int mask_len(uint32_t mask_be)
{
	uint32_t m = ntohl(mask_be);
	int n = 0;
	while (n < 32 && (m & (0x80000000u >> n)))
		n++;
	return (n == 32 || (m << n) == 0) ? n : -1;
}

static const void *imm_get(struct decode_state *s, uint32_t reg, uint32_t *len)
{
	int i;
	for (i = s->nimm - 1; i >= 0; i--)
		if (s->imm_reg[i] == reg) {
			*len = s->imm_len[i];
			return s->imm_data[i];
		}
	return NULL;
}

static void decode_cmp(struct decode_state *s, struct nftnl_expr *e)
{
	struct nat_rule *r = s->r;
	uint32_t len = 0, op = nftnl_expr_get_u32(e, NFTNL_EXPR_CMP_OP);
	const uint8_t *d = nftnl_expr_get(e, NFTNL_EXPR_CMP_DATA, &len);
	int inv = op == NFT_CMP_NEQ;
	uint32_t a;
	int plen;

	if ((op != NFT_CMP_EQ && op != NFT_CMP_NEQ) || !d) {
		unknown(s, "cmp (not == or !=)");
		return;
	}
	switch (s->loaded) {
	case LD_IIF:
	case LD_OIF: {
		char *dst = s->loaded == LD_IIF ? r->iif : r->oif;
		size_t n = strnlen((const char *)d, len);
		if (n > IFNAMSIZ - 1)
			n = IFNAMSIZ - 1;
		memcpy(dst, d, n);
		dst[n] = '\0';
		if (n == len)           /* no terminating NUL compared: a prefix match */
			strcat(dst, "+");
		if (s->loaded == LD_IIF)
			r->inv_iif = inv;
		else
			r->inv_oif = inv;
		break;
	}
	case LD_L4PROTO:
		r->proto = len == 1 ? d[0] : 0;
		r->inv_proto = inv;
		break;
	case LD_SADDR:
	case LD_DADDR:
		if (len < 1 || len > 4 || len != s->load_len) {
			unknown(s, "address compare");
			break;
		}
		a = 0;
		memcpy(&a, d, len);
		plen = s->masked ? mask_len(s->mask) : (int)len * 8;
		if (plen < 0) {
			unknown(s, "non-prefix address mask");
			break;
		}
		if (s->loaded == LD_SADDR) {
			r->have_src = 1; r->src = a; r->src_len = plen; r->inv_src = inv;
		} else {
			r->have_dst = 1; r->dst = a; r->dst_len = plen; r->inv_dst = inv;
		}
		break;
	case LD_SPORT:
	case LD_DPORT:
		if (len != 2) {
			unknown(s, "port compare");
			break;
		}
		if (s->loaded == LD_SPORT) {
			r->sport = r->sport_max = (d[0] << 8) | d[1];
			r->inv_sport = inv;
		} else {
			r->dport = r->dport_max = (d[0] << 8) | d[1];
			r->inv_dport = inv;
		}
		break;
	case LD_PORTS:
		if (len != 4 || inv) {
			unknown(s, "ports compare");
			break;
		}
		r->sport = r->sport_max = (d[0] << 8) | d[1];
		r->dport = r->dport_max = (d[2] << 8) | d[3];
		break;
	case LD_MARK:
		if (len != 4 || r->have_mark) {
			unknown(s, "mark compare");
			break;
		}
		r->have_mark = 1;
		memcpy(&r->mark, d, 4);
		r->mark_mask = s->masked ? s->mask : 0xffffffffu;
		r->inv_mark = inv;
		nft_match_note(r, 'k');
		break;
	default:
		unknown(s, "cmp");
	}
	s->loaded = LD_NONE;
	s->masked = 0;
}

static void decode_range(struct decode_state *s, struct nftnl_expr *e)
{
	struct nat_rule *r = s->r;
	uint32_t la = 0, lb = 0, op = nftnl_expr_get_u32(e, NFTNL_EXPR_RANGE_OP);
	const uint8_t *a = nftnl_expr_get(e, NFTNL_EXPR_RANGE_FROM_DATA, &la);
	const uint8_t *b = nftnl_expr_get(e, NFTNL_EXPR_RANGE_TO_DATA, &lb);

	if (!a || !b || la != 2 || lb != 2 || (s->loaded != LD_SPORT && s->loaded != LD_DPORT)) {
		unknown(s, "range");
	} else if (s->loaded == LD_SPORT) {
		r->sport = (a[0] << 8) | a[1];
		r->sport_max = (b[0] << 8) | b[1];
		r->inv_sport = op == NFT_RANGE_NEQ;
	} else {
		r->dport = (a[0] << 8) | a[1];
		r->dport_max = (b[0] << 8) | b[1];
		r->inv_dport = op == NFT_RANGE_NEQ;
	}
	s->loaded = LD_NONE;
}

static void xt_ports(struct nat_rule *r, const uint16_t *sp, const uint16_t *dp, int invs, int invd)
{
	if (sp[0] || sp[1] != 0xffff) {
		r->sport = sp[0];
		r->sport_max = sp[1];
		r->inv_sport = !!invs;
	}
	if (dp[0] || dp[1] != 0xffff) {
		r->dport = dp[0];
		r->dport_max = dp[1];
		r->inv_dport = !!invd;
	}
}

/* An xtables match, as iptables-nft writes -m conntrack / -m addrtype */
static void decode_xt_match(struct decode_state *s, struct nftnl_expr *e)
{
	struct nat_rule *r = s->r;
	const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_MT_NAME);
	uint32_t rev = nftnl_expr_get_u32(e, NFTNL_EXPR_MT_REV), len = 0;
	const void *info = nftnl_expr_get(e, NFTNL_EXPR_MT_INFO, &len);

	if (name && info && nft_match_decode(r, name, rev, info, len))
		return;                 /* multiport, comment, conntrack as -m state */
	if (name && !strcmp(name, "conntrack") && rev == 3 && info && len >= sizeof(struct xt_conntrack_mtinfo3)) {
		const struct xt_conntrack_mtinfo3 *c = info;
		if (c->match_flags & ~(XT_CONNTRACK_STATE | XT_CONNTRACK_STATE_ALIAS)) {
			unknown(s, "match conntrack (other than --ctstate)");
			return;
		}
		r->ctstate = c->state_mask;
		r->inv_ctstate = !!(c->invert_flags & XT_CONNTRACK_STATE);
		nft_match_note(r, 'c');
	} else if (name && !strcmp(name, "addrtype") && rev == 1 && info &&
		   len >= sizeof(struct xt_addrtype_info_v1)) {
		const struct xt_addrtype_info_v1 *a = info;
		if (a->flags & (XT_ADDRTYPE_LIMIT_IFACE_IN | XT_ADDRTYPE_LIMIT_IFACE_OUT)) {
			unknown(s, "match addrtype --limit-iface");
			return;
		}
		r->src_type = a->source;
		r->dst_type = a->dest;
		r->addrtype_first = !r->ctstate;        /* matters only if a conntrack match follows */
		r->inv_src_type = !!(a->flags & XT_ADDRTYPE_INVERT_SOURCE);
		r->inv_dst_type = !!(a->flags & XT_ADDRTYPE_INVERT_DEST);
		nft_match_note(r, 'a');
	} else if (name && !strcmp(name, "tcp") && info && len >= sizeof(struct xt_tcp)) {
		/* -m tcp written as a match (flags or options aside, only ports) */
		const struct xt_tcp *t = info;
		if (t->option || t->flg_mask || (t->invflags & ~(XT_TCP_INV_SRCPT | XT_TCP_INV_DSTPT))) {
			unknown(s, "match tcp (flags or options)");
			return;
		}
		xt_ports(r, t->spts, t->dpts, t->invflags & XT_TCP_INV_SRCPT, t->invflags & XT_TCP_INV_DSTPT);
	} else if (name && !strcmp(name, "udp") && info && len >= sizeof(struct xt_udp)) {
		const struct xt_udp *u = info;
		xt_ports(r, u->spts, u->dpts, u->invflags & XT_UDP_INV_SRCPT, u->invflags & XT_UDP_INV_DSTPT);
	} else {
		unknown(s, name ? name : "match");
	}
}

static void decode_payload(struct decode_state *s, struct nftnl_expr *e)
{
	uint32_t base = nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_BASE);
	uint32_t off = nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET);
	uint32_t len = nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_LEN);

	s->masked = 0;
	s->loaded = LD_OTHER;
	if (nftnl_expr_is_set(e, NFTNL_EXPR_PAYLOAD_SREG)) {
		unknown(s, "payload write");
		return;
	}
	s->load_len = len;
	if (base == NFT_PAYLOAD_NETWORK_HEADER && off == 12 && len >= 1 && len <= 4)
		s->loaded = LD_SADDR;
	else if (base == NFT_PAYLOAD_NETWORK_HEADER && off == 16 && len >= 1 && len <= 4)
		s->loaded = LD_DADDR;
	else if (base == NFT_PAYLOAD_NETWORK_HEADER && off == 9 && len == 1)
		s->loaded = LD_L4PROTO;      /* ip protocol */
	else if (base == NFT_PAYLOAD_TRANSPORT_HEADER && off == 0 && len == 2)
		s->loaded = LD_SPORT;
	else if (base == NFT_PAYLOAD_TRANSPORT_HEADER && off == 2 && len == 2)
		s->loaded = LD_DPORT;
	else if (base == NFT_PAYLOAD_TRANSPORT_HEADER && off == 0 && len == 4)
		s->loaded = LD_PORTS;
	else
		unknown(s, "payload");
}

static void decode_immediate(struct decode_state *s, struct nftnl_expr *e)
{
	uint32_t reg = nftnl_expr_get_u32(e, NFTNL_EXPR_IMM_DREG);
	uint32_t len = 0;
	const void *d;

	if (reg == NFT_REG_VERDICT) {
		int32_t v = (int32_t)nftnl_expr_get_u32(e, NFTNL_EXPR_IMM_VERDICT);
		const char *chain = nftnl_expr_get_str(e, NFTNL_EXPR_IMM_CHAIN);
		if (v == NF_ACCEPT)
			s->r->target = TG_ACCEPT;
		else if (v == NF_DROP)
			s->r->target = TG_DROP;
		else if (v == NFT_RETURN)
			s->r->target = TG_RETURN;
		else if ((v == NFT_JUMP || v == NFT_GOTO) && chain) {
			s->r->target = v == NFT_JUMP ? TG_JUMP : TG_GOTO;
			snprintf(s->r->jump, sizeof s->r->jump, "%s", chain);
		} else
			unknown(s, "verdict");
		return;
	}
	d = nftnl_expr_get(e, NFTNL_EXPR_IMM_DATA, &len);
	if (!d || len > 16 || s->nimm == 4) {
		unknown(s, "immediate");
		return;
	}
	s->imm_reg[s->nimm] = reg;
	memcpy(s->imm_data[s->nimm], d, len);
	s->imm_len[s->nimm] = len;
	s->nimm++;
}

static void decode_nat(struct decode_state *s, struct nftnl_expr *e)
{
	struct nat_rule *r = s->r;
	uint32_t len = 0;
	const uint8_t *d;

	r->target = nftnl_expr_get_u32(e, NFTNL_EXPR_NAT_TYPE) == NFT_NAT_SNAT ? TG_SNAT : TG_DNAT;
	if (nftnl_expr_is_set(e, NFTNL_EXPR_NAT_REG_ADDR_MIN)) {
		d = imm_get(s, nftnl_expr_get_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MIN), &len);
		if (d && len == 4) {
			memcpy(&r->to_addr, d, 4);
			r->have_to = 1;
		} else {
			unknown(s, "nat address");
		}
	}
	if (nftnl_expr_is_set(e, NFTNL_EXPR_NAT_REG_PROTO_MIN)) {
		d = imm_get(s, nftnl_expr_get_u32(e, NFTNL_EXPR_NAT_REG_PROTO_MIN), &len);
		if (d && len == 2)
			r->to_port = (d[0] << 8) | d[1];
		else
			unknown(s, "nat port");
	}
	if (nftnl_expr_is_set(e, NFTNL_EXPR_NAT_REG_ADDR_MAX) || nftnl_expr_is_set(e, NFTNL_EXPR_NAT_REG_PROTO_MAX)) {
		uint32_t rmin = nftnl_expr_get_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MIN);
		uint32_t rmax = nftnl_expr_get_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MAX);
		uint32_t pmin = nftnl_expr_get_u32(e, NFTNL_EXPR_NAT_REG_PROTO_MIN);
		uint32_t pmax = nftnl_expr_get_u32(e, NFTNL_EXPR_NAT_REG_PROTO_MAX);
		if (rmin != rmax || pmin != pmax)
			unknown(s, "nat range");
	}
}

/* An xtables target, as iptables-nft writes -j REJECT, -j DNAT --to-destination ... */
static void decode_xt_target(struct decode_state *s, struct nftnl_expr *e)
{
	struct nat_rule *r = s->r;
	const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_TG_NAME);
	uint32_t rev = nftnl_expr_get_u32(e, NFTNL_EXPR_TG_REV), len = 0;
	const void *info = nftnl_expr_get(e, NFTNL_EXPR_TG_INFO, &len);
	unsigned int flags = 0;
	uint32_t amin = 0, amax = 0;
	uint16_t pmin = 0, pmax = 0;

	if (!name) {
		unknown(s, "xt target");
		return;
	}
	if (!strcmp(name, "REJECT")) {
		r->target = TG_REJECT;
		return;
	}
	if (!strcmp(name, "MARK")) {
		if (!info || !nft_match_decode_target(r, rev, info, len))
			unknown(s, "target MARK (revision)");
		return;
	}
	if (!strcmp(name, "MASQUERADE")) {
		r->target = TG_MASQUERADE;
		return;
	}
	if (strcmp(name, "SNAT") && strcmp(name, "DNAT")) {
		unknown(s, name);
		return;
	}
	r->target = name[0] == 'S' ? TG_SNAT : TG_DNAT;
	if (rev == 0 && info && len >= sizeof(struct nf_nat_ipv4_multi_range_compat)) {
		const struct nf_nat_ipv4_multi_range_compat *m = info;
		flags = m->range[0].flags;
		amin = m->range[0].min_ip;
		amax = m->range[0].max_ip;
		pmin = m->range[0].min.all;
		pmax = m->range[0].max.all;
	} else if ((rev == 1 || rev == 2) && info && len >= sizeof(struct nf_nat_range)) {
		const struct nf_nat_range *n = info;     /* nf_nat_range2 starts the same */
		flags = n->flags;
		amin = n->min_addr.ip;
		amax = n->max_addr.ip;
		pmin = n->min_proto.all;
		pmax = n->max_proto.all;
	} else {
		unknown(s, "xt nat revision");
		return;
	}
	if (flags & NF_NAT_RANGE_MAP_IPS) {
		r->have_to = 1;
		r->to_addr = amin;
	}
	if (flags & NF_NAT_RANGE_PROTO_SPECIFIED)
		r->to_port = ntohs(pmin);
	if (((flags & NF_NAT_RANGE_MAP_IPS) && amin != amax) ||
	    ((flags & NF_NAT_RANGE_PROTO_SPECIFIED) && pmin != pmax))
		unknown(s, "nat range");
}

static int decode_one(struct nftnl_expr *e, void *data)
{
	struct decode_state *s = data;
	const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_NAME);

	if (!strcmp(name, "meta")) {
		uint32_t key = nftnl_expr_get_u32(e, NFTNL_EXPR_META_KEY);
		s->masked = 0;
		if (nftnl_expr_is_set(e, NFTNL_EXPR_META_SREG))
			unknown(s, "meta set");
		s->loaded = key == NFT_META_IIFNAME ? LD_IIF : key == NFT_META_OIFNAME ? LD_OIF :
			    key == NFT_META_L4PROTO ? LD_L4PROTO : key == NFT_META_MARK ? LD_MARK : LD_OTHER;
		if (s->loaded == LD_OTHER)
			unknown(s, "meta");
	} else if (!strcmp(name, "payload")) {
		decode_payload(s, e);
	} else if (!strcmp(name, "bitwise")) {
		uint32_t len = 0, xlen = 0, x = 1;
		const void *m = nftnl_expr_get(e, NFTNL_EXPR_BITWISE_MASK, &len);
		const void *xv = nftnl_expr_get(e, NFTNL_EXPR_BITWISE_XOR, &xlen);
		if (xv && xlen >= 1 && xlen <= 4) {
			x = 0;
			memcpy(&x, xv, xlen);
		}
		if (m && len >= 1 && len <= 4 && x == 0) {
			s->mask = 0;
			memcpy(&s->mask, m, len);
			s->masked = 1;
		} else {
			unknown(s, "bitwise");
		}
	} else if (!strcmp(name, "cmp")) {
		decode_cmp(s, e);
	} else if (!strcmp(name, "range")) {
		decode_range(s, e);
	} else if (!strcmp(name, "match")) {
		decode_xt_match(s, e);
	} else if (!strcmp(name, "counter")) {
		s->r->have_counter = 1;
		s->r->packets = nftnl_expr_get_u64(e, NFTNL_EXPR_CTR_PACKETS);
		s->r->bytes = nftnl_expr_get_u64(e, NFTNL_EXPR_CTR_BYTES);
	} else if (!strcmp(name, "immediate")) {
		decode_immediate(s, e);
	} else if (!strcmp(name, "nat")) {
		decode_nat(s, e);
	} else if (!strcmp(name, "masq")) {
		s->r->target = TG_MASQUERADE;
	} else if (!strcmp(name, "reject")) {
		s->r->target = TG_REJECT;
	} else if (!strcmp(name, "target")) {
		decode_xt_target(s, e);
	} else {
		unknown(s, name);
	}
	return 0;
}

void nft_expr_decode(const struct nftnl_rule *nr, struct nat_rule *r)
{
	struct decode_state s;
	memset(&s, 0, sizeof s);
	s.r = r;
	nftnl_expr_foreach((struct nftnl_rule *)nr, decode_one, &s);
}
