--[[ netlearn.claim_path -- the path{} claim: one ping's walk, in the order it happened.

  path { from = "server1", to = "10.1.8.10",
         through = { "server1/net0", "gw1/eth1", "gw1/tun0", "gw1/eth2",
                     "gw2/eth2", "gw2/tun0", "gw2/eth1", "server2/net0" } }

runs `trace path FROM TO` (netlearn.cmd.lab.path_trace) and holds when the
reply came back, the echo request was seen at every place of `through` in
that order (the first sighting at each place later than the one before), the
reply at the same places in the reverse order, and every sighting of the
request before the first sighting of the reply. The order is that of the
times the kernel stamped the frames (src/capture.c's ring), so a capture that
stamped a frame when it was read, not when it arrived, fails this claim.
A place is NAMESPACE/DEVICE ("host/eth0" for the sandbox's own namespace).
A trace that could not watch every device whole (a capture ring that filled,
a capture that failed to open) proves nothing either way: the claim fails
and says where.
claims.lua registers it as K.path.
]]
local M = {}

local function L(lang, en, zh) return lang == "zh" and zh or en end
local function nsname(ns)
  if ns == nil or ns == "" or ns == "host" then return "" end
  return ns
end
local function who(ns, lang)
  if nsname(ns) == "" then return L(lang, "the host", "宿主机") end
  return ns
end

M.fields = { from = "ns", to = "string", through = "table" }
M.required = { "to", "through" }

function M.validate(a, file, line)
  local C = require("netlearn.claims")
  local ok = #a.through >= 2
  for k, v in pairs(a.through) do
    if math.type(k) ~= "integer" or type(v) ~= "string" or not v:match("^[^/%s]+/[^/%s]+$") then ok = false end
  end
  if not ok then
    C.raise(file, line, "path: field 'through' must list two or more places as \"NAMESPACE/DEVICE\" " ..
      "(e.g. { \"server1/net0\", \"gw1/eth1\" }; \"host/eth0\" for the sandbox's own)", "through")
  end
  if not a.to:match("^%d+%.%d+%.%d+%.%d+$") then
    C.raise(file, line, "path: field 'to' must be an IPv4 address (trace path sends one ping to it)", "to")
  end
end

function M.render(a, lang)
  return L(lang,
    "one ping from " .. who(a.from, lang) .. " to " .. a.to .. " passes " .. table.concat(a.through, " > ") ..
      " in that order, and its reply comes back the same way",
    "从 " .. who(a.from, lang) .. " 到 " .. a.to .. " 的一个 ping 依次经过 " .. table.concat(a.through, " > ") ..
      "，回复沿原路返回")
end

-- index of the first sighting of KIND at PLACE in hops (time order), or nil
local function first_at(hops, kind, place)
  for i, h in ipairs(hops) do
    if h.kind == kind and h.ns .. "/" .. h.dev == place then return i end
  end
  return nil
end

local function reversed(t)
  local r = {}
  for i = #t, 1, -1 do r[#r + 1] = t[i] end
  return r
end

-- -> nil, or what is wrong with the walk (in lang)
function M.problem(a, t, lang)
  local hops = t.hops or {}
  -- a place not watched whole (its ring was full, its capture failed) may
  -- lack a sighting: neither "holds" nor "not seen at" could be trusted
  local blind = require("netlearn.cmd.lab").blind_lines(t, lang)
  if #blind > 0 then return blind[1] end
  for i = 2, #hops do
    if (hops[i].us or 0) < (hops[i - 1].us or 0) then
      return L(lang, "sighting " .. i .. " is listed after a later one", "第 " .. i .. " 行排在了更晚的一行后面")
    end
  end
  if not t.ping or (t.ping.received or 0) == 0 then
    return L(lang, "no reply came back", "没有收到回复")
  end
  local through = a.through
  for _, leg in ipairs({ { "request", through }, { "reply", reversed(through) } }) do
    local kind, places = leg[1], leg[2]
    local last, last_place = 0, nil
    for _, place in ipairs(places) do
      local i = first_at(hops, kind, place)
      if not i then
        return L(lang, "the " .. kind .. " was not seen at " .. place,
          (kind == "request" and "请求" or "回复") .. "没有出现在 " .. place)
      end
      if i < last then
        return L(lang, "the " .. kind .. " was seen at " .. place .. " before " .. last_place,
          (kind == "request" and "请求" or "回复") .. "先出现在 " .. place .. "，后出现在 " .. last_place)
      end
      last, last_place = i, place
    end
  end
  local first_reply
  for i, h in ipairs(hops) do
    if h.kind == "reply" then first_reply = first_reply or i end
    if h.kind == "request" and first_reply and i > first_reply then
      return L(lang, "the request was seen at " .. h.ns .. "/" .. h.dev .. " after the reply had been sent",
        "回复发出之后，请求才出现在 " .. h.ns .. "/" .. h.dev)
    end
  end
  return nil
end

local function summary(t)
  local s = {}
  for i, h in ipairs(t.hops or {}) do
    s[#s + 1] = string.format("%d +%dus %s/%s %s %s", i, h.us or 0, h.ns, h.dev, h.dir or "", h.kind)
  end
  return table.concat(s, "\n")
end

-- trace path's rings in every namespace, set up while the step's commands run
function M.prepare(_, _)
  require("netlearn.cmd.lab").path_warm()
end

function M.check(a, lab)
  local tr = require("netlearn.cmd.lab")
  local t = tr.path_trace(nsname(a.from), a.to)
  local expected = L(lab.lang, "request: ", "请求：") .. table.concat(a.through, " > ") ..
    L(lab.lang, "; then the reply back", "；然后回复原路返回")
  local p = M.problem(a, t, lab.lang)
  if p then return false, p .. "\n" .. summary(t), expected end
  return true, summary(t), expected
end

function M.look(a, lang)
  return L(lang, "run 'trace path " .. (nsname(a.from) == "" and "host" or a.from) .. " " .. a.to ..
      "' yourself: the +us column is when each frame reached its capture",
    "自己运行 'trace path " .. (nsname(a.from) == "" and "host" or a.from) .. " " .. a.to ..
      "'：+us 一列是每个帧到达抓包点的时间")
end

return M
