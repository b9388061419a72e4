/*
 * nlsock.c -- one NETLINK_ROUTE socket per namespace, made inside it (a netlink
 * socket stays in the namespace it was created in) and kept for later calls.
 * libnl 3.7 folds errnos into its own codes and drops the kernel's extended-ACK
 * text, so our error callback records both before libnl sees them.
 *
 * Dumps: when the objects change while the kernel is dumping them (a namespace
 * being torn down takes its veth peers out of the host one by one), the kernel
 * marks the answer NLM_F_DUMP_INTR: what was read is not a true listing. Every
 * dump of netlearn (links, addresses, routes, rules, neighbours, nf_tables) goes
 * through nl_dump_retry(), which reads the whole answer first and asks again,
 * a bounded number of times, when it was interrupted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include "labchange.h"
#include "netlearn.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct cached_sock {
	char *ns;               /* "" for the host */
	dev_t dev;              /* the namespace the name led to when the socket was made */
	ino_t ino;
	struct nl_sock *sk;
	struct cached_sock *next;
};

static struct cached_sock *cache;
static double last_sweep;       /* nl_mono_now() of the last look at every cached name */
static int last_errno;          /* errno of the last NLMSG_ERROR seen */
static char last_extack[256];

const char *nl_last_extack(void) { return last_extack; }
void nl_clear_extack(void) { last_extack[0] = '\0'; last_errno = 0; }

void nl_note_ack(const struct nlmsghdr *h)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);
	last_extack[0] = '\0';
	if (h->nlmsg_type != NLMSG_ERROR || h->nlmsg_len < NLMSG_LENGTH(sizeof *e))
		return;
	if (h->nlmsg_flags & NLM_F_ACK_TLVS) {
		/* With NETLINK_CAP_ACK the request is not echoed: TLVs follow nlmsgerr,
		 * otherwise they follow the echoed request. */
		size_t off = sizeof(*e);
		if (!(h->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
		if (NLMSG_HDRLEN + off < h->nlmsg_len) {
			struct nlattr *a = (struct nlattr *)((char *)e + off);
			int rem = (int)(h->nlmsg_len - NLMSG_HDRLEN - off);
			struct nlattr *pos;
			int r;
			nla_for_each_attr(pos, a, rem, r) {
				if (nla_type(pos) == NLMSGERR_ATTR_MSG) {
					snprintf(last_extack, sizeof last_extack, "%.*s",
						 nla_len(pos), (char *)nla_data(pos));
					last_extack[strcspn(last_extack, "\n")] = '\0';
				}
			}
		}
	}
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	(void)nla; (void)arg;
	last_errno = -e->error;
	nl_note_ack((struct nlmsghdr *)e - 1);
	return NL_STOP;
}

/* every message sent on our sockets: a request that is not a GET changes the lab */
static int note_out(struct nl_msg *m, void *arg)
{
	(void)arg;
	lab_change_note_rtm(nlmsg_hdr(m));
	return NL_OK;
}

static struct nl_sock *open_in(const char *ns, int *err)
{
	struct ns_scope scope;
	struct nl_sock *sk;
	int one = 1, r;

	if ((r = ns_enter(ns, &scope)) < 0) {
		*err = r;
		return NULL;
	}
	sk = nl_socket_alloc();
	if (!sk) {
		*err = -ENOMEM;
		goto out;
	}
	if ((r = nl_connect(sk, NETLINK_ROUTE)) < 0) {
		*err = nl_result(NULL, r);
		nl_socket_free(sk);
		sk = NULL;
		goto out;
	}
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
	nl_socket_set_buffer_size(sk, 1 << 20, 1 << 20);
	nl_socket_modify_err_cb(sk, NL_CB_CUSTOM, on_error, NULL);
	nl_socket_modify_cb(sk, NL_CB_MSG_OUT, NL_CB_CUSTOM, note_out, NULL);
out:
	ns_leave(&scope);
	return sk;
}

/* Does the name of C still lead to the namespace its socket is in? A name
 * deleted, or deleted and made again, behind netlearn's back (`!ip netns del`)
 * does not: the socket would show the old namespace, and keep it alive. */
static int still_there(const struct cached_sock *c)
{
	dev_t dev;
	ino_t ino;
	if (ns_is_host(c->ns))
		return 1;
	return ns_identity(c->ns, &dev, &ino) == 0 && dev == c->dev && ino == c->ino;
}

static void cached_free(struct cached_sock *c)
{
	nl_socket_free(c->sk);
	free(c->ns);
	free(c);
}

/* Drop the sockets of every name that no longer leads to its namespace: at
 * most once a second, so that a lab of 1000 namespaces does not stat them all
 * on every call, yet one deleted behind netlearn's back is let go soon. */
static void sweep(void)
{
	struct cached_sock **pp, *c;
	double now = nl_mono_now();
	if (now - last_sweep < 1.0)
		return;
	last_sweep = now;
	for (pp = &cache; (c = *pp) != NULL;)
		if (!still_there(c)) {
			*pp = c->next;
			cached_free(c);
		} else {
			pp = &c->next;
		}
}

struct nl_sock *nl_route_sock(const char *ns, int *err)
{
	const char *key = ns ? ns : "";
	struct cached_sock *c;
	struct nl_sock *sk;
	dev_t dev = 0;
	ino_t ino = 0;
	struct cached_sock **pp;

	sweep();
	/* move to front: a lab of 1000 namespaces is mostly worked on from the
	 * host, whose socket would otherwise sit at the end of the list */
	for (pp = &cache; (c = *pp) != NULL; pp = &c->next)
		if (!strcmp(c->ns, key)) {
			*pp = c->next;
			if (!still_there(c)) {      /* a new namespace under the old name, or none */
				cached_free(c);
				break;
			}
			c->next = cache;
			cache = c;
			return c->sk;
		}
	if (!ns_is_host(key) && ns_identity(key, &dev, &ino) < 0) {
		*err = -ENOENT;
		return NULL;
	}
	sk = open_in(key, err);
	if (!sk)
		return NULL;
	c = calloc(1, sizeof *c);
	if (!c || !(c->ns = strdup(key))) {
		free(c);
		nl_socket_free(sk);
		*err = -ENOMEM;
		return NULL;
	}
	c->dev = dev;
	c->ino = ino;
	c->sk = sk;
	c->next = cache;
	cache = c;
	return sk;
}

void nl_sock_forget(const char *ns)
{
	const char *key = ns ? ns : "";
	struct cached_sock **pp, *c;
	for (pp = &cache; (c = *pp) != NULL; pp = &c->next) {
		if (!strcmp(c->ns, key)) {
			*pp = c->next;
			cached_free(c);
			return;
		}
	}
}

int nl_result(struct nl_sock *sk, int libnl_err)
{
	(void)sk;
	if (libnl_err >= 0)
		return libnl_err;
	if (last_errno > 0) {
		int e = last_errno;
		last_errno = 0;
		return -e;
	}
	switch (-libnl_err) {
	case NLE_NOMEM: return -ENOMEM;
	case NLE_EXIST: return -EEXIST;
	case NLE_OBJ_NOTFOUND: return -ENOENT;
	case NLE_NODEV: return -ENODEV;
	case NLE_INVAL: return -EINVAL;
	case NLE_PERM: return -EPERM;
	case NLE_OPNOTSUPP: return -EOPNOTSUPP;
	case NLE_RANGE: return -ERANGE;
	case NLE_BUSY: return -EBUSY;
	case NLE_AGAIN: return -EAGAIN;
	case NLE_NOACCESS: return -EACCES;
	case NLE_AF_NOSUPPORT: return -EAFNOSUPPORT;
	case NLE_DUMP_INTR: return -EAGAIN;
	default: return -EIO;
	}
}

/* ---- dumps, read whole and asked again when interrupted ------------------ */

/* Run ATTEMPT until it returns something other than NL_DUMP_AGAIN (its answer
 * was interrupted and has been read to the end), at most NL_DUMP_TRIES times,
 * waiting 1, 2, 4 ... 64 ms in between for the changes to settle. Then -EAGAIN,
 * with words for l_fail in the extended-ACK slot. */
int nl_dump_retry(int (*attempt)(void *arg), void *arg)
{
	int i, r = 0;

	for (i = 0; i < NL_DUMP_TRIES; i++) {
		if (i > 0) {
			int shift = i - 1 < 6 ? i - 1 : 6;
			struct timespec ts = { 0, 1000000L << shift };
			nanosleep(&ts, NULL);
		}
		r = attempt(arg);
		if (r != NL_DUMP_AGAIN)
			return r;
	}
	snprintf(last_extack, sizeof last_extack, "the kernel's listing changed while it was read, "
		 "%d times in a row; try again when the lab is still", NL_DUMP_TRIES);
	return -EAGAIN;
}

struct held {
	struct nl_msg **v;
	size_t n, cap;
	int intr;               /* some answer carried NLM_F_DUMP_INTR */
	int err;
};

static void held_drop(struct held *h)
{
	size_t i;
	for (i = 0; i < h->n; i++)
		nlmsg_free(h->v[i]);
	free(h->v);
	memset(h, 0, sizeof *h);
}

static int hold(struct nl_msg *m, void *arg)
{
	struct held *h = arg;
	if (h->err)
		return NL_OK;
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 32;
		struct nl_msg **v = realloc(h->v, cap * sizeof *v);
		if (!v) {
			h->err = -ENOMEM;
			return NL_OK;   /* read on: the socket must be left clean */
		}
		h->v = v;
		h->cap = cap;
	}
	nlmsg_get(m);           /* libnl frees its copy after the callback */
	h->v[h->n++] = m;
	return NL_OK;
}

static int mark_intr(struct nl_msg *m, void *arg)
{
	(void)m;
	((struct held *)arg)->intr = 1;
	return NL_OK;           /* read to NLMSG_DONE, so the next request starts clean */
}

struct dump_req {
	struct nl_sock *sk;
	struct nl_msg *req;
	struct held h;
};

static int dump_once(void *arg)
{
	struct dump_req *d = arg;
	struct nl_cb *base, *cb;
	int r;

	held_drop(&d->h);
	nl_clear_extack();
	base = nl_socket_get_cb(d->sk);
	cb = base ? nl_cb_clone(base) : NULL;
	if (base)
		nl_cb_put(base);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, hold, &d->h);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, mark_intr, &d->h);
	nlmsg_hdr(d->req)->nlmsg_seq = NL_AUTO_SEQ;     /* a fresh sequence number each time */
	r = nl_send_auto(d->sk, d->req);
	if (r >= 0)
		r = nl_recvmsgs(d->sk, cb);
	nl_cb_put(cb);
	if (r < 0)
		return nl_result(d->sk, r);
	if (d->h.err)
		return d->h.err;
	return d->h.intr ? NL_DUMP_AGAIN : 0;
}

int nl_dump_consistent(struct nl_sock *sk, struct nl_msg *req,
		       int (*fn)(struct nl_msg *m, void *arg), void *arg)
{
	struct dump_req d;
	size_t i;
	int r;

	memset(&d, 0, sizeof d);
	d.sk = sk;
	d.req = req;
	r = nl_dump_retry(dump_once, &d);
	for (i = 0; r >= 0 && i < d.h.n; i++) {
		int e = fn(d.h.v[i], arg);
		if (e < 0 && r == 0)
			r = e;          /* remembered; the others are still seen */
	}
	held_drop(&d.h);
	nlmsg_free(req);
	return r < 0 ? r : 0;
}
