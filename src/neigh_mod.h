/* neigh_mod.h -- what neigh_mod.c gives its binding (l_neigh_mod.c). */
#ifndef NETLEARN_NEIGH_MOD_H
#define NETLEARN_NEIGH_MOD_H
#include <stdint.h>
#include "route.h"

enum neigh_op { NEIGH_ADD, NEIGH_REPLACE, NEIGH_CHANGE, NEIGH_DEL };
struct neigh_spec {
	struct rt_addr dst;
	const char *dev;
	uint8_t lladdr[6];
	int has_lladdr;
	int state;              /* NUD_* */
	int flags;              /* NTF_* */
};

int neigh_modify(const char *ns, enum neigh_op op, const struct neigh_spec *s);

#endif
