/*
 * decode_tunnel.c -- the tunnels and the frame they carry: VXLAN (UDP 4789),
 * OTV (UDP 8472, Linux's default VXLAN port, which tcpdump prints as OTV),
 * GENEVE (UDP 6081) and GRE (PPTP's PPP: decode_ppp.c). Part of the packet
 * decoder (decode.c).
 */
#include "decode_int.h"

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
int tunnel_udp(struct dc *d, unsigned sport, unsigned dport, size_t off, size_t length)
{
	if (sport == 4789 || dport == 4789)
		return vxlan_print(d, off, length, 0);
	if (sport == 8472 || dport == 8472)
		return vxlan_print(d, off, length, 1);
	if (sport == 6081 || dport == 6081)
		return geneve_print(d, off, length);
	return 1;
}

/* tcpdump -e names the protocol a GRE header carries */
static void gre_proto_e(struct dc *d, unsigned proto)
{
	const char *pn = ethertype_name(proto);
	if (d->eflag)
		sb_printf(&d->sb, ", proto %s (0x%04x)", pn ? pn : "unknown", proto);
}

/* GRE (RFC 2784/2890; version 1 is PPTP's). */
int gre_print(struct dc *d, size_t off, size_t length)
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
