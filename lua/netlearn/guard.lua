--[[ netlearn.guard -- the lesson context: while lesson code or the commands a
lesson runs are at work, nothing starts a program and nothing writes a file.

A lesson is a file learners download from strangers (DESIGN 3c). The flag
itself lives in C (src/proc.c, nl_lesson_context): net.run refuses to start a
program while it is on, net.pcap_write refuses to write, and a web server
started then serves an empty listing and reads no file. Lesson code never
sees net.lesson_context (its `net` is an allowlist, netlearn.lesson), so it
cannot turn the flag off. On the Lua side this module wraps io.open (for
writing), io.popen, io.output, os.execute, os.remove, os.rename and os.tmpname
so that netlearn's own Lua code cannot be led to write a file either, and
gives the commands one way to refuse (guard.refuse), which the lesson runtime
turns into one line naming the lesson's FILE:LINE.

  local guard = require("netlearn.guard")
  guard.lesson(fn, ...)       -- run fn with the flag on (nests; restored on error)
  guard.active()              -- is a lesson at work?
  guard.internal(fn, ...)     -- netlearn's own fixed programs (mkdir, ls): flag off
  guard.refuse(msg)           -- raise a refusal (only while active)
  guard.is_refusal(err)       -- the message of a refusal, or nil
]]
local M = {}

local core = require("netlearn.core")
local set = core.lesson_context

local MARK = "\0netlearn-lesson-refusal\0"

function M.active()
  return set and set() or false
end

local function restore(prev, ok, ...)
  set(prev)
  if not ok then error((...), 0) end
  return ...
end

-- Run fn(...) with the lesson context on. The flag is put back however fn ends.
function M.lesson(fn, ...)
  if not set then return fn(...) end
  local prev = set(true)
  return restore(prev, pcall(fn, ...))
end

-- Run fn(...) with the lesson context off: for netlearn's own fixed programs
-- (mkdir -p of its data directory, ls of the lessons, cat of an ifalias)
-- that may run while a lesson is at work. Never pass lesson data as a program.
function M.internal(fn, ...)
  if not set then return fn(...) end
  local prev = set(false)
  return restore(prev, pcall(fn, ...))
end

-- Raise a refusal: msg says what the lesson may not do and what to write
-- instead. The lesson runtime adds the lesson's FILE:LINE.
function M.refuse(msg)
  error(MARK .. msg, 0)
end

function M.is_refusal(e)
  if type(e) ~= "string" then return nil end
  local i = e:find(MARK, 1, true)
  if not i then return nil end
  return e:sub(i + #MARK)
end

-- A refusal message without its mark (for printing)
function M.strip(e)
  if type(e) ~= "string" then return e end
  return (e:gsub(MARK, ""))
end

---------------------------------------------------------------------------
-- The Lua side: file-writing and program-starting functions of Lua's own
-- library refuse while a lesson is at work.
---------------------------------------------------------------------------
-- Called again whenever something replaces those functions (netlearn.files
-- puts the broker behind them once the sandbox is entered): only a function
-- not yet wrapped is wrapped.
local wrappers = setmetatable({}, { __mode = "k" })
function M.install()
  local function wrap(tbl, name, why, when)
    local f = tbl[name]
    if not f or wrappers[f] then return end
    local g = function(...)
      if M.active() and (not when or when(...)) then
        M.refuse(why)
      end
      return f(...)
    end
    wrappers[g] = true
    tbl[name] = g
  end
  wrap(io, "open", "a lesson writes no file", function(_, mode)
    return type(mode) == "string" and mode:find("[wa+]") ~= nil
  end)
  wrap(io, "output", "a lesson writes no file", function(f) return f ~= nil end)
  wrap(io, "popen", "a lesson starts no program")
  wrap(os, "execute", "a lesson starts no program", function(c) return c ~= nil end)
  wrap(os, "remove", "a lesson removes no file")
  wrap(os, "rename", "a lesson renames no file")
  wrap(os, "tmpname", "a lesson writes no file")
end

return M
