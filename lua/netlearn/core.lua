--[[ netlearn.core -- the module `net`: the C primitives' bindings
(netlearn.cnet, src/lnet.c) with the policy that lives in Lua put in front of
them. net.link_add and net.link_set check their spec and word what is wrong
in Lua (netlearn.linkspec) before the C binding builds the netlink request;
so do the route and rule bindings (netlearn.routespec); every other function
is the C binding itself.

  local net = require("netlearn.core")
  net.link_add("net1", { name = "veth0", type = "veth", peer = "veth1" })
]]
local net = require("netlearn.cnet")
local linkspec = require("netlearn.linkspec")
local routespec = require("netlearn.routespec")

net.link_add = linkspec.checked(net, net.link_add)
net.link_set = linkspec.checked_set(net, net.link_set)
routespec.wrap(net)     -- the route and rule bindings

return net
