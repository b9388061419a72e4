/* icmp_limit.h -- ICMP errors held back by the kernel's rate limits, lab-wide */
#ifndef NETLEARN_ICMP_LIMIT_H
#define NETLEARN_ICMP_LIMIT_H
/* OutRateLimitGlobal + OutRateLimitHost of the host and every namespace of the
 * lab, or -ENOTSUP on a kernel without them (before 6.9), or -errno. */
long icmp_ratelimited_lab(void);
#endif
