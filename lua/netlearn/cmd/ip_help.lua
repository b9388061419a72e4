--[[ netlearn.cmd.ip_help -- the usage texts of netlearn's `ip`: `help ip` / `ip help`
(HELP), `ip OBJECT help` (OBJ_HELP) and `ip netns help` (NETNS_HELP). They list
what netlearn understands, in iproute2's usage notation; cmd/ip.lua publishes
them as IP.HELP, IP.OBJ_HELP and IP.NETNS_HELP.
]]
local M = {}

M.NETNS_HELP = [==[Usage: ip netns list
       ip netns add NAME
       ip netns delete NAME
       ip netns identify [PID]
       ip netns pids NAME
       ip netns exec NAME cmd ...]==]

M.OBJ_HELP = {
  link = [==[Usage: ip link add [link DEV] [ name ] NAME [address LLADDR] [mtu MTU] [up] type TYPE [ARGS]
       ip link delete DEV
       ip link set DEV [up|down] [mtu MTU] [address LLADDR] [name NEWNAME] [netns NS] [master BR|nomaster]
       ip link show [DEV] [up] [type TYPE] [master BR]
]==] .. require("netlearn.kinds").usage(),
  address = [==[Usage: ip [-4|-6] address {add|del} IFADDR dev IFNAME [brd ADDR|+] [label LABEL] [scope SCOPE]
               [nodad] [noprefixroute]
IFADDR is IPv4 (10.1.5.1/24) or IPv6 (2001:db8::1/64; nodad: usable at once, no DAD)
       ip address show [dev IFNAME] [up]
       ip address flush dev IFNAME]==],
  route = [==[Usage: ip [-4|-6] route { show | flush } [table TABLE] [dev DEV] [proto P] [scope S] [PREFIX]
       ip route get ADDRESS [from ADDR] [iif DEV] [oif DEV]
       ip route { add | del | change | append | replace } ROUTE
ROUTE := [TYPE] PREFIX|default [via ADDRESS] [dev DEV] [metric N] [table TABLE]
         [src ADDRESS] [scope SCOPE] [proto PROTO] [onlink]]==],
  rule = [==[Usage: ip rule [ list ]
       ip rule { add | del } [from PREFIX] [to PREFIX] [iif DEV] [oif DEV] [priority N] [table TABLE]]==],
  neighbor = [==[Usage: ip [-4|-6] neigh show [dev DEV] [nud STATE] [ADDR]
       ip [-4|-6] neigh flush { dev DEV | all }
       ip neigh { add | replace | change | del } ADDR [lladdr MAC] dev DEV
               [nud { permanent | reachable | stale | noarp | ... }] [router]
ADDR is IPv4 (10.1.1.5) or IPv6 (2001:db8::5); a new entry is permanent unless nud says]==],
  tunnel = [==[Usage: ip tunnel add NAME mode ipip remote ADDR local ADDR [ttl TTL] [dev DEV]
       ip tunnel del NAME
       ip tunnel show [NAME]]==],
  netns = M.NETNS_HELP,
}

M.HELP = [==[ip -- iproute2's ip, as netlearn understands it (abbreviations work: ip l s, ip a a, ip r a, ip net)
Usage: ip [-n NS] [-d] [-j [-p]] [-br] [-4] [-s [-s]] OBJECT COMMAND ...
  ip netns add net1                                    make a namespace (a "machine")
  ip netns list | ip net                               list them
  ip netns del net1                                    remove one
  ip netns exec net1 ip addr                           run a command inside net1 (also real programs)
  ip netns pids net1                                   the processes living in net1
  ip -n net1 link                                      the same, shorter
  ip link add veth0 type veth peer name veth1          a veth pair (a cable with two ends)
  ip link add veth0 type veth peer name veth1 netns net2
  ip link add va netns a type veth peer name vb netns b   both ends made right in a and b
  ip link add br0 type bridge                          a bridge (a switch)
  ip link add mac1 link eth0 type macvlan mode bridge  macvlan (modes private, vepa, bridge, passthru)
  ip link add ipvlan1 link eth0 type ipvlan mode l3    ipvlan (modes l2, l3, l3s)
  ip link add vx0 type vxlan id 42 remote 10.0.0.2 dev eth0 dstport 4789
  ip link add link eth0 name eth0.10 type vlan id 10   802.1Q vlan 10 on eth0
  ip link set veth0 netns net1                         move a device into a namespace
  ip link set veth0 up | down                          switch it on / off
  ip link set veth11 master br0 | nomaster             plug into / out of a bridge
  ip link set veth0 mtu 1400 | address 02:00:00:00:00:01 | name eth0
  ip link set mac1 type macvlan mode bridge            change a macvlan's mode in place
  ip link del veth0                                    delete (a veth takes its peer along)
  ip link | ip -d link show br0 | ip -br link | ip -j link
  ip -s link | ip -s -s link show dev veth0            with the counters (packets, bytes, errors, drops)
  ip addr add 192.167.2.1/24 dev veth0                 give a device an address
  ip addr del 192.167.2.1/24 dev veth0 | ip addr flush dev veth0
  ip addr | ip a show dev veth0 | ip -4 -br addr | ip -j addr
  ip addr add 2001:db8::1/64 dev veth0 nodad           IPv6 (nodad: usable at once); ip -6 addr
  ip route                                             the main routing table
  ip route add 192.167.2.0/24 via 192.167.3.1 dev veth3
  ip route add default via 10.1.5.1 | ip route add 10.11.14.0/24 dev veth-test
  ip route replace default via 10.1.5.1 | ip route change default via 192.168.20.1
  ip route del 192.167.2.0/24 | ip route show table local | ip route show table all
  ip route get 10.1.8.10 [from 10.1.5.10]              which route a packet would take
  ip -6 route | ip -6 route add 2001:db8:2::/64 via fe80::1 dev veth0 | ip -6 route get 2001:db8:2::1
  ip rule | ip rule add from 10.0.0.0/24 table 100 priority 100 | ip rule del ...
  ip neigh | ip neigh flush dev veth0                  the ARP cache (ip -6 neigh: NDP)
  ip neigh replace 10.1.1.5 lladdr 02:00:00:00:00:05 dev veth0 [nud permanent|reachable|stale|noarp]
  ip neigh del 10.1.1.5 dev veth0
  ip tunnel add tun0 mode ipip remote 172.16.94.142 local 172.16.94.141 [ttl 64]
  ip tunnel show
Errors print iproute2's words, then a 'hint:' line.  Not supported:
nexthop objects, VRFs, xfrm, multipath routes; '!ip ...' runs the real tool.]==]

return M
