--[[ netlearn.kinds -- the index of link kinds (veth, bridge, macvlan, ...).

A link kind is one unit: its netlink attributes in one C file
(src/kind_<name>.c, registered in src/kind.c) and everything else in one Lua
description, lua/netlearn/kinds/<name>.lua. This module lists them; every
consumer (ip's `link add/set` parser, `ip -d link`, completion, doctor, ...)
reads the descriptions instead of naming a kind.

A description is a table:

  name      "macvlan" (IFLA_INFO_KIND)
  noun      { en = "macvlan devices", zh = "macvlan 设备" }
  what      (optional) doctor's words for it, when not the noun
  config, module   the kernel option and module a kernel needs ("CONFIG_MACVLAN", "macvlan")
  pair      true for veth: the command names and checks a peer as well
  parent    nil (none), "optional" or "required": whether `link DEV` is taken
  modes     { "private", ... } the modes netlearn creates, with
            default_mode and mode_error(m) (the line and hint for a bad one);
            set_mode = true: `ip link set DEV type K mode M` changes it in place
  options   the words `ip link add ... type K` takes (completion offers them)
  fields    the net.link_add spec fields it takes beyond name, type, mtu,
            address, up and netns (netlearn.linkspec refuses the others)
  parse(a, spec, P)   reads `ip link add ... type K ARGS` into the spec for
            net.link_add (a: the words; P: ip's helpers, see cmd/ip_link.lua);
            nil: the kind takes no arguments
  details(l)  the `ip -d link` line(s) of a device (a table of lines)
  json(l)     its `ip -d -j link` info_data (nil: none)
  probe     the spec doctor tries (name and parent added), probe_parent = true
            when it needs a parent device
  wire      how it joins devices: "pair" (veth), "child" (a device on its
            parent: macvlan, ipvlan, vlan), "tunnel", "switch" (bridge)
  args(s)   the words after `type K` for a net.link_add spec (narrate)
  usage     its `type K ARGS` in iproute2's usage notation (`ip link help`)
  example   an `ip link add` line for help texts
  check(s, C)   (optional) the kind's own checks of a net.link_add spec, after
            netlearn.linkspec's common ones: returns nil, or C.fail(errno, fmt, ...)
            (C: linkspec's helpers -- fail, E, net, ns, ipv4, is_multicast)
  export    how `netlearn export` makes it on a containerlab node: true for
            `ip link add NAME [link PARENT] type K ARGS` (args(l); a "child"
            only when its parent is on the node), or export(l, dev) returning
            the words after NAME and the name of a second device the command
            makes (veth's peer); dev(name) is a device's name on the node, nil
            when it is not there. nil: no containerlab equivalent (a note says so)
  shares_wire   true for a child that is its parent's own wire (macvlan, ipvlan):
            its siblings reach it (see sibling_mode), its parent does not, and
            topo draws it under its parent (why, topo)
  sibling_mode  the mode two such siblings both need to reach each other
            (macvlan: "bridge"); nil: they always do (why's advice)
  name_stem the start of a name netlearn makes up for a new one ("mac": mac0,
            why's "give the parent a child of its own")
  deferred_broadcast   true when the kernel hands its broadcasts on later, from
            a work queue (macvlan, ipvlan): the quiet proof then looks at the
            kernel's work queue workers too (netlearn.quiet); a table
            { unbound_since = { MAJOR, MINOR } } when, from that kernel on, the
            work queue is an unbound one: the proof then looks only at the
            workers of the unbound pools (macvlan)

  local kinds = require("netlearn.kinds")
  kinds.get("macvlan").modes      --> { "private", "vepa", "bridge", "passthru" }
  for _, k in ipairs(kinds.all()) do ... end
]]
local M = {}

-- the kinds, in the order every list shows them
M.names = { "veth", "bridge", "macvlan", "ipvlan", "vxlan", "ipip", "dummy", "vlan" }

local cache = {}

-- the description of kind NAME, or nil
function M.get(name)
  if type(name) ~= "string" then return nil end
  if cache[name] == nil then
    local known = false
    for _, n in ipairs(M.names) do known = known or n == name end
    cache[name] = known and require("netlearn.kinds." .. name) or false
  end
  return cache[name] or nil
end

-- every description, in M.names order
function M.all()
  local t = {}
  for _, n in ipairs(M.names) do t[#t + 1] = M.get(n) end
  return t
end

-- the names of the kinds for which PRED(k) is true (all when nil)
function M.names_where(pred)
  local t = {}
  for _, k in ipairs(M.all()) do
    if not pred or pred(k) then t[#t + 1] = k.name end
  end
  return t
end

-- "a, b and c" (LAST: "and", "or"; Chinese: "、" and "和")
function M.words(names, last, zh)
  if zh then
    if #names <= 1 then return names[1] or "" end
    return table.concat(names, "、", 1, #names - 1) .. "和" .. names[#names]
  end
  if #names <= 1 then return names[1] or "" end
  return table.concat(names, ", ", 1, #names - 1) .. " " .. last .. " " .. names[#names]
end

-- `TYPE := a | b | ...` of `ip link help`, wrapped before 100 columns
function M.usage()
  local lines, cur = {}, "TYPE := "
  for i, k in ipairs(M.all()) do
    local part = (i > 1 and " | " or "") .. k.usage
    if i > 1 and #cur + #part > 100 then
      lines[#lines + 1] = cur
      cur = "      | " .. k.usage
    else
      cur = cur .. part
    end
  end
  lines[#lines + 1] = cur
  return table.concat(lines, "\n")
end

-- the words after `ip link add NAME` that make device L (of kind K) on a
-- containerlab node, and the second device they make (see `export` above);
-- nil when the node cannot have it
function M.export_words(k, l, dev)
  if type(k.export) == "function" then return k.export(l, dev) end
  if not k.export then return nil end
  local args = k.args and k.args(l) or ""
  if k.wire ~= "child" then return " type " .. k.name .. args end
  local parent = l.link and dev(l.link)
  if parent then return " link " .. parent .. " type " .. k.name .. args end
  return nil
end

-- is M one of kind K's modes?
function M.has_mode(k, m)
  for _, v in ipairs(k.modes or {}) do if v == m then return true end end
  return false
end

-- `mode MODE` after `type K` (macvlan, ipvlan): the words of a kind with modes,
-- read into spec.mode; a word the kind does not know goes to k.mode_error, and
-- other words to FLAGS (a table: word -> true, kept in spec[flags_field]) or are
-- refused with iproute2's "unknown option" line
function M.parse_mode(k, a, spec, P, flags)
  while a:more() do
    local w = a:next()
    if w == "mode" then
      local m = a:need(w)
      if not M.has_mode(k, m) then k.mode_error(m, P) end
      spec.mode = m
    elseif flags and flags[w] == true then
      spec[flags.field] = w
    else
      P.fail(255, string.format('Error: %s: unknown option "%s"?', k.name, w), k.name .. " takes 'mode MODE'")
    end
  end
end

-- every mode word of every kind (completion), in order, without repeats
function M.all_modes()
  local t, seen = {}, {}
  for _, k in ipairs(M.all()) do
    for _, m in ipairs(k.modes or {}) do
      if not seen[m] then seen[m] = true; t[#t + 1] = m end
    end
  end
  return t
end

return M
