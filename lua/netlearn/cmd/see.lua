--[[ netlearn.cmd.see -- commands to see the lab: topo, show topology, set explain,
export clab, record.

  topo [--ascii] [--compact] [--dot FILE] [--svg FILE] [--builtin]  draw the lab (netlearn.topo)
  show topology                                            the same as topo
  set explain on|off      after each command, what changed in the kernel (netlearn.narrate)
  export clab FILE        the lab as a containerlab topology (netlearn.export)
  record start | stop FILE | status    typed commands -> a lesson skeleton (netlearn.record)
]]
local commands = require("netlearn.commands")
local net = require("netlearn.core")

local M = {}

-- en or zh, in the learner's language (netlearn.i18n)
local function L(en, zh) return require("netlearn.i18n").lang == "zh" and zh or en end

-- a failure (commands.fail): the line, then the hint after the current
-- language's "hint: "
local function bad(line, hint, code)
  commands.fail(code or 1, line, hint and (L("hint: ", "提示：") .. hint))
end

local function write_file(path, text)
  local f, e = io.open(path, "w")
  if not f then return nil, e end
  local ok, e2 = f:write(text)
  f:close()
  if not ok then return nil, e2 end
  return true
end
M.write_file = write_file

---------------------------------------------------------------------------
-- topo
---------------------------------------------------------------------------
M.help_topo = [=[
topo [--ascii] [--compact] [--dot [FILE]] [--svg FILE [--builtin]]
  draws the lab: each namespace (host = the sandbox's own, and every named one)
  as a box with its interfaces, type, state and IPv4 addresses; bridge ports and
  macvlan/ipvlan children under their device; static routes as '→' rows; veth
  pairs as lines between boxes, ipip tunnels as dashed lines.
  --ascii      plain ASCII instead of Unicode box drawing (the default when
               the locale is not UTF-8, e.g. LANG=C)
  --compact    one line a namespace (what a lab of more than 30 namespaces gets)
  --dot [FILE] Graphviz text to stdout or FILE
  --svg FILE   a picture to project: namespaces as hosts (addresses, routes,
               iptables/NAT rules), bridges as switches, veth/macvlan links as
               edges labelled with both devices, tunnels dashed. Laid out by
               Graphviz 'dot' when installed, else by netlearn's own renderer
  --builtin    with --svg: netlearn's own renderer even where Graphviz is installed
  Colour only on a terminal, and never with NO_COLOR set.
Examples:
  topo
  topo --ascii
  topo --dot lab.dot
  topo --svg lab.svg
  show topology]=]

function M.topo(args, ctx)
  local topo = require("netlearn.topo")
  local o = {}
  local i = 1
  while i <= #args do
    local a = args[i]
    if a == "--ascii" or a == "-a" then o.ascii = true
    elseif a == "--compact" or a == "-c" then o.compact = true
    elseif a == "--dot" then
      o.dot = true
      if args[i + 1] and not args[i + 1]:match("^%-") then o.dot_file = args[i + 1] i = i + 1 end
    elseif a == "--builtin" then
      o.builtin = true
    elseif a == "--svg" then
      o.svg = args[i + 1]
      if not o.svg or o.svg:match("^%-") then
        bad(L("topo: --svg needs a file name", "topo：--svg 后面要有文件名"), "topo --svg lab.svg", 2)
      end
      i = i + 1
    elseif a == "--color" then o.color = true
    elseif a == "--no-color" then o.color = false
    else
      bad(L("topo: unknown option '", "topo：没有这个选项 '") .. a .. "'",
        L("topo [--ascii] [--compact] [--dot [FILE]] [--svg FILE [--builtin]]; see 'help topo'",
          "topo [--ascii] [--compact] [--dot [文件]] [--svg 文件 [--builtin]]；见 'help topo'"), 2)
    end
    i = i + 1
  end
  if o.builtin and not o.svg then
    bad(L("topo: --builtin chooses the SVG renderer; it goes with --svg FILE", "topo：--builtin 选择 SVG 渲染器；它要和 --svg 文件 一起用"),
      "topo --svg lab.svg --builtin", 2)
  end
  local m = topo.model(topo.gather())
  if o.dot then
    local text = topo.dot(m)
    if o.dot_file then
      local ok, e = write_file(o.dot_file, text)
      if not ok then bad(L("topo: cannot write ", "topo：无法写入 ") .. o.dot_file .. L(": ", "：") .. tostring(e)) end
      ctx:outln(L("topo: wrote Graphviz text to ", "topo：已把 Graphviz 文本写入 "), o.dot_file,
        L(" (render it with: dot -Tsvg ", "（渲染：dot -Tsvg "), o.dot_file, L(" -o lab.svg)", " -o lab.svg）"))
    else
      ctx:out(text)
    end
    return 0
  end
  if o.svg then
    -- --builtin: netlearn's own renderer even where Graphviz is installed
    local builtin = o.builtin
    local code = not builtin and net.run("", { "dot", "-V" }, { capture = true })
    if code == 0 then
      local tmp = os.tmpname()
      local ok, e = write_file(tmp, topo.dot(m))
      if not ok then bad(L("topo: cannot write a temporary file: ", "topo：无法写临时文件：") .. tostring(e)) end
      -- dot runs in the lab; the picture is written by the shell, with the learner's rights
      local c2, svg, err = net.run("", { "dot", "-Tsvg", tmp }, { capture = true })
      os.remove(tmp)
      if c2 ~= 0 then bad(L("topo: dot failed: ", "topo：dot 失败：") .. tostring(err)) end
      local okw, ew = write_file(o.svg, svg)
      if not okw then bad(L("topo: cannot write ", "topo：无法写入 ") .. o.svg .. L(": ", "：") .. tostring(ew)) end
      ctx:outln(L("topo: wrote ", "topo：已写入 "), o.svg, L(" (laid out by Graphviz)", "（由 Graphviz 排版）"))
      return 0
    end
    local ok, e = write_file(o.svg, topo.svg(m))
    if not ok then bad(L("topo: cannot write ", "topo：无法写入 ") .. o.svg .. L(": ", "：") .. tostring(e)) end
    ctx:outln(L("topo: wrote ", "topo：已写入 "), o.svg, builtin and L(" (netlearn's own layout, as asked: --builtin)",
      "（netlearn 自己排版，按 --builtin 的要求）") or L(" (netlearn's own layout: Graphviz 'dot' is not installed)",
      "（netlearn 自己排版：没有安装 Graphviz 的 'dot'）"))
    return 0
  end
  local why = topo.too_big(m)
  if o.compact or why then
    if why and not o.compact then
      ctx:outln("topo: ", why, L("; here is a compact list instead (topo --dot gives Graphviz text).",
        "；改为列出紧凑列表（topo --dot 输出 Graphviz 文本）。"))
    end
    ctx:out(topo.compact(m))
    return 0
  end
  local color = o.color
  if color == nil then color = topo.want_color() end
  -- ASCII when asked, or when the locale cannot show box drawing (LANG=C)
  local ascii = o.ascii or not require("netlearn.welcome").utf8_locale()
  ctx:out(topo.draw(m, { ascii = ascii, color = color }))
  return 0
end

commands.register("topo", { summary = "draw the lab: namespaces, interfaces, veth pairs, bridges, tunnels",
  help = M.help_topo, run = M.topo })

commands.register("show", {
  summary = "show topology: the same as topo",
  help = "show topology [topo options]\n  the same as 'topo' (see 'help topo')\nExample:\n  show topology --ascii",
  run = function(args, ctx)
    local what = args[1]
    if what and ("topology"):sub(1, #what) == what and #what >= 3 then
      return M.topo({ table.unpack(args, 2) }, ctx)
    end
    bad(L("show: unknown object '", "show：没有这个对象 '") .. tostring(what) .. "'", L("show topology (or topo)", "show topology（或 topo）"), 2)
  end,
})

---------------------------------------------------------------------------
-- set explain on|off
---------------------------------------------------------------------------
local function shell() return require("netlearn.shell") end

M.explain = { on = false, last = nil, hooked = false, real_net = nil }

local function explain_hook(line, result, _)
  local E = M.explain
  if not E.on or result == "exit" then return end
  local narrate = require("netlearn.narrate")
  local now = narrate.snapshot()
  if E.last then
    local text = narrate.format(narrate.diff(E.last, now), { quiet = true })
    if text ~= "" then io.stdout:write(text) end
  end
  E.last = now
  io.stdout:flush()
end

function M.set_explain(on, ctx)
  local E = M.explain
  local S = shell()
  local narrate = require("netlearn.narrate")
  E.on = on
  if not E.hooked then
    table.insert(S.after_command, explain_hook)
    E.hooked = true
  end
  if on then
    E.real_net = E.real_net or rawget(S.env, "net")
    rawset(S.env, "net", narrate.explaining_net(function(line)
      for l in line:gmatch("[^\n]+") do io.stdout:write(L("# same as: ", "# 等同于："), l, "\n") end
    end))
  elseif E.real_net then
    rawset(S.env, "net", E.real_net)
  end
  -- the snapshot to compare the next command with
  E.last = on and narrate.snapshot() or nil
  if ctx then
    ctx:outln(on and L("explain is on: after each command, what changed in the kernel",
      "explain 已打开：每条命令之后列出内核里变了什么") or L("explain is off", "explain 已关闭"))
  end
  return 0
end

M.help_set = [[
set explain on|off
  explain on: after every command (or Lua line), a short list of what changed in
  the kernel -- links, addresses, routes, rules, neighbours, iptables/nft rules,
  ip_forward and rp_filter -- in every namespace:
    + link veth0 (veth, peer veth1@host) in host
    ~ link veth0 in host: DOWN -> UP
    + route 192.167.2.0/24 via 192.167.3.1 in host
  and for a net.* call typed as Lua, the command line it stands for:
    # same as: ip link add v0 type veth peer name v1
set
  shows the settings
Example:
  set explain on]]

commands.register("set", {
  summary = "set explain on|off: after each command, show what changed in the kernel",
  help = M.help_set,
  run = function(args, ctx)
    if #args == 0 then
      ctx:outln("explain ", M.explain.on and "on" or "off", L("", M.explain.on and "（已打开）" or "（已关闭）"))
      return 0
    end
    if args[1] ~= "explain" then
      bad(L("set: unknown setting '", "set：没有这个设置 '") .. args[1] .. "'", "set explain on|off", 2)
    end
    local v = args[2]
    if v == nil then
      ctx:outln("explain ", M.explain.on and "on" or "off", L("", M.explain.on and "（已打开）" or "（已关闭）"))
      return 0
    end
    if v == "on" or v == "1" or v == "yes" then return M.set_explain(true, ctx) end
    if v == "off" or v == "0" or v == "no" then return M.set_explain(false, ctx) end
    bad(L("set explain: want on or off, not '", "set explain：要 on 或 off，而不是 '") .. tostring(v) .. "'",
      "set explain on", 2)
  end,
})

---------------------------------------------------------------------------
-- export clab FILE
---------------------------------------------------------------------------
M.help_export = [[
export clab FILE [--name NAME] [--image IMAGE]
  writes the lab as a containerlab topology (YAML): each namespace a node of kind
  linux (default image nicolaka/netshoot), each veth pair between two namespaces a
  link ["node:iface", "node:iface"], everything else (bridges, macvlan/ipvlan,
  tunnels, addresses, routes, ip_forward, iptables rules) as the node's exec lines.
  '-' as FILE prints it. Deploy it with: containerlab deploy -t FILE
Example:
  export clab docker-bridge.clab.yml]]

function M.export(args, ctx)
  if args[1] ~= "clab" and args[1] ~= "containerlab" then
    bad(L("export: unknown format '", "export：未知的格式 '") .. tostring(args[1]) .. "'",
      L("export clab FILE (a containerlab topology)", "export clab 文件（containerlab 拓扑）"), 2)
  end
  local file, o = nil, {}
  local i = 2
  while i <= #args do
    local a = args[i]
    if a == "--name" or a == "--image" then
      local v = args[i + 1]
      if not v then bad(L("export: ", "export：") .. a .. L(" needs a value", " 需要一个值"),
        L("export clab FILE ", "export clab 文件 ") .. a .. L(" VALUE", " 值"), 2) end
      if a == "--name" then
        if not v:match("^[%w][%w_%-%.]*$") then
          bad(L("export: --name '", "export：--name '") .. v .. L("' is not a usable lab name", "' 不能用作实验名"),
            L("letters, digits, '-', '_' and '.'", "可用字母、数字、'-'、'_' 和 '.'"), 2)
        end
        o.name = v
      else
        o.image = v
      end
      i = i + 2
    elseif a:match("^%-.") then
      bad(L("export: unknown option '", "export：未知的选项 '") .. a .. "'",
        L("export clab FILE [--name NAME] [--image IMAGE]", "export clab 文件 [--name 名字] [--image 镜像]"), 2)
    elseif file then
      bad(L("export: one file only ('", "export：只能给一个文件（'") .. file .. L("' and '", "' 和 '") .. a ..
        L("')", "'）"), L("export clab FILE", "export clab 文件"), 2)
    else
      file = a
      i = i + 1
    end
  end
  if not file then bad(L("export clab: give the file to write", "export clab：请给出要写的文件"),
    L("export clab lab.clab.yml (or - for the screen)", "export clab lab.clab.yml（或用 - 输出到屏幕）"), 2) end
  local topo = require("netlearn.topo")
  local export = require("netlearn.export")
  o.file = file ~= "-" and file or nil
  o.name = o.name or (file ~= "-" and file:match("([^/]-)%.clab%.ya?ml$") or file:match("([^/]-)%.ya?ml$")) or "netlearn"
  if not o.name:match("^[%w][%w_%-%.]*$") then o.name = "netlearn" end
  local text, notes = export.clab(topo.model(topo.gather()), o)
  if file == "-" then
    ctx:out(text)
    return 0
  end
  local ok, e = write_file(file, text)
  if not ok then bad(L("export: cannot write ", "export：无法写入 ") .. file .. L(": ", "：") .. tostring(e)) end
  if require("netlearn.i18n").lang == "zh" then
    ctx:outln("export：已写入 ", file, "（containerlab 拓扑 '", o.name, "'", #notes > 0 and ("，其中有 " .. #notes .. " 条说明") or "", "）")
    return 0
  end
  ctx:outln("export: wrote ", file, " (containerlab topology '", o.name, "'", #notes > 0 and (", " .. #notes .. " notes in it") or "", ")")
  return 0
end

commands.register("export", { summary = "export clab FILE: the lab as a containerlab topology",
  help = M.help_export, run = M.export })

---------------------------------------------------------------------------
-- record start | stop FILE | status
---------------------------------------------------------------------------
M.help_record = [[
record start        from now on, the commands you type are kept
record stop FILE    write them as a lesson skeleton to FILE (e.g. lessons/mylab.lua):
                    one step per run of commands ending in a probe, each probe's
                    outcome a claim (a ping that got a reply: reaches{...}; none:
                    not_reaches{...}; curl: curl{...}); failed commands and Lua
                    lines are left out as comments. `netlearn check FILE` replays it.
record status       is a recording running, and how many lines it holds
record cancel       stop without writing anything
Start from an empty lab ('reset') so that the lesson can rebuild it from nothing.
Example:
  record start
  ip netns add net1
  ...
  record stop lessons/mylab.lua]]

local record_hooked = false
function M.record(args, ctx)
  local record = require("netlearn.record")
  local sub = args[1]
  if sub == "start" then
    if record.active then bad(L("record: already recording (" .. #record.entries .. " lines so far)",
        "record：已经在记录（已有 " .. #record.entries .. " 行）"),
        L("record stop FILE writes them; record cancel drops them", "record stop 文件 写出它们；record cancel 丢弃它们")) end
    local S = shell()
    if not record_hooked then
      table.insert(S.after_command, function(line, result, c) record.on_line(line, result, c) end)
      record_hooked = true
    end
    record.start()
    local topo = require("netlearn.topo")
    local busy = #topo.namespaces() > 1
    if not busy then
      for _, l in ipairs(net.link_list("") or {}) do if l.type ~= "loopback" then busy = true end end
    end
    ctx:outln(L("record: recording; 'record stop FILE' writes the lesson", "record：正在记录；'record stop 文件' 写出课程"))
    if busy then
      ctx:outln(L("record: note: the lab is not empty, but the lesson will start from an empty one; " ..
        "'reset' first if its commands need what is there now",
        "record：注意：实验环境不是空的，但课程会从空的实验环境开始；如果命令要用到现在已有的东西，请先 'reset'"))
    end
    return 0
  elseif sub == "stop" then
    local file = args[2]
    if not record.active then bad(L("record: not recording", "record：没有在记录"), L("record start begins", "record start 开始记录")) end
    if not file then bad(L("record stop: give the file to write", "record stop：请给出要写的文件"), "record stop lessons/mylab.lua", 2) end
    local name = file:match("([^/]+)%.lua$") or file:match("([^/]+)$")
    local text, nsteps = record.lesson_text(record.entries, { name = name })
    if nsteps == 0 then
      bad(L("record: nothing to write yet: no command has run since 'record start' (still recording)",
        "record：还没有可写的内容：'record start' 之后还没有运行过命令（仍在记录）"),
        L("type the lab's commands, then record stop ", "输入实验的命令，然后 record stop ") .. file)
    end
    local ok, e = write_file(file, text)
    if not ok then bad(L("record: cannot write ", "record：无法写入 ") .. file .. L(": ", "：") .. tostring(e) ..
      L(" (still recording)", "（仍在记录）")) end
    local n = #record.entries
    record.stop()
    if require("netlearn.i18n").lang == "zh" then
      ctx:outln("record：已写入 ", file, "：", n, " 行命令成了 ", nsteps, " 步；填好 TODO，然后检查它：netlearn check ", file)
      return 0
    end
    ctx:outln("record: wrote ", file, ": ", nsteps, nsteps == 1 and " step" or " steps", " from ", n,
      " lines; fill in the TODOs, then check it: netlearn check ", file)
    return 0
  elseif sub == "cancel" then
    record.stop()
    ctx:outln(L("record: stopped, nothing written", "record：已停止，什么也没写"))
    return 0
  elseif sub == "status" or sub == nil then
    ctx:outln(record.active and L("record: recording, " .. #record.entries .. " lines so far", "record：正在记录，已有 " .. #record.entries .. " 行")
      or L("record: not recording", "record：没有在记录"))
    return 0
  end
  bad(L("record: unknown subcommand '", "record：未知的子命令 '") .. tostring(sub) .. "'",
    L("record start | stop FILE | status | cancel", "record start | stop 文件 | status | cancel"), 2)
end

commands.register("record", { summary = "record start / record stop FILE: turn what you type into a lesson",
  help = M.help_record, run = M.record })

-- In a lesson: draw and export to the screen only; a lesson writes no file.
local function topo_lesson(args)
  for i, a in ipairs(args) do
    if a == "--svg" or (a == "--dot" and args[i + 1] and not args[i + 1]:match("^%-")) then
      return "'topo " .. a .. " FILE' writes a file, and a lesson writes no file (write 'topo' or " ..
        "'topo --dot' to show the lab on the screen)"
    end
  end
  return nil
end
commands.registry.topo.lesson = topo_lesson
commands.registry.show.lesson = function(args) return topo_lesson({ table.unpack(args, 2) }) end
commands.registry.export.lesson = function(args)
  local i = 2
  while args[i] do
    local a = args[i]
    if a == "--name" or a == "--image" then
      i = i + 1
    elseif not a:match("^%-.") and a ~= "-" then
      return "'export clab " .. a .. "' writes a file, and a lesson writes no file (write 'export clab -' to " ..
        "show the topology on the screen)"
    end
    i = i + 1
  end
  return nil
end
commands.registry.record.lesson = function(args)
  if args[1] == "status" or args[1] == nil then return nil end
  return "'record " .. args[1] .. "' records the learner's own commands into a file, and a lesson writes no " ..
    "file (leave it out; the learner types 'record start' in the shell)"
end

-- drawing, settings and exports only look at the lab (commands.looks)
for _, n in ipairs({ "topo", "show", "set", "export", "record" }) do commands.registry[n].looks = true end

return M
