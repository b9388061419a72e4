--[[ 03-third-machine -- article 001 (计算机网络基础02), part 3: a third machine and the way out.

The article's "window主机访问net2所有ip", "net2主机访问window所有ip" and
"net1和net2可上网". The namespace "windows" stands for the article's Windows PC
(172.168.111.1 on the Hyper-V switch, 192.168.20.48 on its LAN); "router"
stands for the home router 192.168.20.1 and "baidu", behind it, for
www.baidu.com (163.177.151.110): nothing here ever leaves the sandbox. The lab of
lessons 01-02 is rebuilt in step 1.
]]
title = { en = "A third machine, return routes, and the way out", zh = "第三台主机、回程路由和上网" }
article = { title = "计算机网络基础02", file = "001_5e3834fddeb32713.txt", section = "window主机访问net2所有ip / net1和net2可上网" }
objectives = {
  { en = "route a third machine (the article's Windows host) to net1 and net2 through the host",
    zh = "让第三台主机（文章里的 Windows 主机）经过宿主机访问 net1 和 net2" },
  { en = "find each missing return route with tcpdump and add it on net1 and net2",
    zh = "用 tcpdump 找到缺少的回程路由，在 net1 和 net2 上加上" },
  { en = "give net1 and net2 a default route that really leads out, and see why the article's one does not",
    zh = "给 net1 和 net2 一条真正能上网的默认路由，并理解文章里那条为什么不行" },
}
requires = { "veth" }

steps = {
  step {
    title = { en = "Where lesson 02 ended", zh = "第 02 课结束时的环境" },
    en = "net1 forwards (ip_forward=1), the host routes 192.167.2.0/24 via 192.167.3.1, net2 has its return route. " ..
      "The host (the article's Ubuntu VM) reaches everything; 'windows' is its default gateway at 172.168.111.1.",
    zh = "net1 已经打开转发（ip_forward=1），宿主机经 192.167.3.1 访问 192.167.2.0/24，net2 有回程路由。" ..
      "宿主机（文章里的 Ubuntu 虚拟机）能访问所有地址；windows 是它的默认网关 172.168.111.1。",
    run = {
      "ip net add net1 && ip net add net2",
      added "ip net add windows",
      added "ip link add eth0 type veth peer name vEthernet netns windows",
      added "ip addr add 172.168.111.2/24 dev eth0 && ip link set eth0 up",
      added "ip net exec windows ip addr add 172.168.111.1/24 dev vEthernet && ip net exec windows ip link set vEthernet up",
      added "ip route add default via 172.168.111.1 dev eth0",
      "ip link add veth0 type veth peer name veth1 && ip link add veth2 type veth peer name veth3",
      "ip link set veth0 netns net1 && ip link set veth1 netns net2 && ip link set veth2 netns net1",
      "ip net exec net1 ip addr add 192.167.2.1/24 dev veth0 && ip net exec net1 ip link set veth0 up",
      "ip net exec net2 ip addr add 192.167.2.2/24 dev veth1 && ip net exec net2 ip link set veth1 up",
      "ip net exec net1 ip addr add 192.167.3.1/24 dev veth2 && ip net exec net1 ip link set veth2 up",
      "ip addr add 192.167.3.2/24 dev veth3 && ip link set veth3 up",
      "ip route add 192.167.2.0/24 via 192.167.3.1 dev veth3",
      added "ip net exec net1 sysctl -w net.ipv4.ip_forward=1",
      "ip net exec net2 ip route add 192.167.3.0/24 via 192.167.2.1 dev veth1",
      "ping 192.167.2.2",
    },
    claims = {
      reaches { to = "192.167.2.2", ttl = 63 },
      sysctl { name = "net.ipv4.ip_forward", value = 0 },
    },
  },

  step {
    title = { en = "Windows learns the way to 192.167.x", zh = "Windows 添加路由" },
    en = "On Windows the article types (as administrator) 'route add 192.167.3.0 mask 255.255.255.0 172.168.111.2' " ..
      "and the same for 192.167.2.0: both subnets are reached through the VM's eth0. In the 'windows' namespace " ..
      "the same routes are written with ip.",
    zh = "文章在 Windows 上（管理员权限）执行 'route add 192.167.3.0 mask 255.255.255.0 172.168.111.2'，192.167.2.0 同样：" ..
      "两个网段都通过虚拟机的 eth0 访问。在 windows 命名空间里，同样的路由用 ip 命令写。",
    run = {
      added "ip net exec windows ip route add 192.167.3.0/24 via 172.168.111.2",
      added "ip net exec windows ip route add 192.167.2.0/24 via 172.168.111.2",
      added "ip net exec windows ip route",
    },
    claims = {
      route { ns = "windows", has = "192.167.3.0/24 via 172.168.111.2 dev vEthernet" },
      route { ns = "windows", has = "192.167.2.0/24 via 172.168.111.2 dev vEthernet" },
    },
  },

  predict {
    title = { en = "Windows pings the host's veth3", zh = "Windows ping 192.167.3.2" },
    en = "The host's own ip_forward is still 0.", zh = "宿主机自己的 ip_forward 还是 0。",
    ask = { en = "Will windows reach 192.167.3.2?", zh = "windows 能 ping 通 192.167.3.2 吗？" },
    answer = "yes",
    why = { en = "192.167.3.2 is the host's own address (on veth3): the packet arriving on eth0 is delivered " ..
      "locally, and the host knows the way back to 172.168.111.1. No forwarding, so ip_forward does not matter.",
      zh = "192.167.3.2 是宿主机自己的地址（在 veth3 上）：从 eth0 进来的包直接交给本机，宿主机也知道怎么回到 " ..
        "172.168.111.1。没有转发，所以和 ip_forward 无关。" },
    run = { added "ip net exec windows ping 192.167.3.2" },
    claims = { reaches { from = "windows", to = "192.167.3.2", ttl = 64 } },
  },

  predict {
    title = { en = "Windows pings net1", zh = "Windows ping 192.167.3.1" },
    en = "The article: 注意linux宿主机打开ip_forward. The host now forwards; we capture in net1 on veth2 as the " ..
      "article does while windows pings 192.167.3.1.",
    zh = "文章：注意 linux 宿主机打开 ip_forward。宿主机现在转发了；像文章一样在 net1 的 veth2 上抓包，同时 windows ping 192.167.3.1。",
    ask = { en = "What does the capture in net1 show?", zh = "net1 里的抓包会看到什么？" },
    options = {
      { en = "nothing at all", zh = "什么也没有" },
      { en = "requests from 172.168.111.1, no replies", zh = "只有来自 172.168.111.1 的 request，没有 reply" },
      { en = "requests and replies", zh = "request 和 reply 都有" },
    },
    answer = 2,
    why = { en = "The host forwards the request into net1, but net1 has routes only for 192.167.2.0/24 and " ..
      "192.167.3.0/24: it has no way back to 172.168.111.1. 数据包在net1可以抓到,因为没有配置回程路由说以无法访问.",
      zh = "宿主机把 request 转发进了 net1，但 net1 只有 192.167.2.0/24 和 192.167.3.0/24 的路由，回不到 172.168.111.1。" ..
        "数据包在 net1 可以抓到，因为没有配置回程路由所以无法访问，数据包源地址为 172.168.111.1。" },
    run = {
      "sysctl -w net.ipv4.ip_forward=1",
      "ip net exec net1 tcpdump -nn -i veth2 icmp",
      added(fails "ip net exec windows ping -c 1 -W 0.1 192.167.3.1"),
      "tcpdump stop",
    },
    claims = {
      capture { ns = "net1", dev = "veth2", filter = "icmp", during = "ip net exec windows ping -c 1 -W 0.1 192.167.3.1",
        shows = { icmp = "echo request", src = "172.168.111.1", dst = "192.167.3.1" },
        none = { icmp = "echo reply" } },
      route { ns = "net1", to = "172.168.111.1", unreachable = true },
    },
  },

  step {
    title = { en = "net1's return route", zh = "在 net1 上添加回程路由" },
    en = "The article's return route on net1: 172.168.111.0/24 goes back through the host (192.167.3.2). " ..
      "Now each request has its reply, and 192.167.2.1 works too, since it is net1's own address.",
    zh = "文章在 net1 上添加的回程路由：172.168.111.0/24 经宿主机（192.167.3.2）回去。现在每个 request 都有 reply；" ..
      "192.167.2.1 也是 net1 自己的地址，回程知道如何走，自然也就通了。",
    run = {
      "ip net exec net1 ip route add 172.168.111.0/24 via 192.167.3.2 dev veth2",
      "ip net exec net1 tcpdump -nn -i veth2 icmp",
      added "ip net exec windows ping 192.167.3.1",
      "tcpdump stop",
      added "ip net exec windows ping 192.167.2.1",
    },
    claims = {
      route { ns = "net1", has = "172.168.111.0/24 via 192.167.3.2 dev veth2" },
      capture { ns = "net1", dev = "veth2", filter = "icmp", during = "ip net exec windows ping 192.167.3.1",
        shows = { { icmp = "echo request", src = "172.168.111.1", dst = "192.167.3.1" },
                  { icmp = "echo reply", src = "192.167.3.1", dst = "172.168.111.1" } } },
      reaches { from = "windows", to = "192.167.3.1", ttl = 63 },
      reaches { from = "windows", to = "192.167.2.1", ttl = 63 },
    },
  },

  predict {
    title = { en = "And net2?", zh = "那 net2 呢？" },
    en = "net2 got a return route in lesson 02: 192.167.3.0/24 via 192.167.2.1.",
    zh = "net2 在第 02 课里加过回程路由：192.167.3.0/24 via 192.167.2.1。",
    ask = { en = "Will windows reach 192.167.2.2 now?", zh = "现在 windows 能 ping 通 192.167.2.2 吗？" },
    answer = "no",
    why = { en = "The request arrives, but its source is 172.168.111.1 and net2's return route covers only " ..
      "192.167.3.0/24. 此时ping 192.167.2.2 自然不通,因为数据包到了net2,没有返程路由.",
      zh = "request 到了，但源地址是 172.168.111.1，而 net2 的回程路由只覆盖 192.167.3.0/24。" ..
        "此时 ping 192.167.2.2 自然不通，因为数据包到了 net2，没有返程路由。" },
    run = { added(fails "ip net exec windows ping -c 1 -W 0.1 192.167.2.2"), added "ip net exec net2 ip route" },
    claims = {
      route { ns = "net2", to = "172.168.111.1", unreachable = true },
      output { cmd = "ip net exec net2 ip route", lacks = "172.168.111.0/24" },
    },
  },

  task {
    title = { en = "net2's return route to Windows", zh = "net2 到 Windows 的回程路由" },
    en = "Give net2 the route back to 172.168.111.0/24 (through net1, 192.167.2.1).",
    zh = "给 net2 加上回到 172.168.111.0/24 的路由（经 net1，192.167.2.1）。",
    claims = {
      -- where net2 sends a reply to windows, whichever route the learner wrote
      route { ns = "net2", to = "172.168.111.1", via = "192.167.2.1", dev = "veth1" },
      reaches { from = "windows", to = "192.167.2.2", ttl = 62 },
    },
    hints = {
      { en = "Like net2's route to 192.167.3.0/24, with another destination.",
        zh = "和 net2 到 192.167.3.0/24 的路由一样，只是目的网段不同。" },
      { en = "ip net exec net2 ip route add 172.168.111.0/24 via 192.167.2.1 dev veth1",
        zh = "ip net exec net2 ip route add 172.168.111.0/24 via 192.167.2.1 dev veth1" },
    },
    solution = { "ip net exec net2 ip route add 172.168.111.0/24 via 192.167.2.1 dev veth1" },
  },

  step {
    title = { en = "Windows' LAN, and net2 reaching it", zh = "Windows 的本地连接，net2 访问 window 所有 ip" },
    en = "Windows also has its LAN connection 192.168.20.48, whose gateway is the home router 192.168.20.1 (the " ..
      "namespace 'router'), behind which lies the internet (the namespace 'baidu', 163.177.151.110, stands for " ..
      "www.baidu.com). For net1 and net2 to reach 192.168.20.0/24 the article adds one route on each.",
    zh = "Windows 还有本地连接 192.168.20.48，网关是家里的路由器 192.168.20.1（命名空间 router），" ..
      "路由器后面是互联网（命名空间 baidu，163.177.151.110，代表 www.baidu.com）。" ..
      "要让 net1 和 net2 访问 192.168.20.0/24，文章在 net1 和 net2 中各添加一条 20.0/24 的路由。",
    run = {
      added "ip net add router",
      added "ip link add lan0 type veth peer name eth0 netns router && ip link set lan0 netns windows",
      added "ip net exec windows ip addr add 192.168.20.48/24 dev lan0 && ip net exec windows ip link set lan0 up",
      added "ip net exec router ip addr add 192.168.20.1/24 dev eth0 && ip net exec router ip link set eth0 up",
      added "ip net exec windows ip route add default via 192.168.20.1",
      added "ip net add baidu",
      added "ip link add wan0 type veth peer name eth0 netns baidu && ip link set wan0 netns router",
      added "ip net exec router ip addr add 163.177.151.1/24 dev wan0 && ip net exec router ip link set wan0 up",
      added "ip net exec baidu ip addr add 163.177.151.110/24 dev eth0 && ip net exec baidu ip link set eth0 up",
      added "ip net exec baidu ip route add default via 163.177.151.1",
      added "ip net exec router sysctl -w net.ipv4.ip_forward=1",
      "ip net exec net1 ip route add 192.168.20.0/24 via 192.167.3.2 dev veth2",
      "ip net exec net2 ip route add 192.168.20.0/24 via 192.167.2.1 dev veth1",
      "ip net exec net2 ping 192.168.20.48",
    },
    claims = {
      reaches { from = "net2", to = "192.168.20.48", ttl = 62 },
      route { ns = "net2", to = "192.168.20.48", via = "192.167.2.1", dev = "veth1" },
    },
  },

  choice {
    title = { en = "ttl=125 in the article, 62 here", zh = "文章里 ttl=125，这里是 62" },
    ask = { en = "The article's reply from 192.168.20.48 had ttl=125; here it has ttl=62. Why?",
            zh = "文章里 192.168.20.48 的回应 ttl=125，这里是 ttl=62。为什么？" },
    options = {
      { en = "Windows starts replies at TTL 128, Linux at 64; each forwarding router then takes 1",
        zh = "Windows 回应的初始 TTL 是 128，Linux 是 64；之后每个转发的路由器减 1" },
      { en = "the article's network was slower", zh = "文章里的网络更慢" },
      { en = "TTL counts milliseconds", zh = "TTL 表示毫秒数" },
    },
    answer = 1,
    why = { en = "Here: 64 - 2 (the host and net1 forward the reply) = 62. In the article 128 - 3 = 125: one more " ..
      "forwarding hop, most likely Hyper-V's NAT switch in front of the VM.",
      zh = "这里：64 - 2（宿主机和 net1 转发了回应）= 62。文章里 128 - 3 = 125：多了一跳转发，多半是虚拟机前面 Hyper-V 的 NAT 交换机。" },
  },

  step {
    title = { en = "The article's default route, first line", zh = "文章里的默认路由：第一行" },
    en = "To let net1 上网 the article types 'ip net exec net1 ip route add default dev veth2' and warns that the " ..
      "gateway cannot come first (注意这里不能先指定网关，否则会报错). Indeed 'default via 192.168.20.1' is refused: " ..
      "192.168.20.1 is on no subnet of net1. 'default dev veth2' has no gateway: it says every address no other " ..
      "route covers is on veth2's link (scope link, 'on-link'), so net1 would ARP on veth2 for it directly. " ..
      "'ip route get 163.177.151.110' shows it: dev veth2, no via.",
    zh = "为了让 net1 上网，文章执行了 'ip net exec net1 ip route add default dev veth2'，并提醒：注意这里不能先指定网关，" ..
      "否则会报错。确实，'default via 192.168.20.1' 会被拒绝：192.168.20.1 不在 net1 的任何网段上。'default dev veth2' " ..
      "没有网关：它声明其他路由没有覆盖的地址都在 veth2 这条链路上（scope link，即 on-link），net1 会在 veth2 上用 ARP " ..
      "直接找它们。'ip route get 163.177.151.110' 可以看到：dev veth2，没有 via。",
    why = { en = "The kernel accepts a gateway only if it can already reach it directly: some route of scope link must " ..
      "cover it (a route through another gateway, like net1's 192.168.20.0/24 via 192.167.3.2, does not count). " ..
      "'default dev veth2' is such a route for every address, so after it 'via 192.168.20.1' passes the " ..
      "check. The one-line form of the same is 'ip route add default via 192.168.20.1 dev veth2 onlink'. Being " ..
      "accepted does not make 192.168.20.1 a neighbour, as the next step shows.",
      zh = "内核只接受已经能直接到达的网关：必须有一条 scope link 的路由覆盖它（经过另一个网关的路由，比如 net1 的 " ..
        "192.168.20.0/24 via 192.167.3.2，不算）。'default dev veth2' 对所有地址都是这样的路由，" ..
        "所以有了它之后，'via 192.168.20.1' 就能通过检查。同样的意思一行写法是 " ..
        "'ip route add default via 192.168.20.1 dev veth2 onlink'。被接受并不等于 192.168.20.1 真的是邻居，下一步会看到。" },
    run = {
      added(fails "ip net exec net1 ip route add default via 192.168.20.1"),
      "ip net exec net1 ip route add default dev veth2",
      added "ip net exec net1 ip route get 163.177.151.110",
    },
    claims = {
      route { ns = "net1", has = "default dev veth2 scope link" },
      output { cmd = "ip net exec net1 ip route get 163.177.151.110", matches = "^163%.177%.151%.110 dev veth2 src 192%.167%.3%.1",
        says = { en = "'ip route get 163.177.151.110' in net1 says dev veth2 with no via: on-link, a neighbour to ARP for",
                 zh = "net1 里 'ip route get 163.177.151.110' 显示 dev veth2、没有 via：on-link，直接用 ARP 找它" } },
    },
  },

  predict {
    title = { en = "The article's default route", zh = "文章里的默认路由" },
    en = "Then the article types 'ip net exec net1 ip route change default via 192.168.20.1': accepted now, since " ..
      "'default dev veth2' covers 192.168.20.1.",
    zh = "然后文章执行 'ip net exec net1 ip route change default via 192.168.20.1'：现在能成功，因为 " ..
      "'default dev veth2' 覆盖了 192.168.20.1。",
    ask = { en = "Will net1 reach 163.177.151.110 with this default route?", zh = "有了这条默认路由，net1 能 ping 通 163.177.151.110 吗？" },
    answer = "no",
    why = { en = "'via 192.168.20.1 dev veth2' makes net1 ask on veth2 'who has 192.168.20.1?' (ARP), and on that " ..
      "cable only the host is, with 192.167.3.2: nobody answers, nothing is sent. The gateway must be a neighbour " ..
      "(一定要保证网关地址是可以ping通后在添加默认网关路由). The article's 'ping www.baidu.com' ran in the VM itself, " ..
      "not in net1, so it did not test this route.",
      zh = "'via 192.168.20.1 dev veth2' 让 net1 在 veth2 上用 ARP 问“谁是 192.168.20.1？”，而这根线上只有宿主机" ..
        "（192.167.3.2）：没人回答，包发不出去。网关必须是邻居（一定要保证网关地址是可以 ping 通后再添加默认网关路由）。" ..
        "文章里的 'ping www.baidu.com' 是在虚拟机本身执行的，不是在 net1 里，所以并没有验证这条路由。" },
    run = {
      "ip net exec net1 ip route change default via 192.168.20.1",
      added "ip net exec net1 ip route",
      added "tcpdump -nn -i veth3 arp",
      added(fails "ip net exec net1 ping -c 1 -W 0.1 163.177.151.110"),
      added "tcpdump stop",
    },
    claims = {
      route { ns = "net1", has = "default via 192.168.20.1 dev veth2" },
      capture { ns = "host", dev = "veth3", filter = "icmp", during = "ip net exec net1 ping -c 1 -W 0.1 163.177.151.110",
        none = true },
      output { cmd = "ip net exec net1 ip neigh", matches = "192%.168%.20%.1 dev veth2 +[IF][NA][CI][OL]",
        says = { en = "net1's neighbour entry for 192.168.20.1 on veth2 is INCOMPLETE or FAILED: nobody answered the ARP",
                 zh = "net1 在 veth2 上对 192.168.20.1 的邻居表项是 INCOMPLETE 或 FAILED：没人回答 ARP" } },
    },
  },

  step {
    title = { en = "Windows shares its connection", zh = "Windows 共享上网（NAT）" },
    en = "The article's host reaches baidu because Hyper-V's Default Switch does NAT: the VM's packets leave Windows " ..
      "with Windows' own address, 192.168.20.48, so the router can answer. The 'windows' namespace does the same " ..
      "with one iptables rule, and forwards. Then the host reaches 163.177.151.110: its default route goes to " ..
      "windows. The article says Linux itself has ip_forward but no NAT, which iptables adds (linux本身...只是没有nat" ..
      "功能而已，可以通过iptables来实现nat功能): not so. NAT is part of the Linux kernel (netfilter's nat table, with " ..
      "connection tracking); iptables only writes the rule into the kernel and exits. The rule's packet counter, " ..
      "kept by the kernel, counts the ping that went out long after iptables had finished.",
    zh = "文章里的虚拟机能访问百度，是因为 Hyper-V 的 Default Switch 做了 NAT：虚拟机的包离开 Windows 时源地址换成 " ..
      "Windows 自己的 192.168.20.48，路由器才能回应。windows 命名空间用一条 iptables 规则做同样的事，并打开转发。" ..
      "这样宿主机就能访问 163.177.151.110：它的默认路由指向 windows。文章说 linux 本身有 ip_forward 功能，" ..
      "只是没有 nat 功能而已，可以通过 iptables 来实现：这不对。NAT 就在 Linux 内核里（netfilter 的 nat 表，" ..
      "配合连接跟踪）；iptables 只是把规则写进内核，然后就退出了。规则的包计数由内核维护，iptables 早已结束，" ..
      "它仍然记下了后来发出去的 ping。",
    run = {
      added "ip net exec windows sysctl -w net.ipv4.ip_forward=1",
      added "ip net exec windows iptables -t nat -A POSTROUTING -o lan0 -j MASQUERADE",
      added "ping 163.177.151.110",
      added "ip net exec windows iptables -t nat -L POSTROUTING -n -v",
    },
    claims = {
      reaches { to = "163.177.151.110", ttl = 62 },
      capture { ns = "router", dev = "eth0", filter = "icmp", during = "ping 163.177.151.110",
        shows = { icmp = "echo request", src = "192.168.20.48", dst = "163.177.151.110" } },
      output { cmd = "ip net exec windows iptables -t nat -L POSTROUTING -n -v", matches = "\n +[1-9]%d* +%d+ MASQUERADE ",
        says = { en = "the kernel counted the NATed connections on the MASQUERADE rule in windows (pkts > 0)",
                 zh = "windows 里 MASQUERADE 规则的计数不为 0：做 NAT 的是内核" } },
    },
  },

  task {
    title = { en = "A default route that leads out", zh = "真正能上网的默认路由" },
    en = "Give net1 and net2 default routes through their real neighbours: net1 through the host (192.167.3.2), " ..
      "net2 through net1 (192.167.2.1). Then net2 reaches 163.177.151.110.",
    zh = "给 net1 和 net2 设置经过真正邻居的默认路由：net1 经宿主机（192.167.3.2），net2 经 net1（192.167.2.1）。" ..
      "然后 net2 就能访问 163.177.151.110。",
    claims = {
      -- the way out, whichever route (default or not) the learner wrote
      route { ns = "net1", to = "163.177.151.110", via = "192.167.3.2", dev = "veth2" },
      route { ns = "net2", to = "163.177.151.110", via = "192.167.2.1", dev = "veth1" },
      reaches { from = "net2", to = "163.177.151.110", ttl = 60 },
    },
    hints = {
      { en = "net1's default route exists: change it. net2 has none yet: add it.",
        zh = "net1 已经有默认路由：用 change 修改。net2 还没有：用 add 添加。" },
      { en = "ip net exec net1 ip route change default via 192.167.3.2 dev veth2; " ..
          "ip net exec net2 ip route add default via 192.167.2.1 dev veth1",
        zh = "ip net exec net1 ip route change default via 192.167.3.2 dev veth2；" ..
          "ip net exec net2 ip route add default via 192.167.2.1 dev veth1" },
    },
    solution = {
      added "ip net exec net1 ip route change default via 192.167.3.2 dev veth2",
      added "ip net exec net2 ip route add default via 192.167.2.1 dev veth1",
      added "ip net exec net2 ping 163.177.151.110",
    },
  },
}

summary = {
  en = "Every router on the way needs ip_forward, every machine needs a route to the destination and one back; " ..
    "a gateway must be a neighbour on the link; and the way out to the internet usually ends in NAT.",
  zh = "沿途每个路由器都要打开 ip_forward，每台主机都要有去程和回程路由；网关必须是同一链路上的邻居；" ..
    "通往互联网的出口通常还要做 NAT。",
}
