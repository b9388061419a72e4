#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/20d-ns-keep.lua -- net.ns_del(name, {keep = true}), what reset
uses: the name goes at once, as with a plain ns_del (listings, the real `ip
netns`, the name free to be made again), while the namespace itself is kept
alive (an fd of it) until net.ns_release_kept or the next reset, so that the
kernel does not tear it down while a lab is built again. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local net = require("netlearn.core")

-- What is kept is seen through a veth: one end in k1, its peer in obs, a
-- namespace that stays. A namespace torn down takes its veth ends, and their
-- peers go with them; one kept keeps them.
local function peer_in_obs()
  return t.nsh("obs", "ip -o link show vb 2>/dev/null"):find("vb", 1, true) ~= nil
end
local function gone_within(s)
  for _ = 1, s * 20 do
    if not peer_in_obs() then return true end
    net.sleep(0.05)
  end
  return false
end

net.ns_release_kept()
assert(net.ns_add("obs"))
assert(net.ns_add("k1"))
local _, code = t.nsh("k1", "ip link add va type veth peer name vb netns obs")
assert(code == 0)
t.ok(net.ns_del("k1", { keep = true }), "ns_del k1, kept")
t.is(#assert(net.ns_list()), 1, "the name k1 is gone at once from netlearn's listing (obs is left)")
t.is(t.sh("ip netns list"):gsub(" %b()", ""), "obs\n", "and from the real `ip netns list`")
net.sleep(0.3)
t.ok(peer_in_obs(), "k1 itself is kept: its veth's peer vb is still in obs 0.3 s later")
t.ok(net.ns_add("k1"), "the name k1 is free at once: a new namespace")
t.is(t.nsh("k1", "ip -o link show | grep -c ' va@' || true"), "0\n", "a new one, without the old one's veth")
t.ok(net.ns_del("k1"), "a plain ns_del of the new k1")
net.ns_release_kept()
t.ok(gone_within(5), "ns_release_kept lets the old k1 go: vb goes with it")

-- the same without keep: the peer goes by itself
assert(net.ns_add("k2"))
local _, c2 = t.nsh("k2", "ip link add va type veth peer name vb netns obs")
assert(c2 == 0)
t.ok(net.ns_del("k2"), "ns_del k2, not kept")
t.ok(gone_within(5), "its veth's peer in obs goes (the kernel tears k2 down)")
assert(net.ns_del("obs"))

-- reset deletes the lab's namespaces with keep, and lets them go at the next
local lab = require("netlearn.cmd.lab")
assert(net.ns_add("r1"))
assert(net.ns_add("r2"))
local r = lab.reset_lab()
t.is(#r.errors, 0, "reset: no error", table.concat(r.errors, "; "))
t.is(#assert(net.ns_list()), 0, "reset: no namespace is left by name")
r = lab.reset_lab()
t.is(#r.errors, 0, "the next reset: no error", table.concat(r.errors, "; "))

-- bad input: one error, nothing changed
assert(net.ns_add("k3"))
t.ok(not pcall(net.ns_del, "k3", "keep"), "options that are not a table raise")
t.ok(net.ns_exists("k3"), "and k3 is still there")
local ok, err = net.ns_del("nosuch", { keep = true })
t.ok(not ok and tostring(err):find("no such namespace"), "an unknown name: the one-line error", err)
assert(net.ns_del("k3"))
t.done()
