#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/lua/29d-nul-args.lua: a string with a NUL byte inside, in any argument
-- or field of the functions that take names, addresses and paths, is refused
-- in one line, the same words whichever field it is in and whether a Lua
-- spec module (addrspec, routespec, natspec, neighspec, linkspec) or C reads
-- that field (issue 19), and nothing changes in the lab (seen with the real tools).
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local net = require("netlearn.core")

assert(net.ns_add("nul1"))
t.nsh("nul1", "ip link add d0 type veth peer name d1; ip link set d0 up; ip addr add 10.9.0.1/24 dev d0")

local function state()
  return t.nsh("nul1", "ip -j link; ip -j addr; ip -j route show table all; ip -j rule; ip -j neigh; nft list ruleset;"
    .. " sysctl -n net.ipv4.ip_forward") .. table.concat(net.ns_list(), ",")
end
local before = state()

local N = "\0x"
local cases = {
  { "ns_add", { "a" .. N } },
  { "addr_add", { "nul1", "d0" .. N, "10.9.1.1/24" } },
  { "addr_add", { "nul1", "d0", "10.9.1.1/24" .. N } },
  { "addr_add", { "nul1", "d0", "10.9.1.1/24", { label = "d0:" .. N } } },
  { "addr_del", { "nul1", "d0", "10.9.0.1/24" .. N } },
  { "addr_flush", { "nul1", "d0" .. N } },
  { "route_add", { "nul1", { dst = "10.8.0.0/16" .. N, via = "10.9.0.2" } } },
  { "route_add", { "nul1", { dst = "10.8.0.0/16", via = "10.9.0.2" .. N } } },
  { "route_add", { "nul1", { dst = "10.8.0.0/16", dev = "d0" .. N } } },
  { "route_del", { "nul1", { dst = "10.9.0.0/24" .. N } } },
  { "rule_add", { "nul1", { from = "10.9.0.0/24" .. N, table = 100 } } },
  { "rule_add", { "nul1", { to = "10.9.0.0/24" .. N, table = 100 } } },
  { "rule_add", { "nul1", { iif = "d0" .. N, table = 100 } } },
  { "nat_add", { "nul1", { chain = "POSTROUTING", target = "MASQUERADE", src = "10.9.0.0/24" .. N } } },
  { "nat_add", { "nul1", { chain = "POSTROUTING", target = "MASQUERADE", out = "d0" .. N } } },
  { "nat_add", { "nul1", { chain = "POSTROUTING" .. N, target = "MASQUERADE" } } },
  { "filter_add", { "nul1", { chain = "FORWARD", target = "DROP", dst = "10.9.0.2" .. N } } },
  { "chain_policy", { "nul1", "FORWARD", "DROP" .. N } },
  { "link_add", { "nul1", { name = "e0" .. N, type = "dummy" } } },
  { "link_add", { "nul1", { name = "e0", type = "dummy" .. N } } },
  { "link_add", { "nul1", { name = "e0", type = "veth", peer = "e1" .. N } } },
  { "link_set", { "nul1", "d0" .. N, { mtu = 1400 } } },
  { "link_set", { "nul1", "d0", { name = "d9" .. N } } },
  { "neigh_set", { "nul1", "add", { dev = "d0", addr = "10.9.0.9" .. N, lladdr = "02:00:00:00:00:09" } } },
  { "neigh_set", { "nul1", "add", { dev = "d0", addr = "10.9.0.9", lladdr = "02:00:00:00:00:09" .. N } } },
  { "neigh_flush", { "nul1", { dev = "d0" .. N } } },
  { "sysctl_set", { "nul1", "net.ipv4.ip_forward" .. N, "1" } },
  { "sysctl_set", { "nul1", "net.ipv4.ip_forward", "1" .. N } },
  { "sysctl_get", { "nul1", "net.ipv4.ip_forward" .. N } },
  { "sysctl_list", { "nul1", "net.ipv4" .. N } },
}
for _, c in ipairs(cases) do
  local fn, args = c[1], c[2]
  local ok, r, msg, errno = pcall(net[fn], table.unpack(args))
  local field
  for i, a in ipairs(args) do
    if type(a) == "string" and a:find("\0", 1, true) then field = "argument " .. i end
    if type(a) == "table" then
      for k, v in pairs(a) do if type(v) == "string" and v:find("\0", 1, true) then field = "argument " .. i .. " (" .. k .. "=)" end end
    end
  end
  t.ok(ok and r == nil and errno == net.errno.EINVAL and
    tostring(msg):find("^net%." .. fn .. ": argument %d holds a string with a NUL byte inside; names, addresses and paths cannot contain one$"),
    string.format("net.%s, a NUL in %s: one refusal, the same words: %s", fn, field, tostring(ok and msg or r)))
end
t.is(state(), before, "nothing changed in the lab")
assert(net.ns_del("nul1"))
t.done()
