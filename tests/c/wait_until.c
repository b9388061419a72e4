/*
 * tests/c/wait_until.c -- probe_wait_until (src/probe_util.c), linked with
 * probe_util.o, ns.o, labchange.o, deferred_close.o and interrupt.o
 * (lab_settle and quiet_note_before_probe are not called here: stand-ins). An end already past must never mean "forever"
 * (a time left computed as end minus now once came out negative, and
 * probe_wait took that as an endless poll: a ping hung in the stock-kernel VM).
 * Prints TAP; an alarm ends the program if a wait does not return.
 */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include "probe_util.h"

int lab_settle(double timeout)
{
	(void)timeout;
	return 0;
}

void quiet_note_before_probe(void)
{
}

static int n;
static void ok(int cond, const char *name)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++n, name);
}

static void on_alarm(int sig)
{
	(void)sig;
	static const char m[] = "not ok - a wait did not return (killed by the alarm)\n";
	(void)!write(1, m, sizeof m - 1);
	_exit(1);
}

int main(void)
{
	int p[2];
	double now;
	setvbuf(stdout, NULL, _IONBF, 0);
	signal(SIGALRM, on_alarm);
	alarm(20);
	if (pipe(p) < 0)
		return 1;
	now = probe_now_ms();
	ok(probe_wait_until(PROBE_STAT_ANSWER, p[0], POLLIN, now - 5) == 0, "an end 5 ms past, nothing there: 0 at once");
	ok(probe_wait_until(PROBE_STAT_ANSWER, p[0], POLLIN, now - 1000) == 0, "an end a second past: 0 at once");
	ok(probe_wait_until(PROBE_STAT_ANSWER, -1, 0, probe_now_ms() - 1) == 0, "no fd, an end past: 0 at once");
	ok(probe_wait_until(PROBE_STAT_ANSWER, p[0], POLLIN, probe_now_ms() + 20) == 0, "an end 20 ms ahead, nothing there: 0");
	(void)!write(p[1], "x", 1);
	ok(probe_wait_until(PROBE_STAT_ANSWER, p[0], POLLIN, probe_now_ms() - 5) & POLLIN,
	   "an end past, data there: POLLIN (what is there is still seen)");
	ok(probe_wait(p[0], POLLIN, 0) & POLLIN, "probe_wait with 0 ms, data there: POLLIN (one look, no wait)");
	ok(probe_wait_until(PROBE_STAT_ANSWER, p[0], POLLIN, -1) & POLLIN, "no end (forever), data there: POLLIN");
	ok(probe_wait_until(PROBE_STAT_ANSWER, p[0], POLLIN, probe_now_ms() + 1000) & POLLIN, "an end ahead, data there: POLLIN");
	printf("1..%d\n", n);
	return 0;
}
