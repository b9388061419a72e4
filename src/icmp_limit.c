/*
 * icmp_limit.c -- how many ICMP errors the kernel's rate limits have held
 * back in the whole lab (the host and every namespace): the sum of Icmp
 * OutRateLimitGlobal and OutRateLimitHost of /proc/net/snmp (Linux 6.9 and
 * later). A silence a rate limit made can turn into an error a moment later;
 * an eager ping under check (ping.c) sends its next echo early only while
 * this count stays the same.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "netlearn.h"
#include "icmp_limit.h"

/* The two counters of the namespace we are in, summed; -ENOTSUP without them. */
static long snmp_ratelimited(void)
{
	char names[1024], values[1024];
	char *n, *v, *sn, *sv;
	long sum = 0;
	int found = 0;
	FILE *f = fopen("/proc/self/net/snmp", "re");
	if (!f)
		return -errno;
	while (fgets(names, sizeof names, f)) {
		if (strncmp(names, "Icmp: ", 6) || !fgets(values, sizeof values, f))
			continue;
		/* a header line, then its values, column for column */
		n = strtok_r(names + 6, " \n", &sn);
		v = strtok_r(values + 6, " \n", &sv);
		for (; n && v; n = strtok_r(NULL, " \n", &sn), v = strtok_r(NULL, " \n", &sv))
			if (!strcmp(n, "OutRateLimitGlobal") || !strcmp(n, "OutRateLimitHost")) {
				sum += strtol(v, NULL, 10);
				found++;
			}
		break;
	}
	fclose(f);
	return found == 2 ? sum : -ENOTSUP;
}

struct tally { long sum; int err; };

static void add_ns(const char *name, void *arg)
{
	struct tally *t = arg;
	struct ns_scope scope;
	long v;
	if (t->err)
		return;
	if ((t->err = ns_enter(name, &scope)) < 0)
		return;
	v = snmp_ratelimited();
	ns_leave(&scope);
	if (v < 0)
		t->err = (int)v;
	else
		t->sum += v;
}

long icmp_ratelimited_lab(void)
{
	struct tally t = { 0, 0 };
	int r;
	add_ns("", &t);
	if (!t.err && (r = ns_list(add_ns, &t)) < 0)
		t.err = r;
	return t.err ? t.err : t.sum;
}
