/* rule.h -- what rule.c gives its binding (l_rule.c). */
#ifndef NETLEARN_RULE_H
#define NETLEARN_RULE_H
#include <stdint.h>
#include <net/if.h>
#include <netinet/in.h>
#include "route.h"
struct rule_spec {
	int family;
	int has_prio;
	uint32_t prio;
	int has_from, has_to;
	struct rt_addr from, to;
	const char *iif, *oif;
	int has_table;
	uint32_t table;
	int action;             /* FR_ACT_*, 0: lookup on add, any on delete */
	int has_fwmark;
	uint32_t fwmark;
};

struct rule_info {
	int family, action;
	unsigned flags;
	uint32_t prio, table, fwmark, fwmask, goto_prio;
	int has_prio, has_fwmark, has_goto;
	int from_len, to_len;
	char from[INET6_ADDRSTRLEN], to[INET6_ADDRSTRLEN];
	char iif[IFNAMSIZ], oif[IFNAMSIZ];
	int protocol;
};

const char *rule_action_name(int a);
int rule_action_parse(const char *s);
int rule_modify(const char *ns, int add, const struct rule_spec *s);
int rule_list(const char *ns, int family,
		     int (*fn)(const struct rule_info *ri, void *arg), void *arg);

#endif
