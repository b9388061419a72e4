--[[ netlearn.claim_command -- the claims that run something: output{} (a netlearn
command line's output and status) and lua{} (the lesson's own check function,
run contained with the allowlisted net: netlearn.lesson_run's Run:lab).

netlearn.claims registers the kinds.
]]
local W = require("netlearn.claim_words")
local L, nsname = W.L, W.nsname

local M = {}
local K = {}
M.kinds = K

-- A Lua pattern as a learner reads it: escapes dropped, %d+ as N, hex and
-- wildcards as …, whitespace classes and line breaks as one space.
local function readable(p)
  p = " " .. p
  p = p:gsub("^ %^", " "):gsub("([^%%])%$$", "%1")
  p = p:gsub("%%x[%+%*%-]?", "…"):gsub("%%d[%+%*%-]?", "N")
  p = p:gsub("%%s[%+%*%-]?", " "):gsub("[\t\n][%+%*%-]?", " ")
  for _ = 1, 2 do   -- twice: a match eats the character before the next one
    p = p:gsub("([^%%])%.[%+%*%-]", "%1…"):gsub("([^%%])%[[^%]]*%][%+%*%-]?", "%1…")
  end
  p = p:gsub("%%(%p)", "%1"):gsub("([^%%]) [%+%*]", "%1 ")
  local n
  repeat p, n = p:gsub("… *…", "…") until n == 0
  return (p:gsub("  +", " "):match("^%s*(.-)%s*$"))
end

K.output = {
  fields = { cmd = "string", ns = "ns", matches = "string", contains = "string", lacks = "string", status = "integer" },
  required = { "cmd", { "matches", "contains", "lacks", "status" } },
  render = function(a, lang)
    local w = {}
    if a.contains then w[#w + 1] = L(lang, "shows '" .. a.contains .. "'", "输出含有 '" .. a.contains .. "'") end
    if a.matches then
      local m = readable(a.matches)
      w[#w + 1] = L(lang, "shows '" .. m .. "'", "输出含有 '" .. m .. "'")
    end
    if a.lacks then w[#w + 1] = L(lang, "does not show '" .. a.lacks .. "'", "输出没有 '" .. a.lacks .. "'") end
    if a.status then w[#w + 1] = L(lang, "exits with " .. a.status, "退出状态 " .. a.status) end
    return "'" .. a.cmd .. "' " .. table.concat(w, L(lang, " and ", "，"))
  end,
  check = function(a, lab)
    local status, out = lab.exec(a.cmd, nsname(a.ns))
    local seen = (out ~= "" and out or "(no output)") .. (status ~= 0 and ("[status " .. tostring(status) .. "]") or "")
    if a.status and status ~= a.status then return false, seen, "status " .. a.status end
    if a.contains and not out:find(a.contains, 1, true) then return false, seen, a.contains end
    if a.matches and not out:find(a.matches) then return false, seen, a.matches end
    if a.lacks and out:find(a.lacks, 1, true) then return false, seen, L(lab.lang, "no ", "没有 ") .. a.lacks end
    return true, seen
  end,
  look = function(a, lang) return L(lang, "run '" .. a.cmd .. "' yourself", "自己运行 '" .. a.cmd .. "'") end,
}

K.lua = {
  fields = { fn = "function" },
  required = { "fn", "says" },
  render = function(_, _) return "?" end,     -- always `says`
  check = function(a, lab)
    local sbx = require("netlearn.sandboxenv")
    local ok, good, seen = require("netlearn.guard").lesson(sbx.call, a.fn, lab.lesson_net, lab.helpers)
    if not ok then return false, good end
    return good and true or false, seen ~= nil and tostring(seen) or nil
  end,
  look = function(_, lang) return L(lang, "the lesson's own check (a lua{} claim)", "课程自带的检查（lua{} 说法）") end,
}

return M
