#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/51-abbrev.lua -- iproute2's abbreviations resolve as iproute2 resolves
them: a show-abbreviation prints what the real ip prints for the same words,
and a change-abbreviation does what the spelled-out command does. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local L = dofile(os.getenv("TESTLIB") .. "/ip_cmd.lua")

local changes = {
  { "ip net add net1", "net1" }, { "ip l a veth0 type veth peer name veth1", "veth0" },
  { "ip l s veth1 netns net1", "veth1" }, { "ip a a 10.0.0.1/24 dev veth0", "10.0.0.1" },
  { "ip l s veth0 up", "UP" }, { "ip netns e net1 ip l s veth1 up", "" },
  { "ip netns exec net1 ip a a 10.0.0.2/24 dev veth1", "" },
  { "ip r a 10.9.0.0/16 via 10.0.0.2", "10.9.0.0/16" }, { "ip ro rep 10.9.0.0/16 via 10.0.0.2 metric 5", "" },
  { "ip ru a from 10.1.0.0/16 table 100 pref 100", "" }, { "ip r d 10.9.0.0/16 via 10.0.0.2 metric 5", "" },
  { "ip li add br0 type bridge", "br0" }, { "ip l s dev veth0 master br0", "master br0" },
  { "ip l s veth0 nomaster", "" }, { "ip a d 10.0.0.1/24 dev veth0", "" }, { "ip addr a 10.0.0.1/24 dev veth0", "" },
  { "ip l d br0", "" },
}
for _, c in ipairs(changes) do
  local st, _, err = L.nl(c[1])
  t.is(st, 0, c[1] .. (err ~= "" and (" -- " .. err) or ""))
end
local _, links = L.real("ip link")
t.unlike(links, "br0", "ip l d br0 deleted the bridge")
t.like(links, "veth0@if%d+: <BROADCAST,MULTICAST,UP,LOWER_UP>", "ip l s veth0 up brought veth0 up")
local _, routes = L.real("ip route")
t.unlike(routes, "10.9.0.0", "ip r d removed the route added with ip r a")
local _, rules = L.real("ip rule")
t.like(rules, "100:\tfrom 10.1.0.0/16 lookup 100", "ip ru a added the rule")

local shows = { "ip a", "ip a l", "ip a s", "ip addr lst", "ip ad sh dev veth0", "ip r", "ip r s", "ip ro li",
  "ip -4 route sh table all", "ip n", "ip n s", "ip neigh", "ip neighbour show", "ip l", "ip l l", "ip l sh",
  "ip li show veth0", "ip ru", "ip ru s", "ip ru l", "ip net", "ip netns ls", "ip netns s", "ip tu", "ip tunnel sh",
  "ip -n net1 a", "ip -net net1 r", "ip -br l", "ip -br a", "ip -4 a", "ip -d l show lo", "ip -j r", "ip -json ru",
  "ip netns e net1 ip r", "ip link show dev veth0", "ip --brief link" }
for _, c in ipairs(shows) do
  local rs, rout = L.real(c)
  local ns, nout, nerr = L.nl(c)
  if c:find("%-d") then
    t.is(nout:match("^[^\n]*"), rout:match("^[^\n]*"), "first line like the real ip: " .. c)
  elseif c:find("net") and not c:find("exec") and not c:find("%-n") and not c:find("e net1") then
    t.is(nout:gsub(" %(id: %d+%)", ""), rout:gsub(" %(id: %d+%)", ""), "same as the real ip: " .. c)
  else
    t.is(nout, rout, "same as the real ip: " .. c)
  end
  t.is(ns, rs, "same exit status: " .. c)
  if nerr ~= "" then t.diag(nerr) end
end
t.done()
