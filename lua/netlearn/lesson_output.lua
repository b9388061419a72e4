--[[ netlearn.lesson_output -- what a lesson shows reaches the terminal cleaned; TAP under check.

Part of netlearn.lesson (it adds its functions to that table): M.clean,
M.comment, M.write, M.lesson_print (a lesson's print()), M.fold. The state
M.tap_mode lives on netlearn.lesson (lesson_cli and netlearn.challenge set it).
]]
local M = require("netlearn.lesson")    -- the table this file adds to

---------------------------------------------------------------------------
-- Output. Everything a lesson supplies (titles, explanations, hints, claim
-- sentences, its print()) and the output of the commands it runs reaches the
-- terminal through M.clean, the one place that shows C0/C1 control characters
-- (except newline and tab) and bytes that are not UTF-8 as \xNN: a lesson
-- sends no escape sequence (OSC 52 to the clipboard, OSC 0 to the title, CSI).
-- Under `netlearn check` standard output is TAP: netlearn's own plan and
-- ok/not ok lines, and every other line as a comment ("# ", M.comment).
---------------------------------------------------------------------------
local function esc(c) return string.format("\\x%02x", c:byte()) end

function M.clean(s)
  s = tostring(s)
  if not s:find("[%z\1-\8\11-\31\127-\255]") then return s end
  s = s:gsub("[%z\1-\8\11-\31\127]", esc)
  if not s:find("[\128-\255]") then return s end
  if utf8.len(s) then
    return (s:gsub("\194([\128-\159])", function(c) return string.format("\\u%04x", c:byte()) end))
  end
  -- not UTF-8: keep the valid sequences, show every other byte
  local out, i, n = {}, 1, #s
  while i <= n do
    local c = s:byte(i)
    local len = c < 0x80 and 1 or c >= 0xF0 and c <= 0xF4 and 4 or c >= 0xE0 and 3 or c >= 0xC2 and c < 0xE0 and 2 or 0
    local seq = len > 0 and s:sub(i, i + len - 1) or ""
    if len > 0 and #seq == len and utf8.len(seq) == 1 then
      local cp = utf8.codepoint(seq)
      out[#out + 1] = (cp >= 0x80 and cp <= 0x9f) and string.format("\\u%04x", cp) or seq
      i = i + len
    else
      out[#out + 1] = esc(s:sub(i, i))
      i = i + 1
    end
  end
  return table.concat(out)
end

-- a comment in the TAP stream: every line of text after "# "
function M.comment(text, indent)
  text = M.clean(text):gsub("%s+$", "")
  io.stdout:write((indent or "# "), (text:gsub("\n", "\n" .. (indent or "# "))), "\n")
end

-- a lesson's text on the screen, cleaned (the default output of a Run)
local function write(s) io.stdout:write(M.clean(s)) io.stdout:flush() end
M.write = write

-- a lesson's print(): a comment under check, else a line on the screen
function M.lesson_print(...)
  local t = {}
  for i = 1, select("#", ...) do t[i] = tostring((select(i, ...))) end
  local text = table.concat(t, "\t")
  if M.tap_mode then M.comment(text) io.stdout:flush() else write(text .. "\n") end
end

-- Fold prose to the terminal's width: at spaces, or between CJK characters
-- (two columns each); words are never cut. Unchanged when not on a terminal.
local NO_BREAK_BEFORE = {}
for _, c in utf8.codes("，。：；）、！？」』》〉】") do NO_BREAK_BEFORE[utf8.char(c)] = true end

local function fold(text, cols)
  local out = {}
  for para in (text .. "\n"):gmatch("(.-)\n") do
    -- tokens: a word (a run of narrow characters), one wide character, or a space
    local toks, word, ww = {}, {}, 0
    local function endword()
      if #word > 0 then toks[#toks + 1] = { table.concat(word), ww } end
      word, ww = {}, 0
    end
    for _, c in utf8.codes(para, true) do
      if c == 32 then endword() toks[#toks + 1] = false
      elseif c >= 0x2e80 then endword() toks[#toks + 1] = { utf8.char(c), 2 }
      else word[#word + 1] = utf8.char(c) ww = ww + ((c >= 0x1100 and c ~= 0x2192 and c ~= 0x2013) and 2 or 1) end
    end
    endword()
    local line, w, space = {}, 0, false
    for _, t in ipairs(toks) do
      if not t then
        space = w > 0
      else
        local need = t[2] + (space and 1 or 0)
        if w > 0 and w + need > cols and not NO_BREAK_BEFORE[t[1]] then
          out[#out + 1] = table.concat(line)
          line, w, space, need = {}, 0, false, t[2]
        end
        if space then line[#line + 1] = " " end
        line[#line + 1] = t[1]
        w, space = w + need, false
      end
    end
    out[#out + 1] = table.concat(line)
  end
  return table.concat(out, "\n")
end
M.fold = fold

return M
