#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/22-macvlan-mode.lua -- `ip link set DEV type macvlan mode M` changes a
macvlan's mode in place (RTM_NEWLINK with IFLA_MACVLAN_MODE on the existing
link): the real `ip -d link` sees every mode netlearn sets, the ifindex stays,
traffic follows the mode (private siblings cannot talk, bridge ones can). Bad
lines: iproute2's words, one hint, nothing changed; `mode source` refused as not
supported (listed nowhere as valid). ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local L = dofile(os.getenv("TESTLIB") .. "/ip_cmd.lua")
local net = require("netlearn.core")

local ok, e = net.link_add("", { name = "mvtest", type = "macvlan", link = "lo" })
if not ok and tostring(e):find("CONFIG_MACVLAN") then t.skip_all("no macvlan in this kernel") end
if ok then net.link_del("", "mvtest") end

local function run(line, ns)
  local st, out, err = L.nl(line, ns)
  t.is(st, 0, line, err)
  return out
end
local function mode(ns, dev)
  return select(2, L.real("ip -d link show " .. dev, ns)):match("macvlan mode (%a+)")
end
local function ifindex(ns, dev)
  return (select(2, L.real("ip -o link show " .. dev .. " | cut -d: -f1", ns)))   -- (-o: "IDX: NAME...", not -br whose state can change)
end

for _, l in ipairs({ "ip netns add m1", "ip netns add m2",
  "ip link add eth0 type veth peer name eth0p", "ip link set eth0 up", "ip link set eth0p up",
  "ip link add mac1 link eth0 type macvlan mode private", "ip link add mac2 link eth0 type macvlan mode private",
  "ip link set mac1 netns m1", "ip link set mac2 netns m2",
  "ip -n m1 addr add 10.44.0.1/24 dev mac1", "ip -n m1 link set mac1 up",
  "ip -n m2 addr add 10.44.0.2/24 dev mac2", "ip -n m2 link set mac2 up" }) do
  run(l)
end
local idx = ifindex("m1", "mac1")
t.like(idx, "^%d+%s*$", "mac1 has an ifindex (" .. tostring(idx) .. ")")
t.ok(L.real("ip netns exec m1 ping -c1 -W1 10.44.0.2 >/dev/null") ~= 0, "private: siblings cannot talk")

for _, m in ipairs({ "vepa", "bridge", "private", "bridge" }) do
  run("ip link set mac1 type macvlan mode " .. m, "m1")
  run("ip -n m2 link set mac2 type macvlan mode " .. m)
  t.is(mode("m1", "mac1"), m, "the real ip sees mac1 in mode " .. m)
  t.is(mode("m2", "mac2"), m, "the real ip sees mac2 in mode " .. m)
  t.like(select(2, L.nl("ip -d link show mac1", "m1")), "macvlan mode " .. m, "netlearn's ip -d link says " .. m)
end
t.is(ifindex("m1", "mac1"), idx, "changed in place: same device, same ifindex")
t.is(L.real("ip netns exec m1 ping -c1 -W2 10.44.0.2 >/dev/null"), 0, "bridge: siblings talk")
-- `type macvlan` alone changes nothing, like iproute2
run("ip -n m1 link set mac1 type macvlan")
t.is(mode("m1", "mac1"), "bridge", "type macvlan without mode: unchanged")
-- the same line with other settings in one request
run("ip -n m1 link set mac1 mtu 1400 type macvlan mode vepa")
t.is(mode("m1", "mac1"), "vepa", "mtu and mode in one line: mode")
t.like(select(2, L.real("ip -n m1 link show mac1")), "mtu 1400 ", "mtu and mode in one line: mtu")

-- bad input
run("ip link add mac3 link eth0 type macvlan mode vepa")
local settled_digest = L.settled_digest
local before = settled_digest()
for _, c in ipairs({
  { "ip link set eth0 type macvlan mode bridge", true },        -- a veth
  { "ip link set mac3 type macvlan mode foo", true },
  { "ip link set mac3 type macvlan mode passthru", true },       -- siblings exist: the kernel says no
  { "ip link set nope type macvlan mode bridge", true },
  { "ip link set mac3 type vxlan mode bridge", false },
}) do
  local s, o, err = L.nl(c[1])
  t.ok(s ~= 0 and o == "" and err:match("^[^\n]+\nhint: [^\n]+\n?$"), "one error and a hint: " .. c[1], err)
  if c[2] then
    local rs, ro = L.real(c[1] .. " 2>&1 >/dev/null")
    t.is(err:match("^[^\n]*"), ro:match("^[^\n]*"), "iproute2's words: " .. c[1])
    t.is(s, rs, "iproute2's status: " .. c[1])
  end
end
-- `mode source`: iproute2 takes it, netlearn does not (it needs a list of MACs);
-- it says so in its own words, naming the modes it does take, and changes nothing
for _, c in ipairs({ "ip link set mac3 type macvlan mode source", "ip link add mac4 link eth0 type macvlan mode source" }) do
  local s, o, err = L.nl(c)
  t.ok(s ~= 0 and o == "" and err:match("^[^\n]+\nhint: [^\n]+\n?$"), "one error and a hint: " .. c, err)
  t.like(err, '^netlearn: "mode source" is not supported', "source: not supported, not listed as valid: " .. c)
  t.like(err, "hint: netlearn understands: mode private, vepa, bridge, passthru", "source: the modes netlearn takes: " .. c)
end
-- a bad mode: iproute2's line (above); the hint names what netlearn creates, without source
local _, _, err = L.nl("ip link add mac4 link eth0 type macvlan mode foo")
t.like(err, "hint: macvlan modes: private %(isolated%), vepa .*passthru %(one child%)\n?$", "bad mode: the hint lists netlearn's modes")
t.unlike(err:match("hint:.*") or "", "source", "... and not source")
-- a word that is not `mode` (the grammar kinds.parse_mode shares with ipvlan)
local s4, o4, e4 = L.nl("ip link add mac4 link eth0 type macvlan foo")
t.ok(s4 ~= 0 and o4 == "", "type macvlan foo: refused", e4)
t.like(e4, '^Error: macvlan: unknown option "foo"%?\nhint: macvlan takes \'mode MODE\'\n?$', "type macvlan foo: the option named, one hint")
t.is(settled_digest(), before, "no bad line changed anything")
t.is(mode("", "mac3"), "vepa", "mac3 still vepa")
t.done()
