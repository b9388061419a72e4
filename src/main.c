/*
 * main.c -- start-up: find the Lua library, create the Lua state, open the
 * `net` module, and hand over to lua/netlearn/main.lua, where all policy lives
 * (options, sandbox entry, `run`, `check`, `list`, `doctor`). When that asks
 * for the interactive shell, repl.c takes over.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <lualib.h>
#include "luax.h"
#include "netlearn.h"
#include "repl.h"

#ifndef NETLEARN_DATADIR
#define NETLEARN_DATADIR "/usr/local/share/netlearn"
#endif

static int is_dir_with(const char *dir, const char *file)
{
	char path[PATH_MAX];
	struct stat st;
	if (snprintf(path, sizeof path, "%s/%s", dir, file) >= (int)sizeof path)
		return 0;
	return stat(path, &st) == 0;
}

/* The build tree (binary in build/, library in lua/) first, then the
 * installed data directory; NETLEARN_HOME overrides both. */
static const char *find_home(char *buf, size_t len)
{
	const char *env = getenv("NETLEARN_HOME");
	ssize_t n;
	char *slash;
	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", buf, len - 1);
	if (n > 0) {
		buf[n] = '\0';
		if ((slash = strrchr(buf, '/')) != NULL) {
			*slash = '\0';
			if ((slash = strrchr(buf, '/')) != NULL) {
				*slash = '\0';
				if (is_dir_with(buf, "lua/netlearn/main.lua"))
					return buf;
			}
		}
	}
	return NETLEARN_DATADIR;
}

static int l_sandbox_enter(lua_State *L)
{
	char msg[256];
	if (sandbox_enter(msg, sizeof msg) < 0) {
		lua_pushnil(L);
		lua_pushstring(L, msg);
		return 2;
	}
	lua_pushboolean(L, 1);
	return 1;
}

static int msghandler(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	if (msg == NULL)
		msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	luaL_traceback(L, L, msg, 1);
	return 1;
}

int main(int argc, char **argv)
{
	char homebuf[PATH_MAX];
	const char *home = find_home(homebuf, sizeof homebuf);
	lua_State *L;
	int i, status;

	L = luaL_newstate();
	if (!L) {
		fprintf(stderr, "netlearn: cannot create the Lua state: out of memory\n");
		return 1;
	}
	luaL_openlibs(L);
	nl_limits_install(L);   /* pattern matching, sort and move that limits can stop */
	/* package.path: the netlearn library only; lessons get their own environment */
	lua_getglobal(L, "package");
	lua_pushfstring(L, "%s/lua/?.lua;%s/lua/?/init.lua", home, home);
	lua_setfield(L, -2, "path");
	lua_getfield(L, -1, "preload");
	lua_pushcfunction(L, luaopen_netlearn_core);
	lua_setfield(L, -2, "netlearn.cnet");
	lua_pushcfunction(L, luaopen_netlearn_broker);
	lua_setfield(L, -2, "netlearn.broker");
	lua_pop(L, 2);
	lua_pushstring(L, home);
	lua_setglobal(L, "NETLEARN_HOME");
	lua_pushcfunction(L, l_sandbox_enter);
	lua_setglobal(L, "NETLEARN_SANDBOX_ENTER");
	repl_register(L);

	lua_pushcfunction(L, msghandler);
	lua_getglobal(L, "require");
	lua_pushstring(L, "netlearn.main");
	if (lua_pcall(L, 1, 1, 1) != LUA_OK) {
		fprintf(stderr, "netlearn: cannot load its Lua library from %s/lua: %s\n",
			home, lua_tostring(L, -1));
		return 1;
	}
	lua_getfield(L, -1, "main");
	lua_newtable(L);
	for (i = 1; i < argc; i++) {
		lua_pushstring(L, argv[i]);
		lua_rawseti(L, -2, i);
	}
	if (lua_pcall(L, 1, 1, 1) != LUA_OK) {
		fprintf(stderr, "netlearn: internal error: %s\n", lua_tostring(L, -1));
		return 70;
	}
	if (lua_type(L, -1) == LUA_TSTRING && !strcmp(lua_tostring(L, -1), "shell"))
		status = repl_run(L);
	else
		status = (int)luaL_optinteger(L, -1, 0);
	fflush(stdout);
	/* lua_close runs __gc of captures and servers; the sandbox goes with us */
	lua_close(L);
	sandbox_leave(status);  /* the prompt back now: the rest of the exit waits for no one */
	return status;
}
