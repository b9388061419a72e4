--[[ netlearn.cmd.ip_tunnel -- `ip tunnel` (iproute2's ip/iptunnel.c), ipip only, for cmd/ip.lua:

  ip tunnel add NAME mode ipip remote ADDR local ADDR [ttl N] [dev DEV]
  ip tunnel del NAME
  ip tunnel show [NAME]

The tunnel is an ipip link (as `ip link add ... type ipip`); where the kernel
has no ipip, netlearn's user-space tunnel stands in and says so.

  local tunnel = require("netlearn.cmd.ip_tunnel")(helpers)   -- helpers: see ip.lua
  tunnel.run(sub, ns, args, opts, ctx)
]]
local net = require("netlearn.core")

return function(H)
  local M = {}
  local fail, garbage, invarg, unsupported, kfail, L = H.fail, H.garbage, H.invarg, H.unsupported, H.kfail, H.L
  local need_addr, need_uint, valid_ifname = H.need_addr, H.need_uint, H.valid_ifname
  local need_dev, get_link, links_of, userspace_note = H.need_dev, H.get_link, H.links_of, H.userspace_note

  local function tunnel_add(ns, a, ctx)
    local spec = { type = "ipip" }
    local mode
    while a:more() do
      local w = a:next()
      if w == "mode" then
        mode = a:need(w)
        if mode ~= "ipip" and mode ~= "ip/ip" then
          if mode == "gre" or mode == "sit" or mode == "isatap" or mode == "vti" or mode == "ipip6" or mode == "ip6ip6" or mode == "any" then
            unsupported(mode, "ip tunnel add ... mode", "ipip")
          end
          fail(255, string.format('Unknown tunnel mode "%s"', mode), L("netlearn's tunnels are 'mode ipip'", "netlearn 的隧道是 'mode ipip'"))
        end
      elseif w == "remote" then local v = a:need(w); if v ~= "any" then spec.remote = need_addr(v, "an IP address") end
      elseif w == "local" then local v = a:need(w); if v ~= "any" then spec["local"] = need_addr(v, "an IP address") end
      elseif w == "ttl" or w == "hoplimit" then
        local v = a:need(w)
        if v ~= "inherit" then spec.ttl = need_uint(v, 'invalid TTL', L("a TTL 1-255 or 'inherit'", "一个 1-255 的 TTL 或 'inherit'")) end
      elseif w == "dev" then spec.link = a:need(w); need_dev(ns, spec.link)
      elseif w == "pmtudisc" or w == "nopmtudisc" or w == "tos" or w == "key" or w == "ikey" or w == "okey" then
        unsupported(w, "ip tunnel add", "NAME mode ipip remote ADDR local ADDR [ttl N] [dev DEV]")
      else
        if w == "name" then w = a:need(w) end
        if spec.name then garbage("name", w) end
        if not valid_ifname(w) then invarg('"name" not a valid ifname', w, L("device names are 1-15 bytes", "设备名是 1-15 个字节")) end
        spec.name = w
      end
    end
    if not spec.name then fail(255, "Tunnel name is required", L("'ip tunnel add tun0 mode ipip remote R local L'", "例如 'ip tunnel add tun0 mode ipip remote R local L'")) end
    if get_link(ns, spec.name) then
      fail(1, string.format('add tunnel "%s" failed: File exists', spec.name), L("delete the old one with 'ip tunnel del ", "先用 'ip tunnel del ") .. spec.name ..
        L("'", "' 删掉旧的"))
    end
    local ok, e, errno = net.link_add(ns, spec)
    if not ok then
      if errno == net.errno.EOPNOTSUPP then fail(1, string.format('add tunnel "tunl0" failed: No such device'), e) end
      kfail(e, errno)
    end
    userspace_note(ctx, spec.name, e)
    return 0
  end

  local function tunnel_show(ns, a, ctx)
    local want = a:next()
    if want == "dev" or want == "name" then want = a:need(want) end
    for _, l in ipairs(links_of(ns)) do
      if l.type == "ipip" and (not want or l.name == want) then
        ctx:outln(require("netlearn.iproute_fmt").tunnel_line(l))
      end
    end
    return 0
  end

  function M.run(sub, ns, a, o, ctx)
    if sub == "add" then return tunnel_add(ns, a, ctx)
    elseif sub == "delete" then
      local n = a:next()
      if n == "name" or n == "dev" then n = a:need(n) end
      if not n then fail(255, "Tunnel name is required", "'ip tunnel del tun0'") end
      need_dev(ns, n)
      local ok, e, errno = net.link_del(ns, n)
      if not ok then kfail(e, errno) end
      return 0
    elseif sub == "show" then return tunnel_show(ns, a, ctx) end
    return nil
  end

  return M
end
