/*
 * deadline.c -- when a long C loop must stop: after Ctrl-C or SIGTERM
 * (interrupt.c's flag), or once lesson code has passed its CPU or wall-time
 * deadline (set by netlearn.limits, limits.c). The pattern matcher
 * (lpattern.c) and limits.c's table.sort/table.move ask nl_limit_passed()
 * every few thousand steps, through luax.h's nl_limits_check(), which raises
 * the answer. Below both, so neither depends on the other for it; no Lua.
 */
#include <stdio.h>
#include <time.h>
#include "netlearn.h"

static struct {
	int on;
	clock_t at;             /* clock() value at which lesson code must stop */
	char msg[256];
	int wall_on;
	double wall_at;         /* CLOCK_MONOTONIC seconds: the wall-time limit */
	char wall_msg[256];
} deadline;

double nl_mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *nl_limit_passed(void)
{
	if (nl_interrupted)
		return "interrupted";
	if (deadline.on && clock() >= deadline.at)
		return deadline.msg;
	if (deadline.wall_on && nl_mono_now() >= deadline.wall_at)
		return deadline.wall_msg;
	return NULL;
}

int nl_deadline_swap(int wall, const double *at, const char *msg, double *prev_at, char *prev_msg, size_t len)
{
	int was = wall ? deadline.wall_on : deadline.on;
	*prev_at = wall ? deadline.wall_at : (double)deadline.at / CLOCKS_PER_SEC;
	snprintf(prev_msg, len, "%s", wall ? deadline.wall_msg : deadline.msg);
	if (wall) {
		deadline.wall_on = at != NULL;
		if (at) {
			deadline.wall_at = *at;
			snprintf(deadline.wall_msg, sizeof deadline.wall_msg, "%s", msg);
		}
	} else {
		deadline.on = at != NULL;
		if (at) {
			deadline.at = (clock_t)(*at * CLOCKS_PER_SEC);
			snprintf(deadline.msg, sizeof deadline.msg, "%s", msg);
		}
	}
	return was;
}
