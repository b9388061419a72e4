#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/87b-why-forwarding: IPv4 forwarding is decided per incoming interface
  (ip_route_input_slow checks IN_DEV_FORWARD(in_dev), i.e. net.ipv4.conf.DEV.forwarding;
  writing ip_forward sets every interface at that moment). On the Docker article's lab
  (containers on br0, the host's eth0 towards gw): with ip_forward 0 and only
  conf.br0.forwarding 1 the request is forwarded and the reply, arriving on eth0, is
  dropped; `why` must put the break on that reply hop, name the interface's sysctl and
  fix it. The real kernel is the oracle: real sysctl sets the values, real ping says
  whether it works, real iptables counters say which way the packets got through. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lib = dofile(os.getenv("TESTLIB") .. "/why_lab.lua")
local why = require("netlearn.why")

lib.docker(t)
lib.build(t, "ip netns exec gw ip route add 172.168.1.0/24 via 192.168.0.10")
local function broken(r) return r.broken and r.hops[r.broken] or {} end
local function real(ns, cmd)
  local out, code = t.nsh(ns, cmd)
  if code ~= 0 then t.diag(ns .. ": " .. cmd .. " -> " .. tostring(code) .. " " .. tostring(out)) end
  return out, code
end
local function real_ping(from, dest)
  for _ = 1, 2 do
    local _, code = t.nsh(from, "ping -c 1 -W 1 " .. dest)
    if code == 0 then return true end
  end
  return false
end
local function sysctl(ns, key)
  local out = real(ns, "sysctl -n " .. key)
  return (out or ""):match("%S+")
end
-- packets counted by the real iptables rule N of FORWARD/INPUT in ns
local function counter(ns, chain, n)
  local out = real(ns, "iptables -L " .. chain .. " -v -x -n --line-numbers")
  for line in (out or ""):gmatch("[^\n]+") do
    local num, pk = line:match("^%s*(%d+)%s+(%d+)")
    if tonumber(num) == n then return tonumber(pk) end
  end
  return nil
end

-- the kernel fact first: ip_forward writes every interface, each can change later
real("", "sysctl -w net.ipv4.ip_forward=0")
t.is(sysctl("", "net.ipv4.conf.br0.forwarding") .. sysctl("", "net.ipv4.conf.eth0.forwarding"), "00",
  "real sysctl: ip_forward=0 sets br0's and eth0's forwarding to 0")
real("", "sysctl -w net.ipv4.conf.br0.forwarding=1")
t.is(sysctl("", "net.ipv4.ip_forward") .. sysctl("", "net.ipv4.conf.br0.forwarding") ..
  sysctl("", "net.ipv4.conf.eth0.forwarding"), "010", "real sysctl: then conf.br0.forwarding=1 alone")

-- counters: what the host forwards from br0 and from eth0, what reaches gw
real("", "iptables -A FORWARD -i br0 -p icmp -j ACCEPT")
real("", "iptables -A FORWARD -i eth0 -p icmp -j ACCEPT")
real("gw", "iptables -A INPUT -p icmp -j ACCEPT")

-- 1. container1 -> gw: the request is forwarded (in on br0), the reply is not (in on eth0)
local worked = real_ping("container1", "192.168.0.2")
t.is(worked, false, "real ping container1 -> 192.168.0.2 fails")
t.ok((counter("", "FORWARD", 1) or 0) >= 1, "real counters: the host forwarded the request that came in on br0")
t.ok((counter("gw", "INPUT", 1) or 0) >= 1, "real counters: the request reached gw")
t.is(counter("", "FORWARD", 2), 0, "real counters: nothing that came in on eth0 was forwarded (the reply died there)")

local r = why.diagnose("container1", "192.168.0.2")
t.ok(not r.ok, "why predicts the failure", lib.text(r))
t.is(r.confirmed, true, "and its probe agrees")
t.is(broken(r).ns, "host", "broken in host")
t.is(broken(r).dir, "reply", "on the reply's way (the request got through)")
t.is(broken(r).what, "forward", "at forwarding")
t.like(broken(r).detail, "arrives on eth0", "the reply's incoming interface")
t.like(broken(r).detail, "net%.ipv4%.conf%.eth0%.forwarding=0", "names the interface's sysctl")
t.like(broken(r).detail, "only for br0", "and says which interface does forward")
t.is(r.fix, "sysctl -w net.ipv4.conf.eth0.forwarding=1", "fix: eth0's forwarding")
t.is(r.alt_fix, "sysctl -w net.ipv4.ip_forward=1", "or: ip_forward=1")
local fwd_br0
for i = 1, r.broken - 1 do
  local h = r.hops[i]
  if h.ns == "host" and h.what == "forward" and h.dir == "request" then fwd_br0 = h end
end
t.ok(fwd_br0 and fwd_br0.ok, "the request's forward hop in host is fine")
t.like(fwd_br0 and fwd_br0.detail, "net%.ipv4%.conf%.br0%.forwarding=1 %(ip_forward=0", "... and says br0's own value counts")

local zr = why.diagnose("container1", "192.168.0.2", { lang = "zh", probe = false })
t.like(broken(zr).detail, "net%.ipv4%.conf%.eth0%.forwarding=0", "zh: names the sysctl")
t.like(broken(zr).detail, "内核看的是包进来的那个接口", "zh: in Chinese")
local _, out = lib.run("why --lang zh container1 192.168.0.2")
t.like(out, "修复：sysctl %-w net%.ipv4%.conf%.eth0%.forwarding=1", "zh: the fix line")
t.like(out, "或者：sysctl %-w net%.ipv4%.ip_forward=1", "zh: the alternative")

-- 2. from gw's side the same interface breaks the request
r = why.diagnose("gw", "172.168.1.11")
t.is(real_ping("gw", "172.168.1.11"), false, "real ping gw -> 172.168.1.11 fails")
t.ok(not r.ok and broken(r).dir == "request" and broken(r).ns == "host" and broken(r).what == "forward",
  "gw -> container1: broken at the host's forwarding, on the request", lib.text(r))
t.is(r.fix, "sysctl -w net.ipv4.conf.eth0.forwarding=1", "the same fix")
t.is(r.confirmed, true, "the probe agrees")

-- the fix, typed into netlearn, makes both work (ip_forward still 0)
lib.apply(t, "sysctl -w net.ipv4.conf.eth0.forwarding=1")
t.is(sysctl("", "net.ipv4.ip_forward"), "0", "real sysctl: ip_forward is still 0")
t.is(real_ping("container1", "192.168.0.2"), true, "real ping container1 -> gw works")
r = why.diagnose("container1", "192.168.0.2")
t.ok(r.ok and r.confirmed, "why agrees: it works", lib.text(r))

-- 3. the other way round: only eth0 forwards, the request from br0 is dropped
real("", "sysctl -w net.ipv4.conf.br0.forwarding=0")
t.is(real_ping("container1", "192.168.0.2"), false, "real ping fails with br0's forwarding 0")
r = why.diagnose("container1", "192.168.0.2")
t.ok(not r.ok and broken(r).dir == "request" and broken(r).ns == "host" and broken(r).what == "forward",
  "broken at the host, on the request", lib.text(r))
t.like(broken(r).detail, "arrives on br0 .*net%.ipv4%.conf%.br0%.forwarding=0", "names br0's sysctl")
t.is(r.fix, "sysctl -w net.ipv4.conf.br0.forwarding=1", "fix: br0's forwarding")
t.is(r.confirmed, true, "the probe agrees")

-- 4. ip_forward=1, then one interface turned off: ip_forward=1 is not enough
real("", "sysctl -w net.ipv4.ip_forward=1")
real("", "sysctl -w net.ipv4.conf.eth0.forwarding=0")
t.is(sysctl("", "net.ipv4.ip_forward") .. sysctl("", "net.ipv4.conf.eth0.forwarding"), "10",
  "real sysctl: ip_forward 1, eth0 0")
t.is(real_ping("container1", "192.168.0.2"), false, "real ping fails")
r = why.diagnose("container1", "192.168.0.2")
t.ok(not r.ok and broken(r).dir == "reply" and broken(r).what == "forward", "broken at the reply's forwarding", lib.text(r))
t.like(broken(r).detail, "ip_forward=1 is not enough", "says ip_forward=1 is not enough")
t.is(r.fix, "sysctl -w net.ipv4.conf.eth0.forwarding=1", "fix: eth0's forwarding")
t.is(r.alt_fix, nil, "no ip_forward alternative (it is 1 already)")
t.is(r.confirmed, true, "the probe agrees")
lib.apply(t, r.fix)
t.is(real_ping("container1", "192.168.0.2"), true, "after the fix, real ping works")
r = why.diagnose("container1", "192.168.0.2")
t.ok(r.ok and r.confirmed, "and why agrees", lib.text(r))

-- 5. an interface with a dot in its name: sysctl writes the dot as '/'
lib.build(t, [[
ip netns add rt && ip netns add far
ip link add h.1 type veth peer name r.1 netns rt && ip link add r.2 type veth peer name f.1 netns far
ip link set r.2 netns rt
ip addr add 10.9.1.1/24 dev h.1 && ip link set h.1 up && ip route add 10.9.2.0/24 via 10.9.1.2
ip netns exec rt ip addr add 10.9.1.2/24 dev r.1 && ip netns exec rt ip link set r.1 up
ip netns exec rt ip addr add 10.9.2.1/24 dev r.2 && ip netns exec rt ip link set r.2 up
ip netns exec far ip addr add 10.9.2.2/24 dev f.1 && ip netns exec far ip link set f.1 up
ip netns exec far ip route add default via 10.9.2.1
ip netns exec rt sysctl -w net.ipv4.ip_forward=1
]])
real("rt", "sysctl -w net.ipv4.conf.r/1.forwarding=0")
t.is(real_ping("", "10.9.2.2"), false, "real ping through rt fails with conf.r/1.forwarding 0")
r = why.diagnose("host", "10.9.2.2")
t.ok(not r.ok and broken(r).ns == "rt" and broken(r).what == "forward", "broken at rt's forwarding", lib.text(r))
t.like(broken(r).detail, "arrives on r%.1 for 10%.9%.2%.2, but net%.ipv4%.conf%.r/1%.forwarding=0", "the sysctl named with '/'")
t.is(r.fix, "ip netns exec rt sysctl -w net.ipv4.conf.r/1.forwarding=1", "fix: that sysctl")
t.is(r.confirmed, true, "the probe agrees")
-- (netlearn's own sysctl command reads every '/' as a '.' and cannot take this
-- name yet; the fix is the real sysctl(8)'s syntax, so the real tool applies it)
local _, code = real("rt", (r.fix:gsub("^ip netns exec rt ", "")))
t.is(code, 0, "the fix runs with the real sysctl")
t.is(real_ping("", "10.9.2.2"), true, "real ping works after the fix")
t.done()
