/*
 * fuzz_decode.c -- libFuzzer target: packet bytes -> decode_packet() (src/decode.c)
 * -> tcpdump-like text (the filters are libpcap's: fuzz_filter.c).
 * Input: byte 0 picks the link type and the text buffer sizes, the rest is the frame.
 * Checks beyond ASan/UBSan: the texts are NUL-terminated inside their buffers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct decode_state st;
	static const int lts[4] = { LT_ETHER, LT_RAW, LT_LINUX_SLL, LT_LINUX_SLL2 };
	static const size_t sizes[4] = { 512, 80, 16, 1 };
	struct pkt pk;
	char *text, *text_e;
	size_t tl, tel, n;
	uint8_t *buf;
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
	free(text);
	free(text_e);
	free(buf);
	return 0;
}
