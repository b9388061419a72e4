/*
 * nft_sock.c -- the netfilter socket every nf_tables call opens: made inside
 * the namespace (a netlink socket acts on the namespace it was made in) and
 * closed again after each call, so a namespace deleted and made anew under the
 * same name never sees a stale socket. nft.c (changes), nft_list.c (dumps) and
 * nft_probe.c all start here; nft.c and nft_list.c end with nft_sock_close.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <unistd.h>
#include "netlearn.h"
#include "deferred_close.h"
#include "nft.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

static int nft_open(const char *ns, struct mnl_socket **out)
{
	struct ns_scope scope;
	struct mnl_socket *nl;
	int one = 1, err = 0;

	*out = NULL;
	if ((err = ns_enter(ns, &scope)) < 0)
		return err;
	nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!nl) {
		err = -errno;
		goto out;
	}
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		mnl_socket_close(nl);
		goto out;
	}
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof one);
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof one);
	*out = nl;
out:
	ns_leave(&scope);
	return err;
}

void nft_err_init(struct nft_err *e)
{
	memset(e, 0, sizeof *e);
	e->kind = -1;
}

int nft_open_or_say(const char *ns, struct mnl_socket **nl, struct nft_err *e)
{
	int err = nft_open(ns, nl);
	if (err < 0)
		snprintf(e->what, sizeof e->what, "nf_tables");
	return err;
}

/* The kernel frees what a commit replaced (old rules, a chain's old counters)
 * from a work queue, and the release of a netfilter socket waits for that work
 * (nft_rcv_nl_event flushes it: an RCU grace period, 8-20 ms after an
 * `iptables -F`, `-P` or `-Z`). Nothing of ours needs that wait: the new
 * ruleset is in force when the commit is acked. So the last reference goes on
 * a closer thread (deferred_close.c; ns_del drains them first). */
void nft_sock_close(struct mnl_socket *nl)
{
	int fd;
	if (!nl)
		return;
	fd = dup(mnl_socket_get_fd(nl));
	mnl_socket_close(nl);
	deferred_close(fd);
}
