#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/lua/35c-quiet-lab.lua: the quiet-lab proof (issue 22, docs/quiet-lab.md).
-- A negative result ends by the proof (the result says so: no timing is asserted)
-- and never hides a reply that does come: a first ping that needs ARP on every
-- hop, a reply held in a qdisc, an address added while an old INCOMPLETE entry
-- waits for its retransmit; wrong claims still fail. In the three-namespace lab
-- of tests/lib/probe_lab.lua, built with the real ip inside the sandbox.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lab = dofile(os.getenv("TESTLIB") .. "/probe_lab.lua")
local net = require("netlearn.core")
local quiet = require("netlearn.quiet")
local claims = require("netlearn.claims")
local zhtext = require("netlearn.zhtext")
local C = claims.kinds
lab.build()

local flush_neigh, check = lab.flush_neigh, lab.checker()

-- the facts of a veth lab: nothing holds a packet unseen
local f = assert(net.lab_quiet_facts())
t.ok(f.links >= 7, "the facts count the lab's links in every namespace (" .. f.links .. ")")
t.ok(f.softnet_backlog >= 0, "this kernel shows its CPUs' backlogs (/proc/net/softnet_stat column 12)")
t.is(f.workers, 0, "no macvlan or ipvlan: the kernel's work queue workers are not looked at")
local q, why = quiet.plan(net)
t.ok(q, "a veth lab can be proved quiet", why)
t.is(q and q.incomplete_ok, true, "no INCOMPLETE entry before the probe: one made by the probe may count as unanswered")
-- a device that is down passes nothing: a down tunnel (as the kernel's tunl0 in
-- every namespace where ipip is loaded) keeps no proof away; up, it does
lab.sh("router", "ip link add vxq0 type vxlan id 77 dstport 4789 dev r1")
q, why = quiet.plan(net)
t.ok(q, "a down vxlan in the lab: still proved quiet", why)
lab.sh("router", "ip link set vxq0 up")
q, why = quiet.plan(net)
t.ok(not q and tostring(why):find("vxq0", 1, true), "the same vxlan up: the fixed wait, naming it", why)
lab.sh("router", "ip link del vxq0")

-- first pings that need ARP on every hop, with the proof on: the reply is never cut off
local got, proved = 0, 0
for _ = 1, 20 do
  flush_neigh()
  local r = assert(net.ping("net1", "10.0.2.2", { count = 1, timeout = 0.5, quiet = quiet.plan(net) }))
  got = got + r.received
end
t.is(got, 20, "20 first pings across the router (ARP on both hops each time) all answered")
flush_neigh()
local ok, seen = check(C.reaches { from = "net2", to = "10.0.2.1" })
t.ok(ok, "reaches a neighbour that needs ARP first", seen)
ok, seen = check(C.not_reaches { from = "net1", to = "10.0.2.2" })
t.ok(not ok, "not_reaches of a reachable address fails", seen)

-- nobody answers: proved quiet, and said so
lab.sh("net2", "sysctl -qw net.ipv4.icmp_echo_ignore_all=1")
for _ = 1, 5 do
  local r = assert(net.ping("net1", "10.0.2.2", { count = 1, timeout = 0.5, quiet = quiet.plan(net) }))
  proved = proved + (r.quiet and 1 or 0)
  t.is(r.received, 0, "net2 ignores pings: no reply")
end
t.is(proved, 5, "each of those negatives ended by the quiet proof")
ok, seen = check(C.not_reaches { from = "net1", to = "10.0.2.2" })
t.ok(ok, "not_reaches of an address that ignores pings holds", seen)
t.like(seen, "the lab was quiet %d+ ms after the probe", "and its result says how it was proved: " .. tostring(seen))
ok, seen = check(C.reaches { from = "net1", to = "10.0.2.2" })
t.ok(not ok, "reaches of it fails (the mutation: a wrong claim)", seen)
t.like(seen, "quiet", "after one try proved quiet")
ok, seen = check(C.not_reaches { from = "net1", to = "10.0.2.2" }, "zh")
t.like(seen, "实验环境在探测后 %d+ 毫秒就安静了", "the words in Chinese")
t.is(#zhtext.problems(seen:match("实验.*")), 0, "Chinese typography of the words")
lab.sh("net2", "sysctl -qw net.ipv4.icmp_echo_ignore_all=0")

-- an address nobody has, on the link: the INCOMPLETE entry our probe made was asked at once
ok, seen = check(C.not_reaches { from = "net1", to = "10.0.1.77" })
t.ok(ok, "not_reaches of an address nobody on the link has", seen)
t.like(seen, "the lab was quiet", "proved quiet with the probe's own INCOMPLETE entry")

-- An INCOMPLETE entry made since the last change asked the lab as it is: a
-- later probe is proved quiet with it. After a change it waits for its
-- retransmit, which may now be answered: the address appears meanwhile.
lab.sh("net1", "ip neigh flush all")
net.ping("net1", "10.0.1.88", { count = 1, timeout = 0.05 })
local f = assert(net.lab_quiet_facts())
t.is(f.incomplete .. "/" .. f.incomplete_before, "1/0", "the failed ping's entry is INCOMPLETE, made after the last change")
ok, seen = check(C.not_reaches { from = "net1", to = "10.0.1.88" })
t.like(ok and seen, "the lab was quiet", "so a not_reaches right after it is proved quiet", seen)
lab.sh("router", "ip addr add 10.0.1.88/24 dev r1")
f = assert(net.lab_quiet_facts())
t.is(f.incomplete_before, 1, "after a change (a program run in the lab) that entry may get an answer")
ok, seen = check(C.reaches { from = "net1", to = "10.0.1.88" })
t.ok(ok, "an address added after a failed ARP is reached (the retransmit is waited for)", seen)
lab.sh("router", "ip addr del 10.0.1.88/24 dev r1")
-- the same, changed by netlearn's own netlink request (ip addr through libnl)
lab.sh("net1", "ip neigh flush all")
net.ping("net1", "10.0.1.89", { count = 1, timeout = 0.05 })
t.is(assert(net.lab_quiet_facts()).incomplete_before, 0, "a new INCOMPLETE entry, no change since")
assert(net.addr_add("router", "r1", "10.0.1.89/24"))
t.is(assert(net.lab_quiet_facts()).incomplete_before, 1, "net.addr_add is a change: the entry may get an answer now")
ok, seen = check(C.reaches { from = "net1", to = "10.0.1.89" })
t.ok(ok, "and the address is reached", seen)
assert(net.addr_del("router", "r1", "10.0.1.89/24"))
-- a sysctl written by netlearn is a change too (arp_ignore decides who answers)
lab.sh("net1", "ip neigh flush all")
net.ping("net1", "10.0.1.92", { count = 1, timeout = 0.05 })
t.is(assert(net.lab_quiet_facts()).incomplete_before, 0, "a new INCOMPLETE entry again")
assert(net.sysctl_set("router", "net.ipv4.conf.r1.arp_ignore", "0"))
t.is(assert(net.lab_quiet_facts()).incomplete_before, 1, "net.sysctl_set is a change")
-- a program in the background may change the lab at any moment
lab.sh("net1", "ip neigh flush all")
net.ping("net1", "10.0.1.90", { count = 1, timeout = 0.05 })
local pid = assert(net.run("net1", { "sleep", "5" }, { background = true }))
t.is(assert(net.lab_quiet_facts()).incomplete_before, 1, "while a program started in the background runs, every entry waits")
net.kill(pid, 9)
net.wait(pid)
net.ping("net1", "10.0.1.91", { count = 1, timeout = 0.05 })
f = assert(net.lab_quiet_facts())
t.is(f.incomplete .. "/" .. f.incomplete_before, "2/1", "once it has ended: only the entry made before its end waits")

-- An entry made before a change holds nothing of a probe that does not go
-- through it (neigh->used is stamped by every packet sent through an entry):
-- a probe elsewhere is proved quiet at once, not after that entry fails.
lab.sh("net1", "ip neigh flush all")
lab.sh("net2", "sysctl -qw net.ipv4.icmp_echo_ignore_all=1")
net.ping("net1", "10.0.1.93", { count = 1, timeout = 0.05 })
assert(net.sysctl_set("router", "net.ipv4.conf.r1.arp_ignore", "0"))
t.is(assert(net.lab_quiet_facts()).incomplete_before, 1, "a change: the failed ping's entry may get an answer now")
ok, seen = check(C.not_reaches { from = "net1", to = "10.0.2.2" })
t.like(ok and seen, "the lab was quiet", "a probe to another address does not wait for it", seen)
-- The probe's own echo waits in that entry: the proof waits until the entry
-- has asked again (its retransmit, about 1 s after it was made, meets the lab
-- as it is now), not until it fails (3 s).
local r = assert(net.ping("net1", "10.0.1.93", { count = 1, timeout = 2.5, quiet = quiet.plan(net) }))
t.ok(r.received == 0 and r.quiet, "a probe through it is proved quiet once the entry has asked again",
  r.quiet_why or (r.quiet and "quiet" or "waited"))
lab.sh("net2", "sysctl -qw net.ipv4.icmp_echo_ignore_all=0")

-- a reply held in a queue is seen as in flight (the mechanism, without the policy)
local _, code = lab.sh("router", "tc qdisc add dev r2 root netem delay 150ms")
if code == 0 then
  q, why = quiet.plan(net)
  t.ok(not q and why:find("netem", 1, true), "a netem qdisc keeps the fixed wait: " .. tostring(why))
  local r = assert(net.ping("net1", "10.0.2.2", { count = 1, timeout = 1, quiet = { settle = 0.002, stable = 2 } }))
  t.is(r.received, 1, "a reply 150 ms late in a qdisc still comes: the queue is seen")
  ok, seen = check(C.reaches { from = "net1", to = "10.0.2.2" })
  t.ok(ok, "reaches across the delaying qdisc", seen)
  lab.sh("net2", "sysctl -qw net.ipv4.icmp_echo_ignore_all=1")
  ok, seen = check(C.not_reaches { from = "net1", to = "10.0.2.2" })
  t.ok(ok and seen:find("waited the full 0.5 s: a qdisc delays packets on purpose (qdisc netem in router)", 1, true), "a negative there waits its timeout and says why", seen)
  lab.sh("net2", "sysctl -qw net.ipv4.icmp_echo_ignore_all=0")
  lab.sh("router", "tc qdisc del dev r2 root")
else
  t.ok(true, "# SKIP no netem in this kernel")
end

-- a token bucket holds the echo request until it has tokens again: the proof sees
-- the queue and waits for it (a big ping first empties the bucket; the small one
-- then waits about 10 ms in the queue)
_, code = lab.sh("router", "tc qdisc add dev r2 root tbf rate 64kbit burst 1550 latency 900ms")
if code == 0 then
  local late = 0
  for _ = 1, 3 do
    net.sleep(0.3)
    net.ping("net1", "10.0.2.2", { count = 1, size = 1480, timeout = 0.5 })
    local r = assert(net.ping("net1", "10.0.2.2", { count = 1, timeout = 0.5, quiet = quiet.plan(net) }))
    late = late + r.received
  end
  t.is(late, 3, "a request held by tbf is answered with the proof on, 3 of 3")
  lab.sh("router", "tc qdisc del dev r2 root")
else
  t.ok(true, "# SKIP no tbf in this kernel")
end

-- capture claims: the linger ends when quiet, and wrong ones still fail
lab.sh("net2", "sysctl -qw net.ipv4.icmp_echo_ignore_all=1")
local exec_lab = { net = net, lang = "en", exec = function(line)
  local ns, a = line:match("^ping (%S+) (%S+)$")
  net.ping(ns, a, { count = 1, timeout = 0.2 })
  return true, ""
end }
ok, seen = claims.check(C.capture { ns = "net2", dev = "v2", filter = "icmp", during = "ping net1 10.0.2.2",
  shows = { icmp = "echo request" }, none = { icmp = "echo reply" } }, exec_lab)
t.ok(ok, "capture: the request shows, no reply", seen)
ok, seen = claims.check(C.capture { ns = "net2", dev = "v2", filter = "icmp", during = "ping net1 10.0.2.2",
  none = true }, exec_lab)
t.ok(not ok, "capture none = true while a ping crosses fails (a wrong claim)", seen)
lab.sh("net2", "sysctl -qw net.ipv4.icmp_echo_ignore_all=0")
ok, seen = claims.check(C.capture { ns = "net2", dev = "v2", filter = "icmp", during = "ping net1 10.0.2.2",
  none = { icmp = "echo reply" } }, exec_lab)
t.ok(not ok, "capture none = echo reply while net2 answers fails (a wrong claim)", seen)

-- the proof off: the fixed timeout, said so
quiet.on = false
lab.sh("net2", "sysctl -qw net.ipv4.icmp_echo_ignore_all=1")
ok, seen = check(C.not_reaches { from = "net1", to = "10.0.2.2" })
t.ok(ok and seen:find("waited the full 0.5 s", 1, true), "NETLEARN_QUIET=0: the fixed wait", seen)
quiet.on = true

-- a macvlan hands broadcasts (ARP requests) on from a work item: the proof then
-- also needs the kernel's work queue workers idle (src/kworkers.c), and first
-- pings to a host behind it (the router's ARP request crosses that queue) are
-- all answered; an address nobody has behind it is proved quiet
assert(net.ns_add("net3"))
local _, mcode = lab.sh("net2", "ip link add mv3 link v2 netns net3 type macvlan mode bridge")
if mcode == 0 then
  lab.sh("net3", "ip addr add 10.0.2.3/24 dev mv3 && ip link set mv3 up && ip link set lo up && " ..
    "ip route add default via 10.0.2.1")
  q, why = quiet.plan(net)
  t.ok(q, "a lab with a macvlan can be proved quiet", why)
  local mf = assert(net.lab_quiet_facts())
  t.ok(mf.workers > 0 and mf.workers_idle <= mf.workers, "the facts count the kernel's work queue workers (" ..
    mf.workers .. ", " .. mf.workers_idle .. " idle)")
  if mf.workers_idle > 0 then
    t.ok(q and q.workers and q.incomplete_ok, "with a macvlan the proof looks at the workers too")
    local unbound = quiet.unbound_queue("macvlan", mf.kernel_major, mf.kernel_minor)
    t.is(q and q.workers, unbound and "unbound" or true, "... those of the unbound pools only where this kernel (" ..
      mf.kernel_major .. "." .. mf.kernel_minor .. ") queues a macvlan's broadcasts on an unbound work queue")
  else
    t.ok(q and not q.workers and q.incomplete_ok == false, "workers not seen idle: every neighbour entry resolved")
  end
  got = 0
  for _ = 1, 20 do
    flush_neigh { "net1", "router", "net2", "net3" }
    local r = assert(net.ping("net1", "10.0.2.3", { count = 1, timeout = 0.5, quiet = quiet.plan(net) }))
    got = got + r.received
  end
  t.is(got, 20, "20 first pings to a host behind a macvlan (ARP through its broadcast queue) all answered")
  lab.sh("net3", "sysctl -qw net.ipv4.icmp_echo_ignore_all=1")
  ok, seen = check(C.not_reaches { from = "net1", to = "10.0.2.3" })
  t.ok(ok, "not_reaches of a silent host behind the macvlan holds", seen)
  t.like(seen, "the lab was quiet", "and is proved quiet")
  ok, seen = check(C.not_reaches { from = "net1", to = "10.0.2.77" })
  t.like(ok and seen, "the lab was quiet", "an address nobody has behind the macvlan: proved quiet", seen)
  lab.sh("net3", "sysctl -qw net.ipv4.icmp_echo_ignore_all=0")
  ok, seen = check(C.not_reaches { from = "net1", to = "10.0.2.3" })
  t.ok(not ok, "not_reaches of the macvlan host that answers fails (a wrong claim)", seen)
else
  t.ok(true, "# SKIP no macvlan in this kernel")
end
assert(net.ns_del("net3"))

-- bad options of net.lab_quiet_wait (and so of a probe's quiet): one error
-- naming the field, nothing waited for
for _, bad in ipairs {
  { { settle = 0 }, "settle and settle_max in %(0, 1%] s" },
  { { stable = 0 }, "stable 1%-100" },
  { { timeout = 61 }, "timeout 0%-60 s" },
  { { since = -1 }, "since: a net.monotonic%(%) time, not later than now" },
  { { since = net.monotonic() + 10 }, "since: a net.monotonic%(%) time, not later than now" },
  { { since = "soon" }, "since" },
  { { workers = "percpu" }, "workers: true, or \"unbound\"" },
} do
  local okc, err = pcall(net.lab_quiet_wait, bad[1])
  t.ok(not okc and tostring(err):find(bad[2]), "lab_quiet_wait refuses " .. next(bad[1]) .. " = " ..
    tostring(select(2, next(bad[1]))), err)
end
local okq = pcall(net.ping, "net1", "10.0.2.2", { count = 1, timeout = 0.2, quiet = { settle = 2 } })
t.ok(not okq, "a probe's quiet with settle 2 s is refused too")

-- the policy on made-up facts: each place a packet waits unseen keeps the fixed
-- wait, named in both languages (whatever this kernel has)
local base = { links = 3, softnet_backlog = 0, cpus_missed = 0, incomplete = 0 }
for _, h in ipairs(quiet.HELD) do
  local facts = {}
  for k, v in pairs(base) do facts[k] = v end
  facts[h[1]], facts.first, facts.first_ns, facts.first_fact = 1, "dev0", "ns1", h[1]
  local p, en, zh = quiet.plan({ lab_quiet_facts = function() return facts end })
  t.ok(p == nil and en and zh and #zhtext.problems(zh) == 0, h[1] .. ": the fixed wait, and why: " .. tostring(en) .. " / " .. tostring(zh))
end
local function plan_of(facts) return quiet.plan({ lab_quiet_facts = function() return facts end }) end
local p = plan_of { links = 3, softnet_backlog = 0, cpus_missed = 0, incomplete = 0, macvlan = 1, workers = 30, workers_idle = 30 }
t.ok(p and p.workers and p.incomplete_ok, "a macvlan, the workers seen idle: the proof looks at them")
local mv = { links = 3, softnet_backlog = 0, cpus_missed = 0, incomplete = 0, macvlan = 1, workers = 30, workers_idle = 30 }
for _, c in ipairs { { 6, 1, "unbound" }, { 6, 18, "unbound" }, { 7, 0, "unbound" }, { 6, 0, true }, { 5, 15, true } } do
  mv.kernel_major, mv.kernel_minor = c[1], c[2]
  p = plan_of(mv)
  t.is(p and p.workers, c[3], "a macvlan on " .. c[1] .. "." .. c[2] .. ": workers = " .. tostring(c[3]))
end
mv.ipvlan = 1
p = plan_of(mv)
t.is(p and p.workers, true, "a macvlan and an ipvlan (system_wq, per-CPU) on 6.18: every worker")
mv.ipvlan, mv.kernel_major, mv.kernel_minor = nil, nil, nil
p = plan_of(mv)
t.is(p and p.workers, true, "a macvlan on a kernel whose version is not known: every worker")
p = plan_of { links = 3, softnet_backlog = 0, cpus_missed = 0, incomplete = 0, ipvlan = 1, workers = 0, workers_idle = 0 }
t.ok(p and not p.workers and p.incomplete_ok == false, "an ipvlan, no worker seen (hidepid): every entry resolved")
p = plan_of { links = 3, softnet_backlog = 0, cpus_missed = 0, incomplete = 0, workers = 30, workers_idle = 30 }
t.ok(p and not p.workers, "no macvlan or ipvlan: the workers are not looked at")
-- the facts are kept while the lab does not change (net.lab_changes), no
-- program runs in the background, for at most FACTS_TTL s; TCP and listen
-- facts are read every time
do
  local reads, changes, running, now = 0, 7, 0, 100
  local fake = { lab_changes = function() return changes, running end, monotonic = function() return now end,
    lab_quiet_facts = function(o)
      reads = reads + 1
      return { links = 3, softnet_backlog = 0, cpus_missed = 0, incomplete = 0, macvlan = reads > 1 and 1 or nil,
        workers = 30, workers_idle = 30, kernel_major = 6, kernel_minor = 18, tcp_open = o.tcp and 0 or nil }
    end }
  local p1 = quiet.plan(fake)
  local p2 = quiet.plan(fake)
  t.is(reads, 1, "no change: the second plan uses the facts kept")
  t.ok(p1 and p2 and not p2.workers, "... and plans the same")
  changes = 8
  local p3 = quiet.plan(fake)
  t.is(reads, 2, "a change to the lab: the facts are read again")
  t.is(p3 and p3.workers, "unbound", "... and the macvlan it brought is planned for")
  quiet.plan(fake, true)
  t.is(reads, 3, "a capture's plan (TCP sockets) reads them every time")
  running = 1
  quiet.plan(fake)
  quiet.plan(fake)
  t.is(reads, 5, "while a program runs in the background, every time")
  running = 0
  quiet.plan(fake)
  now = now + quiet.FACTS_TTL + 0.1
  quiet.plan(fake)
  t.is(reads, 7, "and after FACTS_TTL s")
end

local fk = { lab_quiet_facts = function() return { links = 3, softnet_backlog = -1, cpus_missed = 0, incomplete = 0 } end }
t.ok(quiet.plan(fk) == nil, "no backlog column (a kernel before 5.10): the fixed wait")
fk = { lab_quiet_facts = function(o) return { links = 3, softnet_backlog = 0, cpus_missed = 0, incomplete = 0, tcp_open = o.tcp and 1 or nil } end }
t.ok(quiet.plan(fk) ~= nil and quiet.plan(fk, true) == nil, "an open TCP connection keeps a capture's linger, not a ping's proof")
for _, w in ipairs { "0 in backlogs, 2 in qdiscs, 1 neighbours INCOMPLETE", "3 packets counted since the last look",
  "netlearn may not run on every CPU", "2 kernel workers busy", "a kernel worker ran since the last look" } do
  local en, zh = quiet.why_words(w, "en"), quiet.why_words(w, "zh")
  t.ok(en:find("quiet", 1, true) and zh:find("实验环境没有安静下来", 1, true) and #zhtext.problems(zh) == 0,
    "what was in flight, in both languages: " .. en .. " / " .. zh)
end
t.done()
