--[[ netlearn.why -- "why doesn't it ping?": walk one packet through the lab as
the kernel would, hop by hop, find the first broken link and the command that
fixes it, then send a real probe to see whether the prediction held.

Everything comes from the lab's real state through net.* (routes, rules,
addresses, links, neighbours, sysctls, nf_tables rules); nothing is run.

  local why = require("netlearn.why")
  local r = why.diagnose("net2", "192.167.3.2")              -- ping
  local r = why.diagnose("host", "192.168.0.10", {proto="tcp", port=8888})
  -- r = {ok=bool, hops={{ns=, what=, ok=, detail=, fix=, dir="request"|"reply"}...},
  --      broken=index|nil, fix="command"|nil, alt_fix=, confirmed=bool|nil,
  --      probe={sent=, received=, text=}, from=, dest=, proto=, port=}
  for _, line in ipairs(why.format(r)) do print(line) end
  why.format(r, {quiz=true})   -- the hops without verdicts, to ask "which hop breaks?"

The walk: source address and route lookup (rules, longest prefix) in FROM;
OUTPUT DNAT (and the trap of a DNAT only in PREROUTING); ARP: who in the lab
holds the next hop and whether a link really joins them (veth peers, bridge
ports up and forwarding, macvlan modes and the parent that cannot reach its
children); at each router the incoming interface's forwarding (IPv4 asks
only net.ipv4.conf.IN.forwarding), rp_filter, PREROUTING DNAT, FORWARD, the
onward route, SNAT/MASQUERADE, an ipip tunnel and its underlay; a frame a bridge
switches port to port goes through the bridge namespace's iptables (nat
PREROUTING, FORWARD, nat POSTROUTING) where bridge-nf-call-iptables=1
(br_netfilter); at the destination INPUT and then the reply's own way back,
through conntrack's reverse NAT, to the source.
]]
local net = require("netlearn.core")
local i18n = require("netlearn.i18n")
local WM = require("netlearn.why_model")   -- the lab's state and the kernel's decisions over it

local M = {}

---------------------------------------------------------------------------
-- Messages (en, zh), the shape of netlearn.i18n's table; i18n.message picks one.
---------------------------------------------------------------------------
local MSG = {
  en = {
    title = "why: %s from %s to %s",
    t_ping = "ping", t_tcp = "TCP connection",
    w_route = "route", w_arp = "arp", w_link = "link", w_forward = "forward", w_rpf = "rp_filter",
    w_nat = "nat", w_filter = "filter", w_deliver = "deliver", w_tunnel = "tunnel", w_loop = "loop",
    w_bridge = "bridge",
    brnf_between = "%s bridges it from %s to %s", brnf_hop = "%s; %s",
    brnf_on = "net.bridge.bridge-nf-call-iptables=1 (br_netfilter): the frame goes through iptables as if routed in and out of %s (nat PREROUTING, FORWARD, nat POSTROUTING)",
    brnf_off = "net.bridge.bridge-nf-call-iptables=0: iptables does not see bridged frames, so FORWARD (%s) does not apply to it",
    brnf_absent = "br_netfilter is not loaded: iptables does not see bridged frames, so FORWARD (%s) does not apply to it",
    brnf_drop = "%s drops the bridged frame (%s): with br_netfilter, FORWARD sees what %s switches between its own ports",
    brnf_masq = "%s: source %s becomes %s (%s's address: with br_netfilter a bridged frame is NATed too)",
    brnf_masq_noaddr = "%s in POSTROUTING matches the bridged frame, but %s has no address to give it: the kernel drops the frame",
    fwd_bridged = "arrives on %s, forwarding=1; after the NAT its route leads back out %s, so the bridge switches it on (br_netfilter hands it back), rp_filter=%s",
    route_ok = "to %s: %s, source %s (%s)",
    route_local = "%s is %s's own address: the packet goes over lo",
    route_none = "no route to %s: Network is unreachable",
    route_none_gw = "no route to %s: Network is unreachable (%s at %s could take it)",
    route_none_nogw = "no route to %s: Network is unreachable, and no neighbour of %s knows a way there",
    route_blackhole = "the route to %s is of type %s: the kernel drops it here",
    matched = "matched %s",
    rule_used = "rule %s lookup table %s",
    via = "via %s dev %s", dev = "dev %s",
    lo_down = "%s is %s's own address, but lo is down",
    arp_ok = "%s is %s's %s, reached %s%s",
    arp_nobody = "nobody in the lab holds %s: the ARP request from %s gets no answer",
    arp_blocked = "%s is %s's %s, but %s",
    neigh = "; neighbour %s",
    p_veth = "over the veth pair %s",
    p_direct = "directly",
    not_joined = "no link joins %s's %s to it (different wires)",
    e_dev_down = "%s's %s is down",
    e_port_state = "%s's %s is a port of %s in state %s, not forwarding",
    e_mv_private = "%s's %s and %s's %s are macvlan children of %s in mode %s: siblings in private mode never talk (and vepa needs an outside switch that sends frames back)",
    e_mv_parent = "%s's %s is the macvlan parent of %s's %s: a macvlan parent cannot talk to its own children",
    e_mv_toparent = "%s's %s is a macvlan child of %s's %s: a child cannot talk to its own parent",
    fwd_ok = "arrives on %s; ip_forward=1, rp_filter=%s",
    fwd_off = "arrives on %s for %s, but ip_forward=0: %s drops packets it would have to forward",
    fwd_off_dev = "arrives on %s for %s, but net.ipv4.conf.%s.forwarding=0: ip_forward=1 is not enough, the kernel asks the interface a packet comes in on, so %s drops it",
    fwd_off_mixed = "arrives on %s for %s, but net.ipv4.conf.%s.forwarding=0 (ip_forward=0; forwarding is on only for %s): the kernel asks the interface a packet comes in on, so %s drops it",
    fwd_ok_dev = "arrives on %s; net.ipv4.conf.%s.forwarding=1 (ip_forward=0, but only the incoming interface counts), rp_filter=%s",
    rpf_drop = "rp_filter=%s (strict): %s would answer %s via %s, not %s where it came in, so the packet is dropped",
    rpf_none = "rp_filter=%s: %s has no route back to %s, so the packet is dropped",
    dnat = "%s DNAT: destination %s becomes %s",
    snat = "%s: source %s becomes %s",
    prerouting_trap = "a DNAT for %s exists only in PREROUTING; NAT for a connection %s opens itself is decided at its first packet, in nat OUTPUT (nat PREROUTING decides only for connections arriving from elsewhere)",
    unnat_dst = "conntrack undoes the NAT: destination %s becomes %s again",
    unnat_src = "conntrack undoes the NAT: source %s becomes %s again",
    filter_ok = "%s: %s",
    filter_policy = "chain %s has policy %s",
    filter_rule = "rule %d of %s: %s",
    filter_drop = "%s drops it (%s)",
    deliver = "%s holds %s: delivered%s",
    deliver_tcp = " (whether something listens on port %s only a connection can tell)",
    reply_start = "the reply %s > %s leaves %s",
    reply_home = "the reply is back in %s",
    masq_hint = "%s does not know %s (a private network behind %s)",
    tunnel_ok = "enters %s %s: outer %s > %s, underlay %s",
    tunnel_noremote = "%s is an ipip tunnel with no remote",
    tunnel_nounder = "%s's tunnel %s needs a route to its remote %s, and there is none",
    tunnel_noend = "nobody in the lab ends a tunnel from %s at %s (an ipip device with local %s, remote %s, up)",
    tunnel_exit = "%s leaves the tunnel on %s",
    loop = "the packet comes back to %s: a routing loop (or more than %d hops)",
    verdict_ok = "prediction: the %s works",
    verdict_bad = "prediction: the %s fails at hop %d (%s)",
    fix = "fix: %s",
    alt = "  or: %s",
    probe_ping = "probe: ping -c 1 %s from %s: %s",
    probe_tcp = "probe: connect to %s port %s from %s: %s",
    probe_reply = "reply", probe_connected = "connected",
    probe_noreply = "no reply",
    held = "the prediction held",
    not_held = "the prediction did NOT hold: something netlearn does not model is at work",
    err_usage = "why: usage: why [--tcp] [--no-probe] FROM DEST[:PORT]  (e.g. why net2 192.167.3.2)",
    err_ns = "why: %s: no such namespace (the lab has: %s; 'host' is the sandbox's own)",
    err_addr = "why: %s: not an IPv4 address (write it like 192.167.3.2 or 192.168.0.10:8888)",
    err_list = "why: cannot read the lab (%s); no explanation rather than a wrong one: try again",
    err_port = "why: %s: not a port number (1-65535)",
    err_opt = "why: unknown option %s (known: --tcp, --no-probe, --lang en|zh)",
  },
  zh = {
    title = "why：从 %2$s 到 %3$s 的%1$s",
    t_ping = "ping", t_tcp = "TCP 连接",
    w_route = "路由", w_arp = "arp", w_link = "链路", w_forward = "转发", w_rpf = "rp_filter",
    w_nat = "nat", w_filter = "过滤", w_deliver = "送达", w_tunnel = "隧道", w_loop = "环路",
    w_bridge = "网桥",
    brnf_between = "%s 把它从 %s 交换到 %s", brnf_hop = "%s；%s",
    brnf_on = "net.bridge.bridge-nf-call-iptables=1（br_netfilter）：这个帧要经过 iptables，就像从 %s 路由进出一样（nat PREROUTING、FORWARD、nat POSTROUTING）",
    brnf_off = "net.bridge.bridge-nf-call-iptables=0：iptables 看不到网桥交换的帧，所以 FORWARD（%s）管不到它",
    brnf_absent = "没有加载 br_netfilter：iptables 看不到网桥交换的帧，所以 FORWARD（%s）管不到它",
    brnf_drop = "%s 丢弃这个经网桥交换的帧（%s）：有了 br_netfilter，%s 在自己端口之间交换的帧也要经过 FORWARD",
    brnf_masq = "%s：源地址 %s 变成 %s（%s 的地址：有了 br_netfilter，经网桥交换的帧也会被 NAT）",
    brnf_masq_noaddr = "POSTROUTING 里的 %s 匹配了这个经网桥交换的帧，但 %s 没有地址可用：内核丢弃这个帧",
    fwd_bridged = "从 %s 进来，forwarding=1；NAT 之后它的路由又指回 %s，所以由网桥继续交换（br_netfilter 把它交回网桥），rp_filter=%s",
    route_ok = "去 %s：%s，源地址 %s（%s）",
    route_local = "%s 是 %s 自己的地址：包走 lo",
    route_none = "没有去 %s 的路由：Network is unreachable（网络不可达）",
    route_none_gw = "没有去 %s 的路由：网络不可达（%s 的 %s 可以转发它）",
    route_none_nogw = "没有去 %s 的路由：网络不可达，%s 的邻居也都不知道怎么去",
    route_blackhole = "去 %s 的路由类型是 %s：内核在这里丢弃它",
    matched = "匹配 %s",
    rule_used = "规则 %s 查路由表 %s",
    via = "经 %s 出 %s", dev = "出 %s",
    lo_down = "%s 是 %s 自己的地址，但 lo 没有 up",
    arp_ok = "%s 是 %s 的 %s，%s 可达%s",
    arp_nobody = "实验里没有谁拥有 %s：%s 的 ARP 请求没人回答",
    arp_blocked = "%s 是 %s 的 %s，但是 %s",
    neigh = "；邻居表 %s",
    p_veth = "经 veth 对 %s",
    p_direct = "直接",
    not_joined = "没有链路把 %s 的 %s 和它连起来（不在同一根线上）",
    e_dev_down = "%s 的 %s 是 down 状态",
    e_port_state = "%s 的 %s 是网桥 %s 的端口，状态 %s，不是 forwarding",
    e_mv_private = "%s 的 %s 和 %s 的 %s 都是 %s 的 macvlan 子接口，模式 %s：private 模式的兄弟之间永远不通（vepa 需要外部交换机把帧发回来）",
    e_mv_parent = "%s 的 %s 是 %s 的 %s 的 macvlan 父接口：父接口和自己的子接口不通",
    e_mv_toparent = "%s 的 %s 是 %s 的 %s 的 macvlan 子接口：子接口和自己的父接口不通",
    fwd_ok = "从 %s 进来；ip_forward=1，rp_filter=%s",
    fwd_off = "从 %s 进来要去 %s，但 ip_forward=0：%s 丢弃需要转发的包",
    fwd_off_dev = "从 %s 进来要去 %s，但 net.ipv4.conf.%s.forwarding=0：光有 ip_forward=1 不够，内核看的是包进来的那个接口，所以 %s 丢弃它",
    fwd_off_mixed = "从 %s 进来要去 %s，但 net.ipv4.conf.%s.forwarding=0（ip_forward=0，只有 %s 开了转发）：内核看的是包进来的那个接口，所以 %s 丢弃它",
    fwd_ok_dev = "从 %s 进来；net.ipv4.conf.%s.forwarding=1（ip_forward=0，但只有进来的接口算数），rp_filter=%s",
    rpf_drop = "rp_filter=%s（严格）：%s 回 %s 会走 %s，而不是包进来的 %s，所以包被丢弃",
    rpf_none = "rp_filter=%s：%s 没有回 %s 的路由，所以包被丢弃",
    dnat = "%s DNAT：目的地址 %s 变成 %s",
    snat = "%s：源地址 %s 变成 %s",
    prerouting_trap = "%s 的 DNAT 只在 PREROUTING 里；%s 自己发起的连接，NAT 在它的第一个包经过 nat OUTPUT 时就决定了（nat PREROUTING 只为从别处进来的连接做决定）",
    unnat_dst = "conntrack 撤销 NAT：目的地址 %s 变回 %s",
    unnat_src = "conntrack 撤销 NAT：源地址 %s 变回 %s",
    filter_ok = "%s：%s",
    filter_policy = "链 %s 的默认策略是 %s",
    filter_rule = "%2$s 的第 %1$d 条规则：%3$s",
    filter_drop = "%s 丢弃它（%s）",
    deliver = "%s 拥有 %s：送达%s",
    deliver_tcp = "（端口 %s 上有没有程序在监听，只有真的连一下才知道）",
    reply_start = "回包 %s > %s 从 %s 出发",
    reply_home = "回包回到了 %s",
    masq_hint = "%s 不认识 %s（%s 后面的私有网络）",
    tunnel_ok = "进入 %s %s：外层 %s > %s，底层 %s",
    tunnel_noremote = "%s 是没有 remote 的 ipip 隧道",
    tunnel_nounder = "%s 的隧道 %s 需要去对端 %s 的路由，但没有",
    tunnel_noend = "实验里没有谁在 %2$s 终结来自 %1$s 的隧道（需要 local %3$s、remote %4$s 且 up 的 ipip 设备）",
    tunnel_exit = "%s 从 %s 出隧道",
    loop = "包又回到了 %s：路由环路（或超过 %d 跳）",
    verdict_ok = "预测：%s 能通",
    verdict_bad = "预测：%s 不通，断在第 %d 跳（%s）",
    fix = "修复：%s",
    alt = "  或者：%s",
    probe_ping = "验证：从 %2$s ping -c 1 %1$s：%3$s",
    probe_tcp = "验证：从 %3$s 连接 %1$s 端口 %2$s：%4$s",
    probe_reply = "有回应", probe_connected = "连接成功",
    probe_noreply = "没有回应",
    held = "预测成立",
    not_held = "预测不成立：有 netlearn 没有考虑到的因素",
    err_usage = "why：用法：why [--tcp] [--no-probe] 起点 目的[:端口]（例如 why net2 192.167.3.2）",
    err_ns = "why：%s：没有这个命名空间（现有：%s；'host' 是沙箱自己）",
    err_addr = "why：%s：不是 IPv4 地址（写成 192.167.3.2 或 192.168.0.10:8888）",
    err_list = "why：无法读取实验环境（%s）；与其给出错误的解释，不如不解释：请再试一次",
    err_port = "why：%s：不是端口号（1-65535）",
    err_opt = "why：未知选项 %s（可用：--tcp、--no-probe、--lang en|zh）",
  },
}
M.messages = MSG

local function lang_of(opts) return i18n.resolve(opts and opts.lang) end
local function msg(lang, key, ...) return i18n.message(MSG, lang, key, ...) end

local Lab, new_lab, label, inns, conf = WM.Lab, WM.new_lab, WM.label, WM.inns, WM.conf
local describe_route, route_get, up_fix, path_text = WM.describe_route, WM.route_get, WM.up_fix, WM.path_text
local bridged_passes, rule_text = WM.bridged_passes, WM.rule_text
local ip2int = WM.ip2int
M.ip2int = ip2int

-- One bridged crossing: adds hops; returns "ok", "broken", or "dnat" (a DNAT
-- rule in the bridge's PREROUTING: its namespace routes the frame from there).
function Lab:bridge_pass(bp, pkt, dir, flow, hop_in, tw)
  local bns, br = bp.br.ns, bp.br.name
  local v = self:brnf_value(bns)
  local between = self:t("brnf_between", br, bp.inp.name, bp.outp.name)
  if v ~= "1" then
    -- iptables never sees it; say so when it would have mattered
    local ok, txt = self:filter(bns, "FORWARD", pkt, br, br)
    if not ok then
      hop_in(bns, tw("bridge"), true, self:t("brnf_hop", between, self:t(v == "0" and "brnf_off" or "brnf_absent", txt)))
    end
    return "ok"
  end
  hop_in(bns, tw("bridge"), true, self:t("brnf_hop", between, self:t("brnf_on", br)))
  if dir == "reply" then
    -- conntrack undoes a NAT this bridge's iptables did to the request
    for _, n in ipairs(flow.nat) do
      if n.ns == bns and n.kind == "dnat" and pkt.src == n.new then
        hop_in(bns, tw("nat"), true, self:t("unnat_src", n.new .. (n.new_port and (":" .. n.new_port) or ""),
          n.orig .. (n.orig_port and (":" .. n.orig_port) or "")))
        pkt.src = n.orig
        if n.orig_port then pkt.sport = n.orig_port end
      end
    end
  end
  if dir == "request" then
    local d = self:nat_match(bns, "PREROUTING", pkt, br, false)
    if d and d.target == "DNAT" and d.to then return "dnat" end
  end
  local ok, txt, fix = self:filter(bns, "FORWARD", pkt, br, br)
  if not ok then
    local accept = inns(bns) .. "iptables -I FORWARD -i " .. br .. " -o " .. br .. " -j ACCEPT"
    local alt = fix
    if fix and fix:find("-P FORWARD ACCEPT", 1, true) then
      fix, alt = inns(bns) .. "iptables -A FORWARD -i " .. br .. " -o " .. br .. " -j ACCEPT", fix
    else
      alt = accept
    end
    hop_in(bns, tw("filter"), false, self:t("brnf_drop", label(bns), txt, br), fix, alt)
    return "broken"
  elseif txt then
    hop_in(bns, tw("filter"), true, self:t("filter_ok", "FORWARD", txt))
  end
  if dir == "request" then
    local nr = self:nat_match(bns, "POSTROUTING", pkt, false, br)
    if nr and (nr.target == "MASQUERADE" or nr.target == "SNAT") then
      -- MASQUERADE takes the bridge's address for the destination (inet_select_addr);
      -- a bridge without one: "br0 ate my IP address", the frame is dropped
      local new = nr.target == "SNAT" and nr.to and nr.to:match("^[%d.]+") or self:addr_on(bns, br, pkt.dst)
      local n = self:rule_index(bns, nr)
      local spec = (" " .. rule_text(nr)):gsub(" %-j ", " ! -o " .. br .. " -j ", 1):sub(2)
      local fix = n and (inns(bns) .. "iptables -t nat -R POSTROUTING " .. n .. " " .. spec) or nil
      if not new then
        hop_in(bns, tw("nat"), false, self:t("brnf_masq_noaddr", nr.target, br), fix,
          inns(bns) .. "sysctl -w net.bridge.bridge-nf-call-iptables=0")
        return "broken"
      end
      if new ~= pkt.src then
        flow.nat[#flow.nat + 1] = { ns = bns, kind = "snat", orig = pkt.src, new = new }
        hop_in(bns, tw("nat"), true, self:t("brnf_masq", nr.target, pkt.src, new, br))
        pkt.src = new
      end
    end
  end
  return "ok"
end

---------------------------------------------------------------------------
-- The walk
---------------------------------------------------------------------------

local MAX_HOPS = 24

-- One direction of the packet's journey. st = {ns=, pkt=, dir="request"|"reply"}.
-- Returns "delivered", ns, iif  or "broken".
function Lab:walk(R, flow, st)
  local ns, pkt, dir = st.ns, st.pkt, st.dir
  pkt.ctstate = dir == "reply" and "ESTABLISHED" or "NEW"    -- for -m conntrack --ctstate
  local iif, prev = nil, nil
  local seen = {}
  local function hop_in(hns, what, ok, detail, fix, alt)
    R.hops[#R.hops + 1] = { ns = label(hns), what = what, ok = ok, detail = detail, fix = fix, alt_fix = alt, dir = dir }
    if not ok and not R.broken then
      R.broken, R.fix, R.alt_fix = #R.hops, fix, alt
    end
    return ok
  end
  local function hop(...) return hop_in(ns, ...) end
  local rebridge = nil    -- a bridge whose br_netfilter NAT may send the frame back out the same bridge
  local function tw(k) return self:t("w_" .. k) end
  for _ = 1, MAX_HOPS do
    local key = ns .. "|" .. tostring(iif) .. "|" .. pkt.src .. "|" .. pkt.dst
    if seen[key] then
      hop(tw("loop"), false, self:t("loop", label(ns), MAX_HOPS))
      return "broken"
    end
    seen[key] = true
    local local_out = (iif == nil)
    -- conntrack: the reply of a NATed connection is translated back first
    if dir == "reply" then
      for _, n in ipairs(flow.nat) do
        if n.ns == ns and n.kind == "snat" and pkt.dst == n.new then
          hop(tw("nat"), true, self:t("unnat_dst", n.new, n.orig))
          pkt.dst = n.orig
          if iif and self:brnf(ns, iif) then rebridge = iif end
          if n.orig_port then pkt.dport = n.orig_port end
        elseif n.ns == ns and n.kind == "dnat" and pkt.src == n.new then
          hop(tw("nat"), true, self:t("unnat_src", n.new .. (n.new_port and (":" .. n.new_port) or ""),
            n.orig .. (n.orig_port and (":" .. n.orig_port) or "")))
          pkt.src = n.orig
          if n.orig_port then pkt.sport = n.orig_port end
        end
      end
    end
    -- DNAT: OUTPUT for our own packets, PREROUTING for arriving ones
    local dnat_chain = local_out and "OUTPUT" or "PREROUTING"
    local dnat_done = false
    if dir == "request" then
      local r = self:nat_match(ns, dnat_chain, pkt, iif, false)
      if r and r.target == "DNAT" and r.to then
        local a, p = r.to:match("^([%d.]+):?(%d*)$")
        local before = pkt.dst .. (pkt.dport and (":" .. pkt.dport) or "")
        flow.nat[#flow.nat + 1] = { ns = ns, kind = "dnat", orig = pkt.dst, new = a,
          orig_port = pkt.dport, new_port = tonumber(p) }
        pkt.dst = a
        if p ~= "" and pkt.dport then pkt.dport = tonumber(p) end
        hop(tw("nat"), true, self:t("dnat", dnat_chain, before, r.to))
        dnat_done = true
        if iif and self:brnf(ns, iif) then rebridge = iif end
      end
    end
    -- arriving packets: reverse-path filter
    if not local_out then
      local rpf = math.max(tonumber(self:sysctl(ns, "net.ipv4.conf.all.rp_filter")) or 0,
        tonumber(self:sysctl(ns, "net.ipv4.conf." .. conf(iif) .. ".rp_filter")) or 0)
      if rpf > 0 and not self:owns(ns, pkt.src) then
        local back = route_get(ns, pkt.src)
        local fix = inns(ns) .. "sysctl -w net.ipv4.conf.all.rp_filter=0 && " .. inns(ns) ..
          "sysctl -w net.ipv4.conf." .. conf(iif) .. ".rp_filter=0"
        if not back then
          hop(tw("rpf"), false, self:t("rpf_none", rpf, label(ns), pkt.src), fix)
          return "broken"
        elseif rpf == 1 and back.dev ~= iif then
          hop(tw("rpf"), false, self:t("rpf_drop", rpf, label(ns), pkt.src, back.dev, iif), fix)
          return "broken"
        end
      end
    end
    -- the route lookup
    local r, msg = route_get(ns, pkt.dst)
    local is_local = (r and r.type == "local") or self:owns(ns, pkt.dst) ~= nil
    if is_local then
      if local_out and dir == "request" and not dnat_done and pkt.dport then
        local pr = self:nat_match(ns, "PREROUTING", pkt, nil, false)
        if pr and pr.target == "DNAT" then
          hop(tw("nat"), false, self:t("prerouting_trap", pkt.dst .. ":" .. pkt.dport, label(ns)),
            inns(ns) .. "iptables -t nat -A OUTPUT -p " .. pkt.proto .. " --dport " .. pkt.dport ..
            " -j DNAT --to-destination " .. pr.to)
          return "broken"
        end
      end
      if local_out then
        local lo = self:link(ns, "lo")
        if lo and not lo.up then
          hop(tw("deliver"), false, self:t("lo_down", pkt.dst, label(ns)), up_fix(lo))
          return "broken"
        end
      else
        local ok, txt, fix = self:filter(ns, "INPUT", pkt, iif, false)
        if not ok then
          hop(tw("filter"), false, self:t("filter_drop", label(ns), txt), fix)
          return "broken"
        end
      end
      if dir == "reply" and not st.outer then
        hop(tw("deliver"), true, self:t("reply_home", label(ns)))
      else
        local extra = pkt.proto == "tcp" and self:t("deliver_tcp", tostring(pkt.dport)) or ""
        hop(tw("deliver"), true, local_out and self:t("route_local", pkt.dst, label(ns)) or
          self:t("deliver", label(ns), pkt.dst, extra))
      end
      return "delivered", ns, iif or "lo", prev
    end
    -- forwarding checks for arriving packets. A frame br_netfilter's NAT sends
    -- back out the bridge it came in on is switched on by the bridge
    -- (br_nf_pre_routing_finish), but only after ip_route_input found that
    -- route, which needs the bridge's forwarding like any routed packet (its
    -- "Bridged-and-DNAT'ed traffic doesn't require ip_forwarding" fallback is
    -- not reached: with forwarding off the lookup returns an ip_error route via
    -- lo, not an error; checked on Linux 6.18 with a real ping)
    local bridged_back = not local_out and rebridge == iif and r and r.dev == iif
    rebridge = nil
    if not local_out then
      local on, devfwd, fwd = self:forwarding(ns, iif)
      if not on then
        local key = inns(ns) .. "sysctl -w net.ipv4.conf." .. conf(iif) .. ".forwarding=1"
        local others = self:forwarders(ns)
        if fwd == "1" then
          -- ip_forward=1, but this interface was turned off after it
          hop(tw("forward"), false, self:t("fwd_off_dev", iif, pkt.dst, conf(iif), label(ns)), key)
        elseif #others > 0 then
          -- ip_forward=0, yet some interfaces forward: the incoming one does not
          hop(tw("forward"), false, self:t("fwd_off_mixed", iif, pkt.dst, conf(iif), table.concat(others, ", "), label(ns)),
            key, inns(ns) .. "sysctl -w net.ipv4.ip_forward=1")
        else
          hop(tw("forward"), false, self:t("fwd_off", iif, pkt.dst, label(ns)),
            inns(ns) .. "sysctl -w net.ipv4.ip_forward=1")
        end
        return "broken"
      end
    end
    if not r then
      if dir == "reply" and local_out and st.masq_router then
        -- the far side knows nothing of the private source: MASQUERADE where it leaves
        local mr = st.masq_router
        local srcnet = self:prefix_of(pkt.dst)
        local gw = self:gateway_for(ns, pkt.dst)
        hop(tw("route"), false, self:t("route_none", pkt.dst) .. "; " ..
          self:t("masq_hint", label(ns), srcnet, label(mr)),
          inns(mr) .. "iptables -t nat -A POSTROUTING -s " .. srcnet .. " -j MASQUERADE",
          self:route_fix(ns, pkt.dst, gw))
        return "broken"
      end
      local gw = self:gateway_for(ns, pkt.dst, nil)
      if gw then
        hop(tw("route"), false, self:t("route_none_gw", pkt.dst, label(gw.ns), gw.addr), self:route_fix(ns, pkt.dst, gw))
      else
        hop(tw("route"), false, self:t("route_none_nogw", pkt.dst, label(ns)))
      end
      return "broken"
    end
    if r.type and r.type ~= "unicast" then
      hop(tw("route"), false, self:t("route_blackhole", pkt.dst, r.type),
        inns(ns) .. "ip route del " .. pkt.dst)
      return "broken"
    end
    if local_out and dir == "request" and not pkt.src then pkt.src = r.src end
    local how = r.gateway and self:t("via", r.gateway, r.dev) or self:t("dev", r.dev)
    local desc, matched = describe_route(self, ns, pkt.dst, r)
    if local_out and dir == "request" then R.first_route = matched end
    if not local_out then
      local rpf = math.max(tonumber(self:sysctl(ns, "net.ipv4.conf.all.rp_filter")) or 0,
        tonumber(self:sysctl(ns, "net.ipv4.conf." .. conf(iif) .. ".rp_filter")) or 0)
      local _, devfwd, fwd = self:forwarding(ns, iif)
      if bridged_back then
        hop(tw("forward"), true, self:t("fwd_bridged", iif, iif, rpf))
      elseif fwd ~= "1" and devfwd == "1" then
        hop(tw("forward"), true, self:t("fwd_ok_dev", iif, conf(iif), rpf))
      else
        hop(tw("forward"), true, self:t("fwd_ok", iif, rpf))
      end
      local ok, txt, fix = self:filter(ns, "FORWARD", pkt, iif, r.dev)
      if not ok then
        hop(tw("filter"), false, self:t("filter_drop", label(ns), txt), fix)
        return "broken"
      elseif txt then
        hop(tw("filter"), true, self:t("filter_ok", "FORWARD", txt))
      end
    else
      local ok, txt, fix = self:filter(ns, "OUTPUT", pkt, nil, r.dev)
      if not ok then
        hop(tw("filter"), false, self:t("filter_drop", label(ns), txt), fix)
        return "broken"
      end
    end
    hop(tw("route"), true, self:t("route_ok", pkt.dst, how, pkt.src or r.src or "?", desc))
    -- SNAT / MASQUERADE on the way out (new connections only)
    if dir == "request" then
      local nr = self:nat_match(ns, "POSTROUTING", pkt, false, r.dev)
      if nr and (nr.target == "MASQUERADE" or nr.target == "SNAT") then
        local new = nr.target == "SNAT" and nr.to and nr.to:match("^[%d.]+") or r.src or self:addr_on(ns, r.dev, pkt.dst)
        if new and new ~= pkt.src then
          flow.nat[#flow.nat + 1] = { ns = ns, kind = "snat", orig = pkt.src, new = new }
          hop(tw("nat"), true, self:t("snat", nr.target, pkt.src, new))
          pkt.src = new
        end
      end
    end
    -- into a tunnel?
    local out = self:link(ns, r.dev)
    if out and (out.type == "ipip" or out.userspace) then
      local remote, lcl = out.remote, out["local"]
      if not remote then
        hop(tw("tunnel"), false, self:t("tunnel_noremote", out.name))
        return "broken"
      end
      local ur = route_get(ns, remote)
      if not ur then
        local gw = self:gateway_for(ns, remote)
        hop(tw("tunnel"), false, self:t("tunnel_nounder", label(ns), out.name, remote), self:route_fix(ns, remote, gw))
        return "broken"
      end
      lcl = lcl or ur.src
      hop(tw("tunnel"), true, self:t("tunnel_ok", out.userspace and "ipip (user space)" or "ipip", out.name,
        tostring(lcl), remote, ur.gateway and self:t("via", ur.gateway, ur.dev) or self:t("dev", ur.dev)))
      -- the far end: a namespace holding remote with an ipip device whose remote is our local
      local endns, enddev
      for _, o in ipairs(self.owners[remote] or {}) do
        for _, l in ipairs(self.links[o.ns]) do
          if (l.type == "ipip" or l.userspace) and l.up and (l.remote == nil or l.remote == lcl)
            and (l["local"] == nil or l["local"] == remote) then
            endns, enddev = o.ns, l.name
          end
        end
      end
      -- the outer packet's own path
      local sub = { hops = {} }
      local outer = { src = lcl, dst = remote, proto = "ipip" }
      local res, rns = self:walk(sub, { nat = {} }, { ns = ns, pkt = outer, dir = dir, outer = true })
      for _, h in ipairs(sub.hops) do
        h.detail = "[" .. (self.lang == "zh" and "外层" or "outer") .. "] " .. h.detail
        R.hops[#R.hops + 1] = h
        if not h.ok and not R.broken then R.broken, R.fix, R.alt_fix = #R.hops, h.fix, h.alt_fix end
      end
      if res ~= "delivered" then return "broken" end
      if not endns or endns ~= rns then
        hop(tw("tunnel"), false, self:t("tunnel_noend", tostring(lcl), remote, remote, tostring(lcl)))
        return "broken"
      end
      prev = { ns = ns, dev = out.name }
      ns, iif = endns, enddev
      hop(tw("tunnel"), true, self:t("tunnel_exit", pkt.src .. " > " .. pkt.dst, enddev))
    else
      -- ARP for the next hop, and the wire to its owner
      local nh = r.gateway or pkt.dst
      local owner, path, block = self:l2(out, nh)
      local neigh = ""
      for _, n in ipairs(net.neigh_list(ns, { dev = r.dev }) or {}) do
        if n.dst == nh then neigh = self:t("neigh", (n.state or "?") .. (n.lladdr and (" " .. n.lladdr) or "")) end
      end
      if not owner then
        if block then
          local o = (self.owners[nh] or {})[1]
          hop(tw("arp"), false, self:t("arp_blocked", nh, label(o and o.ns), o and o.dev or "?", block[1]) .. neigh, block[2])
        else
          hop(tw("arp"), false, self:t("arp_nobody", nh, label(ns)) .. neigh)
        end
        return "broken"
      end
      local how2
      if #path == 2 and path[1].type == "veth" then
        how2 = self:t("p_veth", path[1].name .. "–" .. path[2].name)
      elseif #path <= 1 then
        how2 = self:t("p_direct")
      else
        how2 = path_text(self, path)
      end
      hop(tw("arp"), true, self:t("arp_ok", nh, label(owner.ns), owner.dev, how2, neigh))
      -- bridges the frame crosses port to port: iptables sees it where br_netfilter is on
      local routed_at
      for _, bp in ipairs(bridged_passes(path)) do
        local res = self:bridge_pass(bp, pkt, dir, flow, hop_in, tw)
        if res == "broken" then return "broken" end
        if res == "dnat" then routed_at = bp break end
      end
      prev = { ns = ns, dev = r.dev }
      if dir == "request" and ns ~= st.ns then R.last_router = ns end
      ns, iif = owner.ns, owner.dev
      if routed_at then
        -- a DNAT in the bridge's PREROUTING: the bridge's namespace routes it from here
        prev = { ns = routed_at.inp.ns, dev = routed_at.inp.name }
        ns, iif = routed_at.br.ns, routed_at.br.name
      end
    end
  end
  hop(self:t("w_loop"), false, self:t("loop", label(ns), MAX_HOPS))
  return "broken"
end

---------------------------------------------------------------------------
-- diagnose
---------------------------------------------------------------------------
local function parse_dest(dest)
  local a, p = tostring(dest or ""):match("^([^:]+):(.*)$")
  if not a then a = dest end
  return a, p
end

-- diagnose(from, dest, opts) -> result | nil, message
-- opts: {proto="icmp"|"tcp", port=N, probe=true, lang="en"|"zh", timeout=1}
function M.diagnose(from, dest, opts)
  opts = opts or {}
  local lang = lang_of(opts)
  local function E(k, ...) return nil, msg(lang, k, ...), k == "err_ns" and 2 or k == "err_list" and 5 or 22 end
  if type(from) ~= "string" or type(dest) ~= "string" or dest == "" then
    return E("err_usage")
  end
  local ns = (from == "host" or from == "") and "" or from
  if ns ~= "" and not net.ns_exists(ns) then
    local names = net.ns_list() or {}
    return E("err_ns", from, #names > 0 and table.concat(names, ", ") or "-")
  end
  local addr, port = parse_dest(dest)
  if not ip2int(addr) then return E("err_addr", dest) end
  local proto = opts.proto or (port and "tcp") or "icmp"
  if port then
    port = tonumber(port)
    if not port or port < 1 or port > 65535 or port ~= math.floor(port) then
      return E("err_port", select(2, parse_dest(dest)))
    end
  end
  if proto == "tcp" and not port then port = tonumber(opts.port) or 80 end
  local L = new_lab(msg)
  if L.failed then return E("err_list", L.failed) end
  L.lang = lang
  local R = { from = label(ns), dest = addr, proto = proto, port = port, hops = {}, lang = lang }
  local flow = { nat = {} }
  local r0 = net.route_get(ns, addr)
  local src0 = r0 and r0.src
  if not src0 then
    for _, a in ipairs(L.addrs[ns]) do
      if a.scope ~= "host" then src0 = a.address break end
    end
  end
  local pkt = { src = src0 or "0.0.0.0", dst = addr, proto = proto, dport = port, sport = port and 40000 or nil }
  local res, dns, diif = L:walk(R, flow, { ns = ns, pkt = pkt, dir = "request" })
  if res == "delivered" and not (dns == ns and diif == "lo") then
    -- the way back: from the destination to the (maybe translated) source
    local rp = { src = pkt.dst, dst = pkt.src, proto = proto, sport = pkt.dport, dport = pkt.sport }
    -- a source that reached the far side by its default route is a private
    -- network going "out": the far side is not expected to know it (MASQUERADE)
    local masq
    if R.first_route and R.first_route.dst == "default" and R.last_router then masq = R.last_router end
    L:walk(R, flow, { ns = dns, pkt = rp, dir = "reply", masq_router = masq })
  end
  R.ok = R.broken == nil
  R.ns = ns
  if opts.probe ~= false then M.confirm(R, opts) end
  return R
end

-- Send the real probe for a diagnosis; sets R.worked and R.confirmed
-- (true/false). opts: {timeout=1}
function M.confirm(R, opts)
  local ns = R.ns or ((R.from == "host") and "" or R.from)
  local timeout = (opts and opts.timeout) or 1
  local worked
  if R.proto == "tcp" then
    local ok, msg = net.tcp_connect(ns, R.dest, R.port, timeout)
    worked = ok and true or false
    R.probe = { text = ok and "connected" or tostring(msg) }
  else
    local p, msg = net.ping(ns, R.dest, { count = 1, timeout = timeout })
    worked = (p and p.received or 0) > 0
    R.probe = { sent = p and p.sent, received = p and p.received, text = p and p.error or msg }
  end
  R.worked = worked
  R.confirmed = (worked == R.ok)
  return R.confirmed
end

---------------------------------------------------------------------------
-- Printing
---------------------------------------------------------------------------
-- columns a string takes on a terminal (CJK characters take two)
local function width(s)
  local w = 0
  for _, c in utf8.codes(s) do w = w + ((c >= 0x1100 and c ~= 0x2192 and c ~= 0x2013) and 2 or 1) end
  return w
end
M.width = width

-- format(r[, {quiz=true}]) -> list of lines. quiz=true: no marks, no fix, no verdict.
function M.format(R, o)
  o = o or {}
  local lang = R.lang or "en"
  local function t(k, ...) return msg(lang, k, ...) end
  local kind = R.proto == "tcp" and t("t_tcp") or t("t_ping")
  local lines = { t("title", kind, R.from, R.dest .. (R.port and R.proto == "tcp" and (":" .. R.port) or "")) }
  local wns, wwhat = 4, 4
  for _, h in ipairs(R.hops) do
    wns = math.max(wns, width(h.ns))
    wwhat = math.max(wwhat, width(h.what))
  end
  for i, h in ipairs(R.hops) do
    local mark = o.quiz and " " or (h.ok and "✔" or "✘")
    local arrow = h.dir == "reply" and "↩" or " "
    local pad1 = string.rep(" ", wns - width(h.ns))
    local pad2 = string.rep(" ", wwhat - width(h.what))
    lines[#lines + 1] = string.format("%3d %s%s %s%s  %s%s  %s", i, mark, arrow, h.ns, pad1, h.what, pad2, h.detail)
    if not o.quiz and o.stop_at_break ~= false and R.broken == i then break end
  end
  if o.quiz then return lines end
  if R.ok then
    lines[#lines + 1] = t("verdict_ok", kind)
  else
    local h = R.hops[R.broken]
    lines[#lines + 1] = t("verdict_bad", kind, R.broken, h.ns .. " " .. h.what)
    if R.fix then lines[#lines + 1] = t("fix", R.fix) end
    if R.alt_fix then lines[#lines + 1] = t("alt", R.alt_fix) end
  end
  if R.confirmed ~= nil then
    local res = R.worked and t(R.proto == "tcp" and "probe_connected" or "probe_reply") or t("probe_noreply")
    if R.probe and R.probe.text and not R.worked then
      res = R.proto == "tcp" and R.probe.text or (res .. " (" .. R.probe.text .. ")")
    end
    if R.proto == "tcp" then
      lines[#lines + 1] = t("probe_tcp", R.dest, tostring(R.port), R.from, res) .. " — " .. (R.confirmed and t("held") or t("not_held"))
    else
      lines[#lines + 1] = t("probe_ping", R.dest, R.from, res) .. " — " .. (R.confirmed and t("held") or t("not_held"))
    end
  end
  return lines
end

-- the command line: why [--tcp] [--no-probe] [--lang L] FROM DEST[:PORT]
function M.parse_args(args)
  local o, pos = { probe = true }, {}
  local i = 1
  while i <= #args do
    local a = args[i]
    if a == "--tcp" then o.proto = "tcp"
    elseif a == "--no-probe" or a == "-n" then o.probe = false
    elseif a == "--lang" then i = i + 1 o.lang = args[i]
    elseif a:match("^%-%-lang=") then o.lang = a:match("=(.*)")
    elseif a:sub(1, 1) == "-" then return nil, msg(lang_of(o), "err_opt", a)
    else pos[#pos + 1] = a end
    i = i + 1
  end
  if #pos ~= 2 then return nil, msg(lang_of(o), "err_usage") end
  return o, pos[1], pos[2]
end

return M
