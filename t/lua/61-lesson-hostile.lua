-- Hostile lessons are stopped with a clear message, and netlearn goes on.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local U = dofile(os.getenv("TESTLIB") .. "/../lua/lesson_util.lua")
local lesson = require("netlearn.lesson")
local sbx = require("netlearn.sandboxenv")
sbx.cpu_limit = 0.5            -- keep the test fast
sbx.mem_limit = 16 * 1024    -- KiB

local H, S = U.HEAD, U.STEPS
local marker = U.dir .. "/pwned"
local cases = {
  { "io.open", "local f = io.open('" .. marker .. "', 'w')\n", "io.open is not available to a lesson" },
  { "os.execute", "os.execute('touch " .. marker .. "')\n", "os.execute is not available to a lesson" },
  { "os.exit", "os.exit(3)\n", "os.exit is not available to a lesson" },
  { "loadfile", "loadfile('/etc/passwd')\n", "loadfile is not available to a lesson" },
  { "dofile", "dofile('/etc/passwd')\n", "dofile is not available to a lesson" },
  { "load", "load('return 1')\n", "load is not available to a lesson" },
  { "require of a C module", "require('netlearn.core')\n", "require is not available to a lesson" },
  { "require of lfs", "local lfs = require 'lfs'\n", "require is not available to a lesson" },
  { "debug.sethook", "debug.sethook()\n", "debug.sethook is not available to a lesson" },
  { "collectgarbage", "collectgarbage('stop')\n", "collectgarbage is not available" },
  { "string.rep bomb", "local s = string.rep('x', 1 << 40)\n", "string.rep: a lesson may build strings up to" },
  { "method-call rep bomb", "local s = ('x'):rep(1 << 40)\n", "string.rep: a lesson may build strings up to" },
  { "endless loop", "while true do end\n", "stopped after 0.5 s of computation %(an endless loop%?%)" },
  { "endless loop inside pcall", "while true do pcall(function() while true do end end) end\n",
    "stopped after 0.5 s of computation" },
  { "doubling a string", "local s = 'x' for i = 1, 40 do s = s .. s end\n", "stopped: it used more than" },
  { "the string metatable", "getmetatable('').__index = {}\n", "attempt to index a nil value" },
  { "coroutines", "coroutine.wrap(function() while true do end end)()\n", "unknown name 'coroutine'" },
  { "string.dump", "string.dump(print)\n", "attempt to call a nil value" },
}
for i, c in ipairs(cases) do
  local name, code, pat = c[1], c[2], c[3]
  local L, e, path = U.load(H .. code .. S)
  t.ok(L == nil, name .. ": refused")
  t.like(e, pat, name .. ": says why")
  t.like(e, "^" .. path:gsub("%p", "%%%0") .. ":4:", name .. ": names the line")
end
local f = io.open(marker, "r")
t.ok(f == nil, "no hostile lesson wrote a file")
if f then f:close() end
t.is(("ab"):rep(3), "ababab", "string.rep is whole again afterwards")
t.ok(string.rep == (getmetatable("").__index).rep, "the string metatable is restored")

-- a lua{} claim that loops forever is stopped at check time, not at load
local L, e = U.load(H .. "steps = { step { en = 'e', zh = 'z', claims = {\n" ..
  "  lua { fn = function(net) while true do end end, says = { en = 'loops', zh = '循环' } } } } }\n")
t.ok(L, "a lesson with a looping lua{} claim loads", e)
if L then
  local claims = require("netlearn.claims")
  local R = lesson.new_run(L, "unattended", { out = function() end })
  local ok, seen = claims.check(L.steps[1].claims[1], R:lab())
  t.ok(not ok, "the looping claim fails")
  t.like(seen, "stopped after 0.5 s of computation", "the looping claim says it was stopped")
  -- the lua claim gets net without net.run
  local L2 = U.load(H .. "steps = { step { en = 'e', zh = 'z', claims = {\n" ..
    "  lua { fn = function(net) return net.run('', {'/bin/true'}) end, says = { en = 'runs', zh = '运行' } } } } }\n")
  local ok2, seen2 = claims.check(L2.steps[1].claims[1], R:lab())
  t.ok(not ok2, "net.run from a lua{} claim fails")
  t.like(seen2, "net.run is not available to a lesson", "and says so")
  local L3 = U.load(H .. "steps = { step { en = 'e', zh = 'z', claims = {\n" ..
    "  lua { fn = function(net) return #net.ns_list() == 0, 'no namespaces' end, says = { en = 'empty', zh = '空' } } } } }\n")
  local ok3, seen3 = claims.check(L3.steps[1].claims[1], R:lab())
  t.ok(ok3, "a lua{} claim can read the lab through net")
  t.is(seen3, "no namespaces", "and report what it saw")
end

-- trusted Lua (netlearn lua FILE) may load a lesson with trust: no limits
local L4, e4 = U.load(H .. "local f = io.open('" .. marker .. "', 'w') f:write('x') f:close()\n" .. S, { trust = true })
t.ok(L4, "loaded with trust by trusted Lua, a lesson may use io", e4)
local f2 = io.open(marker, "r")
t.ok(f2, "and it wrote its file")
if f2 then f2:close() os.remove(marker) end
t.done()
