/*
 * l_link_push.c -- one link as the Lua table net.link_list / net.link_get
 * return: every field `ip -d link` and `ip -s link` print, with the names of
 * its master, parent and veth peer.
 */
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include "luax.h"
#include "link.h"
#include "kind.h"
#include "nsid.h"
#include "addrparse.h"
#include "tunnel.h"

/* kind.h's kind_out: a kind's values as fields of the table on top of the
 * stack (ctx is the lua_State) */
static void put_int(void *L, const char *k, long long v) { l_setfield_int(L, k, v); }
static void put_str(void *L, const char *k, const char *v) { l_setfield_str(L, k, v); }
static void put_bool(void *L, const char *k, int v) { l_setfield_bool(L, k, v); }
static void put_strlist(void *L, const char *k, const char *const *v, size_t n) { l_setfield_strlist(L, k, v, n); }
static void put_ipv4(void *L, const char *k, uint32_t a)
{
	char buf[INET_ADDRSTRLEN];
	if (a)
		l_setfield_str(L, k, fmt_ipv4(a, buf, sizeof buf));
}

static const char *linktype_name(unsigned t)
{
	switch (t) {
	case ARPHRD_ETHER: return "ether";
	case ARPHRD_LOOPBACK: return "loopback";
	case ARPHRD_TUNNEL: return "ipip";
	case ARPHRD_TUNNEL6: return "tunnel6";
	case ARPHRD_SIT: return "sit";
	case ARPHRD_IPGRE: return "gre";
	case ARPHRD_NONE: return "none";
	case ARPHRD_VOID: return "void";
	default: return "unknown";
	}
}

/* iproute2's print_link_flags() order */
static void push_flags(lua_State *L, const struct link_info *li, int mdown)
{
	static const struct { unsigned bit; const char *name; } fl[] = {
		{IFF_LOOPBACK, "LOOPBACK"}, {IFF_BROADCAST, "BROADCAST"},
		{IFF_POINTOPOINT, "POINTOPOINT"}, {IFF_MULTICAST, "MULTICAST"},
		{IFF_NOARP, "NOARP"}, {IFF_ALLMULTI, "ALLMULTI"}, {IFF_PROMISC, "PROMISC"},
		{IFF_MASTER, "MASTER"}, {IFF_SLAVE, "SLAVE"}, {IFF_DEBUG, "DEBUG"},
		{IFF_DYNAMIC, "DYNAMIC"}, {IFF_AUTOMEDIA, "AUTOMEDIA"}, {IFF_PORTSEL, "PORTSEL"},
		{IFF_NOTRAILERS, "NOTRAILERS"}, {IFF_UP, "UP"}, {IFF_LOWER_UP, "LOWER_UP"},
		{IFF_DORMANT, "DORMANT"}, {IFF_ECHO, "ECHO"},
	};
	unsigned f = li->flags;
	size_t i;
	int n = 0;
	lua_newtable(L);
	if ((f & IFF_UP) && !(f & IFF_RUNNING)) {
		lua_pushstring(L, "NO-CARRIER");
		lua_rawseti(L, -2, ++n);
	}
	f &= ~IFF_RUNNING;
	for (i = 0; i < sizeof fl / sizeof fl[0]; i++) {
		if (f & fl[i].bit) {
			lua_pushstring(L, fl[i].name);
			lua_rawseti(L, -2, ++n);
			f &= ~fl[i].bit;
		}
	}
	if (f) {
		lua_pushfstring(L, "%x", f);
		lua_rawseti(L, -2, ++n);
	}
	if (mdown) {
		lua_pushstring(L, "M-DOWN");
		lua_rawseti(L, -2, ++n);
	}
	lua_setfield(L, -2, "flags");
}

static void set_hw(lua_State *L, const char *k, const uint8_t *a, int n, unsigned arptype)
{
	char buf[100];
	if (n <= 0)
		return;
	if (n == 4 && (arptype == ARPHRD_TUNNEL || arptype == ARPHRD_SIT || arptype == ARPHRD_IPGRE)) {
		uint32_t v;
		memcpy(&v, a, 4);
		l_setfield_str(L, k, fmt_ipv4(v, buf, sizeof buf));
	} else {
		l_setfield_str(L, k, fmt_hwaddr(a, (size_t)n, buf, sizeof buf));
	}
}

/* Push one link; V/N are links of its namespace (at least its master and the
 * device it sits on, to name them); MAP names the peer namespace of a veth
 * (NULL: do not look). */
void l_push_link(lua_State *L, const struct link_info *li,
		 const struct link_info *v, int n, struct nsid_map *map)
{
	const struct link_info *o;
	const struct link_kind *kind;
	const char *type = li->kind[0] ? li->kind : NULL;
	int mdown = 0;

	lua_createtable(L, 0, 24);
	l_setfield_int(L, "ifindex", li->ifindex);
	l_setfield_str(L, "name", li->name);
	char ulocal[INET_ADDRSTRLEN], uremote[INET_ADDRSTRLEN];
	int uttl = 0, userspace = tunnel_is_userspace(li->alias, ulocal, uremote, &uttl);

	if (!type && li->arptype == ARPHRD_LOOPBACK)
		type = "loopback";
	if (userspace)
		type = "ipip";      /* a TUN standing in for the kernel's ipip: say what it does */
	l_setfield_str(L, "type", type);
	if (userspace) {
		l_setfield_bool(L, "userspace", 1);
		l_setfield_str(L, "local", ulocal);
		l_setfield_str(L, "remote", uremote);
		l_setfield_int(L, "ttl", uttl);
	}
	if (li->alias[0])
		l_setfield_str(L, "alias", li->alias);
	if (li->has_link && li->link && !li->has_netnsid) {
		o = link_by_index(v, n, li->link);
		mdown = !o || !(o->flags & IFF_UP);
	}
	push_flags(L, li, mdown);
	l_setfield_bool(L, "up", (li->flags & IFF_UP) != 0);
	l_setfield_bool(L, "lower_up", (li->flags & IFF_LOWER_UP) != 0);
	l_setfield_str(L, "operstate", link_operstate_name(li->operstate));
	l_setfield_int(L, "mtu", li->mtu);
	if (li->has_mtu_range) {
		l_setfield_int(L, "min_mtu", li->min_mtu);
		l_setfield_int(L, "max_mtu", li->max_mtu);
	}
	l_setfield_str(L, "qdisc", li->qdisc[0] ? li->qdisc : NULL);
	l_setfield_int(L, "txqlen", li->txqlen);
	if (li->group == 0) {
		l_setfield_str(L, "group", "default");
	} else {
		lua_pushfstring(L, "%d", (int)li->group);
		lua_setfield(L, -2, "group");
	}
	l_setfield_str(L, "linktype", linktype_name(li->arptype));
	set_hw(L, "address", li->addr, li->addrlen, li->arptype);
	set_hw(L, "broadcast", li->brd, li->brdlen, li->arptype);
	l_setfield_int(L, "promiscuity", li->promiscuity);
	if (li->master) {
		l_setfield_int(L, "master_index", li->master);
		if ((o = link_by_index(v, n, li->master)))
			l_setfield_str(L, "master", o->name);
	}
	if (li->has_port_state)
		l_setfield_str(L, "port_state", link_port_state_name(li->port_state));
	if (li->port_no) {
		int k, cnt = 0;
		l_setfield_int(L, "port_no", li->port_no);
		l_setfield_int(L, "port_priority", li->port_priority);
		l_setfield_int(L, "port_cost", li->port_cost);
		lua_newtable(L);        /* brport = { {name=, value=}, ... } in bridge's order */
		for (k = 0; brport_opts[k].name; k++) {
			if (li->brport[k] < 0)
				continue;
			lua_createtable(L, 0, 2);
			l_setfield_str(L, "name", brport_opts[k].name);
			l_setfield_int(L, "value", li->brport[k]);
			lua_rawseti(L, -2, ++cnt);
		}
		lua_setfield(L, -2, "brport");
	}
	if (li->has_link) {
		l_setfield_int(L, "link_index", li->link);
		if (li->has_netnsid) {
			const char *peer_ns = map ? nsid_map_find(map, li->netnsid) : NULL;
			struct link_info pl;
			l_setfield_int(L, "link_netnsid", li->netnsid);
			if (peer_ns) {
				l_setfield_str(L, "peer_ns", peer_ns);
				if (link_get_one(peer_ns, NULL, li->link, &pl) == 0)
					l_setfield_str(L, "peer_name", pl.name);
			}
		} else if (li->link && (o = link_by_index(v, n, li->link))) {
			l_setfield_str(L, "link", o->name);
		}
	}
	if ((kind = link_kind_reading(li->kind)) && kind->values) {
		const struct kind_out out = { L, put_int, put_str, put_bool, put_ipv4, put_strlist };
		kind->values(li, &out);
	}
	if (li->tun_link) {
		l_setfield_int(L, "dev_index", li->tun_link);
		if ((o = link_by_index(v, n, (int)li->tun_link)))
			l_setfield_str(L, "dev", o->name);
	}
	if (li->has_stats) {
		/* the kernel's names (struct rtnl_link_stats64), in its order */
		static const char *const names[24] = {
			"rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors", "tx_errors",
			"rx_dropped", "tx_dropped", "multicast", "collisions", "rx_length_errors",
			"rx_over_errors", "rx_crc_errors", "rx_frame_errors", "rx_fifo_errors",
			"rx_missed_errors", "tx_aborted_errors", "tx_carrier_errors", "tx_fifo_errors",
			"tx_heartbeat_errors", "tx_window_errors", "rx_compressed", "tx_compressed",
			"rx_nohandler"
		};
		int i;
		lua_createtable(L, 0, 25);
		for (i = 0; i < 24; i++)
			l_setfield_int(L, names[i], (lua_Integer)li->st[i]);
		l_setfield_int(L, "carrier_changes", li->carrier_changes);
		lua_setfield(L, -2, "stats");
	}
}
