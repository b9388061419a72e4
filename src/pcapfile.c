/*
 * pcapfile.c -- libpcap for what tcpdump shares with netlearn: the filter
 * language (pcap_compile on a pcap_open_dead handle: a BPF program for the
 * kernel, see capture.c, or pcap_offline_filter for frames in user space) and
 * pcap files (written with libpcap's dumper, read with pcap_open_offline).
 * The packet printer stays netlearn's own (decode.c). Its Lua functions
 * (below as they are called) are in l_pcap.c.
 *
 *   net.filter_check("tcp[13] & 2 != 0")                 --> true
 *   net.filter_match("icmp[icmptype] == icmp-echo", frame, "ether") --> true
 *   net.pcap_write("/tmp/x.pcap", cap_packets)           --> 6
 *   local pkts, info = net.pcap_read("/tmp/x.pcap", "icmp")
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include "pcapfile.h"

int lt_to_dlt(int lt)
{
	switch (lt) {
	case LT_ETHER: return DLT_EN10MB;
	case LT_RAW: return DLT_RAW;
	case LT_LINUX_SLL: return DLT_LINUX_SLL;
	case LT_LINUX_SLL2: return DLT_LINUX_SLL2;
	default: return -1;
	}
}

int dlt_to_lt(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB: return LT_ETHER;
	case DLT_RAW:
	case DLT_IPV4:
	case LT_RAW: return LT_RAW;
	case DLT_LINUX_SLL: return LT_LINUX_SLL;
	case DLT_LINUX_SLL2: return LT_LINUX_SLL2;
	default: return -1;
	}
}

const char *lt_name_of(int lt)
{
	return lt == LT_RAW ? "raw" : lt == LT_LINUX_SLL ? "sll" : lt == LT_LINUX_SLL2 ? "sll2" : "ether";
}

/* ---- writing -------------------------------------------------------------- */

int pfile_open(struct pfile *o, const char *path, int lt, char *err, size_t errlen)
{
	FILE *f;
	int e;
	memset(o, 0, sizeof *o);
	if (nl_lesson_context) {        /* a lesson writes no file (src/proc.c) */
		snprintf(err, errlen, "%s: a lesson writes no file", path);
		return -EPERM;
	}
	o->lt = lt;
	o->pd = pcap_open_dead(lt_to_dlt(lt), PCAP_SNAPLEN_MAX);
	if (!o->pd) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	/* not pcap_dump_open: "-" is a file name here, not stdout; and the
	 * learner's file is written with the learner's rights (broker.c) */
	e = broker_open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	f = e >= 0 ? fdopen(e, "wb") : NULL;
	if (!f) {
		if (e >= 0) {
			int fd = e;
			e = errno;
			close(fd);
		} else {
			e = -e;
		}
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		pcap_close(o->pd);
		o->pd = NULL;
		return -e;
	}
	o->dump = pcap_dump_fopen(o->pd, f);
	if (!o->dump) {
		snprintf(err, errlen, "%s: %s", path, pcap_geterr(o->pd));
		fclose(f);
		pcap_close(o->pd);
		o->pd = NULL;
		return -EIO;
	}
	return 0;
}

/* Linux cooked v2 (as tcpdump 4.99 writes -i any): protocol, 2 reserved bytes,
 * ifindex, hatype, pkttype, address length, address[8]; then the network
 * layer. buf holds 20 bytes; returns how many leading bytes of data it replaces. */
static size_t sll2_header(uint8_t *buf, const uint8_t *data, size_t caplen, int frame_lt,
			  int pkttype, int hatype, int ifindex)
{
	uint16_t proto = 0;
	size_t off = 0;
	memset(buf, 0, 20);
	buf[4] = (uint8_t)((unsigned)ifindex >> 24);
	buf[5] = (uint8_t)((unsigned)ifindex >> 16);
	buf[6] = (uint8_t)((unsigned)ifindex >> 8);
	buf[7] = (uint8_t)ifindex;
	buf[8] = (uint8_t)(hatype >> 8);
	buf[9] = (uint8_t)hatype;
	buf[10] = (uint8_t)pkttype;
	if (frame_lt == LT_LINUX_SLL && caplen >= 16) {
		memcpy(buf + 8, data + 2, 2);         /* device type */
		buf[10] = data[1];                    /* packet type */
		buf[11] = data[5] <= 8 ? data[5] : 8;
		memcpy(buf + 12, data + 6, 8);
		proto = (uint16_t)(data[14] << 8 | data[15]);
		off = 16;
	} else if (frame_lt == LT_ETHER && caplen >= 14) {
		buf[11] = 6;
		memcpy(buf + 12, data + 6, 6);
		proto = (uint16_t)(data[12] << 8 | data[13]);
		off = 14;
	} else if (caplen >= 1) {
		proto = (data[0] & 0xf0) == 0x60 ? ETH_P_IPV6 : ETH_P_IP;
	}
	buf[0] = (uint8_t)(proto >> 8);
	buf[1] = (uint8_t)proto;
	return off;
}

void pfile_put(struct pfile *o, long sec, long usec, const uint8_t *data, size_t caplen,
	       size_t wirelen, int frame_lt, int pkttype, int hatype, int ifindex)
{
	struct pcap_pkthdr h;
	uint8_t *buf = NULL;
	const uint8_t *out = data;

	if (!o->dump)
		return;
	memset(&h, 0, sizeof h);
	h.ts.tv_sec = sec;
	h.ts.tv_usec = usec;
	h.caplen = (bpf_u_int32)caplen;
	h.len = (bpf_u_int32)(wirelen < caplen ? caplen : wirelen);
	if (o->lt == LT_LINUX_SLL && frame_lt != LT_LINUX_SLL) {
		/* Linux cooked header: pkttype, hatype, halen, address[8], protocol */
		size_t off = 0;
		uint16_t proto = 0;
		buf = malloc(caplen + 16);
		if (!buf)
			return;
		memset(buf, 0, 16);
		buf[0] = (uint8_t)(pkttype >> 8);
		buf[1] = (uint8_t)pkttype;
		buf[2] = (uint8_t)(hatype >> 8);
		buf[3] = (uint8_t)hatype;
		if (frame_lt == LT_LINUX_SLL2 && caplen >= 20) {
			buf[0] = 0;
			buf[1] = data[10];                    /* packet type */
			memcpy(buf + 2, data + 8, 2);         /* device type */
			buf[5] = data[11] <= 8 ? data[11] : 8;
			memcpy(buf + 6, data + 12, 8);
			proto = (uint16_t)(data[0] << 8 | data[1]);
			off = 20;
		} else if (frame_lt == LT_ETHER && caplen >= 14) {
			buf[5] = 6;
			memcpy(buf + 6, data + 6, 6);
			proto = (uint16_t)(data[12] << 8 | data[13]);
			off = 14;
		} else if (caplen >= 1) {
			proto = (data[0] & 0xf0) == 0x60 ? ETH_P_IPV6 : ETH_P_IP;
		}
		buf[14] = (uint8_t)(proto >> 8);
		buf[15] = (uint8_t)proto;
		memcpy(buf + 16, data + off, caplen - off);
		h.caplen = (bpf_u_int32)(caplen - off + 16);
		h.len = h.len - (bpf_u_int32)off + 16;
		out = buf;
	} else if (o->lt == LT_LINUX_SLL2 && frame_lt != LT_LINUX_SLL2) {
		size_t off;
		buf = malloc(caplen + 20);
		if (!buf)
			return;
		off = sll2_header(buf, data, caplen, frame_lt, pkttype, hatype, ifindex);
		memcpy(buf + 20, data + off, caplen - off);
		h.caplen = (bpf_u_int32)(caplen - off + 20);
		h.len = h.len - (bpf_u_int32)off + 20;
		out = buf;
	}
	pcap_dump((u_char *)o->dump, &h, out);
	free(buf);
}

int pfile_close(struct pfile *o)
{
	int r = 0;
	if (o->dump) {
		if (pcap_dump_flush(o->dump) < 0)
			r = -EIO;
		pcap_dump_close(o->dump);
	}
	if (o->pd)
		pcap_close(o->pd);
	o->dump = NULL;
	o->pd = NULL;
	return r;
}
