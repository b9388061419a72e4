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

Instructors add kinds without touching this catalogue: a lesson declares its
own in `faults = { fault{...}, ... }`, and `netlearn challenge --faults FILE`
adds the kinds a file declares with fault{...}. Those come from strangers:
they are loaded like lessons (netlearn.sandboxenv, netlearn.guard) and every
call into them (targets, inject, fix) runs under the same limits (M.call),
and the lines they return run with the lesson guard on.
]]
local M = {}

M.FILES = { "link", "addr", "route", "netfilter" }
M.kinds = {}          -- in declaration order
M.by_name = {}

local FIELDS = { name = "string", title = "table", breaks = "table", targets = "function", inject = "function",
  fix = "function", hints = "table" }

local FIELD_HELP = {
  name = 'name = "my_fault" (unique, a-z 0-9 _)',
  title = 'title = {en = "...", zh = "..."}',
  breaks = 'breaks = {"reaches"} (symptom kinds: reaches, curl, big)',
  targets = "targets = function(lab) return {{ns = ..., obj = ...}, ...} end",
  inject = 'inject = function(t, lab) return {"ip netns exec ... "} end',
  fix = 'fix = function(t, lab) return {"ip netns exec ... "} end',
  hints = 'hints = {{en = "vague", zh = "..."}, {en = "precise", zh = "..."}}',
}
local SYMPTOMS = { reaches = true, curl = true, big = true }

-- What is wrong with a fault declaration, in one line, or nil.
function M.problem(spec)
  if type(spec) ~= "table" then return "a fault is a table: fault { name = ..., ... }" end
  for _, k in ipairs({ "name", "title", "breaks", "targets", "inject", "fix", "hints" }) do
    if type(spec[k]) ~= FIELDS[k] then
      return "fault " .. tostring(spec.name) .. ": field '" .. k .. "' must be a " .. FIELDS[k] .. ": " .. FIELD_HELP[k]
    end
  end
  local bad = require("netlearn.util").unknown_field(spec, FIELDS)
  if bad ~= nil then
    return "fault " .. spec.name .. ": unknown field '" .. tostring(bad) .. "' (a fault declares name, title, breaks, " ..
      "targets, inject, fix, hints)"
  end
  if not spec.name:match("^[a-z0-9_]+$") then
    return "fault name '" .. spec.name .. "' must be lower-case letters, digits and _, e.g. \"rp_filter_strict\""
  end
  if type(spec.title.en) ~= "string" or type(spec.title.zh) ~= "string" then
    return "fault " .. spec.name .. ": title needs en and zh: " .. FIELD_HELP.title
  end
  if #spec.breaks == 0 then return "fault " .. spec.name .. ": breaks is empty: " .. FIELD_HELP.breaks end
  for _, b in ipairs(spec.breaks) do
    if not SYMPTOMS[b] then
      return "fault " .. spec.name .. ": breaks: unknown symptom kind '" .. tostring(b) .. "' (reaches, curl or big)"
    end
  end
  if #spec.hints == 0 then return "fault " .. spec.name .. ": give at least one hint: " .. FIELD_HELP.hints end
  for i, h in ipairs(spec.hints) do
    if type(h) ~= "table" or type(h.en) ~= "string" or type(h.zh) ~= "string" then
      return "fault " .. spec.name .. ": hints[" .. i .. "] needs en and zh"
    end
  end
  return nil
end

-- Declare a built-in kind.
function M.fault(spec)
  local p = M.problem(spec)
  if p then error(p, 2) end
  if M.by_name[spec.name] then error("fault " .. spec.name .. " is declared twice", 2) end
  M.kinds[#M.kinds + 1] = spec
  M.by_name[spec.name] = spec
  return spec
end

---------------------------------------------------------------------------
-- Kinds from instructors: a lesson's `faults = {...}` and --faults FILE
---------------------------------------------------------------------------
local Untrusted = {}     -- metatable of a kind declared outside the catalogue

-- The fault{...} constructor lesson code and fault files see. Each kind keeps
-- where it was declared (FILE:LINE), so every later error can name it. fault.pre,
-- fault.who, ... are the catalogue's helpers, for the kinds' functions.
function M.constructor(collect)
  local ctor = {
    pre = M.pre, who = M.who, route_args = M.route_args, restore_routes = M.restore_routes,
    ip2n = M.ip2n, n2ip = M.n2ip, same_net = M.same_net,
  }
  return setmetatable(ctor, { __call = function(_, spec)
    local info = debug.getinfo(2, "Sl")
    local where = info and (info.short_src .. ":" .. (info.currentline or 0)) or "?"
    local p = M.problem(spec)
    if p then error(where .. ": " .. p, 0) end
    M.load()
    if M.by_name[spec.name] then
      error(where .. ": fault " .. spec.name .. " is a kind of netlearn's catalogue already: give yours another name", 0)
    end
    spec.origin = where
    setmetatable(spec, Untrusted)
    if collect then collect[#collect + 1] = spec end
    return spec
  end })
end

function M.is_untrusted(kind) return getmetatable(kind) == Untrusted end

-- A lesson's faults field: -> nil or a problem in one line
function M.list_problem(list)
  if type(list) ~= "table" then return "faults must be a list: faults = { fault{...}, ... }" end
  local seen = {}
  for i, k in pairs(list) do
    if math.type(i) ~= "integer" or not M.is_untrusted(k) then
      return "faults[" .. tostring(i) .. "] is not a fault: write fault{ name = ..., ... }"
    end
    if seen[k.name] then return "fault " .. k.name .. " is declared twice (" .. k.origin .. ")" end
    seen[k.name] = true
  end
  return nil
end

-- The kinds a fault file declares with fault{...}, loaded as a lesson is.
-- -> list, or nil and "FILE:LINE: problem"
function M.load_file(path)
  local f, e = io.open(path, "r")
  if not f then return nil, path .. ": cannot open the fault file: " .. tostring(e) end
  local src, rerr = f:read("a")
  f:close()
  if not src then return nil, path .. ": cannot read the fault file: " .. tostring(rerr) end
  local sbx = require("netlearn.sandboxenv")
  local guard = require("netlearn.guard")
  local list = {}
  local env = sbx.base()
  rawset(env, "fault", M.constructor(list))
  local chunk, cerr = load(src, "@" .. path, "t", env)
  if not chunk then return nil, cerr end
  local ok, err = guard.lesson(sbx.call, chunk)
  if not ok then return nil, err end
  if #list == 0 then return nil, path .. ": declares no fault: write fault { name = ..., ... } (docs/lesson-authoring.md)" end
  local p = M.list_problem(list)
  if p then return nil, p end
  return list
end

local function copy(v, seen)
  if type(v) ~= "table" then return v end
  seen = seen or {}
  if seen[v] then return seen[v] end
  local t = {}
  seen[v] = t
  for k, x in pairs(v) do t[copy(k, seen)] = copy(x, seen) end
  return t
end

local function check_lines(kind, fname, r)
  if type(r) ~= "table" then return fname .. " must return a list of command lines, not " .. type(r) end
  for i, c in ipairs(r) do
    if type(c) ~= "string" then return fname .. " returned a " .. type(c) .. " as line " .. i .. " (command lines are strings)" end
  end
  return nil
end

local function check_targets(r)
  if type(r) ~= "table" then return "targets must return a list of targets, not " .. type(r) end
  for i, t in ipairs(r) do
    if type(t) ~= "table" or type(t.obj) ~= "string" then
      return "targets[" .. i .. "] needs obj = \"...\" (the object the fault changes: two faults never share one)"
    end
  end
  return nil
end

-- Call kind[fname](...): a kind from outside the catalogue as lesson code
-- (limits, guard, on copies of the lab), checking what it returns.
-- -> result, or nil and one line naming the kind (and where it was declared)
function M.call(kind, fname, ...)
  local ok, r
  if M.is_untrusted(kind) then
    local sbx = require("netlearn.sandboxenv")
    local guard = require("netlearn.guard")
    local args = copy({ ... })
    ok, r = guard.lesson(sbx.call, kind[fname], table.unpack(args, 1, select("#", ...)))
  else
    ok, r = pcall(kind[fname], ...)
  end
  local who = "fault " .. kind.name .. (kind.origin and (" (" .. kind.origin .. ")") or "")
  if not ok then return nil, who .. ": " .. fname .. ": " .. tostring(r) end
  local p
  if fname == "targets" then p = check_targets(r) else p = check_lines(kind, fname, r) end
  if p then return nil, who .. ": " .. p end
  return r
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

-- the IPv4 address a.b.c.d (canonical, as the kernel lists it) as an integer, and
-- back: netlearn.ipv4's, under the names faults use
local ipv4 = require("netlearn.ipv4")
M.ip2n, M.n2ip, M.same_net = ipv4.to_int, ipv4.to_str, ipv4.same_subnet

---------------------------------------------------------------------------
-- The lab as faults see it: per namespace its links, IPv4 addresses, main
-- table routes, rules, ip_forward, rp_filter (all and per link) and iptables
-- lines (iptables -S).
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
    -- reverse-path filtering: the kernel applies max(all, <dev>) per interface
    v.rp = { all = tonumber(tostring(net.sysctl_get(n, "net.ipv4.conf.all.rp_filter"))) or 0, dev = {} }
    for _, l in ipairs(v.links) do
      if not l.name:find(".", 1, true) then
        v.rp.dev[l.name] = tonumber(tostring(net.sysctl_get(n, "net.ipv4.conf." .. l.name .. ".rp_filter")))
      end
    end
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
