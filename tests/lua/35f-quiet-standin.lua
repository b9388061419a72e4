#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/lua/35f-quiet-standin.lua: the quiet-lab proof across netlearn's
-- user-space ipip (docs/quiet-lab.md, "netlearn's own tunnel"): its pump is
-- watched (asleep in poll = holds no packet), so a negative claim across it
-- ends by the proof; a pump that is not asleep (stopped here with SIGSTOP,
-- the echo waiting in its socket) keeps the proof away, and the reply that
-- comes once it runs again is not missed. A TUN netlearn did not make still
-- keeps the fixed wait.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local net = require("netlearn.core")
local quiet = require("netlearn.quiet")
local function sh(cmd)
  local code, out, err = net.run("", { "/bin/sh", "-c", cmd }, { capture = true })
  if code ~= 0 then t.diag(cmd .. " -> " .. tostring(out) .. tostring(err)) end
  return code
end
assert(net.ns_add("h1")); assert(net.ns_add("h2"))
sh("ip link add e netns h1 type veth peer name e netns h2; ip -n h1 addr add 172.16.0.1/24 dev e; " ..
  "ip -n h2 addr add 172.16.0.2/24 dev e; ip -n h1 link set e up; ip -n h2 link set e up; " ..
  "ip -n h1 link set lo up; ip -n h2 link set lo up")
local p1 = assert(net.ipip_user_add("h1", { name = "tun0", ["local"] = "172.16.0.1", remote = "172.16.0.2" }))
local p2 = assert(net.ipip_user_add("h2", { name = "tun0", ["local"] = "172.16.0.2", remote = "172.16.0.1" }))
sh("ip -n h1 addr add 1.1.1.1/24 dev tun0; ip -n h1 link set tun0 up; " ..
  "ip -n h2 addr add 1.1.1.2/24 dev tun0; ip -n h2 link set tun0 up")

local f = assert(net.lab_quiet_facts())
t.is(f.user_hop, 0, "netlearn's own tunnels do not count as an unseen program")
t.is(f.pumped, 2, "their pumps are watched instead")
local q, why = quiet.plan(net)
t.ok(q ~= nil, "so a proof may be tried (" .. tostring(why) .. ")")

local function ping(timeout)
  return assert(net.ping("h1", "1.1.1.2", { count = 1, timeout = timeout, quiet = quiet.plan(net) }))
end
local r = ping(2)
t.is(r.received, 1, "a ping across the tunnel is answered")

net.run("h2", { "/bin/sh", "-c", "echo 1 > /proc/sys/net/ipv4/icmp_echo_ignore_all" })
r = ping(2)
t.is(r.received, 0, "the far end ignores pings: no reply")
t.ok(r.quiet == true, "and the lab was proved quiet across the pumps (" .. tostring(r.quiet_why) .. ")")
net.run("h2", { "/bin/sh", "-c", "echo 0 > /proc/sys/net/ipv4/icmp_echo_ignore_all" })

-- a pump that is not asleep may hold the echo: no proof until it sleeps again
for round = 1, 3 do
  assert(net.kill(p2, 19))                                     -- SIGSTOP
  local cont = net.run("", { "/bin/sh", "-c", "sleep 0.3; kill -CONT " .. p2 }, { background = true })
  r = ping(3)
  net.wait(cont)
  t.is(r.received, 1, "round " .. round .. ": the reply held by a stopped pump comes once it runs, and is not missed")
  t.ok(not r.quiet, "round " .. round .. ": no proof was made while the pump was stopped")
end
local w = { net.lab_quiet_wait { timeout = 2 } }
t.is(w[1], true, "the pumps asleep again: the lab is quiet")
assert(net.kill(p1, 19))
w = { net.lab_quiet_wait { timeout = 0.2 } }
t.is(w[1], false, "a stopped pump keeps the lab from being proved quiet")
t.like(tostring(w[2]), "user%-space tunnels busy", "and the wait says why")
t.is(quiet.why_words(w[2], "zh"), "实验环境没有安静下来（1 个用户态隧道正忙）", "in Chinese too")
assert(net.kill(p1, 18))

-- a pump whose device is deleted ends (a zombie until reaped): it holds nothing
sh("ip -n h2 link del tun0")
local gone = false
for _ = 1, 100 do
  local h = io.open("/proc/" .. p2 .. "/stat")
  local st = h and h:read("a") or ""
  if h then h:close() end
  if st == "" or st:match("%) ([ZX]) ") then gone = true break end
  net.sleep(0.02)
end
t.ok(gone, "deleting its TUN ends the pump")
w = { net.lab_quiet_wait { timeout = 2 } }
t.is(w[1], true, "an ended pump keeps no proof away")

-- a TUN made by someone else keeps the fixed wait
sh("ip -n h1 tuntap add mode tun name other; ip -n h1 link set other up")
f = assert(net.lab_quiet_facts())
t.is(f.user_hop, 1, "a TUN netlearn did not make is an unseen program")
t.is(quiet.plan(net), nil, "so no proof is tried")
t.done()
