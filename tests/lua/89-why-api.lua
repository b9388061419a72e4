#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/89-why-api: the Lua API's shape (what a lesson or quiz reads), the quiz
  view, Chinese messages, ctx.results, bad input (one line, nothing changed), and
  the IPIP article's tunnel: a missing return route behind the tunnel's far end. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lib = dofile(os.getenv("TESTLIB") .. "/why_lab.lua")
local why = require("netlearn.why")
local net = require("netlearn.core")

lib.article1(t)
lib.build(t, "ip route add 192.167.2.0/24 via 192.167.3.1")

-- the result's shape
local r = why.diagnose("host", "192.167.2.2", { probe = false })
t.is(type(r.ok), "boolean", "r.ok is a boolean")
t.is(type(r.hops), "table", "r.hops is a list")
t.is(r.broken, 3, "r.broken indexes the first broken hop")
for i, h in ipairs(r.hops) do
  t.ok(type(h.ns) == "string" and type(h.what) == "string" and type(h.ok) == "boolean" and type(h.detail) == "string",
    "hop " .. i .. " has ns, what, ok, detail")
end
t.is(r.hops[r.broken].fix, r.fix, "r.fix is the broken hop's fix")
t.is(r.confirmed, nil, "probe=false: nothing confirmed")
r = why.diagnose("host", "192.167.2.2")
t.is(r.confirmed, true, "with the probe: confirmed")
t.is(r.worked, false, "r.worked says what the probe saw")

-- the quiz view: no marks, no fix, no verdict
local q = why.format(r, { quiz = true })
local text = table.concat(q, "\n")
t.ok(not text:find("✔", 1, true) and not text:find("✘", 1, true), "quiz view: no ✔/✘", text)
t.unlike(text, "fix:", "quiz view: no fix")
t.is(#q, #r.hops + 1, "quiz view: the title and every hop")
t.like(why.format(r)[r.broken + 1], "✘", "the normal view marks the broken hop")

-- Chinese
r = why.diagnose("host", "192.167.2.2", { lang = "zh", probe = false })
t.like(r.hops[r.broken].detail, "ip_forward=0", "zh: the detail")
t.like(r.hops[r.broken].detail, "丢弃", "zh: in Chinese")
local st, out = lib.run("why --lang zh host 192.167.2.2")
t.like(out, "预测：ping 不通，断在第 3 跳", "zh: the verdict line")
t.like(out, "修复：ip netns exec net1 sysctl %-w net%.ipv4%.ip_forward=1", "zh: the fix line")

-- ctx.results
local _, _, _, ctx = lib.run("why --no-probe host 192.167.2.2")
local last = ctx.results[#ctx.results]
t.ok(last and last.kind == "why" and last.result.broken == 3, "the command leaves its result in ctx.results")

-- bad input: one line on stderr, status 2, nothing changed
local before = lib.run("ip -j route") and select(2, lib.run("ip -j route"))
local bad = {
  { "why", "usage: why" },
  { "why net2", "usage: why" },
  { "why net9 192.167.2.2", "net9: no such namespace" },
  { "why net2 192.167.2", "192.167.2: not an IPv4 address" },
  { "why net2 192.167.2.300", "192%.167%.2%.300: not an IPv4 address" },
  { "why net2 192.167.2.2:0", "0: not a port number" },
  { "why net2 192.167.2.2:http", "http: not a port number" },
  { "why --bogus net2 192.167.2.2", "unknown option %-%-bogus" },
  { "why a b c", "usage: why" },
}
for _, c in ipairs(bad) do
  local s, o, e = lib.run(c[1])
  t.is(s, 2, c[1] .. ": status 2")
  t.like(e, "^why: " .. c[2], c[1] .. ": says what is wrong")
  t.is(select(2, e:gsub("\n", "")), 1, c[1] .. ": one line")
  t.is(o, "", c[1] .. ": nothing on stdout")
end
t.is(select(2, lib.run("ip -j route")), before, "bad input changed nothing")
t.fails("no such namespace", "API: unknown namespace", why.diagnose("nope", "1.2.3.4"))
t.fails("not an IPv4 address", "API: bad address", why.diagnose("host", "1.2.3"))

-- the IPIP article: two hosts, a tunnel, a server behind each
lib.build(t, [[
ip netns add h1 && ip netns add h2 && ip netns add s1 && ip netns add s2
ip link add eth0 type veth peer name eth0 netns h2
ip link set eth0 netns h1
ip netns exec h1 ip addr add 172.16.94.141/24 dev eth0 && ip netns exec h1 ip link set eth0 up
ip netns exec h2 ip addr add 172.16.94.142/24 dev eth0 && ip netns exec h2 ip link set eth0 up
ip link add int0 type veth peer name br-int0 netns h1
ip link set int0 netns s1
ip netns exec s1 ip addr add 10.1.5.10/24 dev int0 && ip netns exec s1 ip link set int0 up && ip netns exec s1 ip route add default via 10.1.5.1
ip netns exec h1 ip addr add 10.1.5.1/24 dev br-int0 && ip netns exec h1 ip link set br-int0 up
ip link add int0 type veth peer name br-int0 netns h2
ip link set int0 netns s2
ip netns exec s2 ip addr add 10.1.8.10/24 dev int0 && ip netns exec s2 ip link set int0 up && ip netns exec s2 ip route add default via 10.1.8.1
ip netns exec h2 ip addr add 10.1.8.1/24 dev br-int0 && ip netns exec h2 ip link set br-int0 up
ip netns exec h1 ip tunnel add tun0 mode ipip remote 172.16.94.142 local 172.16.94.141
ip netns exec h2 ip tunnel add tun0 mode ipip remote 172.16.94.141 local 172.16.94.142
ip netns exec h1 ip addr add 1.1.1.1/24 dev tun0 && ip netns exec h1 ip link set tun0 up
ip netns exec h2 ip addr add 1.1.1.2/24 dev tun0 && ip netns exec h2 ip link set tun0 up
ip netns exec h1 sysctl -w net.ipv4.ip_forward=1
ip netns exec h2 sysctl -w net.ipv4.ip_forward=1
ip netns exec h1 ip route add 10.1.8.0/24 dev tun0
]])
r = why.diagnose("s1", "10.1.8.10")
local function broken(x) return x.broken and x.hops[x.broken] or {} end
local entered, outer
for i = 1, (r.broken or #r.hops) do
  local h = r.hops[i]
  if h.what == "tunnel" and h.detail:find("outer 172.16.94.141 > 172.16.94.142", 1, true) then entered = true end
  if h.detail:find("[outer]", 1, true) then outer = true end
end
t.ok(entered, "the walk enters tun0 with the outer addresses", lib.text(r))
t.ok(outer, "and follows the outer packet over the underlay")
t.is(broken(r).ns, "h2", "h2 cannot send the reply back")
t.is(broken(r).what, "route", "... no route")
t.is(broken(r).dir, "reply", "... on the reply's way")
t.like(r.fix or "", "^ip netns exec h2 ip route add 10%.1%.5%.0/24 ", "fix: a route on h2 to 10.1.5.0/24")
t.is(r.confirmed, true, "the probe confirms it")
lib.apply(t, "ip netns exec h2 ip route add 10.1.5.0/24 dev tun0", "the article's route")
t.ok(lib.ping_ok("s1", "10.1.8.10"), "s1 pings s2 through the tunnel")
r = why.diagnose("s1", "10.1.8.10")
t.ok(r.ok and r.confirmed, "why agrees", lib.text(r))
t.done()
