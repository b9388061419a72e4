--[[ netlearn.kinds.macvlan -- the macvlan kind: children with their own MACs
on a parent (`ip link add mac1 link eth0 type macvlan mode bridge`; the mode
also changes in place: `ip link set mac1 type macvlan mode private`).
netlearn creates the modes private, vepa, bridge and passthru; `source` (it
needs a list of MACs) is refused as not supported, before anything changes. C side: src/kind_macvlan.c. ]]
local M = {
  name = "macvlan",
  noun = { en = "macvlan devices", zh = "macvlan 设备" },
  config = "CONFIG_MACVLAN", module = "macvlan",
  parent = "required",
  fields = { "link", "mode" },   -- what net.link_add takes (netlearn.linkspec)
  modes = { "private", "vepa", "bridge", "passthru" },
  default_mode = "vepa",
  set_mode = true,
  wire = "child",           -- a device on its parent (narrate, topo)
  shares_wire = true,       -- its parent does not reach it; its siblings do in mode bridge (why, topo)
  sibling_mode = "bridge",
  name_stem = "mac",        -- why's made-up name for a new one: mac0
  -- broadcasts go out from a work queue (netlearn.quiet): system_unbound_wq
  -- since 6.1 (Debian 12's 6.1 macvlan.ko queues its bc_work there),
  -- system_dfl_wq, also unbound, in 6.19; system_wq before
  deferred_broadcast = { unbound_since = { 6, 1 } },
  export = true,
  usage = "macvlan mode {" .. "private|vepa|bridge|passthru" .. "}",
  options = { "mode" },
  example = "ip link add mac1 link eth0 type macvlan mode bridge",
  probe = { type = "macvlan", mode = "bridge" }, probe_parent = true,
}

-- the line and the hint for a mode netlearn does not create: iproute2's words
-- for a word it does not know either; netlearn's own for `source`, which
-- iproute2 takes and netlearn does not (it needs a list of MACs)
function M.mode_error(m, P)
  if m == "source" then
    P.unsupported("mode source", "ip link ... type macvlan", "mode " .. table.concat(M.modes, ", "))
  end
  P.fail(1, string.format('Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", not "%s"', m),
    P.L("macvlan modes: private (isolated), vepa (via the outside switch), bridge (siblings talk), passthru (one child)",
      "macvlan 的模式：private（相互隔离）、vepa（经外部交换机）、bridge（兄弟之间直接通）、passthru（只有一个子设备）"))
end

-- net.link_add's macvlan rule (netlearn.linkspec; C: its helpers): a passthru
-- macvlan is its parent's only one, which the kernel enforces with a bare
-- EINVAL (children already moved elsewhere are not seen here)
function M.check(s, C)
  local mode = s.mode or M.default_mode
  for _, l in ipairs(C.net.link_list(C.ns) or {}) do
    if l.type == "macvlan" and l.link == s.link and not l.link_netnsid then
      if mode == "passthru" then
        return nil, string.format("%s: a passthru macvlan must be its parent's only macvlan (%s is already on it)",
          s.link, l.name), C.E.EINVAL
      elseif l.mode == "passthru" then
        return nil, string.format("%s: has a passthru macvlan (%s); no other macvlan can join it", s.link, l.name), C.E.EINVAL
      end
    end
  end
  return true
end

function M.parse(a, spec, P) require("netlearn.kinds").parse_mode(M, a, spec, P) end

function M.details(l) return { "    macvlan mode " .. (l.mode or "vepa") .. " " } end
function M.json(l) return { mode = l.mode } end

function M.args(s) return s.mode and (" mode " .. s.mode) or "" end

return M
