#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/29c-api-prefix.lua -- the one reader of the prefixes netlearn's API
takes (netlearn.parse.api_prefix: C's reader through net.prefix_parse, with
Lua's words; issue #19: one parser per concept), which
netlearn.addrspec, netlearn.routespec and netlearn.natspec ask, against the C
reader it stands for (src/rt_parse.c's rt_parse_prefix; addrparse.c's
parse_ipv4_prefix for NAT). Each vector below is read by the Lua reader (what
it gives, or the words of its refusal), then given to the bare C bindings
(netlearn.cnet) in this test's namespace, with a later field that C refuses
anyway, so that nothing reaches the kernel: C refuses the prefix itself exactly
where Lua refuses it (addr_del: no family, route_del: none, rule_del: no
family unless "all", nat_add: not IPv4). The same vectors through net (the
checks in front of the bindings) get the spec modules' words. Then a few
thousand seeded random words are given to both readers, which must agree. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local net = require("netlearn.core")
local cnet = require("netlearn.cnet")
local parse = require("netlearn.parse")
local E = net.errno

local NOT_ONE, NOT_ONE6 = "not an IPv4 address or prefix", "not an IPv6 address or prefix"
local MISSING, NAN = "prefix length missing after '/'", "prefix length is not a number"
local V4_RANGE, V6_RANGE = "prefix length must be 0-32", "prefix length must be 0-128"

-- { input, family ("inet", "inet6", "any": default/all/any) and length | the why of a refusal }
local VECTORS = {
  -- IPv4: inet_pton's dotted quad, a length of 1-10 decimal digits, 0-32
  { "10.0.0.0/24", "inet", 24 }, { "10.0.0.1", "inet", 32 }, { "0.0.0.0/0", "inet", 0 },
  { "255.255.255.255/32", "inet", 32 }, { "10.0.0.1/24", "inet", 24 },
  { "10.0.0.0/030", "inet", 30 },                    -- decimal, not octal as ip reads it
  { "10.0.0.0/0000000032", "inet", 32 },             -- ten digits
  { "10.0.0.0/00000000032", V4_RANGE },              -- eleven
  { "10.0.0.0/33", V4_RANGE }, { "10.0.0.0/99999999999", V4_RANGE },
  { "10.0.0.0/", MISSING }, { "10.0.0.0/-1", MISSING }, { "10.0.0.0/+8", MISSING }, { "10.0.0.0/ 8", MISSING },
  { "10.0.0.0/\t8", NAN }, { "10.0.0.0/8x", NAN }, { "10.0.0.0/0x8", NAN }, { "10.0.0.0/8/8", NAN },
  { "10.0.0.0/24 ", NAN },
  { "10.0.0.300/24", NOT_ONE }, { "010.0.0.1/24", NOT_ONE }, { "10.1/16", NOT_ONE }, { "10.0.0.1 ", NOT_ONE },
  { " 10.0.0.1", NOT_ONE }, { "10.0.0.1.", NOT_ONE }, { "", NOT_ONE }, { "/24", NOT_ONE }, { "Default", NOT_ONE },
  -- the whole space, no family yet
  { "default", "any", 0 }, { "all", "any", 0 }, { "any", "any", 0 },
  -- IPv6: a ':' before the '/', inet_pton; the length strtol(s, &end, 10), 0-128
  { "2001:db8::/64", "inet6", 64 }, { "2001:db8::1", "inet6", 128 }, { "::/0", "inet6", 0 }, { "::", "inet6", 128 },
  { "::ffff:10.0.0.1/96", "inet6", 96 }, { "2001:db8::/128", "inet6", 128 }, { "2001:db8::1/64", "inet6", 64 },
  { "2001:db8::/064", "inet6", 64 },
  { "2001:db8::/\t64", "inet6", 64 },                -- strtol skips a blank that is not the first character's ' '
  { "2001:db8::/\n+64", "inet6", 64 },
  { "0000:0000:0000:0000:0000:0000:255.255.255.255/8", "inet6", 8 },
  { "2001:db8::/129", V6_RANGE }, { "2001:db8::/\t-1", V6_RANGE }, { "2001:db8::/9223372036854775807", V6_RANGE },
  { "2001:db8::/\t-99999999999999999999", V6_RANGE },
  { "2001:db8::/", MISSING }, { "2001:db8::/-1", MISSING }, { "2001:db8::/+64", MISSING }, { "2001:db8::/ 64", MISSING },
  { "2001:db8::/\t", NAN }, { "2001:db8::/0x40", NAN }, { "2001:db8::/64 ", NAN }, { "2001:db8::/1e2", NAN },
  { "2001:db8::/99999999999999999999", NAN },        -- beyond a long: strtol's ERANGE
  { "2001:db8::g/64", NOT_ONE6 }, { "2001:db8:::1/64", NOT_ONE6 }, { "fe80::1%eth0/64", NOT_ONE6 },
  { "1.2.3.4:80/24", NOT_ONE6 },                     -- a ':' makes it IPv6
  { "0000:0000:0000:0000:0000:0000:0000:0000:0000:0000/8", NOT_ONE6 },
}

-- what the Lua reader says, in the vectors' terms
local function lua_reads(s)
  local p, why = parse.api_prefix(s)
  if not p then return why end
  return p.family or "any", p.plen
end

-- what each bare C binding says of the prefix: true (taken) | false (refused
-- with its plain guard for that field); a later field is always bad, so the
-- kernel is never asked
local function c_takes(s)
  local function took(field, plain, ok, msg, errno)
    if ok then return "asked the kernel" end
    if msg == plain and errno == E.EINVAL then return false end
    return true, msg
  end
  return {
    addr = took("prefix", "nodev0: addr_del: prefix= malformed or out of range", cnet.addr_del("pv1", "nodev0", s)),
    route = took("dst", "route del: dst= malformed or out of range", cnet.route_del("pv1", { dst = s, metric = -1 })),
    rule = took("from", "rule del: from= malformed or out of range", cnet.rule_del("pv1", { from = s, table = "nosuch" })),
    rule_to = took("to", "rule del: to= malformed or out of range", cnet.rule_del("pv1", { to = s, table = "nosuch" })),
    nat = took("src", "rule: nat_add: src= malformed or out of range",
      cnet.nat_add("pv1", { chain = "POSTROUTING", target = "MASQUERADE", src = s, proto = "bogus" })),
  }
end

-- what each binding should take, from the Lua reader's answer
local function lua_takes(s)
  local p = parse.api_prefix(s)
  return {
    addr = p ~= nil and p.family ~= nil, route = p ~= nil,
    rule = s == "all" or (p ~= nil and p.family ~= nil), rule_to = s == "all" or (p ~= nil and p.family ~= nil),
    nat = p ~= nil and p.family == "inet",
  }
end

assert(net.ns_add("pv1"))
local function state() return t.nsh("pv1", "ip -o addr; ip route show table all; ip -6 route show table all; ip rule; ip -6 rule; nft list ruleset") end
local before = state()

local BINDINGS = { "addr", "route", "rule", "rule_to", "nat" }
local function same_as_c(s)
  local want, got = lua_takes(s), c_takes(s)
  for _, b in ipairs(BINDINGS) do
    if got[b] ~= want[b] then return false, string.format("%s: Lua %s, C %s", b, tostring(want[b]), tostring(got[b])) end
  end
  return true
end

-- 1. each vector: the Lua reader's answer, and C refusing exactly where Lua does
for _, v in ipairs(VECTORS) do
  local s, want, plen = v[1], v[2], v[3]
  local name = string.format("%q", s):gsub("\\\n", "\\n")
  local got, got_plen = lua_reads(s)
  t.ok(got == want and got_plen == plen, name .. ": " .. want .. (plen and ("/" .. plen) or ""),
    string.format("got: %s %s", tostring(got), tostring(got_plen)))
  t.ok(same_as_c(s), name .. ": the bare C bindings take it where Lua does", select(2, same_as_c(s)))
end

-- 2. the same vectors through net: the spec modules' words for a refusal
for _, v in ipairs(VECTORS) do
  local s, why = v[1], v[2]
  local p = parse.api_prefix(s)
  local name = string.format("%q", s):gsub("\\\n", "\\n")
  local _, msg = net.route_del("pv1", { dst = s, metric = -1 })
  if not p then
    t.is(msg, "route del: dst " .. s .. ": " .. why, name .. ": routespec's words for dst")
  else
    local refusal = "route del: dst " .. s .. ": "
    t.ok(msg:sub(1, #refusal) ~= refusal, name .. ": routespec takes the dst", msg)
  end
  _, msg = net.rule_del("pv1", { from = s, table = "nosuch" })
  if not p or (not p.family and s ~= "all") then
    t.is(msg, "rule del: from " .. s .. ": " .. (why ~= "any" and why or "write a prefix or \"all\""), name .. ": routespec's words for from")
  else
    t.unlike(msg, "^rule del: from ", name .. ": routespec takes from")
  end
  _, msg = net.addr_del("pv1", "nodev0", s)
  if not (p and p.family) then
    t.is(msg, s .. (s:find(":", 1, true) and ": not an IPv6 prefix (want x:x::x/len)" or ": not an IPv4 prefix (want a.b.c.d/len)"),
      name .. ": addrspec's words")
  else
    t.like(msg, "^nodev0: no such device", name .. ": addrspec takes it (C names the missing device)")
  end
  _, msg = net.nat_add("pv1", { chain = "POSTROUTING", target = "MASQUERADE", src = s, proto = "bogus" })
  if not (p and p.family == "inet") then
    t.is(msg, 'nat_add: src="' .. s .. '" is not an IPv4 address or prefix (write a.b.c.d or a.b.c.d/len, len 0-32)', name .. ": natspec's words")
  else
    t.like(msg, '^nat_add: proto="bogus" is not known', name .. ": natspec takes it (and words the next field)")
  end
end

-- 3. seeded random words (hosts that parse, and junk, before random lengths) to both readers
local HOSTS = { "10.0.0.0", "10.0.0.300", "010.0.0.1", "", "default", "2001:db8::", "::", "2001:db8::g", "1.2.3.4:5",
  "::ffff:1.2.3.4", "fe80::1" }
local ALPHA = "0123456789 \t\n\v-+x/:.af"
math.randomseed(29)
local disagree, n, taken = {}, 0, 0
for i = 1, 4000 do
  local w, alpha = {}, i % 2 == 0 and "0123456789" or ALPHA   -- half of them digits only
  for j = 1, math.random(0, i % 2 == 0 and 3 or 14) do
    local k = math.random(#alpha)
    w[j] = alpha:sub(k, k)
  end
  local s = table.concat(w)
  if i % 4 ~= 0 then s = HOSTS[math.random(#HOSTS)] .. (i % 3 == 0 and "" or "/") .. s end
  n = n + 1
  if parse.api_prefix(s) then taken = taken + 1 end
  local ok, why = same_as_c(s)
  if not ok then disagree[#disagree + 1] = string.format("%q (%s)", s, why) end
end
t.ok(taken > n / 20 and taken < n - n / 20, "the random words are both taken and refused", taken .. " of " .. n)
t.ok(#disagree == 0, n .. " random words: the Lua reader and the C bindings agree", table.concat(disagree, "\n", 1, math.min(#disagree, 10)))

-- 4. the reasons in Chinese (errors_zh.NOUNS), after each keyword that carries them
local ez, zhtext = require("netlearn.errors_zh"), require("netlearn.zhtext")
for _, why in ipairs { NOT_ONE, NOT_ONE6, MISSING, NAN, V4_RANGE, V6_RANGE, 'write a prefix or "all"' } do
  for _, kw in ipairs { "route del: dst", "rule del: from", "rule add: to" } do
    local zh = ez.translate(kw .. " 10.0.0.0/x: " .. why)
    t.ok(zh and zh:find(ez.NOUNS[why], 1, true) and not zh:find("prefix", 1, true) and #zhtext.problems(zh) == 0,
      kw .. ": " .. why .. " -> " .. tostring(zh))
  end
end

t.is(state(), before, "nothing changed in the namespace")
assert(net.ns_del("pv1"))
-- MAC addresses: parse.api_mac is C's parse_mac (net.mac_parse)
for _, c in ipairs({ { "02:00:00:00:00:01", true }, { "02-00-00-00-00-0A", true }, { "02:00-00:00:00:01", true },
                     { "2:0:0:0:0:1", false }, { "02:00:00:00:00:0g", false }, { "02:00:00:00:00:01\0", false },
                     { "02:00:00:00:00:01:", false }, { "", false } }) do
  t.is(parse.api_mac(c[1]), c[2], string.format("api_mac(%q)", c[1]))
end
t.done()
