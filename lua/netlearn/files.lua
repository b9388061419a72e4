--[[ netlearn.files -- the shell's own files, read and written with the
learner's rights, not the lab's.

Inside the sandbox the shell is the lab's root, which outside is an
unprivileged id when netlearn was started as root (src/sandbox.c). The files
the learner asks the shell itself to read or write -- history, progress,
`export clab FILE`, `topo --svg FILE`, `record stop FILE`, lessons, netlearn's
own Lua library -- go through the file broker instead: the parent outside the
sandbox, which has the learner's own rights (src/broker.c). Paths under /proc,
/sys, /dev and /run/netns stay the sandbox's own.

install() makes Lua's usual functions use the broker, once the sandbox is
entered: io.open, io.lines, io.input and io.output given a file name,
loadfile, dofile, os.rename, os.remove, and `require` (the package.path
searcher). Programs run in the lab (`!COMMAND`) get none of it.

  local files = require("netlearn.files")
  files.install()                                   -- after entering the sandbox
  assert(files.mkdirs(os.getenv("HOME") .. "/.local/share/netlearn"))
  for _, name in ipairs(files.list("lessons") or {}) do print(name) end
]]
local broker = require("netlearn.broker")

local M = {}

M.open = broker.open
M.mkdirs = broker.mkdirs        -- (path [, mode=0700]) -> true | nil, msg, errno
M.remove = broker.remove
M.rename = broker.rename

-- The names in a directory, sorted -> {name, ...} | nil, msg, errno
function M.list(dir)
  local t, e, code = broker.list(dir)
  if not t then return nil, e, code end
  table.sort(t)
  return t
end

-- A chunk's text as luaL_loadfile reads it: no UTF-8 BOM, a first line
-- starting with '#' blanked (line numbers stay right).
local function chunk_text(path, f)
  local e
  if not f then
    f, e = broker.open(path, "rb")
    if not f then return nil, "cannot open " .. tostring(e) end
  end
  local src, re = f:read("a")
  f:close()
  if not src then return nil, "cannot read " .. path .. ": " .. tostring(re) end
  if src:sub(1, 3) == "\239\187\191" then src = src:sub(4) end
  if src:sub(1, 1) == "#" then src = src:gsub("^[^\n]*", "", 1) end
  return src
end

-- loadfile(path [, mode [, env]]): env given as nil means nil, as Lua's does
local function loadfile_(path, mode, ...)
  if path == nil then return M.orig.loadfile(path, mode, ...) end
  local src, e = chunk_text(path)
  if not src then return nil, e end
  return load(src, "@" .. path, mode, ...)
end

local function dofile_(path)
  if path == nil then return M.orig.dofile() end
  local fn, e = loadfile_(path)
  if not fn then error(e, 0) end
  return fn()
end

local function close_at_end(f, ...)
  if (...) == nil then f:close() end
  return ...
end

local function lines_(name, ...)
  if name == nil then return M.orig.lines(name, ...) end
  local f, e = broker.open(name, "r")
  if not f then error(e, 2) end
  local it = f:lines(...)
  return function() return close_at_end(f, it()) end, nil, nil, f
end

-- io.input / io.output: a file name is opened through the broker
local function by_name(orig, mode)
  return function(x, ...)
    if type(x) == "string" or type(x) == "number" then
      x = tostring(x)
      local f, e = broker.open(x, mode)
      if not f then error("cannot open file '" .. x .. "' (" .. tostring(e) .. ")", 2) end
      return orig(f)
    end
    return orig(x, ...)
  end
end

-- package.searchers[2]: Lua modules along package.path, read through the broker
local function searcher(name)
  local fname = name:gsub("%.", "/")
  local tried = {}
  for tmpl in package.path:gmatch("[^;]+") do
    local p = tmpl:gsub("%?", function() return fname end)
    local f = broker.open(p, "r")
    if f then
      local src, e = chunk_text(p, f)
      local fn
      if src then fn, e = load(src, "@" .. p) end
      if not fn then
        error(("error loading module '%s' from file '%s':\n\t%s"):format(name, p, e), 0)
      end
      return fn, p
    end
    tried[#tried + 1] = "no file '" .. p .. "'"
  end
  return table.concat(tried, "\n\t")
end

function M.install()
  if M.orig then return end
  M.orig = { loadfile = loadfile, dofile = dofile, lines = io.lines, input = io.input,
    output = io.output, open = io.open, rename = os.rename, remove = os.remove,
    searcher = package.searchers[2] }
  io.open = broker.open
  io.lines = lines_
  io.input = by_name(io.input, "r")
  io.output = by_name(io.output, "w")
  loadfile = loadfile_
  dofile = dofile_
  os.rename = broker.rename
  os.remove = broker.remove
  package.searchers[2] = searcher
  require("netlearn.guard").install()   -- and a lesson at work still writes no file
end

return M
