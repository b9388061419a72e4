--[[ netlearn.shell -- what a line typed at the netlearn prompt means.

src/repl.c reads lines (readline on a terminal, plain lines from a pipe) and
calls feed(line) for each. A line is, in order of precedence:
  !COMMAND        a real program, run by /bin/sh inside the current namespace
  a command       `ip ...`, `ping ...`, `lesson ipip`, ... (netlearn.commands)
  Lua             an expression (its values are printed) or a statement;
                  an incomplete statement asks for more lines, as `lua` does.
feed returns "ok", "more", "error" or "exit". The C side also asks for the
prompt, completions, the file descriptors of background jobs to watch, and
calls on_ready(fd) when one of them has something to say.
]]
local net = require("netlearn.core")
local commands = require("netlearn.commands")
local pretty = require("netlearn.pretty")

local S = {}

S.ns = ""                 -- the learner's current namespace ("" = host)
S.prompt_prefix = nil     -- function() -> string, set by the lesson runtime
S.env = nil               -- where the learner's Lua runs (below)
S.watchers = {}           -- fd -> function(fd); background captures and jobs
S.pollers = {}            -- functions called after each line in pipe mode
local pending = nil       -- lines of an incomplete Lua chunk or command
local pending_kind = nil  -- "lua" or "cmd"
local fed = {}            -- the lines of a chunk still being continued (for S.after_command)
S.failed = false
S.after_command = {}      -- functions(line, result, ctx) called after each complete line
S.last_ctx = nil          -- the context of the last command line (nil after Lua or !)

_G.net = net

-- The learner's Lua has globals of its own: `table.sort = nil` or `print = 1`
-- at the prompt must not break netlearn's modules or its C code, which use the
-- real ones (issue 19). A copy of the globals, each standard library copied too.
local function learner_env()
  local env = {}
  for k, v in pairs(_G) do env[k] = v end
  for _, lib in ipairs({ "string", "table", "math", "utf8", "os", "io", "coroutine", "debug" }) do
    if type(_G[lib]) == "table" then
      local c = {}
      for k, v in pairs(_G[lib]) do c[k] = v end
      env[lib] = c
    end
  end
  env._G = env
  return env
end
S.env = learner_env()

S.greet = false           -- main.lua sets it: print the banner before the first prompt

function S.prompt(more)
  if S.greet then
    S.greet = false
    local repl = require("netlearn.repl")
    if repl.interactive() and repl.columns() then
      io.stdout:write(require("netlearn.welcome").banner(), "\n\n")
    end
  end
  if more then return ">> " end
  local p = S.prompt_prefix and S.prompt_prefix() or ""
  local m = require("netlearn.machine").current
  local name = m and ("netlearn@" .. m) or "netlearn"
  if S.ns ~= "" then return p .. name .. "(" .. S.ns .. ")> " end
  return p .. name .. "> "
end

function S.cancel()
  pending, pending_kind, fed = nil, nil, {}
end

local function report(msg)
  -- an error raised by a binding (luaL_error) is C's English: Chinese under zh
  msg = require("netlearn.errors_zh").line(tostring(msg))
  io.stderr:write(msg, "\n")
end

local function handler(m)
  if type(m) ~= "string" then
    local mt = getmetatable(m)
    if mt and mt.__tostring then return tostring(m) end
    return "(error object is a " .. type(m) .. " value)"
  end
  return m
end

local function run_lua(chunk)
  local res = table.pack(xpcall(chunk, handler))
  if not res[1] then
    report(res[2])
    return "error"
  end
  if res.n > 1 then
    local out = {}
    for i = 2, res.n do out[#out + 1] = pretty.format(res[i]) end
    io.stdout:write(table.concat(out, "\t"), "\n")
  end
  return "ok"
end

-- Lua's words for two lines a learner can paste, made clear (one line each).
local COMPILE_MSG = {
  en = { esc = "stdin: the line starts with a control character (byte %d, e.g. an arrow key's ESC): nothing was run; remove it",
         deep = "stdin: the line nests too deeply (hundreds of ( or {): nothing was run; split it into smaller expressions" },
  zh = { esc = "stdin：这一行以控制字符开头（字节 %d，例如方向键的 ESC）：什么也没有执行；请去掉它",
         deep = "stdin：这一行嵌套太深（成百个 ( 或 {）：什么也没有执行；请拆成小一些的表达式" },
}
function S.clear_compile_error(src, err)
  local i18n = require("netlearn.i18n")
  if err:find("binary chunk", 1, true) then
    return i18n.message(COMPILE_MSG, i18n.lang, "esc", src:byte(1))
  end
  if err:find("C stack overflow", 1, true) or err:find("too many C levels", 1, true)
    or err:find("chunk has too many syntax levels", 1, true) then
    return i18n.message(COMPILE_MSG, i18n.lang, "deep")
  end
  return err
end

-- Compile Lua the way lua.c does: first as `return <line>`, then as a statement.
local function feed_lua(src)
  local chunk = load("return " .. src, "=stdin", "t", S.env)
  if not chunk then
    local err
    chunk, err = load(src, "=stdin", "t", S.env)
    if not chunk then
      if err:match("<eof>$") then return "more" end
      report(S.clear_compile_error(src, err))
      return "error"
    end
  end
  return run_lua(chunk)
end

-- A real program in the current namespace.
function S.bang(cmd, ns)
  if cmd:match("^%s*$") then
    report("!: give a command to run, e.g. '!ip netns list'")
    return "error"
  end
  local code, msg = net.run(ns or S.ns, { "/bin/sh", "-c", cmd })
  if not code then
    report(msg)
    return "error"
  end
  if net.interrupted(true) then io.stdout:write("\n") end
  if code ~= 0 and cmd:match("tcpdump") then S.tcpdump_hint() end
  return code == 0 and "ok" or "error"
end

-- The real tcpdump drops to its own user, which a rootless lab (one user
-- id mapped) does not have: "Couldn't change to 'tcpdump' uid". Say why.
local TCPDUMP_HINT = {
  en = { h = "hint: started without root, the lab has one user id, so the real tcpdump cannot switch to its own user; use netlearn's tcpdump (the same line without '!')" },
  zh = { h = "提示：不是以 root 启动时，实验室里只有一个用户 id，真实的 tcpdump 无法切换到它自己的用户；请用 netlearn 的 tcpdump（同一行去掉 '!'）" },
}
function S.tcpdump_hint()
  local f = io.open("/proc/self/uid_map", "r")
  if not f then return end
  local map = f:read("a") or ""
  f:close()
  local lines, count = 0, 0
  for c in map:gmatch("%S+%s+%S+%s+(%d+)") do lines, count = lines + 1, tonumber(c) end
  if lines == 1 and count == 1 then
    local i18n = require("netlearn.i18n")
    report(i18n.message(TCPDUMP_HINT, i18n.lang, "h"))
  end
end

function S.context()
  local ctx = commands.context({ ns = S.ns })
  return ctx
end

local function feed_cmd(src)
  local ctx = S.context()
  S.last_ctx = ctx
  local pok, ok, status = pcall(commands.execute, src, ctx)
  if not pok then
    -- Ctrl-C while a command waited in C (curl, nc to an address that never
    -- answers): the stop raised at the next Lua step is the learner's, not a bug
    if tostring(ok):match("interrupted$") then
      net.interrupted(true)
      io.stdout:write("\n")
      return "error"
    end
    error(ok, 0)
  end
  if ok == false and status == "incomplete" then return "more" end
  -- the shell's own namespace deleted ('ns net1', then 'ip netns del net1'):
  -- back to the host, rather than failing every later command
  if S.ns ~= "" and not net.ns_exists(S.ns) then
    report(require("netlearn.i18n").lang == "zh" and ("netlearn：命名空间 " .. S.ns .. " 已经没有了；shell 回到了主机命名空间")
      or ("netlearn: namespace " .. S.ns .. " is gone; the shell is back in the host namespace"))
    S.ns = ""
  end
  if status == "exit" then return "exit" end
  return ok and "ok" or "error"
end

local keywords = {}
for w in ("and break do else elseif end false for function goto if in local nil not or repeat return then true until while"):gmatch("%S+") do
  keywords[w] = true
end

-- A line that reads like a command whose word is neither a netlearn command
-- nor a Lua variable ("tcpdumpx -i eth0", "ipp"): say so rather than let Lua
-- read `--x` as a comment or print nil.
function S.unknown_command(line)
  local word, rest = line:match("^%s*([%a_][%w_%-]*)(.*)$")
  if not word or keywords[word] or S.env[word] ~= nil then return nil end
  if word:find("-", 1, true) then return word end
  if rest:match("^%s*$") then return word end
  if rest:match("^%s+[%w/%-\"']") and not rest:match("^%s+[%a_][%w_]*%s*[=%(%.:%[]") then return word end
  return nil
end

local feed_line

-- A NUL byte cannot be typed: in a piped line it is an error, not the end of
-- the line (`ip netns add a\0b` must not make `a`).
local NUL_MSG = {
  en = { nul = "netlearn: a NUL byte in the line %s: nothing was run; remove it (e.g. tr -d '\\000' < FILE)" },
  zh = { nul = "netlearn：这一行 %s 含有 NUL 字节：什么也没有执行；请先去掉它（例如 tr -d '\\000' < 文件）" },
}

function S.feed(line)
  S.last_ctx = nil
  if line:find("\0", 1, true) then
    local i18n = require("netlearn.i18n")
    local shown = line:sub(1, 60):gsub("%z", "\\0"):gsub("[%c\127]", "?")
    report(i18n.message(NUL_MSG, i18n.lang, "nul", '"' .. shown .. (#line > 60 and "..." or "") .. '"'))
    return "error"
  end
  local okf, r = pcall(feed_line, line)
  if not okf then
    -- Ctrl-C while a real program or a command waited in C: the stop raised at
    -- the next Lua step is the learner's, not a bug (no "internal error")
    if not tostring(r):match("interrupted$") then error(r, 0) end
    net.interrupted(true)
    io.stdout:write("\n")
    pending, pending_kind, fed = nil, nil, {}
    return "error"
  end
  fed[#fed + 1] = line
  if r == "more" then return r end
  local src = table.concat(fed, "\n")
  fed = {}
  if #S.after_command > 0 and not src:match("^%s*$") then
    for _, fn in ipairs(S.after_command) do
      local ok, e = pcall(fn, src, r, S.last_ctx)
      if not ok then report(e) end
    end
  end
  return r
end

-- Tools the articles' readers may know, and what netlearn has instead.
S.instead = {
  arp = "the ARP table is 'ip neigh' (ip neigh show dev veth0)",
  ifconfig = "addresses and links are 'ip addr' and 'ip link' (ip addr add 10.0.0.1/24 dev veth0)",
  netstat = "routes are 'ip route' or 'route -n'",
  tracepath = "'traceroute -n ADDRESS', or 'trace path FROM ADDRESS' to follow one ping through the lab",
}
-- the same in Chinese
S.instead_zh = {
  arp = "ARP 表是 'ip neigh'（ip neigh show dev veth0）",
  ifconfig = "地址和链路是 'ip addr' 和 'ip link'（ip addr add 10.0.0.1/24 dev veth0）",
  netstat = "路由是 'ip route' 或 'route -n'",
  tracepath = "用 'traceroute -n 地址'，或用 'trace path 起点 地址' 跟踪一个 ping 穿过实验环境",
}

function feed_line(line)
  if pending then
    pending[#pending + 1] = line
    local src = table.concat(pending, "\n")
    if pending_kind == "cmd" then
      -- a command continued with a trailing backslash or an open quote
      local joined = src:gsub("\\\n", "")
      local r = feed_cmd(joined)
      if r ~= "more" then pending, pending_kind = nil, nil end
      return r
    end
    local r = feed_lua(src)
    if r ~= "more" then pending, pending_kind = nil, nil end
    return r
  end
  if line:match("^%s*$") then return "ok" end
  -- inside a here-document (cat <<EOF): its text, or its closing word, runs nothing
  local sx = require("netlearn.shellsyntax")
  if sx.inside_heredoc(line) == "skip" then return "ok" end
  -- a comment line, as the articles write them ('## add a route', '# 注意');
  -- '#t' (Lua's length operator) is still Lua
  if line:match("^%s*#$") or line:match("^%s*#[^%w_%(%{%[\"'%.]") then return "ok" end
  local first = line:match("^%s*(.)")
  -- habits from Python, Cisco and the Unix shell: `exit()`, `?`, `show ip route`, `ls`
  local habit, code = require("netlearn.welcome").habit(line)
  local w = line:match("^%s*([%a_][%w_]*)")
  if habit and w and S.env[w] ~= nil then habit = nil end   -- the learner's own Lua variable
  if habit == "help" or habit == "quit" then return feed_cmd(habit) end
  if habit == "exit" then
    if code then feed_cmd("exit " .. code) end
    return feed_cmd("exit")
  end
  if habit then report(habit) return "error" end
  if first == "!" then
    return S.bang(line:match("^%s*!(.*)$"))
  end
  -- bash syntax from the articles (here-documents, loops, $(...)): one line that says what to do
  local why, go_on = sx.explain(line, S.env, commands.is_command(line))
  if why then report(why) return go_on and "ok" or "error" end
  if commands.is_command(line) then
    local r = feed_cmd(line)
    if r == "more" then pending, pending_kind = { line }, "cmd" end
    return r
  end
  local unknown = S.unknown_command(line)
  if unknown then
    local dym = require("netlearn.welcome").did_you_mean(unknown, commands.names())
    if require("netlearn.i18n").lang == "zh" then
      report(unknown .. "：没有这个命令（" .. (dym or "") .. "输入 'help' 查看 netlearn 的命令，或输入 '!" .. unknown ..
        " ...' 运行真实程序）" .. (S.instead_zh[unknown] and ("\n提示：" .. S.instead_zh[unknown]) or ""))
      return "error"
    end
    report(unknown .. ": command not found (" .. (dym and (dym .. " ") or "") ..
      "type 'help' for netlearn's commands, or '!" .. unknown ..
      " ...' to run a real program)" .. (S.instead[unknown] and ("\nhint: " .. S.instead[unknown]) or ""))
    return "error"
  end
  local r = feed_lua(line)
  if r == "more" then pending, pending_kind = { line }, "lua" end
  return r
end

-- Completion: delegated to commands (words, namespaces, devices, lessons).
function S.complete(text, line, start)
  return require("netlearn.complete").complete(text, line, start, S)
end

function S.watch(fd, fn) S.watchers[fd] = fn end
function S.unwatch(fd) S.watchers[fd] = nil end

function S.watched()
  local t = {}
  for fd in pairs(S.watchers) do t[#t + 1] = fd end
  return t
end

function S.on_ready(fd)
  local fn = S.watchers[fd]
  if fn then
    local ok, e = pcall(fn, fd)
    if not ok then report(e) end
  end
end

-- pipe mode: give background jobs a chance to print after each line
function S.poll()
  for _, fn in pairs(S.watchers) do
    local ok, e = pcall(fn, nil)
    if not ok then report(e) end
  end
  for _, fn in ipairs(S.pollers) do pcall(fn) end
end

S.finishers = {}
function S.finish()
  local status = 0
  if pending then
    if pending_kind == "lua" then
      local _, err = load(table.concat(pending, "\n"), "=stdin", "t", S.env)
      report(err or "stdin: incomplete statement at end of input")
    else
      report("netlearn: unexpected end of input in a continued command line")
    end
    pending = nil
    status = 1
  end
  S.poll()
  for _, fn in ipairs(S.finishers) do pcall(fn) end
  if status == 0 and S.exit_code then return S.exit_code end
  return status
end

return S
