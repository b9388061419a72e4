--[[ netlearn.cmd.challenge -- the shell's words while a challenge runs (netlearn.challenge):
check, hint, give up, end/quit; `why` costs points. Outside a challenge `hint`,
`quit` and `end` are the lesson's words, unchanged (they are wrapped, not replaced).
]]
local commands = require("netlearn.commands")
local M = {}

local function ch() return require("netlearn.challenge") end

local function word(fn)
  return function(args, ctx)
    local ok, e = fn(args)
    if not ok then ctx:errln(e) end
    return 0
  end
end

local installed = false
function M.install()
  if installed then return end
  installed = true
  commands.load_all()
  local reg = commands.registry
  commands.register("check", { summary = "challenge: are the lab's claims back? (solved / not solved)",
    run = word(function() return ch().check() end) })
  commands.register("give", { summary = "challenge: 'give up' shows the faults and a fix",
    run = word(function(args)
      if args[1] ~= "up" then return nil, "did you mean 'give up'? (it shows the faults and a fix, and ends the challenge)" end
      return ch().give_up()
    end) })
  -- wrap a word (the lesson's or why's, registered by commands.load_all):
  -- while a challenge runs `fn`, else the word as it was
  local function wrap(name, fn)
    local old = assert(reg[name], "netlearn.cmd.challenge: '" .. name .. "' is not a registered command")
    local spec = {}
    for k, v in pairs(old) do spec[k] = v end
    spec.run = function(args, ctx)
      if ch().current then return fn(args, ctx, old) end
      return old.run(args, ctx)
    end
    commands.replace(name, spec)
  end
  wrap("hint", word(function() return ch().hint() end))
  wrap("why", function(args, ctx, old)
    local ok, r = pcall(old.run, args, ctx)      -- a why that fails (commands.fail) was used too
    ch().why_used()
    if not ok then error(r, 0) end
    return r
  end)
  local function leave(_, ctx)
    local ok, e = ch().leave()
    if not ok then ctx:errln(e) return 0 end
    -- a challenge pinned in a lesson: back to the lesson; on its own: netlearn ends
    return require("netlearn.lesson").current and 0 or "exit"
  end
  wrap("end", leave)
  wrap("quit", leave)
  local shell = require("netlearn.shell")
  local prefix = shell.prompt_prefix
  shell.prompt_prefix = function()
    return ch().prompt() or (prefix and prefix() or "")
  end
end

return M
