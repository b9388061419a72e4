/*
 * nlreq.c -- the two netlink request helpers link.c, addr.c and nsid.c share:
 * send a request and wait for its ACK, or read a whole dump. Declared in link.h.
 */
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include "link.h"

int nl_request(struct nl_sock *sk, struct nl_msg *msg)
{
	int r;
	nl_clear_extack();
	r = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	if (r < 0)
		return nl_result(sk, r);
	r = nl_wait_for_ack(sk);
	return r < 0 ? nl_result(sk, r) : 0;
}

int nl_dump_each(struct nl_sock *sk, struct nl_msg *msg,
	    int (*fn)(struct nl_msg *m, void *arg), void *arg)
{
	/* read whole, asked again while the kernel says it was interrupted */
	return nl_dump_consistent(sk, msg, fn, arg);
}
