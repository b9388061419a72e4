#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- The user-space ipip stand-in: two hosts joined by an underlay veth, a tunnel
-- on each, traffic across it, and protocol-4 packets on the underlay.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local sh = function(ns, cmd)
  local out, code, err = t.nsh(ns, cmd)
  if code ~= 0 then t.diag(ns .. ": " .. cmd .. " -> " .. tostring(err)) end
  return out, code
end
assert(net.ns_add("h141")); assert(net.ns_add("h142"))
sh("", "ip link add ens33 netns h141 type veth peer name ens33 netns h142")
sh("h141", "ip addr add 172.16.94.141/24 dev ens33 && ip link set ens33 up && ip link set lo up")
sh("h142", "ip addr add 172.16.94.142/24 dev ens33 && ip link set ens33 up && ip link set lo up")

local pid, msg = net.ipip_user_add("h141", { name = "tun0", ["local"] = "172.16.94.141", remote = "172.16.94.142" })
t.ok(pid, "a user-space ipip tunnel is created in h141", msg)
t.ok(net.ipip_user_add("h142", { name = "tun0", ["local"] = "172.16.94.142", remote = "172.16.94.141" }),
  "and its other end in h142")
local link = sh("h141", "ip -d -j link show tun0")
local j = t.json(link)[1]
t.is(j and j.mtu, 1480, "the tunnel's MTU leaves room for the outer header")
t.like(j and j.ifalias or "", "^netlearn user%-space ipip local 172%.16%.94%.141 remote 172%.16%.94%.142",
  "the device says it is netlearn's user-space tunnel")
sh("h141", "ip addr add 1.1.1.1/24 dev tun0 && ip link set tun0 up")
sh("h142", "ip addr add 1.1.1.2/24 dev tun0 && ip link set tun0 up")
local out, code = sh("h141", "ping -c 3 -i 0.2 -W 2 1.1.1.2")
t.is(code, 0, "ping across the tunnel succeeds")
t.like(out, "3 received", "every ping across the tunnel is answered")

-- the underlay carries IP protocol 4 between the hosts
local pcap = os.tmpname()
-- (start the ping once tcpdump listens: a slow machine, e.g. the VM suite's, takes its time)
local bg = net.run("h142", { "/bin/sh", "-c", "exec tcpdump -i ens33 -n -c 2 -w " .. pcap .. " 'ip proto 4' 2>" .. pcap .. ".err" },
  { background = true })
for _ = 1, 200 do
  local f = io.open(pcap .. ".err")
  local e = f and f:read("a") or ""
  if f then f:close() end
  if e:find("listening on") then break end
  os.execute("sleep 0.05")
end
sh("h141", "ping -c 1 -W 2 1.1.1.2")
local waited = 0
while net.wait(bg, true) == false and waited < 100 do os.execute("sleep 0.1") waited = waited + 1 end
local dump = sh("h142", "tcpdump -n -r " .. pcap .. " 2>/dev/null")
os.remove(pcap)
os.remove(pcap .. ".err")
t.like(dump, "172%.16%.94%.141 > 172%.16%.94%.142: IP 1%.1%.1%.1 > 1%.1%.1%.2: ICMP echo request",
  "a capture on the underlay shows the outer and the inner header")
t.like(dump, "172%.16%.94%.142 > 172%.16%.94%.141: IP 1%.1%.1%.2 > 1%.1%.1%.1: ICMP echo reply",
  "the reply comes back encapsulated the other way (the filter 'ip proto 4' matched both)")

-- a pump keeps its own two descriptors only: a capture open when it was
-- forked does not stay open in it, holding the capture's namespace (its
-- veth's host end vanishes once the namespace is deleted, which the kernel
-- does only when nothing holds the namespace)
do
  assert(net.ns_add("hold"))
  local _, hc = sh("", "ip link add hhost type veth peer name inner netns hold && ip link set hhost up && " ..
    "ip -n hold link set inner up")
  local cap = assert(net.capture_open("hold", "inner", "icmp"))
  local p = net.ipip_user_add("h141", { name = "tun7", ["local"] = "172.16.94.141", remote = "172.16.94.142" })
  t.ok(hc == 0 and p, "a pump started while a capture is open in another namespace")
  cap:close()
  t.ok(net.ns_del("hold"), "that namespace deleted")
  local gone = false
  for _ = 1, 100 do
    local _, c = sh("", "ip link show hhost 2>/dev/null")
    if c ~= 0 then gone = true break end
    net.sleep(0.05)
  end
  t.ok(gone, "its veth's host end vanished: the pump did not keep the capture's socket")
  sh("h141", "ip link del tun7")
end

-- bad input
t.fails("remote= must be an IPv4 address", "a bad remote address is refused",
  net.ipip_user_add("h141", { name = "tun1", remote = "1.2.3" }))
t.fails("exists already", "a name in use is refused", net.ipip_user_add("h141", { name = "ens33", remote = "1.2.3.4" }))
t.fails("longer than 15 bytes", "an overlong name is refused",
  net.ipip_user_add("h141", { name = "tun0123456789abcdef", remote = "1.2.3.4" }))
t.fails("no such namespace", "an unknown namespace is refused", net.ipip_user_add("nosuch", { name = "t", remote = "1.2.3.4" }))
t.ok(net.ipip_user_add("h141", { name = "tun9", ["local"] = "9.9.9.9", remote = "1.2.3.4" }),
  "like the kernel's, a tunnel may name a local address the namespace does not have yet")
local _, c = sh("h141", "ip link del tun9")
t.is(c, 0, "and it can be deleted")
local _, c2 = sh("h141", "ip link show tun9")
t.ok(c2 ~= 0, "a deleted tunnel leaves no device behind")

-- netlearn's ip shows the stand-in as the kernel's ipip is shown, and marks it in ip tunnel show
do
  local cmdline = dofile(os.getenv("TESTLIB") .. "/cmdline.lua")
  local _, lo = cmdline.run("ip link show tun0", "h141")
  t.like(lo, "tun0@NONE: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1480 ", "ip link: the kernel ipip's flags (no TUN MULTICAST)")
  t.like(lo, "\n    link/ipip 172%.16%.94%.141 peer 172%.16%.94%.142\n", "ip link: link/ipip LOCAL peer REMOTE, not link/none")
  local _, ao = cmdline.run("ip addr show tun0", "h141")
  t.like(ao, "link/ipip 172%.16%.94%.141 peer 172%.16%.94%.142", "ip addr: link/ipip too")
  local _, tu = cmdline.run("ip tunnel show", "h141")   -- the kernel's tunl0 may come first
  t.like("\n" .. tu, "\ntun0: ip/ip remote 172%.16%.94%.142 local 172%.16%.94%.141 ttl inherit  %(netlearn's user%-space stand%-in " ..
    "for the kernel's ipip: underlay ICMP errors are ignored%)", "ip tunnel show: the stand-in is marked")
  local i18n = require("netlearn.i18n")
  i18n.set("zh")
  local _, tz = cmdline.run("ip tunnel show", "h141")
  i18n.set("en")
  t.like(tz, "（netlearn 用户态的替身，代替内核的 ipip：忽略底层网络的 ICMP 错误）", "... in Chinese too")
end

-- deleting the device ends its process
sh("h141", "ip link del tun0")
local gone = false
for _ = 1, 50 do
  if net.wait(pid, true) ~= false then gone = true break end
  os.execute("sleep 0.05")
end
t.ok(gone, "deleting the tunnel device ends its lab process")
t.done()
