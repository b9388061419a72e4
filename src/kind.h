/*
 * kind.h -- a link kind (veth, bridge, macvlan, ...) as one unit on the C side:
 * its netlink attributes only (mechanism). Each kind is one file, kind_<name>.c,
 * defining one `const struct link_kind link_kind_<name>`; kind.c lists them in
 * one table, looked up by name. What a learner may type, its grammar, checks
 * and words are the kind's Lua description (lua/netlearn/kinds/<name>.lua).
 */
#ifndef KIND_H
#define KIND_H

#include "link.h"

struct nl_msg;
struct nlattr;

/* Which fields of a spec (net.link_add) a kind takes */
enum {
	KO_PEER = 1 << 0,       /* peer=, peer_ns=, peer_address= (veth) */
	KO_MODE = 1 << 1,       /* mode= */
	KO_ID = 1 << 2,         /* id= */
	KO_DSTPORT = 1 << 3,    /* dstport= */
	KO_TUNNEL = 1 << 4,     /* remote=, local=, ttl= */
	KO_GROUP = 1 << 5,      /* group= */
	KO_PARENT = 1 << 6,     /* link= */
	KO_NEEDS_PARENT = 1 << 7, /* link= is required */
	KO_STP = 1 << 8,        /* stp= */
	KO_PARENT_IS_LINK = 1 << 9, /* the parent goes in IFLA_LINK (else the kind puts it) */
};

struct link_kind {
	const char *name;           /* IFLA_INFO_KIND */
	const char *noun, *config, *module;  /* "macvlan devices", CONFIG_MACVLAN, macvlan */
	unsigned opts;              /* KO_* */
	int data_max;               /* highest IFLA_INFO_DATA attribute parse() reads */
	/* Put the kind's attributes into the open IFLA_INFO_DATA nest of a new
	 * link made in NS (NULL: the kind has none, no IFLA_INFO_DATA is sent):
	 * 0 or -errno. A file descriptor the message names (a namespace) goes in
	 * *FD, closed by the caller once the request is answered. */
	int (*put_new)(struct nl_msg *msg, const struct link_spec *s, const char *ns, int *fd);
	/* Read IFLA_INFO_DATA (TB indexed by attribute, up to data_max) into LI. */
	void (*parse)(struct link_info *li, struct nlattr **tb);
	/* Modes, for kinds with KO_MODE: a word to the kernel's value (-1: none),
	 * a value to its word, the default, and the attribute that carries it in
	 * a change (`ip link set DEV type K mode M`). */
	int (*mode_of)(const char *word);
	const char *(*mode_name)(uint32_t mode);
	int default_mode;
	const char *mode_words;     /* the words mode_of() takes: "l2, l3 or l3s" */
	int (*put_mode)(struct nl_msg *msg, uint32_t mode);
	/* Push the kind's own fields of LI into the Lua table on top (l_push_link). */
	void (*push)(lua_State *L, const struct link_info *li);
};

/* The kind named NAME, or NULL */
const struct link_kind *link_kind_find(const char *name);
/* The kinds, NULL-ended, in the order the words list them */
extern const struct link_kind *const link_kinds[];
/* "a, b and c": the names of the kinds with every bit of OPTS (0: all), with
 * LAST ("and", "or") before the last one; into BUF. */
const char *link_kinds_words(unsigned opts, const char *last, char *buf, size_t len);

/* Shared by the kind files */
void l_setfield_ipv4(lua_State *L, const char *k, uint32_t a);   /* nothing if 0 */

#endif
