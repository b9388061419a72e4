#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/31-nat-masquerade: MASQUERADE and SNAT really rewrite the source address
  the far side sees. client -> router -> server, and the server has no route
  back to the client's network: without NAT nothing returns; with NAT the
  server answers the router, which undoes the translation. Oracles: the source
  address a socat listener reports, and a real tcpdump in the server. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local topo = dofile(os.getenv("TESTLIB") .. "/nat_lab.lua")
local net = require("netlearn.core")

if select(2, t.sh("command -v socat >/dev/null")) ~= 0 then t.skip_all("socat is not installed (scripts/deps.sh)") end
topo.build(t)
local pid = topo.listen("server", 7000)

local out, code = topo.connect(t, "client", "10.0.2.2", 7000)
t.ok(code ~= 0 and not out:find("peer="), "without NAT the server's answer cannot come back", out)

local h = net.nat_add("router", { chain = "POSTROUTING", src = "10.0.1.0/24", oif = "r1", target = "MASQUERADE" })
t.ok(h, "MASQUERADE rule added")
t.is(topo.ruleset_text(t, "router"), table.concat({
  "table ip nat",
  "chain nat POSTROUTING nat postrouting 100 accept",
  "rule nat POSTROUTING: oifname==r1 ip.saddr==10.0.1.0/24 counter masquerade",
}, "\n"), "the router's ruleset is exactly that")

out, code = topo.connect(t, "client", "10.0.2.2", 7000)
t.is(out, "peer=10.0.2.1", "the server sees the router's address, not 10.0.1.2")
t.is(code, 0, "the connection works")

local r = assert(net.nft_list("router")).rules[1]
t.ok(r and r.handle == h and r.packets >= 1 and r.bytes > 0, "the rule's counter shows the hit",
  r and ("packets=" .. r.packets .. " bytes=" .. r.bytes))

-- ping through the masquerade, seen by a real tcpdump on the server's side
local cap = os.tmpname()
local tpid = assert(net.run("server", { "/bin/sh", "-c",
  "exec timeout 5 tcpdump -n -l -c 1 -i s0 icmp >" .. cap .. " 2>/dev/null" }, { background = true }))
t.nsh("server", "sleep 0.5")
local _, pcode = t.nsh("client", "ping -c 2 -i 0.3 -W 1 10.0.2.2")
net.wait(tpid)
local f = io.open(cap)
local seen = f and f:read("a") or ""
if f then f:close() end
os.remove(cap)
t.is(pcode, 0, "the client's ping gets its replies through the NAT")
t.like(seen, "IP 10%.0%.2%.1 > 10%.0%.2%.2: ICMP echo request", "tcpdump in the server sees the request from 10.0.2.1")

-- SNAT to a fixed address instead
assert(t.nsh("router", "ip addr add 10.0.2.100/24 dev r1") == "")
t.ok(net.nft_del("router", { table = "nat", handle = h }), "MASQUERADE deleted")
out = topo.connect(t, "client", "10.0.2.2", 7000)
t.unlike(out, "peer=", "without it, no answer again")
t.ok(net.nat_add("router", { chain = "POSTROUTING", src = "10.0.1.2", target = "SNAT", to = "10.0.2.100" }), "SNAT rule added")
t.like(topo.ruleset_text(t, "router"), "rule nat POSTROUTING: ip.saddr==10.0.1.2 counter snat:10.0.2.100",
  "nft shows the SNAT rule")
out = topo.connect(t, "client", "10.0.2.2", 7000)
t.is(out, "peer=10.0.2.100", "the server sees the SNAT address")

-- SNAT with a port: the server sees the chosen source port
assert(net.nft_flush("router", { table = "nat" }))
t.ok(net.nat_add("router", { chain = "POSTROUTING", src = "10.0.1.0/24", proto = "tcp", target = "SNAT",
  to = "10.0.2.100:4444" }), "SNAT with a port")
local sp = topo.listen("server", 7001, true)
out = topo.connect(t, "client", "10.0.2.2", 7001)
topo.stop(sp)
t.is(out, "peer=10.0.2.100 port=4444", "the server sees the SNAT address and port")
local ports = topo.ruleset_text(t, "router")
t.like(ports, "snat:10%.0%.2%.100:4444", "nft shows the port mapping")

topo.stop(pid)
t.done()
