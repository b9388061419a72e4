--[[ netlearn.addrspec -- the checks of what net.addr_add, net.addr_del and
net.addr_flush are given, and their words, in one place (issue #19: policy in
Lua, mechanism in C). netlearn.core hands those functions out with these
checks in front of the C bindings: a prefix that is not canonical IPv4 or
IPv6, a broadcast or label on an IPv6 address, a broadcast that is not an
address, a label too long or not named after its device, an unknown scope or
family: one line saying what is wrong, EINVAL, and nothing asked of the
kernel. What the kernel answers (no such namespace or device, the address is
already there or not there) stays worded in C (src/l_addr.c), which keeps only
a plain "DEV: addr_add: FIELD= malformed or out of range" for what it cannot
put in its request. `ip address` (cmd/ip_address.lua) reads the learner's
words into canonical text and asks this module about scopes and IPv4-only
options.

The messages are English; their Chinese is keyed by the format string in
netlearn.errors_zh_link (tests/lua/62e reads the formats of this file too).

  local addrspec = require("netlearn.addrspec")
  addrspec.check_add(net, ns, dev, "10.0.0.1/24", { scope = "link" })  --> true | nil, msg, errno
  addrspec.scope_ok("link")                      --> true (a name or 0-255)
  addrspec.ipv4_only("inet6", { label = "x" })   --> "label"
  addrspec.wrap(net)                             -- net.addr_add/addr_del/addr_flush checked
]]
local ipv4 = require("netlearn.ipv4")
local parse = require("netlearn.parse")
local guard = require("netlearn.specguard")

local M = {}

-- the options of net.addr_add and net.addr_flush and their Lua types
M.ADD_FIELDS = { broadcast = "string", label = "string", scope = "string", nodad = "any", noprefixroute = "any" }
M.FLUSH_FIELDS = { family = "string" }

-- PREFIX ("a.b.c.d[/len]", "x::y[/len]", canonical) -> "inet" | "inet6" | nil:
-- netlearn.parse.api_prefix, C's reader, without default/any/all
local function prefix_family(s)
  local p = parse.api_prefix(s)
  return p and p.family
end

-- a scope as net.addr_add takes it: iproute2's names, or a number 0-255 read
-- as routes read it (addr.c's addr_scope_parse is rt_parse.c's rt_scope_parse)
function M.scope_ok(s)
  return require("netlearn.routespec").scope_id(s) ~= nil
end

-- the first option of O (broadcast, then label) that an address of FAMILY
-- cannot have: they are IPv4's only
function M.ipv4_only(family, o)
  if family == "inet" then return nil end
  if o.broadcast then return "broadcast" end
  if o.label then return "label" end
end

local fail = guard.fail

local function bad_prefix(net, p)
  local E = net.errno
  if p:find(":", 1, true) then return fail(E.EINVAL, "%s: not an IPv6 prefix (want x:x::x/len)", p) end
  return fail(E.EINVAL, "%s: not an IPv4 prefix (want a.b.c.d/len)", p)
end

-- what C checked once it had found the device: true | nil, msg, errno
local function check_options(net, dev, p, family, o)
  local E = net.errno
  if not o then return true end
  local v4_only = M.ipv4_only(family, o)
  if v4_only == "broadcast" then return fail(E.EINVAL, "%s: broadcast= is for IPv4 addresses only", p) end
  if v4_only == "label" then return fail(E.EINVAL, "%s: label= is for IPv4 addresses only", p) end
  local brd = o.broadcast and tostring(o.broadcast)
  if brd and brd ~= "+" and brd ~= "-" and not ipv4.to_int(brd) then
    return fail(E.EINVAL, "%s: not an IPv4 broadcast address (want a.b.c.d, \"+\" or \"-\")", brd)
  end
  local label = o.label and tostring(o.label)
  if label and #label > 15 then return fail(E.EINVAL, "%s: label longer than 15 bytes", label) end
  if label and label:sub(1, #dev) ~= dev then
    return fail(E.EINVAL, "%s: a label must begin with the device name (%s:...)", label, dev)
  end
  if o.scope and not M.scope_ok(tostring(o.scope)) then
    return fail(E.EINVAL, "%s: unknown scope (use global, site, link, host or 0-255)", tostring(o.scope))
  end
  return true
end

-- net.addr_add(ns, dev, prefix, opts): true, or nil, message, errno; and, on a
-- failure, whether the device is to be found first (the kernel's answer about
-- it comes before a word about the options, as it always has)
function M.check_add(net, ns, dev, p, o)
  local family = prefix_family(p)
  if not family then return bad_prefix(net, p) end
  local ok, msg, errno = check_options(net, tostring(dev), p, family, o)
  if ok then return true end
  return nil, msg, errno, true
end

function M.check_del(net, _, _, p)
  if not prefix_family(p) then return bad_prefix(net, p) end
  return true
end

function M.check_flush(net, _, _, o)
  local E = net.errno
  local fam = o and o.family and tostring(o.family)
  if fam and fam ~= "inet" and fam ~= "inet6" and fam ~= "all" then
    return fail(E.EINVAL, "%s: unknown family (use inet, inet6 or all)", fam)
  end
  return true
end

-- are (ns, dev, prefix[, opts]) of the types the C binding takes, OPTS with ADD_FIELDS only?
local function add_typed(ns, dev, p, o)
  return guard.str(ns, true) and guard.str(dev) and guard.str(p) and guard.fields(o, M.ADD_FIELDS)
end
local function del_typed(ns, dev, p) return guard.str(ns, true) and guard.str(dev) and guard.str(p) end
local function flush_typed(ns, dev, o) return guard.str(ns, true) and guard.str(dev) and guard.fields(o, M.FLUSH_FIELDS) end

-- net.addr_add, addr_del and addr_flush with the checks in front
function M.wrap(net)
  net.addr_add = guard.checked(net.addr_add, add_typed, function(ns, dev, p, o)
    local ok, msg, errno, after_dev = M.check_add(net, ns, dev, tostring(p), o)
    -- no such device: the C binding's lookup comes first and words it
    if not ok and after_dev and not net.link_get(ns, tostring(dev), { peer = false }) then return true end
    return ok, msg, errno
  end)
  net.addr_del = guard.checked(net.addr_del, del_typed, function(ns, dev, p) return M.check_del(net, ns, dev, tostring(p)) end)
  net.addr_flush = guard.checked(net.addr_flush, flush_typed, function(ns, dev, o) return M.check_flush(net, ns, dev, o) end)
end

return M
