--[[ 02-routing -- article 001 (计算机网络基础02), part 2: routes, ip_forward and the return route.

The article's "ip互通(路由)": the host gets a route to 192.167.2.0/24 via
net1 (192.167.3.1); pinging net1's far address works even without
ip_forward; pinging net2 needs ip_forward in net1 *and* a return route in
net2, which tcpdump in net2 shows (nothing / requests only / requests and
replies). The lab is lesson 01's, rebuilt in step 1. Next: 03-third-machine.
]]
title = { en = "Routing: ip_forward and the return route", zh = "路由：ip_forward 和回程路由" }
article = { title = "计算机网络基础02", file = "001_5e3834fddeb32713.txt", section = "ip互通(路由)" }
objectives = {
  { en = "add a route through a gateway, and see why the gateway must be reachable",
    zh = "添加经过网关的路由，理解为什么网关必须是可以访问的" },
  { en = "see that ip_forward matters only for packets to other machines, not to the router's own addresses",
    zh = "理解 ip_forward 只影响发给别的主机的包，不影响发给路由器自己地址的包" },
  { en = "use tcpdump to find where a ping stops, and fix it with a return route",
    zh = "用 tcpdump 找到 ping 在哪里断了，再用回程路由修好它" },
}
requires = { "veth" }

steps = {
  step {
    title = { en = "The lab of lesson 01", zh = "第 01 课的环境" },
    en = "The same lab as lesson 01: net1 between net2 (192.167.2.0/24) and the host (192.167.3.0/24); the host's " ..
      "eth0 (172.168.111.2) goes to the namespace 'windows' (172.168.111.1), its default gateway.",
    zh = "和第 01 课一样的环境：net1 一边连 net2（192.167.2.0/24），一边连宿主机（192.167.3.0/24）；宿主机的 eth0" ..
      "（172.168.111.2）连到命名空间 windows（172.168.111.1），也就是它的默认网关。",
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
    },
    claims = {
      reaches { from = "net1", to = "192.167.2.2" },
      addr { dev = "veth3", has = "192.167.3.2/24" },
      route { lacks = "192.167.2.0/24" },
    },
  },

  predict {
    title = { en = "A gateway the host cannot reach", zh = "访问不到的网关" },
    en = "To reach 192.167.2.0/24 the host must hand the packets to a router that knows the way. " ..
      "net1 has 192.167.2.1, but the host is not on that subnet.",
    zh = "要访问 192.167.2.0/24，宿主机得把包交给一个认识路的路由器。net1 有 192.167.2.1，但宿主机不在这个网段上。",
    ask = { en = "Will 'ip route add 192.167.2.0/24 via 192.167.2.1' be accepted?",
            zh = "'ip route add 192.167.2.0/24 via 192.167.2.1' 能加成功吗？" },
    answer = "no",
    why = { en = "via网关指定的ip 一定要是可以访问的: the gateway must be on a subnet the host reaches directly, " ..
      "because the host will ARP for it. 192.167.3.1 (veth2, the other end of veth3) is.",
      zh = "via 网关指定的 ip 一定要是可以访问的：网关必须在宿主机直连的网段上，因为宿主机要通过 ARP 找它。" ..
        "192.167.3.1（veth2，veth3 的对端）就是。" },
    run = { added(fails "ip route add 192.167.2.0/24 via 192.167.2.1") },
    claims = {
      output { cmd = "ip route add 192.167.2.0/24 via 192.167.2.1", contains = "Nexthop has invalid gateway", status = 2 },
      route { lacks = "192.167.2.0/24" },
    },
  },

  step {
    title = { en = "The host's route to net2's subnet", zh = "宿主机到 192.167.2.0/24 的路由" },
    en = "The article's route: to reach 192.167.2.0/24, go through the gateway 192.167.3.1, out of veth3.",
    zh = "文章里的路由：访问 192.167.2.0/24 通过网关 192.167.3.1，经过网卡 veth3。",
    run = { "ip route add 192.167.2.0/24 via 192.167.3.1 dev veth3", "ip route" },
    claims = {
      route { has = "192.167.2.0/24 via 192.167.3.1 dev veth3" },
      output { cmd = "ip route", contains = "192.167.2.0/24 via 192.167.3.1 dev veth3 \n" ..
        "192.167.3.0/24 dev veth3 proto kernel scope link src 192.167.3.2" },
      route { to = "192.167.2.2", via = "192.167.3.1", dev = "veth3" },
    },
  },

  predict {
    title = { en = "net1's far address, without ip_forward", zh = "不开 ip_forward，访问 net1 的另一个地址" },
    en = "net1's net.ipv4.ip_forward is 0 (the default): net1 does not forward packets between its devices.",
    zh = "net1 的 net.ipv4.ip_forward 是 0（默认值）：net1 不在网卡之间转发数据包。",
    ask = { en = "The packet to 192.167.2.1 enters net1 by veth2, but 192.167.2.1 is on veth0. Will the host reach it?",
            zh = "发往 192.167.2.1 的包从 veth2 进入 net1，但 192.167.2.1 在 veth0 上。宿主机能 ping 通吗？" },
    answer = "yes",
    why = { en = "192.167.2.1 is net1's own address: the packet is delivered to net1 itself, whichever device it " ..
      "came in by. Nothing is forwarded, so ip_forward does not matter, and the reply has ttl=64. The article: " ..
      "关闭ip_foward测试下,依然能通.",
      zh = "192.167.2.1 是 net1 自己的地址：不管从哪个网卡进来，包都交给 net1 本机，没有转发，所以和 ip_forward 无关，" ..
        "回应的 ttl=64。文章里：关闭 ip_foward 测试下，依然能通，说明主机内部网络中转是和 ip_forward 无关。" },
    run = { added "ip net exec net1 sysctl net.ipv4.ip_forward", "ping 192.167.2.1", "ping 192.167.3.1" },
    claims = {
      sysctl { ns = "net1", name = "net.ipv4.ip_forward", value = 0 },
      reaches { to = "192.167.2.1", ttl = 64 },
      reaches { to = "192.167.3.1", ttl = 64 },
    },
  },

  step {
    title = { en = "ip_forward on the host", zh = "打开宿主机的 ip_forward" },
    en = "The article now opens ip_forward with 'sysctl -w' (in the VM, i.e. the host). To make it permanent it " ..
      "says to put 'sysctl -w net.ipv4.ip_forward=1' into /etc/sysctl.conf and run 'sysctl -p': that line is wrong. " ..
      "The file holds settings, not commands: write 'net.ipv4.ip_forward = 1', the very form sysctl prints. " ..
      "Every namespace has its own copy of this switch: a new one gets a copy of the machine's value when it is " ..
      "made (on a real machine), and a later change on the machine does not reach it.",
    zh = "文章接着用 'sysctl -w' 打开 ip_forward（在虚拟机上，也就是宿主机）。关于永久生效，文章说在 /etc/sysctl.conf 里" ..
      "修改或新增 'sysctl -w net.ipv4.ip_forward=1'，再执行 'sysctl -p'：这一行写错了。这个文件里写的是设置，不是命令，" ..
      "应该写 'net.ipv4.ip_forward = 1'，也就是 sysctl 打印出来的格式。每个命名空间都有自己的一份 ip_forward：" ..
      "在真实的机器上，新命名空间创建时复制一份机器当时的值，之后机器上的修改不会再影响它。",
    why = { en = "On a real machine the kernel copies net.ipv4.ip_forward (with the rest of conf/all and " ..
      "conf/default) from the machine's initial namespace into each namespace it makes, once. netlearn's lab is " ..
      "hermetic: every namespace it makes starts at 0 whatever your machine has ('netlearn doctor' lists your " ..
      "machine's own values), so the lesson behaves the same everywhere. It still checks the copy: the kernel gave " ..
      "net1 your machine's ip_forward when it was made, and with 'set explain on', 'ip netns add' says so when " ..
      "that value is not 0.",
      zh = "在真实的机器上，内核创建命名空间时，会从机器的初始命名空间复制一次 net.ipv4.ip_forward（连同 conf/all 和 " ..
        "conf/default 下的其他设置）。netlearn 的实验环境是封闭的：不管你的机器是什么值，它创建的每个命名空间都从 0 开始" ..
        "（'netlearn doctor' 会列出你机器自己的值），所以这一课在哪里运行结果都一样。netlearn 仍然检查了这次复制：net1 " ..
        "创建时，内核给它的正是你机器上的 ip_forward；打开 'set explain on' 后，如果这个值不是 0，'ip netns add' 会说出来。" },
    run = { "sysctl -w net.ipv4.ip_forward=1", added "sysctl net.ipv4.ip_forward",
      added "ip net exec net1 sysctl net.ipv4.ip_forward" },
    claims = {
      sysctl { name = "net.ipv4.ip_forward", value = 1 },
      output { cmd = "sysctl net.ipv4.ip_forward", matches = "^net%.ipv4%.ip_forward = 1%s*$",
        says = { en = "sysctl prints 'net.ipv4.ip_forward = 1', the line /etc/sysctl.conf takes (no 'sysctl -w')",
                 zh = "sysctl 打印 'net.ipv4.ip_forward = 1'，这正是 /etc/sysctl.conf 里该写的一行（不带 'sysctl -w'）" } },
      sysctl { ns = "net1", name = "net.ipv4.ip_forward", value = 0 },
      sysctl_given { ns = "net1", name = "net.ipv4.ip_forward" },
    },
  },

  predict {
    title = { en = "The host pings net2: what does net2 see?", zh = "宿主机 ping net2：net2 抓到了什么？" },
    en = "We capture in net2 as the article does (tcpdump -nn -i veth1 icmp) while the host pings 192.167.2.2. " ..
      "The host's packet goes to 192.167.3.1 (net1), and must be forwarded by net1 from veth2 to veth0.",
    zh = "像文章一样在 net2 里抓包（tcpdump -nn -i veth1 icmp），同时宿主机 ping 192.167.2.2。宿主机的包发给 " ..
      "192.167.3.1（net1），需要 net1 把它从 veth2 转发到 veth0。",
    ask = { en = "What does the capture on veth1 show?", zh = "veth1 上的抓包会看到什么？" },
    options = {
      { en = "nothing at all", zh = "什么也没有" },
      { en = "echo requests, no replies", zh = "只有 request，没有 reply" },
      { en = "requests and replies", zh = "request 和 reply 都有" },
    },
    answer = 1,
    why = { en = "The host's ip_forward is not the one that matters: net1 is the router here, and its ip_forward " ..
      "is 0, so net1 drops the packet. 发现无法抓取到包，证明了ip_forward功能. The article saw requests at this " ..
      "point, before it ever turned net1's ip_forward on, and only an empty capture after 'ip net exec net1 sysctl " ..
      "-w net.ipv4.ip_forward=0': its net1 was forwarding from the start. A namespace copies the machine's " ..
      "ip_forward when it is made, so the author's VM most likely had ip_forward=1 already when net1 was made " ..
      "(Docker, libvirt and many VPN tools set it). Here every namespace starts at 0, so you see the empty " ..
      "capture first.",
      zh = "起作用的不是宿主机的 ip_forward：这里中转的是 net1，它的 ip_forward 是 0，所以 net1 把包丢了。" ..
        "发现无法抓取到包，证明了 ip_forward 功能（注意是 net1 是中转的）。文章在这一步抓到了 request，那时它从没打开过 " ..
        "net1 的 ip_forward，直到执行 'ip net exec net1 sysctl -w net.ipv4.ip_forward=0' 后才抓不到包：它的 net1 从一开始" ..
        "就在转发。命名空间创建时会复制机器的 ip_forward，所以作者的虚拟机在创建 net1 时多半已经是 ip_forward=1" ..
        "（Docker、libvirt 和很多 VPN 工具都会打开它）。这里每个命名空间都从 0 开始，所以先看到的是空的抓包。" },
    run = {
      "ip net exec net2 tcpdump -nn -i veth1 icmp",
      fails "ping -c 1 -W 0.1 192.167.2.2",
      "tcpdump stop",
    },
    claims = {
      capture { ns = "net2", dev = "veth1", filter = "icmp", during = "ping -c 1 -W 0.1 192.167.2.2", none = true },
    },
  },

  predict {
    title = { en = "ip_forward in net1", zh = "打开 net1 的 ip_forward" },
    en = "Now net1, the router in between, forwards: ip net exec net1 sysctl -w net.ipv4.ip_forward=1.",
    zh = "现在打开中间路由器 net1 的转发：ip net exec net1 sysctl -w net.ipv4.ip_forward=1。",
    ask = { en = "What does the capture on veth1 in net2 show now?", zh = "现在 net2 的 veth1 上抓包会看到什么？" },
    options = {
      { en = "nothing at all", zh = "什么也没有" },
      { en = "echo requests, no replies", zh = "只有 request，没有 reply" },
      { en = "requests and replies", zh = "request 和 reply 都有" },
    },
    answer = 2,
    why = { en = "The request from 192.167.3.2 arrives, but net2 has routes only for 192.167.2.0/24: it has no way " ..
      "back to 192.167.3.2, so its reply is never sent. 说明来自宿主机192.167.3.2的包已经到了,但是宿主机接受不到回应. " ..
      "A route across routers must exist in both directions. (The article writes 'ip_forward=0则丢弃不会转发,=0则转发': " ..
      "the second =0 is a slip for =1. 0 drops, as the empty capture before showed; 1 forwards, as the requests now show.)",
      zh = "来自 192.167.3.2 的 request 到了，但 net2 只有 192.167.2.0/24 的路由，不知道怎么回到 192.167.3.2，" ..
        "reply 根本发不出去。说明来自宿主机 192.167.3.2 的包已经到了，但是宿主机接受不到回应。跨主机中转需要双向路由，" ..
        "不然数据过去了是回不来的。另外，文章写的“ip_forward=0则丢弃不会转发，=0则转发到veth2网卡”，第二个 =0 是笔误，" ..
        "应该是 =1：0 时丢弃（前面空的抓包），1 时转发（现在的 request）。" },
    run = {
      added "ip net exec net1 sysctl -w net.ipv4.ip_forward=1",
      "ip net exec net2 tcpdump -nn -i veth1 icmp",
      fails "ping -c 1 -W 0.1 192.167.2.2",
      "tcpdump stop",
      added "ip net exec net2 ip route",
    },
    claims = {
      sysctl { ns = "net1", name = "net.ipv4.ip_forward", value = 1 },
      capture { ns = "net2", dev = "veth1", filter = "icmp", during = "ping -c 1 -W 0.1 192.167.2.2",
        shows = { icmp = "echo request", src = "192.167.3.2", dst = "192.167.2.2" },
        none = { icmp = "echo reply" } },
      route { ns = "net2", to = "192.167.3.2", unreachable = true },
    },
  },

  task {
    title = { en = "Give net2 a return route", zh = "添加 net2 回程路由" },
    en = "net2 must send its replies to 192.167.3.0/24 back through net1 (192.167.2.1, out of veth1). Add that route.",
    zh = "net2 要把发往 192.167.3.0/24 的回应交给 net1（192.167.2.1，从 veth1 发出）。把这条回程路由加上。",
    claims = {
      -- where net2 sends a reply to 192.167.3.2, whichever route the learner wrote
      route { ns = "net2", to = "192.167.3.2", via = "192.167.2.1", dev = "veth1" },
      reaches { to = "192.167.2.2", ttl = 63 },
    },
    hints = {
      { en = "It is the mirror image of the host's route: destination 192.167.3.0/24, gateway net1's veth0.",
        zh = "它就是宿主机那条路由的镜像：目的 192.167.3.0/24，网关是 net1 的 veth0。" },
      { en = "ip net exec net2 ip route add 192.167.3.0/24 via 192.167.2.1 dev veth1",
        zh = "ip net exec net2 ip route add 192.167.3.0/24 via 192.167.2.1 dev veth1" },
    },
    solution = { "ip net exec net2 ip route add 192.167.3.0/24 via 192.167.2.1 dev veth1" },
  },

  step {
    title = { en = "The replies in the capture", zh = "抓包看到 reply" },
    en = "The same capture as before, now with the return route: each request has its reply. The host's ping " ..
      "shows ttl=63.",
    zh = "和刚才一样抓包，有了回程路由之后，每个 request 都有 reply。宿主机的 ping 显示 ttl=63。",
    run = { "ip net exec net2 tcpdump -nn -i veth1 icmp", "ping 192.167.2.2", "tcpdump stop" },
    claims = {
      capture { ns = "net2", dev = "veth1", filter = "icmp", during = "ping -c 1 192.167.2.2",
        shows = { { icmp = "echo request", src = "192.167.3.2", dst = "192.167.2.2" },
                  { icmp = "echo reply", src = "192.167.2.2", dst = "192.167.3.2" } } },
      reaches { to = "192.167.2.2", ttl = 63 },
    },
  },

  choice {
    title = { en = "63, not 64", zh = "为什么是 63" },
    ask = { en = "Why does the reply from 192.167.2.2 have ttl=63, but the one from 192.167.2.1 ttl=64?",
            zh = "为什么 192.167.2.2 的回应 ttl=63，而 192.167.2.1 的是 ttl=64？" },
    options = {
      { en = "net1 forwarded the reply and decremented its TTL; 192.167.2.1 answered from net1 itself",
        zh = "net1 转发了这个回应，把 TTL 减了 1；192.167.2.1 是 net1 自己回应的" },
      { en = "net2 starts its TTL at 63", zh = "net2 的初始 TTL 就是 63" },
      { en = "the veth pair decrements the TTL", zh = "veth 对会把 TTL 减 1" },
    },
    answer = 1,
    why = { en = "Every router that forwards a packet decrements its TTL; a veth is only a cable. net2 sends with 64, " ..
      "net1 forwards it (63), the host receives 63.",
      zh = "每个转发数据包的路由器都会把 TTL 减 1；veth 只是一根网线。net2 发出时是 64，经 net1 转发变成 63，宿主机收到 63。" },
  },
}

summary = {
  en = "A route needs a reachable gateway; the router in between needs ip_forward; and the far side needs a return " ..
    "route, or the request arrives and the reply never leaves. tcpdump on the way tells which one is missing.",
  zh = "路由的网关必须可以访问；中间的路由器要打开 ip_forward；对端还要有回程路由，否则 request 到了 reply 却发不出来。" ..
    "在沿途抓包就能看出缺的是哪一个。",
}
