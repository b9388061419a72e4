/*
 * sandbox.c -- the box every lab lives in: user + mount + network + PID
 * namespaces, made with one clone(). netlearn's shell is PID 1 of the PID
 * namespace, so when it ends (however it ends) every process of the lab ends
 * with it, the mount namespace holding /run/netns goes, and with it every
 * namespace the lab made. If the parent outside is killed, PR_SET_PDEATHSIG
 * takes the sandbox down too.
 *
 * Who is who. Inside, the learner is root (uid and gid 0), with every
 * capability over the lab's namespaces and none over the machine:
 *  - started by an unprivileged user, root inside is that user outside
 *    ("0 UID 1", setgroups denied), as before;
 *  - started as root, root inside is NOT the machine's root: ids 0..65535
 *    inside are ids LAB_ID_BASE..LAB_ID_BASE+65535 outside (2147418112 =
 *    0x7FFF0000, the last 64K ids below 2^31, above the ranges systemd gives
 *    containers and useradd gives as subordinate ids), like systemd-nspawn's
 *    private users. A range, not one id, so that programs run in the lab can
 *    still switch users (tcpdump drops to its own user; setgroups is allowed).
 *    Files of the machine belong to ids that are not mapped (they show as
 *    nobody/nogroup) and the machine's kernel settings, devices and
 *    namespaces belong to the machine's user namespace: `!touch /etc/x`,
 *    `!cat /etc/shadow`, `!echo 6 > /proc/sys/kernel/printk_ratelimit` and
 *    `!nsenter --net=<the machine's netns>` all fail, while the lab's own
 *    namespaces, interfaces, nf_tables, /proc/sys/net and /run/netns are
 *    the lab root's.
 *
 * The parent stays outside every new namespace, with the learner's real
 * rights. It writes the child's uid_map and gid_map (the child waits on a pipe
 * until they are written), then serves as the shell's file broker (broker.c):
 * history, progress, `export clab FILE`, the Lua library and lessons are read
 * and written with the learner's own rights through it. It forwards SIGTERM
 * and SIGHUP, and when the shell is gone it passes on its exit status.
 *
 * If the kernel refuses the lab a user namespace, netlearn does not start
 * (as root too: without one, root in the lab would be the machine's root);
 * A refused user namespace comes back as "cannot create the sandbox: user
 * namespace: <strerror>"; lua/netlearn/sandboxdiag.lua names the cause and
 * the fix (policy and words in Lua, once).
 *
 * PID 1 is not dumpable: programs run in the lab, though they are the same
 * root, cannot ptrace it, read its memory or take its file descriptors (the
 * broker's socket among them).
 *
 * Not contained: the lab's root may read whatever any user may read on the
 * machine (world-readable files), see the machine's /proc (under the
 * sandbox's own, which it may unmount) and use the CPU, memory and disk space
 * (/tmp) any user may; two root sessions share the same ids outside.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "kworkers.h"
#include "probe_util.h"
#include "netlearn.h"

#define LAB_ID_BASE  2147418112u        /* 0x7FFF0000: root of the lab, outside */
#define LAB_ID_COUNT 65536u

static pid_t child_pid;
static int own_tty;     /* we were the terminal's foreground job when started */

/* Make the calling process group the terminal's foreground group (from a
 * background group, tcsetpgrp needs SIGTTOU ignored). */
static void take_tty(void)
{
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGTTOU, &sa, &old);
	tcsetpgrp(STDIN_FILENO, getpgrp());
	sigaction(SIGTTOU, &old, NULL);
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n < 0 ? -errno : 0;
}

/* The map line for the lab's root, started as root, from this process's own
 * map FILE (/proc/self/uid_map or gid_map): "0 LAB_ID_BASE 65536" when this
 * user namespace has those ids (the machine's own does). Nested in a user
 * namespace without them (netlearn run inside netlearn's lab, a container)
 * whose root is not its parent's root: the same ids as here ("0 0 N", N <=
 * 65536), so the lab's root is this namespace's root, already not the
 * machine's. Otherwise -EPERM: no safe ids to give it. */
static int root_map(const char *file, char *buf, size_t len)
{
	unsigned long in, out, count, ident = 0;
	char line[128];
	int have_base = 0;
	FILE *f = fopen(file, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "%lu %lu %lu", &in, &out, &count) != 3)
			continue;
		if (in <= LAB_ID_BASE && LAB_ID_BASE + (unsigned long)LAB_ID_COUNT <= in + count)
			have_base = 1;
		if (in == 0 && out != 0)
			ident = count < LAB_ID_COUNT ? count : LAB_ID_COUNT;
	}
	fclose(f);
	if (have_base)
		snprintf(buf, len, "0 %u %u\n", LAB_ID_BASE, LAB_ID_COUNT);
	else if (ident)
		snprintf(buf, len, "0 0 %lu\n", ident);
	else
		return -EPERM;
	return 0;
}

/* The parent writes the child's id maps (see the top of the file). */
static int map_child(pid_t pid, uid_t uid, gid_t gid, int as_root)
{
	char path[64], buf[64];
	int r;
	if (!as_root) {
		snprintf(path, sizeof path, "/proc/%d/setgroups", (int)pid);
		if ((r = write_file(path, "deny")) < 0 && r != -ENOENT)
			return r;
		snprintf(buf, sizeof buf, "0 %u 1\n", (unsigned)uid);
	} else if ((r = root_map("/proc/self/uid_map", buf, sizeof buf)) < 0) {
		return r;
	}
	snprintf(path, sizeof path, "/proc/%d/uid_map", (int)pid);
	if ((r = write_file(path, buf)) < 0)
		return r;
	if (!as_root)
		snprintf(buf, sizeof buf, "0 %u 1\n", (unsigned)gid);
	else if ((r = root_map("/proc/self/gid_map", buf, sizeof buf)) < 0)
		return r;
	snprintf(path, sizeof path, "/proc/%d/gid_map", (int)pid);
	return write_file(path, buf);
}

/* fork(), with the child in new namespaces (no stack: it goes on with ours). */
static pid_t clone_fork(unsigned long flags)
{
#if defined(__s390__) || defined(__CRIS__)
	return (pid_t)syscall(SYS_clone, 0UL, flags, NULL, NULL, NULL);
#else
	return (pid_t)syscall(SYS_clone, flags, NULL, NULL, NULL, NULL);
#endif
}

/* The lab's /run/netns. Rootless, /run is not ours to write in: a tmpfs over
 * /run (in our private mount namespace) gives us one. */
static int private_netns_dir(void)
{
	if (mkdir("/run/netns", 0755) < 0 && errno != EEXIST) {
		if (mount("tmpfs", "/run", "tmpfs", 0, "mode=755") < 0)
			return -errno;
		if (mkdir("/run/netns", 0755) < 0)
			return -errno;
	}
	if (mount("tmpfs", "/run/netns", "tmpfs", 0, "mode=755") < 0)
		return -errno;
	return 0;
}

static void lo_up(void)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return;
	memset(&ifr, 0, sizeof ifr);
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	close(s);
}

static void forward_signal(int sig)
{
	if (child_pid > 0)
		kill(child_pid, sig);
}

/* The parent, outside: serve the shell's file requests until it is done
 * (sandbox_leave) or gone, then exit as it did. Once it is done, what is
 * left of it -- sockets whose close waits for RCU, the lab's programs ending
 * as the sandbox's PID 1 goes -- ends in the background, in its namespaces:
 * the learner's prompt does not wait for it. */
static void parent_serve(int sock)
{
	struct sigaction sa;
	int status;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);   /* the terminal sends it to the child too */
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = forward_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	status = broker_serve(sock);    /* at EOF (-1) every process of the lab is gone */
	close(sock);
	if (status >= 0) {
		if (own_tty)
			take_tty();
		_exit(status);
	}
	while (waitpid(child_pid, &status, 0) < 0)
		if (errno != EINTR)
			_exit(1);
	if (own_tty)
		take_tty();     /* the terminal back to whoever started us */
	if (WIFEXITED(status))
		_exit(WEXITSTATUS(status));
	_exit(128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0));
}

/* The child, inside, once its ids are mapped: become root of the lab. */
static int become_lab_root(int as_root, char *msg, size_t msglen)
{
	/* Root's supplementary groups (0 among them) would still open the
	 * machine's group-root files; rootless, setgroups is denied and the
	 * learner's own groups stay, as they are the learner's anyway. */
	if (as_root && setgroups(0, NULL) < 0) {
		snprintf(msg, msglen, "cannot drop supplementary groups in the sandbox: %s", strerror(errno));
		return -1;
	}
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0) {
		snprintf(msg, msglen, "cannot become root of the sandbox: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int sandbox_enter(char *msg, size_t msglen)
{
	uid_t uid = getuid();
	gid_t gid = getgid();
	int as_root = uid == 0;
	int go[2], alive[2], sv[2], r, err;
	struct pollfd pf;
	char c;
	ssize_t n;

	if (pipe2(go, O_CLOEXEC) < 0 || pipe2(alive, O_CLOEXEC) < 0 ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		snprintf(msg, msglen, "cannot create the sandbox: %s", strerror(errno));
		return -1;
	}
	own_tty = isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp();
	fflush(NULL);
	child_pid = clone_fork(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | SIGCHLD);
	if (child_pid < 0) {
		err = errno;
		if (err == EINVAL || err == EPERM || err == EACCES || err == ENOSPC || err == EUSERS)
			snprintf(msg, msglen, "cannot create the sandbox: user namespace: %s", strerror(err));
		else
			snprintf(msg, msglen, "cannot create the sandbox: clone: %s", strerror(err));
		goto fail;
	}
	if (child_pid > 0) {
		close(go[0]);
		close(alive[0]);
		close(sv[1]);
		if ((r = map_child(child_pid, uid, gid, as_root)) < 0) {
			if (as_root)
				snprintf(msg, msglen, "cannot map the lab's root to ids %u-%u outside (%s): netlearn "
					 "runs in a user namespace without them, whose root is its parent's root (a "
					 "container?); run netlearn on the machine itself", LAB_ID_BASE,
					 LAB_ID_BASE + LAB_ID_COUNT - 1, strerror(-r));
			else
				snprintf(msg, msglen, "cannot map user ids into the sandbox: %s", strerror(-r));
			close(go[1]);   /* the child sees EOF and exits */
			close(alive[1]);
			close(sv[0]);
			while (waitpid(child_pid, NULL, 0) < 0 && errno == EINTR)
				;
			return -1;
		}
		while (write(go[1], "m", 1) < 0 && errno == EINTR)
			;
		close(go[1]);
		parent_serve(sv[0]);    /* never returns */
	}
	close(go[1]);
	close(alive[1]);
	close(sv[0]);
	/* Wait until the parent has written our id maps; EOF means it could not. */
	while ((n = read(go[0], &c, 1)) < 0 && errno == EINTR)
		;
	if (n != 1)
		_exit(1);
	close(go[0]);
	if (become_lab_root(as_root, msg, msglen) < 0)
		return -1;
	/* Our own process group, visible inside the PID namespace, holding the
	 * terminal: otherwise our group id reads as 0 in here, and a program that
	 * takes the terminal (`ip netns exec net1 bash`) cannot give it back. */
	if (own_tty && setpgid(0, 0) == 0)
		take_tty();
	/* After the id change, which clears it */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* The parent holds alive[1]: a hang-up means it died before prctl took. */
	pf.fd = alive[0];
	pf.events = POLLIN;
	if (poll(&pf, 1, 0) > 0 && (pf.revents & POLLHUP))
		_exit(1);
	close(alive[0]);
	/* Programs in the lab are root too: they may not ptrace the shell, read
	 * its memory or take its descriptors (the broker's socket). */
	prctl(PR_SET_DUMPABLE, 0);
	/* Before anything is mounted: nothing we mount may propagate to the machine. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		snprintf(msg, msglen, "cannot make / private in the sandbox: %s", strerror(errno));
		return -1;
	}
	/* the machine's /proc, before ours hides it: the quiet-lab proof reads
	 * the kernel's work queue workers there (kworkers.c; close-on-exec,
	 * and PID 1 is not dumpable: no lab program gets it) */
	kworkers_keep_proc();
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		snprintf(msg, msglen, "cannot mount /proc in the sandbox: %s", strerror(errno));
		return -1;
	}
	umount2("/sys", MNT_DETACH);
	mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	if ((r = private_netns_dir()) < 0) {
		snprintf(msg, msglen, "cannot make the sandbox's /run/netns: %s", strerror(-r));
		return -1;
	}
	lo_up();
	broker_attach(sv[1]);
	return 0;

fail:
	close(go[0]);
	close(go[1]);
	close(alive[0]);
	close(alive[1]);
	close(sv[0]);
	close(sv[1]);
	return -1;
}

void sandbox_reap(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

void sandbox_leave(int status)
{
	int fd;
	if (!broker_active())
		return;
	probe_stats_print();
	fflush(NULL);
	/* the terminal's or the caller's pipes: let go of them, so that whoever
	 * reads them (a shell's $(...)) sees the end now */
	if ((fd = open("/dev/null", O_RDWR | O_CLOEXEC)) >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
	broker_exiting(status);
}
