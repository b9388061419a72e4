#!/bin/sh
# A task is done when its claims hold, whatever commands got there: the IPIP
# lesson's "put the route back" (step 21) takes `ip r a 10.1.5.0/24 dev tun0`,
# not only the solution's `via 1.1.1.1`; a route that bypasses the tunnel does
# not do; the checklist names host141's ns1, not host142's. 02-routing's return
# route is done by a default route via net1 as well.
. "$(dirname "$0")/lib/tap.sh"
to21='lesson ipip
next
next
next
1
next
next
next
1
next
next
1
next
1
next
next
1
next
next
next
next
next
2
next
next
2
next
next'
out=$(printf '%s\n' "$to21" 'ip r a 10.1.5.0/24 via 172.16.94.141 dev ens33' next 'ip r d 10.1.5.0/24' \
  'ip r a 10.1.5.0/24 dev tun0' score quit quit | "$NETLEARN" 2>&1); rc=$?
is "$rc" 0 "the session ends cleanly"
t21=$(printf '%s\n' "$out" | sed -n '/── Step 21\/26/,$p')
like "$t21" "☐ ns1 on host141 reaches 10.1.8.10 again" "the checklist names host141's ns1"
unlike "$t21" "ns1 reaches 10.1.5.10" "not host142's own ns1"
like "$t21" "☐ in host142, packets to 10.1.5.10 leave by tun0" "the route is a claim on where packets go, not a route text"
like "$t21" "the task is not done yet" "a route around the tunnel (via the underlay) does not do"
like "$t21" "✔ task done" "'ip r a 10.1.5.0/24 dev tun0' does"
like "$t21" "Why: Any route that sends 10.1.5.0/24 into tun0" "and the task's why follows"
like "$t21" "score for ipip: [0-9]+/8 \\(steps done 21/26\\)" "the task counts as done"
unlike "$t21" "solution:" "no solution was run"

# 02-routing's return route (step 8): a default route via net1 does the same job
out=$(printf '%s\n' 'lesson 02-routing' next 1 next next 1 next next 1 next 1 next \
  'ip netns exec net2 ip route add default via 192.167.2.1' score quit quit | "$NETLEARN" 2>&1)
t8=$(printf '%s\n' "$out" | sed -n '/── Step 8\/10/,$p')
like "$t8" "☐ in net2, packets to 192.167.3.2 leave by veth1 via 192.167.2.1" "02: the claim is where replies go"
like "$t8" "✔ task done" "02: a default route via net1 completes the task"
unlike "$t8" "solution:" "02: no solution was run"

# unattended: the why after a task's claims, the lesson's own commands marked (en, zh)
out=$("$NETLEARN" run packet-path </dev/null 2>&1)
like "$(printf '%s\n' "$out" | sed -n '/── Step 3\/10/,/── Step 4\/10/p' | grep -E '^  ✔|^Why' | tail -n 1)" \
  "^Why: ttl=63: the server answered with 64" "packet-path task 3: its why after its claims"
out=$("$NETLEARN" run packet-path-docker </dev/null 2>&1)
like "$out" "sudo ip netns add blue   \\[\\+ the lesson's, not in the article\\]" "packet-path-docker: blue is the lesson's"
unlike "$out" "sudo ip netns add red   \\[" "red is the article's"
out=$("$NETLEARN" --lang zh run packet-path-docker </dev/null 2>&1)
like "$out" "sudo ip netns add blue   \\[\\+ 课程补充，原文没有\\]" "zh: the same mark in Chinese"
done_testing
