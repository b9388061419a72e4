--[[ netlearn.kinds.ipip -- the ipip kind: IPv4 in IPv4, protocol 4
(`ip link add tun0 type ipip remote 10.0.0.2 local 10.0.0.1 [ttl N] [dev DEV]`;
`ip tunnel add` makes the same). A kernel without ipip gets netlearn's
user-space stand-in, which `ip -d link` marks. C side: src/kind_ipip.c. ]]
return {
  name = "ipip",
  noun = { en = "ipip tunnels", zh = "ipip 隧道" },
  config = "CONFIG_NET_IPIP", module = "ipip",
  parent = "optional",
  fields = { "remote", "local", "ttl", "link" },   -- what net.link_add takes (netlearn.linkspec)
  options = { "remote", "local", "ttl", "dev" },
  usage = "ipip remote ADDR local ADDR [ttl N]",
  example = "ip link add tun0 type ipip remote 10.0.0.2 local 10.0.0.1",
  probe = { type = "ipip", remote = "192.0.2.2", ["local"] = "192.0.2.1" },
  wire = "tunnel",
  link_in_args = true,      -- narrate: no `link DEV` before the name
  args = function(s)
    return (s.remote and (" remote " .. s.remote) or "") .. (s["local"] and (" local " .. s["local"]) or "") ..
      (s.ttl and (" ttl " .. s.ttl) or "")
  end,
  parse = function(a, spec, P)
    while a:more() do
      local w = a:next()
      if w == "remote" then local v = a:need(w); if v ~= "any" then spec.remote = P.need_addr(v, "an IP address") end
      elseif w == "local" then local v = a:need(w); if v ~= "any" then spec["local"] = P.need_addr(v, "an IP address") end
      elseif w == "ttl" or w == "hoplimit" then
        local v = a:need(w)
        if v ~= "inherit" then spec.ttl = P.need_uint(v, 'invalid TTL', P.L("a TTL 1-255 or 'inherit'", "一个 1-255 的 TTL 或 'inherit'")) end
      elseif w == "dev" then spec.link = a:need(w)
      else P.unsupported(w, "ip link add ... type ipip", "remote, local, ttl, dev") end
    end
  end,
  details = function(l)
    local lines = { "    ipip ipip remote " .. (l.remote or "any") .. " local " .. (l["local"] or "any")
      .. " ttl " .. ((l.ttl and l.ttl ~= 0) and l.ttl or "inherit") .. " " }
    if l.userspace then
      lines[2] = require("netlearn.i18n").lang == "zh" and
        "    （netlearn 用户态的 ipip 隧道：一个 TUN 设备加一个原始套接字，代替这个内核没有的 ipip）" or
        ("    (netlearn's user-space ipip tunnel: a TUN device and a raw socket standing in " ..
        "for the kernel's ipip, which this kernel lacks)")
    end
    return lines
  end,
  json = function(l) return { remote = l.remote, ["local"] = l["local"], ttl = l.ttl or 0 } end,
}
