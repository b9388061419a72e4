/*
 * fuzz_decode.c -- libFuzzer target: packet bytes -> decode_packet() (src/decode.c)
 * -> tcpdump-like text, then every filter of a small set matched against the result.
 * Input: byte 0 picks the link type and the text buffer sizes, the rest is the frame.
 * Checks beyond ASan/UBSan: the texts are NUL-terminated inside their buffers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "decode.h"

static const char *const filters[] = {
	"icmp", "arp", "tcp port 80", "udp and dst port 53", "host 10.1.5.10", "net 10.0.0.0/8",
	"ip proto 4", "ip6", "icmp6", "ether host 96:59:54:42:fa:1b", "not ip", "src 172.16.94.141 or port 22",
};
static struct filter fs[sizeof filters / sizeof *filters];
static int nfs;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct decode_state st;
	static const int lts[4] = { LT_ETHER, LT_RAW, LT_LINUX_SLL, 42 };
	static const size_t sizes[4] = { 512, 80, 16, 1 };
	struct pkt pk;
	char *text, *text_e;
	size_t tl, tel, n;
	uint8_t *buf;
	char err[128];

	if (!nfs) {
		for (size_t i = 0; i < sizeof filters / sizeof *filters; i++)
			if (filter_compile(&fs[nfs], filters[i], err, sizeof err) == 0)
				nfs++;
	}
	if (size < 1)
		return 0;
	n = size - 1;
	buf = malloc(n ? n : 1);          /* exact size: an over-read is an ASan report */
	memcpy(buf, data + 1, n);
	tl = sizes[(data[0] >> 2) & 3];
	tel = sizes[(data[0] >> 4) & 3];
	text = malloc(tl);
	text_e = malloc(tel);
	memset(&pk, 0, sizeof pk);
	decode_packet(buf, n, (data[0] & 0x40) ? n + 100 : 0, lts[data[0] & 3],
		      (data[0] & 0x80) ? NULL : &st, &pk, text, tl, text_e, tel);
	if (strnlen(text, tl) >= tl || strnlen(text_e, tel) >= tel)
		abort();                  /* not terminated inside the buffer */
	for (int i = 0; i < nfs; i++)
		(void)filter_match(&fs[i], &pk);
	free(text);
	free(text_e);
	free(buf);
	return 0;
}
