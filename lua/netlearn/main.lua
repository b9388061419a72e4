--[[ netlearn.main -- the command line of the `netlearn` program.

Parses options, enters the sandbox (lua/../src/sandbox.c) and dispatches:
no arguments -> the interactive shell; `run FILE|LESSON` (always a lesson,
contained: DESIGN 3c), `lua FILE` (trusted Lua, the learner's own choice),
`check [LESSON...]`, `list`, `doctor`. Returns an exit status, or "shell" to
start the REPL in C.
]]
-- The sysctl write policy and the namespace baseline first (they wrap and
-- take functions of netlearn.core), then every module that requires
-- netlearn.core gets the machine-aware view.
require("netlearn.baseline").install()
require("netlearn.machine").install()
-- While a lesson is at work, Lua's own file and program functions refuse.
require("netlearn.guard").install()

local M = {}

local USAGE = [==[
usage: netlearn [--lang en|zh] [COMMAND [ARG...]]

  netlearn                      start the interactive shell
  netlearn run FILE|LESSON      walk a lesson step by step (any file: always a
                                lesson, contained: it runs netlearn commands
                                only and writes no file)
  netlearn lua FILE             run FILE as TRUSTED Lua: full Lua and the whole
                                net module, programs and files included; only
                                for code you wrote or trust
  netlearn check [LESSON...]    run lessons unattended, print TAP
  netlearn list                 list the lessons with your progress
  netlearn doctor               what this kernel gives a lab, and what is missing
  netlearn challenge LESSON [--seed N] [--level 1|2|3] [--kind NAME] [--faults FILE] [--solution]
                                a troubleshooting challenge: the lesson's lab,
                                broken; find and fix it (--selftest [LESSON...])
  netlearn --help | --version

Every session runs in its own sandbox (user, mount, network and PID
namespaces); nothing touches the machine and nothing is left behind.]==]

local USAGE_ZH = [==[
用法：netlearn [--lang en|zh] [命令 [参数...]]

  netlearn                      启动交互式 shell
  netlearn run 文件|课程        一步一步地上一门课程（任何文件都当作课程，并且受限：
                                只运行 netlearn 命令，不写文件）
  netlearn lua 文件             把文件当作可信的 Lua 运行：完整的 Lua 和整个 net 模块，
                                包括运行程序和读写文件；只用于你自己写的或信任的代码
  netlearn check [课程...]      无人值守地运行课程，输出 TAP
  netlearn list                 列出课程和你的进度
  netlearn doctor               这个内核能为实验提供什么，还缺什么
  netlearn challenge 课程 [--seed N] [--level 1|2|3] [--solution]
                                排障挑战：课程的实验环境被弄坏了，找到并修好它
                                （--selftest [课程...]）
  netlearn --help | --version

每个会话都在自己的沙箱里运行（用户、挂载、网络和 PID 命名空间）；
不会动到本机，也不会留下任何东西。]==]

local function err(msg)
  io.stderr:write("netlearn: ", msg, "\n")
end

-- the usage in the learner's language (the language is known once the options are read)
local function usage()
  local i18n = package.loaded["netlearn.i18n"]
  return (i18n and i18n.lang == "zh") and USAGE_ZH or USAGE
end

local function enter_sandbox()
  local files = require("netlearn.files")     -- loaded while we still can read it
  local diag = require("netlearn.sandboxdiag")
  local who = diag.snapshot()                   -- who we are before trying
  -- the machine's own values (doctor; what the kernel copies into a new namespace)
  require("netlearn.baseline").snapshot_machine()
  local ok, msg = NETLEARN_SANDBOX_ENTER()
  if not ok then
    err(diag.explain(msg, who))  -- one line: the cause and the fix
    return false
  end
  files.install()   -- the shell's own files: with the learner's rights (netlearn.files)
  local n, e = require("netlearn.baseline").apply_host()   -- the sandbox's own namespace too
  if not n then
    err(e)
    return false
  end
  return true
end

-- `netlearn lua FILE`: a trusted Lua script; errors as FILE:LINE: message.
local function run_script(path)
  local chunk, msg
  if path == "-" or path == "/dev/stdin" then
    -- the descriptor netlearn already holds: reopening /dev/stdin from inside
    -- the sandbox can be refused (a file of the machine's root, a here-document)
    chunk, msg = load(io.stdin:read("a") or "", "=stdin")
  else
    chunk, msg = loadfile(path)
  end
  if not chunk then
    local f = io.open(path, "r")
    if not f then
      err(path .. ": cannot open file: no such file or it is not readable")
    else
      f:close()
      io.stderr:write(msg, "\n")
    end
    return 1
  end
  local ok, e = xpcall(chunk, function(m)
    if type(m) == "string" and m:find("interrupted", 1, true) then return m end
    return m
  end)
  if not ok then
    io.stderr:write(tostring(e), "\n")
    return 1
  end
  return 0
end

function M.main(args)
  local opts = { lang = nil, trust = false }
  local i = 1
  local want_help = false
  while i <= #args do
    local a = args[i]
    if a == "-h" or a == "--help" then
      -- help at once, whatever follows (as before), in the language --lang names anywhere
      want_help = true
      for k = i + 1, #args do
        local v = args[k]:match("^%-%-lang=(.*)$") or (args[k] == "--lang" and args[k + 1])
        if v == "en" or v == "zh" then opts.lang = v end
      end
      break
    elseif a == "-V" or a == "--version" then
      print("netlearn " .. require("netlearn.core").version())
      return 0
    elseif a == "--lang" or a:match("^%-%-lang=") then
      local v = a:match("^%-%-lang=(.*)$")
      if not v then
        i = i + 1
        v = args[i]
      end
      if v ~= "en" and v ~= "zh" then
        err("--lang takes en or zh" .. (v and (", not '" .. v .. "'") or ""))
        io.stderr:write(USAGE:match("^[^\n]*"), "\n")
        return 2
      end
      opts.lang = v
    elseif a == "--trust-lessons" then
      err("--trust-lessons is gone: a lesson always runs contained; to run Lua you trust, " ..
        "with the whole net module, use 'netlearn lua FILE'")
      return 2
    elseif a:sub(1, 1) == "-" and a ~= "-" then
      err("unknown option '" .. a .. "'")
      io.stderr:write(USAGE:match("^[^\n]*"), "\n")
      return 2
    else
      break
    end
    i = i + 1
  end
  local i18n = require("netlearn.i18n")
  i18n.set(opts.lang)
  if want_help then
    print(usage())
    return 0
  end
  local cmd = args[i]
  local rest = { table.unpack(args, i + 1) }

  if cmd == nil then
    if not enter_sandbox() then return 1 end
    require("netlearn.shell").greet = true   -- the banner, on a terminal only
    return "shell"
  elseif cmd == "run" then
    if #rest ~= 1 then
      err("run takes one FILE or LESSON name, e.g. 'netlearn run lessons/ipip.lua'")
      return 2
    end
    if not enter_sandbox() then return 1 end
    return require("netlearn.lesson").run_cli(rest[1], opts)
  elseif cmd == "lua" then
    if #rest ~= 1 then
      err("lua takes one FILE of trusted Lua, e.g. 'netlearn lua mylab.lua' (lessons: 'netlearn run LESSON')")
      return 2
    end
    if not enter_sandbox() then return 1 end
    _G.net = require("netlearn.core")
    return run_script(rest[1])
  elseif cmd == "challenge" then
    local ch = require("netlearn.challenge")
    local o, e = ch.parse(rest)
    if not o then
      err(e)
      return 2
    end
    if not enter_sandbox() then return 1 end
    return ch.cli(o)
  elseif cmd == "check" or cmd == "list" or cmd == "doctor" then
    local mod = require(cmd == "doctor" and "netlearn.doctor" or "netlearn.lesson")
    if not enter_sandbox() then return 1 end
    return mod[cmd .. "_cli"](rest, opts)
  else
    err("unknown command '" .. cmd .. "'")
    io.stderr:write(USAGE:match("^[^\n]*"), "\n")
    return 2
  end
end

return M
