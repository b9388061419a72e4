#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/24-link-errors.lua -- bad input to every link and address function: one clear
line naming the problem, an errno, and nothing changed (the real `ip -o link`
and `ip -o addr` in the host and in net1 are the same before and after).
Wrong argument types raise. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local O = dofile(os.getenv("TESTLIB") .. "/link_oracle.lua")
local net = require("netlearn.core")

assert(net.ns_add("net1"))
assert(net.link_add("net1", { name = "veth0", type = "veth", peer = "veth1", peer_ns = "", up = true }))
assert(net.link_set("", "veth1", { up = true }))
assert(net.link_add("net1", { name = "other", type = "veth", peer = "other1" }))
assert(net.link_add("", { name = "br0", type = "bridge" }))
assert(net.link_add("", { name = "other", type = "bridge" }))
assert(net.addr_add("net1", "veth0", "192.167.2.1/24"))
assert(net.links_settle({ "", "net1" }, 3))

local function bad(pat, name, f, ...)
  local before = O.snapshot(t, { "", "net1" })
  local r, msg, e = f(...)
  t.fails(pat, name, r, msg, e)
  t.is(O.snapshot(t, { "", "net1" }), before, name .. ": nothing changed")
end

local function raises(name, f, ...)
  local ok, err = pcall(f, ...)
  t.ok(not ok, name .. " raises", tostring(err))
end

local A, S, D = net.link_add, net.link_set, net.link_del
-- link_add: names
bad("^veth0123456789abc: name longer than 15 bytes$", "overlong name", A, "net1", { name = "veth0123456789abc", type = "veth", peer = "p" })
bad("not a valid device name", "name with a slash", A, "net1", { name = "a/b", type = "veth" })
bad("not a valid device name", "empty name", A, "net1", { name = "", type = "veth" })
bad("not a valid device name", "name with a space", A, "net1", { name = "a b", type = "veth" })
bad("name= is required", "no name", A, "net1", { type = "veth" })
bad("type= is required", "no type", A, "net1", { name = "x0" })
bad("unknown device type 'vethx'", "unknown type", A, "net1", { name = "x0", type = "vethx" })
bad("^net2: no such namespace$", "unknown namespace", A, "net2", { name = "x0", type = "veth" })
bad("^net2: no such namespace$", "unknown peer namespace", A, "net1", { name = "x0", type = "veth", peer = "x1", peer_ns = "net2" })
bad("veth0: a device with this name already exists in namespace net1", "duplicate name", A, "net1", { name = "veth0", type = "veth", peer = "zz" })
bad("veth1: a device with this name already exists in the host %(peer=%)", "veth whose peer name exists",
  A, "net1", { name = "x0", type = "veth", peer = "veth1", peer_ns = "" })
bad("other: a device with this name already exists in namespace net1", "peer name exists in the same namespace",
  A, "net1", { name = "x0", type = "veth", peer = "other" })
bad("name longer than 15 bytes", "overlong peer name", A, "net1", { name = "x0", type = "veth", peer = "peer0123456789abc" })
bad("need different names", "both ends the same name", A, "net1", { name = "x0", type = "veth", peer = "x0" })
bad("unknown field 'peer_name' %(known fields: name, type, peer,", "misspelt option", A, "net1", { name = "x0", type = "veth", peer_name = "x1" })
bad("peer=, peer_ns= and peer_address= are for type veth only", "peer on a bridge", A, "net1", { name = "x0", type = "bridge", peer = "x1" })
-- link_add: MAC, parents, modes, tunnels
bad("^02:00:00:00:00: not a MAC address", "short MAC", A, "net1", { name = "x0", type = "veth", address = "02:00:00:00:00" })
bad("not a MAC address", "MAC with bad hex", A, "net1", { name = "x0", type = "veth", address = "02:00:00:00:00:zz" })
bad("^02:zz:00:00:00:01: not a MAC address", "bad peer MAC", A, "net1", { name = "x0", type = "veth", peer = "x1", peer_address = "02:zz:00:00:00:01" })
bad("multicast MAC", "multicast MAC", A, "net1", { name = "x0", type = "veth", address = "01:00:5e:00:00:01" })
bad("needs a parent device: link=DEV", "macvlan without parent", A, "net1", { name = "mv0", type = "macvlan" })
bad("^eth9: no such device in namespace net1", "macvlan with unknown parent", A, "net1", { name = "mv0", type = "macvlan", link = "eth9" })
bad("unknown macvlan mode 'bridged'", "bad macvlan mode", A, "net1", { name = "mv0", type = "macvlan", link = "veth0", mode = "bridged" })
bad("unknown ipvlan mode 'l4'", "bad ipvlan mode", A, "net1", { name = "iv0", type = "ipvlan", link = "veth0", mode = "l4" })
bad("needs its VNI", "vxlan without id", A, "net1", { name = "vx0", type = "vxlan" })
bad("VNI 16777216 out of range", "vxlan id too big", A, "net1", { name = "vx0", type = "vxlan", id = 16777216 })
bad("^10.0.0.300: not an IPv4 address$", "vxlan bad remote", A, "net1", { name = "vx0", type = "vxlan", id = 1, remote = "10.0.0.300" })
bad("group= must be a multicast address", "vxlan unicast group", A, "net1", { name = "vx0", type = "vxlan", id = 1, group = "10.0.0.1", link = "veth0" })
bad("a multicast group needs a device", "vxlan group without dev", A, "net1", { name = "vx0", type = "vxlan", id = 1, group = "239.0.0.1" })
bad("dstport 70000 out of range", "vxlan port too big", A, "net1", { name = "vx0", type = "vxlan", id = 1, dstport = 70000 })
bad("ttl 300 out of range", "ipip ttl too big", A, "net1", { name = "t0", type = "ipip", ttl = 300 })
bad("remote= is for vxlan and ipip tunnels only", "remote on a veth", A, "net1", { name = "x0", type = "veth", remote = "1.2.3.4" })
-- the kinds' own fields, from the C table (src/kind.c): lists name every kind that takes them
bad("unknown device type 'vethx' %(use veth, bridge, macvlan, ipvlan, vxlan, ipip, dummy or vlan%)$", "unknown type: the kinds listed",
  A, "net1", { name = "x0", type = "vethx" })
bad("mode= is for macvlan and ipvlan only", "mode on a vlan", A, "net1", { name = "x0", type = "vlan", link = "veth0", id = 5, mode = "l2" })
bad("link= %(a parent device%) is for macvlan, ipvlan, vxlan, ipip and vlan$", "link on a bridge", A, "net1", { name = "x0", type = "bridge", link = "veth0" })
bad("x0: a vlan needs a parent device: link=DEV", "vlan without parent", A, "net1", { name = "x0", type = "vlan", id = 5 })
bad("x0: a vlan needs its id: id=N %(0%-4094%)", "vlan without id", A, "net1", { name = "x0", type = "vlan", link = "veth0" })
bad("x0: a vlan needs its id: id=N %(0%-4094%)", "vlan id 4095", A, "net1", { name = "x0", type = "vlan", link = "veth0", id = 4095 })
bad("x0: dstport= is for type vxlan only", "dstport on a vlan", A, "net1", { name = "x0", type = "vlan", link = "veth0", id = 5, dstport = 1 })
bad("x0: id= and dstport= are for type vxlan only", "id on a veth", A, "net1", { name = "x0", type = "veth", id = 5 })
bad("x0: unknown macvlan mode 'source' %(use private, vepa, bridge or passthru%)", "macvlan mode source: not created",
  A, "net1", { name = "x0", type = "macvlan", link = "veth0", mode = "source" })
-- link_set / link_del / link_get
bad("^veth9: no such device in namespace net1$", "set on unknown device", S, "net1", "veth9", { up = true })
bad("^veth9: no such device in the host$", "unknown device in the host", S, "", "veth9", { up = true })
bad("^net2: no such namespace$", "set in unknown namespace", S, "net2", "veth0", { up = true })
bad("mtu 70000 out of range 68%-65535", "mtu too big", S, "net1", "veth0", { mtu = 70000 })
bad("mtu 20 out of range", "mtu too small", S, "net1", "veth0", { mtu = 20 })
bad("not a MAC address", "set bad MAC", S, "net1", "veth0", { address = "zz:00:00:00:00:00" })
bad("other: a device with this name already exists in namespace net1", "rename onto an existing name", S, "net1", "veth0", { up = false, name = "other" })
bad("name longer than 15 bytes", "rename too long", S, "net1", "veth0", { up = false, name = "eth0123456789abcd" })
bad("^net2: no such namespace$", "move to unknown namespace", S, "net1", "veth0", { netns = "net2" })
bad("other: a device with this name already exists in the host; rename it", "move onto a name taken there", S, "net1", "other", { netns = "" })
bad("br0: cannot move it to namespace net1: a bridge stays in the namespace it was made in", "a bridge cannot move", S, "", "br0", { netns = "net1" })
bad("unknown field 'state' %(known fields: up, mtu,", "misspelt set option", S, "net1", "veth0", { state = "up" })
bad("^veth9: no such device in namespace net1$", "delete unknown device", D, "net1", "veth9")
bad("loopback device cannot be deleted", "delete lo", D, "net1", "lo")
bad("^veth9: no such device in namespace net1$", "get unknown device", net.link_get, "net1", "veth9")
bad("^net2: no such namespace$", "list unknown namespace", net.link_list, "net2")
bad("^net2: no such namespace$", "settle unknown namespace", net.links_settle, "net2")
-- addresses
bad("^192.167.2.300/24: not an IPv4 prefix", "bad CIDR", net.addr_add, "net1", "veth0", "192.167.2.300/24")
bad("^10.0.0.1/33: not an IPv4 prefix", "prefix length 33", net.addr_add, "net1", "veth0", "10.0.0.1/33")
bad("not an IPv4 prefix", "junk after prefix", net.addr_add, "net1", "veth0", "10.0.0.1/24x")
bad("not an IPv4 prefix", "three-part address", net.addr_add, "net1", "veth0", "10.0.1/24")
bad("^veth9: no such device in namespace net1$", "address on unknown device", net.addr_add, "net1", "veth9", "10.0.0.1/24")
bad("^net2: no such namespace$", "address in unknown namespace", net.addr_add, "net2", "veth0", "10.0.0.1/24")
bad("already on veth0", "duplicate address", net.addr_add, "net1", "veth0", "192.167.2.1/24")
bad("must begin with the device name", "label not starting with the device", net.addr_add, "net1", "veth0", "10.0.0.1/24", { label = "eth0:1" })
bad("unknown scope", "bad scope", net.addr_add, "net1", "veth0", "10.0.0.1/24", { scope = "planet" })
bad("not an IPv4 broadcast address", "bad broadcast", net.addr_add, "net1", "veth0", "10.0.0.1/24", { broadcast = "10.0.0" })
bad("no such address on veth0 in namespace net1", "delete an absent address", net.addr_del, "net1", "veth0", "10.9.9.9/24")
bad("not an IPv4 prefix", "delete a bad prefix", net.addr_del, "net1", "veth0", "10.9.9/24")
bad("^veth9: no such device in namespace net1$", "list addresses of unknown device", net.addr_list, "net1", "veth9")
bad("unknown family", "flush bad family", net.addr_flush, "net1", "veth0", { family = "ipx" })
-- wrong argument types raise
raises("link_add spec not a table", A, "net1", "veth0")
raises("link_add namespace a table", A, {}, { name = "x0", type = "veth" })
raises("link_add mtu not a number", A, "net1", { name = "x0", type = "veth", mtu = "big" })
raises("link_add name not a string", A, "net1", { name = {}, type = "veth" })
raises("link_set options not a table", S, "net1", "veth0", "up")
raises("link_set master a number", S, "net1", "veth0", { master = 42 })
raises("link_set master=true", S, "net1", "veth0", { master = true })
raises("link_del device missing", D, "net1")
raises("addr_add device a table", net.addr_add, "net1", {}, "10.0.0.1/24")
raises("addr_add options not a table", net.addr_add, "net1", "veth0", "10.0.0.1/24", "brd")
raises("links_settle timeout not a number", net.links_settle, "net1", "soon")
-- The field names are listed twice: C's guard (l_link.c's known[], which
-- words an unknown field) and linkspec's typed tables (which decide what Lua
-- checks). They must be the same names.
do
  local cnet = require("netlearn.cnet")
  local linkspec = require("netlearn.linkspec")
  local function c_fields(_, msg)
    local set = {}
    for f in tostring(msg):match("%(known fields: (.-)%)"):gmatch("[^, ]+") do set[#set + 1] = f end
    table.sort(set)
    return table.concat(set, " ")
  end
  local function lua_fields(tbl)
    local set = {}
    for k in pairs(tbl) do set[#set + 1] = k end
    table.sort(set)
    return table.concat(set, " ")
  end
  t.is(c_fields(cnet.link_add("net1", { name = "x", bogus = 1 })), lua_fields(linkspec.FIELDS),
    "link_add: C's known fields are linkspec.FIELDS")
  t.is(c_fields(cnet.link_set("net1", "lo", { bogus = 1 })), lua_fields(linkspec.SET_FIELDS),
    "link_set: C's known fields are linkspec.SET_FIELDS")
end
t.done()
