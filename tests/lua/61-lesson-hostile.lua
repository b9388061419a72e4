#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- Hostile lessons are stopped with a clear message, and netlearn goes on.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local U = dofile(os.getenv("TESTLIB") .. "/lesson_files.lua")
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

-- The lesson context underneath the command checks (netlearn.guard, src/proc.c):
-- while it is on, the primitives themselves refuse, whatever Lua asked them.
local guard = require("netlearn.guard")
t.is(guard.active(), false, "outside a lesson the lesson context is off")
t.is(net.lesson_context(), false, "asking for the flag leaves it as it is")
local okr, er = pcall(guard.lesson, net.run, "", { "/bin/sh", "-c", "touch " .. marker })
t.ok(not okr, "net.run refuses while a lesson is at work")
t.like(tostring(er), "a lesson starts no program", "and says why")
local okp, ep = pcall(guard.lesson, net.pcap_write, marker, {})
t.ok(not okp and tostring(ep):find("a lesson writes no file", 1, true), "net.pcap_write refuses", ep)
local okh, eh = pcall(guard.lesson, net.http_serve, "", { dir = "/", port = 8099 })
t.ok(not okh and tostring(eh):find("serves no directory", 1, true), "net.http_serve with a dir refuses", eh)
local okl, el = pcall(guard.lesson, net.http_serve, "", { log = marker, port = 8099 })
t.ok(not okl and tostring(el):find("writes no log", 1, true), "net.http_serve with a log refuses", el)
for _, c in ipairs({
  { "io.open for writing", function() return io.open(marker, "w") end, "a lesson writes no file" },
  { "io.open for appending", function() return io.open(marker, "a+") end, "a lesson writes no file" },
  { "io.popen", function() return io.popen("touch " .. marker) end, "a lesson starts no program" },
  { "os.execute", function() return os.execute("touch " .. marker) end, "a lesson starts no program" },
  { "os.remove", function() return os.remove(marker) end, "a lesson removes no file" },
  { "os.rename", function() return os.rename(marker, marker .. ".x") end, "a lesson renames no file" },
  { "os.tmpname", function() return os.tmpname() end, "a lesson writes no file" },
}) do
  local ok, e = pcall(guard.lesson, c[2])
  t.ok(not ok and guard.is_refusal(e) and guard.strip(e):find(c[3], 1, true), c[1] .. " refuses while a lesson is at work", e)
end
local okf = pcall(guard.lesson, function() local f = io.open("/etc/hostname", "r") if f then f:close() end return true end)
t.ok(okf, "io.open for reading still works (netlearn reads its own files)")
t.is(guard.active(), false, "the flag is off again after each refusal")
t.ok(not io.open(marker, "r"), "nothing wrote the marker")
-- nested: internal work (mkdir of netlearn's data dir, ls of the lessons) lifts it only for itself
guard.lesson(function()
  local code = guard.internal(net.run, "", { "/bin/true" })
  t.is(code, 0, "guard.internal lets netlearn run its own fixed program inside a lesson")
  t.is(guard.active(), true, "and the lesson context is back on after it")
end)
-- the C flag cannot be reached by lesson code: the lua{} claim's net is an allowlist
local R0 = lesson.new_run(U.load(H .. S), "check", { tap = { n = 0, failed = 0 } })
local ln = R0:lab().lesson_net
for _, k in ipairs({ "run", "kill", "wait", "lesson_context", "heap_limit", "interrupted", "pcap_write",
  "http_serve", "ipip_user_add", "ns_add", "link_add", "sysctl_set" }) do
  t.ok(not pcall(function() return ln[k] end), "a lua{} claim's net has no " .. k)
end
t.ok(pcall(function() return ln.ns_list() end), "a lua{} claim's net lists namespaces")
-- errno names: readable, not writable, and the shell's own table stays as it was
local enoent = net.errno.ENOENT
t.is(ln.errno.ENOENT, enoent, "a lua{} claim's net.errno names ENOENT")
local names = 0
for k, v in pairs(ln.errno) do if net.errno[k] == v then names = names + 1 end end
t.ok(names > 40, "pairs over a lua{} claim's net.errno lists the names", names)
local wok, werr = pcall(function() ln.errno.ENOENT = 99 end)
t.ok(not wok and tostring(werr):find("cannot change net.errno", 1, true), "a lesson cannot assign into net.errno", werr)
pcall(rawset, ln.errno, "ENOENT", 99)
t.is(net.errno.ENOENT, enoent, "and rawset on its view leaves the shell's net.errno as it was")
t.is(R0:lab().lesson_net.errno.ENOENT, enoent, "and so does the next claim's net.errno")
t.ok(not pcall(function() return ln.errno.ENOENTT end), "a misspelt errno name raises instead of comparing with nil")
t.ok(not pcall(setmetatable, ln.errno, {}), "its metatable cannot be replaced")

-- one place for lesson text on the terminal: control characters shown, not sent
t.is(lesson.clean("a\27]52;c;eA==\7b"), "a\\x1b]52;c;eA==\\x07b", "OSC 52 is shown, not sent")
t.is(lesson.clean("\27[2J\r\n\t"), "\\x1b[2J\\x0d\n\t", "CSI and CR are shown; newline and tab stay")
t.is(lesson.clean("x\194\155y"), "x\\u009by", "a C1 control (UTF-8) is shown")
t.is(lesson.clean("x\155y中文"), "x\\x9by中文", "a byte that is not UTF-8 is shown; Chinese stays")
t.is(lesson.clean("命名空间 veth"), "命名空间 veth", "plain text is unchanged")
t.done()
