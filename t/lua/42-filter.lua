--[[ t/lua/42-filter.lua -- the capture filter: expressions that must parse
(and select exactly the packets real tcpdump selects from the same pcap),
expressions that must be refused with tcpdump's words, and the IPIP rule
(icmp matches the outer protocol only). ]]
local net = require("netlearn.core")
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local P = dofile(os.getenv("TESTLIB") .. "/../lua/40-pktlib.lua")

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

local good = {
  "icmp", "arp", "tcp", "udp", "ip", "ip6", "icmp6", "ip proto 4", "ip proto 1", "ip proto \\icmp", "ip proto \\tcp",
  "proto 6", "ip6 proto 58",
  "host 10.1.5.10", "src 10.1.5.10", "dst 10.1.5.10", "src host 10.1.5.10", "dst host 10.1.8.10",
  "host 10.1.5.1", "arp host 10.1.5.1", "ip host 10.1.5.10", "host 172.16.94.141",
  "net 10.1.0.0/16", "net 10.1.5.0/24", "src net 10.0.0.0/8", "dst net 192.168.0.0/16", "net 10.1", "net 172.16.94.0/24",
  "port 8888", "src port 8888", "dst port 8888", "tcp port 80", "udp port 9999", "port 9999", "tcp dst port 8888", "port 80 or 8888",
  "icmp or arp", "icmp and host 10.1.5.10", "not icmp", "! arp", "icmp && src 10.1.8.10", "arp || udp",
  "not (icmp or arp)", "(tcp or udp) and not port 9999", "ip and not icmp and not tcp",
  "host 10.1.5.10 and (icmp or tcp)", "host 10.1.5.10 or 10.0.0.1", "src or dst host 10.0.0.2", "src and dst net 10.0.0.0/8",
  "ether host " .. m1, "ether src " .. m2, "ether dst ff:ff:ff:ff:ff:ff", "ether proto 0x0806", "ether proto \\arp",
  "host 2001:db8::1", "ip6 and tcp", "dst port 80", "less 60", "greater 100", "tcp and not ip6",
  "icmp and not host 172.16.94.141",
}
local bad = {
  { "icmp and", "ends after 'and'" },
  { "host", "needs a value" },
  { "port http2x", "not a port number" },
  { "port 70000", "not a port number" },
  { "host 10.1.5.300", "not an IPv4 address" },
  { "host foo", "not an IPv4 address" },
  { "net 10.1.5.1/24", "non%-network bits" },
  { "(icmp", "missing '%)'" },
  { "icmp)", "unbalanced '%)'" },
  { "icmp arp", "unexpected 'arp'" },
  { "frobnicate", "unknown word 'frobnicate'" },
  { "tcp host 1.2.3.4", "illegal qualifier" },
  { "and icmp", "unexpected 'and'" },
  { "80", "alone means nothing" },
  { "net 10.1.5.0/33", "bad prefix length" },
}

-- parse
for _, e in ipairs(good) do t.is(net.filter_check(e), true, "parses: " .. e) end
for _, b in ipairs(bad) do
  local r, msg, errno = net.filter_check(b[1])
  t.ok(r == nil and errno == 22 and msg:find("^tcpdump: syntax error in filter expression: ") and msg:find(b[2]),
    "refused: " .. b[1], tostring(msg))
end
t.fails("unknown ip proto", "ip proto 300 is refused (tcpdump takes it and matches nothing)", net.filter_check("ip proto 300"))
t.is(net.filter_check(""), true, "the empty expression matches everything")
t.ok(not pcall(net.filter_check, nil), "a non-string raises")

-- the article's IPIP captures
t.is(net.filter_match("icmp", pk[3]), false, "ipip carrying icmp: 'icmp' looks at the outer header only")
t.is(net.filter_match("ip proto 4", pk[3]), true, "ipip: 'ip proto 4' matches")
t.is(net.filter_match("port 80", pk[11]), false, "ipip carrying tcp: 'port 80' does not look inside")
t.is(net.filter_match("udp port 9999", pk[12]), false, "a later fragment has no ports")

-- select exactly what tcpdump selects
if not P.have_tcpdump(t) then t.done() end
for _, e in ipairs(good) do
  local lines, code, err = P.tcpdump(t, pk, "-n", e)
  local mine = {}
  local st = net.decode_state()
  for _, p in ipairs(pk) do
    if net.filter_match(e, p) then mine[#mine + 1] = net.decode(p.data, p.linktype, #p.data, st).text end
  end
  t.is(table.concat(mine, "\n"), table.concat(lines, "\n"), "same packets as tcpdump: " .. e)
end
for _, b in ipairs(bad) do
  local lines, code = P.tcpdump(t, pk, "-n", b[1])
  t.ok(code ~= 0, "tcpdump refuses it too: " .. b[1])
end
t.done()
