/*
 * ring_pool.c -- setting up a capture's receive ring (PACKET_RX_RING) waits
 * one RCU grace period in the kernel, whatever the ring's size: packet_set_ring
 * calls synchronize_net() unconditionally, 3-20 ms on this machine. A lesson's
 * claims open a capture, run a command, close it, and open the next, so those
 * waits added up to a third of `netlearn check ipip`. This pool keeps a few
 * sockets per namespace and ring shape with the ring already set up, armed on
 * short-lived threads of their own while the lesson goes on.
 *
 * A spare is sound to hand out as a fresh capture: it is made with protocol 0
 * and never bound, so the kernel never registered its packet hook
 * (packet_create registers one only for a non-zero protocol, packet_set_ring
 * re-registers only a socket that was running, a device coming up hooks only
 * a socket with a protocol): no frame has reached its ring, whose head the
 * kernel set to 0. capture.c attaches the filter and binds it exactly as it
 * does a socket it just made, and each frame is stamped as it enters the ring.
 * A spare's ring is mapped only when it is taken (a few hundred microseconds
 * for 4 MiB, no grace period): until then its pages are kernel memory, which
 * BYTES_MAX bounds, not netlearn's.
 *
 * A socket holds its namespace: ns_del drops the whole pool (and waits for
 * the spares being armed) before it deletes a name (ns_before_del: one
 * wait for every namespace of a lab reset, not one each); a namespace deleted
 * behind netlearn's back, or made again under the same name, is noticed at
 * the next take (its name no longer leads to the spares' namespace); forked
 * children close their copies (pthread_atfork), and exit closes the rest,
 * all at once.
 * Bounded: at most SPARES_MAX spares of one ring shape, SHAPES_PER_NS shapes
 * per namespace, SHELVES in all, rings of at most SPARE_RING_MAX bytes and
 * BYTES_MAX bytes of them together.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_packet.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include "netlearn.h"
#include "deferred_close.h"
#include "ring_pool.h"

#define SPARES_MAX 8               /* per namespace and ring shape: trace path's devices in one namespace, twice over */
#define SHAPES_PER_NS 3            /* a claim's capture, trace path's, a learner's tcpdump */
#define SHELVES 32                 /* ipip's 9 namespaces with the claims' and trace path's shapes: 18 */
#define SPARE_RING_MAX (4u << 20)   /* a learner's tcpdump (CAPTURE_RING_KIB_DEFAULT); larger -B rings get no spares */
#define BYTES_MAX (48u << 20)
#define ARMING_MAX (SHELVES * SPARES_MAX)
#define ARMER_STACK (64 * 1024)

enum { SLOT_FREE, SLOT_ARMING, SLOT_READY };
/* A spare's ring is not mapped until it is taken: until then it is the
 * kernel's memory only (BYTES_MAX bounds it), not netlearn's RSS. */
struct spare { int state, fd; };

/* The spares of one ring shape in one namespace. */
struct shelf {
	int used;
	unsigned long serial;         /* which shelf an arming thread fills */
	char ns[256];
	dev_t dev;
	ino_t ino;
	struct ring_geom g;
	unsigned want, ready, arming;
	struct spare s[SPARES_MAX];
	unsigned long last_use;
};

/* One spare being armed on its own thread. */
struct arming {
	int shelf, slot, reg;         /* reg: its place in arming_fds */
	unsigned long serial;
	int fd;
	struct ring_geom g;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t settled = PTHREAD_COND_INITIALIZER;
static struct shelf shelves[SHELVES];
static int arming_fds[ARMING_MAX];  /* -1: free; closed by a forked child */
static unsigned arming_n;
static size_t bytes;                /* rings of the spares, ready or being armed */
static unsigned long serials, ticks;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static size_t ring_len(const struct ring_geom *g)
{
	return (size_t)g->block_size * g->block_nr;
}

/* The kernel's half of ring_arm: the ring set up (an RCU grace period),
 * not mapped. 0 or -errno. */
static int ring_setup(int fd, const struct ring_geom *g)
{
	struct tpacket_req req;
	int v = TPACKET_V2;

	memset(&req, 0, sizeof req);
	req.tp_block_size = g->block_size;
	req.tp_block_nr = g->block_nr;
	req.tp_frame_size = g->frame_size;
	req.tp_frame_nr = g->frame_nr;
	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof v) < 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0)
		return -errno;
	return 0;
}

/* Map FD's ring G into *MAP. 0 or -errno. */
static int ring_map(int fd, const struct ring_geom *g, void **map)
{
	void *m = mmap(NULL, ring_len(g), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return -errno;
	/* a forked child (a tunnel's pump) must not keep the socket, and so its namespace, alive */
	madvise(m, ring_len(g), MADV_DONTFORK);
	*map = m;
	return 0;
}

int ring_arm(int fd, const struct ring_geom *g, void **map)
{
	int err = ring_setup(fd, g);
	return err ? err : ring_map(fd, g, map);
}

static void fork_prepare(void) { pthread_mutex_lock(&lock); }
static void fork_parent(void) { pthread_mutex_unlock(&lock); }

/* A forked child has no arming threads, and must not hold our spares' namespaces. */
static void fork_child(void)
{
	int i, j;
	for (i = 0; i < SHELVES; i++)
		for (j = 0; shelves[i].used && j < SPARES_MAX; j++)
			if (shelves[i].s[j].state == SLOT_READY)
				close(shelves[i].s[j].fd);      /* its ring was never mapped */
	for (i = 0; i < ARMING_MAX; i++)
		if (arming_fds[i] >= 0)
			close(arming_fds[i]);
	memset(shelves, 0, sizeof shelves);
	for (i = 0; i < ARMING_MAX; i++)
		arming_fds[i] = -1;
	arming_n = 0;
	bytes = 0;
	pthread_mutex_init(&lock, NULL);
	pthread_cond_init(&settled, NULL);
}

/* At exit the kernel would close the spares one after the other, two grace
 * periods each (0.1-0.8 s for a lesson's); closed together they share them. */
static void at_exit(void)
{
	ring_pool_drop_all();
	deferred_close_drain();
}

static void init_once(void)
{
	int i;
	for (i = 0; i < ARMING_MAX; i++)
		arming_fds[i] = -1;
	pthread_atfork(fork_prepare, fork_parent, fork_child);
	atexit(at_exit);
	ns_before_del(ring_pool_drop_all);
}

static void spare_close(struct spare *sp)
{
	deferred_close(sp->fd);       /* a ring socket's close waits for RCU too */
	sp->fd = -1;
	sp->state = SLOT_FREE;
}

/* With the lock held: close a shelf's ready spares; those being armed are
 * closed by their threads, which find the serial changed. */
static void shelf_drop(struct shelf *sh)
{
	int j;
	for (j = 0; j < SPARES_MAX; j++)
		if (sh->s[j].state == SLOT_READY) {
			spare_close(&sh->s[j]);
			bytes -= ring_len(&sh->g);
		}
	sh->used = 0;
	sh->ready = 0;
}

/* The namespace the calling thread is in, as `ip netns identify` tells it. */
static int here(dev_t *dev, ino_t *ino)
{
	struct stat st;
	if (stat("/proc/thread-self/ns/net", &st) < 0)
		return -errno;
	*dev = st.st_dev;
	*ino = st.st_ino;
	return 0;
}

/* With the lock held: drop the shelves of namespaces whose name is gone or
 * now names another namespace (deleted behind our back, made again). */
static void sweep(void)
{
	dev_t dev;
	ino_t ino;
	int i;
	for (i = 0; i < SHELVES; i++) {
		struct shelf *sh = &shelves[i];
		if (!sh->used || ns_is_host(sh->ns))
			continue;
		if (ns_identity(sh->ns, &dev, &ino) < 0 || dev != sh->dev || ino != sh->ino)
			shelf_drop(sh);
	}
}

static int same_geom(const struct ring_geom *a, const struct ring_geom *b)
{
	return a->block_size == b->block_size && a->block_nr == b->block_nr &&
	       a->frame_size == b->frame_size && a->frame_nr == b->frame_nr;
}

/* With the lock held: the shelf of ring G in namespace DEV/INO, or NULL. */
static struct shelf *shelf_find(dev_t dev, ino_t ino, const struct ring_geom *g)
{
	int i;
	for (i = 0; i < SHELVES; i++)
		if (shelves[i].used && shelves[i].dev == dev && shelves[i].ino == ino && same_geom(&shelves[i].g, g))
			return &shelves[i];
	return NULL;
}

/* With the lock held: a new shelf for ring G in namespace NS (DEV/INO),
 * dropping the least recently used one of that namespace when it has
 * SHAPES_PER_NS, else the least recently used of all when none is free. */
static struct shelf *shelf_new(const char *ns, dev_t dev, ino_t ino, const struct ring_geom *g)
{
	struct shelf *free_one = NULL, *lru_all = NULL, *lru_ns = NULL, *sh;
	int i, in_ns = 0;
	for (i = 0; i < SHELVES; i++) {
		sh = &shelves[i];
		if (!sh->used) {
			if (!free_one)
				free_one = sh;
			continue;
		}
		if (!lru_all || sh->last_use < lru_all->last_use)
			lru_all = sh;
		if (sh->dev == dev && sh->ino == ino) {
			in_ns++;
			if (!lru_ns || sh->last_use < lru_ns->last_use)
				lru_ns = sh;
		}
	}
	sh = in_ns >= SHAPES_PER_NS ? lru_ns : free_one ? free_one : lru_all;
	if (sh->used)
		shelf_drop(sh);
	memset(sh, 0, sizeof *sh);
	sh->used = 1;
	sh->serial = ++serials;
	snprintf(sh->ns, sizeof sh->ns, "%s", ns ? ns : "");
	sh->dev = dev;
	sh->ino = ino;
	sh->g = *g;
	return sh;
}

int ring_pool_take(const char *ns, const struct ring_geom *g, int *fd, void **map)
{
	struct shelf *sh;
	dev_t dev;
	ino_t ino;
	int j, taken = 0;

	pthread_once(&once, init_once);
	if (here(&dev, &ino) < 0)
		return 0;
	pthread_mutex_lock(&lock);
	sweep();
	for (;;) {
		sh = shelf_find(dev, ino, g);
		if (sh && !(ns_is_host(sh->ns) ? ns_is_host(ns) : ns && !strcmp(sh->ns, ns)))
			sh = NULL;   /* the namespace is there under another name too: keep its spares where they are */
		for (j = 0; sh && j < SPARES_MAX && !taken; j++)
			if (sh->s[j].state == SLOT_READY) {
				*fd = sh->s[j].fd;
				sh->s[j].fd = -1;
				sh->s[j].state = SLOT_FREE;
				sh->ready--;
				sh->last_use = ++ticks;
				bytes -= ring_len(g);
				taken = 1;
			}
		/* a spare being armed began its grace period before a new socket
		 * would: waiting for it is never longer than arming one here */
		if (taken || !sh || sh->arming == 0)
			break;
		pthread_cond_wait(&settled, &lock);
	}
	pthread_mutex_unlock(&lock);
	if (taken && ring_map(*fd, g, map) < 0) {
		deferred_close(*fd);
		return 0;
	}
	return taken;
}

static void *armer(void *arg)
{
	struct arming *a = arg;
	struct shelf *sh = &shelves[a->shelf];
	int err = ring_setup(a->fd, &a->g);

	pthread_mutex_lock(&lock);
	/* out of the list while the number is still ours: a forked child closes
	 * what the list holds, and must not close a number reused meanwhile */
	arming_fds[a->reg] = -1;
	if (sh->used && sh->serial == a->serial) {
		sh->arming--;
		sh->s[a->slot].state = SLOT_FREE;
	}
	if (!err && sh->used && sh->serial == a->serial) {
		sh->s[a->slot] = (struct spare){ SLOT_READY, a->fd };
		sh->ready++;
	} else {
		deferred_close(a->fd);   /* before arming_n drops: ns_del's drain waits for it */
		bytes -= ring_len(&a->g);
	}
	arming_n--;
	pthread_cond_broadcast(&settled);
	pthread_mutex_unlock(&lock);
	free(a);
	return NULL;
}

/* With the lock held, inside the shelf's namespace: one more spare armed on
 * a thread of its own (signals stay with the main thread). 0 or -errno. */
static int arm_one(struct shelf *sh)
{
	pthread_attr_t attr;
	pthread_t t;
	sigset_t all, old;
	struct arming *a;
	int slot, i, ok;

	for (slot = 0; slot < SPARES_MAX && sh->s[slot].state != SLOT_FREE; slot++)
		;
	for (i = 0; i < ARMING_MAX && arming_fds[i] >= 0; i++)
		;
	if (slot == SPARES_MAX || i == ARMING_MAX || !(a = calloc(1, sizeof *a)))
		return -ENOSPC;
	a->shelf = (int)(sh - shelves);
	a->slot = slot;
	a->reg = i;
	a->serial = sh->serial;
	a->g = sh->g;
	/* protocol 0 and never bound: nothing reaches it until capture.c binds it */
	a->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (a->fd < 0 || pthread_attr_init(&attr) != 0) {
		int e = a->fd < 0 ? -errno : -ENOMEM;
		if (a->fd >= 0)
			close(a->fd);
		free(a);
		return e;
	}
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, ARMER_STACK);
	arming_fds[i] = a->fd;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ok = pthread_create(&t, &attr, armer, a) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (!ok) {
		arming_fds[i] = -1;
		close(a->fd);        /* no ring yet: a plain close does not wait */
		free(a);
		return -EAGAIN;
	}
	sh->s[slot].state = SLOT_ARMING;
	sh->arming++;
	arming_n++;
	bytes += ring_len(&sh->g);
	return 0;
}

void ring_pool_refill(const char *ns, const struct ring_geom *g, unsigned want)
{
	struct shelf *sh;
	dev_t dev;
	ino_t ino;

	if (ring_len(g) > SPARE_RING_MAX || want == 0)
		return;
	pthread_once(&once, init_once);
	if (here(&dev, &ino) < 0)
		return;
	pthread_mutex_lock(&lock);
	sh = shelf_find(dev, ino, g);
	if (!sh)
		sh = shelf_new(ns, dev, ino, g);
	sh->last_use = ++ticks;
	if (want > SPARES_MAX)
		want = SPARES_MAX;
	if (want > sh->want)
		sh->want = want;
	while (sh->ready + sh->arming < sh->want && bytes + ring_len(g) <= BYTES_MAX && arm_one(sh) == 0)
		;
	pthread_mutex_unlock(&lock);
}

void ring_pool_drop_all(void)
{
	int i;
	pthread_once(&once, init_once);
	pthread_mutex_lock(&lock);
	for (i = 0; i < SHELVES; i++)
		if (shelves[i].used)
			shelf_drop(&shelves[i]);
	while (arming_n > 0)
		pthread_cond_wait(&settled, &lock);
	pthread_mutex_unlock(&lock);
}
