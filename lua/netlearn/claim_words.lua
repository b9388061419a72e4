--[[ netlearn.claim_words -- the words and small helpers every claim kind shares.

L(lang, en, zh) picks a language; nsname, who and Who name a namespace as a
learner reads it ("the host", or the machine's name on a machine:
netlearn.machine); names lists a spec's fields; lines_of and mac_of
help the kinds' checks (claim_reach, claim_capture, claim_state, claim_command).
]]
local M = {}

local names = require("netlearn.util").field_names
M.names = names

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

local function mac_of(net, nd)
  local l = net.link_get(nsname(nd.ns), nd.dev)
  return l and l.address and l.address:lower()
end

M.L, M.who, M.Who, M.lines_of, M.mac_of = L, who, Who, lines_of, mac_of

return M
