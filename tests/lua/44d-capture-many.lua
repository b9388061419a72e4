#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/44d-capture-many.lua -- net.capture_open_many: a list of captures
opened as net.capture_open opens each (issue 22: `trace path` opens one on
every device, and their rings, an RCU grace period each, are set up together).
Each capture of the list sees what a capture opened alone sees, with its own
filter attached before its bind; each failure has capture_open's words, in
its own slot, and the others still open; bad lists raise and open nothing; a
machine's view names its own namespaces. In the lab of tests/lib/probe_lab.lua. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lab = dofile(os.getenv("TESTLIB") .. "/probe_lab.lua")
local net = require("netlearn.core")
lab.build()

-- the ARP and ICMP frames of a capture, by kind (the lab's own IPv6 chatter
-- after a link comes up is left out)
local function kinds(pkts)
  local s = {}
  for _, p in ipairs(pkts or {}) do
    if p.icmp then s[#s + 1] = "icmp" .. p.icmp.type elseif p.arp then s[#s + 1] = "arp" end
  end
  table.sort(s)
  return table.concat(s, " ")
end

-- every device of the lab, once with capture_open and once in one list
local want = {
  { ns = "net1", dev = "v1", filter = "icmp" },
  { ns = "router", dev = "r1", filter = "icmp" },
  { ns = "router", dev = "r2", filter = "icmp" },
  { ns = "net2", dev = "v2", filter = "icmp" },
  { ns = "router", dev = "any", filter = "icmp" },
  { ns = "net2", dev = "v2" },                            -- no filter: the ARP too
}
local alone = {}
for i, w in ipairs(want) do alone[i] = assert(net.capture_open(w.ns, w.dev, w.filter)) end
local caps, errs = net.capture_open_many(want)
t.is(#caps, #want, "one slot per entry")
t.is(next(errs), nil, "no entry failed")
-- from here on both sets are open: what arrived before the list opened is dropped
net.sleep(0.1)
for i = 1, #want do alone[i]:read() caps[i]:read() end
for _, ns in ipairs { "net1", "router", "net2" } do lab.sh(ns, "ip neigh flush all") end
local r = assert(net.ping("net1", "10.0.2.2", { count = 1, timeout = 1 }))
t.is(r.received, 1, "a ping crosses the lab while both sets capture")
net.sleep(0.05)
for i, w in ipairs(want) do
  local a, b = alone[i]:read(), caps[i]:read()
  t.is(kinds(b), kinds(a), string.format("%s %s %s: the list's capture sees what one opened alone sees (%s)",
    w.ns, w.dev, w.filter or "(everything)", kinds(a)))
  alone[i]:close()
end
for _, c in ipairs(caps) do c:close() end

-- failures: each in its slot, with capture_open's words; the others open
lab.sh("net2", "ip link add dn0 type veth peer name dn1")
local list = {
  { ns = "net1", dev = "v1" },
  { ns = "net1", dev = "nope0" },
  { ns = "nosuch", dev = "v1" },
  { ns = "net1", dev = "v1", filter = "icmp and (" },
  { ns = "net1", dev = string.rep("a", 20) },
  { ns = "net2", dev = "dn0" },
  { ns = "net2", dev = "dn0", allow_down = true },
  { ns = "net1", dev = "v1", filter = "tcp port 80" },
}
caps, errs = net.capture_open_many(list)
for i, e in ipairs(list) do
  local c1, why = net.capture_open(e.ns, e.dev, e.filter, { allow_down = e.allow_down })
  if c1 then
    t.ok(caps[i] and not errs[i], "entry " .. i .. " (" .. e.dev .. ") opens, as alone", errs[i])
    c1:close()
  else
    t.ok(caps[i] == false and errs[i] == why, "entry " .. i .. " fails with capture_open's words: " .. tostring(why), errs[i])
  end
  if caps[i] then caps[i]:close() end
end
lab.sh("net2", "ip link del dn0")

-- bad lists raise, in one line, and open nothing
-- the packet sockets of net1's namespace (/proc/net/packet there); the
-- closes above end on threads of their own
local function packet_sockets() return lab.sh("net1", "wc -l < /proc/net/packet") end
net.sleep(0.3)
local before = packet_sockets()
local probe = assert(net.capture_open("net1", "v1"))
t.ok(packet_sockets() ~= before, "(the count sees a capture opened in net1)")
probe:close()
net.sleep(0.3)
for _, bad in ipairs {
  { { { ns = 5, dev = "v1" } }, "entry 1: field 'ns' must be a string" },
  { { { ns = "net1", dev = {} } }, "entry 1: field 'dev' must be a string" },
  { { { ns = "net1", dev = "v1" }, "v1" }, "entry 2 must be a table" },
  { { { ns = "net1", dev = "v1", ring_kib = 0 } }, "entry 1: ring_kib= out of range" },
  { { { ns = "net1", dev = "v1", filter = 80 } }, "entry 1: field 'filter' must be a string" },
} do
  local ok, e = pcall(net.capture_open_many, bad[1])
  t.ok(not ok and tostring(e):find(bad[2], 1, true) and not tostring(e):find("\n"), "refused: " .. tostring(e))
end
t.ok(not pcall(net.capture_open_many, "v1"), "a string is not a list")
caps, errs = net.capture_open_many({})
t.ok(#caps == 0 and next(errs) == nil, "an empty list: nothing to open")
collectgarbage()
t.is(packet_sockets(), before, "nothing was opened: no packet socket left in net1")

-- many at once
list = {}
for i = 1, 100 do list[i] = { ns = ({ "net1", "router", "net2" })[i % 3 + 1], dev = "lo", ring_kib = 64 } end
caps, errs = net.capture_open_many(list)
local n = 0
for i = 1, 100 do if caps[i] then n = n + 1 caps[i]:close() end end
t.is(n, 100, "100 captures in one list all open")

-- a machine's view: each entry's namespace is the machine's own
local machine = require("netlearn.machine")
local view = machine.install()
assert(net.ns_add("m1"))
assert(net.ns_add("m1:inner"))
lab.sh("m1:inner", "ip link set lo up")
machine.on("m1", function()
  local c, e = view.capture_open_many({ { ns = "inner", dev = "lo" }, { ns = "net1", dev = "v1" } })
  t.ok(c[1] and not e[1], "on machine m1, entry ns 'inner' is m1:inner", e[1])
  t.ok(c[2] == false and tostring(e[2]):find("net1: no such namespace", 1, true), "and net1 is not m1's: " .. tostring(e[2]))
  if c[1] then c[1]:close() end
end)
t.done()
