/*
 * nsid.c -- which named namespace a netnsid stands for, as seen from one
 * namespace (a veth's peer reported by IFLA_LINK_NETNSID): one RTM_GETNSID per
 * namespace of the lab, asked once per listing. Used by the link bindings.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include "link.h"
#include "nsid.h"

/* Which named namespace (or "" for the host) does NSID, as seen from NS, stand for?
 * Asks the kernel (RTM_GETNSID with each namespace's fd). 0, or -ENOENT. */
struct nsid_ctx { int nsid; };

static int got_nsid(struct nl_msg *m, void *arg)
{
	struct nsid_ctx *c = arg;
	struct nlattr *tb[NETNSA_MAX + 1];
	if (nlmsg_parse(nlmsg_hdr(m), sizeof(struct rtgenmsg), tb, NETNSA_MAX, NULL) == 0 &&
	    tb[NETNSA_NSID])
		c->nsid = (int)nla_get_s32(tb[NETNSA_NSID]);
	return 0;
}

static int nsid_of(struct nl_sock *sk, const char *other)
{
	struct rtgenmsg g = { .rtgen_family = AF_UNSPEC };
	struct nsid_ctx c = { -1 };
	struct nl_msg *msg;
	int fd = ns_open(other), r;
	if (fd < 0)
		return -1;
	/* Not a dump: the answer is one message, then the ACK we ask for, which
	 * keeps libnl's sequence numbers in step. */
	msg = nlmsg_alloc_simple(RTM_GETNSID, NLM_F_REQUEST | NLM_F_ACK);
	if (!msg || nlmsg_append(msg, &g, sizeof g, NLMSG_ALIGNTO) < 0 ||
	    nla_put_u32(msg, NETNSA_FD, (uint32_t)fd) < 0) {
		nlmsg_free(msg);
		close(fd);
		return -1;
	}
	r = nl_dump_each(sk, msg, got_nsid, &c);
	if (r >= 0)
		r = nl_result(sk, nl_wait_for_ack(sk));
	close(fd);
	nl_clear_extack();
	return r < 0 ? -1 : c.nsid;
}

static void add_name(const char *name, void *arg)
{
	struct names *nm = arg;
	char **nv = realloc(nm->v, sizeof *nv * (size_t)(nm->n + 1));
	if (!nv)
		return;
	nm->v = nv;
	if ((nm->v[nm->n] = strdup(name)))
		nm->n++;
}

static void nsid_map_build(struct nsid_map *m)
{
	struct nl_sock *sk;
	int i, err = 0;
	m->built = 1;
	if (!(sk = nl_route_sock(m->ns, &err)))
		return;
	ns_list(add_name, &m->nm);
	add_name("", &m->nm);
	m->nsid = calloc((size_t)m->nm.n + 1, sizeof *m->nsid);
	for (i = 0; m->nsid && i < m->nm.n; i++)
		m->nsid[i] = strcmp(m->nm.v[i], m->ns ? m->ns : "") ? nsid_of(sk, m->nm.v[i]) : -1;
}

const char *nsid_map_find(struct nsid_map *m, int nsid)
{
	int i;
	if (!m->built)
		nsid_map_build(m);
	for (i = 0; m->nsid && i < m->nm.n; i++)
		if (m->nsid[i] == nsid && nsid >= 0)
			return m->nm.v[i];
	return NULL;
}

void nsid_map_free(struct nsid_map *m)
{
	int i;
	for (i = 0; i < m->nm.n; i++)
		free(m->nm.v[i]);
	free(m->nm.v);
	free(m->nsid);
}
