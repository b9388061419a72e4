#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/44e-capture-pool.lua -- captures opened from the ring pool
(src/ring_pool.c: sockets whose ring was set up ahead, off the learner's
path). A capture taken from the pool behaves as a fresh one: its ring is the
one capture_open sets up, it holds not one frame that crossed the device
before it was opened (the spare sat in the namespace, unbound, while pings
went by), it sees the frames after, stamped in the order they came, on one
device or on "any". A namespace deleted after captures in it is really gone
(its veth's far end in the host vanishes, which the kernel does only once
nothing holds the namespace): through net.ns_del, and behind netlearn's back
(`ip netns del` run as a program), and a namespace made again under the
same name gets none of the old one's spares. net.capture_warm arms spares
ahead, left unmapped until taken. In the lab of tests/lib/probe_lab.lua. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lab = dofile(os.getenv("TESTLIB") .. "/probe_lab.lua")
local net = require("netlearn.core")
lab.build()
for _, n in ipairs { "net1", "router", "net2" } do net.links_settle(n, 2) end
net.ping("net1", "10.0.2.2", { count = 1, timeout = 1 })          -- ARP warm-up

local function ping() return net.ping("net1", "10.0.2.2", { count = 1, timeout = 1 }) end
local function icmp_types(pkts)
  local s = {}
  for _, p in ipairs(pkts or {}) do if p.icmp then s[#s + 1] = p.icmp.type end end
  return table.concat(s, ",")
end

-- A capture of NS/DEV taken from the pool: open (and close) until one comes
-- prearmed; the spares are armed on threads of their own, a grace period each.
-- BETWEEN runs after the pool has spares ready and before the capture opens.
-- (a claim's ring, as the lessons' claims open it)
local CLAIM = { ring_kib = require("netlearn.claim_capture").RING_KIB }
local function pooled(ns, dev, filter, opts, between)
  opts = opts or CLAIM
  for _ = 1, 50 do
    net.sleep(0.1)
    if between then between() end
    local cap = assert(net.capture_open(ns, dev, filter, opts))
    if cap:info().prearmed then return cap end
    cap:close()
  end
end

-- 1. the ring of a pooled capture is the one capture_open sets up
local fresh = assert(net.capture_open("net2", "v2", "icmp", { snaplen = 300, ring_kib = 128 }))
local fi = fresh:info()
fresh:close()
t.is(fi.prearmed, false, "the first capture of its kind in a namespace finds no spare")
local cap = pooled("net2", "v2", "icmp", { snaplen = 300, ring_kib = 128 })
t.ok(cap, "a later one comes from the pool")
if cap then
  local pi = cap:info()
  t.is(pi.ring_kib .. " " .. pi.ring_frames .. " " .. pi.snaplen .. " " .. tostring(pi.filter),
    fi.ring_kib .. " " .. fi.ring_frames .. " " .. fi.snaplen .. " " .. tostring(fi.filter),
    "same ring, snaplen and filter as the fresh one")
  cap:close()
end

-- 2. nothing from before it was opened, everything after, in order (3 runs)
for run = 1, 3 do
  local before
  local c = pooled("net1", "v1", "icmp", nil, function() before = ping() end)
  t.ok(c and before and before.received == 1, "run " .. run .. ": a ping crossed v1 while a spare waited in net1")
  if c then
    t.is(icmp_types(c:read()), "", "run " .. run .. ": the pooled capture holds none of its frames")
    local r1 = ping()
    net.sleep(0.05)
    local r2 = ping()
    local p = c:read()
    c:close()
    t.ok(r1 and r1.received == 1 and r2 and r2.received == 1, "run " .. run .. ": both pings after it answered")
    t.is(icmp_types(p), "8,0,8,0", "run " .. run .. ": it sees both requests and replies")
    if #p == 4 then
      t.ok(p[1].time < p[2].time and p[2].time < p[3].time and p[3].time < p[4].time
        and p[3].time - p[2].time >= 0.04,
        "run " .. run .. ": kernel times in the order the frames came, the pause between them",
        string.format("%.6f %.6f %.6f %.6f", p[1].time, p[2].time, p[3].time, p[4].time))
    end
  end
end

-- 3. the same on "any", and without a filter
local any = pooled("router", "any", "icmp", nil, ping)
t.ok(any, "a capture on any comes from the pool")
if any then
  t.is(icmp_types(any:read()), "", "any: none of the frames from before")
  ping()
  t.is(icmp_types(any:read()), "8,8,0,0", "any: the request on r1 and r2, then the reply on both")
  any:close()
end
local all = pooled("net2", "v2", nil, nil, ping)
t.ok(all, "a capture without a filter comes from the pool")
if all then
  t.is(#all:read(), 0, "no filter: not one frame from before")
  ping()
  t.is(icmp_types(all:read()), "8,0", "no filter: the ping after")
  all:close()
end

-- 4. a deleted namespace is gone: its veth's host end vanishes
local function host_has(name)
  for _, l in ipairs(net.link_list("") or {}) do if l.name == name then return true end end
  return false
end
local function vanishes(name)
  for _ = 1, 100 do
    if not host_has(name) then return true end
    net.sleep(0.05)
  end
  return false
end
local function ns_with_veth(ns, host_end)
  assert(net.ns_add(ns))
  local out, code = lab.sh("", string.format(
    "set -e; ip link add %s type veth peer name inner netns %s; ip link set %s up; ip -n %s link set inner up",
    host_end, ns, host_end, ns))
  assert(code == 0, out)
end

ns_with_veth("gone1", "g1host")
local g = pooled("gone1", "inner", "icmp")
t.ok(g, "gone1: a capture from the pool")
if g then g:close() end
assert(net.capture_open("gone1", "inner", "arp", CLAIM)):close()   -- and spares being armed as it goes
t.ok(host_has("g1host"), "gone1: its veth's host end is there")
t.ok(net.ns_del("gone1"), "net.ns_del gone1")
t.ok(vanishes("g1host"), "gone1: the host end vanished: no spare kept the namespace")

ns_with_veth("gone2", "g2host")
g = pooled("gone2", "inner", "icmp")
if g then g:close() end
net.sleep(0.2)
local out, code = lab.sh("", "ip netns del gone2")
t.ok(code == 0, "gone2 deleted behind netlearn's back", out)
assert(net.capture_open("net1", "v1", "icmp", CLAIM)):close()     -- the next capture anywhere looks
t.ok(vanishes("g2host"), "gone2: the host end vanished once the next capture was opened")

-- made again under the same name: a new namespace, none of the old spares
ns_with_veth("again", "a1host")
g = pooled("again", "inner", "icmp")
if g then g:close() end
net.sleep(0.2)
out, code = lab.sh("", "ip netns del again")
t.ok(code == 0, "again deleted behind netlearn's back", out)
ns_with_veth("again", "a2host")
local c2 = assert(net.capture_open("again", "inner", "icmp", CLAIM))
t.is(c2:info().prearmed, false, "again made anew: no spare of the old namespace")
c2:close()
t.ok(vanishes("a1host"), "the old again is gone")
t.ok(net.ns_del("again"), "net.ns_del again")
t.ok(vanishes("a2host"), "the new again is gone")

-- 5. net.capture_warm: spares armed ahead, in a namespace where nothing was
-- captured yet with that ring (a learner's tcpdump's, 4 MiB); a capture
-- opened at once waits for one being armed rather than arming its own. A
-- spare's ring is the kernel's memory until a capture takes it: not mapped
-- into netlearn (its pages would count in the RSS).
local function ring_maps()
  local n = 0
  for l in io.lines("/proc/self/maps") do if l:find("socket:[", 1, true) then n = n + 1 end end
  return n
end
local maps0 = ring_maps()
t.is(net.capture_warm("router", { count = 2 }), true, "capture_warm router, 2 spares of the default ring")
local w = assert(net.capture_open("router", "r1", "icmp"))
t.is(w:info().prearmed, true, "the first capture of that ring in router comes from the pool at once")
t.is(w:info().ring_kib, 4096, "with the default ring")
t.is(ring_maps(), maps0 + 1, "only the capture's ring is mapped into netlearn")
net.sleep(0.3)                      -- the other spare, and the one armed after the take, are ready by now
t.is(ring_maps(), maps0 + 1, "spares ready: still only the capture's ring mapped")
w:close()
t.is(ring_maps(), maps0, "closed: no ring mapped")
local w2 = assert(net.capture_open("router", "r2", "icmp"))
t.is(w2:info().prearmed, true, "the next capture there comes from the pool too")
w2:close()
-- bad input: one line, nothing armed
local function warm_fails(args, want, name)
  local r, e = net.capture_warm(table.unpack(args))
  t.ok(r == nil and tostring(e):find(want, 1, true), name, tostring(e))
end
warm_fails({ "nosuchns" }, "nosuchns: no such namespace (create it with 'ip netns add nosuchns')", "an unknown namespace")
warm_fails({ "router", { count = 0 } }, "net.capture_warm: count= out of range (1..8)", "count=0")
warm_fails({ "router", { count = 9 } }, "net.capture_warm: count= out of range (1..8)", "count=9")
warm_fails({ "router", { ring_kib = 0 } }, "net.capture_warm: ring_kib= malformed or out of range", "ring_kib=0")
t.ok(not pcall(net.capture_warm, "router", { count = "two" }), "a count that is not a number raises")
t.ok(not pcall(net.capture_warm, "router", 2), "options that are not a table raise")

-- 6. a step's claims warm their rings (claims.prepare, before and after the
-- step's commands): a capture{} claim its namespace's claim ring, a path{}
-- claim trace path's on every device that is up
local claims_mod = require("netlearn.claims")
assert(net.ns_add("warm1"))
local wout, wcode = lab.sh("", "ip -n warm1 link add wa type veth peer name wb && ip -n warm1 link set wa up && ip -n warm1 link set wb up")
assert(wcode == 0, wout)
claims_mod.prepare({ claims_mod.kinds.capture { ns = "warm1", dev = "wa", filter = "icmp", shows = { icmp = "echo request" } },
  claims_mod.kinds.reaches { from = "warm1", to = "10.9.9.9" } }, net)
local wc = assert(net.capture_open("warm1", "wa", "icmp", CLAIM))
t.is(wc:info().prearmed, true, "prepare: a capture{} claim's ring is ready in its namespace")
wc:close()
claims_mod.prepare({ claims_mod.kinds.path { from = "warm1", to = "10.9.9.9", through = { "warm1/wa", "warm1/wb" } } }, net)
local tr = require("netlearn.cmd.lab")
local TRACE = { snaplen = tr.TRACE_SNAPLEN, ring_kib = tr.TRACE_RING_KIB }
local tc = net.capture_open_many({ { ns = "warm1", dev = "wa", snaplen = TRACE.snaplen, ring_kib = TRACE.ring_kib },
  { ns = "warm1", dev = "wb", snaplen = TRACE.snaplen, ring_kib = TRACE.ring_kib } })
t.ok(tc[1] and tc[1]:info().prearmed and tc[2] and tc[2]:info().prearmed,
  "prepare: a path{} claim's trace rings are ready on both devices of warm1")
for _, c in ipairs(tc) do if c then c:close() end end
-- a step's lines warm theirs too (commands.prepare_line): a learner's tcpdump,
-- through `ip netns exec NS`, with the ring its options ask for
local commands = require("netlearn.commands")
commands.prepare_line("ip netns exec warm1 tcpdump -nn -e -i wa arp or icmp", "")
local lc = assert(net.capture_open("warm1", "wa", "arp or icmp", { snaplen = 262144 }))
t.is(lc:info().prearmed, true, "prepare_line: 'ip netns exec warm1 tcpdump ...' has its ring ready in warm1")
lc:close()
commands.prepare_line("ip net exec warm1 tcpdump -s 96 -B 1024 -i wb", "")
lc = assert(net.capture_open("warm1", "wb", nil, { snaplen = 96, ring_kib = 1024 }))
t.is(lc:info().prearmed, true, "... 'ip net exec', -s and -B: the ring of that size")
lc:close()
commands.prepare_line("tcpdump -i wa icmp", "warm1")
lc = assert(net.capture_open("warm1", "wa", "icmp", { snaplen = 262144 }))
t.is(lc:info().prearmed, true, "... a plain tcpdump in the step's namespace")
lc:close()
for _, line in ipairs { "tcpdump -B nonsense -i wa", "tcpdump -s", "ip netns exec nosuch tcpdump -i x",
  "tcpdump -r /nonexistent", "ip netns exec", "tcpdump 'unclosed" } do
  t.ok(pcall(commands.prepare_line, line, "warm1"), "prepare_line of a bad line changes nothing and raises nothing: " .. line)
end
t.ok(net.ns_del("warm1"), "net.ns_del warm1")

-- A claim's capture ring is small (claim_capture.RING_KIB, so that its spares
-- cost little): lines that overflow it fail the claim, saying so, since the
-- frames lost may be the ones it is about; a claim's usual traffic fits.
local claims = require("netlearn.claims")
local cc = require("netlearn.claim_capture")
local frames = cc.RING_KIB * 1024 // 8192
local burst_lab = { net = net, lang = "en", exec = function(line)
  local n = tonumber(line:match("^ping %-c (%d+) "))
  net.ping("net1", "10.0.2.2", { count = n, interval = 0.001, timeout = 1 })
  return true, ""
end }
local ok, seen = claims.check(claims.kinds.capture { ns = "net2", dev = "v2", filter = "icmp",
  during = "ping -c 2 net1 10.0.2.2", shows = { icmp = "echo request" } }, burst_lab)
t.ok(ok, "a claim's capture of a few pings holds them all", seen)
ok, seen = claims.check(claims.kinds.capture { ns = "net2", dev = "v2", filter = "icmp",
  during = "ping -c " .. frames .. " net1 10.0.2.2", shows = { icmp = "echo request" } }, burst_lab)
t.ok(not ok and tostring(seen):find("ring was full", 1, true),
  "lines that overflow it (" .. 2 * frames .. " frames in " .. frames .. " slots) fail the claim, saying so", seen)
t.done()
