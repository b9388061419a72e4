#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/21-bridge-fdb.lua -- `bridge fdb [show] [br BR] [dev DEV]` (and -j)
byte for byte as the real bridge prints them; `brctl showmacs BR` against the
kernel's own table in /sys/class/net/BR/brforward (what bridge-utils reads; brctl
itself is not installed here); `bridge link set dev X hairpin on|off` seen by the
real `bridge -d link`, and netlearn's `bridge -d link` printing what it prints.
Bad lines: one error and a hint, nothing changed. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local L = dofile(os.getenv("TESTLIB") .. "/ip_cmd.lua")

local function run(line, ns)
  local st, out, err = L.nl(line, ns)
  t.is(st, 0, line, err)
  return out
end

-- two hosts on br0 in namespace lan, both ends in lan (so the real bridge
-- names the veth peers the way netlearn does)
for _, l in ipairs({ "ip netns add lan", "ip netns add h1", "ip netns add h2",
  "ip -n lan link add br0 type bridge", "ip -n lan link add br1 type bridge",
  "ip link add e1 netns lan type veth peer name eth0 netns h1",
  "ip link add e2 netns lan type veth peer name eth0 netns h2",
  "ip -n lan link add x1 type veth peer name x2",
  "ip -n lan link set e1 master br0", "ip -n lan link set e2 master br0", "ip -n lan link set x1 master br1",
  "ip -n lan link set br0 up", "ip -n lan link set br1 up", "ip -n lan link set e1 up", "ip -n lan link set e2 up",
  "ip -n lan link set x1 up", "ip -n lan link set x2 up",
  "ip -n h1 addr add 10.66.0.1/24 dev eth0", "ip -n h1 link set eth0 up",
  "ip -n h2 addr add 10.66.0.2/24 dev eth0", "ip -n h2 link set eth0 up" }) do
  run(l)
end
-- no IPv6 on the hosts: their router solicitations and MLD reports would
-- refresh the learned entries between the two readings of the ageing timer
for _, h in ipairs({ "h1", "h2" }) do L.real("ip netns exec " .. h .. " sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1") end
local code = L.real("sleep 0.3; ip netns exec h1 ping -c2 -i0.2 -W1 10.66.0.2 >/dev/null")
t.is(code, 0, "h1 pings h2 through br0 (the bridge learns both MACs)")

for _, args in ipairs({ "fdb", "fdb show", "fdb show br br0", "fdb show br br1", "fdb show dev e1",
  "fdb show br br0 dev e2", "-j fdb show", "-j fdb show dev e1", "fdb show br e1", "link", "-d link",
  "-j -d link", "-d link show dev e1" }) do
  local line = "bridge -n lan " .. args
  local _, got = L.nl(line)
  local _, want = L.real(line)
  -- iproute2 6.1's bridge names a veth whose peer is in another namespace after
  -- the device that has the peer's ifindex *here* (e1@br0); netlearn prints
  -- e1@if2 like ip does: compare everything else
  local function norm(x) return (x:gsub("(%d+: %w+)@[%w]+:", "%1@:"):gsub('"link_index":%d+', '"link":"br0"')) end
  t.is(norm(got), norm(want), "same bytes as the real bridge: " .. line)
end
local fdb = select(2, L.nl("bridge -n lan fdb show br br0"))
local h1mac = select(2, L.real("ip -n h1 -br link show eth0")):match("(%x%x:%x%x:%x%x:%x%x:%x%x:%x%x)")
t.like(fdb, h1mac .. " dev e1 master br0 \n", "br0 learned h1's MAC on e1")

-- hairpin on/off: netlearn sets, the real bridge reads
run("bridge -n lan link set dev e1 hairpin on")
t.like(select(2, L.real("bridge -n lan -d link show dev e1")), "hairpin on ", "the real bridge sees hairpin on")
t.is(select(2, L.nl("bridge -n lan -d link show dev e1")):match("\n.*"),
  select(2, L.real("bridge -n lan -d link show dev e1")):match("\n.*"), "bridge -d link shows it as the real bridge does")
t.like(select(2, L.real("cat /sys/class/net/e1/brport/hairpin_mode", "lan")), "^1", "sysfs: hairpin_mode 1")
run("bridge link set dev e1 hairpin off", "lan")
t.like(select(2, L.real("bridge -n lan -d link show dev e1")), "hairpin off ", "and off again")

-- brctl showmacs against brforward: 16-byte records (mac[6], port_no, is_local,
-- ageing u32 in 1/100 s, port_hi, pad...)
local function brforward(br)
  local _, hex = L.real("od -An -tx1 -v -w16 /sys/class/net/" .. br .. "/brforward", "lan")
  local rows = {}
  for line in hex:gmatch("[^\n]+") do
    local b = {}
    for x in line:gmatch("%x%x") do b[#b + 1] = tonumber(x, 16) end
    if #b == 16 then
      rows[#rows + 1] = { mac = string.format("%02x:%02x:%02x:%02x:%02x:%02x", b[1], b[2], b[3], b[4], b[5], b[6]),
        port = b[7] | (b[13] << 8), is_local = b[8] ~= 0, age = b[9] | (b[10] << 8) | (b[11] << 16) | (b[12] << 24) }
    end
  end
  table.sort(rows, function(x, y) return x.mac < y.mac end)
  return rows
end
for _, br in ipairs({ "br0", "br1" }) do
  local st, out = L.nl("brctl showmacs " .. br, "lan")
  local want = brforward(br)
  t.is(st, 0, "brctl showmacs " .. br)
  local lines = {}
  for l in out:gmatch("[^\n]+") do lines[#lines + 1] = l end
  t.is(lines[1], "port no\tmac addr\t\tis local?\tageing timer", "bridge-utils' header")
  t.is(#lines - 1, #want, br .. ": one line per entry of the kernel's table (" .. #want .. ")")
  for k, w in ipairs(want) do
    local port, mac, loc, sec, cs = (lines[k + 1] or ""):match("^(%s*%d+)\t(%S+)\t(%a+)\t\t(%s*%d+)%.(%d%d)$")
    t.ok(port and #port == 3 and tonumber(port) == w.port and mac == w.mac and (loc == "yes") == w.is_local,
      string.format("%s: %3d %s %s", br, w.port, w.mac, w.is_local and "yes" or "no"), lines[k + 1])
    local age = (tonumber(sec) or -100) * 100 + (tonumber(cs) or 0)
    t.ok(math.abs(age - w.age) <= 100 and (not w.is_local or age == 0) and #sec == 4,
      "ageing timer %4i.%02i within 1 s of the kernel's: " .. w.mac, lines[k + 1] .. " vs " .. w.age)
  end
end
t.ok(#brforward("br0") >= 4, "br0 has its two local and two learned entries")

-- bad input
local settled_digest = L.settled_digest
local before = settled_digest()
for _, c in ipairs({
  { "bridge -n lan link set dev nope hairpin on", true },
  { "bridge -n lan link set dev e1 hairpin maybe", true },
  { "bridge -n lan fdb show br nobr", true },
  { "bridge -n lan fdb show dev nope", true },
  { "bridge -n lan link set dev x2 hairpin on", false },
  { "bridge -n lan fdb add 02:00:00:00:00:01 dev e1", false },
  { "bridge -n lan fdb show garbage", false },
  { "brctl showmacs", false }, { "brctl showmacs nobr", false },
}) do
  local s, o, e = L.nl(c[1])
  t.ok(s ~= 0 and o == "" and e:match("^[^\n]+\nhint: [^\n]+\n?$"), "one error and a hint: " .. c[1], e)
  if c[2] then
    local rs, ro = L.real(c[1] .. " 2>&1 >/dev/null")
    t.is(e:match("^[^\n]*"), ro:match("^[^\n]*"), "the real bridge's words: " .. c[1])
    t.is(s, rs, "the real bridge's status: " .. c[1])
  end
end
t.is(settled_digest(), before, "no bad line changed anything")
t.like(select(2, L.real("bridge -n lan -d link show dev e1")), "hairpin off ", "hairpin still off")
t.done()
