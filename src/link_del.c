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
 * is first. The thread waits out the answer and ends.
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
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include "labchange.h"
#include "netlearn.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct del_job {
	int req_fd;             /* the request's socket, in the device's namespace */
	int done_fd;            /* eventfd: written once the answer is in */
	struct { struct nlmsghdr h; struct ifinfomsg ifi; } req;
	int err;                /* the answer: 0 or -errno */
	char ack[1024];         /* and the whole of it (extended-ACK text) */
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
	if (send(j->req_fd, &j->req, sizeof j->req, 0) < 0) {
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
				memcpy(j->ack, h, h->nlmsg_len < sizeof j->ack ? h->nlmsg_len : sizeof j->ack);
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

/* Did the messages in BUF announce that device IFINDEX is gone? (A bridge's
 * RTM_DELLINK for a port that leaves it is family AF_BRIDGE: not this.) */
static int announced_gone(const char *buf, int len, int ifindex)
{
	const struct nlmsghdr *h;
	for (h = (const struct nlmsghdr *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
		const struct ifinfomsg *ifi = NLMSG_DATA(h);
		if (h->nlmsg_type == RTM_DELLINK && h->nlmsg_len >= NLMSG_LENGTH(sizeof *ifi) &&
		    ifi->ifi_family == AF_UNSPEC && ifi->ifi_index == ifindex)
			return 1;
	}
	return 0;
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

int link_del(const char *ns, int ifindex)
{
	struct pollfd pf[2];
	struct del_job *j;
	pthread_attr_t attr;
	pthread_t tid;
	sigset_t all, old;
	int watch_fd, r, started;
	if (!(j = calloc(1, sizeof *j)))
		return -ENOMEM;
	if ((r = open_sockets(ns, &j->req_fd, &watch_fd)) < 0) {
		free(j);
		return r;
	}
	if ((j->done_fd = eventfd(0, EFD_CLOEXEC)) < 0) {
		r = -errno;
		close(j->req_fd);
		close(watch_fd);
		free(j);
		return r;
	}
	j->req.h.nlmsg_len = sizeof j->req;
	j->req.h.nlmsg_type = RTM_DELLINK;
	j->req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	j->req.h.nlmsg_seq = 1;
	j->req.ifi.ifi_family = AF_UNSPEC;
	j->req.ifi.ifi_index = ifindex;
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
	pf[1] = (struct pollfd){ .fd = watch_fd, .events = POLLIN };
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
				nl_note_ack((const struct nlmsghdr *)j->ack);
			break;
		}
		if (pf[1].revents) {
			char buf[16384];
			ssize_t n = recv(watch_fd, buf, sizeof buf, 0);
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				pf[1].fd = -1;  /* ENOBUFS (announcements lost): wait for the answer */
			else if (n > 0 && announced_gone(buf, (int)n, ifindex)) {
				rtnl_barrier();
				r = 0;
				break;
			}
		}
	}
	close(watch_fd);
	job_put(j);
	return r;
}
