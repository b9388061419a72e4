/*
 * ns.c -- named network namespaces, the iproute2 way: a file under /run/netns
 * with the namespace bind-mounted on it, so `ip netns` run inside the sandbox
 * sees exactly what netlearn made. The sandbox's own namespace is "host".
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include "netlearn.h"

#define NETNS_DIR "/run/netns"
#define NS_PATH_MAX 300

static int host_fd = -1;        /* the namespace netlearn started in */
static int baseline_failed;     /* the last ns_add failed setting the baseline */

static int host_ns_fd(void)
{
	if (host_fd < 0)
		host_fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	return host_fd;
}

int ns_is_host(const char *name)
{
	return name == NULL || name[0] == '\0';
}

/* iproute2 refuses names that are not a single path component. */
int ns_valid_name(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > 255 || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;
	return 0;
}

static void ns_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, NETNS_DIR "/%s", name);
}

int ns_exists(const char *name)
{
	char path[NS_PATH_MAX];
	struct stat st;
	if (ns_is_host(name))
		return 1;
	if (ns_valid_name(name))
		return 0;
	ns_path(path, sizeof path, name);
	return stat(path, &st) == 0;
}

int ns_open(const char *name)
{
	char path[NS_PATH_MAX];
	int fd;
	if (ns_is_host(name)) {
		if (host_ns_fd() < 0)
			return -errno;
		fd = fcntl(host_fd, F_DUPFD_CLOEXEC, 0);
		return fd < 0 ? -errno : fd;
	}
	if (ns_valid_name(name))
		return -EINVAL;
	ns_path(path, sizeof path, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int ns_enter(const char *name, struct ns_scope *scope)
{
	int fd, err = 0;
	scope->saved_fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (scope->saved_fd < 0)
		return -errno;
	fd = ns_open(name);
	if (fd < 0) {
		err = fd;
		goto out;
	}
	if (setns(fd, CLONE_NEWNET) < 0)
		err = -errno;
	close(fd);
out:
	if (err) {
		close(scope->saved_fd);
		scope->saved_fd = -1;
	}
	return err;
}

void ns_leave(struct ns_scope *scope)
{
	if (scope->saved_fd < 0)
		return;
	/* Cannot fail for a namespace we were just in; if it does, staying in the
	 * wrong namespace would be worse than stopping. */
	if (setns(scope->saved_fd, CLONE_NEWNET) < 0)
		abort();
	close(scope->saved_fd);
	scope->saved_fd = -1;
}

#define GIVEN_KEY "netlearn.ns_given"

int ns_add(const char *name)
{
	char path[NS_PATH_MAX];
	int fd, saved, r, err = 0;

	if (ns_is_host(name) || ns_valid_name(name))
		return -EINVAL;
	baseline_failed = 0;
	if (host_ns_fd() < 0)
		return -errno;
	if (mkdir(NETNS_DIR, 0755) < 0 && errno != EEXIST)
		return -errno;
	ns_path(path, sizeof path, name);
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	close(fd);

	saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (saved < 0) {
		err = -errno;
		goto undo_file;
	}
	if (unshare(CLONE_NEWNET) < 0) {
		err = -errno;
		close(saved);
		goto undo_file;
	}
	if (mount("/proc/thread-self/ns/net", path, "none", MS_BIND, NULL) < 0)
		err = -errno;
	/* netlearn's baseline, not the machine's values the kernel copied in:
	 * while still inside, so each /proc/sys/net name is this namespace's */
	else if ((r = sysctl_apply_baseline()) < 0) {
		err = r;
		baseline_failed = 1;
		umount2(path, MNT_DETACH);
	}
	if (setns(saved, CLONE_NEWNET) < 0)
		abort();        /* see ns_leave */
	close(saved);
	if (err)
		goto undo_file;
	return 0;
undo_file:
	unlink(path);
	return err;
}

int ns_del(const char *name)
{
	char path[NS_PATH_MAX];
	if (ns_is_host(name) || ns_valid_name(name))
		return -EINVAL;
	ns_path(path, sizeof path, name);
	if (access(path, F_OK) < 0)
		return -errno;
	nl_sock_forget(name);
	if (umount2(path, MNT_DETACH) < 0 && errno != EINVAL)
		return -errno;
	if (unlink(path) < 0)
		return -errno;
	return 0;
}

int ns_list(void (*fn)(const char *name, void *arg), void *arg)
{
	DIR *d = opendir(NETNS_DIR);
	struct dirent *e;
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		fn(e->d_name, arg);
	}
	closedir(d);
	return 0;
}

/* ---- Lua bindings --------------------------------------------------------- */

static const char *check_name(lua_State *L, int arg)
{
	return luaL_checkstring(L, arg);
}

static int l_ns_add(lua_State *L)
{
	const char *name = check_name(L, 1);
	int r;
	if (ns_is_host(name) || ns_valid_name(name))
		return l_fail(L, -EINVAL, "%s: not a valid namespace name (one path component, 1-255 bytes)", name);
	r = ns_add(name);
	if (r == -EEXIST)
		return l_fail(L, r, "Cannot create namespace file \"" NETNS_DIR "/%s\": File exists", name);
	if (r < 0 && baseline_failed)
		return l_fail(L, r, "%s: cannot create namespace: cannot set its baseline %s: %s", name,
			      sysctl_apply_failed(), strerror(-r));
	if (r < 0)
		return l_fail(L, r, "%s: cannot create namespace: %s", name, strerror(-r));
	/* remembered per namespace for net.ns_given (a new namespace of that name
	 * replaces the old record) */
	lua_getfield(L, LUA_REGISTRYINDEX, GIVEN_KEY);
	if (!lua_istable(L, -1)) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, GIVEN_KEY);
	}
	sysctl_push_given(L);
	lua_setfield(L, -2, name);
	lua_pop(L, 1);
	lua_pushboolean(L, 1);
	return 1;
}

/* net.ns_given(ns) -> {["net.ipv4.ip_forward"] = "1", ...}: the values the
 * kernel gave NS when netlearn made it, where netlearn's baseline then changed
 * them (the machine's own, copied in); {} when the kernel's were the baseline's,
 * nil for a namespace this session did not make */
static int l_ns_given(lua_State *L)
{
	const char *name = check_name(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, GIVEN_KEY);
	if (!lua_istable(L, -1)) {
		lua_pushnil(L);
		return 1;
	}
	lua_getfield(L, -1, name);
	return 1;
}

static int l_ns_del(lua_State *L)
{
	const char *name = check_name(L, 1);
	int r;
	if (ns_is_host(name) || ns_valid_name(name))
		return l_fail(L, -EINVAL, "%s: not a valid namespace name", name);
	r = ns_del(name);
	if (r == -ENOENT)
		return l_fail(L, r, "%s: no such namespace", name);
	if (r < 0)
		return l_fail(L, r, "%s: cannot delete namespace: %s", name, strerror(-r));
	lua_pushboolean(L, 1);
	return 1;
}

static void push_name(const char *name, void *arg)
{
	lua_State *L = arg;
	lua_pushstring(L, name);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
}

static int cmp_str(lua_State *L)
{
	lua_pushboolean(L, strcmp(lua_tostring(L, 1), lua_tostring(L, 2)) < 0);
	return 1;
}

static int l_ns_list(lua_State *L)
{
	int r;
	lua_newtable(L);
	r = ns_list(push_name, L);
	if (r < 0)
		return l_fail(L, r, NETNS_DIR ": %s", strerror(-r));
	/* sorted, so output and tests do not depend on directory order */
	lua_getglobal(L, "table");
	lua_getfield(L, -1, "sort");
	lua_pushvalue(L, -3);
	lua_pushcfunction(L, cmp_str);
	lua_call(L, 2, 0);
	lua_pop(L, 1);
	return 1;
}

static int l_ns_exists(lua_State *L)
{
	lua_pushboolean(L, ns_exists(check_name(L, 1)));
	return 1;
}

/* net.ns_pids(name) -> {pid...}: what `ip netns pids NAME` prints: every
 * process of the sandbox (its own /proc) whose /proc/PID/ns/net is the same
 * namespace (device and inode) as /run/netns/NAME, in /proc's order. */
static int l_ns_pids(lua_State *L)
{
	const char *name = check_name(L, 1);
	char path[NS_PATH_MAX];
	struct stat want, st;
	struct dirent *de;
	DIR *d;
	lua_Integer n = 0;

	if (ns_is_host(name) || ns_valid_name(name))
		return l_fail(L, -EINVAL, "%s: not a valid namespace name", name);
	snprintf(path, sizeof path, NETNS_DIR "/%s", name);
	if (stat(path, &want) < 0)
		return l_fail(L, -errno, "Cannot open network namespace: %s", strerror(errno));
	if (!(d = opendir("/proc")))
		return l_fail(L, -errno, "/proc: %s", strerror(errno));
	lua_newtable(L);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9' || strspn(de->d_name, "0123456789") != strlen(de->d_name))
			continue;
		snprintf(path, sizeof path, "/proc/%s/ns/net", de->d_name);
		if (stat(path, &st) == 0 && st.st_dev == want.st_dev && st.st_ino == want.st_ino) {
			lua_pushinteger(L, strtoll(de->d_name, NULL, 10));
			lua_rawseti(L, -2, ++n);
		}
	}
	closedir(d);
	return 1;
}

const luaL_Reg l_ns_funcs[] = {
	{"ns_pids", l_ns_pids},
	{"ns_add", l_ns_add},
	{"ns_given", l_ns_given},
	{"ns_del", l_ns_del},
	{"ns_list", l_ns_list},
	{"ns_exists", l_ns_exists},
	{NULL, NULL}
};
