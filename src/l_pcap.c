/*
 * l_pcap.c -- the Lua binding of pcapfile.c: net.pcap_write, net.pcap_read
 * (libpcap's reader, each packet decoded by decode.c, a filter applied in user
 * space), net.filter_check and net.filter_match (the filter language checked
 * and matched through libpcap), with the words for each failure.
 */
#include <errno.h>
#include <fcntl.h>
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
static int l_pcap_write(lua_State *L)
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
		return l_fail_plain(L, r, "%s", err);
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
		return l_fail_plain(L, r, "%s: %s", path, strerror(-r));
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
static int l_pcap_read(lua_State *L)
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
		return l_fail_plain(L, -EPERM, "tcpdump: %s: a lesson reads no file", path);
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
		return l_fail_plain(L, errno == ENOENT || errno == EACCES || errno == EISDIR ? -errno : -EINVAL,
			      "tcpdump: %s", ebuf);
	dlt = pcap_datalink(pd);
	lt = dlt_to_lt(dlt);
	if (lt < 0) {
		const char *nm = pcap_datalink_val_to_name(dlt), *ds = pcap_datalink_val_to_description(dlt);
		pcap_close(pd);
		return l_fail_plain(L, -EPROTONOSUPPORT, "tcpdump: %s: link-type %s (%s): netlearn reads Ethernet, "
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
static int l_filter_check(lua_State *L)
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
static int l_filter_match(lua_State *L)
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

const luaL_Reg l_pcap_funcs[] = {
	{"filter_check", l_filter_check},
	{"filter_match", l_filter_match},
	{"pcap_write", l_pcap_write},
	{"pcap_read", l_pcap_read},
	{NULL, NULL}
};
