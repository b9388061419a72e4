--[[ netlearn.claims -- what a lesson claims about its lab, checked for real.

Each kind is a constructor a lesson calls with a table of fields, e.g.
`reaches{from = "net1", to = "192.167.2.2"}`. The constructor checks the
fields on load (unknown field, wrong type, missing translation -> an error
naming FILE:LINE and the fix), remembers where it was written, and returns a
claim object that can say itself in English or Chinese (claims.render) and be
checked against the lab through the `net` primitives (claims.check).

  local C = require("netlearn.claims")
  local c = C.kinds.reaches{from = "net1", to = "192.167.2.2"}   -- in a lesson
  C.render(c, "zh")              --> "net1 能 ping 通 192.167.2.2"
  C.check(c, lab)                --> ok, seen, expected, look
lab = {net = <net module>, exec = function(line) -> status, output end}.
Every kind also takes says = {en=, zh=} (its sentence) and look = {en=, zh=}
(what to look at when it fails). docs/lesson-authoring.md lists the kinds.
]]
local M = {}

local Claim = {}
Claim.__index = Claim
M.Claim = Claim

M.sources = {}            -- short_src -> list of source lines (for field lines)

---------------------------------------------------------------------------
-- Declarations: where a constructor was called, and errors that name it.
---------------------------------------------------------------------------

-- file and line of the lesson code that called the constructor
function M.here(level)
  local info = debug.getinfo((level or 2) + 1, "Sl")
  if not info then return "?", 0 end
  return info.short_src, info.currentline or 0
end

-- the line at or after `line` where `key = ` is written (best effort)
function M.locate(file, line, key)
  local lines = M.sources[file]
  if not lines or not key then return line end
  for i = math.max(line, 1), math.min(#lines, line + 200) do
    local l = lines[i]
    if l:match("^%s*" .. key .. "%s*=") or l:match("[{,;]%s*" .. key .. "%s*=") then return i end
  end
  return line
end

-- the line at or after `line` that holds `text` (a command line as written; best effort)
function M.locate_text(file, line, text)
  local lines = M.sources[file]
  if not lines or type(text) ~= "string" or text == "" then return line end
  local probe = text:sub(1, 60)
  for i = math.max(line, 1), math.min(#lines, line + 400) do
    if lines[i]:find(probe, 1, true) then return i end
  end
  return line
end

-- Lessons run netlearn commands only: refuse a command line that would start a
-- program or write a file, at the line that holds it (netlearn.commands).
function M.check_command(what, cmd, file, line)
  local p = require("netlearn.commands").lesson_problem_line(cmd)
  if p then
    error(string.format("%s:%d: %s: '%s': %s", file, M.locate_text(file, line, cmd), what, cmd, p), 0)
  end
end

-- the line at or before `line` where a top-level `key =` starts
function M.locate_back(file, line, key)
  local lines = M.sources[file]
  if not lines then return line end
  for i = math.min(line, #lines), 1, -1 do
    if lines[i]:match("^" .. key .. "%s*=") then return i end
  end
  return line
end

function M.raise(file, line, msg, key)
  error(string.format("%s:%d: %s", file, M.locate(file, line, key), msg), 0)
end

local function names(spec)
  local t = {}
  for k in pairs(spec) do t[#t + 1] = k end
  table.sort(t)
  return table.concat(t, ", ")
end

-- Is v a bilingual text {en=, zh=}? Returns nil or a message.
function M.text_problem(v)
  if type(v) ~= "table" then
    return "must be a text in both languages, {en = \"...\", zh = \"...\"}"
  end
  for k in pairs(v) do
    if k ~= "en" and k ~= "zh" then
      return "has an unknown key '" .. tostring(k) .. "' (a text has en and zh)"
    end
  end
  if type(v.en) ~= "string" or v.en == "" then return "is missing its English text (en = \"...\")" end
  if type(v.zh) ~= "string" or v.zh == "" then return "is missing its Chinese translation (zh = \"...\")" end
  return nil
end

local function is_list_of(v, ty)
  if type(v) ~= "table" then return false end
  for k, x in pairs(v) do
    if math.type(k) ~= "integer" or type(x) ~= ty then return false end
  end
  return true
end

-- field types
local TYPES = {
  string = { "a string", function(v) return type(v) == "string" end },
  number = { "a number", function(v) return type(v) == "number" end },
  integer = { "an integer", function(v) return math.type(v) == "integer" end },
  boolean = { "true or false", function(v) return type(v) == "boolean" end },
  ["function"] = { "a function", function(v) return type(v) == "function" end },
  ns = { "a namespace name (\"host\" for the sandbox's own)", function(v) return type(v) == "string" end },
  lines = { "a command line or a list of them", function(v)
    return type(v) == "string" or is_list_of(v, "string") end },
  nsdev = { "{ns = NAMESPACE, dev = DEVICE}", function(v)
    return type(v) == "table" and type(v.dev) == "string" and (v.ns == nil or type(v.ns) == "string") end },
  strnum = { "a string or a number", function(v) return type(v) == "string" or type(v) == "number" end },
  strbool = { "a string or true", function(v) return type(v) == "string" or v == true end },
  table = { "a table", function(v) return type(v) == "table" end },
}
M.TYPES = TYPES

-- Check the fields of a declaration against spec {field = type}; required list.
function M.check_fields(what, t, spec, required, file, line)
  if type(t) ~= "table" then
    M.raise(file, line, what .. " takes a table of fields: " .. what .. "{...}")
  end
  for k, v in pairs(t) do
    local ty = spec[k]
    if not ty then
      M.raise(file, line, string.format("%s: unknown field '%s' (%s takes: %s)", what, tostring(k), what, names(spec)),
        type(k) == "string" and k or nil)
    end
    if ty == "text" then
      local p = M.text_problem(v)
      if p then M.raise(file, line, string.format("%s: field '%s' %s", what, k, p), k) end
    elseif ty ~= "any" and ty ~= "claims" and ty ~= "texts" and ty ~= "choices" and not TYPES[ty][2](v) then
      M.raise(file, line, string.format("%s: field '%s' must be %s, not %s", what, k, TYPES[ty][1], type(v)), k)
    end
  end
  for _, k in ipairs(required or {}) do
    if type(k) == "table" then   -- one of
      local any = false
      for _, kk in ipairs(k) do if t[kk] ~= nil then any = true end end
      if not any then
        M.raise(file, line, string.format("%s: needs one of the fields %s", what, table.concat(k, ", ")))
      end
    elseif t[k] == nil then
      M.raise(file, line, string.format("%s: missing required field '%s' (%s takes: %s)", what, k, what, names(spec)))
    end
  end
end

---------------------------------------------------------------------------
-- Words shared by the kinds.
---------------------------------------------------------------------------
local function L(lang, en, zh) return lang == "zh" and zh or en end

local function nsname(ns)
  if ns == nil or ns == "" or ns == "host" then return "" end
  return ns
end
M.nsname = nsname

-- On a machine (netlearn.machine) its own namespace is "the host": name it.
local function machine_name() return require("netlearn.machine").current end

local function who(ns, lang)
  ns = nsname(ns)
  if ns == "" then return machine_name() or L(lang, "the host", "宿主机") end
  return ns
end

local function Who(ns, lang)
  if nsname(ns) ~= "" then return ns end
  return machine_name() or L(lang, "The host", "宿主机")
end

local function lines_of(v)
  if v == nil then return {} end
  if type(v) == "string" then return { v } end
  return v
end

local function fmt_ping(r)
  if not r then return "no result" end
  local s = string.format("%d sent, %d received, %s%% loss", r.sent or 0, r.received or 0, tostring(r.loss or "?"))
  if r.ttl and (r.received or 0) > 0 then s = s .. ", ttl=" .. r.ttl end
  if r.error then s = s .. "; " .. r.error end
  if r.unreachable and r.unreachable[1] then
    s = s .. "; From " .. tostring(r.unreachable[1].from) .. " " .. tostring(r.unreachable[1].text)
  end
  return s
end

local function need(net, fn)
  if type(net[fn]) ~= "function" then
    return false, "net." .. fn .. " is not in this build of netlearn yet"
  end
  return true
end

---------------------------------------------------------------------------
-- The kinds.  Each: fields, required, render(a, lang), check(a, lab), look.
---------------------------------------------------------------------------
local K = {}
M.K = K

-- The payload of the echoes netlearn sends to prove a claim: a learner's capture
-- leaves them out (netlearn.cmd.probes, Capture:take), so that a task checking
-- its claims after each command does not fill the learner's tcpdump.
M.PROBE_PATTERN = "<netlearn-claim>"

local function do_ping(net, a, count)
  -- an IPv6 address (it has a colon, fe80::1%veth0 included) is pinged with ICMPv6
  local fn = tostring(a.to):find(":", 1, true) and "ping6" or "ping"
  local ok, e = need(net, fn)
  if not ok then return nil, e end
  -- a reply inside the lab takes well under 10 ms: 0.5 s is ample to call it silence
  return net[fn](nsname(a.from), a.to, { count = count or 1, timeout = a.timeout or 0.5, ttl = a.send_ttl,
    pattern = M.PROBE_PATTERN })
end

K.reaches = {
  fields = { from = "ns", to = "string", ttl = "integer", timeout = "number", send_ttl = "integer" },
  required = { "to" },
  render = function(a, lang)
    local s = L(lang, Who(a.from, lang) .. " reaches " .. a.to, who(a.from, lang) .. " 能 ping 通 " .. a.to)
    if a.ttl then s = s .. L(lang, " with ttl=", "，ttl=") .. a.ttl end
    return s
  end,
  check = function(a, lab)
    local r, e
    for _ = 1, 3 do    -- the first packet may wait for ARP; try a few times
      r, e = do_ping(lab.net, a)
      if not r then return false, e end
      if (r.received or 0) > 0 then break end
    end
    local got = (r.received or 0) > 0
    local expect = L(lab.lang, "an echo reply", "收到回复 (echo reply)")
    if a.ttl then expect = expect .. " ttl=" .. a.ttl end
    if got and a.ttl and r.ttl ~= a.ttl then return false, fmt_ping(r), expect end
    return got, fmt_ping(r), expect
  end,
  look = function(a, lang)
    local f = nsname(a.from) == "" and "" or ("-n " .. a.from .. " ")
    return L(lang,
      "'ip " .. f .. "route' (is there a route to " .. a.to .. "?), the return route on the far side, " ..
        "ip_forward on the routers in between, links UP; capture on the way with tcpdump to see where it stops",
      "'ip " .. f .. "route'（有没有到 " .. a.to .. " 的路由？）、对端的回程路由、中间路由器的 ip_forward、" ..
        "链路是否 UP；在沿途用 tcpdump 抓包，看包停在哪里")
  end,
}
K.ping = K.reaches

K.not_reaches = {
  fields = { from = "ns", to = "string", error = "string", timeout = "number" },
  required = { "to" },
  render = function(a, lang)
    local s = L(lang, Who(a.from, lang) .. " does not reach " .. a.to,
      who(a.from, lang) .. " ping 不通 " .. a.to)
    if a.error then s = s .. L(lang, " (" .. a.error .. ")", "（" .. a.error .. "）") end
    return s
  end,
  check = function(a, lab)
    local r, e = do_ping(lab.net, a)
    if not r then
      if a.error and e and e:find(a.error, 1, true) then return true, e end
      return false, e
    end
    local expect = L(lab.lang, "no echo reply", "收不到回复")
    if a.error then expect = expect .. ": " .. a.error end
    if (r.received or 0) > 0 then return false, fmt_ping(r), expect end
    if a.error then
      local text = (r.error or "") .. " " .. ((r.unreachable and r.unreachable[1] and r.unreachable[1].text) or "")
      if not text:find(a.error, 1, true) then return false, fmt_ping(r), expect end
    end
    return true, fmt_ping(r), expect
  end,
  look = function(a, lang)
    return L(lang, "something in the lab already lets " .. who(a.from, lang) .. " reach " .. a.to ..
      ": a route or address added earlier than the lesson expects?",
      "实验环境里已经有东西让 " .. who(a.from, lang) .. " 能到达 " .. a.to .. "：是不是提前加了路由或地址？")
  end,
}

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

local function mac_of(net, nd)
  if not net.link_get then return nil end
  local l = net.link_get(nsname(nd.ns), nd.dev)
  return l and l.address and l.address:lower()
end

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
    local function chk(w, what)
      if type(w) ~= "table" then M.raise(file, line, "capture: field '" .. what .. "' must be a table of packet fields", what) end
      for k, v in pairs(w) do
        local ty = PKT_FIELDS[k]
        if not ty then
          M.raise(file, line, string.format("capture: unknown packet field '%s' in %s (a packet has: %s)",
            tostring(k), what, names(PKT_FIELDS)), type(k) == "string" and k or what)
        end
        if not TYPES[ty][2](v) then
          M.raise(file, line, string.format("capture: packet field '%s' must be %s", k, TYPES[ty][1]), k)
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
      if not ok then M.raise(file, line, "capture: filter '" .. a.filter .. "': " .. tostring(msg), "filter") end
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
  check = function(a, lab)
    local net = lab.net
    local ok, e = need(net, "capture_open")
    if not ok then return false, e end
    local cap, err = net.capture_open(nsname(a.ns), a.dev, a.filter, {})
    if not cap then return false, err end
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
    take(cap:read())
    local deadline = os.time() + (a.timeout or 2)
    if #shows > 0 then
      while not all_shown() and os.time() <= deadline do take(cap:wait(0.2)) end
    end
    if a.none ~= nil then take(cap:wait(0.3)) end
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

-- "192.167.2.0/24 via 192.167.3.1 dev veth3" -> {dst=, via=, dev=, ...}
local function parse_route(s)
  local r = {}
  local w = {}
  for x in s:gmatch("%S+") do w[#w + 1] = x end
  r.dst = w[1]
  local i = 2
  while i <= #w do
    local k, v = w[i], w[i + 1]
    if k == "via" or k == "dev" or k == "metric" or k == "table" or k == "proto" or k == "scope" or k == "src" then
      r[k] = v
      i = i + 2
    else
      return nil, "route: cannot read '" .. k .. "' in '" .. s .. "' (write 'DST [via ADDR] [dev DEV] [metric N] [table T]')"
    end
  end
  if not r.dst or not r.dst:match("^[%d./]+$") and r.dst ~= "default" then
    return nil, "route: '" .. s .. "' must start with a destination like 192.167.2.0/24 or default"
  end
  return r
end
M.parse_route = parse_route

local function route_match(e, r)
  local dst = e.dst
  if r.dst ~= "default" and not r.dst:find("/", 1, true) then
    if dst ~= r.dst and dst ~= r.dst .. "/32" then return false end
  elseif dst ~= r.dst then return false end
  if r.via and e.gateway ~= r.via then return false end
  if r.dev and e.dev ~= r.dev then return false end
  if r.metric and tostring(e.metric or 0) ~= r.metric then return false end
  if r.proto and tostring(e.protocol) ~= r.proto then return false end
  if r.scope and tostring(e.scope) ~= r.scope then return false end
  if r.src and e.src ~= r.src then return false end
  return true
end

local function fmt_route(e)
  local s = tostring(e.dst)
  if e.gateway then s = s .. " via " .. e.gateway end
  if e.dev then s = s .. " dev " .. e.dev end
  if e.protocol and e.protocol ~= "boot" then s = s .. " proto " .. tostring(e.protocol) end
  if e.scope and e.scope ~= "global" then s = s .. " scope " .. tostring(e.scope) end
  if e.src then s = s .. " src " .. e.src end
  if e.metric and e.metric ~= 0 then s = s .. " metric " .. e.metric end
  return s
end

K.route = {
  fields = { ns = "ns", has = "string", lacks = "string", table = "strnum",
    to = "string", via = "string", dev = "string", unreachable = "boolean" },
  required = { { "has", "lacks", "to" } },
  validate = function(a, file, line)
    for _, k in ipairs({ "has", "lacks" }) do
      if a[k] then
        local r, e = parse_route(a[k])
        if not r then M.raise(file, line, e, k) end
      end
    end
    if (a.via or a.dev or a.unreachable) and not a.to then
      M.raise(file, line, "route: via/dev/unreachable describe a lookup; add to = ADDRESS (or write has = \"DST via ... dev ...\")")
    end
  end,
  render = function(a, lang)
    if a.to then
      if a.unreachable then
        return L(lang, "in " .. who(a.ns, lang) .. ", " .. a.to .. " is unreachable (no route)",
          who(a.ns, lang) .. " 没有到 " .. a.to .. " 的路由")
      end
      local how = ""
      if a.dev then how = how .. L(lang, " leave by " .. a.dev, " 从 " .. a.dev .. " 发出") end
      if a.via then how = how .. L(lang, " via " .. a.via, "，下一跳 " .. a.via) end
      return L(lang, "in " .. who(a.ns, lang) .. ", packets to " .. a.to .. how,
        who(a.ns, lang) .. " 发往 " .. a.to .. " 的包" .. how)
    end
    if a.has then
      return L(lang, Who(a.ns, lang) .. " has the route " .. a.has, who(a.ns, lang) .. " 有路由 " .. a.has)
    end
    return L(lang, Who(a.ns, lang) .. " has no route " .. a.lacks, who(a.ns, lang) .. " 没有路由 " .. a.lacks)
  end,
  check = function(a, lab)
    local net = lab.net
    if a.to then
      local ok, e = need(net, "route_get")
      if not ok then return false, e end
      local r, err = net.route_get(nsname(a.ns), a.to)
      if a.unreachable then
        return r == nil, r and fmt_route(r) or err, L(lab.lang, "no route", "没有路由")
      end
      if not r then return false, err end
      local seen = fmt_route(r)
      return (not a.dev or r.dev == a.dev) and (not a.via or r.gateway == a.via), seen,
        (a.dev and ("dev " .. a.dev) or "") .. (a.via and (" via " .. a.via) or "")
    end
    local ok, e = need(net, "route_list")
    if not ok then return false, e end
    local want = parse_route(a.has or a.lacks)
    local tbl = a.table or want.table
    local list, err = net.route_list(nsname(a.ns), tbl and { table = tonumber(tbl) or tbl } or nil)
    if not list then return false, err end
    local found = false
    local seen = {}
    for _, e2 in ipairs(list) do
      seen[#seen + 1] = fmt_route(e2)
      if route_match(e2, want) then found = true end
    end
    local seen_s = #seen > 0 and table.concat(seen, "\n") or L(lab.lang, "(no routes)", "（没有路由）")
    if a.has then return found, seen_s, a.has end
    return not found, seen_s, L(lab.lang, "no ", "没有 ") .. a.lacks
  end,
  look = function(a, lang)
    local f = nsname(a.ns) == "" and "" or ("-n " .. a.ns .. " ")
    return L(lang, "'ip " .. f .. "route' and the step's 'ip route add' line", "'ip " .. f .. "route' 以及这一步的 'ip route add' 命令")
  end,
}

K.link = {
  fields = { ns = "ns", dev = "string", type = "string", state = "string", up = "boolean", master = "string",
    mtu = "integer", address = "string", exists = "boolean", mode = "string",
    same_mac_as = "nsdev", other_mac_than = "nsdev" },
  required = { "dev" },
  render = function(a, lang)
    local d = a.dev .. L(lang, " in " .. who(a.ns, lang), "（" .. who(a.ns, lang) .. "）")
    if a.exists == false then return L(lang, "there is no " .. d, "没有 " .. d) end
    local p = {}
    if a.type then p[#p + 1] = L(lang, "is a " .. a.type, "是 " .. a.type) end
    if a.mode then p[#p + 1] = L(lang, "in mode " .. a.mode, "模式 " .. a.mode) end
    if a.state then p[#p + 1] = L(lang, "has state " .. a.state, "状态 " .. a.state) end
    if a.up ~= nil then p[#p + 1] = a.up and L(lang, "is up", "已启用 (UP)") or L(lang, "is down", "未启用") end
    if a.master then p[#p + 1] = L(lang, "is attached to " .. a.master, "接在 " .. a.master .. " 上") end
    if a.mtu then p[#p + 1] = "mtu " .. a.mtu end
    if a.address then p[#p + 1] = L(lang, "has MAC ", "MAC 是 ") .. a.address end
    if a.same_mac_as then
      p[#p + 1] = L(lang, "has the same MAC as ", "和 ") .. who(a.same_mac_as.ns, lang) .. "/" .. a.same_mac_as.dev ..
        L(lang, "", " 的 MAC 相同")
    end
    if a.other_mac_than then
      p[#p + 1] = L(lang, "has a different MAC than ", "和 ") .. who(a.other_mac_than.ns, lang) .. "/" .. a.other_mac_than.dev ..
        L(lang, "", " 的 MAC 不同")
    end
    if #p == 0 then p[1] = L(lang, "exists", "存在") end
    return d .. " " .. table.concat(p, L(lang, ", ", "，"))
  end,
  check = function(a, lab)
    local net = lab.net
    local ok, e = need(net, "link_get")
    if not ok then return false, e end
    local l, err = net.link_get(nsname(a.ns), a.dev)
    if a.exists == false then
      return l == nil, l and (a.dev .. " exists") or err, L(lab.lang, "no such device", "没有这个设备")
    end
    if not l then return false, err end
    local seen = string.format("%s: type %s, %s, state %s, mtu %s, mac %s%s", l.name, tostring(l.type or "ether"),
      l.up and "UP" or "DOWN", tostring(l.operstate), tostring(l.mtu), tostring(l.address),
      l.master and (", master " .. l.master) or "")
    local good = true
    if a.type and (l.type or "ether") ~= a.type then good = false end
    if a.mode and l.mode ~= a.mode then good = false end
    if a.state and l.operstate ~= a.state then good = false end
    if a.up ~= nil and (l.up and true or false) ~= a.up then good = false end
    if a.master and l.master ~= a.master then good = false end
    if a.mtu and l.mtu ~= a.mtu then good = false end
    if a.address and tostring(l.address):lower() ~= a.address:lower() then good = false end
    if a.same_mac_as then
      local m = mac_of(net, a.same_mac_as)
      seen = seen .. "; " .. a.same_mac_as.dev .. ": " .. tostring(m)
      if not m or m ~= tostring(l.address):lower() then good = false end
    end
    if a.other_mac_than then
      local m = mac_of(net, a.other_mac_than)
      seen = seen .. "; " .. a.other_mac_than.dev .. ": " .. tostring(m)
      if not m or m == tostring(l.address):lower() then good = false end
    end
    return good, seen
  end,
  look = function(a, lang)
    local f = nsname(a.ns) == "" and "" or ("-n " .. a.ns .. " ")
    return L(lang, "'ip " .. f .. "-d link show " .. a.dev .. "'", "'ip " .. f .. "-d link show " .. a.dev .. "'")
  end,
}

K.addr = {
  fields = { ns = "ns", dev = "string", has = "string", lacks = "string" },
  required = { { "has", "lacks" } },
  render = function(a, lang)
    local where = a.dev and (a.dev .. L(lang, " in " .. who(a.ns, lang), "（" .. who(a.ns, lang) .. "）")) or who(a.ns, lang)
    if a.has then return L(lang, where .. " has the address " .. a.has, where .. " 有地址 " .. a.has) end
    return L(lang, where .. " does not have the address " .. a.lacks, where .. " 没有地址 " .. a.lacks)
  end,
  check = function(a, lab)
    local net = lab.net
    local ok, e = need(net, "addr_list")
    if not ok then return false, e end
    local list, err = net.addr_list(nsname(a.ns), a.dev)
    if not list then return false, err end
    local want = a.has or a.lacks
    local found = false
    local seen = {}
    for _, x in ipairs(list) do
      local p = x.address .. "/" .. tostring(x.prefixlen)
      seen[#seen + 1] = x.dev .. " " .. p
      if p == want or x.address == want then found = true end
    end
    local seen_s = #seen > 0 and table.concat(seen, ", ") or L(lab.lang, "(no addresses)", "（没有地址）")
    if a.has then return found, seen_s, a.has end
    return not found, seen_s, L(lab.lang, "no ", "没有 ") .. a.lacks
  end,
  look = function(a, lang)
    local f = nsname(a.ns) == "" and "" or ("-n " .. a.ns .. " ")
    return "'ip " .. f .. "addr'" .. L(lang, "", "")
  end,
}

K.sysctl = {
  fields = { ns = "ns", name = "string", value = "strnum" },
  required = { "name", "value" },
  render = function(a, lang)
    return L(lang, "in " .. who(a.ns, lang) .. ", " .. a.name .. " is " .. a.value,
      who(a.ns, lang) .. " 的 " .. a.name .. " 是 " .. a.value)
  end,
  check = function(a, lab)
    local ok, e = need(lab.net, "sysctl_get")
    if not ok then return false, e end
    local v, err = lab.net.sysctl_get(nsname(a.ns), a.name)
    if not v then return false, err end
    return tostring(v) == tostring(a.value), a.name .. " = " .. tostring(v), a.name .. " = " .. a.value
  end,
  look = function(a, lang)
    return L(lang, "'sysctl " .. a.name .. "' in " .. who(a.ns, lang), "在 " .. who(a.ns, lang) .. " 里运行 'sysctl " .. a.name .. "'")
  end,
}

K.curl = {
  fields = { from = "ns", url = "string", status = "integer", refused = "boolean", fails = "boolean",
    body_matches = "string", timeout = "number" },
  required = { "url", { "status", "refused", "fails", "body_matches" } },
  render = function(a, lang)
    local f = Who(a.from, lang)
    if a.refused then
      return L(lang, "curl to " .. a.url .. " from " .. who(a.from, lang) .. " is refused",
        "从" .. who(a.from, lang) .. " curl " .. a.url .. " 被拒绝 (Connection refused)")
    elseif a.fails then
      return L(lang, "curl to " .. a.url .. " from " .. who(a.from, lang) .. " fails",
        "从" .. who(a.from, lang) .. " curl " .. a.url .. " 失败")
    end
    local s = L(lang, f .. " fetches " .. a.url, who(a.from, lang) .. " 能用 curl 访问 " .. a.url)
    if a.status then s = s .. L(lang, " (HTTP " .. a.status .. ")", "（HTTP " .. a.status .. "）") end
    if a.body_matches then s = s .. L(lang, " and the page contains '", "，页面里有 '") .. a.body_matches .. "'" end
    return s
  end,
  check = function(a, lab)
    local ok, e = need(lab.net, "http_get")
    if not ok then return false, e end
    local url = a.url:match("^%a+://") and a.url or ("http://" .. a.url)
    local r, err = lab.net.http_get(nsname(a.from), url, { timeout = a.timeout or 2 })
    if a.refused then
      return r == nil and err ~= nil and err:lower():find("refused", 1, true) ~= nil,
        r and ("HTTP " .. tostring(r.status)) or err, "Connection refused"
    end
    if a.fails then return r == nil, r and ("HTTP " .. tostring(r.status)) or err, L(lab.lang, "a failure", "失败") end
    if not r then return false, err end
    local seen = "HTTP " .. tostring(r.status) .. " " .. tostring(r.reason or "")
    if a.status and r.status ~= a.status then return false, seen, "HTTP " .. a.status end
    if a.body_matches and not tostring(r.body or ""):find(a.body_matches) then
      return false, seen .. "\n" .. tostring(r.body or ""):sub(1, 300), a.body_matches
    end
    return true, seen
  end,
  look = function(a, lang)
    return L(lang, "is a server listening? ('ss -ltn' in its namespace); iptables -t nat -L -n -v (which chain DNATs it?)",
      "有没有服务在监听？（在它的命名空间里 'ss -ltn'）；iptables -t nat -L -n -v（哪条链做了 DNAT？）")
  end,
}

-- A Lua pattern as a learner reads it: escapes dropped, %d+ as N, hex and
-- wildcards as …, whitespace classes and line breaks as one space.
local function readable(p)
  p = " " .. p
  p = p:gsub("^ %^", " "):gsub("([^%%])%$$", "%1")
  p = p:gsub("%%x[%+%*%-]?", "…"):gsub("%%d[%+%*%-]?", "N")
  p = p:gsub("%%s[%+%*%-]?", " "):gsub("[\t\n][%+%*%-]?", " ")
  for _ = 1, 2 do   -- twice: a match eats the character before the next one
    p = p:gsub("([^%%])%.[%+%*%-]", "%1…"):gsub("([^%%])%[[^%]]*%][%+%*%-]?", "%1…")
  end
  p = p:gsub("%%(%p)", "%1"):gsub("([^%%]) [%+%*]", "%1 ")
  local n
  repeat p, n = p:gsub("… *…", "…") until n == 0
  return (p:gsub("  +", " "):match("^%s*(.-)%s*$"))
end

K.output = {
  fields = { cmd = "string", ns = "ns", matches = "string", contains = "string", lacks = "string", status = "integer" },
  required = { "cmd", { "matches", "contains", "lacks", "status" } },
  render = function(a, lang)
    local w = {}
    if a.contains then w[#w + 1] = L(lang, "shows '" .. a.contains .. "'", "输出含有 '" .. a.contains .. "'") end
    if a.matches then
      local m = readable(a.matches)
      w[#w + 1] = L(lang, "shows '" .. m .. "'", "输出含有 '" .. m .. "'")
    end
    if a.lacks then w[#w + 1] = L(lang, "does not show '" .. a.lacks .. "'", "输出没有 '" .. a.lacks .. "'") end
    if a.status then w[#w + 1] = L(lang, "exits with " .. a.status, "退出状态 " .. a.status) end
    return "'" .. a.cmd .. "' " .. table.concat(w, L(lang, " and ", "，"))
  end,
  check = function(a, lab)
    local status, out = lab.exec(a.cmd, nsname(a.ns))
    local seen = (out ~= "" and out or "(no output)") .. (status ~= 0 and ("[status " .. tostring(status) .. "]") or "")
    if a.status and status ~= a.status then return false, seen, "status " .. a.status end
    if a.contains and not out:find(a.contains, 1, true) then return false, seen, a.contains end
    if a.matches and not out:find(a.matches) then return false, seen, a.matches end
    if a.lacks and out:find(a.lacks, 1, true) then return false, seen, L(lab.lang, "no ", "没有 ") .. a.lacks end
    return true, seen
  end,
  look = function(a, lang) return L(lang, "run '" .. a.cmd .. "' yourself", "自己运行 '" .. a.cmd .. "'") end,
}

K.lua = {
  fields = { fn = "function" },
  required = { "fn", "says" },
  render = function(_, _) return "?" end,     -- always `says`
  check = function(a, lab)
    local sbx = require("netlearn.sandboxenv")
    local ok, good, seen = require("netlearn.guard").lesson(sbx.call, a.fn, lab.lesson_net, lab.helpers)
    if not ok then return false, good end
    return good and true or false, seen ~= nil and tostring(seen) or nil
  end,
  look = function(_, lang) return L(lang, "the lesson's own check (a lua{} claim)", "课程自带的检查（lua{} 说法）") end,
}

-- one ping's walk in time order (claim_path.lua)
K.path = require("netlearn.claim_path")

-- the fields every kind takes
local COMMON = { says = "text", look = "text" }

-- Constructors for the lesson environment: name -> function(t) -> claim
function M.constructor(kind)
  local k = K[kind]
  local spec = {}
  for f, ty in pairs(k.fields) do spec[f] = ty end
  for f, ty in pairs(COMMON) do spec[f] = ty end
  return function(t)
    local file, line = M.here(2)
    M.check_fields(kind, t, spec, k.required, file, line)
    if k.validate then k.validate(t, file, line) end
    -- the command lines a claim runs are netlearn commands only
    if type(t.cmd) == "string" then M.check_command(kind, t.cmd, file, line) end
    if t.during then
      for _, l in ipairs(type(t.during) == "table" and t.during or { t.during }) do
        if type(l) == "string" then M.check_command(kind, l, file, line) end
      end
    end
    local a = {}
    for f, v in pairs(t) do a[f] = v end
    return setmetatable({ kind = kind, a = a, file = file, line = line }, Claim)
  end
end

function M.is_claim(v) return getmetatable(v) == Claim end

-- Chinese put together from parts loses its typography (宿主机 有路由,
-- "收到回复 (echo reply)"): netlearn.zhtext puts it right.
local function tidy(s, lang)
  if lang == "zh" then return require("netlearn.zhtext").tidy(s) end
  return s
end

function M.render(c, lang)
  if c.a.says then return require("netlearn.i18n").pick(c.a.says, lang) end
  return tidy(K[c.kind].render(c.a, lang), require("netlearn.i18n").resolve(lang))
end

-- -> ok, seen, expected, look
function M.check(c, lab)
  lab.claim = c
  local ok, good, seen, expected = pcall(K[c.kind].check, c.a, lab)
  lab.claim = nil
  if not ok then return false, "netlearn: " .. tostring(good), nil, nil end
  local look = c.a.look and require("netlearn.i18n").pick(c.a.look, lab.lang) or tidy(K[c.kind].look(c.a, lab.lang), lab.lang)
  if type(expected) == "string" then expected = tidy(expected, lab.lang) end
  return good, seen, expected, look
end

M.kinds = {}
for name in pairs(K) do M.kinds[name] = M.constructor(name) end

return M
