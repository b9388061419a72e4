--[[ packet-path-bridge -- article 003, part 2: bridge as switch and router; veth routes by dev.

Rebuilds the middle of 包流转路径: a Linux bridge (brctl addbr br0) as a switch
joining two namespaces of one subnet; the same bridge as a router once it has
an address and ip_forward is on (a namespace in another subnet reaching
through it); and the article's veth-test example, where routes name only a
device (`ip route add 10.11.14.0/24 dev veth-test`, `ip route add default dev
veth-test2`), so two ends in different subnets ARP for each other directly.
The article's own veth-test lines contain two slips (`ip link set veth-test2
up` after the move, `ip link addr add`); both are shown failing, then fixed.
]]
title = { en = "The packet's path: a bridge as switch and router, veth routes by device",
          zh = "包流转路径：网桥当交换机和路由器，veth 按设备路由" }
article = { title = "包流转路径", file = "003_6a3d8ae981d53cd1.txt", section = "路由器 / bridge / veth-pair" }
objectives = {
  { en = "use a Linux bridge as a switch for one subnet", zh = "把 Linux 网桥当作一个网段的交换机" },
  { en = "turn it into a router: an address on the bridge and ip_forward", zh = "给网桥配地址、开 ip_forward，让它成为路由器" },
  { en = "route by device alone, and see ARP follow the route rather than the subnet",
    zh = "只按设备写路由，看到 ARP 跟着路由走而不是跟着网段走" },
}
requires = { "veth", "bridge" }
summary = {
  en = "A bridge switches frames between its ports within one subnet. Give it an address and turn on " ..
    "ip_forward, and the host behind it routes between subnets. A route that names only a device tells the " ..
    "kernel that every matching address is on that link, so it ARPs for the destination itself.",
  zh = "网桥在同一网段内的端口之间交换帧。给它配上地址、开启 ip_forward，它背后的主机就能在网段之间路由。" ..
    "只写设备的路由告诉内核：匹配的地址都在这条链路上，于是内核直接对目的地址发 ARP。",
}

steps = {
  step {
    title = { en = "A bridge is a switch", zh = "网桥就是交换机" },
    en = "bridge is Linux's switch. Make br0 the article's way (brctl addbr) and plug two namespaces of the " ..
      "subnet 192.168.10.0/24 into it, ns1 (192.168.10.11) and ns2 (192.168.10.12).",
    zh = "bridge 是 Linux 上的交换机。用文章的方式（brctl addbr）创建 br0，把同一网段 192.168.10.0/24 的两个命名空间" ..
      "接上去：ns1（192.168.10.11）和 ns2（192.168.10.12）。",
    run = {
      "brctl addbr br0",
      added "ip link set br0 up",
      added "ip netns add ns1",
      added "ip netns add ns2",
      added "ip link add veth-ns1 type veth peer name eth0 netns ns1",
      added "ip link add veth-ns2 type veth peer name eth0 netns ns2",
      added "ip link set veth-ns1 master br0",
      added "ip link set veth-ns2 master br0",
      added "ip link set veth-ns1 up",
      added "ip link set veth-ns2 up",
      added "ip netns exec ns1 ip addr add 192.168.10.11/24 dev eth0",
      added "ip netns exec ns1 ip link set eth0 up",
      added "ip netns exec ns2 ip addr add 192.168.10.12/24 dev eth0",
      added "ip netns exec ns2 ip link set eth0 up",
      "brctl show",
      added "ip netns exec ns1 ping -c 1 192.168.10.12",
    },
    claims = {
      link { dev = "veth-ns1", master = "br0" },
      reaches { from = "ns1", to = "192.168.10.12", ttl = 64 },
      capture { ns = "ns2", dev = "eth0", filter = "icmp", during = "ip netns exec ns1 ping -c 1 192.168.10.12",
        shows = { icmp = "echo request", src = "192.168.10.11", eth_src_is_mac_of = { ns = "ns1", dev = "eth0" } } },
    },
    why = { en = "The frame reaches ns2 with ns1's own MAC as its source: a switch passes frames on unchanged, " ..
      "it is not a hop, and the TTL stays 64.",
      zh = "帧到达 ns2 时源 MAC 还是 ns1 自己的：交换机原样转发帧，它不算一跳，TTL 还是 64。" },
  },

  predict {
    title = { en = "Another subnet", zh = "另一个网段" },
    en = "ns3 (192.168.20.13/24) is joined to the host by its own veth pair (veth-ns3 in the host).",
    zh = "ns3（192.168.20.13/24）通过自己的一对 veth 接到宿主机上（宿主机这端是 veth-ns3）。",
    ask = { en = "Will ns1 reach 192.168.20.13?", zh = "ns1 能 ping 通 192.168.20.13 吗？" },
    answer = "no",
    why = { en = "ns1 has no route for 192.168.20.0/24 at all: ping fails at once with 'Network is unreachable'. " ..
      "A switch only joins one subnet; another subnet needs a router.",
      zh = "ns1 根本没有去 192.168.20.0/24 的路由：ping 立刻报 Network is unreachable。" ..
      "交换机只连通一个网段；去别的网段要靠路由器。" },
    run = {
      added "ip netns add ns3",
      added "ip link add veth-ns3 type veth peer name eth0 netns ns3",
      added "ip link set veth-ns3 up",
      added "ip netns exec ns3 ip addr add 192.168.20.13/24 dev eth0",
      added "ip netns exec ns3 ip link set eth0 up",
      added(fails "ip netns exec ns1 ping -c 1 192.168.20.13"),
    },
    claims = {
      not_reaches { from = "ns1", to = "192.168.20.13", error = "Network is unreachable" },
    },
  },

  predict {
    title = { en = "Addresses and routes, forwarding off", zh = "有了地址和路由，但没开转发" },
    en = "Give br0 the address 192.168.10.1/24 and veth-ns3 192.168.20.1/24: the host is now in both subnets. " ..
      "ns1 and ns3 get default routes through those addresses. ip_forward is still 0.",
    zh = "给 br0 配上 192.168.10.1/24，给 veth-ns3 配上 192.168.20.1/24：宿主机现在在两个网段里都有地址。" ..
      "ns1 和 ns3 各自加一条经由这两个地址的默认路由。ip_forward 仍然是 0。",
    ask = { en = "Will ns1 reach 192.168.20.13 now?", zh = "现在 ns1 能 ping 通 192.168.20.13 吗？" },
    answer = "no",
    why = { en = "ns1 now sends to its gateway br0, but the host drops a packet that is not for itself unless " ..
      "ip_forward is 1. Nothing comes out of veth-ns3.",
      zh = "ns1 现在把包发给网关 br0，但 ip_forward 不是 1 时，宿主机会丢掉不是发给自己的包。veth-ns3 上什么也出不来。" },
    run = {
      added "ip addr add 192.168.10.1/24 dev br0",
      added "ip addr add 192.168.20.1/24 dev veth-ns3",
      added "ip netns exec ns1 ip route add default via 192.168.10.1",
      added "ip netns exec ns3 ip route add default via 192.168.20.1",
      added "ip netns exec ns1 ping -c 1 192.168.10.1",
      added(fails "ip netns exec ns1 ping -c 1 -W 0.2 192.168.20.13"),
    },
    claims = {
      sysctl { name = "net.ipv4.ip_forward", value = 0 },
      capture { dev = "veth-ns3", filter = "icmp", during = "ip netns exec ns1 ping -c 1 -W 0.2 192.168.20.13",
        none = true },
    },
  },

  task {
    title = { en = "Make the bridge route", zh = "让网桥路由起来" },
    en = "Make ns1 reach ns3 (192.168.20.13) through the host. One setting is missing.",
    zh = "让 ns1 经过宿主机 ping 通 ns3（192.168.20.13）。只差一个设置。",
    claims = {
      reaches { from = "ns1", to = "192.168.20.13", ttl = 63 },
    },
    hints = {
      { en = "Linux forwards packets between its devices only when ip_forward is 1.",
        zh = "只有 ip_forward 为 1 时，Linux 才在网卡之间转发包。" },
      { en = "echo 1 > /proc/sys/net/ipv4/ip_forward", zh = "echo 1 > /proc/sys/net/ipv4/ip_forward" },
    },
    solution = { added "echo 1 > /proc/sys/net/ipv4/ip_forward" },
    why = { en = "ttl=63: ns3 answered with 64 and the host, now a router, took one off.",
            zh = "ttl=63：ns3 回包时是 64，宿主机现在是路由器，转发时减了 1。" },
  },

  step {
    title = { en = "veth-test, as the article types it", zh = "veth-test：照文章敲一遍" },
    en = "The article's veth example. Two of its lines do not work as written: once veth-test2 has moved into " ..
      "test_veth, the host cannot see it, and 'ip link addr' is not a command (addresses are 'ip addr'). Each is " ..
      "shown failing, then the line that works.",
    zh = "文章里的 veth 例子。有两行照写是不行的：veth-test2 移进 test_veth 之后，宿主机就看不到它了；" ..
      "'ip link addr' 也不是命令（地址用 'ip addr'）。下面先让它们失败给你看，再给出能用的写法。",
    run = {
      "ip netns add test_veth",
      "ip link add veth-test type veth peer name veth-test2",
      "ip link set veth-test2 netns test_veth",
      "ip link set veth-test up",
      fails "ip link set veth-test2 up",
      added "ip netns exec test_veth ip link set veth-test2 up",
      fails "ip link addr add 10.11.13.3/24 dev veth-test",
      added "ip addr add 10.11.13.3/24 dev veth-test",
      added "ip netns exec test_veth ip addr add 10.11.14.4/24 dev veth-test2",
    },
    claims = {
      addr { dev = "veth-test", has = "10.11.13.3/24" },
      addr { ns = "test_veth", dev = "veth-test2", has = "10.11.14.4/24" },
      route { to = "10.11.14.4", unreachable = true },
    },
  },

  predict {
    title = { en = "A route by device", zh = "按设备写的路由" },
    en = "The article adds a route that names only a device: packets for 10.11.14.0/24 leave by veth-test. " ..
      "There is no gateway, so the kernel treats 10.11.14.4 as being on that link and ARPs for it directly.",
    zh = "文章加了一条只写设备的路由：发往 10.11.14.0/24 的包从 veth-test 出去。没有网关，" ..
      "内核就认为 10.11.14.4 就在这条链路上，直接对它发 ARP。",
    ask = { en = "Will the host reach 10.11.14.4 now?", zh = "现在宿主机能 ping 通 10.11.14.4 吗？" },
    answer = "no",
    why = { en = "The request gets there: ARP works across the two subnets because the route says the link " ..
      "is the way. But test_veth has only 10.11.14.0/24: it has no route back to 10.11.13.3 and its reply is " ..
      "never sent.",
      zh = "请求是能过去的：因为路由说走这条链路，ARP 在两个网段之间也能成功。但 test_veth 里只有 10.11.14.0/24：" ..
      "它没有回 10.11.13.3 的路由，回包根本发不出来。" },
    run = {
      "ip route add 10.11.14.0/24 dev veth-test",
      added(fails "ping -c 1 -W 0.2 10.11.14.4"),
    },
    claims = {
      route { to = "10.11.14.4", dev = "veth-test" },
      capture { dev = "veth-test", filter = "arp or icmp", during = "ping -c 1 -W 0.2 10.11.14.4",
        shows = { icmp = "echo request", src = "10.11.13.3", dst = "10.11.14.4" },
        none = { icmp = "echo reply" } },
      route { ns = "test_veth", to = "10.11.13.3", unreachable = true },
    },
  },

  step {
    title = { en = "A default route by device", zh = "按设备写的默认路由" },
    en = "The article's last line gives test_veth a default route with only a device: everything leaves by " ..
      "veth-test2, and every address counts as on the link. Now the reply goes back, and test_veth ARPs for " ..
      "10.11.13.3 itself, an address outside its own subnet.",
    zh = "文章最后一行给 test_veth 加了只写设备的默认路由：所有包都从 veth-test2 出去，任何地址都算在这条链路上。" ..
      "现在回包能发出去了，test_veth 自己对 10.11.13.3 发 ARP，而这个地址并不在它的网段里。",
    run = {
      added "ip netns exec test_veth ip route add default dev veth-test2",
      added "ip netns exec test_veth ip route",
      added "ping -c 1 10.11.14.4",
    },
    claims = {
      reaches { to = "10.11.14.4", ttl = 64 },
      capture { dev = "veth-test", filter = "arp",
        during = { "ip netns exec test_veth ip neigh flush dev veth-test2", "ping -c 1 10.11.14.4" },
        shows = { arp = "request", arp_who_has = "10.11.13.3", text = "tell 10.11.14.4" } },
    },
  },

  choice {
    title = { en = "ARP across subnets?", zh = "ARP 跨网段了？" },
    ask = { en = "The previous lesson showed that ARP never crosses a subnet, yet here 10.11.13.3 and " ..
      "10.11.14.4 ARP for each other. Why?",
      zh = "上一课说 ARP 不跨网段，这里 10.11.13.3 和 10.11.14.4 却互相发 ARP。为什么？" },
    options = {
      { en = "A route with only 'dev' says the destination is on that link, so the kernel ARPs for it there",
        zh = "只写 dev 的路由表示目的地址就在这条链路上，内核就在链路上对它发 ARP" },
      { en = "veth devices ignore subnets", zh = "veth 设备不管网段" },
      { en = "The bridge br0 relays ARP between subnets", zh = "网桥 br0 在网段之间中转了 ARP" },
    },
    answer = 1,
    why = { en = "What counts as 'my subnet' is whatever the routes say is on-link. Usually that is the " ..
      "prefix of an address (the kernel's proto kernel route); a 'dev' route adds more. A router is needed " ..
      "only where a route says 'via'.",
      zh = "所谓“本网段”，就是路由表说在链路上（on-link）的那些地址。通常就是地址的前缀（内核自动加的 proto kernel 路由）；" ..
      "一条 dev 路由会再加上一段。只有路由写着 via 的地方才需要路由器。" },
  },
}
