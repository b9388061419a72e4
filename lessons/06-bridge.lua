--[[ 06-bridge -- article 001 (计算机网络基础02), part 6: the Linux bridge.

The article's 网桥 section: br0, net7 (192.177.1.3 on veth10, port veth11)
and net8 (192.177.1.4 on veth12, port veth13), `bridge link`, `brctl show`,
and its three pings. Two of them were run from the VM itself and were
answered from far away (ttl=49, 157 ms): the host has no address on br0, so
here they fail until the host joins the bridge with an address of its own.
]]
title = { en = "The Linux bridge: a switch for namespaces", zh = "Linux 网桥：连接多个命名空间的交换机" }
article = { title = "计算机网络基础02", file = "001_5e3834fddeb32713.txt", section = "网桥" }
objectives = {
  { en = "create a bridge and attach veth ports to it; list them with 'bridge link' and 'brctl show'",
    zh = "创建网桥并把 veth 接上去；用 bridge link 和 brctl show 查看" },
  { en = "see that a namespace reaches another one only once both ports are on the bridge",
    zh = "看到只有两个端口都接到网桥上，命名空间之间才能互通" },
  { en = "see that a bridge works at layer 2: frames keep their MACs, packets keep their TTL",
    zh = "理解网桥工作在二层：帧的 MAC 不变，包的 TTL 不变" },
  { en = "see what the bridge learns ('bridge fdb', 'brctl showmacs') and what it floods",
    zh = "看到网桥学到了什么（bridge fdb、brctl showmacs），又泛洪了什么" },
  { en = "see why the host's own pings to 192.177.1.x need an address on br0",
    zh = "理解宿主机自己 ping 192.177.1.x 为什么需要 br0 上的地址" },
}
requires = { "veth", "bridge" }

steps = {
  step {
    title = { en = "br0", zh = "创建 br0" },
    en = "A veth pair joins two namespaces; for more, Linux offers a virtual switch, the bridge. The article " ..
      "creates br0 with ip and lists bridges with brctl (from bridge-utils).",
    zh = "veth pair 只能连接两个 network namespace，多个 namespace 需要通信时就无能为力了。Linux 提供了虚拟交换机：网桥。" ..
      "文章用 ip 创建 br0，用 brctl（bridge-utils 包）查看所有网桥。",
    run = { "brctl show", "ip link add br0 type bridge", "ip link set dev br0 up", "brctl show" },
    claims = {
      link { dev = "br0", type = "bridge", up = true },
      output { cmd = "brctl show", matches = "\nbr0\t\t8000%.%x+\tno\t\t\n",
        says = { en = "'brctl show' lists br0, STP off, with no interfaces yet",
                 zh = "'brctl show' 列出 br0，STP 关闭，还没有接口" } },
    },
  },

  step {
    title = { en = "net7 on the bridge", zh = "net7 接到网桥上" },
    en = "The article's lines for net7: a veth pair veth10/veth11, veth10 into net7 with 192.177.1.3/24, and " ..
      "veth11 made a port of br0 ('master br0'). A port needs no address: the bridge only moves frames.",
    zh = "文章里 net7 的命令：创建 veth10/veth11，veth10 放进 net7 并设置 192.177.1.3/24，veth11 添加到网桥" ..
      "（master br0）。网桥端口不需要 ip 地址：网桥只转发帧。",
    run = {
      "ip net add net7 && ip net add net8",
      "ip link add veth10 type veth peer name veth11 && ip link set dev veth10 netns net7 && " ..
        "ip net exec net7 ip addr add 192.177.1.3/24 dev veth10 && ip net exec net7 ip link set dev veth10 up",
      "ip link set dev veth11 master br0 && ip link set dev veth11 up",
    },
    claims = {
      link { dev = "veth11", master = "br0", up = true },
      addr { ns = "net7", dev = "veth10", has = "192.177.1.3/24" },
    },
  },

  predict {
    title = { en = "net8, not yet on the bridge", zh = "net8 还没接到网桥上" },
    en = "net8 gets veth12 with 192.177.1.4/24, and its peer veth13 is up, but veth13 is not a port of br0 yet.",
    zh = "net8 有了 veth12（192.177.1.4/24），对端 veth13 也启用了，但 veth13 还没添加到网桥。",
    ask = { en = "Will net8 reach 192.177.1.3?", zh = "net8 能 ping 通 192.177.1.3 吗？" },
    answer = "no",
    why = { en = "veth13 is a cable end lying on the floor: net8's ARP request comes out of veth13 and nothing takes it further.",
            zh = "veth13 就像一根没插到交换机上的网线：net8 的 ARP 请求从 veth13 出来，没人再往前转发。" },
    run = {
      "ip link add veth12 type veth peer name veth13 && ip link set dev veth12 netns net8 && " ..
        "ip net exec net8 ip addr add 192.177.1.4/24 dev veth12 && ip net exec net8 ip link set dev veth12 up",
      "ip link set dev veth13 up",
      fails "ip net exec net8 ping -c 1 -W 0.1 192.177.1.3",
    },
    claims = {
      link { dev = "veth13", up = true },
      output { cmd = "bridge link", lacks = "veth13" },
    },
  },

  predict {
    title = { en = "veth13 joins br0", zh = "把 veth13 添加到网桥" },
    en = "The article's last line: ip link set dev veth13 master br0 && ip link set dev veth13 up. (We also " ..
      "flush net8's failed ARP entry for 192.177.1.3, so the next ping asks again at once.)",
    zh = "文章的最后一行：ip link set dev veth13 master br0 && ip link set dev veth13 up。（顺便清掉 net8 里 " ..
      "192.177.1.3 失败的 ARP 表项，下一次 ping 会马上重新询问。）",
    ask = { en = "Will net8 reach 192.177.1.3 now, and with which TTL?", zh = "现在 net8 能 ping 通 192.177.1.3 吗？TTL 是多少？" },
    options = {
      { en = "yes, ttl=64", zh = "能，ttl=64" },
      { en = "yes, ttl=63: br0 is a hop", zh = "能，ttl=63：br0 算一跳" },
      { en = "no: br0 has no address", zh = "不能：br0 没有地址" },
    },
    answer = 1,
    why = { en = "A bridge is a layer-2 device (仅用来处理二层的通讯): it forwards frames by MAC address and never " ..
      "touches the IP header, so the TTL stays 64, and it needs no address of its own to do it.",
      zh = "Bridge 是二层设备，仅用来处理二层的通讯：它按 MAC 地址转发帧，不碰 IP 头，所以 TTL 还是 64；转发也不需要它自己有地址。" },
    run = {
      "ip link set dev veth13 master br0 && ip link set dev veth13 up",
      added "ip net exec net8 ip neigh",
      added "ip net exec net8 ip neigh flush dev veth12",
      "bridge link",
      "brctl show",
      "ip net exec net8 ping 192.177.1.3",
    },
    claims = {
      output { cmd = "bridge link", matches = "veth11@if%d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 " ..
        "state forwarding priority 32 cost 2",
        says = { en = "'bridge link' shows veth11@ifN as an UP port of br0 in state forwarding, priority 32, cost 2",
                 zh = "'bridge link' 显示 veth11@ifN 是 br0 的端口，UP，state forwarding，priority 32，cost 2" } },
      output { cmd = "bridge link", matches = "veth13@if%d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 " ..
        "state forwarding priority 32 cost 2",
        says = { en = "'bridge link' shows veth13@ifN as an UP port of br0 in state forwarding, priority 32, cost 2",
                 zh = "'bridge link' 显示 veth13@ifN 是 br0 的端口，UP，state forwarding，priority 32，cost 2" } },
      output { cmd = "brctl show", matches = "br0\t\t8000%.%x+\tno\t\tveth11\n\t+veth13",
        says = { en = "'brctl show' lists br0 (STP no) with the interfaces veth11 and veth13",
                 zh = "'brctl show' 列出 br0（STP no），接口是 veth11 和 veth13" } },
      reaches { from = "net8", to = "192.177.1.3", ttl = 64 },
    },
  },

  step {
    title = { en = "What crosses the bridge, what it learns, what it floods", zh = "经过网桥的帧：学习与泛洪" },
    en = "Capture on veth11 (net7's port) while net8 pings: the frame arrives with veth12's MAC as its source, " ..
      "unchanged. The article says a bridge copies what one port receives to all the others, and that it learns " ..
      "MAC addresses from the traffic (从通讯数据包中学习 MAC 地址). Both hold, for different frames. Each frame's " ..
      "source MAC goes into the forwarding database (FDB) with the port it came in by. A frame to a MAC not in the " ..
      "FDB yet is flooded: copied out of every other port. So is a frame to everyone (a broadcast, like an ARP " ..
      "request), and br0, the bridge's own port to the host, gets a copy too. A frame to a MAC in the FDB leaves " ..
      "by that one port only. " ..
      "'bridge fdb' and 'brctl showmacs br0' show the FDB: veth10's and veth12's MACs learned on veth11 and veth13 " ..
      "(is local? no), beside the ports' own MACs (permanent, yes). Then a capture on br0 (-p: not promiscuous, so " ..
      "br0 sees only what the bridge gives it) while net8 asks for 192.177.1.3 again. Last, a frame to a MAC " ..
      "nobody has: net8 is told that 192.177.1.99 is at 02:00:00:00:00:99, and its ping goes out to that MAC. The " ..
      "bridge has never seen it, so it floods the frame: the capture on veth11 shows it, although net7 is not its " ..
      "destination (net7 drops it).",
    zh = "net8 ping 的时候在 veth11（net7 的端口）上抓包：帧的源 MAC 是 veth12 的，原样转发过来。文章说网桥会把一个接口收到的" ..
      "数据包复制到其他接口，又说网桥会从通讯数据包中学习 MAC 地址。两句都对，只是针对不同的帧。每个帧的源 MAC 连同它进来的" ..
      "端口，都记进转发数据库（FDB）。目的 MAC 还不在 FDB 里的帧会被泛洪：从其他每个端口复制出去。发给所有人的帧（广播，" ..
      "比如 ARP 请求）也一样，而且 br0（网桥通往宿主机的端口）也会收到一份。目的 MAC 已经在 FDB 里的帧，只从那一个端口出去。" ..
      "'bridge fdb' 和 " ..
      "'brctl showmacs br0' 显示 FDB：veth10 和 veth12 的 MAC 分别学在 veth11 和 veth13 上（is local? no），旁边是端口" ..
      "自己的 MAC（permanent，yes）。然后在 br0 上抓包（-p：不开混杂模式，br0 只看到网桥交给它的帧），同时 net8 再问一次 " ..
      "192.177.1.3。最后看一个发给没人用的 MAC 的帧：告诉 net8 说 192.177.1.99 在 02:00:00:00:00:99，它的 ping 就发往这个 " ..
      "MAC。网桥从没见过它，只好泛洪：veth11 上的抓包能看到这个帧，尽管它不是发给 net7 的（net7 会丢掉它）。",
    why = { en = "net8's ARP request is a broadcast: the bridge floods it, so br0 gets a copy although nobody on the " ..
      "host asked. net7's reply goes to veth12's MAC, which the bridge has learned on veth13: it leaves by veth13 " ..
      "only, and br0 never sees it. A hub would copy everything everywhere; a bridge copies only what it must.",
      zh = "net8 的 ARP 请求是广播：网桥把它泛洪出去，所以 br0 也收到一份，尽管宿主机上没人问。net7 的回应发给 veth12 的 MAC，" ..
        "网桥已经在 veth13 上学到了它：回应只从 veth13 出去，br0 看不到。集线器会把所有帧复制到所有端口；网桥只复制不得不复制的。" },
    run = {
      added "tcpdump -nn -e -i veth11 icmp",
      "ip net exec net8 ping 192.177.1.3",
      added "tcpdump stop",
      added "bridge fdb show br br0",
      added "brctl showmacs br0",
      added "ip net exec net8 ip neigh flush dev veth12",
      added "tcpdump -p -nn -e -i br0 arp",
      "ip net exec net8 ping 192.177.1.3",
      added "tcpdump stop",
      added "ip net exec net8 ip neigh replace 192.177.1.99 lladdr 02:00:00:00:00:99 dev veth12",
      added "tcpdump -nn -e -i veth11 icmp",
      added(fails "ip net exec net8 ping -c 1 -W 0.2 192.177.1.99"),
      added "tcpdump stop",
      added "ip net exec net8 ip neigh del 192.177.1.99 dev veth12",
    },
    claims = {
      capture { ns = "host", dev = "veth11", filter = "icmp", during = "ip net exec net8 ping 192.177.1.3",
        shows = { { icmp = "echo request", src = "192.177.1.4", dst = "192.177.1.3",
                    eth_src_is_mac_of = { ns = "net8", dev = "veth12" }, eth_dst_is_mac_of = { ns = "net7", dev = "veth10" } },
                  { icmp = "echo reply", src = "192.177.1.3", dst = "192.177.1.4", ttl = 64 } } },
      lua { fn = function(net, lab)
          local l = net.link_get("net8", "veth12")
          local _, out = lab.exec("bridge fdb show br br0")
          local mac = l and l.address or "?"
          local line = out:match("\n(" .. mac:gsub("%p", "%%%0") .. " dev veth13 master br0[^\n]*)")
          return line ~= nil and not line:find("permanent"), line or out
        end,
        says = { en = "'bridge fdb' has veth12's MAC (net8), learned on port veth13, not permanent",
                 zh = "'bridge fdb' 里有 veth12（net8）的 MAC，学在端口 veth13 上，不是 permanent" } },
      lua { fn = function(net, lab)
          local l = net.link_get("net7", "veth10")
          local _, out = lab.exec("brctl showmacs br0")
          local mac = l and l.address or "?"
          return out:find("\t" .. mac:gsub("%p", "%%%0") .. "\tno\t") ~= nil, out
        end,
        says = { en = "'brctl showmacs br0' lists veth10's MAC (net7) as learned (is local? no)",
                 zh = "'brctl showmacs br0' 列出 veth10（net7）的 MAC，是学来的（is local? no）" } },
      capture { ns = "host", dev = "br0", filter = "arp",
        during = { "ip net exec net8 ip neigh flush dev veth12", "ip net exec net8 ping -c 1 192.177.1.3" },
        shows = { arp = "request", arp_who_has = "192.177.1.3", eth_dst = "ff:ff:ff:ff:ff:ff",
                  eth_src_is_mac_of = { ns = "net8", dev = "veth12" } },
        none = { arp = "reply" } },
      capture { ns = "host", dev = "veth11", filter = "icmp",
        during = { "ip net exec net8 ip neigh replace 192.177.1.99 lladdr 02:00:00:00:00:99 dev veth12",
                   "ip net exec net8 ping -c 1 -W 0.2 192.177.1.99", "ip net exec net8 ip neigh del 192.177.1.99 dev veth12" },
        shows = { icmp = "echo request", src = "192.177.1.4", dst = "192.177.1.99", eth_dst = "02:00:00:00:00:99",
                  eth_src_is_mac_of = { ns = "net8", dev = "veth12" } } },
    },
  },

  predict {
    title = { en = "The host pings net8", zh = "宿主机 ping 192.177.1.4" },
    en = "The article also pings 192.177.1.4 and 192.177.1.3 from the VM itself, and gets replies with ttl=49 " ..
      "after 157 ms. br0 is in the host, but the host has no address in 192.177.1.0/24.",
    zh = "文章还在虚拟机本身 ping 了 192.177.1.4 和 192.177.1.3，收到了 ttl=49、157 毫秒的回应。br0 在宿主机里，" ..
      "但宿主机没有 192.177.1.0/24 的地址。",
    ask = { en = "Will the host reach 192.177.1.4 here?", zh = "在这里，宿主机能 ping 通 192.177.1.4 吗？" },
    answer = "no",
    why = { en = "Being a bridge's owner does not put the host on the subnet: without an address on br0 it has no " ..
      "route to 192.177.1.0/24 (here: Network is unreachable). In the article the VM had a default route, so its " ..
      "pings went out to the internet, where real machines own 192.177.1.3/4: hence ttl=49 and 157 ms, where net8 " ..
      "answers with ttl=64 in well under a millisecond.",
      zh = "网桥在宿主机里，并不等于宿主机在这个网段上：br0 上没有地址，就没有到 192.177.1.0/24 的路由（这里：网络不可达）。" ..
        "文章里的虚拟机有默认路由，ping 走到了互联网上，那里真有机器用着 192.177.1.3/4：所以是 ttl=49、157 毫秒，" ..
        "而 net8 的回应是 ttl=64、远不到 1 毫秒。" },
    run = { fails "ping 192.177.1.4", "ip route" },
    claims = {
      not_reaches { to = "192.177.1.4", error = "Network is unreachable" },
      route { to = "192.177.1.4", unreachable = true },
    },
  },

  task {
    title = { en = "The host joins the bridge", zh = "宿主机接入网桥" },
    en = "Give br0 the address 192.177.1.1/24: the bridge device itself is the host's port on its own switch. " ..
      "Then the host reaches net7 and net8 directly, with ttl=64.",
    zh = "给 br0 配上地址 192.177.1.1/24：网桥设备本身就是宿主机接在自己这台交换机上的端口。之后宿主机能直接访问 net7 和 net8，ttl=64。",
    claims = {
      addr { dev = "br0", has = "192.177.1.1/24" },
      reaches { to = "192.177.1.4", ttl = 64 },
      reaches { to = "192.177.1.3", ttl = 64 },
    },
    hints = {
      { en = "An address on br0, like on any other device.", zh = "像给其他网卡配地址一样给 br0 配地址。" },
      { en = "ip addr add 192.177.1.1/24 dev br0", zh = "ip addr add 192.177.1.1/24 dev br0" },
    },
    solution = { added "ip addr add 192.177.1.1/24 dev br0", "ping 192.177.1.4", "ping 192.177.1.3" },
  },

  challenge {
    title = { en = "Troubleshooting: the bridge is broken", zh = "排错：网桥坏了" },
    en = "netlearn breaks the finished lab of this lesson. Find what is wrong with the commands you know, and fix it; " ..
      "'check' tells when every claim holds again.",
    zh = "netlearn 把本课搭好的环境弄坏了。用学过的命令找出问题并修好；'check' 会告诉你所有声明是否重新成立。",
    seed = 5,
  },
}

summary = {
  en = "A bridge is a switch: ports join it with 'master br0'; it learns which MAC is behind which port " ..
    "('bridge fdb'), floods broadcasts and frames to unknown MACs out of every port, sends the rest out of one, and " ..
    "leaves IP alone (ttl stays 64). The host itself is on the switch only through an address on br0.",
  zh = "网桥就是交换机：端口用 master br0 接上去；它学习每个 MAC 在哪个端口后面（'bridge fdb'），把广播和发给未知 MAC " ..
    "的帧从每个端口泛洪出去，其余的只从一个端口转发，不动 IP（ttl 还是 64）。宿主机只有在 br0 上配了地址，才算接在这台交换机上。",
}
