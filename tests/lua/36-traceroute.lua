#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/lua/36-traceroute.lua: net.traceroute against `traceroute -n` as the oracle.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lab = dofile(os.getenv("TESTLIB") .. "/probe_lab.lua")
local net = require("netlearn.core")
lab.build()

-- hop addresses of `traceroute -n` output: { [ttl] = "addr" | "*" }
local function real_hops(out)
  local hops = {}
  for ttl, rest in out:gmatch("\n%s*(%d+)%s+([^\n]*)") do
    hops[tonumber(ttl)] = rest:match("^(%d+%.%d+%.%d+%.%d+)") or "*"
  end
  return hops
end

local function first_from(hop)
  for _, p in ipairs(hop.probes) do if p then return p.from end end
  return "*"
end

local real = real_hops(lab.sh("net1", "traceroute -n 10.0.2.2"))
local seen = {}
local r = net.traceroute("net1", "10.0.2.2", { on_hop = function(h) seen[#seen + 1] = h.ttl end })
t.ok(r, "traceroute 10.0.2.2 returns a result")
t.is(#r.hops, 2, "two hops")
t.is(#real, 2, "traceroute -n also shows two hops")
for i = 1, 2 do
  t.is(first_from(r.hops[i]), real[i], "hop " .. i .. " agrees with traceroute -n: " .. tostring(real[i]))
end
t.is(r.reached, true, "destination reached")
t.is(r.dest, "10.0.2.2", "dest")
t.is(r.src, "10.0.1.2", "src")
t.is(#r.hops[1].probes, 3, "three probes per hop")
local all = true
for _, h in ipairs(r.hops) do for _, p in ipairs(h.probes) do all = all and p and p.rtt < 10 end end
t.ok(all, "every probe answered in < 10 ms (real traceroute just used up part of the router's ICMP burst)")
t.is(table.concat(seen, ","), "1,2", "on_hop called per hop")

-- again right away: the router's limiter is dry now; retries fill the gaps
r = net.traceroute("net1", "10.0.2.2", { wait = 0.5 })
all = true
for _, h in ipairs(r.hops) do for _, p in ipairs(h.probes) do all = all and p end end
t.ok(all, "third run in a row: no false silence (rate limit paced)")

-- a router without a route: !N
r = net.traceroute("net2", "10.9.9.9", { wait = 0.5, max_hops = 3 })
t.is(#r.hops, 1, "unreachable net ends after the first hop")
t.is(r.reached, false, "not reached")
t.is(r.hops[1] and r.hops[1].probes[1] and r.hops[1].probes[1].flag, "!N", "!N flag (traceroute -n prints 10.0.2.1  0.1 ms !N)")

-- silence beyond the router
r = net.traceroute("net1", "10.0.2.99", { max_hops = 3, wait = 0.2, retries = 0 })
t.is(#r.hops, 3, "max_hops respected")
t.is(r.hops[2].probes[1], false, "silent probe is false")
t.is(r.reached, false, "not reached")

-- one hop: the router itself
r = net.traceroute("net1", "10.0.1.1")
t.is(#r.hops, 1, "direct neighbour: one hop")
t.is(r.reached, true, "reached")

-- errors
t.fails("SO_BINDTODEVICE: No such device", "unknown dev", net.traceroute("net1", "10.0.2.2", { dev = "eth9" }))
t.fails("not an IPv4 address", "bad address", net.traceroute("net1", "10.0.2.300"))
t.fails("no such namespace", "unknown namespace", net.traceroute("nowhere", "10.0.2.2"))
t.fails("max hops", "max_hops 300", net.traceroute("net1", "10.0.2.2", { max_hops = 300 }))
t.fails("probes per hop", "queries 0", net.traceroute("net1", "10.0.2.2", { queries = 0 }))
net.run("", { "ip", "-n", "net1", "route", "del", "default" })
t.fails("^connect: Network is unreachable$", "no route", net.traceroute("net1", "10.0.2.2"))
t.like(lab.sh("net1", "traceroute -n 10.0.2.2"), "connect: Network is unreachable", "traceroute says the same")
t.ok(not pcall(net.traceroute, "net1", "10.0.2.2", { on_hop = 5 }), "on_hop must be a function")
t.done()
