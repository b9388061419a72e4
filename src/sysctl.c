/*
 * sysctl.c -- the net.* sysctls of one lab namespace, through /proc/sys.
 * /proc/sys/net shows the network namespace of the task that looks a name up,
 * so every open (and, to be safe, every read and write) happens while the
 * thread is inside the target namespace (ns_enter ... ns_leave). The sandbox's
 * own namespace is "host": the machine's sysctls are never reached.
 * Only net.* names are accepted; values of integer sysctls must be integers.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "labchange.h"
#include "netlearn.h"
#include "sysctl.h"

#define SYS_ROOT "/proc/sys/"

/* NAME ("net.ipv4.ip_forward" or "net/ipv4/ip_forward") into the path under
 * /proc/sys and the dotted name sysctl(8) prints. In the dotted form a '/'
 * stands for a '.' inside a component (net.ipv4.conf.eth0/100.rp_filter). */
int sysctl_path(const char *name, char *path, size_t plen, char *dotted, size_t dlen)
{
	char rel[SYSCTL_NAME_MAX];
	const char *p;
	size_t i, n;
	int slash_form;

	if (!strncmp(name, SYS_ROOT, strlen(SYS_ROOT)))
		name += strlen(SYS_ROOT);
	n = strlen(name);
	if (n == 0 || n >= sizeof rel)
		return -EINVAL;
	slash_form = !strncmp(name, "net/", 4);
	if (!slash_form && strncmp(name, "net.", 4))
		return -EPERM;
	for (i = 0; i < n; i++) {
		char c = name[i];
		if (slash_form)
			rel[i] = c;
		else
			rel[i] = c == '.' ? '/' : c == '/' ? '.' : c;
		if ((unsigned char)c < 0x21 || c == 0x7f)
			return -EINVAL;
	}
	rel[n] = '\0';
	/* every component non-empty, none "." or ".." */
	for (p = rel; *p; ) {
		size_t len = strcspn(p, "/");
		if (len == 0 || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
			return -EINVAL;
		p += len;
		if (*p == '/')
			p++;
		if (p[-1] == '/' && !*p)
			return -EINVAL;
	}
	snprintf(path, plen, SYS_ROOT "%s", rel);
	for (i = 0; i < n && i + 1 < dlen; i++)
		dotted[i] = rel[i] == '/' ? '.' : rel[i] == '.' ? '/' : rel[i];
	dotted[i < dlen ? i : dlen - 1] = '\0';
	return 0;
}

static void trim(char *s)
{
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
}

/* read PATH into buf; the caller is inside the namespace */
static int read_value(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	size_t got = 0;
	if (fd < 0)
		return -errno;
	while (got + 1 < len && (n = read(fd, buf + got, len - 1 - got)) != 0) {
		if (n < 0) {
			int e = -errno;
			close(fd);
			return e;
		}
		got += (size_t)n;
	}
	buf[got] = '\0';
	close(fd);
	trim(buf);
	return 0;
}

int sysctl_get(const char *ns, const char *path, char *buf, size_t len)
{
	struct ns_scope scope;
	struct stat st;
	int r = ns_enter(ns, &scope);
	if (r < 0)
		return r;
	if (stat(path, &st) < 0)
		r = -errno;
	else if (S_ISDIR(st.st_mode))
		r = -EISDIR;
	else
		r = read_value(path, buf, len);
	ns_leave(&scope);
	return r;
}

/* 1 when S is one or more whitespace-separated decimal integers; *count gets how many */
static int is_int_vector(const char *s, int *count)
{
	int n = 0;
	while (*s) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		if (*s == '-' || *s == '+')
			s++;
		if (!isdigit((unsigned char)*s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
		if (*s && !isspace((unsigned char)*s))
			return 0;
		n++;
	}
	*count = n;
	return n > 0;
}

/* Errors beyond errno: -EDOM = a value that is not an integer for an integer
 * sysctl, -E2BIG = more numbers than the sysctl holds. */
int sysctl_set(const char *ns, const char *path, const char *value)
{
	struct ns_scope scope;
	struct stat st;
	char cur[SYSCTL_VALUE_MAX];
	int r, fd, have, want;
	size_t n = strlen(value);

	lab_change_note();
	r = ns_enter(ns, &scope);
	if (r < 0)
		return r;
	if (stat(path, &st) < 0) {
		r = -errno;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		r = -EISDIR;
		goto out;
	}
	/* an integer sysctl (what it holds now is integers) takes integers only */
	if ((st.st_mode & 0444) && read_value(path, cur, sizeof cur) == 0 && is_int_vector(cur, &have)) {
		if (!is_int_vector(value, &want)) {
			r = -EDOM;
			goto out;
		}
		if (want > have) {
			r = -E2BIG;
			goto out;
		}
	}
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		goto out;
	}
	if (write(fd, value, n) < 0)
		r = -errno;
	if (close(fd) < 0 && !r)
		r = -errno;
out:
	ns_leave(&scope);
	return r;
}

/* ---- list: walk /proc/sys/net inside the namespace, collect, then push -------- */


static int add_entry(struct sysctl_entries *es, const char *name, const char *value)
{
	if (es->n == es->cap) {
		size_t cap = es->cap ? es->cap * 2 : 256;
		struct sysctl_entry *nv = realloc(es->v, cap * sizeof *nv);
		if (!nv)
			return -ENOMEM;
		es->v = nv;
		es->cap = cap;
	}
	es->v[es->n].name = strdup(name);
	es->v[es->n].value = strdup(value);
	if (!es->v[es->n].name || !es->v[es->n].value) {
		free(es->v[es->n].name);
		free(es->v[es->n].value);
		return -ENOMEM;
	}
	es->n++;
	return 0;
}

void sysctl_entries_free(struct sysctl_entries *es)
{
	size_t i;
	for (i = 0; i < es->n; i++) {
		free(es->v[i].name);
		free(es->v[i].value);
	}
	free(es->v);
}

/* does dotted NAME fall under FILTER: a glob when it has * ? [, else a
 * prefix ending at a component boundary */
static int matches(const char *name, const char *filter)
{
	size_t n;
	if (!filter || !*filter)
		return 1;
	if (strpbrk(filter, "*?["))
		return fnmatch(filter, name, 0) == 0;
	n = strlen(filter);
	return !strncmp(name, filter, n) && (name[n] == '\0' || name[n] == '.' || filter[n - 1] == '.');
}

/* could anything under directory DOTTED match FILTER? (prunes the walk) */
static int may_match(const char *dotted, const char *filter)
{
	size_t a, b;
	if (!filter || !*filter || strpbrk(filter, "*?["))
		return 1;
	a = strlen(dotted);
	b = strlen(filter);
	return !strncmp(dotted, filter, a < b ? a : b);
}

static int walk(const char *path, const char *dotted, const char *filter, struct sysctl_entries *es, int depth)
{
	DIR *d;
	struct dirent *e;
	char sub[512], subdot[SYSCTL_NAME_MAX], val[SYSCTL_VALUE_MAX];
	int r = 0;

	if (depth > 16)
		return 0;
	d = opendir(path);
	if (!d)
		return errno == ENOENT || errno == EACCES ? 0 : -errno;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		size_t i, off;
		if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		if ((size_t)snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) >= sizeof sub)
			continue;
		off = (size_t)snprintf(subdot, sizeof subdot, "%s.", dotted);
		for (i = 0; e->d_name[i] && off + 1 < sizeof subdot; i++)
			subdot[off++] = e->d_name[i] == '.' ? '/' : e->d_name[i];
		subdot[off] = '\0';
		if (stat(sub, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (may_match(subdot, filter) && (r = walk(sub, subdot, filter, es, depth + 1)) < 0)
				break;
			continue;
		}
		if (!matches(subdot, filter) || !(st.st_mode & 0444))
			continue;
		if (read_value(sub, val, sizeof val) < 0)
			continue;           /* unreadable ones (stable_secret unset), like sysctl -a */
		if ((r = add_entry(es, subdot, val)) < 0)
			break;
	}
	closedir(d);
	return r;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct sysctl_entry *)a)->name, ((const struct sysctl_entry *)b)->name);
}

int sysctl_list(const char *ns, const char *filter, struct sysctl_entries *es)
{
	struct ns_scope scope;
	int r = ns_enter(ns, &scope);
	if (r < 0)
		return r;
	r = walk(SYS_ROOT "net", "net", filter, es, 0);
	ns_leave(&scope);
	if (r == 0 && es->n > 1)   /* qsort(NULL, 0) is undefined */
		qsort(es->v, es->n, sizeof *es->v, cmp_entry);
	return r;
}

/* ---- apply: set a list of values in the current namespace -------------------- */

/*
 * A list of (path, value) pairs, paths relative to /proc/sys/net with '/'
 * between components; one component may be "*": every entry of that
 * directory except "all" and "default" (the devices, e.g. ipv4/conf/ * /x).
 * Each file is read first and written only when it holds something else, so
 * a namespace already at those values costs reads only and keeps the
 * kernel's "never set explicitly" marks on its devices. A file that does not
 * exist (a module not loaded, IPv6 off) is skipped. The caller must be inside
 * the namespace: /proc/sys/net is looked up in the calling thread's one.
 *
 * FRESH: the namespace was made a moment ago. The kernel then gave each of
 * its devices a copy of conf/default, so a "*" entry is only checked when the
 * entry before it (its default) had to be changed.
 */

static struct sysctl_value *baseline;    /* registered once from Lua */
static size_t baseline_n;
static char apply_failed[SYSCTL_NAME_MAX + 8];  /* the path of the last failure */

/* What the kernel gave the namespace made last, where the baseline changed it
 * (the machine's value it copied, e.g. ip_forward 1 on a Docker host). */
#define GIVEN_MAX 64
static struct { char rel[SYSCTL_NAME_MAX]; char value[128]; } given[GIVEN_MAX];
static size_t given_n;

/* What apply_here read of a new namespace before any write: per entry of the
 * list, its value (KNOWN_VALUE), or that it is absent (KNOWN_ABSENT). */
enum { KNOWN_NOT = 0, KNOWN_VALUE, KNOWN_ABSENT };
struct known { unsigned char state; char value[128]; };

/* 1 written, 0 already so (or absent), -errno. K: the value read before, or
 * NULL to read it here. */
static int apply_one(int dirfd, const char *rel, const char *value, const struct known *k)
{
	char cur[128];
	ssize_t n;
	int fd, ro = 0, r = 0;

	if (k && (k->state == KNOWN_ABSENT || (k->state == KNOWN_VALUE && !strcmp(k->value, value))))
		return 0;
	if (k && k->state == KNOWN_NOT)
		k = NULL;
	fd = openat(dirfd, rel, O_RDWR | O_CLOEXEC);
	if (fd < 0 && (errno == EACCES || errno == EPERM || errno == EROFS)) {
		ro = 1;
		fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!k) {
		n = pread(fd, cur, sizeof cur - 1, 0);
		if (n < 0) {
			r = -errno;
			goto out;
		}
		cur[n] = '\0';
		trim(cur);
		if (!strcmp(cur, value))
			goto out;
	}
	if (ro)
		r = -EACCES;
	else if (pwrite(fd, value, strlen(value), 0) < 0)
		r = -errno;
	else
		r = 1;
out:
	close(fd);
	if (r < 0)
		snprintf(apply_failed, sizeof apply_failed, "net/%s", rel);
	return r;
}

/* the device names of one conf directory, read once per apply */
struct devices { char dir[SYSCTL_NAME_MAX]; char (*name)[64]; size_t n; int valid; };

static int read_devices(int dirfd, const char *dir, struct devices *dv)
{
	struct dirent *e;
	DIR *d;
	int fd;

	if (dv->valid && !strcmp(dv->dir, dir))
		return 0;
	dv->valid = 0;
	dv->n = 0;
	snprintf(dv->dir, sizeof dv->dir, "%s", dir);
	fd = openat(dirfd, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? (dv->valid = 1, 0) : -errno;
	d = fdopendir(fd);
	if (!d) {
		int r = -errno;
		close(fd);
		return r;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "all") || !strcmp(e->d_name, "default") ||
		    strlen(e->d_name) >= sizeof *dv->name)
			continue;
		if ((dv->n & 15) == 0) {
			char (*nv)[64] = realloc(dv->name, (dv->n + 16) * sizeof *nv);
			if (!nv) {
				closedir(d);
				return -ENOMEM;
			}
			dv->name = nv;
		}
		memcpy(dv->name[dv->n++], e->d_name, strlen(e->d_name) + 1);
	}
	closedir(d);
	dv->valid = 1;
	return 0;
}

/* every device directory under the "*" of REL */
static int apply_star(int dirfd, const char *rel, const char *star, const char *value, struct devices *dv)
{
	char dir[SYSCTL_NAME_MAX], sub[SYSCTL_NAME_MAX];
	const char *rest = star + 2;           /* after "*" "/" */
	size_t i, dlen = (size_t)(star - rel);
	int r, written = 0;

	if (dlen < 2 || dlen >= sizeof dir)
		return -EINVAL;
	memcpy(dir, rel, dlen - 1);            /* without the '/' before '*' */
	dir[dlen - 1] = '\0';
	if ((r = read_devices(dirfd, dir, dv)) < 0) {
		snprintf(apply_failed, sizeof apply_failed, "net/%s", dir);
		return r;
	}
	for (i = 0; i < dv->n; i++) {
		if ((size_t)snprintf(sub, sizeof sub, "%s/%s/%s", dir, dv->name[i], rest) >= sizeof sub)
			continue;
		if ((r = apply_one(dirfd, sub, value, NULL)) < 0)
			return r;
		written += r;
	}
	return written;
}

/* Before any write (writing ip_forward also sets conf/all/forwarding and
 * accept_redirects): each value the kernel gave a new namespace, into K (one
 * per entry; "*" entries are not read), and those that are not the one the
 * list wants kept for net.ns_given. */
static void read_given(int dirfd, const struct sysctl_value *v, size_t n, struct known *k)
{
	size_t i;
	given_n = 0;
	for (i = 0; i < n; i++) {
		ssize_t len;
		int fd;
		k[i].state = KNOWN_NOT;
		if (strstr(v[i].rel, "/*/"))
			continue;
		if ((fd = openat(dirfd, v[i].rel, O_RDONLY | O_CLOEXEC)) < 0) {
			if (errno == ENOENT)
				k[i].state = KNOWN_ABSENT;
			continue;
		}
		len = pread(fd, k[i].value, sizeof k[i].value - 1, 0);
		close(fd);
		if (len < 0)
			continue;
		k[i].value[len] = '\0';
		trim(k[i].value);
		k[i].state = KNOWN_VALUE;
		if (!strcmp(k[i].value, v[i].value) || given_n >= GIVEN_MAX)
			continue;
		snprintf(given[given_n].rel, sizeof given[0].rel, "%s", v[i].rel);
		snprintf(given[given_n].value, sizeof given[0].value, "%s", k[i].value);
		given_n++;
	}
}

/* Writing one of these makes the kernel change others (ip_forward and
 * all/forwarding set every forwarding and accept_redirects of IPv4; IPv6's
 * all/forwarding and all/disable_ipv6 set the devices' and default's): after
 * such a write, what read_given read no longer stands. */
static int changes_others(const char *rel)
{
	return !strcmp(rel, "ipv4/ip_forward") || !strcmp(rel, "ipv4/conf/all/forwarding") ||
	       !strcmp(rel, "ipv6/conf/all/forwarding") || !strcmp(rel, "ipv6/conf/all/disable_ipv6");
}

/* Apply N values in the calling thread's namespace: how many were written, or
 * -errno for the first that could not be (sysctl_apply_failed() names it). */
static int apply_here(const struct sysctl_value *v, size_t n, int fresh)
{
	struct devices dv = { "", NULL, 0, 0 };
	struct known *k = NULL;
	int dirfd, r = 0, prev = 1, written = 0;
	size_t i, j;

	apply_failed[0] = '\0';
	dirfd = open(SYS_ROOT "net", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		snprintf(apply_failed, sizeof apply_failed, "net");
		return -errno;
	}
	/* a new namespace: every value read once, before any write, and not again
	 * (without memory for it, each is read where it is applied) */
	if (fresh && (k = calloc(n ? n : 1, sizeof *k)) != NULL)
		read_given(dirfd, v, n, k);
	else if (fresh)
		given_n = 0;
	for (i = 0; i < n; i++) {
		const char *star = strstr(v[i].rel, "/*/");
		if (star && fresh && prev == 0)
			continue;          /* its default held the value: so do the devices */
		r = star ? apply_star(dirfd, v[i].rel, star + 1, v[i].value, &dv)
			 : apply_one(dirfd, v[i].rel, v[i].value, k ? &k[i] : NULL);
		if (r < 0)
			break;
		if (r > 0 && k && changes_others(v[i].rel))
			for (j = i + 1; j < n; j++)
				k[j].state = KNOWN_NOT;
		prev = r;
		written += r;
	}
	free(k);
	free(dv.name);
	close(dirfd);
	return r < 0 ? r : written;
}

int sysctl_apply_baseline(void)
{
	return baseline_n ? apply_here(baseline, baseline_n, 1) : 0;
}

const char *sysctl_apply_failed(void)
{
	return apply_failed;
}

void sysctl_values_free(struct sysctl_value *v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		free(v[i].rel);
		free(v[i].value);
	}
	free(v);
}

void sysctl_set_baseline(struct sysctl_value *v, size_t n)
{
	sysctl_values_free(baseline, baseline_n);
	baseline = v;
	baseline_n = n;
}

int sysctl_apply(const char *ns, const struct sysctl_value *v, size_t n)
{
	struct ns_scope scope;
	int r;
	lab_change_note();
	r = ns_enter(ns, &scope);
	if (r < 0) {
		snprintf(apply_failed, sizeof apply_failed, "%s", ns);
		return r;
	}
	r = apply_here(v ? v : baseline, v ? n : baseline_n, 0);
	ns_leave(&scope);
	return r;
}

int sysctl_given_at(size_t i, char *dotted, size_t dlen, const char **value)
{
	char *c;
	if (i >= given_n)
		return -1;
	snprintf(dotted, dlen, "net.%s", given[i].rel);
	for (c = dotted; *c; c++)
		if (*c == '/')
			*c = '.';
	*value = given[i].value;
	return 0;
}
