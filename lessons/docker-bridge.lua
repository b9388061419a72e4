--[[ docker-bridge -- article 004, part 1: two "containers" behind br0, and MASQUERADE.

Rebuilds 基于虚拟设备分析Docker Bridge底层网络原理 up to its 114.114.114.114
ping: container1/container2 namespaces on veth pairs, the bridge br0 with
172.168.1.1, default routes, every ping the article shows, the ping to the
gateway 192.168.0.2 that fails (requests leave ens33 from 172.168.1.11, no
reply), and the MASQUERADE rule that fixes it. The article's VM NIC ens33
(192.168.0.10/24), its NAT gateway 192.168.0.2 and the internet behind it are
namespaces built in step 1. Where the article slips, the lesson shows the
truth: route(8)'s duplicate 172.168.1.0/24 is the route matched (two equal
routes on different devices prove which one wins), the "five chains" are the
kernel's hooks beside filter's three, and MASQUERADE's counter counts one
packet per connection. Lines the article lacks are marked added. Part 2 (DNAT)
is lessons/docker-dnat.lua.
]]
title = { en = "Docker bridge networking by hand: containers, br0 and MASQUERADE",
          zh = "手工搭建 Docker bridge 网络：容器、br0 和 MASQUERADE" }
article = { title = "基于虚拟设备分析Docker Bridge底层网络原理", file = "004_e1ea4e470e90eada.txt",
            section = "创建namespace和veth / 添加Bridge / 添加路由 / 添加masqurade" }
-- as on every Docker host: frames br0 switches go through iptables (docs/baseline.md)
br_netfilter = true
objectives = {
  { en = "build what Docker builds for a bridge-mode container: a namespace, a veth pair, a bridge",
    zh = "亲手搭出 Docker 为 bridge 模式容器搭建的东西：命名空间、veth 对、网桥" },
  { en = "see which pings work through br0 and why the host's own address needs no forwarding",
    zh = "看清哪些 ping 经过 br0 能通，以及为什么 ping 宿主机自己的地址不需要转发" },
  { en = "find out with a capture why the gateway never answers a container, and fix it with MASQUERADE",
    zh = "用抓包找出网关为什么不回应容器，并用 MASQUERADE 解决" },
}
requires = { "veth", "bridge" }
summary = {
  en = "A container is a namespace; its eth1 is one end of a veth pair whose other end, veth1, hangs on br0 " ..
    "in the host. br0 with 172.168.1.1 is the containers' gateway. Forwarding (ip_forward) lets their packets " ..
    "out through ens33, but only MASQUERADE gives them the host's address 192.168.0.10, the one address the " ..
    "outside can answer.",
  zh = "容器就是一个命名空间；它的 eth1 是 veth 对的一端，另一端 veth1 挂在宿主机的 br0 上。" ..
    "带有 172.168.1.1 的 br0 是容器的网关。开启转发（ip_forward）后包能从 ens33 出去，" ..
    "但只有 MASQUERADE 把源地址换成宿主机的 192.168.0.10，外面才能回包。",
}

steps = {
  step {
    title = { en = "The article's machine", zh = "文章里的实验机器" },
    en = "The article runs on a CentOS VM whose NAT NIC ens33 has 192.168.0.10/24 and whose gateway is " ..
      "192.168.0.2 (VMware's NAT), with the internet (114.114.114.114) behind it. netlearn builds that " ..
      "outside world as two namespaces: 'gateway' (192.168.0.2, itself a NAT router) and 'internet' " ..
      "(114.114.114.114). The sandbox's own namespace is the CentOS host.",
    zh = "文章的实验环境是一台 CentOS 虚拟机：NAT 网卡 ens33 的地址是 192.168.0.10/24，网关是 192.168.0.2" ..
      "（VMware 的 NAT），网关后面是互联网（114.114.114.114）。netlearn 用两个命名空间搭出这个外部世界：" ..
      "'gateway'（192.168.0.2，本身也是一个 NAT 路由器）和 'internet'（114.114.114.114）。" ..
      "沙箱自己的命名空间就是这台 CentOS 宿主机。",
    run = {
      added "ip netns add gateway",
      added "ip netns add internet",
      added "ip link add ens33 type veth peer name eth0 netns gateway",
      added "ip addr add 192.168.0.10/24 dev ens33",
      added "ip link set ens33 up",
      added "ip route add default via 192.168.0.2 dev ens33 metric 100",
      added "ip netns exec gateway ip addr add 192.168.0.2/24 dev eth0",
      added "ip netns exec gateway ip link set eth0 up",
      added "ip netns exec gateway ip link add wan0 type veth peer name eth0 netns internet",
      added "ip netns exec gateway ip addr add 114.114.114.1/24 dev wan0",
      added "ip netns exec gateway ip link set wan0 up",
      added "ip netns exec gateway ip route add default via 114.114.114.114 dev wan0",
      added "ip netns exec gateway sysctl -w net.ipv4.ip_forward=1",
      added "ip netns exec gateway iptables -t nat -A POSTROUTING -s 192.168.0.0/24 -o wan0 -j MASQUERADE",
      added "ip netns exec internet ip addr add 114.114.114.114/24 dev eth0",
      added "ip netns exec internet ip link set eth0 up",
      added "ip addr show ens33",
    },
    claims = {
      addr { dev = "ens33", has = "192.168.0.10/24" },
      route { has = "default via 192.168.0.2 dev ens33" },
      reaches { to = "192.168.0.2" },
      reaches { to = "114.114.114.114" },
    },
  },

  step {
    title = { en = "A container is a namespace", zh = "容器就是一个命名空间" },
    en = "A bridge-mode Docker container gets its own network namespace. A new namespace has only a " ..
      "loopback device lo, and it is DOWN.",
    zh = "Docker 容器的网络设置为 bridge 模式时，容器会拥有一个独立的网络命名空间。" ..
      "新建的网络命名空间里只有一个 DOWN 状态的 lo 网卡。",
    run = {
      "ip netns add container1",
      "ip netns add container2",
      added "ip netns exec container1 ip link",
    },
    claims = {
      link { ns = "container1", dev = "lo", up = false },
      output { cmd = "ip netns exec container2 ip link", contains = "state DOWN", lacks = "eth2" },
    },
  },

  step {
    title = { en = "A veth pair for each container", zh = "给每个容器一对 veth" },
    en = "Docker then makes a veth pair, moves one end into the container and leaves the other in the host. " ..
      "Here eth1 goes into container1 and eth2 into container2; veth1 and veth2 stay in the host. " ..
      "These are the article's commands, line by line.",
    zh = "Docker 随后创建一对 veth，把一端移进容器的命名空间，另一端留在宿主机上。" ..
      "这里 eth1 放进 container1，eth2 放进 container2；veth1 和 veth2 留在宿主机。命令和文章一模一样。",
    run = {
      "ip link add veth1 type veth peer name eth1",
      "ip link add veth2 type veth peer name eth2",
      "ip link set eth1 netns container1",
      "ip link set eth2 netns container2",
      "ip netns exec container1 ip addr add 172.168.1.11/24 dev eth1",
      "ip netns exec container2 ip addr add 172.168.1.12/24 dev eth2",
      "ip netns exec container1 ip link set eth1 up",
      "ip netns exec container2 ip link set eth2 up",
      "ip link set veth1 up",
      "ip link set veth2 up",
      "ip netns exec container1 ip link set lo up",
      "ip netns exec container2 ip link set lo up",
      added "ip netns exec container1 ip addr",
    },
    claims = {
      link { ns = "container1", dev = "eth1", type = "veth", up = true },
      addr { ns = "container1", dev = "eth1", has = "172.168.1.11/24" },
      addr { ns = "container2", dev = "eth2", has = "172.168.1.12/24" },
      link { dev = "veth1", type = "veth", up = true },
      link { ns = "container1", dev = "lo", up = true },
    },
  },

  predict {
    title = { en = "Two cables into nothing", zh = "两根没有接上的网线" },
    en = "eth1 and eth2 are UP with addresses in the same subnet 172.168.1.0/24. Their other ends, veth1 and " ..
      "veth2, are UP in the host, but nothing joins veth1 to veth2.",
    zh = "eth1 和 eth2 都已 UP，地址在同一个网段 172.168.1.0/24。它们的另一端 veth1、veth2 在宿主机上也已 UP，" ..
      "但 veth1 和 veth2 之间什么也没连。",
    ask = { en = "Will container1 reach 172.168.1.12 now?", zh = "现在 container1 能 ping 通 172.168.1.12 吗？" },
    answer = "no",
    why = { en = "container1 asks by ARP 'who has 172.168.1.12?'. The request comes out of veth1 in the host " ..
      "and stops there: veth1 is a plain device of the host, not a switch port, so nothing carries it to veth2.",
      zh = "container1 先用 ARP 问“谁是 172.168.1.12？”。这个请求从宿主机上的 veth1 出来就到头了：" ..
      "veth1 只是宿主机的一个普通网卡，不是交换机端口，没有东西把它送到 veth2。" },
    run = { added(fails "ip netns exec container1 ping -c 1 -W 0.2 172.168.1.12") },
    claims = {
      capture { dev = "veth1", filter = "arp",
        during = { "ip netns exec container1 ip neigh flush dev eth1",
                   "ip netns exec container1 ping -c 1 -W 0.2 172.168.1.12" },
        shows = { arp = "request", arp_who_has = "172.168.1.12" } },
    },
  },

  step {
    title = { en = "Add the bridge", zh = "添加网桥" },
    en = "A bridge is the virtual form of a switch: devices plugged into it are joined. The article makes br0 " ..
      "and plugs veth1 and veth2 into it (Docker's own bridge is docker0). container1 still remembers its " ..
      "unanswered ARP question: 172.168.1.12 is INCOMPLETE in its neighbour table while the kernel still asks " ..
      "(3 tries, a second apart), FAILED after that. A packet for an INCOMPLETE entry waits for the next try; one " ..
      "for a FAILED entry starts a new question at once. The next step flushes the entry, so container1 asks at " ..
      "once either way.",
    zh = "网桥（bridge）虚拟设备用来桥接网络设备，相当于现实世界中的交换机。文章创建 br0，" ..
      "把留在宿主机上的 veth1、veth2 接到上面（Docker 自己的网桥叫 docker0）。" ..
      "container1 的邻居表里还留着刚才没人回答的 ARP：内核还在问的时候（问 3 次，每次隔 1 秒），172.168.1.12 是 " ..
      "INCOMPLETE，问完之后是 FAILED。发给 INCOMPLETE 条目的包要等下一次重试；发给 FAILED 条目的包会马上重新发问。" ..
      "下一步会清掉这条记录，两种情况下 container1 都会马上重新问。",
    run = {
      "ip link add br0 type bridge",
      "ip link set br0 up",
      "ip link set veth1 master br0",
      "ip link set veth2 master br0",
      added "brctl show",
      added "ip netns exec container1 ip neigh",
    },
    claims = {
      link { dev = "veth1", master = "br0" },
      link { dev = "veth2", master = "br0" },
      output { cmd = "brctl show", matches = "br0%s+8000%.%x+%s+no%s+veth1\n%s+veth2" },
      lua { fn = function(_, lab)
          local _, out = lab.exec("ip netns exec container1 ip neigh show 172.168.1.12")
          local st = out:match("172%.168%.1%.12 dev eth1%s+(%u+)")
          return st == "INCOMPLETE" or st == "FAILED", out ~= "" and out or "(no entry)"
        end,
        says = { en = "container1's neighbour entry for 172.168.1.12 is INCOMPLETE (still asking) or FAILED (given up)",
                 zh = "container1 邻居表里 172.168.1.12 的条目是 INCOMPLETE（还在问）或 FAILED（已放弃）" } },
    },
  },

  predict {
    title = { en = "Container to container", zh = "容器之间" },
    en = "br0 has no IP address yet. It does not need one to pass frames between its ports.",
    zh = "br0 现在还没有 IP 地址。在端口之间转发帧并不需要地址。",
    ask = { en = "Will container1 reach container2 (172.168.1.12) now?",
            zh = "现在 container1 能 ping 通 container2（172.168.1.12）吗？" },
    answer = "yes",
    why = { en = "Both containers are in 172.168.1.0/24, so container1 sends straight to 172.168.1.12 after ARP. " ..
      "The ARP broadcast and the ICMP frames go in at veth1 and br0 switches them out at veth2, like a switch; " ..
      "the TTL stays 64 because no router is involved.",
      zh = "两个容器在同一个网段 172.168.1.0/24，container1 经 ARP 拿到 MAC 后直接发给 172.168.1.12。" ..
      "ARP 广播和 ICMP 帧从 veth1 进入，br0 像交换机一样把它们从 veth2 送出去；没有经过路由器，所以 TTL 还是 64。" },
    run = {
      added "ip netns exec container1 ip neigh flush dev eth1",
      added "ip netns exec container1 ping -c 1 172.168.1.12",
    },
    claims = {
      reaches { from = "container1", to = "172.168.1.12", ttl = 64 },
      capture { dev = "veth2", filter = "icmp", during = "ip netns exec container1 ping -c 1 172.168.1.12",
        shows = { icmp = "echo request", src = "172.168.1.11", dst = "172.168.1.12",
                  eth_src_is_mac_of = { ns = "container1", dev = "eth1" } } },
    },
  },

  step {
    title = { en = "br0 gets an address; default routes", zh = "给 br0 配地址；添加默认路由" },
    en = "Now br0 gets 172.168.1.1/24: the host joins the containers' subnet, and br0 becomes their gateway. " ..
      "The article also adds the subnet's route with net-tools' route, although the kernel already made one when " ..
      "the address was added: the table now holds two routes for 172.168.1.0/24, both with metric 0. Of equal " ..
      "routes the kernel uses the first in its list, and route puts its new one in front: the later route, " ..
      "route's, is the one matched (both send by br0, so nothing changes here). Each container gets a default " ..
      "route via 172.168.1.1.",
    zh = "给 br0 配上 172.168.1.1/24：宿主机加入了容器所在的网段，br0 成了容器的网关。" ..
      "文章还用 net-tools 的 route 加了这个网段的路由，而配地址时内核已经自动加了一条：表里现在有两条 172.168.1.0/24，" ..
      "metric 都是 0。相同的路由里，内核用列表里的第一条，而 route 把新加的放在最前面：后加的 route 那条才是被匹配的" ..
      "（两条都从 br0 出去，所以这里没有区别）。每个容器再加一条经由 172.168.1.1 的默认路由。",
    run = {
      "ip addr add 172.168.1.1/24 dev br0",
      "route add -net 172.168.1.0/24 dev br0",
      "ip netns exec container1 ip route add default via 172.168.1.1 dev eth1",
      "ip netns exec container2 ip route add default via 172.168.1.1 dev eth2",
      added "route -n",
      added "ip route show 172.168.1.0/24",
      added "ip netns exec container1 route -n",
      added "ip netns exec container2 route -n",
    },
    claims = {
      addr { dev = "br0", has = "172.168.1.1/24" },
      output { cmd = "ip route show 172.168.1.0/24",
        matches = "^172%.168%.1%.0/24 dev br0 scope link%s*\n172%.168%.1%.0/24 dev br0 proto kernel scope link src 172%.168%.1%.1",
        says = { en = "'ip route show 172.168.1.0/24' lists route's route first, then the kernel's",
                 zh = "'ip route show 172.168.1.0/24' 先列出 route 加的那条，再列出内核的那条" } },
      output { cmd = "route -n", matches = "0%.0%.0%.0%s+192%.168%.0%.2%s+0%.0%.0%.0%s+UG%s+100.-ens33" },
      route { ns = "container1", has = "default via 172.168.1.1 dev eth1" },
      route { ns = "container2", has = "default via 172.168.1.1 dev eth2" },
    },
  },

  choice {
    title = { en = "Two equal routes", zh = "两条相同的路由" },
    en = "To see which of two equal routes the kernel uses, give them different devices: 10.99.0.0/24 by ens33, " ..
      "then the same prefix by br0, both with route, both metric 0.",
    zh = "要看内核用两条相同路由中的哪一条，就让它们走不同的设备：先用 route 加一条经 ens33 的 10.99.0.0/24，" ..
      "再加一条同样前缀、经 br0 的，metric 都是 0。",
    ask = { en = "Which device does 'ip route get 10.99.0.1' name?", zh = "'ip route get 10.99.0.1' 给出的是哪个设备？" },
    options = {
      { en = "br0: the route added last", zh = "br0：后加的那条" },
      { en = "ens33: the route added first", zh = "ens33：先加的那条" },
      { en = "either, in turn", zh = "两条轮流用" },
    },
    answer = 1,
    why = { en = "route adds its route in front of an equal one, and the kernel takes the first equal route in " ..
      "the list: the later one. So in the article's table the route from route, not the kernel's, is the one " ..
      "matched: 'ip route get fibmatch ADDRESS' prints the matched route itself, and for 172.168.1.11 it is the " ..
      "route without 'proto kernel'.",
      zh = "route 把新路由放在相同路由的前面，而内核取列表里第一条相同的路由：也就是后加的那条。所以在文章的路由表里，" ..
      "被匹配的是 route 加的那条，而不是内核的那条：'ip route get fibmatch 地址' 会直接打印匹配到的路由，" ..
      "对 172.168.1.11 来说就是没有 'proto kernel' 的那条。" },
    run = {
      added "route add -net 10.99.0.0/24 dev ens33",
      added "route add -net 10.99.0.0/24 dev br0",
      added "ip route show 10.99.0.0/24",
      added "ip route get 10.99.0.1",
      added "ip route get fibmatch 10.99.0.1",
      added "ip route get fibmatch 172.168.1.11",
    },
    claims = {
      output { cmd = "ip route show 10.99.0.0/24", matches = "^10%.99%.0%.0/24 dev br0 scope link%s*\n10%.99%.0%.0/24 dev ens33 scope link" },
      route { to = "10.99.0.1", dev = "br0" },
      output { cmd = "ip route get fibmatch 10.99.0.1", matches = "^10%.99%.0%.0/24 dev br0 scope link" },
      output { cmd = "ip route get fibmatch 172.168.1.11", matches = "^172%.168%.1%.0/24 dev br0 scope link", lacks = "proto kernel" },
    },
  },

  step {
    title = { en = "The article's pings", zh = "文章里的 ping" },
    en = "Every ping the article shows now works: the containers reach each other, the host reaches them, " ..
      "container1 reaches br0 (172.168.1.1) and even the host's NIC address 192.168.0.10.",
    zh = "文章里展示的 ping 现在都通了：容器之间互通，宿主机能到容器，container1 能到 br0（172.168.1.1），" ..
      "甚至能到宿主机网卡的地址 192.168.0.10。",
    run = {
      added "ip netns exec container2 ping -c 1 172.168.1.11",
      added "ip netns exec container1 ping -c 1 172.168.1.12",
      added "ping -c 1 172.168.1.11",
      added "ip netns exec container1 ping -c 1 172.168.1.1",
      added "ip netns exec container1 ping -c 1 192.168.0.10",
    },
    claims = {
      reaches { from = "container2", to = "172.168.1.11", ttl = 64 },
      reaches { from = "host", to = "172.168.1.11", ttl = 64 },
      reaches { from = "container1", to = "172.168.1.1", ttl = 64 },
      reaches { from = "container1", to = "192.168.0.10", ttl = 64 },
      sysctl { name = "net.ipv4.ip_forward", value = 0 },
    },
  },

  choice {
    title = { en = "192.168.0.10 without forwarding", zh = "不开转发也能到 192.168.0.10" },
    ask = { en = "ip_forward is still 0 in the host, yet container1 reaches 192.168.0.10 (ens33's address) " ..
      "with ttl=64. Why?",
      zh = "宿主机的 ip_forward 还是 0，container1 却能 ping 通 192.168.0.10（ens33 的地址），ttl=64。为什么？" },
    options = {
      { en = "192.168.0.10 is the host's own address: the packet enters by br0 and is delivered locally, " ..
          "nothing is forwarded",
        zh = "192.168.0.10 是宿主机自己的地址：包从 br0 进来就交给本机，根本没有转发" },
      { en = "br0 switches the packet over to ens33", zh = "br0 把包交换到了 ens33 上" },
      { en = "ens33 answers ARP for container1", zh = "ens33 替 container1 回答了 ARP" },
    },
    answer = 1,
    why = { en = "An address belongs to the host, not to one device: the 'local' table holds 192.168.0.10 " ..
      "whichever device it arrives on. Only packets for other machines need ip_forward, and a TTL that drops " ..
      "by one at each router.",
      zh = "地址属于宿主机，而不只属于某一块网卡：local 路由表里有 192.168.0.10，不管包从哪块网卡进来都算本机的。" ..
      "只有发给别的机器的包才需要 ip_forward，而且每经过一个路由器 TTL 减一。" },
  },

  predict {
    title = { en = "To the gateway, forwarding off", zh = "去网关（转发关闭）" },
    en = "192.168.0.2 is not the host's: container1's packet must be forwarded from br0 out of ens33.",
    zh = "192.168.0.2 不是宿主机的地址：container1 的包必须从 br0 转发到 ens33 出去。",
    ask = { en = "With ip_forward = 0, does anything leave ens33 when container1 pings 192.168.0.2?",
            zh = "ip_forward = 0 时，container1 ping 192.168.0.2，会有包从 ens33 出去吗？" },
    answer = "no",
    why = { en = "A host that does not forward drops packets for other machines as they arrive on br0.",
            zh = "不做转发的主机会把发给别的机器的包在 br0 上直接丢掉。" },
    run = { added(fails "ip netns exec container1 ping -c 1 -W 0.2 192.168.0.2") },
    claims = {
      capture { dev = "ens33", filter = "icmp", during = "ip netns exec container1 ping -c 1 -W 0.2 192.168.0.2",
        none = true },
    },
  },

  predict {
    title = { en = "To the gateway, forwarding on", zh = "去网关（转发开启）" },
    en = "Turn forwarding on, as the article did before its capture (下边关于容器分析了), and try again with " ..
      "tcpdump on ens33.",
    zh = "像文章在抓包之前那样打开转发，再用 tcpdump 在 ens33 上抓包重试。",
    ask = { en = "Will container1 reach the gateway 192.168.0.2 now?",
            zh = "现在 container1 能 ping 通网关 192.168.0.2 吗？" },
    answer = "no",
    why = { en = "The request now leaves ens33, but with the source 172.168.1.11. The gateway answers " ..
      "172.168.1.11, a network it knows nothing about, so its reply goes out by its own default route, " ..
      "towards the internet, and never comes back to ens33.",
      zh = "请求现在从 ens33 出去了，但源地址是 172.168.1.11。网关要回给 172.168.1.11，" ..
      "它根本不认识这个网段，回包只能走它自己的默认路由去了互联网方向，永远回不到 ens33。" },
    run = {
      added "echo 1 > /proc/sys/net/ipv4/ip_forward",
      added "tcpdump -i ens33 -n icmp &",
      added(fails "ip netns exec container1 ping -c 2 -i 0.2 -W 0.2 192.168.0.2"),
      added "kill %%",
    },
    claims = {
      sysctl { name = "net.ipv4.ip_forward", value = 1 },
      capture { dev = "ens33", filter = "icmp", during = "ip netns exec container1 ping -c 1 -W 0.2 192.168.0.2",
        shows = { icmp = "echo request", src = "172.168.1.11", dst = "192.168.0.2" },
        none = { icmp = "echo reply" } },
      route { ns = "gateway", to = "172.168.1.11", dev = "wan0" },
      capture { ns = "gateway", dev = "wan0", filter = "icmp",
        during = "ip netns exec container1 ping -c 1 -W 0.2 192.168.0.2",
        shows = { icmp = "echo reply", src = "192.168.0.2", dst = "172.168.1.11" } },
    },
  },

  step {
    title = { en = "The FORWARD chain", zh = "FORWARD 链" },
    en = "The article says iptables has five chains, then lists three. 'iptables -L' shows one table, filter, " ..
      "whose chains are INPUT, FORWARD and OUTPUT. The five are the kernel's hooks (PREROUTING, INPUT, FORWARD, " ..
      "OUTPUT, POSTROUTING), and each table has chains on some of them: nat has PREROUTING, INPUT, OUTPUT and " ..
      "POSTROUTING. FORWARD handles packets passed on to other machines or namespaces. Its policy here is ACCEPT, " ..
      "so forwarding is not blocked. On a machine where it is DROP (Docker sets that), the article opens it with " ..
      "its line below.",
    zh = "文章说 iptables 有五个链（chain），接着却只列出了三个。'iptables -L' 只显示一张表，filter 表，" ..
      "它的链是 INPUT、FORWARD 和 OUTPUT。五个指的是内核的五个钩子（PREROUTING、INPUT、FORWARD、OUTPUT、POSTROUTING），" ..
      "每张表只在其中一部分上有链：nat 表有 PREROUTING、INPUT、OUTPUT 和 POSTROUTING。FORWARD 链处理转发给其他机器 / " ..
      "network namespace 的数据包。这里默认 policy 是 ACCEPT，所以转发不会被拦。如果是 DROP（Docker 会这么设），" ..
      "就用文章里下面这条命令打开。",
    run = {
      added "iptables -L",
      added "iptables -t nat -L",
      "iptables -t filter --policy FORWARD ACCEPT",
    },
    claims = {
      output { cmd = "iptables -L", matches = "^Chain INPUT %(policy ACCEPT%).-Chain FORWARD %(policy ACCEPT%).-Chain OUTPUT",
        lacks = "ROUTING" },
      output { cmd = "iptables -t nat -L", matches = "^Chain PREROUTING.-Chain INPUT.-Chain OUTPUT.-Chain POSTROUTING" },
      output { cmd = "iptables -L FORWARD", contains = "Chain FORWARD (policy ACCEPT)" },
    },
  },

  task {
    title = { en = "Let container1 reach 114.114.114.114", zh = "让 container1 访问 114.114.114.114" },
    en = "Make container1 reach 114.114.114.114 on the internet with one iptables line in the host: the " ..
      "outside must see the host's address 192.168.0.10 instead of 172.168.1.11.",
    zh = "在宿主机上用一条 iptables 命令，让 container1 能访问互联网上的 114.114.114.114：" ..
      "外面看到的源地址必须是宿主机的 192.168.0.10，而不是 172.168.1.11。",
    claims = {
      reaches { from = "container1", to = "114.114.114.114" },
      reaches { from = "container1", to = "192.168.0.2" },
    },
    hints = {
      { en = "Source NAT happens in the nat table's POSTROUTING chain, for packets from 172.168.1.0/24 " ..
          "leaving by ens33.",
        zh = "源地址转换在 nat 表的 POSTROUTING 链做，针对从 ens33 出去、来自 172.168.1.0/24 的包。" },
      { en = "iptables -t nat -A POSTROUTING -s 172.168.1.0/24 -o ens33 -j MASQUERADE",
        zh = "iptables -t nat -A POSTROUTING -s 172.168.1.0/24 -o ens33 -j MASQUERADE" },
    },
    solution = { "iptables -t nat -A POSTROUTING -s 172.168.1.0/24 -o ens33 -j MASQUERADE" },
  },

  step {
    title = { en = "What MASQUERADE changed", zh = "MASQUERADE 改变了什么" },
    en = "The nat table now has the article's rule. The same capture on ens33 shows the request leaving " ..
      "from 192.168.0.10 and the reply coming back; the host maps it back to 172.168.1.11. No rule does that: " ..
      "NAT is decided once per connection, at its first packet, and conntrack rewrites the rest and the replies. " ..
      "The counters show it: three pings in one run (one connection, one ICMP id) count 1 packet on MASQUERADE.",
    zh = "nat 表里有了文章的这条规则。同样在 ens33 上抓包，请求的源地址变成了 192.168.0.10，回包也回来了；" ..
      "宿主机再把它换回 172.168.1.11。这不是哪条规则做的：NAT 对每个连接只在第一个包上决定一次，其余的包和回包都由" ..
      "连接跟踪（conntrack）改写。计数器可以证明：一次运行里的 3 个 ping（一个连接，一个 ICMP id）在 MASQUERADE 上只记 1 个包。",
    run = {
      added "iptables -t nat -L -n",
      added "ip netns exec container1 ping -c 1 192.168.0.2",
      added "iptables -t nat -Z POSTROUTING",
      added "ip netns exec container1 ping -c 3 -i 0.2 114.114.114.114",
      added "iptables -t nat -L POSTROUTING -v -n",
    },
    claims = {
      output { cmd = "iptables -t nat -L POSTROUTING -v -n", matches = "\n%s+1%s+84%s+MASQUERADE%s",
        says = { en = "MASQUERADE counted 1 packet (84 bytes) for the 3 pings: only the connection's first",
                 zh = "3 个 ping 在 MASQUERADE 上只记了 1 个包（84 字节）：只有连接的第一个包" } },
      output { cmd = "iptables -t nat -L POSTROUTING -n", matches = "MASQUERADE%s+all%s+%-%-%s+172%.168%.1%.0/24%s+0%.0%.0%.0/0" },
      capture { dev = "ens33", filter = "icmp", during = "ip netns exec container1 ping -c 1 192.168.0.2",
        shows = {
          { icmp = "echo request", src = "192.168.0.10", dst = "192.168.0.2" },
          { icmp = "echo reply", src = "192.168.0.2", dst = "192.168.0.10" },
        },
        none = { src = "172.168.1.11" } },
      capture { ns = "container1", dev = "eth1", filter = "icmp", during = "ip netns exec container1 ping -c 1 192.168.0.2",
        shows = { icmp = "echo reply", src = "192.168.0.2", dst = "172.168.1.11" } },
    },
  },

  choice {
    title = { en = "Why no reply before?", zh = "之前为什么没有回包？" },
    ask = { en = "Before MASQUERADE, tcpdump on ens33 showed requests from 172.168.1.11 and no reply. Why?",
            zh = "加 MASQUERADE 之前，ens33 上只抓到来自 172.168.1.11 的请求，没有回包。为什么？" },
    options = {
      { en = "The gateway's reply was addressed to 172.168.1.11, and its only route for that is its default route: " ..
          "the reply left towards the internet, never back to ens33",
        zh = "网关的回包目的地址是 172.168.1.11，它只有默认路由能用：回包往互联网方向去了，永远回不到 ens33" },
      { en = "The FORWARD chain dropped the replies", zh = "FORWARD 链把回包丢了" },
      { en = "ens33 cannot receive packets from the gateway", zh = "ens33 收不到网关发来的包" },
    },
    answer = 1,
    why = { en = "The article's reasoning (当源地址为172.168.1.11...构建的reply包的目的地址为172.168.1.11," ..
      "故而看不到ICMP reply包), and the capture on the gateway's wan0 showed where the reply went: out towards " ..
      "the internet, by the gateway's default route. MASQUERADE replaces the private source with ens33's address, " ..
      "which the gateway reaches on its own link.",
      zh = "正是文章的分析（源地址为 172.168.1.11 的包发到网关后，网关构建的 reply 包目的地址为 172.168.1.11，" ..
      "故而看不到 ICMP reply 包）；网关 wan0 上的抓包还看到了回包去了哪里：经网关的默认路由往互联网方向去了。" ..
      "MASQUERADE 把私有的源地址换成 ens33 的地址，网关在自己的链路上就能回到它。" },
  },
}
