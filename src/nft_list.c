/*
 * nft_list.c -- reading the ruleset: a netlink dump of the chains and one of
 * the rules (retried while the kernel marks it interrupted, as the ruleset
 * changed meanwhile), decoded into a struct nft_listing (the rules' fields by
 * nft_expr.c). nft.c reads it before a change, net.nft_list hands it to Lua.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <libmnl/libmnl.h>
#include <libnftnl/common.h>
#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include "netlearn.h"
#include "nft.h"

struct nft_dump {
	struct mnl_socket *nl;
	uint16_t type;
	uint32_t seq;
	char *all;              /* the whole answer, NLMSG_DONE included */
	size_t len, cap;
};

/* One dump, read to its end into d->all; NL_DUMP_AGAIN when the kernel marked
 * it interrupted (the ruleset changed meanwhile). */
static int nft_dump_once(void *arg)
{
	struct nft_dump *d = arg;
	char *buf = malloc(NFT_BUFSZ);
	uint32_t portid = mnl_socket_get_portid(d->nl);
	struct nlmsghdr *nlh;
	int r = 0, intr = 0, done = 0;
	ssize_t n;

	if (!buf)
		return -ENOMEM;
	d->len = 0;
	d->seq++;
	nlh = nftnl_nlmsg_build_hdr(buf, d->type, NFPROTO_IPV4, NLM_F_DUMP, d->seq);
	if (mnl_socket_sendto(d->nl, nlh, nlh->nlmsg_len) < 0) {
		r = -errno;
		goto out;
	}
	while (!done && (n = mnl_socket_recvfrom(d->nl, buf, NFT_BUFSZ)) > 0) {
		int left = (int)n;
		for (nlh = (struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
			if (nlh->nlmsg_seq != d->seq || nlh->nlmsg_pid != portid)
				continue;       /* mnl_cb_run says so later */
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				intr = 1;
			if (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR)
				done = 1;
		}
		if (d->len + (size_t)n > d->cap) {
			size_t cap = d->cap ? d->cap : NFT_BUFSZ;
			char *p;
			while (cap < d->len + (size_t)n)
				cap *= 2;
			if (!(p = realloc(d->all, cap))) {
				r = -ENOMEM;    /* the rest stays unread: this socket is closed after the call */
				goto out;
			}
			d->all = p;
			d->cap = cap;
		}
		memcpy(d->all + d->len, buf, (size_t)n);
		d->len += (size_t)n;
	}
	if (!done)
		r = n < 0 ? -errno : -EIO;
	else if (intr)
		r = NL_DUMP_AGAIN;
out:
	free(buf);
	return r;
}

static int dump(struct mnl_socket *nl, uint16_t type, mnl_cb_t cb, void *data)
{
	struct nft_dump d;
	int r;

	memset(&d, 0, sizeof d);
	d.nl = nl;
	d.type = type;
	d.seq = (uint32_t)time(NULL);
	r = nl_dump_retry(nft_dump_once, &d);
	if (r >= 0 && mnl_cb_run(d.all, d.len, d.seq, mnl_socket_get_portid(nl), cb, data) < 0)
		r = -errno;
	free(d.all);
	return r;
}

static int grow(void **arr, size_t *cap, size_t n, size_t size)
{
	void *p;
	if (n < *cap)
		return 0;
	p = realloc(*arr, (*cap ? *cap * 2 : 8) * size);
	if (!p)
		return -1;
	*arr = p;
	*cap = *cap ? *cap * 2 : 8;
	return 0;
}

int nft_find_name(const char *const *names, int n, const char *s)
{
	int i;
	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return i;
	return -1;
}

static int chain_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nft_listing *l = data;
	struct nftnl_chain *o = nftnl_chain_alloc();
	struct nft_chain_info *c;
	if (!o || nftnl_chain_nlmsg_parse(nlh, o) < 0 ||
	    grow((void **)&l->chains, &l->capchains, l->nchains, sizeof *l->chains) < 0) {
		nftnl_chain_free(o);
		return MNL_CB_ERROR;
	}
	c = &l->chains[l->nchains++];
	memset(c, 0, sizeof *c);
	snprintf(c->table, sizeof c->table, "%s", nftnl_chain_get_str(o, NFTNL_CHAIN_TABLE));
	snprintf(c->name, sizeof c->name, "%s", nftnl_chain_get_str(o, NFTNL_CHAIN_NAME));
	c->hook = -1;
	c->policy = -1;
	if (nftnl_chain_is_set(o, NFTNL_CHAIN_HOOKNUM)) {
		c->hook = (int)nftnl_chain_get_u32(o, NFTNL_CHAIN_HOOKNUM);
		c->priority = nftnl_chain_get_s32(o, NFTNL_CHAIN_PRIO);
		if (nftnl_chain_is_set(o, NFTNL_CHAIN_POLICY))
			c->policy = (int)nftnl_chain_get_u32(o, NFTNL_CHAIN_POLICY);
		if (nftnl_chain_is_set(o, NFTNL_CHAIN_TYPE))
			snprintf(c->type, sizeof c->type, "%s", nftnl_chain_get_str(o, NFTNL_CHAIN_TYPE));
		if (nftnl_chain_is_set(o, NFTNL_CHAIN_PACKETS)) {
			c->have_counters = 1;
			c->packets = nftnl_chain_get_u64(o, NFTNL_CHAIN_PACKETS);
			c->bytes = nftnl_chain_get_u64(o, NFTNL_CHAIN_BYTES);
		}
	}
	if (nftnl_chain_is_set(o, NFTNL_CHAIN_USE))
		c->use = nftnl_chain_get_u32(o, NFTNL_CHAIN_USE);
	c->handle = nftnl_chain_get_u64(o, NFTNL_CHAIN_HANDLE);
	nftnl_chain_free(o);
	return MNL_CB_OK;
}

static int rule_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nft_listing *l = data;
	struct nftnl_rule *o = nftnl_rule_alloc();
	struct nft_rule_info *ri;
	if (!o || nftnl_rule_nlmsg_parse(nlh, o) < 0 ||
	    grow((void **)&l->rules, &l->caprules, l->nrules, sizeof *l->rules) < 0) {
		nftnl_rule_free(o);
		return MNL_CB_ERROR;
	}
	ri = &l->rules[l->nrules++];
	memset(ri, 0, sizeof *ri);
	snprintf(ri->table, sizeof ri->table, "%s", nftnl_rule_get_str(o, NFTNL_RULE_TABLE));
	snprintf(ri->chain, sizeof ri->chain, "%s", nftnl_rule_get_str(o, NFTNL_RULE_CHAIN));
	nat_rule_init(&ri->r);
	ri->r.table = nft_find_name(nat_table_names, NT__N, ri->table);
	ri->r.chain = nft_find_name(nat_chain_names, NC__N, ri->chain);
	snprintf(ri->r.chain_name, sizeof ri->r.chain_name, "%.28s", ri->chain);
	ri->r.handle = nftnl_rule_get_u64(o, NFTNL_RULE_HANDLE);
	nft_expr_decode(o, &ri->r);
	nftnl_rule_free(o);
	return MNL_CB_OK;
}

void nft_listing_free(struct nft_listing *l)
{
	free(l->chains);
	free(l->rules);
	memset(l, 0, sizeof *l);
}

int nft_list_on(struct mnl_socket *nl, struct nft_listing *out, struct nft_err *e)
{
	int err;
	memset(out, 0, sizeof *out);
	if ((err = dump(nl, NFT_MSG_GETCHAIN, chain_cb, out)) < 0 ||
	    (err = dump(nl, NFT_MSG_GETRULE, rule_cb, out)) < 0) {
		snprintf(e->what, sizeof e->what, "nf_tables");
		nft_listing_free(out);
	}
	return err;
}
int nft_list(const char *ns, struct nft_listing *out, struct nft_err *e)
{
	struct mnl_socket *nl = NULL;
	int err;

	nft_err_init(e);
	memset(out, 0, sizeof *out);
	if ((err = nft_open_or_say(ns, &nl, e)) < 0)
		return err;
	err = nft_list_on(nl, out, e);
	nft_sock_close(nl);
	return err;
}
