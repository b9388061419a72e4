#!/bin/sh
# QA walkthrough, piped (no terminal needed): the articles' lines typed as
# written, and the messages a learner got that were confusing, kept as regressions.
. "$(dirname "$0")/lib/tap.sh"
nl() { printf '%s\n' "$@" | "$NETLEARN" 2>&1; }

# article 001: `sysctl -a | grep ip_forward` -- netlearn has no pipes: name the netlearn way
out=$(nl 'ip netns add net1' 'ip net exec net1 sysctl -a | grep ip_forward')
like "$out" "write it as: ip net exec net1 sysctl -a -r ip_forward" "sysctl -a | grep WORD: the error names 'sysctl -a -r WORD'"
out=$(nl 'ip link | grep veth')
like "$out" "put '!' before the line .*\(!ip link \| grep veth\)" "any other pipe: the error shows the line with '!'"

# article 001 (ipvlan, macvlan): the article's physical NIC eth0 does not exist in the lab
out=$(nl 'ip link add link eth0 dev mac1 type macvlan mode bridge')
like "$out" 'Cannot find device "eth0"' "no eth0: iproute2's error"
like "$out" "hint: .*no physical NIC eth0.*ip link add eth0 type veth peer name eth0-peer" "the hint says how to make a stand-in"
out=$(nl 'ip link add eth0 type veth peer name eth0-peer' 'ip link add link eth0 dev mac1 type macvlan mode bridge' 'ip -br link show mac1')
like "$out" "^mac1@eth0 " "and the stand-in works as macvlan parent"
# a missing device inside a namespace: the listing command names that namespace
out=$(nl 'ip netns add c' 'ip -n c link set eth1 up')
like "$out" "there is no device eth1 in namespace c; 'ip -n c link' lists the devices" "missing device in a namespace: the hint lists that namespace's devices"

# netlearn list: the lesson names' column is as wide as the longest name
out=$("$NETLEARN" list 2>&1)
first=$(printf '%s\n' "$out" | grep -E '^  [0-9a-z_-]+ +[A-Z]' | awk '{ print index($0, $2) }' | sort -u | wc -l)
is "$first" 1 "every lesson title starts in the same column"
# a lesson's output claim is shown as text, not as a Lua pattern
out=$(nl 'C = require("netlearn.claims")' \
  'print(C.render(C.constructor("output"){cmd = "route -n", matches = "0%.0%.0%.0%s+192%.168%.0%.2%s+0%.0%.0%.0%s+UG%s+100.-ens33"}, "en"))')
is "$out" "'route -n' shows '0.0.0.0 192.168.0.2 0.0.0.0 UG 100…ens33'" "an output claim's pattern reads as text"
# a task: 'next' before it is done shows which claims hold; 'skip' after a wrong
# attempt ('File exists' in the solution's way) rebuilds the lab and solves it
out=$(nl 'lesson _example' next next no next next 1 next \
  'ip netns exec net2 ip route add default dev veth1' next skip)
like "$out" "☐ net2 has the route default via 192.167.2.1
the task is not done yet" "'next' on an unfinished task lists its claims, unmet ones with ☐"
like "$out" "rebuilding the lab up to step 5" "'skip' after a wrong attempt rebuilds the lab"
like "$out" "✔ net2 has the route default via 192.167.2.1" "and the solution then holds"
# article 003, typed as written: comment lines, its 'ip link addr add' typo, 'arp'
out=$(nl '## 添加路由，让访问10.11.14.0/24网段的包从veth-test出去' '# a comment' '#' 't = {1, 2, 3}' '#t' 'print("after")')
is "$out" "3
after" "'## ...' and '# ...' lines are comments; '#t' is still Lua's length"
out=$(nl 'ip link addr add 10.11.13.3/24 dev veth-test')
like "$out" "did you mean 'ip addr add 10.11.13.3/24 dev veth-test'\?" "'ip link addr add ...': the hint names 'ip addr add ...'"
out=$(nl 'arp -n')
like "$out" "hint: the ARP table is 'ip neigh'" "'arp': the hint names ip neigh"
# 'reset' in a lesson deletes the lesson's lab too: say how to get it back
out=$(nl 'lesson _example' 'reset' 'again' 'quit')
like "$out" "the lesson's lab went too: 'again' rebuilds it up to this step" "reset during a lesson says 'again' rebuilds the lab"
# `netlearn run NAME` with a name that is neither a file nor a lesson
out=$("$NETLEARN" run ipipp 2>&1)
like "$out" "ipipp: cannot open the lesson: no such lesson or file.*'netlearn list' shows the lessons" "run of an unknown lesson name points at 'netlearn list'"
# deleting the namespace the shell is in puts the shell back in the host
out=$(nl 'ip netns add net1' 'ns net1' 'ip netns del net1' 'ip -br link' 'ns')
like "$out" "namespace net1 is gone; the shell is back in the host namespace" "deleting the shell's namespace says so"
like "$out" "^lo +UNKNOWN" "and the next command runs in the host"
# 'ns' is the last line typed: its whole output is the one line "host"
is "$(printf '%s\n' "$out" | tail -n 1)" "host" "'ns' prints exactly 'host'"

# the learner's Lua has its own globals: overriding a library at the prompt
# breaks nothing of netlearn's (its Lua modules and its C code use the real ones)
out=$(nl 'ip netns add zz' 'table.sort = function() error("boom") end' 'string.format = nil' 'print = nil' \
  'ip netns list' 'ip -br link' 'x = 5' 'io.write(tostring(x + 1), " ", type(table.sort), "\n")' 2>&1)
unlike "$out" "internal error|boom" "table.sort, string.format and print overridden at the prompt: no internal error"
like "$out" "^zz$" "ip netns list still works"
like "$out" "^lo +UNKNOWN" "ip -br link still works"
like "$out" "^6 function$" "the learner's own globals and library copy work as in lua"
done_testing
