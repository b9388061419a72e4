/*
 * sandbox.c -- the box every lab lives in: a mount + network + PID namespace,
 * plus a user namespace when not started as root. netlearn's shell is PID 1 of
 * that PID namespace, so when it ends (however it ends) every process of the lab
 * ends with it, the mount namespace holding /run/netns goes, and with it every
 * namespace the lab made. A small parent outside waits and passes on the status;
 * if the parent is killed, PR_SET_PDEATHSIG takes the sandbox down too.
 */
#include <errno.h>
#include <fcntl.h>
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
#include <sys/wait.h>
#include "netlearn.h"

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

static int map_ids(uid_t uid, gid_t gid)
{
	char buf[64];
	int r;
	if ((r = write_file("/proc/self/setgroups", "deny")) < 0 && r != -ENOENT)
		return r;
	snprintf(buf, sizeof buf, "0 %u 1\n", (unsigned)uid);
	if ((r = write_file("/proc/self/uid_map", buf)) < 0)
		return r;
	snprintf(buf, sizeof buf, "0 %u 1\n", (unsigned)gid);
	return write_file("/proc/self/gid_map", buf);
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

/* The parent stays outside the PID namespace: wait, then exit as the child did. */
static void parent_wait(void)
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
	while (waitpid(child_pid, &status, 0) < 0)
		if (errno != EINTR)
			_exit(1);
	if (own_tty)
		take_tty();     /* the terminal back to whoever started us */
	if (WIFEXITED(status))
		_exit(WEXITSTATUS(status));
	_exit(128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0));
}

int sandbox_enter(char *msg, size_t msglen)
{
	uid_t uid = getuid();
	gid_t gid = getgid();
	int flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID;
	int ready[2], alive[2], r;
	struct pollfd pf;
	char c;

	if (uid != 0)
		flags |= CLONE_NEWUSER;
	if (unshare(flags) < 0) {
		if (uid != 0)
			snprintf(msg, msglen, "cannot create the sandbox: this kernel does not let "
				 "unprivileged users create user namespaces (%s); run netlearn as root",
				 strerror(errno));
		else
			snprintf(msg, msglen, "cannot create the sandbox: unshare: %s", strerror(errno));
		return -1;
	}
	if (uid != 0 && (r = map_ids(uid, gid)) < 0) {
		snprintf(msg, msglen, "cannot map user ids into the sandbox: %s", strerror(-r));
		return -1;
	}
	/* Before anything is mounted: nothing we mount may propagate to the machine. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		snprintf(msg, msglen, "cannot make / private in the sandbox: %s", strerror(errno));
		return -1;
	}
	if (pipe2(ready, O_CLOEXEC) < 0 || pipe2(alive, O_CLOEXEC) < 0) {
		snprintf(msg, msglen, "pipe: %s", strerror(errno));
		return -1;
	}
	own_tty = isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp();
	child_pid = fork();
	if (child_pid < 0) {
		snprintf(msg, msglen, "fork: %s", strerror(errno));
		return -1;
	}
	if (child_pid > 0) {
		close(ready[1]);
		/* wait until the child is set up, so its errors come before our exit */
		while (read(ready[0], &c, 1) < 0 && errno == EINTR)
			;
		parent_wait();
	}
	close(ready[0]);
	close(alive[1]);
	/* Our own process group, visible inside the PID namespace, holding the
	 * terminal: otherwise our group id reads as 0 in here, and a program that
	 * takes the terminal (`ip netns exec net1 bash`) cannot give it back. */
	if (own_tty && setpgid(0, 0) == 0)
		take_tty();
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* The parent holds alive[1]: a hang-up means it died before prctl took. */
	pf.fd = alive[0];
	pf.events = POLLIN;
	if (poll(&pf, 1, 0) > 0 && (pf.revents & POLLHUP))
		_exit(1);
	close(alive[0]);
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
	close(ready[1]);
	return 0;
}

void sandbox_reap(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}
