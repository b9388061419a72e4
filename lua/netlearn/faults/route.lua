--[[ netlearn.faults.route -- faults of routing: strict rp_filter on an asymmetric
path, a route or the default route gone, a wrong gateway, a blackhole route, a
policy rule to an empty table.
Declared as in netlearn.faults (lua/netlearn/faults/init.lua). ]]
local F = require("netlearn.faults")
local pre = F.pre

-- the lab's own routes (not the kernel's connected ones); default or not
local function routes(lab, default)
  local t = {}
  for _, n in ipairs(lab.names) do
    for _, r in ipairs(lab.ns[n].routes) do
      if r.protocol ~= "kernel" and r.type == "unicast" and ((r.dst == "default") == default) then
        t[#t + 1] = { ns = n, dst = r.dst, gw = r.gateway or "-", dev = r.dev, args = F.route_args(r),
          route = r, obj = n .. "/route/" .. r.dst }
      end
    end
  end
  return t
end

local function all_addrs(lab)
  local s = {}
  for _, n in ipairs(lab.names) do for _, a in ipairs(lab.ns[n].addrs) do s[a.address] = n end end
  return s
end

-- Interfaces with an address where reverse-path filtering is not strict yet
-- (all=0: with all=2 the kernel's max() keeps every interface loose)
local function loose_interfaces(lab)
  local t = {}
  for _, n in ipairs(lab.names) do
    local v = lab.ns[n]
    if v.rp and v.rp.all == 0 then
      local seen = {}
      for _, a in ipairs(v.addrs) do
        local was = v.rp.dev[a.dev]
        if was and was ~= 1 and not seen[a.dev] then
          seen[a.dev] = true
          t[#t + 1] = { ns = n, dev = a.dev, was = was, obj = n .. "/" .. a.dev .. "/rp_filter" }
        end
      end
    end
  end
  return t
end

return {
  {
    -- applies only where a path is asymmetric: elsewhere it breaks nothing, and
    -- a challenge keeps a fault only when it breaks a claim
    name = "rp_filter_strict",
    title = { en = "strict reverse-path filtering (rp_filter=1) on {dev} in {where}, where the way back is another interface",
      zh = "{where} 的 {dev} 上开了严格反向路径过滤（rp_filter=1），而回程走的是另一个接口" },
    breaks = { "reaches" },
    targets = loose_interfaces,
    inject = function(t) return { pre(t.ns) .. "sysctl -w net.ipv4.conf." .. t.dev .. ".rp_filter=1" } end,
    fix = function(t) return { pre(t.ns) .. "sysctl -w net.ipv4.conf." .. t.dev .. ".rp_filter=" .. t.was } end,
    hints = {
      { en = "Every route exists, yet requests die on the way. Do the request and the reply take the same way?",
        zh = "路由都在，请求却在半路消失了。请求和回应走的是同一条路吗？" },
      { en = "In {where}, compare the interface the requests arrive on ({dev}) with 'ip route get' of their source; " ..
        "then look at the rp_filter sysctls.",
        zh = "在 {where} 里，比较请求进来的接口（{dev}）和对其源地址做 'ip route get' 的结果；再看 rp_filter 相关的 sysctl。" },
      { en = "{where} drops what arrives on {dev} when the route back leaves by another interface (strict rp_filter): " ..
        "sysctl -w net.ipv4.conf.{dev}.rp_filter={was} (or 2, loose).",
        zh = "{where} 丢弃从 {dev} 进来、但回程路由走别的接口的包（严格 rp_filter）：" ..
          "sysctl -w net.ipv4.conf.{dev}.rp_filter={was}（或者 2，宽松模式）。" },
    },
  },
  {
    name = "route_missing",
    title = { en = "the route '{args}' in {where} is gone", zh = "{where} 的路由 '{args}' 没有了" },
    breaks = { "reaches" },
    targets = function(lab) return routes(lab, false) end,
    inject = function(t) return { pre(t.ns) .. "ip route del " .. t.args } end,
    fix = function(t) return { pre(t.ns) .. "ip route replace " .. t.args } end,
    hints = {
      { en = "A packet needs a way there and a way back. Follow one with 'ip route get' on each machine it crosses.",
        zh = "包要有去路，也要有回路。在它经过的每台机器上用 'ip route get' 跟着它走一遍。" },
      { en = "{where} has no route for some destination it needs.", zh = "{where} 缺了某个目的地址需要的路由。" },
      { en = "{where} lacks the route {args}.", zh = "{where} 缺少路由 {args}。" },
    },
  },
  {
    name = "default_gone",
    title = { en = "the default route of {where} ('{args}') is gone", zh = "{where} 的默认路由（'{args}'）没有了" },
    breaks = { "reaches" },
    targets = function(lab) return routes(lab, true) end,
    inject = function(t) return { pre(t.ns) .. "ip route del " .. t.args } end,
    fix = function(t) return { pre(t.ns) .. "ip route replace " .. t.args } end,
    hints = {
      { en = "Nearby addresses work, far ones do not. Where does a machine send what it has no specific route for?",
        zh = "近的地址能通，远的不通。一台机器没有具体路由的包会发到哪里？" },
      { en = "Look for the default route in 'ip route' of {where}.", zh = "看看 {where} 的 'ip route' 里有没有默认路由。" },
      { en = "{where} lost its default route: ip route add {args}.", zh = "{where} 丢了默认路由：ip route add {args}。" },
    },
  },
  {
    name = "wrong_gateway",
    title = { en = "the route to {dst} in {where} goes via {bad}, not {gw}", zh = "{where} 到 {dst} 的路由的网关是 {bad}，应该是 {gw}" },
    breaks = { "reaches" },
    targets = function(lab)
      local used, t = all_addrs(lab), {}
      for _, d in ipairs({ false, true }) do
        for _, x in ipairs(routes(lab, d)) do
          local r = x.route
          if r.gateway then
            local len = 24
            for _, a in ipairs(lab.ns[x.ns].addrs) do
              if a.dev == r.dev and F.same_net(a.address, r.gateway, a.prefixlen) then len = a.prefixlen end
            end
            local base = F.ip2n(r.gateway) & ((0xffffffff << (32 - len)) & 0xffffffff)
            local size = 1 << (32 - len)
            for off = size - 2, 1, -1 do
              local cand = F.n2ip(base + off)
              if not used[cand] then
                x.bad = cand
                break
              end
            end
            if x.bad then
              x.badargs = x.args:gsub("via " .. r.gateway:gsub("%.", "%%."), "via " .. x.bad)
              t[#t + 1] = x
            end
          end
        end
      end
      return t
    end,
    inject = function(t) return { pre(t.ns) .. "ip route replace " .. t.badargs } end,
    fix = function(t) return { pre(t.ns) .. "ip route replace " .. t.args } end,
    hints = {
      { en = "The route is there, but does it lead to a router? Capture on the way and look for ARP requests nobody answers.",
        zh = "路由还在，但它指向的是路由器吗？在沿途抓包，找没人应答的 ARP 请求。" },
      { en = "A gateway in {where}'s routes is an address nobody owns.", zh = "{where} 的路由里有一个网关地址，没有任何机器拥有它。" },
      { en = "In {where} the route to {dst} should go via {gw}, not {bad}.", zh = "在 {where} 里，到 {dst} 的路由应该经过 {gw}，而不是 {bad}。" },
    },
  },
  {
    name = "blackhole_route",
    title = { en = "{where} has a blackhole route for {to}/32", zh = "{where} 有一条到 {to}/32 的 blackhole 路由" },
    breaks = { "reaches" },
    targets = function(lab)
      local t = {}
      for _, n in ipairs(lab.names) do
        local own = {}
        for _, a in ipairs(lab.ns[n].addrs) do own[a.address] = true end
        if #lab.ns[n].addrs > 0 then
          for _, m in ipairs(lab.names) do
            for _, a in ipairs(lab.ns[m].addrs) do
              if m ~= n and not own[a.address] then
                t[#t + 1] = { ns = n, to = a.address, obj = n .. "/bh/" .. a.address }
              end
            end
          end
        end
      end
      return t
    end,
    inject = function(t) return { pre(t.ns) .. "ip route add blackhole " .. t.to .. "/32" } end,
    fix = function(t) return { pre(t.ns) .. "ip route del blackhole " .. t.to .. "/32" } end,
    hints = {
      { en = "One address is unreachable while its neighbours are fine. Ask each machine how it would send there: 'ip route get'.",
        zh = "只有一个地址不通，它的邻居都没问题。问问每台机器会怎么发过去：'ip route get'。" },
      { en = "A route in {where} swallows the packets silently.", zh = "{where} 里有一条路由悄悄把包吞掉了。" },
      { en = "{where} has 'blackhole {to}': ip route del blackhole {to}/32.", zh = "{where} 有 'blackhole {to}'：ip route del blackhole {to}/32。" },
    },
  },
  {
    name = "rule_empty_table",
    title = { en = "in {where} a policy rule sends lookups to the empty table 100 and the rule for main is gone",
              zh = "{where} 的策略路由规则把查找交给了空的 100 号表，main 表的规则被删了" },
    breaks = { "reaches" },
    targets = function(lab)
      local t = {}
      for _, n in ipairs(lab.names) do
        local has = false
        for _, r in ipairs(lab.ns[n].routes) do if r.protocol ~= "kernel" or r.dst ~= "default" then has = true end end
        if has then t[#t + 1] = { ns = n, obj = n .. "/rules" } end
      end
      return t
    end,
    inject = function(t) return { pre(t.ns) .. "ip rule add pref 32000 lookup 100", pre(t.ns) .. "ip rule del pref 32766" } end,
    fix = function(t) return { pre(t.ns) .. "ip rule add pref 32766 lookup main", pre(t.ns) .. "ip rule del pref 32000" } end,
    hints = {
      { en = "The routes all look right, yet the machine does not use them. Which tables does it consult, in which order?",
        zh = "路由看起来都对，机器却不用它们。它查哪些路由表，按什么顺序？" },
      { en = "Look at 'ip rule' in {where}.", zh = "看看 {where} 的 'ip rule'。" },
      { en = "{where} looks up table 100 (empty) and no longer main: ip rule add pref 32766 lookup main; ip rule del pref 32000.",
        zh = "{where} 查的是空的 100 号表，不再查 main：ip rule add pref 32766 lookup main；ip rule del pref 32000。" },
    },
  },
}
