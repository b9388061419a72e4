/*
 * probe_util.h -- what ping.c, trace.c and http.c share: clocks, waiting that
 * honours Ctrl-C, sockets made inside a namespace, address parsing.
 */
#ifndef PROBE_UTIL_H
#define PROBE_UTIL_H

struct lua_State;   /* the binding half below; primitives need no Lua */

#include <stdint.h>
#include <netinet/in.h>
#include "netlearn.h"
#include "ping_common.h"

/* Milliseconds on the monotonic clock. */
double probe_now_ms(void);
/* poll() one fd for EVENTS up to TIMEOUT_MS (<0: forever; 0: one look without
 * waiting). Returns revents (>0), 0 on timeout, -EINTR when Ctrl-C was seen
 * (nl_interrupted), or -errno. */
int probe_wait(int fd, short events, double timeout_ms);
/* A new probe starts (ping, ping6, traceroute, a TCP connection): its first
 * probe_socket waits for the lab to settle (lab_settle), its other sockets do not. */
void probe_begin(void);
/* A socket (SOCK_CLOEXEC added) created inside namespace NS. fd or -errno. */
int probe_socket(const char *ns, int domain, int type, int proto);
/* Dotted quad, or a name looked up inside NS (files and DNS as the namespace
 * sees them). 0, -EINVAL (not an address, *gai = 0) or -ENOENT with *gai set to
 * the getaddrinfo code for gai_strerror(). */
int probe_resolve(const char *ns, const char *name, struct in_addr *out, int *gai);
/* For a Lua binding: DEST (dotted quad or name) into *DST and, when SRC is not
 * NULL, the source address SRC into *SRC_OUT with *HAVE_SRC = 1. 0, or on bad
 * input the count of values l_fail() pushed (the binding returns it). */
int probe_l_endpoints(struct lua_State *L, const char *ns, const char *dest, const char *src,
		      struct in_addr *dst, struct in_addr *src_out, int *have_src);
/* Bind FD to device DEV (NULL: any) and to source address SRC (NULL: any). 0 or -errno. */
int probe_bind(int fd, const char *dev, const struct in_addr *src);
/* Interface index of DEV inside NS, or -ENODEV. */
int probe_ifindex(const char *ns, const char *dev);
/* NETLEARN_PROBE_STATS=1: add MS of waiting of one KIND, printed at exit.
 * The kinds do not overlap (docs/performance.md, row 3): settle before a
 * probe, a reply on its way, a capture's wait, ping's interval after the
 * previous echo was answered, a quiet-lab proof, a fixed wait for a reply that
 * cannot be proved absent, capture rings opened and closed, lab resets. */
enum { PROBE_STAT_SETTLE, PROBE_STAT_ANSWER, PROBE_STAT_CAPTURE, PROBE_STAT_INTERVAL,
       PROBE_STAT_QUIET, PROBE_STAT_FIXED, PROBE_STAT_RINGS, PROBE_STAT_RESET, PROBE_STAT_KINDS };
int probe_stats_on(void);
/* Print the stats now (when on) instead of at exit (sandbox_leave). */
void probe_stats_print(void);
void probe_stat_add(int kind, double ms);
/* KIND by its name in the stats line ("rings"), or -1 */
int probe_stat_kind(const char *name);
/* "of which": MS of time already counted in a kind, kept under WHY (a fixed
 * wait's reason); printed as lines of their own. */
void probe_stat_reason(const char *why, double ms);
/* probe_wait whose waiting counts as KIND */
int probe_wait_as(int kind, int fd, short events, double timeout_ms);
/* probe_wait_as until END_MS on probe_now_ms()'s clock (<0: forever). An end
 * already past looks once without waiting: a time left computed as END minus
 * now can come out negative, which probe_wait would take as "forever". */
int probe_wait_until(int kind, int fd, short events, double end_ms);
/* Internet checksum */
uint16_t probe_cksum(const void *data, size_t len);
/* Optional number field of table T (raises on a wrong type). */
double probe_optnum(struct lua_State *L, int t, const char *k, double def);
const char *probe_optpattern(struct lua_State *L, int t, size_t *len);
/* Clear the Lua hook the SIGINT handler armed, so a probe stopped by Ctrl-C can
 * still hand its partial result back; nl_interrupted stays set for the caller. */
void probe_keep_result(struct lua_State *L);
/* The options ping and ping6 take (net.ping's and net.ping6's third argument) */
struct ping_args {
	struct ping_common p;
	const char *src;
	int fn;                     /* stack index of on_event, 0: none */
};
/* Read and check the options table at T (nil: defaults) of binding FN
 * ("ping", "ping6"); sizes up to MAX_SIZE bytes. 0, or the plain guard's 3
 * results on the stack ("FN: FIELD= malformed or out of range": the words for
 * a learner are netlearn.pingspec's; the table's wrong types raise).
 * on_event, when given, is left on the stack at A->fn. */
int probe_l_ping_args(struct lua_State *L, int t, const char *fn, int max_size, struct ping_args *a);
/* One event of a ping run, for Lua: PUSH(L, EV) pushes it as a table; kept
 * in the list at stack index LIST (0: none) without its type, and handed to
 * on_event at FN (0: none). An error on_event raises is kept in *ERROR_REF
 * (Ctrl-C inside it just stops). 1 when the run is to stop (on_event said
 * false or raised), else 0. */
int probe_l_event(struct lua_State *L, void (*push)(struct lua_State *L, const void *ev), const void *ev,
		  int list, int fn, int *error_ref);
/* After a ping run that ended with R (0 or -errno): re-raise the error
 * on_event raised (ERROR_REF, a registry reference, or LUA_NOREF), or word R
 * (BIND: what a failed bind was, "bind" or "bind icmp socket"); 0 when the run
 * went well, else the count of l_fail's results on the stack. */
int probe_l_ping_done(struct lua_State *L, int r, int error_ref, const char *bind, const char *dev, const char *dest);
/* What ping and ping6 count, for the fields of the result table they share */
struct ping_tally {
	long sent, received, errors, dups;
	long timed;                 /* the replies tsum and tsum2 are over */
	double tmin, tmax, tsum, tsum2, elapsed;
	int last_ttl, interrupted, error_errno;
	const char *error;          /* "" when none */
};
/* Set sent, received, errors, duplicates, loss, rtts, rtt_* (the mean and
 * mdev over TIMED replies), ttl, replies, unreachable,
 * error, errno, interrupted and time in the table on top; REPLIES and UNREACH
 * are the stack indices of the reply and unreachable lists. */
void probe_push_ping_tally(struct lua_State *L, const struct ping_tally *t, int replies, int unreach);

#endif
