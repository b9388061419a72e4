#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/lua/29-bad-input.lua: bad input to every route/rule/neigh/sysctl function: one clear
-- line, an errno, and nothing changed in the lab (checked with the real tools).
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local L = dofile(os.getenv("TESTLIB") .. "/route_lab.lua")
local net = require("netlearn.core")

L.topology(t)
assert(net.route_add("left", { dst = "default", via = "10.1.1.1" }))
assert(net.rule_add("left", { priority = 100, from = "10.1.1.0/24", table = 100 }))
t.nsh("left", "ip neigh add 10.1.1.50 lladdr 02:00:00:00:00:50 dev l-r nud permanent")

local function state()
  local parts = {}
  for _, ns in ipairs({ "left", "router" }) do
    parts[#parts + 1] = t.nsh(ns, "ip -4 -j route show table all; ip -j rule; ip -j neigh show nud permanent;"
      .. " sysctl -a -r '^net\\.ipv4\\.(ip_forward|ip_default_ttl|conf\\.(all|l-r)\\.)' 2>/dev/null")
  end
  return table.concat(parts, "\n")
end
local before = state()

-- routes
t.fails("dst missing", "route_add without dst", net.route_add("left", { via = "10.1.1.1" }))
t.fails("10.1.300.0/24: not an IPv4 address", "route_add: malformed dst", net.route_add("left", { dst = "10.1.300.0/24", via = "10.1.1.1" }))
t.fails("prefix length must be 0%-32", "route_add: /33", net.route_add("left", { dst = "10.2.0.0/33", via = "10.1.1.1" }))
t.fails("prefix length is not a number", "route_add: /x", net.route_add("left", { dst = "10.2.0.0/x", via = "10.1.1.1" }))
t.fails("host bits set; write the network, 10.2.0.0/16", "route_add: host bits set", net.route_add("left", { dst = "10.2.3.4/16", via = "10.1.1.1" }))
t.fails("via 10.1.1: not an IP address", "route_add: malformed via", net.route_add("left", { dst = "10.2.0.0/16", via = "10.1.1" }))
t.fails("Cannot find device \"nope0\"", "route_add: unknown dev", net.route_add("left", { dst = "10.2.0.0/16", dev = "nope0" }))
t.fails("not a device name", "route_add: dev name too long", net.route_add("left", { dst = "10.2.0.0/16", dev = "a-very-long-device-name" }))
t.fails("give via= .* or dev=", "route_add: neither via nor dev", net.route_add("left", { dst = "10.2.0.0/16" }))
t.fails("metric must be an integer", "route_add: negative metric", net.route_add("left", { dst = "10.2.0.0/16", via = "10.1.1.1", metric = -1 }))
t.fails("table \"mian\": not a table", "route_add: table name typo", net.route_add("left", { dst = "10.2.0.0/16", via = "10.1.1.1", table = "mian" }))
t.fails("scope \"world\": not a scope", "route_add: bad scope", net.route_add("left", { dst = "10.2.0.0/16", via = "10.1.1.1", scope = "world" }))
t.fails("proto \"manual\": not a protocol", "route_add: bad proto", net.route_add("left", { dst = "10.2.0.0/16", via = "10.1.1.1", proto = "manual" }))
t.fails("type \"drop\": not a route type", "route_add: bad type", net.route_add("left", { dst = "10.2.0.0/16", type = "drop" }))
t.fails("src 10.1.1: not an IP address", "route_add: bad src", net.route_add("left", { dst = "10.2.0.0/16", dev = "l-r", src = "10.1.1" }))
t.fails("mixes IPv4 and IPv6", "route_add: mixed families", net.route_add("left", { dst = "10.2.0.0/16", via = "fe80::1" }))
t.fails("unknown field 'gw'", "route_add: a field netlearn does not know (typo)", net.route_add("left", { dst = "10.2.0.0/16", gw = "10.1.1.1" }))
t.fails("Nexthop has invalid gateway", "route_add: gateway outside every subnet (kernel's words)", net.route_add("left", { dst = "10.2.0.0/16", via = "10.9.9.9" }))
t.fails("no such namespace", "route_add: unknown namespace", net.route_add("nowhere", { dst = "10.2.0.0/16", via = "10.1.1.1" }))
t.fails("File exists", "route_add: twice", net.route_add("left", { dst = "default", via = "10.1.1.1" }))
t.fails("No such file or directory", "route_change: missing route", net.route_change("left", { dst = "10.2.0.0/16", via = "10.1.1.1" }))
t.fails("no such route", "route_del: missing route", net.route_del("left", { dst = "10.2.0.0/16" }))
t.fails("dst missing", "route_del: no dst", net.route_del("left", {}))
t.fails("table \"nope\"", "route_list: bad table", net.route_list("left", { table = "nope" }))
t.fails("family \"ipx\"", "route_list: bad family", net.route_list("left", { family = "ipx" }))
t.fails("no such namespace", "route_list: unknown namespace", net.route_list("nowhere"))
t.fails("not an IP address", "route_get: not an address", net.route_get("left", "10.1.2"))
t.fails("not an IP address", "route_get: a prefix is not an address", net.route_get("left", "10.1.2.0/24"))
t.fails("iif: Cannot find device \"nope0\"", "route_get: unknown iif", net.route_get("left", "10.1.2.2", { iif = "nope0" }))
t.fails("from 1.2.3: not an address", "route_get: bad from", net.route_get("left", "10.1.2.2", { from = "1.2.3" }))
t.fails("give from= too", "route_get: iif without from", net.route_get("router", "10.1.2.2", { iif = "r-l" }))
t.fails("unknown field 'dev'", "route_get: unknown option", net.route_get("left", "10.1.2.2", { dev = "l-r" }))
t.fails("^Network is unreachable$", "route_get: no route (router has no default)", net.route_get("router", "192.0.2.1"))

-- rules
t.fails("from 10.1.1.0/40: prefix length", "rule_add: bad from", net.rule_add("left", { from = "10.1.1.0/40", table = 100 }))
t.fails("to x: not an IPv4", "rule_add: bad to", net.rule_add("left", { to = "x", table = 100 }))
t.fails("priority must be an integer", "rule_add: bad priority", net.rule_add("left", { priority = 2 ^ 33, table = 100 }))
t.fails("table \"nosuch\"", "rule_add: bad table", net.rule_add("left", { from = "10.1.1.0/24", table = "nosuch" }))
t.fails("action \"jump\"", "rule_add: bad action", net.rule_add("left", { from = "10.1.1.0/24", action = "jump" }))
t.fails("table= goes with action \"lookup\" only", "rule_add: table with blackhole", net.rule_add("left", { from = "10.1.1.0/24", action = "blackhole", table = 5 }))
t.fails("iif \"\": not a device name", "rule_add: empty iif", net.rule_add("left", { iif = "", table = 100 }))
t.fails("unknown field 'src'", "rule_add: ip's JSON name instead of from", net.rule_add("left", { src = "10.1.1.0/24", table = 100 }))
t.fails("File exists", "rule_add: twice", net.rule_add("left", { priority = 100, from = "10.1.1.0/24", table = 100 }))
t.fails("say which rule", "rule_del: empty selector refused (would delete rule 0)", net.rule_del("left", {}))
t.fails("no such rule", "rule_del: missing", net.rule_del("left", { priority = 555 }))
t.fails("family \"inet4\"", "rule_list: bad family", net.rule_list("left", { family = "inet4" }))
t.fails("no such namespace", "rule_list: unknown namespace", net.rule_list("nowhere"))

-- neighbours
t.fails("Cannot find device \"nope0\"", "neigh_list: unknown dev", net.neigh_list("left", { dev = "nope0" }))
t.fails("Cannot find device \"nope0\"", "neigh_flush: unknown dev", net.neigh_flush("left", { dev = "nope0" }))
t.fails("unknown field 'device'", "neigh_flush: unknown option", net.neigh_flush("left", { device = "l-r" }))
t.fails("no such namespace", "neigh_flush: unknown namespace", net.neigh_flush("nowhere"))

-- sysctls
t.fails("kernel.hostname: netlearn changes only net%.%* sysctls of a lab namespace", "sysctl_set: outside net.*", net.sysctl_set("left", "kernel.hostname", "x"))
t.fails("kernel.x: netlearn changes only net", "sysctl_get: outside net.*", net.sysctl_get("left", "kernel.x"))
t.fails("only net", "sysctl_set: slash path outside net", net.sysctl_set("left", "/proc/sys/kernel/hostname", "x"))
t.fails("not a sysctl name", "sysctl_set: .. in the name", net.sysctl_set("left", "net/../kernel/hostname", "x"))
t.fails("not a sysctl name", "sysctl_get: empty component", net.sysctl_get("left", "net.ipv4..ip_forward"))
t.fails("\"abc\" is not an integer", "sysctl_set: abc for an integer sysctl", net.sysctl_set("left", "net.ipv4.ip_forward", "abc"))
t.fails("is not an integer", "sysctl_set: 1.5", net.sysctl_set("left", "net.ipv4.ip_forward", "1.5"))
t.fails("the kernel refused \"0\"", "sysctl_set: out of range (kernel)", net.sysctl_set("left", "net.ipv4.ip_default_ttl", "0"))
t.fails("value must be one line", "sysctl_set: empty value", net.sysctl_set("left", "net.ipv4.ip_forward", ""))
t.fails("value must be one line", "sysctl_set: two lines", net.sysctl_set("left", "net.ipv4.ip_forward", "1\n0"))
t.fails("No such file or directory %(no sysctl net.ipv4.ip_froward%)", "sysctl_set: unknown name", net.sysctl_set("left", "net.ipv4.ip_froward", "1"))
t.fails("is a group of sysctls", "sysctl_get: a directory", net.sysctl_get("left", "net.ipv4.conf"))
t.fails("no such namespace", "sysctl_get: unknown namespace", net.sysctl_get("nowhere", "net.ipv4.ip_forward"))
t.fails("only net", "sysctl_list: prefix outside net", net.sysctl_list("left", "kernel"))
-- which sysctls may be read or written, and its words, are netlearn.sysctlpolicy's
-- alone (Lua); the C binding keeps one plain guard for a name outside /proc/sys/net
do
  local cnet, E = require("netlearn.cnet"), net.errno
  local function said(want, errno, name, ...)
    local r, msg, e = ...
    t.ok(r == nil and msg == want and e == errno, name, tostring(msg) .. " " .. tostring(e))
  end
  said("kernel.x: netlearn changes only net.* sysctls of a lab namespace", E.EPERM,
    "sysctl_get outside net.*: the policy's words, as before, EPERM", net.sysctl_get("left", "kernel.x"))
  said("net.ipv4..ip_forward: not a sysctl name (write net.ipv4.ip_forward or net/ipv4/ip_forward; no empty, \".\" or \"..\" parts)",
    E.EINVAL, "sysctl_get malformed: the policy's words, as before, EINVAL", net.sysctl_get("left", "net.ipv4..ip_forward"))
  said("/proc/sys/net/ipv4/a b: not a sysctl name (write net.ipv4.ip_forward or net/ipv4/ip_forward; no empty, \".\" or \"..\" parts)",
    E.EINVAL, "sysctl_get with a space: the policy's words", net.sysctl_get("left", "/proc/sys/net/ipv4/a b"))
  said("kernel: netlearn changes only net.* sysctls of a lab namespace (start the prefix with net.)", E.EPERM,
    "sysctl_list outside net.*: the policy's words, as before", net.sysctl_list("left", "kernel"))
  said("net.a..b: not a sysctl prefix (no empty or \"..\" parts)", E.EINVAL,
    "sysctl_list with an empty part: the policy's words, as before", net.sysctl_list("left", "net.a..b"))
  said("kernel.x: not a sysctl under /proc/sys/net", E.EPERM, "the bare binding: its plain guard only",
    cnet.sysctl_get("left", "kernel.x"))
  said("net/../kernel/hostname: not a sysctl under /proc/sys/net", E.EINVAL, "... for a path that climbs out too",
    cnet.sysctl_set("left", "net/../kernel/hostname", "x"))
  said("kernel: not a sysctl prefix under /proc/sys/net", E.EPERM, "... and for a prefix", cnet.sysctl_list("left", "kernel"))
  -- the policy's read rule and the guard agree: what the policy lets through, C takes as a name
  local agree = {}
  for _, n in ipairs({ "net.ipv4.ip_forward", "net/ipv4/ip_forward", "/proc/sys/net/ipv4/ip_forward", "net", "net.",
    "net.ipv4.", "net/ipv4/", "net.ipv4.conf.all/x", "net.ipv4./.x", "net/./x", "net/../x", "net.a\tb", "", "kernel.x",
    "/proc/sys/kernel/x", "net" .. string.rep("x", 260), "net.ipv4.conf" }) do
    local p_ok = require("netlearn.sysctlpolicy").check_read(n) == true
    local _, msg = cnet.sysctl_get("left", n)
    local c_guard = tostring(msg):find("not a sysctl under /proc/sys/net", 1, true) ~= nil
    if p_ok == c_guard then agree[#agree + 1] = string.format("%q: policy %s, C %s", n, tostring(p_ok), tostring(msg)) end
  end
  t.ok(#agree == 0, "the policy's read rule takes exactly what C's guard takes", table.concat(agree, "; "))
  local i18n = require("netlearn.i18n")
  local lang = i18n.lang
  i18n.lang = "zh"
  said("kernel.x：netlearn 只涉及实验命名空间的 net.* 设置", E.EPERM, "... the policy's words in Chinese",
    net.sysctl_get("left", "kernel.x"))
  said("net.ipv4..ip_forward：不是 sysctl 名（请写 net.ipv4.ip_forward 或 net/ipv4/ip_forward；不能有空的、\".\" 或 \"..\" 部分）",
    E.EINVAL, "... as before (errors_zh had them for C)", net.sysctl_get("left", "net.ipv4..ip_forward"))
  i18n.lang = lang
end

-- wrong types raise
local function raises(name, f, ...) t.ok(not pcall(f, ...), name) end
raises("route_add(ns, 'string') raises", net.route_add, "left", "10.2.0.0/16")
raises("route_add metric as a table raises", net.route_add, "left", { dst = "10.2.0.0/16", dev = "l-r", table = {} })
raises("route_get(ns, nil) raises", net.route_get, "left", nil)
raises("rule_add(ns, 5) raises", net.rule_add, "left", 5)
raises("neigh_list(ns, 'x') raises", net.neigh_list, "left", "x")
raises("sysctl_set(ns, name, {}) raises", net.sysctl_set, "left", "net.ipv4.ip_forward", {})
raises("sysctl_set(ns, name, 1.5) raises", net.sysctl_set, "left", "net.ipv4.ip_forward", 1.5)

t.is(state(), before, "after all of the above, routes, rules, permanent neighbours and sysctls are unchanged")
t.done()
