--[[ netlearn.cmd.probes -- ping, traceroute, tcpdump, curl, python3 -m http.server, nc, tcping.

The probe command lines of the articles, printing what iputils ping,
traceroute, tcpdump, curl, python and nc print, on top of net.ping,
net.traceroute, net.capture_open, net.http_get, net.http_serve and
net.tcp_connect, in the current namespace (ctx.ns).

Every probe appends its Lua result to ctx.results ({kind="ping", result=...},
"traceroute", "capture", "curl", "http_server", "nc") so lessons can check it.

tcpdump and the HTTP server are background jobs (with or without a trailing
`&`, since netlearn has one terminal): they are listed in M.jobs, shown by
`jobs`, stopped by `kill %N`, `fg` + Ctrl-C, `tcpdump stop`, or by -c N.
A capture job prints packets as they arrive (shell.watch on its fd; in pipe
mode after each input line, and while a ping in the same session runs).

ping's default count: on a terminal, like iputils, ping runs until Ctrl-C;
when input is not a terminal (pipes, tests) or ctx.default_count is set (the
lesson runtime), it sends ctx.default_count or 4 packets.
]]
-- en or zh, in the learner's language (netlearn.i18n)
local function L(en, zh) return require("netlearn.i18n").lang == "zh" and zh or en end
local commands = require("netlearn.commands")
local net = require("netlearn.core")
local ipv4 = require("netlearn.ipv4")

local M = {}
M.jobs = {}          -- [id] = job; ids are reused like bash's once a job ends
M.DEFAULT_COUNT = 4

-- Ctrl-C arms a hook on the main Lua thread that raises "interrupted" at the
-- next instruction, which would throw away the partial result a probe returns.
-- A probe therefore runs in a fresh coroutine (hooks are per thread) and, when
-- it saw Ctrl-C, disarms the main thread's hook itself before returning.
local MAIN = debug.getregistry()[1]
function M.shielded(fn, ...)
  local args = table.pack(...)
  local co = coroutine.create(function()
    local r = table.pack(fn(table.unpack(args, 1, args.n)))
    if net.interrupted and net.interrupted(false) and type(MAIN) == "thread" and MAIN ~= coroutine.running() then
      debug.sethook(MAIN)
    end
    return table.unpack(r, 1, r.n)
  end)
  local res = table.pack(coroutine.resume(co))
  if not res[1] then error(res[2], 0) end
  return table.unpack(res, 2, res.n)
end

local function shell()
  local ok, s = pcall(require, "netlearn.shell")
  return ok and s or nil
end

local function interactive()
  local ok, repl = pcall(require, "netlearn.repl")
  return ok and repl.interactive and repl.interactive() or false
end

local function is_ipv4(s) return ipv4.to_int(s) ~= nil end

local function add_result(ctx, kind, result, extra)
  if not ctx.results then return end
  local r = { kind = kind, result = result, ns = ctx.ns }
  for k, v in pairs(extra or {}) do r[k] = v end
  ctx.results[#ctx.results + 1] = r
end

-- GNU getopt, as ping and traceroute use it: options anywhere, clusters (-nc 2),
-- values attached (-c2) or separate. spec: letter -> "flag" | "value".
-- Returns opts, operands  or nil, kind, letter.
local function getopt(args, spec)
  local o, rest = {}, {}
  local i = 1
  while i <= #args do
    local a = args[i]
    if a == "--" then
      for k = i + 1, #args do rest[#rest + 1] = args[k] end
      break
    elseif a:sub(1, 1) == "-" and #a > 1 then
      local k = 2
      while k <= #a do
        local c = a:sub(k, k)
        local kind = spec[c]
        if not kind then return nil, "invalid", c end
        if kind == "value" then
          local v = a:sub(k + 1)
          if v == "" then
            i = i + 1
            v = args[i]
            if not v then return nil, "missing", c end
          end
          o[c] = v
          break
        end
        o[c] = true
        k = k + 1
      end
    else
      rest[#rest + 1] = a
    end
    i = i + 1
  end
  return o, rest
end
M.getopt = getopt

---------------------------------------------------------------------------
-- Background jobs
---------------------------------------------------------------------------
local function new_job(job)
  local id = 1
  while M.jobs[id] do id = id + 1 end
  job.id = id
  job.running = true
  M.jobs[id] = job
  return job
end

function M.job_list()
  local t = {}
  for id, j in pairs(M.jobs) do t[#t + 1] = j end
  table.sort(t, function(a, b) return a.id < b.id end)
  return t
end

-- Print what every running capture has seen so far (used while ping runs).
function M.drain_all()
  for _, j in pairs(M.jobs) do
    if j.running and j.drain then pcall(j.drain, j) end
  end
end

function M.stop_all(quiet)
  for _, j in ipairs(M.job_list()) do
    if j.running then j:stop(quiet) end
  end
end

local function forget(job)
  if M.jobs[job.id] == job then M.jobs[job.id] = nil end
end

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

local function bad(ctx, line, hint, code)
  io.stdout:flush()
  ctx:errln(line)
  if hint then ctx:errln(hint) end
  return code
end

local function num_arg(v, lo, hi, integer)
  local n = tonumber(v)
  if not n or (integer and n % 1 ~= 0) then return nil, "ping: invalid argument: '" .. v .. "'" end
  if n < lo or n > hi then
    return nil, string.format("ping: invalid argument: '%s': out of range: %s <= value <= %s", v, tostring(lo), tostring(hi))
  end
  return integer and math.tointeger(n) or n
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
      return bad(ctx, "ping: invalid option -- '" .. c .. "'", PING_USAGE_HINT(), 2)
    end
    return bad(ctx, "ping: option requires an argument -- '" .. c .. "'", PING_USAGE_HINT(), 2)
  end
  if o.h then ctx:outln(M.help_ping) return 2 end
  if o.V then ctx:outln("ping from iputils 20221126 (netlearn)") return 0 end
  local opts = {}
  local e
  if o.c then
    opts.count, e = num_arg(o.c, 1, math.maxinteger, true)
    if not opts.count then return bad(ctx, e, L("hint: -c takes a count of packets, e.g. -c 3", "提示：-c 后面是包的个数，例如 -c 3"), 1) end
  end
  if o.i then
    opts.interval, e = num_arg(o.i, 0.002, 2147483, false)
    if not opts.interval then
      local n = tonumber(o.i)
      if n and n < 0.002 and n >= 0 then
        return bad(ctx, "ping: cannot flood, minimal interval for user must be >= 2 ms, use -i 0.002 (or higher)", L("hint: e.g. -i 0.2", "提示：例如 -i 0.2"), 1)
      end
      return bad(ctx, e, L("hint: -i takes seconds between packets, e.g. -i 0.2", "提示：-i 后面是两个包之间的秒数，例如 -i 0.2"), 1)
    end
  end
  if o.W then
    opts.timeout, e = num_arg(o.W, 0, 2147483, false)
    if not opts.timeout then return bad(ctx, e, L("hint: -W takes seconds to wait for each reply, e.g. -W 1", "提示：-W 后面是等待每个应答的秒数，例如 -W 1"), 1) end
  end
  if o.w then
    opts.deadline, e = num_arg(o.w, 0, 2147483, false)
    if not opts.deadline then return bad(ctx, e, L("hint: -w takes the seconds ping may run in all, e.g. -w 3", "提示：-w 后面是 ping 总共可以运行的秒数，例如 -w 3"), 1) end
  end
  if o.t then
    opts.ttl, e = num_arg(o.t, 0, 255, true)
    if not opts.ttl then return bad(ctx, e, L("hint: -t takes a TTL 1..255, e.g. -t 1 to see the first router answer", "提示：-t 后面是 1..255 的 TTL，例如 -t 1 看第一个路由器的回答"), 1) end
    if opts.ttl == 0 then return bad(ctx, "ping: cannot set unicast time-to-live: Invalid argument", L("hint: -t takes a TTL 1..255", "提示：-t 后面是 1..255 的 TTL"), 2) end
  end
  if o.s then
    opts.size, e = num_arg(o.s, 0, 65507, true)
    if not opts.size then return bad(ctx, e, L("hint: -s takes the payload size in bytes, e.g. -s 1472", "提示：-s 后面是载荷的字节数，例如 -s 1472"), 1) end
  end
  if o.I then
    if is_ipv4(o.I) then opts.src = o.I else opts.dev = o.I end
  end
  if #rest == 0 then
    return bad(ctx, "ping: usage error: Destination address required", PING_USAGE_HINT(), 1)
  end
  if #rest > 1 then
    return bad(ctx, "ping: usage error: only one destination, got '" .. table.concat(rest, "' '") .. "'",
      L("hint: options may come before or after the address: ping 10.1.8.10 -c 1", "提示：选项可以写在地址前面，也可以写在后面：ping 10.1.8.10 -c 1"), 2)
  end
  local dest = rest[1]
  if not is_ipv4(dest) then
    return bad(ctx, "ping: " .. dest .. ": Temporary failure in name resolution",
      L("hint: the lab has no DNS; ping an address, e.g. ping 192.167.2.2", "提示：实验环境里没有 DNS；请 ping 一个地址，例如 ping 192.167.2.2"), 2)
  end
  if not net.ping then
    return bad(ctx, "ping: probes are not available in this build of netlearn", nil, 2)
  end
  if not opts.count then
    if ctx.default_count then
      opts.count = ctx.default_count
    elseif opts.deadline then
      opts.count = 0                          -- net.ping: 0 is no limit
    elseif interactive() and ctx.interactive ~= false then
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
      if not src and net.addr_list then
        for _, a in ipairs(net.addr_list(ctx.ns, opts.dev) or {}) do
          if a.family == "inet" then src = a.address break end
        end
      end
      from = string.format("from %s %s: ", src or "0.0.0.0", opts.dev or "")
    end
    ctx:outln(string.format("PING %s (%s) %s%d(%d) bytes of data.", dest, dest, from, size, size + 28))
  end
  opts.on_event = function(ev)
    header()
    M.drain_all()
    if not o.q then
      if ev.type == "reply" then
        ctx:outln(string.format("%d bytes from %s: icmp_seq=%d ttl=%d time=%s ms",
          ev.bytes or (size + 8), ev.from or dest, ev.seq or 0, ev.ttl or 0, fmt_ms(ev.time or 0)))
      elseif ev.type == "unreachable" then
        ctx:outln(string.format("From %s icmp_seq=%d %s", ev.from or "?", ev.seq or 0, ev.text or "Destination Host Unreachable"))
      end
    end
    io.stdout:flush()
  end
  local res, msg, errno = M.shielded(net.ping, ctx.ns, dest, opts)
  if not res then
    if errno == 19 or (msg and msg:find("No such device")) then
      return bad(ctx, "ping: SO_BINDTODEVICE " .. tostring(opts.dev) .. ": No such device",
        L("hint: -I names an interface of this namespace ('ip link' lists them)", "提示：-I 后面是这个命名空间里的一个接口（'ip link' 列出它们）"), 2)
    end
    return bad(ctx, "ping: " .. tostring(msg), nil, 2)
  end
  add_result(ctx, "ping", res, { dest = dest })
  if res.error then
    ctx:errln("ping: ", res.error)
    if res.error:find("unreachable") then ctx:errln(require("netlearn.hints").unreachable(ctx.ns, dest)) end
    return 2
  end
  header()
  M.drain_all()
  if net.interrupted then net.interrupted(true) end
  local lines = M.ping_summary(res, dest)
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
    if rest == "invalid" then return bad(ctx, "Bad option `-" .. c .. "' (argc 1)", hint, 2) end
    return bad(ctx, "Option `-" .. c .. "' (argc 1) requires an argument: `-" .. c .. " " ..
      ({ m = "max_ttl", q = "nqueries", w = "MAX,HERE,NEAR", f = "first_ttl" })[c] .. "'", hint, 2)
  end
  if o.h then ctx:outln(M.help_traceroute) return 0 end
  if o.T then return bad(ctx, L("netlearn: traceroute -T (TCP) is not supported", "netlearn：不支持 traceroute -T（TCP）"), L("hint: the default (UDP) and -I (ICMP) methods work", "提示：默认（UDP）和 -I（ICMP）两种方式可用"), 2) end
  local opts = { max_hops = 30, queries = 3, wait = o.w and tonumber(o.w) or nil, icmp = o.I or nil }
  if o.m then
    opts.max_hops = tonumber(o.m)
    if not opts.max_hops or opts.max_hops % 1 ~= 0 then
      return bad(ctx, "Cannot handle `-m' option with arg `" .. o.m .. "' (argc 2)", hint, 2)
    end
    if opts.max_hops < 1 or opts.max_hops > 255 then
      return bad(ctx, "max hops cannot be more than 255", L("hint: -m takes 1..255", "提示：-m 后面是 1..255"), 2)
    end
  end
  if o.q then
    opts.queries = tonumber(o.q)
    if not opts.queries or opts.queries % 1 ~= 0 then
      return bad(ctx, "Cannot handle `-q' option with arg `" .. o.q .. "' (argc 2)", hint, 2)
    end
    if opts.queries < 1 or opts.queries > 10 then
      return bad(ctx, "no more than 10 probes per hop", L("hint: -q takes 1..10", "提示：-q 后面是 1..10"), 2)
    end
  end
  if o.w and not opts.wait then return bad(ctx, "Cannot handle `-w' option with arg `" .. o.w .. "' (argc 2)", hint, 2) end
  if #rest == 0 then return bad(ctx, "Specify \"host\" missing argument.", hint, 2) end
  local dest = rest[1]
  if #rest > 2 or (rest[2] and not tonumber(rest[2])) then
    return bad(ctx, "Extra arg `" .. rest[#rest] .. "' (position 2, argc 2)", hint, 2)
  end
  if not is_ipv4(dest) then
    ctx:errln(dest, ": Temporary failure in name resolution")
    return bad(ctx, "Cannot handle \"host\" cmdline arg `" .. dest .. "' on position 1 (argc 1)",
      L("hint: the lab has no DNS; trace to an address, e.g. traceroute -n 10.1.8.10", "提示：实验环境里没有 DNS；请跟踪一个地址，例如 traceroute -n 10.1.8.10"), 2)
  end
  if not net.traceroute then return bad(ctx, "traceroute: probes are not available in this build of netlearn", nil, 2) end
  local size = tonumber(rest[2]) or 60
  if net.route_get then
    local rt, _, errno = net.route_get(ctx.ns, dest)
    if not rt and errno == 101 then
      ctx:outln(string.format("traceroute to %s (%s), %d hops max, %d byte packets", dest, dest, opts.max_hops, size))
      return bad(ctx, "connect: Network is unreachable", require("netlearn.hints").unreachable(ctx.ns, dest), 1)
    end
  end
  ctx:outln(string.format("traceroute to %s (%s), %d hops max, %d byte packets", dest, dest, opts.max_hops, size))
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
  local res, msg = M.shielded(net.traceroute, ctx.ns, dest, opts)
  net.interrupted(true)
  if not res then return bad(ctx, tostring(msg), nil, 1) end
  add_result(ctx, "traceroute", res, { dest = dest })
  return 0
end

---------------------------------------------------------------------------
-- tcpdump
---------------------------------------------------------------------------
local function stamp(t)
  t = t or 0
  local s = math.floor(t)
  return os.date("%H:%M:%S", s) .. string.format(".%06d", math.floor((t - s) * 1e6 + 0.5) % 1000000)
end

local function link_type(ns, dev)
  if not dev then return "LINUX_SLL2 (Linux cooked v2)" end
  local l = net.link_get and net.link_get(ns, dev)
  if l and (l.linktype == "ipip" or l.linktype == "none" or l.type == "ipip" or l.type == "tun") then
    return "RAW (Raw IP)"
  end
  return "EN10MB (Ethernet)"
end

local Capture = {}
Capture.__index = Capture
M.Capture = Capture

-- May this command write the file PATH now? nil, or why not. The one check
-- before netlearn's tcpdump writes a file: a lesson at work writes no file
-- (netlearn.guard, the lesson context, where this build has it).
local function may_write_file(path)
  local ok, guard = pcall(require, "netlearn.guard")
  if ok and type(guard) == "table" and guard.active and guard.active() then
    return "tcpdump: -w " .. path .. ": a lesson writes no file (drop -w; a capture{} claim checks what crosses a device)"
  end
  return nil
end
M.may_write_file = may_write_file

function Capture:line(p)
  local body = self.e and p.text_e or p.text
  if not body then body = p.text or "?" end
  if self.any then
    body = string.format("%s %-3s %s", p.ifname or "?", p.dir or "", body)
  end
  -- a RAW (tun, ipip) link: the decoder's text_e is tcpdump -e's own
  -- "ip: 10.1.5.10 > ...", with no second "IP"
  return stamp(p.time) .. " " .. body
end

-- Take captured frames: keep and print them, up to -c. The echoes netlearn
-- sends itself to prove a claim (a task re-checking its claims after each
-- command, a challenge's symptoms) carry claims.PROBE_PATTERN and are left
-- out: the learner's capture shows the learner's traffic.
function Capture:take(pkts)
  local pattern = require("netlearn.claims").PROBE_PATTERN
  for _, p in ipairs(pkts) do
    if self.count and #self.packets >= self.count then break end
    if not (p.data and p.data:find(pattern, 1, true)) then
      self.packets[#self.packets + 1] = p
      if not self.quiet then self.ctx:outln(self:line(p)) end
    end
  end
end

function Capture:drain()
  if not self.running then return end
  self:take(self.cap:read(self.count and (self.count - #self.packets) or nil) or {})
  io.stdout:flush()
  if self.count and #self.packets >= self.count then self:stop() end
end

function Capture:stop(quiet, interrupted)
  if not self.running then return end
  -- what arrived until now still counts
  local more = (not self.count or #self.packets < self.count) and
    self.cap:read(self.count and (self.count - #self.packets) or nil) or {}
  self:take(more)
  self.running = false
  local sh = shell()
  if sh and self.fd then sh.unwatch(self.fd) end
  self.cap:close()
  local n = #self.packets
  io.stdout:flush()
  if not quiet then
    if interrupted then self.ctx:errln("") end
    self.ctx:errln(n, " packet", n == 1 and "" or "s", " captured")
    self.ctx:errln(n, " packet", n == 1 and "" or "s", " received by filter")
    self.ctx:errln("0 packets dropped by kernel")
  end
  io.stdout:flush()
  forget(self)
end

-- Run the job in the foreground until Ctrl-C (`fg`).
function Capture:foreground()
  return M.shielded(self.fg_loop, self)
end

function Capture:fg_loop()
  while self.running do
    self:take(self.cap:wait(0.2, self.count and (self.count - #self.packets) or nil) or {})
    io.stdout:flush()
    if self.count and #self.packets >= self.count then
      self:stop()
      return 0
    end
    if net.interrupted(true) then
      self:stop(false, true)
      return 130
    end
  end
  return 0
end

function Capture:status() return self.running and "Running" or "Done" end

local function TCPDUMP_HINT() return L("hint: tcpdump [-i DEV] [-n] [-e] [-c COUNT] [-w FILE | -r FILE] [FILTER], e.g. tcpdump -i veth1 -n icmp", "提示：tcpdump [-i 设备] [-n] [-e] [-c 个数] [-w 文件 | -r 文件] [过滤条件]，例如 tcpdump -i veth1 -n icmp") end
local function FILTER_HINT()
  return L("hint: the filter is tcpdump's own language (pcap-filter), e.g. icmp, 'tcp port 80', " ..
    "'host 10.1.8.10 and icmp', 'tcp[13] & 2 != 0', 'udp port 4789'; quote it when it has ( ) [ ] & |",
    "提示：过滤条件用 tcpdump 自己的语言（pcap-filter），例如 icmp、'tcp port 80'、" ..
    "'host 10.1.8.10 and icmp'、'tcp[13] & 2 != 0'、'udp port 4789'；含有 '(' ')' '[' ']' '&' '|' 时整个加上引号")
end

-- tcpdump -r FILE: print a pcap file with netlearn's decoder, at once (no job)
local function tcpdump_read(o, rest, count, ctx)
  local filter = #rest > 0 and table.concat(rest, " ") or nil
  local pkts, info = net.pcap_read(o.r, filter, { count = count })
  if not pkts then
    if filter and info and not info:find(o.r, 1, true) then return bad(ctx, info, FILTER_HINT(), 1) end
    return bad(ctx, tostring(info), L("hint: -r reads a pcap file written by 'tcpdump -w FILE' (netlearn's or a real one)", "提示：-r 读取 'tcpdump -w 文件' 写出的 pcap 文件（netlearn 的或真实的 tcpdump 写的都行）"), 1)
  end
  if o.w then
    local why = may_write_file(o.w)
    if why then return bad(ctx, why, nil, 1) end
    local n, msg = net.pcap_write(o.w, pkts, { linktype = info.linktype })
    if not n then return bad(ctx, "tcpdump: " .. tostring(msg), nil, 1) end
    ctx:errln("reading from file ", o.r, ", link-type ", info.link_desc, ", snapshot length ", info.snaplen)
    return 0
  end
  io.stdout:flush()
  ctx:errln("reading from file ", o.r, ", link-type ", info.link_desc, ", snapshot length ", info.snaplen)
  -- Linux cooked v2 names each packet's device by its index, as this namespace knows it
  if info.linktype == "sll2" then ctx:errln("Warning: interface names might be incorrect") end
  local shown = setmetatable({ e = o.e }, Capture)
  for _, p in ipairs(pkts) do ctx:outln(shown:line(p)) end
  io.stdout:flush()
  if pkts.error then return bad(ctx, "tcpdump: pcap_loop: " .. pkts.error, nil, 1) end
  add_result(ctx, "capture", { packets = pkts, file = o.r }, { file = o.r })
  return 0
end

function M.tcpdump(args, ctx)
  if args[1] == "stop" then
    local n = 0
    for _, j in ipairs(M.job_list()) do
      if j.kind == "capture" and j.running then
        j:stop()
        n = n + 1
      end
    end
    if n == 0 then return bad(ctx, "tcpdump: no capture is running", L("hint: 'jobs' lists background jobs", "提示：'jobs' 列出后台任务"), 1) end
    return 0
  end
  local o, rest, c = getopt(args, { i = "value", n = "flag", e = "flag", c = "value", l = "flag", w = "value",
    p = "flag", v = "flag", q = "flag", t = "flag", s = "value", A = "flag", X = "flag", x = "flag",
    U = "flag", S = "flag", N = "flag", h = "flag", D = "flag", r = "value" })
  if not o then
    if rest == "invalid" then return bad(ctx, "tcpdump: invalid option -- '" .. c .. "'", TCPDUMP_HINT(), 1) end
    return bad(ctx, "tcpdump: option requires an argument -- '" .. c .. "'", TCPDUMP_HINT(), 1)
  end
  if o.h then ctx:outln(M.help_tcpdump) return 0 end
  if o.D then
    local links, e = net.link_list(ctx.ns)
    if not links then return bad(ctx, "tcpdump: " .. tostring(e), nil, 1) end
    for k, l in ipairs(links) do ctx:outln(k, ".", l.name, l.up and " [Up, Running]" or "") end
    ctx:outln(#links + 1, ".any (Pseudo-device that captures on all interfaces) [Up, Running]")
    return 0
  end
  if o.w == "-" or o.r == "-" then
    return bad(ctx, "tcpdump: netlearn has no pipe for pcap data (-" .. (o.w == "-" and "w" or "r") .. " -)",
      L("hint: name a file, e.g. tcpdump -i veth1 -w /tmp/veth1.pcap, then open it in Wireshark or read it with tcpdump -r", "提示：给出一个文件名，例如 tcpdump -i veth1 -w /tmp/veth1.pcap，然后用 Wireshark 打开，或用 tcpdump -r 读取"), 1)
  end
  if o.w then
    local why = may_write_file(o.w)
    if why then return bad(ctx, why, nil, 1) end
  end
  local count
  if o.c then
    count = tonumber(o.c)
    if not count or count < 1 or count % 1 ~= 0 then
      return bad(ctx, "tcpdump: invalid packet count " .. o.c, L("hint: -c takes a number of packets, e.g. -c 4", "提示：-c 后面是包的个数，例如 -c 4"), 1)
    end
    count = math.tointeger(count)
  end
  if o.r then return tcpdump_read(o, rest, count, ctx) end
  local snaplen = 262144
  if o.s then
    snaplen = tonumber(o.s)
    if not snaplen or snaplen < 0 then return bad(ctx, "tcpdump: invalid snaplen " .. o.s, L("hint: -s takes bytes, e.g. -s 0", "提示：-s 后面是字节数，例如 -s 0"), 1) end
    if snaplen == 0 then snaplen = 262144 end
  end
  local dev = o.i
  if dev == "any" then dev = nil end
  if not net.capture_open then return bad(ctx, "tcpdump: captures are not available in this build of netlearn", nil, 1) end
  if dev and net.link_get and not net.link_get(ctx.ns, dev) then
    return bad(ctx, "tcpdump: " .. dev .. ": No such device exists",
      L("hint: -i names an interface of " .. (ctx.ns == "" and "the host" or ("namespace " .. ctx.ns)) ..
        " ('ip link' lists them; 'ip netns exec NS tcpdump ...' captures inside another namespace)",
        "提示：-i 后面是" .. (ctx.ns == "" and "主机" or ("命名空间 " .. ctx.ns .. " ")) ..
        "的一个接口（'ip link' 列出它们；'ip netns exec 命名空间 tcpdump ...' 在另一个命名空间里抓包）"), 1)
  end
  local filter = #rest > 0 and table.concat(rest, " ") or nil
  local cap, msg, errno = net.capture_open(ctx.ns, dev, filter, { snaplen = snaplen, write = o.w })
  if not cap then
    if errno == 22 and filter and msg and msg:match("^tcpdump:") then return bad(ctx, msg, FILTER_HINT(), 1) end
    if o.w and msg and msg:find(o.w, 1, true) then
      return bad(ctx, msg, L("hint: -w names a file to create in a directory that exists, e.g. -w /tmp/capture.pcap", "提示：-w 后面是要在已有目录里创建的文件，例如 -w /tmp/capture.pcap"), 1)
    end
    if msg and msg:match("^tcpdump:") then return bad(ctx, msg, TCPDUMP_HINT(), 1) end
    return bad(ctx, "tcpdump: " .. tostring(msg), TCPDUMP_HINT(), 1)
  end
  io.stdout:flush()
  if o.w then
    ctx:errln("tcpdump: listening on ", o.i or "any", ", link-type ", link_type(ctx.ns, dev), ", snapshot length ", snaplen, " bytes")
  else
    if not o.v then
      ctx:errln("tcpdump: verbose output suppressed, use -v[v]... for full protocol decode")
    end
    ctx:errln("listening on ", o.i or "any", ", link-type ", link_type(ctx.ns, dev), ", snapshot length ", snaplen, " bytes")
  end
  local words = { "tcpdump" }
  for _, a in ipairs(args) do words[#words + 1] = a end
  local job = new_job(setmetatable({
    kind = "capture", command = table.concat(words, " "), ns = ctx.ns, dev = o.i or "any", filter = filter,
    count = count, e = o.e, any = dev == nil, quiet = o.w ~= nil, file = o.w, packets = {}, cap = cap, ctx = ctx,
  }, Capture))
  add_result(ctx, "capture", job, { job = job.id })
  local sh = shell()
  job.fd = cap:fd()
  if sh then
    sh.watch(job.fd, function() job:drain() end)
  end
  if interactive() and not ctx.background then
    ctx:errln("[", job.id, "] ", job.command, "  (runs in the background: type the next command; 'fg' + Ctrl-C or 'kill %", job.id, "' stops it)")
  end
  return 0
end

---------------------------------------------------------------------------
-- curl
---------------------------------------------------------------------------
local CURL_TRY = "curl: try 'curl --help' or 'curl --manual' for more information"

-- python's http.server sends these in this order and spelling
local HEADER_ORDER = { "Server", "Date", "Content-type", "Content-Length", "Last-Modified" }

local function header_lines(res)
  local out = {}
  local h = res.headers or {}
  if h[1] then
    for _, kv in ipairs(h) do out[#out + 1] = (kv.name or kv[1]) .. ": " .. (kv.value or kv[2]) end
    return out
  end
  local lower = {}
  for k, v in pairs(h) do lower[k:lower()] = { k, v } end
  for _, k in ipairs(HEADER_ORDER) do
    local e = lower[k:lower()]
    if e then
      out[#out + 1] = k .. ": " .. e[2]
      lower[k:lower()] = nil
    end
  end
  local rest = {}
  for k, e in pairs(lower) do rest[#rest + 1] = e[1] end
  table.sort(rest)
  for _, k in ipairs(rest) do out[#out + 1] = k .. ": " .. h[k] end
  return out
end

function M.parse_url(u)
  local scheme, rest = u:match("^(%a[%w+.-]*)://(.*)$")
  if scheme and scheme:lower() ~= "http" then return nil, "scheme", scheme end
  rest = rest or u
  local hostport, path = rest:match("^([^/]*)(.*)$")
  if path == "" then path = "/" end
  local host, port = hostport:match("^([^:]*):(%d*)$")
  host = host or hostport
  if port == "" then port = nil end
  if host == "" then return nil, "format" end
  port = tonumber(port) or 80
  if port < 1 or port > 65535 then return nil, "port" end
  return { host = host, port = math.tointeger(port), path = path, url = "http://" .. host .. ":" .. port .. path }
end

function M.curl(args, ctx)
  local o = { }
  local urls = {}
  local i = 1
  while i <= #args do
    local a = args[i]
    local function val()
      i = i + 1
      return args[i]
    end
    if a == "-I" or a == "--head" then o.head = true
    elseif a == "-s" or a == "--silent" then o.silent = true
    elseif a == "-S" or a == "--show-error" then o.show_error = true
    elseif a == "-v" or a == "--verbose" then o.verbose = true
    elseif a == "-i" or a == "--include" then o.include = true
    elseif a == "-L" or a == "--location" then o.location = true
    elseif a == "-sS" or a == "-Ss" then o.silent = true o.show_error = true
    elseif a == "-m" or a == "--max-time" or a == "--connect-timeout" then
      local v = val()
      if not v then
        ctx:errln("curl: option ", a, ": requires parameter")
        return bad(ctx, CURL_TRY, L("hint: -m takes seconds, e.g. curl -m 2 http://192.168.0.10:8888/", "提示：-m 后面是秒数，例如 curl -m 2 http://192.168.0.10:8888/"), 2)
      end
      o.timeout = tonumber(v)
      if not o.timeout or o.timeout < 0 then
        ctx:errln("curl: option ", a, ": expected a proper numerical parameter")
        return bad(ctx, CURL_TRY, L("hint: -m takes seconds, e.g. -m 2", "提示：-m 后面是秒数，例如 -m 2"), 2)
      end
    elseif a == "-o" or a == "--output" then
      return bad(ctx, L("netlearn: curl -o is not supported (netlearn writes no files)", "netlearn：不支持 curl -o（netlearn 不写文件）"), L("hint: drop -o; the body is printed and kept in ctx.results", "提示：去掉 -o；响应正文会被打印出来，并保存在 ctx.results 里"), 2)
    elseif a:sub(1, 1) == "-" and #a > 1 then
      ctx:errln("curl: option ", a, ": is unknown")
      return bad(ctx, CURL_TRY, L("hint: netlearn's curl knows -I -i -s -S -v -m SECONDS URL", "提示：netlearn 的 curl 认识 -I -i -s -S -v -m 秒 URL"), 2)
    else
      urls[#urls + 1] = a
    end
    i = i + 1
  end
  if #urls == 0 then
    return bad(ctx, CURL_TRY, L("hint: give a URL, e.g. curl 192.168.0.10:8888 or curl -I http://172.168.1.11/", "提示：给出一个 URL，例如 curl 192.168.0.10:8888 或 curl -I http://172.168.1.11/"), 2)
  end
  if #urls > 1 then
    return bad(ctx, L("netlearn: curl takes one URL here, got " .. #urls, "netlearn：这里 curl 只接受一个 URL，却给了 " .. #urls .. " 个"), L("hint: run curl once per URL", "提示：每个 URL 运行一次 curl"), 2)
  end
  local u, why, what = M.parse_url(urls[1])
  if not u then
    if why == "scheme" then
      return bad(ctx, "curl: (1) Protocol \"" .. what .. "\" not supported or disabled in libcurl",
        L("hint: netlearn's curl speaks plain http://", "提示：netlearn 的 curl 只支持普通的 http://"), 1)
    end
    return bad(ctx, "curl: (3) URL using bad/illegal format or missing URL", L("hint: e.g. curl http://192.168.0.10:8888/", "提示：例如 curl http://192.168.0.10:8888/"), 3)
  end
  if not is_ipv4(u.host) then
    return bad(ctx, "curl: (6) Could not resolve host: " .. u.host,
      L("hint: the lab has no DNS; use an address, e.g. curl 192.168.0.10:8888", "提示：实验环境里没有 DNS；请用地址，例如 curl 192.168.0.10:8888"), 6)
  end
  if not net.http_get then return bad(ctx, "curl: HTTP is not available in this build of netlearn", nil, 2) end
  if o.verbose then
    ctx:errln("*   Trying ", u.host, ":", u.port, "...")
  end
  local res, msg, errno = net.http_get(ctx.ns, u.url, { method = o.head and "HEAD" or "GET", timeout = o.timeout })
  if not res then
    local code = (errno == 110 or (msg and msg:find("timed out"))) and 28 or 7
    add_result(ctx, "curl", { error = msg, errno = errno, code = code }, { url = u.url })
    if not o.silent or o.show_error then
      ctx:errln("curl: (", code, ") ", msg)
      if errno == 111 then
        ctx:errln(require("netlearn.hints").refused(ctx.ns, u.host, u.port))
      elseif errno == 101 then
        ctx:errln(require("netlearn.hints").unreachable(ctx.ns, u.host))
      elseif code == 28 then
        ctx:errln(L("hint: no answer at all: a route, a FORWARD policy or a missing NAT drops the packets; tcpdump shows where they stop", "提示：完全没有回应：是某条路由、FORWARD 策略或缺少的 NAT 把包丢了；用 tcpdump 看包停在哪里"))
      end
    end
    return code
  end
  add_result(ctx, "curl", res, { url = u.url })
  if o.verbose then
    ctx:errln("* Connected to ", u.host, " (", u.host, ") port ", u.port)
    ctx:errln("< HTTP/1.0 ", res.status, " ", res.reason or "")
    for _, l in ipairs(header_lines(res)) do ctx:errln("< ", l) end
  end
  if o.head or o.include then
    ctx:out("HTTP/1.0 ", res.status, " ", res.reason or "", "\r\n")
    for _, l in ipairs(header_lines(res)) do ctx:out(l, "\r\n") end
    ctx:out("\r\n")
  end
  if not o.head and res.body then ctx:out(res.body) end
  return 0
end

---------------------------------------------------------------------------
-- python3 -m http.server / python -m SimpleHTTPServer
---------------------------------------------------------------------------
local Server = {}
Server.__index = Server

function Server:alive()
  if not self.running then return false end
  local r, _, errno = net.wait(self.pid, true)
  if r == false then return true end
  if r == nil and errno ~= 10 then return true end      -- not ours to ask; assume alive
  self.running = false
  return false
end

function Server:status()
  return self:alive() and "Running" or "Done"
end

function Server:stop(quiet, interrupted)
  if self.running then
    net.kill(self.pid)
    net.wait(self.pid)
    self.running = false
  end
  if interrupted and not quiet then
    self.ctx:outln("")
    self.ctx:outln("Keyboard interrupt received, exiting.")
  end
  forget(self)
end

function Server:foreground()
  return M.shielded(self.fg_loop, self)
end

function Server:fg_loop()
  while self:alive() do
    if net.interrupted(true) then
      self:stop(false, true)
      return 130
    end
    -- wait a little without burning the CPU: a capture-free sleep via wait on nothing
    local ok = pcall(function() return net.wait(self.pid, true) end)
    local _ = ok
    os.execute("sleep 0.2")
  end
  forget(self)
  return 0
end

local function PY_HINT() return L("hint: python3 -m http.server [PORT] [--bind ADDR] [-d DIR], e.g. ip netns exec container1 python3 -m http.server 80", "提示：python3 -m http.server [端口] [--bind 地址] [-d 目录]，例如 ip netns exec container1 python3 -m http.server 80") end

function M.python(args, ctx, name)
  if args[1] ~= "-m" or (args[2] ~= "http.server" and args[2] ~= "SimpleHTTPServer") then
    return bad(ctx, L("netlearn: " .. name .. " runs here only as '" .. name .. " -m http.server [PORT]'",
      "netlearn：这里的 " .. name .. " 只能这样运行：'" .. name .. " -m http.server [端口]'"),
      L("hint: for a real interpreter type '!" .. name .. " ...' (it runs in the current namespace)",
        "提示：要用真实的解释器，请输入 '!" .. name .. " ...'（它在当前命名空间里运行）"), 2)
  end
  local py2 = args[2] == "SimpleHTTPServer"
  local port, addr, dir = 8000, "0.0.0.0", "."
  local i = 3
  while i <= #args do
    local a = args[i]
    if (a == "--bind" or a == "-b") and not py2 then
      i = i + 1
      addr = args[i]
      if not addr or not is_ipv4(addr) then
        return bad(ctx, "usage: server.py [-h] [--cgi] [--bind ADDRESS] [--directory DIRECTORY] [port]",
          L("hint: --bind takes an address of this namespace, e.g. --bind 172.168.1.11", "提示：--bind 后面是这个命名空间的一个地址，例如 --bind 172.168.1.11"), 2)
      end
    elseif (a == "--directory" or a == "-d") and not py2 then
      i = i + 1
      dir = args[i]
      if not dir then return bad(ctx, "server.py: error: argument --directory/-d: expected one argument", PY_HINT(), 2) end
    elseif a:match("^%d+$") then
      port = tonumber(a)
      if port > 65535 then
        return bad(ctx, "OverflowError: bind(): port must be 0-65535.", L("hint: a port is 1..65535", "提示：端口是 1..65535"), 1)
      end
    else
      return bad(ctx, "server.py: error: argument port: invalid int value: '" .. a .. "'", PY_HINT(), 2)
    end
    i = i + 1
  end
  if not net.http_serve then return bad(ctx, "netlearn: HTTP serving is not available in this build", nil, 1) end
  -- in a lesson the server serves an empty listing (src/http.c), never a directory
  if require("netlearn.guard").active() then dir = nil end
  local pid, msg, errno = net.http_serve(ctx.ns, { addr = addr, port = math.tointeger(port), dir = dir })
  if not pid then
    if errno == 98 then
      return bad(ctx, "OSError: [Errno 98] Address already in use",
        L("hint: something already listens on port " .. port .. " here ('jobs' lists netlearn's servers)",
          "提示：这里已经有程序在监听端口 " .. port .. "（'jobs' 列出 netlearn 的服务器）"), 1)
    elseif errno == 99 then
      return bad(ctx, "OSError: [Errno 99] Cannot assign requested address",
        L("hint: --bind needs an address this namespace has ('ip addr')", "提示：--bind 需要这个命名空间拥有的地址（'ip addr'）"), 1)
    end
    return bad(ctx, "netlearn: " .. tostring(msg), PY_HINT(), 1)
  end
  local words = { name }
  for _, a in ipairs(args) do words[#words + 1] = a end
  local job = new_job(setmetatable({ kind = "http_server", command = table.concat(words, " "), ns = ctx.ns,
    pid = pid, addr = addr, port = port, ctx = ctx }, Server))
  add_result(ctx, "http_server", job, { job = job.id })
  if py2 then
    ctx:outln("Serving HTTP on ", addr, " port ", port, " ...")
  else
    ctx:outln(string.format("Serving HTTP on %s port %d (http://%s:%d/) ...", addr, port, addr, port))
  end
  if interactive() and not ctx.background then
    ctx:errln("[", job.id, "] ", job.command, "  (in the background; 'kill %", job.id, "' stops it)")
  end
  return 0
end

---------------------------------------------------------------------------
-- nc -z and tcping
---------------------------------------------------------------------------
local function port_ok(p)
  local n = tonumber(p)
  return n and n >= 1 and n <= 65535 and n % 1 == 0 and math.tointeger(n) or nil
end

function M.nc(args, ctx)
  local o, rest, c = getopt(args, { z = "flag", v = "flag", w = "value", n = "flag", ["4"] = "flag", u = "flag", l = "flag" })
  local hint = L("hint: nc -z [-v] [-w SECONDS] ADDRESS PORT, e.g. nc -zv 192.168.0.10 8888", "提示：nc -z [-v] [-w 秒] 地址 端口，例如 nc -zv 192.168.0.10 8888")
  if not o then
    if rest == "invalid" then return bad(ctx, "nc: invalid option -- '" .. c .. "'", hint, 1) end
    return bad(ctx, "nc: option requires an argument -- '" .. c .. "'", hint, 1)
  end
  if o.l or o.u or not o.z then
    return bad(ctx, L("netlearn: nc only checks ports here (-z); listening and data transfer are not supported",
      "netlearn：这里的 nc 只检查端口（-z）；不支持监听和传输数据"),
      L("hint: nc -zv ADDRESS PORT tests a TCP port; '!nc ...' runs the real nc if it is installed", "提示：nc -zv 地址 端口 测试一个 TCP 端口；装了真实的 nc 时，'!nc ...' 运行它"), 1)
  end
  if #rest ~= 2 then return bad(ctx, "usage: nc [-46CDdFhklNnrStUuvZz] [-w timeout] [destination] [port]", hint, 1) end
  local host, port = rest[1], port_ok(rest[2])
  if not port then return bad(ctx, "nc: port range not valid", hint, 1) end
  if not is_ipv4(host) then
    return bad(ctx, "nc: getaddrinfo for host \"" .. host .. "\" port " .. rest[2] .. ": Temporary failure in name resolution",
      L("hint: the lab has no DNS; use an address", "提示：实验环境里没有 DNS；请用地址"), 1)
  end
  local timeout = o.w and tonumber(o.w) or nil
  if o.w and not timeout then return bad(ctx, "nc: timeout invalid: " .. o.w, hint, 1) end
  if not net.tcp_connect then return bad(ctx, "nc: TCP probes are not available in this build", nil, 1) end
  local ok, msg, errno = net.tcp_connect(ctx.ns, host, port, timeout)
  add_result(ctx, "nc", { host = host, port = port, open = ok and true or false, error = msg, errno = errno })
  if ok then
    if o.v then ctx:errln("Connection to ", host, " ", port, " port [tcp/*] succeeded!") end
    return 0
  end
  if o.v then
    ctx:errln("nc: connect to ", host, " port ", port, " (tcp) failed: ", errno and net.strerror(errno) or msg)
  end
  return 1
end

function M.tcping(args, ctx)
  local count = 4
  local rest = {}
  local i = 1
  while i <= #args do
    if args[i] == "-n" then
      i = i + 1
      count = tonumber(args[i] or "")
      if not count or count < 1 then return bad(ctx, "tcping: -n takes a count", L("hint: tcping -n 2 192.168.0.10 9999", "提示：例如 tcping -n 2 192.168.0.10 9999"), 1) end
    elseif args[i]:sub(1, 1) == "-" then
      return bad(ctx, "tcping: unknown option " .. args[i], L("hint: tcping [-n COUNT] ADDRESS PORT, e.g. tcping 192.168.0.10 9999", "提示：tcping [-n 次数] 地址 端口，例如 tcping 192.168.0.10 9999"), 1)
    else
      rest[#rest + 1] = args[i]
    end
    i = i + 1
  end
  if #rest < 1 or #rest > 2 then
    return bad(ctx, "tcping: give ADDRESS [PORT]", L("hint: tcping 192.168.0.10 9999", "提示：例如 tcping 192.168.0.10 9999"), 1)
  end
  local host, port = rest[1], port_ok(rest[2] or "80")
  if not port then return bad(ctx, "tcping: bad port " .. tostring(rest[2]), L("hint: a port is 1..65535", "提示：端口是 1..65535"), 1) end
  if not is_ipv4(host) then return bad(ctx, "tcping: unknown host " .. host, L("hint: the lab has no DNS; use an address", "提示：实验环境里没有 DNS；请用地址"), 1) end
  if not net.tcp_connect then return bad(ctx, "tcping: TCP probes are not available in this build", nil, 1) end
  local okn = 0
  local results = {}
  for k = 1, count do
    local ok, msg, errno = M.shielded(net.tcp_connect, ctx.ns, host, port, 2)
    results[k] = { open = ok and true or false, error = msg, errno = errno }
    if ok then
      okn = okn + 1
      ctx:outln("Probing ", host, ":", port, "/tcp - Port is open")
    else
      ctx:outln("Probing ", host, ":", port, "/tcp - No response")
    end
    if net.interrupted(true) then
      ctx:outln("Control-C")
      break
    end
  end
  local sent = #results
  ctx:outln("")
  ctx:outln("Ping statistics for ", host, ":", port)
  ctx:outln("     ", sent, " probes sent.")
  ctx:outln(string.format("     %d successful, %d failed.  (%.2f%% fail)", okn, sent - okn, (sent - okn) * 100 / sent))
  add_result(ctx, "tcping", { host = host, port = port, probes = results, open = okn > 0 })
  return okn > 0 and 0 or 1
end

---------------------------------------------------------------------------
-- Registration
---------------------------------------------------------------------------
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
M.help_tcpdump = [[
tcpdump [-i DEV|any] [-n|-nn] [-e] [-p] [-c COUNT] [-l] [-w FILE] [FILTER...]
tcpdump -r FILE [-e] [-c COUNT] [-w FILE] [FILTER...]
  Runs as a background job (netlearn has one terminal): type the next command
  while it prints. It stops after -c COUNT packets, or with 'kill %N',
  'fg' then Ctrl-C, or 'tcpdump stop'. The packets stay readable from Lua:
  require("netlearn.cmd.probes").jobs[N].packets, and ctx.results.
  FILTER is tcpdump's own language (libpcap), run in the kernel.
  -w FILE writes a pcap file (Wireshark and tcpdump -r read it) instead of
  printing; -r FILE prints a pcap file.
Examples:
  ip netns exec net2 tcpdump -nn -i veth1 icmp
  tcpdump -pne -i ens33 'ip proto 4'
  tcpdump -i veth1 -n -c 2 &          then: ping -c 2 192.167.2.2
  tcpdump -i veth1 -c 10 -w /tmp/veth1.pcap 'tcp[13] & 2 != 0'
  tcpdump -n -r /tmp/veth1.pcap]]
M.help_curl = [[
curl [-I] [-i] [-s] [-S] [-v] [-m SECONDS] [http://]ADDRESS[:PORT][/PATH]
Examples:
  curl -I 192.168.0.10:8888
  ip netns exec container1 curl http://172.168.1.12/
Errors and exit codes are curl's: (7) Failed to connect ... Connection refused, (28) timeout.]]
M.help_python = [[
python3 -m http.server [PORT] [--bind ADDR] [-d DIR]      (default port 8000)
python -m SimpleHTTPServer [PORT]
  Starts an HTTP server in the current namespace as a background job
  ('jobs' lists it, 'kill %N' stops it). Nothing else of Python runs here.
Examples:
  ip netns exec container1 python3 -m http.server 80]]
M.help_nc = [[
nc -z [-v] [-w SECONDS] ADDRESS PORT     is a TCP port open? (exit 0 yes, 1 no)
Example:
  nc -zv 192.168.0.10 8888]]
M.help_tcping = [[
tcping [-n COUNT] ADDRESS [PORT]          TCP "ping" as the Docker article uses on Windows
Example:
  tcping 192.168.0.10 9999]]

commands.register("ping", { summary = "send ICMP echo requests: ping -c 2 192.167.2.2", help = M.help_ping, run = M.ping,
  complete = function(...) return require("netlearn.cmd.ping6").complete(...) end })
commands.register("traceroute", { summary = "the routers on the way: traceroute -n 10.1.8.10", help = M.help_traceroute, run = M.traceroute })
commands.register("tcpdump", { summary = "capture packets (background job): tcpdump -i veth1 -n icmp", help = M.help_tcpdump, run = M.tcpdump })
commands.register("curl", { summary = "fetch a URL over HTTP: curl 192.168.0.10:8888", help = M.help_curl, run = M.curl })
commands.register("python3", { summary = "python3 -m http.server PORT: a web server in this namespace", help = M.help_python,
  run = function(a, ctx) return M.python(a, ctx, "python3") end })
commands.register("python", { help = M.help_python, run = function(a, ctx) return M.python(a, ctx, "python") end })
-- a lesson writes no file: tcpdump -w and curl -o are refused when it is loaded
commands.registry.tcpdump.lesson = function(args)
  local o = getopt(args, { i = "value", n = "flag", e = "flag", c = "value", l = "flag", w = "value",
    p = "flag", v = "flag", q = "flag", t = "flag", s = "value", A = "flag", X = "flag", x = "flag",
    U = "flag", S = "flag", N = "flag", h = "flag", D = "flag" })
  if o and o.w then
    return "'tcpdump -w " .. o.w .. "' writes a file, and a lesson writes no file (drop -w; a capture{} " ..
      "claim checks what crosses a device)"
  end
  return nil
end
commands.registry.curl.lesson = function(args)
  for _, a in ipairs(args) do
    if a == "-o" or a == "--output" or a == "-O" or a == "--remote-name" then
      return "'curl " .. a .. "' writes a file, and a lesson writes no file (drop " .. a .. "; a curl{} " ..
        "claim checks the page)"
    end
  end
  return nil
end
-- a lesson's web server serves an empty listing: it reads no directory of the learner's
for _, n in ipairs({ "python3", "python" }) do
  commands.registry[n].lesson = function(args)
    for _, a in ipairs(args) do
      if a == "-d" or a == "--directory" then
        return "'" .. n .. " -m http.server " .. a .. " DIR' serves a directory, and a lesson reads and serves " ..
          "no file (drop " .. a .. " DIR: in a lesson the server answers with an empty directory listing)"
      end
    end
    return nil
  end
end
commands.register("nc", { summary = "is a TCP port open: nc -zv 192.168.0.10 8888", help = M.help_nc, run = M.nc })
commands.register("tcping", { summary = "TCP ping a port: tcping 192.168.0.10 9999", help = M.help_tcping, run = M.tcping })

-- probes and captures only look at the lab (commands.looks): a task does not
-- re-check its claims after them
for _, n in ipairs({ "ping", "traceroute", "tcpdump", "curl", "tcping", "nc" }) do commands.registry[n].looks = true end

-- end of input in pipe mode: stop the captures still running, with their summary
do
  local sh = shell()
  if sh and sh.finishers then
    sh.finishers[#sh.finishers + 1] = function() M.stop_all() end
  end
end

return M
