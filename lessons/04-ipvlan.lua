--[[ 04-ipvlan -- article 001 (计算机网络基础02), part 4: ipvlan in mode l3.

The article's ipvlan script: two namespaces net1 and net2, each with an
ipvlan child of the host's eth0 (ipvlan1 192.168.11.1/24, ipvlan2
192.168.12.1/24, mode l3), default routes "dev ipvlanN", and `ip link`
showing that both children carry eth0's MAC. The host's eth0 (172.17.203.237
in the article) is a veth to the namespace "windows" here. Needs
CONFIG_IPVLAN: `netlearn check` SKIPs it on a kernel without it (tests/90 runs it
on Debian's kernel).
]]
title = { en = "ipvlan (mode l3): one MAC, many addresses", zh = "ipvlan（l3 模式）：同一个 MAC，不同的 IP" }
article = { title = "计算机网络基础02", file = "001_5e3834fddeb32713.txt", section = "ipvlan" }
objectives = {
  { en = "create ipvlan children of eth0 in mode l3 and move them into namespaces",
    zh = "在 eth0 上创建 l3 模式的 ipvlan 子网卡，并放进命名空间" },
  { en = "see that every ipvlan child has its parent's MAC address", zh = "看到所有 ipvlan 子网卡都和父网卡的 MAC 地址相同" },
  { en = "see that in mode l3 the parent routes between its children once both have a route (注意两个都需要设置)",
    zh = "理解 l3 模式下，两边都有路由之后父网卡会在子网卡之间路由（注意两个都需要设置）" },
  { en = "see that the host cannot reach its own ipvlan children", zh = "看到宿主机访问不了自己的 ipvlan 子网卡" },
}
requires = { "veth", "ipvlan" }

steps = {
  step {
    title = { en = "The parent NIC", zh = "物理网卡 eth0" },
    en = "ipvlan children hang off a real NIC. The article's is the VM's eth0 (172.17.203.237); here eth0 is a veth " ..
      "whose other end is in the namespace 'windows' (the wire to the outside).",
    zh = "ipvlan 子网卡要依附在一块真实的网卡上。文章里是虚拟机的 eth0（172.17.203.237）；这里 eth0 是一个 veth，" ..
      "另一端在命名空间 windows 里（通往外面的网线）。",
    run = {
      added "ip netns add windows",
      added "ip link add eth0 type veth peer name vEthernet netns windows",
      added "ip addr add 172.17.203.237/20 dev eth0 && ip link set eth0 up",
      added "ip netns exec windows ip link set vEthernet up",
      "ip link",
    },
    claims = { link { dev = "eth0", up = true }, addr { dev = "eth0", has = "172.17.203.237/20" } },
  },

  step {
    title = { en = "Two ipvlan children in two namespaces", zh = "两个 ipvlan 子网卡，两个网络" },
    en = "The article's script, line by line: net1 and net2; ipvlan1 and ipvlan2 on eth0 in mode l3; one child " ..
      "into each namespace; 192.168.11.1/24 and 192.168.12.1/24; lo and the children up.",
    zh = "文章里的脚本，逐行执行：新增网络 net1 和 net2；在 eth0 上新增 l3 模式的 ipvlan1 和 ipvlan2；" ..
      "分别加入 net1 和 net2；设置 192.168.11.1/24 和 192.168.12.1/24；启动 lo 和 ipvlan 网卡。",
    run = {
      "ip netns add net1 && ip netns add net2",
      "ip link add ipvlan1 link eth0 type ipvlan mode l3 && ip link add ipvlan2 link eth0 type ipvlan mode l3",
      "ip link set netns net1 ipvlan1 && ip link set netns net2 ipvlan2",
      "ip netns exec  net1 ip addr add 192.168.11.1/24 dev ipvlan1 && ip netns exec  net2 ip addr add 192.168.12.1/24 dev ipvlan2",
      "ip netns exec  net1 ip link set lo up && ip netns exec  net2 ip link set lo up",
      "ip netns exec  net1 ip link set ipvlan1 up && ip netns exec  net2 ip link set ipvlan2 up",
    },
    claims = {
      link { ns = "net1", dev = "ipvlan1", type = "ipvlan", up = true },
      link { ns = "net2", dev = "ipvlan2", type = "ipvlan", up = true },
      addr { ns = "net1", dev = "ipvlan1", has = "192.168.11.1/24" },
      addr { ns = "net2", dev = "ipvlan2", has = "192.168.12.1/24" },
    },
  },

  choice {
    title = { en = "Which MAC?", zh = "哪个 MAC 地址？" },
    ask = { en = "What MAC address do ipvlan1 and ipvlan2 have?", zh = "ipvlan1 和 ipvlan2 的 MAC 地址是什么？" },
    options = {
      { en = "both have eth0's MAC", zh = "都和 eth0 的相同" },
      { en = "each has its own random MAC", zh = "各自有一个随机的 MAC" },
      { en = "none: l3 devices have no MAC", zh = "没有：三层设备没有 MAC" },
    },
    answer = 1,
    why = { en = "所有的虚拟接口都有相同的 mac 地址: the children share the parent's MAC, and the parent tells their " ..
      "traffic apart by IP address. (That is also why mode l3 shows NOARP: ARP for the children is the parent's job.)",
      zh = "所有的虚拟接口都有相同的 mac 地址，而拥有不同的 ip 地址：子网卡共用父网卡的 MAC，父网卡按 IP 地址区分它们的流量。" ..
        "（所以 l3 模式下显示 NOARP：子网卡不自己做 ARP。）" },
  },

  step {
    title = { en = "Look at the MACs", zh = "查看两个 ipvlan 的物理地址" },
    en = "ip link in the host and in each namespace, as the article does.",
    zh = "像文章一样，分别查看物理主机网络、net1 网络和 net2 网络的 ip link。",
    run = { "ip link", "ip netns exec net1 ip link", "ip netns exec net2 ip link" },
    claims = {
      link { ns = "net1", dev = "ipvlan1", same_mac_as = { dev = "eth0" } },
      link { ns = "net2", dev = "ipvlan2", same_mac_as = { ns = "net1", dev = "ipvlan1" } },
      output { cmd = "ip netns exec net1 ip link", matches = "ipvlan1@if%d+: <BROADCAST,MULTICAST,NOARP,UP,LOWER_UP>" },
    },
  },

  predict {
    title = { en = "Different subnets, no routes", zh = "不同网段，没有路由" },
    en = "net1 has 192.168.11.1/24, net2 has 192.168.12.1/24: different subnets, and neither has a route to the other.",
    zh = "net1 是 192.168.11.1/24，net2 是 192.168.12.1/24：不同网段，而且谁也没有到对方的路由。",
    ask = { en = "Will net1 reach 192.168.12.1?", zh = "net1 能 ping 通 192.168.12.1 吗？" },
    answer = "no",
    why = { en = "net1 knows only 192.168.11.0/24: Network is unreachable, nothing is sent.",
            zh = "net1 只知道 192.168.11.0/24：网络不可达，包根本发不出去。" },
    run = { added(fails "ip netns exec net1 ping 192.168.12.1") },
    claims = {
      not_reaches { from = "net1", to = "192.168.12.1", error = "Network is unreachable" },
    },
  },

  predict {
    title = { en = "A default route on one side", zh = "只设置一边的默认路由" },
    en = "net1 gets the article's default route: 'ip netns exec net1 ip route add default dev ipvlan1'. net2 has none yet.",
    zh = "net1 加上文章里的默认路由：'ip netns exec net1 ip route add default dev ipvlan1'。net2 还没有。",
    ask = { en = "Will net1 reach 192.168.12.1 now?", zh = "现在 net1 能 ping 通 192.168.12.1 吗？" },
    answer = "no",
    why = { en = "In mode l3 the parent delivers net1's request to ipvlan2 (it owns 192.168.12.1), but net2 has no " ..
      "route back to 192.168.11.1, so the reply is never sent: 注意两个都需要设置.",
      zh = "l3 模式下父网卡把 net1 的 request 交给 ipvlan2（192.168.12.1 是它的），但 net2 没有回到 192.168.11.1 的路由，" ..
        "reply 发不出去：注意两个都需要设置。" },
    run = {
      "ip netns exec net1 ip route add default dev ipvlan1",
      added(fails "ip netns exec net1 ping -c 1 -W 0.2 192.168.12.1"),
    },
    claims = {
      route { ns = "net1", has = "default dev ipvlan1" },
      route { ns = "net2", to = "192.168.11.1", unreachable = true },
    },
  },

  task {
    title = { en = "net2's default route", zh = "net2 的默认路由" },
    en = "Give net2 the same kind of default route, out of ipvlan2. Then net1 and net2 reach each other.",
    zh = "给 net2 也加上同样的默认路由（从 ipvlan2 出去）。之后 net1 和 net2 互通。",
    claims = {
      route { ns = "net2", to = "192.168.11.1", dev = "ipvlan2" },
      reaches { from = "net1", to = "192.168.12.1", ttl = 64 },
      reaches { from = "net2", to = "192.168.11.1", ttl = 64 },
    },
    hints = {
      { en = "The article sets it for both in one line.", zh = "文章里一行命令给两边都设置了。" },
      { en = "ip netns exec net2 ip route add default dev ipvlan2", zh = "ip netns exec net2 ip route add default dev ipvlan2" },
    },
    solution = { "ip netns exec net2 ip route add default dev ipvlan2", added "ip netns exec net1 ping 192.168.12.1" },
  },

  predict {
    title = { en = "The host and its children", zh = "宿主机和子网卡" },
    en = "ipvlan插件下,容器不能跟Host网络通信. Let the host try: a route to 192.168.11.0/24 out of eth0, the parent of ipvlan1.",
    zh = "ipvlan 插件下，容器不能跟 Host 网络通信。让宿主机试一试：加一条从 eth0（ipvlan1 的父网卡）出去、到 192.168.11.0/24 的路由。",
    ask = { en = "Will the host reach 192.168.11.1?", zh = "宿主机能 ping 通 192.168.11.1 吗？" },
    answer = "no",
    why = { en = "What the host sends on eth0 goes out to the wire (here to 'windows'); ipvlan never hands the " ..
      "parent's own traffic to its children, and nobody outside answers for 192.168.11.1.",
      zh = "宿主机从 eth0 发出的包直接上了网线（这里到 windows）；ipvlan 不会把父网卡自己的流量交给子网卡，外面也没人回应 192.168.11.1。" },
    run = {
      added "ip route add 192.168.11.0/24 dev eth0",
      added(fails "ping -c 1 -W 0.2 192.168.11.1"),
    },
    claims = {
      route { to = "192.168.11.1", dev = "eth0" },
      not_reaches { to = "192.168.11.1", timeout = 0.2 },
    },
  },
}

summary = {
  en = "ipvlan children share the parent's MAC and are told apart by IP; in mode l3 the parent routes between them, " ..
    "so both sides need a route; and the parent itself cannot talk to them.",
  zh = "ipvlan 子网卡共用父网卡的 MAC，靠 IP 区分；l3 模式下父网卡在它们之间路由，所以两边都需要路由；而父网卡本身访问不了它们。",
}
