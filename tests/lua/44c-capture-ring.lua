#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/44c-capture-ring.lua -- the size of a capture's kernel ring.
net.capture_open takes ring_kib= (whole 64 KiB blocks, a plain guard against
nonsense); `trace path` opens a small ring (one block, 256-byte slots) on every
device of the lab, and still sees every hop of a ping along a chain of eight
namespaces, and every frame of a routing loop; a ring too small for what
crosses its device loses frames, and trace path, the path{} claim and tcpdump's
closing counts say so instead of showing a walk with holes; tcpdump -B is
refused in one line when it is not a size.
Labs: c0 -- c1 -- ... -- c7 (routers in between, 10.44.K.0/24 between cK-1
and cK); s 10.45.0.1 -- r1 -- r2, where r1 and r2 send 10.99.0.0/16 to each
other (a loop). ]]
local net = require("netlearn.core")
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local cmdline = dofile(os.getenv("TESTLIB") .. "/cmdline.lua")

local N = 8
local script = { "set -e" }
for k = 0, N - 1 do assert(net.ns_add("c" .. k)) end
for _, n in ipairs { "s", "r1", "r2" } do assert(net.ns_add(n)) end
for k = 1, N - 1 do
  local a, b = "c" .. (k - 1), "c" .. k
  script[#script + 1] = string.format("ip link add l%dr netns %s type veth peer name l%dl netns %s", k, a, k, b)
  script[#script + 1] = string.format("ip -n %s addr add 10.44.%d.1/24 dev l%dr", a, k, k)
  script[#script + 1] = string.format("ip -n %s addr add 10.44.%d.2/24 dev l%dl", b, k, k)
  script[#script + 1] = string.format("ip -n %s link set l%dr up; ip -n %s link set l%dl up", a, k, b, k)
end
-- c0 .. c5 send the far subnet (link N-1) one link on; c2 .. c7 send
-- c0's subnet (link 1) one link back
for k = 0, N - 1 do
  local ns = "c" .. k
  if k <= N - 3 then
    script[#script + 1] = string.format("ip -n %s route add 10.44.%d.0/24 via 10.44.%d.2", ns, N - 1, k + 1)
  end
  if k >= 2 then script[#script + 1] = string.format("ip -n %s route add 10.44.1.0/24 via 10.44.%d.1", ns, k) end
  script[#script + 1] = "ip netns exec " .. ns .. " sysctl -qw net.ipv4.ip_forward=1"
end
script[#script + 1] = [[
ip link add vs netns s type veth peer name v1s netns r1
ip link add v12 netns r1 type veth peer name v21 netns r2
ip -n s addr add 10.45.0.1/24 dev vs
ip -n r1 addr add 10.45.0.254/24 dev v1s
ip -n r1 addr add 10.45.1.1/24 dev v12
ip -n r2 addr add 10.45.1.2/24 dev v21
for x in "s vs" "r1 v1s" "r1 v12" "r2 v21"; do set -- $x; ip -n $1 link set $2 up; done
ip -n s route add default via 10.45.0.254
ip -n r1 route add 10.99.0.0/16 via 10.45.1.2
ip -n r2 route add 10.99.0.0/16 via 10.45.1.1
ip -n r2 route add 10.45.0.0/24 via 10.45.1.1
ip netns exec r1 sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.v12.send_redirects=0
ip netns exec r2 sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.v21.send_redirects=0
]]
local out, code, err = t.sh(table.concat(script, "\n"))
if code ~= 0 then t.skip_all("cannot build the lab here: " .. out .. (err or "")) end
for _, n in ipairs(net.ns_list()) do net.links_settle(n, 2) end
local far = "10.44." .. (N - 1) .. ".2"
out, code = t.nsh("c0", "ping -c 1 -W 2 " .. far)     -- ARP warm-up along the chain
t.is(code, 0, "the real ping crosses the chain c0 .. c" .. (N - 1), out)

local lab = require("netlearn.cmd.lab")
local P = require("netlearn.claim_path")

-- 1. the ring: its size asked, rounded up to whole blocks, and the guard
local cap = assert(net.capture_open("c0", "l1r", "icmp"))
t.is(cap:info().ring_kib, 4096, "the default ring: 4 MiB, as before")
cap:close()
cap = assert(net.capture_open("c0", "l1r", "icmp", { ring_kib = 100 }))
t.is(cap:info().ring_kib, 128, "ring_kib = 100: two blocks of 64 KiB")
cap:close()
cap = assert(net.capture_open("c0", "l1r", "icmp", { ring_kib = 64, snaplen = 256 }))
t.is(cap:info().ring_frames, 195, "trace path's ring: one block of 195 slots of 256 bytes + header")
cap:close()
for _, bad in ipairs { 0, -1, 1048577, math.maxinteger } do
  local c, msg, errno = net.capture_open("c0", "l1r", "icmp", { ring_kib = bad })
  t.ok(c == nil and errno == net.errno.EINVAL, "ring_kib = " .. bad .. " is refused")
  t.like(msg or "", "^net%.capture_open: ring_kib= malformed or out of range %(1%.%.1048576%)$",
    "ring_kib = " .. bad .. ": one line naming the field and its range")
end
t.ok(not pcall(net.capture_open, "c0", "l1r", "icmp", { ring_kib = "big" }), "ring_kib that is not a number raises")

-- 2. trace path along the chain: every device on the way, request and reply
local through = {}
for k = 1, N - 1 do
  through[#through + 1] = "c" .. (k - 1) .. "/l" .. k .. "r"
  through[#through + 1] = "c" .. k .. "/l" .. k .. "l"
end
for run = 1, 3 do
  local tr = lab.path_trace("c0", far)
  local lines = {}
  for i, h in ipairs(tr.hops) do lines[i] = string.format("%s/%s %s %s +%d", h.ns, h.dev, h.dir, h.kind, h.us) end
  local why = P.problem({ through = through }, tr, "en")
  t.ok(why == nil, "run " .. run .. ": trace path sees the ping at all " .. #through .. " devices and back",
    tostring(why) .. "\n" .. table.concat(lines, "\n"))
  t.is(#tr.hops, 2 * #through, "run " .. run .. ": " .. 2 * #through .. " sightings", table.concat(lines, "\n"))
  t.is(#(tr.blind or {}), 0, "run " .. run .. ": every device watched whole")
end

-- 3. a routing loop: ~60 frames on each device of r1 -- r2, all in the small ring
local function at(tr, place)
  local n = 0
  for _, h in ipairs(tr.hops) do if h.ns .. "/" .. h.dev == place then n = n + 1 end end
  return n
end
local tr = lab.path_trace("s", "10.99.0.1")
t.is(#(tr.blind or {}), 0, "a loop: trace path's rings hold every frame", table.concat(lab.blind_lines(tr, "en"), "\n"))
t.ok(at(tr, "r2/v21") >= 60, "a loop: r2/v21 saw the request go round until its TTL ran out", at(tr, "r2/v21") .. " sightings")

-- 4. the same loop seen through rings of 8 slots: the frames lost are reported
tr = lab.path_trace("s", "10.99.0.1", { snaplen = 8112, ring_kib = 64 })
local lost = 0
for _, b in ipairs(tr.blind or {}) do lost = lost + (b.lost or 0) end
t.ok(lost > 0, "rings of 8 slots lose frames of the loop, and the trace counts them", lost .. " lost")
local lines = lab.blind_lines(tr, "en")
t.like(lines[1] or "", "^not watched whole: r[12]/v[12][12] lost %d+ frames %(its capture ring was full%); " ..
  "sightings there may be missing$", "trace path names the place and what it lost")
t.like(lab.blind_lines(tr, "zh")[1] or "", "^没有完整看到：r[12]/v[12][12] 丢了 %d+ 个帧（抓包环形缓冲区满了）；那里的记录可能不全$",
  "... in Chinese too")
t.like(P.problem({ through = { "s/vs", "r1/v1s" } }, tr, "en") or "", "^not watched whole: ",
  "the path{} claim fails on a trace that lost frames, and says why")
local printed = {}
lab.print_trace({ outln = function(_, ...) printed[#printed + 1] = table.concat({ ... }) end }, tr)
local shown = false
for _, l in ipairs(printed) do if l:match("^not watched whole: ") then shown = true end end
t.ok(shown, "the printed trace says which capture lost frames", table.concat(printed, "\n"))

-- 5. tcpdump -B: the ring of a learner's capture, its closing counts honest
-- (the job writes its closing counts where it was started)
local job_err = {}
local st, o, e = cmdline.run("tcpdump -B 64 -i v21 icmp", "r2", { stderr = function(s) job_err[#job_err + 1] = s end })
t.is(st, 0, "tcpdump -B 64 starts", table.concat(job_err))
t.nsh("s", "ping -c 1 -W 1 10.99.0.1 >/dev/null")    -- ~120 frames on v21, 8 slots
cmdline.run("tcpdump stop", "r2")
e = table.concat(job_err)
local dropped = tonumber(e:match("(%d+) packets? dropped by kernel") or "")
t.ok(dropped and dropped > 0, "tcpdump -B 64: the frames that found the ring full are counted at the end", e)
for _, c in ipairs {
  { "tcpdump -B 0 -i v21", "^tcpdump: invalid packet buffer size 0\nhint: %-B takes KiB, e%.g%. %-B 4096 %(4 MiB, netlearn's default%)\n$" },
  { "tcpdump -B x -i v21", "^tcpdump: invalid packet buffer size x\n" },
  { "tcpdump -B -4 -i v21", "^tcpdump: invalid packet buffer size %-4\n" },
  { "tcpdump -B 65537 -i v21", "^tcpdump: %-B 65537: netlearn's capture buffer is at most 65536 KiB\nhint: " },
} do
  st, o, e = cmdline.run(c[1], "r2")
  t.is(st, 1, c[1] .. ": exit status 1")
  t.like(e, c[2], c[1] .. ": one line, and a hint")
  t.is(o, "", c[1] .. ": nothing on stdout")
end
local jobs = require("netlearn.cmd.probes_jobs").job_list()
local running = 0
for _, j in ipairs(jobs) do if j.running then running = running + 1 end end
t.is(running, 0, "a refused tcpdump -B started no capture")

t.done()
