--[[ netlearn.complete -- Tab completion for the netlearn shell.

shell.lua calls complete(text, line, start, shell) with readline's view: the
word being completed (text), the whole line, and where that word starts
(0-based). The answer is the list of candidates starting with text:
command words, `ip`'s objects, subcommands and keywords, namespace names
(net.ns_list), device names of the namespace the line acts in (`-n NS`,
`ip netns exec NS ...`, or the shell's current namespace), lesson names
(the lesson search path: netlearn.lesson.dirs), and file names after export
clab, topo --svg/--dot and record stop.

  complete("ne", "ip netns exec ne", 14, shell)  --> {"net1", "net2"}
]]
local commands = require("netlearn.commands")
local net = require("netlearn.core")
local kinds = require("netlearn.kinds")

local C = {}

local function starting(text, list)
  local out, seen = {}, {}
  for _, w in ipairs(list) do
    if w:sub(1, #text) == text and not seen[w] then
      out[#out + 1] = w
      seen[w] = true
    end
  end
  table.sort(out)
  return out
end

local function ns_names()
  local ok, l = pcall(net.ns_list)
  return ok and l or {}
end

local function dev_names(ns)
  local ok, l = pcall(net.link_list, ns)
  if not ok or not l then return {} end
  local t = {}
  for _, x in ipairs(l) do t[#t + 1] = x.name end
  return t
end

function C.lesson_names()
  local t = {}
  -- the lesson search path (netlearn.lesson: NETLEARN_LESSONS, the learner's own, the shipped)
  for _, p in ipairs(require("netlearn.lesson").all()) do
    local n = p:match("([^/]+)%.lua$")
    if n and n:sub(1, 1) ~= "_" then t[#t + 1] = n end
  end
  return t
end

-- keywords after `ip OBJECT SUB`
local KEYWORDS = {
  link = {
    add = { "type", "peer", "name", "link", "mode", "address", "mtu", "up", "netns", "id", "remote", "local", "dstport", "dev", "ttl" },
    set = { "up", "down", "netns", "master", "nomaster", "mtu", "address", "name", "dev" },
    delete = { "dev" }, show = { "dev", "up", "type", "master" },
  },
  address = { add = { "dev", "brd", "broadcast", "label", "scope", "nodad", "noprefixroute" }, delete = { "dev" },
    show = { "dev", "up" }, flush = { "dev" } },
  route = {
    add = { "via", "dev", "metric", "table", "src", "scope", "proto", "onlink", "default" },
    show = { "table", "dev", "proto", "scope", "type", "default" },
    get = { "from", "iif", "oif" }, flush = { "table", "dev" },
  },
  rule = { add = { "from", "to", "iif", "oif", "table", "lookup", "priority", "pref" } },
  neighbor = { show = { "dev", "nud" }, flush = { "dev", "all" },
    add = { "lladdr", "dev", "nud", "router" }, delete = { "dev" } },
  tunnel = { add = { "mode", "remote", "local", "ttl", "dev" } },
}
KEYWORDS.route.replace = KEYWORDS.route.add
KEYWORDS.neighbor.replace = KEYWORDS.neighbor.add
KEYWORDS.neighbor.change = KEYWORDS.neighbor.add
KEYWORDS.route.change = KEYWORDS.route.add
KEYWORDS.route.append = KEYWORDS.route.add
KEYWORDS.route.delete = KEYWORDS.route.add
KEYWORDS.rule.delete = KEYWORDS.rule.add
KEYWORDS.address.delete = KEYWORDS.address.add

local VALUES = {
  type = kinds.names,
  mode = kinds.all_modes(),         -- every kind's modes, then `ip tunnel`'s

  table = { "main", "local", "default", "all" },
  lookup = { "main", "local", "default" },
  scope = { "global", "link", "host" },
  proto = { "static", "boot", "kernel", "dhcp" },
  brd = { "+" },
}
VALUES.mode[#VALUES.mode + 1] = "ipip"
local DEV_WORDS = { dev = true, master = true, link = true, iif = true, oif = true, ["-i"] = true, ["-I"] = true }

local SHOWN_OBJECTS = { "address", "link", "route", "rule", "neighbor", "netns", "tunnel", "help" }
local SHOWN_SUB = {
  link = { "add", "set", "delete", "show", "help" },
  address = { "add", "delete", "show", "flush", "help" },
  route = { "add", "replace", "change", "append", "delete", "show", "get", "flush", "help" },
  rule = { "show", "add", "delete", "help" },
  neighbor = { "add", "replace", "change", "delete", "show", "flush", "help" },
  tunnel = { "add", "delete", "show", "help" },
  netns = { "list", "add", "delete", "exec", "identify", "pids", "help" },
}

-- complete words[#words+1] (= text) of an `ip` command whose words are given
local function complete_ip(words, text, ns, shell)
  local i = 2
  -- global options
  while words[i] and words[i]:sub(1, 1) == "-" do
    if words[i] == "-n" or words[i] == "-netns" then
      if words[i + 1] == nil then return starting(text, ns_names()) end
      ns = words[i + 1]
      i = i + 2
    else
      i = i + 1
    end
  end
  if words[i] == nil then
    if text:sub(1, 1) == "-" then return starting(text, { "-n", "-d", "-j", "-p", "-br", "-4", "-6", "-s" }) end
    return starting(text, SHOWN_OBJECTS)
  end
  local ipmod = require("netlearn.cmd.ip")
  local obj = ipmod.pick(words[i], ipmod.OBJECTS)
  if obj == "neighbour" then obj = "neighbor" end
  if obj == "tunl" then obj = "tunnel" end
  if not obj or not ipmod.SUB[obj] then return {} end
  i = i + 1
  if words[i] == nil then return starting(text, SHOWN_SUB[obj] or {}) end
  local sub = ipmod.pick(words[i], ipmod.SUB[obj])
  if sub == "list" or sub == "lst" then sub = "show" end
  if obj == "netns" then
    if sub == "exec" then
      if words[i + 1] == nil then return starting(text, ns_names()) end
      -- the rest is a command line of its own, inside that namespace
      local rest = { table.unpack(words, i + 2) }
      return C.complete_words(rest, text, words[i + 1], shell)
    elseif sub == "delete" or sub == "pids" then
      if words[i + 1] == nil then return starting(text, ns_names()) end
    end
    return {}
  end
  local prev = words[#words]
  if #words > i and prev == "netns" then return starting(text, ns_names()) end
  if #words > i and DEV_WORDS[prev] then return starting(text, dev_names(ns)) end
  -- after `type K` in `ip link add/set`: the words and modes of kind K
  local kind
  if obj == "link" and (sub == "add" or sub == "set") then
    for j = i + 1, #words - 1 do
      if words[j] == "type" then kind = kinds.get(words[j + 1]) end
    end
  end
  if kind and #words > i and prev == "mode" and kind.modes then return starting(text, kind.modes) end
  if #words > i and VALUES[prev] then return starting(text, VALUES[prev]) end
  if kind then return starting(text, kind.options or {}) end
  local kw = (KEYWORDS[obj] or {})[sub or ""] or {}
  local cands = { table.unpack(kw) }
  -- positional device names: ip link set/del/show DEV
  if obj == "link" and (sub == "set" or sub == "delete" or sub == "show") then
    for _, d in ipairs(dev_names(ns)) do cands[#cands + 1] = d end
  end
  if obj == "tunnel" and (sub == "delete" or sub == "show") then
    for _, d in ipairs(dev_names(ns)) do cands[#cands + 1] = d end
  end
  return starting(text, cands)
end

-- File names for the words that name a file (export clab FILE, topo --svg FILE,
-- record stop FILE): read with the learner's rights (netlearn.files); a
-- leading ~ stays as typed. Directories end in "/".
C.FILE_AFTER = { clab = true, containerlab = true, ["--svg"] = true, ["--dot"] = true, stop = true }
function C.file_names(text)
  local files = require("netlearn.files")
  local dir = text:match("^(.*/)") or ""
  local home = os.getenv("HOME") or ""
  local real = dir:gsub("^~/", home .. "/")
  if dir == "" then real = "." end
  local names = files.list(real) or {}
  local out = {}
  for k, n in ipairs(names) do
    if k > 500 then break end
    if (n:sub(1, 1) ~= "." or text:match("/%.[^/]*$") or text:match("^%.")) then
      local full = dir .. n
      if (dir .. n):sub(1, #text) == text then
        local isdir = files.list((real == "." and "" or real) .. n) ~= nil
        out[#out + 1] = full .. (isdir and "/" or "")
      end
    end
  end
  return starting(text, out)
end

-- complete the word after `words` (a command line already split), in ns
function C.complete_words(words, text, ns, shell)
  commands.load_all()
  if #words == 0 then
    return starting(text, commands.names())
  end
  local cmd = words[1]
  if cmd == "sudo" then return C.complete_words({ table.unpack(words, 2) }, text, ns, shell) end
  if cmd == "ip" then return complete_ip(words, text, ns, shell) end
  local prev = words[#words]
  if #words >= 2 and C.FILE_AFTER[prev] and (cmd == "export" or cmd == "topo" or cmd == "show" or cmd == "record") then
    return C.file_names(text)
  end
  if cmd == "lesson" or cmd == "run" or cmd == "check" then
    return starting(text, C.lesson_names())
  end
  if cmd == "brctl" then
    if #words == 1 then return starting(text, { "addbr", "delbr", "addif", "delif", "show" }) end
    return starting(text, dev_names(ns))
  end
  if cmd == "bridge" then
    if #words == 1 then return starting(text, { "link" }) end
    if prev == "link" then return starting(text, { "show", "dev" }) end
    if prev == "dev" then return starting(text, dev_names(ns)) end
    return {}
  end
  if prev == "netns" or prev == "-n" then return starting(text, ns_names()) end
  if DEV_WORDS[prev] then return starting(text, dev_names(ns)) end
  local spec = commands.registry[cmd]
  if spec and type(spec.complete) == "function" then
    local ok, r = pcall(spec.complete, words, text, ns)
    if ok and type(r) == "table" then return starting(text, r) end
  end
  return {}
end

-- split the text before the word being completed; only the last command of
-- a line counts (after ;, && or ||)
local function words_before(s)
  s = s:gsub(".*[;&|]", "")
  local t = {}
  for w in s:gmatch("%S+") do t[#t + 1] = (w:gsub("^['\"]", ""):gsub("['\"]$", "")) end
  return t
end

function C.complete(text, line, start, shell)
  local before = line:sub(1, start or 0)
  if before:match("^%s*!") then return {} end       -- a real program: no help from us
  local words = words_before(before)
  local ns = (shell and shell.ns) or ""
  local ok, r = pcall(C.complete_words, words, text or "", ns, shell)
  if ok then return r end
  return {}
end

return C
