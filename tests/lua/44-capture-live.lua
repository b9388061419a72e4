#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/44-capture-live.lua -- live capture in the sandbox: two namespaces
joined by a veth made with the real `ip`; net.capture_open on one end while
the real `ping` runs; the packets saved with net.pcap_write must read back in
real tcpdump exactly as netlearn printed them (tcpdump -n and -e -n), both
directions must be seen, filters and "any" must work, and bad input must be
refused in tcpdump's words. ]]
local net = require("netlearn.core")
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local P = dofile(os.getenv("TESTLIB") .. "/packets.lua")

local function sh(ns, cmd)
  local code, out, err = net.run(ns, { "/bin/sh", "-c", cmd }, { capture = true })
  return (out or "") .. (err or ""), code
end

local live_tcpdump = P.live_tcpdump

for _, n in ipairs { "ca", "cb" } do assert(net.ns_add(n)) end
local out, code = sh("", [[
set -e
ip link add va netns ca type veth peer name vb netns cb
ip -n ca addr add 10.9.0.1/24 dev va
ip -n cb addr add 10.9.0.2/24 dev vb
# IPv4 only: IPv6's DAD, router solicitations and MLD reports would arrive
# unasked in the capture (seen in the slow stock-kernel VM)
ip netns exec ca sysctl -qw net.ipv6.conf.va.disable_ipv6=1
ip netns exec cb sysctl -qw net.ipv6.conf.vb.disable_ipv6=1
ip -n ca link set va up; ip -n ca link set lo up
ip -n cb link set vb up; ip -n cb link set lo up
ip -n cb link add vdown type veth peer name vdown2
]])
if code ~= 0 then t.skip_all("cannot build veths here: " .. out) end
sh("ca", "ping -c 1 -W 2 10.9.0.2 >/dev/null")     -- wait for carrier

-- 1. capture on vb while ca pings cb
local cap, err = net.capture_open("cb", "vb", nil)
t.ok(cap, "capture_open on a veth", err)
local info = cap:info()
t.ok(info.dev == "vb" and info.linktype == "ether" and info.link_desc == "EN10MB (Ethernet)", "info: dev, link type")
t.is(#cap:read(), 0, "nothing queued before the ping")
sh("cb", "ip neigh flush dev vb")
sh("ca", "ip neigh flush dev va")
local _, pc = sh("ca", "ping -c 2 -i 0.2 10.9.0.2")
t.is(pc, 0, "real ping works across the veth")
local pkts = cap:wait(0.5, 1000)
local texts = {}
for i, p in ipairs(pkts) do texts[i] = p.dir .. " " .. p.text end
t.diag("captured:\n" .. table.concat(texts, "\n"))
local req, rep, arp, outs, ins = 0, 0, 0, 0, 0
for _, p in ipairs(pkts) do
  if p.icmp and p.icmp.type == 8 then req = req + 1; t.is(p.dir, "In", "echo request arrives (In)") end
  if p.icmp and p.icmp.type == 0 then rep = rep + 1; t.is(p.dir, "Out", "echo reply leaves (Out)") end
  if p.arp then arp = arp + 1 end
  if p.dir == "Out" then outs = outs + 1 else ins = ins + 1 end
end
t.is(req, 2, "two echo requests seen")
t.is(rep, 2, "two echo replies seen (outgoing packets are captured too)")
t.ok(arp >= 2, "ARP request and reply seen")
local p1
for _, p in ipairs(pkts) do if p.icmp and p.icmp.type == 8 then p1 = p break end end
t.like(p1.text, "^IP 10%.9%.0%.1 > 10%.9%.0%.2: ICMP echo request, id %d+, seq 1, length 64$", "echo request text")
t.like(p1.text_e, "^%x%x:%x%x:%x%x:%x%x:%x%x:%x%x > %x%x:.-, ethertype IPv4 %(0x0800%), length 98: 10%.9%.0%.1 > 10%.9%.0%.2: ICMP echo request", "echo request text_e")
t.ok(math.abs(p1.time - os.time()) < 5 and p1.ifname == "vb" and p1.len == 98 and p1.caplen == 98, "time, ifname, len, caplen")

-- the same bytes in real tcpdump
local plain = P.tcpdump(t, pkts, "-n")
local withe = P.tcpdump(t, pkts, "-e -n")
t.is(#plain, #pkts, "tcpdump reads back as many packets")
local diff_n, diff_e = 0, 0
for i, p in ipairs(pkts) do
  if p.text ~= plain[i] then diff_n = diff_n + 1; t.diag("mine:    " .. p.text .. "\ntcpdump: " .. tostring(plain[i])) end
  if p.text_e ~= withe[i] then diff_e = diff_e + 1; t.diag("mine:    " .. p.text_e .. "\ntcpdump: " .. tostring(withe[i])) end
end
t.is(diff_n, 0, "every line equals tcpdump -n -r on the saved pcap")
t.is(diff_e, 0, "every line equals tcpdump -e -n -r on the saved pcap")
local st = cap:stats()
t.ok(st.captured == #pkts and st.dropped == 0, "stats: captured, no drops")
cap:close()
t.ok(not pcall(cap.read, cap), "a closed capture raises on use")
t.is(tostring(cap), "capture (closed)", "tostring of a closed capture")

-- 2. the sender's side, with a filter, and TCP
cap = assert(net.capture_open("ca", "va", "icmp or tcp"))
sh("ca", "ping -c 1 10.9.0.2 >/dev/null; exec 3<>/dev/tcp/10.9.0.2/8888 2>/dev/null; true")
pkts = cap:wait(0.5, 1000)
local kinds = {}
for _, p in ipairs(pkts) do kinds[#kinds + 1] = p.dir .. ":" .. (p.icmp and "icmp" .. p.icmp.type or p.tcp and "tcp-" .. p.tcp.flags or "other") end
t.is(table.concat(kinds, " "), "Out:icmp8 In:icmp0", "filter 'icmp or tcp' on the sender: request Out, reply In" ..
  " (sh has no /dev/tcp, so no TCP here)")
cap:close()
local bash = sh("", "command -v bash")
if bash ~= "" then
  cap = assert(net.capture_open("ca", "va", "tcp port 8888"))
  sh("ca", "bash -c 'exec 3<>/dev/tcp/10.9.0.2/8888' 2>/dev/null; true")
  pkts = cap:wait(0.5, 2)
  t.is(#pkts, 2, "tcp to a closed port: two packets")
  if #pkts == 2 then
    t.ok(pkts[1].tcp.flags == "S" and pkts[1].dir == "Out" and pkts[2].tcp.flags == "R." and pkts[2].dir == "In", "SYN out, RST in")
    local lines = P.tcpdump(t, pkts, "-n")
    t.is(pkts[1].text, lines[1], "SYN line equals tcpdump's")
    t.is(pkts[2].text, lines[2], "RST line equals tcpdump's")
  end
  cap:close()
end

-- 3. count and timeout in wait
cap = assert(net.capture_open("cb", "vb", "icmp"))
sh("ca", "ping -c 3 -i 0.2 10.9.0.2 >/dev/null")
pkts = cap:wait(2, 2)
t.is(#pkts, 2, "wait(timeout, 2) returns after two packets")
local t0 = os.clock()
local rest = cap:read()
t.is(#rest, 4, "read() drains the rest without waiting")
pkts = cap:wait(0.3)
t.is(#pkts, 0, "wait(0.3) on a quiet link returns an empty list")
cap:close()

-- 4. every interface: ifname and direction per packet, pcap in Linux cooked form
cap = assert(net.capture_open("cb", nil, "icmp"))
t.is(cap:info().dev, "any", "no device: any")
sh("ca", "ping -c 1 10.9.0.2 >/dev/null")
sh("cb", "ping -c 1 127.0.0.1 >/dev/null")
pkts = cap:wait(0.5, 100)
local seen = {}
for _, p in ipairs(pkts) do seen[#seen + 1] = p.ifname .. " " .. p.dir .. " " .. p.icmp.type end
t.is(table.concat(seen, ", "), "vb In 8, vb Out 0, lo In 8, lo In 0", "any: veth both ways, loopback once each (like tcpdump)")
local lines = P.tcpdump(t, pkts, "-n")
local same = #lines == #pkts
for i, p in ipairs(pkts) do same = same and p.text == lines[i] end
t.ok(same, "any: the cooked pcap reads back in tcpdump as the same lines", table.concat(lines, "\n"))
cap:close()

-- 4b. side by side with a live tcpdump: one device, then any
cap = assert(net.capture_open("cb", "vb", "icmp"))
local live = live_tcpdump("cb", "-i vb icmp", 4, function() sh("ca", "ping -c 2 -i 0.2 10.9.0.2 >/dev/null") end)
pkts = cap:wait(0.5, 4)
local mine = {}
for i, p in ipairs(pkts) do mine[i] = p.text end
t.is(#pkts, 4, "four icmp packets on vb")
t.is(table.concat(mine, "\n"), table.concat(live, "\n"), "same lines as a live tcpdump -n -i vb icmp")
cap:close()
cap = assert(net.capture_open("cb", "any", "icmp"))
live = live_tcpdump("cb", "-i any icmp", 4, function() sh("ca", "ping -c 2 -i 0.2 10.9.0.2 >/dev/null") end)
pkts = cap:wait(0.5, 4)
mine = {}
for i, p in ipairs(pkts) do mine[i] = p.text_any end
t.is(#pkts, 4, "four icmp packets on any")
t.is(table.concat(mine, "\n"), table.concat(live, "\n"), "text_any: same lines as a live tcpdump -n -i any icmp")
cap:close()

-- 4c. a file real tcpdump -i any wrote (Linux cooked v2), read by net.pcap_read as tcpdump -r reads it
do
  local base = os.tmpname()
  local f2 = base .. ".pcap"
  local pid = net.run("cb", { "/bin/sh", "-c", "exec tcpdump -i any -c 4 -w " .. f2 .. " icmp 2>" .. base .. ".err" }, { background = true })
  for _ = 1, 150 do
    local f = io.open(base .. ".err")
    local e = f and f:read("a") or ""
    if f then f:close() end
    if e:find("listening on") then break end
    os.execute("sleep 0.02")
  end
  sh("ca", "ping -c 2 -i 0.2 10.9.0.2 >/dev/null")
  for _ = 1, 100 do if net.wait(pid, true) then pid = nil break end os.execute("sleep 0.02") end
  if pid then net.kill(pid); net.wait(pid) end
  local got, info = net.pcap_read(f2)
  t.ok(got and info.linktype == "sll2" and info.link_desc == "LINUX_SLL2 (Linux cooked v2)", "pcap_read: a cooked v2 file", info)
  if got then
    local plain, withe = {}, {}
    for i, p in ipairs(got) do plain[i] = p.text; withe[i] = p.text_e end
    -- both resolve the interface index in the same namespace (the sandbox's own)
    local function real(flags)
      local o = sh("", "tcpdump " .. flags .. " -r " .. f2 .. " 2>/dev/null")
      local l = {}
      for line in o:gmatch("[^\n]+") do l[#l + 1] = line:match("^%d+:%d+:%d+%.%d+ (.*)$") or line end
      return table.concat(l, "\n")
    end
    t.is(#got, 4, "four packets")
    t.is(table.concat(plain, "\n"), real("-n"), "cooked v2: the lines of tcpdump -n -r")
    t.is(table.concat(withe, "\n"), real("-n -e"), "cooked v2: the lines of tcpdump -n -e -r")
    local two = net.pcap_read(f2, "icmp[icmptype] == icmp-echoreply", { count = 1 })
    t.ok(two and #two == 1 and two[1].icmp.type == 0, "a filter and a count")
    local copy = base .. ".copy"
    t.is(net.pcap_write(copy, got), 4, "written back")
    local again = net.pcap_read(copy)
    t.ok(again and #again == 4 and again[4].text == got[4].text, "and read again the same")
    os.remove(copy)
  end
  os.remove(f2); os.remove(base .. ".err"); os.remove(base)
end
t.fails("^tcpdump: /nonexistent/x%.pcap: No such file or directory$", "pcap_read: a missing file in tcpdump's words",
  net.pcap_read("/nonexistent/x.pcap"))

-- 5. bad input, in tcpdump's words, nothing left open
t.fails("^tcpdump: eth9: No such device exists", "unknown device", net.capture_open("cb", "eth9"))
t.fails("^tcpdump: can.t parse filter expression: syntax error$", "bad filter, in libpcap's words", net.capture_open("cb", "vb", "icmp and"))
t.fails("^nope: no such namespace", "unknown namespace", net.capture_open("nope", "vb"))
t.fails("That device is not up", "device that is down", net.capture_open("cb", "vdown"))
local c2 = net.capture_open("cb", "vdown", nil, { allow_down = true })
t.ok(c2, "allow_down opens it anyway")
if c2 then c2:close() end
t.fails("No such device exists", "a name too long for a device", net.capture_open("cb", "a-very-long-interface-name"))
t.ok(not pcall(net.capture_open, "cb", "vb", nil, 5), "options that are not a table raise")
t.ok(not pcall(net.capture_open, {}, "vb"), "a namespace that is not a string raises")

-- 6. ipip, as in the article: underlay sees ip proto 4, the tunnel device is raw IP
out, code = sh("", [[
ip -n ca link add tun0 type ipip local 10.9.0.1 remote 10.9.0.2 2>&1 &&
ip -n cb link add tun0 type ipip local 10.9.0.2 remote 10.9.0.1 2>&1 &&
ip -n ca addr add 1.1.1.1/24 dev tun0 && ip -n cb addr add 1.1.1.2/24 dev tun0 &&
ip -n ca link set tun0 up && ip -n cb link set tun0 up
]])
if code ~= 0 then
  t.diag("no ipip in this kernel (" .. out:gsub("\n", " ") .. "): tunnel capture not tested")
else
  local under = assert(net.capture_open("cb", "vb", "ip proto 4"))
  local tun = assert(net.capture_open("cb", "tun0", nil))
  local icmp_only = assert(net.capture_open("cb", "vb", "icmp"))
  t.is(tun:info().linktype, "raw", "ipip device: raw link type")
  sh("ca", "ping -c 1 1.1.1.2 >/dev/null")
  local u = under:wait(0.5, 2)
  local r = tun:wait(0.5, 2)
  t.is(#u, 2, "underlay: two ip proto 4 packets")
  t.is(#icmp_only:read(), 0, "'icmp' on the underlay sees nothing: the outer protocol is 4")
  if #u == 2 then
    t.is(u[1].text, "IP 10.9.0.1 > 10.9.0.2: IP 1.1.1.1 > 1.1.1.2: ICMP echo request, id " .. u[1].icmp.id .. ", seq 1, length 64", "underlay line")
    t.ok(u[1].inner and u[1].inner.src == "1.1.1.1", "inner header fields")
  end
  if #r == 2 then
    t.is(r[1].linktype, "raw", "tunnel packets are raw")
    t.like(r[1].text_e, "^ip: 1%.1%.1%.1 > 1%.1%.1%.2: ICMP echo request", "tunnel -e line starts with 'ip: ' (no MAC)")
    local l = P.tcpdump(t, r, "-e -n")
    t.is(r[1].text_e, l[1], "tunnel line equals tcpdump -e's")
  else
    t.ok(false, "tunnel: two packets", #r)
  end
  under:close(); tun:close(); icmp_only:close()
end
-- 7. a tun device (what netlearn's user-space ipip stand-in uses): raw IP, no link header
local py = io.open("/usr/bin/python3") and "/usr/bin/python3"
if not py then
  t.diag("no /usr/bin/python3: tun capture not tested")
else
  local script = os.tmpname()
  local f = assert(io.open(script, "w"))
  f:write([==[
import fcntl, os, struct, subprocess, time, select
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH", b"tun9", 0x0001 | 0x1000))
subprocess.run("ip addr add 10.77.0.2/24 dev tun9 && ip link set tun9 up", shell=True, check=True)
time.sleep(0.4)
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s > 0xffff: s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff
icmp = struct.pack("!BBHHH", 8, 0, 0, 77, 1) + b"x" * 56
icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), 1, 0x4000, 64, 1, 0,
                 bytes([10, 77, 0, 1]), bytes([10, 77, 0, 2]))
ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
os.write(fd, ip + icmp)
end = time.time() + 0.8
while time.time() < end:
    r, _, _ = select.select([fd], [], [], 0.1)
    if r: os.read(fd, 2000)
]==])
  f:close()
  local pid = net.run("cb", { py, script }, { background = true })
  local tcap
  for _ = 1, 500 do      -- (up to 10 s: python starts slowly in the emulated VM)
    tcap = net.capture_open("cb", "tun9", "icmp", { allow_down = true })
    if tcap then break end
    os.execute("sleep 0.02")
  end
  t.ok(tcap, "capture on a tun device")
  if tcap then
    t.is(tcap:info().linktype, "raw", "tun: raw link type")
    t.is(tcap:info().link_desc, "RAW (Raw IP)", "tun: link description as tcpdump's")
    local r = tcap:wait(10, 2)      -- returns at the second packet
    local d = {}
    for _, p in ipairs(r) do d[#d + 1] = p.dir .. " " .. p.text_e end
    t.is(table.concat(d, "\n"), "In ip: 10.77.0.1 > 10.77.0.2: ICMP echo request, id 77, seq 1, length 64\n" ..
      "Out ip: 10.77.0.2 > 10.77.0.1: ICMP echo reply, id 77, seq 1, length 64", "tun: request in, reply out, no MACs")
    if #r == 2 then
      local l = P.tcpdump(t, r, "-e -n")
      t.is(r[2].text_e, l[2], "tun line equals tcpdump -e's")
      t.is(r[2].linktype, "raw", "tun packets are raw")
    end
    tcap:close()
  end
  net.wait(pid)
  os.remove(script)
end
t.done()
