/*
 * nat.h -- NAT and packet filtering as nf_tables rules (family ip), private to
 * nat.c (a rule's words and field checks), l_nat.c and l_nft.c (Lua bindings),
 * nft.c (netlink batches), nft_list.c (dumps), nft_probe.c (the kernel's
 * abilities), nft_expr.c and nft_match.c (a rule's fields <-> nf_tables
 * expressions).
 *
 * The tables are "nat" and "filter" and the base chains carry iptables' names
 * and priorities, so a learner who knows `iptables -t nat -A POSTROUTING` finds
 * the same words in `nft list ruleset`.
 */
#ifndef NETLEARN_NAT_H
#define NETLEARN_NAT_H

#include <stdint.h>
#include <net/if.h>

struct nftnl_rule;

enum nat_table { NT_NAT, NT_FILTER, NT__N };
enum nat_chain { NC_PREROUTING, NC_INPUT, NC_FORWARD, NC_OUTPUT, NC_POSTROUTING, NC__N };
enum nat_target { TG_NONE, TG_ACCEPT, TG_DROP, TG_REJECT, TG_MASQUERADE, TG_SNAT, TG_DNAT,
		  TG_RETURN, TG_JUMP, TG_GOTO, TG_MARK, TG__N };

#define NAT_CHAIN_MAX 29                /* a chain name and its NUL, as iptables allows */

extern const char *const nat_table_names[NT__N];     /* "nat", "filter" */
extern const char *const nat_chain_names[NC__N];     /* "PREROUTING", ... */
extern const char *const nat_target_names[TG__N];    /* NULL, "ACCEPT", ... */
extern const char *const nat_hook_names[NC__N];      /* "prerouting", ... */
extern const char *const nat_ctstate_names[];        /* bit order: "INVALID", "ESTABLISHED", ... */
extern const char *const nat_addrtype_names[];       /* bit order: "UNSPEC", "UNICAST", "LOCAL", ... */

/* The rules are written as iptables-nft writes them (xtables-compat `match` and
 * `target` expressions where it uses them), so the real iptables, iptables-save
 * and nft read them, and rules the real iptables made read back the same. */

/* One rule, as the caller wrote it or as decoded from the kernel. Addresses
 * and masks are in network byte order; absent ports are -1. */
struct nat_rule {
	int table;                      /* enum nat_table */
	int chain;                      /* enum nat_chain, -1 for a user chain */
	char chain_name[NAT_CHAIN_MAX]; /* always set: "POSTROUTING", "DOCKER" */
	int target;                     /* enum nat_target */
	char jump[NAT_CHAIN_MAX];       /* TG_JUMP / TG_GOTO: the user chain */
	int insert;                     /* at the chain's head instead of its end */
	uint64_t before;                /* insert before this rule's handle (0: none) */
	uint64_t replace;               /* replace this rule (handle; 0: none) */
	int have_src, have_dst;
	uint32_t src, dst;
	int src_len, dst_len;
	char iif[IFNAMSIZ + 1], oif[IFNAMSIZ + 1];   /* "" = any; "eth+" = prefix */
	int proto;                      /* 0 = any, else IPPROTO_TCP/UDP/ICMP */
	int sport, dport;
	int sport_max, dport_max;       /* a range's end; == sport/dport for one port */
	/* '!' in front of a match */
	int inv_src, inv_dst, inv_iif, inv_oif, inv_proto, inv_sport, inv_dport;
	int src_type, dst_type;         /* -m addrtype: XT_ADDRTYPE_* masks, 0 = none */
	int inv_src_type, inv_dst_type;
	int ctstate, inv_ctstate;       /* -m conntrack --ctstate: XT_CONNTRACK_STATE_* mask */
	int addrtype_first;             /* both matches, -m addrtype written first */
	/* nft_match.c: -m multiport, -m mark, -m state, -m comment */
	int mp_dir;                     /* 0 none, else NAT_MP_SPORTS / _DPORTS / _PORTS */
	int mp_count, inv_mp;
	uint16_t mp_ports[15];          /* host order; a range takes two, pflags[first] = 1 */
	uint8_t mp_pflags[15];
	int have_mark, inv_mark;
	uint32_t mark, mark_mask;       /* host order */
	int state, inv_state;           /* -m state: XT_CONNTRACK_STATE_* mask, 0 = none */
	int have_comment;
	char comment[256];
	char order[8];                  /* the xtables matches as written: a c s m k # ("" = a c / c a) */
	uint32_t xmark, xmask;          /* -j MARK: mark = (mark & ~xmask) ^ xmark */
	int have_to;
	uint32_t to_addr;
	int to_port;
	/* filled in when decoding */
	uint64_t handle, packets, bytes;
	int have_counter;
	char unknown[64];               /* first expression we could not read, or "" */
};

void nat_rule_init(struct nat_rule *r);

/* nat.c: the checks of a rule's fields, without Lua. */
/* index of s in names[0..n) in any case (*exact: in the same case), or -1 */
int nat_find_ci(const char *const *names, int n, const char *s, int *exact);
/* "a.b.c.d" or "a.b.c.d/len" (the host bits cleared): 0 or -1 */
int nat_parse_prefix(const char *s, uint32_t *addr, int *len);
/* "A,B" -> the mask of their bits in names[0..n) (any case), or -1 with the bad word in bad */
int nat_parse_names(const char *s, const char *const *names, int n, char *bad, size_t badlen);
/* a user chain's name: 1-28 bytes, not starting with '-' or '!', no spaces */
int nat_chain_name_ok(const char *s);
/* an interface name (a trailing '+': a prefix) into out (IFNAMSIZ + 1 bytes): 0, or -1 */
int nat_parse_ifname(const char *v, char *out);

enum { NAT_MP_SPORTS = 1, NAT_MP_DPORTS, NAT_MP_PORTS };

/* nft_expr.c */
int nft_expr_build(struct nftnl_rule *nr, const struct nat_rule *r);  /* 0 / -ENOMEM */
void nft_expr_decode(const struct nftnl_rule *nr, struct nat_rule *r);

/* nft_match.c: the matches beyond ports, addrtype and conntrack. build: one
 * match of kind 's' state, 'm' multiport, 'k' mark, '#' comment (0 / -ENOMEM);
 * decode: an xtables match expression, 1 if it was one of these. */
int nft_match_build(struct nftnl_rule *nr, const struct nat_rule *r, char kind);
int nft_match_decode(struct nat_rule *r, const char *name, uint32_t rev, const void *info, uint32_t len);
void nft_match_note(struct nat_rule *r, char kind);          /* append kind to r->order */
int nft_match_build_target(struct nftnl_rule *nr, const struct nat_rule *r);   /* -j MARK */
int nft_match_decode_target(struct nat_rule *r, uint32_t rev, const void *info, uint32_t len);
/* the Lua fields multiport=, multiport_dir=, mark=, state=, comment=, order=, set_xmark=;
 * 0, or -1 with msg set */
struct lua_State;
int nft_match_from_lua(struct lua_State *L, int t, struct nat_rule *r, const char *fn, char *msg, size_t msglen);
void nft_match_to_lua(struct lua_State *L, const struct nat_rule *r);

/* ---- nft.c: primitives (0 or -errno; *what names the failed object) ----- */

/* Where an error happened and what the kernel said about it. */
struct nft_err {
	char what[256];                 /* "chain nat POSTROUTING", "rule", "" */
	char extack[200];
	int kind;                       /* what the message was: NFT_MSG_* or -1 */
	int target;                     /* the rule's target when kind == NEWRULE */
	int sentence;                   /* what is the whole message: add no strerror */
};

struct nft_chain_info {
	char table[64], name[64], type[16];
	int hook;                       /* enum nat_chain, or -1 if not a base chain */
	int priority;
	int policy;                     /* NF_ACCEPT / NF_DROP, -1 if none */
	uint64_t handle;
	int have_counters;              /* a base chain's policy counters */
	uint64_t packets, bytes;
	uint32_t use;                   /* rules that jump to it */
};

struct nft_rule_info {
	char table[64], chain[64];
	struct nat_rule r;
};

struct nft_listing {
	struct nft_chain_info *chains;
	size_t nchains, capchains;
	struct nft_rule_info *rules;
	size_t nrules, caprules;
};

int nft_rule_add(const char *ns, const struct nat_rule *r, uint64_t *handle, struct nft_err *e);
int nft_policy_set(const char *ns, int chain, int accept, struct nft_err *e);
int nft_list(const char *ns, struct nft_listing *out, struct nft_err *e);
void nft_listing_free(struct nft_listing *l);
int nft_rule_del(const char *ns, const char *table, const char *chain, uint64_t handle, struct nft_err *e);
int nft_flush(const char *ns, const char *table, const char *chain, struct nft_err *e);
/* A user chain (no hook); the table is made if missing. -EEXIST if it exists. */
int nft_chain_add(const char *ns, int table, const char *name, struct nft_err *e);
/* -EBUSY if it has rules or rules jump to it, -ENOENT if absent. */
int nft_chain_del(const char *ns, const char *table, const char *name, struct nft_err *e);
/* A user chain's new name (iptables -E); handle from nft_list. */
int nft_chain_rename(const char *ns, const char *table, uint64_t handle, const char *name, struct nft_err *e);
/* Zero the rules' counters (and base chains' policy counters); chain NULL: all. */
int nft_zero(const char *ns, const char *table, const char *chain, struct nft_err *e);

struct nft_caps { int nf_tables, nat, masquerade, reject; };
/* Probe without changing anything. 0 (caps filled) or -errno. */
int nft_probe(const char *ns, struct nft_caps *caps, struct nft_err *e);

/* ---- l_nat.c: what l_nft.c's bindings share with it ---------------------- */

/* nil, the failure in words (what the kernel lacks, its extended ACK), errno: 3 */
int l_nft_fail(struct lua_State *L, int err, const struct nft_err *e);
/* 1 if namespace ns exists; else 0 with nil, message, errno pushed (return 3) */
int l_nat_check_ns(struct lua_State *L, const char *ns);

#endif
