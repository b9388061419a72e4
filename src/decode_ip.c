/*
 * decode_ip.c -- IPv4 (and IPv4 in IPv4), IPv6 with its common extension
 * headers, and the hand-over to the protocol their next header names. Part of
 * the packet decoder (decode.c).
 */
#include "decode_int.h"

/* ---- IP demultiplexing ---------------------------------------------------- */

int demux(struct dc *d, unsigned nh, size_t off, size_t len, int v6, size_t iph, int direct)
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

int ip_print(struct dc *d, size_t off, size_t length)
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

int ip6_print(struct dc *d, size_t off, size_t length)
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
