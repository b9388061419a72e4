/*
 * l_http.c -- the Lua side of the lab's web traffic: net.http_serve (starts
 * the server of http.c in a forked lab process), net.http_get (curl's part:
 * connect with a timeout, one request, the answer parsed, failures in curl's
 * words) and net.tcp_connect (`nc -z`). Every socket is made inside the lab
 * namespace.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include "addrparse.h"
#include "luax.h"
#include "probe_util.h"
#include "http.h"
#include "quiet.h"

/* ---- net.tcp_connect ------------------------------------------------------ */

static int l_tcp_connect(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *host = luaL_checkstring(L, 2);
	lua_Integer port = luaL_checkinteger(L, 3);
	double timeout = luaL_optnumber(L, 4, 5.0);
	struct in_addr a;
	int r, gai, fd;
	if (port < 1 || port > 65535)
		return l_fail(L, -EINVAL, "port number invalid: %lld (use 1-65535)", (long long)port);
	if (!(timeout > 0))
		return l_fail(L, -EINVAL, "bad timeout %g (use seconds above 0)", timeout);
	if (!ns_exists(ns))
		return l_fail(L, -ENOENT, "%s: no such namespace", ns);
	r = probe_resolve(ns, host, &a, &gai);
	if (r == -EINVAL)
		return l_fail(L, r, "%s: not an IPv4 address (write it as a.b.c.d)", host);
	if (r < 0)
		return l_fail(L, r, "getaddrinfo for host \"%s\" port %lld: %s", host, (long long)port,
			      gai ? gai_strerror(gai) : strerror(-r));
	r = http_tcp_dial(ns, a, (int)port, timeout * 1e3, NULL, NULL, &fd);
	if (r == -ETIMEDOUT)
		return l_fail(L, r, "connect to %s port %lld (tcp) timed out: Operation now in progress",
			      inet_ntoa(a), (long long)port);
	if (r == -EINTR)
		return l_fail(L, r, "connect to %s port %lld (tcp): interrupted", inet_ntoa(a), (long long)port);
	if (r < 0)
		return l_fail(L, r, "connect to %s port %lld (tcp) failed: %s", inet_ntoa(a), (long long)port, strerror(-r));
	close(fd);
	lua_pushboolean(L, 1);
	return 1;
}

/* ---- net.http_get --------------------------------------------------------- */

/* curl's failure: nil, message, errno, curl exit code */
static int curl_fail(lua_State *L, int neg_errno, int curl_code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int curl_fail(lua_State *L, int neg_errno, int curl_code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	l_fail_plain(L, neg_errno, "%s", msg);
	lua_pushinteger(L, curl_code);
	return 4;
}

/* A connect timeout the quiet proof ended early (QUIET_MS >= 0): curl's
 * failure of the N values on the stack top, and the ms as a fifth value */
static int quiet_timeout(lua_State *L, double quiet_ms, int n)
{
	if (quiet_ms < 0)
		return n;
	lua_pushnumber(L, quiet_ms);
	return n + 1;
}


static void push_addr(lua_State *L, const char *k, int fd, int peer)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	char s[64];
	if ((peer ? getpeername(fd, (struct sockaddr *)&sa, &sl) : getsockname(fd, (struct sockaddr *)&sa, &sl)) < 0)
		return;
	snprintf(s, sizeof s, "%s:%d", inet_ntoa(sa.sin_addr), ntohs(sa.sin_port));
	l_setfield_str(L, k, s);
}

/* Parse the answer in B (head and body) into the result table on the stack top. */
static int parse_answer(lua_State *L, const char *a, size_t len, int head_only)
{
	const char *end = NULL, *line, *nl;
	char version[16], reason[256] = "";
	int status, n = 0;
	size_t i;
	for (i = 0; i + 3 < len; i++)
		if (!memcmp(a + i, "\r\n\r\n", 4)) {
			end = a + i + 2;
			break;
		}
	if (!end) {
		if (!head_only)
			return -EPROTO;
		end = a + len;
	}
	if (sscanf(a, "%15s %d %255[^\r\n]%n", version, &status, reason, &n) < 2 || strncmp(version, "HTTP/", 5))
		return -EPROTO;
	l_setfield_str(L, "version", version);
	l_setfield_int(L, "status", status);
	l_setfield_str(L, "reason", reason);
	lua_pushlstring(L, a, (size_t)(end - a) + (end + 2 <= a + len ? 2 : 0));
	lua_setfield(L, -2, "head");
	lua_newtable(L);        /* headers: lower-case name -> value */
	lua_newtable(L);        /* header_list: {name, value} in order */
	line = memchr(a, '\n', (size_t)(end - a));
	line = line ? line + 1 : end;
	while (line < end) {
		const char *colon, *v, *ve;
		nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			nl = end;
		ve = nl > line && nl[-1] == '\r' ? nl - 1 : nl;
		colon = memchr(line, ':', (size_t)(ve - line));
		if (colon) {
			luaL_Buffer lb;
			v = colon + 1;
			while (v < ve && (*v == ' ' || *v == '\t'))
				v++;
			luaL_buffinit(L, &lb);
			for (const char *c = line; c < colon; c++)
				luaL_addchar(&lb, (char)tolower((unsigned char)*c));
			luaL_pushresult(&lb);
			lua_pushlstring(L, v, (size_t)(ve - v));
			lua_settable(L, -4);
			lua_createtable(L, 2, 0);
			lua_pushlstring(L, line, (size_t)(colon - line));
			lua_rawseti(L, -2, 1);
			lua_pushlstring(L, v, (size_t)(ve - v));
			lua_rawseti(L, -2, 2);
			lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
		}
		line = nl + 1;
	}
	lua_setfield(L, -3, "header_list");
	lua_setfield(L, -2, "headers");
	end += 2;
	lua_pushlstring(L, end <= a + len ? end : a + len, end <= a + len ? (size_t)(a + len - end) : 0);
	lua_setfield(L, -2, "body");
	return 0;
}

static int l_http_get(lua_State *L)
{
	const char *ns, *url, *path, *method, *version;
	char host[256], scheme[32];
	double timeout, ctimeout, start, end, elapsed, quiet_ms = -1;
	struct quiet_watch qw;
	int quiet_on;
	struct in_addr a;
	struct http_buf req = {0}, ans = {0};
	int port, r, gai, fd = -1, head_only, ret;

	lua_settop(L, 3);
	ns = l_checkns(L, 1);
	url = luaL_checkstring(L, 2);
	if (!lua_isnil(L, 3))
		luaL_checktype(L, 3, LUA_TTABLE);
	method = l_optfield_str(L, 3, "method", "GET");
	version = l_optfield_str(L, 3, "version", "1.1");
	timeout = probe_optnum(L, 3, "timeout", 0);
	ctimeout = probe_optnum(L, 3, "connect_timeout", 0);
	quiet_on = quiet_l_opt(L, 3, &qw);
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return curl_fail(L, -EINVAL, 2, "method %s: only GET and HEAD are supported", method);
	if (strcmp(version, "1.0") && strcmp(version, "1.1"))
		return curl_fail(L, -EINVAL, 2, "HTTP version %s: use \"1.0\" or \"1.1\"", version);
	if (timeout < 0 || ctimeout < 0)
		return curl_fail(L, -EINVAL, 2, "a timeout must be a number of seconds above 0");
	if (!ns_exists(ns))
		return curl_fail(L, -ENOENT, 2, "%s: no such namespace", ns);
	head_only = !strcmp(method, "HEAD");
	r = http_parse_url(url, host, sizeof host, &port, &path, scheme, sizeof scheme);
	if (r == -ERANGE)
		return curl_fail(L, -EINVAL, 3, "URL rejected: Port number was not a decimal number between 0 and 65535");
	if (r < 0)
		return curl_fail(L, -EINVAL, 3, "URL rejected: Malformed input to a URL function");
	if (scheme[0] && strcasecmp(scheme, "http"))
		return curl_fail(L, -EPROTONOSUPPORT, 1, "Protocol \"%s\" not supported or disabled in libcurl", scheme);
	r = probe_resolve(ns, host, &a, &gai);
	if (r < 0)
		return curl_fail(L, r, 6, "Could not resolve host: %s", host);

	/* curl: --connect-timeout limits the connect, -m (timeout) the whole transfer;
	 * without either it waits for the kernel (about 2 minutes for SYNs) */
	{
		double c = ctimeout > 0 ? ctimeout : timeout;
		if (timeout > 0 && timeout < c)
			c = timeout;
		start = probe_now_ms();
		end = timeout > 0 ? start + timeout * 1e3 : -1;
		r = http_tcp_dial(ns, a, port, c > 0 ? c * 1e3 : -1, quiet_on ? &qw : NULL, &quiet_ms, &fd);
	}
	elapsed = probe_now_ms() - start;
	if (r == -ETIMEDOUT && ctimeout > 0 && (timeout <= 0 || ctimeout < timeout))
		return quiet_timeout(L, quiet_ms, curl_fail(L, r, 28, "Failed to connect to %s port %d after %.0f ms: "
							    "Timeout was reached", host, port, elapsed));
	if (r == -ETIMEDOUT)
		return quiet_timeout(L, quiet_ms, curl_fail(L, r, 28, "Connection timed out after %.0f milliseconds",
							    elapsed));
	if (r == -EINTR)
		return curl_fail(L, r, 130, "Operation aborted by Ctrl-C after %.0f milliseconds", elapsed);
	if (r < 0)
		return curl_fail(L, r, 7, "Failed to connect to %s port %d after %.0f ms: %s",
				 host, port, elapsed, strerror(-r));

	if (port == 80)
		http_buf_printf(&req, "%s %s HTTP/%s\r\nHost: %s\r\n", method, path, version, host);
	else
		http_buf_printf(&req, "%s %s HTTP/%s\r\nHost: %s:%d\r\n", method, path, version, host, port);
	http_buf_printf(&req, "User-Agent: netlearn/%s\r\nAccept: */*\r\nConnection: close\r\n\r\n", NETLEARN_VERSION);
	/* send all, then read to the end (Connection: close) */
	{
		size_t off = 0;
		while (off < req.len) {
			ssize_t n = send(fd, req.p + off, req.len - off, MSG_NOSIGNAL);
			if (n < 0 && errno == EAGAIN) {
				r = probe_wait_until(PROBE_STAT_ANSWER, fd, POLLOUT, end);
				if (r <= 0)
					goto timeout_or_intr;
				continue;
			}
			if (n < 0) {
				ret = curl_fail(L, -errno, 55, "Send failure: %s", strerror(errno));
				goto out;
			}
			off += (size_t)n;
		}
	}
	for (;;) {
		char chunk[16384];
		ssize_t n = recv(fd, chunk, sizeof chunk, 0);
		if (n > 0) {
			if (http_buf_add(&ans, chunk, (size_t)n) < 0) {
				ret = curl_fail(L, -ENOMEM, 27, "Out of memory");
				goto out;
			}
			if (head_only && ans.len >= 4 && strstr(ans.p, "\r\n\r\n"))
				break;
			continue;
		}
		if (n == 0)
			break;
		if (errno == EAGAIN) {
			r = probe_wait_until(PROBE_STAT_ANSWER, fd, POLLIN, end);
			if (r <= 0)
				goto timeout_or_intr;
			continue;
		}
		if (errno == EINTR)
			continue;
		ret = curl_fail(L, -errno, 56, "Recv failure: %s", strerror(errno));
		goto out;
	}
	if (ans.len == 0) {
		ret = curl_fail(L, -ECONNRESET, 52, "Empty reply from server");
		goto out;
	}
	lua_newtable(L);
	if (parse_answer(L, ans.p, ans.len, head_only) < 0) {
		lua_pop(L, 1);
		ret = curl_fail(L, -EPROTO, 1, "Received HTTP/0.9 when not allowed");
		goto out;
	}
	l_setfield_str(L, "url", url);
	push_addr(L, "local_addr", fd, 0);
	push_addr(L, "remote_addr", fd, 1);
	l_setfield_int(L, "time", (lua_Integer)(probe_now_ms() - start + 0.5));
	ret = 1;
	goto out;
timeout_or_intr:
	if (r == -EINTR)
		ret = curl_fail(L, r, 130, "Operation aborted by Ctrl-C after %.0f milliseconds", probe_now_ms() - start);
	else
		ret = curl_fail(L, -ETIMEDOUT, 28, "Operation timed out after %.0f milliseconds with %zu bytes received",
				probe_now_ms() - start, ans.len);
out:
	close(fd);
	free(req.p);
	free(ans.p);
	return ret;
}

/* ---- net.http_serve ------------------------------------------------------- */

static int l_http_serve(lua_State *L)
{
	const char *ns, *addr, *dir, *logpath;
	struct http_server s;
	struct sockaddr_in sa = {.sin_family = AF_INET};
	double port;
	struct stat st;
	int one = 1, r, quiet;
	pid_t pid;

	lua_settop(L, 2);
	ns = l_checkns(L, 1);
	if (!lua_isnil(L, 2))
		luaL_checktype(L, 2, LUA_TTABLE);
	addr = l_optfield_str(L, 2, "addr", "0.0.0.0");
	port = probe_optnum(L, 2, "port", 80);
	dir = l_optfield_str(L, 2, "dir", NULL);
	logpath = l_optfield_str(L, 2, "log", NULL);
	quiet = l_optfield_bool(L, 2, "quiet", 0);
	if (nl_lesson_context && (dir || logpath))
		return luaL_error(L, "net.http_serve: a lesson's server serves no directory and writes no log "
				  "(it answers with an empty listing)");
	memset(&s, 0, sizeof s);
	s.empty = nl_lesson_context;
	if (s.empty)
		quiet = 1;
	s.lfd = s.logfd = -1;
	if (parse_ipv4(addr, &sa.sin_addr.s_addr) < 0)
		return l_fail(L, -EINVAL, "%s: not an IPv4 address to bind to (write it as a.b.c.d, 0.0.0.0 for all)", addr);
	if (!(port >= 1 && port <= 65535) || port != (int)port)
		return l_fail(L, -EINVAL, "port %g: use a port number 1-65535", port);
	sa.sin_port = htons((uint16_t)port);
	if (s.empty) {
		s.root[0] = '\0';
	} else if (!dir) {
		if (!getcwd(s.root, sizeof s.root))
			return l_fail(L, -errno, "getcwd: %s", strerror(errno));
	} else if (!realpath(dir, s.root) || stat(s.root, &st) < 0 || !S_ISDIR(st.st_mode)) {
		return l_fail(L, -ENOTDIR, "%s: not a directory to serve", dir);
	}
	if (!strcmp(s.root, "/"))
		s.root[0] = '\0';       /* so that paths read "/etc", not "//etc" */
	if (!ns_exists(ns))
		return l_fail(L, -ENOENT, "%s: no such namespace", ns);
	s.lfd = probe_socket(ns, AF_INET, SOCK_STREAM, 0);
	if (s.lfd < 0)
		return l_fail(L, s.lfd, "socket: %s", strerror(-s.lfd));
	setsockopt(s.lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(s.lfd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(s.lfd, 64) < 0) {
		r = -errno;
		close(s.lfd);
		return l_fail(L, r, "[Errno %d] %s", -r, strerror(-r));
	}
	if (logpath) {
		s.logfd = broker_open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (s.logfd < 0) {
			r = s.logfd;
			close(s.lfd);
			return l_fail(L, r, "%s: %s", logpath, strerror(-r));
		}
	} else if (!quiet) {
		s.logfd = 2;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		r = -errno;
		close(s.lfd);
		if (s.logfd > 2)
			close(s.logfd);
		return l_fail(L, r, "fork: %s", strerror(-r));
	}
	if (pid == 0)
		http_server_main(&s);
	close(s.lfd);
	if (s.logfd > 2)
		close(s.logfd);
	lua_pushinteger(L, pid);
	return 1;
}

const luaL_Reg l_http_funcs[] = {
	{"http_serve", l_http_serve},
	{"http_get", l_http_get},
	{"tcp_connect", l_tcp_connect},
	{NULL, NULL}
};
