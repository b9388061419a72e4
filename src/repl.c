/*
 * repl.c -- the interactive shell's loop, modelled on lua.c: readline when
 * stdin is a terminal (callback interface, so captures running in the
 * background can print while the learner types), plain lines otherwise.
 * What a line means is decided in Lua (lua/netlearn/shell.lua); this file only
 * reads, prompts, completes, keeps history and handles signals.
 *
 * Ctrl-C never kills the shell: at the prompt it drops the line; while Lua runs
 * the handler only arms a hook that raises "interrupted" at the next
 * instruction, and C primitives that wait, the pattern matcher, table.sort and
 * table.move poll nl_interrupted. SIGTERM and SIGHUP end the shell the same
 * way, and a timer ends the process QUIT_GRACE_MS later whatever still runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <readline/readline.h>
#include <readline/history.h>
#include "luax.h"
#include "netlearn.h"
#include "repl.h"

#define QUIT_GRACE_MS 1000   /* after SIGTERM / SIGHUP, at most this long to end */

static volatile sig_atomic_t in_lua;

static lua_State *gL;
static int shell_ref = LUA_NOREF;
static int tty;
static char history_path[PATH_MAX];
static char *pending_line;
static int pending_eof, have_pending;

static void lstop(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	lua_sethook(L, NULL, 0, 0);
	luaL_error(L, "interrupted");
}

static void arm_hook(void)
{
	if (in_lua)
		lua_sethook(gL, lstop, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

static int repl_active;      /* the shell's loop runs (history to save on the way out) */

static void on_sigint(int sig)
{
	(void)sig;
	nl_interrupted = 1;
	arm_hook();
}


/* The last resort after SIGTERM / SIGHUP: whatever still runs (a C call that
 * looks at no flag, a finisher that hangs), netlearn ends now. */
static void on_alarm(int sig)
{
	(void)sig;
	_exit(128 + (nl_stop_signal ? nl_stop_signal : SIGTERM));
}

static void on_quit(int sig)
{
	/* Outside the shell (check, run) there is nothing to save: the sandbox
	 * takes every namespace and process with us, so stop at once. */
	if (!repl_active)
		_exit(128 + sig);
	if (!nl_stop_signal) {
		/* the shell ends on its own way (history, finishers) if it can
		 * within QUIT_GRACE_MS, then on_alarm ends it */
		struct itimerval it = {{0, 0}, {QUIT_GRACE_MS / 1000, QUIT_GRACE_MS % 1000 * 1000}};
		setitimer(ITIMER_REAL, &it, NULL);
	}
	nl_stop_signal = sig;
	nl_interrupted = 1;
	arm_hook();
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;      /* no SA_RESTART: waits must see EINTR */
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_quit;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
}

static int msghandler(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	if (msg == NULL)
		msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	luaL_traceback(L, L, msg, 1);
	return 1;
}

/* Call shell.NAME(args...) with NARGS already pushed; leaves NRES results or
 * none (on error, reported). Returns 0 on success. */
static int call_shell(const char *name, int nargs, int nres)
{
	lua_State *L = gL;
	int base, st, was = in_lua;     /* completion at a lesson's question calls in from Lua */
	lua_rawgeti(L, LUA_REGISTRYINDEX, shell_ref);
	lua_getfield(L, -1, name);
	lua_remove(L, -2);
	lua_insert(L, -nargs - 1);
	base = lua_gettop(L) - nargs;
	lua_pushcfunction(L, msghandler);
	lua_insert(L, base);
	nl_interrupted = 0;
	in_lua = 1;
	st = lua_pcall(L, nargs, nres, base);
	in_lua = was;
	lua_sethook(L, NULL, 0, 0);
	lua_remove(L, base);
	if (st != LUA_OK) {
		fprintf(stderr, "netlearn: internal error in shell.%s: %s\n", name, lua_tostring(L, -1));
		lua_pop(L, 1);
		return -1;
	}
	return 0;
}

static const char *shell_string(const char *name, int arg)
{
	static char buf[256];
	lua_pushboolean(gL, arg);
	if (call_shell(name, 1, 1) < 0)
		return "netlearn> ";
	snprintf(buf, sizeof buf, "%s", luaL_optstring(gL, -1, "netlearn> "));
	lua_pop(gL, 1);
	return buf;
}

/* feed one line (LEN bytes: a NUL in it reaches shell.feed, which refuses
 * it); returns "ok" / "more" / "error" / "exit" as a static string */
static const char *feed(const char *line, size_t len)
{
	static char result[16];
	lua_pushlstring(gL, line, len);
	if (call_shell("feed", 1, 1) < 0)
		return "error";
	snprintf(result, sizeof result, "%s", luaL_optstring(gL, -1, "ok"));
	lua_pop(gL, 1);
	return result;
}

/* ---- history -------------------------------------------------------------- */

/* The history file is the learner's: read and written through the file broker
 * (broker.c), with the learner's rights, not the lab root's. Readline's own
 * read_history() and friends take a path and would open it in the sandbox. */

#define HISTORY_MAX 2000

/* The whole file, NUL-terminated (malloc'd), or NULL; *len its size. */
static char *history_slurp(size_t *len)
{
	int fd = broker_open(history_path, O_RDONLY, 0);
	size_t cap = 4096, n = 0;
	char *buf, *nb;
	ssize_t r;
	if (fd < 0)
		return NULL;
	if (!(buf = malloc(cap)))
		goto out;
	for (;;) {
		if (n + 1 >= cap) {
			if (!(nb = realloc(buf, cap *= 2))) {
				free(buf);
				buf = NULL;
				goto out;
			}
			buf = nb;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*len = n;
out:
	close(fd);
	return buf;
}

static void history_open(void)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char *buf, *p, *nl, *slash;
	size_t len;
	if (state && *state)
		snprintf(history_path, sizeof history_path, "%s/netlearn/history", state);
	else if (home && *home)
		snprintf(history_path, sizeof history_path, "%s/.local/state/netlearn/history", home);
	else
		return;
	if ((slash = strrchr(history_path, '/')) != NULL && slash != history_path) {
		*slash = '\0';
		broker_mkdirs(history_path, 0700);
		*slash = '/';
	}
	using_history();
	stifle_history(HISTORY_MAX);
	if (!(buf = history_slurp(&len)))
		return;
	/* like read_history(): one entry a line, empty lines skipped */
	for (p = buf; p < buf + len; p = nl + 1) {
		if (!(nl = memchr(p, '\n', (size_t)(buf + len - p))))
			nl = buf + len;
		*nl = '\0';
		if (*p)
			add_history(p);
	}
	free(buf);
}

static void history_keep(const char *line)
{
	HIST_ENTRY *last;
	int fd;
	if (!*line || line[0] == ' ')
		return;
	last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
	if (last && !strcmp(last->line, line))
		return;
	add_history(line);
	if (!history_path[0])
		return;
	fd = broker_open(history_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd >= 0) {
		dprintf(fd, "%s\n", line);
		close(fd);
	}
}

/* like history_truncate_file(): keep the file's last HISTORY_MAX lines */
static void history_close(void)
{
	char tmp[PATH_MAX + 8], *buf, *start;
	size_t len, lines = 0;
	int fd;
	if (!history_path[0] || !tty || !(buf = history_slurp(&len)))
		return;
	for (start = buf + len; start > buf; start--)
		if (start[-1] == '\n' && start != buf + len && ++lines == HISTORY_MAX)
			break;
	snprintf(tmp, sizeof tmp, "%s.tmp", history_path);
	if (start > buf && (fd = broker_open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600)) >= 0) {
		size_t left = len - (size_t)(start - buf);
		ssize_t w = 1;
		while (left > 0 && (w = write(fd, start, left)) > 0) {
			start += w;
			left -= (size_t)w;
		}
		close(fd);
		if (w > 0)
			broker_rename(tmp, history_path);
		else
			broker_remove(tmp);
	}
	free(buf);
}

/* ---- completion ----------------------------------------------------------- */

static char **completions;
static size_t ncompletions;

static char *completion_gen(const char *text, int state)
{
	static size_t i;
	(void)text;
	if (!state)
		i = 0;
	return i < ncompletions ? strdup(completions[i++]) : NULL;
}

static char **complete(const char *text, int start, int end)
{
	size_t i, n;
	(void)end;
	rl_attempted_completion_over = 1;
	lua_pushstring(gL, text);
	lua_pushstring(gL, rl_line_buffer);
	lua_pushinteger(gL, start);
	if (call_shell("complete", 3, 1) < 0)
		return NULL;
	for (i = 0; i < ncompletions; i++)
		free(completions[i]);
	free(completions);
	completions = NULL;
	ncompletions = 0;
	if (lua_istable(gL, -1)) {
		n = (size_t)lua_rawlen(gL, -1);
		completions = calloc(n ? n : 1, sizeof(char *));
		for (i = 0; completions && i < n; i++) {
			lua_rawgeti(gL, -1, (lua_Integer)i + 1);
			if (lua_isstring(gL, -1))
				completions[ncompletions++] = strdup(lua_tostring(gL, -1));
			lua_pop(gL, 1);
		}
	}
	lua_pop(gL, 1);
	/* a directory (the completer ends it in '/') is completed further, as
	 * bash does with file names: no space after it */
	if (ncompletions == 1) {
		size_t len = strlen(completions[0]);
		if (len && completions[0][len - 1] == '/')
			rl_completion_append_character = '\0';
	}
	return ncompletions ? rl_completion_matches(text, completion_gen) : NULL;
}

/* ---- Lua-facing functions (module netlearn.repl) -------------------------- */

static void line_handler(char *line)
{
	pending_line = line;
	pending_eof = line == NULL;
	have_pending = 1;
	rl_callback_handler_remove();
}

static char *asked_line;
static int asked_done;

static void asked_handler(char *line)
{
	asked_line = line;
	asked_done = 1;
	rl_callback_handler_remove();
}

/* Read one answer on the terminal. Ctrl-C cancels the question (NULL, and
 * *intr set) instead of arming the Lua hook, which would raise "interrupted"
 * later, in whatever Lua code ran next. */
static char *ask_tty(const char *prompt, int *intr)
{
	int was = in_lua;
	in_lua = 0;
	nl_interrupted = 0;
	asked_line = NULL;
	asked_done = 0;
	rl_callback_handler_install(prompt, asked_handler);
	while (!asked_done && !nl_stop_signal) {
		fd_set set;
		int r;
		FD_ZERO(&set);
		FD_SET(0, &set);
		r = select(1, &set, NULL, NULL, NULL);
		if (r < 0) {
			if (errno != EINTR)
				break;
			if (nl_interrupted) {
				*intr = 1;
				rl_replace_line("", 0);
				fputs("^C\n", stdout);
				fflush(stdout);
				break;
			}
			continue;
		}
		rl_callback_read_char();
	}
	if (!asked_done)
		rl_callback_handler_remove();
	if (!nl_stop_signal)
		nl_interrupted = 0;
	in_lua = was;
	return asked_line;
}

/* repl.read(prompt) -> line | nil [, "interrupted"]: a question asked by a lesson or quiz */
static int l_read(lua_State *L)
{
	const char *prompt = luaL_optstring(L, 1, "? ");
	char *line;
	size_t len = 0;
	int intr = 0;
	if (tty) {
		line = ask_tty(prompt, &intr);
		len = line ? strlen(line) : 0;
		if (intr) {
			lua_pushnil(L);
			lua_pushliteral(L, "interrupted");
			return 2;
		}
	} else {
		size_t cap = 0;
		ssize_t n;
		line = NULL;
		n = getline(&line, &cap, stdin);
		if (n < 0) {
			free(line);
			line = NULL;
		} else {
			if (n > 0 && line[n - 1] == '\n')
				line[--n] = '\0';
			len = (size_t)n;
		}
	}
	if (!line)
		return 0;
	/* every byte: an answer with a NUL must not pass for what comes before it */
	lua_pushlstring(L, line, len);
	free(line);
	return 1;
}

/* repl.columns() -> the terminal's width, or nil when output is not a terminal */
static int l_columns(lua_State *L)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0 || ws.ws_col == 0)
		return 0;
	lua_pushinteger(L, ws.ws_col);
	return 1;
}

static int l_interactive(lua_State *L)
{
	lua_pushboolean(L, isatty(0));
	return 1;
}

/* repl.reap(): collect children that ended (we are the sandbox's init) */
static int l_reap(lua_State *L)
{
	(void)L;
	sandbox_reap();
	return 0;
}

static const luaL_Reg repl_funcs[] = {
	{"read", l_read},
	{"interactive", l_interactive},
	{"columns", l_columns},
	{"reap", l_reap},
	{NULL, NULL}
};

static int open_repl(lua_State *L)
{
	luaL_newlib(L, repl_funcs);
	return 1;
}

void repl_register(lua_State *L)
{
	gL = L;
	lua_getglobal(L, "package");
	lua_getfield(L, -1, "preload");
	lua_pushcfunction(L, open_repl);
	lua_setfield(L, -2, "netlearn.repl");
	lua_pop(L, 2);
	install_signals();
}

/* ---- the loops ------------------------------------------------------------- */

static int watched_fds(fd_set *set, int maxfd)
{
	lua_Integer i, n;
	if (call_shell("watched", 0, 1) < 0)
		return maxfd;
	if (lua_istable(gL, -1)) {
		n = (lua_Integer)lua_rawlen(gL, -1);
		for (i = 1; i <= n; i++) {
			int fd;
			lua_rawgeti(gL, -1, i);
			fd = (int)lua_tointeger(gL, -1);
			lua_pop(gL, 1);
			if (fd >= 0 && fd < FD_SETSIZE) {
				FD_SET(fd, set);
				if (fd > maxfd)
					maxfd = fd;
			}
		}
	}
	lua_pop(gL, 1);
	return maxfd;
}

/* Print what a background job has to say without mangling the line being typed. */
static void async_output(int fd)
{
	int point = rl_point;
	char *saved = rl_copy_text(0, rl_end);
	rl_save_prompt();
	rl_replace_line("", 0);
	rl_redisplay();
	lua_pushinteger(gL, fd);
	call_shell("on_ready", 1, 0);
	fflush(stdout);
	rl_restore_prompt();
	rl_replace_line(saved, 0);
	rl_point = point;
	rl_forced_update_display();
	free(saved);
}

static int finish(void)
{
	int status = 0;
	if (call_shell("finish", 0, 1) == 0) {
		status = (int)luaL_optinteger(gL, -1, 0);
		lua_pop(gL, 1);
	}
	history_close();
	return status;
}

static int run_tty(void)
{
	int more = 0;
	rl_catch_signals = 0;
	rl_readline_name = "netlearn";
	rl_attempted_completion_function = complete;
	rl_basic_word_break_characters = " \t\n\"'><=;|&(";
	history_open();
	rl_callback_handler_install(shell_string("prompt", more), line_handler);
	while (!nl_stop_signal) {
		fd_set set;
		struct timeval tv = {0, 250000};
		int maxfd, r, fd, err;
		FD_ZERO(&set);
		FD_SET(0, &set);
		maxfd = watched_fds(&set, 0);
		r = select(maxfd + 1, &set, NULL, NULL, &tv);
		err = errno;
		sandbox_reap();
		if (r < 0) {
			if (err != EINTR)
				break;
			if (nl_interrupted && !nl_stop_signal) {
				/* Ctrl-C at the prompt: drop the line, fresh prompt */
				nl_interrupted = 0;
				more = 0;
				call_shell("cancel", 0, 0);
				rl_replace_line("", 0);
				fputs("^C\n", stdout);
				rl_on_new_line();
				rl_set_prompt(shell_string("prompt", more));
				rl_redisplay();
			}
			continue;
		}
		for (fd = 1; fd <= maxfd; fd++)
			if (FD_ISSET(fd, &set))
				async_output(fd);
		if (!FD_ISSET(0, &set))
			continue;
		rl_callback_read_char();
		if (!have_pending)
			continue;
		have_pending = 0;
		if (pending_eof) {
			fputs("\n", stdout);
			break;
		}
		history_keep(pending_line);
		{
			const char *res = feed(pending_line, strlen(pending_line));
			free(pending_line);
			pending_line = NULL;
			if (!strcmp(res, "exit"))
				break;
			more = !strcmp(res, "more");
		}
		if (!nl_stop_signal)
			rl_callback_handler_install(shell_string("prompt", more), line_handler);
	}
	rl_callback_handler_remove();
	return finish();
}

static int run_pipe(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int status = 0;
	while (!nl_stop_signal && (n = getline(&line, &cap, stdin)) >= 0) {
		const char *res;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		res = feed(line, (size_t)n);
		call_shell("poll", 0, 0);
		sandbox_reap();
		if (!strcmp(res, "error")) {
			status = 1;
			break;
		}
		if (!strcmp(res, "exit"))
			break;
	}
	if (n < 0 && ferror(stdin) && !nl_stop_signal) {    /* EOF is fine; EISDIR, EIO are not */
		fprintf(stderr, "netlearn: cannot read standard input: %s\n", strerror(errno));
		status = 1;
	}
	free(line);
	{
		int st = finish();
		return status ? status : st;
	}
}

int repl_run(lua_State *L)
{
	int status;
	lua_getglobal(L, "require");
	lua_pushstring(L, "netlearn.shell");
	if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
		fprintf(stderr, "netlearn: %s\n", lua_tostring(L, -1));
		return 1;
	}
	shell_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	repl_active = 1;
	tty = isatty(0) && isatty(1);
	status = tty ? run_tty() : run_pipe();
	/* output that never arrived (a full disk, a closed stdout) is an error */
	{
		int fe = fflush(stdout) == EOF ? errno : 0;
		if ((fe || ferror(stdout)) && !status) {
			fprintf(stderr, "netlearn: cannot write standard output: %s\n", fe ? strerror(fe) : "write error");
			status = 1;
		}
	}
	if (nl_stop_signal && !status)
		status = 128 + nl_stop_signal;
	return status;
}
