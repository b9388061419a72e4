/*
 * nlsock.c -- one NETLINK_ROUTE socket per namespace, made inside it (a netlink
 * socket stays in the namespace it was created in) and kept for later calls.
 * libnl 3.7 folds errnos into its own codes and drops the kernel's extended-ACK
 * text, so our error callback records both before libnl sees them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include "netlearn.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct cached_sock {
	char *ns;               /* "" for the host */
	struct nl_sock *sk;
	struct cached_sock *next;
};

static struct cached_sock *cache;
static int last_errno;          /* errno of the last NLMSG_ERROR seen */
static char last_extack[256];

const char *nl_last_extack(void) { return last_extack; }
void nl_clear_extack(void) { last_extack[0] = '\0'; last_errno = 0; }

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *h = (struct nlmsghdr *)e - 1;
	(void)nla; (void)arg;
	last_errno = -e->error;
	last_extack[0] = '\0';
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
	return NL_STOP;
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
out:
	ns_leave(&scope);
	return sk;
}

struct nl_sock *nl_route_sock(const char *ns, int *err)
{
	const char *key = ns ? ns : "";
	struct cached_sock *c;
	struct nl_sock *sk;

	struct cached_sock **pp;

	/* move to front: a lab of 1000 namespaces is mostly worked on from the
	 * host, whose socket would otherwise sit at the end of the list */
	for (pp = &cache; (c = *pp) != NULL; pp = &c->next)
		if (!strcmp(c->ns, key)) {
			*pp = c->next;
			c->next = cache;
			cache = c;
			return c->sk;
		}
	if (!ns_is_host(key) && !ns_exists(key)) {
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
			nl_socket_free(c->sk);
			free(c->ns);
			free(c);
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
	default: return -EIO;
	}
}
