/*
 * nat.c -- the words of a NAT or filter rule, without Lua: the names of the
 * tables, chains and targets, and the readers of a rule's fields (an IPv4
 * prefix, a list of names, a chain name, an interface name) that l_nat.c uses
 * to build its request. What a learner is told about a bad field is
 * lua/netlearn/natspec.lua's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include "addrparse.h"
#include "nat.h"

const char *const nat_table_names[NT__N] = {"nat", "filter"};
const char *const nat_chain_names[NC__N] = {"PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"};
const char *const nat_hook_names[NC__N] = {"prerouting", "input", "forward", "output", "postrouting"};
const char *const nat_target_names[TG__N] = {NULL, "ACCEPT", "DROP", "REJECT", "MASQUERADE", "SNAT", "DNAT",
	"RETURN", NULL, NULL, "MARK"};

int nat_find_ci(const char *const *names, int n, const char *s, int *exact)
{
	int i;
	for (i = 0; i < n; i++)
		if (names[i] && !strcasecmp(names[i], s)) {
			*exact = !strcmp(names[i], s);
			return i;
		}
	return -1;
}

/* "a.b.c.d" or "a.b.c.d/len", read by addrparse.c's parse_ipv4_prefix (the text
 * is canonical: netlearn.parse read what the learner typed); host bits cleared */
int nat_parse_prefix(const char *s, uint32_t *addr, int *len)
{
	if (parse_ipv4_prefix(s, addr, len, 0) < 0)
		return -1;
	if (*len < 0)
		*len = 32;
	if (*len < 32)
		*addr &= ipv4_mask(*len);
	return 0;
}

/* "RELATED,ESTABLISHED" -> a mask of names[] bits (any case). -1: a bad word (in bad). */
int nat_parse_names(const char *s, const char *const *names, int n, char *bad, size_t badlen)
{
	int mask = 0;
	while (*s) {
		size_t len = strcspn(s, ",");
		int i, found = -1;
		for (i = 0; i < n; i++)
			if (names[i] && strlen(names[i]) == len && !strncasecmp(names[i], s, len))
				found = i;
		if (found < 0 || len == 0) {
			snprintf(bad, badlen, "%.*s", (int)len, s);
			return -1;
		}
		mask |= 1 << found;
		s += len;
		if (*s == ',')
			s++;
	}
	return mask;
}

/* A user chain's name: 1-28 bytes, not starting with '-' or '!', no spaces. */
int nat_chain_name_ok(const char *s)
{
	size_t n = strlen(s);
	return n >= 1 && n < NAT_CHAIN_MAX && s[0] != '-' && s[0] != '!' && !strpbrk(s, " \t\n");
}

int nat_parse_ifname(const char *v, char *out)
{
	size_t n = strlen(v);
	if (n == 0 || n > IFNAMSIZ - 1 + (v[n - 1] == '+') || strchr(v, '/') || strchr(v, ' '))
		return -1;
	memcpy(out, v, n + 1);
	return 0;
}

