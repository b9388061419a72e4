--[[ ipip -- Linux 虚拟网络 IPIP: two hosts, a tunnel, and the packet seen at every hop.

Reproduces the article Linux 虚拟网络 IPIP (002_1f42ed51a86e9b1c.txt). Part one is the
article's manual build (二、手动搭建 ipip 网络): hosts 172.16.94.141 and
172.16.94.142 -- here the machines host141 and host142, joined by their ens33 --
each with a namespace ns1 behind a bridge br0 and an ipip tunnel tun0; then
the ping with ttl=62, the article's three captures, its four conclusions
proved from the packets and the whole walk as a path trace. Then what the
article leaves out: what ipip carries (IPv4 only; IPv6 over IPv4 is sit), the
20 bytes it adds (MTU 1480, and path-MTU discovery), the route back and
rp_filter. Part two is the containerlab variant (一): routers gw1/gw2 and
servers server1/server2, the four route tables, and the packet's walk
(数据包流向) as a path trace.

The article's commands run as printed (on the host the article typed them
on: `on host142 ...`); every other line is the lesson's and is marked
`added`; tests/lua/84b-lesson-article-cmds.lua checks both against
tests/data/article-002.cmds.

On a kernel without the ipip module netlearn's user-space tunnel stands in
for tun0: the same protocol-4 packets cross ens33, and `ip -d link` says so.
Everything the lesson proves holds for both (tun0 has MTU 1480 either way,
and the "Frag needed" comes from host141 forwarding into tun0, not from the
tunnel).
]]
title = { en = "IPIP: a tunnel between two hosts, and the packet at every hop",
          zh = "Linux 虚拟网络 IPIP：两台主机之间的隧道，以及每一跳上的数据包" }
article = { title = "Linux 虚拟网络 IPIP", file = "002_1f42ed51a86e9b1c.txt" }
objectives = {
  { en = "build the article's ipip network by hand on two hosts, command by command",
    zh = "按文章的命令，在两台主机上手动搭建 ipip 网络" },
  { en = "explain why the reply arrives with ttl=62, and what ttl the outer header gets (ttl inherit)",
    zh = "解释为什么回包的 ttl 是 62，以及外层 IP 头的 ttl 从哪里来（ttl inherit）" },
  { en = "read the three captures: the underlay (ip proto 4), tun0 (raw IP, no MAC) and int0",
    zh = "看懂三处抓包：底层网卡（ip proto 4）、tun0（裸 IP，没有 MAC）和 int0" },
  { en = "prove the article's four conclusions from captured packets, and correct two of its claims",
    zh = "用抓到的包证明文章的四条结论，并纠正文章里的两处说法" },
  { en = "see the 20 bytes the tunnel adds: MTU 1480, and path-MTU discovery when a packet does not fit",
    zh = "看到隧道多出的 20 字节：MTU 1480，以及包太大时的路径 MTU 发现" },
  { en = "find out what happens without the route back, with rp_filter off and on",
    zh = "弄清楚没有回程路由时会发生什么，rp_filter 关和开各是什么结果" },
  { en = "follow the packet through gw1 and gw2 in the router variant (数据包流向)",
    zh = "在路由器版本里跟踪数据包经过 gw1 和 gw2 的流向" },
}
summary = {
  en = "Before a packet enters an ipip interface its MACs change at every routed hop (a bridge passes the frame " ..
    "on unchanged) while its IPs stay; the tunnel wraps it in a new IPv4 header (outer 172.16.94.141 > " ..
    "172.16.94.142, protocol 4, its ttl inherited from the inner packet) and drops the Ethernet header; tun0 " ..
    "itself has no MAC. The 20-byte header leaves tun0 an MTU of 1480 on a 1500-byte underlay. The far end strips " ..
    "the outer header and routes the inner packet as if it had arrived on tun0, so it needs a route back. " ..
    "ipip carries only IPv4; IPv6 over IPv4 is a sit tunnel.",
  zh = "数据包进入 ipip 接口之前，每经过一个路由节点源/目的 MAC 都会改变（网桥原样转发帧，不改 MAC），而源/目的 IP 不变；" ..
    "隧道在原数据包外面再封装一层 IPv4 头（外层 172.16.94.141 > 172.16.94.142，协议号 4，ttl 继承自内层包），并去掉 MAC 信息；" ..
    "tun0 网卡本身也没有 MAC。多出的 20 字节 IP 头让 1500 字节的底层网络上 tun0 的 MTU 只有 1480。" ..
    "对端去掉外层 IP 头，把内层数据包当作从 tun0 收到的普通 IP 包继续路由，所以需要回程路由。" ..
    "ipip 只能承载 IPv4；IPv6 over IPv4 要用 sit 隧道。",
}

steps = {
  -- Part one: the article's manual build (二) ---------------------------------
  step {
    title = { en = "Two hosts and the wire between them", zh = "两台主机和它们之间的网线" },
    en = "The article's hosts 172.16.94.141 and 172.16.94.142 become two machines of the lab, " ..
      "host141 and host142: each is a network namespace, and inside each the commands run as on " ..
      "that host (a machine has namespaces of its own, so both can have an ns1). A veth pair " ..
      "stands in for the wire between their NICs, called ens33 as in the article. The article " ..
      "starts from two hosts that exist, so these lines are the lesson's (marked).",
    zh = "文章中的两台主机 172.16.94.141 和 172.16.94.142，在实验里是两台“机器” host141 和 host142：" ..
      "每台机器是一个网络命名空间，在机器上执行的命令就像在那台主机上执行一样" ..
      "（每台机器有自己的命名空间，所以两台都可以有 ns1）。一对 veth 代替两台主机网卡之间的网线，" ..
      "网卡名和文章一样叫 ens33。文章里两台主机本来就有，所以这几行是课程补充的（有标记）。",
    run = {
      added "ip netns add host141",
      added "ip netns add host142",
      added "ip link add ens33 type veth peer name ens33 netns host142",
      added "ip link set ens33 netns host141",
      added "ip -n host141 addr add 172.16.94.141/24 dev ens33",
      added "ip -n host142 addr add 172.16.94.142/24 dev ens33",
      added "ip -n host141 link set ens33 up",
      added "ip -n host142 link set ens33 up",
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
      "The host forwards between br0 and tun0, so ip_forward is on (as it was on the article's hosts; " ..
      "the lab starts with it off). `ip -d link` shows `ttl inherit`: the article sets no ttl, so the " ..
      "outer header will copy the ttl of the packet it carries.",
    zh = "`ip tunnel add tun0 mode ipip remote 172.16.94.142 local 172.16.94.141` 创建隧道：" ..
      "路由进 tun0 的数据包，会被封装进一个从 172.16.94.141 发往 172.16.94.142 的新 IP 包。" ..
      "tun0 配置 1.1.1.1/24，并添加经 1.1.1.2、走 tun0 到 10.1.8.0/24 的路由。" ..
      "主机要在 br0 和 tun0 之间转发，所以打开 ip_forward（文章里的主机也是开着的；实验开始时是关的）。" ..
      "`ip -d link` 显示 `ttl inherit`：文章没有设置 ttl，所以外层 IP 头会沿用它所承载的数据包的 ttl。",
    run = {
      "ip tunnel add tun0 mode ipip remote 172.16.94.142 local 172.16.94.141",
      "ip addr a 1.1.1.1/24 dev tun0",
      "ip link set tun0 up",
      "ip r a 10.1.8.0/24 via 1.1.1.2 dev tun0",
      added "sysctl -w net.ipv4.ip_forward=1",
      added "ip -d link show tun0",
    },
    claims = {
      link { ns = "host", dev = "tun0", type = "ipip", up = true },
      output { cmd = "ip -d link show tun0", contains = "remote 172.16.94.142 local 172.16.94.141 ttl inherit" },
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
    run = { added "ip netns exec ns1 ping 1.1.1.1 -c 1" },
    claims = { reaches { from = "ns1", to = "1.1.1.1", ttl = 64 } },
  },

  step {
    on = "host142",
    title = { en = "Host 142: ns1 behind br0", zh = "142 主机：br0 后面的 ns1" },
    en = "The same on host142 with its own addresses: ns1 has 10.1.8.10/24 behind br0, whose address " ..
      "10.1.8.1 is ns1's gateway.",
    zh = "在 host142 上做同样的配置，换成它自己的地址：ns1 的 10.1.8.10/24 在 br0 后面，" ..
      "br0 的地址 10.1.8.1 是 ns1 的网关。",
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
    },
    claims = {
      addr { ns = "ns1", dev = "int0", has = "10.1.8.10/24" },
      reaches { from = "ns1", to = "10.1.8.1" },
    },
  },

  step {
    on = "host142",
    title = { en = "Host 142: the tunnel back", zh = "142 主机：反方向的隧道" },
    en = "tun0 on host142 points back at 172.16.94.141 with 1.1.1.2/24, and 10.1.5.0/24 is routed via " ..
      "1.1.1.1 through it: the two tunnels are mirror images.",
    zh = "host142 上的 tun0 指回 172.16.94.141，地址 1.1.1.2/24，并经 1.1.1.1、走 tun0 路由到 10.1.5.0/24：" ..
      "两端的隧道互为镜像。",
    run = {
      "ip tunnel add tun0 mode ipip remote 172.16.94.141 local 172.16.94.142",
      "ip addr a 1.1.1.2/24 dev tun0",
      "ip link set tun0 up",
      "ip r a 10.1.5.0/24 via 1.1.1.1 dev tun0",
      added "sysctl -w net.ipv4.ip_forward=1",
    },
    claims = {
      link { ns = "host", dev = "tun0", type = "ipip", up = true },
      route { ns = "host", has = "10.1.5.0/24 via 1.1.1.1 dev tun0" },
      sysctl { ns = "host", name = "net.ipv4.ip_forward", value = 1 },
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
    title = { en = "What ipip carries", zh = "ipip 能承载什么" },
    en = "The article opens with: IPIP is a point-to-point tunnel \"for carrying IPv4 or IPv6 packets over an " ..
      "IPv4 network\", and it can \"connect an IPv4 network with an IPv6 network\".",
    zh = "文章开头说：IPIP 隧道是一种点对点隧道协议，“用于在 IPv4 网络上传输 IPv4 或 IPv6 数据包”，" ..
      "还可以“在 IPv4 网络和 IPv6 网络之间建立连接”。",
    ask = { en = "What does a tunnel made with `mode ipip` carry?", zh = "用 `mode ipip` 创建的隧道能承载什么？" },
    options = {
      { en = "IPv4 and IPv6 packets, as the article says", zh = "IPv4 和 IPv6 数据包，和文章说的一样" },
      { en = "only IPv4 inside IPv4 (IP protocol 4); IPv6 over IPv4 needs a sit tunnel (protocol 41)",
        zh = "只有 IPv4 套 IPv4（IP 协议号 4）；IPv6 over IPv4 要用 sit 隧道（协议号 41）" },
      { en = "whole Ethernet frames, MACs included", zh = "完整的以太网帧，连同 MAC" },
    },
    answer = 2,
    why = { en = "The article is wrong here. IPIP (RFC 2003) puts an IPv4 packet inside an IPv4 header with " ..
      "protocol 4, and Linux's ipip device carries IPv4 only. IPv6 over IPv4 is a different tunnel, " ..
      "`ip tunnel add NAME mode sit ...` (protocol 41); IPv4 or IPv6 over IPv6 is ip6tnl. What the article " ..
      "describes, linking IPv4 and IPv6 networks, is sit's job. Ethernet frames over IP are gretap or vxlan.",
      zh = "这里文章说错了。IPIP（RFC 2003）是把 IPv4 包装进一个协议号为 4 的 IPv4 头里，Linux 的 ipip 设备只承载 IPv4。" ..
        "IPv6 over IPv4 是另一种隧道：`ip tunnel add NAME mode sit ...`（协议号 41）；IPv4 或 IPv6 over IPv6 是 ip6tnl。" ..
        "文章说的连接 IPv4 和 IPv6 网络，是 sit 的工作。要在 IP 上传以太网帧，用的是 gretap 或 vxlan。" },
    claims = {
      capture { ns = "host142", dev = "ens33", filter = "ip proto 4",
        during = "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1",
        shows = { proto = "ipip", outer_src = "172.16.94.141", inner_src = "10.1.5.10", icmp = "echo request" },
        says = { en = "on ens33 the tunnel's packets are IPv4 with protocol 4, an IPv4 packet inside",
                 zh = "ens33 上隧道的包是协议号为 4 的 IPv4 包，里面装的是一个 IPv4 包" } },
      output { cmd = "ip -n host141 -d link show tun0", contains = "link/ipip 172.16.94.141 peer 172.16.94.142",
        says = { en = "tun0's link type is ipip: IPv4 endpoints at both ends",
                 zh = "tun0 的链路类型是 ipip：两端都是 IPv4 地址" } },
    },
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
      "141's ens33 MAC to 142's. (`-c 2` and `&` are the lesson's: the capture runs beside the ping and stops " ..
      "after two packets. tcpdump 4.99 no longer prints the article's `(ipip-proto-4)` suffix.) The outer " ..
      "header's ttl is 63, the inner packet's after host141 routed it once: that is `ttl inherit`.",
    zh = "文章在 142 的 ens33 上用 `tcpdump -pne -i ens33 'ip proto 4'` 抓包：外层 IP 头 " ..
      "172.16.94.141 > 172.16.94.142 包着内层的 10.1.5.10 > 10.1.8.10，帧的源 MAC 是 141 的 ens33，" ..
      "目的 MAC 是 142 的 ens33。（`-c 2` 和 `&` 是课程加的：抓包在 ping 旁边运行，抓到两个包就停。" ..
      "tcpdump 4.99 不再打印文章里的 `(ipip-proto-4)` 后缀。）外层 IP 头的 ttl 是 63，" ..
      "也就是内层包被 host141 路由一次之后的 ttl：这就是 `ttl inherit`。",
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
      capture { ns = "host142", dev = "ens33", filter = "ip proto 4",
        during = "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1",
        shows = { outer_src = "172.16.94.141", inner_src = "10.1.5.10", icmp = "echo request", ttl = 63 },
        says = { en = "ttl inherit: the request's outer header has ttl 63, the inner packet's after one routed hop",
                 zh = "ttl inherit：请求的外层 IP 头 ttl 是 63，等于内层包经过一次路由之后的 ttl" } },
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
      "br0, which routed the packet, to ns1's int0. The IP addresses are still 10.1.5.10 > 10.1.8.10. " ..
      "The article calls the source MAC br-int0's, and here it is the same: a bridge with no MAC of its own " ..
      "takes its port's. That holds in this sandbox and on the article's host, but not on most systemd hosts: " ..
      "there udev/systemd-networkd give every new bridge a fixed MAC of its own (MACAddressPolicy=persistent), " ..
      "so the frames come from br0's MAC, which is not br-int0's.",
    zh = "`ip netns exec ns1 tcpdump -pne -i int0`：又有以太网头了，MAC 是新的——从做路由的 host142 的 br0 " ..
      "发往 ns1 的 int0。IP 地址仍然是 10.1.5.10 > 10.1.8.10。文章说源 MAC 是 br-int0 的，在这里也一样：" ..
      "没有自己 MAC 的网桥会用它端口的 MAC。这一点在这个沙箱里和文章的主机上成立，但在大多数 systemd 主机上不成立：" ..
      "那里 udev/systemd-networkd 会给每个新网桥一个固定的、它自己的 MAC（MACAddressPolicy=persistent），" ..
      "帧的源 MAC 是 br0 的，和 br-int0 的不一样。",
    run = {
      "ip netns exec ns1 tcpdump -pne -i int0 -c 2 &",
      "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1",
    },
    claims = {
      capture { ns = "ns1", dev = "int0", filter = "icmp",
        during = "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1",
        shows = {
          { src = "10.1.5.10", dst = "10.1.8.10", icmp = "echo request",
            eth_src_is_mac_of = { ns = "host", dev = "br0" }, eth_dst_is_mac_of = { ns = "ns1", dev = "int0" } },
        } },
      link { ns = "host", dev = "br0", same_mac_as = { ns = "host", dev = "br-int0" },
        says = { en = "in this sandbox br0 has taken the MAC of its port br-int0 (on a systemd host it has its own)",
                 zh = "在这个沙箱里 br0 用的是它端口 br-int0 的 MAC（在 systemd 主机上它有自己的 MAC）" } },
    },
  },

  step {
    title = { en = "The article's four conclusions, proved", zh = "文章的四条结论，逐条证明" },
    en = "Three captures at once, then one ping: host141's int0, host141's br-int0 (a port of br0) and " ..
      "host142's int0 (the lesson's captures, marked). " ..
      "1. The article says the MACs change at every node before the ipip interface; more exactly, at every " ..
      "*routed* hop: on host141's int0 and on its bridge port br-int0 the request has the same MACs (int0 -> br0: " ..
      "a bridge passes the frame on unchanged), while on host142's int0 it comes from host142's br0, which routed it. " ..
      "2. The inner source and destination IPs never change: 10.1.5.10 > 10.1.8.10 everywhere. " ..
      "3. The tunnel adds an outer IP header (172.16.94.141 > 172.16.94.142, protocol 4) on top of the " ..
      "original packet. 4. The inner packet has no MAC, and tun0 itself has none.",
    zh = "同时开三个抓包，再 ping 一次：host141 的 int0、host141 的 br-int0（br0 的端口）和 host142 的 int0" ..
      "（课程加的抓包，有标记）。" ..
      "1. 文章说进入 ipip 接口之前每经过一个节点 MAC 都会变；更准确地说，是每经过一次*路由*：" ..
      "在 host141 的 int0 和它的网桥端口 br-int0 上，请求的 MAC 相同（int0 -> br0：网桥原样转发帧），" ..
      "而在 host142 的 int0 上，它来自做了路由的 host142 的 br0。" ..
      "2. 内层源 IP 和目的 IP 始终不变：到处都是 10.1.5.10 > 10.1.8.10。" ..
      "3. 隧道在原数据包外多封装一层 IP 头（172.16.94.141 > 172.16.94.142，协议 4）。" ..
      "4. 内层数据包没有 MAC，tun0 网卡本身也没有 MAC。",
    run = {
      added "on host141 ip netns exec ns1 tcpdump -pne -i int0 -c 2 icmp &",
      added "on host141 tcpdump -pne -i br-int0 -c 2 icmp &",
      added "on host142 ip netns exec ns1 tcpdump -pne -i int0 -c 2 icmp &",
      "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1",
    },
    claims = {
      capture { ns = "host141:ns1", dev = "int0", filter = "icmp",
        during = "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1",
        shows = { src = "10.1.5.10", dst = "10.1.8.10", icmp = "echo request",
          eth_src_is_mac_of = { ns = "host141:ns1", dev = "int0" }, eth_dst_is_mac_of = { ns = "host141", dev = "br0" } },
        says = { en = "1. on host141's int0 the request goes from int0's MAC to host141's br0",
                 zh = "1. 在 host141 的 int0 上，请求从 int0 的 MAC 发往 host141 的 br0" } },
      capture { ns = "host141", dev = "br-int0", filter = "icmp",
        during = "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1",
        shows = { src = "10.1.5.10", dst = "10.1.8.10", icmp = "echo request",
          eth_src_is_mac_of = { ns = "host141:ns1", dev = "int0" }, eth_dst_is_mac_of = { ns = "host141", dev = "br0" } },
        says = { en = "1. on the bridge port br-int0 the MACs are still int0 -> br0: a bridge does not change them",
                 zh = "1. 在网桥端口 br-int0 上 MAC 仍然是 int0 -> br0：网桥不改 MAC" } },
      capture { ns = "host142:ns1", dev = "int0", filter = "icmp",
        during = "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1",
        shows = { src = "10.1.5.10", dst = "10.1.8.10", icmp = "echo request",
          eth_src_is_mac_of = { ns = "host142", dev = "br0" }, eth_dst_is_mac_of = { ns = "host142:ns1", dev = "int0" } },
        says = { en = "1. after host142 routed it, the request has new MACs: host142's br0 -> its ns1's int0",
                 zh = "1. 经过 host142 路由之后，请求换了一对 MAC：host142 的 br0 -> 它的 ns1 的 int0" } },
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

  step {
    title = { en = "The whole walk, hop by hop", zh = "完整的路径，逐跳查看" },
    en = "`trace path` (the lesson's) sends one ping from host141's ns1 and captures on every interface of both " ..
      "hosts at once: the request goes int0, br-int0 and br0 on host141, into tun0 (no MAC), out of ens33 inside " ..
      "172.16.94.141 > 172.16.94.142, into host142's ens33 and tun0, out by br0 and br-int0 to its ns1; the reply " ..
      "comes back the same way. The TTL column shows the two routed hops (64, 63, 62); a wide terminal also shows the MACs.",
    zh = "`trace path`（课程加的）从 host141 的 ns1 发一个 ping，同时在两台主机的所有网卡上抓包：" ..
      "请求依次经过 host141 的 int0、br-int0 和 br0，进入 tun0（没有 MAC），封装成 172.16.94.141 > 172.16.94.142 " ..
      "从 ens33 出去，进入 host142 的 ens33 和 tun0，再经 br0 和 br-int0 到它的 ns1；回包原路返回。" ..
      "TTL 一列能看到两次路由（64、63、62）；终端够宽时还会显示 MAC。",
    run = { added "trace path host141:ns1 10.1.8.10" },
    claims = {
      path { from = "host141:ns1", to = "10.1.8.10",
        through = { "host141:ns1/int0", "host141/br-int0", "host141/br0", "host141/tun0", "host141/ens33",
          "host142/ens33", "host142/tun0", "host142/br0", "host142/br-int0", "host142:ns1/int0" } },
    },
  },

  predict {
    on = "host141",
    title = { en = "20 bytes more: the tunnel's MTU", zh = "多出 20 字节：隧道的 MTU" },
    en = "Every packet in the tunnel gets a second 20-byte IPv4 header, and the result must still fit ens33's " ..
      "1500 bytes; so tun0's MTU is 1500 - 20 = 1480. The article's tun0 shows `mtu 9480` because its eth2 had " ..
      "containerlab's 9500: the same 20 bytes. ns1 does not know about the tunnel: its int0 has MTU 1500, and " ..
      "ping sets Don't Fragment (DF) on what it sends. `ping -s 1452` makes a 1480-byte packet " ..
      "(1452 + 8 ICMP + 20 IP); `-s 1453` makes 1481 bytes.",
    zh = "隧道里的每个包都多一个 20 字节的 IPv4 头，加上之后还得装进 ens33 的 1500 字节；所以 tun0 的 MTU 是 " ..
      "1500 - 20 = 1480。文章里 tun0 显示 `mtu 9480`，是因为它的 eth2 用的是 containerlab 的 9500：同样是少 20 字节。" ..
      "ns1 并不知道有隧道：它的 int0 的 MTU 是 1500，ping 发出的包带“不分片”（DF）标志。" ..
      "`ping -s 1452` 发的是 1480 字节的包（1452 + 8 字节 ICMP + 20 字节 IP）；`-s 1453` 是 1481 字节。",
    ask = { en = "ns1 pings 10.1.8.10 with -s 1453 (1481 bytes, DF set). Will the reply come back?",
            zh = "ns1 用 -s 1453 ping 10.1.8.10（1481 字节，带 DF）。能收到回复吗？" },
    answer = "no",
    why = { en = "1481 bytes do not fit tun0's 1480 and DF forbids host141 to fragment them, so host141 (10.1.5.1) " ..
      "drops the packet and answers with an ICMP \"Frag needed and DF set (mtu = 1480)\". 1480 bytes pass. " ..
      "Nothing tells ns1 beforehand: this message is how it learns the path's MTU.",
      zh = "1481 字节装不进 tun0 的 1480，而 DF 不允许 host141 分片，所以 host141（10.1.5.1）丢掉这个包，" ..
        "回一个 ICMP 消息“Frag needed and DF set (mtu = 1480)”。1480 字节能通过。" ..
        "事先没有人告诉 ns1：它正是靠这个消息知道路径 MTU 的。" },
    run = {
      added "ip link show ens33",
      added "ip link show tun0",
      added "ip netns exec ns1 ping 10.1.8.10 -c 1 -s 1452",
      added(fails "ip netns exec ns1 ping 10.1.8.10 -c 1 -s 1453"),
    },
    claims = {
      link { ns = "host", dev = "ens33", mtu = 1500 },
      link { ns = "host", dev = "tun0", mtu = 1480 },
      output { cmd = "ip netns exec ns1 ping 10.1.8.10 -c 1 -s 1452", contains = "1460 bytes from 10.1.8.10",
        says = { en = "a 1480-byte packet (ping -s 1452) crosses the tunnel", zh = "1480 字节的包（ping -s 1452）能穿过隧道" } },
      -- a destination ns1 has not learnt the path MTU for yet (it now has for 10.1.8.10)
      output { cmd = "ip netns exec ns1 ping 10.1.8.1 -c 1 -s 1453 -W 1",
        contains = "From 10.1.5.1 icmp_seq=1 Frag needed and DF set (mtu = 1480)",
        says = { en = "a 1481-byte packet with DF gets \"Frag needed and DF set (mtu = 1480)\" from host141",
                 zh = "1481 字节、带 DF 的包收到 host141 发回的“Frag needed and DF set (mtu = 1480)”" } },
    },
  },

  step {
    on = "host141",
    title = { en = "Path-MTU discovery", zh = "路径 MTU 发现" },
    en = "The same ping once more. ns1 has remembered that the path to 10.1.8.10 takes 1480 bytes at most, " ..
      "so now it splits the 1481-byte packet into two fragments itself, and they cross the tunnel. " ..
      "This is path-MTU discovery; where a firewall drops the \"Frag needed\" messages, big packets vanish " ..
      "without a trace (a classic tunnel problem, and why tunnels are often given a smaller MTU or TCP MSS clamping).",
    zh = "再 ping 一次同样大小。ns1 已经记住去 10.1.8.10 的路径最多只能走 1480 字节，" ..
      "所以这次它自己把 1481 字节的包分成两片，两片都能穿过隧道。这就是路径 MTU 发现；" ..
      "如果防火墙丢掉了“Frag needed”消息，大包就会无声无息地消失（隧道的经典问题，" ..
      "也是隧道常常被设置更小的 MTU 或做 TCP MSS 钳制的原因）。",
    run = {
      added "ip netns exec ns1 ping 10.1.8.10 -c 1 -s 1453",
    },
    claims = {
      capture { ns = "host", dev = "ens33", filter = "ip proto 4",
        during = "ip netns exec ns1 ping 10.1.8.10 -c 1 -s 1453",
        shows = { outer_src = "172.16.94.141", inner_src = "10.1.5.10", icmp = "echo request" },
        says = { en = "the 1481-byte request now crosses the tunnel (in fragments ns1 made)",
                 zh = "1481 字节的请求现在能穿过隧道了（分片是 ns1 自己做的）" } },
      output { cmd = "ip netns exec ns1 ping 10.1.8.10 -c 1 -s 1453", contains = "1461 bytes from 10.1.8.10",
        says = { en = "ns1 gets the reply to its 1481-byte ping", zh = "ns1 收到了 1481 字节 ping 的回复" } },
    },
  },

  predict {
    on = "host142",
    title = { en = "Without the route back", zh = "没有回程路由" },
    en = "Delete host142's route to 10.1.5.0/24 (the article's `ip r a 10.1.5.0/24 via 1.1.1.1 dev tun0`).",
    zh = "删掉 host142 上去往 10.1.5.0/24 的路由（文章里的 `ip r a 10.1.5.0/24 via 1.1.1.1 dev tun0`）。",
    ask = { en = "Will ns1 on host 141 still reach 10.1.8.10?", zh = "141 上的 ns1 还能 ping 通 10.1.8.10 吗？" },
    answer = "no",
    why = { en = "The request still arrives (host141 still has its route) and host142 even hands it to its ns1, " ..
      "which answers; but host142 does not know where 10.1.5.10 is, so the reply never enters the tunnel. " ..
      "That is with rp_filter off, as in this lab; the next step turns it on.",
      zh = "请求仍然能到达（host141 的路由还在），host142 甚至把它交给了自己的 ns1，ns1 也回复了；" ..
        "但 host142 不知道 10.1.5.10 在哪里，回包进不了隧道。这是 rp_filter 关闭时（本实验就是）的情况；下一步打开它。" },
    run = {
      added "ip r d 10.1.5.0/24 via 1.1.1.1 dev tun0",
      added(fails "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1 -W 0.2"),
    },
    claims = {
      route { ns = "host", lacks = "10.1.5.0/24" },
      capture { ns = "host", dev = "tun0",
        during = "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1 -W 0.2",
        shows = { src = "10.1.5.10", dst = "10.1.8.10", icmp = "echo request" },
        none = { icmp = "echo reply" },
        says = { en = "host142's tun0 sees the request arrive and no reply leave",
                 zh = "host142 的 tun0 上看得到请求进来，却没有回包出去" } },
      capture { ns = "ns1", dev = "int0", filter = "icmp",
        during = "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1 -W 0.2",
        shows = { { src = "10.1.5.10", icmp = "echo request" }, { src = "10.1.8.10", icmp = "echo reply" } },
        says = { en = "host142's ns1 gets the request and answers: the reply dies in host142, which has no route for it",
                 zh = "host142 的 ns1 收到请求并回复了：回包死在 host142 上，因为它没有去那里的路由" } },
    },
  },

  step {
    on = "host142",
    title = { en = "rp_filter: no route back, no way in", zh = "rp_filter：没有回程路由，就进不来" },
    en = "Many hosts turn on reverse-path filtering (Ubuntu and systemd set rp_filter=2; this lab starts from the " ..
      "kernel's 0). With rp_filter=1 host142 checks where it would send a reply to a packet's source; for " ..
      "10.1.5.10 it has no route at all, so the request is dropped as it comes out of tun0 and ns1 never sees it " ..
      "(rp_filter=2 drops it too: it only asks for some route back). The symptom changes, the cause is the same: " ..
      "the missing route back.",
    zh = "很多主机打开了反向路径过滤（Ubuntu 和 systemd 设置 rp_filter=2；本实验从内核默认的 0 开始）。" ..
      "rp_filter=1 时，host142 会检查：给这个包的源地址回包该走哪条路；对 10.1.5.10 它根本没有路由，" ..
      "所以请求从 tun0 出来就被丢掉，ns1 根本看不到它（rp_filter=2 也会丢：它只要求有任意一条回程路由）。" ..
      "现象变了，原因相同：缺少回程路由。",
    run = {
      added "sysctl -w net.ipv4.conf.all.rp_filter=1",
      added(fails "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1 -W 0.2"),
    },
    claims = {
      sysctl { ns = "host", name = "net.ipv4.conf.all.rp_filter", value = 1 },
      capture { ns = "host", dev = "tun0",
        during = "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1 -W 0.2",
        shows = { src = "10.1.5.10", dst = "10.1.8.10", icmp = "echo request" },
        says = { en = "the request still comes out of host142's tun0", zh = "请求仍然从 host142 的 tun0 出来" } },
      capture { ns = "ns1", dev = "int0", filter = "icmp",
        during = "on host141 ip netns exec ns1 ping 10.1.8.10 -c 1 -W 0.2",
        none = { icmp = "echo request" },
        says = { en = "but it never reaches host142's ns1: rp_filter dropped it", zh = "但它到不了 host142 的 ns1：被 rp_filter 丢掉了" } },
    },
  },

  task {
    on = "host142",
    title = { en = "Put the route back", zh = "把路由加回去" },
    en = "Make ns1 on host 141 reach 10.1.8.10 again through the tunnel, from host142. Leave rp_filter on: " ..
      "the right route satisfies it too.",
    zh = "在 host142 上操作，让 141 上的 ns1 经隧道重新 ping 通 10.1.8.10。rp_filter 保持打开：" ..
      "正确的路由同样能通过它的检查。",
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
      "the far end of the tunnel, but on a point-to-point tunnel 'dev tun0' alone does the same. And rp_filter " ..
      "is satisfied: a reply to 10.1.5.10 would now leave by tun0, where the request came in.",
            zh = "只要有一条路由把 10.1.5.0/24 送进 tun0，回包就能回去：'via 1.1.1.1' 写明了隧道的对端，" ..
      "但在点对点隧道上只写 'dev tun0' 效果一样。rp_filter 的检查也通过了：给 10.1.5.10 的回包现在会从 tun0 出去，" ..
      "正是请求进来的地方。" },
  },

  -- Part two: the containerlab variant (一) -----------------------------------
  step {
    title = { en = "The router variant: four nodes and three links", zh = "路由器版本：四个节点和三条链路" },
    en = "The article's first part runs the same idea in containerlab: routers gw1 and gw2 (VyOS) joined " ..
      "by eth2, each with a server behind eth1. Here each node is a namespace and each of the topology file's " ..
      "links a veth pair (`endpoints: [\"gw1:eth1\", \"server1:net0\"]` and so on), brought up as containerlab " ..
      "does. The article has no commands for this (containerlab makes it from the file): the lines are the " ..
      "lesson's. The clab management network (eth0, 172.20.20.0/24) is left out.",
    zh = "文章的第一部分用 containerlab 做同样的事：路由器 gw1 和 gw2（VyOS）通过 eth2 相连，" ..
      "各自的 eth1 后面有一台服务器。这里每个节点是一个命名空间，拓扑文件里的每条链路是一对 veth" ..
      "（`endpoints: [\"gw1:eth1\", \"server1:net0\"]` 等），并像 containerlab 那样启用。" ..
      "文章里没有对应的命令（是 containerlab 根据文件创建的）：这些命令是课程补充的。" ..
      "clab 的管理网络（eth0，172.20.20.0/24）省略。",
    run = {
      added "ip netns add gw1", added "ip netns add gw2", added "ip netns add server1", added "ip netns add server2",
      added "ip -n gw1 link add eth1 type veth peer name net0 netns server1",
      added "ip -n gw2 link add eth1 type veth peer name net0 netns server2",
      added "ip -n gw1 link add eth2 type veth peer name eth2 netns gw2",
      added "ip -n gw1 link set eth1 up", added "ip -n gw1 link set eth2 up",
      added "ip -n gw2 link set eth1 up", added "ip -n gw2 link set eth2 up",
      added "ip -n server1 link set net0 up", added "ip -n server2 link set net0 up",
    },
    claims = {
      link { ns = "gw1", dev = "eth2", up = true },
      link { ns = "server2", dev = "net0", up = true },
    },
  },

  step {
    title = { en = "The VyOS configuration as ip commands", zh = "把 VyOS 配置写成 ip 命令" },
    en = "gw1.cfg and gw2.cfg become the ip commands they stand for (the lesson's translation): the eth1 and eth2 " ..
      "addresses, `tunnel tun0 { encapsulation ipip; local-ip; remote-ip; address }`, and `protocols static route` " ..
      "with VyOS's metric 20. A VyOS router forwards, so ip_forward is on.",
    zh = "gw1.cfg 和 gw2.cfg 换成它们所代表的 ip 命令（课程的翻译）：eth1 和 eth2 的地址、" ..
      "`tunnel tun0 { encapsulation ipip; local-ip; remote-ip; address }`，以及沿用 VyOS metric 20 的 " ..
      "`protocols static route`。VyOS 路由器会转发，所以打开 ip_forward。",
    run = {
      added "ip -n gw1 addr add 10.1.5.1/24 dev eth1", added "ip -n gw1 addr add 172.12.1.10/24 dev eth2",
      added "ip -n gw2 addr add 10.1.8.1/24 dev eth1", added "ip -n gw2 addr add 172.12.1.11/24 dev eth2",
      added "ip netns exec gw1 sysctl -w net.ipv4.ip_forward=1", added "ip netns exec gw2 sysctl -w net.ipv4.ip_forward=1",
      added "ip -n gw1 tunnel add tun0 mode ipip remote 172.12.1.11 local 172.12.1.10",
      added "ip -n gw2 tunnel add tun0 mode ipip remote 172.12.1.10 local 172.12.1.11",
      added "ip -n gw1 addr add 1.1.1.1/24 dev tun0", added "ip -n gw2 addr add 1.1.1.2/24 dev tun0",
      added "ip -n gw1 link set tun0 up", added "ip -n gw2 link set tun0 up",
      added "ip -n gw1 route add 10.1.8.0/24 via 1.1.1.2 dev tun0 proto static metric 20",
      added "ip -n gw2 route add 10.1.5.0/24 via 1.1.1.1 dev tun0 proto static metric 20",
    },
    claims = {
      link { ns = "gw1", dev = "tun0", type = "ipip", up = true },
      route { ns = "gw2", has = "10.1.5.0/24 via 1.1.1.1 dev tun0" },
      reaches { from = "gw1", to = "10.1.8.1" },
    },
  },

  step {
    title = { en = "The servers: the topology file's exec lines", zh = "服务器：拓扑文件里的 exec 命令" },
    en = "Each server runs the two `exec` lines of ipip.clab.yml: its address on net0 and a default route via " ..
      "its gateway. (`on server1` runs them inside server1, as containerlab does.) server1 now reaches server2, " ..
      "with ttl 62: gw2 and gw1 each route the packet once.",
    zh = "每台服务器执行 ipip.clab.yml 里的两条 `exec` 命令：给 net0 配地址，添加经网关的默认路由。" ..
      "（`on server1` 表示在 server1 里面执行，和 containerlab 一样。）现在 server1 能 ping 通 server2，" ..
      "ttl 是 62：gw2 和 gw1 各路由一次。",
    run = {
      "on server1 ip addr add 10.1.5.10/24 dev net0",
      "on server1 ip route replace default via 10.1.5.1",
      "on server2 ip addr add 10.1.8.10/24 dev net0",
      "on server2 ip route replace default via 10.1.8.1",
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
    run = { "on server1 ip r s", "on server2 ip r s", "on gw1 ip r s", "on gw2 ip r s" },
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
    en = "`trace path` (the lesson's) sends one ping from server1 to 10.1.8.10 while capturing on every interface " ..
      "of the lab, and prints where the packet was seen, hop by hop: server1's net0, gw1's eth1, into tun0, " ..
      "out of gw1's eth2 wrapped in 172.12.1.10 > 172.12.1.11, gw2's tun0 unwrapped, gw2's eth1, server2's net0.",
    zh = "`trace path`（课程加的）从 server1 向 10.1.8.10 发一个 ping，同时在实验的所有网卡上抓包，" ..
      "逐跳打印数据包出现的位置：server1 的 net0、gw1 的 eth1、进入 tun0、" ..
      "封装成 172.12.1.10 > 172.12.1.11 从 gw1 的 eth2 出去、在 gw2 的 tun0 上解封装、gw2 的 eth1、server2 的 net0。",
    run = { added "trace path server1 10.1.8.10" },
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
