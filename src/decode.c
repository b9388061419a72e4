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
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include "decode.h"

/* A text buffer that never overflows; output past the end is dropped. */
struct sbuf {
	char *b;
	size_t cap, len;
};

static void sb_printf(struct sbuf *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *s, const char *fmt, ...)
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

/* Decoding context for one pass (one output style). */
struct dc {
	const uint8_t *p;
	size_t end;                /* bytes we may read: min(caplen, current layer's end) */
	int eflag;
	int depth;                 /* IP nesting level */
	int first_pass;
	struct pkt *pk;
	struct sbuf sb;
	struct decode_state *st;
	/* TCP numbers as printed, computed once in the first pass */
	int tcp_done, tcp_rev;
	uint32_t tcp_pseq, tcp_pack, tcp_thseq, tcp_thack;
};

#define TRUNC (-1)

static int have(const struct dc *d, size_t off, size_t len)
{
	return off <= d->end && len <= d->end - off;
}

static int trunc_at(struct dc *d, const char *proto)
{
	sb_printf(&d->sb, " [|%s]", proto);
	d->pk->malformed = 1;
	return TRUNC;
}

static unsigned u8(const struct dc *d, size_t off) { return d->p[off]; }
static unsigned be16(const struct dc *d, size_t off) { return (unsigned)d->p[off] << 8 | d->p[off + 1]; }
/* 24 bits (a VNI): only the three bytes have() checked, not a fourth */
static uint32_t be24(const struct dc *d, size_t off)
{
	return (uint32_t)d->p[off] << 16 | (uint32_t)d->p[off + 1] << 8 | d->p[off + 2];
}
static uint32_t be32(const struct dc *d, size_t off)
{
	return (uint32_t)d->p[off] << 24 | (uint32_t)d->p[off + 1] << 16 |
	       (uint32_t)d->p[off + 2] << 8 | d->p[off + 3];
}

static const char *ip4s(const uint8_t *a, char *buf)
{
	snprintf(buf, 16, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	return buf;
}

static const char *ip6s(const uint8_t *a, char *buf)
{
	if (!inet_ntop(AF_INET6, a, buf, 46))
		strcpy(buf, "?");
	return buf;
}

/* Source and destination of the IP (v6: IPv6) header at IPH, into a and b (46 bytes). */
static void ip_pair(struct dc *d, size_t iph, int v6, char *a, char *b)
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
static int l4_claim(struct dc *d, unsigned kind, int force)
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
static void ports_print(struct dc *d, int direct, const char *a, const char *b, unsigned sport, unsigned dport)
{
	if (direct)
		sb_printf(&d->sb, "%s.%u > %s.%u: ", a, sport, b, dport);
	else
		sb_printf(&d->sb, "%u > %u: ", sport, dport);
}

static const char *macs(const uint8_t *a, size_t n, char *buf, size_t buflen)
{
	size_t i, o = 0;
	buf[0] = '\0';
	for (i = 0; i < n && o + 4 <= buflen; i++)
		o += (size_t)snprintf(buf + o, buflen - o, i ? ":%02x" : "%02x", a[i]);
	return buf;
}

static const char *ethertype_name(unsigned t)
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

static int ip_print(struct dc *d, size_t off, size_t length);
static int ip6_print(struct dc *d, size_t off, size_t length);
static int ethertype_demux(struct dc *d, unsigned type, size_t off, size_t length);
static int ether_at(struct dc *d, size_t off, size_t length);
static int tunnel_udp(struct dc *d, unsigned sport, unsigned dport, size_t off, size_t length);

/* ---- ICMP ----------------------------------------------------------------- */

static int icmp_print(struct dc *d, size_t off, size_t plen)
{
	struct pkt *pk = d->pk;
	char buf[200], a[16], b[16];
	const char *str = buf;
	unsigned type, code;
	size_t oip = off + 8;          /* the quoted IP header of error messages */

	if (!have(d, off, 2))
		return trunc_at(d, "icmp");
	type = u8(d, off);
	code = u8(d, off + 1);
	if (l4_claim(d, PKT_ICMP, d->depth == 0)) {
		pk->icmp_type = (int)type;
		pk->icmp_code = (int)code;
	}
	buf[0] = '\0';
	switch (type) {
	case 0:
	case 8:
		if (!have(d, off + 4, 4))
			return trunc_at(d, "icmp");
		if (pk->icmp_type == (int)type) {
			pk->icmp_id = (int)be16(d, off + 4);
			pk->icmp_seq = (int)be16(d, off + 6);
		}
		snprintf(buf, sizeof buf, "echo %s, id %u, seq %u", type == 8 ? "request" : "reply",
			 be16(d, off + 4), be16(d, off + 6));
		break;
	case 3: {
		static const char *const fmt[] = {
			"net %s unreachable", "host %s unreachable", NULL, NULL, NULL,
			"%s unreachable - source route failed", "net %s unreachable - unknown",
			"host %s unreachable - unknown", "%s unreachable - source host isolated",
			"net %s unreachable - admin prohibited", "host %s unreachable - admin prohibited",
			"net %s unreachable - tos prohibited", "host %s unreachable - tos prohibited",
			"host %s unreachable - admin prohibited filter",
			"host %s unreachable - host precedence violation",
			"host %s unreachable - precedence cutoff",
		};
		if (code == 3) {         /* port unreachable: needs the quoted header */
			size_t hl, ouh;
			unsigned proto, dport;
			if (!have(d, oip, 10))
				return trunc_at(d, "icmp");
			hl = (u8(d, oip) & 0x0f) * 4u;
			ouh = oip + hl;
			if (!have(d, ouh + 2, 2) || !have(d, oip + 16, 4))
				return trunc_at(d, "icmp");
			dport = be16(d, ouh + 2);
			proto = u8(d, oip + 9);
			ip4s(d->p + oip + 16, a);
			if (proto == 6)
				snprintf(buf, sizeof buf, "%s tcp port %u unreachable", a, dport);
			else if (proto == 17)
				snprintf(buf, sizeof buf, "%s udp port %u unreachable", a, dport);
			else
				snprintf(buf, sizeof buf, "%s protocol %u port %u unreachable", a, proto, dport);
			break;
		}
		if (code == 2) {
			if (!have(d, oip + 9, 1) || !have(d, oip + 16, 4))
				return trunc_at(d, "icmp");
			snprintf(buf, sizeof buf, "%s protocol %u unreachable",
				 ip4s(d->p + oip + 16, a), u8(d, oip + 9));
			break;
		}
		if (code == 4) {
			unsigned mtu;
			if (!have(d, off + 6, 2))
				return trunc_at(d, "icmp");
			mtu = be16(d, off + 6);
			if (!have(d, oip + 16, 4))
				return trunc_at(d, "icmp");
			if (mtu)
				snprintf(buf, sizeof buf, "%s unreachable - need to frag (mtu %u)",
					 ip4s(d->p + oip + 16, a), mtu);
			else
				snprintf(buf, sizeof buf, "%s unreachable - need to frag",
					 ip4s(d->p + oip + 16, a));
			break;
		}
		if (!have(d, oip + 16, 4))
			return trunc_at(d, "icmp");
		ip4s(d->p + oip + 16, a);
		if (code < sizeof fmt / sizeof fmt[0] && fmt[code])
			snprintf(buf, sizeof buf, fmt[code], a);
		else
			snprintf(buf, sizeof buf, "%s unreachable - #%u", a, code);
		break;
	}
	case 5: {
		static const char *const rfmt[] = {
			"redirect %s to net %s", "redirect %s to host %s",
			"redirect-tos %s to net %s", "redirect-tos %s to host %s",
		};
		if (!have(d, oip + 16, 4) || !have(d, off + 4, 4))
			return trunc_at(d, "icmp");
		ip4s(d->p + oip + 16, a);
		ip4s(d->p + off + 4, b);
		if (code < 4)
			snprintf(buf, sizeof buf, rfmt[code], a, b);
		else
			snprintf(buf, sizeof buf, "redirect-#%u %s to %s", code, a, b);
		break;
	}
	case 11:
		if (!have(d, oip + 16, 4))
			return trunc_at(d, "icmp");
		if (code == 0)
			str = "time exceeded in-transit";
		else if (code == 1)
			str = "ip reassembly time exceeded";
		else
			snprintf(buf, sizeof buf, "time exceeded-#%u", code);
		break;
	case 12:
		if (code)
			snprintf(buf, sizeof buf, "parameter problem - code %u", code);
		else {
			if (!have(d, off + 4, 1))
				return trunc_at(d, "icmp");
			snprintf(buf, sizeof buf, "parameter problem - octet %u", u8(d, off + 4));
		}
		break;
	case 18:
		if (!have(d, off + 8, 4))
			return trunc_at(d, "icmp");
		snprintf(buf, sizeof buf, "address mask is 0x%08x", be32(d, off + 8));
		break;
	case 13:
		if (!have(d, off + 4, 4))
			return trunc_at(d, "icmp");
		snprintf(buf, sizeof buf, "time stamp query id %u seq %u", be16(d, off + 4), be16(d, off + 6));
		break;
	case 4: str = "source quench"; break;
	case 9: str = "router advertisement"; break;
	case 10: str = "router solicitation"; break;
	case 14: str = "time stamp reply"; break;
	case 15: str = "information request"; break;
	case 16: str = "information reply"; break;
	case 17: str = "address mask request"; break;
	default:
		snprintf(buf, sizeof buf, "type-#%u", type);
		break;
	}
	sb_printf(&d->sb, "ICMP %s, length %zu", str, plen);
	return 0;
}

/* ---- ICMPv6 --------------------------------------------------------------- */

static int icmp6_print(struct dc *d, size_t off, size_t length)
{
	static const struct { unsigned t; const char *s; } names[] = {
		{1, "destination unreachable"}, {2, "packet too big"}, {3, "time exceeded in-transit"},
		{4, "parameter problem"}, {128, "echo request"}, {129, "echo reply"},
		{130, "multicast listener query"}, {131, "multicast listener report"},
		{132, "multicast listener done"}, {133, "router solicitation"},
		{134, "router advertisement"}, {135, "neighbor solicitation"},
		{136, "neighbor advertisement"}, {137, "redirect"}, {143, "multicast listener report v2"},
	};
	struct pkt *pk = d->pk;
	char a[46], b[46];
	unsigned type, code;
	size_t i;
	const char *name = NULL;

	if (length == 0) {
		sb_printf(&d->sb, "ICMP6, length 0 (invalid)");
		pk->malformed = 1;
		return 0;
	}
	if (!have(d, off, 1))
		return trunc_at(d, "icmp6");
	type = u8(d, off);
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].t == type)
			name = names[i].s;
	if (name)
		sb_printf(&d->sb, "ICMP6, %s", name);
	else
		sb_printf(&d->sb, "ICMP6, unknown icmp6 type (%u)", type);
	if (!have(d, off + 1, 1))
		return trunc_at(d, "icmp6");
	code = u8(d, off + 1);
	if (l4_claim(d, PKT_ICMP6, 0)) {
		pk->icmp_type = (int)type;
		pk->icmp_code = (int)code;
	}
	switch (type) {
	case 1: {
		static const char *const c[] = { "unreachable route", "unreachable prohibited",
			"beyond scope", "unreachable address", "unreachable port" };
		if (code < 5)
			sb_printf(&d->sb, ", %s", c[code]);
		else
			sb_printf(&d->sb, ", unknown unreach code (%u)", code);
		if (code == 0 || code == 1 || code == 3) {
			if (!have(d, off + 8 + 24, 16))
				return trunc_at(d, "icmp6");
			sb_printf(&d->sb, " %s", ip6s(d->p + off + 8 + 24, a));
		} else if (code == 2) {
			if (!have(d, off + 8 + 8, 32))
				return trunc_at(d, "icmp6");
			sb_printf(&d->sb, " %s, source address %s", ip6s(d->p + off + 8 + 24, a),
				  ip6s(d->p + off + 8 + 8, b));
		} else if (code == 4) {
			unsigned nxt;
			if (!have(d, off + 8, 40 + 4))
				return trunc_at(d, "icmp6");
			nxt = u8(d, off + 8 + 6);
			ip6s(d->p + off + 8 + 24, a);
			if (nxt == 6)
				sb_printf(&d->sb, ", %s tcp port %u", a, be16(d, off + 8 + 40 + 2));
			else if (nxt == 17)
				sb_printf(&d->sb, ", %s udp port %u", a, be16(d, off + 8 + 40 + 2));
			else
				sb_printf(&d->sb, ", %s protocol %u port %u unreachable", a, nxt,
					  be16(d, off + 8 + 40 + 2));
		} else {
			return 0;      /* tcpdump dumps the bytes here */
		}
		break;
	}
	case 2:
		if (!have(d, off + 4, 4))
			return trunc_at(d, "icmp6");
		sb_printf(&d->sb, ", mtu %u", be32(d, off + 4));
		break;
	case 3:
		if (code == 0) {
			if (!have(d, off + 8 + 24, 16))
				return trunc_at(d, "icmp6");
			sb_printf(&d->sb, " for %s", ip6s(d->p + off + 8 + 24, a));
		} else if (code == 1)
			sb_printf(&d->sb, " (reassembly)");
		else
			sb_printf(&d->sb, ", unknown code (%u)", code);
		break;
	case 128:
	case 129:
		if (!have(d, off + 4, 4))
			return trunc_at(d, "icmp6");
		if (pk->icmp_type == (int)type) {
			pk->icmp_id = (int)be16(d, off + 4);
			pk->icmp_seq = (int)be16(d, off + 6);
		}
		sb_printf(&d->sb, ", id %u, seq %u", be16(d, off + 4), be16(d, off + 6));
		break;
	case 131:
	case 132:
		if (have(d, off + 8, 16 + 16 - 8)) {
			if (!have(d, off + 4, 2) || !have(d, off + 8, 16))
				return trunc_at(d, "icmp6");
			sb_printf(&d->sb, "max resp delay: %u addr: %s", be16(d, off + 4),
				  ip6s(d->p + off + 8, a));
		}
		break;
	case 135:
	case 136:
		if (!have(d, off + 8, 16))
			return trunc_at(d, "icmp6");
		sb_printf(&d->sb, type == 135 ? ", who has %s" : ", tgt is %s", ip6s(d->p + off + 8, a));
		break;
	case 137:
		if (!have(d, off + 8, 32))
			return trunc_at(d, "icmp6");
		sb_printf(&d->sb, ", %s", ip6s(d->p + off + 24, a));
		sb_printf(&d->sb, " to %s", ip6s(d->p + off + 8, a));
		break;
	case 143:
		if (length < 8) {
			sb_printf(&d->sb, " [invalid len %zu]", length);
			return 0;
		}
		if (!have(d, off + 6, 2))
			return trunc_at(d, "icmp6");
		sb_printf(&d->sb, ", %u group record(s)", be16(d, off + 6));
		break;
	case 4: case 130: case 133: case 134:
		break;
	default:
		sb_printf(&d->sb, ", length %zu", length);
		return 0;
	}
	sb_printf(&d->sb, ", length %zu", length);
	return 0;
}

/* ---- TCP ------------------------------------------------------------------ */

static void tcp_relative(struct dc *d, int v6, const uint8_t *src, const uint8_t *dst,
			 unsigned sport, unsigned dport, uint32_t *seq, uint32_t *ack)
{
	struct decode_state *st = d->st;
	size_t alen = v6 ? 16 : 4;
	uint8_t ksrc[16] = {0}, kdst[16] = {0};
	uint32_t ports;
	int rev = 0, i, slot = -1;

	if (sport > dport || (sport == dport && memcmp(src, dst, alen) > 0))
		rev = 1;
	memcpy(ksrc, rev ? dst : src, alen);
	memcpy(kdst, rev ? src : dst, alen);
	ports = rev ? (dport << 16 | sport) : (sport << 16 | dport);
	d->tcp_rev = rev;
	for (i = 0; i < DECODE_TCP_SLOTS; i++)
		if (st->tcp[i].used && st->tcp[i].ports == ports &&
		    !memcmp(st->tcp[i].src, ksrc, 16) && !memcmp(st->tcp[i].dst, kdst, 16)) {
			slot = i;
			break;
		}
	if (slot < 0 || (d->pk->tcp_flags & 0x02)) {
		if (slot < 0) {
			slot = (int)(st->next++ % DECODE_TCP_SLOTS);
			memcpy(st->tcp[slot].src, ksrc, 16);
			memcpy(st->tcp[slot].dst, kdst, 16);
			st->tcp[slot].ports = ports;
			st->tcp[slot].used = 1;
		}
		if (rev) {
			st->tcp[slot].ack = *seq;
			st->tcp[slot].seq = *ack - 1;
		} else {
			st->tcp[slot].seq = *seq;
			st->tcp[slot].ack = *ack - 1;
		}
	} else if (rev) {
		*seq -= st->tcp[slot].ack;
		*ack -= st->tcp[slot].seq;
	} else {
		*seq -= st->tcp[slot].seq;
		*ack -= st->tcp[slot].ack;
	}
	d->tcp_thseq = st->tcp[slot].seq;
	d->tcp_thack = st->tcp[slot].ack;
}

static const char *tcpopt_name(unsigned o)
{
	switch (o) {
	case 0: return "eol";
	case 1: return "nop";
	case 2: return "mss";
	case 3: return "wscale";
	case 4: return "sackOK";
	case 5: return "sack";
	case 6: return "echo";
	case 7: return "echoreply";
	case 8: return "TS";
	case 11: return "cc";
	case 12: return "ccnew";
	case 13: return "";
	case 19: return "md5";
	case 20: return "scps";
	case 28: return "uto";
	case 29: return "tcp-ao";
	case 30: return "mptcp";
	case 34: return "tfo";
	case 254: return "exp";
	default: return NULL;
	}
}

/* Prints TCP options; returns 0, TRUNC, or 1 for "bad option" (tcpdump prints [bad opt]). */
static int tcp_options(struct dc *d, size_t cp, size_t hlen)
{
	char ch = '\0';
	sb_printf(&d->sb, ", options [");
	while (hlen > 0) {
		unsigned opt, len, i;
		size_t datalen;
		const char *nm;
		if (ch)
			sb_printf(&d->sb, "%c", ch);
		if (!have(d, cp, 1))
			goto trunc;
		opt = u8(d, cp++);
		if (opt == 0 || opt == 1)
			len = 1;
		else {
			if (!have(d, cp, 1))
				goto trunc;
			len = u8(d, cp++);
			if (len < 2 || len > hlen)
				goto bad;
			--hlen;
		}
		--hlen;
		nm = tcpopt_name(opt);
		if (nm)
			sb_printf(&d->sb, "%s", nm);
		else
			sb_printf(&d->sb, "unknown-%u", opt);
		datalen = 0;
#define LENCHECK(l) do { if ((l) > hlen) goto bad; if (!have(d, cp, (l))) goto trunc_in_opt; } while (0)
		switch (opt) {
		case 2:
			datalen = 2;
			LENCHECK(datalen);
			sb_printf(&d->sb, " %u", be16(d, cp));
			break;
		case 3:
			datalen = 1;
			LENCHECK(datalen);
			sb_printf(&d->sb, " %u", u8(d, cp));
			break;
		case 5:
			datalen = len - 2;
			if (datalen % 8 != 0)
				sb_printf(&d->sb, " invalid sack");
			else {
				sb_printf(&d->sb, " %zu ", datalen / 8);
				for (i = 0; i < datalen; i += 8) {
					uint32_t s, e;
					LENCHECK(i + 8);
					s = be32(d, cp + i);
					e = be32(d, cp + i + 4);
					if (d->tcp_rev) {
						s -= d->tcp_thseq;
						e -= d->tcp_thseq;
					} else {
						s -= d->tcp_thack;
						e -= d->tcp_thack;
					}
					sb_printf(&d->sb, "{%u:%u}", s, e);
				}
			}
			break;
		case 6: case 7: case 11: case 12: case 13:
			datalen = 4;
			LENCHECK(datalen);
			sb_printf(&d->sb, " %u", be32(d, cp));
			break;
		case 8:
			datalen = 8;
			LENCHECK(datalen);
			sb_printf(&d->sb, " val %u ecr %u", be32(d, cp), be32(d, cp + 4));
			break;
		case 0: case 1: case 4:
			break;
		default:
			datalen = len - 2;
			if (datalen)
				sb_printf(&d->sb, " 0x");
			for (i = 0; i < datalen; i++) {
				LENCHECK(i + 1);
				sb_printf(&d->sb, "%02x", u8(d, cp + i));
			}
			break;
		}
#undef LENCHECK
		cp += datalen;
		hlen -= datalen;
		++datalen;
		if (opt != 0 && opt != 1)
			++datalen;
		if (datalen != len)
			sb_printf(&d->sb, "[len %u]", len);
		ch = ',';
		if (opt == 0)
			break;
	}
	sb_printf(&d->sb, "]");
	return 0;
bad:
	sb_printf(&d->sb, "[bad opt]");
	if (ch)
		sb_printf(&d->sb, "]");
	d->pk->malformed = 1;
	return 1;
trunc:
	return trunc_at(d, "tcp");
trunc_in_opt:
	trunc_at(d, "tcp");
	if (ch)
		sb_printf(&d->sb, ">");
	return TRUNC;
}

/* The first word of an HTTP-like line (tcpdump's fetch_token): 0 = no token
 * (also when the bytes ran out), else the index after the token and its blanks. */
static long fetch_token(struct dc *d, size_t off, size_t idx, size_t len, char *tok, size_t toklen)
{
	size_t n = 0;
	uint8_t c;
	for (; idx < len; idx++) {
		if (!have(d, off + idx, 1))
			return 0;
		c = d->p[off + idx];
		if (c >= 0x80)
			return 0;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			break;
		if (c < 0x20 || c == 0x7f)
			return 0;
		if (n + 2 > toklen)
			return 0;
		tok[n++] = (char)c;
	}
	if (n == 0)
		return 0;
	tok[n] = '\0';
	for (; idx < len; idx++) {
		if (!have(d, off + idx, 1))
			break;
		c = d->p[off + idx];
		if (c == '\r' || c == '\n' || c < 0x20 || c >= 0x7f || (c != ' ' && c != '\t'))
			break;
	}
	return (long)idx;
}

static int http_print(struct dc *d, size_t off, size_t len)
{
	static const char *const cmds[] = { "OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE",
		"TRACE", "CONNECT", "PATCH", NULL };
	char tok[129];
	long idx;
	size_t i, j;
	int print_this = 0;

	sb_printf(&d->sb, ": ");
	idx = fetch_token(d, off, 0, len, tok, sizeof tok);
	if (idx != 0) {
		for (j = 0; cmds[j]; j++)
			if (!strcasecmp(tok, cmds[j]))
				print_this = 1;
		idx = fetch_token(d, off, (size_t)idx, len, tok, sizeof tok);
		if (idx != 0 && tok[0] >= '0' && tok[0] <= '9' && tok[1] >= '0' && tok[1] <= '9' &&
		    tok[2] >= '0' && tok[2] <= '9' && tok[3] == '\0')
			print_this = 1;
	}
	sb_printf(&d->sb, "HTTP");
	if (!print_this)
		return 0;
	for (i = 0; i < len; i++) {
		uint8_t c;
		if (!have(d, off + i, 1))
			return trunc_at(d, "http");
		c = d->p[off + i];
		if (c == '\n')
			break;
		if (c == '\r') {
			if (i + 1 >= len)
				return 0;
			if (!have(d, off + i + 1, 1))
				return trunc_at(d, "http");
			if (d->p[off + i + 1] == '\n')
				break;
			return 0;
		}
		if ((c < 0x20 || c >= 0x7f) && c != '\t')
			return 0;
	}
	sb_printf(&d->sb, ": %.*s", (int)i, (const char *)d->p + off);
	if (i == len)
		return trunc_at(d, "http");
	return 0;
}

static int tcp_print(struct dc *d, size_t off, size_t length, int v6, size_t iph, int direct)
{
	static const struct { unsigned bit; char c; } fl[] = {
		{0x01, 'F'}, {0x02, 'S'}, {0x04, 'R'}, {0x08, 'P'}, {0x10, '.'}, {0x20, 'U'}, {0x40, 'E'}, {0x80, 'W'},
	};
	struct pkt *pk = d->pk;
	char a[46], b[46], flags_s[12];
	const uint8_t *src = d->p + iph + (v6 ? 8 : 12), *dst = d->p + iph + (v6 ? 24 : 16);
	unsigned sport, dport, flags, win, urp, i, k = 0;
	size_t hlen;
	uint32_t seq, ack;
	int own = 0;

	ip_pair(d, iph, v6, a, b);
	if (!have(d, off, 4)) {
		sb_printf(&d->sb, "%s > %s:", a, b);
		return trunc_at(d, "tcp");
	}
	sport = be16(d, off);
	dport = be16(d, off + 2);
	if ((own = l4_claim(d, PKT_TCP, 0))) {
		pk->sport = (int)sport;
		pk->dport = (int)dport;
	}
	ports_print(d, direct, a, b, sport, dport);
	if (!have(d, off, 20))
		return trunc_at(d, "tcp");
	hlen = (u8(d, off + 12) >> 4) * 4u;
	if (hlen < 20) {
		sb_printf(&d->sb, " tcp %u [bad hdr length %zu - too short, < 20]", (unsigned)(length - hlen), hlen);
		pk->malformed = 1;
		return 0;
	}
	seq = be32(d, off + 4);
	ack = be32(d, off + 8);
	flags = u8(d, off + 13);
	win = be16(d, off + 14);
	urp = be16(d, off + 18);
	if (own) {
		pk->tcp_flags = (int)flags;
		pk->tcp_seq = seq;
		pk->tcp_ack = ack;
		pk->tcp_win = (int)win;
	}
	for (i = 0; i < 8; i++)
		if (flags & fl[i].bit)
			flags_s[k++] = fl[i].c;
	flags_s[k] = '\0';
	sb_printf(&d->sb, "Flags [%s]", k ? flags_s : "none");
	if (!d->tcp_done) {
		d->tcp_done = 1;
		d->tcp_rev = 0;
		d->tcp_thseq = d->tcp_thack = 0;
		if (d->st && (flags & 0x10)) {
			uint8_t s6[16] = {0}, d6[16] = {0};
			memcpy(s6, src, v6 ? 16 : 4);
			memcpy(d6, dst, v6 ? 16 : 4);
			tcp_relative(d, v6, s6, d6, sport, dport, &seq, &ack);
		}
		d->tcp_pseq = seq;
		d->tcp_pack = ack;
	}
	seq = d->tcp_pseq;
	ack = d->tcp_pack;
	if (hlen > length) {
		sb_printf(&d->sb, " [bad hdr length %zu - too long, > %zu]", hlen, length);
		pk->malformed = 1;
		return 0;
	}
	length -= hlen;
	if (length > 0 || (flags & 0x07)) {
		sb_printf(&d->sb, ", seq %u", seq);
		if (length > 0)
			sb_printf(&d->sb, ":%u", seq + (uint32_t)length);
	}
	if (flags & 0x10)
		sb_printf(&d->sb, ", ack %u", ack);
	sb_printf(&d->sb, ", win %u", win);
	if (flags & 0x20)
		sb_printf(&d->sb, ", urg %u", urp);
	if (hlen > 20) {
		int r = tcp_options(d, off + 20, hlen - 20);
		if (r == TRUNC)
			return TRUNC;
		if (r == 1)
			return 0;
	}
	sb_printf(&d->sb, ", length %zu", length);
	if (length == 0)
		return 0;
	if (!have(d, off, hlen)) {
		sb_printf(&d->sb, " [remaining caplen(%zu) < header length(%zu)]",
			  d->end > off ? d->end - off : 0, hlen);
		return trunc_at(d, "tcp");
	}
	if (sport == 80 || dport == 80 || sport == 8080 || dport == 8080)
		return http_print(d, off + hlen, length);
	return 0;
}

/* ---- UDP ------------------------------------------------------------------ */

static int udp_print(struct dc *d, size_t off, size_t length, int v6, size_t iph, int direct)
{
	struct pkt *pk = d->pk;
	char a[46], b[46];
	unsigned sport, dport, ulen;
	int r;

	ip_pair(d, iph, v6, a, b);
	if (!have(d, off, 4)) {
		if (direct)
			sb_printf(&d->sb, "%s > %s: ", a, b);
		return trunc_at(d, "udp");
	}
	sport = be16(d, off);
	dport = be16(d, off + 2);
	if (l4_claim(d, PKT_UDP, 0)) {
		pk->sport = (int)sport;
		pk->dport = (int)dport;
	}
	ports_print(d, direct, a, b, sport, dport);
	if (length < 8) {
		sb_printf(&d->sb, "truncated-udp %zu", length);
		pk->malformed = 1;
		return 0;
	}
	if (!have(d, off + 4, 2))
		return trunc_at(d, "udp");
	ulen = be16(d, off + 4);
	if (ulen == 0 && length > 65535)
		ulen = (unsigned)length;
	if (ulen < 8) {
		sb_printf(&d->sb, "truncated-udplength %u", ulen);
		pk->malformed = 1;
		return 0;
	}
	ulen -= 8;
	if (pk->has & PKT_UDP && !pk->udp_len)
		pk->udp_len = (int)ulen;
	if (!have(d, off + 8, 0))
		return trunc_at(d, "udp");
	r = tunnel_udp(d, sport, dport, off + 8, ulen < length - 8 ? ulen : length - 8);
	if (r != 1)
		return r;
	sb_printf(&d->sb, "UDP, length %u", ulen);
	return 0;
}

/* ---- tunnels -------------------------------------------------------------- */

static void tunnel_note(struct dc *d, int kind, long id)
{
	struct pkt *pk = d->pk;
	if (pk->has & PKT_TUNNEL)
		return;                 /* the outermost tunnel is the one described */
	pk->has |= PKT_TUNNEL;
	pk->tunnel = kind;
	pk->tunnel_id = id;
}

/* The frame a tunnel carries, one level deeper. */
static int tunnel_inner_ether(struct dc *d, size_t off, size_t length)
{
	int r;
	d->depth++;
	r = ether_at(d, off, length);
	d->depth--;
	return r;
}

static int tunnel_inner_ethertype(struct dc *d, unsigned type, size_t off, size_t length)
{
	int r;
	d->depth++;
	r = ethertype_demux(d, type, off, length);
	d->depth--;
	return r;
}

/* VXLAN (RFC 7348) and OTV: 8-byte header, then an Ethernet frame, which
 * tcpdump prints on a line of its own. */
static int vxlan_print(struct dc *d, size_t off, size_t length, int otv)
{
	const char *proto = otv ? "otv" : "vxlan";
	unsigned flags;
	uint32_t vni;
	sb_printf(&d->sb, otv ? "OTV, " : "VXLAN");
	if (length < 8 || !have(d, off, 1))
		return trunc_at(d, proto);
	flags = u8(d, off);
	if (otv) {
		sb_printf(&d->sb, "flags [%s] (0x%02x), ", flags & 0x08 ? "I" : ".", flags);
		if (!have(d, off + 1, 3))
			return trunc_at(d, proto);
		sb_printf(&d->sb, "overlay %u, ", be32(d, off) & 0xffffff);
		if (!have(d, off + 4, 3))
			return trunc_at(d, proto);
		vni = be24(d, off + 4);
		sb_printf(&d->sb, "instance %u\n", (unsigned)vni);
		if (!have(d, off + 7, 1))
			return trunc_at(d, proto);
	} else {
		sb_printf(&d->sb, ", flags [%s] (0x%02x), ", flags & 0x08 ? "I" : "invalid", flags);
		if (!have(d, off + 4, 3))
			return trunc_at(d, proto);
		vni = be24(d, off + 4);
		sb_printf(&d->sb, "vni %u\n", (unsigned)vni);
		if (!have(d, off + 7, 1))
			return trunc_at(d, proto);
	}
	tunnel_note(d, otv ? TUN_OTV : TUN_VXLAN, (long)vni);
	return tunnel_inner_ether(d, off + 8, length - 8);
}

/* GENEVE (RFC 8926): 8 bytes, options, then a frame of the protocol named. */
static int geneve_print(struct dc *d, size_t off, size_t length)
{
	unsigned ver_opt, flags, proto, rsvd, optlen;
	uint32_t vni;
	const char *pn;
	int r;
	sb_printf(&d->sb, "Geneve");
	if (!have(d, off, 1))
		return trunc_at(d, "geneve");
	ver_opt = u8(d, off);
	if (ver_opt >> 6) {
		sb_printf(&d->sb, " ERROR: unknown-version %u", ver_opt >> 6);
		return 0;
	}
	if (!have(d, off + 1, 1))
		return trunc_at(d, "geneve");
	flags = u8(d, off + 1);
	if (!have(d, off + 2, 2))
		return trunc_at(d, "geneve");
	proto = be16(d, off + 2);
	if (!have(d, off + 4, 3))
		return trunc_at(d, "geneve");
	vni = be24(d, off + 4);
	if (!have(d, off + 7, 1))
		return trunc_at(d, "geneve");
	rsvd = u8(d, off + 7);
	sb_printf(&d->sb, ", Flags [%s%s%s]", flags & 0x80 ? "O" : "", flags & 0x40 ? "C" : "",
		  flags & 0xc0 ? "" : "none");
	sb_printf(&d->sb, ", vni 0x%x", (unsigned)vni);
	if (rsvd)
		sb_printf(&d->sb, ", rsvd 0x%x", rsvd);
	if (d->eflag) {
		pn = ethertype_name(proto);
		sb_printf(&d->sb, ", proto %s (0x%04x)", pn ? pn : "unknown", proto);
	}
	tunnel_note(d, TUN_GENEVE, (long)vni);
	optlen = (ver_opt & 0x3f) * 4u;
	if (length < 8 || length - 8 < optlen) {
		sb_printf(&d->sb, " truncated-geneve - %zu bytes missing", optlen + 8 - length);
		d->pk->malformed = 1;
		return 0;
	}
	if (!have(d, off + 8, optlen))
		return trunc_at(d, "geneve");
	if (optlen)
		sb_printf(&d->sb, ", options [%u bytes]", optlen);
	sb_printf(&d->sb, ": ");
	off += 8 + optlen;
	length -= 8 + optlen;
	r = tunnel_inner_ethertype(d, proto, off, length);
	if (r != 1)
		return r;
	if (proto == 0x6558)
		return tunnel_inner_ether(d, off, length);
	sb_printf(&d->sb, "geneve-proto-0x%x", proto);
	return 0;
}

/* 1 when the ports name no tunnel (the caller prints "UDP, length N") */
static int tunnel_udp(struct dc *d, unsigned sport, unsigned dport, size_t off, size_t length)
{
	if (sport == 4789 || dport == 4789)
		return vxlan_print(d, off, length, 0);
	if (sport == 8472 || dport == 8472)
		return vxlan_print(d, off, length, 1);
	if (sport == 6081 || dport == 6081)
		return geneve_print(d, off, length);
	return 1;
}

/* ---- PPP inside PPTP's GRE (version 1, protocol 0x880b) -------------------- */

static const struct { unsigned proto; const char *name; } ppp_names[] = {
	{0x0021, "IP"}, {0x0023, "OSI"}, {0x0025, "NS"}, {0x0027, "DECNET"}, {0x0029, "APPLE"},
	{0x002b, "IPX"}, {0x002d, "VJC IP"}, {0x002f, "VJNC IP"}, {0x0031, "BRPDU"}, {0x0033, "STII"},
	{0x0035, "VINES"}, {0x0281, "MPLS"}, {0x0283, "MPLS"}, {0x00fd, "Compressed"}, {0x003d, "MLPPP"},
	{0x0057, "IP6"}, {0x0201, "HELLO"}, {0x0231, "LUXCOM"}, {0x0233, "SNS"}, {0x8021, "IPCP"},
	{0x8023, "OSICP"}, {0x8025, "NSCP"}, {0x8027, "DECNETCP"}, {0x8029, "APPLECP"}, {0x802b, "IPXCP"},
	{0x8033, "STIICP"}, {0x8035, "VINESCP"}, {0x8057, "IP6CP"}, {0x8281, "MPLSCP"}, {0xc021, "LCP"},
	{0xc023, "PAP"}, {0xc025, "LQM"}, {0xc223, "CHAP"}, {0xc227, "EAP"}, {0xc027, "SPAP"},
	{0xc123, "Old-SPAP"}, {0xc02b, "BACP"}, {0xc02d, "BAP"}, {0x803d, "MLPPP-CP"}, {0x80fd, "CCP"},
};

static const char *ppp_name(unsigned proto)
{
	size_t i;
	for (i = 0; i < sizeof ppp_names / sizeof ppp_names[0]; i++)
		if (ppp_names[i].proto == proto)
			return ppp_names[i].name;
	return NULL;
}

/* tcpdump's hex lines for data it does not decode: "\n\t0x0000:  0102 0304" */
static void hex_lines(struct dc *d, size_t off, size_t len)
{
	size_t i;
	if (off > d->end)
		return;
	if (len > d->end - off)
		len = d->end - off;
	for (i = 0; i < len; i += 2) {
		if (i % 16 == 0)
			sb_printf(&d->sb, "\n\t0x%04zx: ", i);
		if (i + 1 < len)
			sb_printf(&d->sb, " %02x%02x", u8(d, off + i), u8(d, off + i + 1));
		else
			sb_printf(&d->sb, " %02x", u8(d, off + i));
	}
}

/* a name or message byte as tcpdump shows it: M- for the high bit, ^X for controls */
static void ppp_char(struct dc *d, unsigned c)
{
	if (c & 0x80) {
		sb_printf(&d->sb, "M-");
		c &= 0x7f;
	}
	if (c < 0x20 || c == 0x7f)
		sb_printf(&d->sb, "^%c", (char)(c ^ 0x40));
	else
		sb_printf(&d->sb, "%c", (char)c);
}

/* N bytes as characters; truncated where the capture ends */
static int ppp_chars(struct dc *d, size_t off, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		if (!have(d, off + i, 1))
			return trunc_at(d, "ppp");
		ppp_char(d, u8(d, off + i));
	}
	return 0;
}

/* LCP, IPCP, CCP...: code, id, length (the options only with -v, which netlearn has not) */
static int ppp_ctrl(struct dc *d, unsigned proto, size_t off, size_t len)
{
	static const char *const codes[] = {"Vendor-Extension", "Conf-Request", "Conf-Ack", "Conf-Nack",
		"Conf-Reject", "Term-Request", "Term-Ack", "Code-Reject", "Prot-Reject", "Echo-Request",
		"Echo-Reply", "Disc-Req", "Ident", "Time-Rem", "Reset-Req", "Reset-Ack"};
	const char *n = ppp_name(proto);
	unsigned code;
	if (n)
		sb_printf(&d->sb, "%s, ", n);
	else
		sb_printf(&d->sb, "unknown ctrl-proto (0x%04x), ", proto);
	if (len < 4 || !have(d, off, 2)) {
		if (n)                  /* tcpdump: "LCP, [|LCP]" */
			sb_printf(&d->sb, "[|%s]", n);
		else
			sb_printf(&d->sb, "[|unknown ctrl-proto (0x%04x)]", proto);
		d->pk->malformed = 1;
		return TRUNC;
	}
	code = u8(d, off);
	sb_printf(&d->sb, "%s (0x%02x), id %u, length %zu", code < 16 ? codes[code] : "Unknown Opcode",
		  code, u8(d, off + 1), len + 2);
	return 0;
}

/* CHAP (RFC 1994) and PAP (RFC 1334): code, id, then value and name, or peer and password, or a message */
static int ppp_auth(struct dc *d, int chap, size_t off, size_t len)
{
	static const char *const chap_codes[] = {NULL, "Challenge", "Response", "Success", "Fail"};
	static const char *const pap_codes[] = {NULL, "Auth-Req", "Auth-ACK", "Auth-NACK"};
	size_t cp = off, plen, n, i;
	unsigned code;
	const char *cn;

	if (len < 1 || !have(d, off, 1)) {
		if (len >= 1)
			return trunc_at(d, "ppp");
		sb_printf(&d->sb, chap ? "[|chap]" : "[|pap]");
		return 0;
	}
	if (len < 4) {
		sb_printf(&d->sb, "[|%s 0x%02x]", chap ? "chap" : "pap", u8(d, off));
		return 0;
	}
	if (!have(d, off, 4))
		return trunc_at(d, "ppp");
	code = u8(d, off);
	cn = chap ? (code >= 1 && code <= 4 ? chap_codes[code] : NULL) : (code >= 1 && code <= 3 ? pap_codes[code] : NULL);
	sb_printf(&d->sb, "%s, %s (0x%02x), id %u", chap ? "CHAP" : "PAP", cn ? cn : "unknown", code, u8(d, off + 1));
	plen = be16(d, off + 2);
	cp += 4;
	if (chap) {
		if (code == 1 || code == 2) {
			if (len < 5)
				return 0;
			if (!have(d, cp, 1))
				return trunc_at(d, "ppp");
			n = u8(d, cp++);
			if (len - 5 < n)
				return 0;
			sb_printf(&d->sb, ", Value ");
			for (i = 0; i < n; i++, cp++) {
				if (!have(d, cp, 1))
					return trunc_at(d, "ppp");
				sb_printf(&d->sb, "%02x", u8(d, cp));
			}
			sb_printf(&d->sb, ", Name ");
			/* the rest of what the CHAP length claims (tcpdump trusts it, up to the capture) */
			return ppp_chars(d, cp, plen >= cp - off ? plen - (cp - off) : (size_t)0xffffffffu - (cp - off - plen) + 1);
		}
		if (code == 3 || code == 4) {
			sb_printf(&d->sb, ", Msg ");
			return ppp_chars(d, cp, plen >= 4 ? plen - 4 : (size_t)0xffffffffu - (4 - plen) + 1);
		}
		return 0;
	}
	if (plen > len) {
		sb_printf(&d->sb, ", length %zu > packet size", plen);
		return 0;
	}
	if (plen < 4) {
		sb_printf(&d->sb, ", length %zu < PAP header length", plen);
		return 0;
	}
	if (code == 1) {
		if (plen < 6) {
			sb_printf(&d->sb, "[|pap]");
			return 0;
		}
		for (i = 0; i < 2; i++) {
			if (plen - (cp - off) < 1)
				return 0;
			if (!have(d, cp, 1))
				return trunc_at(d, "ppp");
			n = u8(d, cp++);
			if (plen - (cp - off) < n)
				return 0;
			sb_printf(&d->sb, i ? ", Name " : ", Peer ");
			if (ppp_chars(d, cp, n) < 0)
				return TRUNC;
			cp += n;
		}
	} else if (code == 2 || code == 3) {
		if (plen < 5) {
			sb_printf(&d->sb, "[|pap]");
			return 0;
		}
		if (!have(d, cp, 1))
			return trunc_at(d, "ppp");
		n = u8(d, cp++);
		if (plen - 5 < n)
			return 0;
		sb_printf(&d->sb, ", Msg ");
		return ppp_chars(d, cp, n);
	}
	return 0;
}

/* A PPP frame as tcpdump prints it: address and control (ff 03) skipped,
 * the protocol in one byte when compressed (odd), with -e its name and
 * length, then IP, IPv6, a control protocol, CHAP, PAP or hex. */
static int ppp_print(struct dc *d, size_t off, size_t length)
{
	size_t cp = off, len = length;
	unsigned hdr, proto;
	const char *n;
	int r;

	if (len < 2)
		return trunc_at(d, "ppp");
	if (!have(d, cp, 2))
		return trunc_at(d, "ppp");
	hdr = be16(d, cp);
	if (hdr == 0x0003 || hdr == 0x0103 || hdr == 0xff03) {
		if (d->eflag && hdr != 0xff03)
			sb_printf(&d->sb, hdr == 0x0003 ? "In  " : "Out ");
		cp += 2;
		len -= 2;
	}
	if (len < 2 || !have(d, cp, 1))
		return trunc_at(d, "ppp");
	if (u8(d, cp) % 2) {
		proto = u8(d, cp);
		cp++;
		len--;
	} else {
		if (!have(d, cp, 2))
			return trunc_at(d, "ppp");
		proto = be16(d, cp);
		cp += 2;
		len -= 2;
	}
	n = ppp_name(proto);
	if (d->eflag) {
		sb_printf(&d->sb, "%s (0x%04x), length %zu", n ? n : "unknown", proto, length);
		if (!n)
			return 0;
		sb_printf(&d->sb, ": ");
	}
	switch (proto) {
	case 0x0021:
	case 0x002f:
	case 0x0800:
	case 0x0057:
	case 0x86dd:
		d->depth++;
		r = proto == 0x0057 || proto == 0x86dd ? ip6_print(d, cp, len) : ip_print(d, cp, len);
		d->depth--;
		return r;
	case 0x00fd:
		sb_printf(&d->sb, "compressed PPP data");
		return 0;
	case 0xc021:
	case 0x8021:
	case 0x8023:
	case 0x8281:
	case 0x8057:
	case 0x80fd:
	case 0xc02b:
		return ppp_ctrl(d, proto, cp, len);
	case 0xc223:
	case 0xc023:
		return ppp_auth(d, proto == 0xc223, cp, len);
	case 0xc02d:
		return 0;               /* BAP: tcpdump prints nothing of it */
	default:
		/* (OSI, IPX, MPLS and MLPPP, which tcpdump decodes further, are shown as data here) */
		if (n)
			sb_printf(&d->sb, "%s ", n);
		else
			sb_printf(&d->sb, "unknown PPP protocol (0x%04x) ", proto);
		hex_lines(d, cp, len);
		return 0;
	}
}

/* tcpdump -e names the protocol a GRE header carries */
static void gre_proto_e(struct dc *d, unsigned proto)
{
	const char *pn = ethertype_name(proto);
	if (d->eflag)
		sb_printf(&d->sb, ", proto %s (0x%04x)", pn ? pn : "unknown", proto);
}

/* GRE (RFC 2784/2890; version 1 is PPTP's). */
static int gre_print(struct dc *d, size_t off, size_t length)
{
	size_t cp = off, len = length;
	unsigned flags, proto, ver;
	int r;
	if (!have(d, off, 2))
		return trunc_at(d, "gre");
	flags = be16(d, off);
	ver = flags & 0x7;
	sb_printf(&d->sb, "GREv%u", ver);
	if (ver > 1) {
		sb_printf(&d->sb, " ERROR: unknown-version");
		return 0;
	}
	if (len < 2)
		return trunc_at(d, "gre");
	cp += 2;
	len -= 2;
	if (!have(d, cp, 2) || len < 2)
		return trunc_at(d, "gre");
	proto = be16(d, cp);
	cp += 2;
	len -= 2;
	if (ver == 1) {
		if (flags & 0x2000) {
			if (!have(d, cp, 4) || len < 4)
				return trunc_at(d, "gre");
			sb_printf(&d->sb, ", call %u", be32(d, cp) & 0xffff);
			cp += 4;
			len -= 4;
		}
		if (flags & 0x1000) {
			if (!have(d, cp, 4) || len < 4)
				return trunc_at(d, "gre");
			sb_printf(&d->sb, ", seq %u", be32(d, cp));
			cp += 4;
			len -= 4;
		}
		if (flags & 0x0080) {
			if (!have(d, cp, 4) || len < 4)
				return trunc_at(d, "gre");
			sb_printf(&d->sb, ", ack %u", be32(d, cp));
			cp += 4;
			len -= 4;
		}
		if (!(flags & 0x1000))
			sb_printf(&d->sb, ", no-payload");
		gre_proto_e(d, proto);
		sb_printf(&d->sb, ", length %zu", length);
		tunnel_note(d, TUN_GRE, -1);
		if (!(flags & 0x1000))
			return 0;
		sb_printf(&d->sb, ": ");
		if (proto == 0x880b)
			return ppp_print(d, cp, len);
		sb_printf(&d->sb, "gre-proto-0x%x", proto);
		return 0;
	}
	if (flags & 0xc000) {                 /* checksum or routing present: sum, offset */
		if (!have(d, cp, 2) || len < 2)
			return trunc_at(d, "gre");
		cp += 2;
		len -= 2;
		if (!have(d, cp, 2) || len < 2)
			return trunc_at(d, "gre");
		sb_printf(&d->sb, ", off 0x%x", be16(d, cp));
		cp += 2;
		len -= 2;
	}
	if (flags & 0x2000) {
		if (!have(d, cp, 4) || len < 4)
			return trunc_at(d, "gre");
		sb_printf(&d->sb, ", key=0x%x", be32(d, cp));
		tunnel_note(d, TUN_GRE, (long)be32(d, cp));
		cp += 4;
		len -= 4;
	} else
		tunnel_note(d, TUN_GRE, -1);
	if (flags & 0x1000) {
		if (!have(d, cp, 4) || len < 4)
			return trunc_at(d, "gre");
		sb_printf(&d->sb, ", seq %u", be32(d, cp));
		cp += 4;
		len -= 4;
	}
	gre_proto_e(d, proto);
	sb_printf(&d->sb, ", length %zu: ", length);
	if (proto == 0x0800 || proto == 0x86dd) {
		d->depth++;
		r = proto == 0x0800 ? ip_print(d, cp, len) : ip6_print(d, cp, len);
		d->depth--;
		return r;
	}
	if (proto == 0x6558)
		return tunnel_inner_ether(d, cp, len);
	sb_printf(&d->sb, "gre-proto-0x%x", proto);
	return 0;
}

/* ---- IP demultiplexing ---------------------------------------------------- */

static int demux(struct dc *d, unsigned nh, size_t off, size_t len, int v6, size_t iph, int direct)
{
	int r;
	switch (nh) {
	case 6:
		return tcp_print(d, off, len, v6, iph, direct);
	case 17:
		return udp_print(d, off, len, v6, iph, direct);
	case 1:
		if (v6) {
			sb_printf(&d->sb, "[ICMP requires IPv4] (invalid)");
			d->pk->malformed = 1;
			return 0;
		}
		return icmp_print(d, off, len);
	case 58:
		if (!v6) {
			sb_printf(&d->sb, "[ICMP6 requires IPv6] (invalid)");
			d->pk->malformed = 1;
			return 0;
		}
		return icmp6_print(d, off, len);
	case 4:
		d->depth++;
		r = ip_print(d, off, len);
		d->depth--;
		return r;
	case 41:
		d->depth++;
		r = ip6_print(d, off, len);
		d->depth--;
		return r;
	case 47:
		return gre_print(d, off, len);
	case 59:
		sb_printf(&d->sb, "no next header");
		return 0;
	default:
		sb_printf(&d->sb, " ip-proto-%u %zu", nh, len);
		return 0;
	}
}

/* ---- IPv4 ----------------------------------------------------------------- */

static int ip_print(struct dc *d, size_t off, size_t length)
{
	struct pkt *pk = d->pk;
	char a[16], b[16];
	size_t hlen, len, saved_end;
	unsigned frag, proto, ver;
	int r;

	if (!have(d, off, 1))
		return trunc_at(d, "ip");
	ver = u8(d, off) >> 4;
	if (ver != 4) {
		if (ver == 6)
			sb_printf(&d->sb, "IP6, wrong link-layer encapsulation (invalid)");
		else
			sb_printf(&d->sb, "IP%u (invalid)", ver);
		pk->malformed = 1;
		return 0;
	}
	if (!d->eflag)
		sb_printf(&d->sb, "IP ");
	if (!have(d, off, 20))
		return trunc_at(d, "ip");
	if (length < 20) {
		sb_printf(&d->sb, "truncated-ip %zu", length);
		pk->malformed = 1;
		return 0;
	}
	hlen = (u8(d, off) & 0x0f) * 4u;
	proto = u8(d, off + 9);
	frag = be16(d, off + 6);
	if (d->depth == 0) {
		pk->has |= PKT_IP;
		memcpy(pk->ip_src, d->p + off + 12, 4);
		memcpy(pk->ip_dst, d->p + off + 16, 4);
		pk->ip_proto = (int)proto;
		pk->ip_ttl = (int)u8(d, off + 8);
		pk->ip_id = (int)be16(d, off + 4);
		pk->ip_len = (int)be16(d, off + 2);
		pk->ip_frag = (int)((frag & 0x1fff) * 8);
	} else if (!(pk->has & PKT_INNER) && (pk->has & PKT_IP)) {
		pk->has |= PKT_INNER;
		memcpy(pk->in_src, d->p + off + 12, 4);
		memcpy(pk->in_dst, d->p + off + 16, 4);
		pk->in_proto = (int)proto;
		pk->in_ttl = (int)u8(d, off + 8);
		pk->in_len = (int)be16(d, off + 2);
	}
	if (hlen < 20) {
		sb_printf(&d->sb, "bad-hlen %zu", hlen);
		pk->malformed = 1;
		return 0;
	}
	len = be16(d, off + 2);
	if (length < len) {
		sb_printf(&d->sb, "truncated-ip - %zu bytes missing! ", len - length);
		pk->malformed = 1;
	}
	if (len < hlen) {
		sb_printf(&d->sb, "bad-len %zu", len);
		pk->malformed = 1;
		return 0;
	}
	/* the rest of this datagram ends at its own length */
	saved_end = d->end;
	if (off + len < d->end)
		d->end = off + len;
	len -= hlen;
	ip4s(d->p + off + 12, a);
	ip4s(d->p + off + 16, b);
	r = 0;
	if ((frag & 0x1fff) == 0) {
		if (proto != 6 && proto != 17 && proto != 132 && proto != 33)
			sb_printf(&d->sb, "%s > %s: ", a, b);
		if (!have(d, off, hlen)) {
			sb_printf(&d->sb, " [remaining caplen(%zu) < header length(%zu)]",
				  d->end > off ? d->end - off : 0, hlen);
			r = trunc_at(d, "ip");
		} else
			r = demux(d, proto, off + hlen, len, 0, off, 1);
	} else {
		sb_printf(&d->sb, "%s > %s: ip-proto-%u", a, b, proto);
	}
	d->end = saved_end;
	return r;
}

/* ---- IPv6 ----------------------------------------------------------------- */

static int ip6_print(struct dc *d, size_t off, size_t length)
{
	struct pkt *pk = d->pk;
	char a[46], b[46];
	size_t len, cp, saved_end, adv;
	unsigned plen, nh;
	int r = 0, first = 1;

	if (!have(d, off, 40))
		return trunc_at(d, "ip6");
	if (length < 40) {
		sb_printf(&d->sb, "truncated-ip6 %zu", length);
		pk->malformed = 1;
		return 0;
	}
	if (!d->eflag)
		sb_printf(&d->sb, "IP6 ");
	if ((u8(d, off) >> 4) != 6) {
		sb_printf(&d->sb, "version error: %u != 6", u8(d, off) >> 4);
		pk->malformed = 1;
		return 0;
	}
	plen = be16(d, off + 4);
	nh = u8(d, off + 6);
	if (d->depth == 0) {
		pk->has |= PKT_IP6;
		memcpy(pk->ip6_src, d->p + off + 8, 16);
		memcpy(pk->ip6_dst, d->p + off + 24, 16);
		pk->ip6_hlim = (int)u8(d, off + 7);
		pk->ip6_plen = (int)plen;
		pk->ip6_nxt = (int)nh;
	}
	if (plen != 0) {
		len = plen + 40u;
		if (length < len) {
			sb_printf(&d->sb, "truncated-ip6 - %zu bytes missing!", len - length);
			pk->malformed = 1;
		}
	} else
		len = length + 40;
	saved_end = d->end;
	if (off + len < d->end)
		d->end = off + len;
	cp = off;
	adv = 40;
	for (;;) {
		if (len < adv) {
			r = trunc_at(d, "ip6");
			break;
		}
		cp += adv;
		len -= adv;
		if (first && nh != 6 && nh != 17 && nh != 33 && nh != 132) {
			sb_printf(&d->sb, "%s > %s: ", ip6s(d->p + off + 8, a), ip6s(d->p + off + 24, b));
		}
		first = 0;
		if (nh == 0 || nh == 60 || nh == 43) {     /* hop-by-hop, destination options, routing */
			const char *what = nh == 0 ? "hbhopt" : nh == 60 ? "dstopt" : "rt6";
			if (!have(d, cp, 2) || !have(d, cp, (u8(d, cp + 1) + 1u) * 8u)) {
				r = trunc_at(d, what);
				break;
			}
			if (nh == 0)
				sb_printf(&d->sb, "HBH ");
			else if (nh == 60)
				sb_printf(&d->sb, "DSTOPT ");
			else {
				/* routing header: srcrt (len=..., segleft=...) in tcpdump; keep short */
				sb_printf(&d->sb, "srcrt (len=%u, type=%u, segleft=%u) ",
					  u8(d, cp + 1), have(d, cp + 2, 1) ? u8(d, cp + 2) : 0,
					  have(d, cp + 3, 1) ? u8(d, cp + 3) : 0);
			}
			adv = (u8(d, cp + 1) + 1u) * 8u;
			nh = u8(d, cp);
			if (d->depth == 0)
				pk->ip6_nxt = (int)nh;
			continue;
		}
		if (nh == 44) {                               /* fragment */
			unsigned offs;
			if (!have(d, cp, 8)) {
				r = trunc_at(d, "frag6");
				break;
			}
			offs = be16(d, cp + 2) & 0xfff8;
			/* a later fragment ends the line there, without the space */
			sb_printf(&d->sb, offs ? "frag (%u|%zu)" : "frag (%u|%zu) ", offs, len >= 8 ? len - 8 : 0);
			nh = u8(d, cp);
			if (d->depth == 0)
				pk->ip6_nxt = (int)nh;
			if (offs != 0)
				break;
			adv = 8;
			continue;
		}
		r = demux(d, nh, cp, len, 1, off, cp == off + 40);
		break;
	}
	d->end = saved_end;
	return r;
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

static int ethertype_demux(struct dc *d, unsigned type, size_t off, size_t length)
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
static int ether_at(struct dc *d, size_t off, size_t wirelen)
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
