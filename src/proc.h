/* proc.h -- what proc.c gives its binding (l_proc.c). */
#ifndef NETLEARN_PROC_H
#define NETLEARN_PROC_H
#include <sys/types.h>

/* In the child only: enter NS, remount /sys, exec ARGV; never returns. */
void proc_exec_in(const char *ns, char *const argv[], int out, int err);
/* A wait status as the shell's exit code (128 + signal). */
int proc_exit_code(int status);
/* Take the terminal back from a foreground program's process group. */
void proc_reclaim_tty(void);
/* Wait for a foreground program, passing on netlearn's stop once. */
int proc_wait_child(pid_t pid);
/* In a forked child that does not exec (a tunnel's pump, the web server):
 * close every descriptor above 2 but the N of KEEP (-1: none). */
void proc_close_inherited(const int *keep, int n);

#endif
