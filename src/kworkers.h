/*
 * kworkers.h -- the kernel's work queue workers, seen from the machine's
 * /proc: are they all idle? The quiet-lab proof needs it where a device hands
 * packets on from a work item (macvlan's and ipvlan's broadcast queues):
 * docs/quiet-lab.md says why "every worker idle, none ran between two looks"
 * means no work item is pending or running.
 */
#ifndef NETLEARN_KWORKERS_H
#define NETLEARN_KWORKERS_H
#include <stdint.h>

struct kworkers_look {
	int seen;               /* workers found (PF_WQ_WORKER); 0: none visible (hidepid, no /proc) */
	int busy;               /* of which running ('R'), or not readable; or kthreadd not asleep */
	uint64_t sig;           /* the workers' pids and context switches, hashed: a worker that ran,
	                         * appeared or ended between two looks changes it */
};

/* Keep the machine's /proc open (close-on-exec) before the sandbox mounts its
 * own over it: the sandbox's PID namespace shows no kernel thread. */
void kworkers_keep_proc(void);

/* Which workers a look counts: all of them, or only those of the unbound
 * pools ("kworker/uN:M"), the ones that run a work item queued on an unbound
 * work queue (a worker stays in its pool for life). */
enum kworkers_which { KWORKERS_ALL, KWORKERS_UNBOUND };

/* One look at the workers WHICH says: 0, or -errno when /proc cannot be read.
 * kthreadd, which starts every new worker, is looked at either way. */
int kworkers_look(struct kworkers_look *k, enum kworkers_which which);

#endif
