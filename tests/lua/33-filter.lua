#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/33-filter: the filter table does what it says. FORWARD policy DROP stops
  the router forwarding (the Docker article's `iptables -P FORWARD ACCEPT` is
  the fix); ACCEPT rules open exactly what they name; INPUT DROP and REJECT on
  the server make a ping vanish and a connection be refused; deleting the rule
  by its handle brings the traffic back. Oracles: real ping and socat. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local topo = dofile(os.getenv("TESTLIB") .. "/nat_lab.lua")
local net = require("netlearn.core")

if select(2, t.sh("command -v socat >/dev/null")) ~= 0 then t.skip_all("socat is not installed (scripts/deps.sh)") end
topo.build(t, { server_route = true })
local pid = topo.listen("server", 80)
local function ping(ns, addr)
  local _, code = t.nsh(ns, "ping -c 1 -W 0.5 " .. addr .. " >/dev/null 2>&1")
  return code == 0
end

t.ok(ping("client", "10.0.2.2"), "before any rule the client pings the server through the router")
t.is((topo.connect(t, "client", "10.0.2.2", 80)), "peer=10.0.1.2", "and connects to it")

t.ok(net.chain_policy("router", "FORWARD", "DROP"), "FORWARD policy DROP")
t.is(topo.ruleset_text(t, "router"), "table ip filter\nchain filter FORWARD filter forward 0 drop",
  "nft shows just the FORWARD chain with policy drop")
t.ok(not ping("client", "10.0.2.2"), "now the ping is not forwarded")
local out, code = topo.connect(t, "client", "10.0.2.2", 80)
t.ok(code ~= 0 and not out:find("peer="), "nor the connection", out)
t.ok(ping("client", "10.0.1.1"), "the router itself still answers (INPUT is not FORWARD)")

-- open TCP port 80 both ways, nothing else
local h1 = net.filter_add("router", { chain = "FORWARD", iif = "r0", oif = "r1", dst = "10.0.2.2", proto = "tcp",
  dport = 80, target = "ACCEPT" })
local h2 = net.filter_add("router", { chain = "FORWARD", iif = "r1", oif = "r0", src = "10.0.2.2", proto = "tcp",
  sport = 80, target = "ACCEPT" })
t.ok(h1 and h2, "two ACCEPT rules for port 80")
t.is(topo.ruleset_text(t, "router"), table.concat({
  "table ip filter",
  "chain filter FORWARD filter forward 0 drop",
  "rule filter FORWARD: iifname==r0 oifname==r1 ip.daddr==10.0.2.2 tcp.dport==80 counter accept",
  "rule filter FORWARD: iifname==r1 oifname==r0 ip.saddr==10.0.2.2 tcp.sport==80 counter accept",
}, "\n"), "nft shows exactly those rules")
t.is((topo.connect(t, "client", "10.0.2.2", 80)), "peer=10.0.1.2", "port 80 gets through")
t.ok(not ping("client", "10.0.2.2"), "ping still does not")
local l = assert(net.nft_list("router"))
t.ok(l.rules[1].packets >= 3 and l.rules[2].packets >= 2, "both rules counted the connection's packets",
  l.rules[1].packets .. " " .. l.rules[2].packets)
t.is(l.chains[1].policy, "DROP", "nft_list shows the policy")

t.ok(net.chain_policy("router", "FORWARD", "ACCEPT"), "FORWARD policy ACCEPT (the article's fix)")
t.ok(ping("client", "10.0.2.2"), "the ping is forwarded again")

-- the server's INPUT: DROP makes the ping vanish, REJECT refuses the connection
local hd = net.filter_add("server", { chain = "INPUT", src = "10.0.1.2", proto = "icmp", target = "DROP" })
t.ok(hd, "server INPUT DROP icmp from the client")
t.ok(not ping("client", "10.0.2.2"), "the client's ping is dropped")
t.ok(ping("router", "10.0.2.2"), "the router's ping is not (src does not match)")
local hr = net.filter_add("server", { chain = "INPUT", proto = "tcp", dport = 80, target = "REJECT" })
t.ok(hr, "server INPUT REJECT tcp port 80")
out, code = topo.connect(t, "client", "10.0.2.2", 80)
t.ok(code ~= 0 and out:find("refused"), "the connection is refused at once (ICMP port unreachable)", out)
local ins = net.filter_add("server", { chain = "INPUT", src = "10.0.1.2", proto = "tcp", dport = 80, target = "ACCEPT",
  position = "insert" })
t.is((topo.connect(t, "client", "10.0.2.2", 80)), "peer=10.0.1.2", "an ACCEPT inserted before the REJECT wins")
t.ok(net.nft_del("server", { table = "filter", handle = ins }) and net.nft_del("server", { table = "filter", handle = hr }),
  "both deleted by handle")
t.is((topo.connect(t, "client", "10.0.2.2", 80)), "peer=10.0.1.2", "the connection works again")
t.ok(net.nft_del("server", { table = "filter", chain = "INPUT", handle = hd }), "the DROP rule deleted by handle")
t.ok(ping("client", "10.0.2.2"), "the ping works again")
t.is(topo.ruleset_text(t, "server"), "table ip filter\nchain filter INPUT filter input 0 accept",
  "the server's INPUT chain is empty")

-- OUTPUT DROP on the client
t.ok(net.filter_add("client", { chain = "OUTPUT", oif = "c0", dst = "10.0.2.0/24", target = "DROP" }), "client OUTPUT DROP")
local _, c2, err = t.nsh("client", "ping -c 1 -W 0.5 10.0.2.2")
t.ok(c2 ~= 0, "the client cannot send to 10.0.2.0/24", err)
t.ok(net.chain_policy("client", "INPUT", "DROP"), "client INPUT policy DROP")
t.ok(not ping("router", "10.0.1.2"), "nothing reaches the client")
t.ok(net.chain_policy("client", "INPUT", "ACCEPT") and net.nft_flush("client"), "reset")
t.ok(ping("client", "10.0.2.2"), "everything flows again")

topo.stop(pid)
t.done()
