#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/84b (issue 20): a lesson shows which commands are the article's. Every
-- line a lesson runs (a step's `run`, a task's `solution`) without `added` is
-- made of commands the article prints (tests/data/article-NNN.cmds, written by
-- scripts/article-cmds.sh from the article's text), and a line marked `added`
-- is not wholly the article's. Checked for every lesson whose `article.file`
-- has such a data file.
--
-- A line is split at "&&" and its blanks squeezed, as the data file is. Two
-- stand-ins count as the article's: ping's "-c N" and "-W SECONDS" (the article
-- stops ping with Ctrl-C; an unattended lesson needs a count and a wait), and
-- "tcpdump stop" (netlearn's Ctrl-C for a capture), which carries the mark of
-- the tcpdump line it stops.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lesson = require("netlearn.lesson")

local root = os.getenv("TESTLIB") .. "/../.."

local function squeeze(s) return (s:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")) end

-- ping's count and wait stand for the article's Ctrl-C
local function canon(part)
  part = squeeze(part)
  local pre, rest = part:match("^(.-ping) (.*)$")
  if pre and (pre == "ping" or pre:match(" ping$")) then
    rest = (" " .. rest .. " "):gsub(" %-c %d+ ", " "):gsub(" %-W [%d.]+ ", " "):gsub(" %-c %d+ ", " ")
    part = squeeze(pre .. rest)
  end
  return part
end

local function parts(cmd)
  local out = {}
  for p in (cmd .. "&&"):gmatch("(.-)&&") do
    p = squeeze(p)
    if p ~= "" then out[#out + 1] = canon(p) end
  end
  return out
end

local function read_set(path)
  local f = io.open(path)
  if not f then return nil end
  local set, n = {}, 0
  for line in f:lines() do
    if line ~= "" then set[squeeze(line)] = true n = n + 1 end
  end
  f:close()
  return set, n
end

-- the helpers themselves
t.is(table.concat(parts("ip net add net1 &&  ip net add net2 &&"), "|"), "ip net add net1|ip net add net2",
  "a line splits at && with its blanks squeezed")
t.is(canon("ip net exec net1 ping -c 1 -W 0.2 192.167.2.2"), "ip net exec net1 ping 192.167.2.2",
  "ping's count and wait are the article's Ctrl-C")
t.is(canon("ping -c 3 192.167.2.1"), "ping 192.167.2.1", "so is a count alone")
t.is(canon("ping -s 1400 192.167.2.1"), "ping -s 1400 192.167.2.1", "other options of ping stay")

local code, list = net.run("", { "/bin/ls", "-1", root .. "/lessons" }, { capture = true })
local files = {}
for f in (list or ""):gmatch("[^\n]+") do
  if f:match("%.lua$") then files[#files + 1] = root .. "/lessons/" .. f end
end
table.sort(files)
if code ~= 0 or #files == 0 then t.skip_all("no lessons") end

local checked = 0
for _, path in ipairs(files) do
  local id = lesson.id_of(path)
  local L, err = lesson.load(path)
  if not L then
    t.ok(false, id .. ": loads", err)
  else
    local file = type(L.article) == "table" and L.article.file or nil
    local num = file and file:match("^(%d%d%d)_")
    local set, n = nil, 0
    if num then set, n = read_set(root .. "/tests/data/article-" .. num .. ".cmds") end
    if set and id:sub(1, 1) == "_" then
      -- _example shows every part of a lesson to authors (docs/lesson-authoring.md),
      -- on the article's lab but with commands of its own
      t.diag(id .. ": not checked (the authoring example)")
    elseif set then
      checked = checked + 1
      local unmarked, marked = {}, {}
      for si, s in ipairs(L.steps) do
        for _, key in ipairs({ "run", "solution" }) do
          local last_tcpdump_added = false
          for _, c in ipairs(s[key] or {}) do
            local added = c.added and true or false
            local where = "step " .. si .. " " .. key .. ": " .. c.cmd
            if squeeze(c.cmd) == "tcpdump stop" then
              if added ~= last_tcpdump_added then
                local list = added and marked or unmarked
                list[#list + 1] = where .. "  (the tcpdump it stops is " ..
                  (last_tcpdump_added and "marked 'added'" or "the article's") .. ")"
              end
            else
              local ps, missing, present = parts(c.cmd), {}, 0
              for _, p in ipairs(ps) do
                if set[p] then present = present + 1 else missing[#missing + 1] = p end
              end
              if c.cmd:match("tcpdump") then last_tcpdump_added = added end
              if not added and #missing > 0 then
                unmarked[#unmarked + 1] = where .. "  (not in the article: " .. table.concat(missing, " | ") .. ")"
              elseif added and #missing == 0 then
                marked[#marked + 1] = where .. "  (all of it is the article's)"
              end
            end
          end
        end
      end
      t.ok(#unmarked == 0, id .. ": every command not marked 'added' is the article's (" .. num .. ", " .. n ..
        " commands)", table.concat(unmarked, "\n"))
      t.ok(#marked == 0, id .. ": no command the article has is marked 'added'", table.concat(marked, "\n"))
    end
  end
end
t.ok(checked >= 6, "the lessons of article 001 are checked (" .. checked .. " lessons)")
t.done()
