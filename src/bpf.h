/*
 * bpf.h -- tcpdump's filter language compiled by libpcap into classic BPF, for
 * the kernel (SO_ATTACH_FILTER) or for frames in user space. Pure: libpcap
 * only, no kernel socket, no Lua, so it can be fuzzed on its own (bpf.c).
 */
#ifndef NETLEARN_BPF_H
#define NETLEARN_BPF_H

#include <stddef.h>
#include <stdint.h>
#include <pcap/pcap.h>

#define PCAP_SNAPLEN_MAX 262144    /* tcpdump's default and maximum snapshot length */

/* Compile EXPR for frames of link type DLT (DLT_EN10MB, DLT_RAW, DLT_LINUX_SLL,
 * DLT_LINUX_SLL2) with NETMASK (host order, 0 = unknown). 0, or -EINVAL with
 * "tcpdump: <libpcap's reason>" in err. pcap_freecode() the program. */
int filter_bpf_compile(int dlt, const char *expr, uint32_t netmask, struct bpf_program *prog,
		       char *err, size_t errlen);

/* One program for a socket that sees every device ("any", SOCK_RAW: frames
 * with their link header, or without one on tun/ipip devices). EXPR is compiled
 * as tcpdump -i any compiles it (Linux cooked v2), then each load is moved: the
 * cooked header's protocol, ifindex, device type and packet type become the
 * kernel's ancillary loads (SKF_AD_*), the rest loads relative to the network
 * header (SKF_NET_OFF). A filter that reads the link-layer address or the
 * frame length is refused (-EOPNOTSUPP). The program goes to *out (free() it),
 * its length to *n. 0 or -errno with err set. */
int filter_bpf_any(const char *expr, uint32_t netmask, struct bpf_insn **out, size_t *n,
		   char *err, size_t errlen);

#endif
