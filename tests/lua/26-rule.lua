#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/lua/26-rule.lua: policy routing rules through netlearn, checked against `ip -j rule` and traffic
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local L = dofile(os.getenv("TESTLIB") .. "/route_lab.lua")
local net = require("netlearn.core")

local tabname = { [253] = "default", [254] = "main", [255] = "local" }

local function from_net(r)
  return table.concat({ r.priority, r.from, r.to or "-", r.iif or "-", r.oif or "-", r.action,
    r.table and (tabname[r.table] or tostring(r.table)) or "-" }, " ")
end

local function from_ip(e)
  local function pfx(a, len) if not a then return "-" end return len and (a .. "/" .. len) or a end
  return table.concat({ e.priority, pfx(e.src, e.srclen), pfx(e.dst, e.dstlen), e.iif or "-", e.oif or "-",
    e.action or (e.table and "lookup") or "?", e.table or "-" }, " ")
end

local function rules_match(ns, name)
  local mine, msg = net.rule_list(ns)
  if not mine then return t.ok(false, name, msg) end
  return t.is(L.set(mine, from_net), L.set(t.json(t.nsh(ns, "ip -j rule show")), from_ip), name)
end

L.topology(t)

-- 1. the kernel's three defaults
local rules = assert(net.rule_list("left"))
t.is(#rules, 3, "a new namespace has three rules")
t.is(from_net(rules[1]), "0 all - - - lookup local", "rule 0: from all lookup local")
t.is(from_net(rules[2]), "32766 all - - - lookup main", "rule 32766: from all lookup main")
t.is(from_net(rules[3]), "32767 all - - - lookup default", "rule 32767: from all lookup default")
t.is(rules[2].table, 254, "table as a number")
rules_match("left", "defaults match ip rule")
t.is(#assert(net.rule_list(nil)), 3, "the sandbox's own namespace has them too")

-- 2. add with every selector
t.ok(net.rule_add("router", { priority = 100, from = "10.1.1.0/24", table = 100 }), "from prefix lookup 100")
t.ok(net.rule_add("router", { priority = 110, to = "10.1.2.2", table = "main" }), "to host lookup main")
t.ok(net.rule_add("router", { priority = 120, iif = "r-l", table = 200 }), "iif lookup 200")
t.ok(net.rule_add("router", { priority = 130, oif = "r-r", from = "10.1.2.0/24", to = "10.1.1.0/24", table = 300 }), "oif+from+to")
t.ok(net.rule_add("router", { from = "10.3.0.0/16", table = 400 }), "no priority: the kernel picks one")
t.ok(net.rule_add("router", { priority = 140, action = "blackhole", from = "10.66.0.0/16" }), "action blackhole")
rules_match("router", "added rules match ip rule")
local picked
for _, r in ipairs(net.rule_list("router")) do if r.table == 400 then picked = r.priority end end
t.is(picked, 99, "kernel-chosen priority: one below the first rule after 0, as with ip rule add")
t.fails("File exists", "same rule twice: File exists", net.rule_add("router", { priority = 100, from = "10.1.1.0/24", table = 100 }))

-- 3. policy routing with traffic: replies to left go through table 100
t.ok(net.sysctl_set("router", "net.ipv4.ip_forward", "1"), "router forwards")
t.ok(net.route_add("left", { dst = "default", via = "10.1.1.1" }), "left default route")
t.ok(net.route_add("right", { dst = "default", via = "10.1.2.1" }), "right default route")
t.ok(net.rule_del("router", { priority = 120 }), "drop the iif rule (table 200 is empty)")
t.ok(net.rule_del("router", { priority = 110 }), "drop the to-host rule")
local g = assert(net.route_get("router", "10.1.2.2", { from = "10.1.1.2", iif = "r-l" }))
t.is(g.table, 254, "with table 100 empty, the lookup falls through to main")
t.ok(net.route_add("router", { dst = "10.1.2.0/24", dev = "r-r", table = 100 }), "table 100: the right subnet")
g = assert(net.route_get("router", "10.1.2.2", { from = "10.1.1.2", iif = "r-l" }))
t.is(g.table, 100, "lookup from 10.1.1.2 now uses table 100 (FR_ACT_TO_TBL works)")
t.is(g.dev, "r-r", "... out r-r")
local _, code = t.nsh("left", "ping -c1 -W1 10.1.2.2 >/dev/null 2>&1")
t.is(code, 0, "ping left -> right through the rule's table")
t.ok(net.rule_add("router", { priority = 90, from = "10.1.1.2", action = "prohibit" }), "prohibit rule in front")
_, code = t.nsh("left", "ping -c1 -W1 10.1.2.2 >/dev/null 2>&1")
t.ok(code ~= 0, "prohibit rule stops the ping")
t.ok(net.rule_del("router", { priority = 90 }), "delete the prohibit rule")
_, code = t.nsh("left", "ping -c1 -W1 10.1.2.2 >/dev/null 2>&1")
t.is(code, 0, "ping works again")

-- 4. delete by selectors, not only priority
t.ok(net.rule_del("router", { from = "10.3.0.0/16", table = 400 }), "delete by from+table")
t.ok(net.rule_del("router", { oif = "r-r", table = 300 }), "delete by oif+table")
t.fails("no such rule", "delete a missing rule", net.rule_del("router", { priority = 4242 }))
rules_match("router", "after deletes: rules match ip rule")
t.ok(net.rule_del("router", { priority = 32767 }), "even a default rule can go (as with ip rule del)")
rules_match("router", "... and ip agrees")
t.ok(net.rule_add("router", { priority = 32767, table = "default" }), "put it back")
rules_match("router", "restored")

t.done()
