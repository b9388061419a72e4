/*
 * bpf.c -- libpcap's compiler for tcpdump's filter language, on a
 * pcap_open_dead handle: no device is opened, the program is for netlearn's
 * own AF_PACKET socket (capture.c) or for pcap_offline_filter (pcapfile.c).
 *
 *   struct bpf_program p;
 *   filter_bpf_compile(DLT_EN10MB, "tcp[13] & 2 != 0", 0, &p, err, sizeof err);
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/filter.h>
#include "bpf.h"

int filter_bpf_compile(int dlt, const char *expr, uint32_t netmask, struct bpf_program *prog,
		       char *err, size_t errlen)
{
	pcap_t *pd = pcap_open_dead(dlt, PCAP_SNAPLEN_MAX);
	int r = 0;
	if (!pd) {
		snprintf(err, errlen, "tcpdump: out of memory");
		return -ENOMEM;
	}
	if (pcap_compile(pd, prog, expr, 1, netmask) < 0) {
		snprintf(err, errlen, "tcpdump: %s", pcap_geterr(pd));
		r = -EINVAL;
	}
	pcap_close(pd);
	return r;
}

/* Move one load of a program compiled for Linux cooked v2 (SLL2) onto a
 * socket that sees frames with or without a link header: the cooked header's
 * fields become the kernel's ancillary loads, what follows it a load relative
 * to the network header (SKF_NET_OFF). 0, or -1 when the load cannot move. */
static int sll2_load_fix(struct bpf_insn *in)
{
	unsigned cls = BPF_CLASS(in->code), mode = BPF_MODE(in->code), size = BPF_SIZE(in->code);
	if (cls != BPF_LD && cls != BPF_LDX)
		return 0;
	if (mode == BPF_IMM || mode == BPF_MEM)
		return 0;
	if (mode == BPF_LEN)
		return -1;                       /* the cooked length is not the socket's */
	if (mode != BPF_ABS && mode != BPF_IND && mode != BPF_MSH)
		return -1;
	if (in->k >= 20) {
		in->k = (bpf_u_int32)(SKF_NET_OFF + (int)(in->k - 20));
		return 0;
	}
	if (mode != BPF_ABS || cls != BPF_LD)
		return -1;
	if (in->k == 0 && size == BPF_H)
		in->k = (bpf_u_int32)(SKF_AD_OFF + SKF_AD_PROTOCOL);
	else if (in->k == 4 && size == BPF_W)
		in->k = (bpf_u_int32)(SKF_AD_OFF + SKF_AD_IFINDEX);
	else if (in->k == 8 && size == BPF_H)
		in->k = (bpf_u_int32)(SKF_AD_OFF + SKF_AD_HATYPE);
	else if (in->k == 10 && size == BPF_B)
		in->k = (bpf_u_int32)(SKF_AD_OFF + SKF_AD_PKTTYPE);
	else
		return -1;                       /* the link-layer address: not in the kernel's reach */
	return 0;
}

int filter_bpf_any(const char *expr, uint32_t netmask, struct bpf_insn **out, size_t *n,
		   char *err, size_t errlen)
{
	struct bpf_program p;
	struct bpf_insn *ins;
	size_t i;
	int r;

	*out = NULL;
	*n = 0;
	r = filter_bpf_compile(DLT_LINUX_SLL2, expr, netmask, &p, err, errlen);
	if (r)
		return r;
	ins = calloc(p.bf_len ? p.bf_len : 1, sizeof *ins);
	if (!ins) {
		pcap_freecode(&p);
		snprintf(err, errlen, "tcpdump: out of memory");
		return -ENOMEM;
	}
	memcpy(ins, p.bf_insns, p.bf_len * sizeof *ins);
	for (i = 0; i < p.bf_len; i++)
		if (sll2_load_fix(&ins[i]) < 0) {
			snprintf(err, errlen, "tcpdump: this filter reads %s, which netlearn cannot test in the kernel "
				 "on 'any'", BPF_MODE(ins[i].code) == BPF_LEN ? "the frame length" :
				 "the link-layer address");
			free(ins);
			pcap_freecode(&p);
			return -EOPNOTSUPP;
		}
	*out = ins;
	*n = p.bf_len;
	pcap_freecode(&p);
	return 0;
}
