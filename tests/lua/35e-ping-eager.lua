#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/lua/35e-ping-eager.lua: net.ping's `eager` (a typed ping under
-- `netlearn check`: docs/performance.md, "typed pings under check"): the next
-- echo leaves as soon as every echo has its echo reply; an error (here the
-- router's Time Exceeded, which the kernel rate-limits) keeps the interval;
-- with eager_silence (a run under 1 s) a silence ends once the lab is quiet,
-- unless a rate limit held an ICMP error back.
-- A typed ping is eager only under check; in a session it keeps iputils' pace.
-- Only bounds the interval itself fixes are asserted (1 s per gap when kept).
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lab = dofile(os.getenv("TESTLIB") .. "/probe_lab.lua")
local net = require("netlearn.core")
lab.build()

local r = assert(net.ping("net1", "10.0.2.2", { count = 3 }))
t.is(r.received, 3, "three replies, the usual pace")
t.ok(r.time >= 1990, "two gaps of 1 s (" .. r.time .. " ms)")

local seqs = {}
r = assert(net.ping("net1", "10.0.2.2", { count = 3, eager = true,
  on_event = function(ev) if ev.type == "reply" then seqs[#seqs + 1] = ev.seq end end }))
t.is(r.sent, 3, "eager: 3 sent")
t.is(r.received, 3, "eager: 3 received, no loss")
t.is(table.concat(seqs, " "), "1 2 3", "each reply to its own echo, in order")
t.ok(r.time < 1000, "eager: the next echo once the last was answered, not a second later (" .. r.time .. " ms)")
t.ok(r.rtt_min and r.rtt_max and r.rtt_max >= r.rtt_min, "the times printed are the measured round trips")

r = assert(net.ping("net1", "10.0.2.2", { count = 2, eager = true, ttl = 1 }))
t.is(r.errors, 2, "ttl 1: the router answers both echoes with Time Exceeded")
t.ok(r.time >= 990, "an error keeps the interval: ICMP errors are rate-limited (" .. r.time .. " ms)")

-- eager_silence: past an echo nobody answers once the lab is proved quiet,
-- unless a rate limit held an ICMP error back (it lets one through a moment later)
local quiet = require("netlearn.quiet").plan(net)
local function silent(dest, o)
  local base = { count = 2, interval = 0.2, timeout = 0.2, eager = true, quiet = quiet }
  for k, v in pairs(o or {}) do base[k] = v end
  return assert(net.ping("net1", dest, base))
end
r = silent("10.0.2.99")
t.ok(r.sent == 2 and r.received == 0 and r.time >= 190, "eager alone: a silence keeps -i 0.2 (" .. r.time .. " ms)")
r = silent("10.0.2.99", { eager_silence = true })
t.ok(r.sent == 2 and r.received == 0 and r.errors == 0, "eager_silence: both echoes sent, none answered")
local snmp = io.open("/proc/net/snmp")
local counted = snmp and snmp:read("a"):find("OutRateLimitHost", 1, true)
if snmp then snmp:close() end
if counted then
  t.ok(r.time < 190, "and the second left once the lab was quiet, not after 0.2 s (" .. r.time .. " ms)")
else     -- before Linux 6.9 no counter says what a rate limit held back
  t.ok(r.time >= 190, "this kernel does not count rate-limited errors: the interval stays (" .. r.time .. " ms)")
end
r = assert(net.ping("net1", "10.0.2.2", { count = 10, interval = 0.002, ttl = 1, timeout = 0.2 }))
t.ok(r.errors >= 1 and r.errors < 10, "10 echoes with ttl 1 at once: the router's rate limit answers only some ("
  .. r.errors .. " Time Exceeded)")
r = silent("10.0.2.2", { eager_silence = true, ttl = 1 })
t.ok(r.received == 0 and r.errors == 0 and r.time >= 190,
  "a silence the rate limit made keeps the interval (" .. r.time .. " ms)")

-- the command: eager only under check (lesson.tap_mode)
local ping = require("netlearn.cmd.probes_ping")
local lesson = require("netlearn.lesson")
local opts = { count = 3 }
ping.checking_opts(opts, false)
t.is(opts.eager, nil, "a typed ping in a session keeps its pace")
t.is(opts.quiet, nil, "and waits its -W for a reply that does not come")
lesson.tap_mode = true
opts = { count = 1 }
ping.checking_opts(opts, false)
t.is(opts.eager_silence, nil, "one echo: nothing to send early past a silence")
opts = { count = 3 }
ping.checking_opts(opts, false)
t.is(opts.eager, true, "under check it is eager")
t.ok(type(opts.quiet) == "table", "and a quiet lab ends its wait for a reply that cannot come")
t.is(opts.eager_silence, nil, "but 3 echoes 1 s apart keep the interval past a silence")
opts = { count = 3, interval = 0.2 }
ping.checking_opts(opts, true)
t.is(opts.eager, true, "-i 0.2 for 3 echoes (0.4 s: no timer of the lab fires in between) is eager too")
t.is(opts.eager_silence, true, "also past a silence")
opts = { count = 6, interval = 0.2 }
ping.checking_opts(opts, true)
t.is(opts.eager, nil, "an interval the line asks for (-i) is kept when the run spans a second (1 s here)")
t.is(opts.eager_silence, nil, "and past a silence")
opts = { count = 2, interval = 1 }
ping.checking_opts(opts, true)
t.is(opts.eager, nil, "and -i 1 is kept")
opts = { count = 0, deadline = 2 }
ping.checking_opts(opts, false)
t.ok(opts.eager == nil and opts.quiet == nil, "a -w run is left as typed")
lesson.tap_mode = false
t.done()
