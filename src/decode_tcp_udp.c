/*
 * decode_tcp_udp.c -- TCP (flags, relative sequence numbers, options, the first
 * line of HTTP) and UDP, whose ports may name a tunnel (decode_tunnel.c). Part
 * of the packet decoder (decode.c).
 */
#include "decode_int.h"

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

int tcp_print(struct dc *d, size_t off, size_t length, int v6, size_t iph, int direct)
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

int udp_print(struct dc *d, size_t off, size_t length, int v6, size_t iph, int direct)
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
