--[[ netlearn.cmd.ping6 -- ping -6, ping6, and ping with an IPv6 address.

iputils ping infers the family from the address: `ping 2001:db8::2` and
`ping fe80::1%veth0` are IPv6 pings, as are `ping -6 ADDR` and `ping6 ADDR`.
probes.lua's ping hands such lines here (M.wanted); the words printed are
iputils 20221126's (`PING 2001:db8::2(2001:db8::2) 56 data bytes`,
`64 bytes from 2001:db8::2: icmp_seq=1 ttl=64 time=0.05 ms`, `From fe80::..%v1
icmp_seq=1 Destination unreachable: Address unreachable`, the statistics),
on top of net.ping6 (src/ping6.c). -t sets the hop limit. A link-local address
needs its link: a zone (fe80::1%veth0) or -I veth0.

The result goes to ctx.results as {kind="ping", family="inet6", ...}, like ping's.
]]
local commands = require("netlearn.commands")
local net = require("netlearn.core")
local parse = require("netlearn.parse")
local i18n = require("netlearn.i18n")
local probes = require("netlearn.cmd.probes")

local M = {}

local MSG = {
  en = {
    usage = "hint: ping -6 [-c COUNT] [-i SECONDS] [-W TIMEOUT] [-w DEADLINE] [-t HOPS] [-s SIZE] [-I DEV|ADDR] [-q] " ..
      "ADDRESS, e.g. ping -6 -c 2 2001:db8::2",
    one_dest = "hint: options may come before or after the address: ping6 2001:db8::2 -c 1",
    family4 = "hint: %s is an IPv4 address: ping it without -6 (or ping an IPv6 address with -6)",
    family6 = "hint: %s is an IPv6 address: drop -4 (ping finds the family from the address)",
    bad_addr = "hint: an IPv6 address is hex groups with colons, e.g. 2001:db8::2 or fe80::1%veth0",
    bad_zone = "hint: after % comes an interface of this namespace ('ip link' lists them), e.g. fe80::1%veth0",
    no_dns = "hint: the lab has no DNS; ping an address, e.g. ping6 2001:db8::2",
    bad_dev = "hint: -I names an interface of this namespace ('ip link' lists them) or an IPv6 source address",
    no_route = "hint: this namespace has no IPv6 route to %s ('ip -6 route' shows the table; add one with " ..
      "ip -6 route add ... or a default route)",
    need_zone = "hint: a link-local address (fe80::) is on every link: say which one, e.g. ping %s%%veth0 or -I veth0",
    count = "hint: -c takes a count of packets, e.g. -c 3",
    interval = "hint: -i takes seconds between packets, e.g. -i 0.2",
    timeout = "hint: -W takes seconds to wait for each reply, e.g. -W 1",
    deadline = "hint: -w takes the seconds ping may run in all, e.g. -w 3",
    hops = "hint: -t takes a hop limit 1..255, e.g. -t 1 to see the first router answer",
    size = "hint: -s takes the payload size in bytes, e.g. -s 1452",
    flood = "hint: e.g. -i 0.2",
  },
  zh = {
    usage = "提示：ping -6 [-c 次数] [-i 秒] [-W 超时] [-w 总时限] [-t 跳数] [-s 大小] [-I 设备|地址] [-q] 地址，" ..
      "例如 ping -6 -c 2 2001:db8::2",
    one_dest = "提示：选项可以写在地址前面或后面：ping6 2001:db8::2 -c 1",
    family4 = "提示：%s 是 IPv4 地址：去掉 -6 再 ping（或者用 -6 ping 一个 IPv6 地址）",
    family6 = "提示：%s 是 IPv6 地址：去掉 -4（ping 会根据地址判断协议族）",
    bad_addr = "提示：IPv6 地址是用冒号分隔的十六进制组，例如 2001:db8::2 或 fe80::1%veth0",
    bad_zone = "提示：% 后面是本命名空间的一个网卡（'ip link' 会列出），例如 fe80::1%veth0",
    no_dns = "提示：实验环境没有 DNS；请 ping 一个地址，例如 ping6 2001:db8::2",
    bad_dev = "提示：-I 后面是本命名空间的网卡（'ip link' 会列出）或一个 IPv6 源地址",
    no_route = "提示：这个命名空间没有到 %s 的 IPv6 路由（'ip -6 route' 显示路由表；用 ip -6 route add ... " ..
      "或默认路由添加一条）",
    need_zone = "提示：每条链路上都有链路本地地址（fe80::）：要说明是哪一条，例如 ping %s%%veth0 或 -I veth0",
    count = "提示：-c 后面是发送的包数，例如 -c 3",
    interval = "提示：-i 后面是两个包之间的秒数，例如 -i 0.2",
    timeout = "提示：-W 后面是等待每个回复的秒数，例如 -W 1",
    deadline = "提示：-w 后面是 ping 总共运行的秒数，例如 -w 3",
    hops = "提示：-t 后面是跳数限制 1..255，例如 -t 1 可以看到第一个路由器的回答",
    size = "提示：-s 后面是数据的字节数，例如 -s 1452",
    flood = "提示：例如 -i 0.2",
  },
}
M.messages = MSG
local function msg(key, ...) return i18n.message(MSG, i18n.lang, key, ...) end
-- en or zh, in the learner's language
local function L(en, zh) return i18n.lang == "zh" and zh or en end

local SPEC = { c = "value", i = "value", W = "value", w = "value", t = "value", s = "value", I = "value",
  q = "flag", n = "flag", ["4"] = "flag", ["6"] = "flag", v = "flag", D = "flag", O = "flag", h = "flag", V = "flag" }

local function looks6(s) return type(s) == "string" and s:find(":", 1, true) ~= nil end

-- Is this ping command line an IPv6 one (-6, or an address with a colon)?
function M.wanted(args)
  local o, rest = probes.getopt(args, SPEC)
  if not o then return false end
  if o["6"] then return true end
  for _, a in ipairs(rest) do if looks6(a) then return true end end
  return false
end

-- the program name iputils starts its error lines with: ping or ping6 (argv[0])
local prog = "ping"

local function bad(line, hint, code)
  require("netlearn.cmd.probes_common").bad((line:gsub("^ping: ", prog .. ": ")), hint, code)
end

local num_arg = require("netlearn.cmd.probes_common").ping_number
local pingspec = require("netlearn.pingspec")   -- the options' ranges, once

-- Options into net.ping6's table; nil, exit code after saying what is wrong.
local function options(o, ctx)
  local opts, e = {}, nil
  local function num(letter, key, lo, hi, integer)
    if not o[letter] then return true end
    opts[key], e = num_arg(o[letter], lo, hi, integer)
    return opts[key] ~= nil
  end
  if not num("c", "count", 1, math.maxinteger, true) then return nil, bad(e, msg("count"), 1) end
  if not num("i", "interval", 0.002, 2147483, false) then
    local n = parse.decimal(o.i)
    if n and n >= 0 and n < 0.002 then
      return nil, bad("ping: cannot flood, minimal interval for user must be >= 2 ms, use -i 0.002 (or higher)",
        msg("flood"), 1)
    end
    return nil, bad(e, msg("interval"), 1)
  end
  if not num("W", "timeout", 0, 2147483, false) then return nil, bad(e, msg("timeout"), 1) end
  if not num("w", "deadline", 0, 2147483, false) then return nil, bad(e, msg("deadline"), 1) end
  if not num("t", "ttl", pingspec.TTL.lo, pingspec.TTL.hi, true) then return nil, bad(e, msg("hops"), 1) end
  if opts.ttl == 0 then opts.ttl = nil end            -- iputils: 0 keeps the default
  if not num("s", "size", 0, pingspec.MAX_SIZE.ping6, true) then return nil, bad(e, msg("size"), 1) end
  if opts.timeout == 0 then opts.timeout = nil end
  if o.I then
    if net.inet6_canon(o.I) then
      opts.src = o.I
    elseif parse.addr(o.I, "resolver") then
      return nil, bad("ping: " .. o.I .. ": Address family for hostname not supported", msg("bad_dev"), 2)
    else
      opts.dev = o.I
    end
  end
  return opts
end

local function has_dev(ns, dev)
  for _, l in ipairs(net.link_list(ns) or {}) do
    if l.name == dev then return true end
  end
  return false
end

function M.run(args, ctx, name)
  prog = name or "ping"
  local o, rest, c = probes.getopt(args, SPEC)
  if not o then
    if rest == "invalid" then return bad("ping: invalid option -- '" .. c .. "'", msg("usage"), 2) end
    return bad("ping: option requires an argument -- '" .. c .. "'", msg("usage"), 2)
  end
  if o.h then ctx:outln(require("netlearn.help_zh").text("ping6", { help = M.help })) return 2 end
  if o.V then ctx:outln(prog, " from iputils 20221126 (netlearn)") return 0 end
  if #rest == 0 then return bad("ping: usage error: Destination address required", msg("usage"), 1) end
  if #rest > 1 then
    return bad("ping: usage error: only one destination, got '" .. table.concat(rest, "' '") .. "'",
      msg("one_dest"), 2)
  end
  local dest = rest[1]
  if parse.addr(dest, "resolver") then
    return bad("ping: " .. dest .. ": Address family for hostname not supported", msg("family4", dest), 2)
  end
  if not looks6(dest) then
    return bad("ping: " .. dest .. ": Temporary failure in name resolution", msg("no_dns"), 2)
  end
  local canon = net.inet6_canon(dest)
  if not canon then
    return bad("ping: " .. dest .. ": Name or service not known", msg("bad_addr"), 2)
  end
  if o["4"] then
    return bad("ping: " .. dest .. ": Address family for hostname not supported", msg("family6", dest), 2)
  end
  local zone = dest:match("%%(.*)$")
  if zone and not zone:match("^%d+$") and not has_dev(ctx.ns, zone) then
    return bad("ping: " .. dest .. ": Name or service not known", msg("bad_zone"), 2)
  end
  local opts, code = options(o, ctx)
  if not opts then return code end
  if opts.dev and not has_dev(ctx.ns, opts.dev) then
    return bad("ping: unknown iface: " .. opts.dev, msg("bad_dev"), 2)
  end
  if not opts.count then
    local tty = require("netlearn.repl").interactive()
    if ctx.default_count then opts.count = ctx.default_count
    elseif opts.deadline or (tty and ctx.interactive ~= false) then opts.count = 0   -- no limit
    else opts.count = probes.DEFAULT_COUNT end
  end
  local size = opts.size or 56
  local ll_dev = opts.dev and canon:lower():find("^fe[89ab]") ~= nil
  if ll_dev then ctx:errln(prog, ": Warning: source address might be selected on device other than: ", opts.dev) end
  local header_done = false
  local function header(src)
    if header_done then return end
    header_done = true
    local from = ""
    if o.I then
      -- iputils does not look for a source towards a link-local address over -I DEV
      if ll_dev then src = "::" end
      from = string.format("from %s %s: ", src or "::", opts.dev or "")
    end
    ctx:outln(string.format("PING %s(%s) %s%d data bytes", dest, canon, from, size))
  end
  opts.on_event = function(ev)
    header(ev.src)
    probes.drain_all()
    if ev.type == "reply" and not o.q then
      -- iputils marks a duplicate (DUP!), except when the destination is multicast
      ctx:outln(string.format("%d bytes from %s: icmp_seq=%d ttl=%d time=%s ms%s",
        ev.bytes or (size + 8), ev.from or dest, ev.seq or 0, ev.ttl or 0, probes.fmt_ms(ev.time or 0),
        (ev.dup and not canon:lower():find("^ff")) and " (DUP!)" or ""))
    elseif ev.type == "unreachable" and (ev.text or ""):find("^local error") then
      io.stdout:flush()
      ctx:errln(prog, ": ", ev.text)
    elseif ev.type == "unreachable" and not o.q then
      ctx:outln(string.format("From %s icmp_seq=%d %s", ev.from or "::", ev.seq or 0, ev.text or ""))
    end
    io.stdout:flush()
  end
  local res, m = probes.shielded(net.ping6, ctx.ns, dest, opts)
  if not res then return bad("ping: " .. tostring(m), nil, 2) end
  if ctx.results then
    ctx.results[#ctx.results + 1] = { kind = "ping", family = "inet6", result = res, ns = ctx.ns, dest = dest }
  end
  if res.error then
    local hint = res.error:find("unreachable") and msg("no_route", dest)
      or res.error:find("Invalid argument") and dest:lower():find("^fe[89ab]") and msg("need_zone", dest) or nil
    return bad("ping: " .. res.error, hint, 2)
  end
  header(res.src)
  probes.drain_all()
  net.interrupted(true)
  for _, line in ipairs(probes.ping_summary(res, dest)) do ctx:outln(line) end
  io.stdout:flush()
  local recv = res.received or 0
  if recv == 0 then return 1 end
  if opts.deadline and opts.count > 0 and recv < opts.count then return 1 end
  return 0
end

M.help = [[
ping6 [-c COUNT] [-i SECONDS] [-W TIMEOUT] [-w DEADLINE] [-t HOPS] [-s SIZE] [-I DEV|ADDR] [-q] ADDRESS
ping -6 ...   and   ping IPV6-ADDRESS   are the same (ping finds the family from the address).
  ICMPv6 echo requests from the current namespace, printed as iputils ping prints them.
  -t sets the hop limit (IPv6's TTL). A link-local address (fe80::) is on every
  link, so name the link: a zone after % or -I DEV.
  ping6 -c 2 2001:db8:1::2
  ping -c 1 fe80::1%veth0          ping -c 1 -I veth0 fe80::1
  ip netns exec ns1 ping6 -c 1 2001:db8:2::2
  ping -6 -c 1 -t 1 2001:db8:2::2  (the first router answers: Time exceeded: Hop limit)]]

-- completion: the zone after % is a device of the namespace
local function complete(words, text, ns)
  local pre = text:match("^(.-%%)")
  if not pre then return {} end
  local out = {}
  for _, l in ipairs(net.link_list(ns) or {}) do out[#out + 1] = pre .. l.name end
  return out
end
M.complete = complete

commands.register("ping6", { summary = "send ICMPv6 echo requests: ping6 -c 2 2001:db8::2", help = M.help,
  run = function(args, ctx) return M.run(args, ctx, "ping6") end, complete = complete, looks = true })

return M
