/*
 * nft_probe.c -- what this kernel's nf_tables can do (net.nft_probe): NAT,
 * MASQUERADE and REJECT as netlearn writes them, found by one batch the kernel
 * tries and throws away, so nothing in the namespace changes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <libmnl/libmnl.h>
#include <libnftnl/table.h>
#include <libnftnl/chain.h>
#include "nft.h"

/* Flush and delete one chain (the probe's clean-up). */
static void nft_chain_del_flushed(struct mnl_socket *nl, const char *table, const char *chain, struct nft_err *e)
{
	struct nftnl_chain *o = nftnl_chain_alloc();
	struct nlmsghdr *nlh;
	struct nft_tx u;
	if (!o || nft_tx_begin(&u, nl) < 0) {
		if (o)
			nftnl_chain_free(o);
		return;
	}
	nftnl_chain_set_str(o, NFTNL_CHAIN_TABLE, table);
	nftnl_chain_set_str(o, NFTNL_CHAIN_NAME, chain);
	nftnl_chain_set_u32(o, NFTNL_CHAIN_FAMILY, NFPROTO_IPV4);
	if (nft_tx_delrule(&u, table, chain, 0) == 0 &&
	    (nlh = nft_tx_msg(&u, NFT_MSG_DELCHAIN, 0, "chain %s %s", table, chain))) {
		nftnl_chain_nlmsg_build_payload(nlh, o);
		mnl_nlmsg_batch_next(u.b);
		nft_tx_commit(&u, e);
	}
	nftnl_chain_free(o);
	nft_tx_free(&u);
}

/* What this kernel's nf_tables can do, found without changing anything: one
 * batch that would make a scratch base chain in the nat and in the filter table
 * with a masquerade, an snat and a reject rule (xtables targets, as netlearn
 * writes them; the kernel lets them only into tables so named), and that ends
 * with a request bound to fail (deleting a table that does not exist). The
 * kernel tries every part, loading modules as needed, reports each refusal,
 * and throws all of it away -- the tables too, if it made them. */
int nft_probe(const char *ns, struct nft_caps *caps, struct nft_err *e)
{
	static const char scratch[] = "netlearn-probe";
	struct mnl_socket *nl = NULL;
	struct nftnl_table *gone = NULL;
	struct nlmsghdr *nlh;
	struct nat_rule masq, snat, rej;
	struct nft_tx t = {0};
	int err;

	nft_err_init(e);
	memset(caps, 0, sizeof *caps);
	if ((err = nft_open_or_say(ns, &nl, e)) < 0)
		return (err == -EPROTONOSUPPORT || err == -EAFNOSUPPORT) ? 0 : err;
	nat_rule_init(&masq);
	masq.table = NT_NAT;
	masq.chain = -1;
	snprintf(masq.chain_name, sizeof masq.chain_name, "%s", scratch);
	masq.target = TG_MASQUERADE;
	snat = masq;
	snat.target = TG_SNAT;
	snat.to_addr = htonl(INADDR_LOOPBACK);
	rej = masq;
	rej.table = NT_FILTER;
	rej.target = TG_REJECT;
	if ((err = nft_tx_begin(&t, nl)) < 0)
		goto out;
	t.cname = scratch;
	if ((err = nft_tx_table(&t, "nat")) < 0 ||                        /* 0 */
	    (err = nft_tx_table(&t, "filter")) < 0 ||                     /* 1 */
	    (err = nft_tx_chain(&t, NT_NAT, NC_POSTROUTING, -1, 0)) < 0 || /* 2 */
	    (err = nft_tx_chain(&t, NT_FILTER, NC_INPUT, -1, 0)) < 0 ||    /* 3 */
	    (err = nft_tx_rule(&t, &masq)) < 0 ||                          /* 4 */
	    (err = nft_tx_rule(&t, &snat)) < 0 ||                          /* 5 */
	    (err = nft_tx_rule(&t, &rej)) < 0)                             /* 6 */
		goto out;
	if (!(gone = nftnl_table_alloc())) {
		err = -ENOMEM;
		goto out;
	}
	nftnl_table_set_str(gone, NFTNL_TABLE_NAME, "netlearn-probe-absent");
	nftnl_table_set_u32(gone, NFTNL_TABLE_FAMILY, NFPROTO_IPV4);
	if (!(nlh = nft_tx_msg(&t, NFT_MSG_DELTABLE, 0, "table ip %s%s", "netlearn-probe-absent", ""))) {
		err = -E2BIG;
		goto out;
	}
	nftnl_table_nlmsg_build_payload(nlh, gone);
	mnl_nlmsg_batch_next(t.b);
	err = nft_tx_commit(&t, e);
	if (err == 0) {
		/* cannot happen; never leave the scratch chains behind if it does */
		struct nft_err ignore;
		nft_tx_free(&t);
		nft_chain_del_flushed(nl, "nat", scratch, &ignore);
		nft_chain_del_flushed(nl, "filter", scratch, &ignore);
		err = 0;
		goto out;
	}
	if (err == -EOPNOTSUPP && e->kind < 0) {     /* the batch itself refused: no nf_tables */
		err = 0;
		goto out;
	}
	caps->nf_tables = t.msg[0].err == 0 && t.msg[1].err == 0;
	caps->nat = caps->nf_tables && t.msg[2].err == 0 && t.msg[5].err == 0;
	caps->masquerade = caps->nat && t.msg[4].err == 0;
	caps->reject = caps->nf_tables && t.msg[3].err == 0 && t.msg[6].err == 0;
	err = 0;
	nft_err_init(e);
out:
	if (gone)
		nftnl_table_free(gone);
	nft_tx_free(&t);
	mnl_socket_close(nl);
	return err;
}
