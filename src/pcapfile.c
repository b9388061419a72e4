/*
 * pcapfile.c -- libpcap for what tcpdump shares with netlearn: the filter
 * language (pcap_compile on a pcap_open_dead handle: a BPF program for the
 * kernel, see capture.c, or pcap_offline_filter for frames in user space) and
 * pcap files (written with libpcap's dumper, read with pcap_open_offline).
 * The packet printer stays netlearn's own (decode.c).
 *
 *   net.filter_check("tcp[13] & 2 != 0")                 --> true
 *   net.filter_match("icmp[icmptype] == icmp-echo", frame, "ether") --> true
 *   net.pcap_write("/tmp/x.pcap", cap_packets)           --> 6
 *   local pkts, info = net.pcap_read("/tmp/x.pcap", "icmp")
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include "luax.h"
#include "pcapfile.h"

#define TEXT_MAX 1024

/* nil, "msg", errno: l_fail without a netlink extended ACK (none was asked for) */
static int pfail(lua_State *L, int neg_errno, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int pfail(lua_State *L, int neg_errno, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	lua_pushnil(L);
	lua_pushstring(L, buf);
	lua_pushinteger(L, neg_errno < 0 ? -neg_errno : neg_errno);
	return 3;
}

int lt_to_dlt(int lt)
{
	switch (lt) {
	case LT_ETHER: return DLT_EN10MB;
	case LT_RAW: return DLT_RAW;
	case LT_LINUX_SLL: return DLT_LINUX_SLL;
	case LT_LINUX_SLL2: return DLT_LINUX_SLL2;
	default: return -1;
	}
}

int dlt_to_lt(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB: return LT_ETHER;
	case DLT_RAW:
	case DLT_IPV4:
	case LT_RAW: return LT_RAW;
	case DLT_LINUX_SLL: return LT_LINUX_SLL;
	case DLT_LINUX_SLL2: return LT_LINUX_SLL2;
	default: return -1;
	}
}

const char *lt_name_of(int lt)
{
	return lt == LT_RAW ? "raw" : lt == LT_LINUX_SLL ? "sll" : lt == LT_LINUX_SLL2 ? "sll2" : "ether";
}

/* ---- writing -------------------------------------------------------------- */

int pfile_open(struct pfile *o, const char *path, int lt, char *err, size_t errlen)
{
	FILE *f;
	int e;
	memset(o, 0, sizeof *o);
	if (nl_lesson_context) {        /* a lesson writes no file (src/proc.c) */
		snprintf(err, errlen, "%s: a lesson writes no file", path);
		return -EPERM;
	}
	o->lt = lt;
	o->pd = pcap_open_dead(lt_to_dlt(lt), PCAP_SNAPLEN_MAX);
	if (!o->pd) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	/* not pcap_dump_open: "-" is a file name here, not stdout; and the
	 * learner's file is written with the learner's rights (broker.c) */
	e = broker_open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	f = e >= 0 ? fdopen(e, "wb") : NULL;
	if (!f) {
		if (e >= 0) {
			int fd = e;
			e = errno;
			close(fd);
		} else {
			e = -e;
		}
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		pcap_close(o->pd);
		o->pd = NULL;
		return -e;
	}
	o->dump = pcap_dump_fopen(o->pd, f);
	if (!o->dump) {
		snprintf(err, errlen, "%s: %s", path, pcap_geterr(o->pd));
		fclose(f);
		pcap_close(o->pd);
		o->pd = NULL;
		return -EIO;
	}
	return 0;
}

/* Linux cooked v2 (as tcpdump 4.99 writes -i any): protocol, 2 reserved bytes,
 * ifindex, hatype, pkttype, address length, address[8]; then the network
 * layer. buf holds 20 bytes; returns how many leading bytes of data it replaces. */
static size_t sll2_header(uint8_t *buf, const uint8_t *data, size_t caplen, int frame_lt,
			  int pkttype, int hatype, int ifindex)
{
	uint16_t proto = 0;
	size_t off = 0;
	memset(buf, 0, 20);
	buf[4] = (uint8_t)((unsigned)ifindex >> 24);
	buf[5] = (uint8_t)((unsigned)ifindex >> 16);
	buf[6] = (uint8_t)((unsigned)ifindex >> 8);
	buf[7] = (uint8_t)ifindex;
	buf[8] = (uint8_t)(hatype >> 8);
	buf[9] = (uint8_t)hatype;
	buf[10] = (uint8_t)pkttype;
	if (frame_lt == LT_LINUX_SLL && caplen >= 16) {
		memcpy(buf + 8, data + 2, 2);         /* device type */
		buf[10] = data[1];                    /* packet type */
		buf[11] = data[5] <= 8 ? data[5] : 8;
		memcpy(buf + 12, data + 6, 8);
		proto = (uint16_t)(data[14] << 8 | data[15]);
		off = 16;
	} else if (frame_lt == LT_ETHER && caplen >= 14) {
		buf[11] = 6;
		memcpy(buf + 12, data + 6, 6);
		proto = (uint16_t)(data[12] << 8 | data[13]);
		off = 14;
	} else if (caplen >= 1) {
		proto = (data[0] & 0xf0) == 0x60 ? ETH_P_IPV6 : ETH_P_IP;
	}
	buf[0] = (uint8_t)(proto >> 8);
	buf[1] = (uint8_t)proto;
	return off;
}

void pfile_put(struct pfile *o, long sec, long usec, const uint8_t *data, size_t caplen,
	       size_t wirelen, int frame_lt, int pkttype, int hatype, int ifindex)
{
	struct pcap_pkthdr h;
	uint8_t *buf = NULL;
	const uint8_t *out = data;

	if (!o->dump)
		return;
	memset(&h, 0, sizeof h);
	h.ts.tv_sec = sec;
	h.ts.tv_usec = usec;
	h.caplen = (bpf_u_int32)caplen;
	h.len = (bpf_u_int32)(wirelen < caplen ? caplen : wirelen);
	if (o->lt == LT_LINUX_SLL && frame_lt != LT_LINUX_SLL) {
		/* Linux cooked header: pkttype, hatype, halen, address[8], protocol */
		size_t off = 0;
		uint16_t proto = 0;
		buf = malloc(caplen + 16);
		if (!buf)
			return;
		memset(buf, 0, 16);
		buf[0] = (uint8_t)(pkttype >> 8);
		buf[1] = (uint8_t)pkttype;
		buf[2] = (uint8_t)(hatype >> 8);
		buf[3] = (uint8_t)hatype;
		if (frame_lt == LT_LINUX_SLL2 && caplen >= 20) {
			buf[0] = 0;
			buf[1] = data[10];                    /* packet type */
			memcpy(buf + 2, data + 8, 2);         /* device type */
			buf[5] = data[11] <= 8 ? data[11] : 8;
			memcpy(buf + 6, data + 12, 8);
			proto = (uint16_t)(data[0] << 8 | data[1]);
			off = 20;
		} else if (frame_lt == LT_ETHER && caplen >= 14) {
			buf[5] = 6;
			memcpy(buf + 6, data + 6, 6);
			proto = (uint16_t)(data[12] << 8 | data[13]);
			off = 14;
		} else if (caplen >= 1) {
			proto = (data[0] & 0xf0) == 0x60 ? ETH_P_IPV6 : ETH_P_IP;
		}
		buf[14] = (uint8_t)(proto >> 8);
		buf[15] = (uint8_t)proto;
		memcpy(buf + 16, data + off, caplen - off);
		h.caplen = (bpf_u_int32)(caplen - off + 16);
		h.len = h.len - (bpf_u_int32)off + 16;
		out = buf;
	} else if (o->lt == LT_LINUX_SLL2 && frame_lt != LT_LINUX_SLL2) {
		size_t off;
		buf = malloc(caplen + 20);
		if (!buf)
			return;
		off = sll2_header(buf, data, caplen, frame_lt, pkttype, hatype, ifindex);
		memcpy(buf + 20, data + off, caplen - off);
		h.caplen = (bpf_u_int32)(caplen - off + 20);
		h.len = h.len - (bpf_u_int32)off + 20;
		out = buf;
	}
	pcap_dump((u_char *)o->dump, &h, out);
	free(buf);
}

int pfile_close(struct pfile *o)
{
	int r = 0;
	if (o->dump) {
		if (pcap_dump_flush(o->dump) < 0)
			r = -EIO;
		pcap_dump_close(o->dump);
	}
	if (o->pd)
		pcap_close(o->pd);
	o->dump = NULL;
	o->pd = NULL;
	return r;
}

static int lt_of_name(const char *name)
{
	if (name && !strcmp(name, "raw"))
		return LT_RAW;
	if (name && !strcmp(name, "sll"))
		return LT_LINUX_SLL;
	if (name && !strcmp(name, "sll2"))
		return LT_LINUX_SLL2;
	return LT_ETHER;
}

/* net.pcap_write(path, pkts[, {linktype="ether"|"raw"|"sll"|"sll2"}]) -> count
 * A classic pcap file (microseconds) that tcpdump -r and Wireshark read. Packets
 * of mixed link types (a capture on "any") are written in Linux cooked v2 form,
 * each with its packet's ifindex= (0 if none). */
int l_pcap_write(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	const char *want;
	lua_Integer i, n;
	int lt = -1, mixed = 0, r;
	struct pfile o;
	char err[300];

	if (nl_lesson_context)          /* as net.run: a lesson's call is an error (src/proc.c) */
		return luaL_error(L, "net.pcap_write: a lesson writes no file");
	luaL_checktype(L, 2, LUA_TTABLE);
	if (!lua_isnoneornil(L, 3))
		luaL_checktype(L, 3, LUA_TTABLE);
	want = l_optfield_str(L, 3, "linktype", NULL);
	n = (lua_Integer)lua_rawlen(L, 2);
	for (i = 1; i <= n; i++) {       /* check everything before the file exists */
		int plt;
		lua_rawgeti(L, 2, i);
		if (!lua_istable(L, -1))
			return luaL_error(L, "pcap_write: packet %d is not a table", (int)i);
		lua_getfield(L, -1, "data");
		if (lua_type(L, -1) != LUA_TSTRING)
			return luaL_error(L, "pcap_write: packet %d has no data", (int)i);
		lua_getfield(L, -2, "linktype");
		plt = lt_of_name(lua_tostring(L, -1));
		lua_pop(L, 3);
		if (lt < 0)
			lt = plt;
		else if (lt != plt)
			mixed = 1;
	}
	if (lt < 0)
		lt = LT_ETHER;
	if (want && !strcmp(want, "sll"))
		lt = LT_LINUX_SLL;
	else if (mixed || (want && !strcmp(want, "sll2")))
		lt = LT_LINUX_SLL2;            /* as tcpdump 4.99 writes -i any */
	r = pfile_open(&o, path, lt, err, sizeof err);
	if (r)
		return pfail(L, r, "%s", err);
	for (i = 1; i <= n; i++) {
		size_t dl;
		const char *data;
		double t;
		lua_Integer wl, sec, usec;
		int plt;
		lua_rawgeti(L, 2, i);
		lua_getfield(L, -1, "data");
		data = lua_tolstring(L, -1, &dl);
		lua_getfield(L, -2, "linktype");
		plt = lt_of_name(lua_tostring(L, -1));
		lua_pop(L, 1);
		lua_getfield(L, -2, "time");
		t = lua_tonumber(L, -1);
		lua_pop(L, 1);
		wl = l_optfield_int(L, -2, "len", (lua_Integer)dl);
		sec = (lua_Integer)t;
		usec = (lua_Integer)((t - (double)sec) * 1e6 + 0.5);
		if (usec >= 1000000) {
			sec++;
			usec -= 1000000;
		}
		if (wl < (lua_Integer)dl)
			wl = (lua_Integer)dl;
		pfile_put(&o, (long)sec, (long)usec, (const uint8_t *)data, dl, (size_t)wl, plt,
			  (int)l_optfield_int(L, -2, "pkttype", PACKET_HOST),
			  (int)l_optfield_int(L, -2, "hatype", plt == LT_RAW ? ARPHRD_NONE : ARPHRD_ETHER),
			  (int)l_optfield_int(L, -2, "ifindex", 0));
		lua_pop(L, 2);
	}
	r = pfile_close(&o);
	if (r)
		return pfail(L, r, "%s: %s", path, strerror(-r));
	lua_pushinteger(L, n);
	return 1;
}

/* ---- reading -------------------------------------------------------------- */

/* Linux cooked v2: tcpdump puts "IFNAME DIR " first, the name as the reading
 * machine knows the index (it warns that it might be wrong). */
static void sll2_prefix(const uint8_t *data, size_t caplen, char *text, char *text_e)
{
	static const char *const dirs[] = { "In", "B", "M", "P", "Out" };
	char name[IF_NAMESIZE], pre[48];
	char *t[2] = { text, text_e };
	unsigned idx, pt;
	size_t k, len, i;
	if (caplen < 20)
		return;
	idx = (unsigned)data[4] << 24 | (unsigned)data[5] << 16 | (unsigned)data[6] << 8 | data[7];
	pt = data[10];
	if (!if_indextoname(idx, name))
		snprintf(name, sizeof name, "?");
	k = (size_t)snprintf(pre, sizeof pre, "%-5s %-3s ", name, pt < 5 ? dirs[pt] : "?");
	for (i = 0; i < 2; i++) {             /* shift the text right, cut at the end */
		len = strlen(t[i]);
		if (len + k >= TEXT_MAX)
			len = TEXT_MAX - 1 - k;
		memmove(t[i] + k, t[i], len);
		t[i][k + len] = '\0';
		memcpy(t[i], pre, k);
	}
}

/* net.pcap_read(path[, filter[, {count=N}]]) -> pkts, info | nil, msg, errno
 * Every packet of a pcap (or pcapng) file that FILTER selects, decoded as
 * net.decode does (TCP sequence numbers relative, as tcpdump -r prints them).
 * info = {linktype=, link_desc="EN10MB (Ethernet)", snaplen=} */
int l_pcap_read(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	const char *expr = luaL_optstring(L, 2, "");
	lua_Integer count, got = 0;
	char ebuf[PCAP_ERRBUF_SIZE], text[TEXT_MAX], text_e[TEXT_MAX];
	struct bpf_program prog;
	struct decode_state *st;
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *pd;
	int dlt, lt, r, have_prog = 0;

	if (!lua_isnoneornil(L, 3))
		luaL_checktype(L, 3, LUA_TTABLE);
	count = l_optfield_int(L, 3, "count", -1);
	st = lua_newuserdatauv(L, sizeof *st, 0);      /* freed by Lua, even on an error */
	memset(st, 0, sizeof *st);
	if (nl_lesson_context)          /* nor reads the learner's files */
		return pfail(L, -EPERM, "tcpdump: %s: a lesson reads no file", path);
	errno = 0;
	{       /* the learner's file, read with the learner's rights (broker.c) */
		int fd = broker_open(path, O_RDONLY | O_CLOEXEC, 0);
		FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
		if (fd < 0)
			errno = -fd;
		else if (!f)
			close(fd);
		snprintf(ebuf, sizeof ebuf, "%s: %s", path, strerror(errno));
		pd = f ? pcap_fopen_offline(f, ebuf) : NULL;
		if (f && !pd)
			fclose(f);
	}
	if (!pd)
		return pfail(L, errno == ENOENT || errno == EACCES || errno == EISDIR ? -errno : -EINVAL,
			      "tcpdump: %s", ebuf);
	dlt = pcap_datalink(pd);
	lt = dlt_to_lt(dlt);
	if (lt < 0) {
		const char *nm = pcap_datalink_val_to_name(dlt), *ds = pcap_datalink_val_to_description(dlt);
		pcap_close(pd);
		return pfail(L, -EPROTONOSUPPORT, "tcpdump: %s: link-type %s (%s): netlearn reads Ethernet, "
			      "raw IP and Linux cooked captures only", path, nm ? nm : "?", ds ? ds : "?");
	}
	if (expr[0] && pcap_compile(pd, &prog, expr, 1, 0) < 0) {
		lua_pushnil(L);
		lua_pushfstring(L, "tcpdump: %s", pcap_geterr(pd));
		lua_pushinteger(L, EINVAL);
		pcap_close(pd);
		return 3;
	}
	have_prog = expr[0] != 0;
	lua_newtable(L);
	while (count < 0 || got < count) {
		struct pkt pk;
		r = pcap_next_ex(pd, &h, &data);
		if (r != 1)
			break;
		if (have_prog && !pcap_offline_filter(&prog, h, data))
			continue;
		decode_packet(data, h->caplen, h->len, lt, st, &pk, text, sizeof text, text_e, sizeof text_e);
		if (lt == LT_LINUX_SLL2)
			sll2_prefix(data, h->caplen, text, text_e);
		capture_push_pkt(L, &pk, text, text_e, data, h->caplen, lt_name_of(lt));
		if (lt == LT_LINUX_SLL2 && h->caplen >= 20) {
			l_setfield_int(L, "ifindex", (lua_Integer)((uint32_t)data[4] << 24 | (uint32_t)data[5] << 16 |
								   (uint32_t)data[6] << 8 | data[7]));
			l_setfield_int(L, "pkttype", data[10]);
			l_setfield_int(L, "hatype", data[8] << 8 | data[9]);
		}
		lua_pushnumber(L, (double)h->ts.tv_sec + (double)h->ts.tv_usec / 1e6);
		lua_setfield(L, -2, "time");
		l_setfield_int(L, "time_sec", h->ts.tv_sec);
		l_setfield_int(L, "time_nsec", (lua_Integer)h->ts.tv_usec * 1000);
		lua_rawseti(L, -2, ++got);
	}
	if (r == PCAP_ERROR && (count < 0 || got < count)) {
		/* a file cut short: tcpdump prints what it read, then the error */
		lua_pushstring(L, pcap_geterr(pd));
		lua_setfield(L, -2, "error");
	}
	lua_createtable(L, 0, 3);
	l_setfield_str(L, "linktype", lt_name_of(lt));
	{
		const char *nm = pcap_datalink_val_to_name(dlt), *ds = pcap_datalink_val_to_description(dlt);
		lua_pushfstring(L, "%s (%s)", nm ? nm : "?", ds ? ds : "?");
		lua_setfield(L, -2, "link_desc");
	}
	l_setfield_int(L, "snaplen", pcap_snapshot(pd));
	if (have_prog)
		pcap_freecode(&prog);
	pcap_close(pd);
	return 2;
}

/* ---- filters -------------------------------------------------------------- */

/* net.filter_check(expr[, linktype="ether"]) -> true | nil, msg, EINVAL */
int l_filter_check(lua_State *L)
{
	const char *expr = luaL_checkstring(L, 1);
	static const char *const names[] = { "ether", "raw", "sll", NULL };
	static const int lts[] = { LT_ETHER, LT_RAW, LT_LINUX_SLL };
	int lt = lts[luaL_checkoption(L, 2, "ether", names)];
	struct bpf_program prog;
	char err[PCAP_ERRBUF_SIZE + 16];
	if (filter_bpf_compile(lt_to_dlt(lt), expr, 0, &prog, err, sizeof err) < 0) {
		lua_pushnil(L);
		lua_pushstring(L, err);
		lua_pushinteger(L, EINVAL);
		return 3;
	}
	pcap_freecode(&prog);
	lua_pushboolean(L, 1);
	return 1;
}

/* net.filter_match(expr, pkt_or_bytes[, linktype]) -> bool : libpcap's verdict
 * on one frame, as tcpdump -r would give it. */
int l_filter_match(lua_State *L)
{
	static const char *const names[] = { "ether", "loopback", "raw", "sll", NULL };
	static const int lts[] = { LT_ETHER, LT_ETHER, LT_RAW, LT_LINUX_SLL };
	const char *expr = luaL_checkstring(L, 1);
	lua_Integer wl = -1;
	struct bpf_program prog;
	struct pcap_pkthdr h;
	char err[PCAP_ERRBUF_SIZE + 16];
	const uint8_t *p;
	size_t n;
	int lt, r;

	if (lua_istable(L, 2)) {
		lua_settop(L, 2);
		wl = l_optfield_int(L, 2, "len", -1);
		lua_getfield(L, 2, "data");
		lua_getfield(L, 2, "linktype");
		lua_remove(L, 2);           /* expr, data, linktype */
	}
	p = (const uint8_t *)luaL_checklstring(L, 2, &n);
	if (lua_type(L, 3) == LUA_TNUMBER) {
		lt = (int)luaL_checkinteger(L, 3);
		luaL_argcheck(L, lt == LT_ETHER || lt == LT_RAW || lt == LT_LINUX_SLL, 3,
			      "link type must be 1 (ether), 101 (raw) or 113 (sll)");
	} else
		lt = lts[luaL_checkoption(L, 3, "ether", names)];
	if (filter_bpf_compile(lt_to_dlt(lt), expr, 0, &prog, err, sizeof err) < 0) {
		lua_pushnil(L);
		lua_pushstring(L, err);
		lua_pushinteger(L, EINVAL);
		return 3;
	}
	memset(&h, 0, sizeof h);
	h.caplen = (bpf_u_int32)n;
	h.len = (bpf_u_int32)(wl >= (lua_Integer)n && wl <= 0x7fffffff ? (size_t)wl : n);
	r = pcap_offline_filter(&prog, &h, p);
	pcap_freecode(&prog);
	lua_pushboolean(L, r != 0);
	return 1;
}
