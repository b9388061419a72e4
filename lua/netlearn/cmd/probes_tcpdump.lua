--[[ netlearn.cmd.probes_tcpdump -- tcpdump: a capture as a background job
(net.capture_open, a probes_jobs.Capture), -w FILE and -r FILE (pcap files).
]]
-- en or zh, in the learner's language (netlearn.i18n)
local function L(en, zh) return require("netlearn.i18n").lang == "zh" and zh or en end
local net = require("netlearn.core")
local C = require("netlearn.cmd.probes_common")
local jobs = require("netlearn.cmd.probes_jobs")
local getopt, bad, add_result = C.getopt, C.bad, C.add_result

local Capture = jobs.Capture

local M = {}

-- tcpdump -B: the largest ring, in KiB, one capture may ask the kernel for
M.BUFFER_KIB_MAX = 65536

local function link_type(ns, dev)
  if not dev then return "LINUX_SLL2 (Linux cooked v2)" end
  local l = net.link_get(ns, dev)
  if l and (l.linktype == "ipip" or l.linktype == "none" or l.type == "ipip" or l.type == "tun") then
    return "RAW (Raw IP)"
  end
  return "EN10MB (Ethernet)"
end

-- May this command write the file PATH now? nil, or why not. The one check
-- before netlearn's tcpdump writes a file: a lesson at work writes no file
-- (netlearn.guard, the lesson context).
local function may_write_file(path)
  if require("netlearn.guard").active() then
    return "tcpdump: -w " .. path .. ": a lesson writes no file (drop -w; a capture{} claim checks what crosses a device)"
  end
  return nil
end
M.may_write_file = may_write_file

local function TCPDUMP_HINT() return L("hint: tcpdump [-i DEV] [-n] [-e] [-c COUNT] [-w FILE | -r FILE] [FILTER], e.g. tcpdump -i veth1 -n icmp", "提示：tcpdump [-i 设备] [-n] [-e] [-c 个数] [-w 文件 | -r 文件] [过滤条件]，例如 tcpdump -i veth1 -n icmp") end
local function B_HINT() return L("hint: -B takes KiB, e.g. -B 4096 (4 MiB, netlearn's default)", "提示：-B 后面是 KiB 数，例如 -B 4096（4 MiB，netlearn 的默认值）") end
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
    if filter and info and not info:find(o.r, 1, true) then return bad(info, FILTER_HINT(), 1) end
    return bad(tostring(info), L("hint: -r reads a pcap file written by 'tcpdump -w FILE' (netlearn's or a real one)", "提示：-r 读取 'tcpdump -w 文件' 写出的 pcap 文件（netlearn 的或真实的 tcpdump 写的都行）"), 1)
  end
  if o.w then
    local why = may_write_file(o.w)
    if why then return bad(why, nil, 1) end
    local n, msg = net.pcap_write(o.w, pkts, { linktype = info.linktype })
    if not n then return bad("tcpdump: " .. tostring(msg), nil, 1) end
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
  if pkts.error then return bad("tcpdump: pcap_loop: " .. pkts.error, nil, 1) end
  add_result(ctx, "capture", { packets = pkts, file = o.r }, { file = o.r })
  return 0
end

local TCPDUMP_OPTS = { i = "value", n = "flag", e = "flag", c = "value", l = "flag", w = "value",
  p = "flag", v = "flag", q = "flag", t = "flag", s = "value", A = "flag", X = "flag", x = "flag",
  U = "flag", S = "flag", N = "flag", h = "flag", D = "flag", r = "value", B = "value" }

-- The capture's geometry from tcpdump's options O: snaplen (-s, strtol base
-- 0; 0 means the most) and ring_kib (-B KiB, atoi, above 0 and at most
-- BUFFER_KIB_MAX; nil: netlearn's default). Or nil, nil, the option that is bad
-- ("s" or "B"), and parse.int's why and number for -B.
local function geometry(o)
  local parse = require("netlearn.parse")
  local snaplen, ring_kib = 262144, nil
  if o.s then
    snaplen = parse.int(o.s, "tcpdump", 0, 262144)
    if not snaplen then return nil, nil, "s" end
    if snaplen == 0 then snaplen = 262144 end
  end
  if o.B then
    local why, n
    ring_kib, why, n = parse.int(o.B, "atoi", 1, M.BUFFER_KIB_MAX)
    if not ring_kib then return nil, nil, "B", why, n end
  end
  return snaplen, ring_kib
end

-- Before a lesson runs `tcpdump ARGS` in NS (commands.prepare): one capture
-- ring of the geometry it will ask for, armed ahead in the ring pool
-- (net.capture_warm), where the options are plain; anything else is left to
-- the command, which reports it.
function M.prepare(args, ns)
  local o = getopt(args, TCPDUMP_OPTS)
  if not o or args[1] == "stop" or o.h or o.D or o.r or not net.ns_exists(ns) then return end
  local snaplen, ring_kib = geometry(o)
  if snaplen then net.capture_warm(ns, { snaplen = snaplen, ring_kib = ring_kib }) end
end

function M.tcpdump(args, ctx)
  if args[1] == "stop" then
    local n = 0
    for _, j in ipairs(jobs.job_list()) do
      if j.kind == "capture" and j.running then
        j:stop()
        n = n + 1
      end
    end
    if n == 0 then return bad("tcpdump: no capture is running", L("hint: 'jobs' lists background jobs", "提示：'jobs' 列出后台任务"), 1) end
    return 0
  end
  local o, rest, c = getopt(args, TCPDUMP_OPTS)
  if not o then
    if rest == "invalid" then return bad("tcpdump: invalid option -- '" .. c .. "'", TCPDUMP_HINT(), 1) end
    return bad("tcpdump: option requires an argument -- '" .. c .. "'", TCPDUMP_HINT(), 1)
  end
  if o.h then ctx:outln(M.help_tcpdump) return 0 end
  if o.D then
    local links, e = net.link_list(ctx.ns)
    if not links then return bad("tcpdump: " .. tostring(e), nil, 1) end
    for k, l in ipairs(links) do ctx:outln(k, ".", l.name, l.up and " [Up, Running]" or "") end
    ctx:outln(#links + 1, ".any (Pseudo-device that captures on all interfaces) [Up, Running]")
    return 0
  end
  if o.w == "-" or o.r == "-" then
    return bad("tcpdump: netlearn has no pipe for pcap data (-" .. (o.w == "-" and "w" or "r") .. " -)",
      L("hint: name a file, e.g. tcpdump -i veth1 -w /tmp/veth1.pcap, then open it in Wireshark or read it with tcpdump -r", "提示：给出一个文件名，例如 tcpdump -i veth1 -w /tmp/veth1.pcap，然后用 Wireshark 打开，或用 tcpdump -r 读取"), 1)
  end
  if o.w then
    local why = may_write_file(o.w)
    if why then return bad(why, nil, 1) end
  end
  local count
  if o.c then
    -- tcpdump reads -c with atoi ("5x" is 5) and -s with strtol base 0 (netlearn.parse)
    count = require("netlearn.parse").int(o.c, "atoi", 1, 2147483647)
    if not count then
      return bad("tcpdump: invalid packet count " .. o.c, L("hint: -c takes a number of packets, e.g. -c 4", "提示：-c 后面是包的个数，例如 -c 4"), 1)
    end
  end
  if o.r then return tcpdump_read(o, rest, count, ctx) end
  -- tcpdump reads -B (KiB) with atoi and refuses what is not above 0;
  -- netlearn's own limit keeps one capture's kernel ring under 64 MiB
  local snaplen, ring_kib, badopt, why, n = geometry(o)
  if badopt == "s" then
    return bad("tcpdump: invalid snaplen " .. o.s .. " (must be >= 0 and <= 262144)", L("hint: -s takes bytes, e.g. -s 0", "提示：-s 后面是字节数，例如 -s 0"), 1)
  elseif badopt == "B" and why == "range" and n > M.BUFFER_KIB_MAX then
    return bad("tcpdump: -B " .. o.B .. ": netlearn's capture buffer is at most " .. M.BUFFER_KIB_MAX .. " KiB",
      B_HINT(), 1)
  elseif badopt == "B" then
    return bad("tcpdump: invalid packet buffer size " .. o.B,
      B_HINT(), 1)
  end
  local dev = o.i
  if dev == "any" then dev = nil end
  if dev and not net.link_get(ctx.ns, dev) then
    return bad("tcpdump: " .. dev .. ": No such device exists",
      L("hint: -i names an interface of " .. (ctx.ns == "" and "the host" or ("namespace " .. ctx.ns)) ..
        " ('ip link' lists them; 'ip netns exec NS tcpdump ...' captures inside another namespace)",
        "提示：-i 后面是" .. (ctx.ns == "" and "主机" or ("命名空间 " .. ctx.ns .. " ")) ..
        "的一个接口（'ip link' 列出它们；'ip netns exec 命名空间 tcpdump ...' 在另一个命名空间里抓包）"), 1)
  end
  local filter = #rest > 0 and table.concat(rest, " ") or nil
  local cap, msg, errno = net.capture_open(ctx.ns, dev, filter, { snaplen = snaplen, write = o.w, ring_kib = ring_kib })
  if not cap then
    if errno == net.errno.EINVAL and filter and msg and msg:match("^tcpdump:") then return bad(msg, FILTER_HINT(), 1) end
    if o.w and msg and msg:find(o.w, 1, true) then
      return bad(msg, L("hint: -w names a file to create in a directory that exists, e.g. -w /tmp/capture.pcap", "提示：-w 后面是要在已有目录里创建的文件，例如 -w /tmp/capture.pcap"), 1)
    end
    if msg and msg:match("^tcpdump:") then return bad(msg, TCPDUMP_HINT(), 1) end
    return bad("tcpdump: " .. tostring(msg), TCPDUMP_HINT(), 1)
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
  local job = jobs.new_job(setmetatable({
    kind = "capture", command = table.concat(words, " "), ns = ctx.ns, dev = o.i or "any", filter = filter,
    count = count, e = o.e, any = dev == nil, quiet = o.w ~= nil, file = o.w, packets = {}, cap = cap, ctx = ctx,
  }, Capture))
  add_result(ctx, "capture", job, { job = job.id })
  jobs.watch(job)
  if jobs.interactive() and not ctx.background then
    ctx:errln("[", job.id, "] ", job.command, "  (runs in the background: type the next command; 'fg' + Ctrl-C or 'kill %", job.id, "' stops it)")
  end
  return 0
end

M.help_tcpdump = [[
tcpdump [-i DEV|any] [-n|-nn] [-e] [-p] [-c COUNT] [-l] [-B KIB] [-w FILE] [FILTER...]
tcpdump -r FILE [-e] [-c COUNT] [-w FILE] [FILTER...]
  Runs as a background job (netlearn has one terminal): type the next command
  while it prints. It stops after -c COUNT packets, or with 'kill %N',
  'fg' then Ctrl-C, or 'tcpdump stop'. The packets stay readable from Lua:
  require("netlearn.cmd.probes").jobs[N].packets, and ctx.results.
  FILTER is tcpdump's own language (libpcap), run in the kernel.
  -w FILE writes a pcap file (Wireshark and tcpdump -r read it) instead of
  printing; -r FILE prints a pcap file. -B KIB sizes the kernel's buffer
  (4096 KiB unless given, at most 65536); what finds it full is dropped and
  counted ("packets dropped by kernel").
Examples:
  ip netns exec net2 tcpdump -nn -i veth1 icmp
  tcpdump -pne -i ens33 'ip proto 4'
  tcpdump -i veth1 -n -c 2 &          then: ping -c 2 192.167.2.2
  tcpdump -i veth1 -c 10 -w /tmp/veth1.pcap 'tcp[13] & 2 != 0'
  tcpdump -n -r /tmp/veth1.pcap]]

return M
