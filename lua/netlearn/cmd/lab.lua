--[[ netlearn.cmd.lab -- commands about the lab itself: jobs, kill, fg, reset, ns, trace path.

  jobs / kill %N / fg [%N]   the background captures and HTTP servers (see cmd/probes.lua)
  ns NAME | ns host | ns     switch the shell's current namespace (the prompt shows it)
  reset                      delete every namespace, empty the host namespace
                             (links, addresses, routes, NAT and filter rules),
                             put back the sysctls the session changed
  trace path FROM DEST       (also `pathtrace FROM DEST`) capture on every
                             interface of the lab, send one ping from namespace
                             FROM to DEST, print the packet's walk hop by hop:
                             where it was seen, MACs, IPs, TTL, the outer header
                             of a tunnel, the NAT rewrites. M.last_trace keeps it.
]]
local commands = require("netlearn.commands")
local net = require("netlearn.core")
local probes = require("netlearn.cmd.probes")

local M = {}

local function shell() return require("netlearn.shell") end

local i18n = require("netlearn.i18n")
-- en or zh, in the learner's language
local function L(en, zh) return i18n.lang == "zh" and zh or en end

-- a failure (commands.fail): the line, then the hint
local function bad(line, hint, code)
  commands.fail(code or 1, line, hint)
end

-- an error about one of several words (kill %1 %9): printed, and the command goes on
local function say(ctx, line, hint, code)
  ctx:errln(line)
  if hint then ctx:errln(hint) end
  return code
end

-- The host's sysctls as the session found them, for `reset`. The sandbox's
-- namespace was new when the session began, so a namespace made now starts
-- with the same values: read them from a scratch one when reset needs them
-- (reading ~400 files at start-up cost more than the rest of it together).
-- Its name starts with '.', so listings never show it, and reset leaves it.
-- It is kept for the session, not deleted: a deleted namespace is torn down
-- by a kernel worker that holds the RCU barrier's lock for 50-70 ms, and the
-- lesson's first `ip link set ... netns` (which takes an RCU barrier too)
-- would wait for it. It goes with the sandbox.
M.host_sysctls = nil
local SCRATCH = ".netlearn-reset"
-- Every sysctl reset restores, of namespace NS: name -> value, or nil, message
-- (a half-read set would "restore" only some values: all or nothing).
local function sysctl_values(ns)
  local raw = require("netlearn.machine").raw
  local t = {}
  for _, prefix in ipairs({ "net.ipv4", "net.ipv6.conf.all", "net.ipv6.conf.default", "net.bridge" }) do
    local list, le = raw.sysctl_list(ns, prefix)
    if not list then return nil, le end
    for _, x in ipairs(list) do t[x.name] = x.value end
  end
  return t
end

-- The scratch namespace, made once (true, or nil, message).
local function scratch()
  local raw = require("netlearn.machine").raw
  if raw.ns_exists(SCRATCH) then return true end
  return raw.ns_add(SCRATCH)
end

local function start_values()
  if M.host_sysctls then return M.host_sysctls end
  local ok, e = scratch()
  if not ok then return nil, e end
  local t, le = sysctl_values(SCRATCH)
  M.host_sysctls = t
  return t, le
end

---------------------------------------------------------------------------
-- jobs, kill, fg
---------------------------------------------------------------------------
local function job_arg(ctx, word, cmd)
  local jobs = probes.job_list()
  if not word or word == "%%" or word == "%+" or word == "%" then
    local j = jobs[#jobs]
    if not j then return nil, say(ctx, "bash: " .. cmd .. ": current: no such job", L("hint: 'jobs' lists the background jobs", "提示：'jobs' 列出后台任务"), 1) end
    return j
  end
  local n = word:match("^%%(%d+)$")
  if not n then
    if word:match("^%d+$") then
      for _, j in ipairs(jobs) do if j.pid == tonumber(word) then return j end end
    end
    return nil, say(ctx, "bash: " .. cmd .. ": " .. word .. ": no such job",
      L("hint: name a job as %N ('jobs' shows the numbers), e.g. ", "提示：用 %N 指定任务（'jobs' 显示编号），例如 ") ..
        cmd .. " %1", 1)
  end
  local j = probes.jobs[tonumber(n)]
  if not j then
    return nil, say(ctx, "bash: " .. cmd .. ": %" .. n .. ": no such job", L("hint: 'jobs' lists the background jobs", "提示：'jobs' 列出后台任务"), 1)
  end
  return j
end

function M.jobs(args, ctx)
  if args[1] and args[1] ~= "-l" then
    bad("bash: jobs: " .. args[1] .. ": invalid option", L("hint: jobs (or jobs -l) lists the background jobs", "提示：jobs（或 jobs -l）列出后台任务"), 2)
  end
  local list = probes.job_list()
  for k, j in ipairs(list) do
    local mark = k == #list and "+" or (k == #list - 1 and "-" or " ")
    local status = j:status()
    local extra = ""
    if j.kind == "capture" then extra = L("   (" .. #j.packets .. " packets)", "   （" .. #j.packets .. " 个包）") end
    local ns = j.ns ~= "" and ("   [ns " .. j.ns .. "]") or ""
    ctx:outln(string.format("[%d]%s  %-24s%s &%s%s", j.id, mark, status, j.command, ns, extra))
    if status == "Done" then probes.jobs[j.id] = nil end
  end
  return 0
end

function M.kill(args, ctx)
  if #args == 0 then
    bad("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]",
      L("hint: kill %1 stops background job 1 ('jobs' lists them)", "提示：kill %1 停止 1 号后台任务（'jobs' 列出它们）"), 2)
  end
  local status = 0
  for _, w in ipairs(args) do
    if not w:match("^%-") then
      local j = job_arg(ctx, w, "kill")
      if j then
        j:stop()
        ctx:outln(string.format("[%d]+  %-24s%s", j.id, "Terminated", j.command))
      else
        status = 1
      end
    end
  end
  return status
end

function M.fg(args, ctx)
  local j = job_arg(ctx, args[1], "fg")
  if not j then return 1 end
  ctx:outln(j.command)
  local ok, r = pcall(j.foreground, j)
  if not ok then
    if tostring(r):find("interrupted") then
      j:stop(false, true)
      return 130
    end
    error(r, 0)
  end
  return r or 0
end

---------------------------------------------------------------------------
-- ns
---------------------------------------------------------------------------
function M.ns(args, ctx)
  local sh = shell()
  local name = args[1]
  if not name then
    ctx:outln(sh.ns ~= "" and sh.ns or "host")
    return 0
  end
  if #args > 1 then
    bad(L("ns: one namespace name, got " .. #args .. " words", "ns：只要一个命名空间名字，却给了 " .. #args .. " 个词"),
      L("hint: ns net1 (or ns host to go back)", "提示：ns net1（ns host 回到主机）"), 2)
  end
  if name == "host" or name == "-" or name == "/" then
    sh.ns = ""
    return 0
  end
  if not net.ns_exists(name) then
    local names = net.ns_list() or {}
    bad("ns: " .. name .. L(": no such namespace", "：没有这个命名空间"),
      #names > 0 and L("hint: the namespaces are " .. table.concat(names, " ") .. " (or 'ns host')",
          "提示：现有的命名空间是 " .. table.concat(names, " ") .. "（或 'ns host'）")
        or L("hint: make one first: ip netns add ", "提示：先创建一个：ip netns add ") .. name, 1)
  end
  sh.ns = name
  ctx.ns = name
  return 0
end

---------------------------------------------------------------------------
-- reset
---------------------------------------------------------------------------
-- reset's own words (en, zh): a listing that fails is said, never taken for an
-- empty lab
local MSG = {
  en = {
    list_failed = "cannot list %s: %s",
    not_empty = "the host still holds %s after %g s: the kernel has not let go of them; " ..
      "type 'reset' again, or leave and start netlearn again (a new session always starts empty)",
    ns_left = "namespaces are still there: %s; type 'reset' again",
    incomplete = "lab reset incomplete: %d namespace%s deleted; the lab is NOT empty (see above)",
    what_ns = "the namespaces", what_links = "the host's devices", what_addrs = "lo's addresses",
    what_routes = "the host's routes", what_rules = "the host's rules",
    what_sysctls = "the sysctls the session started with",
  },
  zh = {
    list_failed = "无法列出%s：%s",
    not_empty = "等了 %2$g 秒，主机里仍有 %1$s：内核还没有释放它们；" ..
      "请再输入一次 'reset'，或退出后重新启动 netlearn（新会话总是从空的实验环境开始）",
    ns_left = "命名空间仍然存在：%s；请再输入一次 'reset'",
    incomplete = "实验环境没有完全重置：删除了 %d 个命名空间%s；实验环境并不是空的（见上文）",
    what_ns = "命名空间", what_links = "主机的网络设备", what_addrs = "lo 的地址",
    what_routes = "主机的路由", what_rules = "主机的策略路由规则",
    what_sysctls = "会话开始时的 sysctl",
  },
}
local function msg(key, ...)
  local i18n = require("netlearn.i18n")
  return i18n.message(MSG, i18n.lang, key, ...)
end
M.messages = MSG

-- How long reset waits for the host to hold only lo. A deleted namespace is
-- torn down by the kernel after ns_del returns, and its veths' ends in the host
-- go with it, some at a time; a 1000-namespace lab takes a few seconds.
M.reset_wait = 20          -- seconds
local POLL = 0.05

-- A listing for reset: its list, or nil after saying in report.errors why not.
local function listed(report, what, list, e)
  if list then return list end
  report.errors[#report.errors + 1] = msg("list_failed", msg(what), tostring(e))
  return nil
end

-- The devices every new namespace is born with: lo, plus the fallback tunnels
-- (tunl0, sit0, gre0, ...) the kernel adds to each namespace while those
-- modules are loaded; they cannot be deleted, and reset keeps them. Read from a
-- scratch namespace; if that fails, only lo is kept (and reset says what stayed).
local function born_with()
  local raw = require("netlearn.machine").raw
  local keep = { lo = true }
  if scratch() then
    local links = raw.link_list(SCRATCH)
    if links then
      for _, l in ipairs(links) do keep[l.name] = true end
    end
  end
  return keep
end

-- Names of the host's devices other than KEEP's, or nil, message.
local function host_devices(keep)
  local links, e = net.link_list("")
  if not links then return nil, e end
  local left = {}
  for _, l in ipairs(links) do
    if not keep[l.name] and l.type ~= "loopback" then left[#left + 1] = l.name end
  end
  return left
end

-- Delete every device of the host but lo, then wait (bounded) until the kernel
-- lists only lo. A device already gone is no error (a veth end goes with its
-- peer); a listing that fails is asked again until the deadline, then reported.
local function empty_host(report)
  local polls = math.max(1, math.floor(M.reset_wait / POLL + 0.5))
  local keep, kept_read = { lo = true }, false
  local deleted, left, e = {}, nil, nil
  for i = 1, polls do
    left, e = host_devices(keep)
    if left and #left == 0 then return true end
    local todo = {}
    for _, name in ipairs(left or {}) do if not deleted[name] then todo[#todo + 1] = name end end
    -- all in one kernel batch: the kernel waits RCU grace periods for each
    -- deletion (15-35 ms a device), once for a batch; what stays goes one by one
    if #todo > 1 and net.link_del_many("", todo) then
      local still = {}
      for _, name in ipairs(host_devices(keep) or todo) do still[name] = true end
      for _, name in ipairs(todo) do
        if not still[name] then
          deleted[name] = true
          report.links[#report.links + 1] = name
        end
      end
    end
    for _, name in ipairs(todo) do
      if not deleted[name] and net.link_del("", name) then
        deleted[name] = true
        report.links[#report.links + 1] = name
      end
    end
    left, e = host_devices(keep)
    if left and #left == 0 then return true end
    if left and not kept_read then                   -- something stays: is it the kernel's own?
      keep, kept_read = born_with(), true
      left, e = host_devices(keep)
      if left and #left == 0 then return true end
    end
    if not net.sleep(POLL) then break end   -- Ctrl-C stops the wait
  end
  if not left then
    listed(report, "what_links", nil, e)
  else
    local shown = { table.unpack(left, 1, math.min(#left, 8)) }
    local names = table.concat(shown, " ") .. (#left > #shown and (" ... (" .. #left .. ")") or "")
    report.errors[#report.errors + 1] = msg("not_empty", names, M.reset_wait)
  end
  return false
end

function M.reset_lab()
  local report = { namespaces = {}, links = {}, errors = {} }
  require("netlearn.machine").current = nil   -- the whole lab, every machine's namespaces
  probes.stop_all(true)
  local e
  -- the host's devices first, in one batch with the veth peers they have in
  -- the namespaces: meanwhile the capture sockets just stopped finish closing,
  -- which ns_del would otherwise wait for (deferred_close_drain)
  empty_host(report)
  -- the namespaces go, but the kernel tears them down later: what the last
  -- reset kept now, these at the next reset or at exit. Torn down now, the
  -- worker doing it would hold the RCU barrier's lock while the lab is built
  -- again (a challenge), and every `ip link set ... netns` would wait for it.
  -- (The host is empty: no veth end outside stays for a kept namespace.)
  net.ns_release_kept()
  local names, ne = net.ns_list()
  for _, n in ipairs(listed(report, "what_ns", names, ne) or {}) do
    local ok, de = net.ns_del(n, { keep = true })
    if ok then report.namespaces[#report.namespaces + 1] = n else report.errors[#report.errors + 1] = de end
  end
  local addrs
  addrs, e = net.addr_list("", "lo")
  for _, a in ipairs(listed(report, "what_addrs", addrs, e) or {}) do
    if a.family == "inet" and a.address ~= "127.0.0.1" then net.addr_del("", "lo", a.address .. "/" .. a.prefixlen) end
  end
  -- the routes and rules a learner added, both families (the kernel's own stay)
  for _, family in ipairs({ "inet", "inet6" }) do
    local routes
    routes, e = net.route_list("", { table = "all", family = family })
    for _, r in ipairs(listed(report, "what_routes", routes, e) or {}) do
      local t = r.table
      if t ~= 255 and t ~= "local" and r.protocol ~= "kernel" then
        net.route_del("", { dst = r.dst, via = r.gateway, dev = r.dev, table = t, metric = r.metric, family = family,
          type = r.type ~= "unicast" and r.type or nil })
      end
    end
    local rules
    rules, e = net.rule_list("", { family = family })
    for _, r in ipairs(listed(report, "what_rules", rules, e) or {}) do
      if r.priority ~= 0 and r.priority ~= 32766 and r.priority ~= 32767 then
        local ok, de = net.rule_del("", { priority = r.priority, from = r.from, to = r.to, iif = r.iif, oif = r.oif,
          table = r.table, family = family })
        if not ok then report.errors[#report.errors + 1] = de end
      end
    end
  end
  net.nft_flush("", { table = "nat" })
  net.nft_flush("", { table = "filter" })
  for _, c in ipairs({ "INPUT", "FORWARD", "OUTPUT" }) do net.chain_policy("", c, "ACCEPT") end
  local values, se = start_values()
  if listed(report, "what_sysctls", values, se) then
    local host = sysctl_values("") or {}     -- four listings, not ~400 reads (2 ms less)
    for name, v in pairs(values) do
      local now = host[name] or net.sysctl_get("", name)
      if now and now ~= v then net.sysctl_set("", name, v) end
    end
  end
  local sysctl = require("netlearn.cmd.sysctl")
  for name, v in pairs(sysctl.original[""] or {}) do net.sysctl_set("", name, v) end
  sysctl.original = {}
  -- and no namespace is left (one a failed delete already named is not said twice)
  if #report.errors == 0 then
    names, ne = net.ns_list()
    if listed(report, "what_ns", names, ne) and #names > 0 then
      report.errors[#report.errors + 1] = msg("ns_left", table.concat(names, " "))
    end
  end
  require("netlearn.baseline").apply("")     -- and the host back at netlearn's baseline
  shell().ns = ""
  return report
end

function M.reset(args, ctx)
  if #args > 0 then
    bad(L("reset: takes no arguments", "reset：不带参数"), L("hint: reset empties the whole lab", "提示：reset 清空整个实验环境"), 2)
  end
  local r = M.reset_lab()
  ctx.ns = ""
  local n = #r.namespaces
  for _, e in ipairs(r.errors) do ctx:errln("reset: ", e) end
  if #r.errors > 0 then
    ctx:errln(msg("incomplete", n, n > 0 and (" (" .. table.concat(r.namespaces, " ") .. ")") or ""))
    return 1
  end
  if i18n.lang == "zh" then
    ctx:outln("实验环境已重置：删除了 ", n, " 个命名空间", n > 0 and ("（" .. table.concat(r.namespaces, " ") .. "）") or "",
      "，主机命名空间已清空，sysctl 已恢复")
    return 0
  end
  ctx:outln("lab reset: ", n, " namespace", n == 1 and "" or "s", " deleted",
    n > 0 and (" (" .. table.concat(r.namespaces, " ") .. ")") or "",
    ", host namespace emptied, sysctls restored")
  return 0
end

---------------------------------------------------------------------------
-- trace path: one ping followed through the whole lab
---------------------------------------------------------------------------
local function short_ns(ns) return ns == "" and "host" or ns end

-- What one trace path capture keeps of each frame, and the ring it keeps them
-- in. The ping is 98 bytes on Ethernet, 118 inside IPIP, and an ICMP error
-- quoting it under 200: 256 bytes keep every header the table shows (the
-- length on the wire is kept apart). One 64 KiB block then holds 195 frames
-- (256 + 80 bytes of ring header each), while one ping crosses a device as 2
-- to 4 frames -- and a routing loop as ~64 before its TTL runs out -- so the
-- ring has room to spare; the 4 MiB a learner's tcpdump gets, on every
-- device of the lab, made a lesson of 20 links use 80 MB. A ring that fills
-- anyway (other traffic of the lab) is counted by the kernel and reported.
local TRACE_SNAPLEN, TRACE_RING_KIB = 256, 64
M.TRACE_SNAPLEN, M.TRACE_RING_KIB = TRACE_SNAPLEN, TRACE_RING_KIB

-- Capture on every interface of every namespace; returns the {ns, dev, cap}
-- list, and the {ns, dev, why} of each device that could not be watched.
local function open_all(filter, snaplen, ring_kib)
  local caps, blind, want = {}, {}, {}
  local nss = { "" }
  for _, n in ipairs(net.ns_list() or {}) do nss[#nss + 1] = n end
  for _, ns in ipairs(nss) do
    for _, l in ipairs(net.link_list(ns) or {}) do
      if l.up then
        want[#want + 1] = { ns = ns, dev = l.name, filter = filter, snaplen = snaplen, ring_kib = ring_kib, link = l }
      end
    end
  end
  -- all at once: each ring's setup waits an RCU grace period, and together they share it
  local opened, errs = net.capture_open_many(want)
  for i, w in ipairs(want) do
    if opened[i] then
      caps[#caps + 1] = { ns = w.ns, dev = w.dev, cap = opened[i], link = w.link }
    else
      blind[#blind + 1] = { ns = short_ns(w.ns), dev = w.dev, why = tostring(errs[i]) }
    end
  end
  return caps, blind
end

-- Have path_trace's rings ready on every device that is up, twice over (a
-- step may trace twice in a row; the pool keeps at most 8 a namespace):
-- their setup then overlaps what comes first.
function M.path_warm()
  local nss = { "" }
  for _, n in ipairs(net.ns_list() or {}) do nss[#nss + 1] = n end
  for _, ns in ipairs(nss) do
    local up = 0
    for _, l in ipairs(net.link_list(ns) or {}) do if l.up then up = up + 1 end end
    if up > 0 then net.capture_warm(ns, { snaplen = TRACE_SNAPLEN, ring_kib = TRACE_RING_KIB, count = math.min(2 * up, 8) }) end
  end
end

-- One ping from FROM to DEST, seen on every device of the lab. OPTS: timeout
-- (seconds, 2), snaplen and ring_kib (each capture's; tests make them small).
function M.path_trace(from, dest, opts)
  opts = opts or {}
  -- links just made may still be waiting for carrier: let them settle first
  net.links_settle("", 2)
  for _, n in ipairs(net.ns_list() or {}) do net.links_settle(n, 2) end
  local caps, blind = open_all("icmp or ip proto 4", opts.snaplen or TRACE_SNAPLEN, opts.ring_kib or TRACE_RING_KIB)
  local res, msg = probes.shielded(net.ping, from, dest, { count = 1, timeout = opts.timeout or 2 })
  local seen = {}
  for _, c in ipairs(caps) do
    -- the ping has its answer, so every packet of the round trip has passed:
    -- drain what the sockets hold instead of waiting on each in turn
    local pkts, why = c.cap:read()
    -- frames the kernel dropped because this ring was full are sightings
    -- the table would silently lack
    local st = c.cap:stats()
    if not pkts then
      blind[#blind + 1] = { ns = short_ns(c.ns), dev = c.dev, why = tostring(why) }
    elseif st and st.dropped > 0 then
      blind[#blind + 1] = { ns = short_ns(c.ns), dev = c.dev, lost = st.dropped }
    end
    pkts = pkts or {}
    for _, p in ipairs(pkts) do
      local ip = p.inner or p.ip
      local icmp = p.icmp
      if icmp and (icmp.type == 8 or icmp.type == 0 or icmp.type == 3 or icmp.type == 11) then
        seen[#seen + 1] = {
          time = p.time, ns = short_ns(c.ns), dev = c.dev, dir = p.dir,
          src_mac = p.eth and p.eth.src or nil, dst_mac = p.eth and p.eth.dst or nil,
          src = ip and ip.src, dst = ip and ip.dst, ttl = ip and ip.ttl,
          outer = p.inner and p.ip and (p.ip.src .. " > " .. p.ip.dst) or nil,
          kind = icmp.type == 8 and "request" or icmp.type == 0 and "reply"
            or icmp.type == 11 and "ttl exceeded" or "unreachable",
          text = p.text,
        }
      end
    end
    c.cap:close()
  end
  -- the walk in causal order: by the time the kernel stamped each frame as it
  -- reached the capture (capture.c's ring); at one instant (a tunnel hands the
  -- unwrapped packet on with the outer frame's stamp) the request before the
  -- reply, the outer frame before the inner, the higher TTL first, Out before In
  local rank = { request = 1, reply = 2, ["ttl exceeded"] = 3, unreachable = 3 }
  table.sort(seen, function(a, b)
    if (a.time or 0) ~= (b.time or 0) then return (a.time or 0) < (b.time or 0) end
    if a.kind ~= b.kind then return rank[a.kind] < rank[b.kind] end
    if (a.outer and 0 or 1) ~= (b.outer and 0 or 1) then return a.outer ~= nil end
    if (a.ttl or 0) ~= (b.ttl or 0) then return (a.ttl or 0) > (b.ttl or 0) end
    if (a.dir == "Out") ~= (b.dir == "Out") then return a.dir == "Out" end
    return a.ns .. "/" .. a.dev < b.ns .. "/" .. b.dev
  end)
  -- NAT: the addresses of a request (or reply) changing between two sightings
  local last = {}
  local t0 = math.huge
  for _, h in ipairs(seen) do t0 = math.min(t0, h.time or t0) end
  for _, h in ipairs(seen) do
    h.us = math.floor(((h.time or t0) - t0) * 1e6 + 0.5)
    local prev = last[h.kind]
    local notes, zh = {}, {}
    if prev then
      local un, unzh = h.kind == "reply" and "NAT undone: " or "", h.kind == "reply" and "NAT 还原：" or ""
      if prev.src ~= h.src then
        notes[#notes + 1] = un .. "SNAT " .. tostring(prev.src) .. " -> " .. tostring(h.src)
        zh[#zh + 1] = unzh .. "SNAT " .. tostring(prev.src) .. " -> " .. tostring(h.src)
      end
      if prev.dst ~= h.dst then
        notes[#notes + 1] = un .. "DNAT " .. tostring(prev.dst) .. " -> " .. tostring(h.dst)
        zh[#zh + 1] = unzh .. "DNAT " .. tostring(prev.dst) .. " -> " .. tostring(h.dst)
      end
      h.nat = #notes > 0 or nil
    end
    if h.outer then
      notes[#notes + 1] = "in tunnel " .. h.outer
      zh[#zh + 1] = "在隧道里 " .. h.outer
    end
    if not h.src_mac and not h.outer then
      notes[#notes + 1] = "no MAC (layer 3 device)"
      zh[#zh + 1] = "没有 MAC（三层设备）"
    end
    h.note = table.concat(notes, "; ")
    h.note_zh = table.concat(zh, "；")
    last[h.kind] = h
  end
  return { from = from, dest = dest, ping = res, error = not res and msg or (res and res.error) or nil, hops = seen,
    blind = blind }
end

-- The places trace path could not watch whole (t.blind), one line each, in
-- LANG (default: the learner's): why its sightings may be missing.
function M.blind_lines(t, lang)
  local zh = (lang or i18n.lang) == "zh"
  local function W(en, zhs) return zh and zhs or en end
  local out = {}
  for _, b in ipairs(t.blind or {}) do
    local place = b.ns .. "/" .. b.dev
    if b.lost then
      out[#out + 1] = W("not watched whole: " .. place .. " lost " .. b.lost .. " frames (its capture ring was full); " ..
        "sightings there may be missing",
        "没有完整看到：" .. place .. " 丢了 " .. b.lost .. " 个帧（抓包环形缓冲区满了）；那里的记录可能不全")
    else
      out[#out + 1] = W("not watched: " .. place .. ": " .. b.why, "没有看到：" .. place .. "：" .. b.why)
    end
  end
  return out
end

-- the trace table's words in the learner's language (the data keep English)
local KIND_ZH = { request = "请求", reply = "应答", ["ttl exceeded"] = "TTL 超时", unreachable = "不可达" }
local HEAD_ZH = { ["#"] = "#", ["+us"] = "+us", where = "位置", dir = "方向", ["src MAC"] = "源 MAC",
  ["dst MAC"] = "目的 MAC", ["src IP"] = "源 IP", ["dst IP"] = "目的 IP", TTL = "TTL", ICMP = "ICMP", note = "说明" }

-- one row: cells padded to widths (display columns), the last one as it is
local function row(cells, widths)
  local out = {}
  for i, c in ipairs(cells) do
    out[i] = widths[i] and i18n.pad(c, widths[i]) or tostring(c)
  end
  return table.concat(out, " ")
end

function M.print_trace(ctx, t)
  local zh = i18n.lang == "zh"
  if zh then
    ctx:outln(string.format("一个 ping 从 %s 到 %s 的路径（%d 处看到）：", short_ns(t.from), t.dest, #t.hops))
  else
    ctx:outln(string.format("path of one ping from %s to %s (%d sightings):", short_ns(t.from), t.dest, #t.hops))
  end
  -- the MAC columns only on a terminal wide enough for them (124 columns):
  -- the table fits 80 columns without them
  local cols = require("netlearn.repl").columns()
  if zh then
    local wide = cols and cols >= 124
    local heads = wide and { "#", "+us", "where", "dir", "src MAC", "dst MAC", "src IP", "dst IP", "TTL", "ICMP", "note" }
      or { "#", "+us", "where", "dir", "src IP", "dst IP", "TTL", "ICMP", "note" }
    -- (the direction column one wider: two Chinese columns are never one space apart)
    local widths = wide and { 3, 9, 20, 5, 17, 17, 15, 15, 3, 8 } or { 2, 6, 16, 5, 15, 15, 3, 8 }
    local h2 = {}
    for i, h in ipairs(heads) do h2[i] = HEAD_ZH[h] end
    ctx:outln((row(h2, widths):gsub("%s+$", "")))
    for k, h in ipairs(t.hops) do
      local cells = { tostring(k), tostring(h.us or 0), h.ns .. "/" .. h.dev, h.dir or "" }
      if wide then cells[#cells + 1] = h.src_mac or "-" cells[#cells + 1] = h.dst_mac or "-" end
      for _, c in ipairs({ h.src or "?", h.dst or "?", tostring(h.ttl or ""), KIND_ZH[h.kind] or h.kind,
        h.note_zh or h.note or "" }) do cells[#cells + 1] = c end
      ctx:outln((row(cells, widths):gsub("%s+$", "")))
    end
  elseif cols and cols >= 124 then
    ctx:outln(string.format("%-3s %-9s %-20s %-3s %-17s %-17s %-15s %-15s %-3s %-8s %s",
      "#", "+us", "where", "dir", "src MAC", "dst MAC", "src IP", "dst IP", "TTL", "ICMP", "note"))
    for k, h in ipairs(t.hops) do
      ctx:outln(string.format("%-3d %-9d %-20s %-3s %-17s %-17s %-15s %-15s %-3s %-8s %s",
        k, h.us or 0, h.ns .. "/" .. h.dev, h.dir or "", h.src_mac or "-", h.dst_mac or "-",
        h.src or "?", h.dst or "?", tostring(h.ttl or ""), h.kind, h.note or ""))
    end
  else
    ctx:outln(string.format("%-2s %-6s %-16s %-3s %-15s %-15s %-3s %-7s %s",
      "#", "+us", "where", "dir", "src IP", "dst IP", "TTL", "ICMP", "note"))
    for k, h in ipairs(t.hops) do
      ctx:outln(string.format("%-2d %-6d %-16s %-3s %-15s %-15s %-3s %-7s %s",
        k, h.us or 0, h.ns .. "/" .. h.dev, h.dir or "", h.src or "?", h.dst or "?",
        tostring(h.ttl or ""), h.kind, h.note or ""))
    end
  end
  for _, line in ipairs(M.blind_lines(t)) do ctx:outln(line) end
  if t.ping then
    local r = t.ping
    if r.error then
      ctx:outln("ping: ", r.error)
    elseif (r.received or 0) > 0 then
      ctx:outln(L("the reply came back (ttl=", "应答回来了（ttl="), r.ttl or "?", L(")", "）"))
    else
      ctx:outln(L("no reply came back", "没有收到应答"))
    end
  end
end

function M.trace(args, ctx, name)
  local a = args
  if name == "trace" then
    if a[1] == nil then
      bad(L("trace: a subcommand is needed: trace path FROM DEST", "trace：需要子命令：trace path 起点 目的地址"),
        L("hint: trace path ns1 10.1.8.10 follows one ping through the lab", "提示：trace path ns1 10.1.8.10 跟踪一个 ping 穿过实验环境"), 2)
    end
    if a[1] ~= "path" then
      bad(L("trace: unknown subcommand '", "trace：没有这个子命令 '") .. tostring(a[1]) .. "'",
        L("hint: trace path FROM DEST, e.g. trace path container1 192.168.0.2 (FROM is a namespace or 'host')",
          "提示：trace path 起点 目的地址，例如 trace path container1 192.168.0.2（起点是一个命名空间或 'host'）"), 2)
    end
    a = { table.unpack(a, 2) }
  end
  if #a ~= 2 then
    bad(L("trace path: give FROM (a namespace or 'host') and DEST (an address)",
      "trace path：要给出起点（一个命名空间或 'host'）和目的地址"), L("hint: ", "提示：") .. "trace path ns1 10.1.8.10", 2)
  end
  local from, dest = a[1], a[2]
  if from == "host" then from = "" end
  if from ~= "" and not net.ns_exists(from) then
    bad("trace path: " .. from .. L(": no such namespace", "：没有这个命名空间"),
      L("hint: 'ip netns' lists them; 'host' is the sandbox's own", "提示：'ip netns' 列出它们；'host' 是沙箱自己的命名空间"), 1)
  end
  if not dest:match("^%d+%.%d+%.%d+%.%d+$") then
    bad("trace path: " .. dest .. L(": not an IPv4 address", "：不是 IPv4 地址"),
      L("hint: the lab has no DNS: trace path ns1 10.1.8.10", "提示：实验环境里没有 DNS：trace path ns1 10.1.8.10"), 1)
  end
  local t = M.path_trace(from, dest)
  M.last_trace = t
  if ctx.results then ctx.results[#ctx.results + 1] = { kind = "pathtrace", result = t } end
  M.print_trace(ctx, t)
  return (t.ping and (t.ping.received or 0) > 0) and 0 or 1
end

M.help_trace = [[
trace path FROM DEST      (or: pathtrace FROM DEST)
  Captures on every interface of every namespace, sends one ping from FROM
  (a namespace, or 'host') to DEST, and prints every place the request and
  the reply were seen, in time order: namespace/device, direction, MACs, IPs,
  TTL, the outer header of an IPIP tunnel, and NAT rewrites between sightings.
  This is the table the IPIP and Docker articles draw by hand.
  From Lua: require("netlearn.cmd.lab").path_trace("ns1", "10.1.8.10").hops
Example:
  trace path container1 192.168.0.2]]

commands.register("jobs", { summary = "list background jobs (tcpdump, http servers)", help = "jobs\n  lists background jobs: [N]+  Running  tcpdump -i veth1 -n &\nExample:\n  jobs", run = M.jobs })
commands.register("kill", { summary = "stop a background job: kill %1", help = "kill %N [...]\n  stops background job N (see 'jobs')\nExample:\n  kill %1", run = M.kill })
commands.register("fg", { summary = "bring a background job to the foreground (Ctrl-C stops it)", help = "fg [%N]\n  shows job N's output until Ctrl-C, then stops it\nExample:\n  fg %1", run = M.fg })
commands.register("ns", { summary = "switch the shell to a namespace: ns net1 / ns host", help = "ns [NAME|host]\n  commands then act inside NAME (the prompt shows it); 'ns' alone prints the current one\nExamples:\n  ns container1\n  ns host", run = M.ns })
commands.register("reset", { summary = "delete the whole lab and start again", help = "reset\n  deletes every namespace, empties the host namespace (links, routes, NAT/filter rules),\n  stops background jobs and puts back the sysctls the session changed\nExample:\n  reset", run = M.reset })
-- (commands.prepare: the capture rings of every device that is up, ahead)
commands.register("trace", { summary = "follow one ping through the lab: trace path ns1 10.1.8.10", help = M.help_trace,
  run = function(a, ctx) return M.trace(a, ctx, "trace") end, prepare = function() M.path_warm() end })
commands.register("pathtrace", { help = M.help_trace, run = function(a, ctx) return M.trace(a, ctx, "pathtrace") end,
  prepare = function() M.path_warm() end })
-- jobs, fg, trace only look at the lab (commands.looks); kill may stop a server
for _, n in ipairs({ "jobs", "fg", "trace", "pathtrace" }) do commands.registry[n].looks = true end

-- a lesson never waits on a job: fg waits until Ctrl-C
commands.registry.fg.lesson = function()
  return "'fg' waits for a job until Ctrl-C, and a lesson runs unattended (leave the job in the background; " ..
    "'kill %N' stops it)"
end

return M
