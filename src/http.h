/*
 * http.h -- what http.c (buffer, connect, URL parser, the web server) and
 * l_http.c (net.http_get, net.http_serve, net.tcp_connect) share.
 */
#ifndef NETLEARN_HTTP_H
#define NETLEARN_HTTP_H

#include <limits.h>
#include <stddef.h>
#include <netinet/in.h>

/* A growing buffer, always NUL-ended; 0 or -ENOMEM (-EINVAL: a bad format). */
struct http_buf { char *p; size_t len, cap; };
int http_buf_add(struct http_buf *b, const void *d, size_t n);
int http_buf_printf(struct http_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A TCP connect to ADDR:PORT inside NS, TIMEOUT_MS (<0: the kernel's). 0 and
 * *fdp, or -errno (-ETIMEDOUT, -EINTR on Ctrl-C). QW (may be NULL): a quiet
 * watch (quiet.h); once it proves the lab quiet while no answer has come,
 * the connect ends at once with -ETIMEDOUT and *QUIET_MS, the ms it took. */
struct quiet_watch;
int http_tcp_dial(const char *ns, struct in_addr addr, int port, double timeout_ms,
		  struct quiet_watch *qw, double *quiet_ms, int *fdp);
/* "[scheme://]host[:port][/path]": 0, -EINVAL (malformed), -ERANGE (bad port). */
int http_parse_url(const char *url, char *host, size_t hl, int *port, const char **path, char *scheme, size_t sl);

/* The server net.http_serve forks: it accepts on lfd until killed. */
struct http_server {
	int lfd, logfd;
	int empty;              /* a lesson's server: an empty listing at /, nothing read from disk */
	char root[PATH_MAX];
};

void http_server_main(struct http_server *s) __attribute__((noreturn));

#endif
