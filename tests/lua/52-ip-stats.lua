#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/52-ip-stats.lua -- `ip -s link`, `ip -s -s link`, `ip -s link show dev
X` and their -j forms print the kernel's counters exactly as iproute2 6.1 does.
Traffic first (so the numbers are not all 0 and columns widen), then every link
down (so no counter moves between netlearn's reading and the real ip's), then
byte-for-byte comparison with the real ip in the same namespace. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local L = dofile(os.getenv("TESTLIB") .. "/ip_cmd.lua")

local function run(line, ns)
  local st, out, err = L.nl(line, ns)
  t.is(st, 0, line, err)
  return out
end

run("ip netns add s1")
run("ip netns add s2")
run("ip link add sa netns s1 type veth peer name sb netns s2")
run("ip -n s1 addr add 10.88.0.1/24 dev sa"); run("ip -n s1 link set sa up"); run("ip -n s1 link set lo up")
run("ip -n s2 addr add 10.88.0.2/24 dev sb"); run("ip -n s2 link set sb up")
-- some thousand packets, big ones too: the bytes column gets wider than its header
L.real("ip netns exec s1 ping -c 40 -i 0.01 -s 1400 -W1 10.88.0.2 >/dev/null; " ..
  "ip netns exec s1 ping -c 3 -i 0.01 -W1 127.0.0.1 >/dev/null")
run("ip -n s1 link set sa down"); run("ip -n s2 link set sb down"); run("ip -n s1 link set lo down")

local want_nonzero = select(2, L.real("ip -n s1 -j -s link show sa"))
t.like(want_nonzero, '"bytes":%d%d%d%d%d', "the real ip saw traffic (at least 10000 bytes)")

for _, ns in ipairs({ "s1", "s2", "" }) do
  for _, args in ipairs({ "-s link", "-s -s link", "-s link show dev lo", "-s -s link show lo",
    "-stats link", "-statistics -s link", "-j -s link", "-j -s -s link", "-s -j link show lo" }) do
    local line = "ip " .. (ns ~= "" and ("-n " .. ns .. " ") or "") .. args
    local _, got = L.nl(line)
    local _, want = L.real(line)
    t.is(got, want, "same bytes as iproute2: " .. line)
  end
end
-- one the netlearn way from inside the namespace
local _, got = L.nl("ip netns exec s1 ip -s link show sa")
local _, want = L.real("ip netns exec s1 ip -s link show sa")
t.is(got, want, "ip netns exec s1 ip -s link show sa")
t.like(got, "RX:  *bytes packets errors dropped  missed   mcast", "the RX header is there")

-- bad input: iproute2's words, one hint, nothing changed
local settled_digest = L.settled_digest
local before = settled_digest()
for _, c in ipairs({ "ip -s link show dev nosuch", "ip -s -s link show sa" }) do
  local s, o, e = L.nl(c)
  local rs, ro = L.real(c .. " 2>&1 >/dev/null")
  t.ok(s ~= 0 and o == "" and e:match("^[^\n]+\nhint: [^\n]+\n?$"), "one error and a hint: " .. c, e)
  t.is(e:match("^[^\n]*"), ro:match("^[^\n]*"), "iproute2's words: " .. c)
  t.is(s, rs, "iproute2's status: " .. c)
end
t.is(settled_digest(), before, "nothing changed")
t.done()
