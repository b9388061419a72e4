/*
 * layers.c -- a program linked from primitive objects only (no Lua library,
 * no binding, no shell): proof that a primitive builds and runs without Lua
 * and the REPL (issue #19). It touches no namespace: name checks only.
 */
#include <errno.h>
#include <stdio.h>
#include "netlearn.h"

static int fails;

static void is(int got, int want, const char *what)
{
	printf("%s %d - %s\n", got == want ? "ok" : "not ok", ++fails, what);
	if (got != want)
		printf("#   got %d, want %d\n", got, want);
}

int main(void)
{
	printf("1..5\n");
	is(ns_valid_name("net1"), 0, "ns_valid_name takes net1");
	is(ns_valid_name("a/b"), -EINVAL, "ns_valid_name refuses a path");
	is(ns_valid_name(".."), -EINVAL, "ns_valid_name refuses ..");
	is(ns_is_host(""), 1, "the empty name is the host");
	is(ns_is_host("net1"), 0, "net1 is not the host");
	return 0;
}
