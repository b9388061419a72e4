#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/21-link-bridge.lua -- bridges: STP off by default (on when asked), enslave and
release ports, port state as `ip -d link` shows it, a bridge joining two
namespaces with a real ping that succeeds first time after links_settle, and
enslave mistakes that must not detach a port. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local O = dofile(os.getenv("TESTLIB") .. "/link_oracle.lua")
local net = require("netlearn.core")

assert(net.ns_add("a"))
assert(net.ns_add("b"))

t.ok(net.link_add(nil, { name = "br0", type = "bridge" }), "bridge br0")
local br = O.check_link(t, "", "br0")
t.is(br and br.stp, false, "STP off by default")
t.ok(net.link_add(nil, { name = "br1", type = "bridge", stp = true, mtu = 1400 }), "bridge br1 with STP")
br = O.check_link(t, "", "br1")
t.is(br and br.stp, true, "STP on when asked")
t.is(br and br.mtu, 1400, "mtu at creation")

for _, n in ipairs({ "a", "b" }) do
  assert(net.link_add(n, { name = "eth0", type = "veth", peer = "ve-" .. n, peer_ns = "", up = true }))
  t.ok(net.link_set(nil, "ve-" .. n, { master = "br0", up = true }), "enslave ve-" .. n .. " to br0")
end
assert(net.link_set(nil, "br0", { up = true }))
t.ok(net.links_settle({ "", "a", "b" }, 3), "links settle")
local p = O.check_link(t, "", "ve-a", "port ve-a")
t.is(p and p.master, "br0", "ve-a's master")
t.is(p and p.port_state, "forwarding", "ve-a forwarding (STP off)")
O.check_link(t, "", "br0", "br0 with ports")

-- release and enslave again
t.ok(net.link_set(nil, "ve-b", { master = false }), "release ve-b")
p = O.check_link(t, "", "ve-b", "released ve-b")
t.is(p and p.master, nil, "no master after release")
t.ok(net.link_set(nil, "ve-b", { master = "br0" }), "enslave ve-b again")

-- enslave mistakes leave the port where it was
t.fails("no such device in the host", "master that does not exist",
  net.link_set(nil, "ve-a", { master = "br9" }))
t.is(net.link_get(nil, "ve-a").master, "br0", "ve-a still on br0 (the kernel would have detached it)")
t.fails("cannot be a master", "a veth as master",
  net.link_set(nil, "ve-a", { master = "ve-b" }))
t.is(net.link_get(nil, "ve-a").master, "br0", "ve-a still on br0")
t.fails("its own master", "bridge as its own master", net.link_set(nil, "br0", { master = "br0" }))
t.fails("port of another bridge", "bridge in a bridge", net.link_set(nil, "br1", { master = "br0" }))

-- traffic through the bridge, first ping right after building
assert(net.addr_add("a", "eth0", "10.1.1.1/24"))
assert(net.addr_add("b", "eth0", "10.1.1.2/24"))
t.ok(net.links_settle({ "", "a", "b" }, 3), "settled after re-enslave")
t.ok(O.ping(t, "a", "10.1.1.2"), "a pings b through br0 on the first try")
t.ok(O.ping(t, "b", "10.1.1.1"), "b pings a")

-- a port on a down bridge: settle has nothing to wait for
assert(net.link_add(nil, { name = "x0", type = "veth", peer = "x1", up = true }))
assert(net.link_set(nil, "x1", { up = true, master = "br1" }))
t.ok(net.links_settle(nil, 2), "settle ignores ports of a bridge that is down")
-- STP on and the bridge up: ports listen/learn for 2 x forward delay; settle says so
assert(net.link_set(nil, "br1", { up = true }))
local ok, msg = net.links_settle(nil, 0.3)
t.ok(ok == nil and msg and msg:find("STP is on"), "settle times out with STP on and says why", msg)

t.ok(net.link_del(nil, "br0"), "delete br0")
t.ok(net.link_get(nil, "ve-a") and not net.link_get(nil, "ve-a").master, "its ports stay, released")
t.done()
