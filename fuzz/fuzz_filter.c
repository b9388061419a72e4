/*
 * fuzz_filter.c -- libFuzzer target: a capture filter expression -> libpcap's
 * compiler as netlearn calls it (src/bpf.c): for Ethernet, for raw IP, and the
 * "any" program netlearn moves onto its socket (cooked v2 loads rewritten). Every program must pass libpcap's
 * bpf_validate and run on a few frames. Checks beyond ASan/UBSan: a refused
 * expression has a one-line reason starting with "tcpdump: ".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "bpf.h"

static const uint8_t icmp_ipip[] = {   /* ether + IPv4 + IPIP + ICMP echo */
	0x2e,0x90,0xa2,0x6e,0xa8,0x36, 0x96,0x59,0x54,0x42,0xfa,0x1b, 0x08,0x00,
	0x45,0,0,48, 0,1,0x40,0, 64,4,0,0, 172,16,94,141, 172,16,94,142,
	0x45,0,0,28, 0,1,0x40,0, 64,1,0,0, 10,1,5,10, 10,1,8,10,
	8,0,0,0, 0x09,0x37, 0,1 };
static const uint8_t arp_req[] = {
	0xff,0xff,0xff,0xff,0xff,0xff, 0x96,0x59,0x54,0x42,0xfa,0x1b, 0x08,0x06,
	0,1, 8,0, 6, 4, 0,1, 0x96,0x59,0x54,0x42,0xfa,0x1b, 10,1,5,10, 0,0,0,0,0,0, 10,1,5,1 };
static const uint8_t tcp_syn[] = {     /* raw IP */
	0x45,0,0,40, 0,1,0x40,0, 64,6,0,0, 10,0,0,1, 10,0,0,2,
	0x9c,0x40,0,80, 0,0,0,1, 0,0,0,0, 0x50,0x02,0xff,0xff, 0,0,0,0 };

static void check_err(const char *err)
{
	if (strncmp(err, "tcpdump: ", 9) || strchr(err, '\n') || strlen(err) < 12)
		abort();                  /* a refusal must say why, on one line */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bpf_program p;
	struct bpf_insn *any;
	size_t n;
	char err[PCAP_ERRBUF_SIZE + 16], *s;

	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = 0;
	if (filter_bpf_compile(DLT_EN10MB, s, 0, &p, err, sizeof err) == 0) {
		if (!bpf_validate(p.bf_insns, (int)p.bf_len))
			abort();
		bpf_filter(p.bf_insns, icmp_ipip, sizeof icmp_ipip, sizeof icmp_ipip);
		bpf_filter(p.bf_insns, arp_req, sizeof arp_req, sizeof arp_req);
		pcap_freecode(&p);
	} else
		check_err(err);
	if (filter_bpf_compile(DLT_RAW, s, 0xffffff00u, &p, err, sizeof err) == 0) {
		if (!bpf_validate(p.bf_insns, (int)p.bf_len))
			abort();
		bpf_filter(p.bf_insns, tcp_syn, sizeof tcp_syn, sizeof tcp_syn);
		pcap_freecode(&p);
	} else
		check_err(err);
	if (filter_bpf_any(s, 0, &any, &n, err, sizeof err) == 0) {
		if (!bpf_validate(any, (int)n))
			abort();
		free(any);
	} else
		check_err(err);
	free(s);
	return 0;
}
