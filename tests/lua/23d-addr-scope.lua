#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/23d-addr-scope.lua -- `ip address add ... scope S` reads S as
iproute2's rtnl_rtscope_a2n does: a name (global, site, link, host, nowhere) or a
number 0-255 as get_unsigned reads it (0x10 is 16, 010 is 8); anything else is
refused in ip's words and changes nothing. The real ip on a twin device is the
oracle. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local cmdline = dofile(os.getenv("TESTLIB") .. "/cmdline.lua")

local function scopes(dev)
  local out = t.sh("ip -4 addr show dev " .. dev)
  local s = {}
  for a, sc in out:gmatch("inet ([%d.]+)/%d+ scope (%S+)") do s[#s + 1] = a:match("%.(%d+)%.%d+$") .. "=" .. sc end
  table.sort(s)
  return table.concat(s, " ")
end

assert(cmdline.run("ip link add ours type bridge") == 0)
assert(select(2, t.sh("ip link add theirs type bridge")) == 0)
local good = { "5", "0x10", "010", "site", "nowhere", "255", "0" }
for i, sc in ipairs(good) do
  local st, _, err = cmdline.run("ip addr add 10." .. i .. ".0.1/24 dev ours scope " .. sc)
  t.is(st, 0, "scope " .. sc .. " is taken" .. (err ~= "" and (": " .. err) or ""))
  t.sh("ip addr add 10." .. i .. ".0.1/24 dev theirs scope " .. sc)
end
t.is(scopes("ours"), scopes("theirs"), "every scope set as the real ip sets it")

for _, sc in ipairs({ "256", "-1", "linkx", "", "0x100" }) do
  local before = scopes("ours")
  local st, _, err = cmdline.run("ip addr add 10.99.0.1/24 dev ours scope '" .. sc .. "'")
  local rout, rcode = t.sh("ip addr add 10.99.0.1/24 dev theirs scope '" .. sc .. "' 2>&1")
  t.ok(st ~= 0 and rcode ~= 0, "scope '" .. sc .. "' is refused, as by the real ip")
  t.is(err:match("^[^\n]*"), rout:match("^[^\n]*"), "scope '" .. sc .. "': ip's own line")
  t.is(scopes("ours"), before, "scope '" .. sc .. "': nothing changed")
end
t.done()
