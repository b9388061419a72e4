--[[ netlearn.linkspec -- the checks of a net.link_add spec and of a
net.link_set change, and their words, in one place (issue #19: policy in Lua,
mechanism in C). net.link_add and net.link_set, as netlearn.core hands them
out, are the C bindings behind check() and check_set(): a name that is
not a device name, a kind that does not take an option, a mode the kind lacks,
a parent or namespace that is not there, a MAC or address that is malformed,
a number out of range: one line saying what is wrong, an errno, and nothing
asked of the kernel. Which spec fields a kind takes is its description's
`fields` (lua/netlearn/kinds/<name>.lua), and the words naming the kinds that
take a field come from them; a kind's own rules (vlan's id, vxlan's VNI and
group, macvlan's passthru) are its description's `check`, which runs after the
checks here. The C binding keeps only the guards
its memory and the kernel need (a plain "malformed or out of range").

The messages are English; their Chinese is keyed by the format string in
netlearn.errors_zh_link (tests/lua/62e reads the formats of this file and of
the kinds' checks too).

  local linkspec = require("netlearn.linkspec")
  local ok, msg, errno = linkspec.check(net, ns, spec)   -- true | nil, msg, errno
  linkspec.check_set(net, ns, dev, change)               -- the same for link_set
  net.link_add = linkspec.checked(net, raw_link_add)
  net.link_set = linkspec.checked_set(net, raw_link_set)
]]
local kinds = require("netlearn.kinds")
local ipv4 = require("netlearn.ipv4")

local guard = require("netlearn.specguard")
local M = {}

-- a check needs the device itself: naming its veth peer's namespace walks
-- every namespace of the lab (O(N) per call, O(N^2) for a lab of N hosts)
local NO_PEER = { peer = false }

-- the fields of a spec and their Lua types; a spec with another field or a
-- field of another type goes to the C binding as it is, which says so or raises
M.FIELDS = {
  name = "string", type = "string", peer = "string", peer_ns = "string", peer_address = "string",
  link = "string", mode = "string", id = "integer", remote = "string", ["local"] = "string",
  group = "string", dstport = "integer", ttl = "integer", mtu = "integer", address = "string",
  stp = "any", up = "any", netns = "string",
}

-- net.link_set's changes
M.SET_FIELDS = {
  up = "any", mtu = "integer", address = "string", name = "string", netns = "string",
  master = "master", type = "string", mode = "string",
}

local function typed(spec, fields)
  for k, v in pairs(spec) do
    local want = fields[k]
    if not want then return false end
    if want == "string" and type(v) ~= "string" then return false end
    if want == "integer" and not math.tointeger(v) then return false end
    if want == "master" and type(v) ~= "string" and v ~= false then return false end
  end
  return true
end

local function where(ns)
  if ns == nil or ns == "" then return "in the host" end
  return "in namespace " .. ns
end

-- iproute2's and the kernel's rule for a device name: 1-15 bytes, not "." or "..",
-- no '/', ':' or white space -> nil | message
local function bad_name(s)
  if #s > 15 then return string.format("%s: name longer than 15 bytes", s) end
  if s == "" or s == "." or s == ".." or s:find("[/:%s]") then
    return string.format("'%s': not a valid device name (1-15 bytes, no '/', ':' or spaces)", s)
  end
end
M.bad_name = bad_name

local is_mac = require("netlearn.parse").api_mac
local function multicast_mac(s) return tonumber(s:sub(1, 2), 16) & 1 == 1 end
local function first_octet(a) return (ipv4.to_int(a) >> 24) & 0xff end
local function is_multicast(a) local o = first_octet(a); return o >= 224 and o <= 239 end

local function takes(k, field)
  for _, f in ipairs(k.fields or {}) do if f == field then return true end end
  return false
end
local function kinds_taking(field, last)
  return kinds.words(kinds.names_where(function(k) return takes(k, field) end), last)
end

-- true, or nil, message, errno; SPEC is not changed
function M.check(net, ns, s)
  local E = net.errno
  local function fail(errno, fmt, ...) return nil, string.format(fmt, ...), errno end
  ns = ns or ""
  if not s.name then return fail(E.EINVAL, "link_add: name= is required") end
  local bad = bad_name(s.name)
  if bad then return nil, bad, E.EINVAL end
  if not s.type then return fail(E.EINVAL, "%s: type= is required (%s)", s.name, table.concat(kinds.names, ", ")) end
  local k = kinds.get(s.type)
  if not k then return fail(E.EINVAL, "%s: unknown device type '%s' (use %s)", s.name, s.type, kinds.words(kinds.names, "or")) end
  if not net.ns_exists(ns) then return fail(E.ENOENT, "%s: no such namespace", ns) end
  local target = s.netns
  if target == ns then target = nil end
  if target and not net.ns_exists(target) then return fail(E.ENOENT, "%s: no such namespace (netns=)", target) end
  local home = target or ns
  if net.link_get(home, s.name, NO_PEER) then
    return fail(E.EEXIST, "%s: a device with this name already exists %s", s.name, where(home))
  end
  if s.mtu and (s.mtu < 1 or s.mtu > 65535 * 4) then return fail(E.EINVAL, "%s: mtu %d out of range", s.name, s.mtu) end
  for _, f in ipairs({ "address", "peer_address" }) do
    local m = s[f]
    if m and f == "peer_address" and not takes(k, f) then break end
    if m and not is_mac(m) then return fail(E.EINVAL, "%s: not a MAC address (want aa:bb:cc:dd:ee:ff)", m) end
    if m and multicast_mac(m) then return fail(E.EINVAL, "%s: a multicast MAC address cannot be a device's address", m) end
  end

  -- which options make sense for which kind (the kinds' `fields` say)
  if not takes(k, "peer") and (s.peer or s.peer_ns or s.peer_address) then
    return fail(E.EINVAL, "%s: peer=, peer_ns= and peer_address= are for type %s only", s.name, kinds_taking("peer", "and"))
  end
  if (s.id and not takes(k, "id")) or (s.dstport and not takes(k, "dstport")) then
    if s.id and takes(k, "id") then return fail(E.EINVAL, "%s: dstport= is for type %s only", s.name, kinds_taking("dstport", "and")) end
    return fail(E.EINVAL, "%s: id= and dstport= are for type %s only", s.name, kinds_taking("dstport", "and"))
  end
  if s.mode and not takes(k, "mode") then return fail(E.EINVAL, "%s: mode= is for %s only", s.name, kinds_taking("mode", "and")) end
  if s.stp and not takes(k, "stp") then return fail(E.EINVAL, "%s: stp= is for type %s only", s.name, kinds_taking("stp", "and")) end
  if not takes(k, "remote") then
    for _, f in ipairs({ "remote", "local", "group", "ttl" }) do
      if s[f] then return fail(E.EINVAL, "%s: %s= is for %s tunnels only", s.name, f, kinds_taking("remote", "and")) end
    end
  end
  if s.link and not takes(k, "link") then
    return fail(E.EINVAL, "%s: link= (a parent device) is for %s", s.name, kinds_taking("link", "and"))
  end
  if s.link and not net.link_get(ns, s.link, NO_PEER) then
    return fail(E.ENODEV, "%s: no such device %s (the parent given as link=)", s.link, where(ns))
  end

  if k.pair then
    local pns = s.peer_ns or ns
    if s.peer then
      bad = bad_name(s.peer)
      if bad then return nil, bad, E.EINVAL end
    end
    if s.peer_ns and not net.ns_exists(s.peer_ns) then return fail(E.ENOENT, "%s: no such namespace", s.peer_ns) end
    if s.peer == s.name and pns == home then
      return fail(E.EEXIST, "%s: the two ends of a veth pair need different names", s.name)
    end
    if s.peer and net.link_get(pns, s.peer, NO_PEER) then
      return fail(E.EEXIST, "%s: a device with this name already exists %s (peer=)", s.peer, where(pns))
    end
  elseif k.parent == "required" then
    if not s.link then return fail(E.EINVAL, "%s: a %s needs a parent device: link=DEV", s.name, s.type) end
    if s.mode and not kinds.has_mode(k, s.mode) then
      return fail(E.EINVAL, "%s: unknown %s mode '%s' (use %s)", s.name, k.name, s.mode, kinds.words(k.modes, "or"))
    end
  elseif takes(k, "remote") then
    for _, f in ipairs({ "remote", "local", "group" }) do
      if s[f] and not ipv4.to_int(s[f]) then return fail(E.EINVAL, "%s: not an IPv4 address", s[f]) end
    end
    if s.ttl and (s.ttl < 0 or s.ttl > 255) then return fail(E.EINVAL, "%s: ttl %d out of range 0-255", s.name, s.ttl) end
    if s.remote and is_multicast(s.remote) then
      return fail(E.EINVAL, "%s: remote= must be a unicast address (use group= for multicast)", s.name)
    end
    if s.group and not takes(k, "group") then
      return fail(E.EINVAL, "%s: group= is for %s only", s.name, kinds_taking("group", "and"))
    end
  end
  -- the kind's own rules (its description's check)
  if k.check then
    return k.check(s, { fail = fail, E = E, net = net, ns = ns, ipv4 = ipv4, is_multicast = is_multicast })
  end
  return true
end

-- net.link_set's change CH of device DEV: true, or nil, message, errno
function M.check_set(net, ns, dev, ch)
  local E = net.errno
  local function fail(errno, fmt, ...) return nil, string.format(fmt, ...), errno end
  ns = ns or ""
  local l, msg, errno = net.link_get(ns, dev, NO_PEER)
  if not l then return nil, msg, errno end
  if ch.type or ch.mode then
    local k = kinds.get(ch.type)
    if not ch.type or not ch.mode or not k or not k.set_mode then
      return fail(E.EINVAL, "%s: type= and mode= go together, for a macvlan or an ipvlan", dev)
    end
    if l.type ~= ch.type then
      return fail(E.EOPNOTSUPP, "%s: it is %s %s, not a %s; only a %s's mode can change in place",
        dev, l.type and "a" or "a device of no", l.type or "kind", ch.type, ch.type)
    end
    if not kinds.has_mode(k, ch.mode) then
      return fail(E.EINVAL, "%s: unknown %s mode '%s' (use %s)", dev, k.name, ch.mode, kinds.words(k.modes, "or"))
    end
  end
  if ch.mtu then
    local lo, hi = l.min_mtu or 0, l.max_mtu or 0
    if ch.mtu < 1 or (lo > 0 and ch.mtu < lo) or (hi > 0 and ch.mtu > hi) then
      return fail(E.EINVAL, "%s: mtu %d out of range %d-%d", dev, ch.mtu, lo, hi)
    end
  end
  if ch.address then
    if not is_mac(ch.address) then return fail(E.EINVAL, "%s: not a MAC address (want aa:bb:cc:dd:ee:ff)", ch.address) end
    if multicast_mac(ch.address) then
      return fail(E.EINVAL, "%s: a multicast MAC address cannot be a device's address", ch.address)
    end
    if not (l.address and is_mac(l.address)) then
      return fail(E.EOPNOTSUPP, "%s: this device has no Ethernet address to set", dev)
    end
  end
  local name = ch.name
  if name then
    local bad = bad_name(name)
    if bad then return nil, bad, E.EINVAL end
    if name == dev then name = nil end
  end
  local target = ch.netns
  if target and not net.ns_exists(target) then return fail(E.ENOENT, "%s: no such namespace", target) end
  if target == ns then target = nil end
  if name and net.link_get(target or ns, name, NO_PEER) then
    return fail(E.EEXIST, "%s: a device with this name already exists %s", name, where(target or ns))
  end
  if target and not name and net.link_get(target, dev, NO_PEER) then
    return fail(E.EEXIST, "%s: a device with this name already exists %s; rename it with name= while moving", dev, where(target))
  end
  if type(ch.master) == "string" then
    if target then return fail(E.EINVAL, "%s: master= and netns= cannot be combined", dev) end
    local m = net.link_get(ns, ch.master, NO_PEER)
    if not m then return fail(E.ENODEV, "%s: no such device %s (the master)", ch.master, where(ns)) end
    if m.ifindex == l.ifindex then return fail(E.ELOOP, "%s: a device cannot be its own master", dev) end
    if m.type ~= "bridge" and m.type ~= "bond" and m.type ~= "team" and m.type ~= "vrf" then
      return fail(E.EOPNOTSUPP, "%s: cannot be a master (only a bridge, bond or vrf can); give a bridge as master=", ch.master)
    end
    if l.type == "bridge" and m.type == "bridge" then
      return fail(E.ELOOP, "%s: a bridge cannot be a port of another bridge", dev)
    end
  end
  return true
end

-- net.link_add with the checks in front: RAW is the C binding. Wrong types
-- raise and unknown fields are named in C (netlearn.specguard)
function M.checked(net, raw)
  return guard.checked(raw, function(ns, spec)
    return type(spec) == "table" and (ns == nil or type(ns) == "string") and typed(spec, M.FIELDS)
  end, function(ns, spec) return M.check(net, ns, spec) end)
end

-- net.link_set with the checks in front: RAW is the C binding
function M.checked_set(net, raw)
  return guard.checked(raw, function(ns, dev, ch)
    return type(ch) == "table" and type(dev) == "string" and (ns == nil or type(ns) == "string")
      and typed(ch, M.SET_FIELDS)
  end, function(ns, dev, ch) return M.check_set(net, ns, dev, ch) end)
end

return M
