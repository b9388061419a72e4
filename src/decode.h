/*
 * decode.h -- packet bytes to a decoded record and tcpdump-like text. Pure C:
 * no kernel, no Lua, no allocation, so it can be fuzzed on its own (decode.c).
 * The filter language is libpcap's (pcapfile.c).
 */
#ifndef NETLEARN_DECODE_H
#define NETLEARN_DECODE_H

#include <stddef.h>
#include <stdint.h>

/* Link types: pcap's numbers. */
#define LT_ETHER     1        /* Ethernet (also Linux loopback) */
#define LT_RAW       101      /* raw IP, no link header (tun, ipip) */
#define LT_LINUX_SLL 113      /* Linux cooked header (used for "any" pcaps) */
#define LT_LINUX_SLL2 276     /* Linux cooked v2 (tcpdump -i any -w); the text lacks the
                                 "IFNAME DIR " that tcpdump puts first: the caller adds it */

/* What a decoded packet has (pkt.has). */
#define PKT_ETH    0x0001
#define PKT_ARP    0x0002
#define PKT_IP     0x0004     /* outer IPv4 */
#define PKT_IP6    0x0008     /* outer IPv6 */
#define PKT_INNER  0x0010     /* IPv4 inside IPv4 (IPIP) */
#define PKT_ICMP   0x0020
#define PKT_TCP    0x0040
#define PKT_UDP    0x0080
#define PKT_ICMP6  0x0100
#define PKT_L4_INNER 0x0200   /* icmp/tcp/udp fields belong to the inner packet */
#define PKT_TUNNEL 0x0400     /* a VXLAN, OTV, GENEVE or GRE header (pkt.tunnel) */

/* pkt.tunnel: the outermost tunnel header */
enum { TUN_NONE, TUN_VXLAN, TUN_OTV, TUN_GENEVE, TUN_GRE };

struct pkt {
	unsigned has;
	int linktype;
	uint32_t len, caplen;
	int malformed;                   /* truncated or invalid somewhere */
	uint8_t eth_src[6], eth_dst[6];
	uint16_t eth_type;
	int arp_op;                      /* 1 request, 2 reply, ... */
	uint8_t arp_sha[6], arp_tha[6], arp_spa[4], arp_tpa[4];
	uint8_t ip_src[4], ip_dst[4];
	int ip_proto, ip_ttl, ip_id, ip_len, ip_frag;   /* ip_frag: fragment offset in bytes */
	uint8_t ip6_src[16], ip6_dst[16];
	int ip6_nxt, ip6_hlim, ip6_plen;                /* ip6_nxt: upper-layer protocol */
	uint8_t in_src[4], in_dst[4];
	int in_proto, in_ttl, in_len;
	int icmp_type, icmp_code, icmp_id, icmp_seq;
	int sport, dport;
	int tcp_flags;
	uint32_t tcp_seq, tcp_ack;       /* as on the wire */
	int tcp_win;
	int udp_len;
	int tunnel;                      /* TUN_* */
	long tunnel_id;                  /* VXLAN/GENEVE VNI, OTV instance, GRE key; -1: none */
};

/* TCP relative sequence numbers, the way tcpdump prints them without -S.
 * Zero it before the first packet; NULL means "print absolute numbers". */
#define DECODE_TCP_SLOTS 64
struct decode_state {
	struct {
		uint8_t src[16], dst[16];
		uint32_t ports;
		uint32_t seq, ack;
		int used;
	} tcp[DECODE_TCP_SLOTS];
	unsigned next;
};

/* Decode N captured bytes of a frame whose length on the wire was WIRELEN
 * (0 = same as n). TEXT gets the tcpdump -n body, TEXT_E the tcpdump -e -n
 * body (either may be NULL). Never reads past p[n-1]. Returns 0, or -EINVAL
 * for an unknown linktype (the packet is still described as malformed). */
int decode_packet(const uint8_t *p, size_t n, size_t wirelen, int linktype,
		  struct decode_state *st, struct pkt *out,
		  char *text, size_t textlen, char *text_e, size_t text_e_len);

#endif
