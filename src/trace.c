/*
 * trace.c -- net.traceroute: the default method of traceroute(8): UDP datagrams
 * to port 33434 and up with a growing TTL, each from its own socket made in the
 * lab namespace with IP_RECVERR, so the kernel hands us the ICMP "time exceeded"
 * (a router on the way) or "port unreachable" (the destination) that answers it.
 *
 * Routers rate-limit ICMP errors (net.ipv4.icmp_ratelimit, a burst of about 6
 * then one a second), so a silent probe at a hop where another probe was
 * answered is sent again (after the wait, when the limiter has refilled)
 * rather than reported as silence that is not there.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/errqueue.h>
#include <linux/icmp.h>
#include <netdb.h>
#include <sys/socket.h>
#include "probe_util.h"
#include "trace.h"



static int64_t realtime_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* traceroute's annotations for ICMP unreachable codes */
static void unreach_flag(int code, char *buf, size_t len)
{
	switch (code) {
	case ICMP_NET_UNREACH: case ICMP_NET_UNKNOWN: case ICMP_NET_ANO:
	case 11: snprintf(buf, len, "!N"); break;
	case ICMP_HOST_UNREACH: case ICMP_HOST_UNKNOWN: case ICMP_HOST_ANO:
	case 12: snprintf(buf, len, "!H"); break;
	case ICMP_PROT_UNREACH: snprintf(buf, len, "!P"); break;
	case ICMP_FRAG_NEEDED: snprintf(buf, len, "!F"); break;
	case ICMP_SR_FAILED: snprintf(buf, len, "!S"); break;
	case 13: snprintf(buf, len, "!X"); break;
	case 14: snprintf(buf, len, "!V"); break;
	case 15: snprintf(buf, len, "!C"); break;
	default: snprintf(buf, len, "!<%d>", code); break;
	}
}

/* One UDP socket connected to dst:port, TTL set. fd or -errno. */
int trace_probe_sock(const char *ns, const struct trace_opts *o, int ttl, int port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr = o->dst};
	int one = 1, r = 0;
	int fd = probe_socket(ns, AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return fd;
	if ((r = probe_bind(fd, o->dev, o->have_src ? &o->src : NULL)) < 0)
		goto fail;
	if (setsockopt(fd, SOL_IP, IP_RECVERR, &one, sizeof one) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one) < 0 ||
	    setsockopt(fd, SOL_IP, IP_TTL, &ttl, sizeof ttl) < 0 ||
	    connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		r = -errno;
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return r;
}

static int64_t cmsg_time(struct msghdr *mh)
{
	struct cmsghdr *c;
	for (c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPNS) {
			struct timespec ts;
			memcpy(&ts, CMSG_DATA(c), sizeof ts);
			return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
		}
	return realtime_ns();
}

/* Send one probe and wait for its answer. 0 (P filled, maybe unanswered),
 * -EINTR on Ctrl-C, or -errno (no route: -ENETUNREACH from connect). */
int trace_one_probe(const char *ns, const struct trace_opts *o, int ttl, int port, struct trace_probe *p)
{
	unsigned char data[65536], cbuf[512];
	int64_t sent;
	double end;
	int fd, r = 0;

	memset(p, 0, sizeof *p);
	if ((fd = trace_probe_sock(ns, o, ttl, port)) < 0)
		return fd;
	memset(data, 0, (size_t)o->size);
	for (int i = 0; i < o->size; i++)
		data[i] = (unsigned char)(0x40 + i);
	sent = realtime_ns();
	end = probe_now_ms() + o->wait_ms;
	if (send(fd, data, (size_t)o->size, 0) < 0 && errno != EHOSTUNREACH && errno != ENETUNREACH) {
		r = -errno;
		goto out;
	}
	for (;;) {
		struct sockaddr_in from;
		struct iovec iov = {data, sizeof data};
		struct msghdr mh = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov,
				    .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
		struct sock_extended_err *ee = NULL;
		struct cmsghdr *c;
		ssize_t n;
		int w = probe_wait_until(PROBE_STAT_ANSWER, fd, POLLIN, end);
		if (w <= 0) {
			r = w;          /* 0: silence; -EINTR: Ctrl-C */
			break;
		}
		n = recvmsg(fd, &mh, MSG_ERRQUEUE | MSG_DONTWAIT);
		if (n < 0) {
			/* no error queued: a UDP answer from the destination itself? */
			mh.msg_controllen = sizeof cbuf;
			mh.msg_namelen = sizeof from;
			n = recvmsg(fd, &mh, MSG_DONTWAIT);
			if (n < 0)
				continue;
			p->answered = p->final = 1;
			p->from = from.sin_addr;
			p->rtt = (double)(cmsg_time(&mh) - sent) / 1e6;
			break;
		}
		for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
			if (c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR)
				ee = (struct sock_extended_err *)CMSG_DATA(c);
		if (!ee || ee->ee_origin != SO_EE_ORIGIN_ICMP)
			continue;
		p->answered = 1;
		memcpy(&p->from, &((struct sockaddr_in *)SO_EE_OFFENDER(ee))->sin_addr, sizeof p->from);
		p->rtt = (double)(cmsg_time(&mh) - sent) / 1e6;
		if (ee->ee_type == ICMP_DEST_UNREACH) {
			p->final = 1;
			if (ee->ee_code != ICMP_PORT_UNREACH)
				unreach_flag(ee->ee_code, p->flag, sizeof p->flag);
		}
		break;
	}
out:
	close(fd);
	return r;
}

/* A probe sent again: first wait until the hop's limiter has a token (one per
 * net.ipv4.icmp_ratelimit ms, 1000 by default, since its last answer to us). */
int trace_paced_probe(const char *ns, const struct trace_opts *o, int ttl, int port,
		       struct trace_probe *p, double *last_answer)
{
	double until = *last_answer + 1050;
	int r;
	if (probe_wait_until(PROBE_STAT_ANSWER, -1, 0, until) == -EINTR)
		return -EINTR;
	r = trace_one_probe(ns, o, ttl, port, p);
	if (r == 0 && p->answered)
		*last_answer = probe_now_ms();
	return r;
}
