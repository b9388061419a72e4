/*
 * l_proc.c -- the Lua binding of proc.c (net.run, net.kill, net.wait,
 * net.lesson_context), moved out of it (issue #19): proc.c keeps the child
 * (namespace, mounts, exec), the waiting and the terminal; no Lua.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "labchange.h"
#include "luax.h"
#include "netlearn.h"
#include "proc.h"

/* net.lesson_context([on]) -> whether it was on (on = nil or none: just ask). netlearn's lesson runtime
 * turns it on around lesson code and the commands a lesson runs; lesson code
 * never sees this function (its `net` is an allowlist), so it cannot turn it
 * off. While it is on, net.run refuses to start a program, and the functions
 * that take a path refuse it (capture.c, http.c). */
static int l_lesson_context(lua_State *L)
{
	int was = nl_lesson_context;
	if (!lua_isnoneornil(L, 1))      /* nil too: a proxy may pass one */
		nl_lesson_context = lua_toboolean(L, 1);
	lua_pushboolean(L, was);
	return 1;
}

static char **check_argv(lua_State *L, int arg)
{
	lua_Integer i, n;
	char **argv;
	luaL_checktype(L, arg, LUA_TTABLE);
	n = (lua_Integer)lua_rawlen(L, arg);
	luaL_argcheck(L, n > 0, arg, "empty command");
	argv = lua_newuserdatauv(L, sizeof(char *) * (size_t)(n + 1), 0);
	for (i = 1; i <= n; i++) {
		lua_rawgeti(L, arg, i);
		argv[i - 1] = (char *)luaL_checkstring(L, -1);
		lua_pop(L, 1);      /* the table keeps the string */
	}
	argv[n] = NULL;
	return argv;
}

/* Each table of chunks at stack index T replaced by the chunks joined, with
 * the C API's buffer: not the learner's `table.concat`, which the prompt can
 * replace. */
static void join_chunks(lua_State *L, int t)
{
	luaL_Buffer b;
	lua_Integer i, n = (lua_Integer)lua_rawlen(L, t);
	luaL_buffinit(L, &b);
	for (i = 1; i <= n; i++) {
		lua_rawgeti(L, t, i);
		luaL_addvalue(&b);
	}
	luaL_pushresult(&b);
	lua_replace(L, t);
}

/* Read both pipes to their end; push stdout's text, then stderr's. */
static void drain(lua_State *L, int outfd, int errfd)
{
	struct pollfd p[2] = {{outfd, POLLIN, 0}, {errfd, POLLIN, 0}};
	char buf[4096];
	int open_fds = 2;
	/* Two buffers on the stack at once: keep them in separate tables. */
	lua_newtable(L);
	lua_newtable(L);
	while (open_fds > 0) {
		int i;
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < 2; i++) {
			ssize_t n;
			if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(p[i].fd, buf, sizeof buf);
			if (n <= 0) {
				if (n < 0 && errno == EINTR)
					continue;
				p[i].fd = -1;
				open_fds--;
				continue;
			}
			lua_pushlstring(L, buf, (size_t)n);
			lua_rawseti(L, i == 0 ? -3 : -2, (lua_Integer)lua_rawlen(L, i == 0 ? -3 : -2) + 1);
		}
	}
	join_chunks(L, lua_absindex(L, -2));
	join_chunks(L, lua_absindex(L, -1));
}

/* net.run(ns, argv [, {capture=bool, background=bool}])
 *   -> code [, stdout, stderr]  (foreground)   -> pid (background)  */
static int l_run(lua_State *L)
{
	const char *ns;
	char **argv;
	int capture, background;
	lua_settop(L, 3);
	ns = l_checkns(L, 1);
	if (nl_lesson_context)
		return luaL_error(L, "net.run: a lesson starts no program (it runs netlearn commands only; "
				  "the learner runs real programs with '!' in the shell)");
	capture = l_optfield_bool(L, 3, "capture", 0);
	background = l_optfield_bool(L, 3, "background", 0);
	argv = check_argv(L, 2);
	int po[2] = {-1, -1}, pe[2] = {-1, -1};
	int status;
	pid_t pid;

	if (!ns_exists(ns))
		return l_fail(L, -ENOENT, "%s: no such namespace", ns);
	if (capture && (pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0))
		return l_fail(L, -errno, "pipe: %s", strerror(errno));
	fflush(NULL);       /* our buffered output first, then the program's */
	lab_change_note();  /* a program may change anything in the lab */
	pid = fork();
	if (pid < 0)
		return l_fail(L, -errno, "fork: %s", strerror(errno));
	if (pid == 0) {
		if (background)
			setpgid(0, 0);      /* Ctrl-C at the prompt does not reach it */
		proc_exec_in(ns, argv, po[1], pe[1]);
	}
	if (background) {
		lab_change_program(pid);
		lua_pushinteger(L, pid);
		return 1;
	}
	if (capture) {
		close(po[1]);
		close(pe[1]);
		drain(L, po[0], pe[0]);
		close(po[0]);
		close(pe[0]);
	}
	status = proc_wait_child(pid);
	lab_change_note();
	if (status < 0)
		return l_fail(L, status, "waitpid: %s", strerror(-status));
	lua_pushinteger(L, proc_exit_code(status));
	if (capture) {
		lua_insert(L, -3);
		return 3;
	}
	return 1;
}

/* net.kill(pid [, signal]) */
static int l_kill(lua_State *L)
{
	pid_t pid = (pid_t)luaL_checkinteger(L, 1);
	int sig = (int)luaL_optinteger(L, 2, SIGTERM);
	luaL_argcheck(L, pid > 1, 1, "not a child's pid");
	if (kill(pid, sig) < 0)
		return l_fail(L, -errno, "kill %d: %s", (int)pid, strerror(errno));
	lua_pushboolean(L, 1);
	return 1;
}

/* net.wait(pid [, nohang]) -> code | false (still running) */
static int l_wait(lua_State *L)
{
	pid_t pid = (pid_t)luaL_checkinteger(L, 1);
	int status;
	pid_t r;
	do
		r = waitpid(pid, &status, lua_toboolean(L, 2) ? WNOHANG : 0);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return l_fail(L, -errno, "wait %d: %s", (int)pid, strerror(errno));
	if (r == 0) {
		lua_pushboolean(L, 0);
		return 1;
	}
	lua_pushinteger(L, proc_exit_code(status));
	return 1;
}

const luaL_Reg l_proc_funcs[] = {
	{"run", l_run},
	{"lesson_context", l_lesson_context},
	{"kill", l_kill},
	{"wait", l_wait},
	{NULL, NULL}
};
