#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/20-veth-netns.lua -- `ip link add NAME netns A type veth peer name P
netns B`: both ends are made directly in their namespaces (IFLA_NET_NS_FD on the
link and in the peer's info), as iproute2 does; a peer without `netns` stays where
the command runs. The real ip, doing the same in a second pair of namespaces, is
the oracle; bad lines give one error and change nothing. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local L = dofile(os.getenv("TESTLIB") .. "/ip_cmd.lua")

local function run(line, ns)
  local st, out, err = L.nl(line, ns)
  t.is(st, 0, line, err)
  return out
end

-- where each end lives and what it is: "ns name kind peer-elsewhere"
local function where(names)
  local rows = {}
  for _, ns in ipairs(names) do
    local s = L.ns_state(ns)
    for dev, desc in pairs(s.links) do
      if dev ~= "lo" then rows[#rows + 1] = (ns == "" and "host" or ns:sub(1, 1)) .. " " .. dev .. " " .. desc end
    end
  end
  table.sort(rows)
  return table.concat(rows, "\n")
end

for _, n in ipairs({ "a1", "b1", "a2", "b2" }) do run("ip netns add " .. n) end

-- netlearn in a1/b1, the real ip in a2/b2: the same lines
-- (%h: the host is shared, so the real ip's host-side ends get a suffix)
local lines = {
  "ip link add va netns %a type veth peer name vb netns %b",
  "ip link add vc netns %a type veth peer name vd%h",
  "ip link add ve%h type veth peer name vf netns %b",
  "ip link add vx netns %a type veth peer name vx netns %b",
  "ip link add br7 netns %b type bridge",
}
for _, l in ipairs(lines) do
  run((l:gsub("%%a", "a1"):gsub("%%b", "b1"):gsub("%%h", "")))
  local code, _, err = L.real((l:gsub("%%a", "a2"):gsub("%%b", "b2"):gsub("%%h", "2")))
  t.is(code, 0, "real ip: " .. l, err)
end
t.is(where({ "a1", "b1" }), where({ "a2", "b2" }), "each end lands in the namespace iproute2 puts it in")
local host = L.ns_state("")
t.ok(host.links.vd and host.links.ve and host.links.vd2 and host.links.ve2,
  "a peer without its own netns stays where the command runs (vd, ve in the host)")
t.ok(not host.links.va and not host.links.vx and not host.links.br7 and not host.links.d7,
  "nothing given netns is left in the host")

-- `up` before `type`: made up, in place (compared once the kernel settled)
run("ip link add vg netns a1 up type veth peer name vh netns b1")
local vg = L.ns_state("a1").links.vg
t.like(vg or "", "UP", "vg was made up in a1")
t.ok(not L.ns_state("").links.vg, "and not in the host")

-- the pair works: one end sees the other's namespace as link-netns
local out = run("ip link show va", "a1")
local rout = select(2, L.real("ip -n a1 link show va"))
t.like(rout, "va@if%d+: .* link%-netns b1", "the real ip sees va's peer in b1")
t.is(out:gsub("link/ether %S+", ""), rout:gsub("link/ether %S+", ""), "netlearn's ip prints what the real ip prints")
-- traffic crosses the pair
run("ip addr add 10.77.0.1/24 dev va", "a1"); run("ip link set va up", "a1")
run("ip addr add 10.77.0.2/24 dev vb", "b1"); run("ip link set vb up", "b1")
local st = L.real("ip netns exec a1 ping -c1 -W2 10.77.0.2 >/dev/null")
t.is(st, 0, "a1 pings b1 across the veth made in place")

-- bad input: one line + hint, nothing changed
local settled_digest = L.settled_digest
local before = settled_digest()
for _, c in ipairs({
  { "ip link add va netns a1 type veth peer name zz", "File exists" },
  { "ip link add q1 netns nope type veth peer name q2", 'Invalid "netns" value' },
  { "ip link add q1 netns a1 type veth peer name q2 netns nope", 'Invalid "netns" value' },
  { "ip link add q1 netns a1 type veth peer name vb netns b1", "File exists" },
  { "ip link add q1 netns a1 type veth peer name q1 netns a1", "File exists" },
  { "ip link add q1 netns a1 master br7 type veth", "master" },
}) do
  local s, o, e = L.nl(c[1])
  local n = select(2, e:gsub("\n", ""))
  t.ok(s ~= 0 and o == "" and n == 2 and e:find(c[2], 1, true) and e:find("\nhint: "),
    "one error and a hint: " .. c[1], e)
end
t.is(settled_digest(), before, "no bad line changed anything")
t.done()
