--[[ netlearn.quiet -- when a probe that got no answer may stop waiting: the
policy of the "quiet lab" proof (docs/quiet-lab.md; the mechanism is C's,
src/quiet.c).

A lab of namespaces answers in microseconds, so a negative claim need not wait
a fixed timeout: once nothing of the lab is in flight (no CPU backlog, no qdisc
queue, no counter moving, every CPU seen outside a softirq), no reply can come.
That proof holds only where every place a packet can wait is visible. plan()
looks at the lab first and returns the options of net.ping's `quiet` (or of
net.lab_quiet_wait), or nil and why the fixed timeout is kept, in both
languages. NETLEARN_QUIET=0 turns the proof off (the old fixed waits; the bench
compares both).

  local q, why = quiet.plan(net)
  local r = net.ping(ns, to, { count = 1, timeout = 0.5, quiet = q })
  -- r.quiet == true: no reply, proved r.quiet_ms after the probe
]]
local M = {}

-- Time between two looks at the lab, and how many looks in a row must find
-- every queue empty with no counter moved. Soundness does not rest on these
-- (docs/quiet-lab.md: each look first runs on every CPU); they are a margin.
M.SETTLE = 0.002
M.STABLE = 2
-- A lab still busy is looked at less and less often, up to this interval (a
-- look costs up to a few ms of CPU on a loaded machine).
M.SETTLE_MAX = 0.05

-- Where a packet can wait unseen, in the order plan() looks: fact -> words.
M.HELD = {
  { "rt_kernel", "softirqs can be preempted on this kernel (PREEMPT_RT)", "这个内核（PREEMPT_RT）的软中断可以被抢占" },
  { "user_hop", "a program forwards packets (%s)", "有程序在转发包（%s）" },
  { "gro_cells", "a tunnel receives through a queue netlearn cannot see (%s)", "隧道经由一个看不到的队列收包（%s）" },
  { "veth_napi", "a veth with GRO on queues packets unseen (%s)", "开了 GRO 的 veth 会把包放进看不到的队列（%s）" },
  { "stp", "STP changes bridge ports with time (%s)", "STP 会随时间改变网桥端口状态（%s）" },
  { "delay_qdisc", "a qdisc delays packets on purpose (%s)", "有 qdisc 故意延迟包（%s）" },
  { "proxy_arp", "proxy ARP answers after a random delay (%s)", "代理 ARP 会随机延迟后才应答（%s）" },
}

-- Devices that hand broadcasts on later, from a work item (the kinds say so:
-- deferred_broadcast; src/quiet.c counts their devices). With one in the lab
-- a proof also needs every work queue worker of the kernel idle and none run
-- between two looks (workers = true: src/kworkers.c), or only those of the
-- unbound pools where every such kind in the lab queues on an unbound work
-- queue on this kernel (workers = "unbound"). Where the workers
-- cannot be seen, the older rule holds: every neighbour entry resolved
-- (incomplete_ok = false), since the broadcasts of a lab are ARP requests
-- and whoever sent one keeps an INCOMPLETE entry until it is answered or fails.
M.DEFERRED_BROADCAST = require("netlearn.kinds").names_where(function(k) return k.deferred_broadcast end)

-- on unless NETLEARN_QUIET=0 (the bench turns it off and on in one run)
M.on = os.getenv("NETLEARN_QUIET") ~= "0"
function M.enabled()
  return M.on
end

-- The options of a quiet wait for the lab as it is now, or nil, why (en), why
-- (zh). WITH_TCP: the claim looks at every packet (a capture), so a TCP
-- connection's own timers (delayed ACK, retransmit), which send later with
-- nothing queued, keep the fixed wait; a ping's answer does not depend on them.
-- WITH_LISTEN: the options carry listen_drops, the lab's count of SYNs that
-- listeners dropped for a full accept queue, for M.http_get.
-- The facts plan() reads (the lab's devices, what the kernel shows) change
-- only when the lab does: they are kept while net.lab_changes() counts no
-- change and no program started in the background runs, for at most
-- FACTS_TTL s (a change from outside netlearn, which nothing counts, is seen
-- by then). The TCP sockets and dropped SYNs are read every time they are
-- asked for: netlearn's own curl and servers open sockets without a change.
-- (A probe's cost, not its proof: each look of the proof reads the lab anew.)
M.FACTS_TTL = 1.0
local kept = nil          -- { net =, changes =, at =, facts = }
local function lab_facts(net, with_tcp, with_listen)
  if with_tcp or with_listen or not net.lab_changes then
    return net.lab_quiet_facts { tcp = with_tcp or false, listen = with_listen or false }
  end
  local changes, running = net.lab_changes()
  local now = net.monotonic()
  if kept and kept.net == net and kept.changes == changes and running == 0 and now - kept.at < M.FACTS_TTL then
    return kept.facts
  end
  local f, err = net.lab_quiet_facts { tcp = false, listen = false }
  kept = f and running == 0 and { net = net, changes = changes, at = now, facts = f } or nil
  return f, err
end

function M.plan(net, with_tcp, with_listen)
  if not M.enabled() then return nil, "the quiet proof is off (NETLEARN_QUIET=0)", "安静证明已关闭（NETLEARN_QUIET=0）" end
  local f, err = lab_facts(net, with_tcp, with_listen)
  if not f then return nil, tostring(err), tostring(err) end
  for _, h in ipairs(M.HELD) do
    if (f[h[1]] or 0) > 0 then
      -- name the device C found first when it set this fact, with its words
      for _, h1 in ipairs(M.HELD) do if h1[1] == f.first_fact then h = h1 end end
      local named = f.first_fact == h[1]
      local what, ns = named and f.first or h[1], named and f.first_ns or ""
      local en = ns ~= "" and (what .. " in " .. ns) or what
      local zh = ns ~= "" and (ns .. " 里的 " .. what) or what
      return nil, string.format(h[2], en), string.format(h[3], zh)
    end
  end
  if with_tcp and (f.tcp_open or 0) > 0 then
    return nil, string.format("%d TCP connections have timers of their own", f.tcp_open),
      string.format("有 %d 个 TCP 连接有自己的定时器", f.tcp_open)
  end
  if f.softnet_backlog < 0 then
    return nil, "this kernel does not show its backlogs (before 5.10)", "这个内核（5.10 之前）看不到积压队列"
  end
  if f.cpus_missed > 0 then
    return nil, "netlearn may not run on every CPU", "netlearn 不能在每个 CPU 上运行"
  end
  -- An INCOMPLETE entry made since the last change to the lab asked the lab as
  -- it is, at once (the kernel's immediate probe), and its answer is in:
  -- nobody has that address. One made before the change may be waiting for a
  -- retransmit that meets the changed lab: the proof waits for it (C tells
  -- which is which: quiet_note_before_probe). With a macvlan or ipvlan, a
  -- request may wait in their broadcast queue: the workers that empty it
  -- must be idle, or, where they cannot be seen, every entry resolved.
  local deferred, pools = false, "unbound"
  for _, k in ipairs(M.DEFERRED_BROADCAST) do
    if (f[k] or 0) > 0 then
      deferred = true
      if not M.unbound_queue(k, f.kernel_major, f.kernel_minor) then pools = true end
    end
  end
  local workers = deferred and (f.workers_idle or 0) > 0
  return { settle = M.SETTLE, settle_max = M.SETTLE_MAX, stable = M.STABLE,
           incomplete_ok = not deferred or workers, workers = workers and pools or nil,
           listen_drops = f.listen_drops }
end

-- Does kind NAME queue its broadcasts on an unbound work queue on kernel
-- MAJOR.MINOR (its description's deferred_broadcast.unbound_since)? Then only
-- the unbound pools' workers can hand them on: the per-CPU ones, which the
-- lab's own IPv6 work (MLD, DAD) keeps busy, need not be idle.
function M.unbound_queue(name, major, minor)
  local d = require("netlearn.kinds").get(name).deferred_broadcast
  local since = type(d) == "table" and d.unbound_since
  if not since or not major then return false end
  return major > since[1] or (major == since[1] and (minor or 0) >= since[2])
end

-- net.http_get with the quiet proof, where the lab allows it: a connect that
-- gets no answer ends once nothing is in flight, not at its timeout. A SYN
-- that a listener dropped for a full accept queue is the one answer that
-- comes later with the lab quiet (the client retransmits it after 1 s): when
-- the lab's ListenDrops moved during the proof, the connect is made again
-- with the full timeout. Returns what net.http_get returns; a proved timeout
-- has the ms of its proof as a fifth value.
function M.http_get(net, ns, url, opts)
  if type(opts) ~= "table" then return net.http_get(ns, url, opts) end
  local q = M.plan(net, false, true)
  if not q then return net.http_get(ns, url, opts) end
  local drops = q.listen_drops
  q.listen_drops = nil
  local o = {}
  for k, v in pairs(opts) do o[k] = v end
  o.quiet = q
  local r, err, errno, code, quiet_ms = net.http_get(ns, url, o)
  if r or not quiet_ms then return r, err, errno, code end
  local f = net.lab_quiet_facts { listen = true }
  if not f or f.listen_drops ~= drops then return net.http_get(ns, url, opts) end
  return r, err, errno, code, quiet_ms
end

-- What the last look found in flight (net.ping's quiet_why, C's words), for
-- the learner: the lab did not become quiet in time.
function M.why_words(why, lang)
  local zh = lang == "zh"
  local b, q, n = why:match("^(%-?%d+) in backlogs, (%d+) in qdiscs, (%d+) neighbours INCOMPLETE$")
  if b then
    return zh and string.format("实验环境没有安静下来（积压队列里 %s 个包，qdisc 里 %s 个，%s 个邻居条目 INCOMPLETE）", b, q, n)
      or string.format("the lab did not become quiet (%s)", why)
  end
  local pumps = why:match("^(%d+) user%-space tunnels busy$")
  if pumps then
    return zh and string.format("实验环境没有安静下来（%s 个用户态隧道正忙）", pumps)
      or string.format("the lab did not become quiet (%s)", why)
  end
  local workers = why:match("^(%d+) kernel workers busy$")
  if workers then
    return zh and string.format("实验环境没有安静下来（%s 个内核工作线程正忙）", workers)
      or string.format("the lab did not become quiet (%s)", why)
  end
  if why == "a kernel worker ran since the last look" then
    return zh and "实验环境没有安静下来（上次查看之后有内核工作线程运行过）"
      or string.format("the lab did not become quiet (%s)", why)
  end
  if why == "the kernel's work queue workers cannot be seen" then
    return zh and "无法证明实验环境已安静（看不到内核的工作队列线程）"
      or string.format("the lab could not be proved quiet (%s)", why)
  end
  local moved = why:match("^(%d+) packets counted since the last look$")
  if moved then
    return zh and string.format("实验环境没有安静下来（上次查看之后又数到 %s 个包）", moved)
      or string.format("the lab did not become quiet (%s)", why)
  end
  return zh and "实验环境没有安静下来" or ("the lab could not be proved quiet (" .. why .. ")")
end

-- A fixed wait's reason without the device it names, so that the waits of
-- one kind add up (NETLEARN_PROBE_STATS's "of which" rows, netlearn.waitstats)
function M.reason_key(why_en, quiet_why)
  if not why_en then return quiet_why and "the lab did not become quiet" or "no reason given" end
  return (why_en:gsub(" %(.*%)$", ""))
end

-- The words a negative probe's result adds: how the wait ended.
function M.words(r, why_en, why_zh, timeout, lang)
  local zh = lang == "zh"
  if r and r.quiet then
    return zh and string.format("实验环境在探测后 %.0f 毫秒就安静了：不会再有回复", r.quiet_ms)
      or string.format("the lab was quiet %.0f ms after the probe: no reply can come", r.quiet_ms)
  end
  local s = zh and string.format("等满了 %g 秒", timeout) or string.format("waited the full %g s", timeout)
  local why = zh and why_zh or why_en
  if not why and r and r.quiet_why then why = M.why_words(r.quiet_why, lang) end
  if why then s = s .. (zh and "：" or ": ") .. why end
  return s
end

return M
