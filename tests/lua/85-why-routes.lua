#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/85-why-routes: the first article's failures, one after the other, on its own lab
  (host -- net1 -- net2): no route on the host, ip_forward off in net1, net2's missing
  return route, and net1 without a route to the host's other subnet. For each, `why`
  names the hop and the fix; the fix, typed into netlearn, makes the ping work. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lib = dofile(os.getenv("TESTLIB") .. "/why_lab.lua")
local why = require("netlearn.why")
local net = require("netlearn.core")

lib.article1(t)

local function broken(r) return r.broken and r.hops[r.broken] or {} end

-- 1. the host has no route to net1's far side
local r = why.diagnose("host", "192.167.2.1")
t.ok(not r.ok, "host -> 192.167.2.1: predicted to fail")
t.is(r.broken, 1, "the first hop is broken")
t.is(broken(r).ns, "host", "... in the host")
t.is(broken(r).what, "route", "... at the route lookup")
t.like(broken(r).detail, "Network is unreachable", "... Network is unreachable")
t.is(r.fix, "ip route add 192.167.2.0/24 via 192.167.3.1", "fix: the article's route")
t.is(r.confirmed, true, "the probe confirms the prediction")
lib.apply(t, r.fix)
t.ok(lib.ping_ok("host", "192.167.2.1"), "now host pings 192.167.2.1")

-- 2. on to net2: net1 does not forward
r = why.diagnose("host", "192.167.2.2")
t.ok(not r.ok, "host -> 192.167.2.2: predicted to fail")
t.is(broken(r).ns, "net1", "broken in net1")
t.is(broken(r).what, "forward", "... forwarding")
t.like(broken(r).detail, "ip_forward=0", "... ip_forward=0")
t.is(r.fix, "ip netns exec net1 sysctl -w net.ipv4.ip_forward=1", "fix: ip_forward=1 in net1")
t.is(r.confirmed, true, "the probe confirms it")
lib.apply(t, r.fix)

-- 3. net2 gets the request but has no way back (the article's tcpdump: requests, no replies)
r = why.diagnose("host", "192.167.2.2")
t.ok(not r.ok, "still failing: the return route")
t.is(broken(r).ns, "net2", "broken in net2")
t.is(broken(r).dir, "reply", "... on the reply's way")
t.is(broken(r).what, "route", "... its route lookup")
t.is(r.fix, "ip netns exec net2 ip route add 192.167.3.0/24 via 192.167.2.1", "fix: the article's return route")
local delivered = false
for i = 1, r.broken - 1 do
  if r.hops[i].ns == "net2" and r.hops[i].what == "deliver" then delivered = true end
end
t.ok(delivered, "the walk says the request did reach net2")
t.is(r.confirmed, true, "the probe confirms it")
lib.apply(t, r.fix)
t.ok(lib.ping_ok("host", "192.167.2.2"), "now host pings 192.167.2.2")

-- 4. a working path says so, both ways
for _, c in ipairs({ { "host", "192.167.2.2" }, { "net2", "192.167.3.2" }, { "net1", "192.167.2.2" } }) do
  r = why.diagnose(c[1], c[2])
  t.ok(r.ok and r.broken == nil and r.fix == nil, c[1] .. " -> " .. c[2] .. ": works", lib.text(r))
  t.is(r.confirmed, true, c[1] .. " -> " .. c[2] .. ": the probe agrees")
  t.is(r.hops[#r.hops].what, "deliver", "the last hop is the reply delivered home")
  t.is(r.hops[#r.hops].ns, c[1], "... in " .. c[1])
end
local st, out = lib.run("why net2 192.167.3.2")
t.is(st, 0, "`why` exits 0 on a working path")
t.like(out, "prediction: the ping works", "and says the ping works")
t.like(out, "the prediction held", "and that the probe agreed")

-- 5. the host's other subnet (the article's eth0, 172.168.111.2, towards the Windows machine): net1 has no route to it
lib.build(t, [[
ip netns add win && ip link add eth0 type veth peer name eth0 netns win
ip addr add 172.168.111.2/24 dev eth0 && ip link set eth0 up
ip netns exec win ip addr add 172.168.111.1/24 dev eth0 && ip netns exec win ip link set eth0 up
]])
st, out = lib.run("why net1 172.168.111.2")
t.is(st, 1, "`why` exits 1 on a broken path")
t.like(out, "  1 ✘  net1  route", "hop 1 in net1 is marked broken")
t.like(out, "fix: ip netns exec net1 ip route add 172.168.111.0/24 via 192.167.3.2", "fix: a route via the host")
r = why.diagnose("net1", "172.168.111.2")
lib.apply(t, r.fix)
t.ok(lib.ping_ok("net1", "172.168.111.2"), "now net1 pings the host's 172.168.111.2")
r = why.diagnose("net1", "172.168.111.2")
t.ok(r.ok and r.confirmed, "and why agrees", lib.text(r))
t.done()
