#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/lua/25c: `ip route flush cache` (article 002's PMTU teaching; iproute2
-- accepts it): it prints nothing, as the real ip does, and drops the path MTU a
-- host learned from a "Frag needed" (the real `ip route get` shows it before,
-- not after). The lab: a - r - b, r's link to b at MTU 1400; a real ping with DF
-- (-M do) of 1450 bytes from a makes r answer "Frag needed, mtu 1400".
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local I = dofile(os.getenv("TESTLIB") .. "/ip_cmd.lua")

local function real(line, ns)
  local code, out = I.real(line, ns)
  if code ~= 0 then t.diag("real: " .. line .. ": " .. out) end
  return out
end
for _, l in ipairs({ "ip netns add a", "ip netns add r", "ip netns add b",
  "ip link add va netns a type veth peer name ra netns r", "ip link add vb netns b type veth peer name rb netns r",
  "ip -n a addr add 10.5.1.2/24 dev va", "ip -n r addr add 10.5.1.1/24 dev ra",
  "ip -n r addr add 10.5.2.1/24 dev rb", "ip -n b addr add 10.5.2.2/24 dev vb",
  "ip -n r link set rb mtu 1400", "ip -n b link set vb mtu 1400",
  "ip -n a link set va up", "ip -n r link set ra up", "ip -n r link set rb up", "ip -n b link set vb up",
  "ip -n a route add default via 10.5.1.1", "ip -n b route add default via 10.5.2.1",
  "ip netns exec r sysctl -q -w net.ipv4.ip_forward=1" }) do
  real(l)
end
real("ping -c 1 -W 1 10.5.2.2 >/dev/null", "a")
local _, big = I.real("ping -c 1 -W 1 -M do -s 1450 10.5.2.2", "a")
t.like(big, "mtu = 1400", "a DF ping too big for r's link gets 'Frag needed, mtu = 1400'")
t.like(real("ip route get 10.5.2.2", "a"), "mtu 1400", "a learned the path MTU (the real ip route get shows it)")

local st, out, err = I.nl("ip netns exec a ip route flush cache")
local rcode, rout, rerr = I.real("ip route flush cache", "b")
t.is(st, 0, "ip route flush cache: status 0")
t.is(out .. err, rout .. rerr, "and it prints what the real ip prints (nothing)")
t.unlike(real("ip route get 10.5.2.2", "a"), "mtu 1400", "the learned path MTU is gone")
t.is(rcode, 0, "(the real ip route flush cache succeeds too)")

-- with something else to flush it is a normal flush: 'cache' alone is the cache
st, out, err = I.nl("ip netns exec a ip route flush cache dev nosuch")
t.ok(st ~= 0, "ip route flush cache dev nosuch: an error")
t.done()
