#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/84b (issue 20): a lesson shows which commands are the article's. Every
-- line a lesson runs (a step's `run`, a task's `solution`) without `added` is
-- the article's (tests/data/article-NNN.cmds, the article's command lines,
-- extracted once: CI has no copy of the articles; scripts/article-cmds.sh
-- writes them), and a line marked `added` is not wholly the article's. Checked
-- for every lesson whose `article.file` has such a data file.
--
-- Lines compare with their blanks squeezed and '#' lines of the data file left
-- out. What only says how netlearn runs the article's line is not a difference;
-- each article's lessons were written with these rules (RULES):
--   and       a line is split at "&&", each part checked (the data file too)
--   ping      ping's "-c N" and "-W S" stand for the article's Ctrl-C
--   stop      "tcpdump stop" (netlearn's Ctrl-C for a capture) carries the mark
--             of the tcpdump line it stops
--   on        a leading "on MACHINE" (the host the article typed it on)
--   bg        a trailing " &"
--   tcpdump_c tcpdump's "-c N" (a capture beside a ping that stops by itself)
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lesson = require("netlearn.lesson")

local root = os.getenv("TESTLIB") .. "/../.."

local RULES = {
  ["001"] = { ["and"] = true, ping = true, stop = true },
  ["002"] = { on = true, bg = true, tcpdump_c = true },
  ["003"] = { bg = true },
  ["004"] = { bg = true },
}

local function squeeze(s) return (s:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")) end

-- one command as the article would have printed it, under rules r
local function canon(part, r)
  part = squeeze(part)
  if r.on then part = part:gsub("^on [%w_.-]+ ", "") end
  if r.bg then part = part:gsub(" &$", "") end
  if r.tcpdump_c and part:find("tcpdump", 1, true) then part = part:gsub(" %-c %d+", "") end
  if r.ping then
    local pre, rest = part:match("^(.-ping) (.*)$")
    if pre and (pre == "ping" or pre:match(" ping$")) then
      rest = (" " .. rest .. " "):gsub(" %-c %d+ ", " "):gsub(" %-W [%d.]+ ", " "):gsub(" %-c %d+ ", " ")
      part = squeeze(pre .. rest)
    end
  end
  return part
end

local function parts(cmd, r)
  if not r["and"] then return { canon(cmd, r) } end
  local out = {}
  for p in (cmd .. "&&"):gmatch("(.-)&&") do
    p = squeeze(p)
    if p ~= "" then out[#out + 1] = canon(p, r) end
  end
  return out
end

local function read_set(path, r)
  local f = io.open(path)
  if not f then return nil end
  local set, n = {}, 0
  for line in f:lines() do
    if line:find("%S") and not line:find("^#") then
      for _, p in ipairs(parts(line, r)) do set[p] = true end
      n = n + 1
    end
  end
  f:close()
  return set, n
end

-- the helpers themselves
local R1, R2 = RULES["001"], RULES["002"]
t.is(table.concat(parts("ip net add net1 &&  ip net add net2 &&", R1), "|"), "ip net add net1|ip net add net2",
  "a line splits at && with its blanks squeezed")
t.is(canon("ip net exec net1 ping -c 1 -W 0.2 192.167.2.2", R1), "ip net exec net1 ping 192.167.2.2",
  "ping's count and wait are the article's Ctrl-C")
t.is(canon("ping -c 3 192.167.2.1", R1), "ping 192.167.2.1", "so is a count alone")
t.is(canon("ping -s 1400 192.167.2.1", R1), "ping -s 1400 192.167.2.1", "other options of ping stay")
t.is(canon("on host142 tcpdump -pne -i tun0 -c 2 &", R2), "tcpdump -pne -i tun0",
  "'on MACHINE', tcpdump's -c N and a trailing & are not a difference (002)")
t.is(canon("ip netns exec ns1 ping 10.1.8.10 -c 1", R2), "ip netns exec ns1 ping 10.1.8.10 -c 1",
  "under 002's rules a ping's count stays")

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
    local r = num and RULES[num]
    if num then set, n = read_set(root .. "/tests/data/article-" .. num .. ".cmds", r or {}) end
    if set and not r then t.ok(false, id .. ": article " .. num .. " has a data file but no RULES entry") end
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
            if r.stop and squeeze(c.cmd) == "tcpdump stop" then
              if added ~= last_tcpdump_added then
                local list = added and marked or unmarked
                list[#list + 1] = where .. "  (the tcpdump it stops is " ..
                  (last_tcpdump_added and "marked 'added'" or "the article's") .. ")"
              end
            else
              local ps, missing, present = parts(c.cmd, r), {}, 0
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
t.ok(checked >= 12, "the lessons of articles 001-004 are checked (" .. checked .. " lessons)")

-- the check can fail: an unmarked line a lesson adds is not in the article, and the article's own line is
local s3 = read_set(root .. "/tests/data/article-003.cmds", RULES["003"])
t.ok(s3 and not s3["ip netns add blue"], "003: 'ip netns add blue' (packet-path-docker's own) is not the article's")
t.ok(s3 and s3["sudo ip netns add red"], "003: 'sudo ip netns add red' is")
local s2 = read_set(root .. "/tests/data/article-002.cmds", R2)
t.ok(s2 and not s2["ip netns add host141"], "002: 'ip netns add host141' (the lesson's machine) is not the article's")
t.done()
