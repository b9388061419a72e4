--[[ _example -- a tiny complete lesson: two namespaces joined by a veth pair.

It shows every part a lesson has (docs/lesson-authoring.md): plain steps,
a prediction, a multiple-choice question and a task, with claims of several
kinds. `netlearn check _example` runs it unattended and must pass.
]]
title = { en = "Two namespaces and a veth pair", zh = "两个命名空间和一对 veth" }
article = { title = "计算机网络基础02", file = "001_5e3834fddeb32713.txt", section = "2" }
objectives = {
  { en = "make two network namespaces and join them with a veth pair",
    zh = "创建两个网络命名空间，用一对 veth 把它们连起来" },
  { en = "see why a link must be UP before a ping works",
    zh = "理解为什么链路必须 UP 之后才能 ping 通" },
  { en = "watch the ICMP packets on the wire", zh = "抓包看到 ICMP 报文" },
}

steps = {
  step {
    title = { en = "Two namespaces", zh = "两个命名空间" },
    en = "A network namespace is a separate network stack: its own devices, addresses and routes. " ..
      "A new one has only a loopback device, and even that is DOWN.",
    zh = "网络命名空间是一套独立的网络协议栈：有自己的设备、地址和路由。" ..
      "新建的命名空间里只有一个回环设备 lo，而且还是 DOWN 的。",
    -- added: a command the article does not have (marked as the lesson's when shown)
    run = { "ip netns add net1", "ip netns add net2", added "ip netns exec net1 ip link" },
    claims = {
      link { ns = "net1", dev = "lo", up = false },
      link { ns = "net2", dev = "veth1", exists = false },
    },
  },

  step {
    title = { en = "A veth pair", zh = "一对 veth" },
    en = "A veth pair is a virtual cable: what goes in one end comes out of the other. " ..
      "We make it in the host and move each end into a namespace.",
    zh = "veth 对就像一根虚拟网线：从一端进去的包会从另一端出来。" ..
      "我们先在宿主机上创建它，再把两端分别放进两个命名空间。",
    run = {
      "ip link add veth0 type veth peer name veth1",
      "ip link set veth0 netns net1",
      "ip link set veth1 netns net2",
      "ip netns exec net1 ip addr add 192.167.2.1/24 dev veth0",
      "ip netns exec net2 ip addr add 192.167.2.2/24 dev veth1",
    },
    claims = {
      link { ns = "net1", dev = "veth0", type = "veth" },
      addr { ns = "net2", dev = "veth1", has = "192.167.2.2/24" },
    },
    hint = { en = "'ip netns exec net1 ip addr' shows what net1 has.",
             zh = "'ip netns exec net1 ip addr' 可以看到 net1 里有什么。" },
  },

  predict {
    title = { en = "Before the links are up", zh = "链路 UP 之前" },
    en = "Both ends have addresses in 192.167.2.0/24, but neither end is UP yet.",
    zh = "两端都有 192.167.2.0/24 的地址，但都还没有 UP。",
    ask = { en = "Will net1 reach 192.167.2.2 now?", zh = "现在 net1 能 ping 通 192.167.2.2 吗？" },
    answer = "no",
    why = { en = "A DOWN device sends nothing; the route to 192.167.2.0/24 does not even exist until veth0 is UP.",
            zh = "DOWN 的设备什么也不发送；veth0 UP 之前，连 192.167.2.0/24 的路由都不存在。" },
    run = { added(fails "ip netns exec net1 ping -c 1 -W 1 192.167.2.2") },
    claims = {
      not_reaches { from = "net1", to = "192.167.2.2" },
      route { ns = "net1", lacks = "192.167.2.0/24 dev veth0" },
    },
  },

  step {
    title = { en = "Up, and a ping", zh = "UP 之后再 ping" },
    en = "Bring both ends up. The kernel adds a route for the connected subnet, ARP finds the peer's MAC, " ..
      "and the ping goes through. The capture in net2 shows the request arriving from veth0's MAC.",
    zh = "把两端都 UP。内核会为直连网段加上路由，ARP 找到对端的 MAC，ping 就通了。" ..
      "在 net2 里抓包，可以看到请求来自 veth0 的 MAC。",
    run = {
      "ip netns exec net1 ip link set veth0 up",
      "ip netns exec net2 ip link set veth1 up",
      "ip netns exec net1 ping -c 1 192.167.2.2",
    },
    claims = {
      link { ns = "net1", dev = "veth0", up = true },
      route { ns = "net1", has = "192.167.2.0/24 dev veth0" },
      reaches { from = "net1", to = "192.167.2.2", ttl = 64 },
      capture { ns = "net2", dev = "veth1", filter = "icmp",
        during = "ip netns exec net1 ping -c 1 192.167.2.2",
        shows = {
          { icmp = "echo request", src = "192.167.2.1", dst = "192.167.2.2",
            eth_src_is_mac_of = { ns = "net1", dev = "veth0" } },
          { icmp = "echo reply", src = "192.167.2.2", dst = "192.167.2.1" },
        } },
    },
  },

  choice {
    title = { en = "Who answers ARP?", zh = "谁回答 ARP？" },
    ask = { en = "net1 asks 'who has 192.167.2.2?'. Which device answers?",
            zh = "net1 问“谁是 192.167.2.2？”。哪个设备回答？" },
    options = {
      { en = "veth1 in net2", zh = "net2 里的 veth1" },
      { en = "veth0 in net1", zh = "net1 里的 veth0" },
      { en = "lo in net2", zh = "net2 里的 lo" },
    },
    answer = 1,
    why = { en = "192.167.2.2 is veth1's address, and veth1 is the other end of the cable.",
            zh = "192.167.2.2 是 veth1 的地址，veth1 就是网线的另一端。" },
  },

  task {
    title = { en = "A default route for net2", zh = "给 net2 一条默认路由" },
    en = "Give net2 a default route through net1 (192.167.2.1), as the article does for its namespaces.",
    zh = "像文章里那样，给 net2 加一条经由 net1（192.167.2.1）的默认路由。",
    claims = {
      route { ns = "net2", has = "default via 192.167.2.1" },
    },
    hints = {
      { en = "Routes in a namespace are added with 'ip netns exec net2 ip route add ...'.",
        zh = "在命名空间里加路由用 'ip netns exec net2 ip route add ...'。" },
      { en = "ip netns exec net2 ip route add default via 192.167.2.1",
        zh = "ip netns exec net2 ip route add default via 192.167.2.1" },
    },
    solution = { "ip netns exec net2 ip route add default via 192.167.2.1" },
    why = { en = "A default route is the one used when no other route matches: everything net2 sends off " ..
      "its own subnet now goes to net1.",
            zh = "默认路由在没有别的路由匹配时使用：net2 发往本网段以外的包，现在都交给 net1。" },
  },
}

summary = { en = "A veth pair joins two namespaces like a cable; a link must be UP before it carries a packet, " ..
  "and a default route sends everything else to a gateway.",
            zh = "veth 对像一根网线连接两个命名空间；链路 UP 之后才能传送报文；默认路由把其余的包都交给网关。" }
