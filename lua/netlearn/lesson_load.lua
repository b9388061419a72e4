--[[ netlearn.lesson_load -- the lesson file format: loading a lesson and checking it.

Part of netlearn.lesson (it adds its functions to that table). A lesson file
is loaded in its own restricted environment (netlearn.sandboxenv) where the
step constructors step{}, predict{}, choice{}, task{}, challenge{} and the
claim kinds (netlearn.claims) are the only names; every field is checked and
a mistake is refused with FILE:LINE and what to write instead (STEP_FIELDS,
TOP: the schema). Also the kernel features a lesson may require (requires =
{...}: M.FEATURES, M.has_feature, M.missing, M.missing_text).
]]
local commands = require("netlearn.commands")
local claims = require("netlearn.claims")
local sbx = require("netlearn.sandboxenv")
local i18n = require("netlearn.i18n")
local progress = require("netlearn.progress")
local util = require("netlearn.util")
local guard = require("netlearn.guard")
local net = require("netlearn.core")
local doctor = require("netlearn.doctor")

local M = require("netlearn.lesson")    -- the table this file adds to

local Step = {}
Step.__index = Step

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
    local bad = util.unknown_field(t, spec)
    if bad ~= nil then
      raise(file, line, string.format("%s: unknown field '%s' (%s takes: %s)", kind, tostring(bad), kind,
        util.field_names(spec)), type(bad) == "string" and bad or nil)
    end
    for k, v in pairs(t) do
      local ty = spec[k]
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

-- What a missing kernel feature means, in the learner's language (one paragraph).
function M.missing_text(f)
  local F = FEATURES[f]
  return i18n.t("missing_feature", i18n.lang == "zh" and (F.type .. " 设备") or F.what, F.config, F.module, F.module)
end

return M
