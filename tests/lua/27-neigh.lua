#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/lua/27-neigh.lua: the neighbour table through netlearn, checked against `ip -j neigh`
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local L = dofile(os.getenv("TESTLIB") .. "/route_lab.lua")
local net = require("netlearn.core")

local function from_net(n)
  return table.concat({ n.dst, n.dev, n.lladdr or "-", table.concat(n.states, ","), n.router and "router" or "-" }, " ")
end

local function from_ip(e)
  local router = "-"
  for k in pairs(e) do if k == "router" then router = "router" end end
  return table.concat({ e.dst, e.dev, e.lladdr or "-", table.concat(e.state or {}, ","), router }, " ")
end

local function neigh_match(ns, opts, ipargs, name)
  local mine, msg = net.neigh_list(ns, opts)
  if not mine then return t.ok(false, name, msg) end
  -- ip -j prints "router":null, which a JSON decoder may drop: read the flag from the text too
  local text = t.nsh(ns, "ip -j neigh show " .. (ipargs or ""))
  local theirs = t.json(text)
  for _, e in ipairs(theirs) do
    e.dev = e.dev or (opts and opts.dev)      -- ip leaves dev out when it filters by it
    if text:find('"dst":"' .. e.dst:gsub("%p", "%%%0") .. '"[^}]*"router"') then e.router = true end
  end
  return t.is(L.set(mine, from_net), L.set(theirs, from_ip), name)
end

L.topology(t)
-- the IPv6 link-local chatter of new links would make the tables move under us
for _, ns in ipairs({ "left", "router", "right" }) do
  t.nsh(ns, "sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null")
end

t.is(#assert(net.neigh_list("left")), 0, "a new namespace has no neighbours")
t.nsh("left", "ping -c1 -W1 10.1.1.1 >/dev/null")
local n = assert(net.neigh_list("left"))
t.is(#n, 1, "after a ping: one neighbour")
t.is(n[1].dst, "10.1.1.1", "neighbour dst")
t.is(n[1].dev, "l-r", "neighbour dev")
t.is(n[1].state, "REACHABLE", "neighbour state REACHABLE")
t.is(n[1].router, false, "router flag false")
local mac = t.nsh("router", "cat /sys/class/net/r-l/address"):gsub("%s+$", "")
t.is(n[1].lladdr, mac, "lladdr is the router's MAC")
neigh_match("left", nil, "", "left: neigh_list == ip neigh show")
neigh_match("router", nil, "", "router: the reverse entry matches too")

-- more states, made with the real tool
L.must(t, "left", "ip neigh add 10.1.1.50 lladdr 02:00:00:00:00:50 dev l-r nud permanent")
L.must(t, "left", "ip neigh add 10.1.1.51 lladdr 02:00:00:00:00:51 dev l-r nud stale")
L.must(t, "left", "ip neigh add 10.1.1.52 lladdr 02:00:00:00:00:52 dev l-r nud reachable router")
L.must(t, "left", "ip neigh add 10.1.1.53 lladdr 02:00:00:00:00:53 dev l-r nud noarp")
t.nsh("left", "ping -c1 -W1 10.1.1.77 >/dev/null 2>&1")
local by = {}
for _, e in ipairs(assert(net.neigh_list("left"))) do by[e.dst] = e end
t.is(by["10.1.1.50"] and by["10.1.1.50"].state, "PERMANENT", "PERMANENT")
t.is(by["10.1.1.51"] and by["10.1.1.51"].state, "STALE", "STALE")
t.is(by["10.1.1.52"] and by["10.1.1.52"].router, true, "router flag")
t.is(by["10.1.1.53"], nil, "NOARP entries hidden, like ip neigh show")
t.ok(by["10.1.1.77"] and (by["10.1.1.77"].state == "INCOMPLETE" or by["10.1.1.77"].state == "FAILED"),
  "unanswered ARP: INCOMPLETE or FAILED")
t.is(by["10.1.1.77"] and by["10.1.1.77"].lladdr, nil, "... and no lladdr")
neigh_match("left", nil, "", "all states match ip neigh show")
neigh_match("left", { dev = "l-r" }, "dev l-r", "dev filter matches ip neigh show dev")
neigh_match("left", { family = "inet" }, "", "family inet")

-- flush: per device, not PERMANENT (nor NOARP), like ip neigh flush
t.nsh("router", "ping -c1 -W1 10.1.2.2 >/dev/null")
local before_r = #assert(net.neigh_list("router"))
t.is(net.neigh_flush("left", { dev = "l-r" }), 4, "flush dev l-r: 4 entries (10.1.1.1, .51, .52, .77)")
local left = assert(net.neigh_list("left"))
t.is(#left, 1, "only the permanent entry stays")
t.is(left[1] and left[1].dst, "10.1.1.50", "the permanent one")
neigh_match("left", nil, "", "ip agrees after the flush")
t.ok(t.nsh("left", "ip neigh show nud noarp"):find("10.1.1.53", 1, true), "NOARP entry kept by flush")
t.is(#assert(net.neigh_list("router")), before_r, "another namespace untouched")
t.is(net.neigh_flush("left"), 0, "flush all: nothing left to remove")
t.ok(net.neigh_flush("router") >= 2, "flush all in router: both sides")
t.is(#assert(net.neigh_list("router")), 0, "router's table empty")
neigh_match("router", nil, "", "ip agrees")
t.is(net.neigh_flush(nil), 0, "flush in the sandbox's own namespace")

t.done()
