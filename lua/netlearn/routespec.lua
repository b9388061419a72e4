--[[ netlearn.routespec -- the checks of the route and rule bindings' arguments,
and their words, in one place (issue #19: policy in Lua, mechanism in C).
net.route_add, route_replace, route_change, route_del, route_list, route_get,
rule_add, rule_del and rule_list, as netlearn.core hands them out, are the C
bindings behind these checks: a destination that is not a prefix, host bits
set, a next hop or source that is not an address, a metric, priority or fwmark
out of range, a table, scope, protocol, route type or rule action that does
not exist, families mixed, a device name that cannot be one: one line saying
what is wrong, an errno, and nothing asked of the kernel. The C bindings keep
only the guards their requests need (a plain "FIELD= malformed or out of
range") and the words for what the kernel answers.

The names of tables, protocols, scopes and route types are C's (src/rt_parse.c,
which also prints them in net.route_list), read once through net.route_names:
M.names here, which netlearn.iproute_fmt uses too. A prefix (dst, from, to)
is read by netlearn.parse.api_prefix, the API's one reader of prefixes, which
also gives the words for a bad one.

The checks follow the order the C bindings read their fields in, so a spec with
two faults gets the same line it always got; a field of a type C raises on, an
unknown field and a string with a NUL byte go to the C binding as they are.
The messages are English; their Chinese is keyed by the format string in
netlearn.errors_zh_route (tests/lua/62e reads the formats of this file too).

  local routespec = require("netlearn.routespec")
  routespec.check_route(net, "route add", spec)   -- true | nil, msg, errno | routespec.DEFER
  routespec.wrap(net)                             -- puts the checks in front of the bindings
  routespec.names.protocols.static                --> 4 ; routespec.names.protocols[4] --> "static"
]]
local cnet = require("netlearn.cnet")
local ipv4 = require("netlearn.ipv4")
local parse = require("netlearn.parse")
local guard = require("netlearn.specguard")

local M = {}

-- "let the C binding answer": a wrong type (it raises), an unknown field (it names it)
M.DEFER = setmetatable({}, { __name = "routespec.DEFER" })
local DEFER = M.DEFER

-- the names, both ways: names.tables.main == 254, names.tables[254] == "main"
local function both_ways(list)
  local t = {}
  for id, name in pairs(list) do t[id] = name; t[name] = id end
  return t
end
-- (a stand-in cnet that answers nothing, the fuzz target's, leaves them empty)
local raw_names = cnet.route_names() or { tables = {}, protocols = {}, scopes = {}, types = {} }
M.names = {
  tables = both_ways(raw_names.tables), protocols = both_ways(raw_names.protocols),
  scopes = both_ways(raw_names.scopes), types = both_ways(raw_names.types),
}
local RTN_THROW = M.names.types.throw   -- the last type a route can be made with

-- a field read as C's l_optfield_str reads it: nil, the string (a number as
-- Lua writes it), or DEFER (C raises)
local function str(v)
  if v == nil then return nil end
  if type(v) == "string" then return v end
  if type(v) == "number" then return tostring(v) end
  return DEFER
end

-- a table/scope/proto field read as C's rt_field_strnum reads it (a name or
-- an integer; its copy holds 63 bytes)
local function strnum(v)
  if v == nil then return nil end
  if type(v) == "string" then return v:sub(1, 63) end
  if math.type(v) == "integer" then return tostring(v) end
  return DEFER
end

-- lua_tointegerx: an integer, a float with an integer value, or a string of one
local function integer(v)
  local n = (type(v) == "string" or type(v) == "number") and tonumber(v) or nil
  return n and math.tointeger(n)
end

local fail = guard.fail

-- rt_parse.c's parse_num: a number strtoul(s, 0) reads whole, not starting
-- with a sign or a blank, at most MAX
local function number(s, max)
  local c = s:sub(1, 1)
  if c == "" or c == "-" or c == "+" or c == " " then return nil end
  return parse.whole_number(s, max)
end

-- a name of LIST or a number up to MAX -> the id, or nil
local function named(list, s, max)
  local id = list[s]
  if math.type(id) == "integer" then return id end
  return number(s, max)
end

function M.table_id(s)
  local id = named(M.names.tables, s, 0xffffffff)
  if id and id ~= 0 then return id end
end
function M.scope_id(s) return named(M.names.scopes, s == "universe" and "global" or s, 255) end
function M.proto_id(s) return named(M.names.protocols, s, 255) end

-- one address, canonical IPv4 or IPv6 (inet_pton) -> "inet" | "inet6", or nil
function M.addr_family(s)
  if ipv4.to_int(s) then return "inet" end
  if cnet.inet6_parse(s) then return "inet6" end
end

-- an IPv4 prefix with host bits set -> its network's address and length, else
-- nil (the kernel takes only the network: "Invalid prefix for given prefix length";
-- it masks an IPv6 prefix itself)
function M.host_bits(p)
  if p.family ~= "inet" then return nil end
  local net = ipv4.to_str(ipv4.to_int(p.addr) & ipv4.mask(p.plen))
  if net ~= p.addr then return net, p.plen end
end

local function known_fields(s, list)
  for k in pairs(s) do
    if type(k) ~= "string" or not list[k] then return false end
  end
  return true
end
local function set_of(list)
  local t = {}
  for _, k in ipairs(list) do t[k] = true end
  return t
end

-- the fields of the route bindings' spec (src/l_route.c's route_fields)
M.ROUTE_FIELDS = set_of({ "dst", "via", "gateway", "dev", "metric", "table", "scope", "src", "proto",
  "protocol", "type", "onlink", "append", "exclusive", "family" })

-- net.route_add/replace/change/del's SPEC; WHAT: "route add", "route replace",
-- "route change" or "route del" -> true | nil, message, errno | DEFER
function M.check_route(net, what, s)
  local E = net.errno
  if not known_fields(s, M.ROUTE_FIELDS) then return DEFER end
  local dst = str(s.dst)
  if dst == DEFER then return DEFER end
  if not dst then return fail(E.EINVAL, "%s: dst missing (a prefix such as 10.0.2.0/24, an address, or \"default\")", what) end
  local d, why = parse.api_prefix(dst)
  if not d then return fail(E.EINVAL, "%s: dst %s: %s", what, dst, why) end
  local network, plen = M.host_bits(d)
  if network then return fail(E.EINVAL, "%s: dst %s has host bits set; write the network, %s/%d", what, dst, network, plen) end

  local via = str(s.via)
  if via == nil then via = str(s.gateway) end
  if via == DEFER then return DEFER end
  local via_family = via and M.addr_family(via)
  if via and not via_family then
    return fail(E.EINVAL, "%s %s: via %s: not an IP address (write a next hop such as 10.0.2.1)", what, dst, via)
  end
  local dev = str(s.dev)
  if dev == DEFER then return DEFER end
  if dev and (dev == "" or #dev >= 16) then
    return fail(E.ENODEV, "%s %s: dev \"%s\": not a device name (1-15 bytes)", what, dst, dev)
  end
  if s.metric ~= nil then
    local m = integer(s.metric)
    if not m or m < 0 or m > 0xffffffff then return fail(E.EINVAL, "%s %s: metric must be an integer 0-4294967295", what, dst) end
  end
  local v = strnum(s.table)
  if v == DEFER then return DEFER end
  if v and not M.table_id(v) then
    return fail(E.EINVAL, "%s %s: table \"%s\": not a table (main, local, default or 1-4294967295)", what, dst, v)
  end
  v = strnum(s.scope)
  if v == DEFER then return DEFER end
  if v and not M.scope_id(v) then
    return fail(E.EINVAL, "%s %s: scope \"%s\": not a scope (global, link, host or 0-255)", what, dst, v)
  end
  v = strnum(s.proto)
  if v == nil then v = strnum(s.protocol) end
  if v == DEFER then return DEFER end
  if v and not M.proto_id(v) then
    return fail(E.EINVAL, "%s %s: proto \"%s\": not a protocol (boot, static, kernel, dhcp or 0-255)", what, dst, v)
  end
  local rtype = str(s.type)
  if rtype == DEFER then return DEFER end
  local type_id = rtype and M.names.types[rtype]
  if rtype and (math.type(type_id) ~= "integer" or type_id < 1 or type_id > RTN_THROW) then
    return fail(E.EINVAL, "%s %s: type \"%s\": not a route type (unicast, local, blackhole, unreachable, prohibit, throw)",
      what, dst, rtype)
  end
  local src = str(s.src)
  if src == DEFER then return DEFER end
  local src_family = src and M.addr_family(src)
  if src and not src_family then return fail(E.EINVAL, "%s %s: src %s: not an IP address", what, dst, src) end

  -- the family: the destination's, else the first address written, else family=
  local family = d.family
  if not family then
    local f = str(s.family)
    if f == DEFER then return DEFER end
    family = via_family or src_family or (f == "inet6" and "inet6" or "inet")
  end
  if (via_family and via_family ~= family) or (src_family and src_family ~= family) then
    return fail(E.EINVAL, "%s %s: mixes IPv4 and IPv6 addresses", what, dst)
  end
  if what ~= "route del" and (not type_id or rtype == "unicast") and not via and not dev then
    return fail(E.EINVAL, "%s %s: give via= (a next hop) or dev= (a device) for a unicast route", what, dst)
  end
  return true
end

-- net.route_list's OPTS
M.ROUTE_LIST_FIELDS = set_of({ "table", "family" })
function M.check_route_list(net, o)
  local E = net.errno
  if o == nil then return true end
  if not known_fields(o, M.ROUTE_LIST_FIELDS) then return DEFER end
  local v = strnum(o.table)
  if v == DEFER then return DEFER end
  if v and v ~= "all" and not M.table_id(v) then
    return fail(E.EINVAL, "route list: table \"%s\": not a table (main, local, default, all or 1-4294967295)", v)
  end
  v = str(o.family)
  if v == DEFER then return DEFER end
  if v and v ~= "inet" and v ~= "ipv4" and v ~= "4" and v ~= "inet6" and v ~= "ipv6" and v ~= "6" and v ~= "all" then
    return fail(E.EINVAL, "route list: family \"%s\": use inet, inet6 or all", v)
  end
  return true
end

-- net.route_get's DST and OPTS
M.ROUTE_GET_FIELDS = set_of({ "from", "iif", "oif", "fibmatch" })
function M.check_route_get(net, dst, o)
  local E = net.errno
  dst = str(dst)
  if dst == nil or dst == DEFER then return DEFER end
  if o ~= nil and not known_fields(o, M.ROUTE_GET_FIELDS) then return DEFER end
  local family = M.addr_family(dst)
  if not family then
    return fail(E.EINVAL, "route get %s: not an IP address (write one address, such as 10.0.2.2)", dst)
  end
  if o == nil then return true end
  local from = str(o.from)
  if from == DEFER then return DEFER end
  if from and M.addr_family(from) ~= family then
    return fail(E.EINVAL, "route get %s: from %s: not an address of the same family", dst, from)
  end
  if str(o.iif) == DEFER or str(o.oif) == DEFER then return DEFER end
  return true
end

-- the rule actions (rule.c's rule_action_parse)
M.RULE_ACTIONS = { lookup = "lookup", table = "lookup", blackhole = "blackhole", unreachable = "unreachable",
  prohibit = "prohibit", nop = "nop" }
-- the fields of the rule bindings' spec (src/l_rule.c's rule_fields)
M.RULE_FIELDS = set_of({ "priority", "pref", "from", "to", "iif", "oif", "table", "lookup", "action",
  "fwmark", "family" })

-- net.rule_add/rule_del's SPEC; WHAT: "rule add" or "rule del"
function M.check_rule(net, what, s)
  local E = net.errno
  if not known_fields(s, M.RULE_FIELDS) then return DEFER end
  local prio = s.priority
  if prio == nil then prio = s.pref end
  if prio ~= nil then
    local p = integer(prio)
    if not p or p < 0 or p > 0xffffffff then return fail(E.EINVAL, "%s: priority must be an integer 0-4294967295", what) end
  end
  local family
  local has_prefix = false
  for _, k in ipairs({ "from", "to" }) do
    local v = str(s[k])
    if v == DEFER then return DEFER end
    if v and v ~= "all" then
      local p, why = parse.api_prefix(v)
      if not p or not p.family then
        why = why or "write a prefix or \"all\""
        if k == "from" then return fail(E.EINVAL, "%s: from %s: %s", what, v, why) end
        return fail(E.EINVAL, "%s: to %s: %s", what, v, why)
      end
      if k == "to" and family and family ~= p.family then
        return fail(E.EINVAL, "%s: from and to mix IPv4 and IPv6", what)
      end
      family, has_prefix = p.family, true
    end
  end
  local f = str(s.family)
  if f == DEFER then return DEFER end
  if f then
    if f ~= "inet" and f ~= "inet6" then return fail(E.EINVAL, "%s: family \"%s\": use inet or inet6", what, f) end
    if family and family ~= f then return fail(E.EINVAL, "%s: a prefix of the other family than %s", what, f) end
  end
  local iif, oif = str(s.iif), str(s.oif)
  if iif == DEFER or oif == DEFER then return DEFER end
  if iif and (iif == "" or #iif >= 16) then
    return fail(E.EINVAL, "%s: iif \"%s\": not a device name (1-15 bytes)", what, iif)
  end
  if oif and (oif == "" or #oif >= 16) then
    return fail(E.EINVAL, "%s: oif \"%s\": not a device name (1-15 bytes)", what, oif)
  end
  local tbl = strnum(s.table)
  if tbl == nil then tbl = strnum(s.lookup) end
  if tbl == DEFER then return DEFER end
  if tbl and not M.table_id(tbl) then
    return fail(E.EINVAL, "%s: table \"%s\": not a table (main, local, default or 1-4294967295)", what, tbl)
  end
  local action = str(s.action)
  if action == DEFER then return DEFER end
  if action then
    if not M.RULE_ACTIONS[action] then
      return fail(E.EINVAL, "%s: action \"%s\": use lookup, blackhole, unreachable, prohibit or nop", what, action)
    end
    if tbl and M.RULE_ACTIONS[action] ~= "lookup" then
      return fail(E.EINVAL, "%s: table= goes with action \"lookup\" only", what)
    end
  end
  if s.fwmark ~= nil then
    local m = integer(s.fwmark)
    if not m or m < 0 or m > 0xffffffff then return fail(E.EINVAL, "%s: fwmark must be an integer 0-4294967295", what) end
  end
  if what == "rule del" and prio == nil and not has_prefix and not iif and not oif and not tbl
    and s.fwmark == nil and not action then
    return fail(E.EINVAL, "rule del: say which rule (priority=, from=, to=, iif=, oif= or table=); an empty selector would delete the first rule, 0 local")
  end
  return true
end

-- net.rule_list's OPTS
M.RULE_LIST_FIELDS = set_of({ "family" })
function M.check_rule_list(net, o)
  local E = net.errno
  if o == nil then return true end
  if not known_fields(o, M.RULE_LIST_FIELDS) then return DEFER end
  local f = str(o.family)
  if f == DEFER then return DEFER end
  if f and f ~= "inet" and f ~= "inet6" then return fail(E.EINVAL, "rule list: family \"%s\": use inet or inet6", f) end
  return true
end

local select = select

-- RAW (a C binding taking NS and then ARGS) with CHECK in front (netlearn.specguard);
-- CHECK(net, ...) is called with the arguments after NS when they are of the types it reads
local function checked(net, raw, check, tables_at)
  local function typed(ns, ...)
    if not (ns == nil or type(ns) == "string") then return false end
    for _, i in ipairs(tables_at) do
      local a = select(i, ...)
      if not (tables_at.optional and a == nil) and type(a) ~= "table" then return false end
    end
    return true
  end
  return guard.checked(raw, typed, function(_, ...) return check(net, ...) end)
end

-- put the checks in front of NET's route and rule bindings
function M.wrap(net)
  local function modify(name, what)
    net[name] = checked(net, net[name], function(n, spec) return M.check_route(n, what, spec) end, { 1 })
  end
  modify("route_add", "route add")
  modify("route_replace", "route replace")
  modify("route_change", "route change")
  modify("route_del", "route del")
  net.rule_add = checked(net, net.rule_add, function(n, spec) return M.check_rule(n, "rule add", spec) end, { 1 })
  net.rule_del = checked(net, net.rule_del, function(n, spec) return M.check_rule(n, "rule del", spec) end, { 1 })
  net.route_list = checked(net, net.route_list, M.check_route_list, { 1, optional = true })
  net.rule_list = checked(net, net.rule_list, M.check_rule_list, { 1, optional = true })
  net.route_get = checked(net, net.route_get, M.check_route_get, { 2, optional = true })
  return net
end

return M
