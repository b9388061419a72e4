#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/56-iptables: every iptables line of the articles, typed into netlearn and
  into the real iptables-nft on the same lab, must translate the same real
  traffic the same way (the source a listener sees after MASQUERADE/SNAT, a
  DNAT reaching the listener, FORWARD policies and rules dropping or passing),
  and `iptables -S` / `-nL` must print what the real tool prints for the rules
  it made itself. Lab (nat-topo.lua): client 10.0.1.2 -- router -- 10.0.2.2 server. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local topo = dofile(os.getenv("TESTLIB") .. "/nat_lab.lua")
local lib = dofile(os.getenv("TESTLIB") .. "/cmd_misc.lua")
local net = require("netlearn.core")

if select(2, t.sh("command -v socat >/dev/null && command -v iptables >/dev/null")) ~= 0 then
  t.skip_all("socat or iptables missing (scripts/deps.sh)")
end
topo.build(t)
local server_l = topo.listen("server", 7000)
local client_l = topo.listen("client", 7000)

local function outcome(ns, addr, port)
  local out, code = topo.connect(t, ns, addr, port)
  local peer = out:match("peer=(%S+)")
  if peer then return "peer=" .. peer end
  if out:find("refused") then return "refused" end
  return code == 0 and "ok" or "no answer"
end

local function clean()
  t.nsh("router", "nft flush ruleset")
end

-- Apply lines via netlearn or via the real tool, then measure.
local function apply(via, lines)
  for _, l in ipairs(lines) do
    if via == "netlearn" then
      local st, _, err = lib.run(l, "router")
      if st ~= 0 then return "netlearn failed: " .. l .. ": " .. err end
    else
      local _, code, err = t.nsh("router", l)
      if code ~= 0 then return "iptables failed: " .. l .. ": " .. tostring(err) end
    end
  end
end

-- prot is numeric in iptables 1.8.9's -n listings; netlearn prints names as other versions do
local PROTO = { ["0"] = "all", ["6"] = "tcp", ["17"] = "udp", ["1"] = "icmp" }
local function norm_list(text, numbered)
  local out = {}
  for _, l in ipairs(lib.lines(text)) do
    if l ~= "" and not l:match("^Chain") and not l:match("^target") and not l:match("^num") then
      local pre, p, rest = l:match("^(" .. (numbered and "%d+%s+" or "") .. "%S+%s+)(%d+)%s*(%-%-.*)$")
      if p and PROTO[p] then l = pre .. string.format("%-5s", PROTO[p]) .. rest end
    end
    out[#out + 1] = l
  end
  return table.concat(out, "\n") .. (text:sub(-1) == "\n" and "\n" or "")
end

local cases = {
  { name = "MASQUERADE -s NET -o DEV (Docker article)", probe = { "client", "10.0.2.2", 7000 },
    lines = { "iptables -t nat -A POSTROUTING -s 10.0.1.0/24 -o r1 -j MASQUERADE" } },
  { name = "MASQUERADE -s NET (packet-path article)", probe = { "client", "10.0.2.2", 7000 },
    lines = { "iptables -t nat -A POSTROUTING -s 10.0.1.0/24 -j MASQUERADE" } },
  { name = "SNAT --to-source", probe = { "client", "10.0.2.2", 7000 },
    lines = { "iptables -t nat -A POSTROUTING -s 10.0.1.0/24 -j SNAT --to-source 10.0.2.1" } },
  { name = "-I POSTROUTING puts the rule first", probe = { "client", "10.0.2.2", 7000 },
    lines = { "iptables -t nat -A POSTROUTING -s 10.0.1.0/24 -j MASQUERADE",
              "iptables -t nat -I POSTROUTING -s 10.0.1.2 -o r1 -j SNAT --to-source 10.0.2.1" } },
  { name = "-D POSTROUTING 1 takes the NAT away", probe = { "client", "10.0.2.2", 7000 },
    lines = { "iptables -t nat -A POSTROUTING -s 10.0.1.0/24 -j MASQUERADE", "iptables -t nat -D POSTROUTING 1" } },
  { name = "-D with the rule's words", probe = { "client", "10.0.2.2", 7000 },
    lines = { "iptables -t nat -A POSTROUTING -s 10.0.1.0/24 -j MASQUERADE",
              "iptables -t nat -D POSTROUTING -s 10.0.1.0/24 -j MASQUERADE" } },
  { name = "DNAT --to-destination in PREROUTING reaches the listener", probe = { "server", "10.0.2.1", 8888 },
    lines = { "iptables -t nat -A PREROUTING -p tcp --dport 8888 -j DNAT --to-destination 10.0.1.2:7000" } },
  { name = "DNAT --to- as the article types it", probe = { "server", "10.0.2.1", 9999 },
    lines = { "iptables -t nat -A PREROUTING -p tcp --dport 9999 -j DNAT --to- 10.0.1.2:7000" } },
  { name = "PREROUTING DNAT does not apply to the router's own connections", probe = { "router", "10.0.2.1", 8888 },
    lines = { "iptables -t nat -A PREROUTING -p tcp --dport 8888 -j DNAT --to-destination 10.0.1.2:7000" } },
  { name = "an OUTPUT DNAT does", probe = { "router", "10.0.2.1", 8888 },
    lines = { "iptables -t nat -A OUTPUT -p tcp --dport 8888 -j DNAT --to-destination 10.0.1.2:7000" } },
  { name = "-F POSTROUTING empties the chain", probe = { "client", "10.0.2.2", 7000 },
    lines = { "iptables -t nat -A POSTROUTING -s 10.0.1.0/24 -j MASQUERADE", "iptables -t nat -F POSTROUTING" } },
  -- filtering needs the server's way back
  { name = "-P FORWARD DROP", route = true, probe = { "client", "10.0.2.2", 7000 },
    lines = { "iptables -P FORWARD DROP" } },
  { name = "-P FORWARD DROP then -A FORWARD -j ACCEPT", route = true, probe = { "client", "10.0.2.2", 7000 },
    lines = { "iptables -P FORWARD DROP", "iptables -A FORWARD -j ACCEPT" } },
  { name = "-t filter --policy FORWARD ACCEPT (Docker article)", route = true, probe = { "client", "10.0.2.2", 7000 },
    lines = { "iptables -P FORWARD DROP", "iptables -t filter --policy FORWARD ACCEPT" } },
  { name = "-A FORWARD -i -o -p tcp -j DROP", route = true, probe = { "client", "10.0.2.2", 7000 },
    lines = { "iptables -A FORWARD -i r0 -o r1 -p tcp -j DROP" } },
  { name = "-A FORWARD -s -d -j REJECT", route = true, probe = { "client", "10.0.2.2", 7000 },
    lines = { "iptables -A FORWARD -s 10.0.1.2 -d 10.0.2.2 -p tcp --dport 7000 -j REJECT" } },
  { name = "a DROP for another port leaves this one alone", route = true, probe = { "client", "10.0.2.2", 7000 },
    lines = { "iptables -A FORWARD -p tcp --dport 7001 -j DROP" } },
}

local routed = false
for _, c in ipairs(cases) do
  if c.route and not routed then
    assert(select(2, t.nsh("server", "ip route add default via 10.0.2.1")) == 0)
    routed = true
  end
  clean()
  local e1 = apply("netlearn", c.lines)
  local got = e1 or outcome(table.unpack(c.probe))
  local _, s_nl = lib.run("iptables -S", "router")
  local _, n_nl = lib.run("iptables -t nat -S", "router")
  local _, l_nl = lib.run("iptables -t nat -nL --line-numbers", "router")
  local _, f_nl = lib.run("iptables -nL", "router")
  clean()
  local e2 = apply("real", c.lines)
  local want = e2 or outcome(table.unpack(c.probe))
  local s_r = t.nsh("router", "iptables -S")
  local n_r = t.nsh("router", "iptables -t nat -S")
  local l_r = t.nsh("router", "iptables -t nat -nL --line-numbers")
  local f_r = t.nsh("router", "iptables -nL")
  t.is(got, want, c.name .. ": same traffic (" .. want .. ")")
  t.is(n_nl .. s_nl, n_r .. s_r, c.name .. ": iptables -S as iptables prints it")
  t.is(l_nl, norm_list(l_r, true), c.name .. ": iptables -t nat -nL --line-numbers")
  t.is(f_nl, norm_list(f_r, false), c.name .. ": iptables -nL")
end
clean()

-- -L without -n: names, as iptables prints them
assert(apply("netlearn", { "iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.1.2:7000",
  "iptables -t nat -A POSTROUTING -s 10.0.1.0/24 -j MASQUERADE" }) == nil)
local _, l_nl = lib.run("iptables -t nat -L", "router")
clean()
apply("real", { "iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.1.2:7000",
  "iptables -t nat -A POSTROUTING -s 10.0.1.0/24 -j MASQUERADE" })
t.is(l_nl, t.nsh("router", "iptables -t nat -L"), "iptables -t nat -L (names, anywhere, dpt:http)")
clean()

-- -v counters move with traffic
assert(apply("netlearn", { "iptables -A FORWARD -p tcp -j ACCEPT" }) == nil)
outcome("client", "10.0.2.2", 7000)
local _, v = lib.run("iptables -L FORWARD -n -v -x", "router")
local pk = v:match("\n%s+(%d+)%s+%d+ ACCEPT")
t.ok(pk and tonumber(pk) > 0, "iptables -nvx shows the rule's packet counter", v)
t.like(v, "Chain FORWARD %(policy ACCEPT 0 packets, 0 bytes%)", "-v header")
clean()

-- results readable from Lua: the article's listing lines
assert(apply("netlearn", { "iptables -t nat -A POSTROUTING -s 172.168.1.0/24 -j MASQUERADE" }) == nil)
local _, txt = lib.run("iptables -t nat -nL POSTROUTING", "router")
t.is(txt, "Chain POSTROUTING (policy ACCEPT)\ntarget     prot opt source               destination         \n" ..
  "MASQUERADE  all  --  172.168.1.0/24       0.0.0.0/0           \n", "the Docker article's listing, line for line")
local _, s = lib.run("iptables -t nat -S POSTROUTING", "router")
t.is(s, "-P POSTROUTING ACCEPT\n-A POSTROUTING -s 172.168.1.0/24 -j MASQUERADE\n", "-S CHAIN")
clean()
topo.stop(server_l)
topo.stop(client_l)
t.done()
