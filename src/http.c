/*
 * http.c -- the lab's web traffic: net.http_serve (a forked lab process that
 * answers like `python3 -m http.server`: directory listings, files, 404s, HEAD,
 * and a python-style access log on stderr), net.http_get (curl's part: connect
 * with a timeout, one request, the answer parsed, failures in curl's words) and
 * net.tcp_connect (`nc -z`). Every socket is made inside the lab namespace.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include "probe_util.h"

#define SERVER_NAME "netlearn-http/" NETLEARN_VERSION
#define HEAD_MAX 65536

/* ---- a growing buffer ----------------------------------------------------- */

struct buf { char *p; size_t len, cap; };

static int buf_add(struct buf *b, const void *d, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4096;
		char *np;
		while (cap < b->len + n + 1)
			cap *= 2;
		if (!(np = realloc(b->p, cap)))
			return -ENOMEM;
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int buf_printf(struct buf *b, const char *fmt, ...)
{
	char tmp[4096];
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	return buf_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* ---- connecting (http_get, tcp_connect) ---------------------------------- */

/* Non-blocking connect inside NS with a timeout. 0 and *fdp, or -errno
 * (-ETIMEDOUT when the time ran out, -EINTR on Ctrl-C). */
static int tcp_dial(const char *ns, struct in_addr addr, int port, double timeout_ms, int *fdp)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr = addr};
	int fd = probe_socket(ns, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), r = 0, w;
	socklen_t sl = sizeof r;
	if (fd < 0)
		return fd;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
		goto done;
	if (errno != EINPROGRESS) {
		r = -errno;
		goto fail;
	}
	w = probe_wait(fd, POLLOUT, timeout_ms);
	if (w == 0) {
		r = -ETIMEDOUT;
		goto fail;
	}
	if (w < 0) {
		r = w;
		goto fail;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &r, &sl) < 0)
		r = errno;
	if (r) {
		r = -r;
		goto fail;
	}
done:
	*fdp = fd;
	return 0;
fail:
	close(fd);
	return r;
}

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
	r = tcp_dial(ns, a, (int)port, timeout * 1e3, &fd);
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
	lua_pushnil(L);
	lua_pushstring(L, msg);
	lua_pushinteger(L, neg_errno < 0 ? -neg_errno : neg_errno);
	lua_pushinteger(L, curl_code);
	return 4;
}

/* "http://host[:port][/path]" (scheme optional, as with curl) */
static int parse_url(const char *url, char *host, size_t hl, int *port, const char **path, char *scheme, size_t sl)
{
	const char *p = strstr(url, "://"), *h, *e;
	size_t n;
	scheme[0] = '\0';
	if (p) {
		n = (size_t)(p - url);
		if (n >= sl)
			return -EINVAL;
		memcpy(scheme, url, n);
		scheme[n] = '\0';
		h = p + 3;
	} else {
		h = url;
	}
	e = h + strcspn(h, ":/?#");
	n = (size_t)(e - h);
	if (n == 0 || n >= hl)
		return -EINVAL;
	memcpy(host, h, n);
	host[n] = '\0';
	*port = 80;
	if (*e == ':') {
		char *end;
		long v = strtol(e + 1, &end, 10);
		if (end == e + 1 || v < 1 || v > 65535 || (*end && !strchr("/?#", *end)))
			return -ERANGE;
		*port = (int)v;
		e = end;
	}
	*path = *e ? e : "/";
	return 0;
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
	double timeout, ctimeout, start, end, elapsed;
	struct in_addr a;
	struct buf req = {0}, ans = {0};
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
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return curl_fail(L, -EINVAL, 2, "method %s: only GET and HEAD are supported", method);
	if (strcmp(version, "1.0") && strcmp(version, "1.1"))
		return curl_fail(L, -EINVAL, 2, "HTTP version %s: use \"1.0\" or \"1.1\"", version);
	if (timeout < 0 || ctimeout < 0)
		return curl_fail(L, -EINVAL, 2, "a timeout must be a number of seconds above 0");
	if (!ns_exists(ns))
		return curl_fail(L, -ENOENT, 2, "%s: no such namespace", ns);
	head_only = !strcmp(method, "HEAD");
	r = parse_url(url, host, sizeof host, &port, &path, scheme, sizeof scheme);
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
		r = tcp_dial(ns, a, port, c > 0 ? c * 1e3 : -1, &fd);
	}
	elapsed = probe_now_ms() - start;
	if (r == -ETIMEDOUT && ctimeout > 0 && (timeout <= 0 || ctimeout < timeout))
		return curl_fail(L, r, 28, "Failed to connect to %s port %d after %.0f ms: Timeout was reached",
				 host, port, elapsed);
	if (r == -ETIMEDOUT)
		return curl_fail(L, r, 28, "Connection timed out after %.0f milliseconds", elapsed);
	if (r == -EINTR)
		return curl_fail(L, r, 130, "Operation aborted by Ctrl-C after %.0f milliseconds", elapsed);
	if (r < 0)
		return curl_fail(L, r, 7, "Failed to connect to %s port %d after %.0f ms: %s",
				 host, port, elapsed, strerror(-r));

	if (port == 80)
		buf_printf(&req, "%s %s HTTP/%s\r\nHost: %s\r\n", method, path, version, host);
	else
		buf_printf(&req, "%s %s HTTP/%s\r\nHost: %s:%d\r\n", method, path, version, host, port);
	buf_printf(&req, "User-Agent: netlearn/%s\r\nAccept: */*\r\nConnection: close\r\n\r\n", NETLEARN_VERSION);
	/* send all, then read to the end (Connection: close) */
	{
		size_t off = 0;
		while (off < req.len) {
			ssize_t n = send(fd, req.p + off, req.len - off, MSG_NOSIGNAL);
			if (n < 0 && errno == EAGAIN) {
				r = probe_wait(fd, POLLOUT, end < 0 ? -1 : end - probe_now_ms());
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
			if (buf_add(&ans, chunk, (size_t)n) < 0) {
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
			r = probe_wait(fd, POLLIN, end < 0 ? -1 : end - probe_now_ms());
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

/* ---- the server (runs in the forked lab process) -------------------------- */

struct server {
	int lfd, logfd;
	int empty;              /* a lesson's server: an empty listing at /, nothing read from disk */
	char root[PATH_MAX];
};

static void log_line(const struct server *s, const char *client, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void log_line(const struct server *s, const char *client, const char *fmt, ...)
{
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
					  "Sep", "Oct", "Nov", "Dec"};
	char msg[2048];
	time_t now = time(NULL);
	struct tm tm;
	va_list ap;
	if (s->logfd < 0)
		return;
	localtime_r(&now, &tm);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	dprintf(s->logfd, "%s - - [%02d/%s/%04d %02d:%02d:%02d] %s\n", client, tm.tm_mday, mon[tm.tm_mon],
		tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, msg);
}

static void http_date(char *buf, size_t len, time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, len, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n > 0) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static void start_head(struct buf *b, int code, const char *reason)
{
	char date[64];
	http_date(date, sizeof date, time(NULL));
	buf_printf(b, "HTTP/1.0 %d %s\r\nServer: " SERVER_NAME "\r\nDate: %s\r\n", code, reason, date);
}

static void send_error(const struct server *s, int fd, const char *client, const char *reqline,
		       int code, const char *reason, const char *message, const char *explain, int head_only)
{
	struct buf b = {0}, body = {0};
	log_line(s, client, "code %d, message %s", code, message);
	buf_printf(&body, "<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"utf-8\">\n"
		   "        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n"
		   "        <p>Error code: %d</p>\n        <p>Message: %s.</p>\n"
		   "        <p>Error code explanation: %d - %s.</p>\n    </body>\n</html>\n",
		   code, message, code, explain);
	start_head(&b, code, reason);
	buf_printf(&b, "Connection: close\r\nContent-Type: text/html;charset=utf-8\r\nContent-Length: %zu\r\n\r\n", body.len);
	if (!head_only)
		buf_add(&b, body.p, body.len);
	write_all(fd, b.p, b.len);
	if (reqline)
		log_line(s, client, "\"%s\" %d -", reqline, code);
	free(b.p);
	free(body.p);
}

static const char *mime_type(const char *path)
{
	static const char *const map[][2] = {
		{".html", "text/html"}, {".htm", "text/html"}, {".txt", "text/plain"}, {".css", "text/css"},
		{".js", "text/javascript"}, {".json", "application/json"}, {".png", "image/png"},
		{".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".gif", "image/gif"}, {".svg", "image/svg+xml"},
		{".lua", "text/x-lua"}, {".c", "text/plain"}, {".h", "text/plain"}, {".md", "text/markdown"},
		{".sh", "application/x-sh"}, {".pdf", "application/pdf"}, {".xml", "text/xml"},
	};
	const char *dot = strrchr(path, '.');
	if (dot && !strchr(dot, '/'))
		for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
			if (!strcasecmp(dot, map[i][0]))
				return map[i][1];
	return "application/octet-stream";
}

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : isxdigit(c) ? (tolower(c) - 'a' + 10) : -1;
}

/* The path of URL (up to '?' or '#') with %XX decoded, into out (LEN bytes,
 * NUL-ended). Returns its length. */
static size_t url_path_decode(const char *url, char *out, size_t len)
{
	size_t n = 0;
	for (const char *p = url; *p && *p != '?' && *p != '#' && n + 1 < len; p++) {
		if (*p == '%' && hexval((unsigned char)p[1]) >= 0 && hexval((unsigned char)p[2]) >= 0) {
			out[n++] = (char)(hexval((unsigned char)p[1]) * 16 + hexval((unsigned char)p[2]));
			p += 2;
		} else {
			out[n++] = *p;
		}
	}
	out[n] = '\0';
	return n;
}

/* URL path -> file system path under root, dropping '.', '..' and empty parts
 * as python's translate_path does. */
static void translate(const struct server *s, const char *url, char *out, size_t len)
{
	char dec[PATH_MAX];
	size_t n = url_path_decode(url, dec, sizeof dec), o;
	o = (size_t)snprintf(out, len, "%s", s->root);
	for (char *save = NULL, *w = strtok_r(dec, "/", &save); w; w = strtok_r(NULL, "/", &save)) {
		if (!strcmp(w, ".") || !strcmp(w, ".."))
			continue;
		if (o < len)
			o += (size_t)snprintf(out + o, len - o, "/%s", w);
	}
	if (n && dec[0] && url[strcspn(url, "?#") - 1] == '/' && o < len)
		snprintf(out + o, len - o, "/");
}

static void html_escape(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '&') buf_printf(b, "&amp;");
		else if (*s == '<') buf_printf(b, "&lt;");
		else if (*s == '>') buf_printf(b, "&gt;");
		else buf_add(b, s, 1);
	}
}

static void url_quote(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || strchr("_.-~/", c))
			buf_add(b, s, 1);
		else
			buf_printf(b, "%%%02X", c);
	}
}

static int cmp_lower(const void *a, const void *b)
{
	return strcasecmp(*(char *const *)a, *(char *const *)b);
}

static void send_listing(const struct server *s, int fd, const char *client, const char *reqline,
			 const char *fspath, const char *urlpath, int head_only)
{
	struct buf b = {0}, body = {0};
	char title[PATH_MAX + 32], dec[PATH_MAX];
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *e;
	DIR *d = fspath ? opendir(fspath) : NULL;
	if (fspath && !d) {
		send_error(s, fd, client, reqline, 404, "Not Found", "No permission to list directory",
			   "Nothing matches the given URI", head_only);
		return;
	}
	while (d && (e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);
			if (!nn)
				break;
			names = nn;
		}
		names[n++] = strdup(e->d_name);
	}
	if (d)
		closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_lower);
	/* the title shows the URL path, decoded, without the query */
	url_path_decode(urlpath, dec, sizeof dec);
	snprintf(title, sizeof title, "Directory listing for %s", dec);
	buf_printf(&body, "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	html_escape(&body, title);
	buf_printf(&body, "</title>\n</head>\n<body>\n<h1>");
	html_escape(&body, title);
	buf_printf(&body, "</h1>\n<hr>\n<ul>\n");
	for (i = 0; i < n; i++) {
		char full[PATH_MAX * 2 + 300];
		struct stat st, lst;
		const char *suffix = "", *lsuffix = "";
		snprintf(full, sizeof full, "%s/%s", fspath, names[i]);
		if (stat(full, &st) == 0 && S_ISDIR(st.st_mode))
			suffix = lsuffix = "/";
		if (lstat(full, &lst) == 0 && S_ISLNK(lst.st_mode))
			suffix = "@";
		buf_printf(&body, "<li><a href=\"");
		url_quote(&body, names[i]);
		buf_printf(&body, "%s\">", lsuffix);
		html_escape(&body, names[i]);
		buf_printf(&body, "%s</a></li>\n", suffix);
		free(names[i]);
	}
	free(names);
	buf_printf(&body, "</ul>\n<hr>\n</body>\n</html>\n");
	start_head(&b, 200, "OK");
	buf_printf(&b, "Content-type: text/html; charset=utf-8\r\nContent-Length: %zu\r\n\r\n", body.len);
	if (!head_only)
		buf_add(&b, body.p, body.len);
	write_all(fd, b.p, b.len);
	log_line(s, client, "\"%s\" 200 -", reqline);
	free(b.p);
	free(body.p);
}

static void send_file(const struct server *s, int fd, const char *client, const char *reqline,
		      const char *fspath, int head_only)
{
	struct buf b = {0};
	struct stat st;
	char date[64];
	int f = open(fspath, O_RDONLY | O_CLOEXEC);
	if (f < 0 || fstat(f, &st) < 0) {
		if (f >= 0)
			close(f);
		send_error(s, fd, client, reqline, 404, "Not Found", "File not found",
			   "Nothing matches the given URI", head_only);
		return;
	}
	http_date(date, sizeof date, st.st_mtime);
	start_head(&b, 200, "OK");
	buf_printf(&b, "Content-type: %s\r\nContent-Length: %lld\r\nLast-Modified: %s\r\n\r\n",
		   mime_type(fspath), (long long)st.st_size, date);
	write_all(fd, b.p, b.len);
	log_line(s, client, "\"%s\" 200 -", reqline);
	if (!head_only) {
		char chunk[65536];
		ssize_t n;
		while ((n = read(f, chunk, sizeof chunk)) > 0)
			if (write_all(fd, chunk, (size_t)n) < 0)
				break;
	}
	close(f);
	free(b.p);
}

/* One connection, one request (HTTP/1.0 as python's server answers). */
static void serve_one(const struct server *s, int fd, const char *client)
{
	char head[HEAD_MAX], method[16], path[PATH_MAX], version[16], fspath[PATH_MAX * 2];
	char reqline[HEAD_MAX];
	size_t len = 0;
	struct stat st;
	int head_only, fields;
	char *eol;
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t n;
		if (poll(&p, 1, 10000) <= 0)
			return;         /* python would wait; a silent client gets dropped here */
		n = read(fd, head + len, sizeof head - 1 - len);
		if (n <= 0)
			return;
		len += (size_t)n;
		head[len] = '\0';
		if (strstr(head, "\r\n\r\n") || strstr(head, "\n\n") || len == sizeof head - 1)
			break;
	}
	eol = strpbrk(head, "\r\n");
	if (eol)
		*eol = '\0';
	snprintf(reqline, sizeof reqline, "%s", head);
	fields = sscanf(head, "%15s %4095s %15s", method, path, version);
	if (fields < 2 || (fields == 3 && strncmp(version, "HTTP/", 5))) {
		send_error(s, fd, client, reqline, 400, "Bad Request", "Bad request syntax",
			   "Bad request syntax or unsupported method", 0);
		return;
	}
	head_only = !strcmp(method, "HEAD");
	if (strcmp(method, "GET") && !head_only) {
		char msg[64];
		snprintf(msg, sizeof msg, "Unsupported method ('%s')", method);
		send_error(s, fd, client, reqline, 501, "Not Implemented", msg,
			   "Server does not support this operation", 0);
		return;
	}
	if (s->empty) {
		char dec[PATH_MAX];
		url_path_decode(path, dec, sizeof dec);
		if (!strcmp(dec, "/"))
			send_listing(s, fd, client, reqline, NULL, path, head_only);
		else
			send_error(s, fd, client, reqline, 404, "Not Found", "File not found",
				   "Nothing matches the given URI", head_only);
		return;
	}
	translate(s, path, fspath, sizeof fspath);
	if (stat(fspath, &st) == 0 && S_ISDIR(st.st_mode)) {
		size_t pl = strcspn(path, "?#");
		char index[PATH_MAX * 2 + 16];
		if (pl == 0 || path[pl - 1] != '/') {
			struct buf b = {0};
			start_head(&b, 301, "Moved Permanently");
			buf_printf(&b, "Location: %.*s/%s\r\nContent-Length: 0\r\n\r\n", (int)pl, path, path + pl);
			write_all(fd, b.p, b.len);
			log_line(s, client, "\"%s\" 301 -", reqline);
			free(b.p);
			return;
		}
		snprintf(index, sizeof index, "%s/index.html", fspath);
		if (access(index, R_OK) == 0) {
			send_file(s, fd, client, reqline, index, head_only);
			return;
		}
		snprintf(index, sizeof index, "%s/index.htm", fspath);
		if (access(index, R_OK) == 0) {
			send_file(s, fd, client, reqline, index, head_only);
			return;
		}
		send_listing(s, fd, client, reqline, fspath, path, head_only);
		return;
	}
	if (fspath[strlen(fspath) - 1] == '/') {     /* "file/" is not a file */
		send_error(s, fd, client, reqline, 404, "Not Found", "File not found",
			   "Nothing matches the given URI", head_only);
		return;
	}
	send_file(s, fd, client, reqline, fspath, head_only);
}

static void __attribute__((noreturn)) server_main(struct server *s)
{
	struct sigaction sa;
	sigset_t none;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_flags = SA_NOCLDWAIT;     /* connection children reap themselves */
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setpgid(0, 0);                  /* Ctrl-C at the prompt is not for us */
	for (int fd = 3; fd < 1024; fd++)
		if (fd != s->lfd && fd != s->logfd)
			close(fd);
	for (;;) {
		struct sockaddr_in peer;
		socklen_t pl = sizeof peer;
		int c = accept4(s->lfd, (struct sockaddr *)&peer, &pl, SOCK_CLOEXEC);
		pid_t pid;
		if (c < 0) {
			if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE)
				continue;
			_exit(1);
		}
		pid = fork();
		if (pid == 0) {
			close(s->lfd);
			serve_one(s, c, inet_ntoa(peer.sin_addr));
			shutdown(c, SHUT_WR);
			close(c);
			_exit(0);
		}
		if (pid < 0)            /* no process to spare: serve it ourselves */
			serve_one(s, c, inet_ntoa(peer.sin_addr));
		close(c);
	}
}

static int l_http_serve(lua_State *L)
{
	const char *ns, *addr, *dir, *logpath;
	struct server s;
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
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
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
		server_main(&s);
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
