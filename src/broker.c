/*
 * broker.c -- the shell's own files, on the learner's side of the sandbox.
 *
 * Inside the sandbox the shell is the lab's root, which outside is an
 * unprivileged id (sandbox.c): it cannot write the learner's history, progress
 * or an `export clab ~/lab.yml`, nor read a Lua library kept in a 0700
 * directory. The parent that stays outside every namespace is a tiny file
 * broker: the shell sends it one request at a time over a SOCK_SEQPACKET
 * socketpair, the broker does it with the learner's own rights (whoever
 * started netlearn) and answers, passing an opened file back with SCM_RIGHTS.
 *
 *   request: struct broker_req, then path1 (len1 bytes), then path2 (len2
 *            bytes, rename only); paths absolute, 1..PATH_MAX-1 bytes, no NUL
 *   reply:   int32 result: >= 0 (for open, the descriptor comes alongside)
 *            or -errno
 *   EOF on the socket: the shell is gone, the broker returns.
 *
 * What the broker does: open, mkdir, rename and remove. It opens regular files
 * and directories only (never a device, FIFO or socket: it looks with O_PATH
 * first, then reopens), and touches nothing on a kernel filesystem (proc,
 * sysfs, cgroup, debugfs, ...), so it cannot be used to reach the machine's
 * kernel settings. It resolves paths itself and follows only symbolic links
 * owned by root or by its own user, and writes no file with more than one
 * hard link: a link the lab planted where it may write (/tmp) cannot turn a
 * write the learner asked for into one on the machine's files.
 *
 * The client: paths under /proc, /sys, /dev and /run/netns are the sandbox's
 * own and are opened in it directly; so is every path in any process but the
 * shell (a forked child drops the socket, see pthread_atfork below) and before
 * the sandbox exists. Everything comes back close-on-exec, so programs run in
 * the lab inherit neither the socket nor a file the broker opened.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/magic.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include "netlearn.h"

/* OP_EXIT: the shell is done (status in flags) and lets go of the terminal;
 * it carries no path and gets no answer */
enum { OP_OPEN = 1, OP_MKDIR, OP_RENAME, OP_REMOVE, OP_EXIT };

struct broker_req {
	uint32_t op;
	int32_t flags;          /* open(2) flags, open only */
	uint32_t mode;          /* creation mode, open and mkdir */
	uint32_t len1, len2;
};

#define REQ_MAX (sizeof(struct broker_req) + 2 * PATH_MAX)
#define OPEN_FLAGS (O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC | O_APPEND | O_DIRECTORY | O_NOFOLLOW)

/* ---- the broker, outside ------------------------------------------------- */

static int kernel_fs(int fd)
{
	struct statfs sf;
	if (fstatfs(fd, &sf) < 0)
		return -errno;
	switch ((unsigned long)sf.f_type) {
	case PROC_SUPER_MAGIC: case SYSFS_MAGIC: case CGROUP_SUPER_MAGIC:
	case CGROUP2_SUPER_MAGIC: case DEBUGFS_MAGIC: case TRACEFS_MAGIC:
	case SECURITYFS_MAGIC: case SELINUX_MAGIC: case SMACK_MAGIC:
	case PSTOREFS_MAGIC: case EFIVARFS_MAGIC: case BPF_FS_MAGIC:
	case BINFMTFS_MAGIC: case NSFS_MAGIC:
		return -EPERM;
	}
	return 0;
}

/* An O_PATH descriptor fit to be opened for real: a regular file or a
 * directory, on no kernel filesystem; to be written, with one link only (a
 * hard link the lab made to a file of the machine's is not written through). */
static int check_kind(int fd, int flags)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (S_ISLNK(st.st_mode))
		return -ELOOP;          /* O_NOFOLLOW on a symbolic link */
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return -EPERM;
	if ((flags & O_DIRECTORY) && !S_ISDIR(st.st_mode))
		return -ENOTDIR;
	if ((flags & O_ACCMODE) != O_RDONLY && S_ISREG(st.st_mode) && st.st_nlink > 1)
		return -EPERM;
	return kernel_fs(fd);
}

#define MAX_LINKS 40

/* PATH (absolute) resolved one component at a time, as the kernel does, but
 * following only symbolic links owned by root or by the broker's own user: a
 * link the lab planted (in /tmp, say) is not followed, whatever
 * fs.protected_symlinks says. Returns an O_PATH descriptor of the object (of
 * the link itself when the last component is one and !FOLLOW), or -errno. */
static int walk(const char *path, int follow)
{
	static char rest[2 * PATH_MAX + 2], target[PATH_MAX], next[2 * PATH_MAX + 2];
	char comp[NAME_MAX + 1];
	const char *p;
	int dir, fd, links = 0, last, r;
	struct stat st;
	size_t n;
	ssize_t len;
	if (strlen(path) >= sizeof rest)
		return -ENAMETOOLONG;
	strcpy(rest, path);
	p = rest;
	if ((dir = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -errno;
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			return dir;
		n = strcspn(p, "/");
		if (n > NAME_MAX) {
			close(dir);
			return -ENAMETOOLONG;
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		p += n;
		last = p[strspn(p, "/")] == '\0';
		if ((fd = openat(dir, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC)) < 0 || fstat(fd, &st) < 0) {
			r = -errno;
			if (fd >= 0)
				close(fd);
			close(dir);
			return r;
		}
		if (S_ISLNK(st.st_mode) && (!last || follow || *p == '/')) {
			r = 0;
			if (++links > MAX_LINKS)
				r = -ELOOP;
			else if (st.st_uid != 0 && st.st_uid != geteuid())
				r = -EACCES;    /* not a link the learner or root made */
			else if ((len = readlinkat(fd, "", target, sizeof target - 1)) < 0)
				r = -errno;
			close(fd);
			if (r == 0) {
				target[len] = '\0';
				if ((size_t)snprintf(next, sizeof next, "%s%s%s", target, *p ? "/" : "", p) >= sizeof next)
					r = -ENAMETOOLONG;
			}
			if (r == 0 && target[0] == '/') {
				close(dir);
				if ((dir = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
					return -errno;
			}
			if (r < 0) {
				close(dir);
				return r;
			}
			strcpy(rest, next);
			p = rest;
			continue;
		}
		close(dir);
		dir = fd;
		if (last)
			return dir;
	}
}

/* The directory holding PATH, opened O_PATH and checked; *base is set to the
 * last component (trailing slashes are dropped from PATH). */
static int open_parent(char *path, const char **base)
{
	size_t n = strlen(path);
	char *slash;
	int fd, r;
	while (n > 1 && path[n - 1] == '/')
		path[--n] = '\0';
	slash = strrchr(path, '/');
	if (!slash || !slash[1] || !strcmp(slash + 1, ".") || !strcmp(slash + 1, ".."))
		return -EINVAL;
	*base = slash + 1;
	if (slash == path) {
		fd = walk("/", 1);
	} else {
		*slash = '\0';
		fd = walk(path, 1);
		*slash = '/';
	}
	if (fd < 0)
		return fd;
	if ((r = kernel_fs(fd)) < 0) {
		close(fd);
		return r;
	}
	return fd;
}

static int do_open(char *path, int flags, mode_t mode)
{
	const char *base;
	char proc[64];
	int tries, pfd, fd, r;
	flags &= OPEN_FLAGS;
	for (tries = 0; tries < 8; tries++) {
		pfd = walk(path, !(flags & O_NOFOLLOW));
		if (pfd >= 0) {
			if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
				r = -EEXIST;
			} else if ((r = check_kind(pfd, flags)) == 0) {
				/* the very file looked at, whatever happened to PATH since */
				snprintf(proc, sizeof proc, "/proc/self/fd/%d", pfd);
				fd = open(proc, (flags & ~(O_CREAT | O_EXCL | O_NOFOLLOW)) | O_CLOEXEC | O_NOCTTY);
				r = fd < 0 ? -errno : fd;
			}
			close(pfd);
			return r;
		}
		if (pfd != -ENOENT || !(flags & O_CREAT))
			return pfd;
		/* a new file, made in a checked directory */
		if ((pfd = open_parent(path, &base)) < 0)
			return pfd;
		fd = openat(pfd, base, flags | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, mode);
		r = fd < 0 ? -errno : fd;
		close(pfd);
		if (r != -EEXIST || (flags & O_EXCL))
			return r;
	}
	return -ELOOP;
}

static int do_mkdir(char *path, mode_t mode)
{
	const char *base;
	int pfd = open_parent(path, &base), r;
	if (pfd < 0)
		return pfd;
	r = mkdirat(pfd, base, mode & 07777) < 0 ? -errno : 0;
	close(pfd);
	return r;
}

static int do_remove(char *path)
{
	const char *base;
	int pfd = open_parent(path, &base), r = 0;
	if (pfd < 0)
		return pfd;
	if (unlinkat(pfd, base, 0) < 0) {
		r = -errno;
		if (r == -EISDIR && unlinkat(pfd, base, AT_REMOVEDIR) == 0)
			r = 0;
		else if (r == -EISDIR)
			r = -errno;
	}
	close(pfd);
	return r;
}

static int do_rename(char *from, char *to)
{
	const char *b1, *b2;
	int p1, p2, r;
	if ((p1 = open_parent(from, &b1)) < 0)
		return p1;
	if ((p2 = open_parent(to, &b2)) < 0) {
		close(p1);
		return p2;
	}
	r = renameat(p1, b1, p2, b2) < 0 ? -errno : 0;
	close(p1);
	close(p2);
	return r;
}

/* A path of a request: LEN bytes at P, absolute, no NUL; copied to OUT. */
static int take_path(const char *p, uint32_t len, char *out)
{
	if (len == 0 || len >= PATH_MAX || memchr(p, '\0', len) || p[0] != '/')
		return -EINVAL;
	memcpy(out, p, len);
	out[len] = '\0';
	return 0;
}

static int handle(const char *buf, size_t n)
{
	static char p1[PATH_MAX], p2[PATH_MAX];
	struct broker_req q;
	if (n < sizeof q)
		return -EINVAL;
	memcpy(&q, buf, sizeof q);
	if ((uint64_t)q.len1 + q.len2 + sizeof q != n || take_path(buf + sizeof q, q.len1, p1) < 0)
		return -EINVAL;
	if ((q.op == OP_RENAME) != (q.len2 > 0))
		return -EINVAL;
	switch (q.op) {
	case OP_OPEN:
		return do_open(p1, q.flags, q.mode & 07777);
	case OP_MKDIR:
		return do_mkdir(p1, q.mode);
	case OP_REMOVE:
		return do_remove(p1);
	case OP_RENAME:
		if (take_path(buf + sizeof q + q.len1, q.len2, p2) < 0)
			return -EINVAL;
		return do_rename(p1, p2);
	}
	return -EINVAL;
}

static void reply(int sock, int32_t r, int fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { &r, sizeof r };
	struct msghdr m;
	struct cmsghdr *c;
	memset(&m, 0, sizeof m);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	if (fd >= 0) {
		memset(&u, 0, sizeof u);
		m.msg_control = u.buf;
		m.msg_controllen = sizeof u.buf;
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof fd);
	}
	while (sendmsg(sock, &m, MSG_NOSIGNAL) < 0 && errno == EINTR)
		;
}

int broker_serve(int sock)
{
	static char buf[REQ_MAX];
	for (;;) {
		ssize_t n = recv(sock, buf, sizeof buf, 0);
		struct broker_req q;
		uint32_t op;
		int r;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		if ((size_t)n == sizeof q) {
			memcpy(&q, buf, sizeof q);
			if (q.op == OP_EXIT)
				return q.flags & 0xff;
		}
		r = handle(buf, (size_t)n);
		memcpy(&op, buf, sizeof op);    /* handle() checked the length */
		if (r >= 0 && op == OP_OPEN) {
			reply(sock, 0, r);
			close(r);
		} else {
			reply(sock, r, -1);
		}
	}
}

/* ---- the client, in the shell --------------------------------------------- */

static int broker_sock = -1;
static pid_t broker_pid;

static void drop_in_child(void)
{
	if (broker_sock >= 0)
		close(broker_sock);
	broker_sock = -1;
}

void broker_attach(int sock)
{
	static int registered;
	broker_sock = sock;
	broker_pid = getpid();
	if (!registered++)
		pthread_atfork(NULL, NULL, drop_in_child);
}

int broker_active(void)
{
	return broker_sock >= 0 && getpid() == broker_pid;
}

void broker_exiting(int status)
{
	struct broker_req q = { .op = OP_EXIT, .flags = status & 0xff };
	if (!broker_active())
		return;
	while (send(broker_sock, &q, sizeof q, MSG_NOSIGNAL) < 0 && errno == EINTR)
		;
}

/* PATH made absolute against the current directory. */
static int absolute(const char *path, char *buf, size_t len)
{
	size_t n;
	if (!path[0])
		return -ENOENT;
	if (path[0] == '/') {
		if (strlen(path) >= len)
			return -ENAMETOOLONG;
		strcpy(buf, path);
		return 0;
	}
	if (!getcwd(buf, len) || buf[0] != '/')
		return -errno;
	n = strlen(buf);
	if ((size_t)snprintf(buf + n, len - n, "%s%s", n > 1 ? "/" : "", path) >= len - n)
		return -ENAMETOOLONG;
	return 0;
}

/* ABS (absolute) without "//", "." and "..", lexically, into OUT. */
static void normalize(const char *abs, char *out, size_t len)
{
	const char *p = abs, *s;
	size_t o = 0, n;
	out[0] = '\0';
	while (*p) {
		while (*p == '/')
			p++;
		for (s = p; *p && *p != '/'; p++)
			;
		n = (size_t)(p - s);
		if (n == 0 || (n == 1 && s[0] == '.'))
			continue;
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			out[o] = '\0';
			continue;
		}
		if (o + 1 + n >= len)
			break;
		out[o++] = '/';
		memcpy(out + o, s, n);
		o += n;
		out[o] = '\0';
	}
	if (o == 0)
		strcpy(out, "/");
}

/* Is ABS one of the sandbox's own paths? */
static int sandbox_path(const char *abs)
{
	static const char *const mine[] = { "/proc", "/sys", "/dev", "/run/netns", NULL };
	char norm[PATH_MAX];
	int i;
	normalize(abs, norm, sizeof norm);
	for (i = 0; mine[i]; i++) {
		size_t n = strlen(mine[i]);
		if (!strncmp(norm, mine[i], n) && (norm[n] == '\0' || norm[n] == '/'))
			return 1;
	}
	return 0;
}

/* Where PATH goes: 1 = to the broker (ABS filled in), 0 = opened here. */
static int via_broker(const char *path, char *abs, size_t len)
{
	return broker_active() && absolute(path, abs, len) == 0 && !sandbox_path(abs);
}

static int request(uint32_t op, const char *p1, const char *p2, int flags, mode_t mode, int *fd)
{
	char buf[REQ_MAX];
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct broker_req q;
	struct iovec iov;
	struct msghdr m;
	struct cmsghdr *c;
	int32_t r;
	ssize_t n;
	q.op = op;
	q.flags = flags;
	q.mode = (uint32_t)mode;
	q.len1 = (uint32_t)strlen(p1);
	q.len2 = p2 ? (uint32_t)strlen(p2) : 0;
	if (q.len1 >= PATH_MAX || q.len2 >= PATH_MAX)
		return -ENAMETOOLONG;
	memcpy(buf, &q, sizeof q);
	memcpy(buf + sizeof q, p1, q.len1);
	if (p2)
		memcpy(buf + sizeof q + q.len1, p2, q.len2);
	while ((n = send(broker_sock, buf, sizeof q + q.len1 + q.len2, MSG_NOSIGNAL)) < 0 && errno == EINTR)
		;
	if (n < 0)
		return -errno;
	/* the answer always comes: wait for it through any signal */
	for (;;) {
		memset(&m, 0, sizeof m);
		iov.iov_base = &r;
		iov.iov_len = sizeof r;
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		m.msg_control = u.buf;
		m.msg_controllen = sizeof u.buf;
		n = recvmsg(broker_sock, &m, MSG_CMSG_CLOEXEC);
		if (n >= 0 || errno != EINTR)
			break;
	}
	if (n < 0)
		return -errno;
	if (n != (ssize_t)sizeof r)
		return -EPIPE;          /* the broker is gone */
	*fd = -1;
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			memcpy(fd, CMSG_DATA(c), sizeof *fd);
	if (op == OP_OPEN && r >= 0 && *fd < 0)
		return -EPROTO;
	return r;
}

int broker_open(const char *path, int flags, mode_t mode)
{
	char abs[PATH_MAX];
	int fd = -1, r;
	if (!via_broker(path, abs, sizeof abs)) {
		fd = open(path, flags | O_CLOEXEC, mode);
		return fd < 0 ? -errno : fd;
	}
	r = request(OP_OPEN, abs, NULL, flags & OPEN_FLAGS, mode, &fd);
	return r < 0 ? r : fd;
}

int broker_mkdir(const char *path, mode_t mode)
{
	char abs[PATH_MAX];
	int fd;
	if (!via_broker(path, abs, sizeof abs))
		return mkdir(path, mode) < 0 ? -errno : 0;
	return request(OP_MKDIR, abs, NULL, 0, mode, &fd);
}

int broker_mkdirs(const char *path, mode_t mode)
{
	char buf[PATH_MAX], *p;
	int r = 0;
	if (strlen(path) >= sizeof buf)
		return -ENAMETOOLONG;
	strcpy(buf, path);
	for (p = buf + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			r = broker_mkdir(buf, mode);
			*p = c;
			if (r == -EEXIST)
				r = 0;
			if (!c)
				break;
		}
	}
	return r;
}

int broker_remove(const char *path)
{
	char abs[PATH_MAX];
	int fd;
	if (!via_broker(path, abs, sizeof abs))
		return remove(path) < 0 ? -errno : 0;
	return request(OP_REMOVE, abs, NULL, 0, 0, &fd);
}

int broker_rename(const char *from, const char *to)
{
	char a1[PATH_MAX], a2[PATH_MAX];
	int b1 = via_broker(from, a1, sizeof a1), b2 = via_broker(to, a2, sizeof a2), fd;
	if (!b1 && !b2)
		return rename(from, to) < 0 ? -errno : 0;
	if (b1 != b2)
		return -EXDEV;          /* one inside the sandbox, one outside */
	return request(OP_RENAME, a1, a2, 0, 0, &fd);
}
