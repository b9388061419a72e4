#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/86-why-docker: the Docker article's failures on its own lab (container1/2 on
  the host's br0, the host's eth0 towards a gateway 192.168.0.2): the missing
  MASQUERADE (requests leave with source 172.168.1.11, no reply comes back), a
  FORWARD policy of DROP, and the DNAT that works from outside but not from the
  host itself (PREROUTING only). Each fix, typed into netlearn, makes it work. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lib = dofile(os.getenv("TESTLIB") .. "/why_lab.lua")
local why = require("netlearn.why")
local net = require("netlearn.core")

lib.docker(t)
local function broken(r) return r.broken and r.hops[r.broken] or {} end

-- containers talk over the bridge; a container reaches the host
for _, c in ipairs({ { "container1", "172.168.1.12" }, { "container1", "192.168.0.10" }, { "container2", "172.168.1.1" } }) do
  local r = why.diagnose(c[1], c[2])
  t.ok(r.ok and r.confirmed, c[1] .. " -> " .. c[2] .. ": works, and the probe agrees", lib.text(r))
end
local r = why.diagnose("container1", "172.168.1.12")
t.like(r.hops[2].detail, "eth1@container1 → veth1@host → br0@host → veth2@host → eth2@container2",
  "the ARP hop names the wire through the bridge")

-- 1. container1 -> the gateway: no MASQUERADE, the gateway cannot answer 172.168.1.11
r = why.diagnose("container1", "192.168.0.2")
t.ok(not r.ok, "container1 -> 192.168.0.2: predicted to fail")
t.is(broken(r).ns, "gw", "broken at the gateway")
t.is(broken(r).dir, "reply", "... on the way back")
t.like(broken(r).detail, "172%.168%.1%.0/24", "... which does not know 172.168.1.0/24")
t.is(r.fix, "iptables -t nat -A POSTROUTING -s 172.168.1.0/24 -j MASQUERADE", "fix: the article's MASQUERADE")
t.is(r.alt_fix, "ip netns exec gw ip route add 172.168.1.0/24 via 192.168.0.10", "or a route on the gateway")
t.is(r.confirmed, true, "the probe confirms it")
local req_src
for _, h in ipairs(r.hops) do
  if h.ns == "host" and h.what == "route" and h.dir == "request" then req_src = h.detail end
end
t.like(req_src, "source 172%.168%.1%.11", "the request leaves the host with source 172.168.1.11, as the capture showed")
lib.apply(t, r.fix)
t.ok(lib.ping_ok("container1", "192.168.0.2"), "now container1 pings 192.168.0.2")
r = why.diagnose("container1", "192.168.0.2")
t.ok(r.ok and r.confirmed, "why agrees", lib.text(r))
local snat, unnat
for _, h in ipairs(r.hops) do
  if h.what == "nat" and h.detail:find("MASQUERADE: source 172.168.1.11 becomes 192.168.0.10", 1, true) then snat = true end
  if h.what == "nat" and h.dir == "reply" and h.detail:find("192.168.0.10 becomes 172.168.1.11 again", 1, true) then unnat = true end
end
t.ok(snat, "the walk shows the MASQUERADE")
t.ok(unnat, "and conntrack undoing it on the way back")

-- 2. Docker's FORWARD policy DROP
lib.apply(t, "iptables -P FORWARD DROP", "setting up the break")
r = why.diagnose("container1", "192.168.0.2")
t.is(broken(r).ns, "host", "FORWARD DROP: broken in the host")
t.is(broken(r).what, "filter", "... at the filter")
t.like(broken(r).detail, "policy DROP", "... the chain's policy")
t.is(r.fix, "iptables -P FORWARD ACCEPT", "fix: the article's iptables -P FORWARD ACCEPT")
t.is(r.confirmed, true, "the probe confirms it")
lib.apply(t, r.fix)
t.ok(lib.ping_ok("container1", "192.168.0.2"), "pings again")

-- 3. DNAT host:8888 -> container1:80, in PREROUTING only
local pid = assert(net.http_serve("container1", { port = 80 }))
lib.apply(t, "iptables -t nat -A PREROUTING -p tcp --dport 8888 -j DNAT --to-destination 172.168.1.11:80", "the article's DNAT")
r = why.diagnose("gw", "192.168.0.10:8888")
t.ok(r.ok, "from outside (gw), 192.168.0.10:8888 works", lib.text(r))
t.is(r.confirmed, true, "... and the connection agrees")
local dn
for _, h in ipairs(r.hops) do
  if h.ns == "host" and h.what == "nat" and h.detail:find("PREROUTING DNAT", 1, true) then dn = true end
end
t.ok(dn, "the walk shows the PREROUTING DNAT in the host")
r = why.diagnose("host", "192.168.0.10:8888")
t.ok(not r.ok, "from the host itself: predicted to fail")
t.is(broken(r).ns, "host", "broken in the host")
t.like(broken(r).detail, "only in PREROUTING", "... the DNAT is only in PREROUTING")
t.is(r.fix, "iptables -t nat -A OUTPUT -p tcp --dport 8888 -j DNAT --to-destination 172.168.1.11:80", "fix: the OUTPUT DNAT")
t.is(r.confirmed, true, "the connection is refused, as predicted")
local st, out = lib.run("curl -s -m 2 http://192.168.0.10:8888/")
t.ok(st ~= 0, "curl from the host fails before the fix", out)
lib.apply(t, r.fix)
st = lib.run("curl -s -m 2 http://192.168.0.10:8888/")
t.is(st, 0, "curl from the host works after the fix")
r = why.diagnose("host", "192.168.0.10:8888")
t.ok(r.ok and r.confirmed, "why agrees", lib.text(r))
st, out = lib.run("why --tcp host 192.168.0.10:8888")
t.like(out, "OUTPUT DNAT: destination 192.168.0.10:8888 becomes 172.168.1.11:80", "the command prints the OUTPUT DNAT")

-- 4. the matches why judges besides addresses and ports: -m state, -m multiport, -m mark
lib.apply(t, "iptables -I FORWARD -m state --state INVALID -m comment --comment junk -j DROP", "a -m state rule NEW packets pass")
lib.apply(t, "iptables -I FORWARD -p tcp -m multiport --dports 22,8000:8079 -j DROP", "a -m multiport rule port 80 passes")
lib.apply(t, "iptables -I FORWARD -m mark --mark 0x1/0xff -j DROP", "a -m mark rule unmarked packets pass")
r = why.diagnose("gw", "192.168.0.10:8888")
t.ok(r.ok, "the three rules that do not match leave the path open", lib.text(r))
lib.apply(t, "iptables -I FORWARD 2 -p tcp -m multiport --dports 79:81,443 -m comment --comment 'no web' -j DROP",
  "a -m multiport rule that matches port 80")
r = why.diagnose("gw", "192.168.0.10:8888")
t.ok(not r.ok and broken(r).what == "filter", "why sees the multiport DROP", lib.text(r))
t.like(broken(r).detail, "%-m multiport %-%-dports 79:81,443 %-m comment %-%-comment \"no web\" %-j DROP",
  "... and names it as iptables -S would")
t.is(r.fix, "iptables -D FORWARD 2", "fix: delete that rule")
t.is(r.confirmed, true, "the connection is dropped, as predicted")
lib.apply(t, r.fix)
lib.apply(t, "iptables -I FORWARD -m mark ! --mark 0x1/0xff -m state --state NEW,ESTABLISHED -j DROP",
  "a negated -m mark rule with -m state")
r = why.diagnose("gw", "192.168.0.10:8888")
t.ok(not r.ok and broken(r).what == "filter" and r.fix == "iptables -D FORWARD 1", "why sees ! --mark and the state", lib.text(r))
lib.apply(t, r.fix)
r = why.diagnose("gw", "192.168.0.10:8888")
t.ok(r.ok and r.confirmed, "open again", lib.text(r))
net.kill(pid)
t.done()
