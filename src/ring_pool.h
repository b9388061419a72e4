/*
 * ring_pool.h -- AF_PACKET sockets with their receive ring already set up,
 * kept ready per network namespace (ring_pool.c) so that capture.c does not
 * wait the kernel's RCU grace period of PACKET_RX_RING on the learner's path.
 */
#ifndef NETLEARN_RING_POOL_H
#define NETLEARN_RING_POOL_H

#include <stddef.h>

/* The shape of a TPACKET_V2 receive ring. */
struct ring_geom {
	unsigned block_size, block_nr, frame_size, frame_nr;
};

/* Set up ring G on FD (PACKET_VERSION, PACKET_RX_RING: the kernel waits an
 * RCU grace period) and map it into *MAP. 0 or -errno. */
int ring_arm(int fd, const struct ring_geom *g, void **map);

/* Called from the main thread while it is inside the namespace named NS
 * ("" for the host): a spare socket of ring G made in this very namespace
 * (never bound, protocol 0, so it has received nothing), into *FD and its
 * mapped ring into *MAP; waits for one being armed when none is ready yet.
 * 1: taken, 0: none ready or being armed. */
int ring_pool_take(const char *ns, const struct ring_geom *g, int *fd, void **map);
/* Likewise inside NS: have up to WANT spares of ring G ready here (armed on
 * threads of their own; none for rings over the pool's size limits). */
void ring_pool_refill(const char *ns, const struct ring_geom *g, unsigned want);
/* Close every spare, after waiting for those being armed: no spare holds a
 * namespace any more once deferred_close_drain() returns. */
void ring_pool_drop_all(void);

#endif
