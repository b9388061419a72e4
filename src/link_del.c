/*
 * link_del.c -- deleting a link without waiting for the kernel to free it
 * (link_del, netlearn.h).
 *
 * The kernel answers RTM_DELLINK only after netdev_run_todo's rcu_barrier(),
 * which it runs with the RTNL released: 15-35 ms a device, waiting for every
 * CPU's RCU callbacks before the memory is freed. Everything a learner can
 * look at was done before, inside the RTNL section: the device unlisted (its
 * name free again), its addresses, routes and neighbours flushed (the
 * NETDEV_UNREGISTER notifiers), and then RTM_DELLINK announced on
 * RTNLGRP_LINK. So the request is sent from a thread of its own, and link_del
 * returns once that announcement came for the device and the RTNL has been
 * taken once after it (the section that sent it has ended: nothing half done
 * can be seen), or once the answer came (a refusal comes at once), whichever
 * is first. The thread waits out the answer and ends. A group's deletion
 * (link_del_group: reset's batch) returns once every device of the group was
 * announced gone; one the kernel keeps (a fallback tunnel) is never
 * announced, and then the answer is waited for.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <linux/netlink.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include "labchange.h"
#include "link.h"
#include "netlearn.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct del_job {
	int req_fd;             /* the request's socket, in the device's namespace */
	int done_fd;            /* eventfd: written once the answer is in */
	union {
		struct nlmsghdr h;
		char buf[NLMSG_SPACE(sizeof(struct ifinfomsg)) + NLA_ALIGN(NLA_HDRLEN + sizeof(uint32_t))];
	} req;
	int err;                /* the answer: 0 or -errno */
	union {                 /* and the whole of it (extended-ACK text) */
		struct nlmsghdr h;
		char buf[1024];
	} ack;
	atomic_int refs;        /* the caller's and the thread's */
};

static void job_put(struct del_job *j)
{
	if (atomic_fetch_sub(&j->refs, 1) != 1)
		return;
	close(j->req_fd);
	close(j->done_fd);
	free(j);
}

/* Send the request, read its answer, say so on done_fd. */
static void *del_thread(void *arg)
{
	struct del_job *j = arg;
	uint64_t one = 1;
	char buf[8192];
	j->err = -EIO;
	if (send(j->req_fd, &j->req, j->req.h.nlmsg_len, 0) < 0) {
		j->err = -errno;
	} else {
		for (;;) {
			ssize_t n = recv(j->req_fd, buf, sizeof buf, 0);
			struct nlmsghdr *h;
			int len = (int)n, found = 0;
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				j->err = -errno;
				break;
			}
			for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
				if (h->nlmsg_type != NLMSG_ERROR || h->nlmsg_seq != j->req.h.nlmsg_seq)
					continue;
				j->err = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
				memcpy(j->ack.buf, h, h->nlmsg_len < sizeof j->ack ? h->nlmsg_len : sizeof j->ack);
				/* a longer answer is cut: its length must say so, or
				 * nl_note_ack would read its TLVs past the copy */
				if (h->nlmsg_len > sizeof j->ack)
					j->ack.h.nlmsg_len = sizeof j->ack;
				found = 1;
				break;
			}
			if (found)
				break;
		}
	}
	if (write(j->done_fd, &one, sizeof one) < 0) {
		/* an eventfd write of 1 fails only on overflow: cannot happen */
	}
	job_put(j);
	return NULL;
}

/* Mark in SEEN the devices of IFINDEXES (N of them) that the messages in BUF
 * announce gone; how many are marked now. (A bridge's RTM_DELLINK for a port
 * that leaves it is family AF_BRIDGE: not the device's own end.) */
static int announced_gone(const char *buf, int len, const int *ifindexes, int n, char *seen)
{
	const struct nlmsghdr *h;
	int i, marked = 0;
	for (h = (const struct nlmsghdr *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
		const struct ifinfomsg *ifi = NLMSG_DATA(h);
		if (h->nlmsg_type != RTM_DELLINK || h->nlmsg_len < NLMSG_LENGTH(sizeof *ifi) ||
		    ifi->ifi_family != AF_UNSPEC)
			continue;
		for (i = 0; i < n; i++)
			if (ifindexes[i] == ifi->ifi_index)
				seen[i] = 1;
	}
	for (i = 0; i < n; i++)
		marked += seen[i];
	return marked;
}

/* The two sockets, made inside namespace NS: one for the request, one that
 * hears the namespace's link announcements. */
static int open_sockets(const char *ns, int *req_fd, int *watch_fd)
{
	struct sockaddr_nl watch = { .nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK };
	struct ns_scope scope;
	int one = 1, r;
	if ((r = ns_enter(ns, &scope)) < 0)
		return r;
	*req_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	*watch_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
	r = *req_fd < 0 || *watch_fd < 0 ? -errno : 0;
	ns_leave(&scope);
	if (!r && bind(*watch_fd, (struct sockaddr *)&watch, sizeof watch) < 0)
		r = -errno;
	if (r) {
		if (*req_fd >= 0)
			close(*req_fd);
		if (*watch_fd >= 0)
			close(*watch_fd);
		return r;
	}
	setsockopt(*req_fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
	setsockopt(*req_fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
	return 0;
}

/* An ethtool ioctl takes the RTNL (dev_ethtool), so once it returns whatever
 * held the RTNL before has ended its section. */
void rtnl_barrier(void)
{
	struct ethtool_value ev = { .cmd = ETHTOOL_GLINK };
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
	ifr.ifr_data = (char *)&ev;
	ioctl(fd, SIOCETHTOOL, &ifr);
	close(fd);
}

/* Send the RTM_DELLINK request J holds (its sockets made) from a thread of
 * its own; return its answer, or 0 once every device of IFINDEXES (N) was
 * announced gone and the RTNL taken once after. J is the caller's no more. */
static int del_request(struct del_job *j, int watch_fd, const int *ifindexes, int n)
{
	struct pollfd pf[2];
	pthread_attr_t attr;
	pthread_t tid;
	sigset_t all, old;
	char *seen = calloc((size_t)(n > 0 ? n : 1), 1);
	int r = -EIO, started;
	atomic_init(&j->refs, 2);
	nl_clear_extack();
	lab_change_note_rtm(&j->req.h);

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);       /* signals stay with the caller */
	started = pthread_attr_init(&attr) == 0;
	if (started) {
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		started = pthread_create(&tid, &attr, del_thread, j) == 0;
		pthread_attr_destroy(&attr);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!started)
		del_thread(j);          /* no thread: wait for the answer here */

	pf[0] = (struct pollfd){ .fd = j->done_fd, .events = POLLIN };
	pf[1] = (struct pollfd){ .fd = seen && n > 0 ? watch_fd : -1, .events = POLLIN };
	for (;;) {
		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			pf[1].fd = -1;  /* cannot poll: read the answer (it blocks) */
			pf[0].revents = POLLIN;
		}
		if (pf[0].revents) {
			uint64_t v;
			if (read(j->done_fd, &v, sizeof v) < 0) {
				/* it is readable: the answer is in all the same */
			}
			r = j->err;
			if (r < 0)
				nl_note_ack(&j->ack.h);
			break;
		}
		if (pf[1].revents) {
			char buf[16384];
			ssize_t got = recv(watch_fd, buf, sizeof buf, 0);
			if (got < 0 && errno != EAGAIN && errno != EINTR)
				pf[1].fd = -1;  /* ENOBUFS (announcements lost): wait for the answer */
			else if (got > 0 && announced_gone(buf, (int)got, ifindexes, n, seen) == n) {
				rtnl_barrier();
				r = 0;
				break;
			}
		}
	}
	free(seen);
	close(watch_fd);
	job_put(j);
	return r;
}

/* A job for an RTM_DELLINK of IFINDEX carrying GROUP (0: none) in namespace
 * NS, its sockets made: 0, or -errno. */
static int job_new(const char *ns, int ifindex, uint32_t group, struct del_job **jp, int *watch_fd)
{
	struct ifinfomsg *ifi;
	struct del_job *j;
	int r;
	if (!(j = calloc(1, sizeof *j)))
		return -ENOMEM;
	if ((r = open_sockets(ns, &j->req_fd, watch_fd)) < 0) {
		free(j);
		return r;
	}
	if ((j->done_fd = eventfd(0, EFD_CLOEXEC)) < 0) {
		r = -errno;
		close(j->req_fd);
		close(*watch_fd);
		free(j);
		return r;
	}
	j->req.h.nlmsg_len = NLMSG_LENGTH(sizeof *ifi);
	j->req.h.nlmsg_type = RTM_DELLINK;
	j->req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	j->req.h.nlmsg_seq = 1;
	ifi = NLMSG_DATA(&j->req.h);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	if (group) {
		struct nlattr *a = (struct nlattr *)(j->req.buf + NLMSG_ALIGN(j->req.h.nlmsg_len));
		a->nla_type = IFLA_GROUP;
		a->nla_len = NLA_HDRLEN + sizeof group;
		memcpy((char *)a + NLA_HDRLEN, &group, sizeof group);
		j->req.h.nlmsg_len = NLMSG_ALIGN(j->req.h.nlmsg_len) + NLA_ALIGN(a->nla_len);
	}
	*jp = j;
	return 0;
}

int link_del(const char *ns, int ifindex)
{
	struct del_job *j;
	int watch_fd, r;
	if ((r = job_new(ns, ifindex, 0, &j, &watch_fd)) < 0)
		return r;
	return del_request(j, watch_fd, &ifindex, 1);
}

int link_del_group(const char *ns, uint32_t group, const int *ifindexes, int n)
{
	struct del_job *j;
	int watch_fd, r;
	if ((r = job_new(ns, 0, group, &j, &watch_fd)) < 0)
		return r;
	return del_request(j, watch_fd, ifindexes, n);
}
