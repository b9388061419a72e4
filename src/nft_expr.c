/*
 * nft_expr.c -- a rule's fields (src, dst, iif, oif, proto, ports, target) as
 * the nf_tables expressions `nft` itself would generate, and back again.
 *
 * Built in iptables' order: iifname, oifname, ip saddr, ip daddr, l4proto,
 * sport, dport, a counter (so lessons can show hits), then the target. The
 * decoder reads any rule of family ip; what it cannot express as fields it
 * names in r->unknown.
 */
#include <errno.h>
#include <string.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/nf_tables.h>
#include <libnftnl/rule.h>
#include <libnftnl/expr.h>
#include "addrparse.h"
#include "nat.h"

#define ICMP_PORT_UNREACH_CODE 3

void nat_rule_init(struct nat_rule *r)
{
	memset(r, 0, sizeof *r);
	r->chain = -1;
	r->sport = r->dport = r->to_port = -1;
}

/* ---- building ------------------------------------------------------------ */

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

static int add_cmp(struct nftnl_rule *nr, const void *data, uint32_t len)
{
	struct nftnl_expr *e = expr(nr, "cmp");
	if (!e)
		return -ENOMEM;
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, NFT_CMP_EQ);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
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

static int match_ifname(struct nftnl_rule *nr, uint32_t key, const char *name)
{
	char buf[IFNAMSIZ] = {0};
	size_t n = strlen(name);
	int r;
	if ((r = add_meta(nr, key)) < 0)
		return r;
	if (n > 0 && name[n - 1] == '+') {     /* "eth+": the name starts with "eth" */
		memcpy(buf, name, n - 1);
		return add_cmp(nr, buf, (uint32_t)(n - 1));
	}
	memcpy(buf, name, n < IFNAMSIZ ? n : IFNAMSIZ - 1);
	return add_cmp(nr, buf, IFNAMSIZ);
}

static int match_addr(struct nftnl_rule *nr, uint32_t off, uint32_t addr, int len)
{
	int r;
	if (len == 0)
		return 0;                       /* 0.0.0.0/0 matches everything */
	if ((r = add_payload(nr, NFT_PAYLOAD_NETWORK_HEADER, off, 4)) < 0)
		return r;
	if (len < 32 && (r = add_mask(nr, ipv4_mask(len))) < 0)
		return r;
	addr &= ipv4_mask(len);
	return add_cmp(nr, &addr, 4);
}

static int match_port(struct nftnl_rule *nr, uint32_t off, int port)
{
	uint16_t p = htons((uint16_t)port);
	int r;
	if ((r = add_payload(nr, NFT_PAYLOAD_TRANSPORT_HEADER, off, 2)) < 0)
		return r;
	return add_cmp(nr, &p, 2);
}

static int add_immediate(struct nftnl_rule *nr, uint32_t reg, const void *data, uint32_t len)
{
	struct nftnl_expr *e = expr(nr, "immediate");
	if (!e)
		return -ENOMEM;
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, reg);
	nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, data, len);
	return 0;
}

static int add_verdict(struct nftnl_rule *nr, uint32_t verdict)
{
	struct nftnl_expr *e = expr(nr, "immediate");
	if (!e)
		return -ENOMEM;
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, verdict);
	return 0;
}

static int add_nat(struct nftnl_rule *nr, uint32_t type, uint32_t addr, int port)
{
	struct nftnl_expr *e;
	uint16_t p = htons((uint16_t)(port < 0 ? 0 : port));
	int r;
	if ((r = add_immediate(nr, NFT_REG_1, &addr, 4)) < 0)
		return r;
	if (port >= 0 && (r = add_immediate(nr, NFT_REG_2, &p, 2)) < 0)
		return r;
	if (!(e = expr(nr, "nat")))
		return -ENOMEM;
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_TYPE, type);
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_FAMILY, NFPROTO_IPV4);
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MIN, NFT_REG_1);
	if (port >= 0)
		nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_PROTO_MIN, NFT_REG_2);
	return 0;
}

int nft_expr_build(struct nftnl_rule *nr, const struct nat_rule *r)
{
	struct nftnl_expr *e;
	uint8_t proto = (uint8_t)r->proto;
	int err;

	if (r->iif[0] && (err = match_ifname(nr, NFT_META_IIFNAME, r->iif)) < 0)
		return err;
	if (r->oif[0] && (err = match_ifname(nr, NFT_META_OIFNAME, r->oif)) < 0)
		return err;
	if (r->have_src && (err = match_addr(nr, 12, r->src, r->src_len)) < 0)
		return err;
	if (r->have_dst && (err = match_addr(nr, 16, r->dst, r->dst_len)) < 0)
		return err;
	if (r->proto) {
		if ((err = add_meta(nr, NFT_META_L4PROTO)) < 0 || (err = add_cmp(nr, &proto, 1)) < 0)
			return err;
	}
	if (r->sport >= 0 && (err = match_port(nr, 0, r->sport)) < 0)
		return err;
	if (r->dport >= 0 && (err = match_port(nr, 2, r->dport)) < 0)
		return err;
	if (!expr(nr, "counter"))
		return -ENOMEM;

	switch (r->target) {
	case TG_ACCEPT:
		return add_verdict(nr, NF_ACCEPT);
	case TG_DROP:
		return add_verdict(nr, NF_DROP);
	case TG_REJECT:
		if (!(e = expr(nr, "reject")))
			return -ENOMEM;
		nftnl_expr_set_u32(e, NFTNL_EXPR_REJECT_TYPE, NFT_REJECT_ICMP_UNREACH);
		nftnl_expr_set_u8(e, NFTNL_EXPR_REJECT_CODE, ICMP_PORT_UNREACH_CODE);
		return 0;
	case TG_MASQUERADE:
		return expr(nr, "masq") ? 0 : -ENOMEM;
	case TG_SNAT:
		return add_nat(nr, NFT_NAT_SNAT, r->to_addr, r->to_port);
	case TG_DNAT:
		return add_nat(nr, NFT_NAT_DNAT, r->to_addr, r->to_port);
	default:
		return -EINVAL;
	}
}

/* ---- decoding ------------------------------------------------------------ */

enum loaded { LD_NONE, LD_IIF, LD_OIF, LD_L4PROTO, LD_SADDR, LD_DADDR, LD_SPORT, LD_DPORT, LD_OTHER };

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
	uint32_t len = 0;
	const uint8_t *d = nftnl_expr_get(e, NFTNL_EXPR_CMP_DATA, &len);
	uint32_t a;
	int plen;

	if (nftnl_expr_get_u32(e, NFTNL_EXPR_CMP_OP) != NFT_CMP_EQ || !d) {
		unknown(s, "cmp (not ==)");
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
		break;
	}
	case LD_L4PROTO:
		r->proto = len == 1 ? d[0] : 0;
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
			r->have_src = 1; r->src = a; r->src_len = plen;
		} else {
			r->have_dst = 1; r->dst = a; r->dst_len = plen;
		}
		break;
	case LD_SPORT:
	case LD_DPORT:
		if (len != 2) {
			unknown(s, "port compare");
			break;
		}
		if (s->loaded == LD_SPORT)
			r->sport = (d[0] << 8) | d[1];
		else
			r->dport = (d[0] << 8) | d[1];
		break;
	default:
		unknown(s, "cmp");
	}
	s->loaded = LD_NONE;
	s->masked = 0;
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
		if (v == NF_ACCEPT)
			s->r->target = TG_ACCEPT;
		else if (v == NF_DROP)
			s->r->target = TG_DROP;
		else
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
			    key == NFT_META_L4PROTO ? LD_L4PROTO : LD_OTHER;
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
