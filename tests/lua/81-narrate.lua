#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/81: narrate.snapshot/diff/format -- one change of each primitive family
-- (link add/set/del, addr, route, rule, neigh, nat/filter, sysctl, netns)
-- and the exact lines it is told with; a snapshot of ten namespaces is fast.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local L = dofile(os.getenv("TESTLIB") .. "/lab_script.lua")
local narrate = require("netlearn.narrate")

-- run CMD (a command line or a function) and return the diff's text
local function change(cmd)
  local a = narrate.snapshot()
  if type(cmd) == "function" then cmd() else
    local _, ok, err = L.run(cmd)
    if not ok then t.diag(cmd .. ": " .. err) end
  end
  return narrate.format(narrate.diff(a, narrate.snapshot()))
end

local function is(cmd, want, name)
  t.is(change(cmd), want, name or cmd)
end

is("ip netns add net1", "+ netns net1\n", "a new namespace, without its lo and default rules")
is("ip link add veth0 type veth peer name veth1 netns net1",
  "+ link veth0 (veth, peer veth1@net1) in host\n", "a veth pair across namespaces: one line")
local d
is("ip link add v0 type veth peer name v1", "+ link v0 (veth, peer v1) in host\n", "a veth pair in one namespace: one line")
is("ip link set veth0 up", "~ link veth0 in host: DOWN -> UP (no carrier)\n", "link up, peer still down")
is("ip -n net1 link set veth1 up",
  "~ link veth0 in host: UP (no carrier) -> UP\n~ link veth1 in net1: DOWN -> UP\n", "the peer up: both ends change")
is("ip link set veth0 mtu 1400", "~ link veth0 in host: mtu 1500 -> 1400\n", "mtu")
t.like(change("ip link set v0 address 02:00:00:00:00:01"), "^~ link v0 in host: address [%x:]+ %-> 02:00:00:00:00:01\n$", "address")
is("ip link add br0 type bridge", "+ link br0 (bridge) in host\n", "a bridge")
d = change("ip link set v0 master br0")
t.like(d, "~ link v0 in host: master none %-> br0\n", "master")
t.like(d, "~ link br0 in host: address [%x:]+ %-> 02:00:00:00:00:01\n", "the bridge takes its port's MAC (the kernel does)")
t.like(change("ip link set v0 nomaster"), "~ link v0 in host: master br0 %-> none\n", "nomaster")
is("ip link set v1 netns net1", "> link v1 moved from host to net1\n", "a link moved to another namespace")
is("ip addr add 192.167.3.2/24 dev veth0",
  "+ addr 192.167.3.2/24 on veth0 in host\n+ route 192.167.3.0/24 dev veth0 in host (added by the kernel)\n",
  "an address, and the route the kernel adds for it")
is("ip -n net1 addr add 192.167.3.1/24 dev veth1",
  "+ addr 192.167.3.1/24 on veth1 in net1\n+ route 192.167.3.0/24 dev veth1 in net1 (added by the kernel)\n")
is("ip route add 192.167.2.0/24 via 192.167.3.1", "+ route 192.167.2.0/24 via 192.167.3.1 dev veth0 in host\n", "a route")
is("ip route replace 192.167.2.0/24 dev veth0", "+ route 192.167.2.0/24 dev veth0 in host\n" ..
  "- route 192.167.2.0/24 via 192.167.3.1 dev veth0 in host\n", "route replace")
is("ip route replace 192.167.2.0/24 via 192.167.3.1", "+ route 192.167.2.0/24 via 192.167.3.1 dev veth0 in host\n" ..
  "- route 192.167.2.0/24 dev veth0 in host\n", "route replace back")
is("ip route del 192.167.2.0/24", "- route 192.167.2.0/24 via 192.167.3.1 dev veth0 in host\n", "route del")
is("ip route add 10.5.0.0/16 via 192.167.3.1 table 100", "+ route 10.5.0.0/16 via 192.167.3.1 dev veth0 table 100 in host\n",
  "a route in another table")
is("ip rule add from 10.1.0.0/16 table 100 priority 100", "+ rule 100: from 10.1.0.0/16 lookup 100 in host\n", "a rule")
is("ip rule del priority 100", "- rule 100: from 10.1.0.0/16 lookup 100 in host\n", "rule del")
d = change("ping -c 1 192.167.3.1")
t.like(d, "^%+ neigh 192%.167%.3%.1 dev veth0 lladdr %x%x:%x%x:%x%x:%x%x:%x%x:%x%x in host\n", "a ping: ARP made a neighbour")
t.like(d, "%+ neigh 192%.167%.3%.2 dev veth1 lladdr [%x:]+ in net1\n", "on both sides")
is("ip neigh flush dev veth0", "- neigh 192.167.3.1 dev veth0 in host\n", "neigh flush")
is("sysctl -w net.ipv4.ip_forward=1", "~ sysctl net.ipv4.ip_forward in host: 0 -> 1\n", "ip_forward")
is("ip netns exec net1 sysctl -w net.ipv4.conf.veth1.rp_filter=2",
  "~ sysctl net.ipv4.conf.veth1.rp_filter in net1: 0 -> 2\n", "a device's rp_filter")
is("iptables -t nat -A POSTROUTING -s 192.167.3.0/24 -o veth0 -j MASQUERADE",
  "+ iptables -t nat -A POSTROUTING -s 192.167.3.0/24 -o veth0 -j MASQUERADE in host\n", "a NAT rule")
is("iptables -t nat -A PREROUTING -p tcp --dport 8888 -j DNAT --to-destination 192.167.3.1:80",
  "+ iptables -t nat -A PREROUTING -p tcp --dport 8888 -j DNAT --to-destination 192.167.3.1:80 in host\n", "a DNAT rule")
is("iptables -P FORWARD DROP", "~ policy of filter FORWARD in host: ACCEPT -> DROP\n", "a chain policy")
is("iptables -A FORWARD -i veth0 -j ACCEPT", "+ iptables -A FORWARD -i veth0 -j ACCEPT in host\n", "a filter rule")
is("iptables -t nat -F", "- iptables -t nat -A POSTROUTING -s 192.167.3.0/24 -o veth0 -j MASQUERADE in host\n" ..
  "- iptables -t nat -A PREROUTING -p tcp --dport 8888 -j DNAT --to-destination 192.167.3.1:80 in host\n", "flush")
is("ip link del v0", "- link v0 (veth, and its peer v1@net1) in host\n", "link del: one line for both ends")
is("ip addr del 192.167.3.2/24 dev veth0",
  "- addr 192.167.3.2/24 on veth0 in host\n- route 10.5.0.0/16 via 192.167.3.1 dev veth0 table 100 in host\n" ..
  "- route 192.167.3.0/24 dev veth0 in host (removed by the kernel)\n", "addr del: the routes through it go too")
is("echo nothing", "(nothing changed in the kernel)\n", "nothing changed")
t.like(change("ip netns del net1"), "%- netns net1 %(and everything in it%)\n$", "netns del")
-- the kernel deletes the host end of net1's veth pair a moment later
for _ = 1, 100 do
  if not net.link_get("", "veth0") then break end
  os.execute("sleep 0.01")
end
t.like(change("ip netns add a && ip netns del a"), "^%(nothing", "made and gone again: nothing")

-- the diff's data, for the lesson runtime
local a = narrate.snapshot()
assert(net.link_add("", { name = "d9", type = "bridge" }))
local diff = narrate.diff(a, narrate.snapshot())
t.ok(diff[1] and diff[1].op == "+" and diff[1].kind == "link" and diff[1].ns == "", "a change is {op, kind, ns, text}")
t.is(narrate.format({}, { quiet = true }), "", "quiet: nothing for no change")

-- net.* calls as command lines
local cl = narrate.command_line
t.is(cl("link_add", "", { name = "v0", type = "veth", peer = "v1" }), "ip link add v0 type veth peer name v1", "link_add")
t.is(cl("link_add", "net1", { name = "veth1", type = "veth", peer = "veth2", peer_ns = "net2", up = true }),
  "ip -n net1 link add veth1 type veth peer name veth2 netns net2\nip -n net1 link set veth1 up", "link_add with up")
t.is(cl("link_add", nil, { name = "mv", type = "macvlan", link = "eth0", mode = "bridge" }),
  "ip link add link eth0 mv type macvlan mode bridge", "macvlan")
-- every kind's words come from its description (lua/netlearn/kinds/*.lua)
t.is(cl("link_add", nil, { name = "eth0.10", type = "vlan", link = "eth0", id = 10 }),
  "ip link add link eth0 eth0.10 type vlan id 10", "vlan: on its parent, with its id")
t.is(cl("link_add", nil, { name = "vx0", type = "vxlan", id = 42, remote = "10.0.0.2", dstport = 4789 }),
  "ip link add vx0 type vxlan id 42 remote 10.0.0.2 dstport 4789", "vxlan")
t.is(cl("link_add", nil, { name = "t0", type = "ipip", link = "eth0", remote = "10.0.0.2", ["local"] = "10.0.0.1" }),
  "ip link add t0 type ipip remote 10.0.0.2 local 10.0.0.1", "ipip (no link DEV before the name)")
t.is(cl("link_add", nil, { name = "br0", type = "bridge", stp = true }), "ip link add br0 type bridge stp_state 1", "bridge stp")
t.is(cl("link_add", nil, { name = "d0", type = "dummy" }), "ip link add d0 type dummy", "dummy: no arguments")
t.is(cl("link_set", nil, "veth0", { master = "br0", up = true }), "ip link set veth0 master br0 up", "link_set")
t.is(cl("link_set", "net1", "veth0", { master = false }), "ip -n net1 link set veth0 nomaster", "nomaster")
t.is(cl("addr_add", "net1", "veth0", "192.167.2.1/24"), "ip -n net1 addr add 192.167.2.1/24 dev veth0", "addr_add")
t.is(cl("route_add", "", { dst = "192.167.2.0/24", via = "192.167.3.1" }), "ip route add 192.167.2.0/24 via 192.167.3.1", "route_add")
t.is(cl("rule_add", "r1", { priority = 100, from = "10.1.1.0/24", table = 100 }),
  "ip -n r1 rule add from 10.1.1.0/24 priority 100 table 100", "rule_add")
t.is(cl("nat_add", nil, { chain = "POSTROUTING", src = "172.168.1.0/24", oif = "ens33", target = "MASQUERADE" }),
  "iptables -t nat -A POSTROUTING -s 172.168.1.0/24 -o ens33 -j MASQUERADE", "nat_add")
t.is(cl("filter_add", "router", { chain = "FORWARD", proto = "tcp", dport = 80, target = "ACCEPT", position = "insert" }),
  "ip netns exec router iptables -I FORWARD -p tcp --dport 80 -j ACCEPT", "filter_add insert")
t.is(cl("chain_policy", nil, "FORWARD", "DROP"), "iptables -P FORWARD DROP", "chain_policy")
t.is(cl("sysctl_set", "net1", "net/ipv4/ip_forward", 1), "ip netns exec net1 sysctl -w net.ipv4.ip_forward=1", "sysctl_set")
t.is(cl("ns_add", "net1"), "ip netns add net1", "ns_add")
t.is(cl("link_list", ""), nil, "a call that only reads stands for nothing")

-- fast: ten namespaces with a veth pair each
L.run("reset")
for i = 1, 10 do
  assert(net.ns_add("n" .. i))
  assert(net.link_add("n" .. i, { name = "a", type = "veth", peer = "b", up = true }))
  assert(net.addr_add("n" .. i, "a", "10.0." .. i .. ".1/24"))
end
local best = math.huge
for _ = 1, 5 do
  local t0 = os.clock()
  narrate.snapshot()
  best = math.min(best, os.clock() - t0)
end
t.ok(best < 0.05, string.format("a snapshot of 11 namespaces takes a few ms (%.1f ms CPU)", best * 1000))
t.done()
