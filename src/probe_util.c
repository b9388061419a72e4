/*
 * probe_util.c -- helpers shared by the probes (ping, traceroute, http):
 * a monotonic clock, a poll() that stops on Ctrl-C, sockets created inside a
 * lab namespace (a socket stays in the namespace it was made in), and lookups.
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include "addrparse.h"
#include "probe_util.h"
#include "quiet.h"

double probe_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* NETLEARN_PROBE_STATS=1 (make bench, docs/performance.md): the time the
 * probes spend waiting -- for the lab to settle, for an answer, for captured
 * packets, ... (the kinds of probe_util.h) -- summed and printed on stderr
 * when the process exits, with the reasons of the fixed waits. */
static const char *const stat_name[PROBE_STAT_KINDS] = {
	"settle", "answers", "captures", "intervals", "quiet proofs", "fixed waits", "rings", "resets",
};
static double stat_ms[PROBE_STAT_KINDS];
static long stat_n[PROBE_STAT_KINDS];
static int stat_on = -1;
#define STAT_REASONS 16
static struct { char why[96]; double ms; long n; } reason[STAT_REASONS];

static int stat_printed;

static void stat_print(void)
{
	struct rusage ru;
	int k;
	if (stat_printed++)
		return;
	fprintf(stderr, "netlearn: probe stats:");
	for (k = 0; k < PROBE_STAT_KINDS; k++)
		fprintf(stderr, "%s %s %.3f s (%ld)", k ? "," : "", stat_name[k], stat_ms[k] / 1e3, stat_n[k]);
	fputc('\n', stderr);
	for (k = 0; k < STAT_REASONS && reason[k].why[0]; k++)
		fprintf(stderr, "netlearn: probe stats: of which %.3f s (%ld): %s\n",
			reason[k].ms / 1e3, reason[k].n, reason[k].why);
	/* what the process computed itself: the bench tells it from the time
	 * it was blocked in the kernel (a link moved or deleted waits for RCU) */
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		fprintf(stderr, "netlearn: probe stats: cpu: user %.3f s, system %.3f s, peak rss %ld KB\n",
			(double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6,
			(double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6, ru.ru_maxrss);
}

void probe_stats_print(void)
{
	if (probe_stats_on())
		stat_print();
}

int probe_stats_on(void)
{
	if (stat_on < 0) {
		const char *e = getenv("NETLEARN_PROBE_STATS");
		stat_on = e && *e && strcmp(e, "0");
		if (stat_on)
			atexit(stat_print);
	}
	return stat_on;
}

void probe_stat_add(int kind, double ms)
{
	if (probe_stats_on() && kind >= 0 && kind < PROBE_STAT_KINDS) {
		stat_ms[kind] += ms;
		stat_n[kind]++;
	}
}

int probe_stat_kind(const char *name)
{
	int k;
	for (k = 0; k < PROBE_STAT_KINDS; k++)
		if (strcmp(name, stat_name[k]) == 0)
			return k;
	return -1;
}

void probe_stat_reason(const char *why, double ms)
{
	int k;
	if (!probe_stats_on())
		return;
	/* a reason past the first STAT_REASONS adds to the last row */
	for (k = 0; k < STAT_REASONS - 1 && reason[k].why[0] && strcmp(reason[k].why, why); k++)
		;
	if (!reason[k].why[0])
		snprintf(reason[k].why, sizeof reason[k].why, "%s", k < STAT_REASONS - 1 ? why : "(other reasons)");
	reason[k].ms += ms;
	reason[k].n++;
}

static int wait_once(int fd, short events, double timeout_ms);

int probe_wait(int fd, short events, double timeout_ms)
{
	return probe_wait_as(PROBE_STAT_ANSWER, fd, events, timeout_ms);
}

int probe_wait_as(int kind, int fd, short events, double timeout_ms)
{
	double t0 = probe_now_ms();
	int r = wait_once(fd, events, timeout_ms);
	probe_stat_add(kind, probe_now_ms() - t0);
	return r;
}

int probe_wait_until(int kind, int fd, short events, double end_ms)
{
	double left;
	if (end_ms < 0)
		return probe_wait_as(kind, fd, events, -1);
	left = end_ms - probe_now_ms();
	return probe_wait_as(kind, fd, events, left > 0 ? left : 0);
}

static int wait_once(int fd, short events, double timeout_ms)
{
	double end = probe_now_ms() + timeout_ms;
	struct pollfd p = {fd, events, 0};
	for (;;) {
		int ms = -1, r;
		if (nl_interrupted)
			return -EINTR;
		if (timeout_ms >= 0) {
			/* the time up: one look, without waiting, at what is there already */
			double left = end - probe_now_ms();
			ms = left <= 0 ? 0 : (int)left + (left > (int)left);    /* round up */
		}
		r = poll(&p, 1, ms);
		if (r > 0)
			return p.revents;
		if (r == 0) {
			if (timeout_ms >= 0 && (ms == 0 || probe_now_ms() >= end))
				return 0;
			continue;
		}
		if (errno != EINTR)
			return -errno;
		/* EINTR: Ctrl-C (checked at the top) or another signal (SIGCHLD) */
	}
}

/* Which probe is running, and which one the lab was last settled for */
static unsigned long probe_serial, settled_serial;

void probe_begin(void)
{
	probe_serial++;
}

int probe_socket(const char *ns, int domain, int type, int proto)
{
	struct ns_scope sc;
	int fd, r;
	/* A probe's first packet must not be lost to a link the kernel is still
	 * bringing up (the 1 s ARP retransmit): wait for the lab to settle, at
	 * most 2 s, once per probe (probe_begin), not for each of its sockets.
	 * Not by time: the line before may have brought a link up a millisecond
	 * after the last probe settled. */
	if (settled_serial != probe_serial) {
		double t0 = probe_now_ms();
		lab_settle(2.0);
		quiet_note_before_probe();
		settled_serial = probe_serial;
		probe_stat_add(PROBE_STAT_SETTLE, probe_now_ms() - t0);
	}
	r = ns_enter(ns, &sc);
	if (r < 0)
		return r;
	fd = socket(domain, type | SOCK_CLOEXEC, proto);
	if (fd < 0)
		fd = -errno;
	ns_leave(&sc);
	return fd;
}

int probe_resolve(const char *ns, const char *name, struct in_addr *out, int *gai)
{
	struct addrinfo hints, *res = NULL;
	struct ns_scope sc;
	int r;
	*gai = 0;
	if (parse_ipv4(name, &out->s_addr) == 0)
		return 0;
	/* a string of digits and dots that is not a dotted quad is a typo, not a name */
	if (name[0] == '\0' || strspn(name, "0123456789.") == strlen(name))
		return -EINVAL;
	if ((r = ns_enter(ns, &sc)) < 0)
		return r;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_DGRAM;
	r = getaddrinfo(name, NULL, &hints, &res);
	ns_leave(&sc);
	if (r != 0) {
		*gai = r;
		return -ENOENT;
	}
	*out = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
	freeaddrinfo(res);
	return 0;
}

int probe_bind(int fd, const char *dev, const struct in_addr *src)
{
	if (dev && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, (socklen_t)strlen(dev) + 1) < 0)
		return -errno;
	if (src) {
		struct sockaddr_in b = {.sin_family = AF_INET, .sin_addr = *src};
		if (bind(fd, (struct sockaddr *)&b, sizeof b) < 0)
			return -errno;
	}
	return 0;
}

int probe_ifindex(const char *ns, const char *dev)
{
	struct ns_scope sc;
	unsigned idx;
	int r = ns_enter(ns, &sc);
	if (r < 0)
		return r;
	idx = if_nametoindex(dev);
	ns_leave(&sc);
	return idx ? (int)idx : -ENODEV;
}

uint16_t probe_cksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;
	while (len > 1) {
		sum += (uint32_t)(p[0] << 8 | p[1]);
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)(p[0] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}
