#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/97-load.lua -- load: LOAD_NS namespaces (lo up, a veth to a bridge in
the host, addresses in one /16) and LOAD_ROUTES routes in one namespace, built,
listed (by netlearn and by the real ip) and torn down through the net API.
Prints the time of each phase and the peak RSS (VmHWM) of netlearn. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local net = require("netlearn.core")
local N = tonumber(os.getenv("LOAD_NS")) or 300
local R = tonumber(os.getenv("LOAD_ROUTES")) or 10000

local function now()
  local f = io.open("/proc/uptime") local s = f:read("n") f:close() return s
end
local function hwm()
  local f = io.open("/proc/self/status") local s = f:read("a") f:close()
  return tonumber(s:match("VmHWM:%s*(%d+)")) or 0
end
local phases = {}
local function phase(name, fn)
  local t0 = now()
  local ok, errs = fn()
  phases[#phases + 1] = string.format("%s %.1f s", name, now() - t0)
  t.ok(ok, string.format("%s (%.1f s)", name, now() - t0), errs)
end
local T0 = now()

phase(N .. " namespaces with lo up and a veth to br0, addresses in 10.200.0.0/16", function()
  local errs = {}
  local function chk(what, r, e) if not r and #errs < 5 then errs[#errs + 1] = what .. ": " .. tostring(e) end end
  chk("br0", net.link_add("", { name = "br0", type = "bridge" }))
  chk("br0 up", net.link_set("", "br0", { up = true }))
  chk("br0 addr", net.addr_add("", "br0", "10.200.0.1/16"))
  for i = 1, N do
    local ns = "l" .. i
    chk(ns, net.ns_add(ns))
    chk(ns .. " lo", net.link_set(ns, "lo", { up = true }))
    chk("v" .. i, net.link_add("", { name = "v" .. i, type = "veth", peer = "eth0", peer_ns = ns }))
    chk("v" .. i .. " master", net.link_set("", "v" .. i, { master = "br0", up = true }))
    chk(ns .. " addr", net.addr_add(ns, "eth0", string.format("10.200.%d.%d/16", 1 + i // 250, 1 + i % 250)))
    chk(ns .. " eth0 up", net.link_set(ns, "eth0", { up = true }))
  end
  return #errs == 0, table.concat(errs, "\n")
end)

phase("list them", function()
  local nss = net.ns_list()
  local links = net.link_list("")
  local ports = 0
  for _, l in ipairs(links) do if l.master == "br0" then ports = ports + 1 end end
  local a = net.addr_list("l" .. N, "eth0")
  local real = t.sh("ip netns list | wc -l; ip -o link show master br0 | wc -l; ip -n l" .. N .. " -o -4 addr show dev eth0")
  local rn, rp = real:match("^(%d+)\n(%d+)\n")
  return #nss == N and ports == N and a and a[1] and tonumber(rn) == N and tonumber(rp) == N and
    real:find(a[1].address, 1, true) ~= nil,
    string.format("ns %d, ports %d, real: %s", #nss, ports, real:sub(1, 200))
end)

phase("a ping across the bridge, l1 -> l" .. N, function()
  local r = net.ping("l1", string.format("10.200.%d.%d", 1 + N // 250, 1 + N % 250), { count = 1, timeout = 3 })
  return r and r.received == 1, r and r.error or "no result"
end)

phase(R .. " routes in l1", function()
  local errs = {}
  for i = 1, R do
    local ok, e = net.route_add("l1", { dst = string.format("10.%d.%d.0/24", i // 256, i % 256), via = "10.200.0.1" })
    if not ok and #errs < 5 then errs[#errs + 1] = tostring(e) end
  end
  return #errs == 0, table.concat(errs, "\n")
end)

phase("list the routes (netlearn and ip)", function()
  local rs = net.route_list("l1")
  local real = tonumber((t.sh("ip -n l1 route | wc -l"):match("%d+")))
  return #rs == R + 1 and real == R + 1, string.format("netlearn %d, ip %s, want %d", #rs, tostring(real), R + 1)
end)

phase("delete the routes", function()
  local bad = 0
  for i = 1, R do
    if not net.route_del("l1", { dst = string.format("10.%d.%d.0/24", i // 256, i % 256) }) then bad = bad + 1 end
  end
  return bad == 0 and #net.route_list("l1") == 1, bad .. " failed"
end)

phase("tear down the namespaces and the bridge", function()
  local bad = 0
  for i = 1, N do if not net.ns_del("l" .. i) then bad = bad + 1 end end
  net.link_del("", "br0")
  -- the kernel frees a deleted namespace (and so the host end of its veth) later
  local left = t.sh("i=0; while [ $(ip -o link | wc -l) -gt 1 ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; " ..
    "ip netns list | wc -l; ip -o link | wc -l")
  local a, b = left:match("(%d+)\n(%d+)")
  return bad == 0 and a == "0" and b == "1", string.format("%d failed; left: %s namespaces, %s links", bad, a, b)
end)

local total = now() - T0
t.diag(string.format("load: %d namespaces, %d routes: %s; total %.1f s; peak RSS (VmHWM) %d kB",
  N, R, table.concat(phases, ", "), total, hwm()))
t.done()
