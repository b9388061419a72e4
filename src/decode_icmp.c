/*
 * decode_icmp.c -- ICMP and ICMPv6 as tcpdump -n prints them, error messages
 * read through the header they quote (part of the packet decoder, decode.c).
 */
#include "decode_int.h"

/* ---- ICMP ----------------------------------------------------------------- */

int icmp_print(struct dc *d, size_t off, size_t plen)
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

int icmp6_print(struct dc *d, size_t off, size_t length)
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
