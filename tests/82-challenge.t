#!/bin/sh
# netlearn challenge (issue 24): the seeded PRNG, reproducible faults, --solution,
# a learner's session through a pipe (check, hint, the fix, check, progress),
# give up, and bad input (one line, exit 2, nothing started).
. "$(dirname "$0")/lib/tap.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# the PRNG is plain integer Lua: this sequence is the same on every machine
cat > "$T/rng.lua" <<'LUA'
local ch = require("netlearn.challenge")
local function seq(s) local r, t = ch.rng(s), {} for i = 1, 5 do t[i] = r.next() end return table.concat(t, " ") end
print(seq(7)) print(seq(7) == seq(7)) print(seq(7) ~= seq(8))
local r, lo, hi = ch.rng(1), 99, 0
for _ = 1, 1000 do local v = r.pick(6) if v < lo then lo = v end if v > hi then hi = v end end
print(lo, hi)
LUA
out=$("$NETLEARN" lua "$T/rng.lua" 2>&1)
like "$out" "^3546640561 3542003464 3641320087 910756699 4084103562$" "rng(7) gives the pinned sequence"
like "$out" "^true$" "the same seed gives the same sequence"
like "$out" "^1	6$" "pick(6) covers 1..6"

# --solution: the faults as '#' lines, then netlearn command lines; the same every time
a=$("$NETLEARN" challenge 02-routing --seed 5 --solution 2>&1); rc=$?
is "$rc" 0 "--solution exits 0"
b=$("$NETLEARN" challenge 02-routing --seed 5 --solution 2>&1)
is "$a" "$b" "the same lesson and seed give the same faults and fix"
like "$a" "^# 02-routing seed 5 level 1$" "a header line names lesson, seed and level"
like "$a" "^# fault 1 \\([a-z_]+\\): " "each fault is a '#' line with its kind"
like "$(printf '%s\n' "$a" | grep -v '^#' | head -1)" "^(ip|iptables|sysctl|ip netns exec [a-z0-9]+ (ip|iptables|sysctl)) " "then fix commands"
diff=0
for s in 1 2 3 4 5 6; do
  c=$("$NETLEARN" challenge 02-routing --seed $s --solution 2>&1 | grep '^# fault')
  [ "$c" = "$(printf '%s\n' "$a" | grep '^# fault')" ] || diff=$((diff + 1))
done
ok "other seeds give other faults ($diff of 6 differ)" test "$diff" -ge 3
l2=$("$NETLEARN" challenge 06-bridge --seed 4 --level 2 --solution 2>&1)
is "$(printf '%s\n' "$l2" | grep -c '^# fault')" 2 "--level 2 draws two faults"
l3=$("$NETLEARN" challenge 03-third-machine --seed 4 --level 3 --solution 2>&1); rc=$?
is "$rc" 0 "--level 3 finds two faults that hide behind each other"
is "$(printf '%s\n' "$l3" | grep -c '^# fault')" 2 "--level 3 draws two faults"
zh=$("$NETLEARN" --lang zh challenge 02-routing --seed 5 --solution 2>&1)
like "$zh" "^# fault 1 \\([a-z_]+\\): .*[的了]" "--lang zh: the faults in Chinese"

# a learner's session (piped): symptoms, check, hint, the fix, check -> solved
export XDG_DATA_HOME="$T/data"
fix=$(printf '%s\n' "$a" | grep -v '^#')
out=$( (echo check; echo hint; echo hint; printf '%s\n' "$fix"; echo check; echo end) |
  "$NETLEARN" challenge 02-routing --seed 5 2>&1); rc=$?
is "$rc" 0 "the session exits 0"
like "$out" "^Something in the lab is broken. These should work, and do not:$" "the symptoms are shown"
like "$out" "^  ✘ .*reaches" "as failing claims in plain words"
unlike "$out" "$(printf '%s\n' "$a" | sed -n 's/^# fault 1 ([a-z_]*): //p' | head -1 | sed 's/[][().*+?^$|\\]/./g')" "the cause is not shown"
like "$out" "^not solved: [0-9]+ claims still fail$" "check before the fix: not solved"
like "$out" "hint 1 \\(-10 points, score now 90\\)" "a hint costs points"
like "$out" "hint 2 \\(-10 points, score now 80\\)" "hints are graded"
like "$out" "^✔ solved: every claim holds again. Score 80, time [0-9]+:[0-9]{2}\\.$" "check after the fix: solved"
like "$(cat "$XDG_DATA_HOME/netlearn/challenges" 2>&1)" "^challenge 02-routing seed=5 level=1 score=80 time=[0-9]+ solved=1 at=[0-9]+$" \
  "score and time are kept with the progress"

# a different working fix counts: the claims decide, not the exact command
# (seed 6 removes net8's address in 06-bridge)
out=$( (echo give up; echo check; echo end) | "$NETLEARN" --lang zh challenge 06-bridge --seed 6 2>&1)
like "$out" "^故障和对应的修法，按修复的顺序列出（最后造成的先修）：$" "give up shows the faults (zh)"
like "$out" "^      \\$ ip netns exec net8 ip addr add 192.177.1.4/24 dev veth12$" "and a fix under it"
like "$out" "挑战已经结束" "after give up the challenge is over"
out=$( (echo 'ip netns exec net8 ip addr add 192.177.1.4/16 dev veth12'; echo check; echo end) |
  "$NETLEARN" challenge 06-bridge --seed 6 2>&1)
like "$out" "^✔ solved" "another working fix (a /16) counts"

# a challenge{} step pinned at the end of a lesson (06-bridge), walked in the shell
export XDG_DATA_HOME="$T/data2"
out=$(printf 'lesson 06-bridge\nnext\nnext\n2\nnext\n1\nnext\nnext\n2\nnext\nip addr add 192.177.1.1/24 dev br0\nnext\nnext\ncheck\ngive up\nnext\nquit\n' |
  "$NETLEARN" 2>&1)
like "$out" "── Step 8/8 · Challenge: Troubleshooting: the bridge is broken ──" "the lesson's last step is a challenge"
like "$out" "^Challenge: The Linux bridge: a switch for namespaces \(level 1, seed 5\)$" "it starts with the step's seed"
like "$out" "^not solved: [0-9]+ claims still fail$" "check works in it"
like "$out" "^The faults, each with a fix, in the order to fix them \\(the last one made first\\):$" "give up works in it"
like "$out" "^the lesson's challenge is running: 'check' when you think it is fixed" "'next' during the challenge says it is running"
# the lesson is complete when the challenge ends (given up here), not when it starts
order=$(printf '%s\n' "$out" | grep -n -e '^Challenge: ' -e '^The faults, each' -e '^Lesson complete' | cut -d: -f2 | cut -c1-12 | tr '\n' '|')
is "$order" "Challenge|The faults, |Lesson compl|" "'Lesson complete' comes after the challenge ends, once"
# a bad challenge{} field: the lesson does not load, and says where
cat > "$T/badch.lua" <<'LUA'
title = { en = "x", zh = "x" }
objectives = { { en = "x", zh = "x" } }
steps = {
  step { en = "x", zh = "x", run = { "ip netns add a" } },
  challenge { en = "x", zh = "x", seed = "seven" },
}
LUA
out=$("$NETLEARN" check "$T/badch.lua" 2>&1)
like "$out" "badch.lua:5: challenge: field 'seed' must be an integer" "challenge{seed = \"seven\"}: FILE:LINE and the field"

# bad input: one line naming the problem and the fix, exit 2
for args in "nosuch" "06-bridge --seed x" "06-bridge --seed -1" "06-bridge --level 4" "" "06-bridge --bogus" "06-bridge 02-routing"; do
  # shellcheck disable=SC2086
  out=$("$NETLEARN" challenge $args 2>&1 </dev/null); rc=$?
  is "$rc" 2 "challenge $args: exit 2"
  is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 1 "challenge $args: one line"
done
like "$("$NETLEARN" challenge 06-bridge --level 0 2>&1)" "--level takes 1, 2 or 3, not '0'" "bad level says what it takes"
like "$("$NETLEARN" challenge 06-bridge --seed abc 2>&1)" "--seed takes a whole number .* not 'abc', e.g. --seed 7" "bad seed says what it takes"
done_testing
