#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- The lessons of articles 003 and 004 mark what they add: every command line a
-- step runs (or a task's solution shows) without `added` is one the article
-- prints (tests/data/article-00N-commands.txt, extracted from the article), and
-- every line marked `added` is one the article does not have. Lines compare with
-- runs of blanks as one blank and a trailing " &" (run in the background) dropped.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lesson = require("netlearn.lesson")
local top = os.getenv("TESTDIR") and (os.getenv("TESTDIR") .. "/..") or "."

local function norm(l)
  return (l:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""):gsub(" &$", ""))
end

local function article(n)
  local set, count = {}, 0
  for l in io.lines(top .. "/tests/data/article-" .. n .. "-commands.txt") do
    if l ~= "" and not l:match("^#") then set[norm(l)] = true; count = count + 1 end
  end
  t.ok(count > 20, "article " .. n .. ": the extracted command list is there (" .. count .. " lines)")
  return set
end

local ARTICLES = {
  ["003"] = { "packet-path", "packet-path-bridge", "packet-path-docker" },
  ["004"] = { "docker-bridge", "docker-dnat" },
}

for _, n in ipairs({ "003", "004" }) do
  local set = article(n)
  for _, name in ipairs(ARTICLES[n]) do
    local L, err = lesson.load(top .. "/lessons/" .. name .. ".lua", { trust = true })
    t.ok(L, name .. ": loads", err)
    if L then
      local unmarked, wrongly, lines, added = {}, {}, 0, 0
      for i, s in ipairs(L.steps) do
        for _, list in ipairs({ s.run or {}, s.solution or {} }) do
          for _, c in ipairs(list) do
            lines = lines + 1
            local k = norm(c.cmd)
            if c.added then
              added = added + 1
              if set[k] then wrongly[#wrongly + 1] = "step " .. i .. ": " .. c.cmd end
            elseif not set[k] then
              unmarked[#unmarked + 1] = "step " .. i .. ": " .. c.cmd
            end
          end
        end
      end
      t.ok(#unmarked == 0, name .. ": every line not marked added is the article's (" .. (lines - added) .. " lines)",
        "not in article " .. n .. ", so mark it added:\n" .. table.concat(unmarked, "\n"))
      t.ok(#wrongly == 0, name .. ": no line marked added is the article's (" .. added .. " added)",
        "article " .. n .. " has these, so they are not the lesson's:\n" .. table.concat(wrongly, "\n"))
    end
  end
end

-- the check itself can fail: an unmarked line the article lacks is caught
local set = article("003")
t.ok(not set[norm("ip netns add blue")], "the check catches an unmarked line the article lacks ('ip netns add blue')")
t.ok(set[norm("sudo ip netns add red")], "... and knows the article's own ('sudo ip netns add red')")
t.done()
