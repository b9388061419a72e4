#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/lua/25-route.lua: routes through netlearn, checked against `ip -j route` and real ping
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local L = dofile(os.getenv("TESTLIB") .. "/route_lab.lua")
local net = require("netlearn.core")

L.topology(t)

local function ping(ns, addr)
  local _, code = t.nsh(ns, "ping -c1 -W1 " .. addr .. " >/dev/null 2>&1")
  return code == 0
end

-- 1. what the kernel made by itself
L.routes_match(t, "left", nil, "", "left: route_list == ip route show (connected route only)")
L.routes_match(t, "router", { table = "local" }, "table local", "router: table local matches")
L.routes_match(t, "router", { table = "all" }, "table all", "router: table all matches")
local conn = net.route_list("left")[1]
t.is(conn.dst, "10.1.1.0/24", "connected route dst")
t.is(conn.dst_len, 24, "connected route dst_len")
t.is(conn.protocol, "kernel", "connected route protocol kernel")
t.is(conn.scope, "link", "connected route scope link")
t.is(conn.src, "10.1.1.2", "connected route src")
t.is(conn.table, 254, "connected route in table 254 (main)")

-- 2. no route yet: the article's "Network is unreachable"
t.fails("^Network is unreachable", "route_get without a route", net.route_get("left", "10.1.2.2"))
t.ok(not ping("left", "10.1.2.2"), "left cannot ping right before any route")

-- 3. routes and forwarding by netlearn: traffic flows
t.ok(net.route_add("left", { dst = "default", via = "10.1.1.1" }), "left: default via 10.1.1.1")
t.ok(net.route_add("right", { dst = "10.1.1.0/24", via = "10.1.2.1", metric = 10 }), "right: 10.1.1.0/24 via 10.1.2.1 metric 10")
t.ok(not ping("left", "10.1.2.2"), "still no ping while the router does not forward")
t.ok(net.sysctl_set("router", "net.ipv4.ip_forward", "1"), "router: ip_forward=1")
t.ok(ping("left", "10.1.2.2"), "left pings right through the router")
t.ok(ping("right", "10.1.1.2"), "right pings left through the router")
L.routes_match(t, "left", nil, "", "left: routes match ip after add")
L.routes_match(t, "right", nil, "", "right: routes match ip after add (metric)")
local def = net.route_list("left")[1]
t.is(def.dst, "default", "default route listed as default")
t.is(def.gateway, "10.1.1.1", "default route gateway")
t.is(def.dev, "l-r", "default route dev resolved from the gateway")
t.is(def.scope, "global", "route with via gets scope global (iproute2 default)")
t.is(def.protocol, "boot", "route added gets proto boot (iproute2 default)")

-- 4. route_get like ip route get
local g = assert(net.route_get("left", "10.1.2.2"))
local ipg = t.json(t.nsh("left", "ip -j route get 10.1.2.2"))[1]
t.is(g.dev, ipg.dev, "route_get dev == ip route get")
t.is(g.gateway, ipg.gateway, "route_get gateway == ip route get")
t.is(g.src, ipg.prefsrc, "route_get src == ip route get")
t.is(g.type, "unicast", "route_get type unicast")
t.is(g.table, 254, "route_get table main (RTM_F_LOOKUP_TABLE)")
g = assert(net.route_get("router", "10.1.2.2", { from = "10.1.1.2", iif = "r-l" }))
t.is(g.dev, "r-r", "route_get from/iif: forwarded out r-r")
g = assert(net.route_get("router", "10.1.1.1"))
t.is(g.type, "local", "route_get of an own address: type local")
-- (with no custom rules the kernel keeps local and main merged, so it says 254 here, as `ip -d route get` does)
local ipd = t.json(t.nsh("router", "ip -d -j route get 10.1.1.1"))[1]
t.is(({ [254] = "main", [255] = "local" })[g.table], ipd.table, "route_get of an own address: table as ip -d route get")
g = assert(net.route_get("router", "10.1.2.2", { oif = "r-r" }))
t.is(g.dev, "r-r", "route_get with oif")

-- 5. dev-only route: scope link
t.ok(net.route_add("router", { dst = "10.9.0.0/16", dev = "r-r", src = "10.1.2.1", proto = "static" }), "router: 10.9.0.0/16 dev r-r src proto static")
local r9
for _, r in ipairs(net.route_list("router")) do if r.dst == "10.9.0.0/16" then r9 = r end end
t.is(r9 and r9.scope, "link", "dev-only route gets scope link")
t.is(r9 and r9.src, "10.1.2.1", "src (prefsrc) set")
t.is(r9 and r9.protocol, "static", "proto static set")
L.routes_match(t, "router", nil, "", "router: routes match ip (dev route, src, proto)")

-- 6. replace, change, delete
t.ok(net.route_replace("router", { dst = "10.9.0.0/16", via = "10.1.1.2" }), "replace 10.9.0.0/16 with a via route")
L.routes_match(t, "router", nil, "", "after replace: routes match ip")
local out = t.nsh("router", "ip -j route show 10.9.0.0/16")
t.is(t.json(out)[1].gateway, "10.1.1.2", "ip sees the replaced gateway")
t.ok(net.route_change("router", { dst = "10.9.0.0/16", via = "10.1.2.2" }), "change 10.9.0.0/16 gateway")
t.is(t.json(t.nsh("router", "ip -j route show 10.9.0.0/16"))[1].gateway, "10.1.2.2", "ip sees the changed gateway")
t.fails("No such file or directory", "change of a missing route fails (no create)", net.route_change("router", { dst = "10.8.0.0/16", via = "10.1.2.2" }))
t.is(t.nsh("router", "ip route show 10.8.0.0/16"), "", "... and creates nothing")
t.ok(net.route_del("router", { dst = "10.9.0.0/16" }), "delete 10.9.0.0/16")
t.is(t.nsh("router", "ip route show 10.9.0.0/16"), "", "ip sees it gone")
t.ok(net.route_replace("router", { dst = "10.7.0.0/16", dev = "r-l" }), "replace creates a missing route")
t.ok(net.route_del("router", { dst = "10.7.0.0/16", dev = "r-l" }), "delete with dev")
t.fails("no such route", "delete it twice", net.route_del("router", { dst = "10.7.0.0/16" }))
t.ok(net.route_add("right", { dst = "10.1.1.0/24", via = "10.1.2.1", metric = 20 }), "same prefix, another metric")
t.ok(net.route_del("right", { dst = "10.1.1.0/24", metric = 20 }), "delete by metric")
L.routes_match(t, "right", nil, "", "right: metric 10 route left alone")

-- 7. tables
t.ok(net.route_add("left", { dst = "10.5.0.0/16", via = "10.1.1.1", table = 100 }), "add to table 100")
t.ok(net.route_add("left", { dst = "10.6.0.0/16", via = "10.1.1.1", table = "100" }), "table as a string number")
L.routes_match(t, "left", { table = 100 }, "table 100", "table 100 matches ip")
L.routes_match(t, "left", { table = "all" }, "table all", "table all matches ip")
t.is(#net.route_list("left", { table = 100 }), 2, "table 100 has two routes")
t.ok(net.route_del("left", { dst = "10.5.0.0/16", table = 100 }), "delete from table 100")
t.fails("no such route", "delete from main does not touch table 100", net.route_del("left", { dst = "10.6.0.0/16" }))
t.ok(net.route_add("left", { dst = "10.4.0.0/16", via = "10.1.1.1", table = "default" }), "table by name default")
t.is(t.json(t.nsh("left", "ip -j route show table default"))[1].dst, "10.4.0.0/16", "ip sees it in table default")

-- 8. types
t.ok(net.route_add("router", { dst = "10.20.0.0/16", type = "blackhole" }), "blackhole")
t.ok(net.route_add("router", { dst = "10.21.0.0/16", type = "unreachable" }), "unreachable")
t.ok(net.route_add("router", { dst = "10.22.0.0/16", type = "prohibit" }), "prohibit")
L.routes_match(t, "router", nil, "", "types match ip")
t.is(select(3, net.route_get("router", "10.21.1.1")), net.errno.EHOSTUNREACH, "route_get into unreachable: EHOSTUNREACH")
t.ok(net.route_add("left", { dst = "10.1.2.2", via = "10.1.1.1", metric = 5 }), "host route (no /32)")
t.ok(net.route_add("router", { dst = "10.1.2.2/32", type = "blackhole" }), "blackhole the right host (longer prefix wins)")
t.ok(not ping("left", "10.1.2.2"), "blackhole stops the traffic")
t.ok(net.route_del("router", { dst = "10.1.2.2", type = "blackhole" }), "delete the blackhole by type")
t.ok(ping("left", "10.1.2.2"), "traffic flows again")
local host
for _, r in ipairs(net.route_list("left")) do if r.dst_len == 32 then host = r end end
t.is(host and host.dst, "10.1.2.2", "host route written bare, like ip")

t.ok(net.route_add("router", { dst = "10.50.0.1", type = "local", dev = "r-l" }), "type local: goes to table local, scope host")
local loc = t.json(t.nsh("router", "ip -j route show table local 10.50.0.1"))[1]
t.is(loc and loc.scope, "host", "ip sees scope host in table local")
t.is(net.route_get("router", "10.50.0.1").type, "local", "route_get says local")
L.routes_match(t, "router", { table = "local" }, "table local", "table local matches ip")
t.ok(net.route_del("router", { dst = "10.50.0.1", type = "local", table = "local" }), "delete it from table local")

-- 9. the kernel's own words come through
t.fails("Nexthop has invalid gateway", "unreachable gateway: extended ACK text", net.route_add("left", { dst = "10.30.0.0/16", via = "192.0.2.1" }))
t.fails("File exists", "adding twice: File exists", net.route_add("left", { dst = "default", via = "10.1.1.1" }))
t.fails("Gateway, device and multipath can not be specified", "blackhole with a dev: extended ACK text",
  net.route_add("router", { dst = "10.23.0.0/16", type = "blackhole", dev = "r-l" }))

-- 10. host namespace = the sandbox's own; onlink
t.ok(net.route_list(nil), "route_list of the sandbox's own namespace")
t.ok(net.route_add("left", { dst = "10.40.0.0/16", via = "10.99.0.1", dev = "l-r", onlink = true }), "onlink gateway outside every subnet")
local onl
for _, r in ipairs(net.route_list("left")) do if r.dst == "10.40.0.0/16" then onl = r end end
t.is(onl and onl.flags[1], "onlink", "onlink flag listed")
L.routes_match(t, "left", nil, "", "left: final routes match ip")

t.done()
