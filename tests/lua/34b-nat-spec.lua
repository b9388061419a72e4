#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/34b-nat-spec.lua -- issue #19 for NAT and filter rules: what
net.nat_add, net.filter_add and net.chain_policy are given is checked and
worded once, in Lua (netlearn.natspec). The C bindings alone (netlearn.cnet)
keep one plain "rule: FN: FIELD= malformed or out of range" for a field their
request cannot be built from, and change nothing. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local net = require("netlearn.core")
local cnet = require("netlearn.cnet")
local natspec = require("netlearn.natspec")

assert(net.ns_add("q1"))
assert(net.nat_add("q1", { chain = "POSTROUTING", target = "MASQUERADE", src = "10.0.0.0/8" }))

local function ruleset() return t.nsh("q1", "nft list ruleset") end
local function same(name, pat, f, ...) t.fails_unchanged(ruleset, pat, name, f, ...) end
local function plain(fn, field, name) return "^" .. (name or "rule") .. ": " .. fn .. ": " .. field .. "= malformed or out of range$" end

local M = { chain = "POSTROUTING", target = "MASQUERADE" }
local function with(t0, extra)
  local r = {}
  for k, v in pairs(t0) do r[k] = v end
  for k, v in pairs(extra) do r[k] = v end
  return r
end
local CASES = {
  { "chain", "^nat_add: the rule needs chain= ", { target = "MASQUERADE" } },
  { "chain", "^nat_add: '%-bad' is not a chain name", { chain = "-bad", target = "ACCEPT" } },
  { "target", "^nat_add: unknown target '%-X'", { chain = "POSTROUTING", target = "-X" } },
  { "goto", "^nat_add: goto= needs a user chain as target, not ACCEPT$", with(M, { target = "ACCEPT", ["goto"] = true }) },
  { "src", '^nat_add: src="10.0.0.300/8" is not an IPv4 address or prefix', with(M, { src = "10.0.0.300/8" }) },
  { "oif", '^rule: oif="a/b" is not an interface name', with(M, { oif = "a/b" }) },
  { "proto", '^nat_add: proto="sctp" is not known', with(M, { proto = "sctp" }) },
  { "dport", "^nat_add: dport=90:80 is not a port range", with(M, { proto = "tcp", dport = "90:80" }) },
  { "dport", '^nat_add: dport= needs proto="tcp" or proto="udp"', with(M, { dport = 80 }) },
  { "not_src", "^nat_add: not_src=true needs src= too", with(M, { not_src = true }) },
  { "ctstate", '^nat_add: ctstate="NEW,bogus": bad state "bogus"', with(M, { ctstate = "NEW,bogus" }) },
  { "to", "^nat_add: to= is only for SNAT and DNAT %(MASQUERADE", with(M, { to = "1.2.3.4" }) },
  { "to", '^nat_add: to="1.2.3.4:0": \'0\' is not a port %(1%-65535%)$', { chain = "PREROUTING", target = "DNAT", proto = "tcp", to = "1.2.3.4:0" } },
  { "position", '^nat_add: position="middle" is not "append" or "insert"$', with(M, { position = "middle" }) },
  { "before", "^nat_add: before= and replace= take a rule's handle", with(M, { before = -1 }) },
}
for _, c in ipairs(CASES) do
  same("net.nat_add " .. c[1] .. ": netlearn.natspec's words", c[2], net.nat_add, "q1", c[3])
  same("cnet.nat_add " .. c[1] .. ": the plain guard", plain("nat_add", c[1]), cnet.nat_add, "q1", c[3])
end

-- iptables' rules are natspec's only: the words come from Lua, before the kernel or C is asked
local policy_only = {
  { "^nat_add: chain names are upper case, as in iptables: write chain=\"POSTROUTING\"$", { chain = "postrouting", target = "MASQUERADE" } },
  { "^nat_add: the nat table is not for filtering, so DROP is not allowed there", { chain = "POSTROUTING", target = "DROP" } },
  { "^nat_add: MASQUERADE works only in chain POSTROUTING, not PREROUTING$", { chain = "PREROUTING", target = "MASQUERADE" } },
  { "^nat_add: iif= cannot be used in chain POSTROUTING", with(M, { iif = "eth0" }) },
}
for _, c in ipairs(policy_only) do
  same("net.nat_add refuses: " .. c[1], c[1], net.nat_add, "q1", c[2])
  local ok, msg = natspec.check_rule(net, "nat", c[2])
  t.ok(not ok and msg:find(c[1]), "... natspec.check_rule says it", msg)
end
same("net.filter_add PREROUTING: natspec's words", "^filter_add: the filter table has no PREROUTING chain", net.filter_add, "q1", { chain = "PREROUTING", target = "ACCEPT" })

-- an empty list of address types: the bad word is empty (C printed uninitialized bytes)
local r, msg = net.nat_add("q1", with(M, { src_type = "" }))
t.is(msg, 'nat_add: src_type="": bad type "" (UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT, XRESOLVE, UNSPEC)',
  "src_type=\"\": the bad word is the empty one")
t.is(r, nil, "... refused")

-- the -m matches, set_xmark=, order= and before=+replace=: natspec's words too,
-- and C's plain guard alone
local MT = { "multiport", '^nat_add: multiport="x" is not a list of at most 15 ports', with(M, { proto = "tcp", multiport = "x" }) }
local MATCHES = {
  MT,
  { "multiport", '^nat_add: multiport= needs proto="tcp" or proto="udp"', with(M, { multiport = "80" }) },
  { "multiport", '^nat_add: multiport="80,65536" is not a list', with(M, { proto = "tcp", multiport = "80,65536" }) },
  { "multiport", '^nat_add: multiport="1,2,3,4,5,6,7,8,9,10,11,12,13,14,15:16" is not a list', with(M, { proto = "tcp", multiport = "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15:16" }) },
  { "mark", '^nat_add: mark="08" is not a mark', with(M, { mark = "08" }) },
  { "multiport_dir", '^nat_add: multiport_dir="up" is not "sports", "dports" or "ports"$', with(M, { proto = "tcp", multiport = "80", multiport_dir = "up" }) },
  { "not_multiport", "^nat_add: not_multiport=true needs multiport= too", with(M, { not_multiport = true }) },
  { "mark", '^nat_add: mark="0x1/" is not a mark VALUE or VALUE/MASK', with(M, { mark = "0x1/" }) },
  { "set_xmark", '^nat_add: set_xmark= goes with target="MARK"$', with(M, { set_xmark = "1" }) },
  { "set_xmark", '^filter_add: target="MARK" needs set_xmark=', { chain = "FORWARD", target = "MARK" }, "filter_add" },
  { "set_xmark", '^filter_add: set_xmark="0x100000000" is not VALUE%[/MASK%]', { chain = "FORWARD", target = "MARK", set_xmark = "0x100000000" }, "filter_add" },
  { "state", '^nat_add: state="NEW,": bad state "" %(NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED%)$', with(M, { state = "NEW," }) },
  { "state", '^nat_add: state="SNAT": bad state "SNAT"', with(M, { state = "SNAT" }) },
  { "comment", "^nat_add: comment= is longer than 255 characters$", with(M, { comment = string.rep("c", 256) }) },
  { "order", '^nat_add: order=: "mac" is not a match %(addrtype, conntrack, state, multiport, mark, comment%)$', with(M, { order = "comment,mac" }) },
  { "replace", "^nat_add: before= and replace= cannot go together$", with(M, { before = 1, replace = 2 }) },
}
for _, c in ipairs(MATCHES) do
  local fn = c[4] or "nat_add"
  same("net." .. fn .. " " .. c[1] .. ": netlearn.natspec's words", c[2], net[fn], "q1", c[3])
  same("cnet." .. fn .. " " .. c[1] .. ": the plain guard", plain(fn, c[1]), cnet[fn], "q1", c[3])
end

-- the Lua checks and C's reading agree on seeded random values of each match
-- (C takes what natspec takes, refuses with its plain guard what natspec refuses)
local function word(alpha, n)
  local w = {}
  for j = 1, n do local k = math.random(#alpha) w[j] = alpha:sub(k, k) end
  return table.concat(w)
end
local STATES = { "NEW", "new", "Established", "RELATED", "INVALID", "UNTRACKED", "SNAT", "bogus", "" }
local KINDS = { "addrtype", "conntrack", "state", "multiport", "mark", "comment", "mac", "" }
local function pick_list(list, n)
  local w = {}
  for j = 1, n do w[j] = list[math.random(#list)] end
  return table.concat(w, ",")
end
local GEN = {
  multiport = function() return word("0123456789,: +-x", math.random(0, 12)) end,
  dport = function() return word("0123456789: +-x", math.random(0, 8)) end,
  mark = function() return word("0123456789abfxX/ -+", math.random(0, 12)) end,
  set_xmark = function() return word("0123456789abfxX/", math.random(0, 14)) end,
  state = function() return pick_list(STATES, math.random(0, 3)) end,
  order = function() return pick_list(KINDS, math.random(0, 3)) end,
}
math.randomseed(34)
local disagree, taken, n = {}, 0, 0
for _, field in ipairs { "multiport", "dport", "mark", "set_xmark", "state", "order" } do
  for _ = 1, 300 do
    local v = GEN[field]()
    local r = { chain = "FORWARD", target = field == "set_xmark" and "MARK" or "ACCEPT", proto = "tcp", [field] = v }
    local lua_ok = natspec.check_rule(net, "filter", r) == true
    local h, msg = cnet.filter_add("q1", r)
    local c_ok = h ~= nil
    n = n + 1
    if lua_ok then taken = taken + 1 end
    if lua_ok ~= c_ok or (not c_ok and not tostring(msg):find(plain("filter_add", field))) then
      disagree[#disagree + 1] = string.format("%s=%q: natspec %s, C %s", field, v, tostring(lua_ok), tostring(h or msg))
    end
    if h then assert(net.nft_del("q1", { table = "filter", chain = "FORWARD", handle = h })) end
  end
end
t.ok(taken > n / 10 and taken < n - n / 10, "the random values are both taken and refused", taken .. " of " .. n)
t.ok(#disagree == 0, n .. " random match values: natspec and C agree", table.concat(disagree, "\n", 1, math.min(#disagree, 10)))

-- to='s port: read as iptables reads a number (src/addrparse.c's parse_port, as
-- dport= and multiport=), 1-65535; natspec and C agree on each
for _, c in ipairs { { "80", 80 }, { "0x50", 80 }, { "+80", 80 }, { " 80", 80 }, { "65535", 65535 },
  { "080" }, { "0" }, { "65536" }, { "80 " }, { "-1" }, { "" }, { "http" } } do
  local r = { chain = "PREROUTING", target = "DNAT", proto = "tcp", to = "10.0.0.1:" .. c[1] }
  local lua_ok = natspec.check_rule(net, "nat", r) == true
  local h, msg = cnet.nat_add("q1", r)
  local got
  if h then
    for _, x in ipairs(assert(net.nft_list("q1")).rules) do
      if x.handle == h then got = x.to end
    end
    assert(net.nft_del("q1", { table = "nat", chain = "PREROUTING", handle = h }))
  end
  t.ok(lua_ok == (c[2] ~= nil) and (h ~= nil) == lua_ok and (not h or got == "10.0.0.1:" .. c[2]),
    string.format("to=\"10.0.0.1:%s\": natspec and C %s", c[1], c[2] and "take port " .. c[2] or "refuse it"),
    tostring(lua_ok) .. " " .. tostring(got or msg))
end

-- chain_policy
same("net.chain_policy bad chain: natspec's words", "^chain_policy: unknown chain 'bogus' %(use INPUT, FORWARD or OUTPUT%)$", net.chain_policy, "q1", "bogus", "DROP")
same("cnet.chain_policy bad chain: the plain guard", plain("chain_policy", "chain", "bogus"), cnet.chain_policy, "q1", "bogus", "DROP")
same("net.chain_policy bad policy: natspec's words", '^chain_policy: policy "REJECT" is not "ACCEPT" or "DROP"$', net.chain_policy, "q1", "FORWARD", "REJECT")
same("cnet.chain_policy bad policy: the plain guard", plain("chain_policy", "policy", "FORWARD"), cnet.chain_policy, "q1", "FORWARD", "REJECT")

-- what the kernel answers is C's, after the rule's checks
t.fails("^nons: no such namespace", "no such namespace: C's words", net.nat_add("nons", M))
t.fails("^nat_add: the nat table is not for filtering", "a bad rule in no namespace: the rule is named first",
  net.nat_add("nons", { chain = "POSTROUTING", target = "DROP" }))
t.fails("^rule: unknown field 'bogus'", "unknown field: named by C", net.nat_add("q1", with(M, { bogus = 1 })))
-- by the one checker the other bindings use (src/l_spec.c's l_check_fields):
-- every field named, the list as long as it is, the words in Chinese too
do
  local _, msg = cnet.nat_add("q1", with(M, { bogus = 1 }))
  local names = {}
  for k in pairs(natspec.RULE_FIELDS) do names[#names + 1] = k end
  local listed = msg:match("%(known fields: (.*)%)$") or ""
  local missing = {}
  for _, k in ipairs(names) do
    if not (", " .. listed .. ","):find(", " .. k .. ",", 1, true) then missing[#missing + 1] = k end
  end
  t.ok(msg:find("^rule: unknown field 'bogus' %(known fields: chain, target, ") and #missing == 0,
    "the rule's unknown field lists every field natspec knows", #missing > 0 and table.concat(missing, " ") or msg)
  local i18n = require("netlearn.i18n")
  local lang = i18n.lang
  i18n.lang = "zh"
  t.is(require("netlearn.errors_zh").line("rule: unknown field 'bogus' (known fields: chain, target)"),
    "rule：未知字段 'bogus'（已知字段：chain、target）", "... and in Chinese")
  i18n.lang = lang
end

net.ns_del("q1")
t.done()
