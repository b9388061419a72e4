/*
 * procstat.h -- small readers of /proc, shared by the quiet-lab look
 * (quiet.c: netlearn's pumps, listeners' dropped SYNs), its view of the
 * kernel's workers (kworkers.c) and the ICMP rate limits (icmp_limit.c).
 */
#ifndef NETLEARN_PROCSTAT_H
#define NETLEARN_PROCSTAT_H

/* Up to LEN - 1 bytes of PATH (relative to the directory DIR, or AT_FDCWD)
 * into BUF, NUL-terminated: their number, or -errno. */
int proc_read(int dir, const char *path, char *buf, size_t len);

/* PID's state letter and its voluntary + nonvoluntary context switches, from
 * PID/status under PROC (a /proc directory's descriptor): 0 or -errno. */
int proc_task_switches(int proc, int pid, char *state, unsigned long long *switches);

/* From /proc/thread-self/net/FILE ("snmp", "netstat": a line of names after
 * "SECTION:", then a line of their values), the values of the N NAMES into V
 * (those not shown left as they are): how many were shown, or -errno. */
int proc_net_counters(const char *file, const char *section, const char *const *names, int n, long long *v);

#endif
