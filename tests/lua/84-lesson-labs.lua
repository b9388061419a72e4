#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/84: each lesson's lab, built by running its steps' commands (and the
-- tasks' solutions), is drawn readably: the drawing matches the reviewed one
-- in tests/data/84-LESSON.txt (when there is one), boxes line up, every veth pair
-- is listed, nothing is left unexplained, and it fits a wide terminal.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local L = dofile(os.getenv("TESTLIB") .. "/lab_script.lua")
local lesson = require("netlearn.lesson")
local commands = require("netlearn.commands")
local topo = require("netlearn.topo")

local root = os.getenv("TESTLIB") .. "/../.."
local code, list = net.run("", { "/bin/ls", "-1", root .. "/lessons" }, { capture = true })
local files = {}
for f in (list or ""):gmatch("[^\n]+") do
  if f:match("%.lua$") then files[#files + 1] = root .. "/lessons/" .. f end
end
table.sort(files)
if code ~= 0 or #files == 0 then t.skip_all("no lessons") end

for _, path in ipairs(files) do
  local id = lesson.id_of(path)
  local Ls, err = lesson.load(path)
  if not Ls then
    t.ok(false, id .. ": loads", err)
  elseif lesson.missing(Ls) then
    t.diag(id .. ": skipped, this kernel lacks " .. table.concat({ lesson.missing(Ls) }, " "))
  else
    L.run("reset")
    local failed = {}
    for _, s in ipairs(Ls.steps) do
      for _, c in ipairs(s.solution or s.run or {}) do
        local ctx = commands.context({ ns = s.ns or "", stdout = function() end, stderr = function() end })
        ctx.default_count = 1
        local ok, st = pcall(commands.execute, c.cmd, ctx)
        if not ok or ((st ~= 0 and st ~= true) ~= (c.fails or false) and type(st) == "number") then
          failed[#failed + 1] = c.cmd
        end
      end
    end
    t.ok(#failed == 0, id .. ": the lab builds", table.concat(failed, "\n"))
    local m = topo.model(topo.gather())
    t.ok(not topo.too_big(m), id .. ": small enough to draw")
    local out = topo.draw(m)
    local widths, maxw = {}, 0
    for line in out:gmatch("[^\n]+") do
      maxw = math.max(maxw, utf8.len(line) or #line)
      local box = line:match("^(┌.-┐)") or line:match("^(└.-┘)")
      if box then widths[utf8.len(box)] = true end
    end
    local n = 0
    for _ in pairs(widths) do n = n + 1 end
    t.is(n, 1, id .. ": every box has the same width")
    t.ok(maxw <= 120, id .. ": fits 120 columns (" .. maxw .. ")")
    t.unlike(out, "\nNote: ", id .. ": no device netlearn cannot place")
    local pairs_n = 0
    for _, e in ipairs(m.edges) do if e.kind == "veth" then pairs_n = pairs_n + 1 end end
    local listed = select(2, out:gsub("\n  [^\n]*  veth pair", ""))
    t.is(listed, pairs_n, id .. ": every veth pair is listed under the drawing")
    -- the reviewed drawing belongs to one version of the lesson (its FNV-1a hash
    -- in tests/data/84-ID.sum); a lesson changed since is drawn but not compared
    local src = io.open(path):read("a")
    local h = 2166136261
    for i = 1, #src do h = ((h ~ src:byte(i)) * 16777619) & 0xffffffff end
    local sum = string.format("%08x\n", h)
    if os.getenv("NETLEARN_REGEN") then
      local f = assert(io.open(L.data .. "/84-" .. id .. ".sum", "w"))
      f:write(sum)
      f:close()
    end
    if L.read("84-" .. id .. ".sum") == sum then
      L.expect(t, out, "84-" .. id .. ".txt", id .. ": the drawing is the reviewed one")
    else
      t.diag(id .. ": the lesson changed since its drawing was reviewed (tests/data/84-" .. id ..
        ".txt); NETLEARN_REGEN=1 " .. "tests/lua/84-lesson-labs.lua redraws it -- review it then. Now:\n" .. out)
    end
  end
end
t.done()
