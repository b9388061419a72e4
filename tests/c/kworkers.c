/*
 * tests/c/kworkers.c -- kworkers_look (src/kworkers.c) on this machine:
 * prints "seen busy" of two looks in a row, for tests/05e-kworkers.t to
 * compare with its own count of /proc's PF_WQ_WORKER tasks.
 */
#include <stdio.h>
#include "kworkers.h"

int main(void)
{
	struct kworkers_look a, b;
	int ra = kworkers_look(&a), rb = kworkers_look(&b);
	printf("%d %d %d %d %d %d\n", ra, a.seen, a.busy, rb, b.seen, b.busy);
	return ra || rb;
}
