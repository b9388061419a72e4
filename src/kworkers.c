/*
 * kworkers.c -- are the kernel's work queue workers all idle? (kworkers.h)
 *
 * A worker is a kernel thread with PF_WQ_WORKER in its flags (/proc/PID/stat,
 * field 9). An idle worker sleeps in TASK_IDLE, which /proc shows as 'I'; a
 * woken one shows 'R' (TASK_WAKING reads as running) until it has emptied its
 * pool's list and sleeps again, a voluntary context switch. A worker asleep
 * inside a work item ('D' or 'S': a namespace's cleanup waiting for RCU) runs
 * nothing while it sleeps, and a work item queued meanwhile wakes another
 * one. New workers are started by kthreadd, which is looked at too. A worker
 * of an unbound pool is named "kworker/uN:M" (create_worker), one of a per-CPU
 * pool "kworker/N:M". Which pids are workers, and of which pools, is read once
 * per pid and kept, so a look reads one small file per
 * worker, not one per process: a pid the list says is no worker could later
 * be a new worker's only if kthreadd (pid 2), which starts every kernel
 * thread, ran in between, and then the list is read again.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kworkers.h"
#include "procstat.h"

#define PF_WQ_WORKER 0x00000020u       /* include/linux/sched.h: "I'm a workqueue worker" */

static int host_proc = -1;

void kworkers_keep_proc(void)
{
	if (host_proc < 0)
		host_proc = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* the pids of the last look, ascending, and whether each is a worker */
enum { NOT_WORKER, CPU_WORKER, UNBOUND_WORKER };
struct known { int pid; int worker; };
static struct known *known;
static int nknown;
static unsigned long long known_kthreadd = ~0ull;  /* kthreadd's switches when it was made */

/* UNBOUND_WORKER or CPU_WORKER if PID is a work queue worker, NOT_WORKER if
 * not, -errno if it cannot be read */
static int is_worker(int dir, int pid)
{
	char path[32], buf[512], *p, *name;
	unsigned long flags;
	int field, r;
	snprintf(path, sizeof path, "%d/stat", pid);
	if ((r = proc_read(dir, path, buf, sizeof buf)) < 0)
		return r;
	/* after the name (which may hold spaces and parentheses): state is
	 * field 3, flags field 9 */
	if (!(p = strrchr(buf, ')')))
		return -EINVAL;
	for (field = 2; field < 9 && p; field++)
		p = strchr(p + 1, ' ');
	if (!p || sscanf(p, " %lu", &flags) != 1)
		return -EINVAL;
	if (!(flags & PF_WQ_WORKER))
		return NOT_WORKER;
	name = strchr(buf, '(');
	return name && !strncmp(name + 1, "kworker/u", 9) ? UNBOUND_WORKER : CPU_WORKER;
}

static int known_worker(int pid)
{
	int lo = 0, hi = nknown - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (known[mid].pid == pid)
			return known[mid].worker;
		if (known[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	int i;
	for (i = 0; i < 8; i++) {              /* FNV-1a, a byte at a time */
		h ^= (v >> (8 * i)) & 0xff;
		h *= 0x100000001b3ull;
	}
	return h;
}

static void look_one(int dir, int pid, struct kworkers_look *k)
{
	unsigned long long sw;
	char state;
	if (proc_task_switches(dir, pid, &state, &sw) < 0) {
		k->busy++;                      /* ended between the listing and now: it ran */
		return;
	}
	k->seen++;
	if (!strchr("ISD", state))
		k->busy++;
	k->sig = mix(mix(k->sig, (uint64_t)pid), sw);
}

/* Drop the list unless kthreadd sleeps with the switches it had when the
 * list was made (it has started no kernel thread since). */
static void check_known(int dir)
{
	unsigned long long sw = 0;
	char state = '?', comm[32];
	int asleep = proc_read(dir, "2/comm", comm, sizeof comm) >= 0 && !strcmp(comm, "kthreadd\n") &&
		     proc_task_switches(dir, 2, &state, &sw) == 0 && state == 'S';
	if (asleep && sw == known_kthreadd)
		return;
	free(known);
	known = NULL;
	nknown = 0;
	known_kthreadd = asleep ? sw : ~0ull;
}

int kworkers_look(struct kworkers_look *k, enum kworkers_which which)
{
	struct known *now = NULL;
	int n = 0, cap = 0, dir, fd;
	struct dirent *e;
	DIR *d;
	memset(k, 0, sizeof *k);
	k->sig = 0xcbf29ce484222325ull;
	kworkers_keep_proc();
	if ((dir = host_proc) < 0)
		return -ENOENT;
	if ((fd = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -errno;
	if (!(d = fdopendir(fd))) {
		close(fd);
		return -errno;
	}
	check_known(dir);
	while ((e = readdir(d))) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		int w;
		if (*end || pid <= 0)
			continue;
		if ((w = known_worker((int)pid)) < 0)
			w = is_worker(dir, (int)pid);
		if (w < 0)
			continue;               /* ended before we read it: not in the list */
		if (n == cap) {
			struct known *v = realloc(now, sizeof *v * (size_t)(cap = cap ? cap * 2 : 256));
			if (!v) {
				free(now);
				closedir(d);
				return -ENOMEM;
			}
			now = v;
		}
		now[n].pid = (int)pid;
		now[n++].worker = w;
		if (w == UNBOUND_WORKER || (w == CPU_WORKER && which == KWORKERS_ALL))
			look_one(dir, (int)pid, k);
	}
	closedir(d);
	/* kthreadd, last: asleep, and not woken since the look before (it
	 * starts the worker a pool without an idle one is waiting for) */
	if (k->seen) {
		unsigned long long sw;
		char state;
		if (proc_task_switches(dir, 2, &state, &sw) < 0 || state != 'S')
			k->busy++;
		else
			k->sig = mix(mix(k->sig, 2), sw);
	}
	/* /proc lists pids in ascending order; keep the list sorted for the
	 * next look's search all the same */
	if (n > 1) {
		int i, sorted = 1;
		for (i = 1; i < n && sorted; i++)
			sorted = now[i - 1].pid < now[i].pid;
		if (!sorted) {
			free(now);
			now = NULL;
			n = 0;                  /* read every pid again next time */
		}
	}
	free(known);
	known = now;
	nknown = n;
	return 0;
}
