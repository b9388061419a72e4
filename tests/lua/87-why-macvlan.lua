#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/87-why-macvlan: the first article's macvlan modes. Two children of the host's
  eth0 in private mode never talk (why says so, names the mode and the fix); in
  bridge mode they do; the parent (the host) cannot reach its own children, and
  the usual way round it (a macvlan child of its own for the host) works. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lib = dofile(os.getenv("TESTLIB") .. "/why_lab.lua")
local why = require("netlearn.why")
local net = require("netlearn.core")

local ok, e = net.link_add("", { name = "mvtest", type = "macvlan", link = "lo" })
if not ok and tostring(e):find("CONFIG_MACVLAN") then t.skip_all("no macvlan in this kernel") end
if ok then net.link_del("", "mvtest") end

lib.macvlan(t, "private")
local function broken(r) return r.broken and r.hops[r.broken] or {} end

local r = why.diagnose("net3", "192.166.56.123")
t.ok(not r.ok, "private mode: net3 -> net4 predicted to fail")
t.is(broken(r).ns, "net3", "broken in net3")
t.is(broken(r).what, "arp", "... at ARP (the wire)")
t.like(broken(r).detail, "mode private", "... names private mode")
t.like(broken(r).detail, "macvlan children of eth0", "... and the parent")
t.is(r.fix, "ip netns exec net3 ip link set mac1 type macvlan mode bridge && ip netns exec net4 ip link set mac2 type macvlan mode bridge",
  "fix: both children to bridge mode")
t.is(r.confirmed, true, "the probe confirms it")
-- the fix runs in netlearn's own ip (RTM_NEWLINK with IFLA_MACVLAN_MODE on the
-- existing link); the real ip then sees both children in bridge mode
local st = lib.run(r.fix)
t.is(st, 0, "the fix runs in netlearn")
for _, n in ipairs({ { "net3", "mac1" }, { "net4", "mac2" } }) do
  local out = t.nsh(n[1], "ip -d link show " .. n[2])
  t.like(out, "macvlan mode bridge ", "the real ip sees " .. n[2] .. " in bridge mode")
end
t.ok(lib.ping_ok("net3", "192.166.56.123"), "bridge mode: net3 pings net4")
r = why.diagnose("net3", "192.166.56.123")
t.ok(r.ok and r.confirmed, "why agrees", lib.text(r))
t.like(r.hops[2].detail, "mac1@net3 → mac2@net4", "siblings in bridge mode talk directly")

-- the parent cannot reach its children (and a child not its parent)
r = why.diagnose("host", "192.166.56.122")
t.ok(not r.ok, "host -> its child net3: predicted to fail")
t.is(broken(r).ns, "host", "broken in the host")
t.like(broken(r).detail, "macvlan parent cannot talk to its own children", "... the parent rule")
t.is(r.confirmed, true, "the probe confirms it")
t.like(r.fix or "", "ip link add link eth0 dev mac0 type macvlan mode bridge", "fix: a macvlan child for the host")
r = why.diagnose("net3", "192.166.56.1")
t.ok(not r.ok and broken(r).detail:find("child cannot talk to its own parent", 1, true), "a child cannot reach its parent either")
t.is(r.confirmed, true, "the probe confirms it")
r = why.diagnose("host", "192.166.56.122")
lib.apply(t, r.fix)
t.ok(lib.ping_ok("host", "192.166.56.122"), "with its own macvlan, the host pings net3")
r = why.diagnose("host", "192.166.56.122")
t.ok(r.ok and r.confirmed, "why agrees", lib.text(r))
t.done()
