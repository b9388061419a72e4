/*
 * l_neigh_mod.c -- the Lua binding of neigh_mod.c, moved out of it (issue #19):
 * the words for what the kernel answers; neigh_mod.c keeps the mechanism and
 * needs no Lua. What the learner may give, and its words, is
 * netlearn.neighspec's (Lua, in front of net.neigh_set): here only the guards
 * the request needs, with one plain error (l_fail_field).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <linux/neighbour.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include "luax.h"
#include "route.h"
#include "addrparse.h"
#include "neigh_mod.h"

static const struct { const char *name; int v; } nud_names[] = {
	{ "permanent", NUD_PERMANENT }, { "reachable", NUD_REACHABLE }, { "stale", NUD_STALE },
	{ "noarp", NUD_NOARP }, { "none", NUD_NONE }, { "delay", NUD_DELAY }, { "probe", NUD_PROBE },
	{ "failed", NUD_FAILED }, { "incomplete", NUD_INCOMPLETE },
};

/* net.neigh_set(ns, op, {dst=, dev=, lladdr=, nud=, router=}) -> true | nil, msg, errno
 * op: "add", "replace", "change" or "del". nud: a state name (default permanent). */
static int l_neigh_set(lua_State *L)
{
	static const char *const ops[] = { "add", "replace", "change", "del", NULL };
	static const char *const fields[] = { "dst", "dev", "lladdr", "nud", "router", NULL };
	const char *ns = l_checkns(L, 1);
	enum neigh_op op = (enum neigh_op)luaL_checkoption(L, 2, NULL, ops);
	struct neigh_spec s;
	const char *dst, *ll, *nud;
	size_t i;
	int r;

	luaL_checktype(L, 3, LUA_TTABLE);
	if ((r = l_check_fields(L, 3, "neigh", fields)))
		return r;
	memset(&s, 0, sizeof s);
	dst = l_optfield_str(L, 3, "dst", NULL);
	s.dev = l_optfield_str(L, 3, "dev", NULL);
	ll = l_optfield_str(L, 3, "lladdr", NULL);
	nud = l_optfield_str(L, 3, "nud", "permanent");
	if (!dst || rt_parse_addr(dst, &s.dst) < 0)
		return l_fail_field(L, s.dev, "neigh_set", "dst");
	if (!s.dev)
		return l_fail_field(L, s.dev, "neigh_set", "dev");
	if (ll) {
		if (parse_mac(ll, s.lladdr) < 0)
			return l_fail_field(L, s.dev, "neigh_set", "lladdr");
		s.has_lladdr = 1;
	}
	s.state = -1;
	for (i = 0; i < sizeof nud_names / sizeof nud_names[0]; i++)
		if (!strcmp(nud, nud_names[i].name))
			s.state = nud_names[i].v;
	if (s.state < 0)
		return l_fail_field(L, s.dev, "neigh_set", "nud");
	if (l_optfield_bool(L, 3, "router", 0))
		s.flags |= NTF_ROUTER;
	if (op == NEIGH_DEL)
		s.state = 0;
	r = neigh_modify(ns, op, &s);
	if (r == -ENOENT && !ns_exists(ns))
		return l_fail(L, r, "%s: no such namespace", ns);
	if (r == -ENODEV)
		return l_fail(L, r, "neigh %s: Cannot find device \"%s\"", ops[op], s.dev);
	if (r < 0)
		return l_fail(L, r, "neigh %s: %s", ops[op], strerror(-r));
	lua_pushboolean(L, 1);
	return 1;
}

/* net.inet6_parse(s) -> canonical text | nil: s read with inet_pton(AF_INET6),
 * which is what iproute2 does with any address containing ':'. */
static int l_inet6_parse(lua_State *L)
{
	const char *s = luaL_checkstring(L, 1);
	unsigned char b[16];
	char buf[INET6_ADDRSTRLEN];
	if (inet_pton(AF_INET6, s, b) != 1 || !inet_ntop(AF_INET6, b, buf, sizeof buf)) {
		lua_pushnil(L);
		return 1;
	}
	lua_pushstring(L, buf);
	return 1;
}

const luaL_Reg l_neigh_mod_funcs[] = {
	{"neigh_set", l_neigh_set},
	{"inet6_parse", l_inet6_parse},
	{NULL, NULL}
};
