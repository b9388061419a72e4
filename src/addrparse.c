/*
 * addrparse.c -- strict parsing and printing of addresses, prefixes, MACs and
 * interface names (see addrparse.h). Strict on purpose: "192.167.2.300/24" or
 * "10.0.0.1/33" must be refused with a clear word, not silently trimmed.
 */
#include <errno.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "addrparse.h"

int parse_ipv4(const char *s, uint32_t *addr_be)
{
	struct in_addr a;
	if (!s || inet_pton(AF_INET, s, &a) != 1)
		return -EINVAL;
	*addr_be = a.s_addr;
	return 0;
}

int parse_ipv4_prefix_why(const char *s, uint32_t *addr_be, int *len, int need_len, enum prefix_why *why)
{
	char buf[INET_ADDRSTRLEN + 4];
	const char *slash;
	size_t n;
	unsigned long v;
	*why = PREFIX_BAD_HOST;
	if (!s)
		return -EINVAL;
	slash = strchr(s, '/');
	if (!slash) {
		if (need_len) {
			*why = PREFIX_LEN_NEEDED;
			return -EINVAL;
		}
		*len = -1;
		if (parse_ipv4(s, addr_be) < 0)
			return -EINVAL;
		*why = PREFIX_OK;
		return 0;
	}
	n = (size_t)(slash - s);
	if (n >= INET_ADDRSTRLEN)
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (parse_ipv4(buf, addr_be) < 0)
		return -EINVAL;
	slash++;
	if (!slash[0] || slash[0] == '-' || slash[0] == '+' || slash[0] == ' ') {
		*why = PREFIX_LEN_MISSING;
		return -EINVAL;
	}
	if (strspn(slash, "0123456789") != strlen(slash)) {
		*why = PREFIX_LEN_NAN;
		return -EINVAL;
	}
	/* up to 10 digits: read unsigned, so that a huge length cannot wrap to
	 * a negative one that passes the range check (atoi would) */
	*why = PREFIX_LEN_RANGE;
	if (strlen(slash) > 10 || (v = strtoul(slash, NULL, 10)) > 32)
		return -EINVAL;
	*len = (int)v;
	*why = PREFIX_OK;
	return 0;
}

int parse_ipv4_prefix(const char *s, uint32_t *addr_be, int *len, int need_len)
{
	enum prefix_why why;
	return parse_ipv4_prefix_why(s, addr_be, len, need_len, &why);
}

int parse_port(const char *s, int *port)
{
	const char *p = s;
	unsigned long v;
	char *end;
	if (!s)
		return -EINVAL;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '-')          /* strtoul would wrap it round */
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (end == s || *end || errno || v > 65535)
		return -EINVAL;
	*port = (int)v;
	return 0;
}

int parse_port_range(const char *s, int *lo, int *hi)
{
	char buf[32];
	const char *colon;
	size_t n;
	if (!s)
		return -EINVAL;
	if (!(colon = strchr(s, ':'))) {
		if (parse_port(s, lo) < 0)
			return -EINVAL;
		*hi = *lo;
		return 0;
	}
	n = (size_t)(colon - s);
	if (n >= sizeof buf)
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	*lo = 0;
	*hi = 65535;
	if ((n && parse_port(buf, lo) < 0) || (colon[1] && parse_port(colon + 1, hi) < 0))
		return -EINVAL;
	return *lo > *hi ? -ERANGE : 0;
}

int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	return -1;
}

int parse_mac(const char *s, uint8_t mac[6])
{
	int i;
	if (!s || strlen(s) != 17)
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		int h = hexval(s[3 * i]), l = hexval(s[3 * i + 1]);
		if (h < 0 || l < 0)
			return -EINVAL;
		if (i < 5 && s[3 * i + 2] != ':' && s[3 * i + 2] != '-')
			return -EINVAL;
		mac[i] = (uint8_t)(h << 4 | l);
	}
	return 0;
}

int check_ifname(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || !strcmp(s, ".") || !strcmp(s, ".."))
		return -EINVAL;
	if (n > 15)
		return -ERANGE;
	for (; *s; s++)
		if (*s == '/' || *s == ':' || isspace((unsigned char)*s))
			return -EINVAL;
	return 0;
}

char *fmt_ipv4(uint32_t addr_be, char *buf, size_t len)
{
	struct in_addr a = { .s_addr = addr_be };
	if (!inet_ntop(AF_INET, &a, buf, (socklen_t)len))
		buf[0] = '\0';
	return buf;
}

char *fmt_hwaddr(const uint8_t *a, size_t n, char *buf, size_t len)
{
	size_t i, off = 0;
	buf[0] = '\0';
	for (i = 0; i < n && off + 3 <= len; i++)
		off += (size_t)snprintf(buf + off, len - off, i ? ":%02x" : "%02x", a[i]);
	return buf;
}

uint32_t ipv4_mask(int len)
{
	return len <= 0 ? 0 : htonl(~0u << (32 - len));
}
