#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- Malformed lessons are refused on load with FILE:LINE and what to fix.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local U = dofile(os.getenv("TESTLIB") .. "/lesson_files.lua")
local lesson = require("netlearn.lesson")

-- each case: source, the line the error must name, a pattern the message must match
local H, S = U.HEAD, U.STEPS
local cases = {
  { "unknown top-level field", H .. "titel = 3\n" .. S, 4, "unknown lesson field 'titel'" },
  { "unknown step field", H .. "steps = {\n  step {\n    en = 'e', zh = 'z',\n    explian = 'x',\n  },\n}\n", 7,
    "step: unknown field 'explian' %(step takes: .*en.*why" },
  { "missing Chinese in a step", H .. "steps = {\n  step { en = 'e' },\n}\n", 5, "missing required field 'zh'.*Chinese" },
  { "missing translation in the title", "title = { en = 'T' }\narticle = 'a'\nobjectives = {{en='o', zh='o'}}\n" .. S, 1,
    "'title' is missing its Chinese translation" },
  { "a claim of an unknown kind", H .. "steps = {\n  step { en = 'e', zh = 'z',\n    claims = { reachez { to = '1.2.3.4' } } },\n}\n",
    6, "unknown name 'reachez'" },
  { "unknown claim field, on its own line", H .. "steps = {\n  step { en = 'e', zh = 'z', claims = {\n    reaches {\n      from = 'net1',\n      too = '1.2.3.4',\n    },\n  } },\n}\n",
    8, "reaches: unknown field 'too'" },
  { "claim missing a required field", H .. "steps = { step { en = 'e', zh = 'z', claims = { reaches { from = 'a' } } } }\n",
    4, "reaches: missing required field 'to'" },
  { "a claim field of the wrong type", H .. "steps = { step { en = 'e', zh = 'z', claims = { ping { to = 'x', ttl = 'many' } } } }\n",
    4, "field 'ttl' must be an integer" },
  { "a plain table among the steps", H .. "steps = {\n  { en = 'e', zh = 'z' },\n}\n", 4,
    "steps%[1%] is not a step: write step{...}" },
  { "missing title", "article = 'a'\nobjectives = {{en='o', zh='o'}}\n" .. S, 1, "missing lesson field 'title'" },
  { "missing steps", H, 4, "missing lesson field 'steps'" },
  { "answer out of range", H .. "steps = {\n  choice {\n    ask = {en='q', zh='q'},\n    options = {{en='a', zh='a'}},\n    answer = 3,\n  },\n}\n",
    8, "answer = 3 but there are 1 options" },
  { "task without a solution", H .. "steps = {\n  task { en = 'e', zh = 'z', claims = { sysctl { name = 'net.ipv4.ip_forward', value = 1 } } },\n}\n",
    5, "missing required field 'solution'" },
  { "an unreadable route", H .. "steps = { step { en = 'e', zh = 'z', claims = {\n  route { ns = 'n', has = '10.0.0.0/8 thru 1.2.3.4' } } } }\n",
    5, "cannot read 'thru'" },
  { "unknown packet field in a capture", H .. "steps = { step { en = 'e', zh = 'z', claims = {\n  capture { dev = 'eth0', shows = { outer = '1.2.3.4' } } } } }\n",
    5, "unknown packet field 'outer'" },
  { "unknown kernel feature", H .. "requires = { 'ipipip' }\n" .. S, 4, "unknown feature 'ipipip'" },
  { "a command that is not a string", H .. "steps = { step { en = 'e', zh = 'z',\n  run = { 42 } } }\n", 5,
    "entry 1 of 'run' must be a command line" },
  { "a command with an open quote", H .. "steps = { step { en = 'e', zh = 'z',\n  run = { \"echo 'oops\" } } }\n", 5,
    "cannot be read" },
  { "a claims entry that is not a claim", H .. "steps = { step { en = 'e', zh = 'z',\n  claims = { 'net1 reaches x' } } }\n", 5,
    "claims%[1%] is not a claim" },
  { "objective without translation", "title = {en='t', zh='t'}\narticle = 'a'\nobjectives = {\n  {en='o'},\n}\n" .. S, 3,
    "objectives%[1%] is missing its Chinese" },
  { "a Lua syntax error", H .. "steps = { step { en = 'e' zh = 'z' } }\n", 4, "'}' expected" },
  { "a lua claim without says", H .. "steps = { step { en = 'e', zh = 'z', claims = {\n  lua { fn = function() return true end } } } }\n",
    5, "missing required field 'says'" },
  { "a text with an unknown language", H .. "steps = { step { en = 'e', zh = 'z',\n  hint = { en = 'h', zh = 'h', fr = 'h' } } }\n", 5,
    "unknown key 'fr'" },
  { "added that is not true/false", H .. "steps = { step { en = 'e', zh = 'z',\n  run = { { 'ip netns add a', added = 'yes' } } } }\n", 5,
    "'added' of the command 'ip netns add a' in 'run' must be true or false" },
  { "added of something that is not a command", H .. "steps = { step { en = 'e', zh = 'z',\n  run = { added(3) } } }\n", 5,
    "added takes a command line" },
  { "an unknown key on a command names added", H .. "steps = { step { en = 'e', zh = 'z',\n  run = { { 'ip netns add a', extra = true } } } }\n", 5,
    "unknown key 'extra'.*added = true" },
}

for _, c in ipairs(cases) do
  local name, src, line, pat = c[1], c[2], c[3], c[4]
  local L, e, path = U.load(src)
  t.ok(L == nil, name .. ": refused")
  local short = path
  t.like(e, "^" .. short:gsub("%p", "%%%0") .. ":" .. line .. ": ", name .. ": names FILE:" .. line)
  t.like(e, pat, name .. ": says what to fix")
  t.unlike(e or "", "\n", name .. ": one line")
end

-- a valid lesson loads, and the example lesson loads
local L, e = U.load(U.HEAD .. U.STEPS)
t.ok(L, "a minimal lesson loads", e)
local X, e2 = lesson.load(NETLEARN_HOME .. "/lessons/_example.lua")
t.ok(X, "lessons/_example.lua loads", e2)
if X then
  local kinds = {}
  for _, s in ipairs(X.steps) do kinds[s.kind] = true end
  t.ok(kinds.step and kinds.predict and kinds.choice and kinds.task, "_example has a step, a prediction, a choice and a task")
end
-- added: a command the lesson adds to the article's; with fails as well
local A, e3 = U.load(U.HEAD .. "steps = { step { en = 'e', zh = 'z', run = { 'ip netns add a', added 'ip netns add b',\n" ..
  "  added(fails 'ip netns exec a ping -c 1 -W 1 10.9.9.9'), { 'ip netns add c', added = true } } } }\n")
t.ok(A, "a lesson with added commands loads", e3)
if A then
  local r = A.steps[1].run
  t.ok(not r[1].added, "a plain line is the article's")
  t.is(r[2].added, true, "added 'CMD' is the lesson's")
  t.ok(r[3].added and r[3].fails, "added(fails 'CMD') is the lesson's and expected to fail")
  t.is(r[4].added, true, "{CMD, added = true} is the lesson's")
end

-- folding prose never leaves closing punctuation alone at the start of a line
for cols = 8, 30 do
  local f = lesson.fold("把宿主机的地址挪到一个新建的子接口上（留在宿主机里）。然后访问 mac1（ip link）。", cols)
  local bad = false
  for l in (f .. "\n"):gmatch("(.-)\n") do if l:find("^）") or l:find("^。") then bad = true end end
  t.ok(not bad, "fold at " .. cols .. " columns: no line starts with ） or 。")
end

t.like(lesson.resolve("_example") or "", "lessons/_example%.lua$", "a lesson name resolves to its file")
t.is(lesson.is_lesson, nil, "no guessing whether a file is a lesson: `netlearn run` takes every file as one")
t.done()
