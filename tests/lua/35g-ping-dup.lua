#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/35g-ping-dup.lua -- a second answer to one echo request is a
duplicate: iputils prints it with "(DUP!)", counts it in "+N duplicates" (not in
received) and in the rtt statistics; netlearn's ping does the same, against the
real ping as the oracle. Two namespaces with the same address and MAC behind a
bridge that floods every frame (ageing_time 0: it learns no MAC) both answer
every request. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local cmdline = dofile(os.getenv("TESTLIB") .. "/cmdline.lua")
local net = require("netlearn.core")

local function ok(line)
  local st, _, err = cmdline.run(line)
  assert(st == 0, line .. ": " .. tostring(err))
end
for _, l in ipairs({ "ip link add br0 type bridge", "ip link set br0 up", "ip addr add 10.0.0.1/24 dev br0",
  "ip netns add b", "ip netns add c" }) do ok(l) end
local _, code = t.sh("ip link set br0 type bridge ageing_time 0")
assert(code == 0, "real ip: bridge ageing_time 0")
for _, ns in ipairs({ "b", "c" }) do
  ok("ip link add v" .. ns .. " type veth peer name e1 netns " .. ns)
  ok("ip link set v" .. ns .. " master br0 up")
  ok("ip -n " .. ns .. " link set e1 address 02:00:00:00:00:02")
  ok("ip -n " .. ns .. " addr add 10.0.0.2/24 dev e1")
  ok("ip -n " .. ns .. " link set e1 up")
end

-- the real ping: its last duplicate may come after it has ended, so the counts are
-- compared as "at least one", the lines' shape exactly
local real = t.sh("ping -c 3 -i 0.2 10.0.0.2")
t.like(real, "icmp_seq=1 ttl=64 time=[%d.]+ ms %(DUP!%)\n", "iputils marks the second answer (DUP!)")
t.like(real, "3 packets transmitted, 3 received, %+%d duplicates, 0%% packet loss", "and counts it apart")

local st, out = cmdline.run("ping -c 3 -i 0.2 10.0.0.2")
t.is(st, 0, "netlearn's ping: status 0")
t.like(out, "icmp_seq=1 ttl=64 time=[%d.]+ ms %(DUP!%)\n", "netlearn marks the second answer (DUP!)")
t.like(out, "3 packets transmitted, 3 received, %+%d duplicates, 0%% packet loss", "and counts it apart")
local marked = select(2, out:gsub("%(DUP!%)", ""))
t.is(tonumber(out:match("%+(%d+) duplicates")), marked, "every duplicate counted is a line marked (DUP!)")

local r = net.ping("", "10.0.0.2", { count = 2, interval = 0.2 })
t.is(r.received, 2, "net.ping: received counts each seq once")
t.ok(r.duplicates >= 1, "net.ping: duplicates counted (" .. tostring(r.duplicates) .. ")")
t.is(#r.replies, 2, "net.ping: replies lists the first answers only")
t.ok(r.rtt_min <= r.rtt_avg and r.rtt_avg <= r.rtt_max, "net.ping: rtt statistics over every answer")
t.done()
