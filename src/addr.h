/* addr.h -- what addr.c gives its binding (l_addr.c). */
#ifndef NETLEARN_ADDR_H
#define NETLEARN_ADDR_H
#include <stdint.h>
#include "link.h"
struct addr_info {
	int ifindex, family, prefixlen, scope;
	uint32_t flags;
	uint8_t local[16], peer[16], brd[4];
	int has_local, has_peer, has_brd;
	char label[LINK_NAMSIZ];
	uint32_t valid, preferred;
	int has_cache;
	int seq;                /* dump order, to keep the sort stable */
};

int addr_dump(const char *ns, int family, struct addr_info **out);
int addr_change(const char *ns, int add, int ifindex, int family, const void *local,
		       int prefixlen, const uint32_t *brd, const char *label, int scope, unsigned flags);
const char *addr_scope_name(int s, char *buf, size_t len);
int addr_scope_parse(const char *s);

#endif
