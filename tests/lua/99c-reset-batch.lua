#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- The cheap reset (issue 22): net.link_del_many deletes the host's devices in
-- one kernel batch (a device group: the kernel's RCU waits once, not once a
-- device) and leaves every device it was not asked for as it was; a policy
-- already set is not committed again (each base chain update costs the kernel
-- a grace period, and reset sets all three); the host's sysctls are read with
-- four listings. The lab after the reset is the fresh one all the same.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local net = require("netlearn.core")
local lab = require("netlearn.cmd.lab")

local function names(ns)
  local out = {}
  for _, l in ipairs(assert(net.link_list(ns))) do out[#out + 1] = l.name .. "/" .. tostring(l.group) end
  table.sort(out)
  return table.concat(out, " ")
end

-- a bridge with two ports, their peers in two namespaces, and a bystander
local function build()
  assert(net.ns_add("n1") and net.ns_add("n2"))
  assert(net.link_add("", { name = "br0", type = "bridge", up = true }))
  assert(net.link_add("", { name = "br1", type = "bridge" }))
  for i, n in ipairs({ "n1", "n2" }) do
    assert(net.link_add("", { name = "p" .. i, type = "veth", peer = "e" .. i }))
    assert(net.link_set("", "e" .. i, { netns = n }))
    assert(net.link_set("", "p" .. i, { master = "br0", up = true }))
  end
end

build()
t.ok(net.link_del_many("", { "br0", "p1", "p2", "gone0" }), "link_del_many: one call for the bridge and its ports")
t.is(names(""), "br1/default lo/default", "the named devices are gone; br1, not named, keeps its group")
t.is(names("n1") .. " | " .. names("n2"), "lo/default | lo/default", "and the veth peers went with them")
t.ok(net.link_del_many("", {}), "an empty list deletes nothing")
t.fails("^lo: the loopback device cannot be deleted", "lo is refused", net.link_del_many("", { "lo" }))
t.fails("^link_del_many: entry 2 is not a device name", "an entry that is not a name is refused",
  net.link_del_many("", { "br1", 7 }))
t.ok(net.link_get("", "br1") ~= nil, "(and nothing was deleted then)")
assert(net.link_del("", "br1"))
assert(net.ns_del("n1") and net.ns_del("n2"))

-- chain_policy: a policy already set is not committed again, and still read back right
local function policies(ns)
  local out = {}
  for _, c in ipairs(assert(net.nft_list(ns)).chains) do out[#out + 1] = c.chain .. "=" .. c.policy end
  table.sort(out)
  return table.concat(out, " ")
end
assert(net.ns_add("fw"))
t.ok(net.chain_policy("fw", "FORWARD", "ACCEPT"), "ACCEPT on a namespace without the chain makes it")
t.is(policies("fw"), "FORWARD=ACCEPT", "with policy ACCEPT")
t.ok(net.chain_policy("fw", "FORWARD", "ACCEPT"), "ACCEPT again: nothing to commit, still true")
t.is(policies("fw"), "FORWARD=ACCEPT", "and still ACCEPT")
t.ok(net.chain_policy("fw", "FORWARD", "DROP") and policies("fw") == "FORWARD=DROP", "DROP is committed")
t.ok(net.chain_policy("fw", "FORWARD", "ACCEPT") and policies("fw") == "FORWARD=ACCEPT", "and ACCEPT again")
assert(net.ns_del("fw"))

-- reset of that lab: only lo in the host, the chains at ACCEPT, no namespace
build()
assert(net.chain_policy("", "INPUT", "DROP"))
local fwd, rpf = net.sysctl_get("", "net.ipv4.ip_forward"), net.sysctl_get("", "net.ipv4.conf.all.rp_filter")
assert(net.sysctl_set("", "net.ipv4.ip_forward", fwd == "1" and "0" or "1"))
assert(net.sysctl_set("", "net.ipv4.conf.all.rp_filter", rpf == "2" and "1" or "2"))
local r = lab.reset_lab()
t.is(net.sysctl_get("", "net.ipv4.ip_forward") .. " " .. net.sysctl_get("", "net.ipv4.conf.all.rp_filter"),
  fwd .. " " .. rpf, "the host's sysctls back (read by listing, not one by one)")
t.is(#r.errors, 0, "reset: no error", table.concat(r.errors, "; "))
t.is(names(""), "lo/default", "only lo in the host")
t.is(policies(""), "FORWARD=ACCEPT INPUT=ACCEPT OUTPUT=ACCEPT", "the filter chains at ACCEPT")
t.is(#assert(net.ns_list()), 0, "no namespace left")
local seen = {}
for _, n in ipairs(r.links) do seen[#seen + 1] = n end
table.sort(seen)
t.like(table.concat(seen, " "), "^br0 br1", "the report names the devices the reset deleted")
t.done()
