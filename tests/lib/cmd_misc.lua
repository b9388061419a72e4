--[[ tests/lib/cmd_misc.lua -- what the command tests tests/55-59 share.

  lib.run(line[, ns]) -> status, stdout, stderr     a netlearn command line, as typed
  lib.state(t, nss)   -> text                       the lab as the real tools see it
                         (ip -j addr/route, nft list ruleset, ip_forward), to prove
                         that a bad line changed nothing
  lib.veth_lab(t, nss, more)                        make namespaces nss (n1 first) and,
                         with the real ip, the lab tests/55-58 start from: host veth0
                         10.0.0.1/24 -- veth1 10.0.0.2/24 in n1, both up; then the
                         shell lines more (the whole script stops at a failure)
]]
local net = require("netlearn.core")
local cmdline = dofile(os.getenv("TESTLIB") .. "/cmdline.lua")
local M = {}

M.run = cmdline.run

function M.state(t, nss)
  local script = {}
  for _, ns in ipairs(nss or { "" }) do
    local x = ns == "" and "" or ("ip netns exec " .. ns .. " ")
    script[#script + 1] = "echo '== " .. ns .. "'; " .. x .. "sh -c 'ip -4 -j addr; ip -4 -j route show table all; " ..
      "ip -4 -j rule; ip -j link; nft list ruleset; " ..
      "cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/all/rp_filter'"
  end
  -- IPv6 duplicate address detection finishing is not a change anyone made
  return (t.sh(table.concat(script, "; ")):gsub('"tentative":true,', ""))
end

function M.veth_lab(t, nss, more)
  for _, ns in ipairs(nss) do assert(net.ns_add(ns)) end
  local _, code, err = t.sh([[
set -e
ip link add veth0 type veth peer name veth1 netns n1
ip addr add 10.0.0.1/24 dev veth0
ip link set veth0 up
ip -n n1 addr add 10.0.0.2/24 dev veth1
ip -n n1 link set veth1 up
]] .. (more or ""))
  assert(code == 0, err)
end

function M.lines(s)
  local t = {}
  for l in (s .. "\n"):gmatch("(.-)\n") do t[#t + 1] = l end
  if t[#t] == "" then t[#t] = nil end
  return t
end

return M
