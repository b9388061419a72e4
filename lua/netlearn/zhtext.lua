--[[ netlearn.zhtext -- Chinese typography for text netlearn builds from pieces.

A Chinese sentence put together from parts ("宿主机" .. " 有路由 " .. ...) gets
spaces where Chinese has none and ASCII punctuation after Chinese. tidy()
puts that right; problems() says what is wrong with a text (the tests use it);
fold() folds a line to a width with a hanging indent and never starts a line
with closing punctuation (no "）。" left alone on a line).

  local zt = require("netlearn.zhtext")
  zt.tidy("宿主机 有路由 10.0.0.0/8")          --> "宿主机有路由 10.0.0.0/8"
  zt.tidy("收到回复 (echo reply)")             --> "收到回复（echo reply）"
  zt.problems("原因: 没有路由")                 --> {"ASCII ':' after Chinese: 原因:"}
  zt.fold("  ✔ " .. claim, 60, "    ")       --> lines of at most 60 columns
  zt.yes_no("再执行一次会成功吗？")            --> "会", "不会"

Spaces between Chinese and Latin words are kept (宿主机 ping 不通 10.0.0.1);
text inside quotes ('ip link', "...") is never changed.
]]
local M = {}

-- Is code point c Chinese (CJK ideographs, kana, Hangul) or full-width punctuation?
local function wide(c)
  return c and ((c >= 0x2E80 and c <= 0x9FFF) or (c >= 0xAC00 and c <= 0xD7A3) or (c >= 0xF900 and c <= 0xFAFF) or
    (c >= 0xFE30 and c <= 0xFE4F) or (c >= 0xFF00 and c <= 0xFF60) or (c >= 0xFFE0 and c <= 0xFFE6)) or false
end
M.wide = wide

-- full-width punctuation: no space on either side of it
local PUNCT = {}
for _, c in utf8.codes("，。：；！？、（）「」『』《》〈〉【】…—“”") do PUNCT[c] = true end
-- may not start a line
local NO_BREAK_BEFORE = {}
for _, c in utf8.codes("，。：；！？、）」』》〉】…”") do NO_BREAK_BEFORE[c] = true end
-- may not end a line
local NO_BREAK_AFTER = {}
for _, c in utf8.codes("（「『《〈【“") do NO_BREAK_AFTER[c] = true end

local function codes(s)
  local t = {}
  for _, c in utf8.codes(s, true) do t[#t + 1] = c end
  return t
end

-- the code points of s, each marked quoted (inside '...' or "...") or not
local function scan(s)
  local cs, quoted = codes(s), {}
  local q = nil
  for i, c in ipairs(cs) do
    if q then
      quoted[i] = true
      if c == q then q = nil end
    elseif (c == 39 or c == 34) then
      -- a quote opens only where a word starts (not the ' of "Docker's")
      local prev = cs[i - 1]
      if prev == nil or not (prev < 128 and utf8.char(prev):match("%w")) then
        q = c
        quoted[i] = true
      end
    end
  end
  return cs, quoted
end

-- Chinese typography put right: no space between two Chinese characters or
-- next to full-width punctuation; ':' ',' ';' '!' '?' right after Chinese
-- become full-width; "中文 (words)" becomes "中文（words）".
function M.tidy(s)
  if type(s) ~= "string" or not s:find("[\228-\233\239]") then return s end
  local cs, quoted = scan(s)
  local FULL = { [58] = 0xFF1A, [44] = 0xFF0C, [59] = 0xFF1B, [33] = 0xFF01, [63] = 0xFF1F }
  local out, i, n = {}, 1, #cs
  while i <= n do
    local c = cs[i]
    if quoted[i] then
      out[#out + 1] = c
    elseif c == 32 then
      -- a run of spaces between two characters
      local j = i
      while cs[j + 1] == 32 do j = j + 1 end
      local a, b = out[#out], cs[j + 1]
      local drop = a and b and not quoted[j + 1] and
        ((wide(a) and wide(b)) or PUNCT[a] or (PUNCT[b] and b ~= 0x2014 and b ~= 0x201C))
      -- "中文 (" : the bracket becomes full-width below; keep the space out
      if a and wide(a) and b == 40 and not quoted[j + 1] then drop = true end
      if not drop or i == 1 or j == n then
        for _ = i, j do out[#out + 1] = 32 end
      end
      i = j
    elseif FULL[c] and out[#out] and wide(out[#out]) and not PUNCT[out[#out]] and
      (cs[i + 1] == nil or cs[i + 1] == 32 or wide(cs[i + 1])) then
      out[#out + 1] = FULL[c]
      -- the space after it goes too
      while cs[i + 1] == 32 do i = i + 1 end
    elseif c == 40 and out[#out] and wide(out[#out]) then
      -- "中文(words)" -> "中文（words）" when the bracket closes on the same text
      local depth, k = 1, i + 1
      while k <= n and depth > 0 do
        if not quoted[k] then
          if cs[k] == 40 then depth = depth + 1 elseif cs[k] == 41 then depth = depth - 1 end
        end
        if depth > 0 then k = k + 1 end
      end
      if k <= n then
        out[#out + 1] = 0xFF08
        cs[k] = 0xFF09
      else
        out[#out + 1] = c
      end
    else
      out[#out + 1] = c
    end
    i = i + 1
  end
  local t = {}
  for k, c in ipairs(out) do t[k] = utf8.char(c) end
  return table.concat(t)
end

-- What is wrong with a Chinese text: a list of short descriptions (empty when fine).
function M.problems(s)
  local list = {}
  local cs, quoted = scan(s)
  for i, c in ipairs(cs) do
    if not quoted[i] then
      local a, b = cs[i - 1], cs[i + 1]
      -- one space (a run of them lines up columns)
      if c == 32 and a and b and a ~= 32 and b ~= 32 and not quoted[i + 1] then
        if wide(a) and wide(b) then
          list[#list + 1] = "a space between Chinese characters: " .. utf8.char(a) .. " " .. utf8.char(b)
        elseif PUNCT[a] and a ~= 0x2014 and a ~= 0x2026 then
          list[#list + 1] = "a space after full-width punctuation: " .. utf8.char(a) .. " " .. utf8.char(b)
        elseif PUNCT[b] and b ~= 0x2014 and b ~= 0x201C and b ~= 0x2026 then
          list[#list + 1] = "a space before full-width punctuation: " .. utf8.char(a) .. " " .. utf8.char(b)
        end
      elseif (c == 58 or c == 44 or c == 59) and a and wide(a) and not PUNCT[a] then
        list[#list + 1] = "ASCII '" .. utf8.char(c) .. "' after Chinese: " .. utf8.char(a) .. utf8.char(c)
      elseif c == 40 and a and (wide(a) or (a == 32 and cs[i - 2] and wide(cs[i - 2]))) then
        list[#list + 1] = "ASCII '(' after Chinese: " .. utf8.char(cs[i - 2] or a) .. utf8.char(a) .. "("
      end
    end
  end
  return list
end

-- command words: a run of Latin text starting with one is a command line
M.COMMANDS = {}
for w in ([[ip iptables ping ping6 tcpdump curl sysctl bridge brctl route python3 python nc tcping traceroute
  lesson next back again hint explain skip score quit end topo trace set export record why help jobs kill fg ns
  reset machine on echo bash sh netlearn sudo modprobe containerlab dot]]):gmatch("%S+") do M.COMMANDS[w] = true end

-- Does a text meant to be Chinese hold a sentence of English? True when some
-- run of at least WORDS English words (letters only, not a command line,
-- option or address) stands outside quotes.
function M.has_english(s, words)
  words = words or 4
  local cs, quoted = scan(s)
  local t = {}
  for i, c in ipairs(cs) do t[i] = quoted[i] and " " or utf8.char(c) end
  local plain = table.concat(t)
  -- runs of Latin text between Chinese characters
  for run in (plain .. "。"):gmatch("([%w%s%p]+)") do
    local n, maxn = 0, 0
    local first = run:match("^[%s%p]*(%a[%w]*)")
    if first and M.COMMANDS[first] then goto next_run end
    for w in run:gmatch("%S+") do
      -- a word of prose: lower-case letters (a command word or option has digits, '-', '/', '.', '=')
      if w:match("^%a[%l]+[,.;:]?$") then n = n + 1 else n = 0 end
      if n > maxn then maxn = n end
    end
    if maxn >= words then return true, run end
    ::next_run::
  end
  return false
end

-- Fold a line to cols columns; continuation lines start with indent. Breaks
-- at spaces and between Chinese characters, never before closing punctuation
-- or after an opening bracket, never inside a word. cols < 20: unchanged.
function M.fold(text, cols, indent)
  if not cols or cols < 20 then return text end
  indent = indent or ""
  local iw = 0
  for _, c in utf8.codes(indent) do iw = iw + (wide(c) and 2 or 1) end
  local out = {}
  for para in (text .. "\n"):gmatch("(.-)\n") do
    local toks, word, ww = {}, {}, 0
    local function endword()
      if #word > 0 then toks[#toks + 1] = { s = table.concat(word), w = ww, first = word.first, last = word.last } end
      word, ww = {}, 0
    end
    local lead = para:match("^ *") or ""
    for _, c in utf8.codes(para:sub(#lead + 1), true) do
      if c == 32 then
        endword()
        toks[#toks + 1] = false
      elseif wide(c) then
        endword()
        toks[#toks + 1] = { s = utf8.char(c), w = 2, first = c, last = c }
      else
        if #word == 0 then word.first = c end
        word[#word + 1] = utf8.char(c)
        word.last = c
        ww = ww + ((c >= 0x1100 and c ~= 0x2192 and c ~= 0x2013) and 2 or 1)
      end
    end
    endword()
    local line, w, space, prev = { lead }, #lead, false, nil
    local lines = 0
    for _, t in ipairs(toks) do
      if not t then
        space = w > 0
      else
        local need = t.w + (space and 1 or 0)
        local limit = cols
        if w > #lead and w + need > limit and not NO_BREAK_BEFORE[t.first] and not (prev and NO_BREAK_AFTER[prev]) then
          out[#out + 1] = table.concat(line)
          lines = lines + 1
          line, w, space, need = { indent }, iw, false, t.w
        end
        if space then line[#line + 1] = " " end
        line[#line + 1] = t.s
        w, space, prev = w + need, false, t.last
      end
    end
    out[#out + 1] = table.concat(line)
  end
  return table.concat(out, "\n")
end

-- The words that answer a Chinese yes/no question: "会成功吗？" 会/不会,
-- "能 ping 通吗？" 能/不能, "还在吗？" 在/不在; 能/不能 when nothing says
-- otherwise. Quoted command lines are not read. -> yes, no
function M.yes_no(ask)
  if type(ask) ~= "string" then return "能", "不能" end
  local plain = ask:gsub("'[^']*'", ""):gsub('"[^"]*"', "")
  if plain:find("在吗") then return "在", "不在" end
  local hui, neng = plain:find("会", 1, true), plain:find("能", 1, true)
  if hui and (not neng or hui < neng) then return "会", "不会" end
  return "能", "不能"
end

return M
