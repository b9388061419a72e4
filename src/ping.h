/* ping.h -- what ping.c gives its binding (l_ping.c). */
#ifndef NETLEARN_PING_H
#define NETLEARN_PING_H
#include <stdint.h>
#include <netinet/in.h>
#include "ping_common.h"

#define SEQ_SLOTS 65536

struct ping_opts {
	struct in_addr dst, src;
	int have_src;
	struct ping_common p;   /* count, timing, ttl, size, device, pattern */
	/* After the last probe: QUIET(QUIET_ARG) every QUIET_POLL_MS, 1 once the
	 * lab is proved quiet (no reply can come any more: stop waiting), 0 not
	 * yet, <0 it cannot tell (wait the timeout). NULL: wait the timeout. */
	int (*quiet)(void *arg);
	void *quiet_arg;
	double quiet_poll_ms;
	/* 1: send the next echo as soon as every echo sent has its reply, not
	 * when the interval is over (netlearn check: docs/performance.md says
	 * why no claim needs the wait); the interval stays the longest gap */
	int eager;
	/* with EAGER and QUIET: an echo met by silence too, once the lab is proved
	 * quiet and no ICMP error was held back by a rate limit in the lab since
	 * the run began (icmp_limit.c). The caller sets it only for runs shorter
	 * than any lab timer (probes_ping.lua, EAGER_SPAN). QUIET_RESTART(QUIET_ARG)
	 * after each echo: looks made before an echo prove nothing of it. */
	int eager_silence;
	void (*quiet_restart)(void *arg);
	/* 1: the caller waits to prove that no reply comes; a wait after the last
	 * echo without a quiet proof counts as a fixed wait (NETLEARN_PROBE_STATS) */
	int negative;
};

struct ping_event {
	const char *type;       /* "reply" | "unreachable" | "timeout" | "tick" */
	int seq, ttl, bytes;
	double time;            /* ms, replies only */
	struct in_addr from;
	char text[64];
	int dup;                /* a reply: 1 when seq was answered already (iputils: "(DUP!)") */
};

#define TICK_MS 100.0

/* Called for every event; returns nonzero to stop the run. */
typedef int (*ping_cb)(const struct ping_event *ev, void *arg);

struct ping_run {
	long sent, received, errors, dups;
	double tmin, tmax, tsum, tsum2, elapsed;
	int last_ttl, interrupted;
	int quiet;              /* 1: the wait ended because the lab was proved quiet */
	double quiet_ms;        /* then: ms from the last probe sent to the proof */
	struct in_addr src;
	char error[64];         /* "connect: Network is unreachable" */
	int error_errno;
	int64_t *tx;            /* realtime ns of each send, by seq */
	unsigned char *state;   /* by seq: 0 none, 1 sent, 2 answered, 3 error, 4 reported late */
};

/* One ping run in NS; every event to CB. 0 or -errno. */
int ping_do(const char *ns, const struct ping_opts *o, struct ping_run *run, ping_cb cb, void *arg);

#endif
