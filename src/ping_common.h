/* ping_common.h -- what ping (ping.c) and ping6 (ping6.c) are both asked:
 * how many echoes, how often, how long to wait, their TTL or hop limit, size,
 * payload pattern and device. Read from Lua once for both (l_probe.c). */
#ifndef NETLEARN_PING_COMMON_H
#define NETLEARN_PING_COMMON_H
#include <stddef.h>

struct ping_common {
	long count;             /* 0: until deadline or Ctrl-C */
	double interval_ms, timeout_ms, deadline_ms;
	int ttl, size;          /* ttl: ping6's hop limit; 0: the kernel's default */
	const char *dev;
	const char *pattern;    /* payload bytes, repeated (ping -p); NULL: 8, 9, 10, ... */
	size_t pattern_len;
};

#endif
