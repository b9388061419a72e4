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

This file is the machinery (declaration checks, constructors, render, check);
the kinds live by what they look at: claim_reach (reaches, not_reaches, curl),
claim_capture (capture), claim_state (route, link, addr, sysctl),
claim_command (output, lua), claim_path (path), with claim_words the words
they share. A new kind is a table {fields, required, [validate], render,
check, look, [prepare]} in one of them (or a file of its own, added to the list below).
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

-- Names as a learner reads them (netlearn.claim_words)
local words = require("netlearn.claim_words")
local util = require("netlearn.util")
local names = words.names
M.nsname = words.nsname

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
  local bad = util.unknown_field(t, spec)
  if bad ~= nil then
    M.raise(file, line, string.format("%s: unknown field '%s' (%s takes: %s)", what, tostring(bad), what, names(spec)),
      type(bad) == "string" and bad or nil)
  end
  for k, v in pairs(t) do
    local ty = spec[k]
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
-- The kinds.  Each: fields, required, render(a, lang), check(a, lab), look.
---------------------------------------------------------------------------
local K = {}
M.K = K

-- The kinds, one file per what they look at; each file's kinds = {name = kind}.
local reach = require("netlearn.claim_reach")         -- reaches, not_reaches (ping), curl
M.PROBE_PATTERN = reach.PROBE_PATTERN
local capture = require("netlearn.claim_capture")     -- capture
M.PKT_FIELDS, M.pkt_match = capture.PKT_FIELDS, capture.pkt_match
local state = require("netlearn.claim_state")         -- route, link, addr, sysctl
M.parse_route = state.parse_route
local command = require("netlearn.claim_command")     -- output, lua
for _, part in ipairs({ reach, capture, state, command }) do
  for name, k in pairs(part.kinds) do K[name] = k end
end

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

-- Get ready for the claims of LIST before they are checked: a kind with a
-- prepare(a, net) starts what it will wait for (a capture's ring) now, so
-- that the wait overlaps the step's commands. Called again after them, for
-- what the commands made; a failure here costs only the head start.
function M.prepare(list, net)
  for _, c in ipairs(list or {}) do
    local prepare = K[c.kind].prepare
    if prepare then pcall(prepare, c.a, net) end
  end
end

M.kinds = {}
for name in pairs(K) do M.kinds[name] = M.constructor(name) end

return M
