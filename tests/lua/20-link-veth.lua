#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/20-link-veth.lua -- veth pairs: creation with each end's name and namespace,
the details `ip -j -d link` shows, up/down, mtu, MAC, rename, move, delete, and
a real ping between two namespaces joined by a veth pair after links_settle. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local O = dofile(os.getenv("TESTLIB") .. "/link_oracle.lua")
local net = require("netlearn.core")

assert(net.ns_add("net1"))
assert(net.ns_add("net2"))

-- a pair inside the host: the peer's name is resolved
t.ok(net.link_add(nil, { name = "v0", type = "veth", peer = "v1", address = "02:00:00:00:00:a0",
  peer_address = "02:00:00:00:00:a1" }), "veth pair in the host, both MACs chosen")
t.is(net.link_get(nil, "v0").address, "02:00:00:00:00:a0", "v0's MAC")
t.is(net.link_get(nil, "v1").address, "02:00:00:00:00:a1", "v1's MAC (peer_address)")
local v0 = O.check_link(t, "", "v0")
t.is(v0 and v0.link, "v1", "v0's peer named")
t.is(v0 and v0.type, "veth", "type veth")
O.check_link(t, "", "v1")

-- up on one end only: M-DOWN / NO-CARRIER like ip shows
t.ok(net.link_set(nil, "v0", { up = true }), "v0 up")
t.ok(net.links_settle(nil, 3), "settled with v0 up, v1 down")
O.check_link(t, "", "v0", "v0 up, peer down")
t.ok(net.link_set(nil, "v1", { up = true }), "v1 up")
t.ok(net.links_settle(nil, 3), "settled")
local l = O.check_link(t, "", "v0", "v0 both up")
t.is(l and l.operstate, "UP", "operstate UP once both ends are up")

-- each end in its own namespace, chosen at creation, in one call
t.ok(net.link_add("net1", { name = "veth1", type = "veth", peer = "veth2", peer_ns = "net2", up = true }),
  "veth1 in net1, veth2 in net2")
t.ok(net.links_settle({ "net1", "net2" }, 3), "settled (veth1 up without carrier)")
local a = O.check_link(t, "net1", "veth1")
local b = O.check_link(t, "net2", "veth2")
t.is(a and a.peer_ns, "net2", "veth1's peer namespace mapped from its netnsid")
t.is(a and a.peer_name, "veth2", "veth1's peer name found in net2")
t.is(b and b.peer_ns, "net1", "veth2's peer namespace")
t.is(a and a.up, true, "up=true applied to the first end")
t.is(b and b.up, false, "the peer stays down")
t.is(net.link_get("", "veth1"), nil, "nothing named veth1 in the host")

-- a veth whose main end lives in a namespace and peer in the host
t.ok(net.link_add("net1", { name = "h1", type = "veth", peer = "h0", peer_ns = "" }), "peer in the host")
local h1 = net.link_get("net1", "h1")
t.is(h1 and h1.peer_ns, "", "peer_ns \"\" means the host")
t.is(h1 and h1.peer_name, "h0", "host peer named")

-- addresses and a real ping between net1 and net2
assert(net.link_set("net2", "veth2", { up = true }))
assert(net.link_set("net1", "lo", { up = true }))
assert(net.addr_add("net1", "veth1", "192.167.2.1/24"))
assert(net.addr_add("net2", "veth2", "192.167.2.2/24"))
t.ok(net.links_settle({ "net1", "net2" }, 3), "links settle in net1 and net2")
t.ok(O.ping(t, "net1", "192.167.2.2"), "real ping net1 -> net2 over the veth pair, first try")
t.ok(O.ping(t, "net2", "192.167.2.1"), "real ping net2 -> net1")

-- mtu, MAC
t.ok(net.link_set("net1", "veth1", { mtu = 1400, address = "02:11:22:33:44:55" }), "mtu and MAC")
l = O.check_link(t, "net1", "veth1", "after mtu/MAC")
t.is(l and l.mtu, 1400, "mtu 1400")
t.is(l and l.address, "02:11:22:33:44:55", "MAC set")

-- rename while up: older kernels refuse (EBUSY), 6.9+ allow it; either way clear
local ok, msg = net.link_set("net1", "veth1", { name = "eth0" })
if ok then
  O.check_link(t, "net1", "eth0", "renamed while up (this kernel allows it)")
  assert(net.link_set("net1", "eth0", { name = "veth1" }))
else
  t.like(msg, "set it down first", "rename while up refused with a hint")
end
t.ok(net.link_set("net1", "veth1", { up = false }), "down")
t.ok(net.link_set("net1", "veth1", { name = "eth0" }), "renamed to eth0")
t.ok(net.link_get("net1", "eth0") and not net.link_get("net1", "veth1"), "only the new name exists")
O.check_link(t, "net1", "eth0")
-- down and rename in one call works too
t.ok(net.link_set("net2", "veth2", { up = false, name = "eth0" }), "down + rename in one call")
O.check_link(t, "net2", "eth0")

-- move to another namespace (and rename while moving)
t.ok(net.link_set("", "v1", { netns = "net1", name = "moved" }), "move v1 to net1 as 'moved'")
t.ok(not net.link_get("", "v1"), "v1 left the host")
l = O.check_link(t, "net1", "moved")
t.is(l and l.peer_ns, "", "moved's peer is in the host")
local v = O.check_link(t, "", "v0", "v0 after its peer moved")
t.is(v and v.peer_ns, "net1", "v0's peer now in net1")

-- list is ordered by ifindex and matches ip's list
local list = net.link_list("net1")
local ip = t.json(t.nsh("net1", "ip -j link show"))
t.is(#list, #ip, "link_list has as many links as ip")
local same = true
for i = 1, #ip do
  if not list[i] or list[i].name ~= ip[i].ifname or list[i].ifindex ~= ip[i].ifindex then same = false end
end
t.ok(same, "link_list order and names match ip")

-- delete: both ends go
t.ok(net.link_del("net1", "moved"), "delete one end")
t.ok(not net.link_get("", "v0"), "the other end went with it")
t.ok(net.link_del("net1", "eth0"), "delete eth0 (was veth1)")
t.ok(not net.link_get("net2", "eth0"), "its peer in net2 went too")
t.done()
