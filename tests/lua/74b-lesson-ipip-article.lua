#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- The ipip lesson tells the article's commands from its own (issue 20): every
-- command it runs (run lists and task solutions) that is not marked `added` is
-- one of article 002's command lines (tests/data/article-002-commands.txt,
-- extracted once from the article: CI has no copy of it), and no line marked
-- `added` is one of them. Before comparing, a lesson line loses what only says
-- how netlearn runs the article's line: a leading `on MACHINE` (the host the
-- article typed it on), a trailing `&` and tcpdump's `-c N` (a capture beside a
-- ping that stops by itself; the step says so).
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lesson = require("netlearn.lesson")

local function norm(s)
  s = s:gsub("%s+", " "):match("^ *(.-) *$")
  s = s:gsub("^on [%w_.-]+ ", "")
  s = s:gsub(" &$", "")
  if s:find("tcpdump", 1, true) then s = s:gsub(" %-c %d+", "") end
  return s
end

local function read_article(path)
  local set, n = {}, 0
  for l in io.lines(path) do
    if l:find("%S") and not l:find("^#") then
      set[norm(l)] = true
      n = n + 1
    end
  end
  return set, n
end

-- -> list of problems: {step = n, cmd = ..., why = "unmarked" | "marked"}
local function check(L, article)
  local bad, seen = {}, 0
  for n, s in ipairs(L.steps) do
    for _, list in ipairs({ s.run or {}, s.solution or {} }) do
      for _, c in ipairs(list) do
        seen = seen + 1
        local in_article = article[norm(c.cmd)] == true
        if not c.added and not in_article then bad[#bad + 1] = { step = n, cmd = c.cmd, why = "unmarked" } end
        if c.added and in_article then bad[#bad + 1] = { step = n, cmd = c.cmd, why = "marked" } end
      end
    end
  end
  return bad, seen
end

local function show(bad)
  local out = {}
  for _, b in ipairs(bad) do
    out[#out + 1] = string.format("step %d: %s: %s", b.step, b.why == "unmarked" and
      "not in the article, not marked added" or "the article's, but marked added", b.cmd)
  end
  return table.concat(out, "\n")
end

local article, n = read_article(os.getenv("TESTDIR") .. "/data/article-002-commands.txt")
t.ok(n >= 35, "the article's command list is there (" .. n .. " lines)")

-- the checker itself can fail: an unmarked line of the lesson's own, an article line marked added
local H = "title = { en = 't', zh = 't' }\narticle = 'a'\nobjectives = { { en = 'o', zh = 'o' } }\n"
local dir = os.getenv("T_TMP") or "/tmp"
local function load_src(src)
  local p = dir .. "/74b-lesson.lua"
  local f = assert(io.open(p, "w")) f:write(H .. src) f:close()
  return lesson.load(p)
end
local F = assert(load_src("steps = { step { en = 'e', zh = 'z', run = {\n" ..
  "  'ip netns exec ns1 ping 10.1.8.10 -c 1',\n" ..
  "  'on host142 tcpdump -pne -i tun0 -c 2 &',\n" ..
  "  'ip netns add host141',\n" ..
  "  added 'ip l s br0 up',\n" ..
  "  added(fails 'ip netns exec ns1 ping 10.1.8.10 -c 1 -W 0.2'),\n" ..
  "} } }\n"))
local fb = check(F, article)
t.is(#fb, 2, "a made-up lesson: two problems found")
t.like(show(fb), "step 1: not in the article, not marked added: ip netns add host141", "an unmarked line of the lesson's own is found")
t.like(show(fb), "step 1: the article's, but marked added: ip l s br0 up", "an article line marked added is found")
t.unlike(show(fb), "tcpdump", "`on MACHINE`, `-c N` and `&` around the article's tcpdump are not a difference")

-- the lesson
local path = NETLEARN_HOME .. "/lessons/ipip.lua"
local L, e = lesson.load(path)
t.ok(L, "lessons/ipip.lua loads", e)
if L then
  t.like(L.article and L.article.file or "", "^002_", "it is the lesson of article 002")
  local bad, seen = check(L, article)
  t.ok(seen >= 90, "its commands are all looked at (" .. seen .. ")")
  t.is(#bad, 0, "every command of the ipip lesson is the article's or marked added, and no article line is marked added")
  if #bad > 0 then t.diag((show(bad):gsub("\n", "\n# "))) end
  local added, article_lines = 0, 0
  for _, s in ipairs(L.steps) do
    for _, c in ipairs(s.run or {}) do
      if c.added then added = added + 1 else article_lines = article_lines + 1 end
    end
  end
  t.ok(added > 0 and article_lines > 0, string.format("it runs both: %d of the article's lines, %d of its own", article_lines, added))
end
t.done()
