--[[ tests/lib/why_lab.lua -- what the `why` tests tests/85-89 share: the articles' labs,
built through netlearn's own command lines, and a runner for command lines.

  lib.run(line[, ns]) -> status, stdout, stderr   one netlearn command line
  lib.build(t, text)                              every line of text must succeed
  lib.article1(t) / lib.docker(t) / lib.bridge(t) / lib.macvlan(t, mode)
  lib.check_fix(t, r, name)                       apply r.fix through netlearn
]]
local net = require("netlearn.core")
local cmdline = dofile(os.getenv("TESTLIB") .. "/cmdline.lua")
local M = {}

function M.run(line, ns) return cmdline.run(line, ns) end

function M.build(t, text)
  for line in text:gmatch("[^\n]+") do
    if line:match("%S") then
      local st, _, err = M.run(line)
      if st ~= 0 then
        t.ok(false, "lab line: " .. line, err)
        t.done()
      end
    end
  end
  for _, ns in ipairs({ "", table.unpack(net.ns_list()) }) do
    net.links_settle(ns, 2)
  end
end

-- The first article: net1 between net2 (veth0/veth1) and the host (veth2/veth3).
function M.article1(t)
  M.build(t, [[
ip net add net1 && ip net add net2
ip link add veth0 type veth peer name veth1 && ip link add veth2 type veth peer name veth3
ip link set veth0 netns net1 && ip link set veth1 netns net2 && ip link set veth2 netns net1
ip net exec net1 ip addr add 192.167.2.1/24 dev veth0 && ip net exec net1 ip link set veth0 up
ip net exec net2 ip addr add 192.167.2.2/24 dev veth1 && ip net exec net2 ip link set veth1 up
ip net exec net1 ip addr add 192.167.3.1/24 dev veth2 && ip net exec net1 ip link set veth2 up
ip addr add 192.167.3.2/24 dev veth3 && ip link set veth3 up
]])
end

-- The Docker article: two containers on br0, the host's eth0 towards a gateway.
function M.docker(t)
  M.build(t, [[
ip netns add container1 && ip netns add container2 && ip netns add gw
ip link add br0 type bridge && ip link set br0 up && ip addr add 172.168.1.1/24 dev br0
ip link add veth1 type veth peer name eth1 netns container1
ip link add veth2 type veth peer name eth2 netns container2
ip link set veth1 master br0 && ip link set veth1 up && ip link set veth2 master br0 && ip link set veth2 up
ip netns exec container1 ip addr add 172.168.1.11/24 dev eth1 && ip netns exec container1 ip link set eth1 up
ip netns exec container2 ip addr add 172.168.1.12/24 dev eth2 && ip netns exec container2 ip link set eth2 up
ip netns exec container1 ip route add default via 172.168.1.1
ip netns exec container2 ip route add default via 172.168.1.1
ip link add eth0 type veth peer name eth0 netns gw
ip addr add 192.168.0.10/24 dev eth0 && ip link set eth0 up
ip netns exec gw ip addr add 192.168.0.2/24 dev eth0 && ip netns exec gw ip link set eth0 up
sysctl -w net.ipv4.ip_forward=1
]])
end

-- The first article's bridge: net7 and net8 on the host's br0.
function M.bridge(t)
  M.build(t, [[
ip link add br0 type bridge && ip link set dev br0 up
ip net add net7 && ip net add net8
ip link add veth10 type veth peer name veth11 && ip link set dev veth10 netns net7 && ip net exec net7 ip addr add 192.177.1.3/24 dev veth10 && ip net exec net7 ip link set dev veth10 up
ip link set dev veth11 master br0 && ip link set dev veth11 up
ip link add veth12 type veth peer name veth13 && ip link set dev veth12 netns net8 && ip net exec net8 ip addr add 192.177.1.4/24 dev veth12 && ip net exec net8 ip link set dev veth12 up
ip link set dev veth13 master br0 && ip link set dev veth13 up
]])
end

-- The first article's macvlan: net3/net4 children of the host's eth0 (a veth
-- towards namespace lan here: kernels without CONFIG_DUMMY are common).
function M.macvlan(t, mode)
  M.build(t, ([[
ip netns add lan && ip link add eth0 type veth peer name eth0 netns lan && ip netns exec lan ip link set eth0 up
ip link set eth0 up && ip addr add 192.166.56.1/24 dev eth0
ip link add link eth0 dev mac1 type macvlan mode MODE
ip link add link eth0 dev mac2 type macvlan mode MODE
ip netns add net3 && ip netns add net4
ip link set mac1 netns net3 && ip link set mac2 netns net4
ip netns exec net3 ip a a 192.166.56.122/24 dev mac1 && ip netns exec net3 ip l s mac1 up
ip netns exec net4 ip a a 192.166.56.123/24 dev mac2 && ip netns exec net4 ip l s mac2 up
]]):gsub("MODE", mode))
end

-- Apply the suggested fix as a netlearn command line (each part of an && chain).
function M.apply(t, fix, name)
  local st, out, err = M.run(fix)
  t.is(st, 0, (name or "the fix") .. " runs in netlearn: " .. fix)
  if st ~= 0 then t.diag(out, err) end
  for _, ns in ipairs({ "", table.unpack(net.ns_list()) }) do
    net.links_settle(ns, 2)
  end
  return st == 0
end

function M.ping_ok(from, dest)
  for _ = 1, 3 do
    local r = net.ping(from == "host" and "" or from, dest, { count = 1, timeout = 1 })
    if r and r.received > 0 then return true end
  end
  return false
end

function M.text(r)
  return table.concat(require("netlearn.why").format(r), "\n")
end

return M
