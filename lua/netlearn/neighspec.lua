--[[ netlearn.neighspec -- the checks of what net.neigh_set, net.neigh_list and
net.neigh_flush are given, and their words, in one place (issue #19: policy
in Lua, mechanism in C). netlearn.core hands those functions out with these
checks in front of the C bindings: a destination that is not a canonical IPv4
or IPv6 address, no device, a link-layer address that is not a MAC, an unknown
NUD state or family, a device name that cannot be one: one line saying what
is wrong, an errno, and nothing asked of the kernel. What the kernel answers
(no such namespace, Cannot find device, File exists...) stays worded in C
(src/l_neigh.c, src/l_neigh_mod.c), which keeps only a plain
"DEV: neigh_set: FIELD= malformed or out of range" for what it cannot put in
its request. `ip neigh` (cmd/ip_neigh.lua) takes its list of states from here.

The messages are English; their Chinese is keyed by the format string in
netlearn.errors_zh_route (tests/lua/62e reads the formats of this file too).

  local neighspec = require("netlearn.neighspec")
  neighspec.check_set(net, ns, "add", { dst = "10.0.0.5", dev = "eth0" })  --> true | nil, msg, errno
  neighspec.NUD.stale                 --> true
  neighspec.wrap(net)                 -- net.neigh_set/neigh_list/neigh_flush checked
]]
local ipv4 = require("netlearn.ipv4")
local guard = require("netlearn.specguard")

local M = {}

-- the states `nud` names (src/l_neigh_mod.c turns them into NUD_* bits)
M.NUD = { permanent = true, reachable = true, stale = true, noarp = true, none = true,
  delay = true, probe = true, failed = true, incomplete = true }

M.OPS = { add = true, replace = true, change = true, del = true }
M.SET_FIELDS = { dst = "string", dev = "string", lladdr = "string", nud = "string", router = "any" }
M.LIST_FIELDS = { dev = "string", family = "string" }

local fail = guard.fail

-- src/addrparse.c's parse_mac: six hex pairs split by ':' or '-'
local is_mac = require("netlearn.parse").api_mac

-- net.neigh_set's spec S for OP: true, or nil, message, errno
function M.check_set(net, _, op, s)
  local E = net.errno
  local dst = s.dst and tostring(s.dst)
  if not dst or not (ipv4.to_int(dst) or net.inet6_parse(dst)) then
    return fail(E.EINVAL, "neigh %s: \"%s\": not an IPv4 or IPv6 address", op, dst or "(none)")
  end
  if not s.dev then return fail(E.EINVAL, "neigh %s: a device (dev) is required", op) end
  if s.lladdr and not is_mac(tostring(s.lladdr)) then
    return fail(E.EINVAL, "neigh %s: lladdr \"%s\": not a MAC address", op, tostring(s.lladdr))
  end
  if s.nud and not M.NUD[tostring(s.nud)] then
    return fail(E.EINVAL, "neigh %s: nud \"%s\": unknown state", op, tostring(s.nud))
  end
  return true
end

local function bad_family(o)
  local fam = o and o.family and tostring(o.family)
  return fam and fam ~= "inet" and fam ~= "inet6" and fam ~= "all" and fam
end

-- net.neigh_list's options O: true, or nil, message, errno
function M.check_list(net, _, o)
  local E, fam = net.errno, bad_family(o)
  if fam then return fail(E.EINVAL, "neigh list: family \"%s\": use inet, inet6 or all", fam) end
  return true
end

-- net.neigh_flush's options O: true, or nil, message, errno
function M.check_flush(net, _, o)
  local E, fam = net.errno, bad_family(o)
  if fam then return fail(E.EINVAL, "neigh flush: family \"%s\": use inet, inet6 or all", fam) end
  local dev = o and o.dev and tostring(o.dev)
  if dev and (dev == "" or #dev > 15) then
    return fail(E.ENODEV, "neigh flush: dev \"%s\": not a device name (1-15 bytes)", dev)
  end
  return true
end

local function set_typed(ns, op, s)
  return guard.str(ns, true) and M.OPS[op] and type(s) == "table" and guard.fields(s, M.SET_FIELDS)
end
local function list_typed(ns, o) return guard.str(ns, true) and guard.fields(o, M.LIST_FIELDS) end

-- net.neigh_set, neigh_list and neigh_flush with the checks in front
function M.wrap(net)
  net.neigh_set = guard.checked(net.neigh_set, set_typed, function(ns, op, s) return M.check_set(net, ns, op, s) end)
  net.neigh_list = guard.checked(net.neigh_list, list_typed, function(ns, o) return M.check_list(net, ns, o) end)
  net.neigh_flush = guard.checked(net.neigh_flush, list_typed, function(ns, o) return M.check_flush(net, ns, o) end)
end

return M
