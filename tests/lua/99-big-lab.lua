#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local commands = require("netlearn.commands")
local machine = require("netlearn.machine")

local function run(line)
  local out = {}
  local ctx = commands.context({ stdout = function(s) out[#out + 1] = s end,
                                 stderr = function(s) out[#out + 1] = s end })
  local ok = commands.execute(line, ctx)
  return ok, table.concat(out)
end

-- a 200-host lab through the command lines: every line must work, and the
-- whole build must not grow with N squared (it took minutes before)
local N = 200
local bad
local c0 = os.clock()
assert(run("ip link add br0 type bridge"))
assert(run("ip link set br0 up"))
for i = 1, N do
  for _, l in ipairs({
    "ip netns add h" .. i,
    "ip link add vh" .. i .. " type veth peer name eth0 netns h" .. i,
    "ip link set vh" .. i .. " master br0 up",
    string.format("ip -n h%d addr add 10.0.%d.%d/16 dev eth0", i, i // 256, i % 256),
    "ip -n h" .. i .. " link set eth0 up" }) do
    local ok, out = run(l)
    if not ok then bad = bad or (l .. ": " .. out) end
  end
end
local cpu = os.clock() - c0
t.ok(not bad, "a " .. N .. "-host lab builds through netlearn's command lines", bad)
t.ok(cpu < 10, string.format("in little CPU time (%.2f s)", cpu))

-- the listing still names every veth's peer and its namespace
local links = net.link_list("")
local named, total = 0, 0
for _, l in ipairs(links) do
  if l.type == "veth" then
    total = total + 1
    if l.peer_ns == l.name:sub(2) and l.peer_name == "eth0" and l.master == "br0" then named = named + 1 end
  end
end
t.is(total, N, "the host lists all veths")
t.is(named, N, "each with its peer namespace, peer name and master")

-- link_get: one device, the same facts as the listing
local g = net.link_get("", "vh7")
t.is(g and g.peer_ns, "h7", "link_get names the peer namespace")
t.is(g and g.peer_name, "eth0", "and the peer")
t.is(g and g.master, "br0", "and the master")
local q = net.link_get("", "vh7", { peer = false })
t.ok(q and q.peer_ns == nil and q.master == "br0" and q.link_netnsid ~= nil, "peer=false skips the namespace search only")
local none, msg, errno = net.link_get("", "nosuch0")
t.ok(none == nil and errno == net.errno.ENODEV and msg:find("no such device"), "a missing device: nil, message, ENODEV")
local _, m2, e2 = net.link_get("nosuchns", "eth0")
t.ok(e2 == net.errno.ENOENT and m2:find("no such namespace"), "a missing namespace: ENOENT")
local _, m3 = net.link_get("", "vh7", { bogus = 1 })
t.like(m3, "unknown field 'bogus' %(known fields: peer%)", "an unknown option is refused")
t.ok(net.link_get("", "a-name-longer-than-15") == nil, "an over-long name is simply not there")

-- the ip command's errors are unchanged
local ok, out = run("ip link set nosuch0 up")
t.ok(not ok and out:find('Cannot find device "nosuch0"'), "ip link set on a missing device says so", out)
ok, out = run("ip link set vh1 master nosuchbr")
t.ok(not ok and out:find("Device does not exist"), "a missing master is refused", out)
ok, out = run("ip link add vh2 type veth peer name x0")
t.ok(not ok and out:find("File exists"), "an existing name is refused", out)
ok, out = run("ip link add newv type veth peer name eth0 netns h3")
t.ok(not ok and out:find("exists already in namespace h3"), "an existing peer name in the peer namespace is refused", out)
ok, out = run("ip -n h3 addr add 10.9.9.9/24 dev eth9")
t.ok(not ok and out:find('Cannot find device "eth9"'), "addr add on a missing device says so", out)

-- machines keep the message and errno of a failure
assert(run("ip netns add mach1"))
machine.set("mach1")
local r, mm, me = net.link_get("", "nosuch0")
machine.set(nil)
t.ok(r == nil and me == net.errno.ENODEV and type(mm) == "string", "under a machine a failure still has its message and errno")

-- reset puts back sysctls changed behind the commands' back (read from a
-- scratch namespace at reset time, not at start-up), and leaves nothing
local before = net.sysctl_get("", "net.ipv4.conf.all.arp_ignore")
net.sysctl_set("", "net.ipv4.conf.all.arp_ignore", before == "1" and "2" or "1")
local rok, rout = run("reset")
t.ok(rok, "reset works on the big lab", rout)
t.is(net.sysctl_get("", "net.ipv4.conf.all.arp_ignore"), before, "reset restores a sysctl set from Lua")
t.is(#net.ns_list(), 0, "reset leaves no namespace, not even its scratch one")
t.is(#net.link_list(""), 1, "and only lo in the host")

-- NETLEARN_PROBE_STATS=1 prints the probes' waiting at exit; unset, nothing
local nl = os.getenv("NETLEARN")
local script = "ip netns add a; ip netns add b; ip link add va type veth peer name vb netns b; " ..
  "ip link set va netns a; ip -n a addr add 10.7.0.1/24 dev va; ip -n b addr add 10.7.0.2/24 dev vb; " ..
  "ip -n a link set va up; ip -n b link set vb up; ip netns exec a ping -c 1 10.7.0.2"
local _, o1 = net.run("", { "sh", "-c", "echo '" .. script .. "' | NETLEARN_PROBE_STATS=1 " .. nl .. " 2>&1" }, { capture = true })
t.like(o1, "netlearn: probe stats: settle [%d.]+ s %(1%), answers [%d.]+ s %(%d+%), captures 0%.000 s %(0%)",
  "NETLEARN_PROBE_STATS=1 prints the waiting at exit")
local _, o2 = net.run("", { "sh", "-c", "echo '" .. script .. "' | " .. nl .. " 2>&1" }, { capture = true })
t.unlike(o2, "probe stats", "without it, nothing")
t.done()
