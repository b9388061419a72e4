/*
 * floor.c -- the floor for `make bench`: the N-host lab built, verified and torn
 * down with the fewest netlink calls that do what netlearn's command lines do,
 * straight from C, one request at a time, each waiting for its ACK (as netlearn
 * and iproute2 do). Built by bench/run.sh into a temp dir; never installed.
 *
 *   floor lab N [-6off] [-baseline FILE]
 *                         build, ping host 1 -> host N, tear down; prints
 *                         "RESULT build S verify S teardown S"; with
 *                         -baseline, each new namespace also gets the
 *                         hermetic settings of FILE ("net/REL VALUE" lines,
 *                         from netlearn.baseline.fresh_list()) the way
 *                         netlearn's ns_add applies them (src/sysctl.c:
 *                         read each, write those that differ, "*" = every
 *                         device when its default had to be written)
 *   floor now             CLOCK_MONOTONIC in seconds (the bench's clock)
 *   floor gone            wait until this namespace has no device but lo
 *                         (netns cleanup is asynchronous)
 *   floor arp K           build a 2-host lab K times, ping once right after each
 *                         build, print how many first pings took more than 0.5 s
 *
 * Per host, like the lines piped into netlearn:
 *   ip netns add hI                               unshare + bind mount
 *   ip link add vhI type veth peer name eth0 netns hI
 *   ip link set vhI master br0 up
 *   ip -n hI addr add 10.0.X.Y/16 dev eth0
 *   ip -n hI link set eth0 up
 * Only ever run inside netlearn's sandbox (its own net and mount namespaces).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <dirent.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/ip_icmp.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* ---- a tiny netlink message builder --------------------------------------- */

struct msg { union { struct nlmsghdr h; char raw[2048]; }; };

static void *tail(struct msg *m) { return m->raw + NLMSG_ALIGN(m->h.nlmsg_len); }

static struct rtattr *put(struct msg *m, int type, const void *data, int len)
{
	struct rtattr *a = tail(m);
	a->rta_type = (unsigned short)type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, (size_t)len);
	m->h.nlmsg_len = NLMSG_ALIGN(m->h.nlmsg_len) + RTA_ALIGN(a->rta_len);
	return a;
}
static void put_str(struct msg *m, int type, const char *s) { put(m, type, s, (int)strlen(s) + 1); }
static void put_u32(struct msg *m, int type, unsigned v) { put(m, type, &v, 4); }
static void end(struct msg *m, struct rtattr *a) { a->rta_len = (unsigned short)((char *)tail(m) - (char *)a); }

static void init(struct msg *m, int type, int flags, const void *hdr, int len)
{
	memset(m, 0, sizeof *m);
	m->h.nlmsg_type = (unsigned short)type;
	m->h.nlmsg_flags = (unsigned short)(NLM_F_REQUEST | NLM_F_ACK | flags);
	m->h.nlmsg_len = NLMSG_LENGTH(len);
	memcpy(NLMSG_DATA(&m->h), hdr, (size_t)len);
}

static unsigned seq;

/* send, wait for the ACK; 0 or -errno */
static int request(int fd, struct msg *m)
{
	char ans[8192];
	m->h.nlmsg_seq = ++seq;
	if (send(fd, m, m->h.nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		ssize_t n = recv(fd, ans, sizeof ans, 0);
		struct nlmsghdr *h;
		if (n < 0)
			return -errno;
		for (h = (void *)ans; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n))
			if (h->nlmsg_seq == seq && h->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
	}
}

static int nl_open(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		die("netlink socket");
	return fd;
}

static void must(int r, const char *what)
{
	if (r < 0) {
		fprintf(stderr, "floor: %s: %s\n", what, strerror(-r));
		exit(1);
	}
}

/* ---- the hermetic baseline (-baseline FILE) --------------------------------- */

struct setting { char rel[128], value[32], now[64]; int known; };
static struct setting *base;
static int nbase;

static void baseline_load(const char *path)
{
	char line[256], rel[128];
	FILE *f = fopen(path, "r");
	if (!f)
		die(path);
	while (fgets(line, sizeof line, f)) {
		struct setting *v;
		char value[32];
		if (sscanf(line, "net/%127s %31s", rel, value) != 2)
			continue;
		if (!(v = realloc(base, sizeof *base * (size_t)(nbase + 1))))
			die("realloc");
		base = v;
		snprintf(base[nbase].rel, sizeof base[nbase].rel, "%s", rel);
		snprintf(base[nbase].value, sizeof base[nbase].value, "%s", value);
		nbase++;
	}
	fclose(f);
}

/* 1 if written, 0 if it held VALUE (or is absent); KNOWN: its value, read before */
static int set_one(int dir, const char *rel, const char *value, const char *known)
{
	char cur[64];
	ssize_t n;
	int fd, r = 0;
	if (known && !strcmp(known, value))
		return 0;
	if ((fd = openat(dir, rel, O_RDWR | O_CLOEXEC)) < 0)
		return 0;
	if (!known) {
		n = pread(fd, cur, sizeof cur - 1, 0);
		cur[n > 0 ? n : 0] = '\0';
		cur[strcspn(cur, "\n")] = '\0';
		if (!strcmp(cur, value)) {
			close(fd);
			return 0;
		}
	}
	r = pwrite(fd, value, strlen(value), 0) >= 0;
	close(fd);
	return r;
}

/* in the namespace just made: every value read, then the ones that differ written */
static void baseline_apply(void)
{
	int dir = open("/proc/sys/net", O_RDONLY | O_DIRECTORY | O_CLOEXEC), i, prev = 1;
	if (dir < 0)
		die("/proc/sys/net");
	for (i = 0; i < nbase; i++) {
		int fd;
		ssize_t n;
		base[i].known = 0;
		if (strstr(base[i].rel, "/*/") || (fd = openat(dir, base[i].rel, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		n = pread(fd, base[i].now, sizeof base[i].now - 1, 0);
		close(fd);
		if (n < 0)
			continue;
		base[i].now[n] = '\0';
		base[i].now[strcspn(base[i].now, "\n")] = '\0';
		base[i].known = 1;
	}
	for (i = 0; i < nbase; i++) {
		const char *star = strstr(base[i].rel, "/*/");
		if (star && prev == 0)
			continue;               /* its default held the value: so do the devices */
		if (star) {
			char dname[128], sub[320];
			struct dirent *e;
			DIR *d;
			int fd;
			snprintf(dname, sizeof dname, "%.*s", (int)(star - base[i].rel), base[i].rel);
			prev = 0;
			if ((fd = openat(dir, dname, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 || !(d = fdopendir(fd)))
				continue;
			while ((e = readdir(d)))
				if (e->d_name[0] != '.' && strcmp(e->d_name, "all") && strcmp(e->d_name, "default")) {
					snprintf(sub, sizeof sub, "%s/%.64s/%.120s", dname, e->d_name, star + 3);
					prev += set_one(dir, sub, base[i].value, NULL);
				}
			closedir(d);
			continue;
		}
		prev = set_one(dir, base[i].rel, base[i].value, base[i].known ? base[i].now : NULL);
	}
	close(dir);
}

/* ---- namespaces ------------------------------------------------------------ */

static int host_fd = -1;

static void netns_path(char *p, size_t n, int i) { snprintf(p, n, "/run/netns/h%d", i); }

/* ip netns add: a new netns bind-mounted on /run/netns/hI; returns its fd */
static int netns_add(int i, int v6off)
{
	char p[64];
	int fd;
	netns_path(p, sizeof p, i);
	mkdir("/run/netns", 0755);
	fd = open(p, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0)
		die(p);
	close(fd);
	if (unshare(CLONE_NEWNET) < 0)
		die("unshare");
	if (mount("/proc/thread-self/ns/net", p, "none", MS_BIND, NULL) < 0)
		die("mount");
	if (nbase)
		baseline_apply();
	if (v6off) {
		/* before any device exists in it: no IPv6 on the devices to come */
		int s = open("/proc/sys/net/ipv6/conf/default/disable_ipv6", O_WRONLY | O_CLOEXEC);
		if (s >= 0) {
			if (write(s, "1", 1) < 0) { /* no IPv6 at all: nothing to disable */ }
			close(s);
		}
	}
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(host_fd, CLONE_NEWNET) < 0)
		die("setns back");
	return fd;
}

static void netns_del(int i)
{
	char p[64];
	netns_path(p, sizeof p, i);
	umount2(p, MNT_DETACH);
	unlink(p);
}

/* a socket of DOMAIN made inside netns FD */
static int socket_in(int fd, int domain, int type, int proto)
{
	int s;
	if (setns(fd, CLONE_NEWNET) < 0)
		die("setns");
	s = socket(domain, type | SOCK_CLOEXEC, proto);
	if (s < 0)
		die("socket");
	if (setns(host_fd, CLONE_NEWNET) < 0)
		die("setns back");
	return s;
}

/* ---- links and addresses --------------------------------------------------- */

static int link_add_bridge(int nl, const char *name)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct msg m;
	struct rtattr *li;
	init(&m, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof ifi);
	put_str(&m, IFLA_IFNAME, name);
	li = put(&m, IFLA_LINKINFO, NULL, 0);
	put_str(&m, IFLA_INFO_KIND, "bridge");
	end(&m, li);
	return request(nl, &m);
}

/* ip link add NAME type veth peer name PEER netns NSFD */
static int link_add_veth(int nl, const char *name, const char *peer, int nsfd)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct msg m;
	struct rtattr *li, *data, *pi;
	init(&m, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof ifi);
	put_str(&m, IFLA_IFNAME, name);
	li = put(&m, IFLA_LINKINFO, NULL, 0);
	put_str(&m, IFLA_INFO_KIND, "veth");
	data = put(&m, IFLA_INFO_DATA, NULL, 0);
	pi = put(&m, VETH_INFO_PEER, &ifi, sizeof ifi);
	put_str(&m, IFLA_IFNAME, peer);
	put_u32(&m, IFLA_NET_NS_FD, (unsigned)nsfd);
	end(&m, pi);
	end(&m, data);
	end(&m, li);
	return request(nl, &m);
}

/* ip link set NAME [master IDX] up */
static int link_up(int nl, const char *name, int master)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_flags = IFF_UP, .ifi_change = IFF_UP };
	struct msg m;
	init(&m, RTM_NEWLINK, 0, &ifi, sizeof ifi);
	put_str(&m, IFLA_IFNAME, name);
	if (master > 0)
		put_u32(&m, IFLA_MASTER, (unsigned)master);
	return request(nl, &m);
}

static int link_del(int nl, const char *name)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct msg m;
	init(&m, RTM_DELLINK, 0, &ifi, sizeof ifi);
	put_str(&m, IFLA_IFNAME, name);
	return request(nl, &m);
}

static int addr_add(int nl, int ifindex, struct in_addr a, int len)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_prefixlen = (unsigned char)len,
				 .ifa_index = (unsigned)ifindex };
	struct in_addr brd = { a.s_addr | htonl(0xffffffffu >> len) };
	struct msg m;
	init(&m, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &ifa, sizeof ifa);
	put(&m, IFA_LOCAL, &a, 4);
	put(&m, IFA_ADDRESS, &a, 4);
	put(&m, IFA_BROADCAST, &brd, 4);
	return request(nl, &m);
}

static int ifindex_in(int sock, const char *name)
{
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
	if (ioctl(sock, SIOCGIFINDEX, &ifr) < 0)
		return -errno;
	return ifr.ifr_ifindex;
}

static struct in_addr host_addr(int i)
{
	struct in_addr a = { htonl(0x0a000000u | (unsigned)i) };    /* 10.0.0.0/16 + i */
	return a;
}

/* ---- ping ------------------------------------------------------------------ */

static unsigned short cksum(const void *d, int len)
{
	const unsigned short *p = d;
	unsigned sum = 0;
	for (; len > 1; len -= 2)
		sum += *p++;
	if (len)
		sum += *(const unsigned char *)p;
	sum = (sum >> 16) + (sum & 0xffff);
	sum += sum >> 16;
	return (unsigned short)~sum;
}

/* one echo request from netns FD to DST; seconds until the reply, or -1 */
static double ping_once(int nsfd, struct in_addr dst, double timeout)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr = dst };
	struct icmphdr req = { .type = ICMP_ECHO };
	double t0 = now(), left;
	int s = socket_in(nsfd, AF_INET, SOCK_RAW, IPPROTO_ICMP);
	req.un.echo.id = htons((unsigned short)getpid());
	req.un.echo.sequence = htons(1);
	req.checksum = cksum(&req, sizeof req);
	if (sendto(s, &req, sizeof req, 0, (struct sockaddr *)&to, sizeof to) < 0)
		die("sendto");
	while ((left = t0 + timeout - now()) > 0) {
		struct pollfd p = { s, POLLIN, 0 };
		char buf[1500];
		if (poll(&p, 1, (int)(left * 1000) + 1) <= 0)
			continue;
		ssize_t n = recv(s, buf, sizeof buf, 0);
		if (n >= 28) {
			struct icmphdr *r = (void *)(buf + (buf[0] & 0xf) * 4);
			if (r->type == ICMP_ECHOREPLY && r->un.echo.id == req.un.echo.id) {
				close(s);
				return now() - t0;
			}
		}
	}
	close(s);
	return -1;
}

/* ---- the lab --------------------------------------------------------------- */

static int count_devices(void)
{
	FILE *f = fopen("/proc/net/dev", "r");
	char line[512];
	int n = 0;
	if (!f)
		die("/proc/net/dev");
	while (fgets(line, sizeof line, f))
		n++;
	fclose(f);
	return n - 2;           /* two header lines */
}

static void wait_gone(void)
{
	while (count_devices() > 1)
		poll(NULL, 0, 1);
}

struct lab { int n, nl, *nsfd; };

static void build(struct lab *lab, int n, int v6off)
{
	int i, br;
	char name[IFNAMSIZ];
	lab->n = n;
	lab->nl = nl_open();
	lab->nsfd = calloc((size_t)n + 1, sizeof *lab->nsfd);
	must(link_add_bridge(lab->nl, "br0"), "br0");
	must(link_up(lab->nl, "br0", 0), "br0 up");
	br = (int)if_nametoindex("br0");
	for (i = 1; i <= n; i++) {
		int fd = netns_add(i, v6off), nl, s, idx;
		lab->nsfd[i] = fd;
		snprintf(name, sizeof name, "vh%d", i);
		must(link_add_veth(lab->nl, name, "eth0", fd), "veth");
		must(link_up(lab->nl, name, br), "master up");
		nl = socket_in(fd, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
		s = socket_in(fd, AF_INET, SOCK_DGRAM, 0);
		idx = ifindex_in(s, "eth0");
		must(idx, "eth0 ifindex");
		must(addr_add(nl, idx, host_addr(i), 16), "addr");
		must(link_up(nl, "eth0", 0), "eth0 up");
		close(s);
		close(nl);
	}
}

static void teardown(struct lab *lab)
{
	int i;
	for (i = 1; i <= lab->n; i++) {
		close(lab->nsfd[i]);
		netns_del(i);
	}
	must(link_del(lab->nl, "br0"), "del br0");
	close(lab->nl);
	free(lab->nsfd);
	wait_gone();
}

static void set_host_v6(int off)
{
	int s = open("/proc/sys/net/ipv6/conf/default/disable_ipv6", O_WRONLY | O_CLOEXEC);
	if (s >= 0) {
		if (write(s, off ? "1" : "0", 1) < 0) { /* no IPv6 */ }
		close(s);
	}
}

int main(int argc, char **argv)
{
	host_fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (argc >= 2 && !strcmp(argv[1], "now")) {
		printf("%.6f\n", now());
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "gone")) {
		wait_gone();
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "lab")) {
		int n = atoi(argv[2]), v6off = 0, a;
		struct lab lab;
		for (a = 3; a < argc; a++)
			if (!strcmp(argv[a], "-6off"))
				v6off = 1;
			else if (!strcmp(argv[a], "-baseline") && a + 1 < argc)
				baseline_load(argv[++a]);
		double t0, t1, t2, t3, rtt;
		set_host_v6(v6off);
		t0 = now();
		build(&lab, n, v6off);
		t1 = now();
		rtt = ping_once(lab.nsfd[1], host_addr(n), 3.0);
		t2 = now();
		teardown(&lab);
		t3 = now();
		if (rtt < 0) {
			fprintf(stderr, "floor: h1 did not reach h%d\n", n);
			return 1;
		}
		printf("RESULT build %.4f verify %.4f teardown %.4f\n", t1 - t0, t2 - t1, t3 - t2);
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "arp")) {
		int k = atoi(argv[2]), i, slow = 0;
		double worst = 0;
		for (i = 0; i < k; i++) {
			struct lab lab;
			double rtt;
			build(&lab, 2, 0);
			rtt = ping_once(lab.nsfd[1], host_addr(2), 3.0);
			if (rtt < 0 || rtt > 0.5)
				slow++;
			if (rtt > worst)
				worst = rtt;
			teardown(&lab);
		}
		printf("RESULT slow %d of %d, worst %.1f ms\n", slow, k, worst * 1e3);
		return 0;
	}
	fprintf(stderr, "usage: floor lab N [-6off] [-baseline FILE] | now | gone | arp K\n");
	return 2;
}
