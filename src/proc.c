/*
 * proc.c -- real programs run inside a lab namespace: `!COMMAND`, and
 * `ip netns exec NS PROGRAM` for anything netlearn does not do itself.
 * The child enters the namespace and, like `ip netns exec`, gets its own mount
 * namespace with /sys remounted so that /sys/class/net shows that namespace.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "netlearn.h"
#include "proc.h"

/* In the child only: never returns. */
void proc_exec_in(const char *ns, char *const argv[], int out, int err)
{
	int fd = ns_open(ns);
	sigset_t none;
	if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) {
		dprintf(2, "netlearn: cannot enter namespace %s\n", ns);
		_exit(127);
	}
	if (!ns_is_host(ns) && unshare(CLONE_NEWNS) == 0) {
		mount("", "/", "none", MS_SLAVE | MS_REC, NULL);
		umount2("/sys", MNT_DETACH);
		mount(ns, "/sys", "sysfs", 0, NULL);
	}
	if (out >= 0)
		dup2(out, 1);
	if (err >= 0)
		dup2(err, 2);
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execvp(argv[0], argv);
	dprintf(2, "%s: %s\n", argv[0], strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

int proc_exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}

/* A foreground program may have moved the terminal to a process group of its
 * own (an interactive shell does): take it back, or the next read at the
 * prompt fails as from a background job. */
void proc_reclaim_tty(void)
{
	struct sigaction sa, old;
	pid_t me = getpgrp();
	if (me <= 0 || !isatty(STDIN_FILENO) || tcgetpgrp(STDIN_FILENO) == me)
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGTTOU, &sa, &old);
	tcsetpgrp(STDIN_FILENO, me);
	sigaction(SIGTTOU, &old, NULL);
}

/* Wait for a foreground program. Ctrl-C reaches it from the terminal; when
 * netlearn itself is told to stop (SIGTERM, SIGHUP, or SIGINT without a
 * terminal), pass it on once so that netlearn does not hang behind it. */
int proc_wait_child(pid_t pid)
{
	int status, passed_on = 0;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -errno;
		if (nl_interrupted && !passed_on) {
			kill(pid, nl_stop_signal ? nl_stop_signal : SIGINT);
			passed_on = 1;
		}
	}
	proc_reclaim_tty();
	return status;
}

/* Close descriptors LO..HI (close_range, or one by one where the kernel is
 * older than 5.9). */
static void close_span(unsigned lo, unsigned hi)
{
	long max = sysconf(_SC_OPEN_MAX);
	unsigned fd;
#ifdef SYS_close_range
	if (syscall(SYS_close_range, lo, hi, 0) == 0)
		return;
#endif
	if (max < 0 || max > 1 << 20)
		max = 1 << 20;
	for (fd = lo; fd <= hi && fd < (unsigned)max; fd++)
		close((int)fd);
}

/* Nothing is close-on-exec for a child that never execs: a capture socket or
 * a namespace handle it inherited would live, and keep its namespace alive,
 * as long as the child does. */
void proc_close_inherited(const int *keep, int n)
{
	unsigned lo = 3;
	for (;;) {
		int i, k = -1;
		for (i = 0; i < n; i++)        /* the lowest kept descriptor at LO or above */
			if (keep[i] >= 0 && (unsigned)keep[i] >= lo && (k < 0 || keep[i] < k))
				k = keep[i];
		if (k < 0) {
			close_span(lo, ~0u);
			return;
		}
		if ((unsigned)k > lo)
			close_span(lo, (unsigned)k - 1);
		lo = (unsigned)k + 1;
	}
}
