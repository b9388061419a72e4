/*
 * pcapfile.h -- what capture.c and pcapfile.c share: pcap files written with
 * libpcap's dumper, link-type numbers, the filter compiler (bpf.h); and the Lua
 * packet table their bindings (l_capture.c, l_pcap.c) push (l_decode.c).
 */
#ifndef NETLEARN_PCAPFILE_H
#define NETLEARN_PCAPFILE_H

struct lua_State;   /* the binding half below; primitives need no Lua */

#include <stdint.h>
#include <pcap/pcap.h>
#include "netlearn.h"
#include "decode.h"
#include "bpf.h"

/* decode.h's LT_* (pcap file link types) to libpcap's DLT_* and back; -1 if unknown */
int lt_to_dlt(int lt);
int dlt_to_lt(int dlt);

/* A pcap file being written (libpcap's dumper on a pcap_open_dead handle). */
struct pfile {
	pcap_t *pd;
	pcap_dumper_t *dump;
	int lt;                    /* LT_* of the file */
};
/* 0 or -errno (err gets "PATH: reason") */
int pfile_open(struct pfile *o, const char *path, int lt, char *err, size_t errlen);
/* Write one frame of link type FRAME_LT; a file of LT_LINUX_SLL or LT_LINUX_SLL2
 * gets other frames with a Linux cooked header built from PKTTYPE (PACKET_*),
 * HATYPE (ARPHRD_*) and (v2) IFINDEX. */
void pfile_put(struct pfile *o, long sec, long usec, const uint8_t *data, size_t caplen,
		  size_t wirelen, int frame_lt, int pkttype, int hatype, int ifindex);
int pfile_close(struct pfile *o);   /* 0 or -errno (flush failed) */

/* Push the Lua table of a decoded packet (l_decode.c; for l_capture.c, l_pcap.c). */
void capture_push_pkt(struct lua_State *L, const struct pkt *pk, const char *text, const char *text_e,
		      const uint8_t *data, size_t n, const char *ltname);
const char *lt_name_of(int lt);            /* "ether", "raw", "sll" */

#endif
