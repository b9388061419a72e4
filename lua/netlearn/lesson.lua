--[[ netlearn.lesson -- lessons: loading, checking on load, and walking them.

A lesson (lessons/NAME.lua) is declared content: top-level fields
`title`, `article`, `objectives`, `requires`, `steps`, and steps built with
step{}, predict{}, choice{}, task{} holding command lines (the article's own)
and claims (netlearn.claims). It is loaded in its own restricted environment
(netlearn.sandboxenv) and every field is checked: a mistake is refused with
FILE:LINE and what to write instead. docs/lesson-authoring.md is the guide.

Three ways to walk a lesson:
  interactive  `netlearn run ipip`, `lesson ipip` in the shell: one step at a
               time, the learner's own commands in between (netlearn.cmd.lesson)
  unattended   `netlearn run ipip </dev/null`: every step, human output
  check        `netlearn check [LESSON...]`: every step, every claim, TAP

  local lesson = require("netlearn.lesson")
  local L, err = lesson.load("lessons/_example.lua", {trust = false})
]]
local commands = require("netlearn.commands")
local claims = require("netlearn.claims")
local sbx = require("netlearn.sandboxenv")
local i18n = require("netlearn.i18n")
local progress = require("netlearn.progress")
local guard = require("netlearn.guard")

local M = {}
local net = require("netlearn.core")
local machine = require("netlearn.machine")
local doctor = require("netlearn.doctor")

local Step = {}
Step.__index = Step

---------------------------------------------------------------------------
-- Finding lessons
---------------------------------------------------------------------------
local function home() return rawget(_G, "NETLEARN_HOME") or "." end
function M.dir() return home() .. "/lessons" end

local function readable(p)
  local f = io.open(p, "r")
  if f then f:close() return true end
  return false
end

-- The lesson search path, first folder first: each folder of $NETLEARN_LESSONS
-- (dir:dir, as PATH), then the learner's own folder $XDG_DATA_HOME/netlearn/lessons
-- (default ~/.local/share/netlearn/lessons), then the shipped lessons. The first
-- folder with a lesson of a name wins: a lesson of one's own named like a shipped
-- one replaces it, and `netlearn list` says so.
function M.user_dir() return progress.dir() .. "/lessons" end

function M.dirs()
  local out, seen = {}, {}
  local function add(d, where)
    if d and d ~= "" and not seen[d] then
      seen[d] = true
      out[#out + 1] = { dir = d:gsub("(.)/+$", "%1"), where = where }
    end
  end
  for d in (os.getenv("NETLEARN_LESSONS") or ""):gmatch("[^:]+") do add(d, "path") end
  add(M.user_dir(), "user")
  add(M.dir(), "shipped")
  return out
end

-- a name (ipip), a file (lessons/ipip.lua) -> path or nil
function M.resolve(arg)
  if not arg then return nil end
  if not arg:find("/", 1, true) and not arg:match("%.lua$") then
    local ds = {}
    for _, d in ipairs(M.dirs()) do ds[#ds + 1] = d.dir end
    ds[#ds + 1] = "lessons"
    for _, d in ipairs(ds) do
      local p = d .. "/" .. arg .. ".lua"
      if readable(p) then return p end
    end
    return nil
  end
  if readable(arg) then return arg end
  return nil
end

function M.id_of(path) return (path:match("([^/]+)%.lua$") or path) end

-- Every lesson on the search path, ordered by name (not by file name: "packet-path.lua"
-- sorted after "packet-path-bridge.lua" because '.' comes after '-'), so a lesson comes
-- before its follow-ups NAME-*. -> paths, and path -> {where =, dir =, hides = path}.
function M.all()
  local out, info, byid = {}, {}, {}
  -- through netlearn.files: the lessons may sit where only the learner can read
  for _, d in ipairs(M.dirs()) do
    for _, name in ipairs(require("netlearn.files").list(d.dir) or {}) do
      if name:match("%.lua$") then
        local p = d.dir .. "/" .. name
        local id = M.id_of(p)
        if byid[id] then
          info[byid[id]].hides = info[byid[id]].hides or p
        else
          byid[id] = p
          out[#out + 1] = p
          info[p] = { where = d.where, dir = d.dir }
        end
      end
    end
  end
  table.sort(out, function(a, b) return M.id_of(a) < M.id_of(b) end)
  return out, info
end

---------------------------------------------------------------------------
-- Steps: constructors for the lesson environment
---------------------------------------------------------------------------
-- The features a lesson may require: the device types `netlearn doctor` tries.
local FEATURES = {}
for _, d in ipairs(doctor.DEVICES) do FEATURES[d[1]] = { type = d[1], what = d[2], config = d[3], module = d[4] } end
M.FEATURES = FEATURES

local RUN_T = "runlist"
local STEP_FIELDS = {
  step = { title = "text", en = "string", zh = "string", run = RUN_T, claims = "claims", hint = "text",
    hints = "texts", why = "text", ns = "ns", on = "ns" },
  predict = { title = "text", en = "string", zh = "string", ask = "text", options = "choices", answer = "any",
    run = RUN_T, claims = "claims", hint = "text", hints = "texts", why = "text", ns = "ns", on = "ns" },
  choice = { title = "text", en = "string", zh = "string", ask = "text", options = "choices", answer = "integer",
    run = RUN_T, claims = "claims", hint = "text", hints = "texts", why = "text", ns = "ns", on = "ns" },
  task = { title = "text", en = "string", zh = "string", run = RUN_T, claims = "claims", solution = RUN_T,
    hint = "text", hints = "texts", why = "text", ns = "ns", on = "ns" },
}
-- challenge{}: a troubleshooting challenge on the finished lab (netlearn.challenge)
STEP_FIELDS.challenge = { title = "text", en = "string", zh = "string", seed = "integer", level = "integer" }
local STEP_REQUIRED = {
  challenge = { "en", "zh" },
  step = { "en", "zh" },
  predict = { "en", "zh", "ask", "answer", "claims" },
  choice = { "ask", "options", "answer" },
  task = { "en", "zh", "claims", "solution" },
}

local function raise(file, line, msg, key) claims.raise(file, line, msg, key) end

-- run lists: "cmd" or {"cmd", fails = true}
local function check_runlist(kind, key, v, file, line)
  if type(v) == "string" then v = { v } end
  if type(v) ~= "table" then
    raise(file, line, kind .. ": field '" .. key .. "' must be a list of command lines, e.g. {\"ip netns add net1\"}", key)
  end
  local out = {}
  for i, x in ipairs(v) do
    if type(x) == "string" then
      out[i] = { cmd = x }
    elseif type(x) == "table" and type(x[1]) == "string" then
      for k in pairs(x) do
        if k ~= 1 and k ~= "fails" and k ~= "added" then
          raise(file, line, kind .. ": a command in '" .. key .. "' has an unknown key '" .. tostring(k) ..
            "' (write {\"CMD\", fails = true} for a command expected to fail, {\"CMD\", added = true} for one " ..
            "the lesson adds to the article's)", key)
        end
        if k ~= 1 and type(x[k]) ~= "boolean" then
          raise(file, line, kind .. ": '" .. tostring(k) .. "' of the command '" .. x[1] .. "' in '" .. key ..
            "' must be true or false", key)
        end
      end
      out[i] = { cmd = x[1], fails = x.fails and true or false, added = x.added and true or false }
    else
      raise(file, line, kind .. ": entry " .. i .. " of '" .. key .. "' must be a command line string", key)
    end
    local ok, e = commands.split(out[i].cmd)
    if ok == nil or ok == false then
      raise(file, line, kind .. ": command '" .. out[i].cmd .. "' cannot be read: " .. tostring(e), key)
    end
    -- a lesson runs netlearn commands only, and writes no file
    out[i].line = claims.locate_text(file, line, out[i].cmd)
    claims.check_command(kind, out[i].cmd, file, line)
  end
  for k in pairs(v) do
    if math.type(k) ~= "integer" then
      raise(file, line, kind .. ": '" .. key .. "' must be a list; it has a key '" .. tostring(k) .. "'", key)
    end
  end
  return out
end

local function make_step(kind)
  local spec = STEP_FIELDS[kind]
  return function(t)
    local file, line = claims.here(2)
    if type(t) ~= "table" then raise(file, line, kind .. " takes a table: " .. kind .. "{ en = \"...\", zh = \"...\", ... }") end
    for k, v in pairs(t) do
      local ty = spec[k]
      if not ty then
        local keys = {}
        for kk in pairs(spec) do keys[#keys + 1] = kk end
        table.sort(keys)
        raise(file, line, string.format("%s: unknown field '%s' (%s takes: %s)", kind, tostring(k), kind,
          table.concat(keys, ", ")), type(k) == "string" and k or nil)
      end
      if ty == "string" and (type(v) ~= "string" or v == "") then
        raise(file, line, string.format("%s: field '%s' must be a non-empty string", kind, k), k)
      elseif ty == "text" then
        local p = claims.text_problem(v)
        if p then raise(file, line, string.format("%s: field '%s' %s", kind, k, p), k) end
      elseif ty == "texts" or ty == "choices" then
        if type(v) ~= "table" or #v == 0 then
          raise(file, line, string.format("%s: field '%s' must be a list of texts {{en=, zh=}, ...}", kind, k), k)
        end
        for i, x in ipairs(v) do
          local p = claims.text_problem(x)
          if p then raise(file, line, string.format("%s: %s[%d] %s", kind, k, i, p), k) end
        end
      elseif ty == "claims" then
        if type(v) ~= "table" then raise(file, line, kind .. ": 'claims' must be a list of claims {reaches{...}, ...}", k) end
        for i, c in pairs(v) do
          if math.type(i) ~= "integer" or not claims.is_claim(c) then
            raise(file, line, string.format("%s: claims[%s] is not a claim; write a claim kind such as " ..
              "reaches{from=, to=} or link{ns=, dev=, state=}", kind, tostring(i)), "claims")
          end
        end
      elseif ty == "ns" and type(v) ~= "string" then
        raise(file, line, kind .. ": field '" .. k .. "' must be a " .. (k == "on" and "machine" or "namespace") ..
          " name", k)
      elseif ty == "integer" and math.type(v) ~= "integer" then
        raise(file, line, kind .. ": field '" .. k .. "' must be an integer" ..
          (kind == "challenge" and " (seed: any whole number; level: 1, 2 or 3)" or " (the number of the right option)"), k)
      end
    end
    for _, k in ipairs(STEP_REQUIRED[kind]) do
      if t[k] == nil then
        local why = ""
        if k == "zh" then why = " (every step explains itself in English 'en' and Chinese 'zh')"
        elseif k == "en" then why = " (the English explanation; every step has en and zh)"
        elseif k == "solution" then why = " (the command lines that complete the task; check runs them)"
        elseif k == "answer" then why = " (the answer key: the number of the right option" ..
            (kind == "predict" and ", or \"yes\"/\"no\")" or ")")
        end
        raise(file, line, string.format("%s: missing required field '%s'%s", kind, k, why))
      end
    end
    local s = setmetatable({ kind = kind, file = file, line = line }, Step)
    for k, v in pairs(t) do s[k] = v end
    if t.run then s.run = check_runlist(kind, "run", t.run, file, line) else s.run = {} end
    if t.solution then s.solution = check_runlist(kind, "solution", t.solution, file, line) end
    s.claims = t.claims or {}
    s.hints = t.hints or (t.hint and { t.hint }) or {}
    if kind == "predict" then
      if not s.options then
        -- 会/不会, 能/不能, 在/不在: the words the Chinese question takes
        local yes, no = require("netlearn.zhtext").yes_no(type(t.ask) == "table" and t.ask.zh or nil)
        s.options = { { en = "yes", zh = yes }, { en = "no", zh = no } }
        if s.answer == "yes" or s.answer == true then s.answer = 1
        elseif s.answer == "no" or s.answer == false then s.answer = 2 end
      end
      if math.type(s.answer) ~= "integer" then
        raise(file, line, "predict: 'answer' must be the number of the right option (or \"yes\"/\"no\" " ..
          "when there are no options)", "answer")
      end
    end
    if (kind == "predict" or kind == "choice") and (s.answer < 1 or s.answer > #s.options) then
      raise(file, line, string.format("%s: answer = %d but there are %d options", kind, s.answer, #s.options), "answer")
    end
    if kind == "task" and #s.claims == 0 then
      raise(file, line, "task: 'claims' must say what holds once the task is done", "claims")
    end
    return s
  end
end

local TOP = { title = "text", article = "any", objectives = "texts", requires = "any", steps = "any", summary = "text",
  br_netfilter = "any", faults = "any" }
local TOP_REQUIRED = { "title", "objectives", "steps" }   -- article: only for a lesson that follows one

---------------------------------------------------------------------------
-- Loading
---------------------------------------------------------------------------
local function read_file(path)
  local f, e = io.open(path, "r")
  if not f then return nil, path .. ": cannot open the lesson: " .. tostring(e) end
  local src, rerr = f:read("a")
  f:close()
  if not src then                  -- a directory opens but cannot be read
    return nil, path .. ": cannot read the lesson: " .. tostring(rerr) .. " (give a lesson file, e.g. lessons/01-netns-veth.lua)"
  end
  return src
end

-- -> lesson table, or nil, "FILE:LINE: message"
function M.load(path, opts)
  opts = opts or {}
  local src, e = read_file(path)
  if not src then return nil, e end
  local lines = {}
  for l in (src .. "\n"):gmatch("([^\n]*)\n") do lines[#lines + 1] = l end
  local decl = {}          -- top-level field -> value
  local decl_line = {}
  local env = sbx.base()
  if opts.trust then env = {} else rawset(env, "print", M.lesson_print) end
  local api = {}
  for name, ctor in pairs(claims.kinds) do api[name] = ctor end
  for kind in pairs(STEP_FIELDS) do api[kind] = make_step(kind) end
  api.fails = function(cmd)
    if type(cmd) ~= "string" then error("fails takes a command line: fails \"ping -c 1 10.0.0.1\"", 2) end
    return { cmd, fails = true }
  end
  -- a command the lesson adds to the article's: added "CMD", added(fails "CMD")
  api.added = function(cmd)
    if type(cmd) == "table" and type(cmd[1]) == "string" then
      return { cmd[1], fails = cmd.fails, added = true }
    end
    if type(cmd) ~= "string" then
      error("added takes a command line: added \"ip netns add blue\" (the lesson's, not the article's)", 2)
    end
    return { cmd, added = true }
  end
  api.host = "host"
  -- the lesson's own fault kinds for its challenges (netlearn.faults)
  api.fault = require("netlearn.faults").constructor()
  local names = {}
  for k in pairs(api) do names[#names + 1] = k end
  table.sort(names)
  for k, v in pairs(api) do rawset(env, k, v) end
  setmetatable(env, {
    __index = function(_, k)
      if opts.trust and _G[k] ~= nil then return _G[k] end
      local info = debug.getinfo(2, "Sl")
      local where = info and (info.short_src .. ":" .. (info.currentline or 0) .. ": ") or ""
      error(where .. "unknown name '" .. tostring(k) .. "': a lesson can use " .. table.concat(names, ", ") ..
        " (and Lua's string, table, math)", 0)
    end,
    __newindex = function(t, k, v)
      local info = debug.getinfo(2, "Sl")
      local line = info and info.currentline or 0
      if info and info.what == "main" then
        if TOP[k] == nil then
          local keys = {}
          for kk in pairs(TOP) do keys[#keys + 1] = kk end
          table.sort(keys)
          error(string.format("%s:%d: unknown lesson field '%s' (a lesson declares: %s; use 'local' for your own variables)",
            info.short_src, line, tostring(k), table.concat(keys, ", ")), 0)
        end
        decl[k] = v
        decl_line[k] = claims.locate_back(info.short_src, line, k)
        return
      end
      rawset(t, k, v)
    end,
  })
  local chunkname = "@" .. path
  local chunk, cerr = load(src, chunkname, "t", env)
  if not chunk then return nil, cerr end
  claims.sources[path] = lines
  local short = debug.getinfo(chunk, "S").short_src
  claims.sources[short] = lines
  local was = sbx.trusted
  sbx.trusted = opts.trust or false
  local ok, err
  if opts.trust then ok, err = sbx.call(chunk) else ok, err = guard.lesson(sbx.call, chunk) end
  sbx.trusted = was
  if not ok then return nil, err end
  -- the declared fields
  local last = #lines
  for _, k in ipairs(TOP_REQUIRED) do
    if decl[k] == nil then
      return nil, string.format("%s:%d: missing lesson field '%s'%s", short, k == "steps" and last or 1, k,
        k == "title" and " (title = {en = \"...\", zh = \"...\"})" or
        k == "article" and " (the article it follows: article = \"计算机网络基础02 (001_5e3834fddeb32713.txt)\" or {title =, file =, section =})" or
        k == "objectives" and " (objectives = {{en = \"...\", zh = \"...\"}, ...})" or
        " (steps = { step{...}, ... })")
    end
  end
  local ok2, verr = pcall(function()
    local function chk_text(k)
      local p = claims.text_problem(decl[k])
      if p then raise(short, decl_line[k], "lesson field '" .. k .. "' " .. p, k) end
    end
    chk_text("title")
    if decl.summary ~= nil then chk_text("summary") end
    local a = decl.article
    if type(a) == "table" then
      for k2, v in pairs(a) do
        if (k2 ~= "title" and k2 ~= "file" and k2 ~= "section" and k2 ~= "url") or type(v) ~= "string" then
          raise(short, decl_line.article, "article: unknown or non-string field '" .. tostring(k2) ..
            "' (article = {title = \"...\", file = \"...\", section = \"...\", url = \"...\"})", "article")
        end
      end
      if not a.title then raise(short, decl_line.article, "article: missing 'title'", "article") end
    elseif a ~= nil and type(a) ~= "string" then
      raise(short, decl_line.article, "lesson field 'article' must be a string or {title =, file =, section =}", "article")
    end
    if type(decl.objectives) ~= "table" or #decl.objectives == 0 then
      raise(short, decl_line.objectives, "lesson field 'objectives' must be a list of texts {{en =, zh =}, ...}", "objectives")
    end
    for i, o in ipairs(decl.objectives) do
      local p = claims.text_problem(o)
      if p then raise(short, decl_line.objectives, "objectives[" .. i .. "] " .. p, "objectives") end
    end
    if decl.requires ~= nil then
      if type(decl.requires) ~= "table" then
        raise(short, decl_line.requires, "lesson field 'requires' must be a list such as {\"ipip\"}", "requires")
      end
      for _, f in ipairs(decl.requires) do
        if not FEATURES[f] then
          local ks = {}
          for kk in pairs(FEATURES) do ks[#ks + 1] = kk end
          table.sort(ks)
          raise(short, decl_line.requires, "requires: unknown feature '" .. tostring(f) .. "' (known: " ..
            table.concat(ks, ", ") .. ")", "requires")
        end
      end
    end
    if decl.br_netfilter ~= nil and type(decl.br_netfilter) ~= "boolean" then
      raise(short, decl_line.br_netfilter, "lesson field 'br_netfilter' must be true or false (do bridged frames go through iptables?)", "br_netfilter")
    end
    if decl.faults ~= nil then
      local p = require("netlearn.faults").list_problem(decl.faults)
      if p then raise(short, decl_line.faults, p, "faults") end
    end
    if type(decl.steps) ~= "table" or #decl.steps == 0 then
      raise(short, decl_line.steps, "lesson field 'steps' must be a list of steps { step{...}, predict{...}, ... }", "steps")
    end
    for k, s in pairs(decl.steps) do
      if math.type(k) ~= "integer" or getmetatable(s) ~= Step then
        raise(short, decl_line.steps, string.format("steps[%s] is not a step: write step{...}, predict{...}, " ..
          "choice{...} or task{...}", tostring(k)), "steps")
      end
    end
  end)
  if not ok2 then return nil, verr end
  local L = {
    path = path, id = (M.clean(M.id_of(path)):gsub("[\r\n]", " ")), title = decl.title, article = decl.article,
    objectives = decl.objectives, requires = decl.requires or {}, steps = decl.steps, summary = decl.summary,
    br_netfilter = decl.br_netfilter, faults = decl.faults, todos = {},
  }
  -- placeholders left to fill in ("TODO: ..." as `record stop` writes them): a warning, not a failure
  for i, l in ipairs(lines) do
    if l:find("TODO[:：]") or l:find("[\"']TODO") then L.todos[#L.todos + 1] = i end
  end
  return L
end

-- Unfinished placeholders: one line saying how many and where, or nil.
local TODO_MSG = {
  en = "%s: %d TODO placeholder(s) left (line %s): fill them in before learners see the lesson",
  zh = "%s：还有 %d 处 TODO 占位（第 %s 行）：请在学员使用之前填写",
}
function M.todo_warning(L, lang)
  local t = L.todos or {}
  if #t == 0 then return nil end
  local shown = {}
  for i = 1, math.min(#t, 8) do shown[i] = tostring(t[i]) end
  return i18n.format(i18n.pick(TODO_MSG, lang), L.path, #t, table.concat(shown, ", ") .. (#t > 8 and ", ..." or ""))
end

function M.article_title(L)
  if L.article == nil then return nil end
  if type(L.article) == "table" then
    return L.article.title .. (L.article.section and (" §" .. L.article.section) or "")
  end
  return L.article
end

---------------------------------------------------------------------------
-- Kernel features (requires = {...}): tried once per kernel, cached.
---------------------------------------------------------------------------
local feature_cache
local function osrelease()
  local f = io.open("/proc/sys/kernel/osrelease", "r")
  if not f then return "?" end
  local r = f:read("l")
  f:close()
  return r
end

function M.has_feature(name)
  local F = FEATURES[name]
  if not F then return false end
  if not feature_cache then
    feature_cache = progress.features_load()
    if feature_cache.release ~= osrelease() then feature_cache = { release = osrelease() } end
  end
  if feature_cache[name] ~= nil then return feature_cache[name] end
  if not net.link_add then return true end      -- cannot tell yet
  local have = doctor.try_device(name) and true or false
  feature_cache[name] = have
  progress.features_save(feature_cache)
  return have
end

function M.missing(L)
  for _, f in ipairs(L.requires or {}) do
    if not M.has_feature(f) then return f, FEATURES[f].config end
  end
  return nil
end

---------------------------------------------------------------------------
-- The lab: reset to nothing (between lessons, for `back`)
---------------------------------------------------------------------------
function M.reset_lab()
  -- one teardown for `reset`, `back`/`again` and between lessons: it also stops
  -- background jobs (captures, web servers) and puts back host sysctls. A lab
  -- that could not be emptied stops here: steps on top of it would prove nothing.
  local report = require("netlearn.cmd.lab").reset_lab()
  local ok, shell = pcall(require, "netlearn.shell")
  if ok and type(shell) == "table" then shell.ns = "" end
  if report and report.errors and #report.errors > 0 then
    error("reset: " .. table.concat(report.errors, "; "), 0)
  end
  return report
end

---------------------------------------------------------------------------
-- Walking a lesson.  A Run holds the lesson, where we are, the score, and
-- how to talk: mode "interactive" | "unattended" | "check".
---------------------------------------------------------------------------
local Run = {}
Run.__index = Run
M.Run = Run

---------------------------------------------------------------------------
-- Output. Everything a lesson supplies (titles, explanations, hints, claim
-- sentences, its print()) and the output of the commands it runs reaches the
-- terminal through M.clean, the one place that shows C0/C1 control characters
-- (except newline and tab) and bytes that are not UTF-8 as \xNN: a lesson
-- sends no escape sequence (OSC 52 to the clipboard, OSC 0 to the title, CSI).
-- Under `netlearn check` standard output is TAP: netlearn's own plan and
-- ok/not ok lines, and every other line as a comment ("# ", M.comment).
---------------------------------------------------------------------------
local function esc(c) return string.format("\\x%02x", c:byte()) end

function M.clean(s)
  s = tostring(s)
  if not s:find("[%z\1-\8\11-\31\127-\255]") then return s end
  s = s:gsub("[%z\1-\8\11-\31\127]", esc)
  if not s:find("[\128-\255]") then return s end
  if utf8.len(s) then
    return (s:gsub("\194([\128-\159])", function(c) return string.format("\\u%04x", c:byte()) end))
  end
  -- not UTF-8: keep the valid sequences, show every other byte
  local out, i, n = {}, 1, #s
  while i <= n do
    local c = s:byte(i)
    local len = c < 0x80 and 1 or c >= 0xF0 and c <= 0xF4 and 4 or c >= 0xE0 and 3 or c >= 0xC2 and c < 0xE0 and 2 or 0
    local seq = len > 0 and s:sub(i, i + len - 1) or ""
    if len > 0 and #seq == len and utf8.len(seq) == 1 then
      local cp = utf8.codepoint(seq)
      out[#out + 1] = (cp >= 0x80 and cp <= 0x9f) and string.format("\\u%04x", cp) or seq
      i = i + len
    else
      out[#out + 1] = esc(s:sub(i, i))
      i = i + 1
    end
  end
  return table.concat(out)
end

M.tap_mode = false            -- true while `netlearn check` writes TAP

-- a comment in the TAP stream: every line of text after "# "
function M.comment(text, indent)
  text = M.clean(text):gsub("%s+$", "")
  io.stdout:write((indent or "# "), (text:gsub("\n", "\n" .. (indent or "# "))), "\n")
end

local function write(s) io.stdout:write(M.clean(s)) io.stdout:flush() end

-- a lesson's print(): a comment under check, else a line on the screen
function M.lesson_print(...)
  local t = {}
  for i = 1, select("#", ...) do t[i] = tostring((select(i, ...))) end
  local text = table.concat(t, "\t")
  if M.tap_mode then M.comment(text) io.stdout:flush() else write(text .. "\n") end
end

function M.new_run(L, mode, opts)
  opts = opts or {}
  local R = setmetatable({ L = L, mode = mode, i = 0, score = 0, max = 0, done = {}, failed = 0,
    lang = i18n.lang, tap = opts.tap,
    out = opts.out or (mode == "check" and function() end) or write, answered = {}, hint_i = {} }, Run)
  for _, s in ipairs(L.steps) do
    if s.kind == "predict" or s.kind == "choice" or s.kind == "task" then R.max = R.max + 1 end
  end
  require("netlearn.baseline").declare(L, R)   -- the lab's br_netfilter, as the lesson declares
  return R
end

function Run:say(s) self.out(s .. "\n") end

-- Fold prose to the terminal's width: at spaces, or between CJK characters
-- (two columns each); words are never cut. Unchanged when not on a terminal.
local NO_BREAK_BEFORE = {}
for _, c in utf8.codes("，。：；）、！？」』》〉】") do NO_BREAK_BEFORE[utf8.char(c)] = true end

local function fold(text, cols)
  local out = {}
  for para in (text .. "\n"):gmatch("(.-)\n") do
    -- tokens: a word (a run of narrow characters), one wide character, or a space
    local toks, word, ww = {}, {}, 0
    local function endword()
      if #word > 0 then toks[#toks + 1] = { table.concat(word), ww } end
      word, ww = {}, 0
    end
    for _, c in utf8.codes(para, true) do
      if c == 32 then endword() toks[#toks + 1] = false
      elseif c >= 0x2e80 then endword() toks[#toks + 1] = { utf8.char(c), 2 }
      else word[#word + 1] = utf8.char(c) ww = ww + ((c >= 0x1100 and c ~= 0x2192 and c ~= 0x2013) and 2 or 1) end
    end
    endword()
    local line, w, space = {}, 0, false
    for _, t in ipairs(toks) do
      if not t then
        space = w > 0
      else
        local need = t[2] + (space and 1 or 0)
        if w > 0 and w + need > cols and not NO_BREAK_BEFORE[t[1]] then
          out[#out + 1] = table.concat(line)
          line, w, space, need = {}, 0, false, t[2]
        end
        if space then line[#line + 1] = " " end
        line[#line + 1] = t[1]
        w, space = w + need, false
      end
    end
    out[#out + 1] = table.concat(line)
  end
  return table.concat(out, "\n")
end
M.fold = fold

-- Say a paragraph of the lesson's prose, folded to the terminal.
function Run:para(s)
  local cols = self.mode == "interactive" and require("netlearn.repl").columns and require("netlearn.repl").columns()
  if cols and cols >= 20 then s = fold(s, cols - 1) end
  self:say(s)
end
function Run:pick(t) return i18n.pick(t, self.lang) end

-- Say one item of a list (a claim, an expected/seen line), folded to the
-- terminal with its continuation lines under the text: a terminal's own
-- wrapping could leave "）。" alone at the start of a line.
function Run:item(prefix, s)
  local cols = self.mode == "interactive" and require("netlearn.repl").columns and require("netlearn.repl").columns()
  if cols and cols >= 20 then
    s = require("netlearn.zhtext").fold(prefix .. s, cols - 1, string.rep(" ", i18n.width(prefix)))
    return self:say(s)
  end
  self:say(prefix .. s)
end

-- The `net` a lesson's lua{} claim gets: an allowlist of functions that read
-- the lab or probe it (nothing that starts a program, writes a file, changes
-- the lab, or touches netlearn's own limits and flags). A lesson changes the
-- lab through its command lines, which netlearn checks.
M.LESSON_NET = {
  "ns_list", "ns_exists", "link_get", "link_list", "addr_list", "route_list", "route_get", "rule_list",
  "neigh_list", "sysctl_get", "sysctl_list", "nft_list", "ping", "ping6", "inet6_canon", "traceroute", "http_get", "tcp_connect",
  "capture_open", "decode", "filter_check", "filter_match", "strerror", "version",
}
function M.lesson_net()
  local t = {}
  for _, k in ipairs(M.LESSON_NET) do
    if net[k] then t[k] = function(...) return net[k](...) end end
  end
  return setmetatable(t, { __index = function(_, k)
    error("net." .. tostring(k) .. " is not available to a lesson (a lua{} claim may use: " ..
      table.concat(M.LESSON_NET, ", ") .. "; the lesson's command lines change the lab)", 2)
  end, __newindex = function() error("a lesson cannot change net", 2) end, __metatable = false })
end

-- the lab seen by claims
function Run:lab(quick)
  local R = self
  local lab = { net = net, lang = R.lang, quick = quick }
  lab.exec = function(line, ns)
    local buf = {}
    local ctx = commands.context({ ns = ns or "", stdout = function(s) buf[#buf + 1] = s end,
      stderr = function(s) buf[#buf + 1] = s end })
    ctx.default_count = 1        -- a bare 'ping ADDR' (as the articles type it) sends one packet
    local pok, _, st = pcall(guard.lesson, commands.execute, line, ctx)
    if not pok then
      local r = guard.is_refusal(_)
      if r then
        -- called by a lesson's lua{} claim: name its line
        local where
        for level = 2, 40 do
          local info = debug.getinfo(level, "Sl")
          if not info then break end
          if claims.sources[info.short_src] and (info.currentline or 0) > 0 then
            where = info.short_src .. ":" .. info.currentline .. ": "
            break
          end
        end
        local c = lab.claim          -- a tail call leaves no lesson frame: the claim's own line
        where = where or (c and (c.file .. ":" .. c.line .. ": ")) or ""
        error(where .. "refused: '" .. tostring(line) .. "': " .. r, 0)
      end
      return 1, table.concat(buf) .. tostring(_)
    end
    return tonumber(st) or (st == "exit" and 0) or 1, table.concat(buf)
  end
  -- what a lua{} claim gets: the lab functions of net on M.LESSON_NET, and a command runner
  lab.lesson_net = M.lesson_net()
  lab.helpers = { exec = lab.exec, lang = R.lang }
  return lab
end

-- Run one command line of a step. show: echo "$ cmd" and its output.
function Run:run_cmd(c, ns, show, s)
  local buf = {}
  local function sink(s)
    buf[#buf + 1] = s
    if show then self.out(s) end
  end
  -- a command the lesson adds to the article's is marked as the lesson's own
  if show then self:say("$ " .. c.cmd .. (c.added and i18n.t("added") or "")) end
  local ctx = commands.context({ ns = ns or "", stdout = sink, stderr = sink })
  ctx.default_count = 1          -- a bare 'ping ADDR' in a step sends one packet instead of running until Ctrl-C
  local pok, perr, st = pcall(guard.lesson, commands.execute, c.cmd, ctx)
  if not pok then
    local r = guard.is_refusal(perr)
    if r then
      sink(string.format("%s:%d: refused: '%s': %s\n", s and s.file or self.L.path, c.line or (s and s.line) or 0,
        c.cmd, r))
    else
      sink("netlearn: " .. tostring(perr) .. "\n")
    end
    st = 1
  end
  local status = tonumber(st) or 0
  local bad = (status ~= 0) ~= (c.fails or false)
  if show and status ~= 0 and not c.fails then self:say(i18n.t("cmd_failed", tostring(status))) end
  return not bad, status, table.concat(buf)
end

function Run:tap_line(ok, name, diag)
  local T = self.tap
  T.n = T.n + 1
  if not ok then T.failed = T.failed + 1 self.failed = self.failed + 1 end
  local line = (ok and "ok " or "not ok ") .. T.n .. " - " .. M.clean(name:gsub("[\r\n]", " "))
  -- a name cannot hold a directive of its own (# SKIP, # TODO): '#' is shown as '\#'
  io.stdout:write((line:gsub("#", "\\#")), "\n")
  if diag and not ok then M.comment(diag, "#   ") end
  io.stdout:flush()
end

-- Check the claims of step s. quiet: just return whether all hold.
function Run:check_claims(s, n, quiet)
  return guard.lesson(self.check_claims_here, self, s, n, quiet)
end

function Run:check_claims_here(s, n, quiet)
  local all = true
  local lab = self:lab(quiet)
  for _, c in ipairs(s.claims) do
    local text = claims.render(c, self.lang)
    local ok, seen, expected, look = claims.check(c, lab)
    if not ok then all = false end
    if not quiet then
      if self.mode == "check" then
        local diag = {}
        diag[#diag + 1] = "claim at " .. c.file .. ":" .. c.line
        if expected then diag[#diag + 1] = "expected: " .. expected end
        if seen then diag[#diag + 1] = "seen: " .. seen end
        if look then diag[#diag + 1] = "look at: " .. look end
        self:tap_line(ok, self.L.id .. " step " .. n .. ": " .. text, table.concat(diag, "\n"))
      else
        self:item("  " .. (ok and "✔ " or "✘ "), text)
        if not ok then
          self.failed = self.failed + 1
          local function ind(s2) return (s2:gsub("\n", "\n        ")) end
          local colon = self.lang == "zh" and "：" or ": "
          if expected then self:item("      " .. i18n.t("expected") .. colon, ind(expected)) end
          if seen then self:say("      " .. i18n.t("seen") .. colon .. ind(seen)) end
          if look then self:item("      " .. i18n.t("look_at") .. colon, ind(look)) end
          require("netlearn.drift").note(self, c, lab)   -- the lab changed: suggest 'again'
        end
      end
    end
  end
  return all
end

function Run:header(n, s)
  local kind = s.kind == "step" and "" or (" · " .. i18n.t(s.kind))
  local title = s.title and ((self.lang == "zh" and "：" or ": ") .. self:pick(s.title)) or ""
  self:say("")
  self:say("── " .. i18n.t("step", n, #self.L.steps) .. kind .. title .. " ──")
  local text = self.lang == "zh" and s.zh or s.en
  if text then self:para(text) end
end

local function options_text(s, lang)
  local t = {}
  for i, o in ipairs(s.options) do t[#t + 1] = string.format("  %d) %s", i, i18n.pick(o, lang)) end
  return table.concat(t, "\n")
end

-- 1..n, or the option's words in either language, or y/n for yes/no
local function parse_answer(s, line)
  if not line then return nil end
  line = line:match("^%s*(.-)%s*$"):lower()
  local n = tonumber(line)
  if n and s.options[n] then return n end
  for i, o in ipairs(s.options) do
    if line == o.en:lower() or line == o.zh then return i end
  end
  if #s.options == 2 and s.options[1].en == "yes" then
    if line == "y" then return 1 elseif line == "n" then return 2 end
    -- any of the Chinese yes/no words, whichever the question took
    for _, w in ipairs({ "能", "会", "在", "是", "对" }) do
      if line == w then return 1 elseif line == "不" .. w then return 2 end
    end
  end
  return nil
end

-- The step's `why`, as the author wrote it (after a task is done, after a
-- step's claims, after a prediction's probe).
function Run:why(s)
  if s.why then self:para(i18n.t("why_is", self:pick(s.why))) end
end

-- Read the learner's answer: a valid option, or nil (no answer: end of input),
-- or "quit". hint and explain are answered and the question asked again;
-- Ctrl-C does not forfeit: it says how to leave, and a second one leaves.
function Run:read_answer(s)
  local repl = require("netlearn.repl")
  local range = "1-" .. #s.options
  local interrupted = false
  while true do
    local line, why = repl.read(i18n.t("your_answer", range))
    if line == nil and why == "interrupted" then
      if interrupted then return "quit" end
      interrupted = true
      self:say(i18n.t("answer_interrupted"))
    elseif line == nil then
      return nil
    else
      interrupted = false
      local word = line:match("^%s*(.-)%s*$"):lower()
      if word == "quit" or word == "end" or word == "q" then return "quit" end
      if word == "hint" then
        self:hint()
      elseif word == "explain" then
        -- the step and its question again; the reason would give the answer away
        local text = self.lang == "zh" and s.zh or s.en
        if text then self:para(text) end
        self:para(self:pick(s.ask))
        self:say(options_text(s, self.lang))
        self:say(i18n.t("reason_later"))
      elseif word ~= "" then
        local ans = parse_answer(s, line)
        if ans then return ans end
        self:say(i18n.t("bad_choice", range))
      end
    end
  end
end

-- Ask a quiz question; returns true when answered right, or "quit" when the
-- learner left the lesson at the question. later: the step's `why` is said by
-- the caller (after its probe), not here.
function Run:ask(s, n, later)
  self:para(self:pick(s.ask))
  self:say(options_text(s, self.lang))
  local ans
  if self.mode == "interactive" then
    ans = self:read_answer(s)
    if ans == "quit" then
      self:say(i18n.t("answer_left"))
      return "quit"
    end
  else
    ans = s.answer
    self:say(i18n.t("your_answer", "1-" .. #s.options) .. tostring(ans))
  end
  local right = ans == s.answer
  local first = not self.answered[n]
  self.answered[n] = true
  if right then
    self:say(i18n.t("right"))
    if first then self.score = self.score + 1 end
  else
    self:say(ans and i18n.t("wrong", s.answer .. ") " .. self:pick(s.options[s.answer])) or i18n.t("no_answer"))
  end
  if not later then self:why(s) end
  if self.mode == "check" then self:tap_line(right, self.L.id .. " step " .. n .. ": answer key of the question") end
  return right
end

-- Run the commands of step s (shown unless quiet).
function Run:commands_of(s, n, list, quiet)
  local all = true
  local show = not quiet and self.mode ~= "check"
  -- shown steps narrate what each command changed in the kernel (netlearn.narrate)
  local narrate = show and require("netlearn.narrate")
  for _, c in ipairs(list or s.run) do
    local before = narrate and narrate.snapshot()
    local good, status, out = self:run_cmd(c, s.ns, show, s)
    if narrate then
      local changed = narrate.format(narrate.diff(before, narrate.snapshot()), { quiet = true })
      if changed ~= "" then self.out((changed:gsub("[^\n]+", "  %0"))) end
    end
    if not good then
      all = false
      if self.mode == "check" then
        self:tap_line(false, self.L.id .. " step " .. n .. ": $ " .. c.cmd,
          string.format("%s (status %s)\n%s", c.fails and "expected to fail, but it succeeded" or "the command failed",
            tostring(status), out))
      end
    end
  end
  return all
end

-- Perform step n on the machine the step names (`on = "host141"`: see
-- netlearn.machine), or in the sandbox's own view. Interactively the learner
-- stays on that machine afterwards, so what they type goes where the step went.
function Run:perform(n, replay)
  local s = self.L.steps[n]
  local prev = machine.current
  local ok, e = machine.set(s.on)
  if not ok then
    self:say("netlearn: " .. e)
    if self.mode == "check" then self:tap_line(false, self.L.id .. " step " .. n .. ": on " .. tostring(s.on), e) end
    return false
  end
  local res = table.pack(pcall(self.perform_here, self, n, replay))
  if self.mode ~= "interactive" then machine.current = prev end
  if not res[1] then error(res[2], 0) end
  return table.unpack(res, 2, res.n)
end

-- Perform step n: show it, run it, check it. Returns true when it is done
-- (a task may stay pending in interactive mode).
function Run:perform_here(n, replay)
  local s = self.L.steps[n]
  self.i = n
  if replay then
    self:commands_of(s, n, nil, true)
    if s.kind == "task" then self:commands_of(s, n, s.solution, true) end
    return true
  end
  self.pending = nil
  if self.mode == "check" then io.stdout:write("# ", self.L.id, " step ", n, "\n") else self:header(n, s) end
  if s.kind == "choice" or s.kind == "predict" then
    if s.kind == "predict" then self:say(i18n.t("predict") .. (self.lang == "zh" and "：" or ":")) end
    -- a question with run/claims proves its answer: the commands, the claims, then why
    local proves = #s.run > 0 or #s.claims > 0
    if self:ask(s, n, proves) == "quit" then
      M.quit()
      return false
    end
    if not proves then
      self.done[n] = true
      return true
    end
  end
  if s.kind == "challenge" then return require("netlearn.challenge").step(self, s, n) end
  local cmds_ok = self:commands_of(s, n)
  if s.kind == "task" then
    if self.mode == "interactive" then
      self:say(i18n.t("task_pending"))
      for _, c in ipairs(s.claims) do self:item("  ☐ ", claims.render(c, self.lang)) end
      if self:check_claims(s, n, true) then
        return self:task_done(n, false)
      end
      self.pending = n
      return false
    end
    if self.mode ~= "check" then self:say(i18n.t("task_solution")) end
    self:commands_of(s, n, s.solution)
    if self.mode == "check" then self.score = self.score + 1 end
  end
  local ok = self:check_claims(s, n)
  if ok and cmds_ok then self.done[n] = true end
  if s.kind ~= "task" or self.mode ~= "interactive" then self:why(s) end
  return ok
end

function Run:task_done(n, by_learner)
  local s = self.L.steps[n]
  self.pending = nil
  self:say(i18n.t("task_done"))
  for _, c in ipairs(s.claims) do self:item("  ✔ ", claims.render(c, self.lang)) end
  self:why(s)
  if by_learner ~= false and not self.answered[n] then self.score = self.score + 1 end
  self.answered[n] = true
  self.done[n] = true
  self:save()
  return true
end

-- After each line the learner types while a task is pending.
function Run:poll_task()
  local n = self.pending
  if not n then return end
  self.polls = (self.polls or 0) + 1      -- (tests/lua/66d and make bench count them)
  local s = self.L.steps[n]
  local held = machine.on(s.on, self.check_claims, self, s, n, true)
  if held then self:task_done(n, true) end
end

function Run:hint()
  local s = self.L.steps[self.i]
  if not s or #s.hints == 0 then self:say(i18n.t("hint_none")) return end
  local k = (self.hint_i[self.i] or 0) + 1
  if k > #s.hints then k = #s.hints end
  self.hint_i[self.i] = k
  self:para("💡 " .. self:pick(s.hints[k]))
  if k == #s.hints and s.kind == "task" then self:say(i18n.t("hints_out")) end
end

function Run:explain()
  local s = self.L.steps[self.i]
  if not s then return end
  self:header(self.i, s)
  self:why(s)
  if #s.claims > 0 then
    self:say(i18n.t("claims"))
    for _, c in ipairs(s.claims) do self:item("  • ", claims.render(c, self.lang)) end
  end
end

function Run:save()
  if self.mode == "check" then return end
  local R = self
  progress.update(self.L.id, function(rec)
    for k in pairs(R.done) do rec.steps[k] = true end
    rec.score, rec.max = R.score, R.max
    if R.finished then rec.finished = true end
  end)
end

function Run:finish()
  self.finished = true
  if self.L.summary then
    self:say("")
    self:para(i18n.t("summary", self:pick(self.L.summary)))
  end
  self:say("")
  self:say(i18n.t("lesson_done", self:pick(self.L.title), self.score, self.max))
  self:save()
end

function Run:intro()
  local L = self.L
  self:say(i18n.t("started", L.id, self:pick(L.title)))
  if L.article ~= nil then self:say(i18n.t("article", M.article_title(L))) end
  local todo = M.todo_warning(L, self.lang)
  if todo then self:say("⚠ " .. todo) end
  self:say(i18n.t("objectives"))
  for _, o in ipairs(L.objectives) do self:say("  - " .. self:pick(o)) end
end

-- Rebuild the lab from nothing up to (and including) step k, quietly.
function Run:rebuild(k)
  self:say(i18n.t("rebuilding", k))
  M.reset_lab()
  for j = 1, k do self:perform(j, true) end
  self.i = k
end

---------------------------------------------------------------------------
-- Interactive mode: the current run and the shell's hooks.
---------------------------------------------------------------------------
M.current = nil

local function install_shell_hooks()
  local ok, shell = pcall(require, "netlearn.shell")
  if not ok or type(shell) ~= "table" or shell._lesson_hooked then return end
  shell._lesson_hooked = true
  local feed = shell.feed
  shell.feed = function(line)
    local r = feed(line)
    local R = M.current
    if R and not R.in_command and (line:match("^%s*reset%s*$") or line:match("^%s*sudo%s+reset%s*$")) then
      R:say(i18n.t("reset_in_lesson"))
    end
    -- re-check the task only when the line may have changed the lab: a probe
    -- or a listing typed to look answers at once (commands.only_looks)
    if R and R.pending and r ~= "more" and not R.in_command and not commands.only_looks(line) then
      local okp, e = pcall(R.poll_task, R)
      if not okp then io.stderr:write(tostring(e), "\n") end
    end
    return r
  end
  shell.prompt_prefix = function()
    local R = M.current
    if not R then return "" end
    if R.finished then return "[" .. R.L.id .. " ✔] " end
    return string.format("[%s %d/%d] ", R.L.id, R.i, #R.L.steps)
  end
end

-- Start a lesson in the shell; shows step 1 (or resumes after `done` steps).
function M.start(arg, opts)
  opts = opts or {}
  local path = M.resolve(arg)
  if not path then
    return nil, i18n.t("no_such_lesson", tostring(arg))
  end
  local L, e = M.load(path, opts)
  if not L then return nil, M.clean(e) end
  local f = M.missing(L)
  if f then return nil, M.clean(M.id_of(path)) .. ": " .. M.missing_text(f) end
  local R = M.new_run(L, "interactive", opts)
  M.current = R
  install_shell_hooks()
  R:intro()
  R:para(i18n.t("how"))
  progress.update(L.id, function(rec) rec.max = R.max end)
  M.reset_lab()
  R:perform(1)
  R:save()
  return R
end

function M.next()
  local R = M.current
  if not R then return nil, i18n.t("no_lesson") end
  if R.challenge then return nil, i18n.t("challenge_running") end
  if R.pending then
    local n = R.pending
    local s = R.L.steps[n]
    -- the claims may hold by now (a change the last poll did not see yet, a
    -- reply slower than its probe): then the task is done and the lesson goes on
    if machine.on(s.on, R.check_claims, R, s, n, true) then
      R:task_done(n, true)
    else
      -- which of the task's claims hold already, which not yet
      machine.on(s.on, function()
        local lab = R:lab(true)
        for _, c in ipairs(s.claims) do
          local ok = claims.check(c, lab)
          R:say("  " .. (ok and "✔ " or "☐ ") .. claims.render(c, R.lang))
        end
      end)
      return nil, i18n.t("task_not_done")
    end
  end
  if R.i >= #R.L.steps then
    if not R.finished then R:finish() return true end
    return nil, i18n.t("at_end")
  end
  R:perform(R.i + 1)
  if M.current ~= R then return true end     -- left at the step's question ('quit')
  if R.i == #R.L.steps and not R.pending and not R.challenge then R:finish() else R:save() end
  return true
end

-- The challenge{} step n ended (netlearn.challenge: solved, given up or left):
-- back to the lesson, which finishes if that was its last step.
function M.challenge_over(R, n)
  if M.current ~= R or R.challenge ~= n then return end
  R.challenge = nil
  R.done[n] = true
  if R.i == #R.L.steps and not R.pending then R:finish() else R:save() end
end

function M.back()
  local R = M.current
  if not R then return nil, i18n.t("no_lesson") end
  if R.i <= 1 then return nil, i18n.t("at_start") end
  R.finished = false
  R:rebuild(R.i - 2)
  R:perform(R.i + 1)
  return true
end

function M.again()
  local R = M.current
  if not R then return nil, i18n.t("no_lesson") end
  local k = R.i
  R:rebuild(k - 1)
  R:perform(k)
  return true
end

function M.skip()
  local R = M.current
  if not R then return nil, i18n.t("no_lesson") end
  if R.pending then
    local n = R.pending
    local s = R.L.steps[n]
    R:say(i18n.t("task_solution"))
    if not R:commands_of(s, n, s.solution) and n > 1 then
      -- the learner's own changes are in the solution's way ('File exists'):
      -- the lab as the step found it, then the solution again
      R:rebuild(n - 1)
      R.i = n
      machine.set(s.on)
      R:commands_of(s, n, s.solution)
    end
    R.pending = nil
    R.answered[n] = true
    R:check_claims(s, n)
    R.done[n] = true
    R:save()
  end
  return M.next()
end

function M.quit()
  local R = M.current
  if not R then return nil, i18n.t("no_lesson") end
  R:save()
  M.current = nil
  R:say(i18n.t("left", R.L.id, R.L.id))
  return true
end

---------------------------------------------------------------------------
-- The command line: run, check, list
---------------------------------------------------------------------------
-- `netlearn run` and `check` always run a lesson contained (DESIGN 3c);
-- trusted Lua is `netlearn lua FILE` (netlearn.main), never a lesson.
local function contained(opts)
  sbx.trusted = false
  opts.trust = false
end

-- What a missing kernel feature means, in the learner's language (one paragraph).
function M.missing_text(f)
  local F = FEATURES[f]
  return i18n.t("missing_feature", i18n.lang == "zh" and (F.type .. " 设备") or F.what, F.config, F.module, F.module)
end

function M.run_cli(arg, opts)
  opts = opts or {}
  contained(opts)
  local repl = require("netlearn.repl")
  if repl.interactive() then
    local R, e = M.start(arg, opts)
    if not R then io.stderr:write(e, "\n") return 1 end
    return "shell"
  end
  -- unattended, with human output
  local path = M.resolve(arg)
  local L, e
  if path then L, e = M.load(path, opts) end   -- (`path and M.load()` would drop the message)
  if not L then
    io.stderr:write(M.clean(e or i18n.t("cannot_open_lesson", tostring(arg))), "\n")
    return path and 1 or 2     -- nothing of that name: 2, as 'check' of a missing lesson
  end
  local f = M.missing(L)
  if f then
    io.stderr:write("netlearn: ", M.clean(L.id), ": ", M.missing_text(f), "\n")
    return 1
  end
  local R = M.new_run(L, "unattended", opts)
  R:say(i18n.t("unattended"))
  R:intro()
  M.reset_lab()
  for n = 1, #L.steps do R:perform(n) end
  R:finish()
  return R.failed == 0 and 0 or 1
end

function M.check_cli(args, opts)
  opts = opts or {}
  contained(opts)
  local paths = {}
  if #args == 0 then
    paths = M.all()
    if #paths == 0 then io.stderr:write("netlearn: ", i18n.t("no_lessons", M.dir()), "\n") return 1 end
  else
    for _, a in ipairs(args) do
      local p = M.resolve(a)
      if not p then
        io.stderr:write(i18n.t("check_no_lesson", a, M.dir()), "\n")
        return 2
      end
      paths[#paths + 1] = p
    end
  end
  local T = { n = 0, failed = 0 }
  M.tap_mode = true
  for _, p in ipairs(paths) do
    local L, e = M.load(p, opts)
    local id = M.clean(M.id_of(p)):gsub("#", "\\#")
    if not L then
      T.n = T.n + 1
      T.failed = T.failed + 1
      io.stdout:write("not ok ", T.n, " - ", id, ": loads\n")
      M.comment(e, "#   ")
    else
      M.comment(id .. ": " .. i18n.pick(L.title))
      local todo = M.todo_warning(L)
      if todo then M.comment("warning: " .. todo) io.stderr:write("netlearn: ", M.clean(i18n.t("warning", todo)), "\n") end
      local f, cfg = M.missing(L)
      if f then
        T.n = T.n + 1
        io.stdout:write("ok ", T.n, " - ", id, " # SKIP needs ", cfg, "\n")
        M.comment(M.missing_text(f))
      else
        M.reset_lab()
        local R = M.new_run(L, "check", { tap = T })
        for n = 1, #L.steps do
          local ok, err = pcall(R.perform, R, n)
          if not ok then R:tap_line(false, id .. " step " .. n .. ": runs", tostring(err)) end
        end
        io.stdout:write(require("netlearn.ipip_path").tap_comment(id))   -- kernel ipip or the stand-in
      end
    end
    io.stdout:flush()
  end
  M.tap_mode = false
  io.stdout:write("1..", T.n, "\n")
  return T.failed == 0 and 0 or 1
end

function M.list_cli(args, opts)
  opts = opts or {}
  contained(opts)
  local paths, info = M.all()
  local LW = {   -- where a lesson came from (the search path: M.dirs)
    from = { en = "from %s", zh = "来自 %s" },
    hides = { en = "replaces the shipped lesson of that name", zh = "取代了同名的自带课程" },
    hidden = { en = "replaces %s", zh = "取代了 %s" },
    yours = { en = "Your own lessons: %s (a folder of LESSON.lua files; NETLEARN_LESSONS=dir:dir adds folders before it)",
      zh = "你自己的课程：%s（放 LESSON.lua 文件的目录；NETLEARN_LESSONS=目录:目录 可在它之前加目录）" },
  }
  local function lw(k, ...) return i18n.format(i18n.pick(LW[k]), ...) end
  if #paths == 0 then
    io.stdout:write(i18n.t("no_lessons", M.dir()), "\n", lw("yours", M.user_dir()), "\n")
    return 0
  end
  local prog = progress.load()
  io.stdout:write(i18n.t("list_head"), "\n")
  local status = 0
  local w = 12                                  -- the names' column, as wide as the longest
  for _, p in ipairs(paths) do w = math.max(w, #M.id_of(p)) end
  local col = "%-" .. w .. "s"
  for _, p in ipairs(paths) do
    local id = M.id_of(p)
    local L, e = M.load(p, opts)
    if not L then
      io.stdout:write(M.clean(string.format("  " .. col .. " %s: %s\n", id, i18n.t("loading_failed"), e)))
      status = 1
    else
      local rec = prog[id]
      local n = #L.steps
      local pr
      if not rec then pr = i18n.t("progress_new")
      elseif rec.finished then pr = i18n.t("progress_done", rec.score, rec.max)
      else
        local d = 0
        for k in pairs(rec.steps) do if k <= n then d = d + 1 end end
        pr = i18n.t("progress_some", d, n)
      end
      local f, cfg = M.missing(L)
      local where = ""
      local I = info[p]
      if I and I.where ~= "shipped" then
        where = " · " .. lw("from", I.dir)
        if I.hides then
          where = where .. " · " .. (I.hides:sub(1, #M.dir() + 1) == M.dir() .. "/" and lw("hides") or lw("hidden", I.hides))
        end
      end
      local art = M.article_title(L)
      io.stdout:write(M.clean(string.format("  " .. col .. " %s\n  " .. col .. " %s%s%s%s%s\n", id, i18n.pick(L.title), "",
        art and (art .. " · ") or "", i18n.t("steps_n", n), " · " .. pr, f and (" · ⚠ " .. i18n.t("needs", cfg)) or "",
        where .. (#L.todos > 0 and (" · ⚠ " .. #L.todos .. " TODO") or ""))))
    end
  end
  io.stdout:write(lw("yours", M.user_dir()), "\n")
  return status
end

return M
