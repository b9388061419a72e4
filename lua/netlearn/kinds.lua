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
