/*
 * http.c -- the lab's web traffic, the parts without Lua: a growing buffer,
 * a connect inside a namespace with a timeout, the URL parser (http_get's and
 * tcp_connect's side), and the web server net.http_serve forks into the lab,
 * which answers like `python3 -m http.server`: directory listings, files, 404s,
 * HEAD, and a python-style access log on stderr. The bindings are in l_http.c.
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
#include "addrparse.h"
#include "probe_util.h"
#include "http.h"
#include "proc.h"
#include "quiet.h"

#define SERVER_NAME "netlearn-http/" NETLEARN_VERSION
#define HEAD_MAX 65536

/* ---- a growing buffer ----------------------------------------------------- */

int http_buf_add(struct http_buf *b, const void *d, size_t n)
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

int http_buf_printf(struct http_buf *b, const char *fmt, ...)
{
	char tmp[4096];
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	return http_buf_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* ---- connecting (http_get, tcp_connect) ---------------------------------- */

/* Wait for the connect to finish, looking at the lab after each empty slice.
 * Proved quiet with no SYN-ACK or RST in: none can come, as the kernel's SYN
 * retransmit would meet the same lab (a listener that dropped the SYN for a
 * full accept queue is the exception: quiet.lua checks ListenDrops). Returns
 * as probe_wait does; 0 with *QUIET_MS set when proved. */
static int dial_wait_quiet(int fd, double timeout_ms, struct quiet_watch *qw, double *quiet_ms)
{
	double t0 = probe_now_ms(), end = timeout_ms < 0 ? -1 : t0 + timeout_ms;
	for (;;) {
		double now = probe_now_ms(), slice = qw->interval_ms;
		int w, q;
		if (end >= 0 && now >= end)
			return 0;
		if (end >= 0 && end - now < slice)
			slice = end - now;
		w = probe_wait_as(qw->looks ? PROBE_STAT_QUIET : PROBE_STAT_ANSWER, fd, POLLOUT, slice);
		if (w != 0)
			return w;
		q = quiet_watch_step(qw, probe_now_ms());
		if (q < 0)      /* cannot tell: wait the caller's timeout */
			return probe_wait_until(PROBE_STAT_ANSWER, fd, POLLOUT, end);
		if (q > 0) {
			/* nothing in flight: an answer would be in the socket now */
			w = probe_wait(fd, POLLOUT, 0);
			if (w == 0)
				*quiet_ms = probe_now_ms() - t0;
			return w;
		}
	}
}

/* Non-blocking connect inside NS with a timeout. 0 and *fdp, or -errno
 * (-ETIMEDOUT when the time ran out or the lab was proved quiet, -EINTR on Ctrl-C). */
int http_tcp_dial(const char *ns, struct in_addr addr, int port, double timeout_ms,
		  struct quiet_watch *qw, double *quiet_ms, int *fdp)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr = addr};
	int fd, r = 0, w;
	socklen_t sl = sizeof r;
	probe_begin();          /* each connection is a probe of its own */
	fd = probe_socket(ns, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return fd;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
		goto done;
	if (errno != EINPROGRESS) {
		r = -errno;
		goto fail;
	}
	w = qw ? dial_wait_quiet(fd, timeout_ms, qw, quiet_ms) : probe_wait(fd, POLLOUT, timeout_ms);
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

/* ---- the URL (http_get) ------------------------------------------------- */

/* "http://host[:port][/path]" (scheme optional, as with curl) */
int http_parse_url(const char *url, char *host, size_t hl, int *port, const char **path, char *scheme, size_t sl)
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

/* ---- the server (runs in the forked lab process) -------------------------- */


static void log_line(const struct http_server *s, const char *client, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void log_line(const struct http_server *s, const char *client, const char *fmt, ...)
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

static void start_head(struct http_buf *b, int code, const char *reason)
{
	char date[64];
	http_date(date, sizeof date, time(NULL));
	http_buf_printf(b, "HTTP/1.0 %d %s\r\nServer: " SERVER_NAME "\r\nDate: %s\r\n", code, reason, date);
}

static void send_error(const struct http_server *s, int fd, const char *client, const char *reqline,
		       int code, const char *reason, const char *message, const char *explain, int head_only)
{
	struct http_buf b = {0}, body = {0};
	log_line(s, client, "code %d, message %s", code, message);
	http_buf_printf(&body, "<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"utf-8\">\n"
		   "        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n"
		   "        <p>Error code: %d</p>\n        <p>Message: %s.</p>\n"
		   "        <p>Error code explanation: %d - %s.</p>\n    </body>\n</html>\n",
		   code, message, code, explain);
	start_head(&b, code, reason);
	http_buf_printf(&b, "Connection: close\r\nContent-Type: text/html;charset=utf-8\r\nContent-Length: %zu\r\n\r\n", body.len);
	if (!head_only)
		http_buf_add(&b, body.p, body.len);
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
static void translate(const struct http_server *s, const char *url, char *out, size_t len)
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

static void html_escape(struct http_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '&') http_buf_printf(b, "&amp;");
		else if (*s == '<') http_buf_printf(b, "&lt;");
		else if (*s == '>') http_buf_printf(b, "&gt;");
		else http_buf_add(b, s, 1);
	}
}

static void url_quote(struct http_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || strchr("_.-~/", c))
			http_buf_add(b, s, 1);
		else
			http_buf_printf(b, "%%%02X", c);
	}
}

static int cmp_lower(const void *a, const void *b)
{
	return strcasecmp(*(char *const *)a, *(char *const *)b);
}

static void send_listing(const struct http_server *s, int fd, const char *client, const char *reqline,
			 const char *fspath, const char *urlpath, int head_only)
{
	struct http_buf b = {0}, body = {0};
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
	http_buf_printf(&body, "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	html_escape(&body, title);
	http_buf_printf(&body, "</title>\n</head>\n<body>\n<h1>");
	html_escape(&body, title);
	http_buf_printf(&body, "</h1>\n<hr>\n<ul>\n");
	for (i = 0; i < n; i++) {
		char full[PATH_MAX * 2 + 300];
		struct stat st, lst;
		const char *suffix = "", *lsuffix = "";
		snprintf(full, sizeof full, "%s/%s", fspath, names[i]);
		if (stat(full, &st) == 0 && S_ISDIR(st.st_mode))
			suffix = lsuffix = "/";
		if (lstat(full, &lst) == 0 && S_ISLNK(lst.st_mode))
			suffix = "@";
		http_buf_printf(&body, "<li><a href=\"");
		url_quote(&body, names[i]);
		http_buf_printf(&body, "%s\">", lsuffix);
		html_escape(&body, names[i]);
		http_buf_printf(&body, "%s</a></li>\n", suffix);
		free(names[i]);
	}
	free(names);
	http_buf_printf(&body, "</ul>\n<hr>\n</body>\n</html>\n");
	start_head(&b, 200, "OK");
	http_buf_printf(&b, "Content-type: text/html; charset=utf-8\r\nContent-Length: %zu\r\n\r\n", body.len);
	if (!head_only)
		http_buf_add(&b, body.p, body.len);
	write_all(fd, b.p, b.len);
	log_line(s, client, "\"%s\" 200 -", reqline);
	free(b.p);
	free(body.p);
}

static void send_file(const struct http_server *s, int fd, const char *client, const char *reqline,
		      const char *fspath, int head_only)
{
	struct http_buf b = {0};
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
	http_buf_printf(&b, "Content-type: %s\r\nContent-Length: %lld\r\nLast-Modified: %s\r\n\r\n",
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
static void serve_one(const struct http_server *s, int fd, const char *client)
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
			struct http_buf b = {0};
			start_head(&b, 301, "Moved Permanently");
			http_buf_printf(&b, "Location: %.*s/%s\r\nContent-Length: 0\r\n\r\n", (int)pl, path, path + pl);
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


void http_server_main(struct http_server *s)
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
	proc_close_inherited((int[]){ s->lfd, s->logfd }, 2);
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
