/*
 * limits.c -- limits that hold inside long C calls. Lua's count hook runs
 * only between Lua instructions, so a lesson's CPU limit (netlearn.sandboxenv)
 * and Ctrl-C in the shell cannot stop one C call that runs for minutes. The C
 * loops that can run that long look here every few thousand steps:
 *   - the pattern matcher (lpattern.c: string.find, match, gmatch, gsub);
 *   - table.sort (a C comparator between sort and the elements) and
 *     table.move (own loop), installed over the standard ones.
 * nl_limits_check() raises "interrupted" after Ctrl-C or SIGTERM, or the
 * message sandboxenv gave once the lesson's CPU deadline has passed.
 *
 * Lua side: require("netlearn.limits") (not part of `net`: lessons cannot
 * reach it)
 *   limits.deadline(at, message) -> previous at, previous message
 *       at: a CPU time as os.clock() counts it, or nil for none
 *   limits.wall_deadline(at, message) -> the same for wall time
 *       at: a point on CLOCK_MONOTONIC, as limits.now() reads it
 *   limits.lstrlib   the standard find/match/gmatch/gsub, for the tests
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "luax.h"
#include "netlearn.h"

#define CMP_CHECK 1024          /* comparisons between two looks at the limits */
#define MOVE_CHECK 8192         /* elements moved between two looks */

/* limits.wall_deadline(seconds_from_now|nil, message) -> previous at|nil,
 * previous message: the wall-time limit, as a point on CLOCK_MONOTONIC
 * (limits.now() reads it); nil clears it. */
static int l_wall_deadline(lua_State *L)
{
	double at, prev;
	char prev_msg[256];
	int was;
	if (lua_isnoneornil(L, 1)) {
		was = nl_deadline_swap(1, NULL, NULL, &prev, prev_msg, sizeof prev_msg);
	} else {
		at = luaL_checknumber(L, 1);
		was = nl_deadline_swap(1, &at, luaL_optstring(L, 2, "stopped: wall-time limit reached"),
				       &prev, prev_msg, sizeof prev_msg);
	}
	if (!was)
		return 0;
	lua_pushnumber(L, prev);
	lua_pushstring(L, prev_msg);
	return 2;
}

/* limits.now() -> seconds on CLOCK_MONOTONIC */
static int l_now(lua_State *L)
{
	lua_pushnumber(L, nl_mono_now());
	return 1;
}

/* limits.deadline(at|nil, message) -> previous at|nil, previous message|nil */
static int l_deadline(lua_State *L)
{
	double at, prev;
	char prev_msg[256];
	int was;
	if (lua_isnoneornil(L, 1)) {
		was = nl_deadline_swap(0, NULL, NULL, &prev, prev_msg, sizeof prev_msg);
	} else {
		at = luaL_checknumber(L, 1);
		was = nl_deadline_swap(0, &at, luaL_optstring(L, 2, "stopped: time limit reached"),
				       &prev, prev_msg, sizeof prev_msg);
	}
	if (!was)
		return 0;
	lua_pushnumber(L, prev);
	lua_pushstring(L, prev_msg);
	return 2;
}

/* ---- table.sort and table.move ---------------------------------------------- */

static unsigned cmp_budget = CMP_CHECK;

/* The comparator the standard sort calls: upvalue 1 is the caller's, or nil for '<' */
static int limited_less(lua_State *L)
{
	if (--cmp_budget == 0) {
		cmp_budget = CMP_CHECK;
		nl_limits_check(L);
	}
	if (lua_isnil(L, lua_upvalueindex(1))) {
		lua_pushboolean(L, lua_compare(L, 1, 2, LUA_OPLT));
		return 1;
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, 2, 1);
	return 1;
}

/* A table, or a value whose metatable has every field named (as the standard
 * table library accepts); otherwise the usual "table expected" error. */
static void check_table(lua_State *L, int arg, const char *const *fields)
{
	int ok = 0;
	if (lua_type(L, arg) == LUA_TTABLE)
		return;
	if (lua_getmetatable(L, arg)) {
		ok = 1;
		for (; *fields; fields++) {
			if (lua_getfield(L, -1, *fields) == LUA_TNIL)
				ok = 0;
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	if (!ok)
		luaL_checktype(L, arg, LUA_TTABLE);
}

static const char *const RWL[] = {"__index", "__newindex", "__len", NULL};
static const char *const R[] = {"__index", NULL};
static const char *const W[] = {"__newindex", NULL};

/* table.sort(t [, comp]): the standard sort, through limited_less */
static int l_sort(lua_State *L)
{
	lua_Integer n;
	check_table(L, 1, RWL);
	n = luaL_len(L, 1);
	if (n > 1) {
		luaL_argcheck(L, n < INT_MAX, 1, "array too big");
		if (!lua_isnoneornil(L, 2))
			luaL_checktype(L, 2, LUA_TFUNCTION);
		lua_settop(L, 2);
		lua_pushvalue(L, lua_upvalueindex(1));          /* the standard sort */
		lua_pushvalue(L, 1);
		lua_pushvalue(L, 2);
		lua_pushcclosure(L, limited_less, 1);
		if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
			/* its own complaint, with the caller's line as it would have had */
			if (lua_type(L, -1) == LUA_TSTRING &&
			    !strcmp(lua_tostring(L, -1), "invalid order function for sorting"))
				return luaL_error(L, "invalid order function for sorting");
			return lua_error(L);
		}
	}
	return 0;
}

/* table.move(a1, f, e, t [, a2]): as the standard one, looking at the limits
 * as it goes (table.move({}, 1, 1e15, 2) copies nils for days otherwise) */
static int l_move(lua_State *L)
{
	lua_Integer f = luaL_checkinteger(L, 2);
	lua_Integer e = luaL_checkinteger(L, 3);
	lua_Integer t = luaL_checkinteger(L, 4);
	int tt = !lua_isnoneornil(L, 5) ? 5 : 1;
	check_table(L, 1, R);
	check_table(L, tt, W);
	if (e >= f) {
		lua_Integer n, i;
		unsigned budget = MOVE_CHECK;
		int down;
		luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
		n = e - f + 1;
		luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
		/* overlapping upwards in one table: copy from the end */
		down = !(t > e || t <= f || (tt != 1 && !lua_compare(L, 1, tt, LUA_OPEQ)));
		for (i = 0; i < n; i++) {
			lua_Integer k = down ? n - 1 - i : i;
			if (--budget == 0) {
				budget = MOVE_CHECK;
				nl_limits_check(L);
			}
			lua_geti(L, 1, f + k);
			lua_seti(L, tt, t + k);
		}
	}
	lua_pushvalue(L, tt);
	return 1;
}

static void replace_in(lua_State *L, const char *lib, const char *name, lua_CFunction fn)
{
	lua_getglobal(L, lib);
	lua_getfield(L, -1, name);
	lua_pushcclosure(L, fn, 1);                     /* the original as upvalue 1 (sort calls it) */
	lua_setfield(L, -2, name);
	lua_pop(L, 1);
}

static int open_limits(lua_State *L)
{
	lua_newtable(L);
	lua_pushcfunction(L, l_deadline);
	lua_setfield(L, -2, "deadline");
	lua_pushcfunction(L, l_wall_deadline);
	lua_setfield(L, -2, "wall_deadline");
	lua_pushcfunction(L, l_now);
	lua_setfield(L, -2, "now");
	lua_getfield(L, LUA_REGISTRYINDEX, "netlearn.lstrlib");
	lua_setfield(L, -2, "lstrlib");
	return 1;
}

/* After luaL_openlibs: install the matcher, sort and move; preload netlearn.limits. */
void nl_limits_install(lua_State *L)
{
	lua_newtable(L);
	nl_pattern_install(L);                          /* keeps the originals in it */
	lua_setfield(L, LUA_REGISTRYINDEX, "netlearn.lstrlib");
	replace_in(L, "table", "sort", l_sort);
	replace_in(L, "table", "move", l_move);
	lua_getglobal(L, "package");
	lua_getfield(L, -1, "preload");
	lua_pushcfunction(L, open_limits);
	lua_setfield(L, -2, "netlearn.limits");
	lua_pop(L, 2);
}
