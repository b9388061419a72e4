#!/bin/bash
# Fault kinds written by instructors (issue 24): a lesson's own `faults`, and
# `netlearn challenge --faults FILE`; the catalogue's kinds no shipped lesson's
# lab offers (strict rp_filter on an asymmetric path, a macvlan mode changed),
# proven on a test lab; `--kind NAME`. A fault file is content from strangers:
# bad declarations get one line naming FILE:LINE and change nothing; hostile ones
# (a program, a file, an endless loop) are refused or stopped, and write nothing.
. "$(dirname "$0")/lib/tap.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LAB=$ROOT/tests/data/lessons/challenge-lab.lua
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export NETLEARN_LESSON_CPU=0.5
before=$(machine_state)

# the selftest proves the test lab's own kind on its own, and draws from the catalogue
out=$(NETLEARN_CHALLENGE_SEEDS=4 "$NETLEARN" challenge --selftest "$LAB" 2>&1); rc=$?
is "$rc" 0 "the selftest of the test lab passes"
like "$out" "^ok [0-9]+ - challenge-lab: fault kind wrong_link_route \(.*challenge-lab.lua:[0-9]+\) breaks a claim$" \
  "the lesson's own kind is proven: it breaks a claim"
like "$out" "^ok [0-9]+ - challenge-lab: fault kind wrong_link_route: its fix restores every claim$" "and its fix mends it"
unlike "$out" "^not ok" "no failing line"

# --kind draws from one kind: the catalogue's kinds that only this lab offers
sol() { "$NETLEARN" challenge "$LAB" --seed "$2" --kind "$1" --solution 2>&1; }
out=$(sol rp_filter_strict 3); rc=$?
is "$rc" 0 "--kind rp_filter_strict: a fault is drawn and fixed"
like "$out" "^# fault 1 \(rp_filter_strict\): strict reverse-path filtering \(rp_filter=1\) on (c1 in client|r2 in router), where the way back is another interface$" \
  "strict rp_filter lands where the path is asymmetric (c1 or r2)"
like "$out" "^ip netns exec (client|router) sysctl -w net.ipv4.conf.(c1|r2).rp_filter=0$" "its fix puts rp_filter back"
out=$(sol macvlan_mode 1); rc=$?
is "$rc" 0 "--kind macvlan_mode: drawn and fixed"
like "$out" "^ip netns exec net[34] ip link set mac[12] type macvlan mode bridge$" "the fix puts mode bridge back"
out=$("$NETLEARN" --lang zh challenge "$LAB" --seed 1 --kind wrong_link_route --solution 2>&1)
like "$out" "^# fault 1 \(wrong_link_route\): client 有一条去 10.0.3.2 的主机路由，却指向 c1，那里没有人应答$" "the lesson's kind speaks Chinese"
# a kind that finds nothing to break, and one that does not exist: one line each
out=$("$NETLEARN" challenge 01-netns-veth --kind macvlan_mode --seed 1 --solution 2>&1); rc=$?
is "$rc $(printf '%s\n' "$out" | wc -l)" "1 1" "a kind that does not apply: one line, exit 1"
like "$out" "the fault kind macvlan_mode finds nothing to break in this lab" "it says so"
out=$("$NETLEARN" challenge 02-routing --kind no_such --seed 1 --solution 2>&1)
like "$out" "no fault kind 'no_such'" "an unknown kind is named"

# a learner plays the rp_filter fault and mends it another way (loose mode)
out=$(printf 'hint\nhint\nhint\nip netns exec client sysctl -w net.ipv4.conf.c1.rp_filter=2\nip netns exec router sysctl -w net.ipv4.conf.r2.rp_filter=2\ncheck\nend\n' |
  XDG_DATA_HOME=$T/data "$NETLEARN" challenge "$LAB" --seed 3 --kind rp_filter_strict 2>&1)
like "$out" "✘ client reaches 10.0.3.2" "the symptom: client no longer reaches the server"
like "$out" "hint 3 .*rp_filter" "the third hint names rp_filter"
like "$out" "^✔ solved" "loose mode (2) is a fix too: the claims decide"

# --faults FILE: a kind of one's own for every lesson
cat > "$T/mine.lua" <<'LUA'
-- a link down at the far end, declared outside the catalogue
fault {
  name = "peer_down",
  title = { en = "{dev} in {where} is down", zh = "{where} 的 {dev} 被关掉了" },
  breaks = { "reaches" },
  targets = function(lab)
    local t = {}
    for _, n in ipairs(lab.names) do
      for _, l in ipairs(lab.ns[n].links) do
        if l.up and n ~= "" then t[#t + 1] = { ns = n, dev = l.name, obj = n .. "/" .. l.name .. "/down" } end
      end
    end
    return t
  end,
  inject = function(t) return { fault.pre(t.ns) .. "ip link set " .. t.dev .. " down" } end,
  fix = function(t, lab)
    local c = { fault.pre(t.ns) .. "ip link set " .. t.dev .. " up" }
    for _, r in ipairs(fault.restore_routes(lab, t.ns, t.dev)) do c[#c + 1] = r end
    return c
  end,
  hints = { { en = "ip link", zh = "ip link" } },
}
LUA
out=$("$NETLEARN" challenge 02-routing --faults "$T/mine.lua" --kind peer_down --seed 2 --solution 2>&1); rc=$?
is "$rc" 0 "--faults FILE --kind peer_down: drawn and fixed"
like "$out" "^# fault 1 \(peer_down\): [a-z0-9]+ in net[0-9] is down$" "the file's kind is drawn"
out=$(NETLEARN_CHALLENGE_SEEDS=3 "$NETLEARN" challenge --selftest --faults "$T/mine.lua" 02-routing 2>&1); rc=$?
is "$rc" 0 "the selftest with a fault file passes"
like "$out" "^ok [0-9]+ - 02-routing: fault kind peer_down \(.*mine.lua:2\) breaks a claim$" "and proves the file's kind"

# bad fault files: one line naming FILE:LINE and the fix, exit 2, nothing started
bad() {   # NAME REGEX CONTENT
  printf '%s\n' "$3" > "$T/bad.lua"
  local o rc; o=$("$NETLEARN" challenge 02-routing --faults "$T/bad.lua" --seed 1 2>&1 </dev/null); rc=$?
  is "$rc $(printf '%s\n' "$o" | wc -l)" "2 1" "$1: one line, exit 2"
  like "$o" "$2" "$1: says what and where"
}
bad "a missing field" "bad.lua:1: fault x: field 'title' must be a table: title = \{en = " 'fault { name = "x" }'
bad "an unknown field" "bad.lua:2: fault x: unknown field 'colour'" \
  $'local h = {{en = "a", zh = "b"}}\nfault { name = "x", title = {en = "a", zh = "b"}, breaks = {"reaches"}, targets = function() return {} end, inject = function() return {} end, fix = function() return {} end, hints = h, colour = 1 }'
bad "a catalogue name" "bad.lua:1: fault link_down is a kind of netlearn's catalogue already" \
  'fault { name = "link_down", title = {en = "a", zh = "b"}, breaks = {"reaches"}, targets = function() return {} end, inject = function() return {} end, fix = function() return {} end, hints = {{en = "a", zh = "b"}} }'
bad "an unknown symptom" "breaks: unknown symptom kind 'pong'" \
  'fault { name = "x", title = {en = "a", zh = "b"}, breaks = {"pong"}, targets = function() return {} end, inject = function() return {} end, fix = function() return {} end, hints = {{en = "a", zh = "b"}} }'
bad "no fault at all" "bad.lua: declares no fault" 'local x = 1'
bad "a syntax error" "bad.lua:[0-9]+: .*near" 'fault {'
out=$("$NETLEARN" challenge 02-routing --faults "$T/none.lua" --seed 1 2>&1); rc=$?
is "$rc $(printf '%s\n' "$out" | wc -l)" "2 1" "a missing fault file: one line, exit 2"
like "$out" "none.lua: cannot open the fault file" "it names the file"
out=$("$NETLEARN" challenge 02-routing --faults 2>&1); rc=$?
like "$rc $out" "^2 .*--faults takes a file of fault\{...\} declarations" "--faults without a file"

# hostile fault files: nothing runs, nothing is written, endless code is stopped
mkdir -p "$T/w"; echo keep > "$T/w/keep"; snap() { ls -la "$T/w"; md5sum "$T/w"/*; }
w0=$(snap)
KIND='name = "evil", title = {en = "a", zh = "b"}, breaks = {"reaches"}, hints = {{en = "a", zh = "b"}}'
hostile() {   # NAME REGEX EXIT CONTENT
  printf '%s\n' "$4" > "$T/evil.lua"
  local o rc; o=$(timeout -s KILL 60 "$NETLEARN" challenge 02-routing --faults "$T/evil.lua" --kind evil --seed 1 --solution 2>&1 </dev/null); rc=$?
  is "$rc" "$3" "$1: exit $3"
  like "$o" "$2" "$1: refused or stopped, and says where"
  unlike "$o" "internal error|stack traceback" "$1: no internal error"
  is "$(snap)" "$w0" "$1: nothing written"
}
hostile "io at load" "evil.lua:1: .*(io|unknown name)" 2 "local f = io.open('$T/w/pwned', 'w')"
hostile "os.execute in targets" "fault evil \(.*evil.lua:1\): targets: .*os" 1 \
  "fault { $KIND, targets = function() os.execute('touch $T/w/pwned') return {} end, inject = function() return {} end, fix = function() return {} end }"
hostile "an endless loop in targets" "evil.lua:1: stopped after 0.5 s of computation" 1 \
  "fault { $KIND, targets = function() while true do end end, inject = function() return {} end, fix = function() return {} end }"
hostile "a program in inject" "the last fault that could not be made: .*bash.*a lesson starts no real program" 1 \
  "fault { $KIND, targets = function() return {{ns = 'net1', obj = 'x'}} end, inject = function() return {\"ip netns exec net1 bash -c 'touch $T/w/pwned'\"} end, fix = function() return {} end }"
hostile "a bad return" "fault evil \(.*\): inject must return a list of command lines, not number" 1 \
  "fault { $KIND, targets = function() return {{ns = 'net1', obj = 'x'}} end, inject = function() return 7 end, fix = function() return {} end }"
[ -e "$T/w/pwned" ] && _fail "no hostile file exists" || _pass "no hostile file exists"
is "$(machine_state)" "$before" "the machine's namespaces and links are as before"
done_testing
