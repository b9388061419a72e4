--[[ docker-dnat -- article 004, part 2: publishing container ports with DNAT.

Continues lessons/docker-bridge.lua (step 1 rebuilds that lab in one go): a web
server in each container (`python3 -m http.server 80`), the article's two
PREROUTING DNAT rules (8888 -> 172.168.1.11:80, 9999 -> 172.168.1.12:80)
working from outside (the gateway namespace stands in for the article's
Windows tcping), the article's puzzle -- `curl 192.168.0.10:8888` on the host
itself is refused, with tcpdump on lo showing SYN then RST -- explained
(locally generated packets never pass PREROUTING) and fixed with OUTPUT DNAT.
]]
title = { en = "Docker bridge networking by hand: publishing ports with DNAT",
          zh = "手工搭建 Docker bridge 网络：用 DNAT 发布端口" }
article = { title = "基于虚拟设备分析Docker Bridge底层网络原理", file = "004_e1ea4e470e90eada.txt",
            section = "添加DNAT" }
-- as on every Docker host: frames br0 switches go through iptables (docs/baseline.md)
br_netfilter = true
objectives = {
  { en = "publish a container's web server on a port of the host with a PREROUTING DNAT rule",
    zh = "用 PREROUTING 链的 DNAT 规则把容器里的 web 服务发布到宿主机的端口上" },
  { en = "explain why the host's own curl to its published port is refused",
    zh = "解释为什么宿主机自己 curl 发布的端口会被拒绝" },
  { en = "make it work with a DNAT rule in the OUTPUT chain", zh = "用 OUTPUT 链的 DNAT 规则让它也能访问" },
}
requires = { "veth", "bridge" }
summary = {
  en = "DNAT in PREROUTING rewrites the destination of packets that arrive from outside, before the routing " ..
    "decision, so 192.168.0.10:8888 becomes 172.168.1.11:80 and is forwarded to container1. Packets the host " ..
    "makes itself start in OUTPUT and never pass PREROUTING: they need the same rule in the OUTPUT chain.",
  zh = "PREROUTING 链里的 DNAT 在路由判断之前改写从外面进来的包的目的地址，192.168.0.10:8888 变成 " ..
    "172.168.1.11:80，再转发给 container1。宿主机自己产生的包从 OUTPUT 链开始，根本不经过 PREROUTING，" ..
    "所以需要在 OUTPUT 链加同样的规则。",
}

steps = {
  step {
    title = { en = "The lab of part 1", zh = "第一部分搭好的环境" },
    en = "This rebuilds, in one go, what lessons/docker-bridge.lua built step by step: the host with ens33 " ..
      "192.168.0.10/24, the gateway 192.168.0.2 and the internet behind it, container1 (172.168.1.11) and " ..
      "container2 (172.168.1.12) on br0 (172.168.1.1), forwarding on, and MASQUERADE.",
    zh = "一次性重建 lessons/docker-bridge.lua 一步步搭好的环境：宿主机 ens33 192.168.0.10/24，网关 192.168.0.2 " ..
      "和它后面的互联网，br0（172.168.1.1）上的 container1（172.168.1.11）和 container2（172.168.1.12），" ..
      "开启转发，加好 MASQUERADE。",
    run = {
      "ip netns add gateway",
      "ip netns add internet",
      "ip link add ens33 type veth peer name eth0 netns gateway",
      "ip addr add 192.168.0.10/24 dev ens33",
      "ip link set ens33 up",
      "ip route add default via 192.168.0.2 dev ens33 metric 100",
      "ip netns exec gateway ip addr add 192.168.0.2/24 dev eth0",
      "ip netns exec gateway ip link set eth0 up",
      "ip netns exec gateway ip link add wan0 type veth peer name eth0 netns internet",
      "ip netns exec gateway ip addr add 114.114.114.1/24 dev wan0",
      "ip netns exec gateway ip link set wan0 up",
      "ip netns exec gateway ip route add default via 114.114.114.114 dev wan0",
      "ip netns exec gateway sysctl -w net.ipv4.ip_forward=1",
      "ip netns exec gateway iptables -t nat -A POSTROUTING -s 192.168.0.0/24 -o wan0 -j MASQUERADE",
      "ip netns exec internet ip addr add 114.114.114.114/24 dev eth0",
      "ip netns exec internet ip link set eth0 up",
      "ip netns add container1",
      "ip netns add container2",
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
      "ip link add br0 type bridge",
      "ip link set br0 up",
      "ip link set veth1 master br0",
      "ip link set veth2 master br0",
      "ip addr add 172.168.1.1/24 dev br0",
      "route add -net 172.168.1.0/24 dev br0",
      "ip netns exec container1 ip route add default via 172.168.1.1 dev eth1",
      "ip netns exec container2 ip route add default via 172.168.1.1 dev eth2",
      "echo 1 > /proc/sys/net/ipv4/ip_forward",
      "iptables -t nat -A POSTROUTING -s 172.168.1.0/24 -o ens33 -j MASQUERADE",
    },
    claims = {
      reaches { from = "container1", to = "172.168.1.12" },
      reaches { from = "container2", to = "114.114.114.114" },
    },
  },

  step {
    title = { en = "A web server in each container", zh = "每个容器里一个 web 服务" },
    en = "The article starts python3's web server on port 80 in each container (netlearn runs its own " ..
      "lookalike of http.server in the namespace, in the background). From the host both answer directly.",
    zh = "文章在每个容器里用 python3 在 80 端口起一个 web 服务（netlearn 在命名空间里运行它自己的 " ..
      "http.server 替身，放在后台）。在宿主机上直接访问两个容器都能得到回应。",
    run = {
      "ip netns exec container1 python3 -m http.server 80 &",
      "ip netns exec container2 python3 -m http.server 80 &",
      "curl -I 172.168.1.11",
      "curl -I 172.168.1.12",
    },
    claims = {
      curl { url = "172.168.1.11", status = 200 },
      curl { url = "172.168.1.12:80", status = 200, body_matches = "Directory listing" },
    },
  },

  predict {
    title = { en = "From outside, before DNAT", zh = "加 DNAT 之前从外面访问" },
    en = "The gateway (192.168.0.2) is outside: it cannot reach 172.168.1.0/24 at all, only the host's " ..
      "192.168.0.10. Nothing on the host listens on port 8888.",
    zh = "网关（192.168.0.2）在外面：它根本到不了 172.168.1.0/24，只能访问宿主机的 192.168.0.10。" ..
      "宿主机上没有程序监听 8888 端口。",
    ask = { en = "Will 'curl 192.168.0.10:8888' from the gateway get a page?",
            zh = "在网关上 'curl 192.168.0.10:8888' 能拿到页面吗？" },
    answer = "no",
    why = { en = "The SYN reaches the host, no socket listens on 8888, and the host answers with a RST: " ..
      "Connection refused.",
      zh = "SYN 到了宿主机，但 8888 端口没有程序监听，宿主机回一个 RST：Connection refused。" },
    run = { fails "ip netns exec gateway curl 192.168.0.10:8888" },
    claims = {
      curl { from = "gateway", url = "192.168.0.10:8888", refused = true },
      curl { from = "gateway", url = "172.168.1.11:80", fails = true, timeout = 0.2 },
    },
  },

  step {
    title = { en = "DNAT: ports 8888 and 9999", zh = "DNAT：8888 和 9999 端口" },
    en = "The article's two rules, exactly as it writes them (the second spells --to-destination as the " ..
      "abbreviation --to-, which iptables accepts). They live in the nat table's PREROUTING chain: packets " ..
      "arriving from outside get their destination rewritten before the host decides where to route them.",
    zh = "文章的两条规则，一字不差（第二条把 --to-destination 缩写成了 --to-，iptables 也认）。" ..
      "它们在 nat 表的 PREROUTING 链：从外面进来的包，在宿主机做路由判断之前就被改写了目的地址。",
    run = {
      "iptables -t nat -A PREROUTING -p tcp --dport 8888 -j DNAT --to-destination 172.168.1.11:80",
      "iptables -t nat -A PREROUTING -p tcp --dport 9999 -j DNAT --to- 172.168.1.12:80",
      "iptables -t nat -L PREROUTING -n",
      "ip netns exec gateway tcping -n 2 192.168.0.10 9999",
      "ip netns exec gateway tcping -n 1 192.168.0.10 8888",
      "ip netns exec gateway curl -I 192.168.0.10:8888",
    },
    claims = {
      output { cmd = "iptables -t nat -L PREROUTING -n", contains = "tcp dpt:9999 to:172.168.1.12:80" },
      curl { from = "gateway", url = "192.168.0.10:8888", status = 200 },
      curl { from = "gateway", url = "192.168.0.10:9999", status = 200 },
      capture { dev = "veth1", filter = "tcp port 80", during = "ip netns exec gateway curl -I 192.168.0.10:8888",
        shows = { src = "192.168.0.2", dst = "172.168.1.11", dport = 80, text = "Flags [S]" } },
    },
    why = { en = "The capture on veth1 shows what DNAT did: the SYN arrives for 172.168.1.11 port 80, and its " ..
      "source is still the gateway's 192.168.0.2; container1 answers through its default route, and the host " ..
      "rewrites the reply back to 192.168.0.10:8888.",
      zh = "veth1 上的抓包说明了 DNAT 做了什么：SYN 的目的地址变成了 172.168.1.11 的 80 端口，源地址仍然是网关的 " ..
      "192.168.0.2；container1 经默认路由回包，宿主机再把回包改回 192.168.0.10:8888。" },
  },

  predict {
    title = { en = "The host's own curl", zh = "宿主机自己 curl" },
    en = "Outside works. Now, on the host itself, the article runs curl 192.168.0.10:8888.",
    zh = "从外面访问没问题了。文章接着在宿主机自己身上运行 curl 192.168.0.10:8888。",
    ask = { en = "Will the host's own 'curl 192.168.0.10:8888' get container1's page?",
            zh = "宿主机自己 'curl 192.168.0.10:8888' 能拿到 container1 的页面吗？" },
    answer = "no",
    why = { en = "It is refused, as in the article. tcpdump on lo shows the SYN to 192.168.0.10:8888 and a RST " ..
      "straight back: the packet was never rewritten.",
      zh = "被拒绝了，和文章一样。在 lo 上抓包能看到发往 192.168.0.10:8888 的 SYN 和立即回来的 RST：" ..
      "这个包根本没有被改写。" },
    run = {
      "tcpdump -i lo -n tcp port 8888 &",
      fails "curl 192.168.0.10:8888",
      "kill %%",
    },
    claims = {
      curl { url = "192.168.0.10:8888", refused = true },
      capture { dev = "lo", filter = "tcp port 8888", during = "curl 192.168.0.10:8888",
        shows = {
          { src = "192.168.0.10", dst = "192.168.0.10", dport = 8888, text = "Flags [S]" },
          { src = "192.168.0.10", sport = 8888, text = "Flags [R.]" },
        } },
    },
  },

  choice {
    title = { en = "Why refused?", zh = "为什么被拒绝？" },
    ask = { en = "Why does the PREROUTING rule not apply to the host's own curl?",
            zh = "为什么 PREROUTING 链的规则对宿主机自己的 curl 不起作用？" },
    options = {
      { en = "Packets the host makes itself never pass PREROUTING: they start in OUTPUT, then POSTROUTING",
        zh = "宿主机自己产生的包根本不经过 PREROUTING：它们从 OUTPUT 链开始，然后是 POSTROUTING" },
      { en = "The rule only matches packets arriving on ens33", zh = "这条规则只匹配从 ens33 进来的包" },
      { en = "iptables never sees packets on lo", zh = "lo 上的包 iptables 完全看不到" },
    },
    answer = 1,
    why = { en = "PREROUTING is the hook for packets received from a device. A local process's packet is " ..
      "routed first (to lo, since 192.168.0.10 is local), then passes OUTPUT and POSTROUTING. The rule never " ..
      "saw it, so the kernel found no socket on 8888 and answered RST.",
      zh = "PREROUTING 是从网卡收到的包经过的钩子。本机进程发出的包先做路由（192.168.0.10 是本机地址，走 lo），" ..
      "再经过 OUTPUT 和 POSTROUTING。规则根本没见过这个包，内核发现 8888 上没有 socket，就回了 RST。" },
  },

  task {
    title = { en = "Make the host's curl work", zh = "让宿主机自己也能 curl 通" },
    en = "Make 'curl 192.168.0.10:8888' on the host itself return container1's page, with one iptables rule.",
    zh = "用一条 iptables 规则，让宿主机自己 'curl 192.168.0.10:8888' 也能拿到 container1 的页面。",
    claims = {
      curl { url = "192.168.0.10:8888", status = 200 },
    },
    hints = {
      { en = "Locally generated packets pass the nat table's OUTPUT chain: the same DNAT rule belongs there.",
        zh = "本机产生的包经过 nat 表的 OUTPUT 链：同样的 DNAT 规则要加在那里。" },
      { en = "iptables -t nat -A OUTPUT -p tcp --dport 8888 -j DNAT --to-destination 172.168.1.11:80",
        zh = "iptables -t nat -A OUTPUT -p tcp --dport 8888 -j DNAT --to-destination 172.168.1.11:80" },
    },
    solution = { "iptables -t nat -A OUTPUT -p tcp --dport 8888 -j DNAT --to-destination 172.168.1.11:80" },
    why = { en = "Docker does the same: its DOCKER chain is jumped to from both PREROUTING and OUTPUT " ..
      "(for local destination addresses). Written as here, without -d, the rule catches every connection " ..
      "the host opens to any port 8888; add -d 192.168.0.10 to narrow it.",
      zh = "Docker 也是这么做的：PREROUTING 和 OUTPUT（目的地址为本机时）都会跳到它的 DOCKER 链。" ..
      "像这里这样不带 -d 写，宿主机连任何地址的 8888 端口都会被改写；加上 -d 192.168.0.10 可以缩小范围。" },
  },

  step {
    title = { en = "Port 9999 too", zh = "9999 端口也一样" },
    en = "The same rule for 9999. The capture on veth2 shows the host's SYN arriving at container2's port 80 " ..
      "from 192.168.0.10: the source stays the host's own address.",
    zh = "给 9999 加同样的规则。在 veth2 上抓包，可以看到宿主机的 SYN 到了 container2 的 80 端口，" ..
      "源地址还是宿主机自己的 192.168.0.10。",
    run = {
      "iptables -t nat -A OUTPUT -p tcp --dport 9999 -j DNAT --to-destination 172.168.1.12:80",
      "iptables -t nat -L OUTPUT -n",
      "curl -I 192.168.0.10:9999",
    },
    claims = {
      curl { url = "192.168.0.10:9999", status = 200 },
      capture { dev = "veth2", filter = "tcp port 80", during = "curl -I 192.168.0.10:9999",
        shows = { src = "192.168.0.10", dst = "172.168.1.12", dport = 80, text = "Flags [S]" } },
      curl { from = "gateway", url = "192.168.0.10:9999", status = 200 },
    },
  },
}
