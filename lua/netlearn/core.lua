--[[ netlearn.core -- the module `net`: the C primitives' bindings
(netlearn.cnet, src/lnet.c) with the policy that lives in Lua put in front of
them. net.link_add and net.link_set check their spec and word what is wrong
in Lua (netlearn.linkspec) before the C binding builds the netlink request;
so do net.addr_add/addr_del/addr_flush (netlearn.addrspec),
net.neigh_set/neigh_list/neigh_flush (netlearn.neighspec), net.nat_add/
filter_add/chain_policy (netlearn.natspec), the route and rule bindings
(netlearn.routespec) and net.ping/ping6's options (netlearn.pingspec); every
other function is the C binding itself.

  local net = require("netlearn.core")
  net.link_add("net1", { name = "veth0", type = "veth", peer = "veth1" })
]]
local net = {}
-- a table of its own: netlearn.cnet stays the bare C bindings, each with only its plain guards
for name, v in pairs(require("netlearn.cnet")) do net[name] = v end
local linkspec = require("netlearn.linkspec")
local routespec = require("netlearn.routespec")

net.link_add = linkspec.checked(net, net.link_add)
net.link_set = linkspec.checked_set(net, net.link_set)
require("netlearn.addrspec").wrap(net)
require("netlearn.neighspec").wrap(net)
require("netlearn.natspec").wrap(net)
routespec.wrap(net)     -- the route and rule bindings
require("netlearn.pingspec").wrap(net)

return net
