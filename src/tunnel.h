/* tunnel.h -- the user-space ipip stand-in (tunnel.c), for link.c and friends. */
#ifndef NETLEARN_TUNNEL_H
#define NETLEARN_TUNNEL_H
#include <netinet/in.h>
#include <sys/types.h>

/* the alias every user-space tunnel carries: how `ip -d link` recognises one */
#define TUNNEL_ALIAS_PREFIX "netlearn user-space ipip"

/* Create the TUN NAME in NS and the lab process pumping it. 0 or -errno. */
int tunnel_ipip_user_add(const char *ns, const char *name, struct in_addr local,
			 struct in_addr remote, int ttl, pid_t *pid);
/* The stand-ins still pumping (up to MAX): each one's process, its TUN's
 * ifindex and namespace. The quiet-lab proof looks at them (quiet.h). */
int tunnel_pumps(int *pid, int *ifindex, char (*ns)[64], int max);
/* 1 if ALIAS marks a user-space tunnel; fills local/remote (INET_ADDRSTRLEN) and ttl */
int tunnel_is_userspace(const char *alias, char *local, char *remote, int *ttl);
#endif
