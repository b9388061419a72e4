#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/32-nat-dnat: DNAT in PREROUTING brings outside connections to a listener
  behind the router; locally made connections skip PREROUTING (the Docker
  article's "curl 192.168.0.10:8888 from the host itself is refused") until a
  DNAT rule in OUTPUT catches them. Oracle: a socat listener on the server that
  reports the source address it saw. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local topo = dofile(os.getenv("TESTLIB") .. "/nat_lab.lua")
local net = require("netlearn.core")

if select(2, t.sh("command -v socat >/dev/null")) ~= 0 then t.skip_all("socat is not installed (scripts/deps.sh)") end
topo.build(t, { server_route = true })
local pid = topo.listen("server", 80)

local out, code = topo.connect(t, "client", "10.0.2.2", 80)
t.is(out, "peer=10.0.1.2", "the client reaches the server directly (routing works)")
out, code = topo.connect(t, "client", "10.0.1.1", 8888)
t.ok(code ~= 0 and out:find("refused"), "nothing listens on the router's port 8888 yet", out)

local hp = net.nat_add("router", { chain = "PREROUTING", proto = "tcp", dport = 8888, target = "DNAT", to = "10.0.2.2:80" })
t.ok(hp, "PREROUTING DNAT added")
t.is(topo.ruleset_text(t, "router"), table.concat({
  "table ip nat",
  "chain nat PREROUTING nat prerouting -100 accept",
  "rule nat PREROUTING: tcp.dport==8888 counter dnat:10.0.2.2:80",
}, "\n"), "the router's ruleset is exactly that")
out, code = topo.connect(t, "client", "10.0.1.1", 8888)
t.is(out, "peer=10.0.1.2", "client -> router:8888 reaches the server's port 80, with the client's own source")
t.is(code, 0, "and the connection closes cleanly")

-- the article's point: the router's own connection does not pass PREROUTING
out, code = topo.connect(t, "router", "10.0.1.1", 8888)
t.ok(code ~= 0 and out:find("refused"), "from the router itself, 10.0.1.1:8888 is refused", out)

local ho = net.nat_add("router", { chain = "OUTPUT", proto = "tcp", dport = 8888, target = "DNAT", to = "10.0.2.2:80" })
t.ok(ho, "OUTPUT DNAT added")
local lines = topo.ruleset(t, "router")
t.is(#lines, 5, "one more chain and rule, nothing else")
t.is(lines[3], "chain nat OUTPUT nat output -100 accept", "nft shows the nat OUTPUT chain")
t.is(lines[5], "rule nat OUTPUT: tcp.dport==8888 counter dnat:10.0.2.2:80", "and the OUTPUT rule")
out, code = topo.connect(t, "router", "10.0.1.1", 8888)
t.like(out, "^peer=10%.0%.%d%.1$", "now the router's own connection reaches the server")

-- DNAT without a port keeps the port; with iif it only catches what comes in there
assert(net.nft_flush("router", { table = "nat" }))
local pid2 = topo.listen("server", 8080)
t.ok(net.nat_add("router", { chain = "PREROUTING", iif = "r0", dst = "10.0.1.1", proto = "tcp", dport = 8080,
  target = "DNAT", to = "10.0.2.2" }), "DNAT to an address only")
out = topo.connect(t, "client", "10.0.1.1", 8080)
t.is(out, "peer=10.0.1.2", "the port stays 8080")

local l = assert(net.nft_list("router"))
local r = l.rules[1]
t.ok(r and r.iif == "r0" and r.dst == "10.0.1.1/32" and r.dport == 8080 and r.to == "10.0.2.2" and r.packets >= 1,
  "nft_list shows the rule and its hits")
-- counters count the connection's first packet (NAT sees only new connections)
t.ok(r and r.packets <= 2, "NAT rules see only a connection's first packet", r and r.packets)

topo.stop(pid)
topo.stop(pid2)
t.done()
