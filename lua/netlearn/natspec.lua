--[[ netlearn.natspec -- the checks of a rule given to net.nat_add or
net.filter_add, and of net.chain_policy's chain and policy, and their words,
in one place (issue #19: policy in Lua, mechanism in C). netlearn.core hands
those functions out with these checks in front of the C bindings: iptables'
rules about chains, targets and which fits which (upper-case names, no FORWARD
in nat, no DROP in nat, MASQUERADE only in POSTROUTING, -i not in OUTPUT...),
and the values (prefixes, interface names, protocols, ports, address types,
conntrack states, to=, position=, handles): one line saying what is wrong,
EINVAL, and nothing asked of the kernel; the -m matches (multiport, mark,
state, comment, order=, the MARK target's set_xmark=) too. src/l_nat.c and
src/l_nft_match.c keep the guards their request needs ("rule: FN: FIELD=
malformed or out of range") and the words for what the kernel answers.

The messages are English; their Chinese is keyed by the format string in
netlearn.errors_zh_nat and errors_zh_route (tests/lua/62e reads this file).

  local natspec = require("netlearn.natspec")
  natspec.check_rule(net, "nat", { chain = "POSTROUTING", target = "MASQUERADE" })  --> true | nil, msg, errno
  natspec.check_policy(net, "FORWARD", "DROP")                                     --> true
  natspec.wrap(net)            -- net.nat_add, filter_add, chain_policy checked
]]
local ipv4 = require("netlearn.ipv4")
local parse = require("netlearn.parse")
local guard = require("netlearn.specguard")

local M = {}

M.CHAINS = { "PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING" }
M.TARGETS = { "ACCEPT", "DROP", "REJECT", "MASQUERADE", "SNAT", "DNAT", "RETURN", "MARK" }
local ADDRTYPES = { "UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST", "BLACKHOLE",
  "UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE" }
local CTSTATES = { "INVALID", "ESTABLISHED", "RELATED", "NEW", "SNAT", "DNAT", "UNTRACKED" }

-- iptables' rules of which fits where, which `iptables` (cmd/iptables_parse.lua)
-- words its own way: the chains each address-rewriting target works in (it
-- belongs in the nat table), the targets the nat table refuses, and the
-- chains where a packet has no input (-i) or no output (-o) interface yet
M.TARGET_CHAINS = { MASQUERADE = { POSTROUTING = true }, SNAT = { POSTROUTING = true, INPUT = true },
  DNAT = { PREROUTING = true, OUTPUT = true } }
M.FILTER_ONLY = { DROP = true, REJECT = true }
M.NO_IIF = { OUTPUT = true, POSTROUTING = true }
M.NO_OIF = { PREROUTING = true, INPUT = true }

-- a rule's fields (l_nat.c's rule_keys) and the Lua types the binding takes;
-- "int": l_optfield_int's, "any": read as it comes
M.RULE_FIELDS = {
  chain = "string", target = "string", src = "string", dst = "string", iif = "string", oif = "string",
  proto = "string", to = "string", position = "string", src_type = "string", dst_type = "string",
  ctstate = "string", sport = "any", dport = "any", before = "int", replace = "int",
  ["goto"] = "any", addrtype_first = "any",
  -- the -m matches (src/l_nft_match.c reads them)
  multiport = "string", multiport_dir = "string", not_multiport = "any", mark = "string", not_mark = "any",
  state = "string", not_state = "any", comment = "string", order = "string", set_xmark = "string",
}
local NOTS = { "src", "dst", "iif", "oif", "proto", "sport", "dport", "src_type", "dst_type", "ctstate" }
for _, k in ipairs(NOTS) do M.RULE_FIELDS["not_" .. k] = "any" end

-- NAMES' entry equal to S in any case -> the entry, and whether the case is the same
local function find_ci(names, s)
  local up = s:upper()
  for _, n in ipairs(names) do
    if n == up then return n, n == s end
  end
end

-- a user chain's name (nat.c's rule): 1-28 bytes, not starting with '-' or '!', no spaces
local function chain_name_ok(s)
  return #s >= 1 and #s <= 28 and not s:find("^[-!]") and not s:find("[ \t\n]")
end

-- nat.c's prefix, addrparse.c's parse_ipv4_prefix: a.b.c.d or a.b.c.d/len (up
-- to 10 digits, 0-32), the IPv4 prefixes of netlearn.parse.api_prefix
local function ipv4_prefix_ok(s)
  local p = parse.api_prefix(s)
  return p ~= nil and p.family == "inet"
end

-- nat.c's interface name: 1-15 bytes (16 with a trailing '+'), no '/' or space
local function ifname_ok(v)
  local n = #v
  return n > 0 and n <= 15 + (v:sub(-1) == "+" and 1 or 0) and not v:find("[/ ]")
end

-- l_nat.c's get_port (an integer, or addrparse.c's parse_port_range: iptables'
-- reading of --dport without service names): nil | lo, hi | false, "range"
-- (lo > hi) | false (not a port)
local function port(v)
  if v == nil then return nil end
  if math.type(v) == "integer" then
    if v >= 0 and v <= 65535 then return v, v end
    return false
  end
  if type(v) ~= "string" then return false end
  local a, b = parse.port_range(v, false)     -- nil, why when not a port
  if not a then return false, b == "order" and "range" or nil end
  return a, b
end

-- "RELATED,ESTABLISHED" against NAMES (any case): nil, or the word that is not one
local function bad_name_in(s, names)
  if s == "" then return "" end
  local i = 1
  while i <= #s do
    local j = s:find(",", i, true) or #s + 1
    local w = s:sub(i, j - 1)
    if w == "" or not find_ci(names, w) then return w end
    i = j + 1
  end
end

local fail = guard.fail

-- -m multiport's list (l_nft_match.c's parse_ports, as iptables reads it):
-- "22,80:90", each port parse.port's without names, a range's sides both
-- written and lo < hi, at most 15 ports, a range counting twice -> true | false
local MULTI_PORTS = 15
local function multiport_ok(s)
  local n = 0
  for item in (s .. ","):gmatch("([^,]*),") do
    local lo, hi = item:match("^([^:]*):(.*)$")
    local a, b = parse.port(lo or item, false), hi and parse.port(hi, false)
    if not a or (hi and (not b or a >= b)) then return false end
    n = n + (hi and 2 or 1)
  end
  return n <= MULTI_PORTS
end

-- a mark's "V" or "V/M" (l_nft_match.c's value_mask): each starting with a
-- digit, read as strtoull(s, &end, 0) reads it (0x hex, 0 octal), up to 0xffffffff
local function uint32_at(s, i)
  if not s:sub(i, i):find("^%d$") then return nil end
  local v, e = parse.strtoul(s, i)
  if v > 0xffffffff then return nil end
  return v, e
end
local function value_mask_ok(s)
  local v, e = uint32_at(s, 1)
  if not v then return false end
  if s:sub(e, e) == "/" then
    v, e = uint32_at(s, e + 1)
    if not v then return false end
  end
  return e == #s + 1
end

-- -m state's list (l_nft_match.c's state_bits): nil, or the word that is not a
-- state (at most 24 bytes of it; "" for an empty one)
local STATES = { "INVALID", "ESTABLISHED", "RELATED", "NEW", "UNTRACKED" }
local function bad_state(s)
  local i = 1
  if s == "" then return "" end
  while i <= #s do
    local j = s:find(",", i, true) or #s + 1
    local w = s:sub(i, j - 1)
    if not find_ci(STATES, w) then return w:sub(1, 24) end
    if j == #s then return "" end                           -- a trailing ','
    i = j + 1
  end
end

local MATCH_KINDS = { addrtype = true, conntrack = true, state = true, multiport = true, mark = true, comment = true }

-- the -m matches (multiport, mark, state, comment), the MARK target's
-- set_xmark= and order=, in the order src/l_nft_match.c reads them
local function check_matches(E, fn, r, tg, proto)
  local function s(k) return r[k] ~= nil and tostring(r[k]) or nil end
  local mp, mark, state, comment, order, xmark = s("multiport"), s("mark"), s("state"), s("comment"), s("order"), s("set_xmark")
  for _, k in ipairs { "multiport", "mark", "state" } do
    if r["not_" .. k] and r[k] == nil then
      return fail(E.EINVAL, "%s: %s=true needs %s= too (it negates that match)", fn, "not_" .. k, k)
    end
  end
  if mp then
    local dir = s("multiport_dir") or "dports"
    if dir ~= "sports" and dir ~= "dports" and dir ~= "ports" then
      return fail(E.EINVAL, "%s: multiport_dir=\"%s\" is not \"sports\", \"dports\" or \"ports\"", fn, dir)
    end
    if not multiport_ok(mp) then
      return fail(E.EINVAL, "%s: multiport=\"%s\" is not a list of at most 15 ports and ranges (e.g. \"22,80,8000:8080\"; a range counts twice)", fn, mp)
    end
    if (proto ~= "tcp" and proto ~= "udp") or r.not_proto then
      return fail(E.EINVAL, "%s: multiport= needs proto=\"tcp\" or proto=\"udp\" (as iptables' -m multiport needs -p tcp)", fn)
    end
  end
  if mark and not value_mask_ok(mark) then
    return fail(E.EINVAL, "%s: mark=\"%s\" is not a mark VALUE or VALUE/MASK (numbers up to 0xffffffff, e.g. \"0x1/0xff\")", fn, mark)
  end
  if xmark and tg ~= "MARK" then return fail(E.EINVAL, "%s: set_xmark= goes with target=\"MARK\"", fn) end
  if tg == "MARK" and not xmark then
    return fail(E.EINVAL, "%s: target=\"MARK\" needs set_xmark=\"VALUE/MASK\" (e.g. \"0x1/0xffffffff\" sets the mark to 1)", fn)
  end
  if xmark and not value_mask_ok(xmark) then
    return fail(E.EINVAL, "%s: set_xmark=\"%s\" is not VALUE[/MASK] (numbers up to 0xffffffff, e.g. \"0x1/0xff\")", fn, xmark)
  end
  local bad = state and bad_state(state)
  if bad then
    return fail(E.EINVAL, "%s: state=\"%s\": bad state \"%s\" (NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED)", fn, state, bad)
  end
  if comment and #comment > 255 then return fail(E.EINVAL, "%s: comment= is longer than 255 characters", fn) end
  local i = 1
  while order and i <= #order do
    local j = order:find(",", i, true) or #order + 1
    local w = order:sub(i, j - 1)
    if not MATCH_KINDS[w] then
      return fail(E.EINVAL, "%s: order=: \"%s\" is not a match (addrtype, conntrack, state, multiport, mark, comment)", fn, w:sub(1, 24))
    end
    i = j + 1
  end
  return true
end

-- a rule R for TABLE ("nat" | "filter"): true, or nil, message, errno
function M.check_rule(net, tbl, r)
  local E = net.errno
  local fn = tbl == "nat" and "nat_add" or "filter_add"
  local function s(k) return r[k] ~= nil and tostring(r[k]) or nil end
  local chain, target, src, dst, iif, oif, proto, to = s("chain"), s("target"), s("src"), s("dst"), s("iif"), s("oif"), s("proto"), s("to")

  if not chain then
    return fail(E.EINVAL, "%s: the rule needs chain= (%s)", fn, tbl == "nat" and "PREROUTING, INPUT, OUTPUT or POSTROUTING" or "INPUT, FORWARD or OUTPUT")
  end
  local builtin, exact = find_ci(M.CHAINS, chain)
  if not builtin and not chain_name_ok(chain) then
    return fail(E.EINVAL, "%s: '%s' is not a chain name (PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING, or a user chain: 1-28 characters, no spaces)", fn, chain)
  end
  if builtin and not exact then return fail(E.EINVAL, "%s: chain names are upper case, as in iptables: write chain=\"%s\"", fn, builtin) end
  if tbl == "nat" and builtin == "FORWARD" then
    return fail(E.EINVAL, "%s: the nat table has no FORWARD chain (use PREROUTING, INPUT, OUTPUT or POSTROUTING; FORWARD filtering is net.filter_add)", fn)
  elseif tbl == "filter" and (builtin == "PREROUTING" or builtin == "POSTROUTING") then
    return fail(E.EINVAL, "%s: the filter table has no %s chain (use INPUT, FORWARD or OUTPUT; NAT is net.nat_add)", fn, builtin)
  end

  if not target then
    return fail(E.EINVAL, "%s: the rule needs target= (%s)", fn, tbl == "nat" and "MASQUERADE, SNAT, DNAT or ACCEPT" or "ACCEPT, DROP or REJECT")
  end
  local tg
  tg, exact = find_ci(M.TARGETS, target)
  if not tg then
    if not chain_name_ok(target) then
      return fail(E.EINVAL, "%s: unknown target '%s' (targets: ACCEPT, DROP, REJECT, RETURN, MASQUERADE, SNAT, DNAT, MARK, or a user chain's name)", fn, target)
    end
    exact = true
  elseif r["goto"] then
    return fail(E.EINVAL, "%s: goto= needs a user chain as target, not %s", fn, target)
  end
  if not exact then return fail(E.EINVAL, "%s: target names are upper case, as in iptables: write target=\"%s\"", fn, tg) end
  if tbl == "nat" and M.FILTER_ONLY[tg] then
    return fail(E.EINVAL, "%s: the nat table is not for filtering, so %s is not allowed there (use net.filter_add in INPUT, FORWARD or OUTPUT)", fn, target)
  end
  if tbl == "filter" and M.TARGET_CHAINS[tg] then
    return fail(E.EINVAL, "%s: %s rewrites addresses and belongs in the nat table (use net.nat_add)", fn, target)
  end
  local fits = M.TARGET_CHAINS[tg]
  if tg == "MASQUERADE" and builtin and not fits[builtin] then
    return fail(E.EINVAL, "%s: MASQUERADE works only in chain POSTROUTING, not %s", fn, chain)
  end
  if tg == "SNAT" and builtin and not fits[builtin] then
    return fail(E.EINVAL, "%s: SNAT works only in chains POSTROUTING and INPUT, not %s (to change the destination use DNAT)", fn, chain)
  end
  if tg == "DNAT" and builtin and not fits[builtin] then
    return fail(E.EINVAL, "%s: DNAT works only in chains PREROUTING and OUTPUT (locally made packets), not %s (to change the source use SNAT or MASQUERADE)", fn, chain)
  end

  if src and not ipv4_prefix_ok(src) then
    return fail(E.EINVAL, "%s: src=\"%s\" is not an IPv4 address or prefix (write a.b.c.d or a.b.c.d/len, len 0-32)", fn, src)
  end
  if dst and not ipv4_prefix_ok(dst) then
    return fail(E.EINVAL, "%s: dst=\"%s\" is not an IPv4 address or prefix (write a.b.c.d or a.b.c.d/len, len 0-32)", fn, dst)
  end
  for _, k in ipairs({ "iif", "oif" }) do
    local v = s(k)
    if v and not ifname_ok(v) then
      return fail(E.EINVAL, "rule: %s=\"%s\" is not an interface name (1-15 bytes, no '/' or spaces; a trailing '+' matches every name that starts so)", k, v)
    end
  end
  if iif and M.NO_IIF[builtin] then
    return fail(E.EINVAL, "%s: iif= cannot be used in chain %s (as in iptables, -i is for PREROUTING, INPUT and FORWARD)", fn, chain)
  end
  if oif and M.NO_OIF[builtin] then
    return fail(E.EINVAL, "%s: oif= cannot be used in chain %s: the way out is not chosen yet (as in iptables, -o is for FORWARD, OUTPUT and POSTROUTING)", fn, chain)
  end

  if proto and proto ~= "tcp" and proto ~= "udp" and proto ~= "icmp" and proto ~= "all" then
    return fail(E.EINVAL, "%s: proto=\"%s\" is not known (use \"tcp\", \"udp\", \"icmp\" or \"all\")", fn, proto)
  end
  local sport, why_s = port(r.sport)
  local dport, why_d = port(r.dport)
  if sport == false or dport == false then
    local k = sport == false and "sport" or "dport"
    if (sport == false and why_s or why_d) == "range" then
      return fail(E.EINVAL, "%s: %s=%s is not a port range: the first port is above the second (write lo:hi)", fn, k, tostring(r[k]))
    end
    return fail(E.EINVAL, "%s: %s=%s is not a port (0-65535) or a range lo:hi", fn, k, tostring(r[k]))
  end
  local l4 = proto == "tcp" or proto == "udp"
  if (sport or dport) and not l4 then
    local k = sport and "sport" or "dport"
    return fail(E.EINVAL, "%s: %s= needs proto=\"tcp\" or proto=\"udp\" (as iptables' --%s needs -p tcp)", fn, k, k)
  end
  for _, k in ipairs(NOTS) do
    if r["not_" .. k] and r[k] == nil then
      return fail(E.EINVAL, "%s: %s=true needs %s= too (it negates that match)", fn, "not_" .. k, k)
    end
  end
  if r.not_proto and (sport or dport) then return fail(E.EINVAL, "%s: not_proto=true cannot go with ports (they need that protocol)", fn) end

  local st, dt, cs = s("src_type"), s("dst_type"), s("ctstate")
  local bad = st and bad_name_in(st, ADDRTYPES)
  if bad then
    return fail(E.EINVAL, "%s: src_type=\"%s\": bad type \"%s\" (UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT, XRESOLVE, UNSPEC)", fn, st, bad)
  end
  bad = dt and bad_name_in(dt, ADDRTYPES)
  if bad then
    return fail(E.EINVAL, "%s: dst_type=\"%s\": bad type \"%s\" (UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT, XRESOLVE, UNSPEC)", fn, dt, bad)
  end
  bad = cs and bad_name_in(cs, CTSTATES)
  if bad then
    return fail(E.EINVAL, "%s: ctstate=\"%s\": bad state \"%s\" (NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED, SNAT, DNAT)", fn, cs, bad)
  end

  local nat_to = tg == "SNAT" or tg == "DNAT"
  if to and not nat_to then
    return fail(E.EINVAL, "%s: to= is only for SNAT and DNAT%s", fn, tg == "MASQUERADE"
      and " (MASQUERADE takes the out interface's own address; for a fixed one use SNAT)" or "")
  end
  if not to and nat_to then return fail(E.EINVAL, "%s: %s needs to=\"a.b.c.d\" or to=\"a.b.c.d:port\"", fn, target) end
  if to then
    local addr, colon, p = to:match("^([^:]*)(:?)(.*)$")
    if addr == "" then return fail(E.EINVAL, "%s: to=\"%s\" has no address (write to=\"a.b.c.d%s\")", fn, to, colon .. p) end
    if #addr >= 16 then return fail(E.EINVAL, "%s: to=\"%s\" is not a.b.c.d or a.b.c.d:port", fn, to) end
    if not ipv4.to_int(addr) then return fail(E.EINVAL, "%s: to=\"%s\": %s is not an IPv4 address", fn, to, addr) end
    if colon ~= "" then
      local v = parse.port(p, false)
      if not v or v < 1 then return fail(E.EINVAL, "%s: to=\"%s\": '%s' is not a port (1-65535)", fn, to, p) end
      if not l4 then return fail(E.EINVAL, "%s: to=\"%s\" changes a port, which needs proto=\"tcp\" or proto=\"udp\"", fn, to) end
    end
  end

  local pos = s("position") or "append"
  if pos ~= "insert" and pos ~= "append" then return fail(E.EINVAL, "%s: position=\"%s\" is not \"append\" or \"insert\"", fn, pos) end
  local function handle(k) local v = r[k]; if type(v) == "string" then v = tonumber(v) end; return v and math.tointeger(v) or 0 end
  if handle("before") < 0 or handle("replace") < 0 then
    return fail(E.EINVAL, "%s: before= and replace= take a rule's handle (see net.nft_list)", fn)
  end
  local ok, msg, errno = check_matches(E, fn, r, tg, proto)
  if not ok then return nil, msg, errno end
  if handle("before") > 0 and handle("replace") > 0 then
    return fail(E.EINVAL, "%s: before= and replace= cannot go together", fn)
  end
  return true
end

-- net.chain_policy's CHAIN and POLICY: true, or nil, message, errno
function M.check_policy(net, chain, policy)
  local E = net.errno
  local c, exact = find_ci(M.CHAINS, chain)
  if not c then return fail(E.EINVAL, "chain_policy: unknown chain '%s' (use INPUT, FORWARD or OUTPUT)", chain) end
  if not exact then return fail(E.EINVAL, "chain_policy: chain names are upper case, as in iptables: write \"%s\"", c) end
  if c == "PREROUTING" or c == "POSTROUTING" then
    return fail(E.EINVAL, "chain_policy: %s is a nat chain and has no policy here (policies are for the filter table's INPUT, FORWARD and OUTPUT)", chain)
  end
  if policy ~= "ACCEPT" and policy ~= "DROP" then
    return fail(E.EINVAL, "chain_policy: policy \"%s\" is not \"ACCEPT\" or \"DROP\"", policy)
  end
  return true
end

-- a handle as l_optfield_int takes it (an integer, or a string or float that is one)
local function int_ok(v)
  if type(v) == "string" then v = tonumber(v) end
  return v == nil or math.tointeger(v) ~= nil
end

local function rule_typed(ns, r)
  if not (guard.str(ns, true) and type(r) == "table" and guard.fields(r, M.RULE_FIELDS)) then return false end
  for k, want in pairs(M.RULE_FIELDS) do
    if want == "int" and not int_ok(r[k]) then return false end
  end
  return true
end

-- net.nat_add, filter_add and chain_policy with the checks in front
function M.wrap(net)
  net.nat_add = guard.checked(net.nat_add, rule_typed, function(_, r) return M.check_rule(net, "nat", r) end)
  net.filter_add = guard.checked(net.filter_add, rule_typed, function(_, r) return M.check_rule(net, "filter", r) end)
  net.chain_policy = guard.checked(net.chain_policy, function(ns, c, p) return guard.str(ns, true) and guard.str(c) and guard.str(p) end,
    function(_, c, p) return M.check_policy(net, tostring(c), tostring(p)) end)
end

return M
