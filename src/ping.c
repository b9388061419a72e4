/*
 * ping.c -- net.ping: ICMP echo over a raw socket made inside the lab
 * namespace, with iputils ping's rules for when to send, when to stop and what
 * counts as an error. Replies and ICMP errors (host/net unreachable, time to
 * live exceeded) about our own echo id come back on the same raw socket; a
 * missing route is found first by connect()ing a UDP socket, as iputils does.
 */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/icmp.h>
#include <netdb.h>
#include <linux/errqueue.h>
#include <netinet/ip.h>
#include <sys/random.h>
#include <sys/socket.h>
#include "probe_util.h"

#define SEQ_SLOTS 65536

struct ping_opts {
	struct in_addr dst, src;
	int have_src;
	long count;             /* 0: until deadline or Ctrl-C */
	double interval_ms, timeout_ms, deadline_ms;
	int ttl, size;
	const char *dev;
	const char *pattern;    /* payload bytes, repeated (ping -p); NULL: 8, 9, 10, ... */
	size_t pattern_len;
};

struct ping_event {
	const char *type;       /* "reply" | "unreachable" | "timeout" | "tick" */
	int seq, ttl, bytes;
	double time;            /* ms, replies only */
	struct in_addr from;
	char text[64];
};

#define TICK_MS 100.0

/* Called for every event; returns nonzero to stop the run. */
typedef int (*ping_cb)(const struct ping_event *ev, void *arg);

struct ping_run {
	long sent, received, errors, dups;
	double tmin, tmax, tsum, tsum2, elapsed;
	int last_ttl, interrupted;
	struct in_addr src;
	char error[64];         /* "connect: Network is unreachable" */
	int error_errno;
	int64_t *tx;            /* realtime ns of each send, by seq */
	unsigned char *state;   /* by seq: 0 none, 1 sent, 2 answered, 3 error, 4 reported late */
};

static int64_t realtime_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static const char *unreach_text(int type, int code, char *buf, size_t len, unsigned mtu)
{
	static const char *const du[] = {
		"Destination Net Unreachable", "Destination Host Unreachable",
		"Destination Protocol Unreachable", "Destination Port Unreachable",
		NULL, "Source Route Failed", "Destination Net Unknown",
		"Destination Host Unknown", "Source Host Isolated",
		"Destination Net Prohibited", "Destination Host Prohibited",
		"Destination Net Unreachable for Type of Service",
		"Destination Host Unreachable for Type of Service",
		"Packet filtered", "Precedence Violation", "Precedence Cutoff",
	};
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		snprintf(buf, len, "Frag needed and DF set (mtu = %u)", mtu);
	else if (type == ICMP_DEST_UNREACH && code >= 0 && code < 16)
		snprintf(buf, len, "%s", du[code]);
	else if (type == ICMP_TIME_EXCEEDED)
		snprintf(buf, len, "%s", code == 0 ? "Time to live exceeded" : "Frag reassembly time exceeded");
	else if (type == ICMP_PARAMETERPROB)
		snprintf(buf, len, "Parameter problem");
	else
		snprintf(buf, len, "Dest Unreachable, Bad Code: %d", code);
	return buf;
}

/* The UDP connect() iputils does first: finds "no route" and the source. */
static int route_check(const char *ns, const struct ping_opts *o, struct ping_run *run)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(1025), .sin_addr = o->dst};
	socklen_t sl = sizeof sa;
	int fd = probe_socket(ns, AF_INET, SOCK_DGRAM, 0), r = 0;
	if (fd < 0)
		return fd;
	if ((r = probe_bind(fd, o->dev, o->have_src ? &o->src : NULL)) < 0)
		goto out;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		run->error_errno = errno;
		snprintf(run->error, sizeof run->error, "connect: %s", strerror(errno));
		goto out;
	}
	if (getsockname(fd, (struct sockaddr *)&sa, &sl) == 0)
		run->src = sa.sin_addr;
out:
	close(fd);
	return r;
}

static uint16_t new_ident(void)
{
	static uint16_t counter;
	uint16_t r = 0;
	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != sizeof r)
		r = (uint16_t)(getpid() * 31 + (int)time(NULL));
	return (uint16_t)(r + counter++);
}

static int send_echo(int fd, const struct ping_opts *o, uint16_t id, long seq, struct ping_run *run)
{
	size_t len = 8 + (size_t)o->size;
	unsigned char *buf = calloc(1, len);
	struct icmphdr *ic = (struct icmphdr *)buf;
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr = o->dst};
	size_t i;
	int r = 0;
	if (!buf)
		return -ENOMEM;
	ic->type = ICMP_ECHO;
	ic->un.echo.id = htons(id);
	ic->un.echo.sequence = htons((uint16_t)seq);
	for (i = 8; i < len; i++)
		buf[i] = o->pattern ? (unsigned char)o->pattern[(i - 8) % o->pattern_len] : (unsigned char)i;
	ic->checksum = probe_cksum(buf, len);
	run->tx[seq & 0xffff] = realtime_ns();
	run->state[seq & 0xffff] = 1;
	if (sendto(fd, buf, len, 0, (struct sockaddr *)&sa, sizeof sa) < 0)
		r = -errno;
	free(buf);
	return r;
}

/* An ICMP error about echo SEQ of ours: fill EV. 1 if new, 0 if seen already. */
static int error_event(struct ping_run *run, int seq, int type, int code, unsigned info,
		       struct in_addr from, struct ping_event *ev)
{
	if (run->state[seq] == 0 || run->state[seq] == 3 || run->state[seq] == 2)
		return 0;
	run->state[seq] = 3;
	memset(ev, 0, sizeof *ev);
	ev->type = "unreachable";
	ev->seq = seq;
	ev->from = from;
	unreach_text(type, code, ev->text, sizeof ev->text, info);
	return 1;
}

/* The socket's error queue (IP_RECVERR): ICMP errors the kernel matched to our
 * socket, including those made locally (ARP failed: Destination Host Unreachable
 * from our own address), which a raw socket bound to a device does not see. */
static int read_errqueue(int fd, uint16_t id, struct ping_run *run, struct ping_event *ev)
{
	unsigned char buf[512], cbuf[512];
	struct sockaddr_in target;
	struct iovec iov = {buf, sizeof buf};
	struct msghdr mh = {.msg_name = &target, .msg_namelen = sizeof target, .msg_iov = &iov,
			    .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
	struct sock_extended_err *ee = NULL;
	struct icmphdr *ic = (struct icmphdr *)buf;
	struct cmsghdr *c;
	struct in_addr off = {0};
	ssize_t n = recvmsg(fd, &mh, MSG_ERRQUEUE | MSG_DONTWAIT);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? -EAGAIN : -errno;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR)
			ee = (struct sock_extended_err *)CMSG_DATA(c);
	if (!ee || ee->ee_origin != SO_EE_ORIGIN_ICMP || (size_t)n < sizeof *ic ||
	    ic->type != ICMP_ECHO || ntohs(ic->un.echo.id) != id)
		return 0;
	memcpy(&off, &((struct sockaddr_in *)SO_EE_OFFENDER(ee))->sin_addr, sizeof off);
	return error_event(run, ntohs(ic->un.echo.sequence), ee->ee_type, ee->ee_code, ee->ee_info, off, ev);
}

/* Read one datagram; 1 if it produced an event in EV, 0 if not ours, -EAGAIN
 * when there is nothing more to read. */
static int read_one(int fd, const struct ping_opts *o, uint16_t id, struct ping_run *run,
		    struct ping_event *ev)
{
	unsigned char buf[65536], cbuf[256];
	struct sockaddr_in from;
	struct iovec iov = {buf, sizeof buf};
	struct msghdr mh = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov,
			    .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
	struct cmsghdr *c;
	int64_t rx = -1;
	ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT);
	struct iphdr *ip = (struct iphdr *)buf;
	struct icmphdr *ic;
	size_t hl;

	if (n < 0) {
		if (errno == EAGAIN)
			return -EAGAIN;
		/* IP_RECVERR also reports the error once here (sk_err): the error
		 * queue has the details, so just read on */
		return 0;
	}
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPNS) {
			struct timespec ts;
			memcpy(&ts, CMSG_DATA(c), sizeof ts);
			rx = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
		}
	if (rx < 0)
		rx = realtime_ns();
	if ((size_t)n < sizeof *ip || (hl = (size_t)ip->ihl * 4) + 8 > (size_t)n)
		return 0;
	ic = (struct icmphdr *)(buf + hl);
	if (ic->type == ICMP_ECHOREPLY) {
		int seq = ntohs(ic->un.echo.sequence);
		if (ntohs(ic->un.echo.id) != id || ip->saddr != o->dst.s_addr || run->state[seq] == 0)
			return 0;
		if (run->state[seq] == 2) {
			run->dups++;
			return 0;
		}
		run->state[seq] = 2;
		memset(ev, 0, sizeof *ev);
		ev->type = "reply";
		ev->seq = seq;
		ev->from.s_addr = ip->saddr;
		ev->ttl = ip->ttl;
		ev->bytes = (int)((size_t)n - hl);
		ev->time = (double)(rx - run->tx[seq]) / 1e6;
		if (ev->time < 0)
			ev->time = 0;
		return 1;
	}
	if (ic->type == ICMP_DEST_UNREACH || ic->type == ICMP_TIME_EXCEEDED || ic->type == ICMP_PARAMETERPROB) {
		struct iphdr *in = (struct iphdr *)(ic + 1);
		struct icmphdr *iic;
		struct in_addr f = {ip->saddr};
		size_t ihl;
		if ((size_t)n < hl + 8 + sizeof *in || (size_t)n < hl + 8 + (ihl = (size_t)in->ihl * 4) + 8)
			return 0;
		iic = (struct icmphdr *)((unsigned char *)in + ihl);
		if (in->protocol != IPPROTO_ICMP || in->daddr != o->dst.s_addr ||
		    iic->type != ICMP_ECHO || ntohs(iic->un.echo.id) != id)
			return 0;
		return error_event(run, ntohs(iic->un.echo.sequence), ic->type, ic->code,
				   ntohs(ic->un.frag.mtu), f, ev);
	}
	return 0;
}

static void account(struct ping_run *run, const struct ping_event *ev)
{
	if (!strcmp(ev->type, "reply")) {
		if (run->received == 0 || ev->time < run->tmin)
			run->tmin = ev->time;
		if (ev->time > run->tmax)
			run->tmax = ev->time;
		run->tsum += ev->time;
		run->tsum2 += ev->time * ev->time;
		run->received++;
		run->last_ttl = ev->ttl;
	} else if (!strcmp(ev->type, "unreachable")) {
		run->errors++;
	}
}

/* Unanswered probes up to seq LAST become "timeout" events (once each). */
static int report_silent(struct ping_run *run, long last, ping_cb cb, void *arg)
{
	long s;
	for (s = last; s >= 1 && s > last - 65535; s--) {
		struct ping_event ev;
		if (run->state[s & 0xffff] != 1)
			continue;
		run->state[s & 0xffff] = 4;
		memset(&ev, 0, sizeof ev);
		ev.type = "timeout";
		ev.seq = (int)(s & 0xffff);
		if (cb(&ev, arg))
			return 1;
	}
	return 0;
}

/* Run the whole ping. Returns 0 (details in RUN) or -errno for a setup failure. */
static int ping_do(const char *ns, const struct ping_opts *o, struct ping_run *run, ping_cb cb, void *arg)
{
	int fd = -1, r, one = 1, stop = 0;
	uint16_t id = new_ident();
	struct icmp_filter filt;
	double start, next_send, linger_end = -1;
	long seq = 0;

	run->tx = calloc(SEQ_SLOTS, sizeof *run->tx);
	run->state = calloc(SEQ_SLOTS, 1);
	if (!run->tx || !run->state)
		return -ENOMEM;
	if ((r = route_check(ns, o, run)) < 0 || run->error[0])
		return r;
	fd = probe_socket(ns, AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (fd < 0)
		return fd;
	filt.data = ~((1U << ICMP_ECHOREPLY) | (1U << ICMP_DEST_UNREACH) |
		      (1U << ICMP_TIME_EXCEEDED) | (1U << ICMP_PARAMETERPROB));
	setsockopt(fd, SOL_RAW, ICMP_FILTER, &filt, sizeof filt);
	setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
	setsockopt(fd, SOL_IP, IP_RECVERR, &one, sizeof one);
	if ((r = probe_bind(fd, o->dev, o->have_src ? &o->src : NULL)) < 0)
		goto out;
	if (o->ttl > 0 && setsockopt(fd, IPPROTO_IP, IP_TTL, &o->ttl, sizeof o->ttl) < 0) {
		r = -errno;
		goto out;
	}
	start = next_send = probe_now_ms();
	r = 0;
	while (!stop) {
		double now = probe_now_ms(), wake;
		int w;
		if (o->deadline_ms > 0 && now - start >= o->deadline_ms)
			break;
		if (linger_end >= 0 && now >= linger_end)
			break;
		if ((o->count == 0 || o->deadline_ms > 0 || seq < o->count) && now >= next_send) {
			if (seq > 0 && report_silent(run, seq, cb, arg))
				break;
			seq++;
			if ((w = send_echo(fd, o, id, seq, run)) < 0) {
				struct ping_event ev;
				memset(&ev, 0, sizeof ev);
				ev.type = "unreachable";
				ev.seq = (int)(seq & 0xffff);
				ev.from = run->src;
				snprintf(ev.text, sizeof ev.text, "sendmsg: %s", strerror(-w));
				run->state[seq & 0xffff] = 3;
				run->errors++;
				if (cb(&ev, arg))
					break;
			}
			run->sent++;
			run->elapsed = probe_now_ms() - start;
			next_send += o->interval_ms;
			if (o->count && seq >= o->count && o->deadline_ms <= 0) {
				/* iputils: after the last probe wait 2*max rtt (at least one
				 * interval) if anything came back, else the -W time */
				double lg = run->received ? fmax(2 * run->tmax, o->interval_ms) : o->timeout_ms;
				linger_end = probe_now_ms() + lg;
			}
			continue;
		}
		if (o->count && run->received + run->errors >= o->count)
			break;
		if (o->deadline_ms > 0 && run->errors)
			break;
		wake = linger_end >= 0 ? linger_end : next_send;
		if (o->deadline_ms > 0 && start + o->deadline_ms < wake)
			wake = start + o->deadline_ms;
		/* a "tick" at least every TICK_MS while nothing happens, so that a
		 * caller can show what else goes on (a background capture) live */
		{
			double slice = fmin(wake, probe_now_ms() + TICK_MS);
			w = probe_wait(fd, POLLIN, slice - probe_now_ms());
			if (w == 0 && slice < wake) {
				struct ping_event ev;
				memset(&ev, 0, sizeof ev);
				ev.type = "tick";
				ev.seq = (int)(seq & 0xffff);
				if (cb(&ev, arg))
					break;
				continue;
			}
		}
		if (w == -EINTR) {
			run->interrupted = 1;
			break;
		}
		if (w < 0) {
			r = w;
			break;
		}
		while (w > 0 && !stop) {
			struct ping_event ev;
			int got = read_errqueue(fd, id, run, &ev);
			if (got == -EAGAIN)
				got = read_one(fd, o, id, run, &ev);
			if (got == -EAGAIN || got < 0)
				break;
			if (got == 0)
				continue;
			account(run, &ev);
			run->elapsed = probe_now_ms() - start;
			if (cb(&ev, arg))
				stop = 1;
			else if (o->count && run->received + run->errors >= o->count)
				break;
		}
		if (o->count && run->received + run->errors >= o->count)
			break;
	}
	if (!stop && !run->interrupted)
		report_silent(run, seq, cb, arg);
	if (nl_interrupted)
		run->interrupted = 1;
out:
	close(fd);
	return r;
}

/* ---- Lua binding ---------------------------------------------------------- */

struct l_ping_ctx {
	lua_State *L;
	int fn;                 /* stack index of on_event, 0 if none */
	int replies, unreach;   /* stack indexes of the result lists */
	int error_ref;          /* an error raised by on_event, to re-raise */
};

static void push_event(lua_State *L, const struct ping_event *ev)
{
	lua_newtable(L);
	l_setfield_str(L, "type", ev->type);
	l_setfield_int(L, "seq", ev->seq);
	if (!strcmp(ev->type, "reply")) {
		l_setfield_int(L, "ttl", ev->ttl);
		lua_pushnumber(L, ev->time);
		lua_setfield(L, -2, "time");
		l_setfield_int(L, "bytes", ev->bytes);
	}
	if (ev->from.s_addr)
		l_setfield_str(L, "from", inet_ntoa(ev->from));
	if (ev->text[0])
		l_setfield_str(L, "text", ev->text);
}

static int l_ping_event(const struct ping_event *ev, void *arg)
{
	struct l_ping_ctx *c = arg;
	lua_State *L = c->L;
	int list = !strcmp(ev->type, "reply") ? c->replies : !strcmp(ev->type, "unreachable") ? c->unreach : 0;
	if (list) {
		push_event(L, ev);
		lua_pushnil(L);
		lua_setfield(L, -2, "type");
		lua_rawseti(L, list, (lua_Integer)lua_rawlen(L, list) + 1);
	}
	if (!c->fn)
		return 0;
	lua_pushvalue(L, c->fn);
	push_event(L, ev);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
		if (nl_interrupted) {           /* Ctrl-C inside the callback: stop, keep the result */
			lua_pop(L, 1);
			return 1;
		}
		c->error_ref = luaL_ref(L, LUA_REGISTRYINDEX);
		return 1;
	}
	/* on_event may return false to stop the ping */
	{
		int stop = lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1);
		lua_pop(L, 1);
		return stop;
	}
}

static const char *check_opts_table(lua_State *L, int arg)
{
	if (!lua_isnoneornil(L, arg))
		luaL_checktype(L, arg, LUA_TTABLE);
	return NULL;
}

static int l_ping(lua_State *L)
{
	const char *ns, *dest, *src;
	struct ping_opts o;
	struct ping_run run;
	struct l_ping_ctx c;
	double count, interval, timeout, deadline, ttl, size;
	int r;

	lua_settop(L, 3);
	ns = l_checkns(L, 1);
	dest = luaL_checkstring(L, 2);
	check_opts_table(L, 3);
	memset(&o, 0, sizeof o);
	memset(&run, 0, sizeof run);
	count = probe_optnum(L, 3, "count", 1);
	interval = probe_optnum(L, 3, "interval", 1.0);
	timeout = probe_optnum(L, 3, "timeout", 10.0);
	deadline = probe_optnum(L, 3, "deadline", 0);
	ttl = probe_optnum(L, 3, "ttl", 0);
	size = probe_optnum(L, 3, "size", 56);
	o.pattern = probe_optpattern(L, 3, &o.pattern_len);
	o.dev = l_optfield_str(L, 3, "dev", NULL);
	src = l_optfield_str(L, 3, "src", NULL);
	c.fn = 0;
	if (!lua_isnil(L, 3) && lua_getfield(L, 3, "on_event") != LUA_TNIL) {
		luaL_argexpected(L, lua_isfunction(L, -1), 3, "on_event to be a function");
		c.fn = lua_gettop(L);
	} else if (!lua_isnil(L, 3)) {
		lua_pop(L, 1);
	}

	if (count < 0 || count != floor(count) || count > 1e9)
		return l_fail(L, -EINVAL, "bad number of packets to transmit: %g (use a whole number, 0 for no limit)", count);
	if (!(interval >= 0.001))
		return l_fail(L, -EINVAL, "bad timing interval: %g (use at least 0.001 seconds)", interval);
	if (!(timeout > 0) || timeout > 2147483)
		return l_fail(L, -EINVAL, "bad linger time: %g (use a number of seconds above 0)", timeout);
	if (deadline < 0 || deadline > 2147483)
		return l_fail(L, -EINVAL, "bad wait time: %g (use a number of seconds, 0 for none)", deadline);
	if (ttl < 0 || ttl > 255 || ttl != floor(ttl))
		return l_fail(L, -EINVAL, "invalid argument: '%g': out of range: 1 <= value <= 255", ttl);
	if (size < 0 || size > 65507 || size != floor(size))
		return l_fail(L, -EINVAL, "invalid argument: '%g': out of range: 0 <= value <= 65507", size);
	if (o.dev && (o.dev[0] == '\0' || strlen(o.dev) >= 16))
		return l_fail(L, -EINVAL, "%s: not an interface name (1-15 bytes)", o.dev);
	if (!ns_exists(ns))
		return l_fail(L, -ENOENT, "%s: no such namespace", ns);
	o.count = (long)count;
	o.interval_ms = interval * 1e3;
	o.timeout_ms = timeout * 1e3;
	o.deadline_ms = deadline * 1e3;
	o.ttl = (int)ttl;
	o.size = (int)size;
	if ((r = probe_l_endpoints(L, ns, dest, src, &o.dst, &o.src, &o.have_src)) != 0)
		return r;
	if (o.dev && (r = probe_ifindex(ns, o.dev)) < 0)
		return l_fail(L, r, "SO_BINDTODEVICE %s: No such device", o.dev);

	lua_newtable(L);                         /* replies */
	c.replies = lua_gettop(L);
	lua_newtable(L);                         /* unreachable */
	c.unreach = lua_gettop(L);
	c.L = L;
	c.error_ref = LUA_NOREF;
	r = ping_do(ns, &o, &run, l_ping_event, &c);
	free(run.tx);
	free(run.state);
	if (c.error_ref != LUA_NOREF) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, c.error_ref);
		luaL_unref(L, LUA_REGISTRYINDEX, c.error_ref);
		return lua_error(L);
	}
	if (r == -EADDRNOTAVAIL)
		return l_fail(L, r, "bind: %s", strerror(-r));
	if (r == -ENODEV)
		return l_fail(L, r, "SO_BINDTODEVICE %s: No such device", o.dev);
	if (r < 0)
		return l_fail(L, r, "ping %s: %s", dest, strerror(-r));
	probe_keep_result(L);

	lua_newtable(L);
	l_setfield_str(L, "dest", inet_ntoa(o.dst));
	if (run.src.s_addr)
		l_setfield_str(L, "src", inet_ntoa(run.src));
	l_setfield_int(L, "size", o.size);
	l_setfield_int(L, "sent", run.sent);
	l_setfield_int(L, "received", run.received);
	l_setfield_int(L, "errors", run.errors);
	if (run.dups)
		l_setfield_int(L, "duplicates", run.dups);
	lua_pushnumber(L, run.sent ? (double)(run.sent - run.received) * 100.0 / (double)run.sent : 0);
	if (lua_tonumber(L, -1) == floor(lua_tonumber(L, -1)))
		lua_pushinteger(L, (lua_Integer)lua_tonumber(L, -1)), lua_remove(L, -2);
	lua_setfield(L, -2, "loss");
	lua_newtable(L);
	for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, c.replies); i++) {
		lua_rawgeti(L, c.replies, i);
		lua_getfield(L, -1, "time");
		lua_rawseti(L, -3, i);
		lua_pop(L, 1);
	}
	lua_setfield(L, -2, "rtts");
	if (run.received) {
		double avg = run.tsum / (double)run.received;
		double var = run.tsum2 / (double)run.received - avg * avg;
		lua_pushnumber(L, run.tmin), lua_setfield(L, -2, "rtt_min");
		lua_pushnumber(L, avg), lua_setfield(L, -2, "rtt_avg");
		lua_pushnumber(L, run.tmax), lua_setfield(L, -2, "rtt_max");
		lua_pushnumber(L, var > 0 ? sqrt(var) : 0), lua_setfield(L, -2, "rtt_mdev");
		l_setfield_int(L, "ttl", run.last_ttl);
	}
	lua_pushvalue(L, c.replies);
	lua_setfield(L, -2, "replies");
	lua_pushvalue(L, c.unreach);
	lua_setfield(L, -2, "unreachable");
	if (run.error[0]) {
		l_setfield_str(L, "error", run.error);
		l_setfield_int(L, "errno", run.error_errno);
	}
	if (run.interrupted)
		l_setfield_bool(L, "interrupted", 1);
	l_setfield_int(L, "time", (lua_Integer)(run.elapsed + 0.5));
	return 1;
}

const luaL_Reg l_ping_funcs[] = {
	{"ping", l_ping},
	{NULL, NULL}
};
