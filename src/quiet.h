/*
 * quiet.h -- the "quiet lab" mechanism (quiet.c): what the lab's queues and
 * counters hold right now, and a watch that says when nothing is left in
 * flight. Policy (when a proof may be tried, how long the settle window is)
 * is Lua's: lua/netlearn/quiet.lua. Why it is sound: docs/quiet-lab.md.
 */
#ifndef NETLEARN_QUIET_H
#define NETLEARN_QUIET_H
#include <stdint.h>

/* The processes of netlearn's user-space ipip (tunnel.c's pumps), handed in
 * by the binding: each one's pid, its TUN's ifindex and namespace. */
#define QUIET_PUMPS_MAX 16
struct quiet_pumps {
	int n;
	int pid[QUIET_PUMPS_MAX], ifindex[QUIET_PUMPS_MAX];
	char ns[QUIET_PUMPS_MAX][64];
};

/* The facts a proof depends on that do not change while a probe runs. */
struct quiet_facts {
	int want_tcp;           /* in: count TCP sockets too (reading /proc/net/tcp costs ms) */
	int want_listen;        /* in: sum the listeners' dropped SYNs too (listen_drops) */
	int links;              /* links in every namespace of the lab */
	int macvlan, ipvlan;    /* broadcasts delivered later by a work queue */
	int workers;            /* the kernel's work queue workers netlearn can see (kworkers.h) */
	int workers_idle;       /* of which idle now: 0 means their state cannot prove anything */
	int gro_cells;          /* tunnels (ipip, gre, sit, vxlan, geneve): receive through a NAPI queue */
	int user_hop;           /* tun/tap devices: a program forwards packets (not a known pump's) */
	int pumped;             /* TUNs of netlearn's user-space ipip whose pump the looks watch */
	int veth_napi;          /* veth with GRO on: a NAPI ring nothing shows */
	int stp;                /* a bridge with STP on: ports change state with time */
	int delay_qdisc;        /* netem: packets held on purpose */
	int proxy_arp;          /* a device answers ARP for others, after a random delay */
	int rt_kernel;          /* PREEMPT_RT: softirqs are preemptible threads */
	int kernel_major, kernel_minor; /* the running kernel's version (uname's release) */
	int tcp_open;           /* TCP sockets not listening: their timers send later (delayed ACK, retransmit) */
	long long listen_drops; /* TcpExt ListenDrops summed over the lab: a SYN a full accept
	                         * queue dropped is answered after the client's retransmit */
	char first[64];         /* the first device or qdisc that set one of the above */
	char first_ns[64];      /* and its namespace ("": the sandbox's own) */
	const char *first_fact; /* and which of the counts above it set ("macvlan") */
};

/* One look at the lab. */
struct quiet_sample {
	uint64_t packets;       /* rx/tx packets, errors and drops, summed over every link */
	long softnet_backlog;   /* packets in the CPUs' input backlogs; -1: not shown (kernel < 5.10) */
	long qdisc_qlen;        /* packets in the queues of every qdisc of the lab */
	int incomplete;         /* neighbour entries INCOMPLETE (a packet may wait for ARP) */
	int incomplete_before;  /* of which: INCOMPLETE already before the first probe since the
	                         * last change (quiet_note_before_probe), or managed */
	int cpus_missed;        /* online CPUs netlearn may not run on (so could not visit) */
	int pumps_busy;         /* pumps not asleep in poll(): they may hold a packet */
	int pumps_unknown;      /* pumps whose state could not be read */
	int workers_seen;       /* (looked at only when asked) work queue workers found */
	int workers_busy;       /* of which not idle: a work item may be pending or running */
	uint64_t workers_sig;   /* their pids and context switches: moves when one ran */
};

struct quiet_watch;
/* One look: FACTS may be NULL (they are read only when asked). A look with
 * FACTS does not visit the CPUs: it is not part of a proof. W (may be NULL)
 * says what else to look at: its pumps (the user-space tunnels' processes),
 * the kernel's work queue workers (last: a macvlan's or ipvlan's broadcast
 * queue is emptied by a work item), and since when a packet that waits in a
 * remembered INCOMPLETE entry is the probe's. 0 or -errno. */
int quiet_sample(struct quiet_sample *s, struct quiet_facts *facts, const struct quiet_watch *w);

/* Watch until quiet: call quiet_watch_step() while waiting; it looks at the lab
 * at most every SETTLE_MS and returns 1 once STABLE looks in a row, each
 * SETTLE_MS after the one before, found every queue empty and the counters
 * unchanged (INCOMPLETE neighbour entries made since the last change allowed when
 * INCOMPLETE_OK), 0 while
 * not yet, -errno when it cannot tell. WHY says what was last in flight. */
struct quiet_watch {
	double settle_ms, settle_max_ms, interval_ms;
	int stable_needed, incomplete_ok;
	int workers;                /* every work queue worker idle, and none ran, too */
	int workers_unbound;        /* (with workers) only those of the unbound pools: the lab's
	                             * deferred broadcasts are all queued on unbound work queues */
	double since_ms;            /* the probe began then (CLOCK_MONOTONIC ms; 0: not known): an
	                             * entry INCOMPLETE before the last change that no packet went
	                             * through since holds nothing of the probe */
	struct quiet_sample prev;
	int have_prev, prev_empty, stable, looks;
	double last_ms;
	char why[96];
	struct quiet_pumps pumps;   /* (quiet_watch_init empties it; the binding fills it) */
};
void quiet_watch_init(struct quiet_watch *w, double settle_ms, int stable, int incomplete_ok);
/* Before a probe's first packet (probe_socket): remember the neighbour entries
 * INCOMPLETE now, once per change to the lab (labchange.h). With INCOMPLETE_OK
 * a watch then ignores the INCOMPLETE entries made since -- each asked the lab
 * as it is, at once -- and waits for those remembered. */
void quiet_note_before_probe(void);
/* (binding half, l_quiet.c) a probe's opts.quiet = {settle, settle_max, stable,
 * incomplete_ok, workers} of the table at index T into W: 1, or 0 when T has no quiet */
struct lua_State;
int quiet_l_opt(struct lua_State *L, int t, struct quiet_watch *w);
/* (binding half, l_quiet.c) P: the user-space tunnels' pumps, from tunnel.c */
void quiet_pumps_read(struct quiet_pumps *p);
/* After a look that found something in flight, the next comes 1.5 times later,
 * up to SETTLE_MAX_MS (a lab that stays busy is not looked at every 2 ms). */
void quiet_watch_backoff(struct quiet_watch *w, double settle_max_ms);
int quiet_watch_step(struct quiet_watch *w, double now_ms);

#endif
