/*
 * labchange.h -- has netlearn changed the lab since a given moment? A count of
 * the changes netlearn makes to the lab's configuration (every netlink request
 * that is not a GET, nf_tables batches, sysctl writes, namespaces made and
 * removed, TUNs, programs started in the lab), and the programs started in the
 * background, which may change it at any time. The quiet proof uses it
 * (quiet.c, docs/quiet-lab.md: "ARP: an INCOMPLETE entry").
 */
#ifndef NETLEARN_LABCHANGE_H
#define NETLEARN_LABCHANGE_H
#include <sys/types.h>

struct nlmsghdr;

/* netlearn changed (or may have changed) the lab */
void lab_change_note(void);
/* a NETLINK_ROUTE request about to be sent: a change unless it is a GET */
void lab_change_note_rtm(const struct nlmsghdr *h);
/* the count of changes so far */
unsigned long lab_change_count(void);
/* a program started in the background, which may change the lab while it runs */
void lab_change_program(pid_t pid);
/* how many of those are still running (not yet exited) */
int lab_change_programs_running(void);

#endif
