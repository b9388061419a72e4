--[[ tests/lib/link_oracle.lua -- helpers shared by the link tests (tests/20..24): compare
what net.link_get / net.addr_list report with what the real `ip -j -d link` and
`ip -j addr` say inside the sandbox, and snapshot a namespace's links to prove
that a failed call changed nothing.

  local O = dofile(os.getenv("TESTLIB") .. "/link_oracle.lua")
  O.check_link(t, ns, "veth0")          -- many t.is() lines, one per field
  local before = O.snapshot(t, {"", "net1"}) ... t.is(O.snapshot(...), before, "unchanged")
]]
local net = require("netlearn.core")
local json = require("netlearn.json")
local O = {}

function O.ip_link(t, ns, dev)
  local out, code = t.nsh(ns, "ip -j -d link show dev " .. dev)
  if code ~= 0 then return nil end
  return t.json(out)[1]
end

local function join(a) return a and table.concat(a, ",") or "nil" end

-- Every field both sides know about, checked one by one (name prefix for TAP).
function O.check_link(t, ns, dev, label)
  label = label or ((ns ~= "" and ns or "host") .. "/" .. dev)
  local ours, err = net.link_get(ns, dev)
  local ip = O.ip_link(t, ns, dev)
  if not t.ok(ours and ip, label .. ": both see the device", tostring(err)) then return end
  local li = ip.linkinfo or {}
  local d = li.info_data or {}
  t.is(ours.ifindex, ip.ifindex, label .. " ifindex")
  t.is(join(ours.flags), join(ip.flags), label .. " flags")
  t.is(ours.mtu, ip.mtu, label .. " mtu")
  t.is(ours.qdisc, ip.qdisc, label .. " qdisc")
  t.is(ours.operstate, ip.operstate, label .. " operstate")
  t.is(ours.txqlen, ip.txqlen, label .. " txqlen")
  t.is(ours.group, ip.group, label .. " group")
  t.is(ours.linktype, ip.link_type, label .. " link_type")
  t.is(ours.address, ip.address, label .. " address")
  t.is(ours.broadcast, ip.broadcast, label .. " broadcast")
  t.is(ours.master, ip.master, label .. " master")
  t.is(ours.promiscuity, ip.promiscuity, label .. " promiscuity")
  t.is(ours.min_mtu, ip.min_mtu, label .. " min_mtu")
  t.is(ours.max_mtu, ip.max_mtu, label .. " max_mtu")
  t.is(ours.type, li.info_kind or (ip.link_type == "loopback" and "loopback" or nil), label .. " type")
  t.is(ours.link_netnsid, ip.link_netnsid, label .. " link_netnsid")
  if ip.link_netnsid then
    t.is(ours.link_index, ip.link_index, label .. " link_index")
  elseif ip.link == json.null then      -- ip prints dev@NONE
    t.is(ours.link_index, 0, label .. " link_index 0 (@NONE)")
  elseif ip.link ~= nil then
    t.is(ours.link, ip.link, label .. " link (peer/parent)")
  end
  if li.info_kind == "vxlan" then
    t.is(ours.id, d.id, label .. " vxlan id")
    t.is(ours.dstport, d.port, label .. " vxlan dstport")
    t.is(ours.remote, d.remote, label .. " vxlan remote")
    t.is(ours["local"], d["local"], label .. " vxlan local")
    t.is(ours.group_addr, d.group, label .. " vxlan group")
    t.is(ours.dev, d.link, label .. " vxlan dev")
  elseif li.info_kind == "macvlan" or li.info_kind == "ipvlan" then
    t.is(ours.mode, d.mode, label .. " mode")
  elseif li.info_kind == "vlan" then
    t.is(ours.id, d.id, label .. " vlan id")
    t.is(ours.protocol, d.protocol, label .. " vlan protocol")
  elseif li.info_kind == "bridge" then
    t.is(ours.stp, d.stp_state == 1, label .. " stp")
  end
  if li.info_slave_kind == "bridge" then
    t.is(ours.port_state, (li.info_slave_data or {}).state, label .. " bridge port state")
  end
  return ours, ip
end

-- Links (name, index, flags, mtu, master, address) and IPv4 addresses (IPv6 DAD
-- flags change on their own) of several
-- namespaces, as one string from the real tool: equal before/after = nothing changed.
-- The kernel finishes a carrier change (operstate, qdisc) in its link watch, later
-- on a slow machine: what it derives from the carrier is left out, so that only a
-- change made by the line under test (configuration, not carrier) tells the two
-- snapshots apart.
function O.snapshot(t, nss)
  local parts = {}
  for _, ns in ipairs(nss) do
    local out = t.nsh(ns, "ip -o link show; ip -o -4 addr show")
    out = out:gsub(",LOWER_UP", ""):gsub("NO%-CARRIER,", ""):gsub(" state %S+", ""):gsub(" qdisc %S+", "")
    parts[#parts + 1] = "[" .. ns .. "]\n" .. out
  end
  return table.concat(parts, "\n")
end

-- Real ping between namespaces: true if one reply came back.
function O.ping(t, ns, addr, count)
  local _, code = t.nsh(ns, "ping -c " .. (count or 1) .. " -W 2 " .. addr)
  return code == 0
end

return O
