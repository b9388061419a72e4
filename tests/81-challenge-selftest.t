#!/bin/bash
# netlearn challenge --selftest over every lesson x 20 seeds (issue 24): each drawn
# fault breaks a claim, its fix restores them all, two seeds of a lab differ; and
# the catalogue's kinds drawn over all lessons are at least 15.
. "$(dirname "$0")/lib/tap.sh"
out=$("$NETLEARN" challenge --selftest 2>&1); rc=$?
is "$rc" 0 "the selftest passes over every lesson"
unlike "$out" "^not ok" "no failing line"
like "$out" "docker-dnat seed 20: .* breaks" "it goes to seed 20 (docker-dnat)"
like "$out" "06-bridge: 20 seeds give [0-9]+ different fault sets" "two seeds of one lab give different faults"
kinds=$(printf '%s\n' "$out" | sed -n 's/^# [^:]*: kinds drawn: //p' | tr ',' '\n' | tr -d ' ' | sort -u | grep -c .)
ok "at least 15 fault kinds were drawn and proven ($kinds)" test "$kinds" -ge 15
[ "$rc" = 0 ] || printf '%s\n' "$out" | grep -A3 "^not ok" | sed 's/^/# /'
# every kind of the catalogue is proven somewhere: the ones the seeds did not
# draw, on its own (--kind) on the test lab that offers the kinds no shipped
# lesson's lab has (tests/data/lessons/challenge-lab.lua), else on a lesson
drawn=$(printf '%s\n' "$out" | sed -n 's/^# [^:]*: kinds drawn: //p' | tr ',' '\n' | tr -d ' ' | sort -u)
echo 'require("netlearn.faults").load() for _, k in ipairs(require("netlearn.faults").kinds) do print(k.name) end' > "$T_TMP/kinds.lua"
all=$("$NETLEARN" lua "$T_TMP/kinds.lua" | sort)
ok "the catalogue has at least 20 kinds ($(echo "$all" | grep -c .))" test "$(echo "$all" | grep -c .)" -ge 20
LAB=$(dirname "$0")/data/lessons/challenge-lab.lua
for k in $(comm -23 <(echo "$all") <(echo "$drawn")); do
  where=""
  for l in "$LAB" $("$NETLEARN" list 2>/dev/null | awk '/^ *[0-9a-z][-0-9a-z]* /{print $1}'); do
    if "$NETLEARN" challenge "$l" --kind "$k" --seed 1 --solution >/dev/null 2>&1; then where=$(basename "$l" .lua); break; fi
  done
  ok "$k (not drawn by the seeds) breaks a lab and its fix mends it (${where:-nowhere})" test -n "$where"
done
# two faults at once (levels 2 and 3), fewer seeds: the fixes undo both
for lv in 2 3; do
  out=$(NETLEARN_CHALLENGE_SEEDS=5 "$NETLEARN" challenge --selftest --level $lv 02-routing 06-bridge 2>&1); rc=$?
  is "$rc" 0 "the level $lv selftest passes"
  [ "$rc" = 0 ] || printf '%s\n' "$out" | grep -A3 "^not ok" | sed 's/^/# /'
done
done_testing
