/*
 * quiet.c -- is anything of the lab still in flight? The mechanism of the
 * "quiet lab" proof (docs/quiet-lab.md): one look sums every link's packet
 * counters in every namespace of the lab, reads the CPUs' input backlogs
 * (/proc/net/softnet_stat), the qdisc queues and the neighbour entries still
 * waiting for ARP, after running once on every CPU (a CPU that runs netlearn
 * is not in the middle of a softirq, so any packet being handed on there has
 * been counted). The facts say where a packet could wait unseen (work queues,
 * NAPI rings, user-space hops, timers); lua/netlearn/quiet.lua decides.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <linux/ethtool.h>
#include <linux/gen_stats.h>
#include <linux/neighbour.h>
#include <linux/netconf.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include "link.h"
#include "neigh.h"
#include "route.h"
#include "kworkers.h"
#include "procstat.h"
#include "labchange.h"
#include "quiet.h"

/* The lab's namespaces: "" (the sandbox's own) and every named one. */
struct ns_names { char (*v)[64]; int n, cap, err; };

static void add_ns(const char *name, void *arg)
{
	struct ns_names *a = arg;
	if (a->err)
		return;
	if (a->n == a->cap) {
		int cap = a->cap ? a->cap * 2 : 8;
		char (*v)[64] = realloc(a->v, sizeof *v * (size_t)cap);
		if (!v) {
			a->err = -ENOMEM;
			return;
		}
		a->v = v;
		a->cap = cap;
	}
	snprintf(a->v[a->n++], 64, "%s", name);
}

/* every namespace of the lab into NAMES (NAMES->err on failure) */
static void lab_ns_names(struct ns_names *names)
{
	add_ns("", names);
	ns_list(add_ns, names);
}

/* Column 12 of /proc/net/softnet_stat is the backlog of that CPU (input and
 * process queues; kernels >= 5.10, commit 7d58e6555870 "net-sysfs: add backlog
 * len and CPU id to softnet data", with the CPU id in column 13). */
static long softnet_backlog(void)
{
	FILE *f = fopen("/proc/net/softnet_stat", "re");
	char line[512];
	long sum = 0;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f)) {
		unsigned long col[16];
		int n = 0;
		char *p = line, *end;
		while (n < 16) {
			unsigned long v = strtoul(p, &end, 16);
			if (end == p)
				break;
			col[n++] = v;
			p = end;
		}
		if (n < 13) {
			sum = -1;
			break;
		}
		sum += (long)col[11];
	}
	fclose(f);
	return sum;
}

/* Run once on every CPU this thread may use (unless only counting); count
 * the online ones it may not. */
static int visit_cpus(int visit)
{
	cpu_set_t all, one;
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	int cpu, allowed;
	if (sched_getaffinity(0, sizeof all, &all) < 0)
		return -1;
	allowed = CPU_COUNT(&all);
	for (cpu = 0; visit && cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &all))
			continue;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		/* returns once this thread runs on CPU (the kernel migrates it first) */
		if (sched_setaffinity(0, sizeof one, &one) < 0) {
			sched_setaffinity(0, sizeof all, &all);
			return -1;
		}
	}
	sched_setaffinity(0, sizeof all, &all);
	return online > allowed ? (int)(online - allowed) : 0;
}

static void note(struct quiet_facts *f, int *field, const char *fact, const char *ns, const char *what)
{
	if (!f->first[0]) {
		f->first_fact = fact;
		snprintf(f->first, sizeof f->first, "%s", what);
		snprintf(f->first_ns, sizeof f->first_ns, "%s", ns);
	}
	(*field)++;
}

static int gro_on(int fd, const char *dev)
{
	struct ethtool_value ev = { .cmd = ETHTOOL_GGRO };
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", dev);
	ifr.ifr_data = (char *)&ev;
	return ioctl(fd, SIOCETHTOOL, &ifr) == 0 && ev.data;
}

/* Does the namespace we are in have no TCP socket at all? /proc/net/sockstat's
 * "TCP: inuse N ... tw N" and sockstat6's "TCP6: inuse N" are this namespace's
 * counts, read in constant time; 0: some, or cannot tell. */
static int no_tcp_sockets(void)
{
	char line[256];
	int inuse = 0, inuse6 = 0, tw = 0, seen = 0;
	FILE *f = fopen("/proc/thread-self/net/sockstat", "re");
	if (f) {
		while (fgets(line, sizeof line, f))
			if (sscanf(line, "TCP: inuse %d orphan %*d tw %d", &inuse, &tw) == 2)
				seen |= 1;
		fclose(f);
	}
	if ((f = fopen("/proc/thread-self/net/sockstat6", "re"))) {
		while (fgets(line, sizeof line, f))
			if (sscanf(line, "TCP6: inuse %d", &inuse6) == 1)
				seen |= 2;
		fclose(f);
	}
	return seen == 3 && inuse == 0 && inuse6 == 0 && tw == 0;
}

/* TCP sockets of the namespace we are in that are not listening (/proc/net/tcp
 * and tcp6: "sl local rem st ...", st 0A is LISTEN). Reading those walks the
 * machine's whole established hash (tens of ms with a large one), so a
 * namespace without a TCP socket is answered from sockstat. */
static int tcp_not_listening(void)
{
	static const char *const files[] = { "/proc/thread-self/net/tcp", "/proc/thread-self/net/tcp6" };
	char line[512];
	int n = 0;
	size_t i;
	if (no_tcp_sockets())
		return 0;
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		FILE *f = fopen(files[i], "re");
		unsigned st;
		if (!f)
			continue;
		while (fgets(line, sizeof line, f))
			if (sscanf(line, " %*d: %*s %*s %x", &st) == 1 && st != 0x0A)
				n++;
		fclose(f);
	}
	return n;
}

/* TcpExt ListenDrops of the namespace we are in (/proc/net/netstat), or 0
 * when not shown */
static long long listen_drops(void)
{
	static const char *const name[] = { "ListenDrops" };
	long long n = 0;
	proc_net_counters("netstat", "TcpExt", name, 1, &n);
	return n;
}

/* Is the device IFINDEX of NS the TUN of one of netlearn's pumps? */
static int pumped(const struct quiet_pumps *p, const char *ns, int ifindex)
{
	int i;
	for (i = 0; p && i < p->n; i++)
		if (p->ifindex[i] == ifindex && !strcmp(p->ns[i], ns))
			return 1;
	return 0;
}

/* A pump holds no packet while it sleeps: its sockets are non-blocking, so it
 * sleeps only in poll() (state S), and only when neither socket has a packet;
 * a packet queued to either wakes it at once (tun_net_xmit, and the raw
 * socket's data_ready, call the wake-up inside the sending section step 1
 * waited out). Its context switches join the counters: a pump that woke,
 * forwarded and slept again between two looks moved them (docs/quiet-lab.md). */
static void pumps_look(const struct quiet_pumps *p, struct quiet_sample *s)
{
	int i, proc;
	if (!p || p->n == 0)
		return;
	if ((proc = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		s->pumps_unknown += p->n;
		return;
	}
	for (i = 0; i < p->n; i++) {
		unsigned long long sw;
		char state;
		int r = proc_task_switches(proc, p->pid[i], &state, &sw);
		/* a pump that has ended (gone, or a zombie) holds nothing any more */
		if (r == -ENOENT || r == -ESRCH || (r == 0 && (state == 'Z' || state == 'X')))
			continue;
		if (r < 0) {
			s->pumps_unknown++;
			continue;
		}
		s->packets += sw;
		if (state != 'S')
			s->pumps_busy++;
	}
	close(proc);
}

static int links_look(const char *ns, struct quiet_sample *s, struct quiet_facts *f, const struct quiet_pumps *pumps)
{
	struct link_info *v;
	int n = link_dump_all(ns, &v), i, fd = -1;
	if (n < 0)
		return n;
	if (f) {
		struct ns_scope sc;
		if (ns_enter(ns, &sc) == 0) {
			int tcp = f->want_tcp ? tcp_not_listening() : 0;
			long long drops = f->want_listen ? listen_drops() : 0;
			fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
			ns_leave(&sc);
			f->tcp_open += tcp;
			f->listen_drops += drops;
		}
	}
	for (i = 0; i < n; i++) {
		const struct link_info *li = &v[i];
		/* rtnl_link_stats64: rx/tx packets, rx/tx errors, rx/tx dropped */
		s->packets += li->st[0] + li->st[1] + li->st[4] + li->st[5] + li->st[6] + li->st[7];
		if (!f)
			continue;
		f->links++;
		/* a device that is down passes no packet: the kernel's fallback tunl0
		 * (every namespace has one where ipip is loaded) keeps no proof away */
		if (!(li->flags & IFF_UP))
			continue;
		/* counted, not noted: they keep no proof away, they only forbid
		 * INCOMPLETE entries (quiet.lua's RESOLVED_ONLY), so they are not
		 * the device a fixed wait is blamed on */
		if (!strcmp(li->kind, "macvlan") || !strcmp(li->kind, "macvtap"))
			f->macvlan++;
		else if (!strcmp(li->kind, "ipvlan") || !strcmp(li->kind, "ipvtap"))
			f->ipvlan++;
		else if (!strcmp(li->kind, "ipip") || !strcmp(li->kind, "gre") || !strcmp(li->kind, "gretap") ||
			 !strcmp(li->kind, "sit") || !strcmp(li->kind, "vxlan") || !strcmp(li->kind, "geneve"))
			note(f, &f->gro_cells, "gro_cells", ns, li->name);
		else if (pumped(pumps, ns, li->ifindex))
			f->pumped++;
		else if (!strcmp(li->kind, "tun") || li->alias[0])
			note(f, &f->user_hop, "user_hop", ns, li->name);
		else if (!strcmp(li->kind, "veth") && (fd < 0 || gro_on(fd, li->name)))
			note(f, &f->veth_napi, "veth_napi", ns, li->name);
		else if (!strcmp(li->kind, "bridge") && li->has_stp && li->stp)
			note(f, &f->stp, "stp", ns, li->name);
	}
	if (fd >= 0)
		close(fd);
	free(v);
	return 0;
}

struct qdisc_ctx { struct quiet_sample *s; struct quiet_facts *f; const char *ns; };

static int qdisc_one(struct nlmsghdr *h, void *arg)
{
	struct qdisc_ctx *c = arg;
	struct nlattr *tb[TCA_MAX + 1], *st[TCA_STATS_MAX + 1];
	if (h->nlmsg_type != RTM_NEWQDISC || nlmsg_parse(h, sizeof(struct tcmsg), tb, TCA_MAX, NULL) < 0)
		return 0;
	if (tb[TCA_STATS2] && nla_parse_nested(st, TCA_STATS_MAX, tb[TCA_STATS2], NULL) == 0 &&
	    st[TCA_STATS_QUEUE] && nla_len(st[TCA_STATS_QUEUE]) >= (int)sizeof(struct gnet_stats_queue)) {
		const struct gnet_stats_queue *q = nla_data(st[TCA_STATS_QUEUE]);
		c->s->qdisc_qlen += (long)q->qlen;
	} else if (tb[TCA_STATS] && nla_len(tb[TCA_STATS]) >= (int)sizeof(struct tc_stats)) {
		const struct tc_stats *q = nla_data(tb[TCA_STATS]);
		c->s->qdisc_qlen += (long)q->qlen;
	}
	if (c->f && tb[TCA_KIND] && !strcmp(nla_get_string(tb[TCA_KIND]), "netem"))
		note(c->f, &c->f->delay_qdisc, "delay_qdisc", c->ns, "qdisc netem");
	return 0;
}

/* ---- INCOMPLETE entries made before the last change ---------------------
 * An INCOMPLETE entry asked the lab at once when it was made (the kernel's
 * immediate probe) and asks again every second. One made after the last change
 * to the lab asked the lab as it is now, and will get the same answer again;
 * one made before may be waiting for a retransmit that meets a changed lab.
 * So before the first probe after a change, remember which entries are
 * INCOMPLETE (quiet_note_before_probe): while nothing changes, those, and only
 * those, still wait for an answer that may come. */
struct waiting {
	char ns[64];
	int ifindex, family, len;
	unsigned char dst[16];
	unsigned probes;            /* its solicitations then */
	unsigned long asked_look;   /* the look that first saw it ask again (0: none yet) */
};
static unsigned long look_seq;  /* looks made so far */
static struct {
	struct waiting *v;
	int n, cap, valid;
	unsigned long changes;      /* lab_change_count() when it was taken */
} before;

struct note_ctx { const char *ns; int err; };

static int note_one(const struct neigh_info *ni, void *arg)
{
	struct note_ctx *c = arg;
	struct waiting *w;
	if (!(ni->state & NUD_INCOMPLETE))
		return 0;
	if (before.n == before.cap) {
		int cap = before.cap ? before.cap * 2 : 16;
		struct waiting *v = realloc(before.v, sizeof *v * (size_t)cap);
		if (!v) {
			c->err = -ENOMEM;
			return 1;
		}
		before.v = v;
		before.cap = cap;
	}
	w = &before.v[before.n++];
	snprintf(w->ns, sizeof w->ns, "%s", c->ns);
	w->ifindex = ni->ifindex;
	w->family = ni->family;
	w->len = ni->dst_len;
	memcpy(w->dst, ni->dst_bytes, sizeof w->dst);
	w->probes = ni->probes;
	w->asked_look = 0;
	return 0;
}

/* Is what was remembered still the lab as it is (no change since, no program
 * started in the background still running)? RUNNING: lab_change_programs_running(),
 * asked first (a program's end counts as a change). */
static int before_current(int running)
{
	return before.valid && !running && before.changes == lab_change_count();
}

void quiet_note_before_probe(void)
{
	struct ns_names names = { NULL, 0, 0, 0 };
	int i, running = lab_change_programs_running();
	if (before_current(running))
		return;
	before.n = 0;
	before.valid = 0;
	if (running)
		return;                 /* anything may change: every entry waits */
	before.changes = lab_change_count();
	lab_ns_names(&names);
	for (i = 0; i < names.n && !names.err; i++) {
		struct nl_sock *sk;
		struct note_ctx c = { names.v[i], 0 };
		int err = 0, r;
		if (!(sk = nl_route_sock(names.v[i], &err)))
			r = err == -ENOENT ? 0 : -EIO;
		else
			r = neigh_walk(sk, 0, note_one, &c);
		if (r < 0 || c.err)
			names.err = r < 0 ? r : c.err;
	}
	before.valid = !names.err && before.changes == lab_change_count();
	free(names.v);
}

/* Has no packet gone through entry NI since SINCE_MS? Every packet sent
 * through an entry stamps it (neigh->used = jiffies, in neigh_event_send
 * before it is queued), and the dump gives the age of that stamp in clock
 * ticks, rounded down: the true age is more than ticks - 1 jiffy (10 ms at
 * the slowest HZ). Now is read after the dump, so it is later than the
 * kernel's now. */
static int unused_since(const struct neigh_info *ni, double since_ms)
{
	static long tick_ms;
	if (!tick_ms)
		tick_ms = 1000 / (sysconf(_SC_CLK_TCK) > 0 ? sysconf(_SC_CLK_TCK) : 100);
	return since_ms > 0 && ni->used_ticks >= 0 &&
	       (double)(ni->used_ticks * tick_ms) - 10 > nl_mono_now() * 1e3 - since_ms;
}

/* an INCOMPLETE entry that may still get an answer with nothing in flight,
 * for the probe that began at SINCE_MS: one made before the last change,
 * unless it has asked again since (its retransmit met the lab as it is, as a
 * new entry's first request does), or nothing of the probe went through it
 * (only older packets wait there); or one the kernel refreshes from a work
 * queue (NTF_EXT_MANAGED: it asks a tick later, not at once). "Asked again"
 * counts from the look after the one that saw NDA_PROBES grow: the timer's
 * section that counted it and sent the request then ended before this look
 * began, so its request is in the counters this look compares. */
static int may_be_answered_later(const char *ns, const struct neigh_info *ni, int current, double since_ms)
{
	int i;
	if (!current || (ni->ext_flags & NTF_EXT_MANAGED))
		return 1;
	for (i = 0; i < before.n; i++) {
		struct waiting *w = &before.v[i];
		if (w->ifindex != ni->ifindex || w->family != ni->family || w->len != ni->dst_len ||
		    memcmp(w->dst, ni->dst_bytes, (size_t)w->len) || strcmp(w->ns, ns))
			continue;
		if (w->asked_look && w->asked_look < look_seq)
			return 0;
		if (!w->asked_look && ni->probes != w->probes)
			w->asked_look = look_seq;
		return !unused_since(ni, since_ms);
	}
	return 0;
}

struct incomplete_ctx { struct quiet_sample *s; const char *ns; int current; double since_ms; };

static int incomplete_one(const struct neigh_info *ni, void *arg)
{
	struct incomplete_ctx *c = arg;
	if (!(ni->state & NUD_INCOMPLETE))
		return 0;
	c->s->incomplete++;
	if (may_be_answered_later(c->ns, ni, c->current, c->since_ms))
		c->s->incomplete_before++;
	return 0;
}

struct netconf_ctx { struct quiet_facts *f; const char *ns; };

static int netconf_one(struct nlmsghdr *h, void *arg)
{
	struct netconf_ctx *c = arg;
	struct nlattr *tb[NETCONFA_MAX + 1];
	if (h->nlmsg_type != RTM_NEWNETCONF ||
	    nlmsg_parse(h, sizeof(struct netconfmsg), tb, NETCONFA_MAX, NULL) < 0)
		return 0;
	if (tb[NETCONFA_PROXY_NEIGH] && nla_get_u32(tb[NETCONFA_PROXY_NEIGH]))
		note(c->f, &c->f->proxy_arp, "proxy_arp", c->ns, "proxy_arp");
	return 0;
}

static int ns_look(const char *ns, struct quiet_sample *s, struct quiet_facts *f, const struct quiet_pumps *pumps,
		   int current, double since_ms)
{
	struct tcmsg tcm;
	struct qdisc_ctx qc = { s, f, ns };
	struct incomplete_ctx ic = { s, ns, current, since_ms };
	struct nl_sock *sk;
	int r, err = 0;
	if ((r = links_look(ns, s, f, pumps)) < 0)
		return r;
	if (!(sk = nl_route_sock(ns, &err)))
		return err ? err : -EIO;
	memset(&tcm, 0, sizeof tcm);
	tcm.tcm_family = AF_UNSPEC;
	if ((r = rt_dump(sk, RTM_GETQDISC, &tcm, sizeof tcm, qdisc_one, &qc)) < 0)
		return r;
	if ((r = neigh_walk(sk, 0, incomplete_one, &ic)) < 0)
		return r;
	if (f) {
		struct netconfmsg ncm = { .ncm_family = AF_INET };
		struct netconf_ctx nc = { f, ns };
		if ((r = rt_dump(sk, RTM_GETNETCONF, &ncm, sizeof ncm, netconf_one, &nc)) < 0)
			return r;
	}
	return 0;
}

/* The work queue workers, after everything else: a broadcast a macvlan or
 * ipvlan queued is in no backlog or counter until a worker hands it on, and
 * a worker that did so since the look before has switched (docs/quiet-lab.md,
 * "macvlan and ipvlan: the kernel's workers"). */
static void workers_sample(struct quiet_sample *s, struct quiet_facts *f, enum kworkers_which which)
{
	struct kworkers_look k;
	if (kworkers_look(&k, which) < 0)
		return;                 /* none seen: no proof */
	s->workers_seen = k.seen;
	s->workers_busy = k.busy;
	s->workers_sig = k.sig;
	if (f) {
		f->workers = k.seen;
		f->workers_idle = k.seen - k.busy;
	}
}

int quiet_sample(struct quiet_sample *s, struct quiet_facts *f, const struct quiet_watch *w)
{
	const struct quiet_pumps *pumps = w ? &w->pumps : NULL;
	struct ns_names names = { NULL, 0, 0, 0 };
	int i, r = 0, current = before_current(lab_change_programs_running());
	look_seq++;
	memset(s, 0, sizeof *s);
	if (f) {
		struct utsname u;
		int want_tcp = f->want_tcp, want_listen = f->want_listen;
		memset(f, 0, sizeof *f);
		f->want_tcp = want_tcp;
		f->want_listen = want_listen;
		if (uname(&u) == 0) {
			if (strstr(u.version, "PREEMPT_RT"))
				note(f, &f->rt_kernel, "rt_kernel", "", "a PREEMPT_RT kernel");
			if (sscanf(u.release, "%d.%d", &f->kernel_major, &f->kernel_minor) != 2)
				f->kernel_major = f->kernel_minor = 0;
		}
	}
	/* first every CPU once: what was being handed on there is counted now
	 * (the facts are only counted: they do not prove anything) */
	s->cpus_missed = visit_cpus(f == NULL);
	lab_ns_names(&names);
	if (names.err) {
		r = names.err;
		goto out;
	}
	for (i = 0; i < names.n; i++) {
		r = ns_look(names.v[i], s, f, pumps, current, w ? w->since_ms : 0);
		if (r == -ENOENT)       /* deleted while we looked */
			r = 0;
		if (r < 0)
			goto out;
	}
	pumps_look(pumps, s);
	/* the backlogs last: a packet queued after the counters were read is
	 * either still there or was handed on (and counted) after them */
	s->softnet_backlog = softnet_backlog();
	/* the facts need them only where a device defers its broadcasts */
	if (w && w->workers)
		workers_sample(s, f, w->workers_unbound ? KWORKERS_UNBOUND : KWORKERS_ALL);
	else if (f && (f->macvlan || f->ipvlan))
		workers_sample(s, f, KWORKERS_ALL);
out:
	free(names.v);
	return r;
}

void quiet_watch_init(struct quiet_watch *w, double settle_ms, int stable, int incomplete_ok)
{
	memset(w, 0, sizeof *w);
	w->settle_ms = w->settle_max_ms = w->interval_ms = settle_ms;
	w->stable_needed = stable > 0 ? stable : 1;
	w->incomplete_ok = incomplete_ok;
}

void quiet_watch_backoff(struct quiet_watch *w, double settle_max_ms)
{
	w->settle_max_ms = settle_max_ms > w->settle_ms ? settle_max_ms : w->settle_ms;
}

int quiet_watch_step(struct quiet_watch *w, double now_ms)
{
	struct quiet_sample s;
	int r, empty;
	if (w->have_prev && now_ms - w->last_ms < w->interval_ms)
		return 0;
	if ((r = quiet_sample(&s, NULL, w)) < 0)
		return r;
	w->looks++;
	w->last_ms = now_ms;
	if (s.softnet_backlog < 0 || s.cpus_missed != 0 || s.pumps_unknown || (w->workers && !s.workers_seen)) {
		snprintf(w->why, sizeof w->why, "%s", s.softnet_backlog < 0 ?
			 "this kernel does not show its backlogs" : s.cpus_missed ? "netlearn may not run on every CPU" :
			 s.pumps_unknown ? "a user-space tunnel's state cannot be read" :
			 "the kernel's work queue workers cannot be seen");
		return -ENOTSUP;
	}
	empty = s.softnet_backlog == 0 && s.qdisc_qlen == 0 &&
		(w->incomplete_ok ? s.incomplete_before == 0 : s.incomplete == 0) &&
		s.pumps_busy == 0 && s.workers_busy == 0;
	if (!empty && s.pumps_busy && s.softnet_backlog == 0 && s.qdisc_qlen == 0)
		snprintf(w->why, sizeof w->why, "%d user-space tunnels busy", s.pumps_busy);
	else if (!empty && s.workers_busy && s.softnet_backlog == 0 && s.qdisc_qlen == 0)
		snprintf(w->why, sizeof w->why, "%d kernel workers busy", s.workers_busy);
	else if (!empty)
		snprintf(w->why, sizeof w->why, "%ld in backlogs, %ld in qdiscs, %d neighbours INCOMPLETE",
			 s.softnet_backlog, s.qdisc_qlen, w->incomplete_ok ? s.incomplete_before : s.incomplete);
	else if (w->have_prev && s.packets != w->prev.packets)
		snprintf(w->why, sizeof w->why, "%llu packets counted since the last look",
			 (unsigned long long)(s.packets - w->prev.packets));
	else if (w->have_prev && s.workers_sig != w->prev.workers_sig)
		snprintf(w->why, sizeof w->why, "a kernel worker ran since the last look");
	if (empty && w->have_prev && w->prev_empty && s.packets == w->prev.packets &&
	    s.workers_sig == w->prev.workers_sig) {
		w->stable++;
	} else {
		w->stable = 0;
		if (w->have_prev) {     /* still busy: look less often */
			w->interval_ms *= 1.5;
			if (w->interval_ms > w->settle_max_ms)
				w->interval_ms = w->settle_max_ms;
		}
	}
	w->prev_empty = empty;
	w->prev = s;
	w->have_prev = 1;
	if (w->stable >= w->stable_needed) {
		w->why[0] = '\0';
		return 1;
	}
	return 0;
}
