#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/47-vxlan-live.lua -- a real VXLAN between two lab namespaces (made
with the real `ip link add ... type vxlan` in the sandbox), on the IANA port
4789 and on Linux's default 8472 (which tcpdump prints as OTV): the underlay
lines netlearn prints equal a live real tcpdump's, byte for byte (two lines per
packet, as tcpdump 4.99 prints VXLAN), the pcap netlearn writes reads back the
same in tcpdump -r, and a capture claim matches the VXLAN fields (tunnel, vni,
inner addresses). GRE and GENEVE, which this kernel may lack, are compared
with tcpdump -r on crafted frames in tests/lua/40-decode.lua and 41-truncated.lua. ]]
local net = require("netlearn.core")
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local P = dofile(os.getenv("TESTLIB") .. "/packets.lua")
local claims = require("netlearn.claims")
if not P.have_tcpdump(t) then t.skip_all("no real tcpdump to compare with") end

local function sh(ns, cmd)
  local code, out, err = net.run(ns, { "/bin/sh", "-c", cmd }, { capture = true })
  return (out or "") .. (err or ""), code
end

for _, n in ipairs { "xa", "xb" } do
  assert(net.ns_add(n))
  sh(n, "sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1")
end
local out, code = sh("", [[
set -e
ip link add ua netns xa type veth peer name ub netns xb
ip -n xa addr add 10.8.0.1/24 dev ua; ip -n xb addr add 10.8.0.2/24 dev ub
ip -n xa link set ua up; ip -n xb link set ub up
ip -n xa link add vx42 type vxlan id 42 remote 10.8.0.2 local 10.8.0.1 dstport 4789 dev ua
ip -n xb link add vx42 type vxlan id 42 remote 10.8.0.1 local 10.8.0.2 dstport 4789 dev ub
ip -n xa link add vx7 type vxlan id 7 remote 10.8.0.2 local 10.8.0.1 dstport 8472 dev ua
ip -n xb link add vx7 type vxlan id 7 remote 10.8.0.1 local 10.8.0.2 dstport 8472 dev ub
ip -n xa addr add 192.168.42.1/24 dev vx42; ip -n xb addr add 192.168.42.2/24 dev vx42
ip -n xa addr add 192.168.7.1/24 dev vx7; ip -n xb addr add 192.168.7.2/24 dev vx7
for d in vx42 vx7; do ip -n xa link set $d up; ip -n xb link set $d up; done
]])
if code ~= 0 then t.skip_all("no vxlan in this kernel: " .. out:gsub("\n", " ")) end
sh("xa", "ping -c 1 -W 2 10.8.0.2 >/dev/null; ping -c 1 -W 2 192.168.42.2 >/dev/null; ping -c 1 -W 2 192.168.7.2 >/dev/null")

local function compare(filter, target, name)
  for _, style in ipairs { { "-n", "text" }, { "-n -e", "text_e" } } do
    sh("xa", "ip neigh flush dev vx42; ip neigh flush dev vx7")
    local cap = assert(net.capture_open("xb", "ub", filter))
    local live = P.live_tcpdump("xb", style[1] .. " -i ub '" .. filter .. "'", 4, function()
      sh("xa", "ping -c 2 -i 0.2 " .. target .. " >/dev/null")
    end)
    local pkts = cap:wait(0.5, 4)
    cap:close()
    local mine = {}
    for i, p in ipairs(pkts) do mine[i] = p[style[2]] end
    t.is(#pkts, 4, name .. " (" .. style[1] .. "): four packets on the underlay")
    t.is(table.concat(mine, "\n"), table.concat(live, "\n"), name .. " (" .. style[1] .. "): the lines of a live tcpdump " ..
      style[1] .. " -i ub '" .. filter .. "'")
    if style[2] == "text" then
      local back = P.tcpdump(t, pkts, "-n")
      t.is(table.concat(back, "\n"), table.concat(mine, "\n"), name .. ": tcpdump -r reads netlearn's pcap as the same lines")
    end
  end
end

compare("udp port 4789 and udp[8:2] = 0x0800", "192.168.42.2", "vxlan 4789")
compare("udp port 8472 and udp[8:2] = 0x0800", "192.168.7.2", "vxlan on 8472 (tcpdump: OTV)")

-- the text and the fields
local cap = assert(net.capture_open("xb", "ub", "udp port 4789"))
sh("xa", "ping -c 1 192.168.42.2 >/dev/null")
local pkts = cap:wait(0.5, 10)
cap:close()
local req
for _, p in ipairs(pkts) do
  if p.text:find("ICMP echo request", 1, true) then req = p break end
end
t.ok(req, "the echo request crossed the underlay", #pkts)
if req then
  t.like(req.text, "^IP 10%.8%.0%.1%.%d+ > 10%.8%.0%.2%.4789: VXLAN, flags %[I%] %(0x08%), vni 42\nIP 192%.168%.42%.1 > 192%.168%.42%.2: ICMP echo request",
    "VXLAN, flags [I] (0x08), vni 42, then the inner frame")
  t.ok(req.tunnel and req.tunnel.kind == "vxlan" and req.tunnel.vni == 42, "pkt.tunnel = {kind = 'vxlan', vni = 42}")
  local want = { tunnel = "vxlan", vni = 42, outer_src = "10.8.0.1", inner_src = "192.168.42.1", inner_dst = "192.168.42.2", dport = 4789 }
  t.ok(claims.pkt_match(req, want, net), "a capture claim's packet description matches it")
  t.ok(not claims.pkt_match(req, { tunnel = "vxlan", vni = 43 }, net), "another vni does not")
  t.ok(not claims.pkt_match(req, { tunnel = "geneve" }, net), "nor another tunnel")
  t.ok(pcall(claims.K.capture.validate, { dev = "ub", shows = want }, "x.lua", 1), "the claim's fields validate")
  local ok, err = pcall(claims.K.capture.validate, { dev = "ub", shows = { vni = "42" } }, "x.lua", 1)
  t.ok(not ok and tostring(err):find("vni"), "vni must be an integer", tostring(err))
  ok, err = pcall(claims.K.capture.validate, { dev = "ub", filter = "udp port", shows = want }, "x.lua", 7)
  t.ok(not ok and tostring(err):find("capture: filter 'udp port': tcpdump: can't parse filter expression: syntax error", 1, true),
    "a broken filter is the lesson's error, in tcpdump's words", tostring(err))
  t.like(claims.K.capture.render({ dev = "ub", shows = { tunnel = "vxlan", vni = 42 } }, "en"), "VXLAN packets VNI 42",
    "rendered for the learner")
  t.like(claims.K.capture.render({ dev = "ub", shows = { tunnel = "vxlan", vni = 42 } }, "zh"), "VXLAN 包",
    "and in Chinese")
end
t.done()
