#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/39-iptables-docker-lab: Docker's rules, typed into netlearn's iptables,
  really translate and filter traffic (issue 21). The router plays the Docker
  host; its bridge br0 (10.0.1.1/24, with r0 in it; the client is the
  "container") plays docker0:
    client 10.0.1.2 (c0) --- (r0 in br0) 10.0.1.1 router 10.0.2.1 (r1) --- (s0) 10.0.2.2 server
  - MASQUERADE with `! -o br0`: the container's connections out leave with the
    router's address.
  - DNAT through the user chain DOCKER, entered by `-m addrtype --dst-type
    LOCAL`: a connection to any of the router's own addresses on port 8080
    reaches the container's port 7000; one to a non-local address does not;
    `-i br0 -j RETURN` keeps the container's own connections out of it.
  - netlearn's `why` walks the same rules (user chain, addrtype LOCAL, '!').
  - FORWARD DROP with Docker's conntrack, DOCKER and `-i br0 ! -o br0` rules: what
    nothing accepts is dropped, and the policy counter counts it; rule counters
    count; -Z zeroes both. The real iptables reads the same counters. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local topo = dofile(os.getenv("TESTLIB") .. "/nat_lab.lua")
local lib = dofile(os.getenv("TESTLIB") .. "/cmd_misc.lua")

if select(2, t.sh("command -v socat >/dev/null && command -v iptables >/dev/null")) ~= 0 then
  t.skip_all("socat or iptables missing (scripts/deps.sh)")
end
topo.build(t)
-- docker0: a bridge holding the container's veth, with the host's address on it
local _, bcode, berr = t.nsh("router", "ip addr del 10.0.1.1/24 dev r0 && ip link add br0 type bridge && " ..
  "ip link set r0 master br0 && ip addr add 10.0.1.1/24 dev br0 && ip link set br0 up")
assert(bcode == 0, "bridge: " .. tostring(berr))
-- the server may answer the container directly (no NAT needed for that way)
assert(select(2, t.nsh("server", "ip route add 10.0.1.0/24 via 10.0.2.1")) == 0)
local client_l = topo.listen("client", 7000)
local server_l = topo.listen("server", 7000)
local server_l2 = topo.listen("server", 7001)

local function outcome(ns, addr, port)
  local out, code = topo.connect(t, ns, addr, port)
  local peer = out:match("peer=(%S+)")
  if peer then return "peer=" .. peer end
  if out:find("refused") then return "refused" end
  return code == 0 and "ok" or "no answer"
end

local lines = {
  "iptables -t nat -N DOCKER",
  "iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
  "iptables -t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER",
  "iptables -t nat -A POSTROUTING -s 10.0.1.0/24 ! -o br0 -j MASQUERADE",
  "iptables -t nat -A DOCKER -i br0 -j RETURN",
  "iptables -t nat -A DOCKER ! -i br0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.0.1.2:7000",
  "iptables -N DOCKER",
  "iptables -N DOCKER-USER",
  "iptables -P FORWARD DROP",
  "iptables -A FORWARD -j DOCKER-USER",
  "iptables -A FORWARD -o br0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
  "iptables -A FORWARD -o br0 -j DOCKER",
  "iptables -A FORWARD -i br0 ! -o br0 -j ACCEPT",
  "iptables -A DOCKER -d 10.0.1.2/32 ! -i br0 -o br0 -p tcp -m tcp --dport 7000 -j ACCEPT",
  "iptables -A DOCKER-USER -j RETURN",
}
local bad = {}
for _, l in ipairs(lines) do
  local st, _, err = lib.run(l, "router")
  if st ~= 0 then bad[#bad + 1] = l .. ": " .. err end
end
t.is(table.concat(bad, "\n"), "", "Docker's rules are all taken")

t.is(outcome("client", "10.0.2.2", 7000), "peer=10.0.2.1",
  "the container's connection out is masqueraded (! -o br0 matches r1)")
t.is(outcome("server", "10.0.2.1", 8080), "peer=10.0.2.2",
  "a connection to the host's r1 address :8080 reaches the container through DOCKER's DNAT")
t.is(outcome("server", "10.0.1.1", 8080), "peer=10.0.2.2",
  "so does one to the host's other local address (--dst-type LOCAL)")
t.is(outcome("server", "10.0.1.2", 8080), "no answer",
  "one to a non-local address is not DNATed, and FORWARD's DROP policy drops it")
t.is(outcome("client", "10.0.1.1", 8080), "refused",
  "the container's own connection to the host :8080 RETURNs before the DNAT (-i br0)")
t.is(outcome("router", "10.0.2.1", 8080), "peer=10.0.2.1",
  "the host's own connection to its address :8080 is DNATed in OUTPUT (its source stays: not from 10.0.1.0/24)")
t.is(outcome("server", "10.0.1.2", 7000), "peer=10.0.2.2",
  "DOCKER's filter rule lets the published port through unchanged")
t.is(outcome("server", "10.0.1.2", 7001), "no answer", "another port is dropped by the policy")

-- netlearn's why follows the same rules: the jump into DOCKER by address type,
-- its DNAT, and the MASQUERADE with '! -o br0'
local why = require("netlearn.why")
local function hop_with(r, pat)
  for _, h in ipairs(r.hops or {}) do
    if h.ns == "router" and h.what == "nat" and h.detail:find(pat, 1, true) then return true end
  end
end
local wr = why.diagnose("server", "10.0.2.1:8080")
local wtext = table.concat(why.format(wr), "\n")
t.ok(wr.ok and wr.confirmed and hop_with(wr, "PREROUTING DNAT"),
  "why: server -> 10.0.2.1:8080 works through DOCKER's DNAT, and the connection agrees", wtext)
wr = why.diagnose("client", "10.0.2.2:7000")
wtext = table.concat(why.format(wr), "\n")
t.ok(wr.ok and wr.confirmed and hop_with(wr, "MASQUERADE"), "why: the container's connection out is masqueraded", wtext)

-- counters: netlearn's -L -v and the real one's agree, and they moved
local _, mine = lib.run("iptables -L -v -n -x", "router")
local real = t.nsh("router", "iptables -L -v -n -x")
local pol = mine:match("Chain FORWARD %(policy DROP (%d+) packets, (%d+) bytes%)")
t.ok(pol and tonumber(pol) > 0, "the FORWARD policy counter counts dropped packets", mine)
t.is(real:match("Chain FORWARD %(policy DROP (%d+) packets"), pol, "the real iptables reads the same policy counter")
local function rule_pkts(text, pat)
  for l in text:gmatch("[^\n]+") do
    if l:find(pat) then return tonumber(l:match("^%s*(%d+)")) end
  end
end
local dn = select(2, lib.run("iptables -t nat -L DOCKER -v -n -x", "router"))
t.ok((rule_pkts(dn, "DNAT") or 0) >= 3, "the DNAT rule's counter counts each connection's first packet", dn)
t.is(rule_pkts(t.nsh("router", "iptables -t nat -L DOCKER -v -n -x"), "DNAT"), rule_pkts(dn, "DNAT"),
  "the real iptables reads the same rule counter")
t.ok((rule_pkts(mine, "ctstate RELATED,ESTABLISHED") or 0) > 0, "the conntrack rule counted replies", mine)

t.is(select(1, lib.run("iptables -Z", "router")), 0, "iptables -Z")
t.is(select(1, lib.run("iptables -t nat -Z DOCKER", "router")), 0, "iptables -t nat -Z DOCKER")
_, mine = lib.run("iptables -L -v -n -x", "router")
t.like(mine, "Chain FORWARD %(policy DROP 0 packets, 0 bytes%)", "-Z zeroes the policy counter")
t.ok(not mine:match("\n%s*[1-9]%d*%s+%d+ "), "-Z zeroes every rule counter of the table", mine)
t.is(rule_pkts(select(2, lib.run("iptables -t nat -L DOCKER -v -n -x", "router")), "DNAT"), 0,
  "-Z DOCKER zeroes that chain's counters")
t.like(t.nsh("router", "iptables -L FORWARD -v -n -x"), "policy DROP 0 packets", "the real iptables sees them zeroed")

topo.stop(client_l)
topo.stop(server_l)
topo.stop(server_l2)
t.done()
