--[[ tests/lua/50-articles.lua -- one article's iproute2 command blocks, run either
through netlearn (MODE=netlearn) or through the real ip (MODE=real) in this
sandbox; prints each line's exit status and then the kernel state digest.
tests/50-ip-articles.t runs both modes in two sandboxes and compares.
The article's machines are namespaces; its host NIC eth0 is one end of a veth.
]]
local L = dofile(os.getenv("TESTLIB") .. "/ip_cmd.lua")
local mode, article = os.getenv("MODE"), os.getenv("ARTICLE")

local SETUP = { "ip link add eth0 type veth peer name eth0-peer", "ip link set eth0 up", "ip link set eth0-peer up",
  "ip addr add 172.168.111.2/24 dev eth0" }

local A = {}
A["1"] = {
  "ip netns add net1", "ip netns ls", "ip netns exec net1 ip link set lo up",
  "ip net add net1 && ip net add net2", "ip net add net2",
  "ip link add veth0 type veth peer name veth1 && ip link add veth2 type veth peer name veth3",
  "ip link set veth0 netns net1 && ip link set veth1 netns net2 && ip link set veth2 netns net1",
  "ip net exec net1 ip addr add 192.167.2.1/24 dev veth0  && ip net exec net1 ip link set veth0 up",
  "ip net exec net2 ip addr add 192.167.2.2/24 dev veth1  && ip net exec net2 ip link set veth1 up",
  "ip net exec net1 ip addr add 192.167.3.1/24 dev veth2  && ip net exec net1 ip link set veth2 up",
  "ip addr add 192.167.3.2/24 dev veth3 &&  ip link set veth3 up",
  "ip route add 192.167.2.0/24 via 192.167.3.1 dev veth3",
  "ip net exec net2 ip route add 192.167.3.0/24 via 192.167.2.1 dev veth1",
  "ip net exec net1 ip route add 172.168.111.0/24 via 192.167.3.2 dev veth2",
  "ip net exec net2 ip route add 172.168.111.0/24 via 192.167.2.1 dev veth1",
  "ip net exec net1 ip route add 192.168.20.0/24 via 192.167.3.2 dev veth2",
  "ip net exec net2 ip route add 192.168.20.0/24 via 192.167.2.1 dev veth1",
  "ip net exec net1 ip route add default dev veth2",
  "ip net exec net1 ip route change default via 192.168.20.1",
  "ip link add link eth0 dev mac1 type macvlan mode bridge",
  "ip link add link eth0 dev mac2 type macvlan mode bridge",
  "ip netns add net3", "ip netns add net4",
  "ip link set mac1 netns net3", "ip link set mac2 netns net4",
  "ip netns exec net3 ip a a 192.166.56.122/24 dev mac1", "ip netns exec net3 ip l s mac1 up",
  "ip netns exec net4 ip a a 192.166.56.123/24 dev mac2", "ip netns exec net4 ip l s mac2 up",
  "ip link add br0 type bridge", "ip link set dev br0 up",
  "ip net add net7 && ip net add net8",
  "ip link add veth10 type veth peer name veth11 && ip link set dev veth10 netns net7 && ip net exec net7 ip addr add 192.177.1.3/24 dev veth10 && ip net exec net7 ip link set dev veth10 up",
  "ip link set dev veth11 master br0 && ip link set dev veth11 up",
  "ip link add veth12 type veth peer name veth13 && ip link set dev veth12 netns net8 && ip net exec net8 ip addr add 192.177.1.4/24 dev veth12 && ip net exec net8 ip link set dev veth12 up",
  "ip link set dev veth13 master br0 && ip link set dev veth13 up",
}
A["1-ipvlan"] = {
  needs = "ipvlan",
  "ip netns add net1 && ip netns add net2",
  "ip link add ipvlan1 link eth0 type ipvlan mode l3 && ip link add ipvlan2 link eth0 type ipvlan mode l3",
  "ip link set netns net1 ipvlan1 && ip link set netns net2 ipvlan2",
  "ip netns exec  net1 ip addr add 192.168.11.1/24 dev ipvlan1 && ip netns exec  net2 ip addr add 192.168.12.1/24 dev ipvlan2",
  "ip netns exec  net1 ip link set lo up && ip netns exec  net2 ip link set lo up",
  "ip netns exec  net1 ip link set ipvlan1 up && ip netns exec  net2 ip link set ipvlan2 up",
  "ip netns exec net1 ip route add default dev ipvlan1 && ip netns exec net2 ip route add default dev ipvlan2",
}
A["2"] = {
  "ip netns add ns1", "ip l a br0 type bridge", "ip l s br0 up",
  "ip l a int0 type veth peer name br-int0", "ip l s int0 netns ns1",
  "ip netns exec ns1 ip l s int0 up", "ip netns exec ns1 ip a a 10.1.5.10/24 dev int0",
  "ip netns exec ns1 ip r a default via 10.1.5.1 dev int0",
  "ip l s br-int0 master br0", "ip l s br-int0 up", "ip a a 10.1.5.1/24 dev br0",
  "ip netns exec ns1 ip route replace default via 10.1.5.1",
  "ip netns exec ns1 ip addr add 10.1.5.11/24 dev int0",
}
A["2-ipip"] = {
  needs = "ipip",
  "ip tunnel add tun0 mode ipip remote 172.16.94.142 local 172.16.94.141",
  "ip addr a 1.1.1.1/24 dev tun0", "ip link set tun0 up", "ip r a 10.1.8.0/24 via 1.1.1.2 dev tun0",
}
A["3"] = {
  "ip netns add test_veth", "ip link add veth-test type veth peer name veth-test2",
  "ip link set veth-test2 netns test_veth", "ip link set veth-test up", "ip link set veth-test2 up",
  "ip link addr add 10.11.13.3/24 dev veth-test", "ip addr add 10.11.13.3/24 dev veth-test",
  "ip netns exec test_veth ip addr add 10.11.14.4/24 dev veth-test2",
  "ip netns exec test_veth ip link set veth-test2 up",
  "ip route add 10.11.14.0/24 dev veth-test", "ip netns exec test_veth ip route add default dev veth-test2",
  "ip link add br0 type bridge", "ip netns add red",
  "ip link add veth-red type veth peer name veth-red-br", "ip link add veth-blue type veth peer name veth-blue-br",
  "ip link set veth-red netns red", "ip link set veth-blue netns blue",
  "ip link set veth-red-br master br0", "ip link set veth-blue-br master br0",
  "ip addr add 192.168.15.5/24 dev br0",
  "ip rule add from 192.168.15.0/24 table 100 priority 100", "ip route add default via 192.168.15.1 table 100",
}
A["4"] = {
  "ip netns add container1", "ip netns add container2",
  "ip link add veth1 type veth peer name eth1", "ip link add veth2 type veth peer name eth2",
  "ip link set eth1 netns container1", "ip link set eth2 netns container2",
  "ip netns exec container1 ip addr add 172.168.1.11/24 dev eth1",
  "ip netns exec container2 ip addr add 172.168.1.12/24 dev eth2",
  "ip netns exec container1 ip link set eth1 up", "ip netns exec container2 ip link set eth2 up",
  "ip link set veth1 up", "ip link set veth2 up",
  "ip netns exec container1 ip link set lo up", "ip netns exec container2 ip link set lo up",
  "ip link add br0 type bridge", "ip link set br0 up",
  "ip link set veth1 master br0", "ip link set veth2 master br0",
  "ip addr add 172.168.1.1/24 dev br0",
  "ip netns exec container1 ip route add default via 172.168.1.1 dev eth1",
  "ip netns exec container2 ip route add default via 172.168.1.1 dev eth2",
  "ip link set veth2 nomaster", "ip link set veth2 master br0", "ip addr del 172.168.1.1/24 dev br0",
  "ip addr add 172.168.1.1/24 dev br0", "ip link set veth1 mtu 1400", "ip link set veth1 mtu 1500",
  "ip route add 10.20.0.0/16 via 172.168.1.11 metric 50", "ip route replace 10.20.0.0/16 via 172.168.1.12 metric 50",
  "ip route del 10.20.0.0/16 via 172.168.1.12 metric 50",
}

local block = A[article]
if block.needs and not L.kernel_has(block.needs) then
  print("SKIP this kernel has no " .. block.needs)
  os.exit(0)
end
local run = mode == "real" and L.real or L.nl
for _, line in ipairs(SETUP) do L.real(line) end
for _, line in ipairs(block) do
  local st = run(line)
  print(string.format("status %s  %s", tostring(st), line))
end
L.real("sleep 0.2")
print(L.digest())
