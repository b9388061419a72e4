--[[ netlearn.progress -- what the learner has done, kept between sessions.

One small text file, $XDG_DATA_HOME/netlearn/progress (default
~/.local/share/netlearn/progress), one line per lesson:

  lesson ipip started=1700000000 steps=1,2,3 score=2/3 finished=0

plus a cache of the kernel features lessons need (`features`), keyed by the
kernel release so a new kernel is probed again.

  local P = require("netlearn.progress")
  local all = P.load()          -- id -> {started=, steps={[1]=true}, score=, max=, finished=}
  P.update("ipip", function(rec) rec.steps[3] = true end)
]]
local M = {}

function M.dir()
  local d = os.getenv("XDG_DATA_HOME")
  if not d or d == "" then
    local home = os.getenv("HOME") or "/tmp"
    d = home .. "/.local/share"
  end
  return d .. "/netlearn"
end

function M.path() return M.dir() .. "/progress" end

-- mkdir -p with the learner's rights (netlearn.files); errors show up when
-- the file is opened
local function mkdirs(path)
  require("netlearn.files").mkdirs(path)
end

function M.load()
  local t = {}
  local f = io.open(M.path(), "r")
  if not f then return t end
  for line in f:lines() do
    local id, rest = line:match("^lesson%s+(%S+)%s*(.*)$")
    if id then
      local rec = { steps = {}, score = 0, max = 0, finished = false, started = 0 }
      rec.started = tonumber(rest:match("started=(%d+)")) or 0
      for n in (rest:match("steps=([%d,]*)") or ""):gmatch("%d+") do rec.steps[tonumber(n)] = true end
      local s, m = rest:match("score=(%d+)/(%d+)")
      rec.score, rec.max = tonumber(s) or 0, tonumber(m) or 0
      rec.finished = rest:match("finished=1") ~= nil
      t[id] = rec
    end
  end
  f:close()
  return t
end

function M.save(t)
  local dir = M.dir()
  mkdirs(dir)
  local ids = {}
  for id in pairs(t) do ids[#ids + 1] = id end
  table.sort(ids)
  local tmp = M.path() .. ".tmp"
  local f, e = io.open(tmp, "w")
  if not f then return nil, e end
  for _, id in ipairs(ids) do
    local r = t[id]
    local steps = {}
    for n in pairs(r.steps) do steps[#steps + 1] = n end
    table.sort(steps)
    f:write(string.format("lesson %s started=%d steps=%s score=%d/%d finished=%d\n", id, r.started or 0,
      table.concat(steps, ","), r.score or 0, r.max or 0, r.finished and 1 or 0))
  end
  f:close()
  return os.rename(tmp, M.path())
end

function M.get(id)
  return M.load()[id]
end

function M.update(id, fn)
  local t = M.load()
  local r = t[id] or { steps = {}, score = 0, max = 0, finished = false, started = os.time() }
  fn(r)
  t[id] = r
  return M.save(t)
end

-- A challenge played (netlearn.challenge): one line appended to challenges,
-- next to progress: "challenge ID seed= level= score= time=SECONDS solved=0|1 at=EPOCH".
function M.challenge_log(id, r)
  mkdirs(M.dir())
  local f = io.open(M.dir() .. "/challenges", "a")
  if not f then return nil end
  f:write(string.format("challenge %s seed=%d level=%d score=%d time=%d solved=%d at=%d\n", id, r.seed, r.level,
    r.score, r.time, r.solved and 1 or 0, os.time()))
  f:close()
  return true
end

-- the features cache: {release=, [feature]=true|false}
function M.features_load()
  local f = io.open(M.dir() .. "/features", "r")
  local t = {}
  if not f then return t end
  local rel = f:read("l")
  t.release = rel
  for line in f:lines() do
    local k, v = line:match("^(%S+)=(%d)$")
    if k then t[k] = v == "1" end
  end
  f:close()
  return t
end

function M.features_save(t)
  mkdirs(M.dir())
  local f = io.open(M.dir() .. "/features", "w")
  if not f then return end
  f:write(t.release or "?", "\n")
  for k, v in pairs(t) do
    if k ~= "release" then f:write(k, "=", v and "1" or "0", "\n") end
  end
  f:close()
end

return M
