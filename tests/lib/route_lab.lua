--[[ tests/lib/route_lab.lua -- shared by the route/rule/neigh/sysctl tests (tests/25..29):
  a three-namespace topology built with the real `ip` inside the sandbox
  (left 10.1.1.2 -- 10.1.1.1 router 10.1.2.1 -- 10.1.2.2 right), and helpers
  that put netlearn's lists and `ip -j` output into one comparable shape.
]]
local net = require("netlearn.core")
local L = {}

-- run a shell line in ns and fail loudly: topology steps must work
function L.must(t, ns, cmd)
  local out, code, err = t.nsh(ns, cmd)
  if code ~= 0 then
    t.ok(false, "setup: " .. ns .. ": " .. cmd, tostring(err) .. tostring(out))
  end
  return out
end

function L.topology(t)
  for _, n in ipairs({ "left", "router", "right" }) do assert(net.ns_add(n)) end
  L.must(t, "router", "ip link set lo up; ip link add r-l type veth peer name l-r netns left;"
    .. " ip link add r-r type veth peer name rr-r netns right;"
    .. " ip addr add 10.1.1.1/24 dev r-l; ip addr add 10.1.2.1/24 dev r-r; ip link set r-l up; ip link set r-r up")
  L.must(t, "left", "ip link set lo up; ip addr add 10.1.1.2/24 dev l-r; ip link set l-r up")
  L.must(t, "right", "ip link set lo up; ip addr add 10.1.2.2/24 dev rr-r; ip link set rr-r up")
end

local sorted_keys = require("netlearn.util").sorted_keys

local function line(t)
  local parts = {}
  for _, k in ipairs(sorted_keys(t)) do parts[#parts + 1] = k .. "=" .. tostring(t[k]) end
  return table.concat(parts, " ")
end

local tabname = { [253] = "default", [254] = "main", [255] = "local" }

-- one route in the shape both sides can give
function L.route_from_net(r, with_table)
  return line({ dst = r.dst, gateway = r.gateway, dev = r.dev, protocol = r.protocol,
    scope = r.scope, prefsrc = r.src, metric = r.metric, type = r.type,
    table = with_table and (tabname[r.table] or tostring(r.table)) or nil })
end

function L.route_from_ip(e, with_table)
  return line({ dst = e.dst, gateway = e.gateway, dev = e.dev, protocol = e.protocol or "boot",
    scope = e.scope or "global", prefsrc = e.prefsrc, metric = e.metric, type = e.type or "unicast",
    table = with_table and (e.table or "main") or nil })
end

-- every element of a list turned into a line, sorted, joined
function L.set(list, fn, ...)
  local out = {}
  for _, x in ipairs(list or {}) do out[#out + 1] = fn(x, ...) end
  table.sort(out)
  return table.concat(out, "\n")
end

-- compare net.route_list(ns, opts) with `ip -4 -j route show <ipargs>`
function L.routes_match(t, ns, opts, ipargs, name)
  local with_table = opts and opts.table == "all"
  local mine, msg = net.route_list(ns, opts)
  if not mine then return t.ok(false, name, msg) end
  local theirs = t.json(t.nsh(ns, "ip -4 -j route show " .. (ipargs or "")))
  return t.is(L.set(mine, L.route_from_net, with_table), L.set(theirs, L.route_from_ip, with_table), name)
end

return L
