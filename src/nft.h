/*
 * nft.h -- what nft_sock.c (the socket), nft.c (batches and the changes),
 * nft_list.c (the dumps) and nft_probe.c (the kernel's abilities) share;
 * private to them. The primitives they offer the bindings are declared in
 * nat.h.
 */
#ifndef NETLEARN_NFT_H
#define NETLEARN_NFT_H

#include <stdint.h>
#include "nat.h"

struct mnl_socket;
struct mnl_nlmsg_batch;
struct nlmsghdr;

#define NFT_BUFSZ (64 * 1024)
#define NFT_MAXMSG 8

/* One batch: its messages and what each was for, for the error report. */
struct nft_tx {
	struct mnl_socket *nl;
	char *buf;
	struct mnl_nlmsg_batch *b;
	uint32_t seq0, seq;
	int n;                          /* messages that want an ACK */
	struct { uint32_t seq; int kind; int target; int err; char what[96]; } msg[NFT_MAXMSG];
	uint64_t handle;
	int have_handle;
	const char *tname;              /* a table name other than nat_table_names[] */
	const char *cname;              /* a base chain name other than nat_chain_names[] (probe) */
};

/* nft_sock.c: every call starts with nft_err_init; nft_open_or_say opens the
 * netfilter socket inside ns (0 or -errno, e->what set). */
void nft_err_init(struct nft_err *e);
int nft_open_or_say(const char *ns, struct mnl_socket **nl, struct nft_err *e);
/* ... and nft_sock_close closes it, off the caller's path (NULL: nothing) */
void nft_sock_close(struct mnl_socket *nl);

/* nft.c: a batch. begin, add messages (0 or -errno; -E2BIG past NFT_MAXMSG),
 * commit (0 or the first refusal, told in e), free. */
int nft_tx_begin(struct nft_tx *t, struct mnl_socket *nl);
void nft_tx_free(struct nft_tx *t);
struct nlmsghdr *nft_tx_msg(struct nft_tx *t, int kind, uint16_t flags, const char *fmt, const char *a,
			    const char *b);
int nft_tx_table(struct nft_tx *t, const char *table);
int nft_tx_chain(struct nft_tx *t, int table, int chain, int policy, int counters);
int nft_tx_rule(struct nft_tx *t, const struct nat_rule *r);
int nft_tx_delrule(struct nft_tx *t, const char *table, const char *chain, uint64_t handle);
int nft_tx_commit(struct nft_tx *t, struct nft_err *e);

/* nft_list.c: the chains and rules of every ip table, read on an open socket */
int nft_list_on(struct mnl_socket *nl, struct nft_listing *out, struct nft_err *e);
/* index of s in names[0..n) (exact case), or -1 */
int nft_find_name(const char *const *names, int n, const char *s);

#endif
