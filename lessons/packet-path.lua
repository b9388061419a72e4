--[[ packet-path -- article 003, part 1: how the next hop is chosen, and ARP.

Rebuilds the first half of 包流转路径: `ip rule` and its three default rules,
route lookup (the local table first, then main; longest prefix wins; shown with
`ip route get`; 'scope link' as a route's on-link mark), a rule of one's own
(`ip rule add ... lookup 100`, table ids beyond the article's 1-252), ARP before the first packet with the neighbour table filling,
and ARP never leaving its subnet (the router's MAC is asked for instead; on the
far side only the router's own ARP is seen). The article's host (eth0
10.211.55.6/24, default via 10.211.55.1, docker0 172.17.0.1/16) is the
sandbox's own namespace; the router and a server behind it are namespaces.
Part 2: lessons/packet-path-bridge.lua; part 3: lessons/packet-path-docker.lua.
]]
title = { en = "The packet's path: rules, routes and ARP", zh = "包流转路径：路由规则、路由表和 ARP" }
article = { title = "包流转路径", file = "003_6a3d8ae981d53cd1.txt", section = "如何选择下一跳 / arp协议" }
objectives = {
  { en = "read ip rule's three default rules and know which routing table is searched first",
    zh = "看懂 ip rule 的三条默认规则，知道先查哪张路由表" },
  { en = "predict the route of a packet (longest prefix wins) and check it with ip route get",
    zh = "预测一个包走哪条路由（最长前缀优先），并用 ip route get 验证" },
  { en = "watch ARP come before the first packet, and see that ARP never crosses a subnet",
    zh = "看到第一个包之前先有 ARP，并看清 ARP 不会跨网段" },
}
requires = { "veth", "bridge" }
summary = {
  en = "Before sending, the kernel walks the rules (local, main, default) and takes the longest matching " ..
    "prefix. The route names the next hop: the destination itself when it is on the link, else a gateway. " ..
    "ARP asks only for that next hop, inside its own subnet; the router repeats the story on the far side.",
  zh = "发包之前，内核按规则（local、main、default）依次查表，取最长匹配的前缀。路由给出下一跳：" ..
    "目的地址就在本链路上时就是它自己，否则是网关。ARP 只问这个下一跳，而且只在自己的网段里问；" ..
    "到了路由器另一侧，由路由器再重复一遍。",
}

steps = {
  step {
    title = { en = "ip rule: three default rules", zh = "ip rule：系统默认的 3 条规则" },
    en = "A packet's route is found through rules. The first column is the priority (smaller first); " ..
      "'lookup local' means search the table local. Every system starts with three rules.",
    zh = "找路由要先通过路由规则 rule。第一列数字是优先级，数字小的优先；lookup local 表示搜索 local 路由表。" ..
      "系统默认有 3 条记录。",
    run = { "ip rule" },
    claims = {
      output { cmd = "ip rule", matches = "^0:%s+from all lookup local\n32766:%s+from all lookup main\n" ..
        "32767:%s+from all lookup default\n$" },
    },
  },

  step {
    title = { en = "The article's host", zh = "文章里的主机" },
    en = "The article's host has eth0 10.211.55.6/24 and Docker's docker0 172.17.0.1/16. netlearn builds it " ..
      "in the sandbox's own namespace; the router 10.211.55.1 is a namespace 'router' with a second leg " ..
      "10.211.66.1/24, behind which a namespace 'server' has 10.211.66.10.",
    zh = "文章里的主机有 eth0 10.211.55.6/24 和 Docker 的 docker0 172.17.0.1/16。netlearn 用沙箱自己的命名空间" ..
      "扮演它；路由器 10.211.55.1 是命名空间 router，它还有另一条腿 10.211.66.1/24，后面的命名空间 server " ..
      "地址是 10.211.66.10。",
    run = {
      added "ip netns add router",
      added "ip netns add server",
      added "ip link add eth0 type veth peer name eth0 netns router",
      added "ip addr add 10.211.55.6/24 dev eth0",
      added "ip link set eth0 up",
      added "ip link add docker0 type bridge",
      added "ip addr add 172.17.0.1/16 dev docker0",
      added "ip link set docker0 up",
      added "ip netns exec router ip addr add 10.211.55.1/24 dev eth0",
      added "ip netns exec router ip link set eth0 up",
      added "ip netns exec router ip link add eth1 type veth peer name eth0 netns server",
      added "ip netns exec router ip addr add 10.211.66.1/24 dev eth1",
      added "ip netns exec router ip link set eth1 up",
      added "ip netns exec router sysctl -w net.ipv4.ip_forward=1",
      added "ip netns exec server ip addr add 10.211.66.10/24 dev eth0",
      added "ip netns exec server ip link set eth0 up",
      added "ip netns exec server ip route add default via 10.211.66.1",
      "ip route",
    },
    claims = {
      route { has = "10.211.55.0/24 dev eth0 proto kernel scope link src 10.211.55.6" },
      route { has = "172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1" },
      route { to = "10.211.66.10", unreachable = true },
    },
  },

  task {
    title = { en = "The default route", zh = "默认路由" },
    en = "10.211.66.10 matches no route yet ('ip route get 10.211.66.10': Network is unreachable). If no route " ..
      "matches, a host sends to its default gateway. Give the host the article's default route via 10.211.55.1 " ..
      "(the article's comes from DHCP: 'proto dhcp src 10.211.55.6 metric 100').",
    zh = "现在 10.211.66.10 匹配不到任何路由（'ip route get 10.211.66.10'：Network is unreachable）。" ..
      "如果本地都没有路由，就默认发往网关。给宿主机加上文章里经由 10.211.55.1 的默认路由" ..
      "（文章里那条来自 DHCP：'proto dhcp src 10.211.55.6 metric 100'）。",
    run = { added(fails "ip route get 10.211.66.10") },
    claims = {
      route { to = "10.211.66.10", via = "10.211.55.1", dev = "eth0" },
      reaches { to = "10.211.66.10", ttl = 63 },
    },
    hints = {
      { en = "ip route add default via GATEWAY ...", zh = "ip route add default via 网关 ..." },
      { en = "ip route add default via 10.211.55.1 dev eth0 proto dhcp src 10.211.55.6 metric 100",
        zh = "ip route add default via 10.211.55.1 dev eth0 proto dhcp src 10.211.55.6 metric 100" },
    },
    solution = { added "ip route add default via 10.211.55.1 dev eth0 proto dhcp src 10.211.55.6 metric 100",
                 "ip route" },
    why = { en = "ttl=63: the server answered with 64 and the router took one off on the way back.",
            zh = "ttl=63：server 回包时是 64，经过路由器减了 1。" },
  },

  choice {
    title = { en = "Which table first?", zh = "先查哪张表？" },
    ask = { en = "The host sends a packet to 10.211.55.6, its own address. Which table answers first?",
            zh = "宿主机发一个包给 10.211.55.6，也就是它自己的地址。哪张路由表最先给出答案？" },
    options = {
      { en = "local (rule 0)", zh = "local（规则 0）" },
      { en = "main (rule 32766)", zh = "main（规则 32766）" },
      { en = "default (rule 32767)", zh = "default（规则 32767）" },
    },
    answer = 1,
    why = { en = "Rule 0 is tried first, and the table local holds a 'local' route for every address of the " ..
      "host: the packet never leaves the machine (it goes by lo). 'ip route show table local' lists those routes; " ..
      "'ip route get 10.211.55.6' answers 'local ... dev lo'.",
      zh = "规则 0 最先被尝试，local 表里有本机每个地址的 local 路由：这个包根本不离开本机（走 lo）。" ..
      "'ip route show table local' 能列出这些路由；'ip route get 10.211.55.6' 的回答是 'local ... dev lo'。" },
  },

  step {
    title = { en = "ip route get: ask the kernel", zh = "ip route get：直接问内核" },
    en = "ip route get shows the route the kernel picks for one address, with its device and source address. " ..
      "In 'ip route', 'scope link' marks a destination on the link itself, reached without a gateway: the " ..
      "subnets of eth0 and docker0 have it, the default route (via a gateway) does not. (The article's table puts " ..
      "'scope link' under ip rule and calls it the destination subnet: it belongs to routes, and the subnet is " ..
      "the route's first column.)",
    zh = "ip route get 显示内核为某个地址选中的路由，以及出口设备和源地址。在 'ip route' 里，'scope link' 表示目的地址" ..
      "就在这条链路上，不经网关就能到：eth0 和 docker0 的网段路由有它，经由网关的默认路由没有。（文章把 'scope link' " ..
      "写在 ip rule 的表里，说它是要发往的目的网段：它属于路由，目的网段是路由的第一列。）",
    run = {
      "ip route",
      added "ip route show table local",
      added "ip route get 10.211.55.6",
      added "ip route get 10.211.55.9",
      added "ip route get 172.17.0.5",
      added "ip route get 10.211.66.10",
    },
    claims = {
      output { cmd = "ip route", matches = "\n10%.211%.55%.0/24 dev eth0 proto kernel scope link src 10%.211%.55%.6" },
      output { cmd = "ip route show default", contains = "default via 10.211.55.1 dev eth0", lacks = "scope link" },
      output { cmd = "ip route get 10.211.55.6", matches = "^local 10%.211%.55%.6 dev lo src 10%.211%.55%.6" },
      output { cmd = "ip route show table local", contains = "local 10.211.55.6 dev eth0 proto kernel scope host src 10.211.55.6" },
      route { to = "10.211.55.9", dev = "eth0" },
      route { to = "172.17.0.5", dev = "docker0" },
      route { to = "10.211.66.10", via = "10.211.55.1" },
    },
  },

  predict {
    title = { en = "Longest prefix wins", zh = "最长前缀优先" },
    en = "Add a route for 172.17.200.0/24 via the router. 172.17.200.3 now matches three routes: " ..
      "default (/0), 172.17.0.0/16 on docker0 and 172.17.200.0/24 via 10.211.55.1.",
    zh = "加一条经由路由器去 172.17.200.0/24 的路由。现在 172.17.200.3 能匹配三条路由：" ..
      "default（/0）、docker0 上的 172.17.0.0/16，以及经由 10.211.55.1 的 172.17.200.0/24。",
    ask = { en = "Which way do packets to 172.17.200.3 go?", zh = "发往 172.17.200.3 的包走哪条路？" },
    options = {
      { en = "out of eth0 via 10.211.55.1 (172.17.200.0/24)", zh = "经 10.211.55.1 从 eth0 出去（172.17.200.0/24）" },
      { en = "out of docker0 (172.17.0.0/16)", zh = "从 docker0 出去（172.17.0.0/16）" },
      { en = "the default route", zh = "默认路由" },
    },
    answer = 1,
    why = { en = "Among matching routes the longest prefix wins: /24 beats /16 beats /0. 172.17.0.5 still " ..
      "matches only the /16 and the /0, so it stays on docker0.",
      zh = "在能匹配的路由里，前缀最长的胜出：/24 胜过 /16，/16 胜过 /0。172.17.0.5 只匹配 /16 和 /0，" ..
      "所以仍然走 docker0。" },
    run = {
      added "ip route add 172.17.200.0/24 via 10.211.55.1",
      added "ip route get 172.17.200.3",
      added "ip route get 172.17.0.5",
    },
    claims = {
      route { to = "172.17.200.3", dev = "eth0", via = "10.211.55.1" },
      route { to = "172.17.0.5", dev = "docker0" },
    },
  },

  predict {
    title = { en = "A rule of your own: lookup 100", zh = "自己加一条规则：lookup 100" },
    en = "'lookup [xxx]' in a rule names the table to search. Put a route for 10.211.66.0/24 by docker0 in table " ..
      "100 (main still sends it via 10.211.55.1), then a rule with priority 1000 that sends everything for " ..
      "10.211.66.0/24 to table 100. The article says a table is a number from 1 to 252 or a name: a table is a " ..
      "32-bit number; 253, 254 and 255 are default, main and local, 0 means none, and any other works (1000, " ..
      "100000; names come from /etc/iproute2/rt_tables).",
    zh = "规则里的 lookup [xxx] 指定要搜索的路由表。在表 100 里放一条经 docker0 去 10.211.66.0/24 的路由" ..
      "（main 表仍然经由 10.211.55.1 发出），再加一条优先级 1000 的规则，让发往 10.211.66.0/24 的包都去查表 100。" ..
      "文章说表是 1-252 之间的数字或名称：其实路由表编号是 32 位的数字；253、254、255 是 default、main、local，" ..
      "0 表示未指定，其余都能用（1000、100000 都行；名称来自 /etc/iproute2/rt_tables）。",
    ask = { en = "Will the host still reach the server 10.211.66.10?", zh = "宿主机还能 ping 通 server 10.211.66.10 吗？" },
    answer = "no",
    why = { en = "Rules are tried by priority: 0 (local) has no route for 10.211.66.10, then 1000 matches and table 100 " ..
      "answers 'dev docker0'. main (32766) is never asked, although its route would work: the first table with a " ..
      "matching route wins. The host ARPs for 10.211.66.10 on docker0, where nobody has it.",
      zh = "规则按优先级依次尝试：0（local）里没有 10.211.66.10 的路由，接着 1000 匹配，表 100 给出 'dev docker0'。" ..
      "main（32766）根本没被问到，尽管它的路由本来是通的：第一个有匹配路由的表说了算。宿主机在 docker0 上对 " ..
      "10.211.66.10 发 ARP，那里没有人有这个地址。" },
    run = {
      added "ip route add 10.211.66.0/24 dev docker0 table 100",
      added "ip rule add to 10.211.66.0/24 lookup 100 pref 1000",
      "ip rule",
      added "ip route show table 100",
      added "ip route get 10.211.66.10",
      added "ip route add 10.211.77.0/24 via 10.211.55.1 table 100000",
      added "ip route show table 100000",
      added(fails "ping -c 1 -W 0.3 10.211.66.10"),
    },
    claims = {
      output { cmd = "ip rule", matches = "\n1000:%s+from all to 10%.211%.66%.0/24 lookup 100\n" },
      route { to = "10.211.66.10", dev = "docker0" },
      output { cmd = "ip route show table 100000", contains = "10.211.77.0/24 via 10.211.55.1 dev eth0" },
      not_reaches { to = "10.211.66.10" },
      -- the flush first: the entry the pings above left INCOMPLETE holds a new
      -- echo without asking again until its next retransmit (up to 1 s)
      capture { dev = "docker0", filter = "arp", during = { "ip neigh flush dev docker0", "ping -c 1 -W 0.3 10.211.66.10" },
        shows = { arp = "request", arp_who_has = "10.211.66.10", text = "tell 172.17.0.1" } },
    },
  },

  task {
    title = { en = "Back through main", zh = "回到 main 表" },
    en = "Make the host reach 10.211.66.10 again, without touching table 100.",
    zh = "不动表 100，让宿主机重新 ping 通 10.211.66.10。",
    claims = {
      route { to = "10.211.66.10", via = "10.211.55.1", dev = "eth0" },
      reaches { to = "10.211.66.10", ttl = 63 },
      output { cmd = "ip route show table 100", contains = "10.211.66.0/24 dev docker0" },
    },
    hints = {
      { en = "It is the rule that sends 10.211.66.0/24 to table 100.", zh = "是那条规则把 10.211.66.0/24 送去查表 100 的。" },
      { en = "ip rule del pref 1000", zh = "ip rule del pref 1000" },
    },
    solution = { added "ip rule del pref 1000", "ip rule" },
    why = { en = "Without rule 1000, the next rule is main's, and its default route via 10.211.55.1 answers again. " ..
      "Table 100 is still there, unused: a table is searched only when a rule points to it.",
      zh = "没有了规则 1000，下一条就是 main 表的规则，它经由 10.211.55.1 的默认路由又能用了。表 100 还在，只是没人用：" ..
      "只有规则指向一张表时，这张表才会被查。" },
  },

  predict {
    title = { en = "ARP before the first packet", zh = "第一个包之前的 ARP" },
    en = "The host's neighbour table (ARP cache) is empty: it knows no MAC address on eth0 yet. " ..
      "Now it pings the router 10.211.55.1, with tcpdump on eth0.",
    zh = "宿主机的邻居表（ARP 缓存）是空的：它还不知道 eth0 上任何一个 MAC 地址。" ..
      "现在它 ping 路由器 10.211.55.1，同时在 eth0 上抓包。",
    ask = { en = "What is the first packet on eth0?", zh = "eth0 上的第一个包是什么？" },
    options = {
      { en = "an ARP request: who has 10.211.55.1?", zh = "ARP 请求：谁是 10.211.55.1？" },
      { en = "the ICMP echo request", zh = "ICMP echo request" },
      { en = "an ARP reply from 10.211.55.6", zh = "10.211.55.6 发出的 ARP reply" },
    },
    answer = 1,
    why = { en = "An IP packet goes in an Ethernet frame, and the frame needs the next hop's MAC. With no entry " ..
      "in the neighbour table the kernel holds the packet, broadcasts an ARP request, and sends the ICMP once " ..
      "the reply arrives. 'ip neigh' then shows 10.211.55.1 with its lladdr.",
      zh = "IP 包要装进以太网帧，帧需要下一跳的 MAC。邻居表里没有记录时，内核先把包扣下，广播一个 ARP 请求，" ..
      "收到回应后才发出 ICMP。之后 'ip neigh' 就能看到 10.211.55.1 和它的 lladdr。" },
    run = {
      added "ip neigh flush dev eth0",
      added "ip neigh",
      added "tcpdump -i eth0 -n &",
      added "ping -c 1 10.211.55.1",
      added "kill %%",
      added "ip neigh",
    },
    claims = {
      capture { dev = "eth0", filter = "arp or icmp",
        during = { "ip neigh flush dev eth0", "ping -c 1 10.211.55.1" },
        shows = {
          { arp = "request", arp_who_has = "10.211.55.1", text = "tell 10.211.55.6" },
          { arp = "reply", text = "10.211.55.1 is-at" },
          { icmp = "echo request", dst = "10.211.55.1", eth_dst_is_mac_of = { ns = "router", dev = "eth0" } },
        } },
      output { cmd = "ip neigh show dev eth0", matches = "10%.211%.55%.1 lladdr %x%x:.- REACHABLE" },
    },
  },

  predict {
    title = { en = "ARP stays in its subnet", zh = "ARP 不跨网段" },
    en = "Forget the neighbours again (on the host and on the router), then ping the server 10.211.66.10, " ..
      "which is in another subnet, behind the router.",
    zh = "再清一次邻居表（宿主机和路由器上都清），然后 ping 路由器后面另一个网段的 server 10.211.66.10。",
    ask = { en = "Which address does the host ask for by ARP?", zh = "宿主机用 ARP 询问的是哪个地址？" },
    options = {
      { en = "10.211.66.10, the server", zh = "10.211.66.10，也就是 server" },
      { en = "10.211.55.1, the router (the next hop)", zh = "10.211.55.1，也就是路由器（下一跳）" },
      { en = "none: off-subnet packets need no MAC", zh = "不问：跨网段的包不需要 MAC" },
    },
    answer = 2,
    why = { en = "ARP frames do not cross a subnet. The route for 10.211.66.10 says 'via 10.211.55.1', so the " ..
      "host asks for the router's MAC and sends the ICMP to it (IP destination 10.211.66.10, MAC destination " ..
      "the router's). On the far side the router asks 'who has 10.211.66.10?' itself; the host's ARP never " ..
      "gets there.",
      zh = "ARP 的链路层包不能跨网段。10.211.66.10 的路由写着 via 10.211.55.1，所以宿主机问的是路由器的 MAC，" ..
      "ICMP 发给路由器（IP 目的地址是 10.211.66.10，MAC 目的地址是路由器的）。到了另一侧，由路由器自己问" ..
      "“谁是 10.211.66.10？”；宿主机的 ARP 根本到不了那里。" },
    run = {
      added "ip neigh flush dev eth0",
      added "ip netns exec router ip neigh flush dev eth1",
      added "ping -c 1 10.211.66.10",
    },
    claims = {
      capture { dev = "eth0", filter = "arp or icmp",
        during = { "ip neigh flush dev eth0", "ip netns exec router ip neigh flush dev eth1", "ping -c 1 10.211.66.10" },
        shows = {
          { arp = "request", arp_who_has = "10.211.55.1" },
          { icmp = "echo request", dst = "10.211.66.10", eth_dst_is_mac_of = { ns = "router", dev = "eth0" } },
        },
        none = { arp_who_has = "10.211.66.10" } },
      capture { ns = "server", dev = "eth0", filter = "arp or icmp",
        during = { "ip neigh flush dev eth0", "ip netns exec router ip neigh flush dev eth1", "ping -c 1 10.211.66.10" },
        shows = {
          { arp = "request", arp_who_has = "10.211.66.10", text = "tell 10.211.66.1," },
          { icmp = "echo request", src = "10.211.55.6", dst = "10.211.66.10",
            eth_src_is_mac_of = { ns = "router", dev = "eth1" } },
        },
        none = { text = "tell 10.211.55.6" } },
    },
  },
}
