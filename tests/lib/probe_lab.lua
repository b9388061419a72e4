--[[ tests/lib/probe_lab.lua -- the lab the probe tests (tests/35..39) share, built with
the real `ip` inside the sandbox so that the probes are checked against a
topology netlearn's own link code did not make:

    net1 (10.0.1.2) --v1/r1-- router (10.0.1.1 | 10.0.2.1) --r2/v2-- net2 (10.0.2.2)

Both ends route via the router, which forwards. Returns a table with `sh`
(run a shell line in a namespace, return stdout, code) and the addresses.
]]
local net = require("netlearn.core")
local L = {}

function L.sh(ns, cmd)
  local code, out, err = net.run(ns, { "/bin/sh", "-c", cmd }, { capture = true })
  return (out or "") .. (err or ""), code
end

function L.build()
  for _, n in ipairs { "net1", "router", "net2" } do assert(net.ns_add(n)) end
  local out, code = L.sh("", [[
set -e
ip link add v1 netns net1 type veth peer name r1 netns router
ip link add v2 netns net2 type veth peer name r2 netns router
ip -n net1 addr add 10.0.1.2/24 dev v1
ip -n router addr add 10.0.1.1/24 dev r1
ip -n router addr add 10.0.2.1/24 dev r2
ip -n net2 addr add 10.0.2.2/24 dev v2
for l in "net1 v1" "net1 lo" "router r1" "router r2" "router lo" "net2 v2" "net2 lo"; do
  set -- $l; ip -n $1 link set $2 up
done
ip -n net1 route add default via 10.0.1.1
ip -n net2 route add default via 10.0.2.1
ip netns exec router sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'
]])
  assert(code == 0, "building the lab failed: " .. out)
end

-- forget every neighbour of the lab's namespaces (NSS: the three by default),
-- so that the next packet needs ARP on every hop
function L.flush_neigh(nss)
  for _, ns in ipairs(nss or { "net1", "router", "net2" }) do L.sh(ns, "ip neigh flush all") end
end

-- check(claim[, lang]) -> claims.check's results, in a lab whose command lines do nothing
function L.checker()
  local claims = require("netlearn.claims")
  local clab = { net = net, lang = "en", exec = function() return true, "" end }
  return function(c, lang)
    clab.lang = lang or "en"
    return claims.check(c, clab)
  end
end

return L
