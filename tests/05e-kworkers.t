#!/bin/sh
# kworkers_look (src/kworkers.c), the quiet-lab proof's view of the kernel's
# work queue workers (docs/quiet-lab.md, macvlan and ipvlan): it finds the
# tasks whose /proc/PID/stat flags have PF_WQ_WORKER (0x20), as counted here
# with awk, and its second look, answered from its list of known pids, finds
# the same; a look at the unbound pools only finds the workers named
# "kworker/uN:M" (tests/c/kworkers.c, built from the project's objects).
. "$(dirname "$0")/lib/tap.sh"
top=${TESTDIR%/*}
obj=${OBJDIR:-$top/build/obj}
[ -f "$obj/kworkers.o" ] || skip_all "no objects in $obj (run make)"
command -v "${CC:-cc}" >/dev/null || skip_all "no C compiler"
if "${CC:-cc}" -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I"$top/src" -o "$T_TMP/kworkers" \
	"$top/tests/c/kworkers.c" "$obj/kworkers.o" "$obj/procstat.o" 2> "$T_TMP/cc"; then
	_pass "tests/c/kworkers.c builds from kworkers.o and procstat.o"
else
	_fail "tests/c/kworkers.c builds from kworkers.o and procstat.o" "$(head -5 "$T_TMP/cc")"
	done_testing
fi
# workers by flags: the fields after the name's last ')' are state, ppid,
# pgrp, session, tty, tpgid, flags (field 9)
# (NAME: only the workers whose name starts so)
count() {
	for f in /proc/[0-9]*/stat; do cat "$f" 2>/dev/null; echo; done |
		awk -v name="$1" '{ comm = $0; sub(/^[0-9]+ \(/, "", comm); sub(/.*\) /, "")
			if (NF >= 7 && int($7 / 32) % 2 == 1 && index(comm, name) == 1) n++ } END { print n + 0 }'
}
before=$(count) ubefore=$(count kworker/u)
set -- $("$T_TMP/kworkers")
after=$(count) uafter=$(count kworker/u)
is "$1:$4:$7" "0:0:0" "the three looks read /proc"
[ "$before" -gt 0 ] || skip_all "this /proc shows no work queue worker (hidepid?)"
# between (LO, HI) and (HI, LO), give or take 2 (workers come and go)
in_range() { lo=$2 hi=$3; [ "$lo" -gt "$hi" ] && lo=$3 hi=$2; [ "$1" -ge $((lo - 2)) ] && [ "$1" -le $((hi + 2)) ]; }
ok "the first look finds the workers awk finds ($2; awk: $before, then $after)" in_range "$2" "$before" "$after"
ok "the second look, from its list of known pids, too ($5)" in_range "$5" "$before" "$after"
ok "busy is counted among them ($3)" test "$3" -ge 0 -a "$3" -le $(($2 + 1))
ok "the look at the unbound pools finds the kworker/u workers awk finds ($8; awk: $ubefore, then $uafter)" \
	in_range "$8" "$ubefore" "$uafter"
ok "... fewer than all of them, where per-CPU workers are there too" test "$8" -lt "$5"
ok "busy is counted among them ($9)" test "$9" -ge 0 -a "$9" -le $(($8 + 1))
done_testing
