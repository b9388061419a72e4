--[[ netlearn.hints -- hints that fit the situation, looked up in the lab.

A probe's failure has many causes; the hint names the one the lab shows,
in the learner's language (netlearn.i18n):

  hints.refused(ns, host, port)   -> "hint: ..." after "Connection refused":
      the nat OUTPUT chain is blamed only when NS (where the connection was
      opened) has a DNAT for HOST:PORT in nat PREROUTING and none in OUTPUT;
      otherwise nothing listens where the packet ended up.
  hints.unreachable(ns, dest)     -> "hint: ..." after "Network is unreachable":
      lo down (for 127.x or the namespace's own address), no address at all,
      the device of a matching address down, or else no route.
]]
local M = {}
local net = require("netlearn.core")
local ipv4 = require("netlearn.ipv4")

local MSG = {
  en = {
    output = "hint: %1$s has a DNAT for %2$s port %3$s in nat PREROUTING and none in nat OUTPUT. NAT is decided once " ..
      "per connection, at its first packet: in nat OUTPUT for a connection opened in %1$s itself (nat PREROUTING " ..
      "decides only for connections arriving from elsewhere), so this one was never translated. Add it to OUTPUT " ..
      "(iptables -t nat -A OUTPUT -p tcp -d %2$s --dport %3$s -j DNAT --to-destination %4$s)",
    listen = "hint: nothing listens on %s port %s: the machine holding that address (or the one a DNAT on " ..
      "the way sent the packet to) answered with a reset. Start a server there (python3 -m http.server %s), " ..
      "or check the DNAT's --to-destination",
    lo = "hint: lo is down in %s, and %s is reached through lo: ip link set lo up (every new namespace's lo starts down)",
    noaddr = "hint: %s has no IPv4 address on an interface that is up, so it has no route to anywhere: " ..
      "give one (ip addr add 10.0.0.1/24 dev DEV; ip link set DEV up), and its subnet's route comes with it",
    down = "hint: %s is down, and with it the route of %s (%s): ip link set %s up",
    noroute = "hint: %s has no route to %s ('ip route' shows the table): add one " ..
      "(ip route add %s via GATEWAY) or a default route (ip route add default via GATEWAY)",
  },
  zh = {
    output = "提示：%1$s 的 nat PREROUTING 里有一条把 %2$s 端口 %3$s DNAT 出去的规则，nat OUTPUT 里却没有。" ..
      "NAT 对每个连接只在它的第一个包时决定一次：%1$s 自己发起的连接在 nat OUTPUT 里决定（nat PREROUTING " ..
      "只为从别处进来的连接做决定），所以这个连接没有被转换。把规则加到 OUTPUT" ..
      "（iptables -t nat -A OUTPUT -p tcp -d %2$s --dport %3$s -j DNAT --to-destination %4$s）",
    listen = "提示：%s 的 %s 端口上没有程序在监听：持有这个地址的机器（或途中 DNAT 把包转去的机器）回了 RST。" ..
      "在那里启动一个服务（python3 -m http.server %s），或检查 DNAT 的 --to-destination",
    lo = "提示：%s 的 lo 是关着的，而到 %s 要经过 lo：ip link set lo up（新命名空间的 lo 一开始都是关着的）",
    noaddr = "提示：%s 在启用的网卡上没有 IPv4 地址，所以哪里都没有路由：给它一个地址" ..
      "（ip addr add 10.0.0.1/24 dev 设备；ip link set 设备 up），所在子网的路由会随之出现",
    down = "提示：%s 是关着的，%s 的路由（%s）也随之不在了：ip link set %s up",
    noroute = "提示：%s 没有到 %s 的路由（'ip route' 查看路由表）：添加一条" ..
      "（ip route add %s via 网关）或一条默认路由（ip route add default via 网关）",
  },
}

M.messages = MSG

-- the message in the learner's language; Chinese made of parts ("宿主机" ..
-- " 在启用的网卡上") gets its typography back (netlearn.zhtext)
local function say(key, ...)
  local i18n = require("netlearn.i18n")
  local s = i18n.message(MSG, i18n.lang, key, ...)
  if i18n.lang == "zh" then s = require("netlearn.zhtext").tidy(s) end
  return s
end

local function who(ns)
  if ns == nil or ns == "" then
    return require("netlearn.machine").current or (require("netlearn.i18n").lang == "zh" and "宿主机" or "the host")
  end
  return ns
end

-- does rule R (from net.nft_list) DNAT a TCP connection to HOST:PORT?
local function dnat_catches(r, host, port)
  if r.table ~= "nat" or r.target ~= "DNAT" then return false end
  if r.proto and r.proto ~= "tcp" then return false end
  if r.dport and tonumber(r.dport) ~= tonumber(port) then return false end
  if r.dst then
    local inside = ipv4.contains(r.dst, host)
    if r.not_dst then inside = not inside end      -- ! -d
    if not inside then return false end
  end
  return true
end

-- the DNAT rule for HOST:PORT that built-in chain HOOK reaches (itself or one jump away)
local VERDICT = { ACCEPT = true, DROP = true, RETURN = true, DNAT = true, SNAT = true, MASQUERADE = true,
  REDIRECT = true, REJECT = true, LOG = true, MARK = true }
local function dnat_from(rules, hook, host, port)
  local reach = { [hook] = true }
  for _, r in ipairs(rules) do
    if r.table == "nat" and r.chain == hook and r.target and not VERDICT[r.target] then reach[r.target] = true end
  end
  for _, r in ipairs(rules) do
    if reach[r.chain] and dnat_catches(r, host, port) then return r end
  end
  return nil
end

function M.refused(ns, host, port)
  local list = net.nft_list(ns)
  local rules = list and list.rules or {}
  local pre = dnat_from(rules, "PREROUTING", host, port)
  if pre and not dnat_from(rules, "OUTPUT", host, port) then
    return say("output", who(ns), host, tostring(port), tostring(pre.to or "ADDRESS:PORT"))
  end
  return say("listen", host, tostring(port), tostring(port))
end

function M.unreachable(ns, dest)
  local links, up = {}, {}
  for _, l in ipairs(net.link_list(ns) or {}) do links[l.name] = l; up[l.name] = l.up end
  local addrs = {}
  for _, a in ipairs(net.addr_list(ns) or {}) do
    if a.family == "inet" then addrs[#addrs + 1] = a end
  end
  local own = dest:match("^127%.") ~= nil
  for _, a in ipairs(addrs) do if a.address == dest then own = true end end
  if own and links.lo and not up.lo then return say("lo", who(ns), dest) end
  for _, a in ipairs(addrs) do
    if a.dev ~= "lo" and not up[a.dev] and ipv4.contains(ipv4.network(a.address, a.prefixlen), dest) then
      return say("down", a.dev, ipv4.network(a.address, a.prefixlen), a.address, a.dev)
    end
  end
  local usable = false
  for _, a in ipairs(addrs) do if a.dev ~= "lo" and up[a.dev] then usable = true end end
  if not usable then return say("noaddr", who(ns)) end
  return say("noroute", who(ns), dest, ipv4.network(dest, 24))
end

return M
