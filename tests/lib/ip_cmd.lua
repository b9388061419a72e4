--[[ tests/lib/ip_cmd.lua -- helpers for the cmdip tests (tests/50..54): run a line
through netlearn's commands or through the real tool inside the sandbox, and
take a digest of the kernel state with the real `ip -j`, normalised so two
sandboxes built the same way compare equal (no ifindexes, MACs, nsids, timers).
]]
local net = require("netlearn.core")
local json = require("netlearn.json")
local cmdline = dofile(os.getenv("TESTLIB") .. "/cmdline.lua")
local L = {}

-- a line through netlearn: status, stdout, stderr
function L.nl(line, ns)
  local st, out, err = cmdline.run(line, ns)
  return st, out, err
end

-- a line through the real tools (/bin/sh inside the sandbox)
function L.real(line, ns)
  local code, out, err = net.run(ns or "", { "/bin/sh", "-c", line }, { capture = true })
  return code, out or "", err or ""
end

local sorted_keys = require("netlearn.util").sorted_keys

-- "k1=v1 k2=v2 ..." in key order
local function kv_line(t)
  local parts = {}
  for _, k in ipairs(sorted_keys(t)) do parts[#parts + 1] = k .. "=" .. tostring(t[k]) end
  return table.concat(parts, " ")
end

local function jq(ns, cmd)
  local _, out = L.real(cmd, ns)
  return json.decode(out) or {}
end

-- normalised state of one namespace
function L.ns_state(ns)
  local s = { links = {}, addrs = {}, routes = {}, rules = {} }
  for _, l in ipairs(jq(ns, "ip -j -d link")) do
    local info = l.linkinfo or {}
    local flags = {}
    for _, f in ipairs(l.flags or {}) do flags[#flags + 1] = f end
    s.links[l.ifname] = table.concat({ table.concat(flags, ","), tostring(l.mtu), tostring(l.master or "-"),
      tostring(l.link_type), tostring(info.info_kind or "-"), tostring(info.info_slave_kind or "-"),
      tostring(info.info_data and info.info_data.mode or "-"), l.link_netnsid ~= nil and "peer-elsewhere" or "-" }, " ")
  end
  for _, l in ipairs(jq(ns, "ip -j -4 addr")) do
    for _, a in ipairs(l.addr_info or {}) do
      s.addrs[#s.addrs + 1] = l.ifname .. " " .. a["local"] .. "/" .. a.prefixlen .. " " .. (a.broadcast or "-")
        .. " " .. a.scope .. " " .. tostring(a.label)
    end
  end
  table.sort(s.addrs)
  for _, r in ipairs(jq(ns, "ip -j -4 route show table all")) do
    r.flags = nil
    s.routes[#s.routes + 1] = kv_line(r)
  end
  table.sort(s.routes)
  for _, r in ipairs(jq(ns, "ip -j rule")) do s.rules[#s.rules + 1] = kv_line(r) end
  return s
end

-- the whole sandbox: host plus every named namespace, as one string
function L.digest()
  local t = {}
  local names = { "" }
  for _, n in ipairs(net.ns_list()) do names[#names + 1] = n end
  for _, ns in ipairs(names) do
    local s = L.ns_state(ns)
    t[#t + 1] = "== " .. (ns == "" and "(host)" or ns)
    for _, k in ipairs(sorted_keys(s.links)) do t[#t + 1] = "link " .. k .. " " .. s.links[k] end
    for _, a in ipairs(s.addrs) do t[#t + 1] = "addr " .. a end
    for _, r in ipairs(s.routes) do t[#t + 1] = "route " .. r end
    for _, r in ipairs(s.rules) do t[#t + 1] = "rule " .. r end
  end
  return table.concat(t, "\n")
end

-- can the real kernel make this link type?
function L.kernel_has(kind)
  local code = L.real("ip link add nlprobe0 type veth peer name nlprobe1 && " ..
    "ip link add nlprobe2 link nlprobe0 type " .. kind .. " 2>/dev/null; r=$?; ip link del nlprobe0; exit $r")
  if kind == "ipip" then
    code = L.real("ip link add nlprobe2 type ipip remote 10.9.9.9 local 10.9.9.8 2>/dev/null; r=$?; ip link del nlprobe2 2>/dev/null; exit $r")
  end
  return code == 0
end

-- The digest once the kernel's carrier state has settled: a link just set up
-- can show NO-CARRIER for a moment, which is no change made by a bad line.
function L.settled_digest()
  local all = { "" }
  for _, n in ipairs(require("netlearn.core").ns_list()) do all[#all + 1] = n end
  require("netlearn.core").links_settle(all)
  local d = L.digest()
  for _ = 1, 20 do
    L.real("sleep 0.05")
    local d2 = L.digest()
    if d2 == d then break end
    d = d2
  end
  return d
end

return L
