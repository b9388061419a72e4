#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/26b-neigh.lua -- ip neigh add / replace / change / del for both families,
and ip -4/-6 neigh show / flush, through netlearn, against the real ip: a wrong static
entry planted with 'ip neigh replace' (IPv4, the troubleshooting case), states, bad input. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lab = dofile(os.getenv("TESTLIB") .. "/ip6_lab.lua")
-- what a bad `neigh add` would have made (a new entry is PERMANENT); dynamic
-- entries change state on their own (REACHABLE -> STALE, IPv6 neighbours)
local ST = "ip neigh show nud permanent"

lab.veth(t, "a")
-- no IPv6 chatter (router solicitations, DAD) filling the table under us
lab.real(t, "a", "sysctl -qw net.ipv6.conf.e0.disable_ipv6=1 net.ipv6.conf.e1.disable_ipv6=1")
lab.mod(t, "a", "ip -6 addr add 2001:db8::1/64 dev lo nodad")
lab.real(t, "a", "sysctl -qw net.ipv6.conf.e0.disable_ipv6=0")
lab.mod(t, "a", "ip addr add 10.9.0.1/24 dev e0")
lab.mod(t, "a", "ip neigh add 10.9.0.5 lladdr 02:00:00:00:00:05 dev e0")
lab.mod(t, "a", "ip neigh replace 10.9.0.5 lladdr 02:00:00:00:00:55 dev e0")          -- the wrong MAC, planted
lab.mod(t, "a", "ip neigh replace 10.9.0.6 lladdr 2:0:0:0:0:6 dev e0 nud stale")      -- replace also creates
lab.mod(t, "a", "ip neigh add 10.9.0.7 lladdr 02:00:00:00:00:07 dev e0 nud reachable router")
lab.mod(t, "a", "ip neigh add 10.9.0.8 lladdr 02:00:00:00:00:08 dev e0 nud noarp")
lab.mod(t, "a", "ip neigh change 10.9.0.8 lladdr 02:00:00:00:00:18 dev e0 nud permanent")
lab.mod(t, "a", "ip -6 neigh add 2001:db8::5 lladdr 02:00:00:00:00:65 dev e0")
lab.mod(t, "a", "ip neigh add fe80::7 lladdr 02:00:00:00:00:67 dev e0 nud stale")
for _, l in ipairs({ "ip neigh", "ip -4 neigh", "ip -6 neigh", "ip neigh show dev e0", "ip -j neigh",
  "ip -j -6 neigh", "ip neigh show 10.9.0.5", "ip neigh show nud permanent" }) do
  lab.same(t, "a", l)
end
local _, out = require("netlearn.core").run("a", { "ip", "neigh", "show", "10.9.0.5" }, { capture = true })
t.like(out, "lladdr 02:00:00:00:00:55 PERMANENT", "replace planted a permanent entry with the wrong MAC")

lab.same(t, "a", "ip neigh add 10.9.0.5 lladdr 02:00:00:00:00:05 dev e0")   -- File exists
lab.mod(t, "a", "ip neigh del 10.9.0.5 dev e0")
lab.mod(t, "a", "ip -6 neigh del 2001:db8::5 dev e0")
lab.same(t, "a", "ip neigh del 10.9.0.5 dev e0")                          -- No such file or directory
lab.mod(t, "a", "ip -6 neigh flush dev e0")                                -- the stale fe80::7 goes
lab.same(t, "a", "ip neigh")
lab.mod(t, "a", "ip -4 neigh flush all")                                    -- the stale 10.9.0.6 goes
lab.same(t, "a", "ip neigh")

lab.bad(t, "a", "ip neigh add 10.9.0.300 lladdr 02:00:00:00:00:05 dev e0", ST)
lab.bad(t, "a", "ip -6 neigh add 10.9.0.9 lladdr 02:00:00:00:00:05 dev e0", ST)
lab.bad(t, "a", "ip -4 neigh add 2001:db8::9 lladdr 02:00:00:00:00:05 dev e0", ST)
lab.bad(t, "a", "ip neigh add 10.9.0.9 lladdr 02:00:00:00:00:05 dev e0 nud foo", ST)
lab.bad(t, "a", "ip neigh add 10.9.0.9 lladdr 02:00:00:00:00:05", ST)
lab.bad(t, "a", "ip neigh add 10.9.0.9 lladdr 02:00:00:00:00:05 dev nosuch", ST)
local st, _, err = dofile(os.getenv("TESTLIB") .. "/ip_cmd.lua").nl("ip neigh add 10.9.0.9 lladdr 02:00:00:00:00:zz dev e0", "a")
t.ok(st ~= 0 and err:find("lladdr", 1, true), "a bad MAC is refused (iproute2 would read it partly)", err)
t.done()
