#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/93a-pattern.lua -- netlearn's own pattern matcher (src/lpattern.c)
against the standard one (Lua 5.4's lstrlib, kept in netlearn.limits.lstrlib):
hand-picked cases, then thousands of random subjects, patterns, start
positions and replacements through find, match, gmatch and gsub; then
netlearn's table.sort and table.move (src/limits.c) against the standard ones.
Every result, and every error message, must be the same. PATTERN_SEED and
PATTERN_CASES change the random run. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local limits = require("netlearn.limits")
local ref = limits.lstrlib

t.ok(ref and ref.find and ref.find ~= string.find, "the standard functions are kept apart from the installed ones")
t.ok(("x").find == string.find and ("x").gsub == string.gsub, "strings' methods are netlearn's matcher")

-- pack a pcall's outcome into one comparable string
local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  if type(v) == "function" or type(v) == "table" then return type(v) end
  return tostring(v) .. (math.type(v) == "float" and "f" or "")
end
local function outcome(ok, ...)
  local parts = { ok and "ok" or "err" }
  for i = 1, select("#", ...) do parts[#parts + 1] = show((select(i, ...))) end
  return table.concat(parts, ",")
end
local function all(f, ...)
  return outcome(pcall(f, ...))
end
-- gmatch: every value of every turn (at most 200 turns)
local function gm(lib, s, p, init)
  return all(function()
    local out, n = {}, 0
    local it = lib.gmatch(s, p, init)
    while n < 200 do
      local r = table.pack(it())
      if r[1] == nil then break end
      n = n + 1
      for i = 1, r.n do out[#out + 1] = show(r[i]) end
      out[#out + 1] = "|"
    end
    return table.concat(out, " ")
  end)
end

local mine = { find = string.find, match = string.match, gmatch = string.gmatch, gsub = string.gsub }
local failures, compared = 0, 0
local function same(what, a, b, args)
  compared = compared + 1
  if a ~= b then
    failures = failures + 1
    if failures <= 15 then
      t.ok(false, what .. " differs", "args: " .. args .. "\nlstrlib: " .. a .. "\nnetlearn: " .. b)
    end
  end
end

local function repl_fn(...)
  local a = ...
  local n = select("#", ...)
  local k = (type(a) == "string" and #a or tonumber(a) or 0) + n
  if k % 5 == 0 then return nil end
  if k % 5 == 1 then return false end
  if k % 5 == 2 then return "<" .. tostring(a) .. ">" end
  if k % 5 == 3 then return k end
  if a == "b" then return {} end
  return tostring(n)
end
local repl_tab = { a = "A", b = false, [""] = "E", ["1"] = 10, x = {}, ab = "AB" }

local function check(s, p, init, repl, n)
  local args = string.format("s=%q p=%q init=%s repl=%s n=%s", s, p, tostring(init), show(repl), tostring(n))
  same("find", all(ref.find, s, p, init), all(mine.find, s, p, init), args)
  same("find plain", all(ref.find, s, p, init, true), all(mine.find, s, p, init, true), args)
  same("match", all(ref.match, s, p, init), all(mine.match, s, p, init), args)
  same("gmatch", gm(ref, s, p, init), gm(mine, s, p, init), args)
  same("gsub", all(ref.gsub, s, p, repl, n), all(mine.gsub, s, p, repl, n), args)
  if repl ~= repl_fn then
    same("gsub fn", all(ref.gsub, s, p, repl_fn, n), all(mine.gsub, s, p, repl_fn, n), args)
  end
  if repl ~= repl_tab then
    same("gsub table", all(ref.gsub, s, p, repl_tab), all(mine.gsub, s, p, repl_tab), args)
  end
end

-- hand-picked: each construct of the manual, its edges and its errors
local picked = {
  { "hello world", "o" }, { "hello world", "o w" }, { "hello", "" }, { "", "" }, { "", "a*" },
  { "hello world from Lua", "%a+" }, { "  x  ", "^%s*(.-)%s*$" }, { "key = value", "(%w+)%s*=%s*(%w+)" },
  { "THE (quick) fox", "%((%a+)%)" }, { "f(a(b)c)d", "%b()" }, { "[[x]]", "%b[]" }, { "''x''", "%b''" },
  { "THE (quick) fox", "%f[%a]%a+" }, { "hello", "%f[%l]" }, { "hello", "%f[%z]" }, { "a.b", "%f[%.]" },
  { "abcabc", "(abc)%1" }, { "xyzxyz", "(x)(y)(z)%3" }, { "hello", "()ll()" }, { "hello", "()" },
  { "aaa", "a-b" }, { "aaab", "a-b" }, { "aaa", "^a-$" }, { "aaa", "a?a?a?a" }, { "abc", "[a-c]+" },
  { "a-z", "[a-]+" }, { "a]b", "[]]" }, { "a]b", "[^]]+" }, { "a^b", "[%^]" }, { "a^b", "[b^]+" },
  { "1+1=2", "%d%+%d" }, { "50%", "%d+%%" }, { "x$y", "x$y" }, { "xy", "y$" }, { "a\0b\0", "%z" },
  { "a\0b", "[%z]" }, { "a\0b", "\0" }, { "a\0b", "[\0]" }, { "a\0b", "%Z+" }, { "\0\1\2", "%c+" },
  { "über", "[\128-\255]+" }, { "ABCdef", "%u+%l+" }, { "a1 b2", "%W" }, { "\t \n", "%S" },
  { "0x1F", "%x+" }, { "0x1F", "%X" }, { "a,b;c", "%p" }, { "a,b;c", "%P+" }, { "ab", "%g%G" },
  { "abc", "%" }, { "abc", "[a" }, { "abc", "[]" }, { "abc", "[^]" }, { "abc", "[%" }, { "abc", "(" },
  { "abc", "(a" }, { "abc", ")" }, { "abc", "a)" }, { "abc", "%1" }, { "abc", "(a)%2" }, { "abc", "(a%1)" },
  { "abc", "%0" }, { "abc", "%b" }, { "abc", "%ba" }, { "abc", "%f" }, { "abc", "%fa" }, { "abc", "x[" },
  { "xabc", "x[" }, { "abc", ("(a?)"):rep(33) }, { "abc", ("(a?)"):rep(32) }, { "aaaa", ("a?"):rep(250) },
  { ("a"):rep(250), ("a?"):rep(250) }, { ("a"):rep(210), ("(a)"):rep(5) .. ("a*"):rep(205) },
  { "^a^a", "^a" }, { "a^a", "a^" }, { "ab", "^" }, { "ab", "$" }, { "ab", "^$" }, { "", "^$" },
  { "hello world", "%w*" }, { "abc", ".-" }, { "abc", "x*" }, { "aaa", "a-" }, { "a.b.c", "%." },
  { "a.b.c", "." }, { "abc", "[%a-z]" }, { "a-b", "[%a-]" }, { "a-b", "[a%-z]" }, { "]", "[]-a]" },
  { "dcba", "[d-a]" }, { "b", "[a-]" }, { "%", "[%%]" }, { "a%", "%%$" }, { "x()", "%(%)" },
}
local repls = { "%0", "<%1>", "%2", "%%", "%", "%x", "[%1%1]", "", 7, 2.5, repl_fn, repl_tab }
for i, c in ipairs(picked) do
  for _, init in ipairs({ 1, 2, -1, -3, 0, 100, -100, math.maxinteger, math.mininteger }) do
    check(c[1], c[2], init, repls[(i + init) % #repls + 1], nil)
  end
  check(c[1], c[2], nil, repls[i % #repls + 1], i % 3)
end

-- random cases from a grammar of pattern items, plus raw bytes
local seed = tonumber(os.getenv("PATTERN_SEED")) or 1717
local cases = tonumber(os.getenv("PATTERN_CASES")) or 6000
math.randomseed(seed)
local R = math.random
local alphabet = { "a", "a", "b", "c", "x", " ", "1", "9", "(", ")", "[", "]", "%", "-", ".", "^", "$", "\0", "\255", "A", "Z", "_", "\t" }
local function subject(max)
  local n, b = R(0, max), {}
  for i = 1, n do b[i] = alphabet[R(#alphabet)] end
  return table.concat(b)
end
local classes = { "a", "c", "d", "g", "l", "p", "s", "u", "w", "x", "z", "A", "C", "D", "G", "L", "P", "S", "U", "W", "X", "Z" }
local plain = { "a", "b", "c", "x", " ", "1", "9", "A", "Z", "_", "\0", "\255" }
local function set()
  local b = { "[" }
  if R(3) == 1 then b[#b + 1] = "^" end
  if R(8) == 1 then b[#b + 1] = "]" end
  for _ = 1, R(3) do
    local k = R(5)
    if k == 1 then b[#b + 1] = plain[R(#plain)] .. "-" .. plain[R(#plain)]
    elseif k == 2 then b[#b + 1] = "%" .. classes[R(#classes)]
    elseif k == 3 then b[#b + 1] = "%" .. ({ "%", "]", "[", "-", "^", "." })[R(6)]
    elseif k == 4 then b[#b + 1] = ({ "-", "^", ".", "(", "$" })[R(5)]
    else b[#b + 1] = plain[R(#plain)] end
  end
  if R(25) ~= 1 then b[#b + 1] = "]" end
  return table.concat(b)
end
local function single()
  local k = R(10)
  if k <= 3 then return plain[R(#plain)] end
  if k == 4 then return "." end
  if k <= 6 then return "%" .. classes[R(#classes)] end
  if k == 7 then return "%" .. ({ "%", "(", ")", ".", "[", "]", "-", "+", "*", "?", "^", "$" })[R(12)] end
  return set()
end
local function items(depth)
  local b = {}
  for _ = 1, R(0, 4) do
    local k = R(20)
    if k <= 11 then
      b[#b + 1] = single() .. ({ "", "", "*", "+", "-", "?" })[R(6)]
    elseif k <= 13 and depth < 2 then
      b[#b + 1] = "(" .. items(depth + 1) .. (R(15) == 1 and "" or ")")
    elseif k == 14 then b[#b + 1] = "()"
    elseif k == 15 then b[#b + 1] = "%b" .. alphabet[R(#alphabet)] .. alphabet[R(#alphabet)]
    elseif k == 16 then b[#b + 1] = "%f" .. (R(10) == 1 and "x" or set())
    elseif k == 17 then b[#b + 1] = "%" .. R(0, 3)
    elseif k == 18 then b[#b + 1] = alphabet[R(#alphabet)]     -- a raw byte, special or not
    elseif k == 19 then b[#b + 1] = ({ "$", "^", ")", "(", "%", "-", "*" })[R(7)]
    else b[#b + 1] = "%" .. alphabet[R(#alphabet)] end
  end
  return table.concat(b)
end
local function pattern()
  if R(12) == 1 then return subject(6) end                    -- raw bytes
  local p = items(0)
  if R(5) == 1 then p = "^" .. p end
  if R(6) == 1 then p = p .. "$" end
  return p
end
local function repl()
  local k = R(6)
  if k == 1 then return repl_fn end
  if k == 2 then return repl_tab end
  if k == 3 then return R(-5, 50) end
  local b = {}
  for _ = 1, R(0, 4) do
    b[#b + 1] = ({ "x", "%0", "%1", "%2", "%3", "%%", "-", "%" .. alphabet[R(#alphabet)], "%9" })[R(9)]
  end
  if R(10) == 1 then b[#b + 1] = "%" end
  return table.concat(b)
end
local inits = { nil, 1, 1, 2, 3, 0, -1, -2, -5, 20, 50, math.mininteger, math.maxinteger }
for _ = 1, cases do
  local s = subject(R(3) == 1 and 30 or 12)
  local init = inits[R(#inits + 1)]                            -- sometimes past the end: nil
  local n = R(4) == 1 and R(-1, 3) or nil
  check(s, pattern(), init, repl(), n)
end
-- longer subjects with the shapes netlearn's own code uses
local shapes = { "^%s*(%S+)%s*(.-)%s*$", "(%d+)%.(%d+)%.(%d+)%.(%d+)/?(%d*)", "[^%s]+", "%s+", "^(%w+)=(.*)$",
  "^%-%-?([%w%-]+)", "\"(.-)\"", "'([^']*)'", "%$(%b{})", "([^,]+),?", "^#", "%f[%w]%w+", "(%a+)%s*(%b())" }
for i = 1, 600 do
  local words = {}
  for j = 1, R(1, 12) do words[j] = ({ "ip", "netns", "add", "10.1.2.3/24", "dev", "veth0", "\"a b\"", "'q'",
    "--json", "-4", "x=1", "${X}", "(f)", "  ", "#c" })[R(15)] end
  check(table.concat(words, R(3) == 1 and "  " or " "), shapes[i % #shapes + 1], R(3) == 1 and R(-5, 10) or nil,
    ({ "%1", "<%0>", repl_fn, repl_tab })[R(4)], nil)
end

-- pathological shapes: same answers (small enough for the standard matcher to finish)
for _, c in ipairs({
  { ("a"):rep(60), ".-.-.-b" }, { ("a"):rep(200), "(a*)*b" }, { ("a"):rep(40), ("a?"):rep(20) .. ("a"):rep(20) },
  { ("("):rep(300), "%b()" }, { ("ab"):rep(200), "(.-)%1%1b$" }, { ("a"):rep(100) .. "b", "^(a+)+b" },
}) do
  check(c[1], c[2], nil, "%1", nil)
end

-- table.sort and table.move (src/limits.c) against the standard ones, which
-- they keep as their first upvalue
local std_sort, std_move = select(2, debug.getupvalue(table.sort, 1)), select(2, debug.getupvalue(table.move, 1))
t.ok(type(std_sort) == "function" and std_sort ~= table.sort and type(std_move) == "function",
  "the standard sort and move are kept apart from the installed ones")
local function tabs(f, ...)        -- outcome, plus the tables' contents afterwards
  local args = table.pack(...)
  local r = outcome(pcall(f, table.unpack(args, 1, args.n)))
  for i = 1, args.n do
    if type(args[i]) == "table" then
      local keys = {}
      for k, v in pairs(args[i]) do keys[#keys + 1] = show(k) .. "=" .. show(v) end
      std_sort(keys)
      r = r .. " {" .. table.concat(keys, " ") .. "}"
    end
  end
  return r
end
local function copy(v)
  if type(v) ~= "table" then return v end
  local c = {}
  for k, x in pairs(v) do c[k] = x end
  return c
end
local function both(what, f_std, f_mine, ...)
  local a, b = table.pack(...), table.pack(...)
  for i = 1, a.n do a[i], b[i] = copy(a[i]), copy(a[i]) end
  -- the standard function, no longer in the table library, is named '?' in its errors
  local std = tabs(f_std, table.unpack(a, 1, a.n)):gsub("to '%?'", f_std == std_sort and "to 'table.sort'" or "to 'table.move'")
  same(what, std, tabs(f_mine, table.unpack(b, 1, b.n)), what)
end
local gt = function(x, y) return x > y end
local bad = function() return true end
for i = 1, 300 do
  local arr = {}
  for j = 1, R(0, 40) do arr[j] = R(3) == 1 and tostring(R(50)) or R(-20, 20) end
  local nums = {}
  for j = 1, R(0, 60) do nums[j] = R(-1000, 1000) end
  both("sort", std_sort, table.sort, nums)
  both("sort >", std_sort, table.sort, nums, gt)
  both("sort mixed", std_sort, table.sort, arr)
  both("sort bad comparator", std_sort, table.sort, nums, bad)
  local f, e, d = R(-3, 45), R(-3, 45), R(-3, 45)
  both("move", std_move, table.move, nums, f, e, d)
  both("move to another", std_move, table.move, nums, f, e, d, { 1, 2, 3 })
end
for _, c in ipairs({
  { nil }, { {}, 1 }, { { 3, 1, 2 }, "x" }, { { 1, nil, 3 } }, { { 1, "a" } }, { { 0 / 0, 1, 0 / 0, 2 } }, { "abc" },
}) do
  both("sort edge", std_sort, table.sort, c[1], c[2])
end
for _, c in ipairs({
  { {}, 1, math.maxinteger, 2 }, { {}, math.mininteger, -1, 1 }, { {}, 1, 10, math.maxinteger - 3 },
  { { 1, 2, 3 }, 1, 3, 2 }, { { 1, 2, 3 }, 2, 3, 1 }, { { 1, 2, 3 }, 1.5, 3, 1 }, { nil, 1, 2, 3 },
  { { 1 }, 1, 1, 1, "x" }, { { 1, 2 }, 3, 1, 1 }, { { 1, 2, 3 }, 1, 3, 3, nil },
}) do
  both("move edge", std_move, table.move, c[1], c[2], c[3], c[4], c[5])
end

t.is(failures, 0, string.format("%d comparisons (seed %d): netlearn's matcher, sort and move agree with the standard ones", compared, seed))
t.ok(compared > 50000, "thousands of cases were compared (" .. compared .. ")")

-- the deadlines (deadline.c): each call hands back the one it replaced, so a
-- nested run puts back the outer deadline and its own words
local far = os.clock() + 3600
t.is(limits.deadline(far, "outer"), nil, "no CPU deadline before")
local at, msg = limits.deadline(far + 1, "inner")
t.ok(at and math.abs(at - far) < 0.01 and msg == "outer", "setting one hands back the previous deadline and its message",
  tostring(at) .. " " .. tostring(msg))
at, msg = limits.deadline(at, msg)
t.is(msg, "inner", "putting the outer one back hands back the inner one")
at, msg = limits.deadline(nil)
t.is(msg, "outer", "the outer deadline's words were put back with it")
t.is(limits.deadline(nil), nil, "cleared")
local now = limits.now()
t.is(limits.wall_deadline(now + 3600, "w-outer"), nil, "no wall deadline before")
at, msg = limits.wall_deadline(now + 7200, "w-inner")
t.ok(at == now + 3600 and msg == "w-outer", "the wall deadline too hands back the one it replaced")
limits.wall_deadline(nil)
t.ok(pcall(string.rep, "x", 3), "nothing stops once both are cleared")
t.done()
