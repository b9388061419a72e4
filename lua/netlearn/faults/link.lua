--[[ netlearn.faults.link -- faults of links: down, MTU, wrong namespace, bridge ports, macvlan mode.
Declared as in netlearn.faults (lua/netlearn/faults/init.lua). ]]
local F = require("netlearn.faults")
local kinds = require("netlearn.kinds")
local pre = F.pre

-- links of the lab that carry an IPv4 address: {ns=, dev=, type=, addrs={...}}
local function addressed(lab, want)
  local out = {}
  for _, n in ipairs(lab.names) do
    local v = lab.ns[n]
    for _, l in ipairs(v.links) do
      if l.up and (not want or want[l.type]) then
        local as = {}
        for _, a in ipairs(v.addrs) do if a.dev == l.name then as[#as + 1] = a.address .. "/" .. a.prefixlen end end
        if #as > 0 then out[#out + 1] = { ns = n, dev = l.name, type = l.type, addrs = as, link = l } end
      end
    end
  end
  return out
end

local function ports(lab)
  local out = {}
  for _, n in ipairs(lab.names) do
    for _, l in ipairs(lab.ns[n].links) do
      if l.master and l.up then out[#out + 1] = { ns = n, dev = l.name, master = l.master, obj = n .. "/" .. l.name } end
    end
  end
  return out
end

return {
  {
    name = "link_down",
    title = { en = "{dev} in {where} is down", zh = "{where} 的 {dev} 被关闭（down）" },
    breaks = { "reaches" },
    targets = function(lab)
      -- a veth, a bridge or a device on a parent (the kinds' wire: macvlan, ipvlan, vlan)
      local want = {}
      for _, k in ipairs(kinds.all()) do
        if k.wire == "pair" or k.wire == "switch" or k.wire == "child" then want[k.name] = true end
      end
      local t = addressed(lab, want)
      for _, x in ipairs(t) do x.obj = x.ns .. "/" .. x.dev end
      return t
    end,
    inject = function(t) return { pre(t.ns) .. "ip link set " .. t.dev .. " down" } end,
    fix = function(t, lab)
      local c = { pre(t.ns) .. "ip link set " .. t.dev .. " up" }
      for _, r in ipairs(F.restore_routes(lab, t.ns, t.dev)) do c[#c + 1] = r end
      return c
    end,
    hints = {
      { en = "Look at the state of the interfaces on the path (ip link, in each namespace).",
        zh = "看看路径上各个网卡的状态（在每个命名空间里 ip link）。" },
      { en = "An interface in {where} is not UP.", zh = "{where} 里有一块网卡不是 UP 状态。" },
      { en = "{dev} in {where} is down: set it up, then check the routes that went with it.",
        zh = "{where} 的 {dev} 是 down：把它 up 起来，再检查跟着它消失的路由。" },
    },
  },
  {
    name = "bridge_port_down",
    title = { en = "the bridge port {dev} ({where}) is down", zh = "网桥端口 {dev}（{where}）被关闭" },
    breaks = { "reaches" },
    targets = ports,
    inject = function(t) return { pre(t.ns) .. "ip link set " .. t.dev .. " down" } end,
    fix = function(t) return { pre(t.ns) .. "ip link set " .. t.dev .. " up" } end,
    hints = {
      { en = "The addresses look right. Look at the switch in between.", zh = "地址看起来都对。看看中间的交换机（网桥）。" },
      { en = "'bridge link' lists the ports of {master} and their state.", zh = "'bridge link' 列出 {master} 的端口和它们的状态。" },
      { en = "The port {dev} of {master} is down: ip link set {dev} up.", zh = "{master} 的端口 {dev} 是 down：ip link set {dev} up。" },
    },
  },
  {
    name = "bridge_port_detached",
    title = { en = "{dev} ({where}) is no longer a port of {master}", zh = "{dev}（{where}）不再是 {master} 的端口" },
    breaks = { "reaches" },
    targets = ports,
    inject = function(t) return { pre(t.ns) .. "ip link set " .. t.dev .. " nomaster" } end,
    fix = function(t) return { pre(t.ns) .. "ip link set " .. t.dev .. " master " .. t.master } end,
    hints = {
      { en = "The addresses look right. Look at the switch in between.", zh = "地址看起来都对。看看中间的交换机（网桥）。" },
      { en = "Compare 'bridge link' (or 'brctl show') with the cables that should be plugged into {master}.",
        zh = "对照 'bridge link'（或 'brctl show'）和应该插在 {master} 上的网线。" },
      { en = "{dev} is not a port of {master}: ip link set {dev} master {master}.",
        zh = "{dev} 不是 {master} 的端口：ip link set {dev} master {master}。" },
    },
  },
  {
    name = "mtu_mismatch",
    title = { en = "the MTU of {dev} ({where}) is 1000, its peer's 1500", zh = "{dev}（{where}）的 MTU 是 1000，对端是 1500" },
    breaks = { "big" },
    targets = function(lab)
      local t = {}
      for _, x in ipairs(addressed(lab, { veth = true })) do
        if x.link.mtu == 1500 then x.obj = x.ns .. "/" .. x.dev .. "/mtu" t[#t + 1] = x end
      end
      return t
    end,
    inject = function(t) return { pre(t.ns) .. "ip link set " .. t.dev .. " mtu 1000" } end,
    fix = function(t) return { pre(t.ns) .. "ip link set " .. t.dev .. " mtu 1500" } end,
    hints = {
      { en = "Small pings work, big ones do not. What limits the size of a frame on a link?",
        zh = "小的 ping 能通，大的不通。什么限制了一条链路上帧的大小？" },
      { en = "Compare the mtu of both ends of each veth pair (ip link).", zh = "比较每对 veth 两端的 mtu（ip link）。" },
      { en = "{dev} in {where} has mtu 1000: ip link set {dev} mtu 1500.", zh = "{where} 的 {dev} 的 mtu 是 1000：ip link set {dev} mtu 1500。" },
    },
  },
  {
    name = "veth_wrong_ns",
    title = { en = "{dev} was moved from {where} into {to}", zh = "{dev} 从 {where} 被移到了 {to}" },
    breaks = { "reaches" },
    targets = function(lab)
      local t = {}
      for _, x in ipairs(addressed(lab, { veth = true })) do
        if x.ns ~= "" then
          for _, n in ipairs(lab.names) do
            local clash = false
            if n ~= "" then for _, l in ipairs(lab.ns[n].links) do if l.name == x.dev then clash = true end end end
            if n ~= "" and n ~= x.ns and not clash then
              x.to, x.obj = n, x.ns .. "/" .. x.dev
              t[#t + 1] = x
              break
            end
          end
        end
      end
      return t
    end,
    inject = function(t) return { pre(t.ns) .. "ip link set " .. t.dev .. " netns " .. t.to } end,
    fix = function(t, lab)
      local c = { pre(t.to) .. "ip link set " .. t.dev .. " netns " .. t.ns }
      for _, a in ipairs(t.addrs) do c[#c + 1] = pre(t.ns) .. "ip addr add " .. a .. " dev " .. t.dev end
      c[#c + 1] = pre(t.ns) .. "ip link set " .. t.dev .. " up"
      for _, r in ipairs(F.restore_routes(lab, t.ns, t.dev)) do c[#c + 1] = r end
      return c
    end,
    hints = {
      { en = "Is every cable end where it should be? List the interfaces of every namespace.",
        zh = "每根网线的一端都在该在的地方吗？列出每个命名空间的网卡。" },
      { en = "{where} is missing an interface that another namespace has.", zh = "{where} 少了一块网卡，它跑到别的命名空间里去了。" },
      { en = "{dev} is in {to}: move it back (ip netns exec {to} ip link set {dev} netns {ns}), then its address, up, routes.",
        zh = "{dev} 在 {to} 里：把它移回去（ip netns exec {to} ip link set {dev} netns {ns}），再配地址、up、路由。" },
    },
  },
  {
    name = "macvlan_mode",
    title = { en = "the macvlan {dev} ({where}) is in mode private, not {mode}", zh = "macvlan {dev}（{where}）的模式被改成了 private，原来是 {mode}" },
    breaks = { "reaches" },
    targets = function(lab)
      local t = {}
      for _, n in ipairs(lab.names) do
        for _, l in ipairs(lab.ns[n].links) do
          if l.type == "macvlan" and l.up and l.mode and l.mode ~= "private" and l.mode ~= "passthru" then
            t[#t + 1] = { ns = n, dev = l.name, mode = l.mode, obj = n .. "/" .. l.name .. "/mode" }
          end
        end
      end
      return t
    end,
    inject = function(t) return { pre(t.ns) .. "ip link set " .. t.dev .. " type macvlan mode private" } end,
    fix = function(t) return { pre(t.ns) .. "ip link set " .. t.dev .. " type macvlan mode " .. t.mode } end,
    hints = {
      { en = "Neighbours on the same parent cannot talk. How do macvlan devices on one parent see each other?",
        zh = "同一个父接口上的邻居互相不通。同一父接口上的 macvlan 设备之间怎样互通？" },
      { en = "'ip -d link' shows each macvlan's mode.", zh = "'ip -d link' 显示每个 macvlan 的模式。" },
      { en = "{dev} in {where} is in mode private: ip link set {dev} type macvlan mode {mode}.",
        zh = "{where} 的 {dev} 是 private 模式：ip link set {dev} type macvlan mode {mode}。" },
    },
  },
}
