/*
 * decode_int.h -- what the parts of the packet decoder share (decode.c and
 * decode_*.c; not for the rest of netlearn, which includes decode.h): the text
 * buffer, the decoding context, bounds-checked reads, and each layer's printer.
 * Every printer returns 0, TRUNC (the frame ended early: " [|proto]" printed,
 * packet malformed) or, where said, 1.
 */
#ifndef NETLEARN_DECODE_INT_H
#define NETLEARN_DECODE_INT_H

#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include "decode.h"

/* A text buffer that never overflows; output past the end is dropped. */
struct sbuf {
	char *b;
	size_t cap, len;
};

void sb_printf(struct sbuf *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

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

static inline int have(const struct dc *d, size_t off, size_t len)
{
	return off <= d->end && len <= d->end - off;
}

static inline int trunc_at(struct dc *d, const char *proto)
{
	sb_printf(&d->sb, " [|%s]", proto);
	d->pk->malformed = 1;
	return TRUNC;
}

static inline unsigned u8(const struct dc *d, size_t off) { return d->p[off]; }
static inline unsigned be16(const struct dc *d, size_t off) { return (unsigned)d->p[off] << 8 | d->p[off + 1]; }
/* 24 bits (a VNI): only the three bytes have() checked, not a fourth */
static inline uint32_t be24(const struct dc *d, size_t off)
{
	return (uint32_t)d->p[off] << 16 | (uint32_t)d->p[off + 1] << 8 | d->p[off + 2];
}
static inline uint32_t be32(const struct dc *d, size_t off)
{
	return (uint32_t)d->p[off] << 24 | (uint32_t)d->p[off + 1] << 16 |
	       (uint32_t)d->p[off + 2] << 8 | d->p[off + 3];
}

static inline const char *ip4s(const uint8_t *a, char *buf)
{
	snprintf(buf, 16, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	return buf;
}

static inline const char *ip6s(const uint8_t *a, char *buf)
{
	if (!inet_ntop(AF_INET6, a, buf, 46))
		strcpy(buf, "?");
	return buf;
}

/* decode.c: shared helpers and the link layers */
void ip_pair(struct dc *d, size_t iph, int v6, char *a, char *b);
int l4_claim(struct dc *d, unsigned kind, int force);
void ports_print(struct dc *d, int direct, const char *a, const char *b, unsigned sport, unsigned dport);
const char *macs(const uint8_t *a, size_t n, char *buf, size_t buflen);
const char *ethertype_name(unsigned t);
int ethertype_demux(struct dc *d, unsigned type, size_t off, size_t length);
int ether_at(struct dc *d, size_t off, size_t length);

/* decode_ip.c: IPv4, IPv6 and what their next header names */
int ip_print(struct dc *d, size_t off, size_t length);
int ip6_print(struct dc *d, size_t off, size_t length);
int demux(struct dc *d, unsigned nh, size_t off, size_t len, int v6, size_t iph, int direct);

/* decode_icmp.c */
int icmp_print(struct dc *d, size_t off, size_t plen);
int icmp6_print(struct dc *d, size_t off, size_t length);

/* decode_tcp_udp.c */
int tcp_print(struct dc *d, size_t off, size_t length, int v6, size_t iph, int direct);
int udp_print(struct dc *d, size_t off, size_t length, int v6, size_t iph, int direct);

/* decode_tunnel.c: VXLAN, OTV, GENEVE (by UDP port) and GRE */
int tunnel_udp(struct dc *d, unsigned sport, unsigned dport, size_t off, size_t length);
int gre_print(struct dc *d, size_t off, size_t length);

/* decode_ppp.c: PPP inside PPTP's GRE */
int ppp_print(struct dc *d, size_t off, size_t length);

#endif
