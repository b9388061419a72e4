#!/bin/sh
# bench/run.sh -- `make bench` (NETLEARN=path/to/netlearn): netlearn's speed
# against real iproute2 and a C floor, on this machine, side by side.
# Prints one table; docs/performance.md explains every row and keeps the last.
#
#   BENCH_SIZES="10 100 1000"   lab sizes (hosts)
#   BENCH_QUICK=1               fewer repetitions (a smoke run)
#
# Everything runs inside netlearn sandboxes (`!` lines and piped command
# lines): no namespace, interface or sysctl of the machine is touched.
set -eu

NL=${NETLEARN:?set NETLEARN to the netlearn binary}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
T=$(mktemp -d "${TMPDIR:-/tmp}/netlearn-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
# readable from inside the sandbox: its root is an unprivileged id outside,
# and the `!` lines read the scripts and run the C floor from here
chmod 755 "$T"
SIZES=${BENCH_SIZES:-"10 100 1000"}
QUICK=${BENCH_QUICK:-}
BASH_CAP=${BENCH_BASH_CAP:-120}     # seconds a bash run may be expected to take

${CC:-cc} -std=c11 -O2 -Wall -Wextra -o "$T/floor" "$HERE/floor.c"
F=$T/floor
# the settings netlearn gives each new namespace (the hermetic baseline), for
# the floor's second variant
"$NL" lua "$HERE/baseline.lua" > "$T/baseline.txt"

now() { "$F" now; }
median() { sort -g | awk '{v[NR] = $1} END {if (NR) print v[int((NR + 1) / 2)]; else print "-"}'; }
reps() {
	if [ -n "$QUICK" ]; then echo 1; return; fi
	case $1 in 10) echo 7 ;; 100) echo 5 ;; *) echo 3 ;; esac
}
fmt() { awk -v v="$1" 'BEGIN { if (v == "-" || v == "") print "-"; else if (v < 1) printf "%.0f ms", v * 1000; else printf "%.2f s", v }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b <= 0) print "-"; else printf "%.1fx", a / b }'; }

# one run of variant V at size N: appends "V N build verify teardown" to $T/res
run_variant() {
	rv_v=$1 rv_n=$2 rv_d=$T/lab-$2
	case $rv_v in
	netlearn)    rv_out=$("$NL" < "$rv_d/nl.txt" 2>&1) || true ;;
	netlearn6)   rv_out=$("$NL" < "$rv_d/nl6.txt" 2>&1) || true ;;
	bash)        rv_out=$(printf '!sh %s\n' "$rv_d/ip.sh" | "$NL" 2>&1) || true ;;
	batch)       rv_out=$(printf '!sh %s\n' "$rv_d/batch.sh" | "$NL" 2>&1) || true ;;
	floor)       rv_out=$(printf '!%s lab %s\n' "$F" "$rv_n" | "$NL" 2>&1) || true ;;
	floor6)      rv_out=$(printf '!%s lab %s -6off\n' "$F" "$rv_n" | "$NL" 2>&1) || true ;;
	floorb)      rv_out=$(printf '!%s lab %s -baseline %s\n' "$F" "$rv_n" "$T/baseline.txt" | "$NL" 2>&1) || true ;;
	floor6b)     rv_out=$(printf '!%s lab %s -6off -baseline %s\n' "$F" "$rv_n" "$T/baseline.txt" | "$NL" 2>&1) || true ;;
	esac
	rv_r=$(printf '%s\n' "$rv_out" | sed -n 's/^RESULT //p' | tail -n 1)
	if [ -z "$rv_r" ]; then
		printf 'bench: %s N=%s failed:\n%s\n' "$rv_v" "$rv_n" "$(printf '%s\n' "$rv_out" | tail -n 5)" >&2
		return 0
	fi
	echo "$rv_v $rv_n $rv_r" | awk '{print $1, $2, $4, $6, $8}' >> "$T/res"
}

med() {   # med VARIANT N FIELD(3=build 4=verify 5=teardown)
	awk -v v="$1" -v n="$2" -v f="$3" '$1 == v && $2 == n {print $f}' "$T/res" 2>/dev/null | median
}

echo "netlearn bench: $(uname -r), $(nproc) CPUs, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "(medians; each size runs its variants interleaved, each in its own sandbox)"
: > "$T/res"

# ---- 1. the N-host lab four ways ---------------------------------------------
for n in $SIZES; do
	mkdir -p "$T/lab-$n"
	awk -v n="$n" -v dir="$T/lab-$n" -v floor="$F" -f "$HERE/gen.awk"
	mkdir -p "$T/lab-$n/v6"
	awk -v n="$n" -v dir="$T/lab-$n/v6" -v floor="$F" -v v6off=1 -f "$HERE/gen.awk"
	mv "$T/lab-$n/v6/nl.txt" "$T/lab-$n/nl6.txt"
	do_bash=1
	if [ "$n" -gt 100 ]; then
		b100=$(med bash 100 3)
		# bash grows at least linearly: skip it when it would pass the cap
		if [ "$b100" = "-" ] || awk -v b="$b100" -v n="$n" -v cap="$BASH_CAP" 'BEGIN { exit !(b * n / 100 > cap) }'; then
			do_bash=0
			echo "(bash ip script skipped at N=$n: N=100 took ${b100} s, so about $(awk -v b="$b100" -v n="$n" 'BEGIN{printf "%.0f", b*n/100}') s or more)"
		fi
	fi
	r=$(reps "$n")
	i=0
	while [ "$i" -lt "$r" ]; do
		run_variant netlearn "$n"
		[ "$do_bash" = 1 ] && { [ "$n" -le 100 ] || [ "$i" = 0 ]; } && run_variant bash "$n"
		run_variant batch "$n"
		run_variant floor "$n"
		run_variant floorb "$n"
		if [ "$n" -ge 100 ]; then
			run_variant netlearn6 "$n"
			run_variant floor6 "$n"
			run_variant floor6b "$n"
		fi
		i=$((i + 1))
	done
done

echo
echo "1. An N-host lab on one bridge: build / verify (h1 pings hN) / teardown (until the devices are gone)"
echo "   (C floor+b: the floor also giving each namespace netlearn's hermetic settings, as ns_add does)"
printf '%-5s %-9s %9s %9s %9s %9s %9s  %8s %8s %8s %9s\n' N phase netlearn "bash ip" "ip -batch" "C floor" "floor+b" \
	"bash/nl" "batch/nl" "nl/floor" "nl/fl+b"
for n in $SIZES; do
	for p in 3:build 4:verify 5:teardown; do
		f=${p%%:*} name=${p#*:}
		a=$(med netlearn "$n" "$f") b=$(med bash "$n" "$f") c=$(med batch "$n" "$f") d=$(med floor "$n" "$f")
		e=$(med floorb "$n" "$f")
		printf '%-5s %-9s %9s %9s %9s %9s %9s  %8s %8s %8s %9s\n' "$n" "$name" "$(fmt "$a")" "$(fmt "$b")" "$(fmt "$c")" \
			"$(fmt "$d")" "$(fmt "$e")" "$(ratio "$b" "$a")" "$(ratio "$c" "$a")" "$(ratio "$a" "$d")" "$(ratio "$a" "$e")"
	done
done
echo
echo "1b. The same with IPv6 off in every namespace (sysctl net.ipv6.conf.default.disable_ipv6=1 first)"
printf '%-5s %-9s %9s %9s %9s  %8s %9s\n' N phase netlearn "C floor" "floor+b" "nl/floor" "nl/fl+b"
for n in $SIZES; do
	[ "$n" -ge 100 ] || continue
	for p in 3:build 5:teardown; do
		f=${p%%:*} name=${p#*:}
		a=$(med netlearn6 "$n" "$f") d=$(med floor6 "$n" "$f") e=$(med floor6b "$n" "$f")
		printf '%-5s %-9s %9s %9s %9s  %8s %9s\n' "$n" "$name" "$(fmt "$a")" "$(fmt "$d")" "$(fmt "$e")" \
			"$(ratio "$a" "$d")" "$(ratio "$a" "$e")"
	done
done

# ---- 2. the first ping after a build -------------------------------------------
K=${BENCH_ARP_RUNS:-100}
[ -n "$QUICK" ] && K=20
echo
echo "2. First ping right after building a 2-host lab, $K builds each (slow = over 0.5 s: the 1 s ARP retransmit)"
nlarp=$(NETLEARN_BENCH_RUNS=$K "$NL" lua "$HERE/arp.lua" 2>&1 | sed -n 's/^RESULT //p')
flarp=$(printf '!%s arp %s\n' "$F" "$K" | "$NL" 2>&1 | sed -n 's/^RESULT //p')
echo "   netlearn (ping waits for lab_settle): ${nlarp:-failed}"
echo "   C floor (no settling):                ${flarp:-failed}"

# ---- 3. every lesson under `netlearn check` ----------------------------------
LR=3
[ -n "$QUICK" ] && LR=1
echo
echo "3. Every lesson under 'netlearn check' (median of $LR; NETLEARN_PROBE_STATS=1: probe waiting = settle + answers + captures + intervals + quiet proofs + fixed waits; rings = capture sockets opened and closed; rest = wall - both - resets, of which cpu = the process's user + system time and blocked = the rest of it: waiting in the kernel, e.g. for RCU when a link is moved or deleted)"
printf '%-22s %7s %8s %6s %7s %6s %6s %7s %6s  %s\n' lesson wall "probe w." share rings rest cpu blocked TAP "settle/answers/captures/intervals/quiet/fixed"
for l in "$ROOT"/lessons/*.lua; do
	name=$(basename "$l" .lua)
	: > "$T/lw"
	i=0
	while [ "$i" -lt "$LR" ]; do
		t0=$(now)
		out=$(NETLEARN_PROBE_STATS=1 "$NL" check "$l" 2>&1) || true
		t1=$(now)
		# "settle S s (n), answers S s (n), ..., resets S s (n)": the seconds, in order
		st=$(printf '%s\n' "$out" | sed -n 's/^netlearn: probe stats: settle/settle/p' | tail -n 1 |
			awk '{ for (i = 2; i <= NF; i++) if ($i == "s") printf "%s ", $(i - 1) }')
		ok=$(printf '%s\n' "$out" | grep -c '^ok' || true)
		nok=$(printf '%s\n' "$out" | grep -c '^not ok' || true)
		skip=$(printf '%s\n' "$out" | grep -c '# *[Ss][Kk][Ii][Pp]' || true)
		# "cpu: user U s, system S s, peak rss R KB": the first two's sum
		cpu=$(printf '%s\n' "$out" | sed -n 's/^netlearn: probe stats: cpu: user \([0-9.]*\) s, system \([0-9.]*\) s, .*$/\1 \2/p' |
			tail -n 1 | awk '{ print $1 + $2 }')
		echo "$t0 $t1 $ok $nok $skip ${cpu:-0} $st" | awk '{
			w = $2 - $1; p = $7 + $8 + $9 + $10 + $11 + $12; r = w - p - $13 - $14
			printf "%.4f %.4f %.4f %.4f %s/%s%s %.2f/%.2f/%.2f/%.2f/%.2f/%.2f %.4f %.4f\n", w, p, $13, r,
				$3, $3 + $4, ($5 > 0 ? "s" : ""), $7, $8, $9, $10, $11, $12, $6, r - $6 }' >> "$T/lw"
		i=$((i + 1))
	done
	sort -g "$T/lw" | awk -v name="$name" '{l[NR] = $0} END {
		split(l[int((NR + 1) / 2)], f, " ")
		printf "%-22s %6.2fs %7.2fs %5.0f%% %6.2fs %5.2fs %5.2fs %6.2fs %6s  %s\n", name, f[1], f[2],
			(f[1] > 0 ? 100 * f[2] / f[1] : 0), f[3], f[4], f[7], f[8], f[5], f[6] }'
done

# ---- 4. start-up and memory --------------------------------------------------
SR=${BENCH_START_RUNS:-21}
[ -n "$QUICK" ] && SR=5
: > "$T/st"; : > "$T/sv"; : > "$T/su"
i=0
while [ "$i" -lt "$SR" ]; do
	sleep 0.2                       # let the last sandbox's namespaces go
	t0=$(now); unshare -m -n -p -f true >/dev/null 2>&1; t1=$(now)
	echo "$t0 $t1" | awk '{print $2 - $1}' >> "$T/su"
	t0=$(now); printf 'exit\n' | "$NL" >/dev/null 2>&1; t1=$(now)
	echo "$t0 $t1" | awk '{print $2 - $1}' >> "$T/st"
	t0=$(now); "$NL" lua /dev/null >/dev/null 2>&1; t1=$(now)
	echo "$t0 $t1" | awk '{print $2 - $1}' >> "$T/sv"
	i=$((i + 1))
done
echo
echo "4. Start-up and memory"
printf '   %s %s median of %s\n' "printf 'exit\\n' | netlearn  (sandbox + Lua + every command module):" "$(fmt "$(median < "$T/st")")" "$SR"
echo "   unshare -m -n -p -f true  (the kernel's part: new mount, net, pid namespaces): $(fmt "$(median < "$T/su")") median of $SR"
echo "   netlearn lua /dev/null      (sandbox + Lua, no command modules):    $(fmt "$(median < "$T/sv")") median of $SR"
if command -v tmux >/dev/null 2>&1 && [ -z "$QUICK" ]; then
	: > "$T/tm"
	i=0
	while [ "$i" -lt 5 ]; do
		sock=$T/tmux.sock
		t0=$(now)
		tmux -S "$sock" new-session -d -x 120 -y 30 "$NL"
		k=0
		while ! tmux -S "$sock" capture-pane -p 2>/dev/null | grep -q 'netlearn>' && [ "$k" -lt 2000 ]; do k=$((k + 1)); done
		t1=$(now)
		tmux -S "$sock" kill-server 2>/dev/null || true
		echo "$t0 $t1" | awk '{print $2 - $1}' >> "$T/tm"
		sleep 0.2
		i=$((i + 1))
	done
	echo "   tmux: new session to the first prompt on screen:                 $(fmt "$(median < "$T/tm")") median of 5"
fi
big=$(ls -S "$ROOT"/lessons/*.lua | grep -v '/_' | head -n 1)
# the peak RSS the process inside the sandbox reports (its last probe stats
# line): the one /usr/bin/time sees is the parent outside, which no longer
# waits for the inside's exit
peak_rss() { sed -n 's/^netlearn: probe stats: cpu: .*, peak rss \([0-9]*\) KB$/\1/p' | tail -n 1; }
rss=$(NETLEARN_PROBE_STATS=1 "$NL" check "$big" 2>&1 >/dev/null | peak_rss)
echo "   peak RSS, netlearn check $(basename "$big") (largest lesson): ${rss:-?} KB"
if echo " $SIZES " | grep -q ' 1000 '; then
	rss=$(NETLEARN_PROBE_STATS=1 "$NL" < "$T/lab-1000/nl.txt" 2>&1 >/dev/null | peak_rss)
	echo "   peak RSS, the 1000-host lab built and torn down through netlearn's command lines: ${rss:-?} KB"
fi
echo
echo "4b. A line typed during a lesson's task (its reaches claim still false) against the same line outside a lesson"
TK=15
[ -n "$QUICK" ] && TK=5
tres=$(NETLEARN_BENCH_ROOT=$ROOT NETLEARN_BENCH_RUNS=$TK "$NL" lua "$HERE/task.lua" 2>&1 >/dev/null | sed -n 's/^RESULT //p')
tget() { printf '%s\n' "$tres" | awk -v k="$1" '$1 == k {print $2}'; }
tms() { awk -v v="$1" 'BEGIN { if (v == "") print "-"; else printf "%.2f ms", v }'; }
tratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b <= 0) print "-"; else printf "%.1fx", a / b }'; }
echo "   'ip -br link' (only looks: no re-check)        outside $(tms "$(tget look_out)"), in the task $(tms "$(tget look_in)")  ($(tratio "$(tget look_in)" "$(tget look_out)"), goal <= 3x + 30 ms)"
echo "   'sysctl -w ...' (may change: claims re-checked) outside $(tms "$(tget change_out)"), in the task $(tms "$(tget change_in)")  (goal <= 3x + 30 ms = $(awk -v o="$(tget change_out)" -v i="$(tget change_in)" 'BEGIN { g = 3 * o + 30; printf "%.1f ms: %s", g, (i != "" && i <= g ? "met" : "not met") }'))"
echo "     the same in the task with the quiet proof off (fixed waits):  $(tms "$(tget change_in_fixed)")  (the proof: $(tratio "$(tget change_in_fixed)" "$(tget change_in)") faster)"

echo
echo "4c. The quiet-lab proof (docs/quiet-lab.md): a claim that gets no answer, proof on against off (the fixed waits), interleaved, median of $TK"
qres=$(NETLEARN_BENCH_RUNS=$TK "$NL" lua "$HERE/quiet.lua" 2>&1 >/dev/null | sed -n 's/^RESULT //p')
qrow() {  # qrow KEY TEXT GOAL
	printf '%s\n' "$qres" | awk -v k="$1" -v txt="$2" -v goal="$3" '$1 == k {
		printf "   %-52s %9.1f ms  fixed %7.1f ms  (%.0fx faster)  %s\n", txt, $2, $3, ($2 > 0 ? $3 / $2 : 0), goal }'
}
qrow not_reaches "not_reaches (an address that ignores pings)" "goal <= 50 ms"
qrow reaches_false "reaches still false (up to 3 tries)" ""
qrow capture_none "capture none = true (open, linger, close)" ""
# the fixed linger is 0.3 s: what the claim costs besides it is the same both ways
printf '%s\n' "$qres" | awk '$1 == "capture_none" {
	printf "   %-52s %9.1f ms  fixed %7.1f ms  (goal <= 50 ms)\n", "  of which the linger (claim - (fixed claim - 300 ms))", $2 - ($3 - 300), 300 }'


echo
echo "5. Lua patterns: netlearn's matcher (it can be interrupted) against Lua's lstrlib, CPU time"
"$NL" lua "$HERE/pattern.lua" 2>&1 || echo "   (bench/pattern.lua failed)"
