--[[ 05-macvlan -- article 001 (计算机网络基础02), part 5: macvlan and its four modes.

The article's macvlan commands (mac1/mac2 on eth0, mode bridge, in net3 and
net4 with 192.166.56.122/123), then its list of modes, each shown by a probe:
bridge children reach each other inside the kernel (only broadcasts reach the
wire); a child stops with its parent (eth0 down); the parent cannot reach its
children; private children cannot; vepa sends child-to-child traffic out to
the switch, which sends it back only with hairpin on; behind that switch a
private child still reaches a sibling whose MAC it knows, but its broadcasts
(ARP) reach no sibling; passthru allows one child only and makes the parent
promiscuous.
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
  { en = "see that a child stops working when its parent is down", zh = "看到父接口 down 时子接口也一同不能工作" },
  { en = "turn on hairpin on the switch port, and see vepa work and private stay isolated for broadcasts",
    zh = "在交换机端口上打开 hairpin，看到 vepa 能通了，而 private 对广播仍然隔离" },
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
      added "ip netns add switch",
      added "ip link add eth0 type veth peer name port1 netns switch",
      added "ip netns exec switch ip link add br0 type bridge",
      added "ip netns exec switch ip link set port1 master br0 && ip netns exec switch ip link set port1 up",
      added "ip netns exec switch ip link set br0 up",
      added "ip addr add 172.17.203.237/20 dev eth0 && ip link set eth0 up",
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
    en = "Both children are on eth0, in mode bridge, in the same subnet. We capture ARP and ICMP on the switch's " ..
      "port1 while net3 pings (net3 forgets its neighbours first, so it has to ask with ARP).",
    zh = "两个子接口都在 eth0 上，bridge 模式，同一个网段。net3 ping 的时候，我们在交换机的 port1 上抓 ARP 和 ICMP" ..
      "（net3 先清空邻居表，这样它得先用 ARP 问）。",
    ask = { en = "Will net3 reach 192.166.56.123?", zh = "net3 能 ping 通 192.166.56.123 吗？" },
    answer = "yes",
    why = { en = "bridge 模式 works like a Linux bridge that already knows every child's MAC: a frame for a " ..
      "sibling's MAC is handed over inside the kernel and never goes out to the switch, so port1 sees no ICMP and " ..
      "no ARP reply. A broadcast (mac1's ARP request) goes to the siblings and out to the wire as well: that one " ..
      "frame is on port1.",
      zh = "bridge 模式模拟 Linux bridge 的功能，而且每个接口的 MAC 地址是已知的，不用学习：发给兄弟子接口 MAC 的帧在内核里" ..
        "直接交过去，不会发到外面的交换机，所以 port1 上既没有 ICMP，也没有 ARP 回应。广播（mac1 的 ARP 请求）则既交给兄弟" ..
        "子接口，也发到网线上：port1 上只有这一个帧。" },
    run = {
      added "ip netns exec switch tcpdump -nn -e -i port1 arp or icmp",
      added "ip net exec net3 ip neigh flush dev mac1",
      added "ip net exec net3 ping 192.166.56.123",
      added "tcpdump stop",
    },
    claims = {
      reaches { from = "net3", to = "192.166.56.123", ttl = 64 },
      capture { ns = "switch", dev = "port1", filter = "arp or icmp",
        during = { "ip net exec net3 ip neigh flush dev mac1", "ip net exec net3 ping -c 1 192.166.56.123" },
        shows = { arp = "request", arp_who_has = "192.166.56.123", eth_src_is_mac_of = { ns = "net3", dev = "mac1" } },
        none = { proto = "icmp" } },
      capture { ns = "switch", dev = "port1", filter = "arp or icmp",
        during = { "ip net exec net3 ip neigh flush dev mac1", "ip net exec net3 ping -c 1 192.166.56.123" },
        shows = { arp = "request", arp_who_has = "192.166.56.123" },
        none = { arp = "reply" } },
    },
  },

  predict {
    title = { en = "The parent goes down", zh = "父接口 down 了" },
    en = "The article, on sub-interfaces: they depend on the physical NIC, and when it is down (Down状态) they stop " ..
      "working too. Take eth0, the parent, down.",
    zh = "文章讲子网卡时说：子网卡必须依赖于物理网卡，当所依赖的物理网卡不启用时（Down 状态），这些子网卡也将一同不能工作。" ..
      "把父接口 eth0 设为 down。",
    ask = { en = "mac1 and mac2 talk inside the kernel in mode bridge. Will net3 still reach 192.166.56.123 with eth0 down?",
            zh = "bridge 模式下 mac1 和 mac2 在内核里直接通信。eth0 down 之后，net3 还能 ping 通 192.166.56.123 吗？" },
    answer = "no",
    why = { en = "A macvlan child takes its carrier from its parent: with eth0 down, mac1 and mac2 lose it " ..
      "(NO-CARRIER; the state is DOWN, or LOWERLAYERDOWN on some kernels) although they are still set up, and " ..
      "a device without carrier sends nothing, not even to a sibling.",
      zh = "macvlan 子接口的载波（carrier）来自父接口：eth0 down 之后，mac1 和 mac2 虽然还是 UP 的，却失去了载波" ..
        "（NO-CARRIER；state 为 DOWN，有些内核显示 LOWERLAYERDOWN），没有载波的设备什么也发不出去，发给兄弟子接口也不行。" },
    run = {
      added "ip link set eth0 down",
      added "ip net exec net3 ip link show mac1",
      added(fails "ip net exec net3 ping -c 1 -W 0.2 192.166.56.123"),
    },
    claims = {
      link { ns = "net3", dev = "mac1", up = true },
      output { cmd = "ip net exec net3 ip link show mac1", matches = "mac1@if%d+: <NO%-CARRIER,BROADCAST,MULTICAST,UP>" },
      output { cmd = "ip net exec net4 ip link show mac2", matches = "mac2@if%d+: <NO%-CARRIER,BROADCAST,MULTICAST,UP>" },
      not_reaches { from = "net3", to = "192.166.56.123", timeout = 0.2 },
    },
  },

  step {
    title = { en = "The parent comes back", zh = "父接口恢复" },
    en = "eth0 up again: the children get their carrier back, and net3 reaches net4 again. net3 still remembers " ..
      "the question of the last step: 'ip neigh' shows 192.166.56.123 INCOMPLETE while the kernel still asks " ..
      "(3 tries, a second apart), FAILED after that, until the kernel drops it. A packet for an INCOMPLETE entry " ..
      "waits for the next try, " ..
      "so the first reply could take up to a second; flush the entry first and net3 asks at once.",
    zh = "把 eth0 重新启用：子接口恢复载波，net3 又能访问 net4 了。net3 还记着上一步没人回答的 ARP：" ..
      "内核还在问的时候（问 3 次，每次隔 1 秒），'ip neigh' 里 192.166.56.123 是 INCOMPLETE，问完之后是 FAILED，" ..
      "直到内核把这条记录删掉。" ..
      "发给 INCOMPLETE 条目的包要等下一次重试，第一个回应可能要等将近 1 秒；先清掉这条记录，net3 就会马上重新问。",
    run = {
      added "ip link set eth0 up",
      added "ip net exec net3 ip neigh",
      added "ip net exec net3 ip neigh flush dev mac1",
      added "ip net exec net3 ping 192.166.56.123",
      added "ip net exec net3 ip link show mac1",
    },
    claims = {
      reaches { from = "net3", to = "192.166.56.123", ttl = 64 },
      link { ns = "net3", dev = "mac1", state = "UP" },
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
      added "ip addr add 192.166.56.1/24 dev eth0",
      added "ip netns exec switch tcpdump -nn -i port1 arp",
      added(fails "ping -c 1 -W 0.1 192.166.56.122"),
      added "tcpdump stop",
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
      added "ip addr del 192.166.56.1/24 dev eth0 && ip link add link eth0 dev mac0 type macvlan mode bridge",
      added "ip addr add 192.166.56.1/24 dev mac0 && ip link set mac0 up",
      added "ping 192.166.56.122",
    },
  },

  predict {
    title = { en = "Mode private", zh = "private 模式" },
    en = "Recreate mac1 and mac2 in mode private (deleting a child in its namespace; the same commands as before " ..
      "with 'mode private').",
    zh = "把 mac1 和 mac2 删掉，用 private 模式重新创建（和前面一样的命令，只是 mode private）。",
    ask = { en = "Will net3 reach 192.166.56.123 now?", zh = "现在 net3 能 ping 通 192.166.56.123 吗？" },
    answer = "no",
    why = { en = "private 模式: children of one parent are isolated from each other: nothing is handed over inside " ..
      "the kernel, and mac1's ARP request goes out to the switch, which does not send it back. The article adds " ..
      "that even a switch sending frames back would not help (即使从外部的物理交换机导流,也会被无情地丢掉): the " ..
      "steps after vepa test that.",
      zh = "private 模式：同一主接口下的子接口之间彼此隔离，不能通信：内核里不会直接交过去，mac1 的 ARP 请求发到交换机，" ..
        "交换机也不会发回来。文章还说：即使从外部的物理交换机导流，也会被无情地丢掉。vepa 之后的几步会验证这一点。" },
    run = {
      added "ip netns exec net3 ip link delete mac1 && ip netns exec net4 ip link delete mac2",
      added "ip link add link eth0 dev mac1 type macvlan mode private && ip link add link eth0 dev mac2 type macvlan mode private",
      "ip link set mac1 netns net3 && ip link set mac2 netns net4",
      "ip netns exec net3 ip a a 192.166.56.122/24 dev mac1 && ip netns exec net3 ip l s mac1 up",
      "ip netns exec net4 ip a a 192.166.56.123/24 dev mac2 && ip netns exec net4 ip l s mac2 up",
      added "ip -n net3 -d link show mac1",
      added(fails "ip net exec net3 ping -c 1 -W 0.1 192.166.56.123"),
    },
    claims = {
      link { ns = "net3", dev = "mac1", mode = "private" },
      not_reaches { from = "net3", to = "192.166.56.123", timeout = 0.1 },
    },
  },

  predict {
    title = { en = "Mode vepa", zh = "vepa 模式" },
    en = "Now mode vepa (virtual ethernet port aggregator). We capture ARP and ICMP on the switch's port1, as in " ..
      "bridge mode.",
    zh = "现在换成 vepa 模式（virtual ethernet port aggregator）。和 bridge 模式时一样，在交换机的 port1 上抓 ARP 和 ICMP。",
    ask = { en = "Will net3 reach 192.166.56.123 in mode vepa, with this switch?",
            zh = "vepa 模式下，接在这台交换机上，net3 能 ping 通 192.166.56.123 吗？" },
    answer = "no",
    why = { en = "vepa sends all child-to-child traffic out to the external switch, which must send it back on " ..
      "the same port (802.1Qbg, 'hairpin'). A Linux bridge port does not do that unless hairpin mode is turned on, " ..
      "so the ARP request reaches port1 and goes nowhere: you can see it in the capture, with no reply.",
      zh = "vepa 模式下，子接口之间的通信流量要导到外部交换机上，经由外部交换机转发，再绕回来（802.1Qbg，" ..
        "交换机要支持发夹 hairpin 功能）。Linux 网桥的端口默认不开 hairpin，所以 ARP 请求到了 port1 就没有下文了：" ..
        "抓包能看到它，却没有回应。" },
    run = {
      added "ip netns exec net3 ip link delete mac1 && ip netns exec net4 ip link delete mac2",
      added "ip link add link eth0 dev mac1 type macvlan mode vepa && ip link add link eth0 dev mac2 type macvlan mode vepa",
      "ip link set mac1 netns net3 && ip link set mac2 netns net4",
      "ip netns exec net3 ip a a 192.166.56.122/24 dev mac1 && ip netns exec net3 ip l s mac1 up",
      "ip netns exec net4 ip a a 192.166.56.123/24 dev mac2 && ip netns exec net4 ip l s mac2 up",
      added "ip netns exec switch tcpdump -nn -e -i port1 arp or icmp",
      added(fails "ip net exec net3 ping -c 1 -W 0.1 192.166.56.123"),
      added "tcpdump stop",
    },
    claims = {
      link { ns = "net4", dev = "mac2", mode = "vepa" },
      capture { ns = "switch", dev = "port1", filter = "arp or icmp",
        during = { "ip net exec net3 ip neigh flush dev mac1", "ip net exec net3 ping -c 1 -W 0.1 192.166.56.123" },
        shows = { arp = "request", arp_who_has = "192.166.56.123", eth_src_is_mac_of = { ns = "net3", dev = "mac1" } },
        none = { arp = "reply" } },
      route { ns = "net3", to = "192.166.56.123", dev = "mac1" },
    },
  },

  choice {
    title = { en = "Where did the frames go?", zh = "帧去哪儿了？" },
    ask = { en = "Both captures on port1 show mac1's ARP request. In bridge mode the ping then worked and port1 saw " ..
      "nothing more; in vepa mode no reply ever came. Why?",
            zh = "两次在 port1 上抓包都看到了 mac1 的 ARP 请求。bridge 模式下随后 ping 通了，port1 上再没有别的帧；" ..
      "vepa 模式下却一直没有回应。为什么？" },
    options = {
      { en = "bridge mode hands frames for a sibling over inside the kernel (a broadcast also goes out); vepa sends " ..
          "every frame out to the switch, and only the switch can bring it back",
        zh = "bridge 模式在内核里把发给兄弟子接口的帧直接交过去（广播也会发到外面）；vepa 把每个帧都发给交换机，只有交换机能把它送回来" },
      { en = "vepa children have no MAC address", zh = "vepa 子接口没有 MAC 地址" },
      { en = "bridge mode drops ARP", zh = "bridge 模式会丢弃 ARP" },
    },
    answer = 1,
    why = { en = "That is the whole difference between the two modes. This switch does not send a frame back out of " ..
      "the port it came in by; the next step turns that on.",
            zh = "这正是两种模式的区别。这台交换机不会把帧从进来的端口再发回去；下一步就把这个功能打开。" },
  },

  predict {
    title = { en = "A hairpin switch", zh = "支持发夹（hairpin）的交换机" },
    en = "The article: vepa needs a switch with 802.1Qbg/VEPA, which simply means hairpin: a frame received on a " ..
      "port may be sent back out of it. A Linux bridge does that per port: 'bridge link set dev port1 hairpin on'.",
    zh = "文章：vepa 需要支持 802.1Qbg/VEPA 功能的交换机，简单说就是交换机要支持发夹（hairpin）功能，也就是数据包从一个接口上" ..
      "收上来之后还能再扔回去。Linux 网桥可以按端口打开它：'bridge link set dev port1 hairpin on'。",
    ask = { en = "Will net3 reach 192.166.56.123 in mode vepa now?", zh = "现在 vepa 模式下，net3 能 ping 通 192.166.56.123 吗？" },
    answer = "yes",
    why = { en = "Every frame between mac1 and mac2 now makes the round trip: out of eth0 into port1, and back out of " ..
      "port1 into eth0, where macvlan hands it to the child that owns its destination MAC. The capture shows each " ..
      "packet twice on port1, coming in and going out.",
      zh = "现在 mac1 和 mac2 之间的每个帧都绕一圈：从 eth0 进入 port1，再从 port1 回到 eth0，由 macvlan 交给拥有目的 MAC 的" ..
        "子接口。抓包里每个包在 port1 上出现两次：一次进来，一次出去。" },
    run = {
      added "ip netns exec switch bridge link set dev port1 hairpin on",
      added "ip netns exec switch bridge -d link show dev port1",
      added "ip netns exec switch tcpdump -nn -e -i port1 arp or icmp",
      added "ip net exec net3 ip neigh flush dev mac1",
      added "ip net exec net3 ping 192.166.56.123",
      added "tcpdump stop",
    },
    claims = {
      output { cmd = "ip netns exec switch bridge -d link show dev port1", contains = "hairpin on" },
      reaches { from = "net3", to = "192.166.56.123", ttl = 64 },
      capture { ns = "switch", dev = "port1", filter = "arp or icmp",
        during = { "ip net exec net3 ip neigh flush dev mac1", "ip net exec net3 ping -c 1 192.166.56.123" },
        shows = { { icmp = "echo request", dir = "In", src = "192.166.56.122", dst = "192.166.56.123" },
                  { icmp = "echo request", dir = "Out", src = "192.166.56.122", dst = "192.166.56.123" },
                  { icmp = "echo reply", dir = "Out", src = "192.166.56.123", dst = "192.166.56.122" } } },
    },
  },

  predict {
    title = { en = "Mode private behind the hairpin switch", zh = "接在 hairpin 交换机上的 private 模式" },
    en = "Switch both children to mode private in place ('ip link set ... type macvlan mode private'). The switch " ..
      "still sends frames back, and net3 and net4 still know each other's MAC from the vepa ping ('ip neigh').",
    zh = "把两个子接口直接改成 private 模式（'ip link set ... type macvlan mode private'）。交换机仍然会把帧发回来，" ..
      "而且 net3 和 net4 从刚才 vepa 的 ping 里还记得对方的 MAC（'ip neigh'）。",
    ask = { en = "Will net3 reach 192.166.56.123 in mode private now?", zh = "现在 private 模式下，net3 能 ping 通 192.166.56.123 吗？" },
    answer = "yes",
    why = { en = "The article says private children cannot talk even through a switch that sends frames back; for a " ..
      "frame to a MAC the sender already knows, that is not so. macvlan hands a frame coming back from the wire to " ..
      "the child that owns its destination MAC, whatever the mode. What private mode stops is broadcasts between " ..
      "siblings, as the next step shows.",
      zh = "文章说 private 模式的子接口即使经过会把帧发回来的交换机也不能通信；对于发往已知 MAC 的帧，这并不成立。" ..
        "从网线回来的帧，不管什么模式，macvlan 都会交给拥有目的 MAC 的子接口。private 模式挡住的是兄弟子接口之间的广播，" ..
        "下一步会看到。" },
    run = {
      added("ip netns exec net3 ip link set mac1 type macvlan mode private && " ..
        "ip netns exec net4 ip link set mac2 type macvlan mode private"),
      added "ip net exec net3 ip neigh",
      added "ip net exec net3 ping 192.166.56.123",
    },
    claims = {
      link { ns = "net3", dev = "mac1", mode = "private" },
      link { ns = "net4", dev = "mac2", mode = "private" },
      reaches { from = "net3", to = "192.166.56.123", ttl = 64 },
      capture { ns = "switch", dev = "port1", filter = "icmp", during = "ip net exec net3 ping -c 1 192.166.56.123",
        shows = { { icmp = "echo request", dir = "Out" }, { icmp = "echo reply", dir = "Out" } } },
    },
  },

  predict {
    title = { en = "Mode private: the broadcast", zh = "private 模式：广播" },
    en = "Now net3 and net4 forget each other's MAC (ip neigh flush), so net3 must ask with ARP, a broadcast.",
    zh = "现在让 net3 和 net4 忘掉对方的 MAC（ip neigh flush），net3 就必须用 ARP 广播去问。",
    ask = { en = "Will net3 reach 192.166.56.123?", zh = "net3 能 ping 通 192.166.56.123 吗？" },
    answer = "no",
    why = { en = "The switch sends mac1's ARP request back (it is on port1 twice, coming in and going out), but " ..
      "macvlan gives a broadcast from a private child to no sibling: mac2 never hears the question and never " ..
      "answers. That is the isolation of private mode: 会被无情地丢掉 holds for broadcasts, and without ARP the " ..
      "children cannot find each other.",
      zh = "交换机把 mac1 的 ARP 请求发回来了（它在 port1 上出现两次，一进一出），但 macvlan 不会把 private 子接口的广播" ..
        "交给任何兄弟子接口：mac2 根本收不到这个问题，也就不会回答。这就是 private 模式的隔离：“会被无情地丢掉”对广播成立，" ..
        "而没有 ARP，子接口之间就找不到对方。" },
    run = {
      added "ip net exec net3 ip neigh flush dev mac1 && ip net exec net4 ip neigh flush dev mac2",
      added "ip netns exec switch tcpdump -nn -e -i port1 arp or icmp",
      added(fails "ip net exec net3 ping -c 1 -W 0.2 192.166.56.123"),
      added "tcpdump stop",
    },
    claims = {
      capture { ns = "switch", dev = "port1", filter = "arp or icmp",
        during = { "ip net exec net3 ip neigh flush dev mac1", "ip net exec net4 ip neigh flush dev mac2",
          "ip net exec net3 ping -c 1 -W 0.2 192.166.56.123" },
        shows = { { arp = "request", arp_who_has = "192.166.56.123", dir = "In" },
                  { arp = "request", arp_who_has = "192.166.56.123", dir = "Out" } },
        none = { arp = "reply" } },
      not_reaches { from = "net3", to = "192.166.56.123", timeout = 0.2 },
    },
  },

  predict {
    title = { en = "Mode passthru", zh = "passthru 模式" },
    en = "passthru gives one child the parent itself. Remove the other children, create mac1 in mode passthru, then " ..
      "try a second one.",
    zh = "passthru 把父接口整个交给一个子接口。删掉其他子接口，创建 passthru 模式的 mac1，再试着创建第二个。",
    ask = { en = "Will 'ip link add link eth0 dev mac2 type macvlan mode passthru' succeed?",
            zh = "'ip link add link eth0 dev mac2 type macvlan mode passthru' 能成功吗？" },
    answer = "no",
    why = { en = "passthru 模式: only a single child may use the parent (只允许单个子接口连接主接口); it takes the " ..
      "parent's MAC, and once it is up it puts the parent in promiscuous mode ('ip -d link' shows eth0's " ..
      "promiscuity go from 0 to 1; the kernel sets it for macvlan, so the PROMISC flag itself, which only a user's " ..
      "'ip link set eth0 promisc on' shows, stays off). It is used to hand a whole NIC to one VM or container.",
      zh = "passthru 模式：只允许单个子接口连接主接口，它继承主接口的 MAC；启用之后，它把主接口设成混杂模式" ..
        "（'ip -d link' 里 eth0 的 promiscuity 从 0 变成 1；这是内核替 macvlan 设置的，所以只有用户执行 " ..
        "'ip link set eth0 promisc on' 才会出现的 PROMISC 标志不会显示）。一般用于把整块网卡交给一个虚拟机或容器。" },
    run = {
      added "ip netns exec net3 ip link delete mac1 && ip netns exec net4 ip link delete mac2 && ip link delete mac0",
      added "ip link add link eth0 dev mac1 type macvlan mode passthru",
      added(fails "ip link add link eth0 dev mac2 type macvlan mode passthru"),
      added "ip -d link show eth0",
      added "ip link set mac1 up",
      added "ip -d link show mac1",
      added "ip -d link show eth0",
    },
    claims = {
      link { dev = "mac1", mode = "passthru", same_mac_as = { dev = "eth0" } },
      link { dev = "mac2", exists = false },
      output { cmd = "ip link add link eth0 dev mac2 type macvlan mode bridge", contains = "Invalid argument", status = 2 },
      output { cmd = "ip -d link show eth0", matches = "promiscuity 1",
        says = { en = "with mac1 up, eth0 is promiscuous: 'ip -d link show eth0' says promiscuity 1",
                 zh = "mac1 启用后，eth0 处于混杂模式：'ip -d link show eth0' 显示 promiscuity 1" } },
    },
  },
}

summary = {
  en = "macvlan gives each child its own MAC on one NIC, and a child works only while its parent is up. bridge: " ..
    "children talk inside the kernel; private: their broadcasts reach no sibling, so ARP never finds one; vepa: " ..
    "only through a hairpin switch; passthru: one child owns the NIC, which turns promiscuous. In every mode the " ..
    "parent cannot talk to its children; give the host a macvlan child of its own.",
  zh = "macvlan 让一块网卡上的每个子接口都有自己的 MAC，子接口只有在父接口 UP 时才能工作。bridge：子接口在内核里直接通信；" ..
    "private：它们的广播到不了兄弟子接口，ARP 找不到对方；vepa：只能经过支持 hairpin 的交换机；passthru：一个子接口独占网卡，" ..
    "网卡进入混杂模式。任何模式下父接口都访问不了子接口；宿主机需要自己的 macvlan 子接口。",
}
