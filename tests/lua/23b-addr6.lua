#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/23b-addr6.lua -- IPv6 addresses through netlearn's ip, against the real ip
in the same namespace: add (family from the address, or -6), nodad, scope, show in
every form (plain, -6, -br, -j, dev), delete with and without the length, flush,
and bad input (one line, nothing changed, iproute2's words). ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lab = dofile(os.getenv("TESTLIB") .. "/ip6_lab.lua")
local ST = "ip -j addr"

lab.veth(t, "a")
lab.mod(t, "a", "ip addr add 2001:db8::1/64 dev e0 nodad")
lab.mod(t, "a", "ip -6 addr add 2001:db8:1::1/64 dev e0 nodad")
lab.mod(t, "a", "ip -6 a a 2001:db8:2::1 dev e1 nodad")
lab.mod(t, "a", "ip addr add fd00::5/64 dev e1 scope link nodad")
lab.mod(t, "a", "ip addr add 10.0.0.1/24 dev e0")
lab.mod(t, "a", "ip addr add 2001:db8:3::1/64 dev e1")   -- with DAD: tentative for a moment
-- whole-namespace listings without -6 stay to e0/e1/lo: a stock kernel with ipip loaded
-- has a tunl0 in every namespace, whose link line is not this test's business
for _, l in ipairs({ "ip addr show dev e0", "ip addr show dev e1", "ip addr show dev lo", "ip -6 addr", "ip -4 addr", "ip -6 addr show dev e0", "ip -6 -br addr",
  "ip -br addr", "ip -j -6 addr", "ip -j -6 addr show dev e1", "ip -j addr show dev e0", "ip -6 addr show dev lo",
  "ip -6 addr show scope link", "ip -6 addr show scope global" }) do
  lab.same(t, "a", l)
end
local _, out = require("netlearn.core").run("a", { "ip", "-6", "addr", "show", "dev", "e1" }, { capture = true })
t.like(out, "inet6 2001:db8:2::1/128 scope global nodad", "no length: /128, as iproute2")

-- delete: with the length, and without it (iproute2's wildcard: whatever length it has)
lab.mod(t, "a", "ip addr del 2001:db8::1/64 dev e0")
lab.mod(t, "a", "ip -6 addr del 2001:db8:1::1 dev e0")
lab.same(t, "a", "ip -6 addr show dev e0")
-- gone: the kernel's words differ (6.1: "Cannot assign requested address"; later: "Error: ipv6:
-- address not found."); netlearn says the latter, with iproute2's status 2
do
  local C = dofile(os.getenv("TESTLIB") .. "/ip_cmd.lua")
  local st, _, err = C.nl("ip addr del 2001:db8::1/64 dev e0", "a")
  local code = C.real("ip addr del 2001:db8::1/64 dev e0", "a")
  t.is(st, code, "deleting a missing IPv6 address: the real ip's status")
  t.like(err, "^Error: ipv6: address not found%.\nhint: ", "... and iproute2's words")
end

-- bad input
lab.bad(t, "a", "ip -6 addr add 10.0.0.1/24 dev e0", ST)
lab.bad(t, "a", "ip -4 addr add 2001:db8::7/64 dev e0", ST)
lab.bad(t, "a", "ip addr add 2001:db8::7/129 dev e0", ST)
lab.bad(t, "a", "ip addr add 2001:db8::g/64 dev e0", ST)
lab.bad(t, "a", "ip addr add 2001:db8:::7/64 dev e0", ST)
lab.bad(t, "a", "ip addr add 1:2:3:4:5:6:7:8:9/64 dev e0", ST)
lab.bad(t, "a", "ip addr add fd00::5/64 dev e1 nodad", ST)   -- there already

-- flush: both families, like the real ip
lab.mod(t, "a", "ip addr flush dev e1")
lab.same(t, "a", "ip addr show dev e1")
lab.mod(t, "a", "ip -6 addr flush dev e0")
lab.same(t, "a", "ip addr show dev e0")
t.done()
