--[[ netlearn.cmd.probes_ping -- ping and traceroute, printing what iputils ping and
traceroute print, on top of net.ping and net.traceroute.

ping's default count: on a terminal, like iputils, ping runs until Ctrl-C;
when input is not a terminal (pipes, tests) or ctx.default_count is set (the
lesson runtime), it sends ctx.default_count or 4 packets. While ping runs, the
captures in the background print what they see (probes_jobs.drain_all).
]]
-- en or zh, in the learner's language (netlearn.i18n)
local function L(en, zh) return require("netlearn.i18n").lang == "zh" and zh or en end
local net = require("netlearn.core")
local C = require("netlearn.cmd.probes_common")
local jobs = require("netlearn.cmd.probes_jobs")
local getopt, bad, add_result, is_ipv4 = C.getopt, C.bad, C.add_result, C.is_ipv4

local M = {}
M.DEFAULT_COUNT = 4

---------------------------------------------------------------------------
-- ping
---------------------------------------------------------------------------
local function fmt_ms(t)
  if t >= 99.95 then return string.format("%.0f", t) end
  if t >= 9.995 then return string.format("%.1f", t) end
  if t >= 0.9995 then return string.format("%.2f", t) end
  return string.format("%.3f", t)
end
M.fmt_ms = fmt_ms

local function mdev(rtts)
  local n = #rtts
  if n == 0 then return 0 end
  local s, s2 = 0, 0
  for _, v in ipairs(rtts) do s = s + v s2 = s2 + v * v end
  local avg = s / n
  local var = s2 / n - avg * avg
  return var > 0 and math.sqrt(var) or 0
end

-- The statistics block of iputils ping for a result.
function M.ping_summary(res, dest)
  local lines = { "", "--- " .. dest .. " ping statistics ---" }
  local sent, recv = res.sent or 0, res.received or 0
  local loss = sent > 0 and ((sent - recv) * 100) // sent or 0
  local errs = (res.errors and res.errors > 0) and (", +" .. res.errors .. " errors") or ""
  if res.duplicates and res.duplicates > 0 then errs = ", +" .. res.duplicates .. " duplicates" .. errs end
  lines[#lines + 1] = string.format("%d packets transmitted, %d received%s, %d%% packet loss, time %dms",
    sent, recv, errs, loss, math.floor((res.time or 0) + 0.5))
  if recv > 0 then
    local rtts = res.rtts or {}
    local mn, mx, sum = math.huge, 0, 0
    for _, v in ipairs(rtts) do mn = math.min(mn, v) mx = math.max(mx, v) sum = sum + v end
    if #rtts == 0 then mn = 0 end
    lines[#lines + 1] = string.format("rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms",
      res.rtt_min or mn, res.rtt_avg or (#rtts > 0 and sum / #rtts or 0), res.rtt_max or mx,
      res.rtt_mdev or mdev(rtts))
  else
    lines[#lines + 1] = ""
  end
  return lines
end

local function PING_USAGE_HINT() return L("hint: ping [-c COUNT] [-i SECONDS] [-W TIMEOUT] [-w DEADLINE] [-t TTL] [-s SIZE] [-I DEV] [-q] ADDRESS, e.g. ping -c 2 192.167.2.2", "提示：ping [-c 次数] [-i 秒] [-W 超时] [-w 截止时间] [-t TTL] [-s 大小] [-I 设备] [-q] 地址，例如 ping -c 2 192.167.2.2") end

local num_arg = require("netlearn.cmd.probes_common").ping_number
local pingspec = require("netlearn.pingspec")   -- the options' ranges, once

-- Under `netlearn check` nobody watches a typed ping's pace, so it waits only
-- where a claim could see a difference (docs/performance.md, "typed pings
-- under check"): the next echo leaves once the last one is answered (an echo
-- reply is not rate-limited; an error or a silence keeps the interval), and
-- after the last echo a quiet lab ends the wait for a reply that cannot come
-- (docs/quiet-lab.md). Printed times stay the measured ones. An interval the
-- line asks for (-i) is kept when the run spans a second or more (the ARP
-- retransmit, the neighbour's 5 s delay probe: a timer could see the pace);
-- a -w run is left as typed. A run shorter than that (-c 2 -i 0.2) also sends
-- past an echo nobody answers, once the lab is proved quiet and no ICMP error
-- was held back by a rate limit (eager_silence, src/ping.h).
M.EAGER_SPAN = 1
function M.checking_opts(opts, interval_typed)
  if not require("netlearn.lesson").tap_mode or (opts.count or 0) == 0 or opts.deadline then return end
  local short = (opts.interval or 1) * (opts.count - 1) < M.EAGER_SPAN
  if not interval_typed or short then opts.eager = true end
  opts.eager_silence = (short and opts.count > 1) or nil    -- (one echo: no next one to send early)
  opts.quiet = require("netlearn.quiet").plan(net)
end

function M.ping(args, ctx)
  -- ping -6, or an IPv6 address: iputils infers the family (cmd/ping6.lua)
  local p6 = require("netlearn.cmd.ping6")
  if p6.wanted(args) then return p6.run(args, ctx) end
  local o, rest, c = getopt(args, { c = "value", i = "value", W = "value", w = "value", t = "value",
    s = "value", I = "value", q = "flag", n = "flag", ["4"] = "flag", v = "flag", D = "flag", O = "flag",
    h = "flag", V = "flag" })
  if not o then
    if rest == "invalid" then
      return bad("ping: invalid option -- '" .. c .. "'", PING_USAGE_HINT(), 2)
    end
    return bad("ping: option requires an argument -- '" .. c .. "'", PING_USAGE_HINT(), 2)
  end
  if o.h then ctx:outln(M.help_ping) return 2 end
  if o.V then ctx:outln("ping from iputils 20221126 (netlearn)") return 0 end
  local opts = {}
  local e
  if o.c then
    opts.count, e = num_arg(o.c, 1, math.maxinteger, true)
    if not opts.count then return bad(e, L("hint: -c takes a count of packets, e.g. -c 3", "提示：-c 后面是包的个数，例如 -c 3"), 1) end
  end
  if o.i then
    opts.interval, e = num_arg(o.i, 0.002, 2147483, false)
    if not opts.interval then
      local n = require("netlearn.parse").decimal(o.i)
      if n and n < 0.002 and n >= 0 then
        return bad("ping: cannot flood, minimal interval for user must be >= 2 ms, use -i 0.002 (or higher)", L("hint: e.g. -i 0.2", "提示：例如 -i 0.2"), 1)
      end
      return bad(e, L("hint: -i takes seconds between packets, e.g. -i 0.2", "提示：-i 后面是两个包之间的秒数，例如 -i 0.2"), 1)
    end
  end
  if o.W then
    opts.timeout, e = num_arg(o.W, 0, 2147483, false)
    if not opts.timeout then return bad(e, L("hint: -W takes seconds to wait for each reply, e.g. -W 1", "提示：-W 后面是等待每个应答的秒数，例如 -W 1"), 1) end
  end
  if o.w then
    opts.deadline, e = num_arg(o.w, 0, 2147483, false)
    if not opts.deadline then return bad(e, L("hint: -w takes the seconds ping may run in all, e.g. -w 3", "提示：-w 后面是 ping 总共可以运行的秒数，例如 -w 3"), 1) end
  end
  if o.t then
    -- iputils' range check, then the kernel's refusal of 0 (netlearn.pingspec's words)
    opts.ttl, e = num_arg(o.t, pingspec.TTL.lo, pingspec.TTL.hi, true)
    if not opts.ttl then return bad(e, L("hint: -t takes a TTL 1..255, e.g. -t 1 to see the first router answer", "提示：-t 后面是 1..255 的 TTL，例如 -t 1 看第一个路由器的回答"), 1) end
    local refused = pingspec.ttl_refused(opts.ttl)
    if refused then return bad("ping: " .. refused, L("hint: -t takes a TTL 1..255", "提示：-t 后面是 1..255 的 TTL"), 2) end
  end
  if o.s then
    opts.size, e = num_arg(o.s, 0, pingspec.MAX_SIZE.ping, true)
    if not opts.size then return bad(e, L("hint: -s takes the payload size in bytes, e.g. -s 1472", "提示：-s 后面是载荷的字节数，例如 -s 1472"), 1) end
  end
  if o.I then
    opts.src = is_ipv4(o.I)
    if not opts.src then opts.dev = o.I end
  end
  if #rest == 0 then
    return bad("ping: usage error: Destination address required", PING_USAGE_HINT(), 1)
  end
  if #rest > 1 then
    return bad("ping: usage error: only one destination, got '" .. table.concat(rest, "' '") .. "'",
      L("hint: options may come before or after the address: ping 10.1.8.10 -c 1", "提示：选项可以写在地址前面，也可以写在后面：ping 10.1.8.10 -c 1"), 2)
  end
  local typed, dest = rest[1], is_ipv4(rest[1])   -- as typed, and the address it names
  if not dest then
    return bad("ping: " .. typed .. ": Temporary failure in name resolution",
      L("hint: the lab has no DNS; ping an address, e.g. ping 192.167.2.2", "提示：实验环境里没有 DNS；请 ping 一个地址，例如 ping 192.167.2.2"), 2)
  end
  if not opts.count then
    if ctx.default_count then
      opts.count = ctx.default_count
    elseif opts.deadline then
      opts.count = 0                          -- net.ping: 0 is no limit
    elseif jobs.interactive() and ctx.interactive ~= false then
      opts.count = 0                          -- until Ctrl-C, like iputils
    else
      opts.count = M.DEFAULT_COUNT
    end
  end
  local size = opts.size or 56
  local header_done = false
  local function header()
    if header_done then return end
    header_done = true
    local from = ""
    if o.I then
      -- iputils names the source when -I is given: "from 10.0.0.1 veth0: "
      local src = opts.src
      if not src then
        for _, a in ipairs(net.addr_list(ctx.ns, opts.dev) or {}) do
          if a.family == "inet" then src = a.address break end
        end
      end
      from = string.format("from %s %s: ", src or "0.0.0.0", opts.dev or "")
    end
    ctx:outln(string.format("PING %s (%s) %s%d(%d) bytes of data.", typed, dest, from, size, size + 28))
  end
  opts.on_event = function(ev)
    header()
    jobs.drain_all()
    if not o.q then
      if ev.type == "reply" then
        ctx:outln(string.format("%d bytes from %s: icmp_seq=%d ttl=%d time=%s ms%s",
          ev.bytes or (size + 8), ev.from or dest, ev.seq or 0, ev.ttl or 0, fmt_ms(ev.time or 0),
          ev.dup and " (DUP!)" or ""))
      elseif ev.type == "unreachable" then
        ctx:outln(string.format("From %s icmp_seq=%d %s", ev.from or "?", ev.seq or 0, ev.text or "Destination Host Unreachable"))
      end
    end
    io.stdout:flush()
  end
  M.checking_opts(opts, o.i ~= nil)
  local res, msg, errno = jobs.shielded(net.ping, ctx.ns, dest, opts)
  if not res then
    if errno == net.errno.ENODEV or (msg and msg:find("No such device")) then
      return bad("ping: SO_BINDTODEVICE " .. tostring(opts.dev) .. ": No such device",
        L("hint: -I names an interface of this namespace ('ip link' lists them)", "提示：-I 后面是这个命名空间里的一个接口（'ip link' 列出它们）"), 2)
    end
    return bad("ping: " .. tostring(msg), nil, 2)
  end
  add_result(ctx, "ping", res, { dest = dest })
  if res.error then
    return bad("ping: " .. res.error,
      res.error:find("unreachable") and require("netlearn.hints").unreachable(ctx.ns, dest) or nil, 2)
  end
  header()
  jobs.drain_all()
  net.interrupted(true)
  local lines = M.ping_summary(res, typed)
  for k = 1, #lines do
    if not (k == #lines and lines[k] == "") then ctx:outln(lines[k]) else ctx:outln("") end
  end
  io.stdout:flush()
  local recv = res.received or 0
  if recv == 0 then return 1 end
  if opts.deadline and opts.count > 0 and recv < opts.count then return 1 end
  return 0
end

---------------------------------------------------------------------------
-- traceroute
---------------------------------------------------------------------------
function M.traceroute(args, ctx)
  local o, rest, c = getopt(args, { n = "flag", I = "flag", m = "value", q = "value", w = "value",
    f = "value", ["4"] = "flag", U = "flag", T = "flag", h = "flag" })
  local hint = L("hint: traceroute [-n] [-I] [-m MAX_TTL] [-q NQUERIES] [-w SECONDS] ADDRESS, e.g. traceroute -n 10.1.8.10", "提示：traceroute [-n] [-I] [-m 最大TTL] [-q 每跳探测数] [-w 秒] 地址，例如 traceroute -n 10.1.8.10")
  if not o then
    if rest == "invalid" then return bad("Bad option `-" .. c .. "' (argc 1)", hint, 2) end
    return bad("Option `-" .. c .. "' (argc 1) requires an argument: `-" .. c .. " " ..
      ({ m = "max_ttl", q = "nqueries", w = "MAX,HERE,NEAR", f = "first_ttl" })[c] .. "'", hint, 2)
  end
  if o.h then ctx:outln(M.help_traceroute) return 0 end
  if o.T then return bad(L("netlearn: traceroute -T (TCP) is not supported", "netlearn：不支持 traceroute -T（TCP）"), L("hint: the default (UDP) and -I (ICMP) methods work", "提示：默认（UDP）和 -I（ICMP）两种方式可用"), 2) end
  local opts = { max_hops = 30, queries = 3, wait = o.w and tonumber(o.w) or nil, icmp = o.I or nil }
  -- -m and -q as traceroute reads them (its CLIF_set_uint: strtoul base 0, so
  -- "-m 0x10" is 16; netlearn.parse's "traceroute" rule), then its range
  local function count(letter, key, hi, too_many, range_hint)
    if not o[letter] then return nil end
    local n = require("netlearn.parse").int(o[letter], "traceroute", 0, 0xffffffff)
    if not n then return bad("Cannot handle `-" .. letter .. "' option with arg `" .. o[letter] .. "' (argc 2)", hint, 2) end
    if n < 1 or n > hi then return bad(too_many, range_hint, 2) end
    opts[key] = n
  end
  local st = count("m", "max_hops", 255, "max hops cannot be more than 255", L("hint: -m takes 1..255", "提示：-m 后面是 1..255"))
    or count("q", "queries", 10, "no more than 10 probes per hop", L("hint: -q takes 1..10", "提示：-q 后面是 1..10"))
  if st then return st end
  if o.w and not opts.wait then return bad("Cannot handle `-w' option with arg `" .. o.w .. "' (argc 2)", hint, 2) end
  if #rest == 0 then return bad("Specify \"host\" missing argument.", hint, 2) end
  local typed, dest = rest[1], is_ipv4(rest[1])   -- as typed, and the address it names
  if #rest > 2 or (rest[2] and not tonumber(rest[2])) then
    return bad("Extra arg `" .. rest[#rest] .. "' (position 2, argc 2)", hint, 2)
  end
  if not dest then
    return bad({ typed .. ": Temporary failure in name resolution",
      "Cannot handle \"host\" cmdline arg `" .. typed .. "' on position 1 (argc 1)" },
      L("hint: the lab has no DNS; trace to an address, e.g. traceroute -n 10.1.8.10", "提示：实验环境里没有 DNS；请跟踪一个地址，例如 traceroute -n 10.1.8.10"), 2)
  end
  local size = tonumber(rest[2]) or 60
  local rt, _, errno = net.route_get(ctx.ns, dest)
  if not rt and errno == net.errno.ENETUNREACH then
    ctx:outln(string.format("traceroute to %s (%s), %d hops max, %d byte packets", typed, dest, opts.max_hops, size))
    return bad("connect: Network is unreachable", require("netlearn.hints").unreachable(ctx.ns, dest), 1)
  end
  ctx:outln(string.format("traceroute to %s (%s), %d hops max, %d byte packets", typed, dest, opts.max_hops, size))
  local function name(a) return o.n and a or (a .. " (" .. a .. ")") end
  opts.on_hop = function(hop)
    local parts = { string.format("%2d ", hop.ttl) }
    local last
    for _, p in ipairs(hop.probes or {}) do
      if not p then
        parts[#parts + 1] = " *"
      else
        if p.from ~= last then
          parts[#parts + 1] = " " .. name(p.from)
          last = p.from
        end
        parts[#parts + 1] = string.format("  %.3f ms", p.rtt or 0)
        local flag = p.flag or p.note     -- net.traceroute reports !H, !N ... as flag
        if flag then parts[#parts + 1] = " " .. flag end
      end
    end
    ctx:outln(table.concat(parts))
    io.stdout:flush()
  end
  local res, msg = jobs.shielded(net.traceroute, ctx.ns, dest, opts)
  net.interrupted(true)
  if not res then return bad(tostring(msg), nil, 1) end
  add_result(ctx, "traceroute", res, { dest = dest })
  return 0
end

M.help_ping = [[
ping [-c COUNT] [-i SECONDS] [-W TIMEOUT] [-w DEADLINE] [-t TTL] [-s SIZE] [-I DEV|ADDR] [-q] ADDRESS
  Options may also follow the address (ping 10.1.8.10 -c 1). On a terminal ping
  runs until Ctrl-C as iputils does; from a pipe or a lesson it sends 4 packets
  unless -c says otherwise. Exit status: 0 a reply came, 1 none came, 2 error.
Examples:
  ping -c 2 192.167.2.2
  ip netns exec ns1 ping 10.1.8.10 -c 1
  ping -c 1 -t 1 10.1.8.10        (the first router answers: Time to live exceeded)
  ping -6 ADDR, ping6 ADDR or an IPv6 address (ping 2001:db8::2): ICMPv6, see 'help ping6']]
M.help_traceroute = [[
traceroute [-n] [-I] [-m MAX_TTL] [-q NQUERIES] [-w SECONDS] ADDRESS
Examples:
  traceroute -n 10.1.8.10
  ip netns exec server1 traceroute -n -q 1 10.1.8.10]]

return M
