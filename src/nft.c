/*
 * nft.c -- nf_tables over netlink (libmnl + libnftnl): every change is one
 * batch (NFNL_MSG_BATCH_BEGIN ... END), so the kernel applies all of it or, on
 * the first refusal, none of it; a rule that fails takes the table and chain
 * made for it down too. The ruleset is read in nft_list.c (netlink dumps
 * decoded by nft_expr.c); nft_probe.c asks what the kernel can do; the
 * socket each call opens is nft_sock.c's.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>
#include <libmnl/libmnl.h>
#include <libnftnl/common.h>
#include <libnftnl/batch.h>
#include <libnftnl/table.h>
#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/expr.h>
#include "labchange.h"
#include "netlearn.h"
#include "nft.h"

/* iptables' priorities: NF_IP_PRI_NAT_DST, NF_IP_PRI_FILTER, NF_IP_PRI_NAT_SRC */
static int chain_priority(int table, int chain)
{
	if (table == NT_FILTER)
		return 0;
	return (chain == NC_PREROUTING || chain == NC_OUTPUT) ? -100 : 100;
}

/* ---- batches ------------------------------------------------------------- */

#define TNAME(t, table) ((t)->tname ? (t)->tname : nat_table_names[table])

int nft_tx_begin(struct nft_tx *t, struct mnl_socket *nl)
{
	memset(t, 0, sizeof *t);
	t->nl = nl;
	t->buf = calloc(1, NFT_BUFSZ);   /* zeroed: attribute padding goes to the kernel too */
	if (!t->buf)
		return -ENOMEM;
	t->b = mnl_nlmsg_batch_start(t->buf, NFT_BUFSZ);
	t->seq0 = t->seq = (uint32_t)time(NULL);
	nftnl_batch_begin(mnl_nlmsg_batch_current(t->b), t->seq++);
	mnl_nlmsg_batch_next(t->b);
	return 0;
}

void nft_tx_free(struct nft_tx *t)
{
	if (t->b)
		mnl_nlmsg_batch_stop(t->b);
	free(t->buf);
	t->buf = NULL;
	t->b = NULL;
}

/* Start one message of the batch; remembers what it is for error reports. */
struct nlmsghdr *nft_tx_msg(struct nft_tx *t, int kind, uint16_t flags, const char *fmt, const char *a,
			    const char *b)
{
	struct nlmsghdr *nlh;
	if (t->n == NFT_MAXMSG)
		return NULL;
	t->msg[t->n].seq = t->seq;
	t->msg[t->n].kind = kind;
	t->msg[t->n].target = TG_NONE;
	t->msg[t->n].err = 0;
	snprintf(t->msg[t->n].what, sizeof t->msg[t->n].what, fmt, a, b);
	nlh = nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(t->b), (uint16_t)kind, NFPROTO_IPV4,
				    flags | NLM_F_ACK, t->seq++);
	t->n++;
	return nlh;
}

int nft_tx_table(struct nft_tx *t, const char *table)
{
	struct nftnl_table *o = nftnl_table_alloc();
	struct nlmsghdr *nlh;
	if (!o)
		return -ENOMEM;
	nftnl_table_set_str(o, NFTNL_TABLE_NAME, table);
	nftnl_table_set_u32(o, NFTNL_TABLE_FAMILY, NFPROTO_IPV4);
	nlh = nft_tx_msg(t, NFT_MSG_NEWTABLE, NLM_F_CREATE, "table ip %s%s", table, "");
	if (nlh)
		nftnl_table_nlmsg_build_payload(nlh, o);
	nftnl_table_free(o);
	if (!nlh)
		return -E2BIG;
	mnl_nlmsg_batch_next(t->b);
	return 0;
}

/* A base chain, made if missing. policy < 0 leaves the policy as it is;
 * counters gives it policy counters (set to 0: only when making it or -Z). */
int nft_tx_chain(struct nft_tx *t, int table, int chain, int policy, int counters)
{
	struct nftnl_chain *o = nftnl_chain_alloc();
	struct nlmsghdr *nlh;
	if (!o)
		return -ENOMEM;
	nftnl_chain_set_str(o, NFTNL_CHAIN_TABLE, TNAME(t, table));
	nftnl_chain_set_str(o, NFTNL_CHAIN_NAME, t->cname ? t->cname : nat_chain_names[chain]);
	nftnl_chain_set_u32(o, NFTNL_CHAIN_FAMILY, NFPROTO_IPV4);
	nftnl_chain_set_str(o, NFTNL_CHAIN_TYPE, nat_table_names[table]);
	nftnl_chain_set_u32(o, NFTNL_CHAIN_HOOKNUM, (uint32_t)chain);   /* enum follows NF_INET_* */
	nftnl_chain_set_s32(o, NFTNL_CHAIN_PRIO, chain_priority(table, chain));
	if (policy >= 0)
		nftnl_chain_set_u32(o, NFTNL_CHAIN_POLICY, (uint32_t)policy);
	if (counters) {
		nftnl_chain_set_u64(o, NFTNL_CHAIN_PACKETS, 0);
		nftnl_chain_set_u64(o, NFTNL_CHAIN_BYTES, 0);
	}
	nlh = nft_tx_msg(t, NFT_MSG_NEWCHAIN, NLM_F_CREATE, "chain %s %s", TNAME(t, table),
		     t->cname ? t->cname : nat_chain_names[chain]);
	if (nlh)
		nftnl_chain_nlmsg_build_payload(nlh, o);
	nftnl_chain_free(o);
	if (!nlh)
		return -E2BIG;
	mnl_nlmsg_batch_next(t->b);
	return 0;
}

int nft_tx_rule(struct nft_tx *t, const struct nat_rule *r)
{
	struct nftnl_rule *o = nftnl_rule_alloc();
	struct nlmsghdr *nlh = NULL;
	int err;
	if (!o)
		return -ENOMEM;
	nftnl_rule_set_str(o, NFTNL_RULE_TABLE, TNAME(t, r->table));
	nftnl_rule_set_str(o, NFTNL_RULE_CHAIN, r->chain >= 0 ? nat_chain_names[r->chain] : r->chain_name);
	nftnl_rule_set_u32(o, NFTNL_RULE_FAMILY, NFPROTO_IPV4);
	if (r->replace)
		nftnl_rule_set_u64(o, NFTNL_RULE_HANDLE, r->replace);
	else if (r->before)
		nftnl_rule_set_u64(o, NFTNL_RULE_POSITION, r->before);
	if ((err = nft_expr_build(o, r)) < 0)
		goto out;
	nlh = nft_tx_msg(t, NFT_MSG_NEWRULE, NLM_F_ECHO | (r->replace ? NLM_F_REPLACE : NLM_F_CREATE) |
		     (r->insert || r->before || r->replace ? 0 : NLM_F_APPEND),
		     "rule in chain %s %s", TNAME(t, r->table), r->chain >= 0 ? nat_chain_names[r->chain] : r->chain_name);
	if (!nlh) {
		err = -E2BIG;
		goto out;
	}
	t->msg[t->n - 1].target = r->target;
	nftnl_rule_nlmsg_build_payload(nlh, o);
	mnl_nlmsg_batch_next(t->b);
out:
	nftnl_rule_free(o);
	return err;
}

/* Delete one rule (handle) or flush a chain (handle 0) or a table (chain NULL). */
int nft_tx_delrule(struct nft_tx *t, const char *table, const char *chain, uint64_t handle)
{
	struct nftnl_rule *o = nftnl_rule_alloc();
	struct nlmsghdr *nlh;
	if (!o)
		return -ENOMEM;
	nftnl_rule_set_str(o, NFTNL_RULE_TABLE, table);
	if (chain)
		nftnl_rule_set_str(o, NFTNL_RULE_CHAIN, chain);
	if (handle)
		nftnl_rule_set_u64(o, NFTNL_RULE_HANDLE, handle);
	nftnl_rule_set_u32(o, NFTNL_RULE_FAMILY, NFPROTO_IPV4);
	nlh = nft_tx_msg(t, NFT_MSG_DELRULE, 0, handle ? "rule in chain %s %s" : "rules of %s %s",
		     table, chain ? chain : "");
	if (nlh)
		nftnl_rule_nlmsg_build_payload(nlh, o);
	nftnl_rule_free(o);
	if (!nlh)
		return -E2BIG;
	mnl_nlmsg_batch_next(t->b);
	return 0;
}

/* The extended-ACK text after an nlmsgerr (NETLINK_CAP_ACK: no echoed request). */
static void read_extack(const struct nlmsghdr *nlh, char *out, size_t outlen)
{
	const struct nlmsgerr *me = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof *me;
	const struct nlattr *a;
	int rem;

	out[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += me->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (NLMSG_HDRLEN + off >= nlh->nlmsg_len)
		return;
	a = (const struct nlattr *)((const char *)me + off);
	rem = (int)(nlh->nlmsg_len - NLMSG_HDRLEN - off);
	while (mnl_attr_ok(a, rem)) {
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG) {
			snprintf(out, outlen, "%.*s", (int)mnl_attr_get_payload_len(a),
				 (const char *)mnl_attr_get_payload(a));
			out[strcspn(out, "\n")] = '\0';
		}
		rem -= (int)MNL_ALIGN(a->nla_len);
		a = (const struct nlattr *)((const char *)a + MNL_ALIGN(a->nla_len));
	}
}

/* Send the batch and read every answer. The kernel handles a batch inside our
 * sendmsg(), so the answers are queued when it returns; we still wait a little
 * for the ACKs we asked for, to be safe. Returns 0 or the first error. */
int nft_tx_commit(struct nft_tx *t, struct nft_err *e)
{
	char *rbuf = NULL;
	int acks = 0, err = 0, idle = 0;
	int fd = mnl_socket_get_fd(t->nl);

	nftnl_batch_end(mnl_nlmsg_batch_current(t->b), t->seq++);
	mnl_nlmsg_batch_next(t->b);
	lab_change_note();
	if (mnl_socket_sendto(t->nl, mnl_nlmsg_batch_head(t->b), mnl_nlmsg_batch_size(t->b)) < 0) {
		snprintf(e->what, sizeof e->what, "nf_tables");
		return -errno;
	}
	rbuf = malloc(NFT_BUFSZ);
	if (!rbuf)
		return -ENOMEM;
	while (acks < t->n) {
		struct pollfd p = {fd, POLLIN, 0};
		const struct nlmsghdr *nlh;
		ssize_t len = recv(fd, rbuf, NFT_BUFSZ, MSG_DONTWAIT);
		int left;
		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK) {
				if (!err)
					err = -errno;
				break;
			}
			/* an error aborts the batch: its answers came all at once */
			if (err || idle++ == 20)
				break;
			poll(&p, 1, 100);
			continue;
		}
		left = (int)len;
		for (nlh = (const struct nlmsghdr *)rbuf; mnl_nlmsg_ok(nlh, left);
		     nlh = mnl_nlmsg_next(nlh, &left)) {
			uint16_t type = nlh->nlmsg_type;
			if (type == NLMSG_ERROR) {
				const struct nlmsgerr *me = mnl_nlmsg_get_payload(nlh);
				acks++;
				for (int k = 0; k < t->n; k++)
					if (t->msg[k].seq == nlh->nlmsg_seq)
						t->msg[k].err = me->error;
				if (me->error && !err) {
					int i;
					err = me->error;
					e->kind = -1;
					snprintf(e->what, sizeof e->what, "nf_tables");
					for (i = 0; i < t->n; i++)
						if (t->msg[i].seq == nlh->nlmsg_seq) {
							snprintf(e->what, sizeof e->what, "%s", t->msg[i].what);
							e->kind = t->msg[i].kind;
							e->target = t->msg[i].target;
						}
					read_extack(nlh, e->extack, sizeof e->extack);
					if (nlh->nlmsg_seq == t->seq0)   /* refused the whole batch */
						acks = t->n;
				}
			} else if (NFNL_SUBSYS_ID(type) == NFNL_SUBSYS_NFTABLES &&
				   NFNL_MSG_TYPE(type) == NFT_MSG_NEWRULE) {
				struct nftnl_rule *o = nftnl_rule_alloc();
				if (o && nftnl_rule_nlmsg_parse(nlh, o) == 0 &&
				    nftnl_rule_is_set(o, NFTNL_RULE_HANDLE)) {
					t->handle = nftnl_rule_get_u64(o, NFTNL_RULE_HANDLE);
					t->have_handle = 1;
				}
				nftnl_rule_free(o);
			}
		}
	}
	if (!err && acks < t->n) {
		snprintf(e->what, sizeof e->what, "nf_tables");
		err = -ETIMEDOUT;
	}
	free(rbuf);
	return err;
}

/* ---- primitives ---------------------------------------------------------- */

/* The chain TABLE/CHAIN of the listing, or NULL */
static const struct nft_chain_info *find_chain(const struct nft_listing *l, const char *table, const char *chain)
{
	size_t i;
	for (i = 0; i < l->nchains; i++)
		if (!strcmp(l->chains[i].table, table) && !strcmp(l->chains[i].name, chain))
			return &l->chains[i];
	return NULL;
}

static int has_chain(const struct nft_listing *l, const char *table, const char *chain)
{
	return find_chain(l, table, chain) != NULL;
}

/* The base chain CHAIN of TABLE as nft_tx_chain makes it (type, hook and
 * priority), or NULL. Then a rule goes in without a NEWCHAIN: sent for a
 * chain that exists it is an update, whose leftovers the kernel frees from a
 * work queue, and closing our socket then waits for that work (an RCU grace
 * period: nft_rcv_nl_event flushes it), 10-20 ms an `iptables -A`. */
static const struct nft_chain_info *our_base_chain(const struct nft_listing *l, int table, int chain)
{
	const struct nft_chain_info *c = find_chain(l, nat_table_names[table], nat_chain_names[chain]);
	if (c && c->hook == chain && c->priority == chain_priority(table, chain) &&
	    !strcmp(c->type, nat_table_names[table]))
		return c;
	return NULL;
}

int nft_rule_add(const char *ns, const struct nat_rule *r, uint64_t *handle, struct nft_err *e)
{
	struct mnl_socket *nl = NULL;
	struct nft_listing l = {0};
	struct nft_tx t = {0};
	const char *tname = nat_table_names[r->table];
	const char *cname = r->chain >= 0 ? nat_chain_names[r->chain] : r->chain_name;
	int err;

	nft_err_init(e);
	if ((err = nft_open_or_say(ns, &nl, e)) < 0)
		return err;
	if ((err = nft_list_on(nl, &l, e)) < 0)
		goto out;
	if (r->chain < 0 && !has_chain(&l, tname, cname)) {
		snprintf(e->what, sizeof e->what, "unknown chain '%s' in table %s (chains: PREROUTING, INPUT, "
			 "FORWARD, OUTPUT, POSTROUTING, or a user chain made with net.nft_chain_add)", cname, tname);
		e->sentence = 1;
		err = -ENOENT;
		goto out;
	}
	if ((r->target == TG_JUMP || r->target == TG_GOTO) && !has_chain(&l, tname, r->jump)) {
		snprintf(e->what, sizeof e->what, "unknown target '%s' (targets: ACCEPT, DROP, REJECT, RETURN, "
			 "MASQUERADE, SNAT, DNAT, or a user chain of table %s made with net.nft_chain_add)", r->jump, tname);
		e->sentence = 1;
		err = -ENOENT;
		goto out;
	}
	if ((err = nft_tx_begin(&t, nl)) < 0)
		goto out;
	if (r->chain >= 0 && !our_base_chain(&l, r->table, r->chain) &&
	    ((err = nft_tx_table(&t, tname)) < 0 ||
	     /* sent when it exists otherwise too: the kernel refuses one with another hook or priority */
	     (err = nft_tx_chain(&t, r->table, r->chain, -1, !has_chain(&l, tname, cname))) < 0))
		goto out;
	if ((err = nft_tx_rule(&t, r)) < 0 || (err = nft_tx_commit(&t, e)) < 0)
		goto out;
	*handle = t.have_handle ? t.handle : 0;
	if (!t.have_handle) {
		/* no echo came back: handles only grow, so the chain's highest is ours */
		struct nft_listing l2;
		size_t i;
		if (nft_list_on(nl, &l2, e) == 0) {
			for (i = 0; i < l2.nrules; i++)
				if (!strcmp(l2.rules[i].table, tname) && !strcmp(l2.rules[i].chain, cname) &&
				    l2.rules[i].r.handle > *handle)
					*handle = l2.rules[i].r.handle;
			nft_listing_free(&l2);
		}
	}
out:
	nft_tx_free(&t);
	nft_listing_free(&l);
	nft_sock_close(nl);
	return err;
}

/* One chain message in its own batch: NEWCHAIN (in the table, made first if
 * need be) or DELCHAIN. */
/* NEWCHAIN (made: handle 0; renamed: the chain's handle, name the new one) or DELCHAIN */
static int chain_msg(const char *ns, const char *table, const char *name, uint64_t handle, int type,
		     struct nft_err *e)
{
	struct mnl_socket *nl = NULL;
	struct nftnl_chain *o = NULL;
	struct nlmsghdr *nlh;
	struct nft_tx t = {0};
	int add = type == NFT_MSG_NEWCHAIN && !handle, err;

	nft_err_init(e);
	if ((err = nft_open_or_say(ns, &nl, e)) < 0)
		return err;
	if ((err = nft_tx_begin(&t, nl)) < 0 || (add && (err = nft_tx_table(&t, table)) < 0))
		goto out;
	if (!(o = nftnl_chain_alloc())) {
		err = -ENOMEM;
		goto out;
	}
	nftnl_chain_set_str(o, NFTNL_CHAIN_TABLE, table);
	nftnl_chain_set_str(o, NFTNL_CHAIN_NAME, name);
	nftnl_chain_set_u32(o, NFTNL_CHAIN_FAMILY, NFPROTO_IPV4);
	if (handle)
		nftnl_chain_set_u64(o, NFTNL_CHAIN_HANDLE, handle);
	if (!(nlh = nft_tx_msg(&t, type, add ? NLM_F_CREATE | NLM_F_EXCL : 0, "chain %s %s", table, name))) {
		err = -E2BIG;
		goto out;
	}
	nftnl_chain_nlmsg_build_payload(nlh, o);
	mnl_nlmsg_batch_next(t.b);
	err = nft_tx_commit(&t, e);
out:
	if (o)
		nftnl_chain_free(o);
	nft_tx_free(&t);
	nft_sock_close(nl);
	return err;
}

int nft_chain_add(const char *ns, int table, const char *name, struct nft_err *e)
{
	return chain_msg(ns, nat_table_names[table], name, 0, NFT_MSG_NEWCHAIN, e);
}

int nft_chain_rename(const char *ns, const char *table, uint64_t handle, const char *name, struct nft_err *e)
{
	return chain_msg(ns, table, name, handle, NFT_MSG_NEWCHAIN, e);
}

int nft_chain_del(const char *ns, const char *table, const char *name, struct nft_err *e)
{
	return chain_msg(ns, table, name, 0, NFT_MSG_DELCHAIN, e);
}

/* The rules of one dump, kept as libnftnl objects (up to ZERO_MAX of them) */
#define ZERO_MAX 512
struct rule_bag {
	struct nftnl_rule *r[ZERO_MAX];
	size_t n;
	int full;
};

static int bag_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rule_bag *bag = data;
	struct nftnl_rule *o;
	if (bag->n == ZERO_MAX) {
		bag->full = 1;
		return MNL_CB_OK;
	}
	if (!(o = nftnl_rule_alloc()))
		return MNL_CB_ERROR;
	if (nftnl_rule_nlmsg_parse(nlh, o) < 0) {
		nftnl_rule_free(o);
		return MNL_CB_OK;
	}
	bag->r[bag->n++] = o;
	return MNL_CB_OK;
}

/* Set every counter expression of O to zero; returns how many it has. */
static int zero_counters(struct nftnl_rule *o)
{
	struct nftnl_expr_iter *it = nftnl_expr_iter_create(o);
	struct nftnl_expr *x;
	int n = 0;
	if (!it)
		return 0;
	while ((x = nftnl_expr_iter_next(it))) {
		const char *name = nftnl_expr_get_str(x, NFTNL_EXPR_NAME);
		if (name && !strcmp(name, "counter")) {
			nftnl_expr_set_u64(x, NFTNL_EXPR_CTR_PACKETS, 0);
			nftnl_expr_set_u64(x, NFTNL_EXPR_CTR_BYTES, 0);
			n++;
		}
	}
	nftnl_expr_iter_destroy(it);
	return n;
}

/* A dump does not carry NFTA_RULE_COMPAT, which the xtables matches (-m
 * multiport ...) check a replaced rule against: say it again, from -p. */
static void set_compat(struct nftnl_rule *o)
{
	struct nat_rule r;
	nat_rule_init(&r);
	nft_expr_decode(o, &r);
	if (!r.proto)
		return;
	nftnl_rule_set_u32(o, NFTNL_RULE_COMPAT_PROTO, (uint32_t)r.proto);
	nftnl_rule_set_u32(o, NFTNL_RULE_COMPAT_FLAGS, r.inv_proto ? NFT_RULE_COMPAT_F_INV : 0);
}

/* Zero the counters of a table (or one chain) as iptables-nft does: each rule
 * that counts is replaced, in place (same handle), by itself with its counters
 * at 0, and the base chains' policy counters are set to 0 by a chain update.
 * (A GETRULE_RESET dump would be one message, but Debian 12's 6.1 kernel
 * refuses it with EINVAL.) */
int nft_zero(const char *ns, const char *table, const char *chain, struct nft_err *e)
{
	struct mnl_socket *nl = NULL;
	struct nft_listing l = {0};
	struct nft_tx t = {0};
	struct rule_bag *bag = NULL;
	char *buf = NULL;
	struct nlmsghdr *nlh;
	struct nftnl_rule *o = NULL;
	uint32_t seq = (uint32_t)time(NULL);
	ssize_t n;
	int err, tidx = nft_find_name(nat_table_names, NT__N, table);
	size_t i;

	nft_err_init(e);
	if ((err = nft_open_or_say(ns, &nl, e)) < 0)
		return err;
	if ((err = nft_list_on(nl, &l, e)) < 0)
		goto out;
	if (!(buf = calloc(1, NFT_BUFSZ)) || !(o = nftnl_rule_alloc()) ||   /* zeroed: padding is sent */
	    !(bag = calloc(1, sizeof *bag))) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < l.nchains; i++)
		if (!strcmp(l.chains[i].table, table) && (!chain || !strcmp(l.chains[i].name, chain)))
			break;
	if (i == l.nchains)
		goto out;                       /* nothing there yet: nothing to zero */
	nftnl_rule_set_str(o, NFTNL_RULE_TABLE, table);
	if (chain)
		nftnl_rule_set_str(o, NFTNL_RULE_CHAIN, chain);
	nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETRULE, NFPROTO_IPV4, NLM_F_DUMP, seq);
	nftnl_rule_nlmsg_build_payload(nlh, o);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		err = -errno;
		snprintf(e->what, sizeof e->what, "nf_tables");
		goto out;
	}
	while ((n = mnl_socket_recvfrom(nl, buf, NFT_BUFSZ)) > 0) {
		int cr = mnl_cb_run(buf, (size_t)n, seq, mnl_socket_get_portid(nl), bag_cb, bag);
		if (cr < 0) {
			err = -errno;
			snprintf(e->what, sizeof e->what, "counters of table %.63s", table);
			goto out;
		}
		if (cr == MNL_CB_STOP)
			break;
	}
	if (bag->full) {
		err = -E2BIG;
		snprintf(e->what, sizeof e->what, "counters of table %.63s (over %d rules)", table, ZERO_MAX);
		goto out;
	}
	/* the rules, a batch of up to NFT_MAXMSG at a time */
	for (i = 0; i < bag->n;) {
		if ((err = nft_tx_begin(&t, nl)) < 0)
			goto out;
		for (; i < bag->n && t.n < NFT_MAXMSG; i++) {
			struct nftnl_rule *r = bag->r[i];
			if (!zero_counters(r))
				continue;
			nftnl_rule_unset(r, NFTNL_RULE_POSITION);
			set_compat(r);
			nlh = nft_tx_msg(&t, NFT_MSG_NEWRULE, NLM_F_REPLACE, "counters of %s %s", table,
					 nftnl_rule_get_str(r, NFTNL_RULE_CHAIN));
			if (!nlh) {
				err = -E2BIG;
				goto out;
			}
			nftnl_rule_nlmsg_build_payload(nlh, r);
			mnl_nlmsg_batch_next(t.b);
		}
		if (t.n > 0 && (err = nft_tx_commit(&t, e)) < 0)
			goto out;
		nft_tx_free(&t);
	}
	if (tidx < 0 || (err = nft_tx_begin(&t, nl)) < 0)
		goto out;
	for (i = 0; i < l.nchains; i++) {
		const struct nft_chain_info *c = &l.chains[i];
		if (strcmp(c->table, table) || c->hook < 0 || c->hook >= NC__N || (chain && strcmp(c->name, chain)) ||
		    strcmp(c->name, nat_chain_names[c->hook]) || c->policy < 0)
			continue;
		if ((err = nft_tx_chain(&t, tidx, c->hook, c->policy, 1)) < 0)
			goto out;
	}
	if (t.n > 0)
		err = nft_tx_commit(&t, e);
out:
	if (bag)
		for (i = 0; i < bag->n; i++)
			nftnl_rule_free(bag->r[i]);
	free(bag);
	if (o)
		nftnl_rule_free(o);
	free(buf);
	nft_tx_free(&t);
	nft_listing_free(&l);
	nft_sock_close(nl);
	return err;
}

/* The filter table's base chain CHAIN, as nft_policy_set makes it, already
 * with POLICY: then there is nothing to commit. */
static int has_policy(const struct nft_listing *l, int chain, int policy)
{
	const struct nft_chain_info *c = our_base_chain(l, NT_FILTER, chain);
	return c && c->policy == policy;
}

int nft_policy_set(const char *ns, int chain, int accept, struct nft_err *e)
{
	struct mnl_socket *nl = NULL;
	struct nft_listing l = {0};
	struct nft_tx t = {0};
	int err;

	nft_err_init(e);
	if ((err = nft_open_or_say(ns, &nl, e)) < 0)
		return err;
	/* no commit when nothing changes: updating a base chain costs the kernel
	 * an RCU grace period (~13 ms), and reset sets all three every time */
	if ((err = nft_list_on(nl, &l, e)) < 0 ||
	    has_policy(&l, chain, accept ? NF_ACCEPT : NF_DROP) ||
	    (err = nft_tx_begin(&t, nl)) < 0 ||
	    (err = nft_tx_table(&t, "filter")) < 0 ||
	    (err = nft_tx_chain(&t, NT_FILTER, chain, accept ? NF_ACCEPT : NF_DROP,
			    !has_chain(&l, "filter", nat_chain_names[chain]))) < 0 ||
	    (err = nft_tx_commit(&t, e)) < 0)
		goto out;
out:
	nft_tx_free(&t);
	nft_listing_free(&l);
	nft_sock_close(nl);
	return err;
}

/* chain may be NULL: the rule's chain is looked up. -ENOENT names what is missing. */
int nft_rule_del(const char *ns, const char *table, const char *chain, uint64_t handle, struct nft_err *e)
{
	struct mnl_socket *nl = NULL;
	struct nft_listing l = {0};
	struct nft_tx t = {0};
	const char *found = NULL;
	int have_table = 0, err;
	size_t i;

	nft_err_init(e);
	if ((err = nft_open_or_say(ns, &nl, e)) < 0)
		return err;
	if ((err = nft_list_on(nl, &l, e)) < 0)
		goto out;
	for (i = 0; i < l.nchains; i++)
		if (!strcmp(l.chains[i].table, table))
			have_table = 1;
	for (i = 0; i < l.nrules; i++)
		if (!strcmp(l.rules[i].table, table) && l.rules[i].r.handle == handle)
			found = l.rules[i].chain;
	if (!found) {
		if (have_table)
			snprintf(e->what, sizeof e->what, "no rule with handle %llu in table %.63s",
				 (unsigned long long)handle, table);
		else
			snprintf(e->what, sizeof e->what, "no table %.63s (nothing was added to it yet)", table);
		e->sentence = 1;
		err = -ENOENT;
		goto out;
	}
	if (chain && strcmp(chain, found)) {
		snprintf(e->what, sizeof e->what, "rule %llu of table %s is in chain %s, not %.63s",
			 (unsigned long long)handle, table, found, chain);
		e->sentence = 1;
		err = -ENOENT;
		goto out;
	}
	if ((err = nft_tx_begin(&t, nl)) < 0 ||
	    (err = nft_tx_delrule(&t, table, found, handle)) < 0 ||
	    (err = nft_tx_commit(&t, e)) < 0)
		goto out;
out:
	nft_tx_free(&t);
	nft_listing_free(&l);
	nft_sock_close(nl);
	return err;
}

/* table NULL: every ip table; chain NULL: every chain of the table. A table or
 * chain of netlearn's own names that does not exist yet has nothing to flush. */
int nft_flush(const char *ns, const char *table, const char *chain, struct nft_err *e)
{
	struct mnl_socket *nl = NULL;
	struct nft_listing l = {0};
	struct nft_tx t = {0};
	int have_table = 0, have_chain = 0, own, err;
	size_t i, j;

	nft_err_init(e);
	if ((err = nft_open_or_say(ns, &nl, e)) < 0)
		return err;
	if ((err = nft_list_on(nl, &l, e)) < 0 || (err = nft_tx_begin(&t, nl)) < 0)
		goto out;
	if (!table) {
		for (i = 0; i < l.nchains; i++) {
			for (j = 0; j < i; j++)
				if (!strcmp(l.chains[j].table, l.chains[i].table))
					break;
			if (j == i && (err = nft_tx_delrule(&t, l.chains[i].table, NULL, 0)) < 0)
				goto out;
		}
	} else {
		for (i = 0; i < l.nchains; i++) {
			if (strcmp(l.chains[i].table, table))
				continue;
			have_table = 1;
			if (chain && !strcmp(l.chains[i].name, chain))
				have_chain = 1;
		}
		own = nft_find_name(nat_table_names, NT__N, table) >= 0;
		if (!have_table && !own) {
			snprintf(e->what, sizeof e->what, "no table %.63s", table);
			e->sentence = 1;
			err = -ENOENT;
			goto out;
		}
		if (chain && !have_chain && !(own && nft_find_name(nat_chain_names, NC__N, chain) >= 0)) {
			snprintf(e->what, sizeof e->what, "no chain %.63s in table %.63s", chain, table);
			e->sentence = 1;
			err = -ENOENT;
			goto out;
		}
		if (have_table && (!chain || have_chain) &&
		    (err = nft_tx_delrule(&t, table, chain, 0)) < 0)
			goto out;
	}
	if (t.n > 0)
		err = nft_tx_commit(&t, e);
out:
	nft_tx_free(&t);
	nft_listing_free(&l);
	nft_sock_close(nl);
	return err;
}
