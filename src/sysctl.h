/*
 * sysctl.h -- the net.* sysctls of a lab namespace (sysctl.c), for its binding
 * l_sysctl.c: names into /proc/sys paths, one value read or written, a
 * subtree listed, lists of values applied (the baseline of every new
 * namespace among them), and what the kernel gave the namespace made last.
 */
#ifndef NETLEARN_SYSCTL_H
#define NETLEARN_SYSCTL_H
#include <stddef.h>

#define SYSCTL_NAME_MAX 256
#define SYSCTL_VALUE_MAX 4096

/* NAME (net.a.b or net/a/b) into its /proc/sys path and dotted name:
 * 0, -EPERM (not net.*) or -EINVAL */
int sysctl_path(const char *name, char *path, size_t plen, char *dotted, size_t dlen);
/* one value of namespace NS: 0 or -errno (-EDOM, -E2BIG: not the integers it takes) */
int sysctl_get(const char *ns, const char *path, char *buf, size_t len);
int sysctl_set(const char *ns, const char *path, const char *value);

/* every readable value under FILTER (a dotted prefix or a glob), sorted by name */
struct sysctl_entry { char *name, *value; };
struct sysctl_entries { struct sysctl_entry *v; size_t n, cap; };
int sysctl_list(const char *ns, const char *filter, struct sysctl_entries *es);
void sysctl_entries_free(struct sysctl_entries *es);

/* a list of values: paths relative to /proc/sys/net, one "*" component at most */
struct sysctl_value { char *rel, *value; };
void sysctl_values_free(struct sysctl_value *v, size_t n);
/* the baseline every ns_add applies (takes V) */
void sysctl_set_baseline(struct sysctl_value *v, size_t n);
/* apply V (NULL: the baseline) in NS: how many were written, or -errno and
 * sysctl_apply_failed() names the sysctl */
int sysctl_apply(const char *ns, const struct sysctl_value *v, size_t n);
/* the I-th value the kernel gave the namespace made last (where the baseline
 * changed it), as a dotted name: 0, or -1 past the end */
int sysctl_given_at(size_t i, char *dotted, size_t dlen, const char **value);

#endif
