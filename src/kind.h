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

/* What the request builder needs to know of a kind (which spec fields a kind
 * takes, and the words for the others, are its Lua description's: `fields`,
 * checked by lua/netlearn/linkspec.lua) */
enum {
	KO_MODE = 1 << 1,       /* mode=: mode_of, default_mode, put_mode below */
	KO_PARENT_IS_LINK = 1 << 9, /* the parent goes in IFLA_LINK (else the kind puts it) */
	KO_STANDIN = 1 << 10,   /* a kernel without it gets netlearn's user-space stand-in
				 * (tunnel.c; it needs remote= and is made where netlearn runs) */
};

/* Where a kind's own values of a link go: the binding (l_link_push.c) makes
 * them fields of the Lua table net.link_get returns. A kind file calls these
 * and needs no Lua, so link.o and the primitives above it link without it. */
struct kind_out {
	void *ctx;
	void (*put_int)(void *ctx, const char *key, long long v);
	void (*put_str)(void *ctx, const char *key, const char *v);
	void (*put_bool)(void *ctx, const char *key, int v);
	void (*put_ipv4)(void *ctx, const char *key, uint32_t a);   /* nothing if 0 */
	void (*put_strlist)(void *ctx, const char *key, const char *const *v, size_t n);
};

struct link_kind {
	const char *name;           /* IFLA_INFO_KIND */
	const char *reads_also;     /* another IFLA_INFO_KIND read as this one (macvlan: macvtap), or NULL */
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
	int (*put_mode)(struct nl_msg *msg, uint32_t mode);
	/* Hand the kind's own values of LI to OUT (the binding's table). */
	void (*values)(const struct link_info *li, const struct kind_out *out);
};

/* The kind named NAME (what a spec asks to create), or NULL */
const struct link_kind *link_kind_find(const char *name);
/* The kind that reads a device whose IFLA_INFO_KIND is KIND (its own name or
 * its reads_also), or NULL */
const struct link_kind *link_kind_reading(const char *kind);
/* The kinds, NULL-ended, in the order the words list them */
extern const struct link_kind *const link_kinds[];

#endif
