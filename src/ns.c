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
#include "labchange.h"
#include "netlearn.h"
#include "deferred_close.h"

#define NS_PATH_MAX 300

static int host_fd = -1;        /* the namespace netlearn started in */

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

int ns_identity(const char *name, dev_t *dev, ino_t *ino)
{
	char path[NS_PATH_MAX];
	struct stat st;
	if (ns_is_host(name) || ns_valid_name(name))
		return -EINVAL;
	ns_path(path, sizeof path, name);
	if (stat(path, &st) < 0)
		return -errno;
	*dev = st.st_dev;
	*ino = st.st_ino;
	return 0;
}

int ns_exists(const char *name)
{
	dev_t dev;
	ino_t ino;
	return ns_is_host(name) || ns_identity(name, &dev, &ino) == 0;
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

int ns_add(const char *name, int (*inside)(void))
{
	char path[NS_PATH_MAX];
	int fd, saved, r, err = 0;

	if (ns_is_host(name) || ns_valid_name(name))
		return -EINVAL;
	lab_change_note();
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
	/* the caller's setup (the baseline) runs while still inside, so each
	 * /proc/sys/net name is this namespace's */
	else if (inside && (r = inside()) < 0) {
		err = r;
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

static void (*before_del)(void);

void ns_before_del(void (*fn)(void))
{
	before_del = fn;
}

/* Namespaces ns_del_keep deleted and keeps alive: one fd of each. */
#define KEPT_MAX 64
static int kept[KEPT_MAX];
static int nkept;

void ns_release_kept(void)
{
	while (nkept > 0)
		close(kept[--nkept]);
}

static int del_name(const char *name, int keep)
{
	char path[NS_PATH_MAX];
	int fd = -1;
	if (ns_is_host(name) || ns_valid_name(name))
		return -EINVAL;
	ns_path(path, sizeof path, name);
	if (access(path, F_OK) < 0)
		return -errno;
	if (before_del)
		before_del();         /* nor a spare capture ring of ring_pool.c */
	if (keep && nkept < KEPT_MAX)
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		deferred_close_drain();   /* no capture socket of ours keeps it alive */
	else
		kept[nkept++] = fd;       /* we do, on purpose: the sockets may finish closing */
	lab_change_note();
	if ((umount2(path, MNT_DETACH) < 0 && errno != EINVAL) || unlink(path) < 0) {
		int e = -errno;
		if (fd >= 0)
			close(kept[--nkept]);   /* the name stays: nothing to keep */
		return e;
	}
	return 0;
}

int ns_del(const char *name)
{
	return del_name(name, 0);
}

int ns_del_keep(const char *name)
{
	return del_name(name, 1);
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
