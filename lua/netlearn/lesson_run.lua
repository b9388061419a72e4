--[[ netlearn.lesson_run -- walking a lesson: a Run performs its steps, tasks and challenges.

Part of netlearn.lesson (it adds its functions to that table). A Run
(M.new_run) holds the lesson, where the learner is, the score and how to talk;
Run:perform shows a step, runs its command lines, checks its claims; a task
waits for the learner's own commands (Run:poll_task after each line); a
challenge{} step hands over to netlearn.challenge, which calls
M.challenge_over when it ends. The quiz (predict{}, choice{}) is
netlearn.lesson_quiz. Interactive mode keeps its Run in M.current (on
netlearn.lesson, read by the lesson commands): M.start, M.next, M.back,
M.again, M.skip, M.quit, and the lab's reset between them (M.reset_lab).
]]
local commands = require("netlearn.commands")
local claims = require("netlearn.claims")
local i18n = require("netlearn.i18n")
local progress = require("netlearn.progress")
local guard = require("netlearn.guard")
local net = require("netlearn.core")
local machine = require("netlearn.machine")

local M = require("netlearn.lesson")    -- the table this file adds to

---------------------------------------------------------------------------
-- The lab: reset to nothing (between lessons, for `back`)
---------------------------------------------------------------------------
function M.reset_lab()
  -- one teardown for `reset`, `back`/`again` and between lessons: it also stops
  -- background jobs (captures, web servers) and puts back host sysctls. A lab
  -- that could not be emptied stops here: steps on top of it would prove nothing.
  local report = require("netlearn.waitstats").time("resets", require("netlearn.cmd.lab").reset_lab)
  require("netlearn.shell").ns = ""
  if report and report.errors and #report.errors > 0 then
    error("reset: " .. table.concat(report.errors, "; "), 0)
  end
  return report
end

---------------------------------------------------------------------------
-- Walking a lesson.  A Run holds the lesson, where we are, the score, and
-- how to talk: mode "interactive" | "unattended" | "check".
---------------------------------------------------------------------------
local Run = {}
Run.__index = Run
M.Run = Run

function M.new_run(L, mode, opts)
  opts = opts or {}
  local R = setmetatable({ L = L, mode = mode, i = 0, score = 0, max = 0, done = {}, failed = 0,
    lang = i18n.lang, tap = opts.tap,
    out = opts.out or (mode == "check" and function() end) or M.write, answered = {}, hint_i = {} }, Run)
  for _, s in ipairs(L.steps) do
    if s.kind == "predict" or s.kind == "choice" or s.kind == "task" then R.max = R.max + 1 end
  end
  require("netlearn.baseline").declare(L, R)   -- the lab's br_netfilter, as the lesson declares
  return R
end

function Run:say(s) self.out(s .. "\n") end

-- Say a paragraph of the lesson's prose, folded to the terminal.
function Run:para(s)
  local cols = self.mode == "interactive" and require("netlearn.repl").columns()
  if cols and cols >= 20 then s = M.fold(s, cols - 1) end
  self:say(s)
end
function Run:pick(t) return i18n.pick(t, self.lang) end

-- Say one item of a list (a claim, an expected/seen line), folded to the
-- terminal with its continuation lines under the text: a terminal's own
-- wrapping could leave "）。" alone at the start of a line.
function Run:item(prefix, s)
  local cols = self.mode == "interactive" and require("netlearn.repl").columns()
  if cols and cols >= 20 then
    s = require("netlearn.zhtext").fold(prefix .. s, cols - 1, string.rep(" ", i18n.width(prefix)))
    return self:say(s)
  end
  self:say(prefix .. s)
end

-- The `net` a lesson's lua{} claim gets: an allowlist of functions that read
-- the lab or probe it (nothing that starts a program, writes a file, changes
-- the lab, or touches netlearn's own limits and flags). A lesson changes the
-- lab through its command lines, which netlearn checks.
M.LESSON_NET = {
  "ns_list", "ns_exists", "link_get", "link_list", "addr_list", "route_list", "route_get", "rule_list",
  "neigh_list", "sysctl_get", "sysctl_list", "nft_list", "ping", "ping6", "inet6_canon", "traceroute", "http_get", "tcp_connect",
  "capture_open", "decode", "filter_check", "filter_match", "strerror", "version",
}
-- net.errno (errno names -> numbers, so a claim compares errno == net.errno.ENOENT
-- rather than a raw number) as a lesson sees it: a copy behind a read-only
-- view, so no lesson can change the table the shell and the runtime compare
-- with; a name that is not there raises, so a typo cannot compare with nil.
local function lesson_errno()
  local copy = {}
  for k, v in pairs(net.errno) do copy[k] = v end
  return setmetatable({}, {
    __index = function(_, k)
      if copy[k] == nil then error("net.errno." .. tostring(k) .. ": no such errno name (e.g. net.errno.ENOENT)", 2) end
      return copy[k]
    end,
    __pairs = function() return next, copy, nil end,
    __newindex = function() error("a lesson cannot change net.errno", 2) end, __metatable = false })
end

function M.lesson_net()
  local t = {}
  for _, k in ipairs(M.LESSON_NET) do
    t[k] = function(...) return net[k](...) end
  end
  -- a lesson's curl that gets no answer ends once the lab is proved quiet
  t.http_get = function(ns, url, opts) return require("netlearn.quiet").http_get(net, ns, url, opts) end
  t.errno = lesson_errno()
  return setmetatable(t, { __index = function(_, k)
    error("net." .. tostring(k) .. " is not available to a lesson (a lua{} claim may use: " ..
      table.concat(M.LESSON_NET, ", ") .. " and the table errno; the lesson's command lines change the lab)", 2)
  end, __newindex = function() error("a lesson cannot change net", 2) end, __metatable = false })
end

-- the lab seen by claims
function Run:lab(quick)
  local R = self
  local lab = { net = net, lang = R.lang, quick = quick }
  lab.exec = function(line, ns)
    local buf = {}
    local ctx = commands.context({ ns = ns or "", stdout = function(s) buf[#buf + 1] = s end,
      stderr = function(s) buf[#buf + 1] = s end })
    ctx.default_count = 1        -- a bare 'ping ADDR' (as the articles type it) sends one packet
    local pok, _, st = pcall(guard.lesson, commands.execute, line, ctx)
    if not pok then
      local r = guard.is_refusal(_)
      if r then
        -- called by a lesson's lua{} claim: name its line
        local where
        for level = 2, 40 do
          local info = debug.getinfo(level, "Sl")
          if not info then break end
          if claims.sources[info.short_src] and (info.currentline or 0) > 0 then
            where = info.short_src .. ":" .. info.currentline .. ": "
            break
          end
        end
        local c = lab.claim          -- a tail call leaves no lesson frame: the claim's own line
        where = where or (c and (c.file .. ":" .. c.line .. ": ")) or ""
        error(where .. "refused: '" .. tostring(line) .. "': " .. r, 0)
      end
      return 1, table.concat(buf) .. tostring(_)
    end
    return tonumber(st) or (st == "exit" and 0) or 1, table.concat(buf)
  end
  -- what a lua{} claim gets: the lab functions of net on M.LESSON_NET, and a command runner
  lab.lesson_net = M.lesson_net()
  lab.helpers = { exec = lab.exec, lang = R.lang }
  return lab
end

-- Run one command line of a step. show: echo "$ cmd" and its output.
function Run:run_cmd(c, ns, show, s)
  local buf = {}
  local function sink(s)
    buf[#buf + 1] = s
    if show then self.out(s) end
  end
  -- a command the lesson adds to the article's is marked as the lesson's own
  if show then self:say("$ " .. c.cmd .. (c.added and i18n.t("added") or "")) end
  local ctx = commands.context({ ns = ns or "", stdout = sink, stderr = sink })
  ctx.default_count = 1          -- a bare 'ping ADDR' in a step sends one packet instead of running until Ctrl-C
  local pok, perr, st = pcall(guard.lesson, commands.execute, c.cmd, ctx)
  if not pok then
    local r = guard.is_refusal(perr)
    if r then
      sink(string.format("%s:%d: refused: '%s': %s\n", s and s.file or self.L.path, c.line or (s and s.line) or 0,
        c.cmd, r))
    else
      sink("netlearn: " .. tostring(perr) .. "\n")
    end
    st = 1
  end
  local status = tonumber(st) or 0
  local bad = (status ~= 0) ~= (c.fails or false)
  if show and status ~= 0 and not c.fails then self:say(i18n.t("cmd_failed", tostring(status))) end
  return not bad, status, table.concat(buf)
end

function Run:tap_line(ok, name, diag)
  local T = self.tap
  T.n = T.n + 1
  if not ok then T.failed = T.failed + 1 self.failed = self.failed + 1 end
  local line = (ok and "ok " or "not ok ") .. T.n .. " - " .. M.clean(name:gsub("[\r\n]", " "))
  -- a name cannot hold a directive of its own (# SKIP, # TODO): '#' is shown as '\#'
  io.stdout:write((line:gsub("#", "\\#")), "\n")
  if diag and not ok then M.comment(diag, "#   ") end
  io.stdout:flush()
end

-- Check the claims of step s. quiet: just return whether all hold.
function Run:check_claims(s, n, quiet)
  return guard.lesson(self.check_claims_here, self, s, n, quiet)
end

function Run:check_claims_here(s, n, quiet)
  local all = true
  local lab = self:lab(quiet)
  for _, c in ipairs(s.claims) do
    local text = claims.render(c, self.lang)
    local ok, seen, expected, look = claims.check(c, lab)
    if not ok then all = false end
    if not quiet then
      if self.mode == "check" then
        local diag = {}
        diag[#diag + 1] = "claim at " .. c.file .. ":" .. c.line
        if expected then diag[#diag + 1] = "expected: " .. expected end
        if seen then diag[#diag + 1] = "seen: " .. seen end
        if look then diag[#diag + 1] = "look at: " .. look end
        self:tap_line(ok, self.L.id .. " step " .. n .. ": " .. text, table.concat(diag, "\n"))
      else
        self:item("  " .. (ok and "✔ " or "✘ "), text)
        if not ok then
          self.failed = self.failed + 1
          local function ind(s2) return (s2:gsub("\n", "\n        ")) end
          local colon = self.lang == "zh" and "：" or ": "
          if expected then self:item("      " .. i18n.t("expected") .. colon, ind(expected)) end
          if seen then self:say("      " .. i18n.t("seen") .. colon .. ind(seen)) end
          if look then self:item("      " .. i18n.t("look_at") .. colon, ind(look)) end
          require("netlearn.drift").note(self, c, lab)   -- the lab changed: suggest 'again'
        end
      end
    end
  end
  return all
end

function Run:header(n, s)
  local kind = s.kind == "step" and "" or (" · " .. i18n.t(s.kind))
  local title = s.title and ((self.lang == "zh" and "：" or ": ") .. self:pick(s.title)) or ""
  self:say("")
  self:say("── " .. i18n.t("step", n, #self.L.steps) .. kind .. title .. " ──")
  local text = self.lang == "zh" and s.zh or s.en
  if text then self:para(text) end
end

-- The step's `why`, as the author wrote it (after a task is done, after a
-- step's claims, after a prediction's probe).
function Run:why(s)
  if s.why then self:para(i18n.t("why_is", self:pick(s.why))) end
end

-- Run the commands of step s (shown unless quiet).
function Run:commands_of(s, n, list, quiet)
  local all = true
  local show = not quiet and self.mode ~= "check"
  -- shown steps narrate what each command changed in the kernel (netlearn.narrate)
  local narrate = show and require("netlearn.narrate")
  for _, c in ipairs(list or s.run) do
    local before = narrate and narrate.snapshot()
    local good, status, out = self:run_cmd(c, s.ns, show, s)
    if narrate then
      local changed = narrate.format(narrate.diff(before, narrate.snapshot()), { quiet = true })
      if changed ~= "" then self.out((changed:gsub("[^\n]+", "  %0"))) end
    end
    if not good then
      all = false
      if self.mode == "check" then
        self:tap_line(false, self.L.id .. " step " .. n .. ": $ " .. c.cmd,
          string.format("%s (status %s)\n%s", c.fails and "expected to fail, but it succeeded" or "the command failed",
            tostring(status), out))
      end
    end
  end
  return all
end

-- Perform step n on the machine the step names (`on = "host141"`: see
-- netlearn.machine), or in the sandbox's own view. Interactively the learner
-- stays on that machine afterwards, so what they type goes where the step went.
function Run:perform(n, replay)
  local s = self.L.steps[n]
  local prev = machine.current
  local ok, e = machine.set(s.on)
  if not ok then
    self:say("netlearn: " .. e)
    if self.mode == "check" then self:tap_line(false, self.L.id .. " step " .. n .. ": on " .. tostring(s.on), e) end
    return false
  end
  local res = table.pack(pcall(self.perform_here, self, n, replay))
  if self.mode ~= "interactive" then machine.current = prev end
  if not res[1] then error(res[2], 0) end
  return table.unpack(res, 2, res.n)
end

-- What step S will need, made ready ahead where its namespaces are there
-- already: its claims' capture rings (claims.prepare) and its lines' (a
-- tcpdump's: commands.prepare_line). Arming a ring waits for the kernel
-- (an RCU grace period); done ahead, on the ring pool's threads, the step
-- does not wait for it.
function Run:prepare(s)
  claims.prepare(s.claims, net)
  for _, c in ipairs(s.run) do commands.prepare_line(c.cmd, s.ns) end
end

-- Perform step n: show it, run it, check it. Returns true when it is done
-- (a task may stay pending in interactive mode).
function Run:perform_here(n, replay)
  local s = self.L.steps[n]
  self.i = n
  if replay then
    self:commands_of(s, n, nil, true)
    if s.kind == "task" then self:commands_of(s, n, s.solution, true) end
    return true
  end
  self.pending = nil
  if self.mode == "check" then io.stdout:write("# ", self.L.id, " step ", n, "\n") else self:header(n, s) end
  if s.kind == "choice" or s.kind == "predict" then
    if s.kind == "predict" then self:say(i18n.t("predict") .. (self.lang == "zh" and "：" or ":")) end
    -- a question with run/claims proves its answer: the commands, the claims, then why
    local proves = #s.run > 0 or #s.claims > 0
    if self:ask(s, n, proves) == "quit" then
      M.quit()
      return false
    end
    if not proves then
      self.done[n] = true
      return true
    end
  end
  if s.kind == "challenge" then return require("netlearn.challenge").step(self, s, n) end
  -- this step's needs and the next one's, for the namespaces there already,
  -- while the commands run; again for those the commands made
  local after = self.L.steps[n + 1]
  if after and after.kind == "challenge" then after = nil end
  self:prepare(s)
  if after then self:prepare(after) end
  local cmds_ok = self:commands_of(s, n)
  claims.prepare(s.claims, net)
  if after then self:prepare(after) end
  if s.kind == "task" then
    if self.mode == "interactive" then
      self:say(i18n.t("task_pending"))
      for _, c in ipairs(s.claims) do self:item("  ☐ ", claims.render(c, self.lang)) end
      if self:check_claims(s, n, true) then
        return self:task_done(n, false)
      end
      self.pending = n
      return false
    end
    if self.mode ~= "check" then self:say(i18n.t("task_solution")) end
    self:commands_of(s, n, s.solution)
    if self.mode == "check" then self.score = self.score + 1 end
  end
  local ok = self:check_claims(s, n)
  if ok and cmds_ok then self.done[n] = true end
  if s.kind ~= "task" or self.mode ~= "interactive" then self:why(s) end
  return ok
end

function Run:task_done(n, by_learner)
  local s = self.L.steps[n]
  self.pending = nil
  self:say(i18n.t("task_done"))
  for _, c in ipairs(s.claims) do self:item("  ✔ ", claims.render(c, self.lang)) end
  self:why(s)
  if by_learner ~= false and not self.answered[n] then self.score = self.score + 1 end
  self.answered[n] = true
  self.done[n] = true
  self:save()
  return true
end

-- After each line the learner types while a task is pending.
function Run:poll_task()
  local n = self.pending
  if not n then return end
  self.polls = (self.polls or 0) + 1      -- (tests/lua/66d and make bench count them)
  local s = self.L.steps[n]
  local held = machine.on(s.on, self.check_claims, self, s, n, true)
  if held then self:task_done(n, true) end
end

function Run:hint()
  local s = self.L.steps[self.i]
  if not s or #s.hints == 0 then self:say(i18n.t("hint_none")) return end
  local k = (self.hint_i[self.i] or 0) + 1
  if k > #s.hints then k = #s.hints end
  self.hint_i[self.i] = k
  self:para("💡 " .. self:pick(s.hints[k]))
  if k == #s.hints and s.kind == "task" then self:say(i18n.t("hints_out")) end
end

function Run:explain()
  local s = self.L.steps[self.i]
  if not s then return end
  self:header(self.i, s)
  self:why(s)
  if #s.claims > 0 then
    self:say(i18n.t("claims"))
    for _, c in ipairs(s.claims) do self:item("  • ", claims.render(c, self.lang)) end
  end
end

function Run:save()
  if self.mode == "check" then return end
  local R = self
  progress.update(self.L.id, function(rec)
    for k in pairs(R.done) do rec.steps[k] = true end
    rec.score, rec.max = R.score, R.max
    if R.finished then rec.finished = true end
  end)
end

function Run:finish()
  self.finished = true
  if self.L.summary then
    self:say("")
    self:para(i18n.t("summary", self:pick(self.L.summary)))
  end
  self:say("")
  self:say(i18n.t("lesson_done", self:pick(self.L.title), self.score, self.max))
  self:save()
end

function Run:intro()
  local L = self.L
  self:say(i18n.t("started", L.id, self:pick(L.title)))
  if L.article ~= nil then self:say(i18n.t("article", M.article_title(L))) end
  local todo = M.todo_warning(L, self.lang)
  if todo then self:say("⚠ " .. todo) end
  self:say(i18n.t("objectives"))
  for _, o in ipairs(L.objectives) do self:say("  - " .. self:pick(o)) end
end

-- Rebuild the lab from nothing up to (and including) step k, quietly.
function Run:rebuild(k)
  self:say(i18n.t("rebuilding", k))
  M.reset_lab()
  for j = 1, k do self:perform(j, true) end
  self.i = k
end

---------------------------------------------------------------------------
-- Interactive mode: the current run (M.current, declared in netlearn.lesson)
-- and the shell's hooks.
---------------------------------------------------------------------------
local function install_shell_hooks()
  local shell = require("netlearn.shell")
  if shell._lesson_hooked then return end
  shell._lesson_hooked = true
  local feed = shell.feed
  shell.feed = function(line)
    local r = feed(line)
    local R = M.current
    if R and not R.in_command and (line:match("^%s*reset%s*$") or line:match("^%s*sudo%s+reset%s*$")) then
      R:say(i18n.t("reset_in_lesson"))
    end
    -- re-check the task only when the line may have changed the lab: a probe
    -- or a listing typed to look answers at once (commands.only_looks)
    if R and R.pending and r ~= "more" and not R.in_command and not commands.only_looks(line) then
      local okp, e = pcall(R.poll_task, R)
      if not okp then io.stderr:write(tostring(e), "\n") end
    end
    return r
  end
  shell.prompt_prefix = function()
    local R = M.current
    if not R then return "" end
    if R.finished then return "[" .. R.L.id .. " ✔] " end
    return string.format("[%s %d/%d] ", R.L.id, R.i, #R.L.steps)
  end
end

-- Start a lesson in the shell; shows step 1 (or resumes after `done` steps).
function M.start(arg, opts)
  opts = opts or {}
  local path = M.resolve(arg)
  if not path then
    return nil, i18n.t("no_such_lesson", tostring(arg))
  end
  local L, e = M.load(path, opts)
  if not L then return nil, M.clean(e) end
  local f = M.missing(L)
  if f then return nil, M.clean(M.id_of(path)) .. ": " .. M.missing_text(f) end
  local R = M.new_run(L, "interactive", opts)
  M.current = R
  install_shell_hooks()
  R:intro()
  R:para(i18n.t("how"))
  progress.update(L.id, function(rec) rec.max = R.max end)
  M.reset_lab()
  R:perform(1)
  R:save()
  return R
end

function M.next()
  local R = M.current
  if not R then return nil, i18n.t("no_lesson") end
  if R.challenge then return nil, i18n.t("challenge_running") end
  if R.pending then
    local n = R.pending
    local s = R.L.steps[n]
    -- the claims may hold by now (a change the last poll did not see yet, a
    -- reply slower than its probe): then the task is done and the lesson goes on
    if machine.on(s.on, R.check_claims, R, s, n, true) then
      R:task_done(n, true)
    else
      -- which of the task's claims hold already, which not yet
      machine.on(s.on, function()
        local lab = R:lab(true)
        for _, c in ipairs(s.claims) do
          local ok = claims.check(c, lab)
          R:say("  " .. (ok and "✔ " or "☐ ") .. claims.render(c, R.lang))
        end
      end)
      return nil, i18n.t("task_not_done")
    end
  end
  if R.i >= #R.L.steps then
    if not R.finished then R:finish() return true end
    return nil, i18n.t("at_end")
  end
  R:perform(R.i + 1)
  if M.current ~= R then return true end     -- left at the step's question ('quit')
  if R.i == #R.L.steps and not R.pending and not R.challenge then R:finish() else R:save() end
  return true
end

-- The challenge{} step n ended (netlearn.challenge: solved, given up or left):
-- back to the lesson, which finishes if that was its last step.
function M.challenge_over(R, n)
  if M.current ~= R or R.challenge ~= n then return end
  R.challenge = nil
  R.done[n] = true
  if R.i == #R.L.steps and not R.pending then R:finish() else R:save() end
end

function M.back()
  local R = M.current
  if not R then return nil, i18n.t("no_lesson") end
  if R.i <= 1 then return nil, i18n.t("at_start") end
  R.finished = false
  R:rebuild(R.i - 2)
  R:perform(R.i + 1)
  return true
end

function M.again()
  local R = M.current
  if not R then return nil, i18n.t("no_lesson") end
  local k = R.i
  R:rebuild(k - 1)
  R:perform(k)
  return true
end

function M.skip()
  local R = M.current
  if not R then return nil, i18n.t("no_lesson") end
  if R.pending then
    local n = R.pending
    local s = R.L.steps[n]
    R:say(i18n.t("task_solution"))
    if not R:commands_of(s, n, s.solution) and n > 1 then
      -- the learner's own changes are in the solution's way ('File exists'):
      -- the lab as the step found it, then the solution again
      R:rebuild(n - 1)
      R.i = n
      machine.set(s.on)
      R:commands_of(s, n, s.solution)
    end
    R.pending = nil
    R.answered[n] = true
    R:check_claims(s, n)
    R.done[n] = true
    R:save()
  end
  return M.next()
end

function M.quit()
  local R = M.current
  if not R then return nil, i18n.t("no_lesson") end
  R:save()
  M.current = nil
  R:say(i18n.t("left", R.L.id, R.L.id))
  return true
end


return M
