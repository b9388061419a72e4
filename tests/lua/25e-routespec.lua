#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/25e-routespec.lua -- the route and rule bindings' checks live in one
place (issue #19): netlearn.routespec words a bad spec before the C binding is
asked; the C binding alone (a fresh netlearn.cnet, which no Lua stands in front
of) refuses the same spec with its one plain line and changes nothing; no
message of routespec.lua is also written in src/*.c; the names of tables,
protocols, scopes and route types are C's one list, which routespec, iproute_fmt
and `ip route` read (protocols as iproute2 names them). ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local CF = dofile(os.getenv("TESTLIB") .. "/cformats.lua")
local cmdline = dofile(os.getenv("TESTLIB") .. "/cmdline.lua")
local net = require("netlearn.core")
local routespec = require("netlearn.routespec")
local fmt = require("netlearn.iproute_fmt")
local i18n = require("netlearn.i18n")
local ez = require("netlearn.errors_zh")
local E = net.errno

-- the C bindings alone, as lnet.c registers them
local cnet = package.preload["netlearn.cnet"]()
t.ok(cnet.route_add ~= net.route_add and cnet.rule_add ~= net.rule_add, "a fresh netlearn.cnet has the bare C bindings")

assert(net.ns_add("rs1"))
assert(net.link_add("rs1", { name = "v0", type = "veth", peer = "v1" }))
assert(net.link_set("rs1", "v0", { up = true }))
assert(net.addr_add("rs1", "v0", "10.0.0.1/24"))

local function state()
  local routes = t.nsh("rs1", "ip -j route show table all; ip -j -6 route show table all")
  local rules = t.nsh("rs1", "ip -j rule; ip -j -6 rule")
  return routes .. rules
end

-- 1. a bad spec: routespec's words through net, the plain guard through the C binding alone
local CASES = {
  { "route_add", { dst = "10.1.0.0/16", dev = "v0", metric = -1 },
    "route add 10.1.0.0/16: metric must be an integer 0-4294967295", "route add: metric= malformed or out of range" },
  { "route_add", { dst = "10.1.0.0/33", dev = "v0" },
    "route add: dst 10.1.0.0/33: prefix length must be 0-32", "route add: dst= malformed or out of range" },
  { "route_replace", { dst = "10.1.0.0/16", via = "10.0.0.300" },
    "route replace 10.1.0.0/16: via 10.0.0.300: not an IP address (write a next hop such as 10.0.2.1)",
    "route replace: via= malformed or out of range" },
  { "route_add", { dst = "10.1.0.0/16", via = "2001:db8::1" },
    "route add 10.1.0.0/16: mixes IPv4 and IPv6 addresses", "route add: via= malformed or out of range" },
  { "route_add", { dst = "10.1.0.0/16", dev = "v0", table = "nosuch" },
    "route add 10.1.0.0/16: table \"nosuch\": not a table (main, local, default or 1-4294967295)",
    "route add: table= malformed or out of range" },
  { "route_del", { dst = "10.1.0.0/16", proto = "mrouted" },
    "route del 10.1.0.0/16: proto \"mrouted\": not a protocol (boot, static, kernel, dhcp or 0-255)",
    "route del: proto= malformed or out of range" },
  { "route_add", { dst = "10.1.0.0/16", dev = "v0", type = "nat" },
    "route add 10.1.0.0/16: type \"nat\": not a route type (unicast, local, blackhole, unreachable, prohibit, throw)",
    "route add: type= malformed or out of range" },
  { "rule_add", { from = "1.2.3.4", to = "2001:db8::/64" },
    "rule add: from and to mix IPv4 and IPv6", "rule add: to= malformed or out of range" },
  { "rule_add", { from = "1.2.3.4", action = "foo" },
    "rule add: action \"foo\": use lookup, blackhole, unreachable, prohibit or nop", "rule add: action= malformed or out of range" },
  { "rule_del", { fwmark = "x" }, "rule del: fwmark must be an integer 0-4294967295", "rule del: fwmark= malformed or out of range" },
}
local before = state()
for _, c in ipairs(CASES) do
  local fn, spec, words, plain = c[1], c[2], c[3], c[4]
  local ok, msg, errno = net[fn]("rs1", spec)
  t.ok(not ok and msg == words and errno == E.EINVAL, "net." .. fn .. ": routespec's words", tostring(msg))
  local what = fn == "rule_add" and "rule add" or fn == "rule_del" and "rule del" or fn:gsub("_", " ")
  local check = fn:match("^rule") and routespec.check_rule or routespec.check_route
  local _, own = check(net, what, spec)
  t.is(own, words, "the words are routespec's own, asked without the kernel: " .. words)
  ok, msg, errno = cnet[fn]("rs1", spec)
  t.ok(not ok and msg == plain and errno == E.EINVAL, "the C binding alone: " .. plain, tostring(msg))
end
t.is(state(), before, "no bad spec changed a route or a rule, through net or through the C binding alone")

-- what routespec refuses and the kernel would answer itself: the C binding alone asks it
local ok, msg = cnet.route_add("rs1", { dst = "10.1.0.1/16", dev = "v0" })
t.ok(not ok and msg:find("^route add 10.1.0.1/16: "), "host bits: the C binding alone leaves them to the kernel", msg)
t.is(select(2, net.route_add("rs1", { dst = "10.1.0.1/16", dev = "v0" })),
  "route add: dst 10.1.0.1/16 has host bits set; write the network, 10.1.0.0/16", "host bits: routespec's words through net")
t.is(state(), before, "and nothing changed")

-- the plain guard in Chinese
i18n.set("zh")
t.is(ez.line("route add: dst= malformed or out of range"), "route add：dst= 格式不对或超出范围", "the plain guard has its Chinese")
i18n.set("en")

-- 2. each message written once: none of routespec.lua's formats is in src/*.c
local src = CF.read(os.getenv("TESTDIR") .. "/../src")
local in_c = {}
for _, f in ipairs(src) do in_c[f.fmt] = f end
local mine = CF.read_lua({ os.getenv("TESTDIR") .. "/../lua/netlearn/routespec.lua" })
local twice = {}
for _, f in ipairs(mine) do
  if in_c[f.fmt] then twice[#twice + 1] = f.fmt .. " (" .. in_c[f.fmt].file .. ":" .. in_c[f.fmt].line .. ")" end
end
t.ok(#mine >= 30, "routespec.lua words the checks", #mine)
t.ok(#twice == 0, "no route or rule check is worded in C as well", table.concat(twice, "\n"))

-- 3. the names: one list, C's, read by routespec, iproute_fmt and ip route
local names = net.route_names()
t.is(names.tables[254], "main", "net.route_names: tables")
t.is(names.types[1], "unicast", "net.route_names: types")
t.is(names.protocols[18], "keepalived", "net.route_names: protocols as iproute2 names them (18 keepalived)")
t.is(names.protocols[17], nil, "17 has no name (iproute2 has none for it)")
t.is(fmt.PROTOS[99], "openr", "iproute_fmt's names are the same list")
t.is(routespec.names.scopes.link, 253, "routespec's names are the same list")

local function route_line(how, prefix)
  if how == "ip" then return (t.nsh("rs1", "ip route show " .. prefix)) end
  local _, out = cmdline.run("ip route show " .. prefix, "rs1")
  return out
end
local st, _, err = cmdline.run("ip route add 10.23.0.0/24 dev v0 proto keepalived", "rs1")
t.is(st, 0, "ip route add ... proto keepalived (iproute2's name) is taken", err)
t.is(route_line("nl", "10.23.0.0/24"), route_line("ip", "10.23.0.0/24"), "and listed as the real ip lists it")
t.like(route_line("nl", "10.23.0.0/24"), "proto keepalived", "with its name")
t.nsh("rs1", "ip route add 10.24.0.0/24 dev v0 proto 17")
t.is(route_line("nl", "10.24.0.0/24"), route_line("ip", "10.24.0.0/24"), "a protocol iproute2 does not name is listed as its number, as ip does")
st = cmdline.run("ip route add 10.25.0.0/24 dev v0 proto mrouted", "rs1")
t.is(st, 255, "ip route add ... proto mrouted: not a name iproute2 knows")
st, _, err = cmdline.run("ip route add xresolve 10.26.0.0/24 dev v0", "rs1")
t.like(err, "\"xresolve\" is not supported", "xresolve is read as a route type, as ip reads it")

-- 4. the command's host-bits check is routespec's, in ip's words
st, _, err = cmdline.run("ip route add 10.27.0.1/24 dev v0", "rs1")
t.is(err, "netlearn: 10.27.0.1/24 has host bits set: the kernel takes only a network here (Invalid prefix for given prefix length)\n"
  .. "hint: write the network, 10.27.0.0/24\n", "ip route add with host bits: ip's words")

assert(net.ns_del("rs1"))
t.done()
