#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/lua/35e-ping-eager.lua: net.ping's `eager` (a typed ping under
-- `netlearn check`: docs/performance.md, "typed pings under check"): the next
-- echo leaves as soon as every echo has its echo reply; an error (here the
-- router's Time Exceeded, which the kernel rate-limits) keeps the interval.
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

-- the command: eager only under check (lesson.tap_mode)
local ping = require("netlearn.cmd.probes_ping")
local lesson = require("netlearn.lesson")
local opts = { count = 3 }
ping.checking_opts(opts, false)
t.is(opts.eager, nil, "a typed ping in a session keeps its pace")
t.is(opts.quiet, nil, "and waits its -W for a reply that does not come")
lesson.tap_mode = true
opts = { count = 3 }
ping.checking_opts(opts, false)
t.is(opts.eager, true, "under check it is eager")
t.ok(type(opts.quiet) == "table", "and a quiet lab ends its wait for a reply that cannot come")
opts = { count = 3, interval = 0.2 }
ping.checking_opts(opts, true)
t.is(opts.eager, true, "-i 0.2 for 3 echoes (0.4 s: no timer of the lab fires in between) is eager too")
opts = { count = 6, interval = 0.2 }
ping.checking_opts(opts, true)
t.is(opts.eager, nil, "an interval the line asks for (-i) is kept when the run spans a second (1 s here)")
opts = { count = 2, interval = 1 }
ping.checking_opts(opts, true)
t.is(opts.eager, nil, "and -i 1 is kept")
opts = { count = 0, deadline = 2 }
ping.checking_opts(opts, false)
t.ok(opts.eager == nil and opts.quiet == nil, "a -w run is left as typed")
lesson.tap_mode = false
t.done()
