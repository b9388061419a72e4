#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/lua/35d-wait-stats.lua: NETLEARN_PROBE_STATS=1 counts every kind of
-- waiting of a lesson's check (issue 22; docs/performance.md, row 3), each
-- once: rings, resets, quiet proofs, fixed waits with their reasons, ping's
-- intervals. The lesson is tests/data/lessons/wait-stats.lua. No time is
-- asserted where the machine's load decides it, only counts and lower bounds
-- the probes' own timeouts fix.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local net = require("netlearn.core")
local nl = os.getenv("NETLEARN")
local lesson = os.getenv("TESTLIB") .. "/../data/lessons/wait-stats.lua"

local function check(env)
  local _, out = net.run("", { "sh", "-c", env .. " " .. nl .. " check " .. lesson .. " 2>&1" }, { capture = true })
  local kinds = {}
  local line = out:match("netlearn: probe stats: ([^\n]*)") or ""
  for name, s, n in line:gmatch("([%a ]+) ([%d.]+) s %((%d+)%)") do
    kinds[name:gsub("^ +", "")] = { s = tonumber(s), n = tonumber(n) }
  end
  local reasons = {}
  for s, n, why in out:gmatch("netlearn: probe stats: of which ([%d.]+) s %((%d+)%): ([^\n]*)") do
    reasons[why] = { s = tonumber(s), n = tonumber(n) }
  end
  return out, kinds, reasons
end

local out, k, why = check("NETLEARN_PROBE_STATS=1")
t.like(out, "ok 4 %- wait%-stats step 2", "the lesson passes")
t.unlike(out, "not ok", "every claim holds")
for _, name in ipairs { "settle", "answers", "captures", "intervals", "quiet proofs", "fixed waits", "rings", "resets" } do
  t.ok(k[name] ~= nil, "the stats line has the kind '" .. name .. "'")
end
local user, sys, rss = out:match("netlearn: probe stats: cpu: user ([%d.]+) s, system ([%d.]+) s, peak rss (%d+) KB\n")
t.ok(user and tonumber(user) + tonumber(sys) > 0, "and a line with the CPU time the process used", out)
t.ok(rss and tonumber(rss) > 1000, "and its peak RSS (" .. tostring(rss) .. " KB)")
t.is(k.resets and k.resets.n, 1, "one lab reset before the lesson, counted")
t.is(k.rings and k.rings.n, 2, "the capture claim's ring: opened and closed, each counted")
t.ok(k["quiet proofs"] and k["quiet proofs"].n > 0, "the negative claims end by the quiet proof, counted as such")
t.is(k["fixed waits"] and k["fixed waits"].n, 0, "with the proof on, no fixed wait")
t.is(next(why), nil, "and no reason row")
t.is(k.intervals and k.intervals.n, 0, "under check the typed ping -c 3 does not wait its intervals (eager)")
t.ok(k.answers and k.answers.s < 0.25, "and the typed ping that gets no reply does not wait its -W 0.3: the proof ends it")

-- typed in a session, a ping keeps iputils' pace: its interval is counted
local script = "ip netns add a; ip netns add b; ip link add va netns a type veth peer name vb netns b; " ..
  "ip -n a addr add 10.7.0.1/24 dev va; ip -n b addr add 10.7.0.2/24 dev vb; " ..
  "ip -n a link set va up; ip -n b link set vb up; ip netns exec a ping -c 2 10.7.0.2"
local _, o = net.run("", { "sh", "-c", "echo '" .. script .. "' | NETLEARN_PROBE_STATS=1 " .. nl .. " 2>&1" }, { capture = true })
local iv = tonumber(o:match("intervals ([%d.]+) s"))
t.ok(iv and iv >= 0.95, "a session's ping -c 2 waits its 1 s interval, counted as such (" .. tostring(iv) .. " s)")

out, k, why = check("NETLEARN_QUIET=0 NETLEARN_PROBE_STATS=1")
t.unlike(out, "not ok", "with the proof off the lesson passes too")
t.ok(k["fixed waits"] and k["fixed waits"].s >= 0.49, "not_reaches's fixed 0.5 s counts as a fixed wait")
t.ok(why["ping: the quiet proof is off (NETLEARN_QUIET=0)"] == nil and why["ping: the quiet proof is off"] ~= nil,
  "its reason row names why, without the device part")
t.ok(why["capture linger: the quiet proof is off"] and why["capture linger: the quiet proof is off"].s >= 0.3,
  "the capture's 0.3 s linger is an 'of which' row with its reason")
t.ok(k.captures and k.captures.s >= 0.29, "and that linger is counted once, under captures")

out = select(1, check(""))
t.unlike(out, "probe stats", "without NETLEARN_PROBE_STATS nothing is printed")
t.done()
