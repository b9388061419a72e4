--[[ netlearn.faults.addr -- faults of addresses: removed, wrong mask, duplicate,
a wrong static neighbour entry.
Declared as in netlearn.faults (lua/netlearn/faults/init.lua). ]]
local F = require("netlearn.faults")
local pre = F.pre

local function addrs(lab)
  local out = {}
  for _, n in ipairs(lab.names) do
    for _, a in ipairs(lab.ns[n].addrs) do
      out[#out + 1] = { ns = n, dev = a.dev, addr = a.address, len = a.prefixlen,
        cidr = a.address .. "/" .. a.prefixlen, obj = n .. "/" .. a.dev }
    end
  end
  return out
end

local function restore(t, lab, c)
  for _, r in ipairs(F.restore_routes(lab, t.ns, t.dev)) do c[#c + 1] = r end
  return c
end

return {
  {
    name = "addr_removed",
    title = { en = "{cidr} was removed from {dev} ({where})", zh = "{where} 的 {dev} 上的 {cidr} 被删除了" },
    breaks = { "reaches" },
    targets = addrs,
    inject = function(t) return { pre(t.ns) .. "ip addr del " .. t.cidr .. " dev " .. t.dev } end,
    fix = function(t, lab) return restore(t, lab, { pre(t.ns) .. "ip addr add " .. t.cidr .. " dev " .. t.dev }) end,
    hints = {
      { en = "Who answers for each address of the lab? Check the addresses (ip addr) everywhere.",
        zh = "实验里的每个地址都有人应答吗？到处看看地址（ip addr）。" },
      { en = "An interface in {where} has lost its IPv4 address.", zh = "{where} 里有一块网卡丢了它的 IPv4 地址。" },
      { en = "{dev} in {where} should have {cidr}: add it back, then the routes that went with it.",
        zh = "{where} 的 {dev} 应该有 {cidr}：加回去，再把跟着它消失的路由加回去。" },
    },
  },
  {
    name = "wrong_mask",
    title = { en = "{addr} on {dev} ({where}) has the mask /32 instead of /{len}", zh = "{where} 的 {dev} 上 {addr} 的掩码是 /32，应该是 /{len}" },
    breaks = { "reaches" },
    targets = function(lab)
      local t = {}
      for _, x in ipairs(addrs(lab)) do if x.len < 31 then t[#t + 1] = x end end
      return t
    end,
    inject = function(t)
      return { pre(t.ns) .. "ip addr del " .. t.cidr .. " dev " .. t.dev, pre(t.ns) .. "ip addr add " .. t.addr .. "/32 dev " .. t.dev }
    end,
    fix = function(t, lab)
      return restore(t, lab, { pre(t.ns) .. "ip addr del " .. t.addr .. "/32 dev " .. t.dev,
        pre(t.ns) .. "ip addr add " .. t.cidr .. " dev " .. t.dev })
    end,
    hints = {
      { en = "The addresses are all there. But which subnet does each interface think it is on?",
        zh = "地址都在。但每块网卡认为自己在哪个网段上？" },
      { en = "Look at the prefix lengths in 'ip addr' and the connected routes in 'ip route' of {where}.",
        zh = "看看 {where} 的 'ip addr' 里的前缀长度和 'ip route' 里的直连路由。" },
      { en = "{addr} on {dev} in {where} is /32: it should be {cidr}.", zh = "{where} 的 {dev} 上 {addr} 是 /32：应该是 {cidr}。" },
    },
  },
  {
    name = "duplicate_address",
    title = { en = "{dev} ({where}) got {dup}, the address of {other}, instead of {addr}",
              zh = "{where} 的 {dev} 用了 {other} 的地址 {dup}，而不是 {addr}" },
    breaks = { "reaches" },
    targets = function(lab)
      local all, t = addrs(lab), {}
      for _, x in ipairs(all) do
        for _, y in ipairs(all) do
          if y.ns ~= x.ns and y.len == x.len and y.addr ~= x.addr and F.same_net(x.addr, y.addr, x.len) then
            x.dup, x.other = y.addr, F.who(y.ns, "en")
            t[#t + 1] = x
            break
          end
        end
      end
      return t
    end,
    inject = function(t)
      return { pre(t.ns) .. "ip addr del " .. t.cidr .. " dev " .. t.dev,
        pre(t.ns) .. "ip addr add " .. t.dup .. "/" .. t.len .. " dev " .. t.dev }
    end,
    fix = function(t, lab)
      local c = restore(t, lab, { pre(t.ns) .. "ip addr del " .. t.dup .. "/" .. t.len .. " dev " .. t.dev,
        pre(t.ns) .. "ip addr add " .. t.cidr .. " dev " .. t.dev })
      -- the neighbours on the subnet may have learned the duplicate's MAC: forget it
      for _, n in ipairs(lab.names) do
        for _, a in ipairs(lab.ns[n].addrs) do
          if n ~= t.ns and F.same_net(a.address, t.addr, t.len) then
            c[#c + 1] = pre(n) .. "ip neigh flush dev " .. a.dev
          end
        end
      end
      return c
    end,
    hints = {
      { en = "Two machines on one subnet claim the same address. Compare the addresses of every namespace.",
        zh = "同一网段上有两台机器声称拥有同一个地址。比较每个命名空间的地址。" },
      { en = "{dup} appears twice in the lab; one of them is in {where}.", zh = "{dup} 在实验里出现了两次，其中一个在 {where}。" },
      { en = "{dev} in {where} should have {cidr}, not {dup}; then the neighbours must forget the wrong MAC (ip neigh flush).",
        zh = "{where} 的 {dev} 应该是 {cidr}，而不是 {dup}；然后邻居要忘掉错误的 MAC（ip neigh flush）。" },
    },
  },
  {
    name = "wrong_neighbour",
    title = { en = "{where} has a static neighbour entry for {peer} with a wrong MAC ({mac}) on {dev}",
              zh = "{where} 的 {dev} 上有一条 {peer} 的静态邻居表项，MAC 是错的（{mac}）" },
    breaks = { "reaches" },
    targets = function(lab)
      local all, t = addrs(lab), {}
      for _, x in ipairs(all) do
        for _, y in ipairs(all) do
          if y.ns ~= x.ns and y.len == x.len and F.same_net(x.addr, y.addr, x.len) then
            t[#t + 1] = { ns = x.ns, dev = x.dev, peer = y.addr, mac = "02:00:5e:00:53:01", obj = x.obj }
          end
        end
      end
      return t
    end,
    -- permanent: ARP never corrects it, as with a wrong entry an admin typed
    inject = function(t) return { pre(t.ns) .. "ip neigh replace " .. t.peer .. " lladdr " .. t.mac .. " dev " .. t.dev .. " nud permanent" } end,
    fix = function(t) return { pre(t.ns) .. "ip neigh del " .. t.peer .. " dev " .. t.dev } end,
    hints = {
      { en = "The addresses and routes are right. But which MAC does each machine send to? Look at the neighbour tables (ip neigh).",
        zh = "地址和路由都对。但每台机器把帧发给哪个 MAC？看看邻居表（ip neigh）。" },
      { en = "{where} has a PERMANENT neighbour entry that ARP will never correct.", zh = "{where} 有一条 PERMANENT 邻居表项，ARP 永远不会纠正它。" },
      { en = "In {where}, {peer} on {dev} points to {mac}, which nobody has: delete the entry (ip neigh del {peer} dev {dev}).",
        zh = "{where} 里 {dev} 上的 {peer} 指向没人拥有的 {mac}：删掉这条表项（ip neigh del {peer} dev {dev}）。" },
    },
  },
}
