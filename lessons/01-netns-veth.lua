--[[ 01-netns-veth -- article 001 (计算机网络基础02), part 1: network namespaces and veth pairs.

The article's first experiment: net1 and net2, a veth pair between them
(veth0/veth1, 192.167.2.0/24) and one between net1 and the host (veth2/veth3,
192.167.3.0/24), then which pings work and which fail. The host (the sandbox's
own namespace) stands for the article's Ubuntu VM; its eth0 (172.168.111.2) is
a veth to the namespace "windows" (172.168.111.1), which stands for the
article's Windows host with the Hyper-V Default Switch. Next: 02-routing.
]]
title = { en = "Network namespaces and veth pairs", zh = "网络命名空间和 veth 对" }
article = { title = "计算机网络基础02", file = "001_5e3834fddeb32713.txt", section = "network ns / veth pair" }
objectives = {
  { en = "create network namespaces and see that a new one has only lo, DOWN",
    zh = "创建网络命名空间，看到新命名空间里只有一个 DOWN 的 lo" },
  { en = "join net1-net2 and net1-host with two veth pairs", zh = "用两对 veth 连接 net1-net2 和 net1-宿主机" },
  { en = "predict which pings work: only the two ends of one veth pair reach each other",
    zh = "预测哪些 ping 能通：只有同一对 veth 的两端能互通" },
  { en = "tell 'no reply' (a route leads nowhere) from 'Network is unreachable' (no route at all)",
    zh = "区分“没有回应”（有路由但走不通）和“网络不可达”（根本没有路由）" },
}
requires = { "veth" }

steps = {
  step {
    title = { en = "A network namespace", zh = "创建网络命名空间" },
    en = "Without namespaces 'ip netns ls' prints nothing. 'ip netns add net1' creates one (ip keeps it under " ..
      "/var/run/netns/). A new namespace has its own devices, routes, ARP table and iptables, and only one " ..
      "device: lo, and even lo is DOWN.",
    zh = "默认情况下没有网络命名空间，'ip netns ls' 看不到任何输出。'ip netns add net1' 创建一个（出现在 " ..
      "/var/run/netns/ 目录下）。每个命名空间有自己独立的网卡、路由表、ARP 表和 iptables；新建时只有一个 lo，而且是 DOWN 的。",
    run = { "ip netns ls", "ip netns add net1", "ip netns ls", "ip netns exec net1 ip addr" },
    claims = {
      output { cmd = "ip netns ls", contains = "net1" },
      link { ns = "net1", dev = "lo", up = false },
      output { cmd = "ip netns exec net1 ip addr", contains = "<LOOPBACK> mtu 65536 qdisc noop state DOWN" },
    },
  },

  predict {
    title = { en = "The same name twice", zh = "同名命名空间" },
    en = "net1 exists now.", zh = "net1 已经存在。",
    ask = { en = "Will a second 'ip netns add net1' succeed?", zh = "再执行一次 'ip netns add net1' 会成功吗？" },
    answer = "no",
    why = { en = "The name is a file under /var/run/netns/; ip refuses with 'Cannot create namespace' when it exists.",
            zh = "名字就是 /var/run/netns/ 下的一个文件；已经存在时 ip 会报 Cannot create namespace 的错误。" },
    run = { fails "ip netns add net1", "ip netns exec net1 ip link set lo up", "ip net add net2" },
    claims = {
      output { cmd = "ip netns add net1", contains = "Cannot create namespace", status = 1 },
      link { ns = "net1", dev = "lo", up = true },
      output { cmd = "ip netns ls", contains = "net2" },
    },
  },

  step {
    title = { en = "The VM's own network", zh = "虚拟机自己的网络" },
    en = "In the article the commands run on an Ubuntu VM (eth0 = 172.168.111.2) inside Hyper-V on a Windows PC, " ..
      "whose Default Switch is 172.168.111.1 and the VM's default gateway. Here the host (netlearn's own " ..
      "namespace) is that VM, and a namespace 'windows' stands for the Windows PC: its vEthernet is the other end " ..
      "of the host's eth0.",
    zh = "文章里的命令是在一台 Ubuntu 虚拟机上执行的（eth0 = 172.168.111.2），虚拟机跑在 Windows 主机的 Hyper-V 里，" ..
      "Default Switch 网关是 172.168.111.1，也是虚拟机的默认网关。这里宿主机（netlearn 自己的命名空间）就是这台虚拟机，" ..
      "命名空间 windows 代表 Windows 主机：它的 vEthernet 是宿主机 eth0 的另一端。",
    run = {
      added "ip netns add windows",
      added "ip link add eth0 type veth peer name vEthernet netns windows",
      added "ip addr add 172.168.111.2/24 dev eth0 && ip link set eth0 up",
      added "ip netns exec windows ip addr add 172.168.111.1/24 dev vEthernet",
      added "ip netns exec windows ip link set vEthernet up",
      added "ip route add default via 172.168.111.1 dev eth0",
      "ip route",
    },
    claims = {
      addr { dev = "eth0", has = "172.168.111.2/24" },
      route { has = "default via 172.168.111.1 dev eth0" },
      reaches { to = "172.168.111.1" },
    },
  },

  step {
    title = { en = "Two veth pairs", zh = "创建两对 veth" },
    en = "A veth pair is a cable with two ends: what enters one end leaves the other. One pair will join net1 and " ..
      "net2, the other net1 and the host. New veths are created in the host, DOWN (M-DOWN: the peer is down too).",
    zh = "veth pair 就像网线的两个端点，数据从一端进入，必然从另一端流出。一对用于在 net1 和 net2 间连接，" ..
      "另外一对用于 net1 和宿主机连接。通过命令创建的 veth 默认挂在宿主机上，而且是 down 的（M-DOWN：对端也是 down）。",
    run = { "ip link add veth0 type veth peer name veth1 && ip link add veth2 type veth peer name veth3", "ip link" },
    claims = {
      link { dev = "veth0", type = "veth", up = false },
      output { cmd = "ip link", matches = "veth1@veth0: <BROADCAST,MULTICAST,M%-DOWN>" },
      output { cmd = "ip link", contains = "veth2@veth3" },
    },
  },

  step {
    title = { en = "Move the ends into the namespaces", zh = "把网卡放进对应的网络" },
    en = "veth0 and veth2 go to net1, veth1 to net2; veth3 stays in the host. 'ip link' in each namespace shows " ..
      "who has what: the peer is now written veth3@if10 with link-netns net1, because the other end lives elsewhere.",
    zh = "veth0 和 veth2 放进 net1，veth1 放进 net2，veth3 留在宿主机。分别在各个网络里执行 ip link 检验：" ..
      "对端在别的命名空间里，所以显示成 veth3@ifN 和 link-netns net1。",
    run = {
      "ip link set veth0 netns net1 && ip link set veth1 netns net2 && ip link set veth2 netns net1",
      "ip link",
      "ip net exec net1 ip link",
      "ip net exec net2 ip link",
    },
    claims = {
      link { dev = "veth0", exists = false },
      output { cmd = "ip link", matches = "veth3@if%d+: .*\n.*link%-netns net1" },
      link { ns = "net1", dev = "veth2", type = "veth" },
      link { ns = "net2", dev = "veth1", type = "veth" },
    },
  },

  choice {
    title = { en = "Who is where", zh = "网卡都在哪里" },
    ask = { en = "Which devices does net1 have now?", zh = "现在 net1 里有哪些网卡？" },
    options = {
      { en = "lo, veth0 and veth2", zh = "lo、veth0 和 veth2" },
      { en = "lo, veth0 and veth1", zh = "lo、veth0 和 veth1" },
      { en = "lo, veth2 and veth3", zh = "lo、veth2 和 veth3" },
    },
    answer = 1,
    why = { en = "veth0 (to net2) and veth2 (to the host) were moved into net1; their peers veth1 and veth3 are in net2 and the host.",
            zh = "veth0（连 net2）和 veth2（连宿主机）被放进了 net1；它们的对端 veth1 和 veth3 分别在 net2 和宿主机里。" },
  },

  step {
    title = { en = "Addresses, and up", zh = "分别设置 ip 和启动网卡" },
    en = "The article's four lines: 192.167.2.1 (veth0) and 192.167.2.2 (veth1) on the net1-net2 cable, " ..
      "192.167.3.1 (veth2) and 192.167.3.2 (veth3) on the net1-host cable. Bringing a device up with an address " ..
      "adds the route to its subnet ('proto kernel scope link').",
    zh = "文章里的四行命令：net1-net2 这根线上是 192.167.2.1（veth0）和 192.167.2.2（veth1），net1-宿主机这根线上是 " ..
      "192.167.3.1（veth2）和 192.167.3.2（veth3）。有地址的网卡启动后，内核自动加上到这个网段的路由（proto kernel scope link）。",
    run = {
      "ip net exec net1 ip addr add 192.167.2.1/24 dev veth0 && ip net exec net1 ip link set veth0 up",
      "ip net exec net2 ip addr add 192.167.2.2/24 dev veth1 && ip net exec net2 ip link set veth1 up",
      "ip net exec net1 ip addr add 192.167.3.1/24 dev veth2 && ip net exec net1 ip link set veth2 up",
      "ip addr add 192.167.3.2/24 dev veth3 && ip link set veth3 up",
      "ip addr",
      "ip net exec net1 ip addr",
    },
    claims = {
      addr { ns = "net1", dev = "veth0", has = "192.167.2.1/24" },
      addr { ns = "net1", dev = "veth2", has = "192.167.3.1/24" },
      addr { ns = "net2", dev = "veth1", has = "192.167.2.2/24" },
      addr { dev = "veth3", has = "192.167.3.2/24" },
      output { cmd = "ip addr", contains = "inet 192.167.3.2/24 scope global veth3" },
      route { ns = "net1", has = "192.167.2.0/24 dev veth0 proto kernel scope link src 192.167.2.1" },
      route { has = "192.167.3.0/24 dev veth3" },
    },
  },

  predict {
    title = { en = "The host pings veth2", zh = "宿主机 ping veth2" },
    en = "The host has 192.167.3.2 on veth3; net1 has 192.167.3.1 on veth2, the other end of the same cable.",
    zh = "宿主机的 veth3 是 192.167.3.2；net1 的 veth2 是 192.167.3.1，是同一根线的另一端。",
    ask = { en = "Will the host reach 192.167.3.1?", zh = "宿主机能 ping 通 192.167.3.1 吗？" },
    answer = "yes",
    why = { en = "192.167.3.0/24 is directly connected on veth3: ARP finds veth2 and it answers, ttl=64 (no router in between).",
            zh = "192.167.3.0/24 是 veth3 上的直连网段：ARP 找到 veth2，它直接回应，ttl=64（中间没有路由器）。" },
    run = { "ping 192.167.3.1" },
    claims = { reaches { to = "192.167.3.1", ttl = 64 } },
  },

  predict {
    title = { en = "The host pings veth0", zh = "宿主机 ping veth0" },
    en = "192.167.2.1 is also an address of net1, on veth0.", zh = "192.167.2.1 也是 net1 的地址，在 veth0 上。",
    ask = { en = "Will the host reach 192.167.2.1?", zh = "宿主机能 ping 通 192.167.2.1 吗？" },
    answer = "no",
    why = { en = "The host has no route to 192.167.2.0/24, so the packet follows the default route to 172.168.111.1 " ..
      "(windows), which does not know 192.167.2.1 either and drops it: ping waits and gets nothing (100% loss), " ..
      "just as in the article.",
      zh = "宿主机没有到 192.167.2.0/24 的路由，包只能走默认路由发给 172.168.111.1（windows），windows 也不认识 " ..
        "192.167.2.1，直接丢弃：ping 一直等不到回应（100% 包丢失），和文章里一样。" },
    run = { fails "ping -c 1 -W 0.2 192.167.2.1", added "ip route get 192.167.2.1" },
    claims = {
      not_reaches { to = "192.167.2.1", timeout = 0.2 },
      route { to = "192.167.2.1", via = "172.168.111.1", dev = "eth0" },
    },
  },

  step {
    title = { en = "net1 pings its neighbours", zh = "在 net1 中访问邻居" },
    en = "From net1 both cables work: 192.167.2.2 (veth1 in net2) and 192.167.3.2 (veth3 in the host).",
    zh = "在 net1 中，两根线都是通的：192.167.2.2（net2 的 veth1）和 192.167.3.2（宿主机的 veth3）。",
    run = { "ip net exec net1 ping 192.167.2.2", "ip net exec net1 ping 192.167.3.2" },
    claims = {
      reaches { from = "net1", to = "192.167.2.2", ttl = 64 },
      reaches { from = "net1", to = "192.167.3.2", ttl = 64 },
    },
  },

  predict {
    title = { en = "net1 pings the host's eth0", zh = "net1 ping 宿主机的 eth0" },
    en = "172.168.111.2 is an address of the host, and net1 reaches the host at 192.167.3.2.",
    zh = "172.168.111.2 是宿主机的地址，而 net1 能通过 192.167.3.2 到达宿主机。",
    ask = { en = "What does 'ip net exec net1 ping 172.168.111.2' do?",
            zh = "'ip net exec net1 ping 172.168.111.2' 会怎样？" },
    options = {
      { en = "it works: the host answers for all its addresses", zh = "能通：宿主机的所有地址它都会回应" },
      { en = "it sends and waits, and no reply comes", zh = "发出去了，但等不到回应" },
      { en = "it fails at once: Network is unreachable", zh = "立刻失败：网络不可达 (Network is unreachable)" },
    },
    answer = 3,
    why = { en = "net1's routing table has only 192.167.2.0/24 and 192.167.3.0/24 and no default route, so the " ..
      "kernel has nowhere to send the packet: connect() fails with ENETUNREACH before anything is sent. " ..
      "Compare the host's ping of 192.167.2.1: it had a (default) route, so it sent and waited.",
      zh = "net1 的路由表里只有 192.167.2.0/24 和 192.167.3.0/24，没有默认路由，内核不知道往哪发：" ..
        "还没发包 connect() 就失败了（网络不可达）。对比宿主机 ping 192.167.2.1：它有（默认）路由，所以发出去了然后一直等。" },
    run = { fails "ip net exec net1 ping 172.168.111.2", added "ip net exec net1 ip route" },
    claims = {
      not_reaches { from = "net1", to = "172.168.111.2", error = "Network is unreachable" },
      route { ns = "net1", to = "172.168.111.2", unreachable = true },
      route { ns = "net1", lacks = "default" },
    },
  },

  choice {
    title = { en = "The article's conclusion", zh = "结论" },
    ask = { en = "What do these pings show?", zh = "这些 ping 说明了什么？" },
    options = {
      { en = "only the two ends of one veth pair (one subnet) reach each other; other addresses need routes",
        zh = "只有 veth 对两端（同一个网段）的 ip 才能互通；访问其他 ip 需要路由" },
      { en = "a namespace reaches every address of the host", zh = "命名空间能访问宿主机的所有地址" },
      { en = "veth pairs forward packets between namespaces by themselves", zh = "veth 对会自己在命名空间之间转发数据包" },
    },
    answer = 1,
    why = { en = "net1 and net2 talk over 192.167.2.0/24, net1 and the host over 192.167.3.0/24; nobody reaches the " ..
      "host's eth0 or net1's far side yet. Lesson 02-routing adds the routes.",
      zh = "net1 和 net2 通过 192.167.2.0/24 互通，net1 和宿主机通过 192.167.3.0/24 互通；还没有谁能访问宿主机的 eth0 " ..
        "或 net1 另一侧的地址。下一课 02-routing 加路由。" },
  },

  task {
    title = { en = "Wake up lo in net2", zh = "启用 net2 的 lo" },
    en = "net2's lo is still DOWN, so net2 cannot even ping itself at 127.0.0.1. Bring it up.",
    zh = "net2 的 lo 还是 DOWN 的，所以 net2 连 127.0.0.1 都 ping 不通。把它启用（不要忘记启用它）。",
    claims = {
      link { ns = "net2", dev = "lo", up = true },
      reaches { from = "net2", to = "127.0.0.1" },
    },
    hints = {
      { en = "It is what the article did for net1's lo.", zh = "文章里对 net1 的 lo 就是这么做的。" },
      { en = "ip netns exec net2 ip link set lo up", zh = "ip netns exec net2 ip link set lo up" },
    },
    solution = { "ip netns exec net2 ip link set lo up" },
  },

  predict {
    title = { en = "Cut the cable", zh = "删除一端" },
    en = "A veth pair cannot exist alone. The article names the command, 'ip link delete veth0', without running " ..
      "it; veth0 is in net1 now, so the lesson runs it there.",
    zh = "veth pair 无法单独存在。文章只提到了命令 'ip link delete veth0'，没有执行；veth0 现在在 net1 里，所以课程在 net1 里执行它。",
    ask = { en = "After 'ip net exec net1 ip link delete veth0', does veth1 still exist in net2?",
            zh = "执行 'ip net exec net1 ip link delete veth0' 之后，net2 里的 veth1 还在吗？" },
    answer = "no",
    why = { en = "Deleting one end of a veth pair deletes the other end too, wherever it is.",
            zh = "删除其中一个，另一个也会自动消失，不管它在哪个命名空间。" },
    run = { added "ip net exec net1 ip link delete veth0", "ip net exec net2 ip link" },
    claims = {
      link { ns = "net2", dev = "veth1", exists = false },
      not_reaches { from = "net1", to = "192.167.2.2", error = "Network is unreachable" },
    },
  },
}

summary = {
  en = "Namespaces are isolated stacks; a veth pair joins two of them on one subnet. Without a route a namespace " ..
    "cannot even send (Network is unreachable); with a route that leads nowhere it sends and waits.",
  zh = "命名空间是相互隔离的协议栈；veth 对把两个命名空间连在同一个网段上。没有路由时连包都发不出去（网络不可达）；" ..
    "路由指向了不通的地方时，包发出去了但等不到回应。",
}
