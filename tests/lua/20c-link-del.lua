#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/20c-link-del.lua -- net.link_del returns once the kernel has
announced the device gone and ended the section that removed it, not when it
answers (src/link_del.c: the answer waits for an RCU barrier). Whatever a
learner can look at next must already be as after the answer: the real `ip`
finds neither the device nor its veth peer, no address or route of it is
left, the name can be taken again at once, a bridge's port is gone from it;
a device the kernel keeps (tunl0) gets the kernel's own answer. The same
for reset's batches (net.link_del_many). Each round is done many
times over: the early return must never show a half-deleted device. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local net = require("netlearn.core")

assert(net.ns_add("net1"))
assert(net.ns_add("net2"))

local ROUNDS = 15
local left = {}
for i = 1, ROUNDS do
  assert(net.link_add("net1", { name = "v1", type = "veth", peer = "v2", peer_ns = "net2", up = true }))
  assert(net.addr_add("net1", "v1", "10.0.7.1/24"))
  local _, code = t.nsh("net1", "ip route add 10.0.8.0/24 via 10.0.7.2 dev v1")
  assert(code == 0, "route via v1")
  local ok, err = net.link_del("net1", "v1")
  if not ok then left[#left + 1] = "round " .. i .. ": " .. tostring(err) end
  -- at once, with nothing waited for: the oracle sees everything done
  local l1, c1 = t.nsh("net1", "ip -o link show; ip -o addr show; ip route show")
  local l2, c2 = t.nsh("net2", "ip -o link show")
  if c1 ~= 0 or c2 ~= 0 or l1:find("v1") or l1:find("10%.0%.[78]%.") or l2:find("v2") then
    left[#left + 1] = "round " .. i .. ": still there:\n" .. l1 .. l2
  end
end
t.is(table.concat(left, "\n"), "", ROUNDS .. " rounds: link_del returned, and at once `ip` found neither v1 nor " ..
  "its peer v2, nor its address or the route through it")

-- the name is free at once: the same device made again, in the same namespace
assert(net.link_add("net1", { name = "v1", type = "veth", peer = "v2", peer_ns = "net2" }))
t.ok(net.link_del("net1", "v1"), "v1 deleted")
t.ok(net.link_add("net1", { name = "v1", type = "veth", peer = "v3" }), "... and its name taken again at once")
t.ok(net.link_del("net1", "v1"), "deleted again")

-- a bridge's port: gone from the bridge at once (the bridge announces the
-- port's leaving first, as family AF_BRIDGE: not the device's own end)
assert(net.link_add("net1", { name = "br0", type = "bridge", up = true }))
for i = 1, 5 do
  assert(net.link_add("net1", { name = "p" .. i, type = "veth", peer = "q" .. i, up = true }))
  assert(net.link_set("net1", "p" .. i, { master = "br0" }))
end
for i = 1, 5 do t.ok(net.link_del("net1", "p" .. i), "port p" .. i .. " deleted") end
local ports, pcode = t.nsh("net1", "ip -o link show master br0; ip -o link show | grep -c ' q[1-5]@' || true")
t.is(pcode == 0 and ports, "0\n", "and at once the bridge has no port left, nor are their peers there")
t.ok(net.link_del("net1", "br0"), "the bridge deleted")

-- the lower device of a macvlan in another namespace: its child goes with it
local _, mcode = t.nsh("net1", "ip link add d0 type veth peer name d1 && ip link add m0 link d0 type macvlan && " ..
  "ip link set m0 netns net2")
if mcode == 0 then
  t.ok(net.link_del("net1", "d0"), "a macvlan's lower device deleted")
  local _, gone = t.nsh("net2", "ip link show m0")
  t.ok(gone ~= 0, "and at once its child in net2 is gone too")
else
  t.ok(true, "# SKIP no macvlan here")
end

-- a batch (net.link_del_many, reset's): returns once every device of the
-- group was announced gone; at once the real `ip` finds none of them
local batch_left = {}
for round = 1, 5 do
  local names = {}
  for i = 1, 4 do
    assert(net.link_add("net1", { name = "b" .. i, type = "veth", peer = "c" .. i, peer_ns = "net2", up = true }))
    assert(net.addr_add("net1", "b" .. i, "10.1." .. i .. ".1/24"))
    names[#names + 1] = "b" .. i
  end
  local ok, err = net.link_del_many("net1", names)
  local l1 = t.nsh("net1", "ip -o link show; ip -o addr show; ip route show")
  local l2 = t.nsh("net2", "ip -o link show")
  if not ok or l1:find("b%d") or l1:find("10%.1%.") or l2:find("c%d") then
    batch_left[#batch_left + 1] = "round " .. round .. ": " .. tostring(err) .. "\n" .. l1 .. l2
  end
end
t.is(table.concat(batch_left, "\n"), "", "5 batches of 4: link_del_many returned, and at once `ip` found none of " ..
  "them, nor their peers, addresses or routes")

-- no announcement, only the answer: the fallback tunnel a namespace gets where
-- the ipip module is loaded is kept by the kernel, which answers 0 all the
-- same (ipip_tunnel_dellink skips it), as the real `ip link del tunl0` shows
local tunl = t.nsh("net1", "ip -o link show tunl0")
if tunl ~= "" then
  local _, real = t.nsh("net2", "ip link del tunl0")
  local ok, err = net.link_del("net1", "tunl0")
  t.is(ok == true, real == 0, "tunl0 (the fallback tunnel): link_del answers as `ip link del` does (" ..
    tostring(real) .. "), from the kernel's answer", err)
  t.like(t.nsh("net1", "ip -o link show tunl0"), "tunl0", "and it is still there")
  -- in a batch with a device that goes: the answer, and the one kept gets its group back
  assert(net.link_add("net1", { name = "b9", type = "veth", peer = "c9" }))
  ok, err = net.link_del_many("net1", { "tunl0", "b9" })
  t.ok(ok, "a batch with tunl0 and b9 answers", err)
  t.is(t.nsh("net1", "ip -o link show b9"), "", "b9 is gone")
  t.like(t.nsh("net1", "ip -d link show tunl0"), "group default", "tunl0 is kept, back in its group")
else
  t.ok(true, "# SKIP no ipip module loaded: no fallback tunnel")
end

-- bad input changes nothing
local ok, err = net.link_del("net1", "nosuch")
t.ok(not ok and tostring(err):find("no such device"), "an unknown device: the one-line error", err)
ok, err = net.link_del("nosuchns", "v1")
t.ok(not ok and err, "an unknown namespace: an error", err)

assert(net.ns_del("net1"))
assert(net.ns_del("net2"))
t.done()
