#!/bin/sh
# tests/43-fuzz-decode.t -- the decoder and the filter compiler are plain C with no
# kernel and no Lua (src/decode*.c; src/bpf.c on libpcap); build them alone with
# ASan+UBSan and feed them random frames, every truncation of real ones and
# random filter expressions, whose programs (one link type, and the "any"
# program netlearn rewrites from cooked v2) must pass libpcap's bpf_validate and run on
# the frames. Any out-of-bounds read, crash or invalid program fails the test.
. "$(dirname "$0")/lib/tap.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
command -v cc >/dev/null 2>&1 || skip_all "no C compiler"
cat > "$T_TMP/fuzz.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "decode.h"
#include "bpf.h"
static unsigned long long rs = 88172645463325252ull;
static unsigned rnd(void) { rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17; return (unsigned)rs; }
int main(int argc, char **argv)
{
	static const unsigned char seed[] = {   /* ether + IPv4 + IPIP + ICMP echo */
		0x2e,0x90,0xa2,0x6e,0xa8,0x36, 0x96,0x59,0x54,0x42,0xfa,0x1b, 0x08,0x00,
		0x45,0,0,48, 0,1,0x40,0, 64,4,0,0, 172,16,94,141, 172,16,94,142,
		0x45,0,0,28, 0,1,0x40,0, 64,1,0,0, 10,1,5,10, 10,1,8,10,
		8,0,0,0, 0x09,0x37, 0,1 };
	static const char *const words[] = { "icmp", "arp", "tcp", "udp", "ip", "ip6", "host", "net", "port",
		"src", "dst", "and", "or", "not", "!", "(", ")", "&&", "||", "10.1.5.10", "10.1.0.0/16", "80",
		"proto", "\\icmp", "ether", "aa:bb:cc:dd:ee:ff", "fe80::1", "less", "greater", "99999", "",
		"tcp[13]", "&", "2", "!=", "0", "icmp[icmptype]", "==", "icmp-echo", "portrange", "1-1000", "vlan",
		"broadcast", "mask", "255.0.0.0", "len", "<=", "[", "]", ":", "geneve", "mpls", "pppoes" };
	struct bpf_program prog = { 0, NULL };
	struct bpf_insn *anyp;
	size_t anyn;
	int have = 0, progs = 0;
	struct decode_state st;
	struct pkt pk;
	char t1[512], t2[16], err[PCAP_ERRBUF_SIZE + 16], expr[512];
	unsigned char buf[300];
	long iters = argc > 1 ? atol(argv[1]) : 200000, i;
	size_t n, k;
	int lts[] = { LT_ETHER, LT_RAW, LT_LINUX_SLL, LT_LINUX_SLL2 };
	memset(&st, 0, sizeof st);
	have = filter_bpf_compile(DLT_EN10MB, "icmp or (tcp and port 80) or not arp", 0, &prog, err, sizeof err) == 0;
	for (n = 0; n <= sizeof seed; n++)
		for (k = 0; k < 4; k++) {
			unsigned char *cp = malloc(n ? n : 1);
			memcpy(cp, seed, n);
			decode_packet(cp, n, sizeof seed, lts[k], &st, &pk, t1, sizeof t1, t2, sizeof t2);
			if (have)
				bpf_filter(prog.bf_insns, cp, (u_int)n, (u_int)n);
			free(cp);
		}
	for (i = 0; i < iters; i++) {
		unsigned char *cp;
		n = rnd() % sizeof buf;
		if (rnd() % 2) {          /* mutate the seed */
			memcpy(buf, seed, sizeof seed);
			for (k = 0; k < 1 + rnd() % 6; k++)
				buf[rnd() % sizeof seed] = (unsigned char)rnd();
			if (n > sizeof seed && rnd() % 2)
				n = sizeof seed;
		} else
			for (k = 0; k < n; k++)
				buf[k] = (unsigned char)rnd();
		cp = malloc(n ? n : 1);   /* exact size: ASan sees any overread */
		memcpy(cp, buf, n);
		decode_packet(cp, n, n + rnd() % 3, lts[rnd() % 4], (rnd() % 2) ? &st : NULL, &pk,
			      t1, sizeof t1, (rnd() % 2) ? t2 : NULL, sizeof t2);
		if (have)
			bpf_filter(prog.bf_insns, cp, (u_int)n, (u_int)n);
		free(cp);
		if (i % 50 == 0) {
			expr[0] = '\0';
			for (k = 0; k < rnd() % 12; k++) {
				strcat(expr, words[rnd() % (sizeof words / sizeof words[0])]);
				strcat(expr, (rnd() % 4) ? " " : "");
			}
			if (have)
				pcap_freecode(&prog);
			have = filter_bpf_compile(lts[rnd() % 2] == LT_RAW ? DLT_RAW : DLT_EN10MB, expr, 0, &prog,
						  err, sizeof err) == 0;
			if (have) {
				progs++;
				if (!bpf_validate(prog.bf_insns, (int)prog.bf_len)) {
					printf("invalid program for '%s'\n", expr);
					return 1;
				}
			} else if (strncmp(err, "tcpdump: ", 9) || strchr(err, '\n') || strlen(err) < 12) {
				printf("bad error text for '%s': %s\n", expr, err);
				return 1;
			}
			if (filter_bpf_any(expr, 0, &anyp, &anyn, err, sizeof err) == 0) {
				if (!bpf_validate(anyp, (int)anyn)) {
					printf("invalid any-program for '%s'\n", expr);
					return 1;
				}
				free(anyp);
			}
		}
	}
	if (progs < 50) {
		printf("only %d random filters compiled\n", progs);
		return 1;
	}
	printf("done\n");
	return 0;
}
C
if ! cc -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
     -I"$ROOT/src" -o "$T_TMP/fuzz" "$T_TMP/fuzz.c" "$ROOT"/src/decode*.c "$ROOT/src/bpf.c" -lpcap 2>"$T_TMP/cc.err"; then
  skip_all "cannot build with -fsanitize ($(head -c 200 "$T_TMP/cc.err"))"
fi
ok "decoder and filter compiler build alone, without Lua or the kernel" test -x "$T_TMP/fuzz"
out=$("$T_TMP/fuzz" 200000 2>&1)
is "$(printf '%s' "$out" | tail -1)" "done" "200000 random and mutated frames, every truncation, random filters (valid BPF): no sanitizer report"
[ "$(printf '%s' "$out" | tail -1)" = done ] || printf '%s\n' "$out" | head -30 | sed 's/^/# /'
done_testing
