/* ping6.h -- what ping6.c gives its binding (l_ping6.c). */
#ifndef NETLEARN_PING6_H
#define NETLEARN_PING6_H
#include <stdint.h>
#include <netinet/in.h>
#include "ping_common.h"

#define SEQ_SLOTS 65536
#define TICK_MS 100.0

struct ping6_opts {
	struct sockaddr_in6 dst, src;
	int have_src;
	struct ping_common p;   /* count, timing, hop limit (p.ttl), size, device, pattern */
	const char *ns;
};

struct ping6_event {
	const char *type;       /* "start" | "reply" | "unreachable" | "timeout" | "tick" */
	int seq, hops, bytes;
	int dup;                /* a reply to a seq already answered (multicast: every other host) */
	double time;
	char from[INET6_ADDRSTRLEN + IF_NAMESIZE + 1];
	char text[80];
};

typedef int (*ping6_cb)(const struct ping6_event *ev, void *arg);

struct ping6_run {
	long sent, received, errors, dups;
	double tmin, tmax, tsum, tsum2, elapsed;
	int last_hops, interrupted;
	struct sockaddr_in6 src;
	int have_src;
	char error[80];
	int error_errno;
	int64_t *tx;
	unsigned char *state;   /* by seq: 0 none, 1 sent, 2 answered, 3 error, 4 reported late */
};

/* One ping6 run; every event to CB. 0 or -errno. */
int ping6_do(const struct ping6_opts *o, struct ping6_run *run, ping6_cb cb, void *arg);
/* a link-local address needs a zone (%dev) */
int ping6_needs_zone(const struct in6_addr *a);
/* A as text, with %dev for a scoped one (dev looked up in NS) */
void ping6_addr_text(const char *ns, const struct in6_addr *a, unsigned scope, char *buf, size_t len);

#endif
