/*
 * l_tunnel.c -- the Lua binding of tunnel.c, moved out of it (issue #19): the
 * arguments checked, the results as Lua values, the error texts; tunnel.c
 * keeps the mechanism and needs no Lua.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <linux/if_tun.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include "addrparse.h"
#include "luax.h"
#include "netlearn.h"
#include "tunnel.h"

/* net.ipip_user_add(ns, {name=, local=, remote=, ttl=}) -> pid */
static int l_ipip_user_add(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *name, *ls, *rs;
	struct in_addr local = {0}, remote;
	int ttl, r;
	pid_t pid;
	luaL_checktype(L, 2, LUA_TTABLE);
	name = l_optfield_str(L, 2, "name", NULL);
	ls = l_optfield_str(L, 2, "local", NULL);
	rs = l_optfield_str(L, 2, "remote", NULL);
	ttl = (int)l_optfield_int(L, 2, "ttl", 0);
	if (!name || !*name)
		return l_fail(L, -EINVAL, "ipip: name= is required");
	if (!rs || parse_ipv4(rs, &remote.s_addr) < 0)
		return l_fail(L, -EINVAL, "%s: remote= must be an IPv4 address (the far end of the tunnel)", name);
	if (ls && parse_ipv4(ls, &local.s_addr) < 0)
		return l_fail(L, -EINVAL, "%s: local= must be an IPv4 address", name);
	if (ttl < 0 || ttl > 255)
		return l_fail(L, -EINVAL, "%s: ttl must be 0 (inherit) to 255", name);
	if (!ns_exists(ns))
		return l_fail(L, -ENOENT, "%s: no such namespace", ns);
	r = tunnel_ipip_user_add(ns, name, local, remote, ttl, &pid);
	if (r == -EEXIST)
		return l_fail(L, r, "%s: a device of that name exists already", name);
	if (r == -ENAMETOOLONG)
		return l_fail(L, -EINVAL, "%s: name longer than 15 bytes", name);
	if (r == -EADDRNOTAVAIL)
		return l_fail(L, r, "%s: local address %s is not on this namespace's interfaces", name, ls);
	if (r < 0)
		return l_fail(L, r, "%s: cannot create the user-space ipip tunnel: %s", name, strerror(-r));
	lua_pushinteger(L, pid);
	return 1;
}

const luaL_Reg l_tunnel_funcs[] = {
	{"ipip_user_add", l_ipip_user_add},
	{NULL, NULL}
};
