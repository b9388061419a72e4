/* trace.h -- what trace.c gives its binding (l_trace.c). */
#ifndef NETLEARN_TRACE_H
#define NETLEARN_TRACE_H
#include <stdint.h>
#include <netinet/in.h>

#define TRACE_MAX_QUERIES 10
struct trace_opts {
	struct in_addr dst, src;
	int have_src;
	int first, max_hops, queries, port, size, retries;
	double wait_ms;
	const char *dev;
};

struct trace_probe {
	int answered;
	struct in_addr from;
	double rtt;             /* ms */
	char flag[8];           /* "" | "!H" | "!N" | "!P" | "!X" ... */
	int final;              /* the destination answered, or an unreachable ended it */
};

int trace_one_probe(const char *ns, const struct trace_opts *o, int ttl, int port, struct trace_probe *p);
int trace_paced_probe(const char *ns, const struct trace_opts *o, int ttl, int port,
		       struct trace_probe *p, double *last_answer);
int trace_probe_sock(const char *ns, const struct trace_opts *o, int ttl, int port);

#endif
