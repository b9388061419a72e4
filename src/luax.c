/*
 * luax.c -- the helpers every binding shares, so that errors look the same
 * everywhere (nil, message, errno) and option tables are read one way. Only
 * bindings (l_*.c and the binding halves of older files) call these; lnet.c
 * just registers.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include "luax.h"
#include "netlearn.h"

/* nil, the message (with EXT after it when there is one), errno */
static int push_fail(lua_State *L, int neg_errno, const char *ext, const char *fmt, va_list ap)
{
	char buf[512];
	vsnprintf(buf, sizeof buf, fmt, ap);
	lua_pushnil(L);
	if (ext && ext[0])
		lua_pushfstring(L, "%s: %s", buf, ext);
	else
		lua_pushstring(L, buf);
	lua_pushinteger(L, neg_errno < 0 ? -neg_errno : neg_errno);
	return 3;
}

int l_fail(lua_State *L, int neg_errno, const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = push_fail(L, neg_errno, nl_last_extack(), fmt, ap);
	va_end(ap);
	nl_clear_extack();
	return n;
}

int l_fail_plain(lua_State *L, int neg_errno, const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = push_fail(L, neg_errno, NULL, fmt, ap);
	va_end(ap);
	return n;
}

int l_fail_field(lua_State *L, const char *name, const char *fn, const char *field)
{
	if (!name)
		return l_fail(L, -EINVAL, "%s: %s= malformed or out of range", fn, field);
	return l_fail(L, -EINVAL, "%s: %s: %s= malformed or out of range", name, fn, field);
}

const char *l_checkns(lua_State *L, int arg)
{
	if (lua_isnoneornil(L, arg))
		return "";
	return luaL_checkstring(L, arg);
}

/* A number read as a string is converted on the stack only: the table still
 * holds the number, so once popped nothing would keep the string alive. The
 * last ANCHORS such strings are kept referenced from the registry, enough for
 * every field one binding call reads. */
#define ANCHORS 64
static const char anchor_key = 0;
static void anchor_top_string(lua_State *L)
{
	static unsigned next;
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &anchor_key) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_createtable(L, ANCHORS, 0);
		lua_pushvalue(L, -1);
		lua_rawsetp(L, LUA_REGISTRYINDEX, &anchor_key);
	}
	lua_pushvalue(L, -2);
	lua_rawseti(L, -2, (lua_Integer)(next++ % ANCHORS) + 1);
	lua_pop(L, 1);
}

const char *l_optfield_str(lua_State *L, int t, const char *k, const char *def)
{
	const char *v = def;
	if (lua_isnoneornil(L, t))
		return def;
	if (lua_getfield(L, t, k) != LUA_TNIL) {
		int number = lua_type(L, -1) == LUA_TNUMBER;
		if (!lua_isstring(L, -1))
			luaL_error(L, "field '%s' must be a string", k);
		v = lua_tostring(L, -1);
		if (number)
			anchor_top_string(L);
	}
	lua_pop(L, 1);      /* a string field stays alive: the table holds it */
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
