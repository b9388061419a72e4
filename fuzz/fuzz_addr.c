/*
 * fuzz_addr.c -- libFuzzer target: the strict string parsers of the `net` API
 * (src/addrparse.c): IPv4 address, prefix, MAC, interface name.
 * Checks beyond ASan/UBSan: what is accepted prints back and parses to the same
 * value; an accepted name is 1-15 bytes with no '/', ':' or white space.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdio.h>
#include "addrparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), buf[64];
	uint32_t a, b;
	int len, len2;
	uint8_t mac[6], mac2[6];

	memcpy(s, data, size);
	s[size] = 0;
	if (parse_ipv4(s, &a) == 0) {
		fmt_ipv4(a, buf, sizeof buf);
		if (parse_ipv4(buf, &b) != 0 || a != b)
			abort();
	}
	for (int need = 0; need < 2; need++) {
		if (parse_ipv4_prefix(s, &a, &len, need) == 0) {
			if (len < -1 || len > 32 || (need && len < 0))
				abort();
			if (len >= 0)
				(void)ipv4_mask(len);
			fmt_ipv4(a, buf, sizeof buf);
			if (parse_ipv4(buf, &b) != 0 || a != b)
				abort();
			if (len >= 0) {
				size_t l = strlen(buf);
				snprintf(buf + l, sizeof buf - l, "/%d", len);
				if (parse_ipv4_prefix(buf, &b, &len2, 1) != 0 || a != b || len != len2)
					abort();
			}
		}
	}
	if (parse_mac(s, mac) == 0) {
		fmt_hwaddr(mac, 6, buf, sizeof buf);
		if (parse_mac(buf, mac2) != 0 || memcmp(mac, mac2, 6))
			abort();
	}
	int r = check_ifname(s);
	if (r == 0 && (size == 0 || strlen(s) > 15 || strpbrk(s, "/: \t\n") || !strcmp(s, ".") || !strcmp(s, "..")))
		abort();
	if (r != 0 && r != -EINVAL && r != -ERANGE)
		abort();
	free(s);
	return 0;
}
