#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/23-addr.lua -- addresses: add (no broadcast unless asked, like `ip addr add`),
broadcast "+", label, scope, IPv6, list in `ip -j addr`'s order and fields,
delete with or without the prefix length, flush. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local net = require("netlearn.core")

assert(net.ns_add("net1"))
assert(net.link_add("net1", { name = "eth0", type = "veth", peer = "eth1", up = true }))
assert(net.link_set("net1", "eth1", { up = true }))

-- what the real tool does, for comparison: ip addr add without brd
t.nsh("net1", "ip addr add 10.5.0.9/24 dev eth1")

t.ok(net.addr_add("net1", "eth0", "192.167.2.1/24"), "add 192.167.2.1/24")
t.ok(net.addr_add("net1", "eth0", "192.167.2.7/24", { broadcast = "+", label = "eth0:web" }), "secondary with brd + and label")
t.ok(net.addr_add("net1", "eth0", "10.7.0.1/16", { scope = "link" }), "scope link")
-- a scope number as iproute2 reads it (get_u32, base 0), the same as routes
t.ok(net.addr_add("net1", "eth0", "10.7.1.1/16", { scope = "0xfd" }), "scope 0xfd (253: link)")
local ok_plus, err_plus = net.addr_add("net1", "eth0", "10.7.2.1/16", { scope = "+253" })
t.ok(not ok_plus and tostring(err_plus):find("unknown scope", 1, true), "scope +253 refused by the API, as a route's", err_plus)
t.ok(net.addr_add("net1", "eth0", "10.8.0.1"), "bare address means /32")
t.ok(net.addr_add("net1", "lo", "127.0.0.2/8"), "a 127/8 address")
t.ok(net.addr_add("net1", "eth0", "2001:db8::1/64"), "IPv6 address")

local function by_key(list)
  local m = {}
  for _, a in ipairs(list) do m[(a.dev or a.ifname or "?") .. " " .. (a.address or a["local"]) .. "/" .. a.prefixlen] = a end
  return m
end

-- the oracle: ip -j addr, flattened
local ipj = t.json(t.nsh("net1", "ip -j addr show"))
local theirs, order_theirs = {}, {}
for _, l in ipairs(ipj) do
  for _, a in ipairs(l.addr_info) do
    a.dev = l.ifname
    theirs[#theirs + 1] = a
    order_theirs[#order_theirs + 1] = l.ifname .. " " .. a["local"] .. "/" .. a.prefixlen
  end
end
local ours = net.addr_list("net1")
local order_ours = {}
for _, a in ipairs(ours) do order_ours[#order_ours + 1] = a.dev .. " " .. a.address .. "/" .. a.prefixlen end
t.is(table.concat(order_ours, ", "), table.concat(order_theirs, ", "), "addr_list order = ip -j addr order")

local mo, mt = by_key(ours), by_key(theirs)
for k, a in pairs(mt) do
  local o = mo[k]
  if t.ok(o, k .. " listed") then
    t.is(o.family, a.family, k .. " family")
    t.is(o.broadcast, a.broadcast, k .. " broadcast")
    t.is(o.scope, a.scope, k .. " scope")
    t.is(o.label, a.label, k .. " label")
    t.is(o.valid_lft, a.valid_life_time, k .. " valid_lft")
    t.is(o.preferred_lft, a.preferred_life_time, k .. " preferred_lft")
    local flags = {}
    for _, f in ipairs({ "secondary", "temporary", "nodad", "optimistic", "dadfailed", "home", "deprecated",
                         "tentative", "dynamic", "mngtmpaddr", "noprefixroute", "autojoin", "stable-privacy" }) do
      if a[f] then flags[#flags + 1] = f end
    end
    -- IPv6 DAD may end between our read and ip's: leave "tentative" out there
    local function norm(fl)
      local r = {}
      for _, f in ipairs(fl) do if not (a.family == "inet6" and f == "tentative") then r[#r + 1] = f end end
      return table.concat(r, ",")
    end
    t.is(norm(o.flags), norm(flags), k .. " flags")
  end
end
t.is(mo["eth0 192.167.2.1/24"].broadcast, nil, "no broadcast unless asked (like ip addr add)")
t.is(mt["eth1 10.5.0.9/24"].broadcast, nil, "... which is what the real ip does too")
t.is(mo["eth0 192.167.2.7/24"].broadcast, "192.167.2.255", "brd + computed")
t.is(mo["lo 127.0.0.2/8"].scope, "host", "127/8 gets scope host like iproute2")

-- per device
local only = net.addr_list("net1", "eth0")
local all_eth0 = true
for _, a in ipairs(only) do if a.dev ~= "eth0" then all_eth0 = false end end
t.ok(#only >= 5 and all_eth0, "addr_list(ns, dev) gives that device's addresses only")

-- delete
t.ok(net.addr_del("net1", "eth0", "10.7.0.1/16"), "delete with prefix")
t.ok(net.addr_del("net1", "eth0", "10.8.0.1"), "delete a bare address (any prefix length)")
t.fails("no such address on eth0 in namespace net1", "delete it again",
  net.addr_del("net1", "eth0", "10.8.0.1"))
t.fails("no such address", "wrong prefix length", net.addr_del("net1", "eth0", "192.167.2.1/16"))
-- how many addresses ip sees (ip -j prints [] for a device with none of that family)
local function ipcount(opt)
  local j = t.json(t.nsh("net1", "ip -j " .. opt .. " addr show dev eth0"))
  return j[1] and #j[1].addr_info or 0
end
t.is(ipcount("-4"), 2, "ip sees two IPv4 addresses left on eth0")

-- flush: IPv4 only by default, the count returned
t.is(net.addr_flush("net1", "eth0"), 2, "flush removes 2 IPv4 addresses")
t.is(ipcount("-4"), 0, "none left for ip")
t.ok(ipcount("-6") >= 1, "IPv6 kept")
t.ok(net.addr_flush("net1", "eth0", { family = "all" }) >= 1, "flush family=all")
t.is(ipcount(""), 0, "nothing left")
t.is(net.addr_flush("net1", "eth0"), 0, "flush of nothing is 0")
t.done()
