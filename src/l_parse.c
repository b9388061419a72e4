/*
 * l_parse.c -- the C readers of typed words, for Lua: net.prefix_parse (a
 * prefix as every binding reads it: rt_parse.c's rt_parse_prefix) and
 * net.mac_parse (addrparse.c's parse_mac). netlearn.parse.api_prefix and
 * api_mac are these, with their words: one reader per concept, in C.
 */
#include <sys/socket.h>
#include "luax.h"
#include "addrparse.h"
#include "route.h"

/* net.prefix_parse(s) -> {family = "inet"|"inet6"|nil, plen = n} | nil, why
 * ("default", "all" and "any" have no family and plen 0). why: "host" (not an
 * address), "missing" (nothing, a sign or a blank after '/'), "nan" (the
 * length is not a number), "range" (0-32 or 0-128). */
static int l_prefix_parse(lua_State *L)
{
	static const char *const whys[] = {
		[PREFIX_OK] = "ok", [PREFIX_BAD_HOST] = "host", [PREFIX_LEN_MISSING] = "missing",
		[PREFIX_LEN_NAN] = "nan", [PREFIX_LEN_RANGE] = "range", [PREFIX_LEN_NEEDED] = "missing",
	};
	const char *s = luaL_checkstring(L, 1);     /* (lnet.c's guard refused a NUL inside) */
	struct rt_addr a;
	enum prefix_why why = PREFIX_BAD_HOST;
	if (rt_parse_prefix_why(s, &a, &why) < 0) {
		lua_pushnil(L);
		lua_pushstring(L, whys[why]);
		return 2;
	}
	lua_createtable(L, 0, 2);
	if (a.family != AF_UNSPEC)
		l_setfield_str(L, "family", a.family == AF_INET ? "inet" : "inet6");
	l_setfield_int(L, "plen", a.plen);
	return 1;
}

/* net.mac_parse(s) -> true | false: six two-digit hex parts joined by ':' or '-' */
static int l_mac_parse(lua_State *L)
{
	uint8_t mac[6];
	lua_pushboolean(L, parse_mac(luaL_checkstring(L, 1), mac) == 0);
	return 1;
}

const luaL_Reg l_parse_funcs[] = {
	{"prefix_parse", l_prefix_parse},
	{"mac_parse", l_mac_parse},
	{NULL, NULL}
};
