/*
 * netlearn.h -- what every C file of netlearn shares: the namespace scope, the
 * per-namespace netlink sockets, the signal flags, the sandbox and the file
 * broker. No Lua here: a primitive does not see Lua; the bindings' side is
 * luax.h.
 *
 * Convention (see docs/hacking.md): a primitive returns 0 or -errno and never
 * prints. The words for an error are made once, at the Lua boundary, from the
 * errno plus whatever the kernel said in its extended ACK (nl_last_extack()).
 */
#ifndef NETLEARN_H
#define NETLEARN_H

#include <stddef.h>
#include <sys/types.h>
#include <signal.h>

struct nl_sock;
struct nl_msg;

#ifndef NETLEARN_VERSION
#define NETLEARN_VERSION "0.1.0"
#endif

/* Set by the SIGINT handler; long-running primitives (ping, capture waits) poll it. */
extern volatile sig_atomic_t nl_interrupted;
/* Set while lesson code or a lesson's commands run (interrupt.c; net.lesson_context sets it):
 * then no program is started and no file is written or served (DESIGN 3c). */
extern int nl_lesson_context;
/* The signal that asked netlearn to stop (SIGTERM, SIGHUP), or 0. */
extern volatile sig_atomic_t nl_stop_signal;

/* ---- when long C loops stop (deadline.c) ---------------------------------- */

/* NULL, or why a long loop must stop now: "interrupted" (Ctrl-C, SIGTERM) or
 * the message of the lesson's CPU or wall-time deadline, once passed. */
const char *nl_limit_passed(void);
/* Seconds on CLOCK_MONOTONIC (what a wall-time deadline is given in). */
double nl_mono_now(void);
/* Set the CPU deadline (WALL 0: seconds of clock(), as os.clock() counts) or
 * the wall-time one (WALL 1: nl_mono_now() seconds) to *AT with MSG, or clear
 * it (AT NULL); the previous one goes to *PREV_AT and PREV_MSG. 1 if there
 * was one. */
int nl_deadline_swap(int wall, const double *at, const char *msg, double *prev_at, char *prev_msg, size_t len);

/* ---- namespaces (ns.c) ---------------------------------------------------- */

/* A namespace name of NULL or "" means the sandbox's own namespace ("host"). */
int ns_is_host(const char *name);
int ns_valid_name(const char *name);          /* 0 or -EINVAL */
#define NETNS_DIR "/run/netns"
/* Make NAME; INSIDE (may be NULL) runs in the new namespace before it is
 * kept: its failure undoes the namespace. The caller drops what it cached
 * for a namespace (nl_sock_forget) before ns_del. */
int ns_add(const char *name, int (*inside)(void));
int ns_del(const char *name);
/* ns_del, keeping the namespace itself alive (an fd of it) until
 * ns_release_kept or exit: the kernel tears a namespace down on a worker that
 * holds the RCU barrier's lock for tens of ms, and a lab built right after (a
 * reset before a challenge) would wait for it at each `ip link set ... netns`.
 * Only for a lab whose host side is already emptied (reset): a namespace kept
 * keeps its veth ends, so a peer outside would stay. At most 64; beyond,
 * ns_del. */
int ns_del_keep(const char *name);
void ns_release_kept(void);
/* FN runs in every ns_del before the name goes, to let go of the sockets a
 * layer above keeps open in namespaces (ring_pool.c's spares): one hook. */
void ns_before_del(void (*fn)(void));
int ns_exists(const char *name);              /* 1, 0 */
/* The device and inode of NAME's file in /run/netns: which namespace the name
 * leads to now (a name deleted and made again leads elsewhere). 0, or -errno;
 * the host and a bad name have none (-EINVAL). */
int ns_identity(const char *name, dev_t *dev, ino_t *ino);
int ns_open(const char *name);                /* fd or -errno */
/* list: calls fn for each name, in directory order */
int ns_list(void (*fn)(const char *name, void *arg), void *arg);

/* Enter a namespace for the calling thread; leave restores the one saved. */
struct ns_scope { int saved_fd; };
int ns_enter(const char *name, struct ns_scope *scope);
void ns_leave(struct ns_scope *scope);

/* Wait (at most TIMEOUT s) until every link of every namespace of the lab can
 * pass a first packet (settle.c). 0, -ETIMEDOUT or -EINTR. */
int lab_settle(double timeout);
/* Take the RTNL once and let it go (an ethtool ioctl, link_del.c): whatever
 * held it before has ended its section. */
void rtnl_barrier(void);

/* ---- sysctl baseline (sysctl.c) ------------------------------------------- */

/* Apply the registered baseline (net.sysctl_baseline) in the calling thread's
 * namespace: how many values were written, or -errno; then
 * sysctl_apply_failed() names the sysctl (net/...) that could not be set. */
int sysctl_apply_baseline(void);
const char *sysctl_apply_failed(void);
/* ---- netlink sockets (nlsock.c) ------------------------------------------- */

/* A NETLINK_ROUTE socket living in namespace NAME, cached until the namespace
 * goes away. Asks for extended ACK. Returns NULL and sets *err (-errno). */
struct nl_sock *nl_route_sock(const char *ns, int *err);
void nl_sock_forget(const char *ns);           /* drop the cached socket */
/* Turn a libnl return code into -errno, preferring the errno the kernel sent. */
int nl_result(struct nl_sock *sk, int libnl_err);
/* The kernel's extended-ACK text of the last failed request on any socket, or "" */
const char *nl_last_extack(void);
void nl_clear_extack(void);
struct nlmsghdr;
/* Keep the extended-ACK text of the answer H (an NLMSG_ERROR read without
 * libnl: link_del.c) as nl_last_extack's. */
void nl_note_ack(const struct nlmsghdr *h);
/* Dumps the kernel marks NLM_F_DUMP_INTR (the objects changed meanwhile) are
 * asked again: ATTEMPT returns 0 or -errno, or NL_DUMP_AGAIN once it has read
 * an interrupted answer to its end; nl_dump_retry runs it at most
 * NL_DUMP_TRIES times and then returns -EAGAIN. Every dump uses it. */
#define NL_DUMP_AGAIN 1
#define NL_DUMP_TRIES 10
int nl_dump_retry(int (*attempt)(void *arg), void *arg);
/* A NETLINK_ROUTE request REQ (freed) whose whole answer is read, asked again
 * while interrupted, then handed to FN one message at a time (the first
 * negative FN result is returned; the others are still called). */
int nl_dump_consistent(struct nl_sock *sk, struct nl_msg *req,
		       int (*fn)(struct nl_msg *m, void *arg), void *arg);

/* ---- sandbox (sandbox.c) -------------------------------------------------- */

/* Enter new user/mount/net/pid namespaces (root inside; started as root, an
 * unprivileged range of ids outside). The parent stays outside as the file
 * broker and never returns. Returns 0 in the child (pid 1 of the sandbox) or
 * -1 with a one-line message in msg. */
int sandbox_enter(char *msg, size_t msglen);
/* Inside, when the shell is done: print what is still to print (the probe
 * stats), let go of stdin, stdout and stderr and tell the parent outside,
 * which exits with STATUS at once; the rest of the exit ends unwatched. */
void sandbox_leave(int status);
/* Reap children that ended (we are init of the sandbox's pid namespace). */
void sandbox_reap(void);

/* ---- the file broker (broker.c) -------------------------------------------- */

/* Outside: serve the shell's requests on SOCK until EOF (-1), or until the
 * shell says it is done (broker_exiting): its exit status. */
int broker_serve(int sock);
/* Inside, in the shell: send requests on SOCK from now on. */
void broker_attach(int sock);
int broker_active(void);                       /* 1 in the shell inside the sandbox */
/* Inside, last: tell the parent outside that the shell is done with STATUS;
 * it exits with it at once (sandbox_leave). */
void broker_exiting(int status);
/* Like open(2), mkdir(2), remove(3), rename(2), with the learner's own rights
 * for paths outside the sandbox's /proc, /sys, /dev and /run/netns (opened
 * here otherwise, and everywhere when no broker is attached). fd or 0, else
 * -errno. Descriptors are close-on-exec. */
int broker_open(const char *path, int flags, mode_t mode);
int broker_mkdir(const char *path, mode_t mode);
int broker_mkdirs(const char *path, mode_t mode);   /* mkdir -p */
int broker_remove(const char *path);
int broker_rename(const char *from, const char *to);

#endif
