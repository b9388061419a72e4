--[[ ipip -- Linux 虚拟网络 IPIP: two hosts, a tunnel, and the packet seen at every hop.

Reproduces the article Linux 虚拟网络 IPIP (002_1f42ed51a86e9b1c.txt). Part one is the
article's manual build (二、手动搭建 ipip 网络): hosts 172.16.94.141 and
172.16.94.142 -- here the machines host141 and host142, joined by their ens33 --
each with a namespace ns1 behind a bridge br0 and an ipip tunnel tun0; then
the ping with ttl=62 and the article's three captures, and its four
conclusions proved from the packets. Part two is the containerlab variant
(一): routers gw1/gw2 and servers server1/server2, the four route tables, and
the packet's walk (数据包流向) as a path trace.

On a kernel without the ipip module netlearn's user-space tunnel stands in
for tun0: the same protocol-4 packets cross ens33, and `ip -d link` says so.
]]
title = { en = "IPIP: a tunnel between two hosts, and the packet at every hop",
          zh = "Linux 虚拟网络 IPIP：两台主机之间的隧道，以及每一跳上的数据包" }
article = { title = "Linux 虚拟网络 IPIP", file = "002_1f42ed51a86e9b1c.txt" }
objectives = {
  { en = "build the article's ipip network by hand on two hosts, command by command",
    zh = "按文章的命令，在两台主机上手动搭建 ipip 网络" },
  { en = "explain why the reply arrives with ttl=62",
    zh = "解释为什么回包的 ttl 是 62" },
  { en = "read the three captures: the underlay (ip proto 4), tun0 (raw IP, no MAC) and int0",
    zh = "看懂三处抓包：底层网卡（ip proto 4）、tun0（裸 IP，没有 MAC）和 int0" },
  { en = "prove the article's four conclusions from captured packets",
    zh = "用抓到的包证明文章的四条结论" },
  { en = "follow the packet through gw1 and gw2 in the router variant (数据包流向)",
    zh = "在路由器版本里跟踪数据包经过 gw1 和 gw2 的流向" },
}
summary = {
  en = "Before a packet enters an ipip interface its MACs change at every hop while its IPs stay; " ..
    "the tunnel wraps it in a new IP header (outer 172.16.94.141 > 172.16.94.142, protocol 4) " ..
    "and drops the Ethernet header; tun0 itself has no MAC. The far end strips the outer header and " ..
    "routes the inner packet as if it had arrived on tun0.",
  zh = "数据包进入 ipip 接口之前，每经过一个节点源/目的 MAC 都会改变，而源/目的 IP 不变；" ..
    "隧道在原数据包外面再封装一层 IP 头（外层 172.16.94.141 > 172.16.94.142，协议号 4），并去掉 MAC 信息；" ..
    "tun0 网卡本身也没有 MAC。对端去掉外层 IP 头，把内层数据包当作从 tun0 收到的普通 IP 包继续路由。",
}

steps = {
  -- Part one -----------------------------------------------------------------
  step {
    title = { en = "Two hosts and the wire between them", zh = "两台主机和它们之间的网线" },
    en = "The article's hosts 172.16.94.141 and 172.16.94.142 become two machines of the lab, " ..
      "host141 and host142: each is a network namespace, and inside each the commands run as on " ..
      "that host (a machine has namespaces of its own, so both can have an ns1). A veth pair " ..
      "stands in for the wire between their NICs, called ens33 as in the article.",
    zh = "文章中的两台主机 172.16.94.141 和 172.16.94.142，在实验里是两台“机器” host141 和 host142：" ..
      "每台机器是一个网络命名空间，在机器上执行的命令就像在那台主机上执行一样" ..
      "（每台机器有自己的命名空间，所以两台都可以有 ns1）。一对 veth 代替两台主机网卡之间的网线，" ..
      "网卡名和文章一样叫 ens33。",
    run = {
      "ip netns add host141",
      "ip netns add host142",
      "ip link add ens33 type veth peer name ens33 netns host142",
      "ip link set ens33 netns host141",
      "ip -n host141 addr add 172.16.94.141/24 dev ens33",
      "ip -n host142 addr add 172.16.94.142/24 dev ens33",
      "ip -n host141 link set ens33 up",
      "ip -n host142 link set ens33 up",
    },
    claims = {
      addr { ns = "host141", dev = "ens33", has = "172.16.94.141/24" },
      reaches { from = "host141", to = "172.16.94.142" },
    },
  },

  step {
    on = "host141",
    title = { en = "Host 141: ns1 behind br0", zh = "141 主机：br0 后面的 ns1" },
    en = "Now on host141, exactly as the article types it: a namespace ns1, a bridge br0, a veth " ..
      "pair int0/br-int0 with int0 in ns1 (10.1.5.10/24, default route via 10.1.5.1) and br-int0 " ..
      "plugged into br0, and the gateway address 10.1.5.1/24 on br0 itself.",
    zh = "现在在 host141 上，完全按文章的命令：创建命名空间 ns1、网桥 br0、一对 veth int0/br-int0，" ..
      "int0 放进 ns1（10.1.5.10/24，默认路由经 10.1.5.1），br-int0 插到 br0 上，" ..
      "再给 br0 配上网关地址 10.1.5.1/24。",
    run = {
      "ip netns add ns1",
      "ip l a br0 type bridge",
      "ip l s br0 up",
      "ip l a int0 type veth peer name br-int0",
      "ip l s int0 netns ns1",
      "ip netns exec ns1 ip l s int0 up",
      "ip netns exec ns1 ip a a 10.1.5.10/24 dev int0",
      "ip netns exec ns1 ip r a default via 10.1.5.1 dev int0",
      "ip l s br-int0 master br0",
      "ip l s br-int0 up",
      "ip a a 10.1.5.1/24 dev br0",
    },
    claims = {
      link { ns = "host", dev = "br-int0", master = "br0", up = true },
      route { ns = "ns1", has = "default via 10.1.5.1 dev int0" },
      reaches { from = "ns1", to = "10.1.5.1" },
    },
  },

  step {
    on = "host141",
    title = { en = "Host 141: the ipip tunnel and the route through it", zh = "141 主机：ipip 隧道和经过它的路由" },
    en = "`ip tunnel add tun0 mode ipip remote 172.16.94.142 local 172.16.94.141` makes the tunnel: " ..
      "whatever is routed into tun0 leaves inside a new IP packet from 172.16.94.141 to " ..
      "172.16.94.142. tun0 gets 1.1.1.1/24, and 10.1.8.0/24 is routed via 1.1.1.2 through it. " ..
      "The host forwards between br0 and tun0, so ip_forward is on (as it was on the article's hosts).",
    zh = "`ip tunnel add tun0 mode ipip remote 172.16.94.142 local 172.16.94.141` 创建隧道：" ..
      "路由进 tun0 的数据包，会被封装进一个从 172.16.94.141 发往 172.16.94.142 的新 IP 包。" ..
      "tun0 配置 1.1.1.1/24，并添加经 1.1.1.2、走 tun0 到 10.1.8.0/24 的路由。" ..
      "主机要在 br0 和 tun0 之间转发，所以打开 ip_forward（文章里的主机也是开着的）。",
    run = {
      "ip tunnel add tun0 mode ipip remote 172.16.94.142 local 172.16.94.141",
      "ip addr a 1.1.1.1/24 dev tun0",
      "ip link set tun0 up",
      "ip r a 10.1.8.0/24 via 1.1.1.2 dev tun0",
      "sysctl -w net.ipv4.ip_forward=1",
      "ip -d link show tun0",
    },
    claims = {
      link { ns = "host", dev = "tun0", type = "ipip", up = true },
      output { cmd = "ip -d link show tun0", contains = "remote 172.16.94.142 local 172.16.94.141" },
      route { ns = "host", has = "10.1.8.0/24 via 1.1.1.2 dev tun0" },
      sysctl { ns = "host", name = "net.ipv4.ip_forward", value = 1 },
    },
  },

  predict {
    on = "host141",
    title = { en = "Whose address is 1.1.1.1?", zh = "1.1.1.1 是谁的地址？" },
    en = "Host 141 is ready; host 142 has nothing yet but its ens33. 1.1.1.1 is the address of host141's tun0.",
    zh = "141 主机已经配好；142 主机除了 ens33 还什么都没有。1.1.1.1 是 host141 上 tun0 的地址。",
    ask = { en = "Will ns1 on host 141 reach 1.1.1.1 already?", zh = "141 上的 ns1 现在就能 ping 通 1.1.1.1 吗？" },
    answer = "yes",
    why = { en = "1.1.1.1 is an address of host141 itself: ns1 sends to its gateway br0 and host141 answers " ..
      "at once. Nothing goes through the tunnel (ttl 64: no router in between).",
      zh = "1.1.1.1 就是 host141 自己的地址：ns1 把包发给网关 br0，host141 直接回复，" ..
        "根本不经过隧道（ttl 64：中间没有路由器）。" },
    run = { "ip netns exec ns1 ping 1.1.1.1 -c 1" },
    claims = { reaches { from = "ns1", to = "1.1.1.1", ttl = 64 } },
  },

  step {
    on = "host142",
    title = { en = "Host 142: the mirror image", zh = "142 主机：镜像配置" },
    en = "The same on host142 with its own addresses: ns1 has 10.1.8.10/24 behind br0 (10.1.8.1), " ..
      "tun0 points back at 172.16.94.141 with 1.1.1.2/24, and 10.1.5.0/24 is routed via 1.1.1.1.",
    zh = "在 host142 上做同样的配置，换成它自己的地址：ns1 的 10.1.8.10/24 在 br0（10.1.8.1）后面，" ..
      "tun0 指回 172.16.94.141，地址 1.1.1.2/24，经 1.1.1.1 路由到 10.1.5.0/24。",
    run = {
      "ip netns add ns1",
      "ip l a br0 type bridge",
      "ip l s br0 up",
      "ip l a int0 type veth peer name br-int0",
      "ip l s int0 netns ns1",
      "ip netns exec ns1 ip l s int0 up",
      "ip netns exec ns1 ip a a 10.1.8.10/24 dev int0",
      "ip netns exec ns1 ip r a default via 10.1.8.1",
      "ip l s br-int0 master br0",
      "ip l s br-int0 up",
      "ip a a 10.1.8.1/24 dev br0",
      "ip tunnel add tun0 mode ipip remote 172.16.94.141 local 172.16.94.142",
      "ip addr a 1.1.1.2/24 dev tun0",
      "ip link set tun0 up",
      "ip r a 10.1.5.0/24 via 1.1.1.1 dev tun0",
      "sysctl -w net.ipv4.ip_forward=1",
    },
    claims = {
      link { ns = "host", dev = "tun0", type = "ipip", up = true },
      route { ns = "host", has = "10.1.5.0/24 via 1.1.1.1 dev tun0" },
      addr { ns = "ns1", dev = "int0", has = "10.1.8.10/24" },
    },
  },

  choice {
    title = { en = "Counting hops", zh = "数一数跳数" },
    ask = { en = "ns1 on host 142 answers with ttl=64. With what ttl does the reply reach ns1 on host 141?",
            zh = "142 上的 ns1 回包时 ttl=64。回包到达 141 上的 ns1 时 ttl 是多少？" },
    options = {
      { en = "64: a tunnel hides the hops", zh = "64：隧道把跳数隐藏了" },
      { en = "63: only one router on the way", zh = "63：路上只有一个路由器" },
      { en = "62: host142 and host141 each forward it once", zh = "62：host142 和 host141 各转发一次" },
      { en = "61: the tunnel counts as a hop too", zh = "61：隧道本身也算一跳" },
    },
    answer = 3,
    why = { en = "Each host routes the inner packet once (br0 -> tun0 on one side, tun0 -> br0 on the other) " ..
      "and decrements its ttl; the outer header's own ttl is separate and never reaches ns1.",
      zh = "两台主机各自对内层数据包做一次路由（一边 br0 -> tun0，另一边 tun0 -> br0），各减一次 ttl；" ..
        "外层 IP 头的 ttl 是另外一个，不会影响到 ns1。" },
  },

  step {
    on = "host141",
    title = { en = "The ping: ttl=62", zh = "ping 通了：ttl=62" },
    en = "The article's test, from ns1 on host141.",
    zh = "文章里的测试，从 141 上的 ns1 发起。",
    run = { "ip netns exec ns1 ping 10.1.8.10 -c 1" },
    claims = { ping { from = "ns1", to = "10.1.8.10", ttl = 62 } },
  },

  choice {
    title = { en = "What the underlay carries", zh = "底层网络上跑的是什么" },
    ask = { en = "On host 142's ens33, which MAC addresses does the frame carrying the request have?",
            zh = "在 142 主机的 ens33 上，承载这个请求的帧的 MAC 地址是哪两个？" },
    options = {
      { en = "ns1's int0 on host 141 -> ns1's int0 on host 142", zh = "141 上 ns1 的 int0 -> 142 上 ns1 的 int0" },
      { en = "host 141's ens33 -> host 142's ens33", zh = "141 主机的 ens33 -> 142 主机的 ens33" },
      { en = "none: an ipip packet has no MAC", zh = "没有：ipip 包没有 MAC" },
    },
    answer = 2,
    why = { en = "On the wire between the hosts the outer packet travels like any other: in an Ethernet frame " ..
      "from 141's NIC to 142's NIC. Only inside the tunnel is there no Ethernet header.",
      zh = "在两台主机之间的网线上，外层数据包和普通数据包一样装在以太网帧里，从 141 的网卡发往 142 的网卡。" ..
        "只有隧道内部的数据包没有以太网头。" },
  },

  step {
    title = { en = "Capture 1: host 142's ens33 with ip proto 4", zh = "抓包一：142 主机 ens33 上的 ip proto 4" },
    en = "The article captures on 142's ens33 with `tcpdump -pne -i ens33 'ip proto 4'`: the outer " ..
      "header 172.16.94.141 > 172.16.94.142 around the inner 10.1.5.10 > 10.1.8.10, in a frame from " ..
      "141's ens33 MAC to 142's. (tcpdump 4.99 no longer prints the article's `(ipip-proto-4)` suffix.)",
    zh = "文章在 142 的 ens33 上用 `tcpdump -pne -i ens33 'ip proto 4'` 抓包：外层 IP 头 " ..
      "172.16.94.141 > 172.16.94.142 包着内层的 10.1.5.10 > 10.1.8.10，帧的源 MAC 是 141 的 ens33，" ..
      "目的 MAC 是 142 的 ens33。（tcpdump 4.99 不再打印文章里的 `(ipip-proto-4)` 后缀。）",
    run = {
      "on host142 tcpdump -pne -i ens33 -c 2 'ip proto 4' &",
      "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1",
    },
    claims = {
      capture { ns = "host142", dev = "ens33", filter = "ip proto 4",
        during = "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1",
        shows = {
          { outer_src = "172.16.94.141", outer_dst = "172.16.94.142", inner_src = "10.1.5.10",
            inner_dst = "10.1.8.10", icmp = "echo request",
            eth_src_is_mac_of = { ns = "host141", dev = "ens33" }, eth_dst_is_mac_of = { ns = "host142", dev = "ens33" } },
          { outer_src = "172.16.94.142", outer_dst = "172.16.94.141", inner_src = "10.1.8.10",
            inner_dst = "10.1.5.10", icmp = "echo reply",
            eth_src_is_mac_of = { ns = "host142", dev = "ens33" }, eth_dst_is_mac_of = { ns = "host141", dev = "ens33" } },
        } },
    },
  },

  choice {
    title = { en = "Inside the tunnel", zh = "隧道里面" },
    ask = { en = "What does a capture on host 142's tun0 show?", zh = "在 142 主机的 tun0 上抓包能看到什么？" },
    options = {
      { en = "the outer header 172.16.94.141 > 172.16.94.142 and the MACs", zh = "外层 IP 头 172.16.94.141 > 172.16.94.142 和 MAC" },
      { en = "only the inner packet 10.1.5.10 > 10.1.8.10, with no MAC at all", zh = "只有内层数据包 10.1.5.10 > 10.1.8.10，完全没有 MAC" },
      { en = "the inner packet with ns1's MACs", zh = "内层数据包和 ns1 的 MAC" },
    },
    answer = 2,
    why = { en = "tun0 is a raw-IP device (link-type RAW): the tunnel has already removed the outer header " ..
      "on the way in, and there never was an Ethernet header inside.",
      zh = "tun0 是裸 IP 设备（link-type RAW）：收包时隧道已经去掉了外层 IP 头，而内层本来就没有以太网头。" },
  },

  step {
    on = "host142",
    title = { en = "Capture 2: tun0, raw IP", zh = "抓包二：tun0，裸 IP" },
    en = "`tcpdump -pne -i tun0`: link-type RAW (Raw IP). Only the inner addresses, and no MAC: " ..
      "the tunnel has taken off the outer header.",
    zh = "`tcpdump -pne -i tun0`：link-type RAW（Raw IP）。只有内层地址，没有 MAC：外层 IP 头已经被隧道去掉了。",
    run = {
      "tcpdump -pne -i tun0 -c 2 &",
      "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1",
    },
    claims = {
      capture { ns = "host", dev = "tun0",
        during = "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1",
        shows = {
          { src = "10.1.5.10", dst = "10.1.8.10", icmp = "echo request", no_eth = true },
          { src = "10.1.8.10", dst = "10.1.5.10", icmp = "echo reply", no_eth = true },
        },
        none = { proto = "ipip" } },
    },
  },

  step {
    on = "host142",
    title = { en = "Capture 3: int0 in host 142's ns1", zh = "抓包三：142 上 ns1 里的 int0" },
    en = "`ip netns exec ns1 tcpdump -pne -i int0`: Ethernet again, with new MACs -- from host142's " ..
      "br-int0 (br0 takes the MAC of its only port) to ns1's int0. The IP addresses are still " ..
      "10.1.5.10 > 10.1.8.10.",
    zh = "`ip netns exec ns1 tcpdump -pne -i int0`：又有以太网头了，MAC 是新的——从 142 的 br-int0" ..
      "（br0 用的是它唯一端口的 MAC）到 ns1 的 int0。IP 地址仍然是 10.1.5.10 > 10.1.8.10。",
    run = {
      "ip netns exec ns1 tcpdump -pne -i int0 -c 2 &",
      "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1",
    },
    claims = {
      capture { ns = "ns1", dev = "int0", filter = "icmp",
        during = "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1",
        shows = {
          { src = "10.1.5.10", dst = "10.1.8.10", icmp = "echo request",
            eth_src_is_mac_of = { ns = "host", dev = "br-int0" }, eth_dst_is_mac_of = { ns = "ns1", dev = "int0" } },
        } },
      link { ns = "host", dev = "br0", same_mac_as = { ns = "host", dev = "br-int0" } },
    },
  },

  step {
    title = { en = "The article's four conclusions, proved", zh = "文章的四条结论，逐条证明" },
    en = "1. Before the ipip interface the MACs change at every hop: on 141's int0 the request goes " ..
      "int0 -> br0 of host141; on 142's int0 it comes from 142's br0. " ..
      "2. The inner source and destination IPs never change: 10.1.5.10 > 10.1.8.10 everywhere. " ..
      "3. The tunnel adds an outer IP header (172.16.94.141 > 172.16.94.142, protocol 4) on top of the " ..
      "original packet. 4. The inner packet has no MAC, and tun0 itself has none.",
    zh = "1. 进入 ipip 接口之前，每经过一个节点 MAC 都会变：在 141 的 int0 上，请求从 int0 发往 host141 的 br0；" ..
      "在 142 的 int0 上，它来自 142 的 br0。2. 内层源 IP 和目的 IP 始终不变：到处都是 10.1.5.10 > 10.1.8.10。" ..
      "3. 隧道在原数据包外多封装一层 IP 头（172.16.94.141 > 172.16.94.142，协议 4）。" ..
      "4. 内层数据包没有 MAC，tun0 网卡本身也没有 MAC。",
    claims = {
      capture { ns = "host141:ns1", dev = "int0", filter = "icmp",
        during = "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1",
        shows = { src = "10.1.5.10", dst = "10.1.8.10", icmp = "echo request",
          eth_src_is_mac_of = { ns = "host141:ns1", dev = "int0" }, eth_dst_is_mac_of = { ns = "host141", dev = "br0" } },
        says = { en = "1. on host141's int0 the request goes from int0's MAC to host141's br0 (a new pair at each hop)",
                 zh = "1. 在 host141 的 int0 上，请求从 int0 的 MAC 发往 host141 的 br0（每一跳都换一对 MAC）" } },
      capture { ns = "host142", dev = "ens33", filter = "ip proto 4",
        during = "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1",
        shows = { inner_src = "10.1.5.10", inner_dst = "10.1.8.10", icmp = "echo request" },
        says = { en = "2. on the underlay the inner IPs are still 10.1.5.10 > 10.1.8.10",
                 zh = "2. 在底层网络上，内层 IP 仍然是 10.1.5.10 > 10.1.8.10" } },
      capture { ns = "host141", dev = "ens33", filter = "ip proto 4",
        during = "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1",
        shows = { outer_src = "172.16.94.141", outer_dst = "172.16.94.142", proto = "ipip" },
        says = { en = "3. leaving host141 the packet has an outer header 172.16.94.141 > 172.16.94.142, protocol 4",
                 zh = "3. 离开 host141 时，数据包多了一层外层 IP 头 172.16.94.141 > 172.16.94.142，协议号 4" } },
      capture { ns = "host141", dev = "tun0",
        during = "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1",
        shows = { src = "10.1.5.10", dst = "10.1.8.10", no_eth = true },
        says = { en = "4. on tun0 the packet has no MAC at all (raw IP)",
                 zh = "4. 在 tun0 上数据包完全没有 MAC（裸 IP）" } },
    },
  },

  predict {
    on = "host142",
    title = { en = "Without the route back", zh = "没有回程路由" },
    en = "Delete host142's route to 10.1.5.0/24 (the article's `ip r a 10.1.5.0/24 via 1.1.1.1 dev tun0`).",
    zh = "删掉 host142 上去往 10.1.5.0/24 的路由（文章里的 `ip r a 10.1.5.0/24 via 1.1.1.1 dev tun0`）。",
    ask = { en = "Will ns1 on host 141 still reach 10.1.8.10?", zh = "141 上的 ns1 还能 ping 通 10.1.8.10 吗？" },
    answer = "no",
    why = { en = "The request still arrives (host141 still has its route), but host142 does not know where " ..
      "10.1.5.10 is, so the reply never enters the tunnel.",
      zh = "请求仍然能到达（host141 的路由还在），但 host142 不知道 10.1.5.10 在哪里，回包进不了隧道。" },
    run = {
      "ip r d 10.1.5.0/24 via 1.1.1.1 dev tun0",
      fails "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1 -W 0.2",
    },
    claims = {
      route { ns = "host", lacks = "10.1.5.0/24" },
      capture { ns = "host", dev = "tun0",
        during = "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1 -W 0.2",
        shows = { src = "10.1.5.10", dst = "10.1.8.10", icmp = "echo request" },
        none = { icmp = "echo reply" },
        says = { en = "host142's tun0 sees the request arrive and no reply leave",
                 zh = "host142 的 tun0 上看得到请求进来，却没有回包出去" } },
    },
  },

  task {
    on = "host142",
    title = { en = "Put the route back", zh = "把路由加回去" },
    en = "Make ns1 on host 141 reach 10.1.8.10 again through the tunnel, from host142.",
    zh = "在 host142 上操作，让 141 上的 ns1 经隧道重新 ping 通 10.1.8.10。",
    hints = {
      { en = "host142 needs to know that 10.1.5.0/24 is behind the tunnel.", zh = "host142 需要知道 10.1.5.0/24 在隧道的另一边。" },
      { en = "ip r a 10.1.5.0/24 via 1.1.1.1 dev tun0", zh = "ip r a 10.1.5.0/24 via 1.1.1.1 dev tun0" },
    },
    solution = { "ip r a 10.1.5.0/24 via 1.1.1.1 dev tun0" },
    -- what must hold, not which line got there: `ip r a 10.1.5.0/24 dev tun0` works as well
    claims = {
      route { ns = "host", to = "10.1.5.10", dev = "tun0" },
      -- host141's ns1 (this step is on host142, whose own ns1 is 10.1.8.10)
      output { cmd = "on host141 ip netns exec ns1 ping -c 1 -W 1 10.1.8.10", status = 0,
        says = { en = "ns1 on host141 reaches 10.1.8.10 again", zh = "host141 上的 ns1 又能 ping 通 10.1.8.10" } },
    },
    why = { en = "Any route that sends 10.1.5.0/24 into tun0 brings the reply back: 'via 1.1.1.1' names " ..
      "the far end of the tunnel, but on a point-to-point tunnel 'dev tun0' alone does the same.",
            zh = "只要有一条路由把 10.1.5.0/24 送进 tun0，回包就能回去：'via 1.1.1.1' 写明了隧道的对端，" ..
      "但在点对点隧道上只写 'dev tun0' 效果一样。" },
  },

  -- Part two: the containerlab variant ---------------------------------------
  step {
    title = { en = "The router variant: gw1, gw2, server1, server2", zh = "路由器版本：gw1、gw2、server1、server2" },
    en = "The article's first part runs the same idea in containerlab: routers gw1 and gw2 (VyOS) joined " ..
      "by eth2 on 172.12.1.0/24, each with a server behind eth1. Here each node is a namespace; the " ..
      "links are the topology file's, and the VyOS configuration becomes the ip commands it stands for " ..
      "(the static route with VyOS's metric 20). The clab management network (eth0, 172.20.20.0/24) is left out.",
    zh = "文章的第一部分用 containerlab 做同样的事：路由器 gw1 和 gw2（VyOS）通过 eth2 连在 172.12.1.0/24 上，" ..
      "各自的 eth1 后面有一台服务器。这里每个节点是一个命名空间；链路与拓扑文件相同，" ..
      "VyOS 的配置换成等价的 ip 命令（静态路由沿用 VyOS 的 metric 20）。clab 的管理网络（eth0，172.20.20.0/24）省略。",
    run = {
      "ip netns add gw1", "ip netns add gw2", "ip netns add server1", "ip netns add server2",
      "ip -n gw1 link add eth1 type veth peer name net0 netns server1",
      "ip -n gw2 link add eth1 type veth peer name net0 netns server2",
      "ip -n gw1 link add eth2 type veth peer name eth2 netns gw2",
      "ip -n gw1 addr add 10.1.5.1/24 dev eth1", "ip -n gw1 addr add 172.12.1.10/24 dev eth2",
      "ip -n gw2 addr add 10.1.8.1/24 dev eth1", "ip -n gw2 addr add 172.12.1.11/24 dev eth2",
      "ip -n gw1 link set eth1 up", "ip -n gw1 link set eth2 up", "ip -n gw2 link set eth1 up", "ip -n gw2 link set eth2 up",
      "ip netns exec gw1 sysctl -w net.ipv4.ip_forward=1", "ip netns exec gw2 sysctl -w net.ipv4.ip_forward=1",
      "ip -n gw1 tunnel add tun0 mode ipip remote 172.12.1.11 local 172.12.1.10",
      "ip -n gw2 tunnel add tun0 mode ipip remote 172.12.1.10 local 172.12.1.11",
      "ip -n gw1 addr add 1.1.1.1/24 dev tun0", "ip -n gw2 addr add 1.1.1.2/24 dev tun0",
      "ip -n gw1 link set tun0 up", "ip -n gw2 link set tun0 up",
      "ip -n gw1 route add 10.1.8.0/24 via 1.1.1.2 dev tun0 proto static metric 20",
      "ip -n gw2 route add 10.1.5.0/24 via 1.1.1.1 dev tun0 proto static metric 20",
      "ip netns exec server1 ip link set net0 up",
      "ip netns exec server1 ip addr add 10.1.5.10/24 dev net0",
      "ip netns exec server1 ip route replace default via 10.1.5.1",
      "ip netns exec server2 ip link set net0 up",
      "ip netns exec server2 ip addr add 10.1.8.10/24 dev net0",
      "ip netns exec server2 ip route replace default via 10.1.8.1",
    },
    claims = {
      reaches { from = "server1", to = "10.1.8.10", ttl = 62 },
    },
  },

  step {
    title = { en = "The four route tables", zh = "四个节点的路由表" },
    en = "As the article lists them (`ip r s` on each node): the servers only know their subnet and a " ..
      "default via their gateway; each gateway has its connected subnets, 1.1.1.0/24 on tun0, and the " ..
      "static route to the far subnet via the tunnel.",
    zh = "和文章列出的一样（在每个节点上执行 `ip r s`）：服务器只知道自己的网段和经网关的默认路由；" ..
      "每个网关有直连网段、tun0 上的 1.1.1.0/24，以及经隧道去往对端网段的静态路由。",
    run = {
      "ip netns exec server1 ip r s", "ip netns exec server2 ip r s",
      "ip netns exec gw1 ip r s", "ip netns exec gw2 ip r s",
    },
    claims = {
      output { cmd = "ip netns exec server1 ip r s", contains = "default via 10.1.5.1 dev net0" },
      output { cmd = "ip netns exec server2 ip r s", contains = "10.1.8.0/24 dev net0 proto kernel scope link src 10.1.8.10" },
      output { cmd = "ip netns exec gw1 ip r s", contains = "10.1.8.0/24 via 1.1.1.2 dev tun0 proto static metric 20" },
      output { cmd = "ip netns exec gw1 ip r s", contains = "1.1.1.0/24 dev tun0 proto kernel scope link src 1.1.1.1" },
      output { cmd = "ip netns exec gw2 ip r s", contains = "10.1.5.0/24 via 1.1.1.1 dev tun0 proto static metric 20" },
      output { cmd = "ip netns exec gw2 ip r s", contains = "172.12.1.0/24 dev eth2 proto kernel scope link src 172.12.1.11" },
    },
  },

  step {
    title = { en = "The packet's walk (数据包流向)", zh = "数据包流向" },
    en = "`trace path` sends one ping from server1 to 10.1.8.10 while capturing on every interface of the " ..
      "lab, and prints where the packet was seen, hop by hop: server1's net0, gw1's eth1, into tun0, " ..
      "out of gw1's eth2 wrapped in 172.12.1.10 > 172.12.1.11, gw2's tun0 unwrapped, gw2's eth1, server2's net0.",
    zh = "`trace path` 从 server1 向 10.1.8.10 发一个 ping，同时在实验的所有网卡上抓包，" ..
      "逐跳打印数据包出现的位置：server1 的 net0、gw1 的 eth1、进入 tun0、" ..
      "封装成 172.12.1.10 > 172.12.1.11 从 gw1 的 eth2 出去、在 gw2 的 tun0 上解封装、gw2 的 eth1、server2 的 net0。",
    run = { "trace path server1 10.1.8.10" },
    claims = {
      output { cmd = "trace path server1 10.1.8.10", matches = "gw1.*172%.12%.1%.10 > 172%.12%.1%.11.*server2" },
      path { from = "server1", to = "10.1.8.10",
        through = { "server1/net0", "gw1/eth1", "gw1/tun0", "gw1/eth2", "gw2/eth2", "gw2/tun0", "gw2/eth1", "server2/net0" } },
      capture { ns = "gw2", dev = "eth2", filter = "ip proto 4", during = "ip netns exec server1 ping -c 1 10.1.8.10",
        shows = { outer_src = "172.12.1.10", outer_dst = "172.12.1.11", inner_src = "10.1.5.10", inner_dst = "10.1.8.10",
          eth_src_is_mac_of = { ns = "gw1", dev = "eth2" } } },
    },
  },
}
