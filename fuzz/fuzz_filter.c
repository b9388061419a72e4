/*
 * fuzz_filter.c -- libFuzzer target: a capture filter expression -> filter_compile()
 * (src/filter.c), and a compiled filter matched against a few decoded packets.
 * Checks beyond ASan/UBSan: a refused expression has a non-empty, terminated reason.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "decode.h"

static const uint8_t icmp_ipip[] = {   /* ether + IPv4 + IPIP + ICMP echo */
	0x2e,0x90,0xa2,0x6e,0xa8,0x36, 0x96,0x59,0x54,0x42,0xfa,0x1b, 0x08,0x00,
	0x45,0,0,48, 0,1,0x40,0, 64,4,0,0, 172,16,94,141, 172,16,94,142,
	0x45,0,0,28, 0,1,0x40,0, 64,1,0,0, 10,1,5,10, 10,1,8,10,
	8,0,0,0, 0x09,0x37, 0,1 };
static const uint8_t arp_req[] = {
	0xff,0xff,0xff,0xff,0xff,0xff, 0x96,0x59,0x54,0x42,0xfa,0x1b, 0x08,0x06,
	0,1, 8,0, 6, 4, 0,1, 0x96,0x59,0x54,0x42,0xfa,0x1b, 10,1,5,10, 0,0,0,0,0,0, 10,1,5,1 };
static const uint8_t tcp_syn[] = {
	0x45,0,0,40, 0,1,0x40,0, 64,6,0,0, 10,0,0,1, 10,0,0,2,
	0x9c,0x40,0,80, 0,0,0,1, 0,0,0,0, 0x50,0x02,0xff,0xff, 0,0,0,0 };

static struct pkt pks[3];
static int ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct filter f;
	char err[128], *s;

	if (!ready) {
		decode_packet(icmp_ipip, sizeof icmp_ipip, 0, LT_ETHER, NULL, &pks[0], NULL, 0, NULL, 0);
		decode_packet(arp_req, sizeof arp_req, 0, LT_ETHER, NULL, &pks[1], NULL, 0, NULL, 0);
		decode_packet(tcp_syn, sizeof tcp_syn, 0, LT_RAW, NULL, &pks[2], NULL, 0, NULL, 0);
		ready = 1;
	}
	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = 0;
	err[0] = 0;
	if (filter_compile(&f, s, err, sizeof err) == 0) {
		for (int i = 0; i < 3; i++)
			(void)filter_match(&f, &pks[i]);
	} else if (err[0] == 0 || strnlen(err, sizeof err) >= sizeof err) {
		abort();                  /* a refusal must say why */
	}
	free(s);
	return 0;
}
