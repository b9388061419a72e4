/*
 * capture.c -- packet capture the way tcpdump does it: an AF_PACKET socket
 * made inside the lab namespace, bound to one interface (or to all of them),
 * seeing both directions, with kernel timestamps. The filter is tcpdump's
 * language compiled by libpcap (pcapfile.c) and attached in the kernel
 * (SO_ATTACH_FILTER), so frames it refuses are never copied to netlearn. Each
 * frame kept is decoded (decode.c), optionally written to a pcap file, and
 * handed to Lua as a table with the line tcpdump -n would print.
 *
 * Frames arrive in a TPACKET_V2 ring (PACKET_RX_RING) set up before bind, so
 * every frame carries the time the kernel put it in the ring (tp_sec/tp_nsec):
 * never the time netlearn read it. SO_TIMESTAMPNS alone is not enough: the
 * kernel turns its timestamping on through deferred work, so frames queued
 * in the first moments of a capture had no stamp and got one when read, which
 * put a reply before its request in `trace path`. Each ring frame holds up to
 * RING_FRAME - 80 bytes of a frame (tp_len keeps the length on the wire), like
 * tcpdump -s 8112. A decoded frame becomes a Lua table in l_decode.c.
 *
 *   local cap = assert(net.capture_open("net2", "veth1", "icmp", {write = "/tmp/x.pcap"}))
 *   for _, p in ipairs(cap:wait(2.0, 4)) do print(p.text) end
 *   cap:close()
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
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
#include "luax.h"
#include "netlearn.h"
#include "decode.h"
#include "pcapfile.h"
#include "probe_util.h"

#define CAPTURE_MT "netlearn.capture"
#define TEXT_MAX 1024
#define RING_FRAME 8192           /* bytes per ring slot: header (80) + frame */
#define RING_BLOCK 65536          /* a block holds RING_BLOCK / RING_FRAME slots */
#define RING_BLOCKS 64            /* 4 MiB: what SO_RCVBUF used to be */

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
	uint8_t *buf;
	struct decode_state st;
	uint8_t *ring;            /* PACKET_RX_RING, mmap'd */
	size_t ring_len;
	unsigned frame_size, frame_nr, head;
};

/* ---- primitives ----------------------------------------------------------- */

static int lt_of_hatype(int hatype)
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

static const char *lt_name(int hatype)
{
	if (hatype == ARPHRD_LOOPBACK)
		return "loopback";
	return lt_of_hatype(hatype) == LT_RAW ? "raw" : "ether";
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
 * link type; "any", HATYPE < 0: see filter_bpf_any) and attach it to FD. */
static int filter_attach(int fd, int hatype, const char *expr, uint32_t netmask, char *err, size_t errlen)
{
	struct bpf_program p;
	struct bpf_insn *ins;
	size_t n;
	int r;

	if (hatype >= 0) {
		r = filter_bpf_compile(lt_to_dlt(lt_of_hatype(hatype)), expr, netmask, &p, err, errlen);
		if (r)
			return r;
		r = attach(fd, (struct sock_filter *)p.bf_insns, p.bf_len, err, errlen);
		pcap_freecode(&p);
		return r;
	}
	r = filter_bpf_any(expr, netmask, &ins, &n, err, errlen);
	if (r)
		return r;
	r = attach(fd, (struct sock_filter *)ins, n, err, errlen);
	free(ins);
	return r;
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

/* The receive ring, before bind: from the first frame on, each one is
 * stamped by the kernel as it enters the ring. */
static int ring_setup(int fd, struct capture *c)
{
	int v = TPACKET_V2;
	unsigned want = (unsigned)c->snaplen + 80;
	struct tpacket_req req;
	void *m;

	want = (want + TPACKET_ALIGNMENT - 1) & ~(unsigned)(TPACKET_ALIGNMENT - 1);
	c->frame_size = want < RING_FRAME ? want : RING_FRAME;
	memset(&req, 0, sizeof req);
	req.tp_block_size = RING_BLOCK;
	req.tp_block_nr = RING_BLOCKS;
	req.tp_frame_size = c->frame_size;
	req.tp_frame_nr = RING_BLOCKS * (RING_BLOCK / c->frame_size);
	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof v) < 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0)
		return -errno;
	m = mmap(NULL, (size_t)req.tp_block_size * req.tp_block_nr, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return -errno;
	c->ring = m;
	c->ring_len = (size_t)req.tp_block_size * req.tp_block_nr;
	c->frame_nr = req.tp_frame_nr;
	c->head = 0;
	return 0;
}

static void ring_free(struct capture *c)
{
	if (c->ring)
		munmap(c->ring, c->ring_len);
	c->ring = NULL;
}

/* Open an AF_PACKET socket inside NS, filtered by EXPR ("" = everything) and
 * bound to DEV (NULL/"" = any). A filter error is described in err. */
static int capture_sock(const char *ns, const char *dev, int allow_down, const char *expr,
			struct capture *c, char *err_text, size_t errlen)
{
	struct ns_scope sc;
	struct sockaddr_ll sll;
	struct ifreq ifr;
	int fd, err = 0, one = 1;
	socklen_t sl;

	err = ns_enter(ns, &sc);
	if (err)
		return err;
	/* protocol 0: receives nothing until bound, so no frames of other devices slip in */
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		err = -errno;
	else if (dev && dev[0])
		c->netmask = dev_netmask(dev);
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
	err = ring_setup(fd, c);
	if (err)
		goto out;
	/* before bind: not one frame is queued unfiltered */
	if (expr[0]) {
		err = filter_attach(fd, c->ifindex ? c->hatype : -1, expr, c->netmask, err_text, errlen);
		if (err)
			goto out;
		c->has_filter = 1;
	}
	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = c->ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) {
		err = -errno;
		goto out;
	}
	/* a bind to a device that is down succeeds but leaves ENETDOWN pending */
	sl = sizeof one;
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &one, &sl);
	c->fd = fd;
	return 0;
out:
	ring_free(c);
	close(fd);
	return err;
}

static const char *ifname_of(struct capture *c, int ifindex)
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

static void update_stats(struct capture *c)
{
	struct tpacket_stats ts;
	socklen_t l = sizeof ts;
	if (c->fd >= 0 && getsockopt(c->fd, SOL_PACKET, PACKET_STATISTICS, &ts, &l) == 0) {
		c->kpackets += ts.tp_packets;
		c->kdrops += ts.tp_drops;
	}
}

/* ---- Lua: the capture object ---------------------------------------------- */

static struct capture *check_cap(lua_State *L)
{
	struct capture *c = luaL_checkudata(L, 1, CAPTURE_MT);
	if (c->fd < 0)
		luaL_error(L, "capture is closed");
	return c;
}

static void cap_free(struct capture *c)
{
	ring_free(c);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->buf);
	c->buf = NULL;
	if (c->writing)
		pfile_close(&c->out);
	c->writing = 0;
}

/* net.capture_open(ns, dev|nil, filter|nil, {snaplen=262144, allow_down=false, write=path})
 * write: every frame kept also goes to this pcap file (tcpdump -w), Linux
 * cooked for "any"; cap:close() finishes it. */
static int l_capture_open(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *dev = luaL_optstring(L, 2, "");
	const char *expr = luaL_optstring(L, 3, "");
	const char *wpath;
	lua_Integer snaplen;
	int allow_down, err;
	struct capture *c;
	char msg[PCAP_ERRBUF_SIZE + 64];

	if (!lua_isnoneornil(L, 4))
		luaL_checktype(L, 4, LUA_TTABLE);
	snaplen = l_optfield_int(L, 4, "snaplen", 262144);
	allow_down = l_optfield_bool(L, 4, "allow_down", 0);
	wpath = l_optfield_str(L, 4, "write", NULL);
	if (snaplen <= 0 || snaplen > 262144)
		snaplen = 262144;      /* tcpdump's rule for 0 and out-of-range values */
	if (!strcmp(dev, "any"))
		dev = "";
	if (strlen(dev) >= IF_NAMESIZE)
		return l_fail(L, -ENODEV, "tcpdump: %s: No such device exists (names are at most 15 bytes)", dev);

	c = lua_newuserdatauv(L, sizeof *c, 0);
	memset(c, 0, sizeof *c);
	c->fd = -1;
	c->name_cache_index = -1;
	luaL_setmetatable(L, CAPTURE_MT);
	c->snaplen = (int)snaplen;
	c->buf = malloc((size_t)snaplen);
	if (!c->buf)
		return luaL_error(L, "out of memory");
	if (!ns_exists(ns)) {
		lua_pushnil(L);
		lua_pushfstring(L, "%s: no such namespace (create it with 'ip netns add %s')", ns, ns);
		lua_pushinteger(L, ENOENT);
		return 3;
	}
	msg[0] = '\0';
	err = capture_sock(ns, dev, allow_down, expr, c, msg, sizeof msg);
	if (err && msg[0]) {
		lua_pushnil(L);
		lua_pushstring(L, msg);
		lua_pushinteger(L, -err);
		return 3;
	}
	if (err == -ENODEV)
		return l_fail(L, err, "tcpdump: %s: No such device exists", dev);
	if (err == -ENETDOWN)
		return l_fail(L, err, "tcpdump: %s: That device is not up (bring it up with 'ip link set %s up')",
			      dev, dev);
	if (err == -EPERM || err == -EACCES)
		return l_fail(L, err, "tcpdump: %s: You don't have permission to capture on that device",
			      dev[0] ? dev : "any");
	if (err)
		return l_fail(L, err, "tcpdump: %s: %s", dev[0] ? dev : "any", strerror(-err));
	if (wpath) {
		int lt = c->ifindex ? lt_of_hatype(c->hatype) : LT_LINUX_SLL2;   /* tcpdump 4.99's -i any */
		err = pfile_open(&c->out, wpath, lt, msg, sizeof msg);
		if (err) {
			cap_free(c);
			lua_pushnil(L);
			lua_pushfstring(L, "tcpdump: %s", msg);
			lua_pushinteger(L, -err);
			return 3;
		}
		c->writing = 1;
	}
	return 1;
}

/* Receive one frame. Returns 1 (kept, table pushed), 0 (dropped by filter or
 * duplicate), -EAGAIN (nothing queued) or another -errno. */
static int cap_recv_one(lua_State *L, struct capture *c)
{
	struct tpacket2_hdr *h = (struct tpacket2_hdr *)(c->ring + (size_t)c->head * c->frame_size);
	struct sockaddr_ll from;
	struct timespec ts;
	struct pkt pk;
	char text[TEXT_MAX], text_e[TEXT_MAX];
	size_t r, caplen;
	int lt;

	if (!(__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER)) {
		/* nothing queued; a device that went down leaves its error pending */
		int e = 0;
		socklen_t sl = sizeof e;
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &e, &sl) == 0 && e)
			return -e;
		return -EAGAIN;
	}
	memcpy(&from, (uint8_t *)h + TPACKET_ALIGN(sizeof *h), sizeof from);
	ts.tv_sec = h->tp_sec;
	ts.tv_nsec = h->tp_nsec;
	r = h->tp_len;
	caplen = h->tp_snaplen < (unsigned)c->snaplen ? h->tp_snaplen : (size_t)c->snaplen;
	if (h->tp_mac + caplen > c->frame_size)
		caplen = h->tp_mac < c->frame_size ? c->frame_size - h->tp_mac : 0;
	memcpy(c->buf, (uint8_t *)h + h->tp_mac, caplen);
	__atomic_store_n(&h->tp_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
	c->head = (c->head + 1) % c->frame_nr;
	if (ts.tv_sec == 0)
		clock_gettime(CLOCK_REALTIME, &ts);
	if (from.sll_pkttype == PACKET_OUTGOING && from.sll_ifindex == c->lo_ifindex)
		return 0;        /* loopback: the same frame comes back as incoming */
	if (c->ifindex && from.sll_ifindex != c->ifindex)
		return 0;
	c->seen++;
	lt = lt_of_hatype(from.sll_hatype);
	decode_packet(c->buf, caplen, r, lt, &c->st, &pk, text, sizeof text, text_e, sizeof text_e);
	c->kept++;
	if (c->writing) {
		pfile_put(&c->out, (long)ts.tv_sec, ts.tv_nsec / 1000, c->buf, caplen, r, lt,
			  from.sll_pkttype, from.sll_hatype, from.sll_ifindex);
		pcap_dump_flush(c->out.dump);     /* readable at once, like tcpdump -U */
	}
	capture_push_pkt(L, &pk, text, text_e, c->buf, caplen, lt_name(from.sll_hatype));
	lua_pushnumber(L, (double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
	lua_setfield(L, -2, "time");
	l_setfield_int(L, "time_sec", ts.tv_sec);
	l_setfield_int(L, "time_nsec", ts.tv_nsec);
	l_setfield_str(L, "ifname", ifname_of(c, from.sll_ifindex));
	l_setfield_int(L, "ifindex", from.sll_ifindex);
	l_setfield_str(L, "dir", from.sll_pkttype == PACKET_OUTGOING ? "Out" : "In");
	l_setfield_int(L, "pkttype", from.sll_pkttype);
	if (!c->ifindex) {
		/* tcpdump -i any (Linux cooked v2) puts the device and direction first */
		static const char *const dirs[] = { "In", "B", "M", "P", "Out" };
		char line[TEXT_MAX + 40];
		snprintf(line, sizeof line, "%-5s %-3s %s", ifname_of(c, from.sll_ifindex),
			 from.sll_pkttype < 5 ? dirs[from.sll_pkttype] : "?", text);
		l_setfield_str(L, "text_any", line);
	}
	return 1;
}

/* Appends up to MAX frames to the table on top; returns how many, or -errno. */
static int cap_drain(lua_State *L, struct capture *c, lua_Integer max)
{
	lua_Integer got = 0;
	while (got < max) {
		int r = cap_recv_one(L, c);
		if (r == -EAGAIN || r == -EINTR)
			break;
		if (r == -ENETDOWN)     /* device went down: tcpdump stops; we just stop reading */
			break;
		if (r < 0)
			return r;
		if (r == 1)
			lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1), got++;
	}
	return (int)got;
}

/* cap:read([max]) -> {pkt...} : what is queued now, without waiting */
static int l_cap_read(lua_State *L)
{
	struct capture *c = check_cap(L);
	lua_Integer max = luaL_optinteger(L, 2, 1 << 20);
	int r;
	lua_newtable(L);
	r = cap_drain(L, c, max);
	if (r < 0)
		return l_fail(L, r, "tcpdump: read: %s", strerror(-r));
	return 1;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* cap:wait(timeout_s[, count]) -> {pkt...} : until COUNT packets, the timeout or Ctrl-C */
static int l_cap_wait(lua_State *L)
{
	struct capture *c = check_cap(L);
	double timeout = luaL_checknumber(L, 2);
	lua_Integer count = luaL_optinteger(L, 3, 1 << 20);
	double deadline = now_s() + (timeout > 0 ? timeout : 0);
	lua_Integer got = 0;

	lua_newtable(L);
	while (got < count && !nl_interrupted) {
		struct pollfd pfd = { c->fd, POLLIN, 0 };
		double left = deadline - now_s(), t0;
		int r, ms;
		r = cap_drain(L, c, count - got);
		if (r < 0)
			return l_fail(L, r, "tcpdump: read: %s", strerror(-r));
		got += r;
		if (got >= count || left <= 0)
			break;
		ms = (int)(left * 1000) + 1;
		if (ms > 100)
			ms = 100;       /* wake up now and then to notice Ctrl-C */
		t0 = now_s();
		r = poll(&pfd, 1, ms);
		if (r < 0 && errno != EINTR)
			return l_fail(L, -errno, "tcpdump: poll: %s", strerror(errno));
		probe_stat_add(PROBE_STAT_CAPTURE, (now_s() - t0) * 1e3);
	}
	return 1;
}

static int l_cap_fd(lua_State *L)
{
	lua_pushinteger(L, check_cap(L)->fd);
	return 1;
}

/* cap:stats() -> {captured=, received=, dropped=} : tcpdump's closing counts */
static int l_cap_stats(lua_State *L)
{
	struct capture *c = check_cap(L);
	update_stats(c);
	lua_createtable(L, 0, 3);
	l_setfield_int(L, "captured", (lua_Integer)c->kept);
	l_setfield_int(L, "received", (lua_Integer)c->seen);
	l_setfield_int(L, "dropped", (lua_Integer)c->kdrops);
	return 1;
}

/* cap:info() -> {dev=, ifindex=, linktype=, link_desc=, snaplen=, filter=bool} */
static int l_cap_info(lua_State *L)
{
	struct capture *c = check_cap(L);
	const char *desc;
	lua_createtable(L, 0, 6);
	l_setfield_str(L, "dev", c->ifindex ? c->ifname : "any");
	l_setfield_int(L, "ifindex", c->ifindex);
	l_setfield_int(L, "snaplen", c->snaplen);
	l_setfield_bool(L, "filter", c->has_filter);
	l_setfield_bool(L, "writing", c->writing);
	if (!c->ifindex) {
		l_setfield_str(L, "linktype", "any");
		desc = "LINUX_SLL2 (Linux cooked v2)";
	} else {
		l_setfield_str(L, "linktype", lt_name(c->hatype));
		desc = lt_of_hatype(c->hatype) == LT_RAW ? "RAW (Raw IP)" : "EN10MB (Ethernet)";
	}
	l_setfield_str(L, "link_desc", desc);
	return 1;
}

static int l_cap_close(lua_State *L)
{
	struct capture *c = luaL_checkudata(L, 1, CAPTURE_MT);
	cap_free(c);
	return 0;
}

static int l_cap_tostring(lua_State *L)
{
	struct capture *c = luaL_checkudata(L, 1, CAPTURE_MT);
	if (c->fd < 0)
		lua_pushliteral(L, "capture (closed)");
	else
		lua_pushfstring(L, "capture on %s", c->ifindex ? c->ifname : "any");
	return 1;
}

static const luaL_Reg cap_methods[] = {
	{"read", l_cap_read},
	{"wait", l_cap_wait},
	{"fd", l_cap_fd},
	{"stats", l_cap_stats},
	{"info", l_cap_info},
	{"close", l_cap_close},
	{NULL, NULL}
};

static const luaL_Reg cap_meta[] = {
	{"__gc", l_cap_close},
	{"__close", l_cap_close},
	{"__tostring", l_cap_tostring},
	{NULL, NULL}
};

static int l_capture_open_entry(lua_State *L)
{
	if (luaL_newmetatable(L, CAPTURE_MT)) {
		luaL_setfuncs(L, cap_meta, 0);
		luaL_newlib(L, cap_methods);
		lua_setfield(L, -2, "__index");
	}
	lua_pop(L, 1);
	return l_capture_open(L);
}

const luaL_Reg l_capture_funcs[] = {
	{"capture_open", l_capture_open_entry},
	{"filter_check", l_filter_check},
	{"filter_match", l_filter_match},
	{"pcap_write", l_pcap_write},
	{"pcap_read", l_pcap_read},
	{NULL, NULL}
};
