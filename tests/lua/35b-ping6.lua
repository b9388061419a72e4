#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/35b-ping6.lua: ping -6 / ping6 / ping IPV6-ADDRESS (net.ping6, cmd/ping6.lua)
against the real iputils `ping -6` as the oracle, on a lab built with the real `ip`:

    net1 2001:db8:1::2 --v1/r1-- router 2001:db8:1::1 | 2001:db8:2::1 --r2/v2-- net2 2001:db8:2::2

plus `iso` (lo only, no route). DAD is off on every link (accept_dad=0, nodad) so
the addresses, link-local ones included, are usable at once. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lib = dofile(os.getenv("TESTLIB") .. "/cmd_misc.lua")
local net = require("netlearn.core")

for _, n in ipairs { "net1", "router", "net2", "iso" } do assert(net.ns_add(n)) end
local _, code, err = t.sh([[
set -e
ip link add v1 netns net1 type veth peer name r1 netns router
ip link add v2 netns net2 type veth peer name r2 netns router
for l in "net1 v1" "router r1" "router r2" "net2 v2"; do
  set -- $l; ip netns exec $1 sysctl -qw net.ipv6.conf.$2.accept_dad=0
done
ip -n net1 addr add 2001:db8:1::2/64 dev v1 nodad
ip -n router addr add 2001:db8:1::1/64 dev r1 nodad
ip -n router addr add 2001:db8:2::1/64 dev r2 nodad
ip -n net2 addr add 2001:db8:2::2/64 dev v2 nodad
for l in "net1 v1" "net1 lo" "router r1" "router r2" "router lo" "net2 v2" "net2 lo" "iso lo"; do
  set -- $l; ip -n $1 link set $2 up
done
ip -n net1 -6 route add default via 2001:db8:1::1
ip -n net2 -6 route add default via 2001:db8:2::1
ip netns exec router sysctl -qw net.ipv6.conf.all.forwarding=1
for n in net1 router net2; do ip netns exec $n sysctl -qw net.ipv6.icmp.ratelimit=0; done
]])
assert(code == 0, err)
local function ll(ns, dev)
  return (t.nsh(ns, "ip -6 -o addr show dev " .. dev .. " scope link"):match("inet6 (fe80::[%x:]+)/"))
end
local LL1, LLR1 = ll("net1", "v1"), ll("router", "r1")
t.ok(LL1 and LLR1, "both ends of v1/r1 have a link-local address (" .. tostring(LL1) .. ", " .. tostring(LLR1) .. ")")
t.nsh("net1", "ping -6 -c 1 -W 1 2001:db8:2::2 >/dev/null")     -- neighbour discovery warm-up

-- net.ping6 -------------------------------------------------------------------
local events = {}
local r = net.ping6("net1", "2001:db8:2::2", { count = 3, interval = 0.05,
  on_event = function(ev) events[#events + 1] = ev end })
local real = t.nsh("net1", "ping -6 -c 3 -i 0.05 2001:db8:2::2")
t.ok(r, "net.ping6 returns a result")
t.is(r.family, "inet6", "family inet6")
t.is(r.sent, 3, "3 sent")
t.is(r.received, tonumber(real:match("(%d+) received")), "received agrees with iputils")
t.is(r.ttl, tonumber(real:match("ttl=(%d+)")), "hop limit agrees with iputils")
t.is(r.ttl, 63, "hop limit 63 across one router")
t.is(r.replies[1].bytes, 64, "64 bytes (56 data + 8 ICMPv6 header)")
t.is(r.replies[2].seq, 2, "replies carry icmp_seq")
t.is(r.replies[1].from, "2001:db8:2::2", "reply from the destination")
t.is(r.src, "2001:db8:1::2", "source address chosen by the route")
t.ok(r.rtt_min <= r.rtt_avg and r.rtt_avg <= r.rtt_max, "min <= avg <= max")
t.is(events[1].type, "start", "first event: start")
t.is(events[1].src, "2001:db8:1::2", "start carries the source")
t.is(#events, 4, "then three replies")

r = net.ping6("net1", "2001:db8:2::2", { ttl = 1 })
t.is(r.errors, 1, "hop limit 1: one error")
t.is(r.unreachable[1] and r.unreachable[1].text, "Time exceeded: Hop limit", "Time exceeded: Hop limit")
t.is(r.unreachable[1] and r.unreachable[1].from, "2001:db8:1::1", "from the router")

r = net.ping6("net1", "2001:db9::1")
t.is(r.unreachable[1] and r.unreachable[1].text, "Destination unreachable: No route", "router without a route: No route")

r = net.ping6("iso", "2001:db8:1::1")
t.is(r.error, "connect: Network is unreachable", "no route at all: connect: Network is unreachable")
t.is(r.errno, net.errno.ENETUNREACH, "errno ENETUNREACH")
t.is(r.sent, 0, "nothing sent")

r = net.ping6("net1", LLR1 .. "%v1")
t.is(r.received, 1, "link-local with a zone answers")
t.is(r.replies[1].from, LLR1 .. "%v1", "the reply's address carries its zone")
t.is(r.dest, LLR1 .. "%v1", "and so does dest")
r = net.ping6("net1", LLR1, { dev = "v1" })
t.is(r.received, 1, "link-local with dev = v1 answers")
t.is(r.src, LL1, "source: our link-local address on v1")

r = net.ping6("net1", "::1")
t.is(r.received, 1, "::1 answers")

-- multicast: every host on v1 answers (net1 itself and the router); the second
-- answer to a seq is a duplicate, printed without (DUP!) and counted as iputils does
r = net.ping6("net1", "ff02::1%v1", { count = 2, interval = 0.2 })
t.is(r.received, 2, "ff02::1%v1: 2 received")
t.is(r.duplicates, 1, "and 1 duplicate")
do
  local line = "ping -c 2 -i 0.2 ff02::1%v1"
  local _, out = lib.run(line, "net1")
  local rout = t.nsh("net1", line)
  local pat = "2 packets transmitted, 2 received, %+1 duplicates, 0%% packet loss"
  t.like(rout, pat, line .. ": iputils counts the duplicate")
  t.like(out, pat, line .. ": so does netlearn")
  t.unlike(out, "DUP!", line .. ": without (DUP!) for a multicast destination")
end

t.fails("not an IPv6 address", "bad address: nil, message, errno", net.ping6("net1", "zz::1"))
t.fails("no such interface for the zone", "unknown zone", net.ping6("net1", "fe80::1%nodev"))
t.fails("No such device", "unknown dev", net.ping6("net1", "2001:db8:1::1", { dev = "nodev" }))
t.fails("out of range", "hop limit 300", net.ping6("net1", "2001:db8:1::1", { ttl = 300 }))
t.fails("no such namespace", "unknown namespace", net.ping6("nons", "2001:db8:1::1"))
t.is(net.inet6_canon("2001:DB8:0::1%v1"), "2001:db8::1%v1", "inet6_canon keeps the zone")
t.is(net.inet6_canon("10.0.0.1"), nil, "inet6_canon: not IPv6")

-- the command lines against the real ping ------------------------------------
local function norm(s)
  s = s:gsub("time=[%d.]+ ms", "time=T ms")
  s = s:gsub("time %d+ms", "time Nms")
  s = s:gsub("rtt min/avg/max/mdev = [%d./]+ ms", "rtt min/avg/max/mdev = R ms")
  return s
end
local function compare(line, ns)
  local st, out, e, ctx = lib.run(line, ns, { results = {} })
  local rout, rc, rerr = t.nsh(ns, line)
  t.is(norm(out), norm(rout), line .. ": the lines iputils prints")
  t.is(e:match("^[^\n]*"), (rerr or ""):match("^[^\n]*"), line .. ": the same first error line")
  t.is(st, rc, line .. ": exit status " .. tostring(rc))
  return st, out, e, ctx
end
for _, line in ipairs {
  "ping -6 -c 2 -i 0.2 2001:db8:2::2",
  "ping6 -c 1 2001:db8:1::1",
  "ping -c 1 2001:db8:2::2",
  "ping 2001:db8:2::2 -c 1 -q",
  "ping -6 -c 1 -s 100 2001:db8:1::1",
  "ping -c 1 -t 1 2001:db8:2::2",
  "ping -c 2 -i 0.2 2001:db9::1",
  "ping -c 1 -I 2001:db8:1::2 2001:db8:1::1",
  "ping -c 1 -I v1 2001:db8:1::1",
  "ping -c 1 " .. LLR1 .. "%v1",
  "ping -c 1 -I v1 " .. LLR1,
  "ping -c 1 " .. LLR1,
  "ping -c 1 ::1",
} do
  local st, _, _, ctx = compare(line, "net1")
  if st ~= 2 then
    local res = ctx.results[#ctx.results]
    t.ok(res and res.kind == "ping" and res.family == "inet6" and res.result.sent >= 1,
      line .. ": the result is in ctx.results")
  end
end
compare("ping -6 -c 1 2001:db8:1::1", "iso")     -- connect: Network is unreachable
compare("ping -c 1 -W 5 2001:db8:1::9", "net1")  -- neighbour discovery fails: Address unreachable
local st, out = lib.run("ip netns exec net2 ping6 -c 1 2001:db8:1::2")
t.is(norm(out), norm(t.nsh("net2", "ping -6 -c 1 2001:db8:1::2")), "ip netns exec net2 ping6: the same lines")
t.is(st, 0, "and status 0")

-- bad input: iputils' line, one hint, the same exit status
for _, line in ipairs {
  "ping -6 -c 1",
  "ping -c 1 -4 2001:db8:1::1",
  "ping -6 -c 1 10.0.0.1",
  "ping6 -c 1 2001:db8::zz",
  "ping -c 1 fe80::1%nodev",
  "ping -c 1 -I nodev 2001:db8:1::1",
  "ping -c 1 -t 256 2001:db8:1::1",
  "ping6 -c 1 nosuchhost",
  "ping6 -c 0 2001:db8:1::1",
  "ping6 -X 2001:db8:1::1",
} do
  local st2, out2, e2 = lib.run(line, "net1")
  local rout, rc, rerr = t.nsh("net1", line)
  t.is(st2, rc, line .. ": exit status " .. tostring(rc))
  t.is(out2, "", line .. ": nothing on stdout")
  t.is(e2:match("^[^\n]*"), (rout .. (rerr or "")):match("^[^\n]*"), line .. ": iputils' error line")
  t.like(e2, "^[^\n]*\nhint: [^\n]+\n$", line .. ": then one hint line")
end

-- the hints in Chinese too
local i18n = require("netlearn.i18n")
local p6 = require("netlearn.cmd.ping6")
local missing = {}
for k in pairs(p6.messages.en) do if not p6.messages.zh[k] then missing[#missing + 1] = k end end
t.is(table.concat(missing, " "), "", "every ping6 hint has its Chinese")
i18n.set("zh")
local _, _, ezh = lib.run("ping6 -c 1 2001:db8::zz", "net1")
i18n.set("en")
t.like(ezh, "^ping6: 2001:db8::zz: Name or service not known\n提示：IPv6 地址", "with --lang zh the hint is Chinese")

-- claims ----------------------------------------------------------------------
local claims = require("netlearn.claims")
local K = claims.kinds
local lab = { net = net, lang = "en" }
t.ok(claims.check(K.reaches { from = "net1", to = "2001:db8:2::2" }, lab), "claim: net1 reaches 2001:db8:2::2")
t.ok(claims.check(K.reaches { from = "net1", to = "2001:db8:2::2", ttl = 63 }, lab), "claim: ... with ttl=63 (hop limit)")
t.ok(claims.check(K.reaches { from = "net1", to = LLR1 .. "%v1" }, lab), "claim: reaches a link-local address with a zone")
t.ok(not claims.check(K.reaches { from = "net1", to = "2001:db8:1::9" }, lab), "claim: does not reach a missing host")
t.ok(claims.check(K.not_reaches { from = "iso", to = "2001:db8:1::1", error = "Network is unreachable" }, lab),
  "claim: iso does not reach (Network is unreachable)")
t.ok(claims.check(K.not_reaches { from = "net1", to = "2001:db9::1", error = "No route" }, lab),
  "claim: not_reaches with the router's No route")
t.ok(not claims.check(K.not_reaches { from = "net1", to = "2001:db8:2::2" }, lab), "claim: not_reaches fails when it answers")

-- tcpdump: netlearn's decoder prints the ICMPv6 of these pings (echo, neighbour
-- discovery, errors, fragments) as the real tcpdump prints them
local pcap = os.tmpname()
local tpid = net.run("net1", { "/bin/sh", "-c", "exec tcpdump -Z root -U --immediate-mode -n -i v1 -w " .. pcap .. " 2>" .. pcap .. ".err" },
  { background = true })
for _ = 1, 50 do
  local h = io.open(pcap .. ".err")
  local e = h and h:read("a") or ""
  if h then h:close() end
  if e:find("listening") then break end
  t.nsh("net1", "sleep 0.1")
end
net.ping6("net1", "2001:db8:2::2", { count = 2, interval = 0.05 })
net.ping6("net1", "2001:db8:2::2", { ttl = 1 })
net.ping6("net1", "2001:db9::1")
net.ping6("net1", "2001:db8:1::7", { timeout = 0.3 })         -- one neighbour solicitation
net.ping6("net1", LLR1 .. "%v1", { size = 1500 })              -- fragments
t.nsh("net1", "sleep 0.3")
net.kill(tpid)
net.wait(tpid)
local _, ours = lib.run("tcpdump -n -r " .. pcap)
local theirs = t.nsh("", "tcpdump -n -r " .. pcap .. " 2>/dev/null")
local function strip(s) return (s:gsub("%d%d:%d%d:%d%d%.%d+ ", "")) end
t.ok(theirs:find("neighbor solicitation", 1, true) and theirs:find("echo reply", 1, true) and
  theirs:find("time exceeded", 1, true) and theirs:find("unreachable route", 1, true) and theirs:find("frag (", 1, true),
  "the capture has echo, neighbour discovery, errors and fragments", theirs)
t.is(strip(ours), strip(theirs), "tcpdump -r: netlearn's lines are the real tcpdump's")
os.remove(pcap)
os.remove(pcap .. ".err")

-- completion and help ---------------------------------------------------------
local complete = require("netlearn.complete")
local c = complete.complete_words({ "ping" }, "fe80::1%v", "net1")
t.is(c[1], "fe80::1%v1", "ping fe80::1%v<Tab> completes the zone")
c = complete.complete_words({}, "ping", "net1")
t.ok((table.concat(c, " ") .. " "):find("ping6 ", 1, true), "ping6 is a command name to complete")
local _, hout = lib.run("help ping6")
t.like(hout, "hop limit", "help ping6")

t.done()
