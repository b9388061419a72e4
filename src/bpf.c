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

int filter_bpf_any(const char *expr, uint32_t netmask, const int *raw_hatypes, size_t nraw,
		   struct bpf_insn **out, size_t *n, char *err, size_t errlen)
{
	static const struct bpf_insn reject = { BPF_RET | BPF_K, 0, 0, 0 };
	struct bpf_program pe, pr;
	const struct bpf_insn *ie, *ir;
	struct bpf_insn *ins;
	size_t ne, nr, total, i;
	char junk[PCAP_ERRBUF_SIZE + 16];
	int r, have_e, have_r;

	*out = NULL;
	*n = 0;
	if (nraw > 200) {
		snprintf(err, errlen, "tcpdump: too many raw-IP device types");
		return -EINVAL;
	}
	r = filter_bpf_compile(DLT_LINUX_SLL2, expr, netmask, &pe, err, errlen);
	if (r)
		return r;
	pcap_freecode(&pe);
	have_e = filter_bpf_compile(DLT_EN10MB, expr, netmask, &pe, junk, sizeof junk) == 0;
	have_r = filter_bpf_compile(DLT_RAW, expr, netmask, &pr, junk, sizeof junk) == 0;
	ie = have_e ? pe.bf_insns : &reject;
	ne = have_e ? pe.bf_len : 1;
	ir = have_r ? pr.bf_insns : &reject;
	nr = have_r ? pr.bf_len : 1;
	total = 2 + nraw + nr + ne;
	ins = calloc(total, sizeof *ins);
	if (!ins) {
		snprintf(err, errlen, "tcpdump: out of memory");
		r = -ENOMEM;
		goto out;
	}
	/* 0: A = device type; 1..nraw: a raw device jumps to 2 + nraw; else 1 + nraw jumps over the raw code */
	ins[0] = (struct bpf_insn){ BPF_LD | BPF_W | BPF_ABS, 0, 0, (bpf_u_int32)(SKF_AD_OFF + SKF_AD_HATYPE) };
	for (i = 0; i < nraw; i++)
		ins[1 + i] = (struct bpf_insn){ BPF_JMP | BPF_JEQ | BPF_K, (u_char)(nraw - i), 0,
						(bpf_u_int32)raw_hatypes[i] };
	ins[1 + nraw] = (struct bpf_insn){ BPF_JMP | BPF_JA, 0, 0, (bpf_u_int32)nr };
	memcpy(ins + 2 + nraw, ir, nr * sizeof *ins);
	memcpy(ins + 2 + nraw + nr, ie, ne * sizeof *ins);
	*out = ins;
	*n = total;
out:
	if (have_e)
		pcap_freecode(&pe);
	if (have_r)
		pcap_freecode(&pr);
	return r;
}
