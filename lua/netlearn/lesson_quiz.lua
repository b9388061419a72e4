--[[ netlearn.lesson_quiz -- predict{} and choice{}: asking a question and reading the answer.

Part of netlearn.lesson: it adds Run:ask and Run:read_answer to M.Run
(netlearn.lesson_run). An answer is an option's number, its words in either
language, or y/n (and the Chinese yes/no words) for a yes/no question;
hint, explain and quit work at the question.
]]
local i18n = require("netlearn.i18n")

local M = require("netlearn.lesson")    -- the table this file adds to
local Run = M.Run

local function options_text(s, lang)
  local t = {}
  for i, o in ipairs(s.options) do t[#t + 1] = string.format("  %d) %s", i, i18n.pick(o, lang)) end
  return table.concat(t, "\n")
end

-- 1..n, or the option's words in either language, or y/n for yes/no
local function parse_answer(s, line)
  if not line then return nil end
  line = line:match("^%s*(.-)%s*$"):lower()
  local n = tonumber(line)
  if n and s.options[n] then return n end
  for i, o in ipairs(s.options) do
    if line == o.en:lower() or line == o.zh then return i end
  end
  if #s.options == 2 and s.options[1].en == "yes" then
    if line == "y" then return 1 elseif line == "n" then return 2 end
    -- any of the Chinese yes/no words, whichever the question took
    for _, w in ipairs({ "能", "会", "在", "是", "对" }) do
      if line == w then return 1 elseif line == "不" .. w then return 2 end
    end
  end
  return nil
end

-- Read the learner's answer: a valid option, or nil (no answer: end of input),
-- or "quit". hint and explain are answered and the question asked again;
-- Ctrl-C does not forfeit: it says how to leave, and a second one leaves.
function Run:read_answer(s)
  local repl = require("netlearn.repl")
  local range = "1-" .. #s.options
  local interrupted = false
  while true do
    local line, why = repl.read(i18n.t("your_answer", range))
    if line == nil and why == "interrupted" then
      if interrupted then return "quit" end
      interrupted = true
      self:say(i18n.t("answer_interrupted"))
    elseif line == nil then
      return nil
    else
      interrupted = false
      local word = line:match("^%s*(.-)%s*$"):lower()
      if word == "quit" or word == "end" or word == "q" then return "quit" end
      if word == "hint" then
        self:hint()
      elseif word == "explain" then
        -- the step and its question again; the reason would give the answer away
        local text = self.lang == "zh" and s.zh or s.en
        if text then self:para(text) end
        self:para(self:pick(s.ask))
        self:say(options_text(s, self.lang))
        self:say(i18n.t("reason_later"))
      elseif word ~= "" then
        local ans = parse_answer(s, line)
        if ans then return ans end
        self:say(i18n.t("bad_choice", range))
      end
    end
  end
end

-- Ask a quiz question; returns true when answered right, or "quit" when the
-- learner left the lesson at the question. later: the step's `why` is said by
-- the caller (after its probe), not here.
function Run:ask(s, n, later)
  self:para(self:pick(s.ask))
  self:say(options_text(s, self.lang))
  local ans
  if self.mode == "interactive" then
    ans = self:read_answer(s)
    if ans == "quit" then
      self:say(i18n.t("answer_left"))
      return "quit"
    end
  else
    ans = s.answer
    self:say(i18n.t("your_answer", "1-" .. #s.options) .. tostring(ans))
  end
  local right = ans == s.answer
  local first = not self.answered[n]
  self.answered[n] = true
  if right then
    self:say(i18n.t("right"))
    if first then self.score = self.score + 1 end
  else
    self:say(ans and i18n.t("wrong", s.answer .. ") " .. self:pick(s.options[s.answer])) or i18n.t("no_answer"))
  end
  if not later then self:why(s) end
  if self.mode == "check" then self:tap_line(right, self.L.id .. " step " .. n .. ": " ..
    self:pick({ en = "answer key of the question", zh = "问题的标准答案" })) end
  return right
end

return M
