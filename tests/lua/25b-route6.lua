#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/25b-route6.lua -- IPv6 routes through netlearn's ip, against the real ip:
add (family from the prefix, or -6; via, dev, metric, table, default, blackhole,
unreachable), show (plain, table, all, -j, a prefix), get, del, flush, and bad input. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lab = dofile(os.getenv("TESTLIB") .. "/ip6_lab.lua")
local ST = "ip -6 route show table all"

lab.veth(t, "a")
lab.mod(t, "a", "ip -6 addr add 2001:db8::1/64 dev e0 nodad")
lab.mod(t, "a", "ip route add 2001:db8:5::/64 dev e0")
lab.mod(t, "a", "ip -6 route add 2001:db8:6::1/48 via fe80::2 dev e0 metric 100")  -- host bits: masked
lab.mod(t, "a", "ip -6 route add default via 2001:db8::fe dev e0")
lab.mod(t, "a", "ip -6 route add 2001:db8:7::/64 via fe80::3 dev e1 table 100")
lab.mod(t, "a", "ip -6 route add blackhole 2001:db8:8::/64")
lab.mod(t, "a", "ip -6 route add unreachable 2001:db8:9::/64 metric 5")
lab.mod(t, "a", "ip -6 route replace 2001:db8:5::/64 dev e1")
for _, l in ipairs({ "ip -6 route", "ip -6 route show table 100", "ip -6 route show table all", "ip -j -6 route",
  "ip -6 route show 2001:db8:6::/48", "ip -6 route show dev e0", "ip route", "ip -6 r s table all",
  "ip -6 route get 2001:db8:6::9", "ip route get 2001:db8:abcd::1", "ip -6 route get 2001:db8::9",
  "ip -j -6 route get 2001:db8::9", "ip -6 route get 2001:db8:6::9 from 2001:db8::1",
  -- keywords abbreviated as iproute2 reads them
  "ip -6 r s t all", "ip -6 r s ta 100", "ip -6 r s p kernel", "ip -6 r s s link", "ip -6 r s ty blackhole",
  "ip -6 r s t all typ unreachable", "ip -6 r s sr 2001:db8::1", "ip -6 r s o e0",
  -- what the filter fixed is left out of each line
  "ip -6 route show proto kernel", "ip -j -6 route show proto kernel", "ip -6 route show via fe80::2",
  "ip -6 route show dev e1 proto kernel" }) do
  lab.same(t, "a", l)
end
lab.mod(t, "a", "ip -6 route del default via 2001:db8::fe dev e0")
lab.mod(t, "a", "ip route del blackhole 2001:db8:8::/64")
lab.mod(t, "a", "ip -6 route flush table 100")
lab.same(t, "a", ST)
lab.same(t, "a", "ip -6 route del default via 2001:db8::fe dev e0")   -- gone: No such process

lab.bad(t, "a", "ip -6 route add 10.0.0.0/8 dev e0", ST)
lab.bad(t, "a", "ip route add 2001:db8:a::/64 via 10.0.0.1", ST)
lab.bad(t, "a", "ip -6 route add 2001:db8:a::/129 dev e0", ST)
lab.bad(t, "a", "ip -6 route add 2001:zz::/64 dev e0", ST)
lab.bad(t, "a", "ip -6 route add 2001:db8:6::/48 via fe80::2 dev e0 metric 100", ST)   -- there already

-- IPv4: what the filter fixed is left out (scope, src, proto, via), abbreviations
lab.mod(t, "a", "ip addr add 10.6.0.1/24 dev e0")
lab.mod(t, "a", "ip route add 10.7.0.0/16 via 10.6.0.2")
for _, l in ipairs({ "ip route show scope link", "ip r s s link", "ip route show src 10.6.0.1", "ip -j route show src 10.6.0.1",
  "ip route show proto kernel", "ip route show via 10.6.0.2", "ip -j r s via 10.6.0.2", "ip r s t all s host",
  "ip r s t local ty local" }) do
  lab.same(t, "a", l)
end
-- IPv6 policy rules: listed with -6 (a plain `ip rule` is IPv4), the family of a
-- rule without a prefix from -6, a prefix of the other family refused
lab.mod(t, "a", "ip -6 rule add from 2001:db8::/32 table 100")
lab.mod(t, "a", "ip -6 rule add table 7 pref 90")
lab.mod(t, "a", "ip rule add to 2001:db8:5::1 table 5 pref 95")
for _, l in ipairs({ "ip -6 rule", "ip -j -6 rule", "ip rule", "ip -6 rule show" }) do lab.same(t, "a", l) end
lab.bad(t, "a", "ip -6 rule add from 10.0.0.0/8 table 3", "ip rule; ip -6 rule")
lab.bad(t, "a", "ip -4 rule add to 2001:db8::/32 table 3", "ip rule; ip -6 rule")
lab.mod(t, "a", "ip -6 rule del table 7 pref 90")
lab.same(t, "a", "ip -6 rule")

-- the route cache's exceptions are not listed: said, not a wrong list
local C = dofile(os.getenv("TESTLIB") .. "/ip_cmd.lua")
for _, l in ipairs({ "ip route show cache", "ip -6 r s c", "ip route flush cache dev e0" }) do
  local before = select(2, C.real("ip route show table all; ip -6 route show table all", "a"))
  local st, out, err = C.nl(l, "a")
  t.ok(st ~= 0 and out == "" and err:match('^netlearn: "cache" is not supported[^\n]*\nhint: [^\n]*ip route get'),
    "said, not listed: " .. l, err)
  t.is(select(2, C.real("ip route show table all; ip -6 route show table all", "a")), before, "nothing changed: " .. l)
end
t.done()
