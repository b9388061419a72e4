--[[ 05-macvlan -- article 001 (计算机网络基础02), part 5: macvlan and its four modes.

The article's macvlan commands (mac1/mac2 on eth0, mode bridge, in net3 and
net4 with 192.166.56.122/123), then its list of modes, each shown by a probe:
bridge children reach each other; the parent cannot reach its children;
private children cannot; vepa sends child-to-child traffic out to the switch,
which does not send it back without hairpin; passthru allows one child only.
The host's eth0 is a veth to the namespace "switch", where it is a port
(port1) of a Linux bridge standing for the physical switch.
]]
title = { en = "macvlan: one NIC, many MACs, four modes", zh = "macvlan：一块网卡，多个 MAC，四种模式" }
article = { title = "计算机网络基础02", file = "001_5e3834fddeb32713.txt", section = "macvlan" }
objectives = {
  { en = "create macvlan children of eth0 and see that each has its own MAC", zh = "在 eth0 上创建 macvlan 子接口，看到每个都有自己的 MAC" },
  { en = "see that the parent cannot reach its macvlan children, and the usual way around it",
    zh = "看到父接口访问不了自己的 macvlan 子接口，以及常用的解决办法" },
  { en = "see what bridge, private, vepa and passthru allow, by probes", zh = "用探测看到 bridge、private、vepa、passthru 各允许什么" },
}
requires = { "veth", "macvlan", "bridge" }

steps = {
  step {
    title = { en = "The NIC and the switch it is plugged into", zh = "网卡和它连接的交换机" },
    en = "macvlan children hang off a real NIC, eth0 here, and that NIC is plugged into a switch. The namespace " ..
      "'switch' holds a Linux bridge standing for that physical switch; eth0's other end is its port1.",
    zh = "macvlan 子接口依附在一块真实的网卡上，这里是 eth0，而网卡插在一台交换机上。命名空间 switch 里的 " ..
      "Linux 网桥代表这台物理交换机；eth0 的另一端就是它的 port1。",
    run = {
      "ip netns add switch",
      "ip link add eth0 type veth peer name port1 netns switch",
      "ip netns exec switch ip link add br0 type bridge",
      "ip netns exec switch ip link set port1 master br0 && ip netns exec switch ip link set port1 up",
      "ip netns exec switch ip link set br0 up",
      "ip addr add 172.17.203.237/20 dev eth0 && ip link set eth0 up",
    },
    claims = { link { dev = "eth0", up = true }, link { ns = "switch", dev = "port1", master = "br0" } },
  },

  step {
    title = { en = "Two macvlan children, mode bridge", zh = "两个 bridge 模式的 macvlan 子接口" },
    en = "The article's commands: mac1 and mac2 on eth0 in mode bridge, one in net3 and one in net4, " ..
      "192.166.56.122/24 and 192.166.56.123/24 ('ip a a' = ip addr add, 'ip l s' = ip link set).",
    zh = "文章里的命令：在 eth0 上创建两个 bridge 模式的 macvlan 子接口 mac1、mac2，分别挂到 net3、net4 中，" ..
      "配置 192.166.56.122/24 和 192.166.56.123/24 并启用（ip a a 等价于 ip addr add，ip l s 等价于 ip link set）。",
    run = {
      "ip link add link eth0 dev mac1 type macvlan mode bridge",
      "ip link add link eth0 dev mac2 type macvlan mode bridge",
      "ip netns add net3",
      "ip netns add net4",
      "ip link set mac1 netns net3",
      "ip link set mac2 netns net4",
      "ip netns exec net3 ip a a 192.166.56.122/24 dev mac1",
      "ip netns exec net3 ip l s mac1 up",
      "ip netns exec net4 ip a a 192.166.56.123/24 dev mac2",
      "ip netns exec net4 ip l s mac2 up",
      "ip net exec net3 ip addr",
      "ip net exec net4 ip addr",
    },
    claims = {
      link { ns = "net3", dev = "mac1", type = "macvlan", mode = "bridge", up = true },
      link { ns = "net3", dev = "mac1", other_mac_than = { ns = "net4", dev = "mac2" } },
      link { ns = "net3", dev = "mac1", other_mac_than = { dev = "eth0" } },
      output { cmd = "ip net exec net3 ip addr", matches = "mac1@if%d+: <BROADCAST,MULTICAST,UP,LOWER_UP>" },
      addr { ns = "net4", dev = "mac2", has = "192.166.56.123/24" },
    },
  },

  predict {
    title = { en = "Bridge mode: child to child", zh = "bridge 模式：子接口之间" },
    en = "Both children are on eth0, in mode bridge, in the same subnet.", zh = "两个子接口都在 eth0 上，bridge 模式，同一个网段。",
    ask = { en = "Will net3 reach 192.166.56.123?", zh = "net3 能 ping 通 192.166.56.123 吗？" },
    answer = "yes",
    why = { en = "bridge 模式 works like a Linux bridge that already knows every child's MAC: a frame for a " ..
      "sibling is handed over inside the kernel and never goes out to the switch.",
      zh = "bridge 模式模拟 Linux bridge 的功能，而且每个接口的 MAC 地址是已知的，不用学习：发给兄弟子接口的帧在内核里直接交过去，" ..
        "不会发到外面的交换机。" },
    run = { "ip netns exec switch tcpdump -nn -i port1 icmp", "ip net exec net3 ping 192.166.56.123", "tcpdump stop" },
    claims = {
      reaches { from = "net3", to = "192.166.56.123", ttl = 64 },
      capture { ns = "switch", dev = "port1", filter = "icmp", during = "ip net exec net3 ping 192.166.56.123", none = true },
    },
  },

  predict {
    title = { en = "The parent and its children", zh = "父接口和子接口" },
    en = "Give the host an address in the children's subnet on eth0 itself, the parent.",
    zh = "在父接口 eth0 上给宿主机配一个和子接口同网段的地址。",
    ask = { en = "Will the host reach 192.166.56.122 (mac1, a child of its own eth0)?",
            zh = "宿主机能 ping 通 192.166.56.122（mac1，它自己 eth0 的子接口）吗？" },
    answer = "no",
    why = { en = "What the parent sends goes straight out to the wire (to the switch); macvlan never hands the " ..
      "parent's own frames to its children, and the switch does not send them back on the port they came from. " ..
      "The host's ARP for 192.166.56.122 appears on the switch port and nobody answers.",
      zh = "父接口发的包直接上了网线（到交换机）；macvlan 不会把父接口自己的帧交给子接口，交换机也不会把帧从进来的端口再发回去。" ..
        "宿主机对 192.166.56.122 的 ARP 出现在交换机端口上，没人回答。" },
    run = {
      "ip addr add 192.166.56.1/24 dev eth0",
      "ip netns exec switch tcpdump -nn -i port1 arp",
      fails "ping -c 1 -W 0.1 192.166.56.122",
      "tcpdump stop",
    },
    claims = {
      not_reaches { to = "192.166.56.122", timeout = 0.1 },
      capture { ns = "switch", dev = "port1", filter = "arp",
        during = { "ip neigh flush dev eth0", "ping -c 1 -W 0.1 192.166.56.122" },
        shows = { arp = "request", arp_who_has = "192.166.56.122", eth_src_is_mac_of = { dev = "eth0" } } },
    },
  },

  task {
    title = { en = "A child for the host", zh = "给宿主机一个子接口" },
    en = "The usual way out: the host talks to its macvlan children through a macvlan child of its own. Move the " ..
      "host's 192.166.56.1/24 from eth0 to a new bridge-mode child mac0 in the host, and reach mac1.",
    zh = "常用的办法：宿主机也通过一个自己的 macvlan 子接口和它们通信。把宿主机的 192.166.56.1/24 从 eth0 挪到一个新建的 " ..
      "bridge 模式子接口 mac0 上（留在宿主机里），然后访问 mac1。",
    claims = {
      link { dev = "mac0", type = "macvlan", mode = "bridge", up = true },
      addr { dev = "eth0", lacks = "192.166.56.1/24" },
      reaches { to = "192.166.56.122", ttl = 64 },
    },
    hints = {
      { en = "Three things: ip addr del on eth0; ip link add link eth0 dev mac0 type macvlan mode bridge; address and up on mac0.",
        zh = "三件事：在 eth0 上 ip addr del；ip link add link eth0 dev mac0 type macvlan mode bridge；给 mac0 配地址并启用。" },
      { en = "ip addr del 192.166.56.1/24 dev eth0 && ip link add link eth0 dev mac0 type macvlan mode bridge && " ..
          "ip addr add 192.166.56.1/24 dev mac0 && ip link set mac0 up",
        zh = "ip addr del 192.166.56.1/24 dev eth0 && ip link add link eth0 dev mac0 type macvlan mode bridge && " ..
          "ip addr add 192.166.56.1/24 dev mac0 && ip link set mac0 up" },
    },
    solution = {
      "ip addr del 192.166.56.1/24 dev eth0 && ip link add link eth0 dev mac0 type macvlan mode bridge",
      "ip addr add 192.166.56.1/24 dev mac0 && ip link set mac0 up",
      "ping 192.166.56.122",
    },
  },

  predict {
    title = { en = "Mode private", zh = "private 模式" },
    en = "Recreate mac1 and mac2 in mode private (deleting a child in its namespace; the same commands as before " ..
      "with 'mode private').",
    zh = "把 mac1 和 mac2 删掉，用 private 模式重新创建（和前面一样的命令，只是 mode private）。",
    ask = { en = "Will net3 reach 192.166.56.123 now?", zh = "现在 net3 能 ping 通 192.166.56.123 吗？" },
    answer = "no",
    why = { en = "private 模式: children of one parent are isolated from each other; even if the outside switch " ..
      "sent the frame back, macvlan would drop it (即使从外部的物理交换机导流,也会被无情地丢掉).",
      zh = "private 模式：同一主接口下的子接口之间彼此隔离，不能通信。即使从外部的物理交换机导流，也会被无情地丢掉。" },
    run = {
      "ip netns exec net3 ip link delete mac1 && ip netns exec net4 ip link delete mac2",
      "ip link add link eth0 dev mac1 type macvlan mode private && ip link add link eth0 dev mac2 type macvlan mode private",
      "ip link set mac1 netns net3 && ip link set mac2 netns net4",
      "ip netns exec net3 ip a a 192.166.56.122/24 dev mac1 && ip netns exec net3 ip l s mac1 up",
      "ip netns exec net4 ip a a 192.166.56.123/24 dev mac2 && ip netns exec net4 ip l s mac2 up",
      "ip -n net3 -d link show mac1",
      fails "ip net exec net3 ping -c 1 -W 0.1 192.166.56.123",
    },
    claims = {
      link { ns = "net3", dev = "mac1", mode = "private" },
      not_reaches { from = "net3", to = "192.166.56.123", timeout = 0.1 },
    },
  },

  predict {
    title = { en = "Mode vepa", zh = "vepa 模式" },
    en = "Now mode vepa (virtual ethernet port aggregator). We capture on the switch's port1.",
    zh = "现在换成 vepa 模式（virtual ethernet port aggregator）。我们在交换机的 port1 上抓包。",
    ask = { en = "Will net3 reach 192.166.56.123 in mode vepa, with this switch?",
            zh = "vepa 模式下，接在这台交换机上，net3 能 ping 通 192.166.56.123 吗？" },
    answer = "no",
    why = { en = "vepa sends all child-to-child traffic out to the external switch, which must send it back on " ..
      "the same port (802.1Qbg, 'hairpin'). A Linux bridge port does not do that unless hairpin mode is turned on, " ..
      "so the ARP request reaches port1 and goes nowhere: you can see it in the capture.",
      zh = "vepa 模式下，子接口之间的通信流量要导到外部交换机上，经由外部交换机转发，再绕回来（802.1Qbg，" ..
        "交换机要支持发夹 hairpin 功能）。Linux 网桥的端口默认不开 hairpin，所以 ARP 请求到了 port1 就没有下文了：抓包能看到。" },
    run = {
      "ip netns exec net3 ip link delete mac1 && ip netns exec net4 ip link delete mac2",
      "ip link add link eth0 dev mac1 type macvlan mode vepa && ip link add link eth0 dev mac2 type macvlan mode vepa",
      "ip link set mac1 netns net3 && ip link set mac2 netns net4",
      "ip netns exec net3 ip a a 192.166.56.122/24 dev mac1 && ip netns exec net3 ip l s mac1 up",
      "ip netns exec net4 ip a a 192.166.56.123/24 dev mac2 && ip netns exec net4 ip l s mac2 up",
      "ip netns exec switch tcpdump -nn -e -i port1 arp",
      fails "ip net exec net3 ping -c 1 -W 0.1 192.166.56.123",
      "tcpdump stop",
    },
    claims = {
      link { ns = "net4", dev = "mac2", mode = "vepa" },
      capture { ns = "switch", dev = "port1", filter = "arp",
        during = { "ip net exec net3 ip neigh flush dev mac1", "ip net exec net3 ping -c 1 -W 0.1 192.166.56.123" },
        shows = { arp = "request", arp_who_has = "192.166.56.123", eth_src_is_mac_of = { ns = "net3", dev = "mac1" } } },
      route { ns = "net3", to = "192.166.56.123", dev = "mac1" },
    },
  },

  choice {
    title = { en = "Where did the frame go?", zh = "帧去哪儿了？" },
    ask = { en = "In mode bridge the capture on port1 was empty; in mode vepa it shows mac1's ARP request. Why?",
            zh = "bridge 模式下 port1 上什么也抓不到；vepa 模式下却抓到了 mac1 的 ARP 请求。为什么？" },
    options = {
      { en = "bridge mode switches between children inside the kernel; vepa always sends to the external switch",
        zh = "bridge 模式在内核里直接在子接口之间交换；vepa 总是发给外部交换机" },
      { en = "vepa children have no MAC address", zh = "vepa 子接口没有 MAC 地址" },
      { en = "bridge mode drops ARP", zh = "bridge 模式会丢弃 ARP" },
    },
    answer = 1,
    why = { en = "That is the whole difference between the two modes; private is vepa without even the way back.",
            zh = "这正是两种模式的区别；private 则是连绕回来的路都没有的 vepa。" },
  },

  predict {
    title = { en = "Mode passthru", zh = "passthru 模式" },
    en = "passthru gives one child the parent itself. Remove the other children, create mac1 in mode passthru, then try a second one.",
    zh = "passthru 把父接口整个交给一个子接口。删掉其他子接口，创建 passthru 模式的 mac1，再试着创建第二个。",
    ask = { en = "Will 'ip link add link eth0 dev mac2 type macvlan mode passthru' succeed?",
            zh = "'ip link add link eth0 dev mac2 type macvlan mode passthru' 能成功吗？" },
    answer = "no",
    why = { en = "passthru 模式: only a single child may use the parent (只允许单个子接口连接主接口); it takes the " ..
      "parent's MAC and puts the parent in promiscuous mode. It is used to hand a whole NIC to one VM or container.",
      zh = "passthru 模式：只允许单个子接口连接主接口，它继承主接口的 MAC，并把主接口设成混杂模式。一般用于把整块网卡交给一个虚拟机或容器。" },
    run = {
      "ip netns exec net3 ip link delete mac1 && ip netns exec net4 ip link delete mac2 && ip link delete mac0",
      "ip link add link eth0 dev mac1 type macvlan mode passthru",
      fails "ip link add link eth0 dev mac2 type macvlan mode passthru",
      "ip -d link show mac1",
    },
    claims = {
      link { dev = "mac1", mode = "passthru", same_mac_as = { dev = "eth0" } },
      link { dev = "mac2", exists = false },
      output { cmd = "ip link add link eth0 dev mac2 type macvlan mode bridge", contains = "Invalid argument", status = 2 },
    },
  },
}

summary = {
  en = "macvlan gives each child its own MAC on one NIC. bridge: children talk inside the kernel; private: never; " ..
    "vepa: only through a hairpin switch; passthru: one child owns the NIC. In every mode the parent cannot talk to " ..
    "its children; give the host a macvlan child of its own.",
  zh = "macvlan 让一块网卡上的每个子接口都有自己的 MAC。bridge：子接口在内核里直接通信；private：互不相通；" ..
    "vepa：只能经过支持 hairpin 的交换机；passthru：一个子接口独占网卡。任何模式下父接口都访问不了子接口；宿主机需要自己的 macvlan 子接口。",
}
