/*
 * l_decode.c -- a decoded packet (decode.c) as the Lua table every probe and
 * pcap reader hands on, and net.decode/net.decode_state for bytes from
 * anywhere (a test, a pcap file, a fuzzer's corpus).
 */
#include <string.h>
#include <arpa/inet.h>
#include "luax.h"
#include "netlearn.h"
#include "decode.h"
#include "pcapfile.h"

#define TEXT_MAX 1024

static void set_ip4(lua_State *L, const char *k, const uint8_t *a)
{
	char b[16];
	snprintf(b, sizeof b, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	l_setfield_str(L, k, b);
}

static void set_ip6(lua_State *L, const char *k, const uint8_t *a)
{
	char b[INET6_ADDRSTRLEN];
	if (inet_ntop(AF_INET6, a, b, sizeof b))
		l_setfield_str(L, k, b);
}

static void set_mac(lua_State *L, const char *k, const uint8_t *a)
{
	char b[18];
	snprintf(b, sizeof b, "%02x:%02x:%02x:%02x:%02x:%02x", a[0], a[1], a[2], a[3], a[4], a[5]);
	l_setfield_str(L, k, b);
}

static void tcp_flag_string(int flags, char *out)
{
	static const char bits[] = "FSRP.UEW";
	int i, k = 0;
	for (i = 0; i < 8; i++)
		if (flags & (1 << i))
			out[k++] = bits[i];
	out[k] = '\0';
}

/* Push the Lua table of a decoded packet. */
void capture_push_pkt(lua_State *L, const struct pkt *pk, const char *text, const char *text_e,
		     const uint8_t *data, size_t n, const char *ltname)
{
	lua_createtable(L, 0, 16);
	l_setfield_int(L, "len", pk->len);
	l_setfield_int(L, "caplen", pk->caplen);
	l_setfield_str(L, "linktype", ltname);
	l_setfield_str(L, "text", text);
	l_setfield_str(L, "text_e", text_e);
	l_setfield_bool(L, "malformed", pk->malformed);
	lua_pushlstring(L, (const char *)data, n);
	lua_setfield(L, -2, "data");
	if (pk->has & PKT_ETH) {
		lua_createtable(L, 0, 3);
		set_mac(L, "src", pk->eth_src);
		set_mac(L, "dst", pk->eth_dst);
		l_setfield_int(L, "type", pk->eth_type);
		lua_setfield(L, -2, "eth");
	}
	if (pk->has & PKT_ARP) {
		lua_createtable(L, 0, 5);
		l_setfield_str(L, "op", pk->arp_op == 1 ? "request" : pk->arp_op == 2 ? "reply" : "other");
		set_mac(L, "sha", pk->arp_sha);
		set_ip4(L, "spa", pk->arp_spa);
		set_mac(L, "tha", pk->arp_tha);
		set_ip4(L, "tpa", pk->arp_tpa);
		lua_setfield(L, -2, "arp");
	}
	if (pk->has & PKT_IP) {
		lua_createtable(L, 0, 7);
		set_ip4(L, "src", pk->ip_src);
		set_ip4(L, "dst", pk->ip_dst);
		l_setfield_int(L, "proto", pk->ip_proto);
		l_setfield_int(L, "ttl", pk->ip_ttl);
		l_setfield_int(L, "id", pk->ip_id);
		l_setfield_int(L, "len", pk->ip_len);
		l_setfield_int(L, "frag", pk->ip_frag);
		lua_setfield(L, -2, "ip");
	}
	if (pk->has & PKT_IP6) {
		lua_createtable(L, 0, 5);
		set_ip6(L, "src", pk->ip6_src);
		set_ip6(L, "dst", pk->ip6_dst);
		l_setfield_int(L, "proto", pk->ip6_nxt);
		l_setfield_int(L, "hlim", pk->ip6_hlim);
		l_setfield_int(L, "plen", pk->ip6_plen);
		lua_setfield(L, -2, "ip6");
	}
	if (pk->has & PKT_INNER) {
		lua_createtable(L, 0, 5);
		set_ip4(L, "src", pk->in_src);
		set_ip4(L, "dst", pk->in_dst);
		l_setfield_int(L, "proto", pk->in_proto);
		l_setfield_int(L, "ttl", pk->in_ttl);
		l_setfield_int(L, "len", pk->in_len);
		lua_setfield(L, -2, "inner");
	}
	if (pk->has & (PKT_ICMP | PKT_ICMP6)) {
		lua_createtable(L, 0, 4);
		l_setfield_int(L, "type", pk->icmp_type);
		l_setfield_int(L, "code", pk->icmp_code);
		if (pk->icmp_type == 0 || pk->icmp_type == 8 || pk->icmp_type == 128 || pk->icmp_type == 129) {
			l_setfield_int(L, "id", pk->icmp_id);
			l_setfield_int(L, "seq", pk->icmp_seq);
		}
		lua_setfield(L, -2, (pk->has & PKT_ICMP) ? "icmp" : "icmp6");
	}
	if (pk->has & PKT_TCP) {
		char f[10];
		tcp_flag_string(pk->tcp_flags, f);
		lua_createtable(L, 0, 6);
		l_setfield_int(L, "sport", pk->sport);
		l_setfield_int(L, "dport", pk->dport);
		l_setfield_str(L, "flags", f);
		l_setfield_int(L, "seq", pk->tcp_seq);
		l_setfield_int(L, "ack", pk->tcp_ack);
		l_setfield_int(L, "win", pk->tcp_win);
		lua_setfield(L, -2, "tcp");
	}
	if (pk->has & PKT_UDP) {
		lua_createtable(L, 0, 3);
		l_setfield_int(L, "sport", pk->sport);
		l_setfield_int(L, "dport", pk->dport);
		l_setfield_int(L, "len", pk->udp_len);
		lua_setfield(L, -2, "udp");
	}
	if (pk->has & PKT_L4_INNER)
		l_setfield_bool(L, "l4_inner", 1);
	if (pk->has & PKT_TUNNEL) {
		static const char *const kinds[] = { "?", "vxlan", "otv", "geneve", "gre" };
		lua_createtable(L, 0, 2);
		l_setfield_str(L, "kind", pk->tunnel >= 1 && pk->tunnel <= 4 ? kinds[pk->tunnel] : "?");
		if (pk->tunnel_id >= 0)
			l_setfield_int(L, pk->tunnel == TUN_GRE ? "key" : "vni", pk->tunnel_id);
		lua_setfield(L, -2, "tunnel");
	}
}

static int linktype_arg(lua_State *L, int arg, const char **name)
{
	static const char *const names[] = { "ether", "loopback", "raw", "sll", NULL };
	static const int lts[] = { LT_ETHER, LT_ETHER, LT_RAW, LT_LINUX_SLL };
	int i;
	if (lua_type(L, arg) == LUA_TNUMBER) {
		int lt = (int)luaL_checkinteger(L, arg);
		luaL_argcheck(L, lt == LT_ETHER || lt == LT_RAW || lt == LT_LINUX_SLL, arg,
			      "link type must be 1 (ether), 101 (raw) or 113 (sll)");
		*name = lt == LT_RAW ? "raw" : lt == LT_LINUX_SLL ? "sll" : "ether";
		return lt;
	}
	i = luaL_checkoption(L, arg, "ether", names);
	*name = names[i];
	return lts[i];
}

#define DSTATE_MT "netlearn.decode_state"

/* net.decode_state() -> state : remembers TCP connections so that a series of
 * net.decode calls prints relative sequence numbers, as tcpdump does. */
static int l_decode_state(lua_State *L)
{
	struct decode_state *st = lua_newuserdatauv(L, sizeof *st, 0);
	memset(st, 0, sizeof *st);
	if (luaL_newmetatable(L, DSTATE_MT)) {
		lua_pushliteral(L, "decode state");
		lua_setfield(L, -2, "__name");
	}
	lua_setmetatable(L, -2);
	return 1;
}

/* net.decode(bytes[, linktype="ether"[, wirelen[, state]]]) -> pkt */
static int l_decode(lua_State *L)
{
	size_t n;
	const uint8_t *p = (const uint8_t *)luaL_checklstring(L, 1, &n);
	const char *ltname;
	int lt = linktype_arg(L, 2, &ltname);
	lua_Integer wl = luaL_optinteger(L, 3, (lua_Integer)n);
	struct decode_state *st = lua_isnoneornil(L, 4) ? NULL : luaL_checkudata(L, 4, DSTATE_MT);
	struct pkt pk;
	char text[TEXT_MAX], text_e[TEXT_MAX];
	luaL_argcheck(L, wl >= 0 && wl <= 0x7fffffff, 3, "wire length out of range");
	decode_packet(p, n, (size_t)wl, lt, st, &pk, text, sizeof text, text_e, sizeof text_e);
	capture_push_pkt(L, &pk, text, text_e, p, n, ltname);
	return 1;
}

const luaL_Reg l_decode_funcs[] = {
	{"decode", l_decode},
	{"decode_state", l_decode_state},
	{NULL, NULL}
};
