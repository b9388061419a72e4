--[[ netlearn.errors_zh -- the Chinese of the error messages the C layer makes.

C words its errors once, in English (l_fail / luaL_error in src/*.c): that is
what the English learner and the tests read. This module holds, for each C
format string, its Chinese; the format itself is the key, and the Lua pattern
that recognises a message made from it is derived from it (%s, %d, %g ...
become captures), so the names and numbers of the message carry over into the
Chinese (%1$s is the format's first conversion, %2$s its second ...).
Commands print their error lines through commands' Ctx:errln, which calls
M.line when the language is zh. What a real tool prints in English too
(iproute2's "RTNETLINK answers: ...", tcpdump's and ping's own words, a
system call's errno text) stays as it is: see M.VERBATIM.

  local ez = require("netlearn.errors_zh")
  ez.line("netlearn: x0: unknown device type 'foo' (use ...)")  -> the line in Chinese
  ez.pattern("%s: mtu %lld out of range")                       -> its Lua pattern

The tables are split by area: errors_zh_link.lua (links, addresses,
namespaces), errors_zh_route.lua (routes, rules, neighbours, nf_tables,
sysctl), errors_zh_probe.lua (ping, traceroute, tcpdump, http, processes,
bindings), errors_zh_nat.lua (the NAT and filter rules' checks). Adding a C message: add its exact format and Chinese to one of them;
tests/lua/62e-zh-cerrors.lua fails until every format of src/*.c is there or
in M.VERBATIM.
]]
local zt = require("netlearn.zhtext")
local i18n = require("netlearn.i18n")

local M = {}

-- Formats printed as they are under zh, with the reason. A format with no
-- English word outside its conversions ("%s: %s") needs no entry at all.
M.VERBATIM = {
  -- the real tools' own words (the learner sees the same on a real machine)
  ["tcpdump: %s: No such device exists (names are at most 15 bytes)"] = "tcpdump",
  ["tcpdump: %s: No such device exists"] = "tcpdump",
  ["tcpdump: %s: You don't have permission to capture on that device"] = "tcpdump",
  ["tcpdump: read: %s"] = "tcpdump", ["tcpdump: %s"] = "tcpdump (libpcap's own text)",
  ["nf_tables"] = "the subsystem's name, before the kernel's errno text",
  ["in namespace %s"] = "a part filled into other messages (see M.NOUNS)", ["tcpdump: poll: %s"] = "tcpdump",
  ["Network is unreachable"] = "strerror, as ping and ip print it",
  ["Cannot open network namespace: %s"] = "ip netns exec",
  ['Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", not "%s"'] =
    "ip link ... type macvlan mode",
  ["Cannot create namespace file \""] = "ip netns add",
  ["[Errno %d] %s"] = "python3 -m http.server",
  ["SO_BINDTODEVICE %s: No such device"] = "ping -I",
  ["setsockopt SO_BINDTODEVICE: No such device"] = "traceroute -i",
  ["invalid argument: '%g': out of range: %d <= value <= %d"] = "ping -t",
  ["cannot set unicast time-to-live: Invalid argument"] = "ping -t 0",
  ["invalid argument: '%g': out of range: 0 <= value <= %d"] = "ping -s, ping6 -s",
  ["getaddrinfo for host \"%s\" port %lld: %s"] = "curl",
  ["connect to %s port %lld (tcp) timed out: Operation now in progress"] = "curl / nc",
  -- a system call and its errno text, as perror prints it
  ["getcwd: %s"] = "perror", ["socket: %s"] = "perror", ["fork: %s"] = "perror",
  ["/proc: %s"] = "perror", ["bind: %s"] = "perror",
  ["pipe: %s"] = "perror", ["waitpid: %s"] = "perror", ["kill %d: %s"] = "perror",
  ["wait %d: %s"] = "perror", ["connect: %s"] = "perror", ["send: %s"] = "perror",
  -- iproute2's own "Cannot find device" after the command's words
  ["%s %s: Cannot find device \"%s\""] = "iproute2", ["route get %s: iif: Cannot find device \"%s\""] = "iproute2",
  ["route get %s: oif: Cannot find device \"%s\""] = "iproute2", ["neigh list: Cannot find device \"%s\""] = "iproute2",
  ["neigh flush: Cannot find device \"%s\""] = "iproute2", ["neigh %s: Cannot find device \"%s\""] = "iproute2",
  -- a command's name and the kernel's errno text (strerror), nothing else
  ["route list: %s"] = "strerror", ["route get %s: %s"] = "strerror", ["neigh list: %s"] = "strerror",
  ["neigh flush: %s"] = "strerror", ["fdb list: %s"] = "strerror", ["neigh %s: %s"] = "strerror",
  ["rule list: %s"] = "strerror", ["sysctl list: %s"] = "strerror", ["tcpdump: %s: %s"] = "strerror",
  -- a keyword and the parser's or errno's own text
  ["connect to %s port %lld (tcp) failed: %s"] = "curl / nc", ["ping %s: %s"] = "ping",
  -- Lua's own string library messages (lstrlib.c), for a Lua programmer
  ["invalid order function for sorting"] = "Lua", ["invalid use of '%c' in replacement string"] = "Lua",
  ["invalid replacement value (a %s)"] = "Lua",
}

-- the words C fills into a message that are themselves English (the kinds'
-- nouns of src/l_link.c, where_ns's "in the host" / "in namespace NS" of
-- src/l_spec.c): a capture that is one of them is put in Chinese
-- A list of words C made from a table ("veth, bridge or dummy", the link
-- kinds): Chinese separators; anything else is left as it is.
local function list_zh(c)
  if not c:match("^[%w%-]+, [%w%-, ]+ [ao][nr]d? [%w%-]+$") and not c:match("^[%w%-]+ [ao][nr]d? [%w%-]+$")
    and not c:match("^[%w%-]+, [%w%-, ]*[%w%-]$") then
    return c
  end
  return (c:gsub(", ", "、"):gsub(" and ", " 和 "):gsub(" or ", " 或 "))
end

M.NOUNS = {
  ["in the host"] = "（在主机上）",
  -- netlearn.parse.api_prefix's reasons, after "dst PREFIX: " and the like
  ["not an IPv4 address or prefix"] = "不是 IPv4 地址或前缀", ["not an IPv6 address or prefix"] = "不是 IPv6 地址或前缀",
  ["prefix length missing after '/'"] = "'/' 后面缺少前缀长度", ["prefix length is not a number"] = "前缀长度不是数字",
  ["prefix length must be 0-32"] = "前缀长度必须是 0-32", ["prefix length must be 0-128"] = "前缀长度必须是 0-128",
  ['write a prefix or "all"'] = '请写一个前缀或 "all"',
}
-- a link kind's noun (C's "%s need a kernel with ..."): its description's
for _, k in ipairs(require("netlearn.kinds").all()) do M.NOUNS[k.noun.en] = k.noun.zh end

-- the Lua pattern matching a message made from C format fmt, with one capture
-- per conversion; a leading %s holds no ':' (a name, a noun), so that a
-- prefix before the message ("hint: netlearn: ") is not taken into it
function M.pattern(fmt)
  local out, i, first = {}, 1, true
  while i <= #fmt do
    local c = fmt:sub(i, i)
    if c == "%" then
      local spec, conv = fmt:match("^%%([-#0 +]*%d*%.?%*?%d*[hlLqjzt]*)([diouxXeEfgGcsp%%])", i)
      if not conv then out[#out + 1] = "%%" i = i + 1
      else
        i = i + 1 + #spec + 1
        if conv == "%" then out[#out + 1] = "%%"
        elseif conv == "s" then out[#out + 1] = (#out == 0) and "([^:]-)" or "(.-)"
        elseif conv == "c" then out[#out + 1] = "(.)"
        elseif conv:find("[dioux]") then out[#out + 1] = "(%-?%w+)"
        else out[#out + 1] = "(%S+)" end
      end
      first = false
    else
      out[#out + 1] = c:find("[%^%$%(%)%%%.%[%]%*%+%-%?]") and ("%" .. c) or c
      i = i + 1
    end
  end
  return table.concat(out)
end

-- the tables, {fmt = zh}, compiled once: a list of {pat, zh, nconv}, longest
-- format first (a longer format is the more specific one)
local compiled
local function compile()
  compiled = {}
  for _, area in ipairs({ "link", "route", "probe", "nat" }) do
    for fmt, zh in pairs(require("netlearn.errors_zh_" .. area)) do
      local p = M.pattern(fmt)
      -- a trailing %s runs to the end of the line; else only a kernel's
      -- extended-ACK text (": ...") may follow, kept as it is. The message
      -- starts the line or follows a prefix ending in ": " ("netlearn: ").
      p = p .. (p:sub(-4) == "(.-)" and "()$" or "(: .*)$")
      -- a prefix is tried first, so that it is not taken into a leading %s
      local pats = { "^(.-: )" .. p, "^()" .. p }
      if p:sub(-3) ~= "()$" then
        local q = p:gsub("%(: %.%*%)%$$", "()$")
        table.insert(pats, 2, "^(.-: )" .. q)
        pats[4] = "^()" .. q
      end
      -- last, a leading name with ':' in it and no space (an IPv6 address,
      -- a label "eth0:web"): tried only when the rest found nothing
      if p:sub(1, 7) == "([^:]-)" then
        for k = 1, #pats do pats[#pats + 1] = pats[k]:gsub("%(%[%^:%]%-%)", "(%%S-)", 1) end
      end
      compiled[#compiled + 1] = { fmt = fmt, pats = pats, zh = zh }
    end
  end
  table.sort(compiled, function(a, b)
    if #a.fmt ~= #b.fmt then return #a.fmt > #b.fmt end
    return a.fmt < b.fmt
  end)
end

-- all the entries, {fmt = zh} (for the tests)
function M.all()
  local t = {}
  for _, area in ipairs({ "link", "route", "probe", "nat" }) do
    for fmt, zh in pairs(require("netlearn.errors_zh_" .. area)) do t[fmt] = zh end
  end
  return t
end

-- one message in Chinese: nil when no format makes it
function M.translate(msg)
  if not compiled then compile() end
  for _, e in ipairs(compiled) do
    for _, pat in ipairs(e.pats) do
      local caps = table.pack(msg:match(pat))
      if caps[1] then
        local pre, post = caps[1], caps[caps.n]
        if type(pre) == "number" then pre = "" end
        if type(post) == "number" then post = "" end
        -- "hint: " is netlearn's own word; "netlearn: " before Chinese takes a full-width colon
        pre = pre:gsub("^hint: ", "提示："):gsub("netlearn: $", "netlearn：")
        local args = {}
        for k = 2, caps.n - 1 do
          local c = caps[k]
          local where = c:match("^in namespace (%S+)$")
          args[#args + 1] = M.NOUNS[c] or (where and ("（在命名空间 " .. where .. " 里）")) or list_zh(c)
        end
        return zt.tidy(pre .. i18n.format(e.zh, table.unpack(args)) .. post)
      end
    end
  end
  return nil
end

-- an error line as the learner should read it: in Chinese under zh when a C
-- format made it, else unchanged
function M.line(s)
  if i18n.lang ~= "zh" or not s:find("%a%a") then return s end
  local nl = s:sub(-1) == "\n" and "\n" or ""
  local body = nl ~= "" and s:sub(1, -2) or s
  -- a message the tables cannot turn stays English rather than being lost
  local ok, zh = pcall(M.translate, body)
  return ((ok and zh) or body) .. nl
end

return M
