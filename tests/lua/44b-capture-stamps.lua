#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/44b-capture-stamps.lua -- a frame's time is when the kernel saw it,
not when netlearn read it. Frames queued before the first read (a ping, a
pause, a second ping, then one read) must carry times in the order they
happened, a pause apart; `trace path` through a router lists the request at
every hop before the reply, in time order, and the path{} claim that checks
this fails on a walk told out of order. Also: a frame longer than a ring slot
keeps its length on the wire (its first 8 KiB kept); a device going down ends the capture quietly.
Lab: sa 10.8.0.1 -- sr (router) -- 10.8.1.2 sb. ]]
local net = require("netlearn.core")
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")

local function sh(ns, cmd)
  local code, out, err = net.run(ns, { "/bin/sh", "-c", cmd }, { capture = true })
  return (out or "") .. (err or ""), code
end

for _, n in ipairs { "sa", "sr", "sb" } do assert(net.ns_add(n)) end
local out, code = sh("", [[
set -e
ip link add va netns sa type veth peer name vr0 netns sr
ip link add vb netns sb type veth peer name vr1 netns sr
ip -n sa addr add 10.8.0.1/24 dev va
ip -n sr addr add 10.8.0.254/24 dev vr0
ip -n sr addr add 10.8.1.254/24 dev vr1
ip -n sb addr add 10.8.1.2/24 dev vb
for x in "sa va" "sr vr0" "sr vr1" "sb vb"; do set -- $x; ip -n $1 link set $2 up; ip -n $1 link set lo up; done
ip -n sa route add default via 10.8.0.254
ip -n sb route add default via 10.8.1.254
ip netns exec sr sysctl -qw net.ipv4.ip_forward=1
ip -n sb link add vdown type veth peer name vdown2
ip -n sb link set vdown up
ip -n sb link set vdown2 up
]])
if code ~= 0 then t.skip_all("cannot build veths here: " .. out) end
for _, n in ipairs { "sa", "sr", "sb" } do net.links_settle(n, 2) end
sh("sa", "ping -c 1 -W 2 10.8.1.2 >/dev/null")     -- ARP warm-up

-- 1. two pings 0.3 s apart, read once at the end
for run = 1, 3 do
  local cap = assert(net.capture_open("sb", "vb", "icmp"))
  local r1 = net.ping("sa", "10.8.1.2", { count = 1, timeout = 1 })
  net.sleep(0.3)
  local r2 = net.ping("sa", "10.8.1.2", { count = 1, timeout = 1 })
  local p = cap:read()
  cap:close()
  t.ok(r1 and r1.received == 1 and r2 and r2.received == 1, "run " .. run .. ": both pings answered")
  t.is(#p, 4, "run " .. run .. ": four frames queued (two requests, two replies)")
  if #p == 4 then
    local kinds = {}
    for i = 1, 4 do kinds[i] = p[i].icmp and p[i].icmp.type end
    t.is(table.concat(kinds, ","), "8,0,8,0", "run " .. run .. ": read in the order they came")
    t.ok(p[1].time < p[2].time and p[2].time < p[3].time and p[3].time < p[4].time,
      "run " .. run .. ": times in the order the frames came",
      string.format("%.6f %.6f %.6f %.6f", p[1].time, p[2].time, p[3].time, p[4].time))
    t.ok(p[3].time - p[2].time >= 0.25,
      "run " .. run .. ": the pause between the pings is in the times (stamped on arrival, not on reading)",
      string.format("gap %.6f s", p[3].time - p[2].time))
    t.ok(p[2].time - p[1].time < 0.1, "run " .. run .. ": a reply follows its request within 0.1 s",
      string.format("%.6f s", p[2].time - p[1].time))
  end
end

-- 2. trace path: the request through every hop, then the reply back, in time order
local lab = require("netlearn.cmd.lab")
local P = require("netlearn.claim_path")
local want = { through = { "sa/va", "sr/vr0", "sr/vr1", "sb/vb" } }
for run = 1, 3 do
  local tr = lab.path_trace("sa", "10.8.1.2")
  local lines = {}
  for i, h in ipairs(tr.hops) do lines[i] = string.format("%s/%s %s %s +%d", h.ns, h.dev, h.dir, h.kind, h.us) end
  local why = P.problem(want, tr, "en")
  t.ok(why == nil, "run " .. run .. ": trace path walks sa > sr > sb and back in time order",
    tostring(why) .. "\n" .. table.concat(lines, "\n"))
  t.ok(#tr.hops == 8, "run " .. run .. ": 8 sightings (4 of the request, 4 of the reply)", table.concat(lines, "\n"))
end

-- 3. the claim fails on a walk told out of order (as stamps taken on reading gave)
local function hop(ns, dev, dir, kind, us) return { ns = ns, dev = dev, dir = dir, kind = kind, us = us } end
local good = { ping = { received = 1 }, hops = {
  hop("sa", "va", "Out", "request", 0), hop("sr", "vr0", "In", "request", 10), hop("sr", "vr1", "Out", "request", 20),
  hop("sb", "vb", "In", "request", 30), hop("sb", "vb", "Out", "reply", 40), hop("sr", "vr1", "In", "reply", 50),
  hop("sr", "vr0", "Out", "reply", 60), hop("sa", "va", "In", "reply", 70) } }
t.is(P.problem(want, good, "en"), nil, "claim: a walk in order holds")
local function copy(tr)
  local c = { ping = tr.ping, hops = {} }
  for i, h in ipairs(tr.hops) do c.hops[i] = hop(h.ns, h.dev, h.dir, h.kind, h.us) end
  return c
end
local function us_in_order(tr) for i, h in ipairs(tr.hops) do h.us = i * 10 end return tr end
local late = copy(good)
table.insert(late.hops, 8, table.remove(late.hops, 1))   -- sa's request read (and stamped) last
us_in_order(late).hops[8].us = 16009
t.like(P.problem(want, late, "en") or "", "the request was seen at sr/vr0 before sa/va",
  "claim: the sender's request stamped after the reply fails")
t.like(P.problem(want, late, "zh") or "", "请求先出现在 sr/vr0，后出现在 sa/va", "claim: ... and says so in Chinese")
local echo = copy(good)
echo.hops[9] = hop("sb", "vb", "In", "request", 80)
t.like(P.problem(want, echo, "en") or "", "the request was seen at sb/vb after the reply had been sent",
  "claim: a request seen after the reply fails")
t.like(P.problem(want, echo, "zh") or "", "回复发出之后，请求才出现在 sb/vb", "claim: ... and says so in Chinese")
local swapped = copy(good)
swapped.hops[2], swapped.hops[3] = swapped.hops[3], swapped.hops[2]
t.like(P.problem(want, us_in_order(swapped), "en") or "", "the request was seen at sr/vr1 before sr/vr0",
  "claim: a hop seen after the next one fails (request at vr1 before vr0)")
local unsorted = copy(good)
unsorted.hops[4].us = 5
t.like(P.problem(want, unsorted, "en") or "", "sighting 4 is listed after a later one", "claim: sightings not in time order fail")
t.like(P.problem(want, { ping = { received = 0 }, hops = good.hops }, "en") or "", "no reply", "claim: no reply fails")

-- 4. a frame longer than a ring slot: the length on the wire kept, the bytes cut
local cap = assert(net.capture_open("sa", "lo", "icmp"))
sh("sa", "ping -c 1 -W 1 -s 20000 127.0.0.1 >/dev/null")
local p = cap:wait(1, 1)
cap:close()
t.ok(p[1] and p[1].len == 20042 and p[1].caplen < 8192 and p[1].caplen >= 8000,
  "a 20042-byte frame on lo: len 20042, 8 KiB of it kept (a ring slot)", p[1] and (p[1].len .. " " .. p[1].caplen))
t.like(p[1] and p[1].text or "", "ICMP echo request, id %d+, seq 1, length 20008", "... and decoded as tcpdump prints it")

-- 5. the device goes down: the capture stops without an error
cap = assert(net.capture_open("sb", "vdown", nil))
sh("sb", "ip link set vdown down")
local ok, res = pcall(cap.read, cap)
t.ok(ok and type(res) == "table", "a capture whose device went down reads nothing, no error", tostring(res))
cap:close()

t.done()
