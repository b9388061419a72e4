--[[ netlearn.claim_capture -- the capture{} claim: what a capture on a device shows
(or does not), while the claim's own command lines make traffic.

A packet is described by PKT_FIELDS (src, inner_dst, icmp, eth_src_is_mac_of,
tunnel, vni, ...); pkt_match(packet, want, net) tells whether a decoded packet
(net.decode) fits. netlearn.claims registers the kind and re-exports both.
A claim that waits for packets stops once the lab is proved quiet
(netlearn.quiet), else it lingers its fixed time.
]]
local W = require("netlearn.claim_words")
local quiet = require("netlearn.quiet")
local waitstats = require("netlearn.waitstats")
local L, nsname, who, lines_of = W.L, W.nsname, W.who, W.lines_of
local mac_of, names = W.mac_of, W.names

local M = {}

-- A claim's capture ring: 128 frames of 8 KiB, far more than the lines of a
-- claim make (a few pings, a connection), and small enough that spare rings
-- kept armed for the next claim (src/ring_pool.c) cost little. A full ring
-- fails the claim, saying so: dropped frames may be the ones it is about.
M.RING_KIB = 1024
local K = {}
M.kinds = K

-- packet matching for capture{}
local PROTO = { icmp = 1, ipip = 4, tcp = 6, udp = 17 }
local ICMP = { ["echo request"] = 8, ["echo reply"] = 0, unreachable = 3, ["time exceeded"] = 11 }
local PKT_FIELDS = {
  src = "string", dst = "string", outer_src = "string", outer_dst = "string",
  inner_src = "string", inner_dst = "string", proto = "strnum", ttl = "integer",
  icmp = "strnum", eth_src = "string", eth_dst = "string", eth_src_is_mac_of = "nsdev",
  eth_dst_is_mac_of = "nsdev", no_eth = "boolean", arp = "string", arp_who_has = "string",
  text = "string", dir = "string", dport = "integer", sport = "integer",
  tunnel = "string", vni = "integer",
}
M.PKT_FIELDS = PKT_FIELDS

local function pkt_match(p, want, net)
  local ip, inner = p.ip or {}, p.inner
  local function eq(x, y) return x ~= nil and tostring(x):lower() == tostring(y):lower() end
  for k, v in pairs(want) do
    local ok
    if k == "src" then ok = eq(ip.src, v)
    elseif k == "dst" then ok = eq(ip.dst, v)
    elseif k == "outer_src" then ok = inner ~= nil and eq(ip.src, v)
    elseif k == "outer_dst" then ok = inner ~= nil and eq(ip.dst, v)
    elseif k == "inner_src" then ok = inner ~= nil and eq(inner.src, v)
    elseif k == "inner_dst" then ok = inner ~= nil and eq(inner.dst, v)
    elseif k == "proto" then ok = ip.proto == (PROTO[v] or tonumber(v))
    elseif k == "ttl" then ok = ip.ttl == v
    elseif k == "icmp" then ok = p.icmp ~= nil and p.icmp.type == (ICMP[v] or tonumber(v))
    elseif k == "eth_src" then ok = p.eth ~= nil and eq(p.eth.src, v)
    elseif k == "eth_dst" then ok = p.eth ~= nil and eq(p.eth.dst, v)
    elseif k == "eth_src_is_mac_of" then ok = p.eth ~= nil and eq(p.eth.src, mac_of(net, v) or "?")
    elseif k == "eth_dst_is_mac_of" then ok = p.eth ~= nil and eq(p.eth.dst, mac_of(net, v) or "?")
    elseif k == "no_eth" then ok = (p.eth == nil) == v
    elseif k == "arp" then ok = p.arp ~= nil and p.arp.op == v
    elseif k == "arp_who_has" then ok = p.arp ~= nil and p.arp.tpa == v
    elseif k == "text" then ok = type(p.text) == "string" and p.text:find(v, 1, true) ~= nil
    elseif k == "dir" then ok = p.dir == v
    elseif k == "dport" then ok = (p.tcp and p.tcp.dport == v) or (p.udp and p.udp.dport == v) or false
    elseif k == "sport" then ok = (p.tcp and p.tcp.sport == v) or (p.udp and p.udp.sport == v) or false
    -- tunnel: "vxlan", "otv" (VXLAN on Linux's default port 8472), "geneve", "gre" or "ipip"
    elseif k == "tunnel" then
      ok = (p.tunnel and eq(p.tunnel.kind, v)) or (v == "ipip" and inner ~= nil and ip.proto == 4) or false
    elseif k == "vni" then ok = p.tunnel ~= nil and p.tunnel.vni == v
    end
    if not ok then return false end
  end
  return true
end
M.pkt_match = pkt_match

local function describe_pkt(w, lang)
  local parts = {}
  local function add(s) parts[#parts + 1] = s end
  if w.proto then add("ip proto " .. tostring(w.proto)) end
  if w.icmp then add("ICMP " .. tostring(w.icmp)) end
  if w.arp then add("ARP " .. w.arp .. (w.arp_who_has and (" who-has " .. w.arp_who_has) or ""))
  elseif w.arp_who_has then add("ARP who-has " .. w.arp_who_has) end
  if w.tunnel then add(w.tunnel:upper() .. L(lang, " packets", " 包")) end
  if w.vni then add("VNI " .. w.vni) end
  if (w.outer_src or w.outer_dst) and not w.proto and not w.tunnel then add(L(lang, "IPIP packets", "IPIP 包")) end
  if w.outer_src or w.outer_dst then
    add(L(lang, "with outer ", "外层 ") .. (w.outer_src or "*") .. " > " .. (w.outer_dst or "*"))
  end
  if w.inner_src or w.inner_dst then
    add(L(lang, "inner ", "内层 ") .. (w.inner_src or "*") .. " > " .. (w.inner_dst or "*"))
  end
  if w.src or w.dst then add((w.src or "*") .. " > " .. (w.dst or "*")) end
  if w.ttl then add("ttl " .. w.ttl) end
  if w.sport then add(L(lang, "source port ", "源端口 ") .. w.sport) end
  if w.dport then add(L(lang, "port ", "端口 ") .. w.dport) end
  if w.eth_src then add(L(lang, "MAC source ", "源 MAC ") .. w.eth_src) end
  if w.eth_dst then add(L(lang, "MAC destination ", "目的 MAC ") .. w.eth_dst) end
  if w.eth_src_is_mac_of then
    add(L(lang, "from the MAC of ", "源 MAC 是 ") .. who(w.eth_src_is_mac_of.ns, lang) .. "/" .. w.eth_src_is_mac_of.dev ..
      L(lang, "", " 的"))
  end
  if w.eth_dst_is_mac_of then
    add(L(lang, "to the MAC of ", "目的 MAC 是 ") .. who(w.eth_dst_is_mac_of.ns, lang) .. "/" .. w.eth_dst_is_mac_of.dev ..
      L(lang, "", " 的"))
  end
  if w.no_eth then add(L(lang, "with no MAC header", "没有 MAC 头")) end
  if w.dir then add(w.dir == "In" and L(lang, "coming in", "入方向") or L(lang, "going out", "出方向")) end
  if w.text then add("'" .. w.text .. "'") end
  if #parts == 0 then return L(lang, "a packet", "数据包") end
  return table.concat(parts, lang == "zh" and "，" or " ")
end

local function shows_list(v)
  if v == nil then return {} end
  if v[1] ~= nil then return v end
  return { v }
end

K.capture = {
  fields = { ns = "ns", dev = "string", filter = "string", during = "lines", shows = "table",
    none = "any", timeout = "number" },
  required = { { "shows", "none" } },
  validate = function(a, file, line)
    local C = require("netlearn.claims")   -- (it requires this file: look it up when called)
    local function chk(w, what)
      if type(w) ~= "table" then C.raise(file, line, "capture: field '" .. what .. "' must be a table of packet fields", what) end
      for k, v in pairs(w) do
        local ty = PKT_FIELDS[k]
        if not ty then
          C.raise(file, line, string.format("capture: unknown packet field '%s' in %s (a packet has: %s)",
            tostring(k), what, names(PKT_FIELDS)), type(k) == "string" and k or what)
        end
        if not C.TYPES[ty][2](v) then
          C.raise(file, line, string.format("capture: packet field '%s' must be %s", k, C.TYPES[ty][1]), k)
        end
      end
    end
    if a.shows then
      if a.shows[1] ~= nil then for _, w in ipairs(a.shows) do chk(w, "shows") end else chk(a.shows, "shows") end
    end
    if a.none ~= nil and a.none ~= true then chk(a.none, "none") end
    -- the filter is tcpdump's language: a broken one is the lesson's error, found on load
    if type(a.filter) == "string" then
      local ok, msg = require("netlearn.core").filter_check(a.filter)
      if not ok then C.raise(file, line, "capture: filter '" .. a.filter .. "': " .. tostring(msg), "filter") end
    end
  end,
  render = function(a, lang)
    local where = (a.dev and (L(lang, "on ", "在 ") .. a.dev) or L(lang, "on every device", "在所有设备上"))
    if nsname(a.ns) ~= "" then where = where .. L(lang, " in " .. a.ns, "（" .. a.ns .. "）") end
    local head = L(lang, "a capture " .. where, where .. " 抓包")
    if a.filter then head = head .. L(lang, " for '" .. a.filter .. "'", "（过滤 '" .. a.filter .. "'）") end
    local s
    local shows = shows_list(a.shows)
    if #shows > 0 then
      local d = {}
      for _, w in ipairs(shows) do d[#d + 1] = describe_pkt(w, lang) end
      s = head .. L(lang, " shows ", " 看到 ") .. table.concat(d, L(lang, "; and ", "；以及 "))
    end
    if a.none == true then
      s = (s and (s .. L(lang, ", and", "，而且")) or head) .. L(lang, " shows nothing", " 什么也看不到")
    elseif a.none then
      s = (s and (s .. L(lang, ", but", "，但")) or head) .. L(lang, " shows no ", " 看不到 ") .. describe_pkt(a.none, lang)
    end
    if a.during then
      s = s .. L(lang, " while running '", "（运行 '") .. table.concat(lines_of(a.during), "; ") .. L(lang, "'", "' 时）")
    end
    return s
  end,
  -- the claim's ring, set up while the step's commands run (its setup waits
  -- an RCU grace period in the kernel)
  prepare = function(a, net)
    if net.ns_exists(nsname(a.ns)) then net.capture_warm(nsname(a.ns), { ring_kib = M.RING_KIB }) end
  end,
  check = function(a, lab)
    local net = lab.net
    -- asked before the claim's own traffic: what the lab held before it
    local q, why = quiet.plan(net, true)
    local cap, err = net.capture_open(nsname(a.ns), a.dev, a.filter, { ring_kib = M.RING_KIB })
    if not cap then return false, err end
    -- every packet the claim is about is sent after this
    local since = net.monotonic()
    local outs = {}
    for _, l in ipairs(lines_of(a.during)) do
      local _, out = lab.exec(l)
      if out and out ~= "" then outs[#outs + 1] = out end
    end
    local pkts = {}
    local function take(list) for _, p in ipairs(list or {}) do pkts[#pkts + 1] = p end end
    local shows = shows_list(a.shows)
    local function all_shown()
      for _, w in ipairs(shows) do
        local found = false
        for _, p in ipairs(pkts) do if pkt_match(p, w, net) then found = true break end end
        if not found then return false end
      end
      return true
    end
    -- the claim's lines may have started something (a server, a tunnel):
    -- the lab must still allow a proof after them; INCOMPLETE entries are
    -- judged by what was there before them
    if q then
      local after, why_after = quiet.plan(net, true)
      if not after then q, why = nil, why_after
      else   -- a macvlan the lines made: the stricter options of the two
        q.workers = q.workers or after.workers
        q.incomplete_ok = q.incomplete_ok and after.incomplete_ok
      end
    end
    take(cap:read())
    -- wait up to SECONDS for the lab to be proved quiet, then take what the
    -- capture holds: a frame is in the capture's ring before it is handed on,
    -- so once quiet, nothing more can come. false: not proved (no plan, or
    -- not quiet within SECONDS).
    local function quiet_then_read(seconds)
      if not q then return false end
      local ok = net.lab_quiet_wait { settle = q.settle, settle_max = q.settle_max, stable = q.stable,
        incomplete_ok = q.incomplete_ok, workers = q.workers, since = since, timeout = seconds }
      take(cap:read())
      return ok == true
    end
    local deadline = os.time() + (a.timeout or 2)
    if #shows > 0 then
      while not all_shown() and os.time() <= deadline do
        if q then
          if quiet_then_read(0.1) then break end
        else
          take(cap:wait(0.2))
        end
      end
    end
    -- "none": linger 0.3 s for a late packet, or until the lab is quiet (a
    -- quiet wait that proves nothing has lingered its 0.3 s already)
    if a.none ~= nil then
      if q then quiet_then_read(0.3) else take(cap:wait(0.3)) waitstats.reason("capture linger: " .. quiet.reason_key(why), 0.3) end
    end
    local dropped = cap:stats().dropped
    cap:close()
    local seen = {}
    for i, p in ipairs(pkts) do
      if i > 6 then seen[#seen + 1] = string.format("... (%d packets in all)", #pkts) break end
      seen[#seen + 1] = (p.ifname and (p.ifname .. " ") or "") .. (p.dir and (p.dir .. " ") or "") .. tostring(p.text_e or p.text)
    end
    local seen_s = #seen > 0 and table.concat(seen, "\n") or L(lab.lang, "nothing was captured", "什么也没抓到")
    local expect = {}
    for _, w in ipairs(shows) do expect[#expect + 1] = describe_pkt(w, lab.lang) end
    if a.none == true then expect[#expect + 1] = L(lab.lang, "no packet at all", "一个包也没有")
    elseif a.none then expect[#expect + 1] = L(lab.lang, "no ", "没有 ") .. describe_pkt(a.none, lab.lang) end
    local expect_s = table.concat(expect, "; ")
    if dropped > 0 then
      -- what was lost may be what the claim asks about (or must not see)
      return false, seen_s .. "\n" .. L(lab.lang,
        string.format("the capture's ring was full: the kernel dropped %d frames, so these are not all " ..
          "(a claim's capture holds %d KiB; its lines make too much traffic)", dropped, M.RING_KIB),
        string.format("抓包的环形缓冲区满了：内核丢掉了 %d 帧，上面不是全部（断言的抓包只有 %d KiB；它的命令产生的流量太多）",
          dropped, M.RING_KIB)), expect_s
    end
    if not all_shown() then return false, seen_s, expect_s end
    if a.none == true and #pkts > 0 then return false, seen_s, expect_s end
    if type(a.none) == "table" then
      for _, p in ipairs(pkts) do if pkt_match(p, a.none, net) then return false, seen_s, expect_s end end
    end
    return true, seen_s, expect_s
  end,
  look = function(a, lang)
    return L(lang, "run the capture yourself: 'tcpdump -n -e -i " .. (a.dev or "any") .. "' in " .. who(a.ns, lang) ..
      " and, in another step, the command that should make traffic",
      "自己抓包看看：在 " .. who(a.ns, lang) .. " 里运行 'tcpdump -n -e -i " .. (a.dev or "any") .. "'，再运行产生流量的命令")
  end,
}

return M
