--[[ netlearn.kinds.ipvlan -- the ipvlan kind: children sharing their parent's
MAC (`ip link add ipvl1 link eth0 type ipvlan mode l3`; the mode also changes
in place). Modes l2, l3, l3s; the flags bridge, private, vepa are read and
ignored (the kernel's default, bridge, is what it makes).
C side: src/kind_ipvlan.c. ]]
local M = {
  name = "ipvlan",
  noun = { en = "ipvlan devices", zh = "ipvlan 设备" },
  config = "CONFIG_IPVLAN", module = "ipvlan",
  parent = "required",
  fields = { "link", "mode" },   -- what net.link_add takes (netlearn.linkspec)
  modes = { "l2", "l3", "l3s" },
  default_mode = "l3",
  set_mode = true,
  wire = "child",           -- a device on its parent (narrate, topo)
  shares_wire = true,       -- its parent does not reach it; its siblings do (why, topo)
  deferred_broadcast = true,   -- broadcasts go out from a work queue (netlearn.quiet)
  export = true,
  usage = "ipvlan mode {" .. "l2|l3|l3s" .. "}",
  options = { "mode", "bridge", "private", "vepa" },
  example = "ip link add ipvlan1 link eth0 type ipvlan mode l3",
  probe = { type = "ipvlan", mode = "l3" }, probe_parent = true,
}

function M.mode_error(m, P)
  P.fail(255, 'Error: argument of "mode" must be either "l2", "l3" or "l3s"',
    P.L("ipvlan modes: l2, l3 (the articles use l3) or l3s", "ipvlan 的模式：l2、l3（文章用的是 l3）或 l3s"))
end

function M.parse(a, spec, P) require("netlearn.kinds").parse_mode(M, a, spec, P, { field = "ipvlan_flag", bridge = true, private = true, vepa = true }) end

function M.details(l) return { "    ipvlan  mode " .. (l.mode or "l3") .. " bridge " } end
function M.json(l) return { mode = l.mode } end

function M.args(s) return s.mode and (" mode " .. s.mode) or "" end

return M
