#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- Claim kinds: plain-language rendering in English and Chinese, packet
-- matching, route parsing (units; no lab needed).
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local C = require("netlearn.claims")
local K = C.kinds

local function both(c, en, zh, name)
  t.is(C.render(c, "en"), en, name .. " (en)")
  t.is(C.render(c, "zh"), zh, name .. " (zh)")
end
both(K.reaches { from = "net1", to = "192.167.2.2" }, "net1 reaches 192.167.2.2", "net1 能 ping 通 192.167.2.2", "reaches")
both(K.not_reaches { from = "host", to = "192.167.2.1" }, "The host does not reach 192.167.2.1",
  "宿主机 ping 不通 192.167.2.1", "not_reaches")
both(K.ping { from = "ns1", to = "10.1.8.10", ttl = 62 }, "ns1 reaches 10.1.8.10 with ttl=62",
  "ns1 能 ping 通 10.1.8.10，ttl=62", "ping with ttl")
both(K.capture { dev = "ens33", filter = "ip proto 4", shows = { outer_src = "172.16.94.141", outer_dst = "172.16.94.142" } },
  "a capture on ens33 for 'ip proto 4' shows IPIP packets with outer 172.16.94.141 > 172.16.94.142",
  "在 ens33 抓包（过滤 'ip proto 4'）看到 IPIP 包，外层 172.16.94.141 > 172.16.94.142", "capture")
both(K.curl { from = "host", url = "192.168.0.10:8888", refused = true },
  "curl to 192.168.0.10:8888 from the host is refused", "从宿主机 curl 192.168.0.10:8888 被拒绝（Connection refused）", "curl refused")
both(K.route { ns = "host", has = "192.167.2.0/24 via 192.167.3.1" }, "The host has the route 192.167.2.0/24 via 192.167.3.1",
  "宿主机有路由 192.167.2.0/24 via 192.167.3.1", "route")
both(K.link { ns = "net1", dev = "lo", state = "DOWN" }, "lo in net1 has state DOWN", "lo（net1）状态 DOWN", "link")
both(K.addr { ns = "net2", dev = "veth1", has = "192.167.2.2/24" }, "veth1 in net2 has the address 192.167.2.2/24",
  "veth1（net2）有地址 192.167.2.2/24", "addr")
both(K.sysctl { ns = "net1", name = "net.ipv4.ip_forward", value = 1 }, "in net1, net.ipv4.ip_forward is 1",
  "net1 的 net.ipv4.ip_forward 是 1", "sysctl")
both(K.output { cmd = "ip netns ls", contains = "net1" }, "'ip netns ls' shows 'net1'", "'ip netns ls' 输出含有 'net1'", "output")
both(K.lua { fn = function() return true end, says = { en = "it holds", zh = "成立" } }, "it holds", "成立", "lua")
both(K.reaches { from = "a", to = "b", says = { en = "custom", zh = "自定义" } }, "custom", "自定义", "says overrides")

-- every kind renders in both languages without error
for name in pairs(C.K) do
  t.ok(C.kinds[name] ~= nil, "kind " .. name .. " has a constructor")
end

-- packets
local pkt = { ip = { src = "172.16.94.141", dst = "172.16.94.142", proto = 4, ttl = 64 },
  inner = { src = "10.1.5.10", dst = "10.1.8.10", proto = 1 }, eth = { src = "aa:bb:cc:dd:ee:01", dst = "aa:bb:cc:dd:ee:02" },
  text = "IP 172.16.94.141 > 172.16.94.142: IP 10.1.5.10 > 10.1.8.10: ICMP echo request" }
t.ok(C.pkt_match(pkt, { outer_src = "172.16.94.141", inner_dst = "10.1.8.10", proto = 4 }), "an IPIP packet matches outer/inner")
t.ok(C.pkt_match(pkt, { proto = "ipip", eth_src = "AA:BB:CC:DD:EE:01" }), "protocol names and MACs in any case")
t.ok(not C.pkt_match(pkt, { inner_src = "10.1.8.10" }), "a wrong inner source does not match")
t.ok(not C.pkt_match({ ip = pkt.ip }, { outer_src = "172.16.94.141" }), "outer_* needs an encapsulated packet")
t.ok(C.pkt_match({ ip = { src = "1.1.1.1" } }, { no_eth = true }), "no_eth matches a raw IP packet")
t.ok(C.pkt_match({ icmp = { type = 0 } }, { icmp = "echo reply" }), "icmp by name")

-- routes
local r = C.parse_route("192.167.2.0/24 via 192.167.3.1 dev veth3")
t.is(r and r.via, "192.167.3.1", "parse_route reads via")
t.is(r and r.dev, "veth3", "parse_route reads dev")
t.ok(C.parse_route("default via 1.1.1.1"), "parse_route reads default")
local bad, e = C.parse_route("10.0.0.0/8 over 1.1.1.1")
t.ok(not bad and e:find("cannot read 'over'"), "parse_route refuses an unknown word")

-- i18n
local i18n = require("netlearn.i18n")
t.is(i18n.pick({ en = "a", zh = "乙" }, "zh"), "乙", "pick zh")
i18n.set("zh")
t.is(i18n.lang, "zh", "set zh")
t.like(i18n.t("score", 1, 2), "得分 1/2", "messages in Chinese")
i18n.set("en")
t.like(i18n.t("score", 1, 2), "score 1/2", "messages in English")
for k in pairs(i18n.messages.en) do
  t.ok(i18n.messages.zh[k], "message '" .. k .. "' is translated")
end
t.done()
