#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/88-why-bridge: the first article's bridge (net7, net8 on the host's br0):
  a bridge port that is down, the bridge itself down, and a device down inside a
  namespace; each time `why` names the device and `ip link set X up` fixes it. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lib = dofile(os.getenv("TESTLIB") .. "/why_lab.lua")
local why = require("netlearn.why")

lib.bridge(t)
local function broken(r) return r.broken and r.hops[r.broken] or {} end

local r = why.diagnose("net8", "192.177.1.3")
t.ok(r.ok and r.confirmed, "net8 pings net7 across br0", lib.text(r))
t.like(r.hops[2].detail, "veth12@net8 → veth13@host → br0@host → veth11@host → veth10@net7", "the wire through br0")

local cases = {
  { "ip link set veth13 down", "host's veth13 is down", "ip link set veth13 up", "a bridge port down" },
  { "ip link set br0 down", "host's br0 is down", "ip link set br0 up", "the bridge down" },
  { "ip netns exec net7 ip link set veth10 down", "net7's veth10 is down", "ip netns exec net7 ip link set veth10 up", "the far end down" },
}
for _, c in ipairs(cases) do
  lib.apply(t, c[1], "break: " .. c[4])
  r = why.diagnose("net8", "192.177.1.3")
  t.ok(not r.ok, c[4] .. ": predicted to fail")
  t.is(broken(r).what, "arp", c[4] .. ": broken at ARP (the wire)")
  t.like(broken(r).detail, c[2], c[4] .. ": names the device")
  t.is(r.fix, c[3], c[4] .. ": fix " .. c[3])
  t.is(r.confirmed, true, c[4] .. ": the probe confirms it")
  lib.apply(t, r.fix)
  t.ok(lib.ping_ok("net8", "192.177.1.3"), c[4] .. ": pings again after the fix")
end
local st, out = lib.run("why net8 192.177.1.3")
t.is(st, 0, "why exits 0 when it works")
t.like(out, "prediction: the ping works", "and says so")
t.done()
