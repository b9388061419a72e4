--[[ netlearn.cmd.ip_dev -- the devices and namespaces an `ip` command names, for cmd/ip.lua:
looking them up in the kernel, the hint that says where a missing device really
is ("veth1 is in namespace net2; use 'ip -n net2 ...'"), the name of the
namespace at a device's other end (link-netns), and the device filter that
`ip link show` and `ip address show` share.

  local dev = require("netlearn.cmd.ip_dev")(helpers)   -- helpers: see ip.lua
  dev.need_dev(ns, "veth0")      -- the device, or an iproute2 error plus a hint
]]
local net = require("netlearn.core")
local i18n = require("netlearn.i18n")
local kinds = require("netlearn.kinds")

return function(H)
  local M = {}
  local fail, garbage, invarg, kfail, L, valid_ifname = H.fail, H.garbage, H.invarg, H.kfail, H.L, H.valid_ifname

  local function all_ns()
    local t = { "" }
    for _, n in ipairs(net.ns_list() or {}) do t[#t + 1] = n end
    return t
  end

  local function ns_label(ns)
    if i18n.lang == "zh" then return ns == "" and "主机命名空间" or ("命名空间 " .. ns) end
    return ns == "" and "the host namespace" or ("namespace " .. ns)
  end

  local function links_of(ns)
    local l, e, errno = net.link_list(ns)
    if not l then kfail(e, errno) end
    return l
  end

  local function find_link(links, name)
    for _, l in ipairs(links) do if l.name == name then return l end end
    return nil
  end

  -- One device by name, asked of the kernel alone (no listing of the namespace,
  -- no search for a veth peer's namespace): commands stay O(1) in a big lab.
  local function get_link(ns, name)
    if not valid_ifname(name) then return nil end
    local l, e, errno = net.link_get(ns, name, { peer = false })
    if l then return l end
    if errno == net.errno.ENODEV then return nil end
    kfail(e, errno)
  end

  -- where else a device of that name lives, for hints
  local function elsewhere(ns, name)
    for _, other in ipairs(all_ns()) do
      if other ~= ns then
        local ok, ls = pcall(net.link_list, other)
        if ok and ls and find_link(ls, name) then return other end
      end
    end
    return nil
  end

  local function dev_hint(ns, name)
    local other = elsewhere(ns, name)
    if other == "" then
      return string.format(L("%s is in the host namespace, not in %s; run the command without 'ip netns exec'/'-n'",
        "%s 在主机命名空间里，不在%s里；去掉 'ip netns exec'/'-n' 再运行这条命令"), name, ns_label(ns))
    elseif other then
      return string.format(L("%s is in namespace %s; use 'ip -n %s ...' or 'ip netns exec %s ip ...'",
        "%s 在命名空间 %s 里；用 'ip -n %s ...' 或 'ip netns exec %s ip ...'"), name, other, other, other)
    end
    if ns == "" and (name:match("^eth%d+$") or name:match("^en[ops]")) then
      -- the articles' physical NIC: the sandbox starts with lo only
      return string.format(L("the lab has no physical NIC %s (a sandbox starts with lo only); make a stand-in first:"
        .. " ip link add %s type veth peer name %s-peer", "实验环境里没有物理网卡 %s（沙箱一开始只有 lo）；先造一个替身："
        .. "ip link add %s type veth peer name %s-peer"), name, name, name)
    end
    local list = ns == "" and "ip link" or ("ip -n " .. ns .. " link")
    if i18n.lang == "zh" then return string.format("%s里没有设备 %s；'%s' 列出设备", ns_label(ns), name, list) end
    return string.format("there is no device %s in %s; '%s' lists the devices", name, ns_label(ns), list)
  end

  local function need_dev(ns, name, links)
    local l
    if links then l = find_link(links, name) else l = get_link(ns, name) end
    if not l then fail(1, string.format('Cannot find device "%s"', name), dev_hint(ns, name)) end
    return l
  end

  local function need_ns(name, how)
    if not name or not net.ns_exists(name) or name == "" then
      if how == "netns" then
        invarg('Invalid "netns" value', tostring(name),
          L("no namespace " .. tostring(name) .. " yet; create it with 'ip netns add " .. tostring(name) .. "'",
            "还没有命名空间 " .. tostring(name) .. "；用 'ip netns add " .. tostring(name) .. "' 创建它"))
      end
      fail(255, string.format('Cannot open network namespace "%s": No such file or directory', tostring(name)),
        L("create it first with 'ip netns add " .. tostring(name) .. "'; 'ip netns list' shows the namespaces",
          "先用 'ip netns add " .. tostring(name) .. "' 创建它；'ip netns list' 列出命名空间"))
    end
    return name
  end

  -- link-netns NAME: which named namespace holds the other end of a device
  -- (the peer of a veth, the parent of a macvlan); nil for the host or unknown.
  local function nsname_finder(ns)
    local cache = {}
    local function links(other)
      if cache[other] == nil then
        local ok, ls = pcall(net.link_list, other)
        cache[other] = (ok and ls) or false
      end
      return cache[other] or {}
    end
    return function(l)
      -- the kernel's own nsid -> name answer (net.link_list asks it) is exact;
      -- matching ifindexes is only a fallback, ambiguous once two pairs collide
      if l.peer_ns and l.peer_ns ~= "" then return l.peer_ns end
      if not l.link_index then return nil end
      local found, count = nil, 0
      for _, other in ipairs(all_ns()) do
        if other ~= ns then
          for _, pl in ipairs(links(other)) do
            -- a pair's far end points back at this end
            if pl.ifindex == l.link_index and (not (kinds.get(l.type) or {}).pair or pl.link_index == l.ifindex) then
              found, count = other, count + 1
            end
          end
        end
      end
      if count == 1 and found ~= "" then return found end
      return nil
    end
  end

  -- filters shared by `ip link show` and `ip addr show`
  local function parse_show(a, what)
    local f = {}
    while a:more() do
      local w = a:next()
      if w == "up" then f.up = true
      elseif w == "type" then f.type = a:need(w)
      elseif w == "master" then f.master = a:need(w)
      elseif w == "scope" and what == "address" then f.scope = a:need(w)
      elseif w == "label" and what == "address" then f.label = a:need(w)
      elseif w == "to" and what == "address" then f.to = a:need(w)
      elseif w == "permanent" or w == "dynamic" or w == "primary" or w == "secondary" then -- accepted, no filter
      else
        if w == "dev" then w = a:need(w) end
        if f.dev then garbage("dev", w) end
        f.dev = w
      end
    end
    return f
  end

  local function filtered_links(ns, f)
    local links = links_of(ns)
    if f.dev and not find_link(links, f.dev) then
      fail(1, string.format('Device "%s" does not exist.', f.dev), dev_hint(ns, f.dev))
    end
    local out = {}
    for _, l in ipairs(links) do
      local keep = true
      if f.dev and l.name ~= f.dev then keep = false end
      if f.up and not l.up then keep = false end
      if f.type and l.type ~= f.type then keep = false end
      if f.master and l.master ~= f.master then keep = false end
      if keep then out[#out + 1] = l end
    end
    return out, links
  end

  M.all_ns, M.ns_label, M.links_of, M.find_link, M.get_link = all_ns, ns_label, links_of, find_link, get_link
  M.dev_hint, M.need_dev, M.need_ns, M.nsname_finder = dev_hint, need_dev, need_ns, nsname_finder
  M.parse_show, M.filtered_links = parse_show, filtered_links

  return M
end
