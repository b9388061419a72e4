#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/55-sysctl-route: `sysctl` and net-tools `route` in netlearn print what the
  real procps sysctl and net-tools route print on the same lab, change the same
  things, and fail with the real tools' first line plus one hint. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lib = dofile(os.getenv("TESTLIB") .. "/cmd_misc.lua")
local net = require("netlearn.core")

lib.veth_lab(t, { "n1" }, [[
ip link add br0 type bridge
ip link set br0 up
]])

-- sysctl: reading, writing, listing, in a namespace
local function both(line, ns)
  local st, out, e = lib.run(line, ns)
  local rout, rcode, rerr = t.nsh(ns or "", line)
  return st, out, e, rcode, rout, rerr
end

local st, out, _, rc, rout = both("sysctl net.ipv4.ip_forward")
t.is(out, rout, "sysctl NAME prints what procps prints")
t.is(st, rc, "same exit status")
st, out = lib.run("sysctl -w net.ipv4.ip_forward=1", "n1")
t.is(out, "net.ipv4.ip_forward = 1\n", "sysctl -w prints the new value")
t.is(t.nsh("n1", "cat /proc/sys/net/ipv4/ip_forward"), "1\n", "and n1's kernel has it")
t.is(t.sh("cat /proc/sys/net/ipv4/ip_forward"), "0\n", "the host's value is untouched")
st, out = lib.run("sysctl net.ipv4.ip_forward=0", "n1")
t.is(out, "net.ipv4.ip_forward = 0\n", "NAME=VALUE without -w writes too, as procps does")
st, out, _, rc, rout = both("sysctl -n net.ipv4.ip_default_ttl")
t.is(out, rout, "sysctl -n")
st, out, _, rc, rout = both("sysctl net/ipv4/ip_default_ttl")
t.is(out, rout, "slash names")
-- an interface with a dot in its name: procps writes it with '/' in the dotted name
t.nsh("n1", "ip link add r.1 type dummy 2>/dev/null || ip link add r.1 type veth peer name r.1p")
st, out, _, rc, rout = both("sysctl -w net.ipv4.conf.r/1.forwarding=1", "n1")
t.is(out, rout, "sysctl -w net.ipv4.conf.r/1.forwarding=1 (the interface r.1) prints what procps prints")
t.is(st, 0, "and succeeds")
t.is(t.nsh("n1", "cat /proc/sys/net/ipv4/conf/r.1/forwarding"), "1\n", "r.1's forwarding is on")
st, out, _, rc, rout = both("sysctl net/ipv4/conf/r.1/forwarding", "n1")
t.is(out, rout, "the same as a path (net/ipv4/conf/r.1/forwarding)")
st, out, _, rc, rout = both("sysctl -a -r ip_forward")
t.is(out, rout, "sysctl -a -r PATTERN lists like procps")
st, out = lib.run("sysctl -a ip_forward")
t.is(out, rout, "sysctl -a PATTERN is netlearn's stand-in for | grep")
st, out, _, rc, rout = both("sysctl net.ipv4.conf.veth0.forwarding net.ipv4.ip_default_ttl")
t.is(out, rout, "several names")
st, out, _, rc, rout = both("sysctl -q -w net.ipv4.conf.all.rp_filter=2")
t.is(out, rout, "-q is quiet")
t.is(t.sh("cat /proc/sys/net/ipv4/conf/all/rp_filter"), "2\n", "-q -w wrote")
lib.run("sysctl -w net.ipv4.conf.all.rp_filter=0")

local function errcase(line, ns)
  local before = lib.state(t, { ns or "" })
  local st2, o2, e2 = lib.run(line, ns)
  local after = lib.state(t, { ns or "" })
  local _, rc2, rout2 = t.nsh(ns or "", line)
  local rerr2
  local first = (e2:match("^[^\n]*")) or ""
  t.is(first, (rout2:match("^[^\n]*")), line .. ": the real tool's error line")
  t.like(e2, "\nhint: [^\n]+\n$", line .. ": then one hint line")
  t.is(st2, rc2, line .. ": same exit status (" .. tostring(rc2) .. ")")
  t.is(after, before, line .. ": nothing changed")
  local _ = o2 or rerr2
end

errcase("sysctl net.ipv4.ip_forwrd")
errcase("sysctl -w net.ipv4.ip_forwrd=1")
errcase("sysctl -w net.ipv4.ip_forward=abc")
errcase("sysctl -w net.ipv4.ip_default_ttl=0")
errcase("sysctl -w net.ipv4.ip_forward")
errcase("sysctl -w net.ipv4.ip_forward=1 net.ipv4.ip_forwrd=1")
lib.run("sysctl -w net.ipv4.ip_forward=0")     -- the real sysctl wrote the first one
local _, _, e = lib.run("sysctl net.ipv4.ip_forwrd")
t.like(e, "did you mean net%.ipv4%.ip_forward%?", "the hint names the parameter meant")

-- route: the table as net-tools prints it
local function route_same(name, ns)
  local _, o = lib.run("route -n", ns)
  t.is(o, t.nsh(ns or "", "route -n"), name .. ": route -n")
  local _, o2 = lib.run("route", ns)
  -- the real `route` without -n waits for DNS on gateways; compare with -n and 'default'
  local want = t.nsh(ns or "", "route -n"):gsub("\n0%.0%.0%.0        ", "\ndefault        ")
  t.is(o2, want, name .. ": route (names: the default route as 'default')")
end
route_same("two connected routes")
st = lib.run("route add -net 172.168.1.0/24 dev br0")
t.is(st, 0, "route add -net NET/LEN dev DEV (Docker article)")
st = lib.run("route add -net 172.169.0.0 netmask 255.255.0.0 gw 10.0.0.2")
t.is(st, 0, "route add -net NET netmask M gw G")
st = lib.run("route add -host 10.9.9.9 gw 10.0.0.2 metric 5")
t.is(st, 0, "route add -host A gw G metric M")
st = lib.run("route add -net 10.1.8.0/24 gw 10.0.0.2 veth0")
t.is(st, 0, "route add ... with a bare trailing device")
st = lib.run("route add default gw 10.0.0.2")
t.is(st, 0, "route add default gw G")
route_same("after route add")
t.like(t.sh("ip route"), "172%.168%.1%.0/24 dev br0 scope link", "ip route shows the route added by route")
t.like(t.sh("ip route"), "10%.9%.9%.9 via 10%.0%.0%.2 dev veth0 metric 5", "the -host route")
st = lib.run("route -n", "n1")
route_same("in a namespace", "n1")
st = lib.run("route del -net 172.168.1.0/24 dev br0")
t.is(st, 0, "route del -net")
st = lib.run("route del default")
t.is(st, 0, "route del default")
route_same("after route del")
-- the same changes made by the real route give the same table
lib.run("route del -net 172.169.0.0 netmask 255.255.0.0 gw 10.0.0.2")
local _, mine = lib.run("route -n")
t.nsh("", "route add -net 172.169.0.0 netmask 255.255.0.0 gw 10.0.0.2; route del -net 172.169.0.0 netmask 255.255.0.0 gw 10.0.0.2")
t.is(t.sh("route -n"), mine, "route add/del by netlearn and by net-tools leave the same table")

errcase("route add -net 1.2.3.0/24 dev veth9")
errcase("route add default gw 9.9.9.9")
errcase("route add -net 1.2.3.4/24 dev veth0")
errcase("route add -net 172.168.1.0 dev veth0")
errcase("route add -net 1.2.3.0 netmask 255.0.255.0 dev veth0")
errcase("route add -net 1.2.3.0/24 gw bar")
errcase("route add -net 1.2.3.0/24")
errcase("route add foo")
errcase("route del -net 1.2.3.0/24 dev veth0")
t.done()
