/*
 * nft_sock.c -- the netfilter socket every nf_tables call opens: made inside
 * the namespace (a netlink socket acts on the namespace it was made in) and
 * closed again after each call, so a namespace deleted and made anew under the
 * same name never sees a stale socket. nft.c (changes), nft_list.c (dumps) and
 * nft_probe.c all start here.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include "netlearn.h"
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
