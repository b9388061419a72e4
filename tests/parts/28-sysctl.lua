-- tests/28-sysctl.t (Lua part): sysctls through /proc/sys inside each namespace, checked with the real sysctl
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local net = require("netlearn.core")

for _, n in ipairs({ "a", "b" }) do assert(net.ns_add(n)) end
local function real(ns, name) return (t.nsh(ns, "sysctl -n " .. name):gsub("%s+$", "")) end

-- 1. get: the same as sysctl -n inside the namespace
t.is(net.sysctl_get("a", "net.ipv4.ip_forward"), real("a", "net.ipv4.ip_forward"), "get ip_forward == sysctl -n")
t.is(net.sysctl_get("a", "net/ipv4/ip_forward"), "0", "slash form")
t.is(net.sysctl_get("a", "/proc/sys/net/ipv4/ip_forward"), "0", "full /proc/sys path")
t.is(net.sysctl_get("a", "net.ipv4.ip_local_port_range"), real("a", "net.ipv4.ip_local_port_range"), "two-number value, tab kept")

-- 2. set changes one namespace only
t.ok(net.sysctl_set("a", "net.ipv4.ip_forward", "1"), "set ip_forward=1 in a")
t.is(real("a", "net.ipv4.ip_forward"), "1", "sysctl in a sees 1")
t.is(real("b", "net.ipv4.ip_forward"), "0", "sysctl in b still sees 0")
t.is(net.sysctl_get("b", "net.ipv4.ip_forward"), "0", "get in b: 0")
t.is(net.sysctl_get(nil, "net.ipv4.ip_forward"), real("", "net.ipv4.ip_forward"), "the sandbox's own namespace: its own value")
t.ok(net.sysctl_set("a", "net/ipv4/ip_forward", 0), "set with a number and the slash form")
t.is(real("a", "net.ipv4.ip_forward"), "0", "sysctl in a sees 0 again")

-- 3. the sandbox's own ("host") namespace; the sh part checks the machine did not move
local m = os.getenv("MACHINE_IP_FORWARD") or "0"
local flip = m == "1" and "0" or "1"
t.ok(net.sysctl_set(nil, "net.ipv4.ip_forward", flip), "set ip_forward=" .. flip .. " in the sandbox's own namespace")
t.is(real("", "net.ipv4.ip_forward"), flip, "sysctl in the sandbox sees it")
t.is(net.sysctl_get("a", "net.ipv4.ip_forward"), "0", "namespace a unaffected")

-- 4. per-device sysctls, names with a dot in them (sysctl writes that dot as '/')
t.nsh("a", "ip link add v.1 type veth peer name v.2")
t.is(net.sysctl_get("a", "net.ipv4.conf.v/1.forwarding"), "0", "device name with a dot: net.ipv4.conf.v/1.forwarding")
t.ok(net.sysctl_set("a", "net.ipv4.conf.v/1.rp_filter", "2"), "set rp_filter of v.1")
t.is(real("a", "net.ipv4.conf.v/1.rp_filter"), "2", "sysctl agrees (same name)")
t.is(net.sysctl_get("a", "net/ipv4/conf/v.1/rp_filter"), "2", "slash form keeps the dot")
t.fails("No such file", "that device is not in b", net.sysctl_get("b", "net.ipv4.conf.v/1.rp_filter"))

-- 5. list
local function real_list(ns, regex)
  local out = t.nsh(ns, "sysctl -a -r '" .. regex .. "' 2>/dev/null")
  local res = {}
  for name, value in out:gmatch("([^\n]-) = ([^\n]*)") do res[#res + 1] = name .. "=" .. value end
  table.sort(res)
  return table.concat(res, "\n")
end
local function mine(list)
  local res = {}
  for _, e in ipairs(list) do res[#res + 1] = e.name .. "=" .. e.value end
  table.sort(res)
  return table.concat(res, "\n")
end
t.is(mine(assert(net.sysctl_list("a", "net.ipv4.conf.v/1"))), real_list("a", "^net\\.ipv4\\.conf\\.v/1\\."), "list a device's sysctls == sysctl -a -r")
t.is(mine(assert(net.sysctl_list("a", "net.ipv4.conf.*.forwarding"))), real_list("a", "^net\\.ipv4\\.conf\\..*\\.forwarding$"), "glob pattern == sysctl -a -r")
local all = assert(net.sysctl_list("a"))
-- procps hides the deprecated neigh.*.base_reachable_time / retrans_time from -a; netlearn lists them
local only_mine, only_theirs, mine_set = {}, {}, {}
for _, e in ipairs(all) do mine_set[e.name] = true end
local theirs_set = {}
for name in t.nsh("a", "sysctl -a -r '^net\\.' 2>/dev/null"):gmatch("([^\n]-) = ") do theirs_set[name] = true end
for k in pairs(mine_set) do
  if not theirs_set[k] and not k:find("%.neigh%.[^.]+%.base_reachable_time$") and not k:find("%.neigh%.[^.]+%.retrans_time$") then
    only_mine[#only_mine + 1] = k
  end
end
for k in pairs(theirs_set) do if not mine_set[k] then only_theirs[#only_theirs + 1] = k end end
t.is(#only_mine + #only_theirs, 0, "every net.* sysctl == sysctl -a (deprecated names aside)")
if #only_mine + #only_theirs > 0 then t.diag("only netlearn:", table.concat(only_mine, " "), "only sysctl:", table.concat(only_theirs, " ")) end
t.ok(#all > 100, "a few hundred net sysctls (" .. #all .. ")")
local ipf
for _, e in ipairs(assert(net.sysctl_list("a", "net/ipv4"))) do if e.name == "net.ipv4.ip_forward" then ipf = e.value end end
t.is(ipf, "0", "slash-form prefix lists dotted names")
t.is(#assert(net.sysctl_list("a", "net.ipv4.ip_forwar")), 0, "a prefix stops at component boundaries")
t.is(#assert(net.sysctl_list("a", "net.ipv4.ip_forward")), 1, "a full name lists itself")

-- 6. values the kernel refuses, values that are not integers
t.fails("not an integer", "ip_forward=abc refused before the kernel", net.sysctl_set("a", "net.ipv4.ip_forward", "abc"))
t.fails("refused", "ip_default_ttl=0 refused by the kernel", net.sysctl_set("a", "net.ipv4.ip_default_ttl", "0"))
t.is(real("a", "net.ipv4.ip_default_ttl"), "64", "... unchanged")
t.ok(net.sysctl_set("a", "net.ipv4.ip_local_port_range", "20000 30000"), "two numbers")
t.is(real("a", "net.ipv4.ip_local_port_range"), "20000\t30000", "sysctl agrees")
t.fails("more numbers", "three numbers for a pair", net.sysctl_set("a", "net.ipv4.ip_local_port_range", "1 2 3"))
t.ok(net.sysctl_set("a", "net.ipv4.tcp_congestion_control", "reno"), "a string sysctl takes a string")
t.is(real("a", "net.ipv4.tcp_congestion_control"), "reno", "sysctl agrees")

t.done()
