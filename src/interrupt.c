/*
 * interrupt.c -- the signal flags, in one place. repl.c's handlers set them;
 * primitives that wait (probes, settle, the Lua hook) only read them, so they
 * link against this tiny object and not against the shell.
 */
#include "netlearn.h"

volatile sig_atomic_t nl_interrupted;
volatile sig_atomic_t nl_stop_signal;
/* On while lesson code runs (net.lesson_context, l_proc.c): then no program
 * is started and no file is written or served (DESIGN 3c). */
int nl_lesson_context;
