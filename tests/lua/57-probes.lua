#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/57-probes: ping and traceroute in netlearn print the lines iputils ping and
  traceroute print on the same lab (times aside), with the same exit statuses;
  curl's and nc's failures read like curl's and nc's; every probe leaves its
  result in ctx.results. Lab: host 10.0.0.1 -- n1 (router) -- 10.0.1.2 n2. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lib = dofile(os.getenv("TESTLIB") .. "/cmd_misc.lua")
local net = require("netlearn.core")

lib.veth_lab(t, { "n1", "n2" }, [[
ip -n n1 link add veth2 type veth peer name veth3 netns n2
ip -n n1 addr add 10.0.1.1/24 dev veth2
ip -n n1 link set veth2 up
ip -n n2 addr add 10.0.1.2/24 dev veth3
ip -n n2 link set veth3 up
ip -n n2 route add default via 10.0.1.1
ip route add 10.0.1.0/24 via 10.0.0.2
ip netns exec n1 sysctl -qw net.ipv4.ip_forward=1 net.ipv4.icmp_ratelimit=0
ip netns exec n2 sysctl -qw net.ipv4.icmp_ratelimit=0
]])
net.links_settle("") net.links_settle("n1") net.links_settle("n2")
t.sh("ping -c 1 -W 1 10.0.1.2 >/dev/null")     -- ARP warm-up for both

local function norm(s)
  s = s:gsub("time=[%d.]+ ms", "time=T ms")
  s = s:gsub("time %d+ms", "time Nms")
  s = s:gsub("rtt min/avg/max/mdev = [%d./]+ ms", "rtt min/avg/max/mdev = R ms")
  s = s:gsub("  [%d.]+ ms", "  T ms")
  return s
end

local cases = {
  "ping -c 2 -i 0.2 10.0.1.2",
  "ping 10.0.1.2 -c 1",
  "ping -c 1 -q 10.0.0.2",
  "ping -c 1 -s 100 10.0.0.2",
  "ping -c 2 -i 0.2 -W 1 10.0.0.9",
  "ping -c 1 172.16.1.1",
  "ping -c 1 -I veth0 10.0.0.2",
}
for _, line in ipairs(cases) do
  local st, out, e, ctx = lib.run(line)
  local rout, rc, rerr = t.nsh("", line)
  t.is(norm(out), norm(rout), line .. ": the lines iputils prints")
  t.is(e:match("^[^\n]*"), rerr:match("^[^\n]*"), line .. ": the same error line")
  t.is(st, rc, line .. ": exit status " .. rc)
  if rc ~= 2 then
    local r = ctx.results[#ctx.results]
    t.ok(r and r.kind == "ping" and r.result and r.result.sent >= 1, line .. ": the result is in ctx.results")
  end
end
-- the same in a namespace, as `ip netns exec n2 ping ...`
local st, out = lib.run("ip netns exec n2 ping -c 1 10.0.0.1")
t.is(norm(out), norm(t.nsh("n2", "ping -c 1 10.0.0.1")), "ip netns exec n2 ping: same lines")
t.is(st, 0, "and status 0")

for _, line in ipairs({ "traceroute -n 10.0.1.2", "traceroute -n -q 1 10.0.1.2", "traceroute -I -n 10.0.1.2" }) do
  local st2, out2 = lib.run(line)
  local rout, rc = t.nsh("", line)
  t.is(norm(out2), norm(rout), line .. ": the lines traceroute prints")
  t.is(st2, rc, line .. ": exit status")
end

local st3, _, e3 = lib.run("curl -m 2 10.0.0.2:81")
local _, rc, rerr = t.nsh("", "curl -m 2 10.0.0.2:81")
t.is(st3, rc, "curl to a closed port: curl's exit status (7)")
t.is(e3:match("curl: %(7%) Failed to connect to 10%.0%.0%.2 port 81 after"), rerr:match("curl: %(7%) Failed to connect to 10%.0%.0%.2 port 81 after"),
  "curl's words")
t.like(e3, "\nhint: ", "and a hint")
local st4, _, e4 = lib.run("nc -zv -w 1 10.0.0.2 81")
t.is(st4, 1, "nc -z to a closed port: status 1")
t.like(e4, "^nc: connect to 10%.0%.0%.2 port 81 %(tcp%) failed: Connection refused", "nc's words")
t.done()
