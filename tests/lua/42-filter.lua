#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/42-filter.lua -- the capture filter is tcpdump's own language
(libpcap): a table of real-world expressions must select exactly the frames
real tcpdump -r selects from the same pcap (frame by frame, by index),
broken ones must be refused with tcpdump's words on one line, and the IPIP
rule holds (icmp matches the outer protocol only). The kernel side of the
same filters is tests/lua/45-filter-kernel.lua. ]]
local net = require("netlearn.core")
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local P = dofile(os.getenv("TESTLIB") .. "/packets.lua")

local m1, m2 = P.mac1, P.mac2
local pk = {}
local function add(f) pk[#pk + 1] = { data = f, linktype = "ether" } end
local echo = P.ipv4{ src = "10.1.5.10", dst = "10.1.8.10", proto = 1, payload = P.icmp_echo(8, 2359, 1) }
local reply = P.ipv4{ src = "10.1.8.10", dst = "10.1.5.10", proto = 1, payload = P.icmp_echo(0, 2359, 1) }
add(P.eth(m2, m1, 0x800, echo))                                                                  -- 1
add(P.eth(m1, m2, 0x800, reply))                                                                 -- 2
add(P.eth(m2, m1, 0x800, P.ipv4{ src = "172.16.94.141", dst = "172.16.94.142", proto = 4, payload = echo }))   -- 3 ipip
add(P.eth("ff:ff:ff:ff:ff:ff", m1, 0x806, P.arp(1, m1, "10.1.5.10", "00:00:00:00:00:00", "10.1.5.1")))          -- 4
add(P.eth(m1, m2, 0x806, P.arp(2, m2, "10.1.5.1", m1, "10.1.5.10")))                             -- 5
add(P.eth(m2, m1, 0x800, P.ipv4{ src = "10.1.5.10", dst = "192.168.0.10", proto = 6, payload = P.tcp{ sport = 40000, dport = 8888, seq = 1, flags = "S" } }))  -- 6
add(P.eth(m1, m2, 0x800, P.ipv4{ src = "192.168.0.10", dst = "10.1.5.10", proto = 6, payload = P.tcp{ sport = 8888, dport = 40000, seq = 0, ack = 2, flags = "R." } }))  -- 7
add(P.eth(m2, m1, 0x800, P.ipv4{ src = "10.0.0.1", dst = "10.0.0.2", proto = 17, payload = P.udp(33434, 9999, "abcdefghijklmnop") }))  -- 8
add(P.eth(m2, m1, 0x86dd, P.ipv6{ src = "fe80::1", dst = "fe80::2", nxt = 58, payload = P.hex"8000 0000 0001 0002 61626364" }))  -- 9
add(P.eth(m2, m1, 0x86dd, P.ipv6{ src = "2001:db8::1", dst = "2001:db8::2", nxt = 6, payload = P.tcp{ sport = 5555, dport = 80, seq = 7, flags = "S" } }))  -- 10
add(P.eth(m2, m1, 0x800, P.ipv4{ src = "172.16.94.141", dst = "172.16.94.142", proto = 4,
  payload = P.ipv4{ src = "10.1.5.10", dst = "10.1.8.10", proto = 6, payload = P.tcp{ sport = 1234, dport = 80, seq = 1, flags = "S" } } }))  -- 11 ipip tcp
add(P.eth(m2, m1, 0x800, P.ipv4{ src = "10.0.0.1", dst = "10.0.0.2", proto = 17, frag = 64, payload = P.udp(9999, 9999, "later fragment") }))  -- 12
add(P.eth(m2, m1, 0x800, P.ipv4{ src = "10.1.5.10", dst = "10.1.8.10", proto = 6,
  payload = P.tcp{ sport = 80, dport = 41000, seq = 5, ack = 9, flags = "P.", data = string.rep("x", 200) } }))  -- 13 http data, long
add(P.eth("ff:ff:ff:ff:ff:ff", m2, 0x800, P.ipv4{ src = "10.1.5.10", dst = "10.1.5.255", proto = 17, payload = P.udp(137, 137, "nbns") }))  -- 14 broadcast
add(P.eth(m1, m2, 0x8100, P.be16(42) .. P.be16(0x800) .. echo))                                  -- 15 vlan 42
add(P.eth(m2, m1, 0x800, P.ipv4{ src = "10.2.0.1", dst = "10.2.0.2", proto = 17, payload = P.udp(5353, 1000, "dns-ish") }))  -- 16
add(P.eth("01:00:5e:00:00:fb", m2, 0x800, P.ipv4{ src = "10.2.0.1", dst = "224.0.0.251", proto = 17, ttl = 1, payload = P.udp(5353, 5353, "mdns") }))  -- 17 multicast
add(P.eth(m2, m1, 0x800, P.ipv4{ src = "10.1.5.10", dst = "10.1.8.10", proto = 6, payload = P.tcp{ sport = 40001, dport = 22, seq = 1, flags = "F." } }))  -- 18 fin
add(P.eth(m2, m1, 0x800, P.ipv4{ src = "10.1.8.10", dst = "10.1.5.10", proto = 1,
  payload = P.icmp_err(3, 3, P.ipv4{ src = "10.1.5.10", dst = "10.1.8.10", proto = 17, payload = P.udp(40000, 33434, "") }) }))  -- 19 port unreachable


-- real-world filters: those the hand-written compiler refused (issue 19), the
-- lessons' and the articles', and the usual suspects from tcpdump tutorials
local good = {
  -- refused before libpcap
  "tcp[13] & 2 != 0", "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0", "tcp[tcpflags] == tcp-syn",
  "icmp[icmptype] == icmp-echo", "icmp[icmptype] == icmp-echoreply", "icmp[icmptype] != icmp-echo and icmp[icmptype] != icmp-echoreply",
  "portrange 1-1000", "udp portrange 5000-6000", "tcp dst portrange 20-100",
  "vlan", "vlan 42", "vlan and icmp", "vlan 43",
  "broadcast", "ether broadcast", "multicast", "ip multicast", "ether multicast",
  "net 10.0.0.0 mask 255.0.0.0", "net 10.1.5.0 mask 255.255.255.0", "src net 10.1.8.0 mask 255.255.255.0",
  "port http", "tcp port http", "port ssh", "port domain or port 5353",
  "len <= 100", "len > 100", "greater 200", "ip[8] == 1", "ip[2:2] > 60", "udp[8:4] = 0x6e626e73",
  "ip[6:2] & 0x1fff != 0", "ether[0] & 1 != 0", "ether src " .. m2 .. " and not arp",
  "tcp[tcpflags] & tcp-rst != 0", "tcp[13] = 0x18", "icmp[0] = 3", "ip and udp[0:2] = 137",
  "proto \\udp", "ip proto \\icmp or ip proto \\tcp",
  "arp[6:2] = 1", "arp[6:2] = 2", "rarp",
  -- the lessons' and the articles' filters
  "icmp", "arp", "arp or icmp", "ip proto 4", "tcp port 80", "tcp port 8888",
  -- what the old compiler took
  "tcp", "udp", "ip", "ip6", "icmp6", "ip proto 1", "ip proto \\tcp", "proto 6", "ip6 proto 58",
  "host 10.1.5.10", "src 10.1.5.10", "dst 10.1.5.10", "src host 10.1.5.10", "dst host 10.1.8.10",
  "host 10.1.5.1", "arp host 10.1.5.1", "ip host 10.1.5.10", "host 172.16.94.141",
  "net 10.1.0.0/16", "net 10.1.5.0/24", "src net 10.0.0.0/8", "dst net 192.168.0.0/16", "net 10.1", "net 172.16.94.0/24",
  "port 8888", "src port 8888", "dst port 8888", "udp port 9999", "port 9999", "tcp dst port 8888", "port 80 or 8888",
  "icmp or arp", "icmp and host 10.1.5.10", "not icmp", "! arp", "icmp && src 10.1.8.10", "arp || udp",
  "not (icmp or arp)", "(tcp or udp) and not port 9999", "ip and not icmp and not tcp",
  "host 10.1.5.10 and (icmp or tcp)", "host 10.1.5.10 or 10.0.0.1", "src or dst host 10.0.0.2", "src and dst net 10.0.0.0/8",
  "ether host " .. m1, "ether src " .. m2, "ether dst ff:ff:ff:ff:ff:ff", "ether proto 0x0806", "ether proto \\arp",
  "host 2001:db8::1", "ip6 and tcp", "dst port 80", "less 60", "greater 100", "tcp and not ip6",
  "icmp and not host 172.16.94.141", "ip proto 300",
}
-- broken filters: tcpdump's exact words (libpcap's), one line, errno 22
local bad = {
  { "icmp and", "tcpdump: can't parse filter expression: syntax error" },
  { "host", "tcpdump: can't parse filter expression: syntax error" },
  { "(icmp", "tcpdump: can't parse filter expression: syntax error" },
  { "icmp)", "tcpdump: can't parse filter expression: syntax error" },
  { "icmp arp", "tcpdump: can't parse filter expression: syntax error" },
  { "frobnicate", "tcpdump: can't parse filter expression: syntax error" },
  { "and icmp", "tcpdump: can't parse filter expression: syntax error" },
  { "80", "tcpdump: can't parse filter expression: syntax error" },
  { "port http2x", "tcpdump: unknown port 'http2x'" },
  { "port 70000", "tcpdump: illegal port number 70000 > 65535" },
  { "host 10.1.5.300", "tcpdump: invalid IPv4 address '10.1.5.300'" },
  { "net 10.1.5.1/24", 'tcpdump: non-network bits set in "10.1.5.1/24"' },
  { "tcp host 1.2.3.4", "tcpdump: 'tcp' modifier applied to host" },
  { "net 10.1.5.0/33", "tcpdump: mask length must be <= 32" },
  { "tcp[13] &", "tcpdump: can't parse filter expression: syntax error" },
  { "portrange 10-", "tcpdump: can't parse filter expression: syntax error" },
}

-- parse
for _, e in ipairs(good) do t.is(net.filter_check(e), true, "parses: " .. e) end
for _, b in ipairs(bad) do
  local r, msg, errno = net.filter_check(b[1])
  t.ok(r == nil and errno == net.errno.EINVAL and msg == b[2] and not msg:find("\n"), "refused in tcpdump's words: " .. b[1],
    tostring(msg) .. "\nwant: " .. b[2])
end
t.is(net.filter_check(""), true, "the empty expression matches everything")
t.ok(not pcall(net.filter_check, nil), "a non-string raises")
t.is(net.filter_check("ether host " .. m1, "raw"), nil, "on a raw-IP link there is no MAC to filter on")
t.is(net.filter_check("icmp", "raw"), true, "but 'icmp' is fine there")
t.ok(not pcall(net.filter_check, "icmp", "token-ring"), "an unknown link type raises")

-- the article's IPIP captures
t.is(net.filter_match("icmp", pk[3]), false, "ipip carrying icmp: 'icmp' looks at the outer header only")
t.is(net.filter_match("ip proto 4", pk[3]), true, "ipip: 'ip proto 4' matches")
t.is(net.filter_match("port 80", pk[11]), false, "ipip carrying tcp: 'port 80' does not look inside")
t.is(net.filter_match("udp port 9999", pk[12]), false, "a later fragment has no ports")
t.is(net.filter_match("tcp[13] & 2 != 0", pk[6]), true, "SYN flag test on a SYN")
t.is(net.filter_match("tcp[13] & 2 != 0", pk[7]), false, "SYN flag test on a RST")
t.is(net.filter_match("len <= 100", { data = pk[1].data, linktype = "ether", len = 2000 }), false,
  "len is the length on the wire, not the bytes captured")
t.is(net.filter_match("icmp", pk[1].data:sub(15), "raw"), true, "raw IP frames")
t.is(net.filter_match("icmp", pk[1].data:sub(15), 101), true, "link type by number")

-- select exactly the frames tcpdump selects: -tt prints the time we gave each frame, so its index
if not P.have_tcpdump(t) then t.done() end
local function tcpdump_picks(e)
  local lines, code, err = P.tcpdump(t, pk, "-tt -n", e)
  local idx = {}
  for _, l in ipairs(lines) do
    local s = l:match("^(%d+)%.%d+ ")
    if s then idx[#idx + 1] = tostring(tonumber(s) - 1700000000) end
  end
  return table.concat(idx, " "), code, err
end
local total = 0
for _, e in ipairs(good) do
  local want, code, err = tcpdump_picks(e)
  local mine = {}
  for i, p in ipairs(pk) do if net.filter_match(e, p) then mine[#mine + 1] = tostring(i) end end
  t.is(table.concat(mine, " "), want, "same frames as tcpdump: " .. e .. (code ~= 0 and (" (tcpdump: " .. err .. ")") or ""))
  total = total + #mine
end
t.ok(total > 300, "the table selects something (" .. total .. " frame matches in all)")
for _, b in ipairs(bad) do
  local lines, code, err = P.tcpdump(t, pk, "-n", b[1])
  t.ok(code ~= 0 and err:find(b[2], 1, true), "tcpdump refuses it with the same words: " .. b[1], err)
end
t.done()
