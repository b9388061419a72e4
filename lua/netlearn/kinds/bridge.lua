--[[ netlearn.kinds.bridge -- the bridge kind, a switch in the kernel
(`ip link add br0 type bridge [stp_state 0|1]`). C side: src/kind_bridge.c. ]]
return {
  name = "bridge",
  noun = { en = "bridges", zh = "网桥" },
  what = { en = "Linux bridges", zh = "Linux 网桥" },   -- doctor's words
  config = "CONFIG_BRIDGE", module = "bridge",
  options = { "stp_state" },
  fields = { "stp" },         -- what net.link_add takes (netlearn.linkspec)
  usage = "bridge",
  example = "ip link add br0 type bridge",
  probe = { type = "bridge" },
  wire = "switch",
  export = true,            -- containerlab: `ip link add NAME type bridge ...`
  args = function(s) return s.stp and " stp_state 1" or "" end,
  parse = function(a, spec, P)
    while a:more() do
      local w = a:next()
      if w == "stp_state" then spec.stp = P.need_uint(a:need(w), "stp_state", P.L("0 or 1", "0 或 1")) ~= 0
      else P.unsupported(w, "ip link add ... type bridge", "stp_state 0|1") end
    end
  end,
  details = function(l) return { "    bridge stp_state " .. (l.stp and 1 or 0) .. " " } end,
  json = function(l) return { stp_state = l.stp and 1 or 0 } end,
}
