/*
 * settle.c -- links_settle() and lab_settle(): wait until a freshly built lab
 * can pass its first packet (every link up with a queue, operstate final,
 * bridge ports forwarding). Probes call lab_settle() before their first packet.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/if_bridge.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include "link.h"

/* Is the namespace's link state final enough for a first packet to pass?
 * Returns 1 and leaves *why empty, or 0 with the reason. */
static int settled(const struct link_info *v, int n, char *why, size_t len)
{
	int i;
	for (i = 0; i < n; i++) {
		const struct link_info *li = &v[i], *br;
		if (!(li->flags & IFF_UP))
			continue;
		if (!(li->flags & IFF_LOWER_UP)) {
			/* No carrier: final once the kernel's link watch has said so
			 * (UNKNOWN here means it has not run yet). */
			if (li->operstate == IF_OPER_UNKNOWN) {
				snprintf(why, len, "%s is up but its state is not known yet", li->name);
				return 0;
			}
			continue;
		}
		/* UNKNOWN is final for devices whose carrier never changed (lo, dummy,
		 * vxlan, tunnels); after a carrier change it means the link watch
		 * has not run yet. */
		if (li->operstate != IF_OPER_UP &&
		    (li->operstate != IF_OPER_UNKNOWN || li->carrier_changes > 0)) {
			snprintf(why, len, "%s has carrier but is still %s", li->name,
				 link_operstate_name(li->operstate));
			return 0;
		}
		if (!strcmp(li->qdisc, "noop")) {
			snprintf(why, len, "%s has no queue yet", li->name);
			return 0;
		}
		if (li->master && li->has_port_state && (br = link_by_index(v, n, li->master)) &&
		    (br->flags & IFF_UP) && li->port_state != BR_STATE_FORWARDING &&
		    !(br->stp && li->port_state == BR_STATE_BLOCKING)) {
			snprintf(why, len, "%s: port %s is %s, not forwarding yet%s", br->name,
				 li->name, link_port_state_name(li->port_state),
				 br->stp ? " (STP is on: a port needs two forward delays)" : "");
			return 0;
		}
	}
	why[0] = '\0';
	return 1;
}

double settle_clock(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The kernel's link watch applies a carrier change (activating the device's
 * transmit queue, setting its operstate) up to a second later for devices it
 * does not deem urgent, bridges among them; ETHTOOL_GLINK makes it apply the
 * pending change of that device now (ethtool_op_get_link syncs the link watch). */
static void sync_link_watch(const char *ns, const struct link_info *v, int n)
{
	struct ns_scope sc;
	int i, fd;
	if (ns_enter(ns, &sc) < 0)
		return;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ns_leave(&sc);
	if (fd < 0)
		return;
	for (i = 0; i < n; i++) {
		struct ethtool_value ev = { .cmd = ETHTOOL_GLINK };
		struct ifreq ifr;
		if (!(v[i].flags & IFF_UP))
			continue;
		memset(&ifr, 0, sizeof ifr);
		snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", v[i].name);
		ifr.ifr_data = (char *)&ev;
		ioctl(fd, SIOCETHTOOL, &ifr);
	}
	close(fd);
}

int links_settle(const char *ns, double timeout, char *why, size_t len)
{
	double end = settle_clock() + timeout;
	int synced = 0;
	for (;;) {
		struct link_info *v;
		int n = link_dump_all(ns, &v), ok;
		if (n < 0)
			return n;
		ok = settled(v, n, why, len);
		if (!ok && !synced) {
			sync_link_watch(ns, v, n);
			synced = 1;
			free(v);
			continue;
		}
		free(v);
		if (ok)
			return 0;
		if (settle_clock() >= end)
			return -ETIMEDOUT;
		if (nl_interrupted)
			return -EINTR;
		poll(NULL, 0, 10);
	}
}

struct settle_ctx { double end; int err; };

static void settle_one(const char *name, void *arg)
{
	struct settle_ctx *c = arg;
	char why[160];
	double left = c->end - settle_clock();
	int r;
	if (c->err)
		return;
	r = links_settle(name, left > 0 ? left : 0, why, sizeof why);
	if (r < 0 && r != -ENOENT)
		c->err = r;
}

/* Every namespace of the lab, the host first: probes call this before their
 * first packet so that it is not lost to a link the kernel has not finished
 * bringing up (a qdisc still noop, a bridge port still learning). */
int lab_settle(double timeout)
{
	struct settle_ctx c = { settle_clock() + timeout, 0 };
	/* a link watch run the kernel is in the middle of: the worker holds
	 * the RTNL and, per device, sets the operstate first and activates the
	 * transmit queues after (dev_activate); a link dump takes no RTNL and can
	 * fall in between: a device UP with its root qdisc shown while its queue
	 * still has noop_qdisc, which drops every packet. Once rtnl_barrier
	 * returns no run is half done; one still pending shows in the dump as an
	 * operstate not yet final. */
	rtnl_barrier();
	settle_one("", &c);
	ns_list(settle_one, &c);
	return c.err;
}
