/* neigh.h -- the neighbour table primitives (neigh.c) its binding (l_neigh.c) uses. */
#ifndef NETLEARN_NEIGH_H
#define NETLEARN_NEIGH_H
#include <netinet/in.h>
#include <arpa/inet.h>

struct nl_sock;

struct neigh_info {
	int family, ifindex, state, flags, type;
	unsigned ext_flags;     /* NDA_FLAGS_EXT (NTF_EXT_MANAGED) */
	unsigned probes;        /* NDA_PROBES: solicitations sent for this resolution */
	long used_ticks;        /* NDA_CACHEINFO: clock ticks (USER_HZ) since a packet last went
	                         * through the entry, rounded down; -1: not given */
	char dst[INET6_ADDRSTRLEN];
	char lladdr[64];
	int has_lladdr;
	unsigned char dst_bytes[16];
	int dst_len;
};

/* what `ip neigh show` shows: no NOARP, no empty-state entries */
int neigh_shown(const struct neigh_info *ni);
/* every entry (of IFINDEX, 0: all) to FN; FN's nonzero return stops */
int neigh_walk(struct nl_sock *sk, int ifindex,
	       int (*fn)(const struct neigh_info *ni, void *arg), void *arg);
/* the number of entries removed, or -errno */
int neigh_flush(const char *ns, const char *dev, int family);

#endif
