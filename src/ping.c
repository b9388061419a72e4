/*
 * ping.c -- net.ping: ICMP echo over a raw socket made inside the lab
 * namespace, with iputils ping's rules for when to send, when to stop and what
 * counts as an error. Replies and ICMP errors (host/net unreachable, time to
 * live exceeded) about our own echo id come back on the same raw socket; a
 * missing route is found first by connect()ing a UDP socket, as iputils does.
 */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/icmp.h>
#include <netdb.h>
#include <linux/errqueue.h>
#include <netinet/ip.h>
#include <sys/random.h>
#include <sys/socket.h>
#include "probe_util.h"
#include "icmp_limit.h"

#include "ping.h"

static int64_t realtime_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static const char *unreach_text(int type, int code, char *buf, size_t len, unsigned mtu)
{
	static const char *const du[] = {
		"Destination Net Unreachable", "Destination Host Unreachable",
		"Destination Protocol Unreachable", "Destination Port Unreachable",
		NULL, "Source Route Failed", "Destination Net Unknown",
		"Destination Host Unknown", "Source Host Isolated",
		"Destination Net Prohibited", "Destination Host Prohibited",
		"Destination Net Unreachable for Type of Service",
		"Destination Host Unreachable for Type of Service",
		"Packet filtered", "Precedence Violation", "Precedence Cutoff",
	};
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		snprintf(buf, len, "Frag needed and DF set (mtu = %u)", mtu);
	else if (type == ICMP_DEST_UNREACH && code >= 0 && code < 16)
		snprintf(buf, len, "%s", du[code]);
	else if (type == ICMP_TIME_EXCEEDED)
		snprintf(buf, len, "%s", code == 0 ? "Time to live exceeded" : "Frag reassembly time exceeded");
	else if (type == ICMP_PARAMETERPROB)
		snprintf(buf, len, "Parameter problem");
	else
		snprintf(buf, len, "Dest Unreachable, Bad Code: %d", code);
	return buf;
}

/* The UDP connect() iputils does first: finds "no route" and the source. */
static int route_check(const char *ns, const struct ping_opts *o, struct ping_run *run)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(1025), .sin_addr = o->dst};
	socklen_t sl = sizeof sa;
	int fd = probe_socket(ns, AF_INET, SOCK_DGRAM, 0), r = 0;
	if (fd < 0)
		return fd;
	if ((r = probe_bind(fd, o->p.dev, o->have_src ? &o->src : NULL)) < 0)
		goto out;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		run->error_errno = errno;
		snprintf(run->error, sizeof run->error, "connect: %s", strerror(errno));
		goto out;
	}
	if (getsockname(fd, (struct sockaddr *)&sa, &sl) == 0)
		run->src = sa.sin_addr;
out:
	close(fd);
	return r;
}

static uint16_t new_ident(void)
{
	static uint16_t counter;
	uint16_t r = 0;
	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != sizeof r)
		r = (uint16_t)(getpid() * 31 + (int)time(NULL));
	return (uint16_t)(r + counter++);
}

static int send_echo(int fd, const struct ping_opts *o, uint16_t id, long seq, struct ping_run *run)
{
	size_t len = 8 + (size_t)o->p.size;
	unsigned char *buf = calloc(1, len);
	struct icmphdr *ic = (struct icmphdr *)buf;
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr = o->dst};
	size_t i;
	int r = 0;
	if (!buf)
		return -ENOMEM;
	ic->type = ICMP_ECHO;
	ic->un.echo.id = htons(id);
	ic->un.echo.sequence = htons((uint16_t)seq);
	for (i = 8; i < len; i++)
		buf[i] = o->p.pattern ? (unsigned char)o->p.pattern[(i - 8) % o->p.pattern_len] : (unsigned char)i;
	ic->checksum = probe_cksum(buf, len);
	run->tx[seq & 0xffff] = realtime_ns();
	run->state[seq & 0xffff] = 1;
	if (sendto(fd, buf, len, 0, (struct sockaddr *)&sa, sizeof sa) < 0)
		r = -errno;
	free(buf);
	return r;
}

/* An ICMP error about echo SEQ of ours: fill EV. 1 if new, 0 if seen already. */
static int error_event(struct ping_run *run, int seq, int type, int code, unsigned info,
		       struct in_addr from, struct ping_event *ev)
{
	if (run->state[seq] == 0 || run->state[seq] == 3 || run->state[seq] == 2)
		return 0;
	run->state[seq] = 3;
	memset(ev, 0, sizeof *ev);
	ev->type = "unreachable";
	ev->seq = seq;
	ev->from = from;
	unreach_text(type, code, ev->text, sizeof ev->text, info);
	return 1;
}

/* The socket's error queue (IP_RECVERR): ICMP errors the kernel matched to our
 * socket, including those made locally (ARP failed: Destination Host Unreachable
 * from our own address), which a raw socket bound to a device does not see. */
static int read_errqueue(int fd, uint16_t id, struct ping_run *run, struct ping_event *ev)
{
	unsigned char buf[512], cbuf[512];
	struct sockaddr_in target;
	struct iovec iov = {buf, sizeof buf};
	struct msghdr mh = {.msg_name = &target, .msg_namelen = sizeof target, .msg_iov = &iov,
			    .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
	struct sock_extended_err *ee = NULL;
	struct icmphdr *ic = (struct icmphdr *)buf;
	struct cmsghdr *c;
	struct in_addr off = {0};
	ssize_t n = recvmsg(fd, &mh, MSG_ERRQUEUE | MSG_DONTWAIT);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? -EAGAIN : -errno;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR)
			ee = (struct sock_extended_err *)CMSG_DATA(c);
	if (!ee || ee->ee_origin != SO_EE_ORIGIN_ICMP || (size_t)n < sizeof *ic ||
	    ic->type != ICMP_ECHO || ntohs(ic->un.echo.id) != id)
		return 0;
	memcpy(&off, &((struct sockaddr_in *)SO_EE_OFFENDER(ee))->sin_addr, sizeof off);
	return error_event(run, ntohs(ic->un.echo.sequence), ee->ee_type, ee->ee_code, ee->ee_info, off, ev);
}

/* Read one datagram; 1 if it produced an event in EV, 0 if not ours, -EAGAIN
 * when there is nothing more to read. */
static int read_one(int fd, const struct ping_opts *o, uint16_t id, struct ping_run *run,
		    struct ping_event *ev)
{
	unsigned char buf[65536], cbuf[256];
	struct sockaddr_in from;
	struct iovec iov = {buf, sizeof buf};
	struct msghdr mh = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov,
			    .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
	struct cmsghdr *c;
	int64_t rx = -1;
	ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT);
	struct iphdr *ip = (struct iphdr *)buf;
	struct icmphdr *ic;
	size_t hl;

	if (n < 0) {
		if (errno == EAGAIN)
			return -EAGAIN;
		/* IP_RECVERR also reports the error once here (sk_err): the error
		 * queue has the details, so just read on */
		return 0;
	}
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPNS) {
			struct timespec ts;
			memcpy(&ts, CMSG_DATA(c), sizeof ts);
			rx = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
		}
	if (rx < 0)
		rx = realtime_ns();
	if ((size_t)n < sizeof *ip || (hl = (size_t)ip->ihl * 4) + 8 > (size_t)n)
		return 0;
	ic = (struct icmphdr *)(buf + hl);
	if (ic->type == ICMP_ECHOREPLY) {
		int seq = ntohs(ic->un.echo.sequence);
		if (ntohs(ic->un.echo.id) != id || ip->saddr != o->dst.s_addr || run->state[seq] == 0)
			return 0;
		memset(ev, 0, sizeof *ev);
		ev->dup = run->state[seq] == 2;
		run->state[seq] = 2;
		ev->type = "reply";
		ev->seq = seq;
		ev->from.s_addr = ip->saddr;
		ev->ttl = ip->ttl;
		ev->bytes = (int)((size_t)n - hl);
		ev->time = (double)(rx - run->tx[seq]) / 1e6;
		if (ev->time < 0)
			ev->time = 0;
		return 1;
	}
	if (ic->type == ICMP_DEST_UNREACH || ic->type == ICMP_TIME_EXCEEDED || ic->type == ICMP_PARAMETERPROB) {
		struct iphdr *in = (struct iphdr *)(ic + 1);
		struct icmphdr *iic;
		struct in_addr f = {ip->saddr};
		size_t ihl;
		if ((size_t)n < hl + 8 + sizeof *in || (size_t)n < hl + 8 + (ihl = (size_t)in->ihl * 4) + 8)
			return 0;
		iic = (struct icmphdr *)((unsigned char *)in + ihl);
		if (in->protocol != IPPROTO_ICMP || in->daddr != o->dst.s_addr ||
		    iic->type != ICMP_ECHO || ntohs(iic->un.echo.id) != id)
			return 0;
		return error_event(run, ntohs(iic->un.echo.sequence), ic->type, ic->code,
				   ntohs(ic->un.frag.mtu), f, ev);
	}
	return 0;
}

static void account(struct ping_run *run, const struct ping_event *ev)
{
	if (!strcmp(ev->type, "reply")) {
		/* iputils: duplicates count in the rtt statistics, not in received */
		if (run->received + run->dups == 0 || ev->time < run->tmin)
			run->tmin = ev->time;
		if (ev->time > run->tmax)
			run->tmax = ev->time;
		run->tsum += ev->time;
		run->tsum2 += ev->time * ev->time;
		if (ev->dup)
			run->dups++;
		else
			run->received++;
		run->last_ttl = ev->ttl;
	} else if (!strcmp(ev->type, "unreachable")) {
		run->errors++;
	}
}

/* Unanswered probes up to seq LAST become "timeout" events (once each). */
static int report_silent(struct ping_run *run, long last, ping_cb cb, void *arg)
{
	long s;
	for (s = last; s >= 1 && s > last - 65535; s--) {
		struct ping_event ev;
		if (run->state[s & 0xffff] != 1)
			continue;
		run->state[s & 0xffff] = 4;
		memset(&ev, 0, sizeof ev);
		ev.type = "timeout";
		ev.seq = (int)(s & 0xffff);
		if (cb(&ev, arg))
			return 1;
	}
	return 0;
}

/* What a wait of the run counts as (NETLEARN_PROBE_STATS): after the last
 * echo, a quiet proof, a fixed wait (a negative claim without a proof) or a
 * reply on its way; before it, a quiet proof past a silence (eager_silence),
 * else the interval once every echo is answered. */
static int wait_kind(const struct ping_opts *o, const struct ping_run *run, int lingering, int quiet_on, int silent)
{
	if (silent && quiet_on)
		return PROBE_STAT_QUIET;
	if (lingering)
		return quiet_on ? PROBE_STAT_QUIET : o->negative ? PROBE_STAT_FIXED : PROBE_STAT_ANSWER;
	return run->received + run->errors >= run->sent ? PROBE_STAT_INTERVAL : PROBE_STAT_ANSWER;
}

/* Run the whole ping. Returns 0 (details in RUN) or -errno for a setup failure. */
int ping_do(const char *ns, const struct ping_opts *o, struct ping_run *run, ping_cb cb, void *arg)
{
	int fd = -1, r, one = 1, stop = 0;
	uint16_t id = new_ident();
	struct icmp_filter filt;
	double start, next_send, linger_end = -1, last_sent = 0;
	long seq = 0;
	int quiet_on = o->quiet != NULL, proven = 0, silence_over = 0;
	/* eager past a silence: only while the rate limits hold back nothing */
	long limited = o->eager && o->eager_silence && quiet_on && o->quiet_restart ? icmp_ratelimited_lab() : -1;

	probe_begin();
	run->tx = calloc(SEQ_SLOTS, sizeof *run->tx);
	run->state = calloc(SEQ_SLOTS, 1);
	if (!run->tx || !run->state)
		return -ENOMEM;
	if ((r = route_check(ns, o, run)) < 0 || run->error[0])
		return r;
	fd = probe_socket(ns, AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (fd < 0)
		return fd;
	filt.data = ~((1U << ICMP_ECHOREPLY) | (1U << ICMP_DEST_UNREACH) |
		      (1U << ICMP_TIME_EXCEEDED) | (1U << ICMP_PARAMETERPROB));
	setsockopt(fd, SOL_RAW, ICMP_FILTER, &filt, sizeof filt);
	setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
	setsockopt(fd, SOL_IP, IP_RECVERR, &one, sizeof one);
	if ((r = probe_bind(fd, o->p.dev, o->have_src ? &o->src : NULL)) < 0)
		goto out;
	if (o->p.ttl > 0 && setsockopt(fd, IPPROTO_IP, IP_TTL, &o->p.ttl, sizeof o->p.ttl) < 0) {
		r = -errno;
		goto out;
	}
	start = next_send = probe_now_ms();
	r = 0;
	while (!stop) {
		double now = probe_now_ms(), wake;
		int w, silent;
		if (o->p.deadline_ms > 0 && now - start >= o->p.deadline_ms)
			break;
		if (linger_end >= 0 && now >= linger_end)
			break;
		if ((o->p.count == 0 || o->p.deadline_ms > 0 || seq < o->p.count) && now >= next_send) {
			if (seq > 0 && report_silent(run, seq, cb, arg))
				break;
			seq++;
			if ((w = send_echo(fd, o, id, seq, run)) < 0) {
				struct ping_event ev;
				memset(&ev, 0, sizeof ev);
				ev.type = "unreachable";
				ev.seq = (int)(seq & 0xffff);
				ev.from = run->src;
				snprintf(ev.text, sizeof ev.text, "sendmsg: %s", strerror(-w));
				run->state[seq & 0xffff] = 3;
				run->errors++;
				if (cb(&ev, arg))
					break;
			}
			run->sent++;
			last_sent = probe_now_ms();
			if (o->quiet_restart)
				o->quiet_restart(o->quiet_arg);
			run->elapsed = last_sent - start;
			next_send += o->p.interval_ms;
			if (o->p.count && seq >= o->p.count && o->p.deadline_ms <= 0) {
				/* iputils: after the last probe wait 2*max rtt (at least one
				 * interval) if anything came back, else the -W time */
				double lg = run->received ? fmax(2 * run->tmax, o->p.interval_ms) : o->p.timeout_ms;
				linger_end = probe_now_ms() + lg;
			}
			continue;
		}
		if (o->p.count && run->received + run->errors >= o->p.count)
			break;
		if (o->p.deadline_ms > 0 && run->errors)
			break;
		wake = linger_end >= 0 ? linger_end : next_send;
		if (o->p.deadline_ms > 0 && start + o->p.deadline_ms < wake)
			wake = start + o->p.deadline_ms;
		silent = limited >= 0 && quiet_on && linger_end < 0 && run->received + run->errors < run->sent;
		if (quiet_on && (linger_end >= 0 || silent))
			wake = fmin(wake, probe_now_ms() + o->quiet_poll_ms);
		/* a "tick" at least every TICK_MS while nothing happens, so that a
		 * caller can show what else goes on (a background capture) live */
		{
			double slice = fmin(wake, probe_now_ms() + TICK_MS);
			w = probe_wait_until(wait_kind(o, run, linger_end >= 0, quiet_on, silent), fd, POLLIN, slice);
			if (w == 0 && slice < wake) {
				struct ping_event ev;
				memset(&ev, 0, sizeof ev);
				ev.type = "tick";
				ev.seq = (int)(seq & 0xffff);
				if (cb(&ev, arg))
					break;
				continue;
			}
		}
		if (w == 0 && quiet_on && linger_end >= 0) {
			int q = o->quiet(o->quiet_arg);
			if (q < 0) {
				quiet_on = 0;   /* no proof: wait the timeout */
			} else if (q > 0) {
				/* nothing is in flight: what came back is in the socket now */
				run->quiet = 1;
				run->quiet_ms = probe_now_ms() - last_sent;
				proven = 1;
				w = POLLIN;
			}
		} else if (w == 0 && silent) {
			/* an echo unanswered so far: once the lab is quiet, its answer
			 * (if any) is in the socket, read below */
			int q = o->quiet(o->quiet_arg);
			if (q < 0)
				quiet_on = 0;
			else if (q > 0)
				silence_over = w = POLLIN;
		}
		if (w == -EINTR) {
			run->interrupted = 1;
			break;
		}
		if (w < 0) {
			r = w;
			break;
		}
		while (w > 0 && !stop) {
			struct ping_event ev;
			int got = read_errqueue(fd, id, run, &ev);
			if (got == -EAGAIN)
				got = read_one(fd, o, id, run, &ev);
			if (got == -EAGAIN || got < 0)
				break;
			if (got == 0)
				continue;
			account(run, &ev);
			run->elapsed = probe_now_ms() - start;
			/* every echo answered: an eager run sends the next one now */
			if (o->eager && !strcmp(ev.type, "reply") && run->received >= run->sent && run->errors == 0)
				next_send = fmin(next_send, probe_now_ms());
			if (cb(&ev, arg))
				stop = 1;
			else if (o->p.count && run->received + run->errors >= o->p.count)
				break;
		}
		if (silence_over) {
			/* nothing came and nothing can: the next echo meets the same lab
			 * now as after the interval -- unless a rate limit held an error
			 * back (it lets one through a moment later) or an error came */
			silence_over = 0;
			if (run->errors || icmp_ratelimited_lab() != limited)
				limited = -1;           /* the interval from here on */
			else if (run->received < run->sent)
				next_send = fmin(next_send, probe_now_ms());
		}
		if (proven || (o->p.count && run->received + run->errors >= o->p.count))
			break;
	}
	if (!stop && !run->interrupted)
		report_silent(run, seq, cb, arg);
	if (nl_interrupted)
		run->interrupted = 1;
out:
	close(fd);
	return r;
}
