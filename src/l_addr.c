/*
 * l_addr.c -- the Lua binding of addr.c, moved out of it (issue #19): the
 * results as Lua values and the words for what the kernel answers; addr.c
 * keeps the mechanism and needs no Lua. What the learner may give, and its
 * words, is netlearn.addrspec's (Lua, in front of these bindings): here only
 * the guards the request needs, with one plain error (l_fail_field).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/addr.h>
#include <netlink/route/addr.h>
#include "luax.h"
#include "link.h"
#include "addrparse.h"
#include "addr.h"
#include "route.h"

/* iproute2's print_ifa_flags() */
static void push_addr_flags(lua_State *L, uint32_t flags, int family)
{
	static const struct { const char *name; uint32_t mask; int v6only; } fl[] = {
		{"secondary", IFA_F_SECONDARY, 0}, {"temporary", IFA_F_SECONDARY, 1},
		{"nodad", IFA_F_NODAD, 1}, {"optimistic", IFA_F_OPTIMISTIC, 1},
		{"dadfailed", IFA_F_DADFAILED, 1}, {"home", IFA_F_HOMEADDRESS, 1},
		{"deprecated", IFA_F_DEPRECATED, 1}, {"tentative", IFA_F_TENTATIVE, 1},
		{"permanent", IFA_F_PERMANENT, 1}, {"mngtmpaddr", IFA_F_MANAGETEMPADDR, 1},
		{"noprefixroute", IFA_F_NOPREFIXROUTE, 0}, {"autojoin", IFA_F_MCAUTOJOIN, 0},
		{"stable-privacy", IFA_F_STABLE_PRIVACY, 1},
	};
	size_t i;
	int n = 0;
	lua_newtable(L);
	for (i = 0; i < sizeof fl / sizeof fl[0]; i++) {
		const char *name = NULL;
		if (fl[i].v6only && family != AF_INET6)
			continue;
		if (fl[i].mask == IFA_F_SECONDARY)
			name = (flags & IFA_F_SECONDARY) && (family == AF_INET6) == fl[i].v6only ? fl[i].name : NULL;
		else if (fl[i].mask == IFA_F_PERMANENT)
			name = !(flags & IFA_F_PERMANENT) ? "dynamic" : NULL;
		else if (flags & fl[i].mask)
			name = fl[i].name;
		if (name) {
			lua_pushstring(L, name);
			lua_rawseti(L, -2, ++n);
		}
	}
	lua_setfield(L, -2, "flags");
}

static void push_addr(lua_State *L, const struct addr_info *a, const struct link_info *v, int n)
{
	char buf[INET6_ADDRSTRLEN];
	int i;
	lua_createtable(L, 0, 12);
	l_setfield_int(L, "ifindex", a->ifindex);
	for (i = 0; i < n; i++)
		if (v[i].ifindex == a->ifindex)
			l_setfield_str(L, "dev", v[i].name);
	l_setfield_str(L, "family", a->family == AF_INET ? "inet" : "inet6");
	l_setfield_str(L, "address", inet_ntop(a->family, a->local, buf, sizeof buf));
	l_setfield_int(L, "prefixlen", a->prefixlen);
	if (a->has_peer)
		l_setfield_str(L, "peer", inet_ntop(a->family, a->peer, buf, sizeof buf));
	if (a->has_brd)
		l_setfield_str(L, "broadcast", inet_ntop(AF_INET, a->brd, buf, sizeof buf));
	l_setfield_str(L, "scope", addr_scope_name(a->scope, buf, sizeof buf));
	if (a->label[0])
		l_setfield_str(L, "label", a->label);
	push_addr_flags(L, a->flags, a->family);
	if (a->has_cache) {
		l_setfield_int(L, "valid_lft", a->valid);
		l_setfield_int(L, "preferred_lft", a->preferred);
	}
}

/* Parse "a.b.c.d[/len]" or an IPv6 "x::y[/len]" into family, bytes, prefixlen:
 * rt_parse.c's reader (IPv4 through addrparse.c), without "default"/"any"/"all" */
static int parse_prefix(const char *s, int *family, uint8_t out[16], int *len)
{
	struct rt_addr a;

	if (rt_parse_prefix(s, &a) < 0 || a.family == AF_UNSPEC)
		return -EINVAL;
	*family = a.family;
	memcpy(out, a.b, (size_t)a.len);
	*len = a.plen;
	return 0;
}

/* ---- Lua bindings --------------------------------------------------------- */

/* net.addr_add(ns, dev, prefix[, {broadcast=, label=, scope=, nodad=, noprefixroute=}])
 * nodad, noprefixroute: IFA_F_NODAD (IPv6: no duplicate address detection, the
 * address is usable at once) and IFA_F_NOPREFIXROUTE, as `ip addr add ... nodad`. */
static int l_addr_add(lua_State *L)
{
	static const char *const known[] = { "broadcast", "label", "scope", "nodad", "noprefixroute", NULL };
	unsigned flags = 0;
	const char *ns = l_checkns(L, 1);
	const char *dev = luaL_checkstring(L, 2);
	const char *pfx = luaL_checkstring(L, 3);
	const char *brd_s, *label, *scope_s;
	struct link_info li;
	uint8_t local[16];
	uint32_t brd = 0, a4;
	int family, len, scope = -1, r;

	if (!lua_isnoneornil(L, 4)) {
		luaL_checktype(L, 4, LUA_TTABLE);
		if ((r = l_check_fields(L, 4, "addr_add", known)))
			return r;
	}
	brd_s = l_optfield_str(L, 4, "broadcast", NULL);
	label = l_optfield_str(L, 4, "label", NULL);
	scope_s = l_optfield_str(L, 4, "scope", NULL);
	if (!lua_isnoneornil(L, 4)) {
		if (l_optfield_bool(L, 4, "nodad", 0))
			flags |= IFA_F_NODAD;
		if (l_optfield_bool(L, 4, "noprefixroute", 0))
			flags |= IFA_F_NOPREFIXROUTE;
	}

	if (parse_prefix(pfx, &family, local, &len) < 0)
		return l_fail_field(L, dev, "addr_add", "prefix");
	if ((r = link_find(ns, dev, &li)) < 0)
		return l_fail_dev(L, r, ns, dev);
	if (brd_s) {
		if (family != AF_INET)
			return l_fail_field(L, dev, "addr_add", "broadcast");
		memcpy(&a4, local, 4);
		if (!strcmp(brd_s, "+"))
			brd = len >= 31 ? 0 : (a4 | ~ipv4_mask(len));
		else if (!strcmp(brd_s, "-"))
			brd = a4 & ipv4_mask(len);
		else if (parse_ipv4(brd_s, &brd) < 0)
			return l_fail_field(L, dev, "addr_add", "broadcast");
	}
	if (label && strlen(label) > 15)
		return l_fail_field(L, dev, "addr_add", "label");
	if (scope_s && (scope = addr_scope_parse(scope_s)) < 0)
		return l_fail_field(L, dev, "addr_add", "scope");
	if (scope < 0 && family == AF_INET && local[0] == 127)
		scope = RT_SCOPE_HOST;          /* like iproute2 for 127.0.0.0/8 */
	r = addr_change(ns, 1, li.ifindex, family, local, len, brd_s ? &brd : NULL, label, scope, flags);
	if (r == -EEXIST)
		return l_fail(L, r, "%s: this address is already on %s", pfx, dev);
	if (r < 0)
		return l_fail(L, r, "%s: cannot add to %s: %s", pfx, dev, strerror(-r));
	lua_pushboolean(L, 1);
	return 1;
}

/* Find an address on IFINDEX equal to LOCAL (and LEN unless len < 0). */
static int find_addr(const char *ns, int ifindex, int family, const uint8_t *local, int len,
		     struct addr_info *out)
{
	struct addr_info *v;
	int i, n = addr_dump(ns, family, &v), found = -EADDRNOTAVAIL;
	if (n < 0)
		return n;
	for (i = 0; i < n && found; i++) {
		if (v[i].ifindex == ifindex && v[i].family == family &&
		    !memcmp(v[i].local, local, family == AF_INET ? 4 : 16) &&
		    (len < 0 || v[i].prefixlen == len)) {
			*out = v[i];
			found = 0;
		}
	}
	free(v);
	return found;
}

/* net.addr_del(ns, dev, prefix): "a.b.c.d/len", or "a.b.c.d" for whatever length it has */
static int l_addr_del(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *dev = luaL_checkstring(L, 2);
	const char *pfx = luaL_checkstring(L, 3);
	struct link_info li;
	struct addr_info a;
	uint8_t local[16];
	int family, len, r;

	if (parse_prefix(pfx, &family, local, &len) < 0)
		return l_fail_field(L, dev, "addr_del", "prefix");
	if (!strchr(pfx, '/'))
		len = -1;
	if ((r = link_find(ns, dev, &li)) < 0)
		return l_fail_dev(L, r, ns, dev);
	if ((r = find_addr(ns, li.ifindex, family, local, len, &a)) < 0) {
		if (r == -EADDRNOTAVAIL)
			return l_fail(L, r, "%s: no such address on %s %s", pfx, dev, where_ns(ns));
		return l_fail_dev(L, r, ns, dev);
	}
	r = addr_change(ns, 0, li.ifindex, family, a.local, a.prefixlen, NULL, NULL, -1, 0);
	if (r < 0)
		return l_fail(L, r, "%s: cannot delete from %s: %s", pfx, dev, strerror(-r));
	lua_pushboolean(L, 1);
	return 1;
}

/* net.addr_list(ns[, dev]) */
static int l_addr_list(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *dev = luaL_optstring(L, 2, NULL);
	struct link_info *lv = NULL;
	struct addr_info *v = NULL;
	int ifindex = 0, i, k = 0, ln, n;

	ln = link_dump_all(ns, &lv);
	if (ln < 0)
		return l_fail_dev(L, ln, ns, dev ? dev : "addr_list");
	if (dev) {
		for (i = 0; i < ln; i++)
			if (!strcmp(lv[i].name, dev))
				ifindex = lv[i].ifindex;
		if (!ifindex) {
			free(lv);
			return l_fail_dev(L, -ENODEV, ns, dev);
		}
	}
	n = addr_dump(ns, AF_UNSPEC, &v);
	if (n < 0) {
		free(lv);
		return l_fail_dev(L, n, ns, "addr_list");
	}
	lua_createtable(L, n, 0);
	for (i = 0; i < n; i++) {
		if (ifindex && v[i].ifindex != ifindex)
			continue;
		push_addr(L, &v[i], lv, ln);
		lua_rawseti(L, -2, ++k);
	}
	free(v);
	free(lv);
	return 1;
}

/* net.addr_flush(ns, dev[, {family="inet"|"inet6"|"all"}]) -> count (IPv4 by default) */
static int l_addr_flush(lua_State *L)
{
	static const char *const known[] = { "family", NULL };
	const char *ns = l_checkns(L, 1);
	const char *dev = luaL_checkstring(L, 2);
	const char *fam_s;
	struct link_info li;
	struct addr_info *v;
	int family = AF_INET, i, n, r, count = 0;

	if (!lua_isnoneornil(L, 3)) {
		luaL_checktype(L, 3, LUA_TTABLE);
		if ((r = l_check_fields(L, 3, "addr_flush", known)))
			return r;
	}
	fam_s = l_optfield_str(L, 3, "family", "inet");
	if (!strcmp(fam_s, "inet6"))
		family = AF_INET6;
	else if (!strcmp(fam_s, "all"))
		family = AF_UNSPEC;
	else if (strcmp(fam_s, "inet"))
		return l_fail_field(L, dev, "addr_flush", "family");
	if ((r = link_find(ns, dev, &li)) < 0)
		return l_fail_dev(L, r, ns, dev);
	n = addr_dump(ns, family, &v);
	if (n < 0)
		return l_fail_dev(L, n, ns, dev);
	/* secondaries first: deleting a primary takes its secondaries with it */
	for (r = 0, i = n - 1; i >= 0; i--) {
		if (v[i].ifindex != li.ifindex)
			continue;
		r = addr_change(ns, 0, li.ifindex, v[i].family, v[i].local, v[i].prefixlen, NULL, NULL, -1, 0);
		if (r == 0 || r == -EADDRNOTAVAIL)
			count++;
		else
			break;
	}
	free(v);
	if (r < 0 && r != -EADDRNOTAVAIL)
		return l_fail(L, r, "%s: cannot flush addresses: %s", dev, strerror(-r));
	nl_clear_extack();
	lua_pushinteger(L, count);
	return 1;
}

const luaL_Reg l_addr_funcs[] = {
	{"addr_add", l_addr_add},
	{"addr_del", l_addr_del},
	{"addr_list", l_addr_list},
	{"addr_flush", l_addr_flush},
	{NULL, NULL}
};
