/*
 * labchange.c -- the count of changes netlearn made to the lab, and the
 * background programs that may make more (labchange.h). Mechanism only: what
 * a change means for a proof is quiet.c's and docs/quiet-lab.md's.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include "labchange.h"

static unsigned long changes;

#define PROGRAMS_MAX 64
static pid_t programs[PROGRAMS_MAX];
static int nprograms, programs_overflow;

void lab_change_note(void)
{
	changes++;
}

/* rtnetlink's types come in fours from RTM_BASE: NEW, DEL, GET, SET */
void lab_change_note_rtm(const struct nlmsghdr *h)
{
	if (h->nlmsg_type < RTM_BASE || (h->nlmsg_type - RTM_BASE) % 4 != 2)
		changes++;
}

unsigned long lab_change_count(void)
{
	return changes;
}

void lab_change_program(pid_t pid)
{
	changes++;
	if (nprograms == PROGRAMS_MAX)
		lab_change_programs_running();     /* forget the ended ones */
	if (nprograms < PROGRAMS_MAX)
		programs[nprograms++] = pid;
	else
		programs_overflow = 1;             /* too many to follow: always "running" */
}

int lab_change_programs_running(void)
{
	int i, n = 0;
	for (i = 0; i < nprograms; i++) {
		siginfo_t si;
		int r;
		memset(&si, 0, sizeof si);
		/* WNOWAIT: look without reaping (the job table reaps it); ECHILD:
		 * reaped already */
		r = waitid(P_PID, (id_t)programs[i], &si, WEXITED | WNOHANG | WNOWAIT);
		if ((r == 0 && si.si_pid == 0) || (r < 0 && errno == EINTR))
			programs[n++] = programs[i];            /* still running */
	}
	if (n != nprograms)
		changes++;      /* one ended: whatever it did is done */
	nprograms = n;
	return n + programs_overflow;
}
