#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/lua/25d: `ip route get fibmatch ADDR` prints the routing-table entry that
-- matched (as `ip route show` prints it), not the resolved /32: what article
-- 004's route(8) duplicate needs to show which of two routes is used. The real
-- ip is the oracle, on one lab built by the real ip: main, a local route, a
-- rule to table 100, no route at all, -j, and a route added twice.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local I = dofile(os.getenv("TESTLIB") .. "/ip_cmd.lua")

local function real(line, ns)
  local code, out = I.real(line, ns)
  if code ~= 0 then t.diag("real: " .. line .. ": " .. out) end
  return out
end
for _, l in ipairs({ "ip netns add f1", "ip link add va netns f1 type veth peer name vb netns f1",
  "ip -n f1 link set va up", "ip -n f1 link set vb up", "ip -n f1 addr add 10.6.0.1/24 dev va",
  "ip -n f1 route add 10.9.0.0/16 via 10.6.0.2", "ip -n f1 route add 10.9.0.0/16 via 10.6.0.3 table 100" }) do
  real(l)
end

local function same(line, what)
  local st, out, err = I.nl("ip netns exec f1 " .. line)
  local rcode, rout, rerr = I.real(line, "f1")
  t.is(st .. ":" .. out .. err, rcode .. ":" .. rout .. rerr, line .. ": as the real ip (" .. what .. ")")
  return out
end
local out = same("ip route get fibmatch 10.9.1.1", "a route of main")
t.like(out, "^10%.9%.0%.0/16 via 10%.6%.0%.2 dev va", "the /16 that matched, not 10.9.1.1")
same("ip route get fibmatch 10.6.0.7", "the kernel's connected route")
same("ip route get fibmatch 10.6.0.1", "a local address")
same("ip -j route get fibmatch 10.9.1.1", "-j")
same("ip route get fibmatch 10.9.1.1 from 10.6.0.1", "with from")
do
  local st, o, e = I.nl("ip netns exec f1 ip route get fibmatch 10.99.0.1")
  local rcode, rout, rerr = I.real("ip route get fibmatch 10.99.0.1", "f1")
  t.is(st .. ":" .. (o .. e):match("^[^\n]*\n"), rcode .. ":" .. rout .. rerr,
    "no route: the real ip's status and words (Network is unreachable)")
  t.like(o .. e, "\nhint: no route matches that address", "... then netlearn's hint")
end
real("ip -n f1 rule add to 10.9.5.0/24 lookup 100")
out = same("ip route get fibmatch 10.9.5.5", "a rule sends it to table 100")
t.like(out, "via 10%.6%.0%.3 dev va table 100", "table 100's route, with its table named")
same("ip route get fibmatch 10.9.1.1", "main still answers the rest")
-- the duplicate: a more specific route added after wins whatever the order
real("ip -n f1 route add 10.9.1.0/24 via 10.6.0.4")
out = same("ip route get fibmatch 10.9.1.1", "the longer prefix wins")
t.like(out, "^10%.9%.1%.0/24 via 10%.6%.0%.4", "the /24 is the entry used")
-- bad input: said by netlearn, nothing changed
local st, o2, err = I.nl("ip netns exec f1 ip route get fibmatch")
t.ok(st ~= 0 and (o2 .. err):find("need at least a destination address", 1, true), "fibmatch without an address: the real ip's words", o2 .. err)
t.done()
