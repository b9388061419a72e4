#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/lua/35-ping.lua: net.ping against iputils ping as the oracle, in a three-namespace lab.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lab = dofile(os.getenv("TESTLIB") .. "/probe_lab.lua")
local net = require("netlearn.core")
lab.build()

-- run the real ping in the background (output to a file) while ours runs
local function real_ping_bg(ns, args)
  local f = os.tmpname()
  local pid = net.run(ns, { "/bin/sh", "-c", "exec ping " .. args .. " >" .. f .. " 2>&1" }, { background = true })
  return function()
    local code = net.wait(pid)
    local h = io.open(f); local out = h:read("a"); h:close(); os.remove(f)
    return out, code
  end
end

-- reachable across one router
local events = {}
local r = net.ping("net1", "10.0.2.2", { count = 3, interval = 0.05, on_event = function(ev) events[#events + 1] = ev end })
local real = lab.sh("net1", "ping -c 3 -i 0.05 10.0.2.2")
t.ok(r, "ping 10.0.2.2 returns a result")
t.is(r.sent, 3, "3 sent")
t.is(r.received, tonumber(real:match("(%d+) received")), "received agrees with iputils (" .. real:match("%d+ received") .. ")")
t.is(r.ttl, tonumber(real:match("ttl=(%d+)")), "ttl agrees with iputils")
t.is(r.ttl, 63, "ttl=63 across one router")
t.is(r.loss, 0, "0% loss")
t.is(#r.replies, 3, "three replies")
t.is(r.replies[2].seq, 2, "replies carry icmp_seq")
t.is(r.replies[1].bytes, 64, "64 bytes (56 data + 8 ICMP header)")
t.is(r.replies[1].from, "10.0.2.2", "reply from the destination")
t.is(r.src, "10.0.1.2", "source address chosen by the route")
t.ok(r.rtt_min <= r.rtt_avg and r.rtt_avg <= r.rtt_max and r.rtt_mdev >= 0, "min <= avg <= max")
t.ok(r.rtt_max < 10, "sanity bound: rtt below 10 ms in the lab (" .. r.rtt_max .. " ms)")
t.ok(r.time < 500, "returns as soon as the last reply came (" .. r.time .. " ms)")
t.is(#events, 3, "on_event saw three events")
t.is(events[1].type, "reply", "event type reply")

-- a single ping answers fast, ARP included
r = net.ping("net2", "10.0.2.1", { count = 1 })
t.is(r.received, 1, "first ping (with ARP) answered")
t.ok(r.rtt_max < 10, "first ping rtt < 10 ms including ARP")

-- TTL exceeded
r = net.ping("net1", "10.0.2.2", { ttl = 1 })
real = lab.sh("net1", "ping -c 1 -t 1 10.0.2.2")
t.is(r.errors, 1, "ttl=1: one error")
t.is(r.unreachable[1] and r.unreachable[1].text, "Time to live exceeded", "Time to live exceeded")
t.like(real, "From " .. r.unreachable[1].from .. " icmp_seq=1 Time to live exceeded", "same From line as iputils")

-- the router has no route: Net Unreachable
r = net.ping("net2", "10.9.9.9")
real = lab.sh("net2", "ping -c 1 10.9.9.9")
t.is(r.errors, 1, "router without route: one error")
t.is(r.loss, 100, "100% loss")
t.like(real, "From " .. r.unreachable[1].from .. " icmp_seq=1 " .. r.unreachable[1].text, "iputils prints the same: " .. r.unreachable[1].text)

-- nobody answers behind the router: plain 100% loss after the timeout
local wait_real = real_ping_bg("net1", "-c 1 -W 1 10.0.2.99")
r = net.ping("net1", "10.0.2.99", { count = 1, timeout = 1 })
real = wait_real()
t.is(r.received, 0, "silent host: nothing received")
t.is(r.errors, 0, "silent host: no errors within 1 s")
t.is(r.loss, 100, "silent host: 100% loss")
t.like(real, "1 packets transmitted, 0 received, 100%% packet loss", "iputils agrees")

-- on the local link, ARP fails: Destination Host Unreachable from our own address
local timeouts = 0
wait_real = real_ping_bg("net1", "-c 2 -i 0.2 10.0.1.77")
r = net.ping("net1", "10.0.1.77", { count = 2, interval = 0.2, on_event = function(ev)
  if ev.type == "timeout" then timeouts = timeouts + 1 end end })
real = wait_real()
t.is(r.errors, 2, "ARP failure: two errors")
t.is(r.unreachable[1].text, "Destination Host Unreachable", "Destination Host Unreachable")
t.is(r.unreachable[1].from, "10.0.1.2", "From our own address")
t.like(real, "From 10.0.1.2 icmp_seq=2 Destination Host Unreachable", "iputils agrees")
t.like(real, "%+2 errors", "iputils counts +2 errors")
t.is(timeouts, 1, "seq 1 unanswered when seq 2 went out: one timeout event")

-- deadline: keeps sending until the deadline
r = net.ping("net1", "10.0.1.1", { count = 0, deadline = 0.5, interval = 0.1 })
t.ok(r.sent >= 4 and r.sent <= 6, "deadline 0.5 s at 0.1 s interval sends about 5 (" .. r.sent .. ")")
t.is(r.received, r.sent, "all answered")
r = net.ping("net1", "10.0.1.1", { count = 20, interval = 0.01 })
t.is(r.received, 20, "interval 0.01: 20 of 20")

-- on_event returning false stops
r = net.ping("net1", "10.0.1.1", { count = 10, interval = 0.01, on_event = function() return false end })
t.is(r.sent, 1, "on_event returning false stops the ping")

-- src and dev
r = net.ping("router", "10.0.2.2", { dev = "r2", src = "10.0.2.1" })
t.is(r.received, 1, "dev=r2 src=10.0.2.1 answered")
t.is(r.src, "10.0.2.1", "source as asked")

-- pattern: the payload bytes, repeated, as iputils ping -p (claims mark their probes so)
do
  local f = os.tmpname()
  local pid = net.run("router", { "/bin/sh", "-c", "exec timeout 5 tcpdump -c 1 -nn -x -i r1 icmp >" .. f .. " 2>&1" },
    { background = true })
  net.sleep(0.5)
  r = net.ping("net1", "10.0.2.2", { pattern = "AB", size = 16 })
  net.wait(pid)
  local h = io.open(f); local out = h:read("a"); h:close(); os.remove(f)
  t.is(r.received, 1, "a ping with a pattern is answered")
  t.like(out:gsub("%s+", " "), "4142 4142 4142 4142", "real tcpdump sees the pattern as the payload")
end
t.ok(not pcall(net.ping, "net1", "10.0.2.2", { pattern = "" }), "an empty pattern raises")
t.ok(not pcall(net.ping, "net1", "10.0.2.2", { pattern = string.rep("x", 17) }), "a pattern over 16 bytes raises")
t.ok(not pcall(net.ping, "net1", "10.0.2.2", { pattern = 7 }), "a pattern that is no string raises")

-- errors
net.run("", { "ip", "-n", "net1", "route", "del", "default" })
r = net.ping("net1", "10.0.2.2")
real = lab.sh("net1", "ping -c 1 10.0.2.2")
t.is(r.error, "connect: Network is unreachable", "no route: connect: Network is unreachable")
t.like(real, r.error, "iputils says the same")
t.is(r.sent, 0, "no route: nothing sent")
t.fails("SO_BINDTODEVICE eth9: No such device", "unknown dev", net.ping("net1", "10.0.1.1", { dev = "eth9" }))
t.like(lab.sh("net1", "ping -c 1 -I eth9 10.0.1.1"), "SO_BINDTODEVICE eth9: No such device", "iputils words for unknown dev")
t.fails("^bind: Cannot assign requested address", "src not ours", net.ping("net1", "10.0.1.1", { src = "10.0.9.9" }))
t.fails("not an IPv4 address", "bad address", net.ping("net1", "300.1.1.1"))
t.fails("^nosuch%.example: ", "unknown name", net.ping("net1", "nosuch.example"))
t.fails("no such namespace", "unknown namespace", net.ping("nowhere", "10.0.1.1"))
t.fails("bad number of packets", "negative count", net.ping("net1", "10.0.1.1", { count = -1 }))
t.fails("bad timing interval", "zero interval", net.ping("net1", "10.0.1.1", { interval = 0 }))
t.fails("out of range", "ttl 300", net.ping("net1", "10.0.1.1", { ttl = 300 }))
t.ok(not pcall(net.ping, "net1", "10.0.1.1", { count = "x" }), "count of the wrong type raises")
t.ok(not pcall(net.ping, "net1", {}), "a table as dest raises")
t.done()
