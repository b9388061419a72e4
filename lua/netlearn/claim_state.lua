--[[ netlearn.claim_state -- the claims about the lab's configuration: route{},
link{}, addr{}, sysctl{} and sysctl_given{} (what the kernel gave a new
namespace), read through the net primitives.

netlearn.claims registers the kinds and re-exports parse_route.
]]
local W = require("netlearn.claim_words")
local L, nsname, who, Who = W.L, W.nsname, W.who, W.Who
local mac_of = W.mac_of

local M = {}
local K = {}
M.kinds = K

-- "192.167.2.0/24 via 192.167.3.1 dev veth3" -> {dst=, via=, dev=, ...}
local function parse_route(s)
  local r = {}
  local w = {}
  for x in s:gmatch("%S+") do w[#w + 1] = x end
  r.dst = w[1]
  local i = 2
  while i <= #w do
    local k, v = w[i], w[i + 1]
    if k == "via" or k == "dev" or k == "metric" or k == "table" or k == "proto" or k == "scope" or k == "src" then
      r[k] = v
      i = i + 2
    else
      return nil, "route: cannot read '" .. k .. "' in '" .. s .. "' (write 'DST [via ADDR] [dev DEV] [metric N] [table T]')"
    end
  end
  if not r.dst or not r.dst:match("^[%d./]+$") and r.dst ~= "default" then
    return nil, "route: '" .. s .. "' must start with a destination like 192.167.2.0/24 or default"
  end
  return r
end
M.parse_route = parse_route

local function route_match(e, r)
  local dst = e.dst
  if r.dst ~= "default" and not r.dst:find("/", 1, true) then
    if dst ~= r.dst and dst ~= r.dst .. "/32" then return false end
  elseif dst ~= r.dst then return false end
  if r.via and e.gateway ~= r.via then return false end
  if r.dev and e.dev ~= r.dev then return false end
  if r.metric and tostring(e.metric or 0) ~= r.metric then return false end
  if r.proto and tostring(e.protocol) ~= r.proto then return false end
  if r.scope and tostring(e.scope) ~= r.scope then return false end
  if r.src and e.src ~= r.src then return false end
  return true
end

local function fmt_route(e)
  local s = tostring(e.dst)
  if e.gateway then s = s .. " via " .. e.gateway end
  if e.dev then s = s .. " dev " .. e.dev end
  if e.protocol and e.protocol ~= "boot" then s = s .. " proto " .. tostring(e.protocol) end
  if e.scope and e.scope ~= "global" then s = s .. " scope " .. tostring(e.scope) end
  if e.src then s = s .. " src " .. e.src end
  if e.metric and e.metric ~= 0 then s = s .. " metric " .. e.metric end
  return s
end

K.route = {
  fields = { ns = "ns", has = "string", lacks = "string", table = "strnum",
    to = "string", via = "string", dev = "string", unreachable = "boolean" },
  required = { { "has", "lacks", "to" } },
  validate = function(a, file, line)
    local C = require("netlearn.claims")   -- (it requires this file: look it up when called)
    for _, k in ipairs({ "has", "lacks" }) do
      if a[k] then
        local r, e = parse_route(a[k])
        if not r then C.raise(file, line, e, k) end
      end
    end
    if (a.via or a.dev or a.unreachable) and not a.to then
      C.raise(file, line, "route: via/dev/unreachable describe a lookup; add to = ADDRESS (or write has = \"DST via ... dev ...\")")
    end
  end,
  render = function(a, lang)
    if a.to then
      if a.unreachable then
        return L(lang, "in " .. who(a.ns, lang) .. ", " .. a.to .. " is unreachable (no route)",
          who(a.ns, lang) .. " 没有到 " .. a.to .. " 的路由")
      end
      local how = ""
      if a.dev then how = how .. L(lang, " leave by " .. a.dev, " 从 " .. a.dev .. " 发出") end
      if a.via then how = how .. L(lang, " via " .. a.via, "，下一跳 " .. a.via) end
      return L(lang, "in " .. who(a.ns, lang) .. ", packets to " .. a.to .. how,
        who(a.ns, lang) .. " 发往 " .. a.to .. " 的包" .. how)
    end
    if a.has then
      return L(lang, Who(a.ns, lang) .. " has the route " .. a.has, who(a.ns, lang) .. " 有路由 " .. a.has)
    end
    return L(lang, Who(a.ns, lang) .. " has no route " .. a.lacks, who(a.ns, lang) .. " 没有路由 " .. a.lacks)
  end,
  check = function(a, lab)
    local net = lab.net
    if a.to then
      local r, err = net.route_get(nsname(a.ns), a.to)
      if a.unreachable then
        return r == nil, r and fmt_route(r) or err, L(lab.lang, "no route", "没有路由")
      end
      if not r then return false, err end
      local seen = fmt_route(r)
      return (not a.dev or r.dev == a.dev) and (not a.via or r.gateway == a.via), seen,
        (a.dev and ("dev " .. a.dev) or "") .. (a.via and (" via " .. a.via) or "")
    end
    local want = parse_route(a.has or a.lacks)
    local tbl = a.table or want.table
    local list, err = net.route_list(nsname(a.ns), tbl and { table = tonumber(tbl) or tbl } or nil)
    if not list then return false, err end
    local found = false
    local seen = {}
    for _, e2 in ipairs(list) do
      seen[#seen + 1] = fmt_route(e2)
      if route_match(e2, want) then found = true end
    end
    local seen_s = #seen > 0 and table.concat(seen, "\n") or L(lab.lang, "(no routes)", "（没有路由）")
    if a.has then return found, seen_s, a.has end
    return not found, seen_s, L(lab.lang, "no ", "没有 ") .. a.lacks
  end,
  look = function(a, lang)
    local f = nsname(a.ns) == "" and "" or ("-n " .. a.ns .. " ")
    return L(lang, "'ip " .. f .. "route' and the step's 'ip route add' line", "'ip " .. f .. "route' 以及这一步的 'ip route add' 命令")
  end,
}

K.link = {
  fields = { ns = "ns", dev = "string", type = "string", state = "string", up = "boolean", master = "string",
    mtu = "integer", address = "string", exists = "boolean", mode = "string",
    same_mac_as = "nsdev", other_mac_than = "nsdev" },
  required = { "dev" },
  render = function(a, lang)
    local d = a.dev .. L(lang, " in " .. who(a.ns, lang), "（" .. who(a.ns, lang) .. "）")
    if a.exists == false then return L(lang, "there is no " .. d, "没有 " .. d) end
    local p = {}
    if a.type then p[#p + 1] = L(lang, "is a " .. a.type, "是 " .. a.type) end
    if a.mode then p[#p + 1] = L(lang, "in mode " .. a.mode, "模式 " .. a.mode) end
    if a.state then p[#p + 1] = L(lang, "has state " .. a.state, "状态 " .. a.state) end
    if a.up ~= nil then p[#p + 1] = a.up and L(lang, "is up", "已启用 (UP)") or L(lang, "is down", "未启用") end
    if a.master then p[#p + 1] = L(lang, "is attached to " .. a.master, "接在 " .. a.master .. " 上") end
    if a.mtu then p[#p + 1] = "mtu " .. a.mtu end
    if a.address then p[#p + 1] = L(lang, "has MAC ", "MAC 是 ") .. a.address end
    if a.same_mac_as then
      p[#p + 1] = L(lang, "has the same MAC as ", "和 ") .. who(a.same_mac_as.ns, lang) .. "/" .. a.same_mac_as.dev ..
        L(lang, "", " 的 MAC 相同")
    end
    if a.other_mac_than then
      p[#p + 1] = L(lang, "has a different MAC than ", "和 ") .. who(a.other_mac_than.ns, lang) .. "/" .. a.other_mac_than.dev ..
        L(lang, "", " 的 MAC 不同")
    end
    if #p == 0 then p[1] = L(lang, "exists", "存在") end
    return d .. " " .. table.concat(p, L(lang, ", ", "，"))
  end,
  check = function(a, lab)
    local net = lab.net
    local l, err = net.link_get(nsname(a.ns), a.dev)
    if a.exists == false then
      return l == nil, l and (a.dev .. " exists") or err, L(lab.lang, "no such device", "没有这个设备")
    end
    if not l then return false, err end
    local seen = string.format("%s: type %s, %s, state %s, mtu %s, mac %s%s", l.name, tostring(l.type or "ether"),
      l.up and "UP" or "DOWN", tostring(l.operstate), tostring(l.mtu), tostring(l.address),
      l.master and (", master " .. l.master) or "")
    local good = true
    if a.type and (l.type or "ether") ~= a.type then good = false end
    if a.mode and l.mode ~= a.mode then good = false end
    if a.state and l.operstate ~= a.state then good = false end
    if a.up ~= nil and (l.up and true or false) ~= a.up then good = false end
    if a.master and l.master ~= a.master then good = false end
    if a.mtu and l.mtu ~= a.mtu then good = false end
    if a.address and tostring(l.address):lower() ~= a.address:lower() then good = false end
    if a.same_mac_as then
      local m = mac_of(net, a.same_mac_as)
      seen = seen .. "; " .. a.same_mac_as.dev .. ": " .. tostring(m)
      if not m or m ~= tostring(l.address):lower() then good = false end
    end
    if a.other_mac_than then
      local m = mac_of(net, a.other_mac_than)
      seen = seen .. "; " .. a.other_mac_than.dev .. ": " .. tostring(m)
      if not m or m == tostring(l.address):lower() then good = false end
    end
    return good, seen
  end,
  look = function(a, lang)
    local f = nsname(a.ns) == "" and "" or ("-n " .. a.ns .. " ")
    return L(lang, "'ip " .. f .. "-d link show " .. a.dev .. "'", "'ip " .. f .. "-d link show " .. a.dev .. "'")
  end,
}

K.addr = {
  fields = { ns = "ns", dev = "string", has = "string", lacks = "string" },
  required = { { "has", "lacks" } },
  render = function(a, lang)
    local where = a.dev and (a.dev .. L(lang, " in " .. who(a.ns, lang), "（" .. who(a.ns, lang) .. "）")) or who(a.ns, lang)
    if a.has then return L(lang, where .. " has the address " .. a.has, where .. " 有地址 " .. a.has) end
    return L(lang, where .. " does not have the address " .. a.lacks, where .. " 没有地址 " .. a.lacks)
  end,
  check = function(a, lab)
    local net = lab.net
    local list, err = net.addr_list(nsname(a.ns), a.dev)
    if not list then return false, err end
    local want = a.has or a.lacks
    local found = false
    local seen = {}
    for _, x in ipairs(list) do
      local p = x.address .. "/" .. tostring(x.prefixlen)
      seen[#seen + 1] = x.dev .. " " .. p
      if p == want or x.address == want then found = true end
    end
    local seen_s = #seen > 0 and table.concat(seen, ", ") or L(lab.lang, "(no addresses)", "（没有地址）")
    if a.has then return found, seen_s, a.has end
    return not found, seen_s, L(lab.lang, "no ", "没有 ") .. a.lacks
  end,
  look = function(a, lang)
    local f = nsname(a.ns) == "" and "" or ("-n " .. a.ns .. " ")
    return "'ip " .. f .. "addr'" .. L(lang, "", "")
  end,
}

K.sysctl = {
  fields = { ns = "ns", name = "string", value = "strnum" },
  required = { "name", "value" },
  render = function(a, lang)
    return L(lang, "in " .. who(a.ns, lang) .. ", " .. a.name .. " is " .. a.value,
      who(a.ns, lang) .. " 的 " .. a.name .. " 是 " .. a.value)
  end,
  check = function(a, lab)
    local v, err = lab.net.sysctl_get(nsname(a.ns), a.name)
    if not v then return false, err end
    return tostring(v) == tostring(a.value), a.name .. " = " .. tostring(v), a.name .. " = " .. a.value
  end,
  look = function(a, lang)
    return L(lang, "'sysctl " .. a.name .. "' in " .. who(a.ns, lang), "在 " .. who(a.ns, lang) .. " 里运行 'sysctl " .. a.name .. "'")
  end,
}

-- sysctl_given{ns=, name=}: when netlearn made NS, the kernel gave it the
-- machine's value of NAME (copied from the machine's initial namespace, as on
-- any Linux machine), before netlearn's baseline set its own: what article 001
-- saw (its net1 forwarded from the start), proven on the learner's machine.
K.sysctl_given = {
  fields = { ns = "ns", name = "string" },
  required = { "ns", "name" },
  render = function(a, lang)
    return L(lang, "when " .. who(a.ns, lang) .. " was made, the kernel gave it the machine's " .. a.name ..
      " (netlearn's baseline then set its own)",
      who(a.ns, lang) .. " 创建时，内核给它的 " .. a.name .. " 是从机器上复制来的值（随后 netlearn 的基线设置了自己的值）")
  end,
  check = function(a, lab)
    local baseline = require("netlearn.baseline")
    local got = baseline.given(nsname(a.ns), a.name)
    if got == nil then return false, who(a.ns, lab.lang) .. " was not made by this session", a.name end
    local want = baseline.kernel_gives(a.name)
    local now = lab.net.sysctl_get(nsname(a.ns), a.name)
    local seen = string.format("the kernel gave %s = %s, the machine has %s, now %s", a.name, got,
      tostring(want or "?"), tostring(now))
    if want == nil then
      -- devconf_inherit_init_net 2 or 3: this kernel copies nothing from the machine
      return true, seen .. " (devconf_inherit_init_net = " .. tostring(baseline.inherit) .. ": nothing copied)"
    end
    return got == want, seen, a.name .. " as the machine has it: " .. want
  end,
  look = function(a, lang)
    return L(lang, "'netlearn doctor' (the machine's values) and 'set explain on' before 'ip netns add'",
      "'netlearn doctor'（机器自己的值），以及在 'ip netns add' 之前执行 'set explain on'")
  end,
}

return M
