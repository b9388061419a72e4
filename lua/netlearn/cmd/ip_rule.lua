--[[ netlearn.cmd.ip_rule -- `ip rule` (iproute2's ip/iprule.c), the policy routing
rules, for cmd/ip.lua:

  ip [-4|-6] [-j] rule [show]
  ip [-4|-6] rule add|del [from PREFIX] [to PREFIX] [iif DEV] [oif DEV] [priority N] [table T]

  local rule = require("netlearn.cmd.ip_rule")(helpers)   -- helpers: see ip.lua
  rule.run(sub, ns, args, opts, ctx)
]]
local net = require("netlearn.core")
local fmt = require("netlearn.iproute_fmt")

return function(H)
  local M = {}
  local invarg, unsupported, kfail, L = H.invarg, H.unsupported, H.kfail, H.L
  local need_prefix, need_uint, parse_table, emit_json = H.need_prefix, H.need_uint, H.parse_table, H.emit_json

  -- family: "inet6" for -6, "inet" for -4, else nil (the first prefix decides)
  local function parse_rule(ns, a, cmd, family)
    local r = { family = family }
    while a:more() do
      local w = a:next()
      if w == "from" then
        local v = a:need(w)
        if v ~= "all" then local ad, len = need_prefix(v, "full", r.family); r.from = ad .. "/" .. len end
      elseif w == "to" then
        local v = a:need(w)
        if v ~= "all" then local ad, len = need_prefix(v, "full", r.family); r.to = ad .. "/" .. len end
      elseif w == "iif" or w == "dev" then r.iif = a:need(w)
      elseif w == "oif" then r.oif = a:need(w)
      elseif w == "table" or w == "lookup" then r.table = parse_table(a:need(w), "invalid table ID")
      elseif w == "priority" or w == "pref" or w == "order" or w == "preference" then
        r.priority = need_uint(a:need(w), "preference value is invalid", L("a priority number; lower is consulted first", "一个优先级数字；小的先查"))
      elseif w == "not" or w == "fwmark" or w == "tos" or w == "dsfield" or w == "realms" or w == "goto"
        or w == "nat" or w == "suppress_prefixlength" or w == "uidrange" or w == "ipproto" or w == "sport" or w == "dport" then
        unsupported(w, "ip rule " .. cmd, "from PREFIX, to PREFIX, iif DEV, oif DEV, table T, priority N")
      elseif w == "unicast" then -- the default action
      else
        invarg("Failed to parse rule type", w, L("a rule reads like 'ip rule add from 10.0.0.0/24 table 100'", "规则的写法像 'ip rule add from 10.0.0.0/24 table 100'"))
      end
    end
    if cmd == "add" and not r.table then r.table = 254 end
    return r
  end

  local function rule_mod(ns, a, cmd, family)
    local r = parse_rule(ns, a, cmd, family)
    local fn = cmd == "add" and net.rule_add or net.rule_del
    local ok, e, errno = fn(ns, r)
    if not ok then
      kfail(e, errno, cmd == "del" and L("no rule matches; 'ip rule' lists the rules", "没有匹配的规则；'ip rule' 列出规则") or nil)
    end
    return 0
  end

  local function rule_show(ns, a, o, ctx)
    if a:more() then
      local w = a:peek()
      unsupported(w, "ip rule show", L("no filters", "不带过滤条件"))
    end
    -- like iproute2: IPv4 rules unless -6
    local list, e, errno = net.rule_list(ns, { family = o.family == "inet6" and "inet6" or "inet" })
    if not list then kfail(e, errno) end
    if o.json then
      local t = {}
      for _, r in ipairs(list) do t[#t + 1] = fmt.rule_json(r) end
      emit_json(ctx, t)
      return 0
    end
    for _, r in ipairs(list) do ctx:outln(fmt.rule_text(r)) end
    return 0
  end

  function M.run(sub, ns, a, o, ctx)
    if sub == "show" then return rule_show(ns, a, o, ctx)
    elseif sub == "add" then return rule_mod(ns, a, "add", o.family)
    elseif sub == "delete" then return rule_mod(ns, a, "del", o.family) end
    return nil
  end

  return M
end
