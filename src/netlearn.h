/*
 * netlearn.h -- what every C file of netlearn shares: the namespace scope, the
 * per-namespace netlink sockets, the error record, and the Lua module tables.
 *
 * Convention (see docs/hacking.md): a primitive returns 0 or -errno and never
 * prints. The words for an error are made once, at the Lua boundary, from the
 * errno plus whatever the kernel said in its extended ACK (nl_last_extack()).
 */
#ifndef NETLEARN_H
#define NETLEARN_H

#include <stddef.h>
#include <signal.h>
#include <lua.h>
#include <lauxlib.h>

struct nl_sock;

#ifndef NETLEARN_VERSION
#define NETLEARN_VERSION "0.1.0"
#endif

/* Set by the SIGINT handler; long-running primitives (ping, capture waits) poll it. */
extern volatile sig_atomic_t nl_interrupted;
/* Set while lesson code or a lesson's commands run (proc.c, net.lesson_context):
 * then no program is started and no file is written or served (DESIGN 3c). */
extern int nl_lesson_context;
/* The signal that asked netlearn to stop (SIGTERM, SIGHUP), or 0. */
extern volatile sig_atomic_t nl_stop_signal;

/* ---- namespaces (ns.c) ---------------------------------------------------- */

/* A namespace name of NULL or "" means the sandbox's own namespace ("host"). */
int ns_is_host(const char *name);
int ns_valid_name(const char *name);          /* 0 or -EINVAL */
int ns_add(const char *name);
int ns_del(const char *name);
int ns_exists(const char *name);              /* 1, 0 */
int ns_open(const char *name);                /* fd or -errno */
/* list: calls fn for each name, in directory order */
int ns_list(void (*fn)(const char *name, void *arg), void *arg);

/* Enter a namespace for the calling thread; leave restores the one saved. */
struct ns_scope { int saved_fd; };
int ns_enter(const char *name, struct ns_scope *scope);
void ns_leave(struct ns_scope *scope);

/* Wait (at most TIMEOUT s) until every link of every namespace of the lab can
 * pass a first packet (link.c). 0, -ETIMEDOUT or -EINTR. */
int lab_settle(double timeout);

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

/* ---- Lua boundary (lnet.c) ------------------------------------------------ */

/* Push nil, "what: reason[: kernel says]", errno and return 3. */
int l_fail(lua_State *L, int neg_errno, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Namespace argument: nil, "" or a name. Raises on a wrong type. */
const char *l_checkns(lua_State *L, int arg);
/* Optional table fields */
const char *l_optfield_str(lua_State *L, int t, const char *k, const char *def);
lua_Integer l_optfield_int(lua_State *L, int t, const char *k, lua_Integer def);
int l_optfield_bool(lua_State *L, int t, const char *k, int def);   /* -1 if absent and def=-1 */
void l_setfield_str(lua_State *L, const char *k, const char *v);
void l_setfield_int(lua_State *L, const char *k, lua_Integer v);
void l_setfield_bool(lua_State *L, const char *k, int v);

/* Every binding file exports one table; lnet.c merges them into module `net`. */
extern const luaL_Reg l_ns_funcs[];
extern const luaL_Reg l_link_funcs[];
extern const luaL_Reg l_addr_funcs[];
extern const luaL_Reg l_route_funcs[];
extern const luaL_Reg l_rule_funcs[];
extern const luaL_Reg l_neigh_funcs[];
extern const luaL_Reg l_sysctl_funcs[];
extern const luaL_Reg l_nat_funcs[];
extern const luaL_Reg l_proc_funcs[];
extern const luaL_Reg l_ping_funcs[];
extern const luaL_Reg l_trace_funcs[];
extern const luaL_Reg l_capture_funcs[];
extern const luaL_Reg l_http_funcs[];
extern const luaL_Reg l_tunnel_funcs[];
int luaopen_netlearn_core(lua_State *L);

/* ---- sandbox (sandbox.c) -------------------------------------------------- */

/* Enter user(+if not root)/mount/net/pid namespaces; forks, the parent waits and
 * never returns. Returns 0 in the child (pid 1 of the sandbox) or -1 with a
 * one-line message in msg. */
int sandbox_enter(char *msg, size_t msglen);
/* Reap children that ended (we are init of the sandbox's pid namespace). */
void sandbox_reap(void);

#endif
