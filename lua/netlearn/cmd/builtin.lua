--[[ netlearn.cmd.builtin -- the shell's own words: help, exit, echo, cd-like `netns`.

`help` lists every registered command with its one-line summary; `help ip`
shows a command's usage and examples. `echo 1 > /proc/sys/...` is how the
articles turn on ip_forward: echo with a redirection into /proc/sys becomes
a sysctl write through netlearn's primitive, inside the current namespace.
]]
local commands = require("netlearn.commands")
local net = require("netlearn.core")
-- en or zh, in the learner's language (netlearn.i18n)
local function L(en, zh) return require("netlearn.i18n").lang == "zh" and zh or en end

commands.register("help", {
  summary = "the commands by group ('?' too), 'help all' every one, 'help ip' one",
  help = "help [all|COMMAND]\n  help          the commands by group (fits one screen); '?' is the same\n" ..
    "  help all      every command with a summary\n  help ip       usage and examples of one command",
  run = function(args, ctx)
    commands.load_all()
    local hz = require("netlearn.help_zh")
    if not args[1] then
      for _, l in ipairs(require("netlearn.welcome").help_lines(commands.registry, commands.names())) do
        ctx:outln(l)
      end
      return 0
    end
    if args[1] ~= "all" then
      local spec = commands.registry[args[1]]
      if not spec then
        local dym = require("netlearn.welcome").did_you_mean(args[1], commands.names())
        if require("netlearn.i18n").lang == "zh" then
          commands.fail(1, "help：没有命令 '" .. args[1] .. "'；" .. (dym or "") .. "输入 'help' 查看列表")
        end
        commands.fail(1, "help: no command '" .. args[1] .. "'; " .. (dym and (dym .. " ") or "") .. "type 'help' for the list")
      end
      ctx:outln(hz.text(args[1], spec))
      return 0
    end
    ctx:outln(require("netlearn.i18n").pick({
      en = "Commands (type 'help NAME' for details; anything else is Lua; !CMD runs a real program):",
      zh = "命令（'help 命令名' 看详情；其他输入按 Lua 执行；'!命令' 运行真实程序）：" }))
    for _, n in ipairs(commands.names()) do
      local s = commands.registry[n].summary and hz.summary(n, commands.registry[n])
      if s then ctx:outln(string.format("  %-12s %s", n, s)) end
    end
    return 0
  end,
})

-- `exit N` leaves with status N, as a shell does (netlearn.shell.exit_code)
local function leave(args, ctx)
  if args and args[1] then
    local n = args[1]:match("^%d+$") and tonumber(args[1])
    if not n or n > 255 or args[2] then
      commands.fail(2, "exit: '" .. tostring(table.concat(args, " ")) .. L("' is not a status; write exit or exit N (N from 0 to 255)",
        "' 不是退出状态；写 exit 或 exit N（N 是 0 到 255）"))
    end
    require("netlearn.shell").exit_code = n
  end
  return "exit"
end
local function no_exit(_) return "a lesson cannot end netlearn (leave 'exit' out: the lesson ends after its last step)" end
commands.register("exit", { summary = "leave netlearn (or Ctrl-D); exit N leaves with status N",
  help = "exit [N]\n  leave netlearn (Ctrl-D too); with N (0-255) netlearn's exit status is N", run = leave,
  lesson = no_exit })

commands.register("echo", {
  summary = "print words; 'echo 1 > /proc/sys/net/ipv4/ip_forward' sets a sysctl",
  help = "echo [-n] WORD...\n  echo 1 > /proc/sys/net/ipv4/ip_forward   (the articles' way to turn on forwarding)",
  run = function(args, ctx)
    local nl = true
    if args[1] == "-n" then nl = false table.remove(args, 1) end
    local text = table.concat(args, " ")
    local r = ctx.redirect
    if r then
      local key = r.target:match("^/proc/sys/(.+)$")
      if not key then
        commands.fail(1, L("echo: netlearn writes only to /proc/sys/... (sysctls of the current namespace), not to ",
          "echo：netlearn 只写 /proc/sys/...（当前命名空间的 sysctl），不写 ") .. tostring(r.target))
      end
      local ok, e = net.sysctl_set(ctx.ns, key, text)
      if not ok then
        commands.fail(1, "bash: echo: write error: " .. tostring(e))
      end
      return 0
    end
    ctx:out(text, nl and "\n" or "")
    return 0
  end,
})

-- `bash -c 'LINE'` / `sh -c 'LINE'`: the articles' `sudo bash -c 'echo 1 > /proc/sys/...'`.
-- LINE runs as a netlearn command line in the same namespace. Any other use of bash/sh
-- (`ip netns exec net1 bash`) starts the real program there, as it did before this command.
local function shell_c(name)
  return function(args, ctx)
    if args[1] == "-c" and args[2] and not args[3] then
      local _, status = commands.execute(args[2], ctx)
      return tonumber(status) or (status == "exit" and 0) or 1
    end
    local words = { name, table.unpack(args) }
    if ctx.external then return ctx.external(words, ctx, { redirect = ctx.redirect, background = ctx.background }) end
    io.stdout:flush()
    local code, e = net.run(ctx.ns or "", words, ctx.background and { background = true } or nil)
    if not code then
      commands.fail(127, tostring(name) .. ": " .. tostring(e))
    end
    if ctx.background then ctx:outln("[", code, "]") return 0 end
    return code
  end
end
-- in a lesson: bash -c LINE is netlearn commands (checked in turn); anything else starts the real shell
local function shell_lesson(name)
  return function(args, _, sub_line)
    if args[1] == "-c" and args[2] and not args[3] then return sub_line(args[2]) end
    return "'" .. name .. (args[1] and (" " .. args[1]) or "") .. "' starts the real " .. name ..
      ", and a lesson starts no real program (write " .. name .. " -c 'LINE' with netlearn commands in LINE, " ..
      "or the commands themselves)"
  end
end

commands.register("bash", { lesson = shell_lesson("bash"), summary = "bash -c 'LINE': one netlearn command line (sudo bash -c 'echo 1 > ...')",
  help = "bash -c 'COMMAND LINE'   runs the line as netlearn commands, e.g.\n" ..
    "  sudo bash -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'\n" ..
    "bash (anything else) starts the real bash in the current namespace", run = shell_c("bash") })
commands.register("sh", { lesson = shell_lesson("sh"), help = "sh -c 'COMMAND LINE' (as bash -c); sh alone starts the real sh", run = shell_c("sh") })

-- Machines: see netlearn.machine. `machine host141` works on host141 until
-- `machine` (alone) leaves it; `on host141 CMD...` runs one command there.
local machine = require("netlearn.machine")

commands.register("machine", {
  summary = "work on one machine of the lab: machine host141 (alone: back to the sandbox)",
  help = "machine [NAME]\n" ..
    "  A machine is a namespace with namespaces of its own (the IPIP article's two hosts each have ns1).\n" ..
    "  machine host141     commands now run on host141: 'ip netns add ns1' makes host141's ns1\n" ..
    "  machine             back to the sandbox's own view, which sees every namespace\n" ..
    "  on host142 ip netns exec ns1 ping 10.1.5.10 -c 1     one command on another machine",
  run = function(args, ctx)
    if #args > 1 then
      commands.fail(2, L("machine: takes one NAME (or none to leave the machine), e.g. 'machine host141'",
        "machine：只带一个名字（不带则离开这台机器），例如 'machine host141'"))
    end
    local shell = require("netlearn.shell")
    local prev = machine.current
    local ok, e = machine.set(args[1])
    if not ok then
      commands.fail(1, L("machine: ", "machine：") .. tostring(e))
    end
    if prev ~= machine.current then shell.ns = "" end
    return 0
  end,
})

-- help and echo only look (an echo into /proc/sys is a redirection: commands.only_looks)
for _, n in ipairs({ "help", "echo" }) do commands.registry[n].looks = true end

commands.register("on", {
  lesson = function(args, sub) return #args >= 2 and sub({ table.unpack(args, 2) }) or nil end,
  looks = function(args, sub) return #args >= 2 and sub({ table.unpack(args, 2) }) end,
  -- what the command will need, made ready on that machine (commands.prepare)
  prepare = function(args, _, sub)
    if #args >= 2 then machine.on(args[1], sub, { table.unpack(args, 2) }, "") end
  end,
  summary = "run one command on a machine: on host142 ip netns exec ns1 ip addr",
  help = "on MACHINE COMMAND...\n  on host142 ip route      run one command on host142 (see 'help machine')",
  run = function(args, ctx)
    if #args < 2 then
      commands.fail(2, L("on: usage: on MACHINE COMMAND..., e.g. 'on host141 ip addr'", "on：用法：on 机器 命令...，例如 'on host141 ip addr'"))
    end
    local name = table.remove(args, 1)
    local status
    local ok, e = machine.on(name, function()
      local c = ctx:with_ns("")
      status = commands.run_words(args, c, nil)
    end)
    if ok == nil and e then
      commands.fail(1, L("on: ", "on：") .. tostring(e))
    end
    return status
  end,
})
