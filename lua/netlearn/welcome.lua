--[[ netlearn.welcome -- what a newcomer sees first and what helps them on.

The banner printed once when the shell starts on a terminal; `help` grouped so
that it fits the first screen of an 80x24 terminal (`help all` lists every
command); "did you mean ...?" for a mistyped command (edit distance over the
command registry, and over ip's objects); kind one-line pointers for habits
from Python, Cisco IOS and the Unix shell (`exit()`, `show ip route`, `ls`).
Every text is in English and Chinese (netlearn.i18n picks the language).

  local welcome = require("netlearn.welcome")
  welcome.banner()                       -- the banner text, in the learner's language
  welcome.nearest("pign", {"ping", ...}) --> "ping" (or nil when nothing is close)
  welcome.habit("exit()")                --> "exit" (and a status), "quit", "help", a message, or nil
]]
local M = {}

local function i18n() return require("netlearn.i18n") end
local function pick(t) return t[i18n().lang] or t.en end

M.BANNER = {
  en = [[
netlearn: a private network lab. Everything you build here lives in a sandbox
and vanishes when you leave; nothing can harm this machine.
  lessons          'lesson' lists them, 'lesson NAME' starts one
                   (from your own shell: netlearn list, netlearn run NAME)
  help             'help' or '?'   (help all: every command)
  leave            'exit' or Ctrl-D]],
  zh = [[
netlearn：一个私人的网络实验室。你在这里建的一切都在沙箱里，离开时全部消失；
不会损坏这台机器。
  课程         'lesson' 列出课程，'lesson 课程名' 开始一课
               （在你自己的 shell 里：netlearn list，netlearn run 课程名）
  帮助         'help' 或 '?'   （help all：全部命令）
  离开         'exit' 或 Ctrl-D]],
}

function M.banner() return pick(M.BANNER) end

-- The groups of `help`: the lab, the articles' commands, probes, lessons,
-- seeing the lab. A command not listed here is shown by `help all` only.
M.GROUPS = {
  { en = "The lab", zh = "实验室",
    names = { "ns", "reset", "jobs", "kill", "fg", "machine", "on", "exit" } },
  { en = "The articles' commands", zh = "文章里的命令",
    names = { "ip", "bridge", "brctl", "sysctl", "iptables", "route", "echo" } },
  { en = "Probes", zh = "探测",
    names = { "ping", "ping6", "traceroute", "tcpdump", "curl", "nc", "tcping", "python3" } },
  { en = "Lessons", zh = "课程",
    names = { "lesson", "next", "back", "again", "hint", "explain", "skip", "score", "quit" } },
  { en = "See the lab", zh = "看实验室",
    names = { "topo", "trace", "why", "set", "export", "record" } },
}

local HEAD = {
  en = "netlearn's commands ('help NAME' shows one, 'help all' lists all %d):",
  zh = "netlearn 的命令（'help 命令名' 看一个，'help all' 列出全部 %d 个）：",
}
local TAIL = {
  en = "Anything else is Lua (net.ns_list()); '!CMD' runs a real program (!ip -br a).",
  zh = "其他输入按 Lua 执行（net.ns_list()）；'!命令' 运行真实程序（!ip -br a）。",
}

local function fit(s, width)
  if #s <= width then return s end
  -- cut at a word boundary, on a UTF-8 character boundary
  local cut = s:sub(1, width - 3)
  cut = cut:gsub("[\128-\191]*$", ""):gsub("[\192-\255]$", "")
  return cut:gsub("%s+%S*$", "") .. "..."
end

-- The grouped help as a list of lines, each at most 79 columns wide.
function M.help_lines(registry, names)
  local out = { string.format(pick(HEAD), #names) }
  for _, g in ipairs(M.GROUPS) do
    local row = {}
    for _, n in ipairs(g.names) do
      if registry[n] then row[#row + 1] = n end
    end
    if #row > 0 then
      out[#out + 1] = fit("  " .. pick(g) .. pick({ en = ": ", zh = "：" }) .. table.concat(row, ", "), 79)
    end
  end
  local EX = {
    en = {
      "Try:  ip netns add net1      ip -n net1 link set lo up     ping -c 1 127.0.0.1",
      "      lesson                 (the list of lessons)         topo",
    },
    zh = {
      "试试：ip netns add net1      ip -n net1 link set lo up     ping -c 1 127.0.0.1",
      "      lesson                 （课程列表）                  topo",
    },
  }
  out[#out + 1] = pick(TAIL)
  for _, l in ipairs(pick(EX)) do out[#out + 1] = l end
  return out
end

-- Edit distance (insertions, deletions, substitutions and a swap of two
-- neighbours, so "pign" is one edit from "ping"); above limit returns limit+1.
function M.distance(a, b, limit)
  limit = limit or 3
  if math.abs(#a - #b) > limit then return limit + 1 end
  local d = {}
  for i = 0, #a do d[i] = { [0] = i } end
  for j = 0, #b do d[0][j] = j end
  for i = 1, #a do
    for j = 1, #b do
      local cost = a:byte(i) == b:byte(j) and 0 or 1
      local v = math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if i > 1 and j > 1 and a:byte(i) == b:byte(j - 1) and a:byte(i - 1) == b:byte(j) then
        v = math.min(v, d[i - 2][j - 2] + 1)
      end
      d[i][j] = v
    end
  end
  return math.min(d[#a][#b], limit + 1)
end

-- The candidate nearest to word (at most 1 edit for words of up to 4 letters,
-- 2 above), or nil; the first of equals in the candidates' order.
function M.nearest(word, candidates)
  if type(word) ~= "string" or word == "" then return nil end
  local limit = #word <= 4 and 1 or 2
  local best, bestd = nil, limit + 1
  for _, c in ipairs(candidates) do
    if c ~= word then
      local d = M.distance(word:lower(), c, limit)
      if d < bestd then best, bestd = c, d end
    end
  end
  return best
end

local DYM = { en = "did you mean '%s'?", zh = "你是不是想输入 '%s'？" }
function M.did_you_mean(word, candidates)
  local n = M.nearest(word, candidates)
  if n then return string.format(pick(DYM), n) end
  return nil
end

-- Habits from elsewhere: a line (trimmed) -> a one-line pointer to the
-- netlearn way. "exit" and "help" mean: do that.
local HABITS = {
  { "^exit%s*%(%s*%)$", "exit" }, { "^quit%s*%(%s*%)$", "quit" }, { "^exit%s*%(%s*(%d+)%s*%)$", "exit" },
  { "^logout$", "exit" },
  { "^%?$", "help" }, { "^help%s*%(%s*%)$", "help" },
  { "^show%s+ip%s+route", { en = "the routing table is 'ip route' (or 'route -n')",
                            zh = "路由表是 'ip route'（或 'route -n'）" } },
  { "^show%s+ip%s+int", { en = "interfaces and addresses are 'ip -br addr' (or 'ip addr')",
                          zh = "接口和地址是 'ip -br addr'（或 'ip addr'）" } },
  { "^show%s+int", { en = "interfaces are 'ip link' and their addresses 'ip addr'",
                     zh = "接口是 'ip link'，地址是 'ip addr'" } },
  { "^show%s+arp", { en = "the ARP table is 'ip neigh'", zh = "ARP 表是 'ip neigh'" } },
  { "^show%s+run", { en = "netlearn has no running-config: 'topo' draws the lab, 'export clab FILE' saves it",
                     zh = "netlearn 没有 running-config：'topo' 画出实验室，'export clab 文件' 保存它" } },
  { "^conf%a*%s+t", { en = "netlearn has no configure mode: type the commands (ip addr add ...) directly",
                      zh = "netlearn 没有配置模式：直接输入命令（ip addr add ...）" } },
  { "^enable$", { en = "no enable needed: you are already root inside the lab",
                  zh = "不需要 enable：在实验室里你已经是 root" } },
  { "^ls$", "ls" }, { "^ls%s+[%-/~%w%.]", { en = "this is not a file shell: 'ip netns' lists the namespaces, 'ip link' the devices ('!ls' runs the real ls)",
                     zh = "这里不是文件 shell：'ip netns' 列出命名空间，'ip link' 列出设备（'!ls' 运行真实的 ls）" } },
  { "^cd$", "cd" }, { "^cd%s+[%-/~%w%.]", { en = "to work in a namespace type 'ns NAME' ('ns host' to come back)",
                     zh = "要进入一个命名空间请输入 'ns 名字'（'ns host' 返回）" } },
  { "^pwd$", { en = "the prompt shows where you are: netlearn(net1)> is inside namespace net1",
               zh = "提示符显示你在哪里：netlearn(net1)> 表示在命名空间 net1 里" } },
  { "^clear$", { en = "to clear the screen press Ctrl-L", zh = "清屏请按 Ctrl-L" } },
  { "^cls$", { en = "to clear the screen press Ctrl-L", zh = "清屏请按 Ctrl-L" } },
}

-- The first characters of the habits' patterns: the check runs on every line typed
-- or piped, and a line that starts with any other character is no habit.
local HABIT_START = {}
for _, h in ipairs(HABITS) do HABIT_START[h[1]:match("^%^%%?(.)")] = true end

-- nil (not a habit), "exit", "help", or a message to print.
function M.habit(line)
  if not HABIT_START[line:match("^%s*(%S)") or ""] then return nil end
  local l = line:match("^%s*(.-)%s*$")
  for _, h in ipairs(HABITS) do
    local code = l:match(h[1])
    if code or (l:find(h[1]) and true) then
      if h[2] == "exit" then return "exit", tonumber(code) end
      if h[2] == "quit" then return "quit" end
      if h[2] == "help" then return "help" end
      local msg = h[2]
      if type(msg) == "string" then      -- the same pointer as for "NAME ARGS"
        for _, h2 in ipairs(HABITS) do
          if type(h2[2]) == "table" and h2[1]:find("^%^" .. msg) then msg = h2[2] break end
        end
      end
      return pick({ en = "netlearn: ", zh = "netlearn：" }) .. pick(msg)
    end
  end
  return nil
end

-- Does the locale's character set draw Unicode (UTF-8)? LC_ALL, else
-- LC_CTYPE, else LANG decides, as setlocale does; none set is the C locale.
function M.utf8_locale(getenv)
  getenv = getenv or os.getenv
  for _, v in ipairs({ "LC_ALL", "LC_CTYPE", "LANG" }) do
    local l = getenv(v)
    if l and l ~= "" then return l:lower():gsub("-", ""):find("utf8", 1, true) ~= nil end
  end
  return false
end

return M
