/*
 * decode.c -- one captured frame to a struct pkt plus the line tcpdump -n (and
 * tcpdump -e -n) would print for it, without the timestamp. Covers Ethernet,
 * ARP, IPv4 (and IPv4 in IPv4), IPv6 with its common extension headers, ICMP,
 * ICMPv6, TCP and UDP; the tunnels VXLAN (UDP 4789), OTV (UDP 8472, Linux's
 * default VXLAN port, which tcpdump prints as OTV), GENEVE (UDP 6081) and GRE
 * with the frame they carry; raw-IP links (tun, ipip) and Linux cooked frames.
 *
 * Pure: no kernel, no Lua, no allocation. Every read is bounds-checked: when a
 * frame ends early the text stops where tcpdump's would, with " [|proto]", and
 * the packet is marked malformed. Formats follow tcpdump 4.99 (Debian 12).
 *
 * This file is the entry (decode_packet), the link layers (Ethernet, raw IP,
 * Linux cooked v1/v2), ARP and the helpers every layer uses. The other layers,
 * one file each, share decode_int.h: decode_ip.c (IPv4, IPv6), decode_icmp.c
 * (ICMP, ICMPv6), decode_tcp_udp.c (TCP, UDP, HTTP's first line),
 * decode_tunnel.c (VXLAN, OTV, GENEVE, GRE), decode_ppp.c (PPP in PPTP's GRE).
 */
#include <errno.h>
#include <stdarg.h>
#include "decode_int.h"

void sb_printf(struct sbuf *s, const char *fmt, ...)
{
	va_list ap;
	int r;
	if (!s->b || s->len + 1 >= s->cap)
		return;
	va_start(ap, fmt);
	r = vsnprintf(s->b + s->len, s->cap - s->len, fmt, ap);
	va_end(ap);
	if (r < 0)
		return;
	s->len += (size_t)r;
	if (s->len >= s->cap)
		s->len = s->cap - 1;
}

/* Source and destination of the IP (v6: IPv6) header at IPH, into a and b (46 bytes). */
void ip_pair(struct dc *d, size_t iph, int v6, char *a, char *b)
{
	if (v6) {
		ip6s(d->p + iph + 8, a);
		ip6s(d->p + iph + 24, b);
	} else {
		ip4s(d->p + iph + 12, a);
		ip4s(d->p + iph + 16, b);
	}
}

/* The packet's transport fields (pk->sport, icmp_type, ...) describe its first
 * ICMP/TCP/UDP header. Mark KIND as that header (inner when inside a tunnel)
 * unless another came first (FORCE: mark it anyway). 1 when KIND is it. */
int l4_claim(struct dc *d, unsigned kind, int force)
{
	struct pkt *pk = d->pk;
	if (!force && (pk->has & (PKT_ICMP | PKT_TCP | PKT_UDP | PKT_ICMP6)))
		return 0;
	pk->has |= kind;
	if (d->depth)
		pk->has |= PKT_L4_INNER;
	return 1;
}

/* "a.sport > b.dport: " for a packet printed without its IP line, else "sport > dport: " */
void ports_print(struct dc *d, int direct, const char *a, const char *b, unsigned sport, unsigned dport)
{
	if (direct)
		sb_printf(&d->sb, "%s.%u > %s.%u: ", a, sport, b, dport);
	else
		sb_printf(&d->sb, "%u > %u: ", sport, dport);
}

const char *macs(const uint8_t *a, size_t n, char *buf, size_t buflen)
{
	size_t i, o = 0;
	buf[0] = '\0';
	for (i = 0; i < n && o + 4 <= buflen; i++)
		o += (size_t)snprintf(buf + o, buflen - o, i ? ":%02x" : "%02x", a[i]);
	return buf;
}

const char *ethertype_name(unsigned t)
{
	switch (t) {
	case 0x0800: return "IPv4";
	case 0x0806: return "ARP";
	case 0x86dd: return "IPv6";
	case 0x8035: return "Reverse ARP";
	case 0x8100: return "802.1Q";
	case 0x88a8: return "802.1Q-QinQ";
	case 0x88cc: return "LLDP";
	case 0x8847: return "MPLS unicast";
	case 0x8848: return "MPLS multicast";
	case 0x880b: return "PPP";
	case 0x8863: return "PPPoE D";
	case 0x8864: return "PPPoE S";
	case 0x888e: return "EAPOL";
	case 0x6558: return "TEB";
	default: return NULL;
	}
}

/* ---- ARP ------------------------------------------------------------------ */

static int arp_print(struct dc *d, size_t off, size_t length)
{
	struct pkt *pk = d->pk;
	unsigned hrd, pro, op, hln, pln;
	size_t sha, spa, tha, tpa, i;
	char m[64], a[16];
	int nonzero = 0;

	if (!have(d, off, 8))
		return trunc_at(d, "arp");
	hrd = be16(d, off);
	pro = be16(d, off + 2);
	hln = u8(d, off + 4);
	pln = u8(d, off + 5);
	op = be16(d, off + 6);
	sha = off + 8;
	spa = sha + hln;
	tha = spa + pln;
	tpa = tha + hln;
	if (!have(d, tpa, pln))
		return trunc_at(d, "arp");
	pk->has |= PKT_ARP;
	pk->arp_op = (int)op;
	if (hln == 6) {
		memcpy(pk->arp_sha, d->p + sha, 6);
		memcpy(pk->arp_tha, d->p + tha, 6);
	}
	if (pln == 4) {
		memcpy(pk->arp_spa, d->p + spa, 4);
		memcpy(pk->arp_tpa, d->p + tpa, 4);
	}
	if (!d->eflag)
		sb_printf(&d->sb, "ARP, ");
	if ((pro != 0x0800 && pro != 0x1000) || pln != 4 || hln == 0) {
		const char *pn = ethertype_name(pro);
		if (hrd == 1)
			sb_printf(&d->sb, "Ethernet (len %u), ", hln);
		else
			sb_printf(&d->sb, "Unknown Hardware (%u) (len %u), ", hrd, hln);
		if (pn)
			sb_printf(&d->sb, "%s (len %u)", pn, pln);
		else
			sb_printf(&d->sb, "Unknown Protocol (0x%04x) (len %u)", pro, pln);
		goto out;
	}
	switch (op) {
	case 1:
		sb_printf(&d->sb, "Request who-has %s", ip4s(d->p + tpa, a));
		for (i = 0; i < hln; i++)
			nonzero |= d->p[tha + i];
		if (nonzero)
			sb_printf(&d->sb, " (%s)", macs(d->p + tha, hln, m, sizeof m));
		sb_printf(&d->sb, " tell %s", ip4s(d->p + spa, a));
		break;
	case 2:
		sb_printf(&d->sb, "Reply %s", ip4s(d->p + spa, a));
		sb_printf(&d->sb, " is-at %s", macs(d->p + sha, hln, m, sizeof m));
		break;
	case 3:
		sb_printf(&d->sb, "Reverse Request who-is %s", macs(d->p + tha, hln, m, sizeof m));
		sb_printf(&d->sb, " tell %s", macs(d->p + sha, hln, m, sizeof m));
		break;
	case 4:
		sb_printf(&d->sb, "Reverse Reply %s at ", macs(d->p + tha, hln, m, sizeof m));
		sb_printf(&d->sb, "%s", ip4s(d->p + tpa, a));
		break;
	case 8:
		sb_printf(&d->sb, "Inverse Request who-is %s", macs(d->p + tha, hln, m, sizeof m));
		sb_printf(&d->sb, " tell %s", macs(d->p + sha, hln, m, sizeof m));
		break;
	case 9:
		sb_printf(&d->sb, "Inverse Reply %s at ", macs(d->p + sha, hln, m, sizeof m));
		sb_printf(&d->sb, "%s", ip4s(d->p + spa, a));
		break;
	default:
		sb_printf(&d->sb, "Unknown (%u) ", op);
		return 0;
	}
out:
	sb_printf(&d->sb, ", length %zu", length);
	return 0;
}

/* ---- link layers ---------------------------------------------------------- */

int ethertype_demux(struct dc *d, unsigned type, size_t off, size_t length)
{
	switch (type) {
	case 0x0800:
		return ip_print(d, off, length);
	case 0x86dd:
		return ip6_print(d, off, length);
	case 0x0806:
		return arp_print(d, off, length);
	default:
		return 1;   /* not known */
	}
}

/* An Ethernet frame of LENGTH bytes on the wire at OFF (0: the link layer;
 * deeper: the frame a VXLAN, GENEVE or GRE tunnel carries). */
int ether_at(struct dc *d, size_t off, size_t wirelen)
{
	struct pkt *pk = d->pk;
	char s[20], t[20];
	unsigned type;
	const char *name;
	size_t length = wirelen;

	if (!have(d, off, 14) || wirelen < 14)
		return trunc_at(d, "ether");
	if (off == 0) {
		pk->has |= PKT_ETH;
		memcpy(pk->eth_dst, d->p, 6);
		memcpy(pk->eth_src, d->p + 6, 6);
		pk->eth_type = (uint16_t)be16(d, 12);
	}
	type = be16(d, off + 12);
	macs(d->p + off + 6, 6, s, sizeof s);
	macs(d->p + off, 6, t, sizeof t);
	if (d->eflag)
		sb_printf(&d->sb, "%s > %s, ", s, t);
	length -= 14;
	if (type <= 1500) {
		if (d->eflag)
			sb_printf(&d->sb, "802.3, length %u: ", type < length ? type : (unsigned)length);
		sb_printf(&d->sb, "LLC, length %zu", type < length ? (size_t)type : length);
		return 0;
	}
	name = ethertype_name(type);
	if (d->eflag)
		sb_printf(&d->sb, "ethertype %s (0x%04x), length %zu: ", name ? name : "Unknown", type, wirelen);
	if (ethertype_demux(d, type, off + 14, length) == 1 && !d->eflag)
		sb_printf(&d->sb, "%s > %s, ethertype %s (0x%04x), length %zu: ", s, t,
			  name ? name : "Unknown", type, wirelen);
	return 0;
}

static void ether_print(struct dc *d, size_t wirelen)
{
	if (wirelen < d->end) {
		sb_printf(&d->sb, "[length %zu < caplen %zu] (invalid)", wirelen, d->end);
		d->pk->malformed = 1;
		return;
	}
	ether_at(d, 0, wirelen);
}

static void raw_print(struct dc *d, size_t wirelen)
{
	unsigned v;
	if (d->eflag)
		sb_printf(&d->sb, "ip: ");
	if (!have(d, 0, 1)) {
		sb_printf(&d->sb, "truncated-ip %zu", wirelen);
		d->pk->malformed = 1;
		return;
	}
	v = u8(d, 0) & 0xf0;
	if (v == 0x40)
		ip_print(d, 0, wirelen);
	else if (v == 0x60)
		ip6_print(d, 0, wirelen);
	else {
		sb_printf(&d->sb, "unknown ip %u", v >> 4);
		d->pk->malformed = 1;
	}
}

/* Linux cooked capture (DLT_LINUX_SLL): 16-byte header, then the network layer. */
static void sll_print(struct dc *d, size_t wirelen)
{
	static const char *const dir[] = { "In", "B", "M", "P", "Out" };
	struct pkt *pk = d->pk;
	unsigned pkttype, halen, proto;
	char m[40];
	const char *name;
	if (!have(d, 0, 16)) {
		trunc_at(d, "sll");
		return;
	}
	pkttype = be16(d, 0);
	halen = be16(d, 4);
	proto = be16(d, 14);
	if (halen == 6 && be16(d, 2) == 1) {
		pk->has |= PKT_ETH;
		memcpy(pk->eth_src, d->p + 6, 6);
		pk->eth_type = (uint16_t)proto;
	}
	if (d->eflag) {
		sb_printf(&d->sb, "%3s ", pkttype < 5 ? dir[pkttype] : "?");
		if (halen && halen <= 8)
			sb_printf(&d->sb, "%s ", macs(d->p + 6, halen, m, sizeof m));
		name = ethertype_name(proto);
		sb_printf(&d->sb, "ethertype %s (0x%04x), length %zu: ", name ? name : "Unknown", proto, wirelen);
	}
	ethertype_demux(d, proto, 16, wirelen - 16);
}

/* Linux cooked v2: 20-byte header (protocol, reserved, ifindex, device type,
 * packet type, address length, address), then the network layer. */
static void sll2_print(struct dc *d, size_t wirelen)
{
	struct pkt *pk = d->pk;
	unsigned halen, proto, hatype;
	char m[40];
	const char *name;
	if (!have(d, 0, 20) || wirelen < 20) {
		trunc_at(d, "sll2");
		return;
	}
	proto = be16(d, 0);
	hatype = be16(d, 8);
	halen = u8(d, 11);
	if (halen == 6 && (hatype == 1 || hatype == 772)) {
		pk->has |= PKT_ETH;
		memcpy(pk->eth_src, d->p + 12, 6);
		pk->eth_type = (uint16_t)proto;
	}
	if (d->eflag) {
		sb_printf(&d->sb, "ifindex %u ", be32(d, 4));
		if (halen && halen <= 8)
			sb_printf(&d->sb, "%s ", macs(d->p + 12, halen, m, sizeof m));
		name = ethertype_name(proto);
		sb_printf(&d->sb, "ethertype %s (0x%04x), length %zu: ", name ? name : "Unknown", proto, wirelen);
	}
	ethertype_demux(d, proto, 20, wirelen - 20);
}

int decode_packet(const uint8_t *p, size_t n, size_t wirelen, int linktype,
		  struct decode_state *st, struct pkt *out,
		  char *text, size_t textlen, char *text_e, size_t text_e_len)
{
	struct dc d;
	int pass;

	if (wirelen == 0)
		wirelen = n;
	if (wirelen < n && linktype != LT_ETHER)
		n = wirelen;       /* never trust bytes past the wire length */
	memset(out, 0, sizeof *out);
	out->linktype = linktype;
	out->len = (uint32_t)wirelen;
	out->caplen = (uint32_t)n;
	if (text && textlen)
		text[0] = '\0';
	if (text_e && text_e_len)
		text_e[0] = '\0';   /* an unknown link type returns after the first pass */
	memset(&d, 0, sizeof d);
	d.p = p;
	d.pk = out;
	d.st = st;
	for (pass = 0; pass < 2; pass++) {
		char *buf = pass ? text_e : text;
		size_t cap = pass ? text_e_len : textlen;
		char scratch[8];
		if (!buf || !cap) {
			if (pass == 1)
				break;     /* the fields are filled already */
			buf = scratch;     /* still decode, for the fields */
			cap = sizeof scratch;
		}
		buf[0] = '\0';
		d.sb.b = buf;
		d.sb.cap = cap;
		d.sb.len = 0;
		d.end = n;
		d.eflag = pass;
		d.depth = 0;
		d.first_pass = !pass;
		out->has = 0;
		switch (linktype) {
		case LT_ETHER:
			ether_print(&d, wirelen);
			break;
		case LT_RAW:
			raw_print(&d, wirelen);
			break;
		case LT_LINUX_SLL:
			sll_print(&d, wirelen);
			break;
		case LT_LINUX_SLL2:
			sll2_print(&d, wirelen);
			break;
		default:
			sb_printf(&d.sb, "[unsupported link type %d]", linktype);
			out->malformed = 1;
			return -EINVAL;
		}
	}
	return 0;
}
