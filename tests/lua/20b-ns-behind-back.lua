#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/20b-ns-behind-back.lua -- a namespace deleted, or deleted and made
again, behind netlearn's back (the real `ip netns del`, as a learner's `!ip netns
del` runs it): netlearn shows the namespace the name leads to now, and holds none
it looked at before (src/nlsock.c lets its cached netlink socket there go), so
the kernel really deletes it: its veth's far end in the host vanishes, which the
kernel does only once nothing holds the namespace. The real ip is the oracle. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local net = require("netlearn.core")

local function sh(cmd)
  local out, code = t.nsh("", cmd)
  return out, code
end
-- what every new namespace is born with (lo; the fallback tunnels tunl0,
-- sit0 ... where those modules are loaded) is left out of the lists below
assert(net.ns_add("born"))
local born = {}
for _, l in ipairs(net.link_list("born") or {}) do born[l.name] = true end
assert(net.ns_del("born"))
local function names(ns)
  local s = {}
  for _, l in ipairs(net.link_list(ns) or {}) do if not born[l.name] then s[#s + 1] = l.name end end
  table.sort(s)
  return table.concat(s, " ")
end
local function host_has(name)
  local _, code = sh("ip link show " .. name .. " >/dev/null 2>&1")
  return code == 0
end
local function vanishes(name)
  for _ = 1, 60 do
    if not host_has(name) then return true end
    net.sleep(0.05)
  end
  return false
end

-- made again under the same name
assert(net.ns_add("bb"))
local _, c = sh("ip link add bbhost type veth peer name inner netns bb")
t.is(c, 0, "a veth from the host into bb")
t.is(names("bb"), "inner", "netlearn lists bb's links (and keeps its socket there)")
_, c = sh("ip netns del bb && ip netns add bb && ip -n bb link add d0 type veth peer name d1")
t.is(c, 0, "bb deleted and made again behind netlearn's back, with a veth pair d0, d1 in it")
t.is(names("bb"), "d0 d1", "netlearn lists the new bb's links, not the old one's")
t.ok(vanishes("bbhost"), "the old bb is gone: its veth's host end vanished")

-- deleted, and not named again: let go at the next call within a second
assert(net.ns_add("cc"))
_, c = sh("ip link add cchost type veth peer name inner netns cc")
t.is(names("cc"), "inner", "netlearn lists cc's links")
_, c = sh("ip netns del cc")
t.is(c, 0, "cc deleted behind netlearn's back")
net.sleep(1.1)
net.link_list("")                  -- any netlink call of netlearn's
t.ok(vanishes("cchost"), "cc is gone once netlearn made its next call: its veth's host end vanished")
local r, e = net.link_list("cc")
t.ok(r == nil and tostring(e):find("cc", 1, true), "cc is no namespace for netlearn any more", tostring(e))

t.ok(net.ns_del("bb"), "net.ns_del bb")
t.done()
