#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/41-truncated.lua -- the decoder on frames cut at every length: it
must never crash or read past the bytes it was given, must say the frame is
malformed, and (where tcpdump is installed) must stop where tcpdump stops. ]]
local net = require("netlearn.core")
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local P = dofile(os.getenv("TESTLIB") .. "/packets.lua")

local m1, m2 = P.mac1, P.mac2
local echo = P.ipv4{ src = "10.1.5.10", dst = "10.1.8.10", proto = 1, payload = P.icmp_echo(8, 2359, 1, 8) }
local udp = P.ipv4{ src = "10.0.0.1", dst = "10.0.0.2", proto = 17, payload = P.udp(33434, 33435, "abcd") }
local frames = {
  { "ether", P.eth(m2, m1, 0x800, echo), "icmp" },
  { "ether", P.eth(m2, m1, 0x800, P.ipv4{ src = "172.16.94.141", dst = "172.16.94.142", proto = 4, payload = echo }), "ipip" },
  { "ether", P.eth(m1, m2, 0x806, P.arp(1, m2, "10.1.5.1", "00:00:00:00:00:00", "10.1.5.10")), "arp" },
  { "ether", P.eth(m1, m2, 0x800, P.ipv4{ src = "10.0.0.2", dst = "10.0.0.1", proto = 1, payload = P.icmp_err(3, 3, udp) }), "icmp unreachable" },
  { "ether", P.eth(m1, m2, 0x800, P.ipv4{ src = "10.0.0.2", dst = "10.0.0.1", proto = 1, payload = P.icmp_err(3, 4, udp, "\0\0\5\120") }), "icmp need-frag" },
  { "ether", P.eth(m1, m2, 0x800, P.ipv4{ src = "10.0.0.2", dst = "10.0.0.1", proto = 1, payload = P.icmp_err(11, 0, udp) }), "icmp time exceeded" },
  { "ether", P.eth(m2, m1, 0x800, P.ipv4{ src = "10.0.0.1", dst = "10.0.0.2", proto = 6, payload = P.tcp{ sport = 1, dport = 80, seq = 5, flags = "S",
      opts = P.hex"020405b4 0402 080a 00000001 00000000 01 030307", data = "GET / HTTP/1.0\r\n" } }), "tcp" },
  { "ether", P.eth(m2, m1, 0x800, udp), "udp" },
  { "ether", P.eth(m2, m1, 0x86dd, P.ipv6{ src = "fe80::1", dst = "fe80::2", nxt = 58, payload = P.hex"8000 0000 0001 0002 61626364" }), "icmp6" },
  { "ether", P.eth("33:33:00:00:00:16", m1, 0x86dd, P.ipv6{ src = "::", dst = "ff02::16", nxt = 0, hlim = 1,
      payload = P.hex"3a00 0502 0000 0100" .. P.hex"8f00 0000 0000 0001 04000000" .. P.ip6("ff02::1:ff00:2") }), "mld hbh" },
  { "ether", P.eth(m2, m1, 0x800, P.ipv4{ src = "10.0.0.1", dst = "10.0.0.2", proto = 17,
      payload = P.udp(40000, 4789, P.vxlan(42) .. P.eth(m1, m2, 0x800, echo)) }), "vxlan" },
  { "ether", P.eth(m2, m1, 0x800, P.ipv4{ src = "10.0.0.1", dst = "10.0.0.2", proto = 17,
      payload = P.udp(40000, 8472, P.vxlan(42) .. P.eth(m1, m2, 0x800, echo)) }), "otv" },
  { "ether", P.eth(m2, m1, 0x800, P.ipv4{ src = "10.0.0.1", dst = "10.0.0.2", proto = 17,
      payload = P.udp(40000, 6081, P.geneve{ vni = 42, opts = P.hex"01020304" } .. P.eth(m1, m2, 0x800, echo)) }), "geneve" },
  { "ether", P.eth(m2, m1, 0x800, P.ipv4{ src = "10.0.0.1", dst = "10.0.0.2", proto = 47,
      payload = P.gre{ csum = true, key = 42, seq = 7 } .. echo }), "gre" },
  { "ether", P.eth(m2, m1, 0x800, P.ipv4{ src = "10.0.0.1", dst = "10.0.0.2", proto = 47,
      payload = P.gre{ proto = 0x6558, key = 42 } .. P.eth(m1, m2, 0x800, echo) }), "gretap" },
  { "raw", echo, "raw icmp" },
  { "sll", P.hex"0000 0001 0006" .. P.mac(m1) .. "\0\0" .. P.hex"0800" .. echo, "sll icmp" },
}

local cases, total, crashed = {}, 0, 0
for _, f in ipairs(frames) do
  local lt, data, name = f[1], f[2], f[3]
  local full = net.decode(data, lt)
  t.is(full.malformed, false, name .. ": the whole frame is well-formed")
  local bad_malformed = {}
  for cut = 0, #data - 1 do
    total = total + 1
    local ok, p = pcall(net.decode, data:sub(1, cut), lt, #data)
    if not ok then
      crashed = crashed + 1
      t.diag(name .. " cut at " .. cut .. ": " .. tostring(p))
    elseif not p.malformed and cut < #data then
      -- tcpdump itself is happy with some cuts (bytes nobody prints); ours must then print what tcpdump prints
      bad_malformed[#bad_malformed + 1] = cut
    end
    if lt ~= "sll" and cut > 0 then cases[#cases + 1] = { data = data:sub(1, cut), len = #data, linktype = lt, name = name .. " cut " .. cut } end
  end
  t.ok(#bad_malformed < #data, name .. ": cut frames are flagged malformed (" .. (#data - #bad_malformed) .. " of " .. #data .. ")")
end
t.is(crashed, 0, "no cut of " .. total .. " frames raised an error")

-- garbage: random bytes at random lengths, for every link type
math.randomseed(42)
local errors = 0
for _ = 1, 3000 do
  local n = math.random(0, 120)
  local b = {}
  for i = 1, n do b[i] = string.char(math.random(0, 255)) end
  local s = table.concat(b)
  for _, lt in ipairs{ "ether", "raw", "sll" } do
    local ok = pcall(net.decode, s, lt)
    if not ok then errors = errors + 1 end
  end
end
t.is(errors, 0, "random bytes never raise")

-- where the text stops: compare with tcpdump on the same cut frames
if P.have_tcpdump(t) then
  for _, lt in ipairs{ "ether", "raw" } do
    local list = {}
    for _, c in ipairs(cases) do if c.linktype == lt then list[#list + 1] = c end end
    local lines = P.tcpdump(t, list, "-n")
    local same, diffs = 0, {}
    for i, c in ipairs(list) do
      local mine = net.decode(c.data, lt, c.len).text
      if mine == lines[i] then same = same + 1 else diffs[#diffs + 1] = c.name .. "\n  mine: " .. mine .. "\n  tcpdump: " .. tostring(lines[i]) end
    end
    t.is(#diffs, 0, lt .. ": truncated text as tcpdump prints it (" .. same .. "/" .. #list .. ")")
    for i = 1, math.min(#diffs, 40) do t.diag(diffs[i]) end
  end
end
t.done()
