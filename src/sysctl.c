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
#include "netlearn.h"

#define SYS_ROOT "/proc/sys/"
#define SYSCTL_NAME_MAX 256
#define SYSCTL_VALUE_MAX 4096

/* NAME ("net.ipv4.ip_forward" or "net/ipv4/ip_forward") into the path under
 * /proc/sys and the dotted name sysctl(8) prints. In the dotted form a '/'
 * stands for a '.' inside a component (net.ipv4.conf.eth0/100.rp_filter). */
static int sysctl_path(const char *name, char *path, size_t plen, char *dotted, size_t dlen)
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

static int sysctl_get(const char *ns, const char *path, char *buf, size_t len)
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
static int sysctl_set(const char *ns, const char *path, const char *value)
{
	struct ns_scope scope;
	struct stat st;
	char cur[SYSCTL_VALUE_MAX];
	int r, fd, have, want;
	size_t n = strlen(value);

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

struct entry { char *name, *value; };
struct entries { struct entry *v; size_t n, cap; };

static int add_entry(struct entries *es, const char *name, const char *value)
{
	if (es->n == es->cap) {
		size_t cap = es->cap ? es->cap * 2 : 256;
		struct entry *nv = realloc(es->v, cap * sizeof *nv);
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

static void free_entries(struct entries *es)
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

static int walk(const char *path, const char *dotted, const char *filter, struct entries *es, int depth)
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
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static int sysctl_list(const char *ns, const char *filter, struct entries *es)
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

/* ---- Lua bindings ------------------------------------------------------------- */

#define ONLY_NET "netlearn changes only net.* sysctls of a lab namespace"

/* Check NAME; on failure push nil,msg,errno and return 3. */
static int check_name(lua_State *L, const char *name, char *path, size_t plen, char *dotted, size_t dlen)
{
	int r = sysctl_path(name, path, plen, dotted, dlen);
	if (r == -EPERM)
		return l_fail(L, -EPERM, "%s: " ONLY_NET, name);
	if (r < 0)
		return l_fail(L, -EINVAL, "%s: not a sysctl name (write net.ipv4.ip_forward or net/ipv4/ip_forward; no empty, \".\" or \"..\" parts)", name);
	return 0;
}

static int name_error(lua_State *L, const char *ns, const char *dotted, const char *path, int r)
{
	if (r == -ENOENT && !ns_exists(ns))
		return l_fail(L, r, "%s: no such namespace", ns);
	if (r == -ENOENT)
		return l_fail(L, r, "sysctl: cannot stat %s: No such file or directory (no sysctl %s)", path, dotted);
	if (r == -EISDIR)
		return l_fail(L, r, "%s: is a group of sysctls, not one; list it with sysctl_list(ns, \"%s\")", dotted, dotted);
	return l_fail(L, r, "%s: %s", dotted, strerror(-r));
}

static int l_sysctl_get(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *name = luaL_checkstring(L, 2);
	char path[SYSCTL_NAME_MAX + 16], dotted[SYSCTL_NAME_MAX], val[SYSCTL_VALUE_MAX];
	int r;

	if ((r = check_name(L, name, path, sizeof path, dotted, sizeof dotted)))
		return r;
	r = sysctl_get(ns, path, val, sizeof val);
	if (r < 0)
		return name_error(L, ns, dotted, path, r);
	lua_pushstring(L, val);
	return 1;
}

static int l_sysctl_set(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *name = luaL_checkstring(L, 2);
	const char *value;
	char path[SYSCTL_NAME_MAX + 16], dotted[SYSCTL_NAME_MAX];
	int r;

	if (lua_type(L, 3) == LUA_TNUMBER && !lua_isinteger(L, 3))
		return luaL_argerror(L, 3, "integer or string expected");
	value = luaL_checkstring(L, 3);
	if ((r = check_name(L, name, path, sizeof path, dotted, sizeof dotted)))
		return r;
	if (!*value || strlen(value) >= SYSCTL_VALUE_MAX || strchr(value, '\n'))
		return l_fail(L, -EINVAL, "%s: value must be one line of 1-%d bytes", dotted, SYSCTL_VALUE_MAX - 1);
	r = sysctl_set(ns, path, value);
	if (r == -EDOM)
		return l_fail(L, -EINVAL, "%s: \"%s\" is not an integer; this sysctl takes integers (e.g. 0 or 1)", dotted, value);
	if (r == -E2BIG)
		return l_fail(L, -EINVAL, "%s: \"%s\" has more numbers than this sysctl holds", dotted, value);
	if (r == -EINVAL)
		return l_fail(L, r, "%s: the kernel refused \"%s\" (Invalid argument; out of range?)", dotted, value);
	if (r == -EACCES || r == -EPERM)
		return l_fail(L, r, "%s: permission denied (read-only sysctl, or not writable from a lab namespace)", dotted);
	if (r < 0)
		return name_error(L, ns, dotted, path, r);
	lua_pushboolean(L, 1);
	return 1;
}

static int l_sysctl_list(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *prefix = luaL_optstring(L, 2, NULL);
	char filter[SYSCTL_NAME_MAX];
	struct entries es = { NULL, 0, 0 };
	size_t i;
	int r;

	if (prefix && *prefix) {
		size_t n = strlen(prefix);
		if (n >= sizeof filter)
			return l_fail(L, -EINVAL, "%s: prefix too long", prefix);
		/* the slash form of a prefix becomes the dotted form */
		if (!strncmp(prefix, "net/", 4) || !strcmp(prefix, "net")) {
			for (i = 0; i <= n; i++)
				filter[i] = prefix[i] == '/' ? '.' : prefix[i] == '.' ? '/' : prefix[i];
		} else if (!strncmp(prefix, "net.", 4) || prefix[0] == '*' || prefix[0] == '?' || prefix[0] == '[') {
			memcpy(filter, prefix, n + 1);
		} else {
			return l_fail(L, -EPERM, "%s: " ONLY_NET " (start the prefix with net.)", prefix);
		}
		if (strstr(filter, ".."))
			return l_fail(L, -EINVAL, "%s: not a sysctl prefix (no empty or \"..\" parts)", prefix);
		prefix = filter;
	}
	r = sysctl_list(ns, prefix, &es);
	if (r < 0) {
		free_entries(&es);
		if (r == -ENOENT && !ns_exists(ns))
			return l_fail(L, r, "%s: no such namespace", ns);
		return l_fail(L, r, "sysctl list: %s", strerror(-r));
	}
	lua_createtable(L, (int)es.n, 0);
	for (i = 0; i < es.n; i++) {
		lua_createtable(L, 0, 2);
		l_setfield_str(L, "name", es.v[i].name);
		l_setfield_str(L, "value", es.v[i].value);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	free_entries(&es);
	return 1;
}

const luaL_Reg l_sysctl_funcs[] = {
	{"sysctl_get", l_sysctl_get},
	{"sysctl_set", l_sysctl_set},
	{"sysctl_list", l_sysctl_list},
	{NULL, NULL}
};
