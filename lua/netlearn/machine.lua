--[[ netlearn.machine -- several "machines", each with namespaces of its own.

The IPIP article builds the same thing on two hosts: each host has a namespace
called ns1. Linux namespaces are flat, so netlearn gives every machine a view:
a machine is a namespace (e.g. "host141"), and while commands run "on" it, the
namespace names they use are its own -- `ip netns add ns1` on host141 makes
the real namespace "host141:ns1", `ip netns list` there shows only "ns1", and
the machine's "host" namespace is host141 itself. Outside any machine (the
default) names are taken as they are, so the sandbox sees everything.

This module replaces package.loaded["netlearn.core"] by a proxy that
translates namespace names on the way in and out; every command module and
lesson gets machine views for free.

  local machine = require("netlearn.machine")
  machine.on("host141", function() commands.execute("ip netns add ns1") end)
  machine.set("host141")  ...  machine.set(nil)
]]
local M = {}

local raw = require("netlearn.core")
M.raw = raw
require("netlearn.waitstats").install(raw)   -- NETLEARN_PROBE_STATS: time the rings (before the views copy raw)
M.current = nil              -- the machine commands run on, or nil

local SEP = ":"

-- functions whose first argument is not a namespace
local NOT_NS = {
  decode = true, decode_state = true, filter_check = true, filter_match = true, interrupted = true,
  kill = true, strerror = true, version = true, wait = true, pcap_write = true, pcap_read = true, ns_list = true,
  heap_limit = true, sleep = true, lesson_context = true, inet6_parse = true, route_names = true,
  probe_stats_on = true, probe_stat_add = true, monotonic = true,
}
-- functions whose first argument is a namespace *name* (never the host)
local NAME_ARG = { ns_add = true, ns_del = true, ns_exists = true, ns_pids = true }

function M.real(name)
  local m = M.current
  if not m then return name end
  if name == nil or name == "" then return m end
  return m .. SEP .. name
end

function M.view(real)
  local m = M.current
  if not m then return real end
  if real == m then return "" end
  if real and real:sub(1, #m + 1) == m .. SEP then return real:sub(#m + 2) end
  return nil
end

-- spec fields that name a namespace
local function translate_spec(t)
  if type(t) ~= "table" or not M.current then return t end
  local c
  for _, k in ipairs({ "peer_ns", "netns" }) do
    if type(t[k]) == "string" then
      c = c or table.move(t, 1, #t, 1, {})
      if not c.__copied then for kk, vv in pairs(t) do c[kk] = vv end c.__copied = true end
      c[k] = M.real(t[k])
    end
  end
  if c then c.__copied = nil return c end
  return t
end

local function translate_result(r)
  if type(r) ~= "table" or not M.current then return r end
  if r.peer_ns then r.peer_ns = M.view(r.peer_ns) or r.peer_ns end
  for _, v in ipairs(r) do
    if type(v) == "table" and v.peer_ns then v.peer_ns = M.view(v.peer_ns) or v.peer_ns end
  end
  return r
end

-- A wrong argument type raises in C; through a proxy its message would name
-- 'f' at this file's line. Re-raise it as the learner's own call of net.<k>.
local function passing(k, ok, ...)
  if ok then return ... end
  local e = ...
  if type(e) == "string" then
    e = e:gsub("^[^\n]-machine%.lua:%d+: ", ""):gsub("to '[f?]'", "to 'net." .. k .. "'")
  end
  error(e, 0)
end

local proxy = {}
for k, f in pairs(raw) do
  if type(f) ~= "function" or NOT_NS[k] then
    proxy[k] = f
  elseif NAME_ARG[k] then
    proxy[k] = function(name, ...)
      if M.current and (name == nil or name == "") then
        return nil, "a namespace name is needed", raw.errno.EINVAL
      end
      return passing(k, pcall(f, M.real(name), ...))
    end
  else
    proxy[k] = function(ns, a, b, ...)
      -- only a string (or nil) names a namespace; anything else passes through
      if not M.current or (ns ~= nil and type(ns) ~= "string") then return passing(k, pcall(f, ns, a, b, ...)) end
      -- keep every value: a failure is nil, message, errno
      local r = table.pack(passing(k, pcall(f, M.real(ns), translate_spec(a), translate_spec(b), ...)))
      r[1] = translate_result(r[1])
      return table.unpack(r, 1, r.n)
    end
  end
end

proxy.ns_list = function()
  local all, e, n = raw.ns_list()
  if not all then return all, e, n end
  if not M.current then return all end     -- the list only (not list, nil, nil)
  local out = {}
  for _, name in ipairs(all) do
    local v = M.view(name)
    if v and v ~= "" then out[#out + 1] = v end
  end
  return out
end

-- the list form of capture_open: each entry names its own namespace
proxy.capture_open_many = function(list)
  if not M.current or type(list) ~= "table" then return passing("capture_open_many", pcall(raw.capture_open_many, list)) end
  local real = {}
  for i, e in ipairs(list) do
    if type(e) == "table" and (e.ns == nil or type(e.ns) == "string") then
      local c = {}
      for k, v in pairs(e) do c[k] = v end
      c.ns = M.real(e.ns)
      real[i] = c
    else
      real[i] = e
    end
  end
  return passing("capture_open_many", pcall(raw.capture_open_many, real))
end

-- net.machine_current(): the machine commands run on, or nil
proxy.machine_current = function() return M.current end

function M.set(name)
  if name == "" then name = nil end
  if name and name:find(SEP, 1, true) then
    local zh = require("netlearn.i18n").lang == "zh"
    return nil, name .. (zh and ("：机器名不能含有 '" .. SEP .. "'") or (": a machine name cannot contain '" .. SEP .. "'"))
  end
  if name and not raw.ns_exists(name) then
    if require("netlearn.i18n").lang == "zh" then
      return nil, name .. "：没有这台机器（用 'ip netns add " .. name .. "' 创建它）"
    end
    return nil, name .. ": no such machine (make it with 'ip netns add " .. name .. "')"
  end
  M.current = name
  return true
end

-- Run fn with commands "on" a machine, restoring the previous one afterwards.
function M.on(name, fn, ...)
  local prev = M.current
  local ok, e = M.set(name)
  if not ok then return nil, e end
  local res = table.pack(pcall(fn, ...))
  M.current = prev
  if not res[1] then error(res[2], 0) end
  return table.unpack(res, 2, res.n)
end

function M.install()
  package.loaded["netlearn.core"] = proxy
  return proxy
end

return M
