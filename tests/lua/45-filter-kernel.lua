#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/45-filter-kernel.lua -- the filters netlearn attaches in the kernel
(SO_ATTACH_FILTER on its AF_PACKET socket) against real tcpdump on the same
traffic: two namespaces joined by a veth (real `ip`), one netlearn capture per
filter and one unfiltered real tcpdump -w, all open at once, then a mixed burst
(ARP, ping, TCP SYN/RST, UDP, a broadcast, a big ping); for every filter the
frames netlearn kept must be exactly those real tcpdump -r FILTER selects from
its own file. Then "any" (the program that dispatches on the device type, with
a tun device next to the veth) against a live tcpdump -i any. ]]
local net = require("netlearn.core")
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local P = dofile(os.getenv("TESTLIB") .. "/packets.lua")
if not P.have_tcpdump(t) then t.skip_all("no real tcpdump to compare with") end

local function sh(ns, cmd)
  local code, out, err = net.run(ns, { "/bin/sh", "-c", cmd }, { capture = true })
  return (out or "") .. (err or ""), code
end

for _, n in ipairs { "fa", "fb" } do assert(net.ns_add(n)) end
-- no IPv6 chatter (router solicitations, MLD) to race the two captures' start
for _, n in ipairs { "fa", "fb" } do sh(n, "sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1") end
local out, code = sh("", [[
set -e
ip link add va netns fa type veth peer name vb netns fb
ip -n fa addr add 10.7.0.1/24 brd 10.7.0.255 dev va
ip -n fb addr add 10.7.0.2/24 brd 10.7.0.255 dev vb
ip -n fa link set va up; ip -n fa link set lo up
ip -n fb link set vb up; ip -n fb link set lo up
]])
if code ~= 0 then t.skip_all("cannot build veths here: " .. out) end
sh("fa", "ping -c 1 -W 2 10.7.0.2 >/dev/null")     -- carrier up
local filters = {
  "tcp[13] & 2 != 0", "tcp[tcpflags] & tcp-rst != 0", "icmp[icmptype] == icmp-echo", "icmp[icmptype] == icmp-echoreply",
  "portrange 8000-8999", "udp portrange 5000-6000", "broadcast", "ether broadcast",
  "net 10.7.0.0 mask 255.255.255.0", "port http", "len <= 100", "len > 1000", "greater 1000", "less 80",
  "icmp", "arp", "arp or icmp", "tcp port 80", "tcp port 8888", "udp", "not icmp", "src 10.7.0.1 and tcp",
  "ip[8] == 64 and icmp", "udp[8:4] = 0x68656c6c", "ether src host " .. "00:00:5e:00:53:01",
  "inbound", "outbound", "inbound and icmp", "vlan",
}
local caps = {}
for i, f in ipairs(filters) do
  local c, err = net.capture_open("fb", "vb", f)
  t.ok(c, "opened with the filter in the kernel: " .. f, err)
  caps[i] = c
end
t.ok(caps[1] and caps[1]:info().filter, "info says a filter is attached")
local base = os.tmpname()
local pcap = base .. ".pcap"
local pid = net.run("fb", { "/bin/sh", "-c", "exec tcpdump -n -U --immediate-mode -i vb -w " .. pcap .. " 2>" .. base .. ".err" }, { background = true })
for _ = 1, 150 do
  local f = io.open(base .. ".err")
  local e = f and f:read("a") or ""
  if f then f:close() end
  if e:find("listening on") then break end
  os.execute("sleep 0.02")
end
-- the burst: ARP (neighbours flushed), pings small and big, TCP to closed ports, UDP, a broadcast
sh("fa", "ip neigh flush dev va; ip -n fb neigh flush dev vb 2>/dev/null; true")
sh("fb", "ip neigh flush dev vb")
sh("fa", "ping -c 2 -i 0.2 10.7.0.2 >/dev/null; ping -c 1 -s 1400 10.7.0.2 >/dev/null; ping -c 1 -b 10.7.0.255 -W 1 >/dev/null 2>&1")
local py = io.open("/usr/bin/python3") and "/usr/bin/python3"
if py then
  local burst = os.tmpname()
  local f = assert(io.open(burst, "w"))
  f:write([==[
import socket
for port in (80, 8888, 8080):
    s = socket.socket(); s.settimeout(0.5)
    try: s.connect(("10.7.0.2", port))
    except OSError: pass
    s.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.sendto(b"hello world", ("10.7.0.2", 5555))
u.sendto(b"x" * 40, ("10.7.0.2", 9999))
]==])
  f:close()
  local o, c = sh("fa", py .. " " .. burst)
  t.is(c, 0, "the TCP/UDP part of the burst ran", o)
  os.remove(burst)
else
  t.diag("no python3: no TCP/UDP in the burst")
end
os.execute("sleep 0.3")
net.kill(pid, 2)
net.wait(pid)
-- compare up to the last frame tcpdump wrote (a late ARP re-check, seconds
-- later, may follow its end); each capture's ring stamps a frame as it enters
-- it, so the same frame's two stamps may differ by some microseconds: 1 ms slack
local all, tmax = {}, 0
do
  local o = sh("", "tcpdump -tt -n -r " .. pcap .. " 2>/dev/null")
  for l in o:gmatch("[^\n]+") do
    all[#all + 1] = l
    tmax = math.max(tmax, tonumber(l:match("^(%d+%.%d+) ")) or 0)
  end
end
local mine = {}
for i, c in ipairs(caps) do
  local lines = {}
  if c then
    for _, p in ipairs(c:wait(0.2)) do
      if p.time_sec + p.time_nsec // 1000 / 1e6 <= tmax + 1e-3 then lines[#lines + 1] = p.dir .. " " .. p.text end
    end
    c:close()
  end
  mine[i] = lines
end
t.ok(#all >= 12, "real tcpdump saw the burst (" .. #all .. " frames)", table.concat(all, "\n"))
local selected = 0
for i, f in ipairs(filters) do
  -- real tcpdump cannot tell direction from a file: compare inbound/outbound with the live frames' own dir
  local want
  if f:find("bound") then
    want = nil
  else
    want = {}
    local o = sh("", "tcpdump -n -r " .. pcap .. " '" .. f .. "' 2>/dev/null")
    for l in o:gmatch("[^\n]+") do want[#want + 1] = l:match("^%d+:%d+:%d+%.%d+ (.*)$") or l end
  end
  local got = {}
  for _, l in ipairs(mine[i]) do got[#got + 1] = l:match("^%a+ (.*)$") end
  if want then
    t.is(table.concat(got, "\n"), table.concat(want, "\n"), "kernel filter keeps what tcpdump -r selects: " .. f)
  else
    local dir = f:find("^inbound") and "In" or "Out"
    local okdir = #mine[i] > 0
    for _, l in ipairs(mine[i]) do if l:sub(1, #dir + 1) ~= dir .. " " then okdir = false end end
    t.ok(okdir, f .. ": only " .. dir .. " frames (" .. #mine[i] .. ")", table.concat(mine[i], "\n"))
  end
  selected = selected + #got
end
t.ok(selected > 40, "the filters kept something (" .. selected .. " frames in all)")
t.is(#mine[#filters], 0, "vlan: nothing on an untagged veth")
os.remove(pcap); os.remove(base .. ".err"); os.remove(base)

-- 'ip broadcast' needs the device's netmask, which tcpdump -r does not know: netlearn asks the device
local bc = assert(net.capture_open("fb", "vb", "ip broadcast"))
sh("fa", "ping -c 1 -b 10.7.0.255 -W 1 >/dev/null 2>&1; ping -c 1 10.7.0.2 >/dev/null")
local bl = {}
for _, p in ipairs(bc:wait(0.3)) do bl[#bl + 1] = p.text end
bc:close()
t.is(table.concat(bl, "\n"):gsub("id %d+", "id N"), "IP 10.7.0.1 > 10.7.0.255: ICMP echo request, id N, seq 1, length 64",
  "ip broadcast: the ping to 10.7.0.255 (the /24's broadcast), not the unicast one")

-- the kernel drops what does not match: a filter nothing matches receives nothing
local none = assert(net.capture_open("fb", "vb", "udp port 1"))
sh("fa", "ping -c 3 -i 0.1 10.7.0.2 >/dev/null")
t.is(#none:wait(0.3), 0, "nothing matched, nothing copied")
t.is(none:stats().received, 0, "and nothing was received by the socket")
none:close()

-- "any": one program for Ethernet and raw-IP devices, against a live tcpdump -i any
if py then
  local script = os.tmpname()
  local f = assert(io.open(script, "w"))
  f:write([==[
import fcntl, os, struct, subprocess, time, select
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH", b"tun7", 0x0001 | 0x1000))
subprocess.run("ip addr add 10.78.0.2/24 dev tun7 && ip link set tun7 up", shell=True, check=True)
end = time.time() + 15
while time.time() < end:
    r, _, _ = select.select([fd], [], [], 0.1)
    if r: os.read(fd, 2000)
]==])
  f:close()
  local tpid = net.run("fb", { py, script }, { background = true })
  for _ = 1, 100 do
    local l = net.link_get("fb", "tun7")
    if l and l.up then break end
    os.execute("sleep 0.02")
  end
  os.execute("sleep 0.2")
  local flt = "icmp[icmptype] == icmp-echo and not host 10.7.0.1"
  local cap = assert(net.capture_open("fb", nil, flt))
  local live = P.live_tcpdump("fb", "-i any '" .. flt .. "'", 2, function()
    sh("fb", "ping -c 1 -W 1 10.78.0.9 >/dev/null; ping -c 1 10.7.0.1 >/dev/null; ping -c 1 -W 1 10.78.0.8 >/dev/null")
  end)
  local got = {}
  for _, p in ipairs(cap:wait(0.5, 10)) do got[#got + 1] = p.text_any end
  cap:close()
  t.is(#got, 2, "any: the two echo requests into the tun device, none of the veth's")
  t.is(table.concat(got, "\n"), table.concat(live, "\n"), "any: the same lines as a live tcpdump -i any")
  local ecap = assert(net.capture_open("fb", nil, "arp or (outbound and icmp)"))
  sh("fb", "ping -c 1 -W 1 10.78.0.9 >/dev/null; ip neigh flush dev vb; ping -c 1 10.7.0.1 >/dev/null")
  local kinds = {}
  for _, p in ipairs(ecap:wait(0.5, 20)) do
    local k = p.ifname .. " " .. p.dir .. " " .. (p.arp and "arp" or p.icmp and "icmp" .. p.icmp.type or "?")
    kinds[#kinds + 1] = k
  end
  ecap:close()
  t.is(table.concat(kinds, ", "), "tun7 Out icmp8, vb Out arp, vb In arp, vb Out icmp8",
    "any, 'arp or (outbound and icmp)': the raw device's request, the veth's ARP both ways and request")
  t.fails("^tcpdump: ethernet addresses supported only on", "any: 'ether host' refused as tcpdump -i any refuses it",
    net.capture_open("fb", nil, "ether host ff:ff:ff:ff:ff:ff"))
  t.fails("^tcpdump: this filter reads the frame length, which netlearn cannot test in the kernel on 'any'$",
    "any: 'len <= 100' refused in one line (capture on one device for it)", net.capture_open("fb", nil, "len <= 100"))
  local lcap = net.capture_open("fb", "vb", "len <= 100")
  t.ok(lcap, "while one device takes it")
  if lcap then lcap:close() end
  net.kill(tpid); net.wait(tpid)
  os.remove(script)
end
t.done()
