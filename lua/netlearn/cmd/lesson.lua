--[[ netlearn.cmd.lesson -- the shell's lesson words: lesson, next, back,
again, hint, explain, skip, score, quit/end.

`lesson ipip` starts a lesson in the shell (netlearn.lesson does the work);
between steps the learner types their own commands in the same lab.
]]
local commands = require("netlearn.commands")
local i18n = require("netlearn.i18n")

local function lesson() return require("netlearn.lesson") end

local function wrap(fn)
  return function(_, ctx)
    local ok, e = fn()
    if not ok then
      ctx:errln(e)
      return 0          -- a hint, not an error: piped sessions go on
    end
    return 0
  end
end

local HELP = [[
lesson [NAME|FILE]    start a lesson (without NAME: the list)
  next      run the next step          back     rebuild the lab, go one step back
  again     rebuild the lab, redo this step
  hint      a hint for this step       explain  what this step does and claims
  skip      give up a task (its solution runs) and go on
  score     your score                 quit/end leave the lesson (progress kept)

Between steps, type your own commands; the lab is the same one.

A NAME is looked up in each folder of $NETLEARN_LESSONS (dir:dir), then in
your own folder $XDG_DATA_HOME/netlearn/lessons (~/.local/share/netlearn/lessons),
then in the shipped lessons; the first found wins ('netlearn list' says where).

Lessons are Lua files of declared content (docs/lesson-authoring.md). Each is
loaded in a restricted environment: it may use string (string.rep capped at
1 MiB), table, math, utf8, os.time/clock/date, pairs, pcall and the lesson
API (step, predict, choice, task, fails, and the claim kinds reaches,
not_reaches, ping, capture, route, link, addr, sysctl, curl, output, lua).
It has no io, os.execute, os.exit, load, loadfile, dofile, require, debug,
coroutine or collectgarbage, reaches the lab only through its command lines,
its claims and the `net` handed to a lua{} claim (read-only lab functions), and
is stopped after 5 s of computation or 256 MiB of memory. Its lines are
netlearn commands only: a lesson starts no real program (no '!', no 'ip netns
exec NS PROGRAM', no real bash) and writes no file (no topo --svg FILE, export
clab FILE, record stop FILE, > FILE). Trusted Lua runs with 'netlearn lua FILE'.]]

commands.register("lesson", {
  summary = "start a lesson: lesson ipip (without a name: the list)",
  help = HELP,
  run = function(args, ctx)
    local L = lesson()
    if not args[1] then
      local cur = L.current
      if cur then ctx:outln(i18n.t("score_detail", cur.L.id, cur.score, cur.max, #(function()
        local t = {} for k in pairs(cur.done) do t[#t + 1] = k end return t end)(), #cur.L.steps)) end
      return L.list_cli({}, {})
    end
    if L.current then L.quit() end
    local R, e = L.start(args[1], {})
    if not R then commands.fail(1, tostring(e)) end
    return 0
  end,
})

commands.register("next", { summary = "lesson: run the next step", help = HELP, run = wrap(function() return lesson().next() end) })
commands.register("back", { summary = "lesson: rebuild the lab and go one step back", help = HELP,
  run = wrap(function() return lesson().back() end) })
commands.register("again", { summary = "lesson: rebuild the lab and redo this step", help = HELP,
  run = wrap(function() return lesson().again() end) })
commands.register("skip", { summary = "lesson: run the task's solution and go on", help = HELP,
  run = wrap(function() return lesson().skip() end) })
-- run the running lesson's method NAME (a hint when no lesson runs)
local function on_current(name)
  return wrap(function()
    local R = lesson().current
    if not R then return nil, i18n.t("no_lesson") end
    R[name](R)
    return true
  end)
end
commands.register("hint", { summary = "lesson: a hint for this step", help = HELP, run = on_current("hint") })
commands.register("explain", { summary = "lesson: what this step does and claims", help = HELP,
  run = on_current("explain") })
-- hint, explain and score only look (commands.looks)
for _, n in ipairs({ "hint", "explain" }) do commands.registry[n].looks = true end
commands.register("score", { summary = "lesson: your score", help = HELP, run = wrap(function()
  local R = lesson().current
  if not R then return nil, i18n.t("no_lesson") end
  local d = 0
  for _ in pairs(R.done) do d = d + 1 end
  R:say(i18n.t("score_detail", R.L.id, R.score, R.max, d, #R.L.steps))
  return true
end), looks = true })

-- quit/end leave the lesson; outside a lesson `quit` still leaves netlearn
local function quit(_, ctx)
  local L = lesson()
  if L.current then
    L.quit()
    return 0
  end
  return "exit"
end
commands.register("quit", { summary = "leave the lesson (or, outside one, netlearn)", help = HELP, run = quit })
commands.register("end", { summary = "lesson: leave the lesson (progress kept)", help = HELP, run = function(a, ctx)
  local L = lesson()
  if not L.current then ctx:errln(i18n.t("no_lesson")) return 0 end
  return quit(a, ctx)
end })

-- A lesson's own lines cannot start, walk or leave a lesson (its steps run in order).
for _, n in ipairs({ "lesson", "next", "back", "again", "skip", "hint", "explain", "score", "quit", "end" }) do
  commands.registry[n].lesson = function()
    return "'" .. n .. "' walks a lesson, and a lesson's own lines cannot start, walk or leave one " ..
      "(its steps run in order; leave '" .. n .. "' out)"
  end
end
