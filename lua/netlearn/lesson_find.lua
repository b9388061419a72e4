--[[ netlearn.lesson_find -- where lessons are: the search path, a name to a file, the list.

Part of netlearn.lesson (it adds its functions to that table): M.dir,
M.user_dir, M.dirs, M.resolve, M.id_of, M.all. `netlearn list` (lesson_cli),
the shell's `lesson NAME`, completion and doctor find lessons through these.
]]
local progress = require("netlearn.progress")

local M = require("netlearn.lesson")    -- the table this file adds to

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

return M
