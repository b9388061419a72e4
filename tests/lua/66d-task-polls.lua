#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/66d: a task re-checks its claims only after a line that may have
-- changed the lab (issue 22: "never more often than useful"). Which lines only
-- look is said by each command (its spec's `looks`, commands.only_looks); here
-- the table of lines and, in a lesson's task, the number of re-checks.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local commands = require("netlearn.commands")
commands.load_all()
local cases = {
  { "ip link", true }, { "ip -br a", true }, { "ip addr show dev veth0", true }, { "ip r", true },
  { "ip route get 10.0.0.1", true }, { "ip -n net1 route", true }, { "ip netns list", true },
  { "ip netns exec net1 ip addr", true }, { "ip netns exec net1 ping -c 1 10.0.0.1", true },
  { "ip neigh", true }, { "ip rule", true }, { "iptables -nvL", true }, { "iptables -t nat -S", true },
  { "iptables --list", true }, { "sysctl net.ipv4.ip_forward", true }, { "sysctl -a -r ip_forward", true },
  { "echo hi", true }, { "route -n", true }, { "bridge fdb show br br0", true }, { "brctl show", true },
  { "ping -c 1 10.0.0.1", true }, { "tcpdump -i v icmp &", true }, { "on host142 ip route", true },
  { "why net1 10.0.0.1", true }, { "topo", true }, { "trace path net1 10.0.0.1", true },
  -- what may change the lab, or is unknown: the task re-checks
  { "ip l s mac1 up", false }, { "ip link set veth0 up", false }, { "ip a a 10.0.0.1/24 dev v0", false },
  { "ip netns add x", false }, { "ip netns exec net1 ip link set lo up", false }, { "ip r a default via 10.0.0.1", false },
  { "ip -b /tmp/x", false }, { "ip neigh flush all", false }, { "ip route flush cache", false },
  { "ip rule add pref 1 lookup 100", false }, { "iptables -t nat -A POSTROUTING -j MASQUERADE", false },
  { "iptables -L -Z", false }, { "iptables -P FORWARD DROP", false }, { "iptables -t nat", false },
  { "sysctl -w net.ipv4.ip_forward=1", false }, { "sysctl net.ipv4.ip_forward=1", false },
  { "echo 1 > /proc/sys/net/ipv4/ip_forward", false }, { "route add default gw 1.1.1.1", false },
  { "bridge link set dev v hairpin on", false }, { "brctl addif br0 v", false },
  { "python3 -m http.server 80 &", false }, { "kill %1", false }, { "ping -c 1 1.1.1.1 && ip link set v up", false },
  { "on host142 ip route add 1.0.0.0/8 dev tun0", false }, { "nosuch cmd", false }, { "bash -c 'ip link'", false },
  { "ip netns exec net1 bash -c 'x'", false }, { "", false },
}
for _, k in ipairs(cases) do
  t.is(commands.only_looks(k[1]), k[2], "'" .. k[1] .. "' " .. (k[2] and "only looks" or "may change the lab"))
end

-- in a lesson's task (its claim still false): looking costs no re-check, a change does
local lesson = require("netlearn.lesson")
local shell = require("netlearn.shell")
local R = lesson.start(os.getenv("TESTLIB") .. "/../data/lessons/task-capture.lua")
t.ok(R, "the test lesson starts")
lesson.next()
t.ok(R.pending, "its task is pending (b ignores pings)")
local p0 = R.polls or 0
for _, l in ipairs({ "ip link", "ip netns exec a ping -c 1 -W 1 10.9.0.2", "ip netns exec b sysctl net.ipv4.icmp_echo_ignore_all",
  "iptables -nvL" }) do
  shell.feed(l)
end
t.is((R.polls or 0) - p0, 0, "four lines that only look: no re-check")
t.ok(R.pending, "the task is still pending")
shell.feed("ip netns exec b sysctl -w net.ipv4.icmp_echo_ignore_all=0")
t.is((R.polls or 0) - p0, 1, "the line that changes the lab: one re-check")
t.ok(not R.pending, "and it finds the task done")
t.done()
