--[[ netlearn.cmd.builtin -- the shell's own words: help, exit, echo, cd-like `netns`.

`help` lists every registered command with its one-line summary; `help ip`
shows a command's usage and examples. `echo 1 > /proc/sys/...` is how the
articles turn on ip_forward: echo with a redirection into /proc/sys becomes
a sysctl write through netlearn's primitive, inside the current namespace.
]]
local commands = require("netlearn.commands")
local net = require("netlearn.core")

commands.register("help", {
  summary = "list the commands, or show one: help ip",
  help = "help [COMMAND]\n  help          every command with a summary\n  help ip       usage and examples of one command",
  run = function(args, ctx)
    commands.load_all()
    if args[1] then
      local spec = commands.registry[args[1]]
      if not spec then
        ctx:errln("help: no command '", args[1], "'; type 'help' for the list")
        return 1
      end
      ctx:outln(spec.help or spec.summary or args[1])
      return 0
    end
    ctx:outln("Commands (type 'help NAME' for details; anything else is Lua; !CMD runs a real program):")
    for _, n in ipairs(commands.names()) do
      local s = commands.registry[n].summary
      if s then ctx:outln(string.format("  %-12s %s", n, s)) end
    end
    return 0
  end,
})

local function leave(_, _) return "exit" end
commands.register("exit", { summary = "leave netlearn (or Ctrl-D)", run = leave })
commands.register("quit", { run = leave })

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
        ctx:errln("echo: netlearn writes only to /proc/sys/... (sysctls of the current namespace), not to ", r.target)
        return 1
      end
      if not net.sysctl_set then
        ctx:errln("echo: sysctls are not available in this build")
        return 1
      end
      local ok, e = net.sysctl_set(ctx.ns, key, text)
      if not ok then
        ctx:errln("bash: echo: write error: ", e)
        return 1
      end
      return 0
    end
    ctx:out(text, nl and "\n" or "")
    return 0
  end,
})
