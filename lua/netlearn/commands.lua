--[[ netlearn.commands -- the registry of shell commands and the line splitter.

A command line as the articles write it is split like a shell would: words
with '...' and "..." quoting and backslash escapes, `#` comments, `&&`, `||`
and `;` between commands, a trailing `&` for background, `>`/`>>` redirection,
`~` and `~/...` at the start of an unquoted word for $HOME,
a leading `sudo` dropped (the learner is root in the sandbox). Each command is
a function registered here by a module under netlearn.cmd.*; it receives its
words and a context, prints through the context, and returns an exit status.

A command that fails says so one way: `commands.fail(status, message, hint)`
raises a failure, which the dispatcher (run_words) catches and reports -- the
real tool's words (a line, or a list of lines), then one line of hint in the
learner's language -- and whose status it returns. A command checks the whole
line before it changes anything, so a failure changes nothing. Any other Lua
error in a command is not a failure: it goes on up as an internal error.

  local commands = require("netlearn.commands")
  commands.register("echo", { run = function(argv, ctx) ctx:out(...) return 0 end,
                              help = "echo WORDS", complete = function(words) ... end })
  commands.execute("ip netns add net1 && ip netns ls")   --> ok, status
  commands.fail(2, "RTNETLINK answers: File exists", L("'ip link' lists them", "'ip link' 列出它们"))
]]
local M = {}

local registry = {}      -- name -> spec {run, help, summary, complete, examples}
local order = {}         -- names in registration order (for help)
M.registry = registry

-- The modules that register commands; loaded on first use.
M.modules = {
  "netlearn.cmd.builtin", "netlearn.cmd.ip", "netlearn.cmd.bridge", "netlearn.cmd.sysctl",
  "netlearn.cmd.iptables", "netlearn.cmd.route", "netlearn.cmd.probes", "netlearn.cmd.ping6", "netlearn.cmd.lab", "netlearn.cmd.lesson",
  "netlearn.cmd.see",
  "netlearn.cmd.why",
}

function M.register(name, spec)
  assert(type(name) == "string" and type(spec) == "table" and type(spec.run) == "function",
    "commands.register(name, {run=function ...})")
  -- one command, one module: a second registration would silently replace the
  -- first (a command that wraps another says so: M.replace)
  assert(not registry[name], "commands.register: '" .. name .. "' is registered twice (M.replace wraps one)")
  order[#order + 1] = name
  registry[name] = spec
end

-- Put SPEC in the place of the registered command NAME (e.g. the challenge
-- wraps hint/why/end/quit while it runs, and calls the old spec otherwise).
function M.replace(name, spec)
  assert(registry[name] and type(spec) == "table" and type(spec.run) == "function",
    "commands.replace: '" .. tostring(name) .. "' is not a registered command")
  registry[name] = spec
end

function M.names()
  local t = {}
  for _, n in ipairs(order) do t[#t + 1] = n end
  return t
end

local loaded = false
function M.load_all()
  if loaded then return end
  loaded = true
  for _, m in ipairs(M.modules) do require(m) end
end

function M.lookup(name)
  M.load_all()
  return registry[name]
end

---------------------------------------------------------------------------
-- Splitting a line.
-- Returns a list of pipelines: { {words={...}, op="&&"|"||"|";"|nil,
-- background=bool, redirect={op=">", target=...}}, ... }
-- or nil, message; or false, "incomplete" when a quote or trailing \ is open.
---------------------------------------------------------------------------
-- the sudo in front of each command: the learner is already root inside the sandbox
local function drop_sudo(cmds)
  for _, c in ipairs(cmds) do
    while c.words[1] == "sudo" do
      table.remove(c.words, 1)
      while c.words[1] and c.words[1]:match("^%-") do table.remove(c.words, 1) end
    end
    if #c.words == 0 then return nil, "sudo: a command is needed after sudo" end
  end
  return cmds
end

function M.split(line)
  -- most lines are plain words (no quote, escape, comment, operator, redirection
  -- or ~): cut them at white space, without the walk below (every line, every
  -- lesson step and every piped line comes through here)
  if not line:find("['\"\\#|&;>~]") then
    local words = {}
    for w in line:gmatch("%S+") do words[#words + 1] = w end
    if #words == 0 then return {} end
    return drop_sudo({ { words = words, background = false } })
  end
  local cmds, words, cur, have = {}, {}, {}, false
  local redirect, pending_redirect = nil, nil
  local i, n = 1, #line
  local function endword()
    if have then
      local w = table.concat(cur)
      if pending_redirect then
        redirect = { op = pending_redirect, target = w }
        pending_redirect = nil
      else
        words[#words + 1] = w
      end
    end
    cur, have = {}, false
  end
  local function endcmd(op, background)
    endword()
    if pending_redirect then return nil, "syntax error: redirection '" .. pending_redirect .. "' needs a file name" end
    if #words == 0 and (op or background or redirect) then
      return nil, "syntax error near unexpected token '" .. (op or "&") .. "'"
    end
    if #words > 0 then
      cmds[#cmds + 1] = { words = words, op = op, background = background or false, redirect = redirect }
    end
    words, redirect = {}, nil
    return true
  end
  while i <= n do
    local c = line:sub(i, i)
    if c == "'" then
      local j = line:find("'", i + 1, true)
      if not j then return false, "incomplete" end
      cur[#cur + 1] = line:sub(i + 1, j - 1)
      have = true
      i = j + 1
    elseif c == '"' then
      local j = i + 1
      local buf = {}
      while true do
        if j > n then return false, "incomplete" end
        local d = line:sub(j, j)
        if d == '"' then break end
        if d == "\\" and j < n and line:sub(j + 1, j + 1):match('["\\$`]') then
          buf[#buf + 1] = line:sub(j + 1, j + 1)
          j = j + 2
        else
          buf[#buf + 1] = d
          j = j + 1
        end
      end
      cur[#cur + 1] = table.concat(buf)
      have = true
      i = j + 1
    elseif c == "\\" then
      if i == n then return false, "incomplete" end     -- continued line
      cur[#cur + 1] = line:sub(i + 1, i + 1)
      have = true
      i = i + 2
    elseif c == "#" and not have then
      break                                              -- comment
    elseif c:match("%s") then
      endword()
      i = i + 1
    elseif c == "&" and line:sub(i + 1, i + 1) == "&" then
      local ok, e = endcmd("&&")
      if not ok then return nil, e end
      i = i + 2
    elseif c == "|" and line:sub(i + 1, i + 1) == "|" then
      local ok, e = endcmd("||")
      if not ok then return nil, e end
      i = i + 2
    elseif c == "|" then
      local before, word = line:match("^%s*(.-)%s*|%s*grep%s+['\"]?([%w_%.%-/]+)['\"]?%s*$")
      if before and before:match("sysctl") and before:match("%-a") then
        return nil, "pipes ('|') are not supported in netlearn's command lines; write it as: "
          .. before .. " -r " .. word
      end
      if require("netlearn.i18n").lang == "zh" then
        return nil, "netlearn 的命令行不支持管道（'|'）；在这一行前面加 '!' 用真实的工具运行它（!" ..
          line:match("^%s*(.-)%s*$") .. "），或者用 Lua 处理输出"
      end
      return nil, "pipes ('|') are not supported in netlearn's command lines; put '!' before the line"
        .. " to run it with the real tools (!" .. line:match("^%s*(.-)%s*$") .. "), or use Lua to process output"
    elseif c == "&" then
      local ok, e = endcmd(";", true)
      if not ok then return nil, e end
      i = i + 1
    elseif c == ";" then
      local ok, e = endcmd(";")
      if not ok then return nil, e end
      i = i + 1
    elseif c == ">" then
      endword()
      if line:sub(i + 1, i + 1) == ">" then
        pending_redirect = ">>"
        i = i + 2
      else
        pending_redirect = ">"
        i = i + 1
      end
    elseif c == "~" and not have and (i == n or line:sub(i + 1, i + 1):match("[/%s;&|>]"))
        and os.getenv("HOME") and os.getenv("HOME") ~= "" then
      -- an unquoted ~ or ~/... at the start of a word is the learner's home, as in a shell
      cur[#cur + 1] = os.getenv("HOME")
      have = true
      i = i + 1
    else
      cur[#cur + 1] = c
      have = true
      i = i + 1
    end
  end
  local ok, e = endcmd(nil)
  if not ok then return nil, e end
  local last = cmds[#cmds]
  if last and (last.op == "&&" or last.op == "||") then return false, "incomplete" end
  return drop_sudo(cmds)
end

-- Does this line start with a registered command word (and not Lua)?
function M.is_command(line)
  local word, after = line:match("^%s*([%w_%-%.]+)(.?)")
  if not word then return false end
  if word == "sudo" then return true end
  if not M.lookup(word) then return false end
  -- `ip = 3`, `ping(...)`, `net.x` are Lua
  local rest = line:match("^%s*[%w_%-%.]+%s*(.?)")
  if after ~= "" and not after:match("%s") then return false end
  if rest == "=" and not line:match("^%s*[%w_%-%.]+%s*==") then return false end
  if rest == "(" then return false end
  return true
end

---------------------------------------------------------------------------
-- Context: where a command prints, and in which namespace it acts.
---------------------------------------------------------------------------
local Ctx = {}
Ctx.__index = Ctx

-- sinks: functions(str) for stdout and stderr; default io.stdout/io.stderr
function M.context(opts)
  opts = opts or {}
  return setmetatable({
    ns = opts.ns or "",                 -- "" is the host (the sandbox's namespace)
    stdout = opts.stdout or function(s) io.stdout:write(s) end,
    stderr = opts.stderr or function(s) io.stderr:write(s) end,
    background = false,
    results = opts.results or {},       -- probes append their Lua results here
  }, Ctx)
end

function Ctx:out(...)
  local n = select("#", ...)
  for k = 1, n do self.stdout(tostring((select(k, ...)))) end
end

function Ctx:outln(...)
  self:out(...)
  self.stdout("\n")
end

function Ctx:errln(...)
  local t = {}
  for k = 1, select("#", ...) do t[#t + 1] = tostring((select(k, ...))) end
  -- the one place a command's error line reaches the learner: C's English
  -- messages in Chinese under zh (netlearn.errors_zh)
  self.stderr(require("netlearn.errors_zh").line(table.concat(t)) .. "\n")
end

-- a child context for `ip netns exec NS ...`
function Ctx:with_ns(ns)
  local c = setmetatable({}, Ctx)
  for k, v in pairs(self) do c[k] = v end
  c.ns = ns
  return c
end

---------------------------------------------------------------------------
-- Failing: the one way a command reports an expected failure.
--   commands.fail(status, message, hint)
-- status: the exit status the command returns (ip's 1, 2 or 255, iptables' 1-4);
-- message: the real tool's own words, one line or a list of lines (iptables'
-- "Try `iptables -h' ..." line); hint: nil or one line of plain language, worded
-- when it is raised in the current language (a module's L(en, zh)); it is
-- printed after "hint: " (after "提示：" when it is Chinese) unless it already
-- starts with one of them. Every line goes through Ctx:errln, so C's English
-- words are put in Chinese under zh (netlearn.errors_zh).
-- commands.failure(...) makes the same object without raising it, for a parser
-- that hands its refusal back (nil, failure) to the command that raises it.
---------------------------------------------------------------------------
local Failure = {}
Failure.__index = Failure
Failure.__tostring = function(f)      -- if one ever escapes the dispatcher
  return "netlearn: " .. table.concat(f.lines, "\n") .. (f.hint and ("\n" .. f.hint) or "")
end

function M.failure(status, message, hint)
  assert(math.type(status) == "integer", "commands.fail(status, message, hint): status is an integer")
  local lines = type(message) == "table" and message or { tostring(message) }
  return setmetatable({ status = status, lines = lines, hint = hint }, Failure)
end

function M.fail(status, message, hint)
  error(M.failure(status, message, hint), 0)
end

function M.is_failure(v) return getmetatable(v) == Failure end

-- Print failure f in ctx (its lines, then its hint); returns its status.
function M.report(ctx, f)
  for _, l in ipairs(f.lines) do ctx:errln(l) end
  local h = f.hint
  if h ~= nil then
    h = tostring(h)
    if h:sub(1, 6) == "hint: " or h:sub(1, #"提示：") == "提示：" then
      ctx:errln(h)
    else
      -- the prefix in the hint's own language (a few hints have no Chinese yet)
      ctx:errln(h:find("[\228-\233]") and "提示：" or "hint: ", h)
    end
  end
  return f.status
end

---------------------------------------------------------------------------
-- Lessons run netlearn commands only (DESIGN 3c, netlearn.guard). A command
-- spec may have `lesson = function(args, sub) -> nil | message`: the message
-- says why the command may not run in a lesson and what to write instead;
-- sub(words) checks a command nested in it (bash -c, ip netns exec, on).
-- The same check runs when a lesson is loaded (every static command line)
-- and, while a lesson is at work, before every command runs.
---------------------------------------------------------------------------
local function quote_words(words)
  local t = {}
  for i, w in ipairs(words) do
    if i > 4 then t[#t + 1] = "..." break end
    t[#t + 1] = w
  end
  return table.concat(t, " ")
end

-- nil, or why words (one command, already split) may not run in a lesson
function M.lesson_problem(words, depth)
  depth = (depth or 0) + 1
  if depth > 20 then return "commands nested more than 20 deep" end
  local name = words[1]
  if not name then return nil end
  local spec = M.lookup(name)
  if not spec then
    return string.format("'%s' is not a netlearn command, and a lesson starts no real program " ..
      "(write a netlearn command, e.g. 'ip netns exec net1 ip addr'; 'help' lists them; a learner " ..
      "runs real programs with '!%s' in the shell)", name, quote_words(words))
  end
  if spec.lesson then
    local args = { table.unpack(words, 2) }
    return spec.lesson(args, function(sub) return M.lesson_problem(sub, depth) end,
      function(line) return M.lesson_problem_line(line, depth) end)
  end
  return nil
end

local function redirect_problem(r)
  if r and not (r.op == ">" and r.target:match("^/proc/sys/[%w_%.%-/]+$") and not r.target:find("..", 1, true)) then
    return "'" .. r.op .. " " .. r.target .. "' writes a file, and a lesson writes no file " ..
      "(only 'echo VALUE > /proc/sys/...' sets a sysctl; or write 'sysctl -w KEY=VALUE')"
  end
  return nil
end

-- nil, or why a whole command line may not run in a lesson
function M.lesson_problem_line(line, depth)
  local cmds, e = M.split(line)
  if not cmds then return nil end        -- unreadable lines are reported elsewhere
  for _, c in ipairs(cmds) do
    local p = redirect_problem(c.redirect) or M.lesson_problem(c.words, depth)
    if p then return p end
  end
  return nil
end

-- The commands that take a trailing `&` (background jobs, or a command that
-- runs another: ip netns exec, on, bash -c) or a `>` redirection (echo into
-- /proc/sys, or a command that runs another); the others refuse them rather
-- than ignore them. A spec can say so itself: {background = true, redirect = true}.
local function runs_another(words)   -- ip netns exec NS ... (ip -n NS exec does not exist)
  for k = 2, #words do if words[k] == "exec" then return true end end
  return false
end
M.BACKGROUND = { tcpdump = true, python3 = true, python = true, ip = runs_another, on = true, bash = true, sh = true }
M.REDIRECT = { echo = true, ip = runs_another, on = true, bash = true, sh = true }
local function allows(v, words)
  if type(v) == "function" then return v(words) end
  return v
end

-- Run one already-split command in ctx. Returns its status.
function M.run_words(words, ctx, cmd)
  local name = words[1]
  local guard = require("netlearn.guard")
  if guard.active() then
    local p = redirect_problem(cmd and cmd.redirect) or M.lesson_problem(words)
    if p then guard.refuse(p) end
  end
  local spec = M.lookup(name)
  if not spec then
    if ctx.external and not guard.active() then return ctx.external(words, ctx, cmd) end
    local dym = require("netlearn.welcome").did_you_mean(name, M.names())
    if require("netlearn.i18n").lang == "zh" then
      ctx:errln(name, "：没有这个命令（", dym or "", "输入 'help' 查看 netlearn 认识的命令，或输入 '!", name, " ...' 运行真实程序）")
      return 127
    end
    ctx:errln(name, ": command not found (", dym and (dym .. " ") or "", "type 'help' for the commands netlearn knows, or '!",
      name, " ...' to run a real program)")
    return 127
  end
  if cmd and cmd.redirect and not allows(spec.redirect or M.REDIRECT[name], words) then
    if require("netlearn.i18n").lang == "zh" then
      ctx:errln("netlearn：", name, " 不支持重定向（'", cmd.redirect.op, "'）（只有 echo 值 > /proc/sys/... 可以）：",
        "什么也没运行；在这一行前面加 '!' 用真实的工具运行它")
      return 2
    end
    ctx:errln("netlearn: redirection ('", cmd.redirect.op, "') is not supported for ", name,
      " (only echo VALUE > /proc/sys/...): nothing was run; put '!' before the line to run it with the real tools")
    return 2
  end
  if cmd and cmd.background and not allows(spec.background or M.BACKGROUND[name], words) then
    if require("netlearn.i18n").lang == "zh" then
      ctx:errln("netlearn：'&' 只能把 tcpdump、python3 -m http.server 和真实程序放到后台，不能放 ", name,
        "：什么也没运行；去掉 '&' 再输入")
      return 2
    end
    ctx:errln("netlearn: '&' runs only tcpdump, python3 -m http.server and real programs in the background,",
      " not ", name, ": nothing was run; type it without '&'")
    return 2
  end
  local args = { table.unpack(words, 2) }
  ctx.redirect = cmd and cmd.redirect or nil
  ctx.background = cmd and cmd.background or false
  local ok, status = pcall(spec.run, args, ctx)
  ctx.redirect = nil
  if not ok then
    if getmetatable(status) ~= Failure then error(status, 0) end   -- a bug, or Ctrl-C: not a failure
    status = M.report(ctx, status)
  end
  if status == "exit" then return "exit" end
  return tonumber(status) or 0
end

-- Execute a whole line. Returns ok(boolean), last status; or false, "incomplete".
function M.execute(line, ctx)
  ctx = ctx or M.context()
  local cmds, e = M.split(line)
  if cmds == false then return false, "incomplete" end
  if not cmds then
    ctx:errln("netlearn: ", e)
    return false, 2
  end
  local status, skip = 0, false
  for _, c in ipairs(cmds) do
    if not skip then
      status = M.run_words(c.words, ctx, c)
      if status == "exit" then return true, "exit" end
    end
    if c.op == "&&" then skip = status ~= 0
    elseif c.op == "||" then skip = status == 0
    else skip = false end
  end
  return status == 0, status
end

---------------------------------------------------------------------------
-- Commands that only look at the lab. A spec says so with `looks`: true, or
-- function(args, sub) for a command whose subcommands differ (ip link show
-- looks, ip link set does not; sub(words) asks about a command it runs). A
-- lesson's task re-checks its claims after a line only when the line may have
-- changed the lab (netlearn.lesson): a ping typed to see costs no probes.
-- Unknown or unsure is "changes".
---------------------------------------------------------------------------
function M.looks(words, depth)
  depth = (depth or 0) + 1
  if depth > 20 or not words[1] then return false end
  local spec = M.lookup(words[1])
  local l = spec and spec.looks
  if type(l) == "function" then
    return l({ table.unpack(words, 2) }, function(sub) return M.looks(sub, depth) end) == true
  end
  return l == true
end

-- Does the whole line only look (every command of it, no redirection)?
function M.only_looks(line)
  local cmds = M.split(line)
  if not cmds or #cmds == 0 then return false end
  for _, c in ipairs(cmds) do
    if c.redirect or not M.looks(c.words) then return false end
  end
  return true
end

---------------------------------------------------------------------------
-- What a line will need, made ready before it runs. A spec may say so with
-- `prepare(args, ns, sub)`: tcpdump arms its capture ring ahead (the kernel
-- takes an RCU grace period to set a ring up), `ip netns exec NS` passes the
-- command it runs on with sub(words, NS). A lesson calls it for a step's
-- lines before it runs them, so the ring is armed while the lines before
-- run. Nothing a learner sees changes, and a failure is ignored: the command
-- does the work itself then, as before.
---------------------------------------------------------------------------
function M.prepare(words, ns, depth)
  depth = (depth or 0) + 1
  if depth > 20 or not words[1] then return end
  local spec = M.lookup(words[1])
  local p = spec and spec.prepare
  if type(p) ~= "function" then return end
  pcall(p, { table.unpack(words, 2) }, ns or "", function(sub, sub_ns) M.prepare(sub, sub_ns, depth) end)
end

function M.prepare_line(line, ns)
  local cmds = M.split(line)
  for _, c in ipairs(cmds or {}) do M.prepare(c.words, ns) end
end

---------------------------------------------------------------------------
-- Prefix matching of keywords, the iproute2 way (`ip l s`, `ip a a`).
-- candidates: ordered list; the first that starts with word wins, which is
-- how iproute2 resolves `ip a` to addr and `ip r` to route.
---------------------------------------------------------------------------
function M.match(word, candidates)
  if not word then return nil end
  for _, c in ipairs(candidates) do
    if c == word then return c end
  end
  for _, c in ipairs(candidates) do
    if c:sub(1, #word) == word then return c end
  end
  return nil
end

return M
