--[[ netlearn.claim_reach -- the claims about traffic getting through: reaches{},
not_reaches{} (ping, ICMPv6 for an IPv6 address) and curl{} (an HTTP fetch).

netlearn.claims registers the kinds (M.kinds) and re-exports PROBE_PATTERN.
An IPv4 ping that gets no reply stops waiting as soon as the lab is proved
quiet (netlearn.quiet, docs/quiet-lab.md) and says so in its result; where
that cannot be proved it waits its fixed timeout and says why.
]]
local W = require("netlearn.claim_words")
local quiet = require("netlearn.quiet")
local waitstats = require("netlearn.waitstats")
local L, nsname, who, Who = W.L, W.nsname, W.who, W.Who

local M = {}
local K = {}
M.kinds = K

-- The payload of the echoes netlearn sends to prove a claim: a learner's capture
-- leaves them out (netlearn.cmd.probes, Capture:take), so that a task checking
-- its claims after each command does not fill the learner's tcpdump.
M.PROBE_PATTERN = "<netlearn-claim>"

local function fmt_ping(r)
  if not r then return "no result" end
  local s = string.format("%d sent, %d received, %s%% loss", r.sent or 0, r.received or 0, tostring(r.loss or "?"))
  if r.ttl and (r.received or 0) > 0 then s = s .. ", ttl=" .. r.ttl end
  if r.error then s = s .. "; " .. r.error end
  if r.unreachable and r.unreachable[1] then
    s = s .. "; From " .. tostring(r.unreachable[1].from) .. " " .. tostring(r.unreachable[1].text)
  end
  if r.wait_words and (r.received or 0) == 0 then s = s .. "; " .. r.wait_words end
  return s
end

-- the default wait for a reply; a claim that asks for longer (a router's Host
-- Unreachable comes after its ARP gives up, 3 s) waits the time it asked for
local TIMEOUT = 0.5

local function do_ping(net, a, lang)
  -- an IPv6 address (it has a colon, fe80::1%veth0 included) is pinged with ICMPv6
  local fn = tostring(a.to):find(":", 1, true) and "ping6" or "ping"
  local timeout = a.timeout or TIMEOUT
  -- a reply inside the lab takes well under 10 ms: 0.5 s is ample to call it
  -- silence, and a quiet lab proves it sooner (IPv4 only so far)
  local q, why_en, why_zh
  if fn ~= "ping" then
    why_en, why_zh = "no quiet proof for ICMPv6 yet", "ICMPv6 还没有安静证明"
  elseif timeout > TIMEOUT then
    why_en, why_zh = "the claim asks for this wait", "这个断言要求等这么久"
  else
    q, why_en, why_zh = quiet.plan(net)
  end
  local r, err, code = net[fn](nsname(a.from), a.to, { count = 1, timeout = timeout, ttl = a.send_ttl,
    pattern = M.PROBE_PATTERN, quiet = q, negative = fn == "ping" or nil })
  if r and (r.received or 0) == 0 and (r.errors or 0) == 0 and not r.error then
    r.wait_words = quiet.words(r, why_en, why_zh, timeout, lang)
    if not r.quiet then waitstats.reason("ping: " .. quiet.reason_key(why_en, r.quiet_why), timeout) end
  end
  return r, err, code
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
    -- the first packet may wait for ARP; try a few times, unless the lab was
    -- proved quiet: then the answer is in (the lab is deterministic)
    for _ = 1, 3 do
      r, e = do_ping(lab.net, a, lab.lang)
      if not r then return false, e end
      if (r.received or 0) > 0 or r.quiet then break end
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
    local r, e = do_ping(lab.net, a, lab.lang)
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
    local url = a.url:match("^%a+://") and a.url or ("http://" .. a.url)
    -- a connect nothing answers ends once the lab is proved quiet (quiet.http_get)
    local r, err, _, _, quiet_ms = quiet.http_get(lab.net, nsname(a.from), url, { timeout = a.timeout or 2 })
    if not r and quiet_ms then
      err = tostring(err) .. "; " .. quiet.words({ quiet = true, quiet_ms = quiet_ms }, nil, nil, 0, lab.lang)
    end
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

return M
