--[[ netlearn.sandboxenv -- the restricted environment a lesson runs in.

A lesson is content, like an Nmap NSE script: it declares fields and builds
steps and claims with constructors. It reaches the lab only through what
netlearn hands it (commands in `run` lists, claims, the `net` passed to a
`lua{}` claim). Its environment has the pure parts of Lua (string, table,
math, utf8, pairs, pcall, ...) and no io, os.execute, os.exit, load,
loadfile, dofile, require, debug, coroutine or collectgarbage. string.rep is
capped, and every call into lesson code runs in its own coroutine under a
count hook that stops it after a few seconds of CPU or too much memory.

  local sbx = require("netlearn.sandboxenv")
  local env = sbx.new(extra)                    -- a fresh environment
  local ok, err = sbx.call(fn, ...)             -- run lesson code with limits
  sbx.trusted = true   -- full Lua, no limits: only lesson.load(path, {trust = true}) from trusted Lua
]]
local M = {}

-- (NETLEARN_LESSON_CPU / NETLEARN_LESSON_MEM_KB lower them for the tests)
M.cpu_limit = tonumber(os.getenv("NETLEARN_LESSON_CPU")) or 5       -- seconds of CPU per call into lesson code
-- seconds of wall time per call into lesson code while it computes (time a
-- command or probe it runs spends waiting is bounded by that command's own timeout)
M.wall_limit = tonumber(os.getenv("NETLEARN_LESSON_WALL")) or 30
M.mem_limit = tonumber(os.getenv("NETLEARN_LESSON_MEM_KB")) or 256 * 1024  -- KiB the Lua heap may grow by during a call
M.rep_limit = 1024 * 1024        -- bytes string.rep may produce
M.trusted = false

local STOP = "netlearn-lesson-stopped"
-- Ctrl-C and SIGTERM set net.interrupted(); the hook stops lesson code on them
local core = require("netlearn.core")
local net_interrupted = core.interrupted
-- a hard cap on the heap during a call (the hook sees memory only between
-- instructions; one string.gsub can ask for gigabytes)
local heap_limit = core.heap_limit
-- the hook runs only between Lua instructions: long C calls (string patterns,
-- table.sort, table.move) look at a CPU deadline of their own (src/limits.c)
local c_limits = require("netlearn.limits")
local c_deadline, c_wall_deadline, mono_now = c_limits.deadline, c_limits.wall_deadline, c_limits.now
local MYSRC = debug.getinfo(1, "S").source
local stopped_msg = nil          -- set while a stop is being unwound

local real_rep = string.rep
local function safe_rep(s, n, sep)
  s = tostring(s)
  n = math.tointeger(n) or error("bad argument #2 to 'rep' (number has no integer representation)", 2)
  local size = #s * math.max(n, 0) + (sep and #tostring(sep) * math.max(n - 1, 0) or 0)
  if size > M.rep_limit then
    error(string.format("string.rep: a lesson may build strings up to %d bytes, not %d", M.rep_limit, size), 2)
  end
  return real_rep(s, n, sep)
end

local safe_string = {}
for k, v in pairs(string) do safe_string[k] = v end
safe_string.rep = safe_rep
safe_string.dump = nil

local function copy(t, names)
  local c = {}
  for _, n in ipairs(names) do c[n] = t[n] end
  return c
end

-- pcall/xpcall that cannot swallow a stop (endless loop, memory)
local function safe_pcall(f, ...)
  local r = table.pack(pcall(f, ...))
  if stopped_msg then error(stopped_msg, 0) end
  return table.unpack(r, 1, r.n)
end
local function safe_xpcall(f, h, ...)
  -- A stop is raised from inside the count hook, where Lua runs no hooks: the
  -- lesson's message handler must not run then (an endless handler would never
  -- be stopped).
  local function handler(m)
    if stopped_msg then return m end
    return h(m)
  end
  local r = table.pack(xpcall(f, type(h) == "function" and handler or h, ...))
  if stopped_msg then error(stopped_msg, 0) end
  return table.unpack(r, 1, r.n)
end

-- Metatables. netlearn reads a lesson's tables (titles, steps, claims) after
-- the lesson's own time is over, outside the count hook, and calls tostring on
-- what it raises; a metamethod there (an endless __index, __tostring, __gc,
-- __pairs) would run unguarded. So a lesson's setmetatable installs a frozen
-- copy holding no functions, and getmetatable shows no metatable at all --
-- neither netlearn's (steps, claims, the environment) nor the string one.
local function safe_getmetatable(v)
  return nil
end

local function safe_setmetatable(t, mt)
  if type(t) ~= "table" then
    error("bad argument #1 to 'setmetatable' (table expected, got " .. type(t) .. ")", 2)
  end
  if mt ~= nil and type(mt) ~= "table" then
    error("bad argument #2 to 'setmetatable' (nil or table expected)", 2)
  end
  if getmetatable(t) ~= nil then
    error("setmetatable: this table already has a metatable (a lesson may set one once, on its own tables)", 2)
  end
  if mt == nil then return t end
  local copy = {}
  for k, v in next, mt do
    if type(v) == "function" then
      error("setmetatable: a lesson's metatable may hold tables and values, not functions ('" .. tostring(k) ..
        "'); netlearn reads lesson tables outside the lesson's time limit", 2)
    end
    copy[k] = v
  end
  copy.__metatable = false
  return setmetatable(t, copy)
end

local function no(name, why)
  return function()
    error(name .. " is not available to a lesson: " .. why ..
      " (a lesson is contained; Lua you trust runs with 'netlearn lua FILE')", 2)
  end
end

-- The base of every lesson environment.
function M.base()
  local env = {
    assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs,
    pcall = safe_pcall, xpcall = safe_xpcall, rawequal = rawequal, rawget = rawget,
    rawlen = rawlen, rawset = rawset, select = select, setmetatable = safe_setmetatable,
    getmetatable = safe_getmetatable, tonumber = tonumber, tostring = tostring,
    type = type, print = print, _VERSION = _VERSION,
    string = safe_string,
    table = copy(table, { "concat", "insert", "move", "pack", "remove", "sort", "unpack" }),
    math = copy(math, { "abs", "ceil", "floor", "fmod", "huge", "max", "maxinteger", "min",
      "mininteger", "modf", "pi", "sqrt", "tointeger", "type", "ult", "exp", "log", "sin", "cos", "tan" }),
    utf8 = copy(utf8, { "char", "charpattern", "codepoint", "codes", "len", "offset" }),
    os = copy(os, { "time", "clock", "date", "difftime" }),
    require = no("require", "everything a lesson needs is already in its environment"),
    load = no("load", "a lesson is declared content"),
    loadfile = no("loadfile", "a lesson reads no files"),
    dofile = no("dofile", "a lesson reads no files"),
    collectgarbage = no("collectgarbage", "memory is netlearn's business"),
  }
  env.os.execute = no("os.execute", "a lesson reaches the lab only through netlearn's commands and claims")
  env.os.exit = no("os.exit", "a lesson cannot end netlearn")
  env.os.remove = no("os.remove", "a lesson touches no files")
  env.os.getenv = no("os.getenv", "a lesson sees no environment variables")
  env.io = setmetatable({}, { __index = function(_, k)
    error("io." .. tostring(k) .. " is not available to a lesson: a lesson reads and writes no files" ..
      " (a lesson is contained; Lua you trust runs with 'netlearn lua FILE')", 2)
  end })
  env.debug = setmetatable({}, { __index = function(_, k)
    error("debug." .. tostring(k) .. " is not available to a lesson" ..
      " (a lesson is contained; Lua you trust runs with 'netlearn lua FILE')", 2)
  end })
  return env
end

-- Run fn(...) as lesson code: in a coroutine with a CPU/memory hook and the
-- capped string.rep behind ("x"):rep(). Returns true, results... or false, message.
function M.call(fn, ...)
  if M.trusted then
    return xpcall(fn, function(m) return type(m) == "string" and m or tostring(m) end, ...)
  end
  local co = coroutine.create(fn)
  local start = os.clock()
  local wall0 = mono_now()
  local mem0 = collectgarbage("count")
  stopped_msg = nil
  local calls = 0
  debug.sethook(co, function()
    -- stopped once: every event stops it again, so that a pcall in the
    -- lesson that caught the stop cannot carry on
    if stopped_msg then error(stopped_msg, 0) end
    local why
    -- the clocks at every 64th event only: os.clock() is a system call, and
    -- the hook runs for every line a lesson runs. Not on the count event: Lua
    -- counts this hook's own instructions too, and a count that falls due
    -- inside the hook is dropped, so a loop of a line and a hook of the
    -- right length may never see one (tests/93: "an endless loop")
    calls = calls + 1
    local look = calls % 64 == 0
    if look and net_interrupted(false) then
      why = "interrupted"
    elseif look and os.clock() - start > M.cpu_limit then
      why = string.format("stopped after %g s of computation (an endless loop?)", M.cpu_limit)
    elseif look and mono_now() - wall0 > M.wall_limit then
      why = string.format("stopped after %g s of wall time (the lesson's time limit)", M.wall_limit)
    elseif collectgarbage("count") - mem0 > M.mem_limit then
      collectgarbage()
      if collectgarbage("count") - mem0 > M.mem_limit then
        why = string.format("stopped: it used more than %d MiB of memory", M.mem_limit // 1024)
      end
    end
    if why then
      local level, info = 2, debug.getinfo(2, "Sl")
      while info and (info.source == MYSRC or info.what == "C") do   -- the lesson's line, not ours
        level = level + 1
        info = debug.getinfo(level, "Sl")
      end
      local where = info and info.currentline and info.currentline > 0 and
        (info.short_src .. ":" .. info.currentline .. ": ") or ""
      stopped_msg = where .. why
      error(stopped_msg, 0)
    end
  end, "l", 1000)   -- every line and every loop turn: memory bombs stop early
  local smt = getmetatable("")
  local saved = smt.__index
  smt.__index = safe_string
  local prev_limit = heap_limit(2 * M.mem_limit * 1024)
  local c_msg = string.format("stopped after %g s of computation (a string pattern, a sort or a loop that does not end?)",
    M.cpu_limit)
  local prev_at, prev_msg = c_deadline(start + M.cpu_limit, c_msg)
  local w_msg = string.format("stopped after %g s of wall time (the lesson's time limit)", M.wall_limit)
  local prev_wall, prev_wall_msg = c_wall_deadline(wall0 + M.wall_limit, w_msg)
  local res = table.pack(coroutine.resume(co, ...))
  heap_limit(prev_limit)
  smt.__index = saved
  while res[1] and coroutine.status(co) == "suspended" do
    -- lesson code does not yield; a yield from inside netlearn is passed on
    res = table.pack(coroutine.resume(co))
  end
  c_deadline(prev_at, prev_msg)
  c_wall_deadline(prev_wall, prev_wall_msg)
  local msg = stopped_msg
  stopped_msg = nil
  if not res[1] then
    local e = msg or res[2]
    local raw = e
    if type(e) ~= "string" then   -- no tostring: its __tostring would run unguarded
      e = math.type(e) and tostring(e) or ("a lesson raised an error that is a " .. type(e) .. " value, not a message")
    end
    -- an error without the lesson's line (a stack overflow met inside our hook,
    -- error({}), error(42)): name the innermost line of lesson code
    if e == "not enough memory" then
      e = string.format("stopped: it used more than %d MiB of memory (in one step)", 2 * M.mem_limit // 1024)
    end
    -- stopped inside a C call: the message of the deadline, at the lesson's line
    local in_c = not msg and type(raw) == "string" and
      (e:sub(-#c_msg) == c_msg or e:sub(-#w_msg) == w_msg or e:match(":%d+: interrupted$"))
    if in_c then e = e:match(": (interrupted)$") or (e:sub(-#w_msg) == w_msg and w_msg) or c_msg end
    if not msg and (in_c or type(raw) ~= "string" or e:find(MYSRC:sub(2), 1, true) or not e:match("^[^\n]-:%d+: ")) then
      e = e:gsub("^[^\n]-sandboxenv%.lua:%d+: ", "")
      for level = 0, 250 do
        local info = debug.getinfo(co, level, "Sl")
        if not info then break end
        if info.source ~= MYSRC and info.what ~= "C" and (info.currentline or 0) > 0 then
          e = info.short_src .. ":" .. info.currentline .. ": " .. e
          break
        end
      end
    end
    return false, e
  end
  return table.unpack(res, 1, res.n)
end

M.STOP = STOP
return M
