--[[ netlearn.faults.netfilter -- faults of forwarding and iptables: ip_forward off, a
FORWARD DROP policy, MASQUERADE removed, DNAT to the wrong port.
Declared as in netlearn.faults (lua/netlearn/faults/init.lua). ]]
local F = require("netlearn.faults")
local pre = F.pre

local function routers(lab)
  local t = {}
  for _, n in ipairs(lab.names) do
    if lab.ns[n].fwd then t[#t + 1] = { ns = n, obj = n .. "/fwd" } end
  end
  return t
end

-- the nat table's rules with target `target`: {ns=, rule="POSTROUTING -s ... -j MASQUERADE"}
local function nat_rules(lab, target)
  local t = {}
  for _, n in ipairs(lab.names) do
    for _, l in ipairs(lab.ns[n].nat) do
      local rule = l:match("^%-A (.*)$")
      if rule and rule:find("-j " .. target, 1, true) then
        t[#t + 1] = { ns = n, rule = rule, chain = rule:match("^(%S+)"), obj = n .. "/nat/" .. rule }
      end
    end
  end
  return t
end

return {
  {
    name = "ip_forward_off",
    title = { en = "ip_forward is off in {where}", zh = "{where} 的 ip_forward 被关闭了" },
    breaks = { "reaches" },
    targets = routers,
    inject = function(t) return { pre(t.ns) .. "sysctl -w net.ipv4.ip_forward=0" } end,
    fix = function(t) return { pre(t.ns) .. "sysctl -w net.ipv4.ip_forward=1" } end,
    hints = {
      { en = "The router's own addresses answer, the machines behind it do not. What must a router do that a host does not?",
        zh = "路由器自己的地址能通，它后面的机器不通。路由器要做什么主机不做的事？" },
      { en = "Capture on both sides of {where}: packets go in and do not come out.", zh = "在 {where} 两边抓包：包进去了，没有出来。" },
      { en = "{where} does not forward: sysctl -w net.ipv4.ip_forward=1 there.", zh = "{where} 不转发：在那里 sysctl -w net.ipv4.ip_forward=1。" },
    },
  },
  {
    name = "forward_drop",
    title = { en = "the FORWARD policy in {where} is DROP", zh = "{where} 的 FORWARD 链默认策略是 DROP" },
    breaks = { "reaches" },
    targets = function(lab)
      local t = {}
      for _, x in ipairs(routers(lab)) do
        local accept = true
        for _, l in ipairs(lab.ns[x.ns].ipt) do if l == "-P FORWARD DROP" then accept = false end end
        if accept then x.obj = x.ns .. "/filter" t[#t + 1] = x end
      end
      return t
    end,
    inject = function(t) return { pre(t.ns) .. "iptables -P FORWARD DROP" } end,
    fix = function(t) return { pre(t.ns) .. "iptables -P FORWARD ACCEPT" } end,
    hints = {
      { en = "Routing and forwarding look right, yet forwarded packets vanish. What else does a packet pass in a router?",
        zh = "路由和转发看起来都对，转发的包却不见了。包在路由器里还要经过什么？" },
      { en = "Look at the filter table of {where}: iptables -S (or iptables -L -v -n, its counters).",
        zh = "看看 {where} 的 filter 表：iptables -S（或 iptables -L -v -n 看计数）。" },
      { en = "The FORWARD chain of {where} drops by default: iptables -P FORWARD ACCEPT.",
        zh = "{where} 的 FORWARD 链默认丢弃：iptables -P FORWARD ACCEPT。" },
    },
  },
  {
    name = "masquerade_removed",
    title = { en = "the rule '-A {rule}' (nat) in {where} is gone", zh = "{where} 的 nat 规则 '-A {rule}' 没有了" },
    breaks = { "reaches", "curl" },
    targets = function(lab) return nat_rules(lab, "MASQUERADE") end,
    inject = function(t) return { pre(t.ns) .. "iptables -t nat -D " .. t.rule } end,
    fix = function(t) return { pre(t.ns) .. "iptables -t nat -A " .. t.rule } end,
    hints = {
      { en = "The requests leave, the replies never come back. From which address do they leave a private network?",
        zh = "请求发出去了，回应却回不来。包离开私有网络时用的是什么源地址？" },
      { en = "Capture on the outside of {where}: the source address is a private one nobody can answer.",
        zh = "在 {where} 的外侧抓包：源地址是一个没人能回应的私有地址。" },
      { en = "{where} lost its source NAT: iptables -t nat -A {rule}.", zh = "{where} 丢了源地址转换：iptables -t nat -A {rule}。" },
    },
  },
  {
    name = "dnat_wrong_port",
    title = { en = "the DNAT rule in {where} sends to port {bad} instead of {port}", zh = "{where} 的 DNAT 规则转发到了端口 {bad}，应该是 {port}" },
    breaks = { "curl" },
    targets = function(lab)
      local t = {}
      for _, x in ipairs(nat_rules(lab, "DNAT")) do
        local ip, port = x.rule:match("%-%-to%-destination (%d+%.%d+%.%d+%.%d+):(%d+)")
        if ip then
          x.port, x.bad = port, tostring(tonumber(port) + 1)
          x.badrule = x.rule:gsub("(%-%-to%-destination %d+%.%d+%.%d+%.%d+):%d+", "%1:" .. x.bad)
          t[#t + 1] = x
        end
      end
      return t
    end,
    inject = function(t) return { pre(t.ns) .. "iptables -t nat -D " .. t.rule, pre(t.ns) .. "iptables -t nat -A " .. t.badrule } end,
    fix = function(t) return { pre(t.ns) .. "iptables -t nat -D " .. t.badrule, pre(t.ns) .. "iptables -t nat -A " .. t.rule } end,
    hints = {
      { en = "The published port answers 'connection refused'. Where is it translated, and to what?",
        zh = "发布的端口回答'连接被拒绝'。它在哪里被转换，转换成了什么？" },
      { en = "Read the nat table of {where}: iptables -t nat -S, and compare with the port the server listens on.",
        zh = "读一读 {where} 的 nat 表：iptables -t nat -S，和服务器监听的端口比较。" },
      { en = "The DNAT rule in {where} goes to port {bad}; the server listens on {port}.",
        zh = "{where} 的 DNAT 规则转发到端口 {bad}；服务器监听的是 {port}。" },
    },
  },
}
