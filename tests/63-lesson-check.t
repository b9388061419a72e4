#!/bin/sh
# `netlearn check`: TAP per claim, a wrong claim fails, SKIP for a missing kernel feature,
# and lessons/_example.lua passes once the primitives it uses are in the build.
. "$(dirname "$0")/lib/tap.sh"
L=$T_TMP/lessons
mkdir -p "$L"
cat > "$L/wrong.lua" <<'LESSON'
title = { en = "Wrong", zh = "错" }
article = "test"
objectives = { { en = "o", zh = "目标" } }
steps = {
  step { en = "e", zh = "中", run = { "ip netns add net1" },
    claims = {
      lua { fn = function(net) return net.ns_exists("net1") end, says = { en = "net1 exists", zh = "net1 存在" } },
      lua { fn = function(net) return false, "it was false" end, says = { en = "a wrong claim", zh = "错误的说法" } },
    } },
}
LESSON
out=$("$NETLEARN" check "$L/wrong.lua" 2>&1); rc=$?
ok "check of a lesson with a wrong claim exits non-zero" test "$rc" -ne 0
like "$out" "^# wrong: Wrong" "check names the lesson"
like "$out" "ok 1 - wrong step 1: net1 exists" "a true claim is ok"
like "$out" "not ok 2 - wrong step 1: a wrong claim" "a wrong claim is not ok"
like "$out" "#   seen: it was false" "the failure says what was seen"
like "$out" "#   claim at .*wrong.lua:8" "the failure names the claim's line"
like "$out" "1\.\.2$" "the plan comes last"

# a lesson that fails to load is one not-ok line, and check goes on
printf 'title = 3\n' > "$L/broken.lua"
out=$("$NETLEARN" check "$L/broken.lua" "$L/wrong.lua" 2>&1); rc=$?
like "$out" "not ok 1 - broken: loads" "a lesson that does not load fails"
like "$out" "broken.lua:1: missing lesson field 'objectives'" "and says why with FILE:LINE (article is optional: the next missing field)"
like "$out" "ok 2 - wrong step 1" "the next lesson is still checked"

# requires: the kernel lacks the feature (forced through the features cache)
cat > "$L/tun.lua" <<'LESSON'
title = { en = "Tunnel", zh = "隧道" }
article = "test"
objectives = { { en = "o", zh = "目标" } }
requires = { "ipip" }
steps = { step { en = "e", zh = "中", claims = { lua { fn = function() return false end, says = { en = "x", zh = "x" } } } } }
LESSON
mkdir -p "$XDG_DATA_HOME/netlearn"
printf '%s\nipip=0\n' "$(cat /proc/sys/kernel/osrelease)" > "$XDG_DATA_HOME/netlearn/features"
out=$("$NETLEARN" check "$L/tun.lua" 2>&1); rc=$?
is "$rc" 0 "a skipped lesson does not fail check"
like "$out" "ok 1 - tun # SKIP needs CONFIG_NET_IPIP" "a lesson needing a missing feature is skipped with the kernel option"
rm -f "$XDG_DATA_HOME/netlearn/features"
out=$("$NETLEARN" check "$L/tun.lua" 2>&1)
like "$(cat "$XDG_DATA_HOME/netlearn/features" 2>/dev/null)" "^$(cat /proc/sys/kernel/osrelease | sed 's/[.+]/./g')" \
  "list probes the kernel and caches what it found"

out=$("$NETLEARN" check no-such-lesson 2>&1); rc=$?
is "$rc" 2 "check of an unknown lesson exits 2"
like "$out" "no lesson 'no-such-lesson'" "and names it"

# the example lesson: every claim holds (once the primitives it needs are built)
have=$(printf 'print(net.ping ~= nil and net.capture_open ~= nil and net.route_list ~= nil and net.link_get ~= nil)\n' | "$NETLEARN")
if [ "$have" = true ]; then
  out=$("$NETLEARN" check _example 2>&1); rc=$?
  is "$rc" 0 "check _example passes"
  unlike "$out" "not ok" "every claim of _example holds"
  printf '%s\n' "$out" | grep '^not ok' -A4 | sed 's/^/# /'
  like "$out" "ok [0-9]+ - _example step 4: net1 reaches 192.167.2.2 with ttl=64" "claims are TAP lines"
else
  echo "# skipping 'check _example': ping/capture primitives are not in this build yet"
fi
done_testing
