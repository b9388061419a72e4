--[[ netlearn.kinds.vlan -- the vlan kind (802.1Q): a device on a parent that
tags what it sends with a VLAN id and takes in only frames with that tag
(`ip link add link eth0 name eth0.10 type vlan id 10`). `ip -d link` shows
`vlan protocol 802.1Q id 10 <REORDER_HDR>`. C side: src/kind_vlan.c. ]]
return {
  name = "vlan",
  noun = { en = "vlan devices", zh = "vlan 设备" },
  config = "CONFIG_VLAN_8021Q", module = "8021q",
  parent = "required",
  fields = { "link", "id" },   -- what net.link_add takes (netlearn.linkspec)
  options = { "id" },
  usage = "vlan id VLANID",
  example = "ip link add link eth0 name eth0.10 type vlan id 10",
  probe = { type = "vlan", id = 10 }, probe_parent = true,
  wire = "child",
  export = true,            -- containerlab: `ip link add NAME link PARENT type vlan id N`
  args = function(s) return " id " .. tostring(s.id) end,
  parse = function(a, spec, P)
    local L = P.L
    while a:more() do
      local w = a:next()
      if w == "id" then
        local v = a:need(w)
        spec.id = P.need_uint(v, 'id is invalid', L("a VLAN id is a number 0-4094, e.g. 10", "VLAN id 是 0-4094 的数，例如 10"))
        if spec.id > 4094 then
          P.fail(2, "Error: 8021q: Invalid VLAN id.", L("a VLAN id is 0-4094 (12 bits; 4095 is reserved)", "VLAN id 是 0-4094（12 位，4095 保留）"))
        end
      else
        P.unsupported(w, "ip link add ... type vlan", "id")
      end
    end
    if not spec.id then
      P.fail(2, "Error: 8021q: VLAN properties not specified.", L("add 'id N', e.g. 'ip link add link eth0 name eth0.10 type vlan id 10'",
        "加上 'id N'，例如 'ip link add link eth0 name eth0.10 type vlan id 10'"))
    end
  end,
  -- net.link_add's rule (netlearn.linkspec; C: its helpers): the 12-bit id
  check = function(s, C)
    local E = C.E
    if not s.id or s.id < 0 or s.id > 4094 then
      return C.fail(E.EINVAL, "%s: a %s needs its id: id=N (0-4094)", s.name, s.type)
    end
    return true
  end,
  details = function(l)
    local s = "    vlan protocol " .. (l.protocol or "802.1Q") .. " id " .. (l.id or 0) .. " "
    if l.vlan_flags then s = s .. "<" .. table.concat(l.vlan_flags, ",") .. "> " end
    return { s }
  end,
  json = function(l)
    return require("netlearn.json").object({ protocol = l.protocol or "802.1Q", id = l.id, flags = l.vlan_flags },
      { "protocol", "id", "flags" })
  end,
}
