--[[ netlearn.cmd.sysctl -- the procps `sysctl` command line on net.sysctl_*.

`sysctl net.ipv4.ip_forward`, `sysctl -w net.ipv4.ip_forward=1` (also
without -w, as procps allows), `sysctl -n NAME`, `sysctl -a -r PATTERN` and,
since netlearn has no pipes, `sysctl -a PATTERN` in place of
`sysctl -a | grep PATTERN`. Output and errors are procps' own lines; each
error is followed by one `hint:` line (commands.fail; an unreadable name among
several is said and the others are still read, as procps does). Writes go through
netlearn.sysctlpolicy: a setting the whole machine shares is refused in one
line naming it, why, and what to do. Several writes on one line are all or
nothing: a later failure puts the earlier values back.
]]
-- en or zh, in the learner's language (netlearn.i18n)
local function L(en, zh) return require("netlearn.i18n").lang == "zh" and zh or en end
local commands = require("netlearn.commands")
local net = require("netlearn.core")
local policy = require("netlearn.sysctlpolicy")

local M = {}

-- Names written in this session, per namespace: first value seen, for `reset`.
M.original = {}

local function USAGE_HINT() return L("hint: sysctl NAME | sysctl -w NAME=VALUE | sysctl -a [PATTERN]; e.g. sysctl -w net.ipv4.ip_forward=1", "提示：sysctl 名字 | sysctl -w 名字=值 | sysctl -a [模式]；例如 sysctl -w net.ipv4.ip_forward=1") end

-- Names as procps reads them: in the dotted form a '/' stands for a '.' inside
-- a component (net.ipv4.conf.eth0/100.rp_filter, the interface eth0.100); a
-- name whose first separator is '/' is a path (kernel/pid_max,
-- /proc/sys/net/ipv4/conf/eth0.100/rp_filter), its '/' and '.' swapped.
local function swap(s) return (s:gsub("[./]", { ["."] = "/", ["/"] = "." })) end
local function dotted(name)
  name = name:gsub("^/proc/sys/", "")
  if name:match("[./]") == "/" then return swap(name) end
  return name
end
local function slashed(name) return swap(name) end

-- The closest known name to a mistyped one (same parent first), or nil.
local function distance(a, b)
  if math.abs(#a - #b) > 3 then return 99 end
  local prev = {}
  for j = 0, #b do prev[j] = j end
  for i = 1, #a do
    local cur = { [0] = i }
    for j = 1, #b do
      local cost = a:byte(i) == b:byte(j) and 0 or 1
      cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
    end
    prev = cur
  end
  return prev[#b]
end

function M.suggest(ns, name)
  local parent = name:match("^(.*)%.[^.]*$") or ""
  local best, bestd
  for _, prefix in ipairs({ parent, "net" }) do
    local list = net.sysctl_list(ns, prefix ~= "" and prefix or nil) or {}
    for _, e in ipairs(list) do
      local d = distance(name, e.name)
      if d <= 3 and (not bestd or d < bestd) then best, bestd = e.name, d end
    end
    if best then return best end
  end
  return nil
end

-- the hint after "cannot stat" for an unknown name
local function hint_unknown(ns, name)
  local s = M.suggest(ns, name)
  if s then
    return L("hint: did you mean ", "提示：你是不是想输入 ") .. s .. L("? ('sysctl -a -r ", "？（'sysctl -a -r ") .. s:match("([^.]*)$") ..
      L("' lists similar names)", "' 列出相近的名字）")
  end
  return L("hint: 'sysctl -a -r WORD' lists the names containing WORD in this namespace", "提示：'sysctl -a -r 词' 列出这个命名空间里含有这个词的参数名")
end

local function print_entry(ctx, o, name, value)
  if o.names then ctx:outln(name)
  elseif o.values then ctx:outln(value)
  else ctx:outln(name, " = ", value) end
end

-- Every name under prefix (or all, prefix nil) matching the Lua-escaped pattern.
local function list(ctx, o, prefix, pattern)
  local entries, e = net.sysctl_list(ctx.ns, prefix)
  if not entries then
    commands.fail(1, "sysctl: " .. tostring(e))
  end
  -- a malformed pattern errs only where matching reaches the bad part ('a(b'
  -- on a name with an "a"): every name is matched before anything is printed
  local shown = {}
  local ok = pcall(function()
    for _, ent in ipairs(entries) do
      if not pattern or ent.name:find(pattern) then shown[#shown + 1] = ent end
    end
  end)
  if not ok or (pattern and not pcall(string.find, "", pattern)) then
    commands.fail(2, "sysctl: -r '" .. tostring(o.regex_text or pattern) .. L("' is not a pattern netlearn can use (unbalanced ( or [?);" ..
      " give a word, e.g. sysctl -a -r forward", "' 不是 netlearn 能用的模式（( 或 [ 没有配对？）；给一个词，例如 sysctl -a -r forward"))
  end
  for _, ent in ipairs(shown) do print_entry(ctx, o, ent.name, ent.value) end
  return 0
end

-- procps' -r takes an extended regex; most learners type a plain word.
local function to_lua_pattern(re)
  if re:match("[%[%]%(%)%*%+%?%^%$|\\]") then
    -- keep ^ $ . * + ? and [] which mean the same in Lua patterns; escape the rest
    return (re:gsub("([%%%-])", "%%%1"))
  end
  return (re:gsub("([%^%$%(%)%%%.%[%]%*%+%-%?])", "%%%1"))
end

local function read_one(ctx, o, arg)
  local name = dotted(arg)
  local v, _, errno = net.sysctl_get(ctx.ns, name)
  if v then
    print_entry(ctx, o, name, v)
    return 0
  end
  -- a directory such as net.ipv4: list what is under it, like procps
  local sub = net.sysctl_list(ctx.ns, name)
  if sub and #sub > 0 and sub[1].name:sub(1, #name + 1) == name .. "." then
    return list(ctx, o, name)
  end
  if o.ignore then return 0 end
  if errno == net.errno.ENOENT or errno == nil then
    -- one of several names: said, and the others are still read (procps)
    ctx:errln("sysctl: cannot stat /proc/sys/", slashed(name), ": No such file or directory")
    ctx:errln(hint_unknown(ctx.ns, name))
  else
    ctx:errln("sysctl: reading key \"", name, "\": ", net.strerror(errno),
      name:match("^net%.") and "" or " (netlearn shows the lab's net.* sysctls, not the machine's kernel settings)")
  end
  return 1
end

local function write_all(ctx, o, pairs_)
  -- only settings of one namespace (netlearn.sysctlpolicy): nothing is
  -- written if one of them is the machine's
  for _, p in ipairs(pairs_) do
    local ok, why = policy.check(p.name, p.value, ctx.ns, net)
    if not ok then commands.fail(1, "sysctl: " .. tostring(why)) end
  end
  -- check every name first: nothing is written if one of them is unknown
  local old = {}
  for i, p in ipairs(pairs_) do
    local v, _, errno = net.sysctl_get(ctx.ns, p.name)
    if not v then
      if o.ignore then
        p.skip = true
      else
        if errno == net.errno.ENOENT or errno == nil then
          commands.fail(1, "sysctl: cannot stat /proc/sys/" .. slashed(p.name) .. ": No such file or directory",
            hint_unknown(ctx.ns, p.name))
        end
        commands.fail(1, "sysctl: reading key \"" .. p.name .. "\": " .. tostring(net.strerror(errno)))
      end
    end
    old[i] = v
  end
  for i, p in ipairs(pairs_) do
    if not p.skip then
      local ok, _, errno = net.sysctl_set(ctx.ns, p.name, p.value)
      if not ok then
        for j = i - 1, 1, -1 do
          if not pairs_[j].skip then net.sysctl_set(ctx.ns, pairs_[j].name, old[j]) end
        end
        local hint
        if p.value == "" then
          hint = L("hint: give a value after '=', e.g. sysctl -w ", "提示：'=' 后面要给一个值，例如 sysctl -w ") .. p.name .. "=1"
        elseif require("netlearn.i18n").lang == "zh" then
          hint = "提示：" .. p.name .. " 不接受 '" .. p.value .. "' 这个值（现在是 " .. tostring(old[i]) .. "）；大多数开关取 0 或 1"
        else
          hint = "hint: '" .. p.value .. "' is not a value " .. p.name .. " accepts (now " .. tostring(old[i]) .. "); most switches take 0 or 1"
        end
        commands.fail(1, "sysctl: setting key \"" .. p.name .. "\": " .. tostring(errno and net.strerror(errno) or "Invalid argument"), hint)
      end
      local seen = M.original[ctx.ns] or {}
      M.original[ctx.ns] = seen
      if seen[p.name] == nil then seen[p.name] = old[i] end
    end
  end
  for i, p in ipairs(pairs_) do
    if not p.skip and not o.quiet then
      print_entry(ctx, o, p.name, (net.sysctl_get(ctx.ns, p.name)) or p.value)
    end
    local _ = i
  end
  return 0
end

local SHORT = { a = "all", A = "all", X = "all", n = "values", N = "names", q = "quiet",
  w = "write", e = "ignore", b = "values", o = "nothing", x = "nothing" }
local LONG = { all = "all", values = "values", names = "names", quiet = "quiet", write = "write",
  ignore = "ignore", binary = "values", pattern = "pattern", help = "help", version = "version",
  load = "load", system = "load", deprecated = "nothing", ["dry-run"] = "dryrun" }

function M.parse(args)
  local o, words = {}, {}
  local i = 1
  while i <= #args do
    local a = args[i]
    if a == "--" then
      for k = i + 1, #args do words[#words + 1] = args[k] end
      break
    elseif a:sub(1, 2) == "--" then
      local name, val = a:match("^%-%-([^=]+)=?(.*)$")
      local key = LONG[name]
      if not key then
        local hits = {}
        for l, k in pairs(LONG) do if l:sub(1, #name) == name then hits[#hits + 1] = k end end
        if #hits == 1 then key = hits[1] end
      end
      if not key then commands.fail(1, "sysctl: unrecognized option '" .. a .. "'", USAGE_HINT()) end
      if key == "pattern" then
        if val == "" then
          i = i + 1
          val = args[i]
          if not val then commands.fail(1, "sysctl: option '--pattern' requires an argument", USAGE_HINT()) end
        end
        o.pattern = val
      else
        o[key] = true
      end
    elseif a:sub(1, 1) == "-" and #a > 1 then
      local k = 2
      while k <= #a do
        local c = a:sub(k, k)
        if c == "r" then
          local val = a:sub(k + 1)
          if val == "" then
            i = i + 1
            val = args[i]
            if not val then commands.fail(1, "sysctl: option requires an argument -- 'r'", USAGE_HINT()) end
          end
          o.pattern = val
          break
        elseif c == "p" or c == "f" then
          o.load = true
          break
        elseif c == "h" or c == "d" then
          o.help = true
        elseif c == "V" then
          o.version = true
        elseif SHORT[c] then
          o[SHORT[c]] = true
        else
          commands.fail(1, "sysctl: invalid option -- '" .. c .. "'", USAGE_HINT())
        end
        k = k + 1
      end
    else
      words[#words + 1] = a
    end
    i = i + 1
  end
  return o, words
end

function M.run(args, ctx)
  local o, words = M.parse(args)
  if o.help then
    ctx:outln(require("netlearn.help_zh").text("sysctl", { help = M.help }))
    return 0
  end
  if o.version then
    ctx:outln("sysctl from procps-ng 4.0.2 (netlearn)")
    return 0
  end
  if o.load then
    commands.fail(1, L("sysctl: netlearn has no /etc/sysctl.conf to load (-p): each lab namespace starts from netlearn's baseline (docs/baseline.md)",
      "sysctl：netlearn 没有可以加载的 /etc/sysctl.conf（-p）：实验里的每个命名空间都从 netlearn 的基线开始（docs/baseline.md）"),
      L("hint: set the value directly, e.g. sysctl -w net.ipv4.ip_forward=1", "提示：直接设置值，例如 sysctl -w net.ipv4.ip_forward=1"))
  end
  if o.all or (o.pattern and #words == 0) then
    -- netlearn extension: `sysctl -a WORD` stands for `sysctl -a | grep WORD`
    local pat = o.pattern or words[1]
    if #words > 1 then
      commands.fail(1, L("sysctl: -a takes at most one PATTERN (netlearn's stand-in for '| grep PATTERN'), got ",
        "sysctl：-a 最多带一个模式（netlearn 用它代替 '| grep 模式'），却给了 ") .. tostring(#words) .. L("", " 个"),
        L("hint: sysctl -a -r ip_forward", "提示：例如 sysctl -a -r ip_forward"))
    end
    o.regex_text = pat
    return list(ctx, o, nil, pat and to_lua_pattern(pat) or nil)
  end
  if #words == 0 then
    commands.fail(1, { "sysctl: no variables specified", "Try `sysctl --help' for more information." }, USAGE_HINT())
  end
  local writes, status = {}, 0
  for _, w in ipairs(words) do
    local name, value = w:match("^([^=]*)=(.*)$")
    if name then
      name = dotted(name):gsub("^%s+", ""):gsub("%s+$", "")
      if name == "" then
        commands.fail(1, "sysctl: Path is not under /proc/sys/: /proc/sys/",
          L("hint: write NAME=VALUE, e.g. sysctl -w net.ipv4.ip_forward=1", "提示：写成 名字=值，例如 sysctl -w net.ipv4.ip_forward=1"))
      end
      writes[#writes + 1] = { name = name, value = value:gsub("^%s+", "") }
    elseif o.write then
      commands.fail(1, "sysctl: command line(0): invalid syntax, continuing...",
        L("hint: -w needs NAME=VALUE, e.g. sysctl -w ", "提示：-w 后面要写 名字=值，例如 sysctl -w ") .. tostring(dotted(w)) .. "=1")
    end
  end
  if #writes > 0 then
    if #writes ~= #words then
      commands.fail(1, L("sysctl: netlearn does not mix reads and writes on one line", "sysctl：netlearn 不在同一行里既读又写"),
        L("hint: run 'sysctl -w NAME=VALUE' and 'sysctl NAME' separately", "提示：把 'sysctl -w 名字=值' 和 'sysctl 名字' 分开运行"))
    end
    return write_all(ctx, o, writes)
  end
  for _, w in ipairs(words) do
    if read_one(ctx, o, w) ~= 0 then status = 1 end
  end
  return status
end

M.help = [[
sysctl [-n|-N] [-e] NAME...          show kernel parameters of the current namespace
sysctl [-q] -w NAME=VALUE...         set them (NAME=VALUE without -w works too)
sysctl -a [-r PATTERN | PATTERN]     list every parameter (matching PATTERN)
Examples:
  sysctl net.ipv4.ip_forward
  sysctl -w net.ipv4.ip_forward=1
  ip netns exec net1 sysctl -w net.ipv4.ip_forward=0
  sysctl -a -r ip_forward          (netlearn has no pipes: this replaces 'sysctl -a | grep ip_forward')
Names may be written with dots or slashes (net/ipv4/ip_forward). Each namespace
has its own net.* values, and starts from netlearn's baseline (ip_forward 0,
rp_filter 0, ...: docs/baseline.md); 'reset' puts back the values the session
changed. Only settings of one namespace can be set: kernel.* and the few net.*
switches the whole machine shares (net.netfilter.nf_hooks_lwtunnel) are refused.]]

commands.register("sysctl", {
  summary = "read or set kernel parameters: sysctl -w net.ipv4.ip_forward=1",
  help = M.help,
  run = M.run,
  -- it only looks unless it writes: -w, -p/--system, or NAME=VALUE (commands.looks)
  looks = function(args)
    for _, a in ipairs(args) do
      if a:find("=", 1, true) or a == "-p" or a == "--load" or a == "--system" or (a:match("^%-%a+$") and a:find("w", 1, true)) then
        return false
      end
    end
    return true
  end,
})

return M
