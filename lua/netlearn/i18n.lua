--[[ netlearn.i18n -- the learner's language (English or Chinese) and the
lesson runtime's own messages in both.

  local i18n = require("netlearn.i18n")
  i18n.set(nil)            -- from LC_ALL / LC_MESSAGES / LANG (zh* -> zh), else en
  i18n.set("zh")           -- --lang zh
  i18n.t("score", 2, 3)    -- the message "score" in the current language
  i18n.pick({en = "hello", zh = "你好"})   -- a lesson's bilingual text
  i18n.message(catalog, "zh", "title", a, b)  -- another module's {en=, zh=} table
  i18n.format("%2$s 的 %1$s", "x", "y")     -- string.format with positional %n$s
]]
local M = { lang = "en" }

local MSG = {
  en = {
    step = "Step %d/%d",
    predict = "Predict",
    choice = "Question",
    task = "Task",
    challenge = "Challenge",
    your_answer = "your answer (%s; or hint, explain, quit): ",
    yes = "yes", no = "no",
    right = "✔ right",
    wrong = "✘ not quite: the answer is %s",
    no_answer = "(no answer given)",
    bad_choice = "type one of: %s (or 'hint', 'explain', 'quit' to leave the lesson)",
    answer_interrupted = "Ctrl-C: the question is still open. Answer it, or type 'quit' to leave the lesson " ..
      "(Ctrl-C again leaves it too).",
    answer_left = "the question is left unanswered (no point)",
    reason_later = "(the reason comes after your answer)",
    why_is = "Why: %s",
    summary = "In short: %s",
    added = "   [+ the lesson's, not in the article]",
    task_pending = "Type your own commands until this holds (hint: 'hint', give up: 'skip'):",
    task_done = "✔ task done",
    task_not_done = "the task is not done yet: type 'hint' for a hint, or 'skip' to run the solution",
    challenge_running = "the lesson's challenge is running: 'check' when you think it is fixed, 'hint', 'give up', or 'end' to leave it",
    task_solution = "the solution:",
    hint_none = "no hint for this step; 'explain' shows what it checks",
    hints_out = "(that was the last hint; 'skip' runs the solution)",
    expected = "expected",
    seen = "seen",
    look_at = "look at",
    lesson_done = "Lesson complete: %s. Score %d/%d.",
    at_end = "this is the last step; 'quit' leaves the lesson, 'back' goes back",
    at_start = "this is the first step",
    no_lesson = "no lesson is running; start one with 'lesson NAME' (type 'lesson' for the list)",
    no_such_lesson = "no lesson '%s' (type 'lesson' for the list, or give a file: lessons/NAME.lua)",
    cannot_open_lesson = "netlearn: %s: cannot open the lesson: no such lesson or file, or it is not readable ('netlearn list' shows the lessons)",
    check_no_lesson = "netlearn: check: no lesson '%s' (a name in %s or a file)",
    warning = "warning: %s",
    score = "score %d/%d",
    score_detail = "score for %s: %d/%d (steps done %d/%d)",
    rebuilding = "rebuilding the lab up to step %d ...",
    reset_in_lesson = "the lesson's lab went too: 'again' rebuilds it up to this step",
    left = "left the lesson %s (progress kept; 'lesson %s' starts it again)",
    started = "Lesson %s: %s",
    article = "Follows the article: %s",
    objectives = "You will:",
    how = "Between steps, type your own commands. 'next' goes on; 'back', 'again', 'hint', 'explain', 'skip', 'score', 'quit'.",
    cmd_failed = "(exited with status %s)",
    claims_hold = "all claims hold",
    n_failed = "%d claim(s) failed",
    needs = "needs %s",
    missing_feature = "this lesson needs %s, and this kernel has none (%s is not built in or its module is not " ..
      "loaded), so its steps were not started. Most distributions ship it as a module: on the machine itself, " ..
      "outside netlearn, 'sudo modprobe %s' loads it (a container or a minimal VM kernel may lack it; 'netlearn " ..
      "doctor' shows what this kernel gives a lab), then run the lesson again. Lessons that do not need " ..
      "%s work on this kernel as they are.",
    list_head = "Lessons (netlearn run NAME):",
    steps_n = "%d steps",
    progress_new = "not started",
    progress_some = "%d/%d steps done",
    progress_done = "finished, score %d/%d",
    unattended = "(stdin is not a terminal: running the lesson unattended)",
    loading_failed = "cannot load the lesson",
    why = "Why",
    claims = "What this step claims:",
    no_lessons = "no lessons in %s",
  },
  zh = {
    step = "第 %d/%d 步",
    predict = "先猜一猜",
    choice = "问题",
    task = "任务",
    challenge = "挑战",
    your_answer = "你的答案（%s；也可输入 hint、explain、quit）：",
    yes = "能", no = "不能",
    right = "✔ 答对了",
    wrong = "✘ 不对：答案是 %s",
    no_answer = "（没有回答）",
    bad_choice = "请输入其中之一：%s（或 'hint'、'explain'，'quit' 退出课程）",
    answer_interrupted = "Ctrl-C：问题还没有回答。请作答，或输入 'quit' 退出课程（再按一次 Ctrl-C 也会退出）。",
    answer_left = "这个问题没有回答（不得分）",
    reason_later = "（原因在你回答之后给出）",
    why_is = "原因：%s",
    summary = "小结：%s",
    added = "   [+ 课程补充，原文没有]",
    task_pending = "自己输入命令，直到下面的说法成立（提示：'hint'，放弃：'skip'）：",
    task_done = "✔ 任务完成",
    task_not_done = "任务还没完成：输入 'hint' 看提示，或 'skip' 运行参考答案",
    challenge_running = "课程的挑战正在进行：觉得修好了就输入 'check'，也可以 'hint'、'give up'，或用 'end' 离开挑战",
    task_solution = "参考答案：",
    hint_none = "这一步没有提示；'explain' 会说明它检查什么",
    hints_out = "（这是最后一条提示；'skip' 会运行参考答案）",
    expected = "期望",
    seen = "实际",
    look_at = "去看看",
    lesson_done = "课程完成：%s。得分 %d/%d。",
    at_end = "这是最后一步；'quit' 退出课程，'back' 回到上一步",
    at_start = "这是第一步",
    no_lesson = "现在没有在上课；用 'lesson 名字' 开始（输入 'lesson' 查看列表）",
    no_such_lesson = "没有叫 '%s' 的课程（输入 'lesson' 查看列表，或者给出文件：lessons/名字.lua）",
    cannot_open_lesson = "netlearn: %s: 打不开这个课程：没有这个课程或文件，或者没有读权限（'netlearn list' 列出所有课程）",
    check_no_lesson = "netlearn: check: 没有叫 '%s' 的课程（%s 里的名字，或者一个文件）",
    warning = "警告：%s",
    score = "得分 %d/%d",
    score_detail = "%s 的得分：%d/%d（已完成 %d/%d 步）",
    rebuilding = "正在重建实验环境到第 %d 步 ...",
    reset_in_lesson = "课程的实验环境也一起删掉了：'again' 会把它重建到这一步",
    left = "已退出课程 %s（进度已保存；'lesson %s' 可重新开始）",
    started = "课程 %s：%s",
    article = "对应文章：%s",
    objectives = "你将学会：",
    how = "每一步之间可以输入自己的命令。'next' 下一步；还有 'back'、'again'、'hint'、'explain'、'skip'、'score'、'quit'。",
    cmd_failed = "（退出状态 %s）",
    claims_hold = "所有说法都成立",
    n_failed = "%d 个说法不成立",
    needs = "需要 %s",
    missing_feature = "本课程需要 %s，而当前内核没有（%s 没有编译进内核，或它的模块没有加载），所以课程的步骤没有开始。" ..
      "大多数发行版把它作为模块提供：在本机上（netlearn 之外）运行 'sudo modprobe %s' 即可加载（容器或精简的虚拟机" ..
      "内核可能没有它；'netlearn doctor' 列出当前内核能为实验提供什么）。之后再运行本课程。不需要 %s 的课程在当前内核上照常可用。",
    list_head = "课程列表（netlearn run 名字）：",
    steps_n = "%d 步",
    progress_new = "未开始",
    progress_some = "已完成 %d/%d 步",
    progress_done = "已完成，得分 %d/%d",
    unattended = "（标准输入不是终端：自动运行整个课程）",
    loading_failed = "无法加载课程",
    why = "原因",
    claims = "这一步的说法：",
    no_lessons = "%s 里没有课程",
  },
}
M.messages = MSG

-- lang: "en", "zh" or nil (from the locale)
function M.set(lang)
  if lang == "en" or lang == "zh" then
    M.lang = lang
    return lang
  end
  local loc
  for _, v in ipairs({ "LC_ALL", "LC_MESSAGES", "LANG" }) do
    local s = os.getenv(v)
    if s and s ~= "" then loc = s break end
  end
  M.lang = (loc and loc:match("^zh")) and "zh" or "en"
  return M.lang
end

-- string.format with positional %n$s (the Chinese word order needs them)
function M.format(s, ...)
  local args = table.pack(...)
  if s:find("%%%d%$") then
    local order = {}
    s = s:gsub("%%(%d)%$", function(d) order[#order + 1] = tonumber(d) return "%" end)
    local a = {}
    for i, d in ipairs(order) do a[i] = args[d] end
    return string.format(s, table.unpack(a, 1, #order))
  end
  return string.format(s, table.unpack(args, 1, args.n))
end

-- lang when it is "en" or "zh", else the current language
function M.resolve(lang)
  if lang == "en" or lang == "zh" then return lang end
  return M.lang
end

-- The message key of catalog ({en = {...}, zh = {...}}, the shape of
-- M.messages) in lang, else in English, else the key itself; formatted
-- (positional %n$s allowed) when arguments are given.
function M.message(catalog, lang, key, ...)
  local s = (catalog[lang] and catalog[lang][key]) or catalog.en[key] or key
  if select("#", ...) > 0 then return M.format(s, ...) end
  return s
end

function M.t(key, ...) return M.message(MSG, M.lang, key, ...) end

-- A lesson's text: {en=, zh=} or a plain string.
function M.pick(text, lang)
  if type(text) ~= "table" then return text and tostring(text) or "" end
  lang = lang or M.lang
  return text[lang] or text.en or text.zh or ""
end

-- Columns S takes on a terminal: East Asian wide characters (CJK, full-width
-- punctuation) take two, other characters one.
function M.width(s)
  local w = 0
  for _, c in utf8.codes(s, true) do
    if (c >= 0x1100 and c <= 0x115F) or (c >= 0x2E80 and c <= 0xA4CF) or (c >= 0xAC00 and c <= 0xD7A3) or
      (c >= 0xF900 and c <= 0xFAFF) or (c >= 0xFE30 and c <= 0xFE4F) or (c >= 0xFF00 and c <= 0xFF60) or
      (c >= 0xFFE0 and c <= 0xFFE6) then
      w = w + 2
    else
      w = w + 1
    end
  end
  return w
end

-- S padded with spaces to W columns (M.width), for tables with Chinese headings
function M.pad(s, w)
  s = tostring(s)
  return s .. string.rep(" ", w - M.width(s))
end

M.set(nil)
return M
