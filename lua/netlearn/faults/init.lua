--[[ netlearn.faults -- the catalogue of faults a challenge injects.

A fault kind is declared once with fault{...} in one of the files listed in
M.FILES (lua/netlearn/faults/*.lua); docs/lesson-authoring.md ("Writing fault
kinds") describes the fields:

  fault {
    name = "ip_forward_off",                    -- unique, [a-z0-9_]
    title = {en = "...", zh = "..."},           -- what the fault is (shown on 'give up' and --solution)
    breaks = {"reaches"},                       -- the symptom kinds it must break (the selftest checks)
    targets = function(lab) return {{ns = "net1", obj = "net1/fwd"}, ...} end,
                                                -- where it applies in a finished lab (lab: M.view)
    inject = function(t, lab) return {"ip netns exec net1 sysctl -w net.ipv4.ip_forward=0"} end,
    fix = function(t, lab) return {"ip netns exec net1 sysctl -w net.ipv4.ip_forward=1"} end,
    hints = { {en = "...{ns}...", zh = "..."}, ... },   -- graded: vague first; {field} from the target
  }

inject and fix return netlearn command lines (never real tools). A target's
`obj` names the object it changes: two faults of one challenge never share one.
]]
local M = {}

M.FILES = { "link", "addr", "route", "netfilter" }
M.kinds = {}          -- in declaration order
M.by_name = {}

local FIELDS = { name = "string", title = "table", breaks = "table", targets = "function", inject = "function",
  fix = "function", hints = "table" }

function M.fault(spec)
  for k, ty in pairs(FIELDS) do
    if type(spec[k]) ~= ty then error("fault " .. tostring(spec.name) .. ": field '" .. k .. "' must be a " .. ty, 2) end
  end
  for k in pairs(spec) do
    if not FIELDS[k] then error("fault " .. spec.name .. ": unknown field '" .. tostring(k) .. "'", 2) end
  end
  if M.by_name[spec.name] then error("fault " .. spec.name .. " is declared twice", 2) end
  if not (spec.title.en and spec.title.zh) then error("fault " .. spec.name .. ": title needs en and zh", 2) end
  for i, h in ipairs(spec.hints) do
    if type(h) ~= "table" or not h.en or not h.zh then error("fault " .. spec.name .. ": hints[" .. i .. "] needs en and zh", 2) end
  end
  M.kinds[#M.kinds + 1] = spec
  M.by_name[spec.name] = spec
  return spec
end

---------------------------------------------------------------------------
-- Helpers for the fault files
---------------------------------------------------------------------------
-- the prefix that runs a command line in namespace ns ("" is the host)
function M.pre(ns) return (ns == nil or ns == "") and "" or ("ip netns exec " .. ns .. " ") end
-- how a learner names a namespace
function M.who(ns, lang)
  if ns == nil or ns == "" then return lang == "zh" and "宿主机" or "the host" end
  return ns
end

-- "{field}" in a text from the target's fields
function M.fill(text, t, lang)
  return (text:gsub("{([%w_]+)}", function(k)
    if k == "where" then return M.who(t.ns, lang) end
    local v = t[k]
    return v ~= nil and tostring(v) or "{" .. k .. "}"
  end))
end

-- a route of the view as an `ip route` argument list (without add/del)
function M.route_args(r)
  local s = (r.type == "blackhole" and "blackhole " or "") .. r.dst
  if r.gateway then s = s .. " via " .. r.gateway end
  if r.dev and r.type ~= "blackhole" then s = s .. " dev " .. r.dev end
  if r.metric and r.metric ~= 0 then s = s .. " metric " .. r.metric end
  return s
end

-- The routes the kernel drops with a device's addresses (link down, address
-- gone, device moved): put back the lab's own (non-kernel) ones on dev.
function M.restore_routes(lab, ns, dev)
  local out = {}
  for _, r in ipairs(lab.ns[ns].routes) do
    if r.dev == dev and r.protocol ~= "kernel" then out[#out + 1] = M.pre(ns) .. "ip route replace " .. M.route_args(r) end
  end
  -- routes on other devices through a gateway reached over dev are dropped too
  return out
end

-- the IPv4 address a.b.c.d as an integer, and back
function M.ip2n(a)
  local x, y, z, w = a:match("^(%d+)%.(%d+)%.(%d+)%.(%d+)$")
  if not x then return nil end
  return ((tonumber(x) * 256 + tonumber(y)) * 256 + tonumber(z)) * 256 + tonumber(w)
end
function M.n2ip(n)
  return string.format("%d.%d.%d.%d", (n >> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255)
end
function M.same_net(a, b, len)
  local m = len == 0 and 0 or ((0xffffffff << (32 - len)) & 0xffffffff)
  return (M.ip2n(a) & m) == (M.ip2n(b) & m)
end

---------------------------------------------------------------------------
-- The lab as faults see it: per namespace its links, IPv4 addresses, main
-- table routes, rules, ip_forward and iptables lines (iptables -S).
---------------------------------------------------------------------------
function M.view(net, exec)
  local lab = { names = { "" }, ns = {} }
  for _, n in ipairs(net.ns_list() or {}) do lab.names[#lab.names + 1] = n end
  table.sort(lab.names)
  for _, n in ipairs(lab.names) do
    local v = { links = {}, addrs = {}, routes = {}, ipt = {}, nat = {} }
    for _, l in ipairs(net.link_list(n) or {}) do
      if l.name ~= "lo" then v.links[#v.links + 1] = l end
    end
    table.sort(v.links, function(a, b) return a.name < b.name end)
    for _, a in ipairs(net.addr_list(n) or {}) do
      if a.family == "inet" and a.scope == "global" then v.addrs[#v.addrs + 1] = a end
    end
    table.sort(v.addrs, function(a, b) return a.dev .. a.address < b.dev .. b.address end)
    for _, r in ipairs(net.route_list(n) or {}) do
      if r.family == "inet" and r.table == 254 then v.routes[#v.routes + 1] = r end
    end
    table.sort(v.routes, function(a, b) return (a.dst .. (a.dev or "")) < (b.dst .. (b.dev or "")) end)
    v.fwd = tostring(net.sysctl_get(n, "net.ipv4.ip_forward")) == "1"
    local _, out = exec(M.pre(n) .. "iptables -S")
    for l in (out or ""):gmatch("[^\n]+") do v.ipt[#v.ipt + 1] = l end
    _, out = exec(M.pre(n) .. "iptables -t nat -S")
    for l in (out or ""):gmatch("[^\n]+") do v.nat[#v.nat + 1] = l end
    lab.ns[n] = v
  end
  return lab
end

function M.load()
  if #M.kinds > 0 then return M end
  for _, f in ipairs(M.FILES) do
    local defs = require("netlearn.faults." .. f)
    for _, spec in ipairs(defs) do M.fault(spec) end
  end
  return M
end

return M
