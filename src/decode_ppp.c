/*
 * decode_ppp.c -- PPP inside PPTP's GRE: LCP, IPCP, CCP..., CHAP and PAP, and
 * the IP it carries, as tcpdump -n prints them. Part of the packet decoder
 * (decode.c).
 */
#include "decode_int.h"

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
int ppp_print(struct dc *d, size_t off, size_t length)
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
