/*
 * tunnel.c -- netlearn's user-space stand-in for the kernel's ipip tunnel, for
 * kernels built without CONFIG_NET_IPIP (this project's development machines).
 *
 * A TUN device named as asked carries the inner packets; a raw IPPROTO_IPIP
 * socket bound to the local address and connected to the remote one carries
 * the outer packets. A small lab process copies between them both ways, so the
 * underlay sees the same protocol-4 packets the kernel's tunnel would send.
 * The device's alias says what it is, so `ip -d link` can tell the learner.
 * The process ends when the device is deleted or the sandbox ends.
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
#include "labchange.h"
#include "netlearn.h"
#include "tunnel.h"
#include "proc.h"

#define TUN_MTU 1480            /* 1500 minus the outer IPv4 header: no fragments */

/* Copy packets until the device goes away. Runs in the forked lab process. */
static void pump(int tun, int raw, int ttl, struct in_addr remote)
{
	struct sockaddr_in to = {.sin_family = AF_INET, .sin_addr = remote}, from;
	socklen_t fl;
	unsigned char buf[65536];
	struct pollfd p[2] = {{tun, POLLIN, 0}, {raw, POLLIN, 0}};
	int cur_ttl = -1;
	/* Never block but in poll(): a pump asleep is then a pump holding no
	 * packet, which the quiet-lab proof reads from its state (quiet.c). A
	 * packet the underlay cannot take now is dropped, as a full queue drops. */
	fcntl(tun, F_SETFL, fcntl(tun, F_GETFL) | O_NONBLOCK);
	fcntl(raw, F_SETFL, fcntl(raw, F_GETFL) | O_NONBLOCK);
	for (;;) {
		ssize_t n;
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		if (p[0].revents & (POLLERR | POLLHUP | POLLNVAL))
			_exit(0);
		if (p[0].revents & POLLIN) {
			n = read(tun, buf, sizeof buf);
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				_exit(0);   /* the device was deleted */
			/* IPv4 only: the TUN also emits IPv6 (router solicitations...) */
			if (n >= 20 && (buf[0] >> 4) == 4) {
				/* ttl 0 means inherit, as the kernel's ipip does */
				int want = ttl ? ttl : buf[8];
				if (want != cur_ttl) {
					setsockopt(raw, IPPROTO_IP, IP_TTL, &want, sizeof want);
					cur_ttl = want;
				}
				sendto(raw, buf, (size_t)n, 0, (struct sockaddr *)&to, sizeof to);
			}
		}
		if (p[1].revents & POLLIN) {
			fl = sizeof from;
			n = recvfrom(raw, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
			/* only our tunnel's far end: the socket sees every protocol-4 packet */
			if (n >= 20 && from.sin_addr.s_addr == remote.s_addr) {
				size_t ihl = (size_t)(buf[0] & 0x0f) * 4;
				if (ihl >= 20 && (size_t)n > ihl && (buf[ihl] >> 4) == 4)
					if (write(tun, buf + ihl, (size_t)n - ihl) < 0 && errno == EIO)
						_exit(0);
			}
		}
	}
}

/* The pumps this process started, for tunnel_pumps(): a lab process copies
 * every packet, so the quiet-lab proof must see when it holds none. */
#define PUMPS_MAX 64
static struct { pid_t pid; int ifindex; char ns[64]; } pumps[PUMPS_MAX];
static int npumps;

int tunnel_pumps(int *pid, int *ifindex, char (*ns)[64], int max)
{
	int i, n = 0, kept = 0;
	for (i = 0; i < npumps; i++) {
		if (kill(pumps[i].pid, 0) < 0 && errno == ESRCH)
			continue;       /* its device was deleted: the pump ended, and was reaped */
		pumps[kept++] = pumps[i];
		if (n < max) {
			pid[n] = pumps[i].pid;
			ifindex[n] = pumps[i].ifindex;
			snprintf(ns[n], 64, "%s", pumps[i].ns);
			n++;
		}
	}
	npumps = kept;
	return n;
}

static int set_alias_and_mtu(const char *ns, const char *name, const char *alias)
{
	struct nl_sock *sk;
	struct rtnl_link *old = NULL, *chg = NULL;
	int err = 0, r;

	sk = nl_route_sock(ns, &err);
	if (!sk)
		return err;
	r = rtnl_link_get_kernel(sk, 0, name, &old);
	if (r < 0)
		return nl_result(sk, r);
	chg = rtnl_link_alloc();
	if (!chg) {
		err = -ENOMEM;
		goto out;
	}
	rtnl_link_set_ifalias(chg, alias);
	rtnl_link_set_mtu(chg, TUN_MTU);
	r = rtnl_link_change(sk, old, chg, 0);
	if (r < 0)
		err = nl_result(sk, r);
out:
	rtnl_link_put(chg);
	rtnl_link_put(old);
	return err;
}

int tunnel_ipip_user_add(const char *ns, const char *name, struct in_addr local,
			 struct in_addr remote, int ttl, pid_t *pid_out)
{
	struct ns_scope scope;
	struct ifreq ifr;
	struct sockaddr_in sl = {.sin_family = AF_INET};
	int one = 1;
	char alias[128], lbuf[INET_ADDRSTRLEN], rbuf[INET_ADDRSTRLEN];
	int tun = -1, raw = -1, err = 0, ifindex = 0;
	pid_t pid;

	if (strlen(name) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	if ((err = ns_enter(ns, &scope)) < 0)
		return err;
	tun = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (tun < 0) {
		err = -errno;
		goto leave;
	}
	memset(&ifr, 0, sizeof ifr);
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
	/* TUNSETIFF attaches to an existing TUN of that name: refuse any device */
	if (if_nametoindex(name) != 0) {
		err = -EEXIST;
		goto leave;
	}
	lab_change_note();
	if (ioctl(tun, TUNSETIFF, &ifr) < 0) {
		err = -errno;
		goto leave;
	}
	ifindex = (int)if_nametoindex(name);
	raw = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_IPIP);
	if (raw < 0) {
		err = -errno;
		goto leave;
	}
	sl.sin_addr = local;
	/* Like the kernel's tunnel, accept a local address the namespace does not
	 * have (yet) and a remote with no route yet: no connect(), and freebind. */
	setsockopt(raw, IPPROTO_IP, IP_FREEBIND, &one, sizeof one);
	if (local.s_addr && bind(raw, (struct sockaddr *)&sl, sizeof sl) < 0) {
		err = -errno;
		goto leave;
	}
leave:
	ns_leave(&scope);
	if (err)
		goto fail;
	inet_ntop(AF_INET, &local, lbuf, sizeof lbuf);
	inet_ntop(AF_INET, &remote, rbuf, sizeof rbuf);
	snprintf(alias, sizeof alias, TUNNEL_ALIAS_PREFIX " local %s remote %s ttl %d", lbuf, rbuf, ttl);
	if ((err = set_alias_and_mtu(ns, name, alias)) < 0)
		goto fail;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		err = -errno;
		goto fail;
	}
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		signal(SIGINT, SIG_IGN);    /* Ctrl-C at the prompt is not for us */
		setpgid(0, 0);
		proc_close_inherited((int[]){ tun, raw }, 2);
		pump(tun, raw, ttl, remote);
	}
	close(tun);                 /* the device lives as long as the child holds it */
	close(raw);
	if (npumps < PUMPS_MAX) {   /* (past that many, their labs keep the fixed wait) */
		pumps[npumps].pid = pid;
		pumps[npumps].ifindex = ifindex;
		snprintf(pumps[npumps].ns, sizeof pumps[npumps].ns, "%s", ns);
		npumps++;
	}
	if (pid_out)
		*pid_out = pid;
	return 0;
fail:
	if (tun >= 0)
		close(tun);
	if (raw >= 0)
		close(raw);
	return err;
}

int tunnel_is_userspace(const char *alias, char *local, char *remote, int *ttl)
{
	char l[INET_ADDRSTRLEN], r[INET_ADDRSTRLEN];
	int t = 0;
	if (!alias || strncmp(alias, TUNNEL_ALIAS_PREFIX, strlen(TUNNEL_ALIAS_PREFIX)))
		return 0;
	if (sscanf(alias + strlen(TUNNEL_ALIAS_PREFIX), " local %15s remote %15s ttl %d", l, r, &t) != 3)
		return 0;
	if (local)
		snprintf(local, INET_ADDRSTRLEN, "%s", l);
	if (remote)
		snprintf(remote, INET_ADDRSTRLEN, "%s", r);
	if (ttl)
		*ttl = t;
	return 1;
}
