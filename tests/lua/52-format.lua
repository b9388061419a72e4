#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/52-format.lua -- netlearn's ip/bridge print what the real tools print
for the same kernel state (same sandbox, so even MACs and ifindexes agree). ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local L = dofile(os.getenv("TESTLIB") .. "/ip_cmd.lua")
local net = require("netlearn.core")

local setup = {
  "ip netns add net1", "ip netns add net2",
  "ip link add veth0 type veth peer name veth1", "ip link add veth2 type veth peer name veth3",
  "ip link set veth0 netns net1", "ip link set veth1 netns net2", "ip link set veth2 netns net1",
  "ip -n net1 addr add 192.167.2.1/24 dev veth0", "ip -n net1 link set veth0 up",
  "ip -n net2 addr add 192.167.2.2/24 dev veth1", "ip -n net2 link set veth1 up",
  "ip -n net1 addr add 192.167.3.1/24 dev veth2", "ip -n net1 link set veth2 up",
  "ip addr add 192.167.3.2/24 brd + dev veth3", "ip link set veth3 up",
  "ip route add 192.167.2.0/24 via 192.167.3.1 dev veth3",
  "ip route add 10.5.0.0/16 via 192.167.3.1 metric 20 proto static",
  "ip route add blackhole 10.6.0.0/16", "ip route add 10.7.0.0/16 dev veth3 table 100",
  "ip rule add from 10.0.0.0/8 table 100 priority 200", "ip rule add to 10.7.0.0/16 iif veth3 table 100",
  "ip link add br0 type bridge", "ip link set br0 up", "ip link add veth10 type veth peer name veth11",
  "ip link set veth11 master br0", "ip link set veth11 up", "ip link set veth10 up",
  "ip link add veth20 type veth peer name veth21", "ip link set veth21 master br0",
  "ip link add mac1 link veth10 type macvlan mode bridge",
  "ip link set lo up", "ip -n net1 link set lo up",
}
for _, l in ipairs(setup) do
  local st, _, err = L.nl(l)
  if st ~= 0 then t.diag("setup failed: " .. l .. ": " .. err) end
end
net.links_settle("", 3)
L.real("ping -c1 -W1 192.167.3.1 >/dev/null; ip netns exec net1 ping -c1 -W1 192.167.2.2 >/dev/null; sleep 0.3")

local function clean(s)
  return (s:gsub("tentative ", ""):gsub("dadfailed ", ""))
end

local same = {
  "ip route", "ip route show table 100", "ip route show table local", "ip -4 route show table all",
  "ip route show dev veth3", "ip rule", "ip -4 addr", "ip addr", "ip link", "ip -br link", "ip -br addr",
  "ip -br -4 addr", "ip neigh", "ip -n net1 link", "ip -n net1 addr", "ip -n net1 route", "ip -n net2 neigh",
  "ip netns exec net1 ip route", "ip addr show dev veth3", "ip link show veth11", "ip link show master br0",
  "ip route get 192.167.2.2", "ip route get 192.167.3.1 from 192.167.3.2",
  "bridge link", "bridge link show dev veth11", "ip tunnel show",
  "ip -j route", "ip -j rule", "ip -j neigh", "ip -n net1 -j route", "ip -j route get 192.167.2.2",
  "ip -j link show veth3", "bridge -j link",
  -- -o (oneline): one line per address, a link's lines joined by '\'
  "ip -o addr", "ip -4 -o addr", "ip -o -6 addr", "ip -o addr show dev veth3", "ip -o link", "ip -o link show veth11",
  "ip -o -s link show veth3", "ip -n net1 -o addr", "ip -o route", "ip -o -br addr",
}
for _, c in ipairs(same) do
  local rs, rout = L.real(c)
  local ns, nout, nerr = L.nl(c)
  t.is(ns, rs, "exit status: " .. c)
  t.is(clean(nout), clean(rout), "output: " .. c)
  if nerr ~= "" then t.diag(nerr) end
end

-- ip netns list: the real one lists in directory order, netlearn sorted
do
  local _, rout = L.real("ip netns list")
  local _, nout = L.nl("ip netns list")
  local function sorted(s)
    local t = {}
    for l in s:gmatch("[^\n]+") do t[#t + 1] = l:gsub(" %(id: %d+%)", "") end
    table.sort(t)
    return table.concat(t, "\n")
  end
  t.is(sorted(nout), sorted(rout), "ip netns list: same names (ids: see docs/commands-ip.md)")
  t.like(nout, "net1 %(id: 0%)", "ip netns list: the id of a namespace the host has a veth into")
end

-- JSON keys and values that a program reads: same for ip -j addr (per link, IPv4)
local json = require("netlearn.json")
local _, rj = L.real("ip -j -4 addr")
local _, nj = L.nl("ip -j -4 addr")
local r, n = json.decode(rj), json.decode(nj)
t.ok(r and n and #r == #n, "ip -j -4 addr: as many links as the real ip")
for i = 1, math.min(#(r or {}), #(n or {})) do
  for _, k in ipairs({ "ifindex", "ifname", "mtu", "operstate", "link_type", "address", "master" }) do
    t.is(tostring(n[i][k]), tostring(r[i][k]), "ip -j -4 addr [" .. i .. "]." .. k)
  end
  local ra, na = r[i].addr_info[1], n[i].addr_info[1]
  for _, k in ipairs({ "family", "local", "prefixlen", "broadcast", "scope", "label" }) do
    t.is(tostring(na and na[k]), tostring(ra and ra[k]), "ip -j -4 addr [" .. i .. "].addr_info." .. k)
  end
end

-- the article's `ip netns exec net1 ip addr` on a fresh namespace
L.nl("ip netns add fresh")
local _, out = L.nl("ip netns exec fresh ip addr")
t.is(out, "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN group default qlen 1000\n" ..
  "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n", "a new namespace has only lo, DOWN (article 1)")
t.done()
