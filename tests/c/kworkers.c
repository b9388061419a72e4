/*
 * tests/c/kworkers.c -- kworkers_look (src/kworkers.c) on this machine:
 * prints "rc seen busy" of two looks in a row at every worker, then of one
 * at the unbound pools' only, for tests/05e-kworkers.t to compare with its
 * own count of /proc's PF_WQ_WORKER tasks.
 */
#include <stdio.h>
#include "kworkers.h"

int main(void)
{
	struct kworkers_look a, b, u;
	int ra = kworkers_look(&a, KWORKERS_ALL), rb = kworkers_look(&b, KWORKERS_ALL);
	int ru = kworkers_look(&u, KWORKERS_UNBOUND);
	printf("%d %d %d %d %d %d %d %d %d\n", ra, a.seen, a.busy, rb, b.seen, b.busy, ru, u.seen, u.busy);
	return ra || rb || ru;
}
