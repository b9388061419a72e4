--[[ netlearn.cmd.ip -- the `ip` command (iproute2) on top of netlearn's primitives.

Accepts the command lines the articles type -- `ip netns add net1`,
`ip link add veth0 type veth peer name veth1`, `ip l s br-int0 master br0`,
`ip a a 10.1.5.10/24 dev int0`, `ip r a default via 10.1.5.1`,
`ip netns exec net1 ip addr`, `ip -n net1 -j route` -- resolves
abbreviations the way iproute2 does (first prefix match in iproute2's own
table order), checks the whole line before changing anything, acts through
`net.*` (netlink in C, never the real `ip`), and prints what iproute2 prints.
Errors are iproute2's words plus one line of plain-language hint.

The objects live in their own modules, as iproute2 keeps one file per object:
cmd/ip_link.lua, ip_address.lua, ip_route.lua (with get and flush),
ip_rule.lua, ip_neigh.lua, ip_netns.lua, ip_tunnel.lua; ip_dev.lua looks up
the devices and namespaces they name, ip_help.lua holds the usage texts. This
file is what they share -- the errors, the small parsers, the argument cursor --
and the global options, the dispatch to an object, and the lesson hooks.

  require("netlearn.cmd.ip")            -- registers `ip`
  commands.execute("ip -br addr")
]]
local commands = require("netlearn.commands")
local net = require("netlearn.core")
local json = require("netlearn.json")
local fmt = require("netlearn.iproute_fmt")
local v4 = require("netlearn.ipv4")
local inet = require("netlearn.inet")
local parse = require("netlearn.parse")

local IP = {}

---------------------------------------------------------------------------
-- Failing: commands.fail(status, iproute2's words, hint); the dispatcher prints
-- the two lines and returns the status.
---------------------------------------------------------------------------
-- en or zh, in the learner's language: hints are worded when they are raised
local i18n = require("netlearn.i18n")
local function L(en, zh) return i18n.lang == "zh" and zh or en end

local fail = commands.fail
IP.fail = fail

local function garbage(key, word, hint)
  fail(255, string.format('Error: either "%s" is duplicate, or "%s" is a garbage.', key, word),
    hint or L("'" .. word .. "' is not understood here; 'help ip' lists the syntax",
      "这里不认识 '" .. word .. "'；'help ip' 列出语法"))
end

local function invarg(what, word, hint)
  fail(255, string.format('Error: argument "%s" is wrong: %s', word, what), hint)
end

local function unsupported(word, where, supported)
  fail(255, string.format(L('netlearn: "%s" is not supported in "%s"', 'netlearn："%s" 在 "%s" 里不支持'), word, where),
    L("netlearn understands: " .. supported .. " (a real ip runs with '!ip ...')",
      "netlearn 认识：" .. supported .. "（真实的 ip 用 '!ip ...' 运行）"))
end

-- Errors coming back from a primitive: the kernel's extended-ACK text the way
-- iproute2 prints it ("Error: ..."), else "RTNETLINK answers: <strerror>".
local EXTACK = {
  "Nexthop has invalid gateway", "Address already assigned", "Address not found",
  "mtu greater than device maximum", "mtu less than device minimum", "Unknown device type",
  "Attribute failed policy validation", "Invalid prefix for given prefix length",
  "Gateway can not be a local address", "Nexthop device is not up", "Invalid gateway address",
  "Device does not exist", "Invalid table id", "Unknown routing table", "Device only has inet6 addresses",
  "Invalid scope", "Route with host scope can not have a gateway", "Invalid source address",
  "address already assigned", "address not found",    -- IPv6's words (ipv6: ...)
}

local function kernel_words(msg, errno)
  msg = tostring(msg or "")
  local mtu, lo, hi = msg:match("mtu (%-?%d+) out of range (%d+)%-(%d+)")
  if mtu then
    if tonumber(mtu) > tonumber(hi) then return "Error: mtu greater than device maximum." end
    return "Error: mtu less than device minimum."
  end
  for _, e in ipairs(EXTACK) do
    local s, _, pre = msg:find("(%a*%d?:? ?)" .. e:gsub("%p", "%%%0"))
    if s then
      if pre ~= "ipv4: " and pre ~= "ipv6: " then pre = "" end
      return "Error: " .. pre .. e .. "."
    end
  end
  if errno and errno ~= 0 then return "RTNETLINK answers: " .. net.strerror(errno) end
  return "Error: " .. msg
end
IP.kernel_words = kernel_words

-- netlearn's own words from a primitive (C), said in Chinese under --lang zh
-- by the one table of C's formats (netlearn.errors_zh)
local function kmsg(msg)
  msg = tostring(msg)
  if i18n.lang == "zh" then return (require("netlearn.errors_zh").translate(msg)) or msg end
  return msg
end

local function kfail(msg, errno, hint)
  local said = kmsg(msg)
  fail(2, kernel_words(msg, errno), hint or ("netlearn" .. (said ~= tostring(msg) and "：" or ": ") .. said))
end

---------------------------------------------------------------------------
-- Small parsers
---------------------------------------------------------------------------
-- an IPv4 address as ip reads it (netlearn.parse) -> its value as an integer | nil
local function ipv4(s)
  local q = parse.addr(s, "ip")
  return q and v4.to_int(q)
end
IP.ipv4 = ipv4

local FAM_HINTS = {
  en = {
    inet = "write an IPv4 address such as 10.1.5.1 (four numbers 0-255)",
    inet6 = "write an IPv6 address such as 2001:db8::1 (hex groups split by ':', '::' once for a run of zeros)",
  },
  zh = {
    inet = "写一个 IPv4 地址，例如 10.1.5.1（四个 0-255 的数）",
    inet6 = "写一个 IPv6 地址，例如 2001:db8::1（十六进制分组用 ':' 隔开，一串 0 可以用一次 '::'）",
  },
}
local PFX_HINTS = {
  en = {
    inet = "write an IPv4 address with its prefix length, e.g. 192.167.2.1/24",
    inet6 = "write an IPv6 address with its prefix length (0-128), e.g. 2001:db8::1/64",
    any = "write an address with its prefix length: IPv4 192.167.2.1/24 (0-32) or IPv6 2001:db8::1/64 (0-128)",
  },
  zh = {
    inet = "写一个带前缀长度的 IPv4 地址，例如 192.167.2.1/24",
    inet6 = "写一个带前缀长度（0-128）的 IPv6 地址，例如 2001:db8::1/64",
    any = "写一个带前缀长度的地址：IPv4 192.167.2.1/24（0-32）或 IPv6 2001:db8::1/64（0-128）",
  },
}
-- the hint tables in the current language
local FAM_HINT = setmetatable({}, { __index = function(_, k) return i18n.message(FAM_HINTS, i18n.lang, k) end })
local PFX_HINT = setmetatable({}, { __index = function(_, k) return i18n.message(PFX_HINTS, i18n.lang, k) end })

-- ADDR[/LEN] read as iproute2 reads it (netlearn.inet); family nil = either.
-- -> addr, len (default_len when none was written), family
local function need_prefix(s, default_len, family)
  local f, a, l = inet.prefix(s, family)
  if not f then
    local guess = family or (type(s) == "string" and s:find(":", 1, true) and "inet6")
    fail(1, a, (family and inet.family_of(s) ~= family)
      and (L("this is an " .. (family == "inet6" and "IPv6" or "IPv4") .. " command (-" .. (family == "inet6" and "6" or "4")
        .. "): ", "这是一条 " .. (family == "inet6" and "IPv6" or "IPv4") .. " 命令（-" .. (family == "inet6" and "6" or "4")
        .. "）：") .. PFX_HINT[family])
      or PFX_HINT[guess or "any"])
  end
  return a, l or (default_len == "full" and inet.BITS[f]) or default_len, f
end

-- one address; `what` replaces iproute2's "<family> address" for the IPv4-only words (brd)
local function need_addr(s, what, family)
  if what then
    local q = parse.addr(s, "ip")
    if not q then
      fail(1, string.format('Error: %s is expected rather than "%s"', what, tostring(s)), FAM_HINT.inet)
    end
    return q, "inet"
  end
  local f, a = inet.addr(s, family)
  if not f then fail(1, a, FAM_HINT[family or inet.family_of(s) or "inet"]) end
  return a, f
end

-- a MAC address as ip reads it (netlearn.parse) -> canonical | nil
local function is_mac(s, for_link) return (parse.mac(s, for_link)) end

-- a MAC address or a failure in ip's words; for_link: an interface's own address
-- (`ip link ... address`), which must be unicast and not zero
local function need_mac(s, for_link)
  local mac, why, x = parse.mac(s, for_link)
  if mac then return mac end
  local hint = L("a MAC address is six hex bytes split by ':', e.g. 02:42:ac:11:00:02",
    "MAC 地址是用 ':' 隔开的六个十六进制字节，例如 02:42:ac:11:00:02")
  if why == "part" then fail(1, string.format('"%s" is invalid lladdr.', tostring(x)), hint) end
  if why == "length" then fail(1, string.format("Invalid address length %d - must be 6 bytes", x), hint) end
  fail(2, why == "multicast"
    and L("netlearn: " .. s .. " is a multicast MAC; an interface's own address must be unicast (the kernel refuses it)",
      "netlearn：" .. s .. " 是组播 MAC；接口自己的地址必须是单播（内核会拒绝）")
    or L("netlearn: " .. s .. " is the all-zero MAC, which an interface cannot have (the kernel refuses it)",
      "netlearn：" .. s .. " 是全零 MAC，接口不能用它（内核会拒绝）"),
    L("make the first byte even and not all zero, e.g. 02:00:00:00:00:01 (02: a locally administered unicast address)",
      "第一个字节要是偶数，且不能全为 0，例如 02:00:00:00:00:01（02：本地管理的单播地址）"))
end

-- a device name as the kernel takes it: linkspec's one rule
local function valid_ifname(s)
  return type(s) == "string" and require("netlearn.linkspec").bad_name(s) == nil
end

-- a number word as iproute2's get_unsigned/get_u32 reads it (strtoul base 0:
-- "0x10", "010", " 80"; netlearn.parse's "ip" rule); `signed`: get_integer's
-- strtol (ip link ... mtu)
local function need_uint(word, what, hint, signed)
  local n = signed and parse.int(word, "ip-int", -2147483648, 2147483647) or parse.int(word, "ip", 0, 0xffffffff)
  if not n then invarg(what, tostring(word), hint) end
  return n
end

-- argument cursor
local Args = {}
Args.__index = Args
local function args_of(t, i) return setmetatable({ t = t, i = i or 1 }, Args) end
function Args:peek() return self.t[self.i] end
function Args:next() local w = self.t[self.i]; self.i = self.i + 1; return w end
function Args:more() return self.t[self.i] ~= nil end
-- the argument after a keyword; iproute2 says "Command line is not complete."
function Args:need(kw)
  local w = self:next()
  if w == nil then
    fail(255, "Command line is not complete. Try option \"help\"",
      L("'" .. kw .. "' needs a value after it", "'" .. kw .. "' 后面要跟一个值"))
  end
  return w
end

-- iproute2's matches(): word is a prefix of the keyword
local function is(word, kw) return word ~= nil and #word > 0 and kw:sub(1, #word) == word end

-- iproute2's rtnl_rttable_a2n: a table name or number (ip route, ip rule)
local function parse_table(w, what)
  local id = fmt.table_id(w)
  if not id then invarg(what or '"table" value is invalid', w, L("a table is main, local, default or a number 1-4294967295", "路由表是 main、local、default 或 1-4294967295 的数")) end
  return id
end

---------------------------------------------------------------------------
-- Printing helpers
---------------------------------------------------------------------------
local function emit_json(ctx, v)
  ctx:outln(json.encode(json.array(v)))
end

---------------------------------------------------------------------------
-- The objects: each module gets the helpers above and returns its run()
---------------------------------------------------------------------------
local H = { fail = fail, garbage = garbage, invarg = invarg, unsupported = unsupported, kfail = kfail,
  L = L, is = is, ipv4 = ipv4, need_prefix = need_prefix, need_addr = need_addr, is_mac = is_mac, need_mac = need_mac,
  valid_ifname = valid_ifname, need_uint = need_uint, parse_table = parse_table, emit_json = emit_json }
for k, v in pairs(require("netlearn.cmd.ip_dev")(H)) do H[k] = v end
local need_ns = H.need_ns
local ip_link = require("netlearn.cmd.ip_link")(H)
H.userspace_note = ip_link.userspace_note        -- ip tunnel add says it too
local ip_netns = require("netlearn.cmd.ip_netns")(H)
local RUN = {                                    -- object -> run(sub, ns, args, opts, ctx)
  link = ip_link.run,
  address = require("netlearn.cmd.ip_address")(H).run,
  route = require("netlearn.cmd.ip_route")(H).run,
  rule = require("netlearn.cmd.ip_rule")(H).run,
  neighbor = require("netlearn.cmd.ip_neigh")(H).run,
  tunnel = require("netlearn.cmd.ip_tunnel")(H).run,
}

---------------------------------------------------------------------------
-- Dispatch
---------------------------------------------------------------------------
local OBJECTS = { "address", "addrlabel", "maddress", "route", "rule", "neighbor", "neighbour", "ntable",
  "ntbl", "link", "l2tp", "fou", "ila", "macsec", "tunnel", "tunl", "tuntap", "tap", "token",
  "tcpmetrics", "tcp_metrics", "monitor", "xfrm", "mroute", "mrule", "netns", "netconf", "vrf", "sr",
  "nexthop", "mptcp", "ioam", "help", "stats" }
IP.OBJECTS = OBJECTS

IP.SUB = {
  link = { "add", "change", "replace", "set", "delete", "show", "lst", "list", "help" },
  address = { "add", "change", "chg", "replace", "delete", "list", "show", "lst", "flush", "save", "showdump", "restore", "help" },
  route = { "add", "change", "chg", "replace", "prepend", "append", "test", "delete", "list", "show", "lst", "get", "flush", "save", "restore", "showdump", "help" },
  rule = { "list", "lst", "show", "save", "restore", "add", "delete", "flush", "help" },
  neighbor = { "add", "change", "chg", "replace", "delete", "get", "show", "lst", "list", "flush", "help" },
  tunnel = { "add", "change", "delete", "show", "list", "lst", "prl", "6rd", "help" },
  netns = { "list", "show", "lst", "help", "add", "set", "delete", "identify", "pids", "exec", "monitor", "attach" },
}

local HELPNAME = { address = "address", route = "route", rule = "rule", neighbor = "neigh", link = "link", tunnel = "tunnel", netns = "netns" }

local function pick(word, list)
  for _, c in ipairs(list) do if is(word, c) then return c end end
  return nil
end
IP.pick = pick

-- global options -> o; returns index of the object word
local OPTS = { { "-details", "details" }, { "-json", "json" }, { "-pretty", "pretty" },
  { "-brief", "brief" }, { "-4", "4" }, { "-6", "6" }, { "-stats", "stats" }, { "-statistics", "stats" },
  { "-netns", "netns" }, { "-color", "color" }, { "-oneline", "oneline" }, { "-human", "human" },
  { "-resolve", "resolve" }, { "-Numeric", "numeric" }, { "-all", "all" } }

local function parse_opts(args, ctx)
  local o = { ns = ctx.ns or "" }
  local i = 1
  while args[i] and args[i]:sub(1, 1) == "-" and #args[i] > 1 do
    local w = args[i]
    if w:sub(1, 2) == "--" then w = w:sub(2) end
    local name
    if w == "-br" or w == "-bri" or w == "-brie" then name = "brief" end
    if w == "-b" or w == "-batch" or w == "-force" then
      fail(1, string.format('netlearn: "%s" (batch mode) is not supported', args[i]),
        L("type the commands one per line instead; '-br' is the brief listing", "改为一行输入一条命令；'-br' 是简短列表"))
    end
    if w == "-c" then name = "color" end
    if w == "-n" then name = "netns" end
    if not name then
      for _, e in ipairs(OPTS) do if is(w, e[1]) and #w >= 2 then name = e[2] break end end
    end
    if not name then
      if w:match("^%-color=") then name = "color" end
    end
    if not name then
      fail(255, string.format('Option "%s" is unknown, try "ip -help".', args[i]),
        L("netlearn's ip knows -n NS, -d, -j, -p, -br, -o, -4, -6, -s", "netlearn 的 ip 认识 -n 命名空间、-d、-j、-p、-br、-o、-4、-6、-s"))
    end
    if name == "netns" then
      i = i + 1
      local n = args[i]
      if not n then fail(255, "Command line is not complete. Try option \"help\"", L("-n takes a namespace name: 'ip -n net1 addr'", "-n 后面是命名空间名：'ip -n net1 addr'")) end
      need_ns(n)
      o.ns = n
    elseif name == "4" then o.family = "inet"
    elseif name == "6" then o.family = "inet6"
    elseif name == "stats" then
      o.stats = (o.stats or 0) + 1      -- -s -s: the error counters too
    else
      o[name] = true
    end
    i = i + 1
  end
  return o, i
end

local function run_ip(args, ctx)
  local o, i = parse_opts(args, ctx)
  local ns = o.ns
  local objword = args[i]
  if not objword then
    ctx:outln(IP.HELP)
    return 0
  end
  local obj = pick(objword, OBJECTS)
  if not obj then
    local near = require("netlearn.welcome").nearest(objword,
      { "link", "address", "addr", "route", "rule", "neigh", "netns", "tunnel" })
    fail(1, string.format('Object "%s" is unknown, try "ip help".', objword),
      (near and L("did you mean 'ip " .. near .. "'? ", "你是不是想输入 'ip " .. near .. "'？") or "") ..
      L("netlearn's ip knows link, address (addr), route, rule, neigh, netns, tunnel",
        "netlearn 的 ip 认识 link、address（addr）、route、rule、neigh、netns、tunnel"))
  end
  if obj == "neighbour" then obj = "neighbor" end
  if obj == "tunl" then obj = "tunnel" end
  if obj == "help" then ctx:outln(require("netlearn.help_zh").text("ip", { help = IP.HELP })) return 0 end
  if not IP.SUB[obj] then
    unsupported(obj, "ip", "link, address, route, rule, neigh, netns, tunnel")
  end
  local a = args_of(args, i + 1)
  if obj == "netns" then
    ctx.ns_eff = ns
    local c = ctx
    if ns ~= (ctx.ns or "") then c = ctx:with_ns(ns) c.ns_eff = ns end
    return ip_netns.run(a, o, c)
  end
  local subword = a:next()
  local sub
  if subword == nil then
    sub = obj == "tunnel" and "show" or "show"
  else
    sub = pick(subword, IP.SUB[obj])
    if not sub then
      local hint = "ip " .. HELPNAME[obj] .. L(" understands ", " 认识 ") .. (IP.SUPPORTED[obj] or "show")
      local other = ({ addr = "addr", address = "addr", a = "addr", route = "route", r = "route",
        neigh = "neigh", n = "neigh", link = "link", l = "link" })[subword]
      local near = require("netlearn.welcome").nearest(subword, IP.SUB[obj] or {})
      if near then hint = L("did you mean 'ip " .. HELPNAME[obj] .. " " .. near .. "'? (" .. hint .. ")",
        "你是不是想输入 'ip " .. HELPNAME[obj] .. " " .. near .. "'？（" .. hint .. "）") end
      if other and other ~= HELPNAME[obj] and not (other == "addr" and HELPNAME[obj] == "address") then
        -- article 003's 'ip link addr add 10.11.13.3/24 dev veth-test'
        local rest = {}
        for k = i + 2, #args do rest[#rest + 1] = args[k] end
        hint = L("did you mean 'ip ", "你是不是想输入 'ip ") .. other .. (#rest > 0 and (" " .. table.concat(rest, " ")) or "") ..
          L("'? (" .. hint .. ")", "'？（" .. hint .. "）")
      end
      fail(255, string.format('Command "%s" is unknown, try "ip %s help".', subword, HELPNAME[obj]), hint)
    end
  end
  if sub == "lst" or sub == "list" then sub = "show" end
  if sub == "chg" then sub = "change" end
  if sub == "help" then
    ctx:outln(IP.OBJ_HELP[obj] or IP.HELP)
    return 0
  end
  local r = RUN[obj](sub, ns, a, o, ctx)
  if r then return r end
  unsupported(sub, "ip " .. HELPNAME[obj], IP.SUPPORTED[obj] or "show")
end

IP.SUPPORTED = {
  link = "add, set, delete, show",
  address = "add, delete, show, flush",
  route = "add, replace, change, append, delete, show, get, flush",
  rule = "show, add, delete",
  neighbor = "add, replace, change, delete, show, flush",
  tunnel = "add, delete, show (mode ipip)",
  netns = "list, add, delete, exec, identify, pids",
}

-- run `ip ARGS` in ctx; a failure (iproute2's words + hint) goes on up to the
-- dispatcher (commands.fail)
function IP.run(args, ctx)
  local ok, r = pcall(run_ip, args, ctx)
  ctx.ns_eff = nil
  if not ok then error(r, 0) end
  return r or 0
end
local usage = require("netlearn.cmd.ip_help")
IP.NETNS_HELP, IP.OBJ_HELP, IP.HELP = usage.NETNS_HELP, usage.OBJ_HELP, usage.HELP

-- `ip [OPTIONS] netns exec NS CMD...`: NS and CMD's words, or nil.
local function netns_exec(args)
  local i = 1
  while args[i] and args[i]:sub(1, 1) == "-" and #args[i] > 1 do
    local w = args[i]:gsub("^%-%-", "-")
    if w == "-n" or (#w >= 3 and ("-netns"):sub(1, #w) == w) then i = i + 1 end
    i = i + 1
  end
  if not args[i] or pick(args[i], OBJECTS) ~= "netns" then return nil end
  if not args[i + 1] or pick(args[i + 1], IP.SUB.netns) ~= "exec" then return nil end
  if not args[i + 3] then return nil end          -- ip's own error: no command
  return args[i + 2], { table.unpack(args, i + 3) }
end

-- In a lesson `ip netns exec NS CMD...` may run a netlearn command only (checked by sub).
function IP.lesson(args, sub)
  local _, cmd = netns_exec(args)
  if cmd then return sub(cmd) end
  return nil
end

-- What `ip netns exec NS CMD...` will need is CMD's, in NS (commands.prepare).
function IP.prepare(args, _, sub)
  local ns, cmd = netns_exec(args)
  if cmd then sub(cmd, ns) end
end

-- Does `ip ARGS` only look (an object alone, show/list/get)? (commands.looks)
local LOOK_OPS = { show = true, list = true, lst = true, get = true, help = true, identify = true, pids = true }
function IP.looks(args, sub)
  local i = 1
  while args[i] and args[i]:sub(1, 1) == "-" and #args[i] > 1 do
    local w = args[i]:gsub("^%-%-", "-")
    if w == "-b" or w == "-batch" or w == "-force" then return false end
    if w == "-n" or w == "-f" or w == "-l" or w == "-rc" or
      (#w >= 3 and (("-netns"):sub(1, #w) == w or ("-family"):sub(1, #w) == w or ("-loops"):sub(1, #w) == w)) then
      i = i + 1
    end
    i = i + 1
  end
  if not args[i] then return true end              -- usage
  local obj = pick(args[i], OBJECTS)
  if obj == "help" then return true end
  local ops = obj and IP.SUB[obj]
  if not ops then return false end
  if not args[i + 1] then return true end          -- `ip link`: the object alone lists it
  local op = pick(args[i + 1], ops)
  if obj == "netns" and op == "exec" then return args[i + 3] ~= nil and sub({ table.unpack(args, i + 3) }) end
  return op ~= nil and LOOK_OPS[op] == true
end

commands.register("ip", {
  summary = "iproute2's ip: netns, link, addr, route, rule, neigh, tunnel (help ip)",
  help = IP.HELP,
  run = IP.run,
  lesson = IP.lesson,
  looks = IP.looks,
  prepare = IP.prepare,
})

return IP
