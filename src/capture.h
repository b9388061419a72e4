/*
 * capture.h -- packet capture (capture.c) for its binding l_capture.c: an
 * AF_PACKET socket inside a lab namespace with tcpdump's filter attached in
 * the kernel and a TPACKET_V2 receive ring, read one frame at a time (each
 * decoded by decode.c and, with a file open, written to it as tcpdump -w).
 */
#ifndef NETLEARN_CAPTURE_H
#define NETLEARN_CAPTURE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <net/if.h>
#include "decode.h"
#include "pcapfile.h"

#define CAPTURE_SNAPLEN_MAX 262144     /* tcpdump's largest (and default) snaplen */
#define CAPTURE_TEXT_MAX 1024          /* one decoded line */
#define CAPTURE_RING_BLOCK_KIB 64      /* the ring is made of blocks of this size */
#define CAPTURE_RING_KIB_DEFAULT 4096  /* 4 MiB: what SO_RCVBUF used to be */
#define CAPTURE_RING_KIB_MAX 1048576   /* 1 GiB: the guard, not a policy */

/* How to open a capture. */
struct capture_opts {
	int snaplen;              /* 1..CAPTURE_SNAPLEN_MAX */
	int allow_down;           /* a device that is down is no error */
	unsigned ring_kib;        /* ring size, rounded up to whole blocks; 1..CAPTURE_RING_KIB_MAX */
};

struct capture {
	int fd;
	int ifindex;              /* 0: every interface ("any") */
	char ifname[IF_NAMESIZE];
	int hatype;               /* ARPHRD_* of the bound device */
	int lo_ifindex;           /* loopback: its outgoing copies are dropped, like libpcap */
	int snaplen;
	int has_filter;
	uint32_t netmask;         /* IPv4 netmask of the device, for 'ip broadcast' (0: unknown) */
	int writing;              /* out is open (tcpdump -w) */
	struct pfile out;
	unsigned long seen, kept, kdrops, kpackets;
	int name_cache_index;
	char name_cache[IF_NAMESIZE];
	uint8_t *buf;             /* the frame last read, snaplen bytes */
	struct decode_state st;
	uint8_t *ring;            /* PACKET_RX_RING, mmap'd */
	int prearmed;             /* its socket and ring came set up from ring_pool.c */
	size_t ring_len;
	unsigned frame_size, frame_nr, head;
};

/* One frame read from the ring: its bytes are in the capture's buf. */
struct capture_frame {
	struct timespec ts;       /* when the kernel put it in the ring */
	size_t caplen, wirelen;
	int lt;                   /* LT_* of the frame */
	int hatype, pkttype, ifindex;   /* ARPHRD_*, PACKET_*, the device it crossed */
	struct pkt pk;            /* decoded */
	char text[CAPTURE_TEXT_MAX], text_e[CAPTURE_TEXT_MAX];   /* tcpdump -n's line, and -e's */
};

/* Open a capture inside namespace NS on device DEV (NULL or "": every device)
 * keeping what EXPR (tcpdump's language; "" = everything) accepts. 0, or
 * -errno: -ENOENT (no such namespace), -ENODEV, -ENETDOWN (device down and not
 * allowed), -ENOMEM, ...; a filter error has its words in ERR (else ERR is ""). */
int capture_open(struct capture *c, const char *ns, const char *dev, const char *expr,
		 const struct capture_opts *o, char *err, size_t errlen);
/* One capture of capture_open_many: the arguments of capture_open, and its
 * result (R: 0 or -errno, ERR: the words of a filter error, else ""). */
struct capture_req {
	const char *ns, *dev, *expr;
	struct capture_opts o;
	struct capture *c;        /* the caller's; NULL: not to be opened (R left as it is) */
	int r;
	char err[PCAP_ERRBUF_SIZE + 64];
};
/* Open N captures as capture_open would, the kernel's ring setups (an RCU
 * grace period each) all at once on threads of their own. */
void capture_open_many(struct capture_req *reqs, int n);
/* Have COUNT captures of O's ring ready to open in NS without waiting for
 * the kernel (ring_pool.c; none for a ring over its size limit): their rings
 * are set up on threads of their own from now on. 0, or -errno from entering NS. */
int capture_warm(const char *ns, const struct capture_opts *o, unsigned count);
/* Also write every frame kept to the pcap file PATH (Linux cooked v2 for
 * "any"). 0 or -errno with "PATH: reason" in ERR. */
int capture_write_to(struct capture *c, const char *path, char *err, size_t errlen);
/* Close the socket, unmap the ring, finish the file. Safe to call twice. */
void capture_close(struct capture *c);

/* The next frame of the ring into F. 1: a frame kept, 0: one skipped (a
 * loopback's outgoing copy, another device's), -EAGAIN: nothing queued,
 * -ENETDOWN: the device went down, or another -errno. */
int capture_next(struct capture *c, struct capture_frame *f);
/* Wait up to MS milliseconds for a frame. 0 or -errno (-EINTR: a signal). */
int capture_poll(struct capture *c, int ms);
/* Add the kernel's counts since the last call to kpackets and kdrops
 * (kdrops: frames the kernel dropped because the ring was full). */
void capture_update_stats(struct capture *c);

/* The name of device IFINDEX in the capture's namespace ("ifN" if gone). */
const char *capture_ifname(struct capture *c, int ifindex);
/* LT_* of a device of type HATYPE (ARPHRD_*), and its name for Lua:
 * "ether", "raw" or "loopback". */
int capture_lt_of_hatype(int hatype);
const char *capture_lt_name(int hatype);

#endif
