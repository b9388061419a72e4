--[[ netlearn.shellsyntax -- bash syntax the articles use, explained in one line.

The articles paste bash: `cat <<EOF | bash`, `for i in 1 2 3; do ...; done`,
`((i++))`, `x=$(ip netns)`. At the netlearn prompt such a line is neither a
netlearn command nor Lua, and Lua's own error ("attempt to perform bitwise
operation on a nil value (global 'cat')") tells a learner nothing. The shell
(netlearn.shell) asks this module first:

  local sx = require("netlearn.shellsyntax")
  sx.explain(line, env, is_command) -> one line (en or zh), or nil (not bash);
                                      a second value true: a notice, the
                                      session goes on (a here-document)
  sx.inside_heredoc(line)          -> nil (no here-document open), "run" (run
                                      the line as usual) or "skip" (a file's text,
                                      or the closing word: do nothing)

A here-document piped to a shell (`cat <<EOF | bash`) holds commands: they
run here one at a time, and the EOF line ends them. One that writes a file
(`cat <<EOF > /etc/x`) holds a file's text: netlearn writes no files, so the
lines up to EOF are skipped. Nothing else changes any state.
]]
local M = {}

local MSG = {
  en = {
    heredoc_run = "netlearn: '%s' hands the lines up to %s to a real shell; netlearn has no here-documents, " ..
      "so the lines that follow run here one at a time as netlearn commands (the %s line ends them)",
    heredoc_skip = "netlearn: '%s' starts a here-document: the lines up to %s are a file's text, and netlearn " ..
      "writes no files, so it skips them",
    arith = "netlearn: '%s' is bash arithmetic; netlearn has no shell variables: write the number out " ..
      "(or compute it in Lua: i = i + 1)",
    loop = "netlearn: '%s ... %s' is a bash %s; netlearn runs one command per line: type the commands " ..
      "one by one, or put '!' before the whole line to run it in a real shell",
    closer = "netlearn: '%s' closes a bash %s; netlearn has none open: type the commands one by one, or put '!' " ..
      "before the whole line to run it in a real shell",
    subst = "netlearn: %s is bash command substitution; netlearn does not substitute: run the inner command " ..
      "(%s) first and type its output in its place",
  },
  zh = {
    heredoc_run = "netlearn：'%s' 把直到 %s 的各行交给真实的 shell；netlearn 没有 here-document，" ..
      "所以后面的各行会在这里逐行作为 netlearn 命令执行（遇到 %s 这一行结束）",
    heredoc_skip = "netlearn：'%s' 开始一个 here-document：直到 %s 的各行是文件内容，netlearn 不写文件，所以跳过这些行",
    arith = "netlearn：'%s' 是 bash 的算术运算；netlearn 没有 shell 变量：直接写出数字（或用 Lua 计算：i = i + 1）",
    loop = "netlearn：'%s ... %s' 是 bash 的%s；netlearn 一行执行一条命令：请逐条输入这些命令，" ..
      "或在整行前加 '!' 交给真实的 shell 执行",
    closer = "netlearn：'%s' 用来结束 bash 的%s，但现在没有打开的%s：请逐条输入命令，" ..
      "或在整行前加 '!' 交给真实的 shell 执行",
    subst = "netlearn：%s 是 bash 的命令替换；netlearn 不做替换：先运行里面的命令（%s），再把它的输出写在原处",
  },
}

local KIND = {
  en = { loop = "loop", test = "test (if)", case = "case" },
  zh = { loop = "循环", test = "条件判断（if）", case = "case 分支" },
}

local function lang() return require("netlearn.i18n").lang == "zh" and "zh" or "en" end
local function say(key, ...)
  return require("netlearn.i18n").message(MSG, lang(), key, ...)
end

-- Does LINE read as Lua (whole, or the start of a longer chunk)?
local function lua_ok(line, env)
  if load("return " .. line, "=stdin", "t", env) then return true end
  local f, err = load(line, "=stdin", "t", env)
  return f ~= nil or (err or ""):match("<eof>$") ~= nil
end

local heredoc = nil        -- { word = "EOF", mode = "run"|"skip" }

function M.reset() heredoc = nil end

function M.inside_heredoc(line)
  if not heredoc then return nil end
  if line:match("^%s*(.-)%s*$") == heredoc.word then
    heredoc = nil
    return "skip"
  end
  return heredoc.mode
end

local SHELLISH = { cat = true, bash = true, sh = true, sudo = true, tee = true, dash = true }
local OPENERS = { ["for"] = { "done", "loop" }, ["while"] = { "done", "loop" }, ["until"] = { "done", "loop" },
  ["select"] = { "done", "loop" }, ["if"] = { "fi", "test" }, ["case"] = { "esac", "case" } }
local CLOSERS = { done = "loop", fi = "test", esac = "case" }

function M.explain(line, env, is_command)
  env = env or _G
  local l = line:match("^%s*(.-)%s*$")
  local first = l:match("^([%a_][%w_]*)")
  local mine = first and env[first] ~= nil        -- the learner's own Lua variable
  -- here-document: cat <<EOF | bash, cat <<'EOF' > file, bash <<EOF
  local word = l:match("<<%-?%s*['\"]?([%a_][%w_]*)['\"]?")
  if word and first and SHELLISH[first] and not mine then
    local piped = l:match("|%s*sudo%s+bash") or l:match("|%s*bash") or l:match("|%s*sh%f[%W]")
      or first == "bash" or first == "sh" or first == "dash" or (first == "sudo" and l:match("^sudo%s+bash"))
    local to_shell = piped and not l:match(">%s*[/%w]")
    heredoc = { word = word, mode = to_shell and "run" or "skip" }
    if to_shell then return say("heredoc_run", l, word, word), true end
    return say("heredoc_skip", l, word), true
  end
  -- command substitution: $(...) or `...`, in a command line or a line that is not Lua
  local inner = l:match("%$(%b())") or l:match("`([^`]+)`")
  if inner and (is_command or not lua_ok(l, env)) then
    if inner:sub(1, 1) == "(" then inner = inner:sub(2, -2) end
    local shown = l:match("(%$%b())") or ("`" .. inner .. "`")
    return say("subst", shown, inner)
  end
  if is_command then return nil end
  -- arithmetic: ((i++)), (( n = n + 1 )), $((1+2)) (the last is caught above as $(...))
  local body = l:match("^%(%((.*)%)%)$")
  if body and (body:find("++", 1, true) or body:find("--", 1, true) or body:match("[%w_%s][%+%-%*/]?=[^=]"))
    and not lua_ok(l, env) then
    return say("arith", l)
  end
  -- loops and tests: for i in 1 2 3; do ...; done / if [ ... ]; then ...; fi
  if first and OPENERS[first] and not lua_ok(l, env) then
    local closer, kind = OPENERS[first][1], OPENERS[first][2]
    return say("loop", first, closer, KIND[lang()][kind])
  end
  if first and CLOSERS[l] and not mine then
    local k = KIND[lang()][CLOSERS[l]]
    return say("closer", l, k, k)
  end
  return nil
end

return M
