#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/40-decode.lua -- the packet decoder on hand-made frames: every
protocol netlearn names, checked against fixed strings (the articles' lines)
and against real tcpdump -n / -e -n reading the same bytes from a pcap. ]]
local net = require("netlearn.core")
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local P = dofile(os.getenv("TESTLIB") .. "/packets.lua")

local m1, m2 = P.mac1, P.mac2
local ether, raw, sll = {}, {}, {}
local function add(list, f, note)
  list[#list + 1] = { data = f, linktype = list == raw and "raw" or list == sll and "sll" or "ether", note = note }
end

local echo = P.ipv4{ src = "10.1.5.10", dst = "10.1.8.10", proto = 1, id = 1, payload = P.icmp_echo(8, 2359, 1) }
local reply = P.ipv4{ src = "10.1.8.10", dst = "10.1.5.10", proto = 1, id = 2, payload = P.icmp_echo(0, 2359, 1) }
local ipip = P.ipv4{ src = "172.16.94.141", dst = "172.16.94.142", proto = 4, payload = echo }
add(ether, P.eth(m2, m1, 0x800, echo), "icmp echo request")
add(ether, P.eth(m1, m2, 0x800, reply), "icmp echo reply")
add(ether, P.eth("00:0c:29:1a:5c:d3", "00:0c:29:81:cc:3a", 0x800, ipip), "ipip")
add(ether, P.eth("ff:ff:ff:ff:ff:ff", m1, 0x806, P.arp(1, m1, "10.1.5.10", "00:00:00:00:00:00", "10.1.5.1")), "arp request")
add(ether, P.eth(m1, m2, 0x806, P.arp(2, m2, "10.1.5.1", m1, "10.1.5.10")), "arp reply")
add(ether, P.eth(m1, m2, 0x806, P.arp(1, m2, "10.1.5.1", m1, "10.1.5.10")), "arp unicast request")
add(ether, P.eth(m1, m2, 0x806, P.arp(1, m2, "10.1.5.1", "00:00:00:00:00:00", "10.1.5.1") .. string.rep("\0", 18)), "gratuitous, padded")
local udp = P.ipv4{ src = "10.0.0.1", dst = "10.0.0.2", proto = 17, ttl = 1, payload = P.udp(33434, 33435, string.rep("a", 24)) }
local tcpq = P.ipv4{ src = "10.0.0.1", dst = "10.0.0.2", proto = 6, payload = P.tcp{ sport = 40000, dport = 9, flags = "S" } }
add(ether, P.eth(m2, m1, 0x800, udp), "udp")
add(ether, P.eth(m1, m2, 0x800, P.ipv4{ src = "10.0.0.2", dst = "10.0.0.1", proto = 1, payload = P.icmp_err(3, 3, udp) }), "port unreachable udp")
add(ether, P.eth(m1, m2, 0x800, P.ipv4{ src = "10.0.0.2", dst = "10.0.0.1", proto = 1, payload = P.icmp_err(3, 3, tcpq) }), "port unreachable tcp")
add(ether, P.eth(m1, m2, 0x800, P.ipv4{ src = "10.0.0.2", dst = "10.0.0.1", proto = 1, payload = P.icmp_err(3, 2, udp) }), "protocol unreachable")
for _, code in ipairs{ 0, 1, 5, 6, 7, 9, 10, 13, 15, 99 } do
  add(ether, P.eth(m1, m2, 0x800, P.ipv4{ src = "10.0.0.254", dst = "10.0.0.1", proto = 1, payload = P.icmp_err(3, code, udp) }), "unreachable code " .. code)
end
add(ether, P.eth(m1, m2, 0x800, P.ipv4{ src = "10.0.0.254", dst = "10.0.0.1", proto = 1, payload = P.icmp_err(3, 4, udp, "\0\0\5\120") }), "need to frag")
add(ether, P.eth(m1, m2, 0x800, P.ipv4{ src = "10.0.0.254", dst = "10.0.0.1", proto = 1, payload = P.icmp_err(11, 0, udp) }), "time exceeded")
add(ether, P.eth(m1, m2, 0x800, P.ipv4{ src = "10.0.0.254", dst = "10.0.0.1", proto = 1, payload = P.icmp_err(11, 1, udp) }), "reassembly time exceeded")
add(ether, P.eth(m1, m2, 0x800, P.ipv4{ src = "10.0.0.254", dst = "10.0.0.1", proto = 1, payload = P.icmp_err(5, 1, udp, P.ip4("10.0.0.9")) }), "redirect")
add(ether, P.eth(m1, m2, 0x800, P.ipv4{ src = "10.0.0.254", dst = "10.0.0.1", proto = 1, payload = P.icmp_err(12, 0, udp, "\20\0\0\0") }), "parameter problem")
add(ether, P.eth(m1, m2, 0x800, P.ipv4{ src = "10.0.0.254", dst = "10.0.0.1", proto = 1, payload = P.icmp_err(4, 0, udp) }), "source quench")
add(ether, P.eth(m1, m2, 0x800, P.ipv4{ src = "10.0.0.254", dst = "10.0.0.1", proto = 1, payload = P.icmp_err(42, 0, udp) }), "unknown icmp type")
-- a TCP conversation: relative sequence numbers after the handshake
local synopts = P.hex"020405b4 0402 080a 00000001 00000000 01 030307"
local function tcp4(src, dst, o) return P.eth(m2, m1, 0x800, P.ipv4{ src = src, dst = dst, proto = 6, payload = P.tcp(o) }) end
add(ether, tcp4("10.0.0.1", "10.0.0.2", { sport = 40000, dport = 80, seq = 1000, flags = "S", opts = synopts }), "syn")
add(ether, tcp4("10.0.0.2", "10.0.0.1", { sport = 80, dport = 40000, seq = 5000, ack = 1001, flags = "S.", opts = synopts }), "syn-ack")
add(ether, tcp4("10.0.0.1", "10.0.0.2", { sport = 40000, dport = 80, seq = 1001, ack = 5001, flags = "." }), "ack")
add(ether, tcp4("10.0.0.1", "10.0.0.2", { sport = 40000, dport = 80, seq = 1001, ack = 5001, flags = "P.", data = "GET / HTTP/1.1\r\nHost: x\r\n\r\n" }), "http get")
add(ether, tcp4("10.0.0.2", "10.0.0.1", { sport = 80, dport = 40000, seq = 5001, ack = 1028, flags = "P.", data = "HTTP/1.0 200 OK\r\n\r\nhello" }), "http reply")
add(ether, tcp4("10.0.0.2", "10.0.0.1", { sport = 80, dport = 40000, seq = 5001, ack = 1028, flags = "P.", data = "more body bytes" }), "http continuation")
add(ether, tcp4("10.0.0.1", "10.0.0.2", { sport = 40000, dport = 80, seq = 1028, ack = 5025, flags = ".", opts = P.hex"0101 050a 00001389 0000138d" }), "sack")
add(ether, tcp4("10.0.0.2", "10.0.0.1", { sport = 80, dport = 40000, seq = 5025, ack = 1028, flags = "F." }), "fin")
add(ether, tcp4("10.0.0.2", "10.0.0.1", { sport = 8888, dport = 40001, seq = 0, ack = 77, flags = "R." }), "rst")
add(ether, tcp4("10.0.0.2", "10.0.0.1", { sport = 22, dport = 40002, seq = 9, flags = "FSRPUEW", urp = 3 }), "all flags")
add(ether, tcp4("10.0.0.2", "10.0.0.1", { sport = 22, dport = 40003, seq = 9 }), "no flags")
add(ether, tcp4("10.0.0.2", "10.0.0.1", { sport = 1, dport = 2, seq = 9, flags = "S", opts = P.hex"6304 abcd 0303" }), "odd options")
-- IPv6
add(ether, P.eth("33:33:00:00:00:01", m1, 0x86dd, P.ipv6{ src = "fe80::1", dst = "ff02::1", nxt = 58, payload = P.hex"8000 0000 0001 0002 61626364" }), "icmp6 echo")
add(ether, P.eth("33:33:ff:00:00:02", m1, 0x86dd, P.ipv6{ src = "fe80::1", dst = "ff02::1:ff00:2", nxt = 58, hlim = 255, payload = P.hex"8700 0000 00000000" .. P.ip6("fe80::2") .. P.hex"0101" .. P.mac(m1) }), "neighbor solicitation")
add(ether, P.eth(m1, m2, 0x86dd, P.ipv6{ src = "fe80::2", dst = "fe80::1", nxt = 58, hlim = 255, payload = P.hex"8800 0000 60000000" .. P.ip6("fe80::2") }), "neighbor advertisement")
add(ether, P.eth("33:33:00:00:00:16", m1, 0x86dd, P.ipv6{ src = "::", dst = "ff02::16", nxt = 0, hlim = 1, payload = P.hex"3a00 0502 0000 0100" .. P.hex"8f00 0000 0000 0001 04000000" .. P.ip6("ff02::1:ff00:2") }), "mldv2 report")
add(ether, P.eth("33:33:00:00:00:02", m1, 0x86dd, P.ipv6{ src = "fe80::1", dst = "ff02::2", nxt = 58, hlim = 255, payload = P.hex"8500 0000 00000000" }), "router solicitation")
add(ether, P.eth(m2, m1, 0x86dd, P.ipv6{ src = "2001:db8::1", dst = "2001:db8::2", nxt = 6, payload = P.tcp{ sport = 5555, dport = 80, seq = 7, flags = "S" } }), "tcp over ipv6")
add(ether, P.eth(m2, m1, 0x86dd, P.ipv6{ src = "2001:db8::1", dst = "2001:db8::2", nxt = 17, payload = P.udp(5000, 9999, "xyz") }), "udp over ipv6")
-- odds and ends
add(ether, P.eth("00:00:00:00:00:00", "00:00:00:00:00:00", 0x800, P.ipv4{ src = "127.0.0.1", dst = "127.0.0.1", proto = 17, payload = P.udp(5000, 6000, "hi") }), "loopback")
add(ether, P.eth(m2, m1, 0x800, P.ipv4{ src = "10.0.0.1", dst = "10.0.0.2", proto = 17, mf = true, id = 7, payload = P.udp(1, 2, string.rep("z", 40)) }), "first fragment")
add(ether, P.eth(m2, m1, 0x800, P.ipv4{ src = "10.0.0.1", dst = "10.0.0.2", proto = 17, frag = 48, id = 7, payload = string.rep("z", 16) }), "later fragment")
add(ether, P.eth(m2, m1, 0x800, P.ipv4{ src = "10.0.0.1", dst = "10.0.0.2", proto = 99, payload = "abcd" }), "unknown ip proto")
add(ether, P.eth(m2, m1, 0x800, P.ipv4{ src = "10.0.0.1", dst = "10.0.0.2", proto = 1, len = 200, payload = P.icmp_echo(8, 1, 1, 8) }), "ip length beyond frame")
-- tunnels: VXLAN (and OTV on Linux's default port 8472), GENEVE, GRE, with the frames they carry
local inner = P.eth("aa:bb:cc:00:00:02", "aa:bb:cc:00:00:01", 0x800, echo)
local function udp_t(sp, dp, data) return P.eth(m2, m1, 0x800, P.ipv4{ src = "192.168.1.1", dst = "192.168.1.2", proto = 17, payload = P.udp(sp, dp, data) }) end
local function gre_t(hdr, data) return P.eth(m2, m1, 0x800, P.ipv4{ src = "192.168.1.1", dst = "192.168.1.2", proto = 47, payload = hdr .. data }) end
add(ether, udp_t(40000, 4789, P.vxlan(42) .. inner), "vxlan")
add(ether, udp_t(4789, 40000, P.vxlan(42) .. inner), "vxlan, source port")
add(ether, udp_t(40000, 4789, P.vxlan(7, 0) .. inner), "vxlan without the I flag")
add(ether, udp_t(40000, 4789, P.vxlan(16777215) .. P.eth("ff:ff:ff:ff:ff:ff", "aa:bb:cc:00:00:01", 0x806, P.arp(1, "aa:bb:cc:00:00:01", "10.1.5.10", "00:00:00:00:00:00", "10.1.5.1"))), "vxlan carrying arp")
add(ether, udp_t(40000, 8472, P.vxlan(42) .. inner), "otv (Linux's default vxlan port)")
add(ether, P.eth(m2, m1, 0x86dd, P.ipv6{ src = "2001:db8::1", dst = "2001:db8::2", nxt = 17, payload = P.udp(40000, 4789, P.vxlan(9) .. inner) }), "vxlan over ipv6")
add(ether, udp_t(40000, 6081, P.geneve{ vni = 42 } .. inner), "geneve")
add(ether, udp_t(40000, 6081, P.geneve{ vni = 42, opts = P.hex"01020304 05060708" } .. inner), "geneve with options")
add(ether, udp_t(40000, 6081, P.geneve{ vni = 42, proto = 0x0800, flags = 0xc0, rsvd = 7 } .. echo), "geneve carrying ip, flags")
add(ether, udp_t(40000, 6081, P.geneve{ vni = 42, proto = 0x1234 } .. "abcd"), "geneve unknown protocol")
add(ether, udp_t(40000, 6081, P.geneve{ vni = 1, ver = 1 } .. inner), "geneve version 1")
add(ether, gre_t(P.gre{}, echo), "gre")
add(ether, gre_t(P.gre{ proto = 0x6558, key = 42 }, inner), "gretap with key")
add(ether, gre_t(P.gre{ csum = true, key = 42, seq = 7 }, echo), "gre checksum key seq")
add(ether, gre_t(P.gre{ seq = 9 }, echo), "gre seq")
add(ether, gre_t(P.gre{ proto = 0x86dd }, P.ipv6{ src = "fe80::1", dst = "fe80::2", nxt = 58, payload = P.hex"8000 0000 0001 0002 61626364" }), "gre ipv6")
add(ether, gre_t(P.gre{ proto = 0x1234 }, "abcd"), "gre unknown protocol")
add(ether, gre_t(P.hex"2001 880b 00000009", ""), "grev1 without payload")
add(ether, gre_t(P.hex"0003 0800", echo), "gre version 3")
-- PPTP's enhanced GRE (version 1): call id, seq, ack, and the PPP frame it carries
local function pptp(o, note) add(ether, gre_t(P.gre1(o), ""), note) end
local v6echo = P.ipv6{ src = "fe80::1", dst = "fe80::2", nxt = 58, payload = P.hex"8000 0000 0001 0002 61626364" }
pptp({ call = 7, seq = 1, payload = P.hex"ff03 0021" .. echo }, "pptp: PPP IP")
pptp({ call = 7, seq = 2, ack = 1, payload = P.hex"21" .. echo }, "pptp: PPP IP, compressed address and protocol, ack")
pptp({ call = 7, ack = 5 }, "pptp: ack only (no payload)")
pptp({ call = 65535, seq = 4294967295, payload = P.hex"ff03 0057" .. v6echo }, "pptp: PPP IPv6, largest call and seq")
pptp({ call = 7, seq = 3, payload = P.hex"ff03 c021 0101 000e 0506 11223344 0304 c023" }, "pptp: LCP Conf-Request")
pptp({ call = 7, seq = 4, payload = P.hex"ff03 c021 0901 000c 01020304 41424344" }, "pptp: LCP Echo-Request")
pptp({ call = 7, seq = 5, payload = P.hex"ff03 c021 2201 0004" }, "pptp: LCP unknown opcode")
pptp({ call = 7, seq = 6, payload = P.hex"ff03 c021 01" }, "pptp: LCP cut short")
pptp({ call = 7, seq = 7, payload = P.hex"ff03 8021 0101 000a 0306 0a000001" }, "pptp: IPCP")
pptp({ call = 7, seq = 8, payload = P.hex"ff03 80fd 0e02 0004" }, "pptp: CCP Reset-Req")
pptp({ call = 7, seq = 9, payload = P.hex"ff03 00fd 0102" }, "pptp: compressed PPP data")
pptp({ call = 7, seq = 10, payload = P.hex"ff03 c223 0101 0015 10 00112233445566778899aabbccddeeff" }, "pptp: CHAP Challenge")
pptp({ call = 7, seq = 11, payload = P.hex"ff03 c223 0202 0019 04 deadbeef" .. "alice\1\200x" .. "bob!" }, "pptp: CHAP Response with a name")
pptp({ call = 7, seq = 12, payload = P.hex"ff03 c223 0303 0008" .. "ok!!" }, "pptp: CHAP Success")
pptp({ call = 7, seq = 13, payload = P.hex"ff03 c223 0404 0040" .. "no" }, "pptp: CHAP Fail, length past the frame")
pptp({ call = 7, seq = 14, payload = P.hex"ff03 c223 01" }, "pptp: CHAP cut short")
pptp({ call = 7, seq = 15, payload = P.hex"ff03 c023 0101 000e 05" .. "alice" .. P.hex"02" .. "pw" }, "pptp: PAP Auth-Req")
pptp({ call = 7, seq = 16, payload = P.hex"ff03 c023 0202 0008 03" .. "hi!" }, "pptp: PAP Auth-ACK")
pptp({ call = 7, seq = 17, payload = P.hex"ff03 c023 0101 000a 0161 0162" }, "pptp: PAP length past the frame")
pptp({ call = 7, seq = 18, payload = P.hex"0003 0021" .. echo }, "pptp: pppd's In header")
pptp({ call = 7, seq = 19, payload = P.hex"0103 c021 0501 0004" }, "pptp: pppd's Out header")
pptp({ call = 7, seq = 20, payload = P.hex"ff03 1234 000102030405060708090a0b0c0d0e0f10111213 14" }, "pptp: unknown PPP protocol (hex)")
pptp({ call = 7, seq = 21, payload = P.hex"ff03 c02d 0102" }, "pptp: BAP (nothing printed)")
pptp({ call = 7, seq = 22, payload = P.hex"ff" }, "pptp: PPP cut short")
-- raw IP links (tun, ipip): no link header
add(raw, echo, "raw echo request")
add(raw, reply, "raw echo reply")
add(raw, P.ipv6{ src = "fe80::1", dst = "ff02::2", nxt = 58, hlim = 255, payload = P.hex"8500 0000 00000000" }, "raw ipv6")

-- Linux cooked frames (how a capture on "any" is saved)
add(sll, P.hex"0000 0001 0006" .. P.mac(m1) .. "\0\0" .. P.hex"0800" .. echo, "sll in")
add(sll, P.hex"0004 0001 0006" .. P.mac(m2) .. "\0\0" .. P.hex"0800" .. reply, "sll out")
add(sll, P.hex"0000 fffe 0000" .. "\0\0\0\0\0\0\0\0" .. P.hex"0800" .. echo, "sll from a tun")
add(sll, P.hex"0001 0001 0006" .. P.mac(m1) .. "\0\0" .. P.hex"0806" .. P.arp(1, m1, "10.1.5.10", "00:00:00:00:00:00", "10.1.5.1"), "sll broadcast arp")

-- fixed strings: what the articles show (tcpdump 4.99 spelling)
local function dec(p) return net.decode(p.data, p.linktype) end
local function find(note) for _, f in ipairs(ether) do if f.note == note then return dec(f) end end end
t.is(dec(ether[1]).text, "IP 10.1.5.10 > 10.1.8.10: ICMP echo request, id 2359, seq 1, length 64", "echo request text")
t.is(dec(ether[1]).text_e, "96:59:54:42:fa:1b > 2e:90:a2:6e:a8:36, ethertype IPv4 (0x0800), length 98: 10.1.5.10 > 10.1.8.10: ICMP echo request, id 2359, seq 1, length 64", "echo request text_e (article's int0 line)")
t.is(dec(ether[3]).text, "IP 172.16.94.141 > 172.16.94.142: IP 10.1.5.10 > 10.1.8.10: ICMP echo request, id 2359, seq 1, length 64", "ipip text")
t.is(dec(ether[3]).text_e, "00:0c:29:81:cc:3a > 00:0c:29:1a:5c:d3, ethertype IPv4 (0x0800), length 118: 172.16.94.141 > 172.16.94.142: 10.1.5.10 > 10.1.8.10: ICMP echo request, id 2359, seq 1, length 64", "ipip text_e (article's ens33 line, minus 4.9's suffix)")
t.is(dec(raw[1]).text_e, "ip: 10.1.5.10 > 10.1.8.10: ICMP echo request, id 2359, seq 1, length 64", "raw link text_e (article's tun0 line)")
t.is(dec(raw[1]).text, "IP 10.1.5.10 > 10.1.8.10: ICMP echo request, id 2359, seq 1, length 64", "raw link text")
t.is(dec(ether[4]).text, "ARP, Request who-has 10.1.5.1 tell 10.1.5.10, length 28", "arp request text")
t.is(dec(ether[5]).text, "ARP, Reply 10.1.5.1 is-at 2e:90:a2:6e:a8:36, length 28", "arp reply text")

-- fields
local p = dec(ether[3])
t.ok(p.ip and p.ip.src == "172.16.94.141" and p.ip.proto == 4, "ipip: outer ip fields")
t.ok(p.inner and p.inner.src == "10.1.5.10" and p.inner.dst == "10.1.8.10" and p.inner.proto == 1, "ipip: inner fields")
t.ok(p.icmp and p.icmp.type == 8 and p.icmp.id == 2359 and p.icmp.seq == 1 and p.l4_inner, "ipip: inner icmp fields")
t.ok(p.eth and p.eth.type == 0x800 and p.eth.src == "00:0c:29:81:cc:3a", "eth fields")
p = dec(ether[5])
t.ok(p.arp and p.arp.op == "reply" and p.arp.sha == m2 and p.arp.spa == "10.1.5.1" and p.arp.tpa == "10.1.5.10", "arp fields")
p = dec(ether[#ether - 16 + 1])
p = net.decode(tcp4("10.0.0.1", "10.0.0.2", { sport = 40000, dport = 80, seq = 1000, flags = "S" }))
t.ok(p.tcp and p.tcp.sport == 40000 and p.tcp.dport == 80 and p.tcp.flags == "S" and p.tcp.seq == 1000, "tcp fields")
p = dec(ether[8])
t.ok(p.udp and p.udp.sport == 33434 and p.udp.dport == 33435 and p.ip.ttl == 1, "udp fields")
t.is(p.malformed, false, "a good frame is not malformed")
t.ok(find("ip length beyond frame").malformed, "ip length beyond the frame is malformed")
p = find("vxlan")
t.is(p.text, "IP 192.168.1.1.40000 > 192.168.1.2.4789: VXLAN, flags [I] (0x08), vni 42\n" ..
  "IP 10.1.5.10 > 10.1.8.10: ICMP echo request, id 2359, seq 1, length 64", "vxlan: tcpdump 4.99's two lines")
t.ok(p.tunnel and p.tunnel.kind == "vxlan" and p.tunnel.vni == 42, "vxlan: tunnel fields")
t.ok(p.udp and p.udp.dport == 4789 and p.inner and p.inner.src == "10.1.5.10" and p.icmp == nil and p.l4_inner == nil,
  "vxlan: the transport fields are the outer UDP's; the inner IP is inner")
p = find("otv (Linux's default vxlan port)")
t.ok(p.tunnel and p.tunnel.kind == "otv" and p.tunnel.vni == 42, "port 8472: otv, its instance as vni")
p = find("geneve")
t.ok(p.tunnel and p.tunnel.kind == "geneve" and p.tunnel.vni == 42, "geneve: tunnel fields")
p = find("gretap with key")
t.ok(p.tunnel and p.tunnel.kind == "gre" and p.tunnel.key == 42 and p.inner and p.inner.dst == "10.1.8.10", "gre: key and inner")
t.is(find("gre").tunnel.key, nil, "gre without a key has none")
p = dec(raw[3])
t.ok(p.ip6 and p.ip6.src == "fe80::1" and p.icmp6 and p.icmp6.type == 133, "ipv6 fields")

-- bad arguments raise
t.ok(not pcall(net.decode, "x", "token-ring"), "unknown link type raises")
t.ok(not pcall(net.decode, {}, "ether"), "non-string bytes raise")

-- against real tcpdump, both styles
if not P.have_tcpdump(t) then
  t.diag("tcpdump not installed: skipping the oracle comparison")
  t.done()
end
for _, list in ipairs{ ether, raw, sll } do
  local st = net.decode_state()
  local mine = {}
  for i, f in ipairs(list) do mine[i] = net.decode(f.data, f.linktype, #f.data, st) end
  local plain = P.tcpdump(t, list, "-n")
  local withe = P.tcpdump(t, list, "-e -n")
  for i, f in ipairs(list) do
    t.is(mine[i].text, plain[i], "tcpdump -n: " .. f.note)
    t.is(mine[i].text_e, withe[i], "tcpdump -e -n: " .. f.note)
  end
end
t.done()
