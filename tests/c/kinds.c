/*
 * kinds.c -- the link kinds and link.o linked without Lua (issue #19): a kind
 * hands its values to a plain C struct kind_out (kind.h), so a program of
 * primitives can read them. It touches no namespace: the kind table, and a
 * kind's values of a made-up link_info.
 */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include "kind.h"

static int n;
static char seen[256];

static void ok(int cond, const char *what)
{
	printf("%s %d - %s\n", cond ? "ok" : "not ok", ++n, what);
}

/* a kind_out that writes "key=value " into seen */
static void add(const char *k, const char *v)
{
	size_t l = strlen(seen);
	snprintf(seen + l, sizeof seen - l, "%s=%s ", k, v);
}
static void put_int(void *c, const char *k, long long v) { char b[32]; (void)c; snprintf(b, sizeof b, "%lld", v); add(k, b); }
static void put_str(void *c, const char *k, const char *v) { (void)c; add(k, v); }
static void put_bool(void *c, const char *k, int v) { (void)c; add(k, v ? "true" : "false"); }
static void put_ipv4(void *c, const char *k, uint32_t a)
{
	char b[INET_ADDRSTRLEN];
	(void)c;
	if (a)
		add(k, inet_ntop(AF_INET, &a, b, sizeof b));
}
static void put_strlist(void *c, const char *k, const char *const *v, size_t m) { (void)c; (void)v; put_int(c, k, (long long)m); }

int main(void)
{
	const struct kind_out out = { NULL, put_int, put_str, put_bool, put_ipv4, put_strlist };
	const struct link_kind *k;
	struct link_info li;
	int i;

	printf("1..6\n");
	for (i = 0; link_kinds[i]; i++)
		;
	ok(i == 8, "the kind table lists the kinds");
	ok(link_kind_find("vlan") && !strcmp(link_kind_find("vlan")->module, "8021q"), "link_kind_find finds vlan");
	ok(!link_kind_find("macvtap") && link_kind_reading("macvtap") == link_kind_find("macvlan"),
	   "a macvtap is read as a macvlan, and cannot be made as one");
	ok(link_kind_reading("nosuch") == NULL, "an unknown kind has no reader");

	k = link_kind_find("ipip");
	memset(&li, 0, sizeof li);
	li.local = htonl(0x0a000001);
	li.remote = htonl(0x0a000002);
	k->values(&li, &out);
	ok(!strcmp(seen, "local=10.0.0.1 remote=10.0.0.2 "), "ipip hands its ends to a C kind_out");
	ok((k->opts & KO_STANDIN) != 0, "ipip has a user-space stand-in");
	return 0;
}
