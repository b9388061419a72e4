/*
 * ping6.c -- net.ping6: ICMPv6 echo over a raw IPPROTO_ICMPV6 socket made
 * inside the lab namespace, with the rules of ping.c (iputils ping: when to
 * send, when to stop, what counts as an error). The kernel fills in the ICMPv6
 * checksum. Replies carry the hop limit in an IPV6_HOPLIMIT cmsg; ICMPv6 errors
 * about our echoes (no route, address unreachable after neighbour discovery
 * failed, hop limit exceeded, packet too big) arrive on the socket and, for
 * those the kernel matched to it, in its error queue (IPV6_RECVERR). A missing
 * route is found first by connect()ing a UDP socket, as iputils does.
 * Addresses may carry a zone (fe80::1%veth0); link-local ones are printed with
 * it, as getnameinfo() does for iputils.
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
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/ip6.h>
#include <linux/errqueue.h>
#include <sys/random.h>
#include <sys/socket.h>
#include "probe_util.h"

#include "ping6.h"

static int64_t realtime_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int ping6_needs_zone(const struct in6_addr *a)
{
	return IN6_IS_ADDR_LINKLOCAL(a) || IN6_IS_ADDR_MC_LINKLOCAL(a);
}

/* "fe80::1%veth0" for a link-local address with a scope, else the plain text. */
void ping6_addr_text(const char *ns, const struct in6_addr *a, unsigned scope, char *buf, size_t len)
{
	char ifn[IF_NAMESIZE] = "";
	inet_ntop(AF_INET6, a, buf, (socklen_t)len);
	if (scope && ping6_needs_zone(a)) {
		struct ns_scope sc;
		if (ns_enter(ns, &sc) == 0) {
			if (!if_indextoname(scope, ifn))
				snprintf(ifn, sizeof ifn, "%u", scope);
			ns_leave(&sc);
		}
		if (ifn[0] && strlen(buf) + 1 + strlen(ifn) < len)
			strcat(strcat(buf, "%"), ifn);
	}
}

/* iputils' words for an ICMPv6 error. */
static void unreach_text(int type, int code, unsigned info, char *buf, size_t len)
{
	static const char *const du[] = {
		"No route", "Administratively prohibited", "Beyond scope of source address",
		"Address unreachable", "Port unreachable",
	};
	static const char *const pp[] = {"Wrong header field ", "Unknown header ", "Unknown option "};
	if (type == ICMP6_DST_UNREACH && code >= 0 && code < 5)
		snprintf(buf, len, "Destination unreachable: %s", du[code]);
	else if (type == ICMP6_DST_UNREACH)
		snprintf(buf, len, "Destination unreachable: Unknown code %d", code);
	else if (type == ICMP6_PACKET_TOO_BIG)
		snprintf(buf, len, "Packet too big: mtu=%u", info);
	else if (type == ICMP6_TIME_EXCEEDED && code == 0)
		snprintf(buf, len, "Time exceeded: Hop limit");
	else if (type == ICMP6_TIME_EXCEEDED && code == 1)
		snprintf(buf, len, "Time exceeded: Defragmentation failure");
	else if (type == ICMP6_TIME_EXCEEDED)
		snprintf(buf, len, "Time exceeded: code %d", code);
	else if (type == ICMP6_PARAM_PROB && code >= 0 && code < 3)
		snprintf(buf, len, "Parameter problem: %sat %u", pp[code], info);
	else
		snprintf(buf, len, "Parameter problem: code %d at %u", code, info);
}

static int bind6(int fd, const struct ping6_opts *o)
{
	if (o->p.dev && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, o->p.dev, (socklen_t)strlen(o->p.dev) + 1) < 0)
		return -errno;
	if (o->have_src && bind(fd, (const struct sockaddr *)&o->src, sizeof o->src) < 0)
		return -errno;
	return 0;
}

/* The UDP connect() iputils does first: finds "no route" and the source. A
 * link-local destination without a zone or device cannot be connected
 * (EINVAL); the raw socket's route lookup then picks the device. */
static int route_check(const struct ping6_opts *o, struct ping6_run *run)
{
	struct sockaddr_in6 sa = o->dst;
	socklen_t sl = sizeof sa;
	int fd = probe_socket(o->ns, AF_INET6, SOCK_DGRAM, 0), r;
	if (fd < 0)
		return fd;
	if ((r = bind6(fd, o)) < 0)
		goto out;
	sa.sin6_port = htons(1025);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		if (errno == EINVAL && ping6_needs_zone(&o->dst.sin6_addr) && !o->dst.sin6_scope_id && !o->p.dev)
			goto out;
		run->error_errno = errno;
		snprintf(run->error, sizeof run->error, "connect: %s", strerror(errno));
		goto out;
	}
	if (getsockname(fd, (struct sockaddr *)&sa, &sl) == 0) {
		run->src = sa;
		run->have_src = 1;
	}
out:
	close(fd);
	return r;
}

static uint16_t new_ident(void)
{
	static uint16_t counter;
	uint16_t r = 0;
	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != sizeof r)
		r = (uint16_t)(getpid() * 37 + (int)time(NULL));
	return (uint16_t)(r + counter++);
}

static int send_echo(int fd, const struct ping6_opts *o, uint16_t id, long seq, struct ping6_run *run)
{
	size_t len = 8 + (size_t)o->p.size, i;
	unsigned char *buf = calloc(1, len);
	struct icmp6_hdr *ic = (struct icmp6_hdr *)buf;
	int r = 0;
	if (!buf)
		return -ENOMEM;
	ic->icmp6_type = ICMP6_ECHO_REQUEST;
	ic->icmp6_id = htons(id);
	ic->icmp6_seq = htons((uint16_t)seq);
	for (i = 8; i < len; i++)
		buf[i] = o->p.pattern ? (unsigned char)o->p.pattern[(i - 8) % o->p.pattern_len] : (unsigned char)i;
	run->tx[seq & 0xffff] = realtime_ns();
	run->state[seq & 0xffff] = 1;
	if (sendto(fd, buf, len, 0, (const struct sockaddr *)&o->dst, sizeof o->dst) < 0)
		r = -errno;
	free(buf);
	return r;
}

static int error_event(struct ping6_run *run, int seq, int type, int code, unsigned info,
		       const char *from, struct ping6_event *ev)
{
	if (run->state[seq] != 1 && run->state[seq] != 4)
		return 0;
	run->state[seq] = 3;
	memset(ev, 0, sizeof *ev);
	ev->type = "unreachable";
	ev->seq = seq;
	snprintf(ev->from, sizeof ev->from, "%s", from);
	unreach_text(type, code, info, ev->text, sizeof ev->text);
	return 1;
}

/* The error queue: ICMPv6 errors the kernel matched to our socket, and local
 * ones (message too long). */
static int read_errqueue(int fd, const struct ping6_opts *o, uint16_t id, struct ping6_run *run,
			 struct ping6_event *ev)
{
	unsigned char buf[512], cbuf[512];
	struct sockaddr_in6 target;
	struct iovec iov = {buf, sizeof buf};
	struct msghdr mh = {.msg_name = &target, .msg_namelen = sizeof target, .msg_iov = &iov,
			    .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
	struct sock_extended_err *ee = NULL;
	struct icmp6_hdr *ic = (struct icmp6_hdr *)buf;
	struct cmsghdr *c;
	char from[sizeof ev->from];
	ssize_t n = recvmsg(fd, &mh, MSG_ERRQUEUE | MSG_DONTWAIT);
	int seq;
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? -EAGAIN : -errno;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_IPV6 && c->cmsg_type == IPV6_RECVERR)
			ee = (struct sock_extended_err *)CMSG_DATA(c);
	if (!ee || (size_t)n < sizeof *ic || ic->icmp6_type != ICMP6_ECHO_REQUEST || ntohs(ic->icmp6_id) != id)
		return 0;
	seq = ntohs(ic->icmp6_seq);
	if (ee->ee_origin == SO_EE_ORIGIN_LOCAL) {
		if (run->state[seq] != 1)
			return 0;
		run->state[seq] = 3;
		memset(ev, 0, sizeof *ev);
		ev->type = "unreachable";
		ev->seq = seq;
		snprintf(ev->text, sizeof ev->text, "local error: %s, mtu: %u",
			 ee->ee_errno == EMSGSIZE ? "message too long" : strerror((int)ee->ee_errno), ee->ee_info);
		return 1;
	}
	if (ee->ee_origin != SO_EE_ORIGIN_ICMP6)
		return 0;
	{
		struct sockaddr_in6 *off = (struct sockaddr_in6 *)SO_EE_OFFENDER(ee);
		ping6_addr_text(o->ns, &off->sin6_addr, off->sin6_scope_id, from, sizeof from);
	}
	return error_event(run, seq, ee->ee_type, ee->ee_code, ee->ee_info, from, ev);
}

static int read_one(int fd, const struct ping6_opts *o, uint16_t id, struct ping6_run *run,
		    struct ping6_event *ev)
{
	unsigned char buf[65536], cbuf[256];
	struct sockaddr_in6 from;
	struct iovec iov = {buf, sizeof buf};
	struct msghdr mh = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov,
			    .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
	struct cmsghdr *c;
	int64_t rx = -1;
	int hops = -1;
	ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT);
	struct icmp6_hdr *ic = (struct icmp6_hdr *)buf;

	if (n < 0)
		return errno == EAGAIN ? -EAGAIN : 0;  /* the error queue has the details */
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPNS) {
			struct timespec ts;
			memcpy(&ts, CMSG_DATA(c), sizeof ts);
			rx = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
		} else if (c->cmsg_level == SOL_IPV6 && c->cmsg_type == IPV6_HOPLIMIT) {
			memcpy(&hops, CMSG_DATA(c), sizeof hops);
		}
	}
	if (rx < 0)
		rx = realtime_ns();
	if ((size_t)n < sizeof *ic)
		return 0;
	if (ic->icmp6_type == ICMP6_ECHO_REPLY) {
		int seq = ntohs(ic->icmp6_seq);
		if (ntohs(ic->icmp6_id) != id || run->state[seq] == 0 ||
		    (!IN6_IS_ADDR_MULTICAST(&o->dst.sin6_addr) &&
		     memcmp(&from.sin6_addr, &o->dst.sin6_addr, sizeof from.sin6_addr)))
			return 0;
		memset(ev, 0, sizeof *ev);
		ev->dup = run->state[seq] == 2;
		run->state[seq] = 2;
		ev->type = "reply";
		ev->seq = seq;
		ping6_addr_text(o->ns, &from.sin6_addr, from.sin6_scope_id, ev->from, sizeof ev->from);
		ev->hops = hops;
		ev->bytes = (int)n;
		ev->time = (double)(rx - run->tx[seq]) / 1e6;
		if (ev->time < 0)
			ev->time = 0;
		return 1;
	}
	if (ic->icmp6_type == ICMP6_DST_UNREACH || ic->icmp6_type == ICMP6_PACKET_TOO_BIG ||
	    ic->icmp6_type == ICMP6_TIME_EXCEEDED || ic->icmp6_type == ICMP6_PARAM_PROB) {
		struct ip6_hdr *in = (struct ip6_hdr *)(ic + 1);
		struct icmp6_hdr *iic = (struct icmp6_hdr *)(in + 1);
		char f[sizeof ev->from];
		if ((size_t)n < sizeof *ic + sizeof *in + 8 || in->ip6_nxt != IPPROTO_ICMPV6 ||
		    memcmp(&in->ip6_dst, &o->dst.sin6_addr, sizeof in->ip6_dst) ||
		    iic->icmp6_type != ICMP6_ECHO_REQUEST || ntohs(iic->icmp6_id) != id)
			return 0;
		ping6_addr_text(o->ns, &from.sin6_addr, from.sin6_scope_id, f, sizeof f);
		return error_event(run, ntohs(iic->icmp6_seq), ic->icmp6_type, ic->icmp6_code,
				   ntohl(ic->icmp6_mtu), f, ev);
	}
	return 0;
}

static void account(struct ping6_run *run, const struct ping6_event *ev)
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
		run->last_hops = ev->hops;
	} else if (!strcmp(ev->type, "unreachable")) {
		run->errors++;
	}
}

static int report_silent(struct ping6_run *run, long last, ping6_cb cb, void *arg)
{
	long s;
	for (s = last; s >= 1 && s > last - 65535; s--) {
		struct ping6_event ev;
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

static int open_socket(const struct ping6_opts *o)
{
	struct icmp6_filter filt;
	int one = 1, fd = probe_socket(o->ns, AF_INET6, SOCK_RAW, IPPROTO_ICMPV6), r;
	if (fd < 0)
		return fd;
	ICMP6_FILTER_SETBLOCKALL(&filt);
	ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &filt);
	ICMP6_FILTER_SETPASS(ICMP6_DST_UNREACH, &filt);
	ICMP6_FILTER_SETPASS(ICMP6_PACKET_TOO_BIG, &filt);
	ICMP6_FILTER_SETPASS(ICMP6_TIME_EXCEEDED, &filt);
	ICMP6_FILTER_SETPASS(ICMP6_PARAM_PROB, &filt);
	setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filt, sizeof filt);
	setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
	setsockopt(fd, SOL_IPV6, IPV6_RECVERR, &one, sizeof one);
	setsockopt(fd, SOL_IPV6, IPV6_RECVHOPLIMIT, &one, sizeof one);
	if ((r = bind6(fd, o)) < 0)
		goto fail;
	if (o->p.ttl > 0 && (setsockopt(fd, SOL_IPV6, IPV6_UNICAST_HOPS, &o->p.ttl, sizeof o->p.ttl) < 0 ||
			    setsockopt(fd, SOL_IPV6, IPV6_MULTICAST_HOPS, &o->p.ttl, sizeof o->p.ttl) < 0)) {
		r = -errno;
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return r;
}

/* Run the whole ping. 0 (details in RUN) or -errno for a setup failure. */
int ping6_do(const struct ping6_opts *o, struct ping6_run *run, ping6_cb cb, void *arg)
{
	int fd, r, stop = 0;
	uint16_t id = new_ident();
	double start, next_send, linger_end = -1;
	long seq = 0;
	struct ping6_event sev;

	probe_begin();
	if ((r = route_check(o, run)) < 0 || run->error[0])
		return r;
	if ((fd = open_socket(o)) < 0)
		return fd;
	memset(&sev, 0, sizeof sev);
	sev.type = "start";
	if (run->have_src)
		ping6_addr_text(o->ns, &run->src.sin6_addr, 0, sev.from, sizeof sev.from);
	else
		snprintf(sev.from, sizeof sev.from, "::");
	if (cb(&sev, arg))
		goto out;
	start = next_send = probe_now_ms();
	while (!stop) {
		double now = probe_now_ms(), wake, slice;
		int w;
		if (o->p.deadline_ms > 0 && now - start >= o->p.deadline_ms)
			break;
		if (linger_end >= 0 && now >= linger_end)
			break;
		if ((o->p.count == 0 || o->p.deadline_ms > 0 || seq < o->p.count) && now >= next_send) {
			if (seq > 0 && report_silent(run, seq, cb, arg))
				break;
			seq++;
			if ((w = send_echo(fd, o, id, seq, run)) < 0) {
				struct ping6_event ev;
				memset(&ev, 0, sizeof ev);
				ev.type = "unreachable";
				ev.seq = (int)(seq & 0xffff);
				if (run->have_src)
					ping6_addr_text(o->ns, &run->src.sin6_addr, 0, ev.from, sizeof ev.from);
				snprintf(ev.text, sizeof ev.text, "sendmsg: %s", strerror(-w));
				run->state[seq & 0xffff] = 3;
				run->errors++;
				if (cb(&ev, arg))
					break;
			}
			run->sent++;
			run->elapsed = probe_now_ms() - start;
			next_send += o->p.interval_ms;
			if (o->p.count && seq >= o->p.count && o->p.deadline_ms <= 0)
				linger_end = probe_now_ms() +
					     (run->received ? fmax(2 * run->tmax, o->p.interval_ms) : o->p.timeout_ms);
			continue;
		}
		if (o->p.count && run->received + run->errors >= o->p.count)
			break;
		if (o->p.deadline_ms > 0 && run->errors)
			break;
		wake = linger_end >= 0 ? linger_end : next_send;
		if (o->p.deadline_ms > 0 && start + o->p.deadline_ms < wake)
			wake = start + o->p.deadline_ms;
		slice = fmin(wake, probe_now_ms() + TICK_MS);
		w = probe_wait_until(PROBE_STAT_ANSWER, fd, POLLIN, slice);
		if (w == 0 && slice < wake) {
			struct ping6_event ev;
			memset(&ev, 0, sizeof ev);
			ev.type = "tick";
			ev.seq = (int)(seq & 0xffff);
			if (cb(&ev, arg))
				break;
			continue;
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
			struct ping6_event ev;
			int got = read_errqueue(fd, o, id, run, &ev);
			if (got == -EAGAIN)
				got = read_one(fd, o, id, run, &ev);
			if (got < 0)
				break;
			if (got == 0)
				continue;
			account(run, &ev);
			run->elapsed = probe_now_ms() - start;
			if (cb(&ev, arg))
				stop = 1;
			else if (o->p.count && run->received + run->errors >= o->p.count)
				break;
		}
		if (o->p.count && run->received + run->errors >= o->p.count)
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
