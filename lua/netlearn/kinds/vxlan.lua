--[[ netlearn.kinds.vxlan -- the vxlan kind: Ethernet frames in UDP
(`ip link add vx0 type vxlan id 42 remote 10.0.0.2 dev eth0 dstport 4789`).
C side: src/kind_vxlan.c. ]]
return {
  name = "vxlan",
  noun = { en = "vxlan tunnels", zh = "vxlan 隧道" },
  config = "CONFIG_VXLAN", module = "vxlan",
  parent = "optional",
  fields = { "id", "dstport", "remote", "local", "group", "ttl", "link" },   -- net.link_add's (netlearn.linkspec)
  options = { "id", "vni", "remote", "local", "group", "dev", "dstport", "ttl" },
  usage = "vxlan id VNI [remote ADDR] [local ADDR] [dev DEV] [dstport PORT]",
  example = "ip link add vx0 type vxlan id 42 remote 10.0.0.2 dev eth0 dstport 4789",
  probe = { type = "vxlan", id = 42, dstport = 4789 }, probe_parent = true,
  wire = "tunnel",
  export = function(l, dev)     -- containerlab: the default port said, not left to the kernel
    return " type vxlan id " .. tostring(l.id) ..
      (l.remote and (" remote " .. l.remote) or "") .. (l["local"] and (" local " .. l["local"]) or "") ..
      (l.dev and (" dev " .. (dev(l.dev) or l.dev)) or "") .. " dstport " .. tostring(l.dstport or 4789)
  end,
  args = function(s)
    return " id " .. tostring(s.id) .. (s.remote and (" remote " .. s.remote) or "") ..
      (s["local"] and (" local " .. s["local"]) or "") .. (s.group and (" group " .. s.group) or "") ..
      (s.dstport and (" dstport " .. s.dstport) or "")
  end,
  parse = function(a, spec, P)
    local L = P.L
    while a:more() do
      local w = a:next()
      if w == "id" or w == "vni" then spec.id = P.need_uint(a:need(w), 'invalid id', L("the VXLAN id (VNI) is a number, e.g. 42", "VXLAN id（VNI）是一个数，例如 42"))
      elseif w == "remote" then spec.remote = P.need_addr(a:need(w), nil, "inet")
      elseif w == "local" then spec["local"] = P.need_addr(a:need(w), nil, "inet")
      elseif w == "group" then spec.group = P.need_addr(a:need(w), nil, "inet")
      elseif w == "dev" then spec.link = a:need(w)
      elseif w == "dstport" then spec.dstport = P.need_uint(a:need(w), 'dstport', L("a UDP port, e.g. 4789", "一个 UDP 端口，例如 4789"))
      elseif w == "ttl" or w == "hoplimit" then
        local v = a:need(w)
        if v ~= "inherit" and v ~= "auto" then spec.ttl = P.need_uint(v, 'invalid TTL', L("a TTL 1-255", "一个 1-255 的 TTL")) end
      else
        P.unsupported(w, "ip link add ... type vxlan", "id, remote, local, group, dev, dstport, ttl")
      end
    end
    if not spec.id then P.fail(1, "vxlan: missing virtual network identifier", L("add 'id N' (the VNI), e.g. 'id 42'", "加上 'id N'（VNI），例如 'id 42'")) end
  end,
  -- net.link_add's rules (netlearn.linkspec, after its checks of the
  -- addresses and ttl every tunnel takes; C: its helpers)
  check = function(s, C)
    local E = C.E
    if not s.id or s.id < 0 then return C.fail(E.EINVAL, "%s: a vxlan needs its VNI: id=N (0-16777215)", s.name) end
    if s.id > 0xffffff then return C.fail(E.EINVAL, "%s: VNI %d out of range 0-16777215", s.name, s.id) end
    if s.dstport and (s.dstport < 0 or s.dstport > 65535) then
      return C.fail(E.EINVAL, "%s: dstport %d out of range 0-65535", s.name, s.dstport)
    end
    if s.group and not C.is_multicast(s.group) then
      return C.fail(E.EINVAL, "%s: group= must be a multicast address (use remote= for unicast)", s.name)
    end
    if s.group and s.remote then return C.fail(E.EINVAL, "%s: give remote= or group=, not both", s.name) end
    if s.group and not s.link then return C.fail(E.EINVAL, "%s: a multicast group needs a device: link=DEV", s.name) end
    return true
  end,
  details = function(l)
    local v = "    vxlan id " .. (l.id or 0)
    if l.group_addr then v = v .. " group " .. l.group_addr end
    if l.remote then v = v .. " remote " .. l.remote end
    if l["local"] then v = v .. " local " .. l["local"] end
    if l.link then v = v .. " dev " .. l.link end
    return { v .. " dstport " .. (l.dstport or 0) .. " " }
  end,
  json = function(l)
    return { id = l.id, remote = l.remote, ["local"] = l["local"], group = l.group_addr, link = l.link, port = l.dstport }
  end,
}
