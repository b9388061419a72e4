#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/22b-link-vlan.lua -- the vlan kind (802.1Q), added as one unit
(src/kind_vlan.c + lua/netlearn/kinds/vlan.lua): `ip link add link DEV name
DEV.10 type vlan id 10` through netlearn's own ip, checked against the real
`ip -d link` (text and JSON) and net.link_get; two namespaces talk over vlan 10
of one veth pair, and a vlan 20 on the far end hears nothing of vlan 10; bad
lines get one error and a hint and change nothing. A kernel without vlan
(CONFIG_VLAN_8021Q, module 8021q) skips, but only when netlearn's own words
say so; the stock-kernel suite (tests/90) runs it where the kernel has it. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local O = dofile(os.getenv("TESTLIB") .. "/link_oracle.lua")
local L = dofile(os.getenv("TESTLIB") .. "/ip_cmd.lua")
local net = require("netlearn.core")

assert(net.link_add(nil, { name = "p0", type = "veth", peer = "p1", up = true }))
do
  local ok, e = net.link_add(nil, { name = "vtest", type = "vlan", link = "p0", id = 99 })
  if not ok then
    -- skip only when netlearn itself names the missing kernel option
    if tostring(e):find("vlan devices need a kernel with CONFIG_VLAN_8021Q (module 8021q)", 1, true) then
      t.skip_all("no vlan in this kernel (CONFIG_VLAN_8021Q, module 8021q); tests/90 runs this in the VM")
    end
    t.ok(false, "a vlan on p0 through net.link_add", e)
    t.done()
  end
  assert(net.link_del(nil, "vtest"))
end

local function nl(line, ns)
  local st, out, err = L.nl(line, ns)
  t.is(st, 0, line, err)
  return out
end

-- made through netlearn's ip, seen by the real ip
nl("ip link add link p0 name p0.10 type vlan id 10")
local ours, ip = O.check_link(t, "", "p0.10")
local d = ip and ip.linkinfo and ip.linkinfo.info_data or {}
t.is(ip and ip.linkinfo and ip.linkinfo.info_kind, "vlan", "the real ip: kind vlan")
t.is(d.id, 10, "the real ip: id 10")
t.is(d.protocol, "802.1Q", "the real ip: protocol 802.1Q")
t.is(ours and ours.id, 10, "net.link_get: id 10")
t.is(ours and ours.protocol, "802.1Q", "net.link_get: protocol 802.1Q")
t.is(ours and ours.link, "p0", "net.link_get: parent p0")
t.is(table.concat(ours and ours.vlan_flags or {}, ","), table.concat(d.flags or {}, ","), "vlan flags as the real ip")

-- `ip -d link show`: netlearn's vlan line is the real ip's, up to the words
-- iproute2 adds for every device (addrgenmode, numtxqueues, ...)
local mine = nl("ip -d link show p0.10")
local real = select(2, L.real("ip -d link show p0.10"))
local my_line = mine:match("\n(    vlan [^\n]*)")
local real_line = real:match("\n(    vlan [^\n]*)")
t.is(my_line, "    vlan protocol 802.1Q id 10 <REORDER_HDR> ", "ip -d link: the vlan line", mine)
t.ok(my_line and real_line and real_line:sub(1, #my_line) == my_line, "ip -d link: the real ip's vlan line starts the same",
  tostring(real_line))
t.like(mine, "^%d+: p0%.10@p0: ", "ip -d link: DEV@PARENT")
local j = t.json(nl("ip -d -j link show p0.10"))
local jd = j and j[1] and j[1].linkinfo and j[1].linkinfo.info_data or {}
t.is(j and j[1] and j[1].linkinfo.info_kind, "vlan", "ip -d -j: info_kind")
t.is(jd.protocol, d.protocol, "ip -d -j: protocol as the real ip")
t.is(jd.id, d.id, "ip -d -j: id as the real ip")
t.is(table.concat(jd.flags or {}, ","), table.concat(d.flags or {}, ","), "ip -d -j: flags as the real ip")

-- bad lines: one error and a hint, nothing changed; the kernel's own refusals in its words
local before = O.snapshot(t, { "" })
for _, c in ipairs({
  { "ip link add link p0 name p0.11 type vlan", true },             -- no id
  { "ip link add link p0 name p0.11 type vlan id 4095", true },     -- reserved
  { "ip link add link p0 name p0.11 type vlan id ten", false },
  { "ip link add name p0.11 type vlan id 11", false },              -- no parent
  { "ip link add link p0 name p0.11 type vlan id 11 mode x", false },
  { "ip link set p0.10 type vlan id 12", false },                   -- no changes in place
}) do
  local st, out, err = L.nl(c[1])
  t.ok(st ~= 0 and out == "" and err:match("^[^\n]+\nhint: [^\n]+\n?$"), "one error and a hint: " .. c[1], err)
  if c[2] then
    local rs, ro = L.real(c[1] .. " 2>&1 >/dev/null")
    t.is(err:match("^[^\n]*"), ro:match("^[^\n]*"), "iproute2's words: " .. c[1])
    t.is(st, rs, "iproute2's status: " .. c[1])
  end
end
t.is(O.snapshot(t, { "" }), before, "no bad line changed anything")

-- traffic: vlan 10 on both ends of a veth pair between two namespaces
for _, l in ipairs({ "ip netns add a", "ip netns add b",
  "ip link add va netns a type veth peer name vb netns b",
  "ip -n a link add link va name va.10 type vlan id 10", "ip -n b link add link vb name vb.10 type vlan id 10",
  "ip -n b link add link vb name vb.20 type vlan id 20",
  "ip -n a addr add 10.10.0.1/24 dev va.10", "ip -n b addr add 10.10.0.2/24 dev vb.10",
  "ip -n a addr add 10.20.0.1/24 dev va", "ip -n b addr add 10.20.0.2/24 dev vb.20",
  "ip -n a link set va up", "ip -n b link set vb up", "ip -n a link set va.10 up", "ip -n b link set vb.10 up",
  "ip -n b link set vb.20 up" }) do
  nl(l)
end
t.ok(net.links_settle({ "a", "b" }, 3), "settled")
t.ok(O.ping(t, "a", "10.10.0.2"), "vlan 10 on both ends: a pings b")
-- untagged frames from a's va do not reach b's vlan 20: the tag decides
t.ok(not O.ping(t, "a", "10.20.0.2"), "untagged a -> vlan 20 of b: no answer")

-- deleted like any device; the parent stays
nl("ip link del p0.10")
t.ok(not net.link_get(nil, "p0.10"), "p0.10 deleted")
t.ok(net.link_get(nil, "p0"), "its parent stays")
t.done()
