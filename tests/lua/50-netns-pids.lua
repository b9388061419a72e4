#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/50-netns-pids.lua -- `ip netns pids NAME` prints the PIDs of the
sandbox's processes living in that namespace (their /proc/PID/ns/net is the
namespace of /run/netns/NAME), as the real `ip netns pids` does: compared with it
for namespaces with none, one and three processes, then again after one ends. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local L = dofile(os.getenv("TESTLIB") .. "/ip_cmd.lua")
local net = require("netlearn.core")

for _, n in ipairs({ "p1", "p2", "p3" }) do t.is(L.nl("ip netns add " .. n), 0, "ip netns add " .. n) end
local started = {}
local function start(ns)
  local pid = net.run(ns, { "sleep", "30" }, { background = true })
  t.ok(math.type(pid) == "integer", "a sleep started in " .. ns)
  started[#started + 1] = pid
  -- the child enters the namespace after fork: wait until it is there (and
  -- has exec'ed sleep) before anything compares
  for _ = 1, 200 do
    local _, o = L.real("readlink /proc/" .. pid .. "/ns/net; cat /proc/" .. pid .. "/comm", ns)
    local _, mine = L.real("readlink /proc/self/ns/net", ns)
    if o:match("^[^\n]+") == mine:match("^[^\n]+") and o:find("\nsleep") then break end
    L.real("sleep 0.01")
  end
  return pid
end
local a = start("p1")
local b, c = start("p2"), start("p2")
start("p2")

local function same(ns, why)
  local st, got, err = L.nl("ip netns pids " .. ns)
  local rst, want = L.real("ip netns pids " .. ns)
  t.is(st, 0, "ip netns pids " .. ns .. " succeeds", err)
  t.is(got, want, "same PIDs as the real ip: " .. ns .. " (" .. why .. ")")
  return got
end
t.is(same("p1", "one sleep"), a .. "\n", "p1: exactly the sleep started there")
local p2 = same("p2", "three sleeps")
t.ok(p2:find("^" .. b .. "\n") and p2:find("\n" .. c .. "\n") and select(2, p2:gsub("\n", "")) == 3, "p2: its three sleeps")
t.is(same("p3", "none"), "", "p3: nothing")
-- the PID seen through `ip netns exec` too
local _, via = L.nl("ip netns exec p2 ip netns pids p1")
t.is(via, a .. "\n", "ip netns exec p2 ip netns pids p1 names p1's process")

net.kill(b); net.wait(b)
t.unlike(same("p2", "one ended"), "^" .. b .. "\n", "an ended process is gone from the list")

-- bad input
local before = L.digest()
for _, c2 in ipairs({ "ip netns pids nope", "ip netns pids", "ip netns pids p1 extra" }) do
  local s, o, e = L.nl(c2)
  t.ok(s ~= 0 and o == "" and e:match("^[^\n]+\nhint: [^\n]+\n?$"), "one error and a hint: " .. c2, e)
  if c2 ~= "ip netns pids p1 extra" then
    local rs, ro = L.real(c2 .. " 2>&1 >/dev/null")
    t.is(e:match("^[^\n]*"), ro:match("^[^\n]*"), "the real ip's words: " .. c2)
    t.is(s, rs, "the real ip's status: " .. c2)
  end
end
t.is(L.digest(), before, "nothing changed")
for _, p in ipairs(started) do if p ~= b then net.kill(p); net.wait(p) end end
t.done()
