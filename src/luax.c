/*
 * luax.c -- the helpers every binding shares, so that errors look the same
 * everywhere (nil, message, errno) and option tables are read one way. Only
 * bindings (l_*.c and the binding halves of older files) call these; lnet.c
 * just registers.
 */
#include <stdarg.h>
#include <stdio.h>
#include "luax.h"
#include "netlearn.h"

int l_fail(lua_State *L, int neg_errno, const char *fmt, ...)
{
	char buf[512];
	const char *ext = nl_last_extack();
	va_list ap;
	int e = neg_errno < 0 ? -neg_errno : neg_errno;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	lua_pushnil(L);
	if (ext[0])
		lua_pushfstring(L, "%s: %s", buf, ext);
	else
		lua_pushstring(L, buf);
	lua_pushinteger(L, e);
	nl_clear_extack();
	return 3;
}

const char *l_checkns(lua_State *L, int arg)
{
	if (lua_isnoneornil(L, arg))
		return "";
	return luaL_checkstring(L, arg);
}

const char *l_optfield_str(lua_State *L, int t, const char *k, const char *def)
{
	const char *v = def;
	if (lua_isnoneornil(L, t))
		return def;
	if (lua_getfield(L, t, k) != LUA_TNIL) {
		if (!lua_isstring(L, -1))
			luaL_error(L, "field '%s' must be a string", k);
		v = lua_tostring(L, -1);
	}
	lua_pop(L, 1);      /* the string stays alive: the table holds it */
	return v;
}

lua_Integer l_optfield_int(lua_State *L, int t, const char *k, lua_Integer def)
{
	lua_Integer v = def;
	int isnum;
	if (lua_isnoneornil(L, t))
		return def;
	if (lua_getfield(L, t, k) != LUA_TNIL) {
		v = lua_tointegerx(L, -1, &isnum);
		if (!isnum)
			luaL_error(L, "field '%s' must be an integer", k);
	}
	lua_pop(L, 1);
	return v;
}

int l_optfield_bool(lua_State *L, int t, const char *k, int def)
{
	int v = def;
	if (lua_isnoneornil(L, t))
		return def;
	if (lua_getfield(L, t, k) != LUA_TNIL)
		v = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return v;
}

void l_setfield_str(lua_State *L, const char *k, const char *v)
{
	if (!v)
		return;
	lua_pushstring(L, v);
	lua_setfield(L, -2, k);
}

void l_setfield_int(lua_State *L, const char *k, lua_Integer v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, -2, k);
}

void l_setfield_bool(lua_State *L, const char *k, int v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, k);
}

void l_setfield_strlist(lua_State *L, const char *k, const char *const *v, size_t n)
{
	size_t i;
	lua_createtable(L, (int)n, 0);
	for (i = 0; i < n; i++) {
		lua_pushstring(L, v[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, k);
}
