#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/22-link-kinds.lua -- macvlan (four modes; two bridge-mode children in two
namespaces ping each other), vxlan (id, remote/group, local, dev, dstport), and
the device types a kernel may lack (ipvlan, ipip, dummy): either they work and
match `ip -d link`, or the error names the kernel option. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local O = dofile(os.getenv("TESTLIB") .. "/link_oracle.lua")
local net = require("netlearn.core")

assert(net.ns_add("a"))
assert(net.ns_add("b"))
-- a parent device that exists on every kernel: one end of a veth pair
assert(net.link_add(nil, { name = "p0", type = "veth", peer = "p1", up = true }))
assert(net.link_set(nil, "p1", { up = true }))

-- macvlan modes
for _, m in ipairs({ "private", "vepa", "bridge" }) do
  t.ok(net.link_add(nil, { name = "mv-" .. m, type = "macvlan", link = "p0", mode = m }), "macvlan mode " .. m)
  local l = O.check_link(t, "", "mv-" .. m)
  t.is(l and l.mode, m, "mode " .. m .. " reported")
  t.is(l and l.link, "p0", "parent named")
end
t.ok(net.link_add(nil, { name = "mv-def", type = "macvlan", link = "p0" }), "macvlan, default mode")
t.is(net.link_get(nil, "mv-def").mode, "vepa", "default mode vepa like iproute2")
t.fails("passthru macvlan must be its parent.s only macvlan", "passthru beside other macvlans: kernel's words passed on",
  net.link_add(nil, { name = "mv-pt", type = "macvlan", link = "p0", mode = "passthru" }))
assert(net.link_add(nil, { name = "q0", type = "veth", peer = "q1" }))
t.ok(net.link_add(nil, { name = "mv-pt", type = "macvlan", link = "q0", mode = "passthru" }), "passthru on its own parent")
O.check_link(t, "", "mv-pt")

-- two bridge-mode children in two namespaces ping each other through p0
for _, m in ipairs({ "private", "vepa", "def", "pt" }) do assert(net.link_del(nil, "mv-" .. m)) end
assert(net.link_add(nil, { name = "mva", type = "macvlan", link = "p0", mode = "bridge" }))
t.ok(net.link_set(nil, "mva", { netns = "a", name = "eth0" }), "move mva into a as eth0")
t.ok(net.link_set(nil, "mv-bridge", { netns = "b", name = "eth0" }), "move mv-bridge into b as eth0")
local ma = O.check_link(t, "a", "eth0", "a/eth0 (macvlan, parent in the host)")
t.is(ma and ma.peer_ns, "", "parent's namespace is the host")
t.is(ma and ma.peer_name, "p0", "parent's name resolved in the host")
local mb = net.link_get("b", "eth0")
t.ok(ma and mb and ma.address ~= mb.address, "macvlan children have distinct MACs")
for i, n in ipairs({ "a", "b" }) do
  assert(net.link_set(n, "eth0", { up = true }))
  assert(net.addr_add(n, "eth0", "10.2.0." .. i .. "/24"))
end
t.ok(net.links_settle({ "", "a", "b" }, 3), "settled")
t.ok(O.ping(t, "a", "10.2.0.2"), "macvlan bridge mode: a pings b")

-- vxlan
t.ok(net.link_add(nil, { name = "vx0", type = "vxlan", id = 42, remote = "10.9.0.2", ["local"] = "10.9.0.1", link = "p0" }),
  "vxlan id 42 remote/local/dev")
local vx = O.check_link(t, "", "vx0")
t.is(vx and vx.dstport, 4789, "default dstport is the IANA 4789")
t.is(vx and vx.dev, "p0", "underlying dev")
t.ok(net.link_add(nil, { name = "vx1", type = "vxlan", id = 43, dstport = 0 }), "dstport=0: kernel default")
t.is(net.link_get(nil, "vx1").dstport, 8472, "kernel default 8472")
t.ok(net.link_add(nil, { name = "vx2", type = "vxlan", id = 44, group = "239.1.1.1", link = "p0", dstport = 4790, ttl = 5 }),
  "vxlan multicast group")
vx = O.check_link(t, "", "vx2")
t.is(vx and vx.group_addr, "239.1.1.1", "group reported")
t.is(vx and vx.ttl, 5, "ttl reported")

-- types this kernel may lack: work, or say which kernel option is missing
local function maybe(kind, spec, option, module, noun)
  local before = O.snapshot(t, { "" })
  local ok, msg, e = net.link_add(nil, spec)
  if ok then
    t.diag(kind .. " is available on this kernel")
    O.check_link(t, "", spec.name)
    assert(net.link_del(nil, spec.name))
  else
    t.is(msg, noun .. " need a kernel with " .. option .. " (module " .. module .. "); this kernel has none",
      kind .. ": missing kernel support said plainly")
    t.is(e, net.errno.EOPNOTSUPP, kind .. ": errno EOPNOTSUPP")
    t.is(O.snapshot(t, { "" }), before, kind .. ": nothing left behind")
  end
end
-- ipip: the kernel's, or (without CONFIG_NET_IPIP) netlearn's user-space stand-in
do
  local before = O.snapshot(t, { "" })
  local ok, how, e = net.link_add(nil, { name = "tun0", type = "ipip", remote = "10.9.0.2", ["local"] = "10.9.9.9" })
  t.ok(ok, "ipip with a local address the namespace lacks (yet) is accepted, as the kernel does", how)
  if ok then assert(net.link_del(nil, "tun0")) end
  local function no_tun0(snap) return (snap:gsub("[^\n]*tun0[^\n]*", "")) end
  t.is(no_tun0(O.snapshot(t, { "" })), no_tun0(before), "ipip: deleting it leaves nothing behind")
  ok, how, e = net.link_add(nil, { name = "tun0", type = "ipip", ["local"] = "10.9.0.1" })
  if ok then assert(net.link_del(nil, "tun0"))      -- the kernel's ipip takes any remote
  else t.like(how, "remote", "an ipip without remote= says what is missing") end
  assert(net.addr_add(nil, "p0", "10.9.0.1/24"))
  ok, how = net.link_add(nil, { name = "tun0", type = "ipip", remote = "10.9.0.2", ["local"] = "10.9.0.1", ttl = 64 })
  t.ok(ok, "ipip tun0 remote/local/ttl is created", how)
  local l = net.link_get(nil, "tun0")
  t.is(l and l.type, "ipip", "the tunnel reports type ipip")
  t.is(l and l.remote, "10.9.0.2", "the tunnel reports its remote")
  t.is(l and l["local"], "10.9.0.1", "the tunnel reports its local")
  t.is(l and l.ttl, 64, "the tunnel reports its ttl")
  if how == "userspace" then t.ok(l and l.userspace, "a user-space stand-in says so (userspace=true)") end
  assert(net.link_del(nil, "tun0"))
  assert(net.addr_del(nil, "p0", "10.9.0.1/24"))
end
-- ipvlan needs a parent without macvlans (the kernel says EBUSY otherwise)
do
  local r, m = net.link_add(nil, { name = "ipv9", type = "ipvlan", link = "p0" })
  t.ok(r == nil and m and (m:find("that parent already carries another kind of device") or m:find("CONFIG_IPVLAN")),
    "ipvlan beside macvlans: EBUSY in words (or no ipvlan at all)", m)
end
-- a bridge port cannot be a macvlan parent either
assert(net.link_add(nil, { name = "brx", type = "bridge" }))
assert(net.link_add(nil, { name = "s0", type = "veth", peer = "s1" }))
assert(net.link_set(nil, "s0", { master = "brx" }))
t.fails("that parent already carries another kind of device", "macvlan on a bridge port: EBUSY in words",
  net.link_add(nil, { name = "mvx", type = "macvlan", link = "s0" }))
assert(net.link_add(nil, { name = "r0", type = "veth", peer = "r1" }))
maybe("ipvlan", { name = "ipv0", type = "ipvlan", link = "r0", mode = "l3" }, "CONFIG_IPVLAN", "ipvlan", "ipvlan devices")
maybe("ipvlan l2", { name = "ipv1", type = "ipvlan", link = "r0", mode = "l2" }, "CONFIG_IPVLAN", "ipvlan", "ipvlan devices")
maybe("dummy", { name = "dum0", type = "dummy", mtu = 1400 }, "CONFIG_DUMMY", "dummy", "dummy devices")

-- netlearn's user-space ipip stand-in (tunnel.c) is listed as an ipip device
assert(net.addr_add(nil, "p0", "10.9.0.1/24"))
t.ok(net.ipip_user_add(nil, { name = "utun0", ["local"] = "10.9.0.1", remote = "10.9.0.2", ttl = 9 }), "user-space ipip made")
local u = net.link_get(nil, "utun0")
t.is(u and u.type, "ipip", "listed as type ipip")
t.is(u and u.userspace, true, "userspace=true")
t.is(u and u.remote, "10.9.0.2", "its remote")
t.is(u and u["local"], "10.9.0.1", "its local")
t.is(u and u.ttl, 9, "its ttl")
t.like(u and u.alias, "^netlearn user%-space ipip", "alias shown as ip shows it")
t.done()
