#!/bin/sh
# A claim copied from the article-001 lessons and made wrong fails `netlearn check`:
# the line is `not ok`, names where the claim was written, what was expected and
# what was seen; every other claim of the lesson still passes; the exit status is non-zero.
. "$(dirname "$0")/lib/tap.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
L=$T_TMP/lessons
mkdir -p "$L"

# 02-routing, "The replies in the capture": the host's reply comes back with ttl=63
# (net1 forwarded it); claim 64, as if there were no router in between.
line=$(grep -n 'reaches { to = "192.167.2.2", ttl = 63 }' "$top/lessons/02-routing.lua" | sed -n '2s/:.*//p')
[ -n "$line" ] || { echo "Bail out! the claim to break is not in lessons/02-routing.lua any more"; exit 1; }
sed "${line}s/ttl = 63/ttl = 64/" "$top/lessons/02-routing.lua" > "$L/wrong-ttl.lua"
out=$("$NETLEARN" check "$L/wrong-ttl.lua" 2>&1); rc=$?
ok "a wrong TTL claim makes check exit non-zero" test "$rc" -ne 0
like "$out" "not ok [0-9]+ - wrong-ttl step 9: The host reaches 192\.167\.2\.2 with ttl=64" "the wrong claim is not ok"
like "$out" "#   claim at .*wrong-ttl\.lua:$line" "the failure names the claim's line ($line)"
like "$out" "#   expected: an echo reply ttl=64" "the failure says what was expected"
like "$out" "#   seen: 1 sent, 1 received, 0% loss, ttl=63" "the failure says what was seen"
is "$(printf '%s\n' "$out" | grep -c '^not ok')" 1 "only the broken claim fails"
like "$out" "ok [0-9]+ - wrong-ttl step 8: The host reaches 192\.167\.2\.2 with ttl=63" "the task's right claim still passes"

# 01-netns-veth, "net1 pings the host's eth0": net1 has no default route; claim it has one.
line=$(grep -n 'route { ns = "net1", lacks = "default" }' "$top/lessons/01-netns-veth.lua" | sed 's/:.*//')
sed "${line}s/lacks = \"default\"/has = \"default\"/" "$top/lessons/01-netns-veth.lua" > "$L/wrong-route.lua"
out=$("$NETLEARN" check "$L/wrong-route.lua" 2>&1); rc=$?
ok "a wrong route claim makes check exit non-zero" test "$rc" -ne 0
like "$out" "not ok [0-9]+ - wrong-route step 11: net1 has the route default" "the wrong route claim is not ok"
like "$out" "#   claim at .*wrong-route\.lua:$line" "the failure names the claim's line ($line)"
like "$out" "#   seen: 192\.167\.2\.0/24 dev veth0 proto kernel scope link src 192\.167\.2\.1" "the failure lists net1's routes"
is "$(printf '%s\n' "$out" | grep -c '^not ok')" 1 "only the broken claim fails"

# the same lesson, unbroken, passes (so the failures above are the edits' doing)
out=$("$NETLEARN" check "$top/lessons/01-netns-veth.lua" 2>&1); rc=$?
is "$rc" 0 "the original lesson passes"
done_testing
