/*
 * icmp_limit.c -- how many ICMP errors the kernel's rate limits have held
 * back in the whole lab (the host and every namespace): the sum of Icmp
 * OutRateLimitGlobal and OutRateLimitHost of /proc/net/snmp (Linux 6.9 and
 * later). A silence a rate limit made can turn into an error a moment later;
 * an eager ping under check (ping.c) sends its next echo early only while
 * this count stays the same.
 */
#include <errno.h>
#include "netlearn.h"
#include "icmp_limit.h"
#include "procstat.h"

/* The two counters of the namespace we are in, summed; -ENOTSUP without them. */
static long snmp_ratelimited(void)
{
	static const char *const names[] = { "OutRateLimitGlobal", "OutRateLimitHost" };
	long long v[2] = { 0, 0 };
	int found = proc_net_counters("snmp", "Icmp", names, 2, v);
	if (found < 0)
		return found;
	return found == 2 ? (long)(v[0] + v[1]) : -ENOTSUP;
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
