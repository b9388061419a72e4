/*
 * capture.c -- packet capture the way tcpdump does it: an AF_PACKET socket
 * made inside the lab namespace, bound to one interface (or to all of them),
 * seeing both directions, with kernel timestamps. The filter is tcpdump's
 * language compiled by libpcap (pcapfile.c) and attached in the kernel
 * (SO_ATTACH_FILTER), so frames it refuses are never copied to netlearn. Each
 * frame kept is decoded (decode.c) and optionally written to a pcap file;
 * its binding, l_capture.c, hands it to Lua as a table (l_decode.c).
 *
 * Frames arrive in a TPACKET_V2 ring (PACKET_RX_RING) set up before bind, so
 * every frame carries the time the kernel put it in the ring (tp_sec/tp_nsec):
 * never the time netlearn read it. SO_TIMESTAMPNS alone is not enough: the
 * kernel turns its timestamping on through deferred work, so frames queued
 * in the first moments of a capture had no stamp and got one when read, which
 * put a reply before its request in `trace path`. Each ring frame holds up to
 * RING_FRAME - 80 bytes of a frame (tp_len keeps the length on the wire), like
 * tcpdump -s 8112. The ring's size is the caller's (capture_opts.ring_kib,
 * tcpdump -B): a frame that finds it full is dropped by the kernel and
 * counted (kdrops), never silently lost. Setting a ring up waits an RCU
 * grace period in the kernel: a capture takes a socket whose ring ring_pool.c
 * set up ahead in the same namespace when one is ready (same ring, never
 * bound, so it holds nothing), and the pool arms the next off our path.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include "netlearn.h"
#include "capture.h"
#include "probe_util.h"
#include "deferred_close.h"
#include "ring_pool.h"

#define RING_FRAME 8192           /* bytes per ring slot: header (80) + frame */
#define RING_BLOCK (CAPTURE_RING_BLOCK_KIB * 1024)   /* holds RING_BLOCK / frame_size slots */
/* Spares to keep for captures opened one at a time: a lesson's claims open
 * the next one sooner than a ring is set up (a grace period) often enough */
#define SPARES_ALONE 2


int capture_lt_of_hatype(int hatype)
{
	switch (hatype) {
	case ARPHRD_ETHER:
	case ARPHRD_LOOPBACK:
		return LT_ETHER;
	case ARPHRD_NONE:
	case ARPHRD_TUNNEL:
	case ARPHRD_TUNNEL6:
	case ARPHRD_SIT:
	case ARPHRD_IPGRE:
	case ARPHRD_PPP:
		return LT_RAW;
	default:
		return LT_ETHER;
	}
}

const char *capture_lt_name(int hatype)
{
	if (hatype == ARPHRD_LOOPBACK)
		return "loopback";
	return capture_lt_of_hatype(hatype) == LT_RAW ? "raw" : "ether";
}

_Static_assert(sizeof(struct sock_filter) == sizeof(struct bpf_insn), "libpcap's BPF is the kernel's");

static int attach(int fd, struct sock_filter *ins, size_t n, char *err, size_t errlen)
{
	struct sock_fprog fp = { (unsigned short)n, ins };
	if (n > BPF_MAXINSNS) {
		snprintf(err, errlen, "tcpdump: the filter compiles to %zu BPF instructions; "
			 "the kernel takes at most %d", n, BPF_MAXINSNS);
		return -E2BIG;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof fp) < 0) {
		int e = errno;
		snprintf(err, errlen, "tcpdump: can't attach the filter in the kernel: %s", strerror(e));
		return -e;
	}
	return 0;
}

/* Compile EXPR the way tcpdump would for this capture (one device: for its
 * link type; "any", HATYPE < 0: see filter_bpf_any) into *INS (malloc'ed, N
 * instructions), to be attached later. */
static int filter_compile(int hatype, const char *expr, uint32_t netmask, struct sock_filter **ins,
			  size_t *n, char *err, size_t errlen)
{
	struct bpf_program p;
	struct bpf_insn *any;
	int r;

	if (hatype >= 0) {
		r = filter_bpf_compile(lt_to_dlt(capture_lt_of_hatype(hatype)), expr, netmask, &p, err, errlen);
		if (r)
			return r;
		*n = p.bf_len;
		*ins = malloc((p.bf_len ? p.bf_len : 1) * sizeof **ins);
		if (*ins)
			memcpy(*ins, p.bf_insns, p.bf_len * sizeof **ins);
		pcap_freecode(&p);
		return *ins ? 0 : -ENOMEM;
	}
	r = filter_bpf_any(expr, netmask, &any, n, err, errlen);
	if (r)
		return r;
	*ins = (struct sock_filter *)any;
	return 0;
}

/* The IPv4 netmask of DEV in the current namespace (host order, as pcap_compile takes it), or 0 */
static uint32_t dev_netmask(const char *dev)
{
	struct ifreq ifr;
	uint32_t m = 0;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", dev);
	if (ioctl(fd, SIOCGIFNETMASK, &ifr) == 0)
		m = ntohl(((struct sockaddr_in *)&ifr.ifr_netmask)->sin_addr.s_addr);
	close(fd);
	return m;
}

/* The receive ring of RING_KIB (whole blocks) for frames of SNAPLEN: each
 * slot holds its header and up to RING_FRAME - 80 bytes of the frame. */
static struct ring_geom ring_geom_of(int snaplen, unsigned ring_kib)
{
	unsigned blocks = (ring_kib + CAPTURE_RING_BLOCK_KIB - 1) / CAPTURE_RING_BLOCK_KIB;
	unsigned want = (unsigned)snaplen + 80;
	struct ring_geom g;

	want = (want + TPACKET_ALIGNMENT - 1) & ~(unsigned)(TPACKET_ALIGNMENT - 1);
	g.frame_size = want < RING_FRAME ? want : RING_FRAME;
	g.block_size = RING_BLOCK;
	g.block_nr = blocks ? blocks : 1;
	g.frame_nr = g.block_nr * (RING_BLOCK / g.frame_size);
	return g;
}

/* The capture reads ring G, set up (before bind: from the first frame on,
 * each one is stamped by the kernel as it enters the ring) and mapped at MAP. */
static void ring_use(struct capture *c, const struct ring_geom *g, void *map)
{
	c->ring = map;
	c->ring_len = (size_t)g->block_size * g->block_nr;
	c->frame_size = g->frame_size;
	c->frame_nr = g->frame_nr;
	c->head = 0;
}

static void ring_free(struct capture *c)
{
	if (c->ring)
		munmap(c->ring, c->ring_len);
	c->ring = NULL;
}

/* A capture between its two halves: the socket made and looked up, the
 * filter compiled; the ring, the filter's attach and the bind still to do. */
struct capture_arm {
	struct capture *c;
	int fd;
	struct ring_geom g;
	int armed;                /* the ring is set up already: a spare of ring_pool.c */
	struct sock_filter *ins;  /* NULL: no filter */
	size_t n;
	char *err;
	size_t errlen;
	int r;
};

/* The first half, in the caller's thread (it enters the lab namespace, and
 * libpcap compiles): an AF_PACKET socket inside NS for DEV (NULL/"" = any),
 * a spare of the ring pool when one is ready (its ring set up), its device
 * looked up, EXPR ("" = everything) compiled. DEMAND: how many captures of
 * this ring the caller opens in NS at once (the spares to keep there). A
 * filter error is described in ERR. */
static int sock_prepare(const char *ns, const char *dev, int allow_down, unsigned ring_kib, unsigned demand,
			const char *expr, struct capture *c, struct capture_arm *a, char *err_text, size_t errlen)
{
	struct ns_scope sc;
	struct ifreq ifr;
	void *map;
	int fd, err = 0;

	memset(a, 0, sizeof *a);
	a->c = c;
	a->fd = -1;
	a->g = ring_geom_of(c->snaplen, ring_kib);
	a->err = err_text;
	a->errlen = errlen;
	err = ns_enter(ns, &sc);
	if (err)
		return err;
	if (ring_pool_take(ns, &a->g, &fd, &map)) {
		ring_use(c, &a->g, map);
		a->armed = 1;
		c->prearmed = 1;
	} else {
		/* protocol 0: receives nothing until bound, so no frames of other devices slip in */
		fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	}
	if (fd < 0) {
		err = -errno;
	} else {
		ring_pool_refill(ns, &a->g, demand);   /* for the next capture here, off our path */
		if (dev && dev[0])
			c->netmask = dev_netmask(dev);
	}
	ns_leave(&sc);
	if (err)
		return err;

	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
	c->lo_ifindex = ioctl(fd, SIOCGIFINDEX, &ifr) == 0 ? ifr.ifr_ifindex : -1;
	c->ifindex = 0;
	c->hatype = -1;
	if (dev && dev[0]) {
		memset(&ifr, 0, sizeof ifr);
		snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", dev);
		if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0) {
			err = -errno;
			goto out;
		}
		c->ifindex = ifr.ifr_ifindex;
		if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
			err = -errno;
			goto out;
		}
		c->hatype = ifr.ifr_hwaddr.sa_family;
		if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
			err = -errno;
			goto out;
		}
		if (!(ifr.ifr_flags & IFF_UP) && !allow_down) {
			err = -ENETDOWN;
			goto out;
		}
		snprintf(c->ifname, sizeof c->ifname, "%s", dev);
	}
	if (expr[0]) {
		err = filter_compile(c->ifindex ? c->hatype : -1, expr, c->netmask, &a->ins, &a->n, err_text, errlen);
		if (err)
			goto out;
	}
	a->fd = fd;
	return 0;
out:
	ring_free(c);
	deferred_close(fd);
	return err;
}

/* The second half, on any thread: the ring (the kernel waits an RCU grace
 * period for it), the filter attached, then the bind. Sets a->r. */
static void *sock_arm(void *arg)
{
	struct capture_arm *a = arg;
	struct sockaddr_ll sll;
	int one = 1, err;
	socklen_t sl;

	if (!a->armed) {
		void *map;
		err = ring_arm(a->fd, &a->g, &map);
		if (err)
			goto out;
		ring_use(a->c, &a->g, map);
	}
	/* before bind: not one frame is queued unfiltered */
	if (a->ins) {
		err = attach(a->fd, a->ins, a->n, a->err, a->errlen);
		if (err)
			goto out;
		a->c->has_filter = 1;
	}
	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = a->c->ifindex;
	if (bind(a->fd, (struct sockaddr *)&sll, sizeof sll) < 0) {
		err = -errno;
		goto out;
	}
	/* a bind to a device that is down succeeds but leaves ENETDOWN pending */
	sl = sizeof one;
	getsockopt(a->fd, SOL_SOCKET, SO_ERROR, &one, &sl);
	a->c->fd = a->fd;
	a->r = 0;
	return NULL;
out:
	ring_free(a->c);
	deferred_close(a->fd);
	a->fd = -1;
	a->r = err;
	return NULL;
}

const char *capture_ifname(struct capture *c, int ifindex)
{
	struct ifreq ifr;
	if (c->ifindex && ifindex == c->ifindex)
		return c->ifname;
	if (ifindex == c->name_cache_index)
		return c->name_cache;
	memset(&ifr, 0, sizeof ifr);
	ifr.ifr_ifindex = ifindex;
	if (ioctl(c->fd, SIOCGIFNAME, &ifr) < 0)
		snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "if%d", ifindex);
	c->name_cache_index = ifindex;
	snprintf(c->name_cache, sizeof c->name_cache, "%s", ifr.ifr_name);
	return c->name_cache;
}

void capture_update_stats(struct capture *c)
{
	struct tpacket_stats ts;
	socklen_t l = sizeof ts;
	if (c->fd >= 0 && getsockopt(c->fd, SOL_PACKET, PACKET_STATISTICS, &ts, &l) == 0) {
		c->kpackets += ts.tp_packets;
		c->kdrops += ts.tp_drops;
	}
}


/* capture_open's first half: checks, the buffer, sock_prepare. */
static int open_begin(struct capture *c, const char *ns, const char *dev, const char *expr,
		      const struct capture_opts *o, unsigned demand, struct capture_arm *a, char *err, size_t errlen)
{
	int r;

	memset(c, 0, sizeof *c);
	c->fd = -1;
	c->name_cache_index = -1;
	if (errlen)
		err[0] = '\0';
	if (o->snaplen <= 0 || o->snaplen > CAPTURE_SNAPLEN_MAX ||
	    o->ring_kib == 0 || o->ring_kib > CAPTURE_RING_KIB_MAX)
		return -EINVAL;
	c->snaplen = o->snaplen;
	c->buf = malloc((size_t)c->snaplen);
	if (!c->buf)
		return -ENOMEM;
	r = sock_prepare(ns, dev, o->allow_down, o->ring_kib, demand, expr ? expr : "", c, a, err, errlen);
	if (r) {
		free(c->buf);
		c->buf = NULL;
	}
	return r;
}

/* After sock_arm: the compiled filter is no longer needed; a capture that
 * failed gives its buffer back. */
static int open_end(struct capture_arm *a)
{
	free(a->ins);
	a->ins = NULL;
	if (a->r) {
		free(a->c->buf);
		a->c->buf = NULL;
	}
	return a->r;
}

int capture_open(struct capture *c, const char *ns, const char *dev, const char *expr,
		 const struct capture_opts *o, char *err, size_t errlen)
{
	struct capture_arm a;
	int r = open_begin(c, ns, dev, expr, o, SPARES_ALONE, &a, err, errlen);
	if (r)
		return r;
	sock_arm(&a);
	return open_end(&a);
}

int capture_warm(const char *ns, const struct capture_opts *o, unsigned count)
{
	struct ring_geom g = ring_geom_of(o->snaplen, o->ring_kib);
	struct ns_scope sc;
	int err = ns_enter(ns, &sc);
	if (err)
		return err;
	ring_pool_refill(ns, &g, count);
	ns_leave(&sc);
	return 0;
}

#define ARM_STACK (128 * 1024)

/* How many captures of REQS open the ring of REQS[I] in its namespace: the
 * spares to keep there for the next such list (trace path's are alike). */
static unsigned same_ring_here(const struct capture_req *reqs, int n, int i)
{
	const char *ns = reqs[i].ns ? reqs[i].ns : "";
	unsigned k = 0;
	int j;
	for (j = 0; j < n; j++)
		if (reqs[j].c && !strcmp(reqs[j].ns ? reqs[j].ns : "", ns) &&
		    reqs[j].o.snaplen == reqs[i].o.snaplen && reqs[j].o.ring_kib == reqs[i].o.ring_kib)
			k++;
	return k;
}

void capture_open_many(struct capture_req *reqs, int n)
{
	struct capture_arm *arms = calloc((size_t)(n > 0 ? n : 1), sizeof *arms);
	pthread_t *tids = calloc((size_t)(n > 0 ? n : 1), sizeof *tids);
	char *started = calloc((size_t)(n > 0 ? n : 1), 1);
	pthread_attr_t attr;
	sigset_t all, old;
	int i, have_attr;

	if (!arms || !tids || !started) {
		for (i = 0; i < n; i++)
			if (reqs[i].c)
				reqs[i].r = capture_open(reqs[i].c, reqs[i].ns, reqs[i].dev, reqs[i].expr, &reqs[i].o,
							 reqs[i].err, sizeof reqs[i].err);
		goto out;
	}
	/* the first halves in series: they enter namespaces and run libpcap */
	for (i = 0; i < n; i++)
		if (reqs[i].c)
			reqs[i].r = open_begin(reqs[i].c, reqs[i].ns, reqs[i].dev, reqs[i].expr, &reqs[i].o,
					       same_ring_here(reqs, n, i), &arms[i], reqs[i].err, sizeof reqs[i].err);
	/* the rings at once, each on a thread of its own: their grace periods overlap */
	have_attr = pthread_attr_init(&attr) == 0;
	if (have_attr)
		pthread_attr_setstacksize(&attr, ARM_STACK);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);       /* signals stay with the caller */
	for (i = 0; i < n; i++)
		if (reqs[i].c && reqs[i].r == 0)
			started[i] = pthread_create(&tids[i], have_attr ? &attr : NULL, sock_arm, &arms[i]) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (have_attr)
		pthread_attr_destroy(&attr);
	for (i = 0; i < n; i++) {
		if (!reqs[i].c || reqs[i].r)
			continue;
		if (started[i])
			pthread_join(tids[i], NULL);
		else
			sock_arm(&arms[i]);
		reqs[i].r = open_end(&arms[i]);
	}
out:
	free(arms);
	free(tids);
	free(started);
}

int capture_write_to(struct capture *c, const char *path, char *err, size_t errlen)
{
	int lt = c->ifindex ? capture_lt_of_hatype(c->hatype) : LT_LINUX_SLL2;   /* tcpdump 4.99's -i any */
	int r = pfile_open(&c->out, path, lt, err, errlen);
	if (r == 0)
		c->writing = 1;
	return r;
}

void capture_close(struct capture *c)
{
	ring_free(c);
	/* the kernel's teardown of a ring socket waits for RCU: not on our path */
	deferred_close(c->fd);
	c->fd = -1;
	free(c->buf);
	c->buf = NULL;
	if (c->writing)
		pfile_close(&c->out);
	c->writing = 0;
}

int capture_next(struct capture *c, struct capture_frame *f)
{
	struct tpacket2_hdr *h = (struct tpacket2_hdr *)(c->ring + (size_t)c->head * c->frame_size);
	struct sockaddr_ll from;
	size_t caplen;

	if (!(__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER)) {
		/* nothing queued; a device that went down leaves its error pending */
		int e = 0;
		socklen_t sl = sizeof e;
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &e, &sl) == 0 && e)
			return -e;
		return -EAGAIN;
	}
	memcpy(&from, (uint8_t *)h + TPACKET_ALIGN(sizeof *h), sizeof from);
	f->ts.tv_sec = h->tp_sec;
	f->ts.tv_nsec = h->tp_nsec;
	f->wirelen = h->tp_len;
	caplen = h->tp_snaplen < (unsigned)c->snaplen ? h->tp_snaplen : (size_t)c->snaplen;
	if (h->tp_mac + caplen > c->frame_size)
		caplen = h->tp_mac < c->frame_size ? c->frame_size - h->tp_mac : 0;
	memcpy(c->buf, (uint8_t *)h + h->tp_mac, caplen);
	__atomic_store_n(&h->tp_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
	c->head = (c->head + 1) % c->frame_nr;
	f->caplen = caplen;
	if (f->ts.tv_sec == 0)
		clock_gettime(CLOCK_REALTIME, &f->ts);
	if (from.sll_pkttype == PACKET_OUTGOING && from.sll_ifindex == c->lo_ifindex)
		return 0;        /* loopback: the same frame comes back as incoming */
	if (c->ifindex && from.sll_ifindex != c->ifindex)
		return 0;
	c->seen++;
	f->lt = capture_lt_of_hatype(from.sll_hatype);
	f->hatype = from.sll_hatype;
	f->pkttype = from.sll_pkttype;
	f->ifindex = from.sll_ifindex;
	decode_packet(c->buf, caplen, f->wirelen, f->lt, &c->st, &f->pk, f->text, sizeof f->text,
		      f->text_e, sizeof f->text_e);
	c->kept++;
	if (c->writing) {
		pfile_put(&c->out, (long)f->ts.tv_sec, f->ts.tv_nsec / 1000, c->buf, caplen, f->wirelen, f->lt,
			  from.sll_pkttype, from.sll_hatype, from.sll_ifindex);
		pcap_dump_flush(c->out.dump);     /* readable at once, like tcpdump -U */
	}
	return 1;
}

int capture_poll(struct capture *c, int ms)
{
	struct pollfd pfd = { c->fd, POLLIN, 0 };
	double t0 = probe_now_ms();
	int r = poll(&pfd, 1, ms);
	int err = r < 0 ? -errno : 0;
	probe_stat_add(PROBE_STAT_CAPTURE, probe_now_ms() - t0);
	return err;
}
