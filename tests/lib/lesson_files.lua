--[[ tests/lib/lesson_files.lua -- helpers for the lesson tests: write a lesson
file into a temporary lessons/ directory and load it. ]]
local U = {}
local base = (os.getenv("XDG_DATA_HOME") or "/tmp") .. "/../lessons"
U.dir = base
-- made by the shell (with the learner's rights), not by a program in the lab
assert(require("netlearn.files").mkdirs(base))
local n = 0

-- the top of a valid lesson; body is appended (steps = ... etc.)
U.HEAD = [[
title = { en = "T", zh = "标题" }
article = "test"
objectives = { { en = "o", zh = "目标" } }
]]
U.STEPS = [[
steps = { step { en = "e", zh = "中" } }
]]

function U.write(src, name)
  n = n + 1
  local path = base .. "/" .. (name or ("l" .. n)) .. ".lua"
  local f = assert(io.open(path, "w"))
  f:write(src)
  f:close()
  return path
end

function U.load(src, opts)
  local lesson = require("netlearn.lesson")
  local p = U.write(src)
  local L, e = lesson.load(p, opts)
  return L, e, p
end
return U
