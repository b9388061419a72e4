/*
 * l_broker.c -- the Lua module netlearn.broker: the shell's own files (history,
 * progress, exports, a lesson's library) opened, made, renamed and removed
 * through the file broker of broker.c, which does the work with the learner's
 * rights outside the sandbox. Binding only; the broker itself has no Lua.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "luax.h"
#include "netlearn.h"

static const char *check_path(lua_State *L, int arg)
{
	size_t len;
	const char *p = luaL_checklstring(L, arg, &len);
	return strlen(p) == len ? p : NULL;
}

static int push_result(lua_State *L, int r, const char *path)
{
	if (r >= 0) {
		lua_pushboolean(L, 1);
		return 1;
	}
	errno = -r;
	return luaL_fileresult(L, 0, path);
}

static int nul_in_path(lua_State *L, int arg)
{
	lua_pushnil(L);
	lua_pushfstring(L, "%s: the file name contains a NUL byte", lua_tostring(L, arg));
	lua_pushinteger(L, EINVAL);
	return 3;
}

static int file_close(lua_State *L)
{
	luaL_Stream *p = luaL_checkudata(L, 1, LUA_FILEHANDLE);
	errno = 0;
	return luaL_fileresult(L, fclose(p->f) == 0, NULL);
}

/* io.open's modes: [rwa]%+?b* */
static int mode_flags(const char *mode, int *flags)
{
	int plus = mode[0] && mode[1] == '+';
	if (strspn(mode + 1 + plus, "b") != strlen(mode + 1 + plus))
		return 0;
	switch (mode[0]) {
	case 'r': *flags = plus ? O_RDWR : O_RDONLY; return 1;
	case 'w': *flags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC; return 1;
	case 'a': *flags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND; return 1;
	}
	return 0;
}

/* broker.open(path [, mode]) -> file | nil, "path: reason", errno  (io.open) */
static int l_open(lua_State *L)
{
	const char *path = check_path(L, 1);
	const char *mode = luaL_optstring(L, 2, "r");
	luaL_Stream *p;
	int flags = 0, fd;
	luaL_argcheck(L, mode_flags(mode, &flags), 2, "invalid mode");
	if (!path)
		return nul_in_path(L, 1);
	p = lua_newuserdatauv(L, sizeof *p, 0);
	p->f = NULL;
	p->closef = NULL;       /* closed, until it is open */
	luaL_setmetatable(L, LUA_FILEHANDLE);
	fd = broker_open(path, flags, 0666);
	if (fd < 0)
		return push_result(L, fd, path);
	if (!(p->f = fdopen(fd, mode))) {
		int e = errno;
		close(fd);
		return push_result(L, -e, path);
	}
	p->closef = file_close;
	return 1;
}

/* broker.remove(path) -> true | nil, msg, errno  (os.remove) */
static int l_remove(lua_State *L)
{
	const char *path = check_path(L, 1);
	if (!path)
		return nul_in_path(L, 1);
	return push_result(L, broker_remove(path), path);
}

/* broker.rename(from, to) -> true | nil, msg, errno  (os.rename) */
static int l_rename(lua_State *L)
{
	const char *from = check_path(L, 1), *to = check_path(L, 2);
	if (!from || !to)
		return nul_in_path(L, from ? 2 : 1);
	return push_result(L, broker_rename(from, to), from);
}

/* mkdir or mkdirs (FN) of the path at 1, with the mode at 2 or DEFAULT_MODE */
static int make_dir(lua_State *L, int (*fn)(const char *, mode_t), mode_t default_mode)
{
	const char *path = check_path(L, 1);
	mode_t mode = (mode_t)luaL_optinteger(L, 2, default_mode);
	if (!path)
		return nul_in_path(L, 1);
	return push_result(L, fn(path, mode), path);
}

/* broker.mkdir(path [, mode = 0755]) -> true | nil, msg, errno */
static int l_mkdir(lua_State *L)
{
	return make_dir(L, broker_mkdir, 0755);
}

/* broker.mkdirs(path [, mode = 0700]) -> true | nil, msg, errno: mkdir -p */
static int l_mkdirs(lua_State *L)
{
	return make_dir(L, broker_mkdirs, 0700);
}

/* broker.list(dir) -> {name, ...} (no "." and "..", unsorted) | nil, msg, errno */
static int l_list(lua_State *L)
{
	const char *path = check_path(L, 1);
	struct dirent *e;
	lua_Integer i = 0;
	DIR *d;
	int fd;
	if (!path)
		return nul_in_path(L, 1);
	fd = broker_open(path, O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0)
		return push_result(L, fd, path);
	if (!(d = fdopendir(fd))) {
		int r = -errno;
		close(fd);
		return push_result(L, r, path);
	}
	lua_newtable(L);
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		lua_pushstring(L, e->d_name);
		lua_rawseti(L, -2, ++i);
	}
	closedir(d);
	return 1;
}

/* broker.active() -> true when files go through the broker (inside the sandbox) */
static int l_active(lua_State *L)
{
	lua_pushboolean(L, broker_active());
	return 1;
}

static const luaL_Reg broker_funcs[] = {
	{"open", l_open},
	{"remove", l_remove},
	{"rename", l_rename},
	{"mkdir", l_mkdir},
	{"mkdirs", l_mkdirs},
	{"list", l_list},
	{"active", l_active},
	{NULL, NULL}
};

int luaopen_netlearn_broker(lua_State *L)
{
	luaL_newlib(L, broker_funcs);
	return 1;
}
