#!/bin/bash
# scripts/crashtest.sh -- kill `netlearn check LESSON` with SIGKILL at random
# points of every lesson and check from outside that nothing of the lab is left
# on the machine. Prints TAP; the last comment line is the figure:
#   # kills: 60, leftovers: 0
#
#   NETLEARN=build/netlearn KILLS=60 scripts/crashtest.sh [lessons/*.lua]
#
# Each kill picks a random delay between 0 and the lesson's own check time
# (measured once first) and a random victim: the process the user started
# (outside the sandbox), netlearn inside the sandbox (pid 1 there), or both.
# After each kill it waits for every process of that session to be gone, then
# compares the machine with the snapshot taken before the first kill:
# namespaces, links, addresses, routes, rules, the nf_tables ruleset, net.*
# sysctls and the netns/nsfs mounts. Only the machine's own tools are used,
# read-only, from outside the sandbox.
set -u
cd "$(dirname "$0")/.."
NETLEARN=${NETLEARN:-$PWD/build/netlearn}
KILLS=${KILLS:-60}
SEED=${SEED:-$$}
RANDOM=$SEED
TMP=$(mktemp -d /tmp/netlearn-crash.XXXXXX)
export XDG_STATE_HOME="$TMP/state" XDG_DATA_HOME="$TMP/data" HOME="$TMP/home"
mkdir -p "$HOME"
trap 'rm -rf "$TMP"' EXIT

if [ $# -gt 0 ]; then LESSONS=("$@"); else LESSONS=(lessons/*.lua); fi
[ -e "${LESSONS[0]}" ] || { echo "1..0 # SKIP no lessons"; exit 0; }

# The machine, as seen from outside. Counters (conntrack count, ...) excluded.
machine() {
  echo "== netns"; ip netns list 2>&1; ls -A /run/netns 2>&1
  echo "== link"; ip -j link 2>&1
  echo "== addr"; ip -j addr 2>&1
  echo "== route"; ip -j route 2>&1; ip -j -6 route 2>&1
  echo "== rule"; ip -j rule 2>&1
  echo "== nft"; nft -j list ruleset 2>&1
  echo "== sysctl"; sysctl net 2>/dev/null | grep -v -E 'conntrack_count|nf_conntrack_buckets|_count ='
  echo "== mounts"; grep -E 'nsfs|netns|netlearn' /proc/self/mountinfo
}

# every process carrying this session's tag (the tag is inherited by the
# sandbox and by everything it starts)
tagged() {
  grep -lsz "^NETLEARN_CRASHTAG=$1\$" /proc/[0-9]*/environ 2>/dev/null
}

n=0; failed=0; kills=0; leftovers=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do printf '#   %s\n' "$l"; done; }

# warm up: the first namespace may load modules whose sysctls then appear
"$NETLEARN" check "${LESSONS[0]}" >/dev/null 2>&1
machine > "$TMP/before"

per=$(( (KILLS + ${#LESSONS[@]} - 1) / ${#LESSONS[@]} ))
echo "# seed $SEED, ${#LESSONS[@]} lessons, $per kills each"
for L in "${LESSONS[@]}"; do
  t0=$(date +%s%N)
  "$NETLEARN" check "$L" >/dev/null 2>&1
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  [ "$ms" -lt 50 ] && ms=50
  bad=0
  for k in $(seq 1 "$per"); do
    tag="$$-$k-$RANDOM"
    delay=$(( RANDOM * 32768 + RANDOM )); delay=$(( delay % (ms + 1) ))
    NETLEARN_CRASHTAG=$tag "$NETLEARN" check "$L" >/dev/null 2>&1 &
    outer=$!
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    victim=$((RANDOM % 3))
    inner=$(cat "/proc/$outer/task/$outer/children" 2>/dev/null)
    case $victim in
      0) kill -KILL "$outer" 2>/dev/null ;;
      1) if [ -n "$inner" ]; then kill -KILL $inner 2>/dev/null; else kill -KILL "$outer" 2>/dev/null; fi ;;
      2) kill -KILL "$outer" $inner 2>/dev/null ;;
    esac
    wait "$outer" 2>/dev/null
    kills=$((kills + 1))
    left=""
    for _ in $(seq 1 50); do
      left=$(tagged "$tag")
      [ -z "$left" ] && break
      sleep 0.1
    done
    machine > "$TMP/after"
    if [ -n "$left" ] || ! cmp -s "$TMP/before" "$TMP/after"; then
      bad=$((bad + 1)); leftovers=$((leftovers + 1))
      notok "$(basename "$L") kill $k after ${delay} ms (victim $victim): nothing left" \
        "processes left: ${left:-none}" "$(diff "$TMP/before" "$TMP/after" | head -20)"
      machine > "$TMP/before"     # do not count the same leftover twice
    fi
  done
  [ "$bad" = 0 ] && ok "$(basename "$L"): $per SIGKILLs in 0..${ms} ms, machine unchanged, no process left"
done
echo "1..$n"
echo "# kills: $kills, leftovers: $leftovers"
[ "$failed" = 0 ]
