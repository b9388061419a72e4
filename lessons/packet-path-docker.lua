--[[ packet-path-docker -- article 003, part 3: Docker's three questions on red/blue + br0.

Rebuilds the end of 包流转路径 (docker里的网络拓扑结构): its prerequisites
(iptables -A FORWARD -j ACCEPT, sudo bash -c 'echo 1 > .../ip_forward'), its
red/blue namespaces on br0 192.168.15.5/24 and its MASQUERADE line, as typed.
The article leaves out creating blue, bringing the devices up, the namespaces'
addresses and routes; those lines are added (red 192.168.15.1, blue
192.168.15.2, as in the zhihu article it draws from). "The outside" is a
namespace 'outside' (10.211.55.1) on the host's eth0 (10.211.55.6/24).
Answers: container to container (the bridge), container to the outside
(forwarding + MASQUERADE), the outside to a container (DNAT).
]]
title = { en = "The packet's path: Docker's three questions", zh = "包流转路径：Docker 网络的 3 个问题" }
article = { title = "包流转路径", file = "003_6a3d8ae981d53cd1.txt", section = "docker里的网络拓扑结构" }
-- as on every Docker host: frames br0 switches go through iptables (docs/baseline.md)
br_netfilter = true
objectives = {
  { en = "build the article's red/blue containers on br0", zh = "搭出文章里 br0 上的 red/blue 两个容器" },
  { en = "answer Docker's three questions with a probe each: container to container, container to the " ..
    "outside, the outside to a container",
    zh = "用探测回答 Docker 的 3 个问题：容器之间通信、容器访问外网、外网访问容器" },
}
requires = { "veth", "bridge" }
summary = {
  en = "Containers on one bridge talk directly (a switch). To go out they need forwarding and MASQUERADE, " ..
    "because the outside cannot answer a private address. To be reached from outside they need DNAT on a " ..
    "port of the host.",
  zh = "同一网桥上的容器直接通信（交换机）。出去要靠转发加 MASQUERADE，因为外面没法回应私有地址。" ..
    "要让外面访问进来，需要在宿主机的端口上做 DNAT。",
}

steps = {
  step {
    title = { en = "Prerequisites", zh = "前置条件" },
    en = "The article first lets the firewall forward and turns on the kernel's forwarding (sudo bash -c, " ..
      "because in 'sudo echo 1 > file' the redirection would run without root). netlearn also builds the " ..
      "outside: the host's eth0 10.211.55.6/24 and a namespace 'outside' at 10.211.55.1 that knows nothing " ..
      "about containers.",
    zh = "文章先允许防火墙转发，并让内核允许路由转发（用 sudo bash -c，因为 'sudo echo 1 > 文件' 里的重定向不是以 root " ..
      "身份执行的）。netlearn 还搭了外网：宿主机的 eth0 10.211.55.6/24，以及一个对容器一无所知的命名空间 outside（10.211.55.1）。",
    run = {
      "iptables -A FORWARD -j ACCEPT",
      "sudo bash -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'",
      "ip netns add outside",
      "ip link add eth0 type veth peer name eth0 netns outside",
      "ip addr add 10.211.55.6/24 dev eth0",
      "ip link set eth0 up",
      "ip netns exec outside ip addr add 10.211.55.1/24 dev eth0",
      "ip netns exec outside ip link set eth0 up",
      "iptables -L FORWARD",
    },
    claims = {
      sysctl { name = "net.ipv4.ip_forward", value = 1 },
      output { cmd = "iptables -L FORWARD", matches = "\nACCEPT%s+all%s+%-%-%s+anywhere%s+anywhere" },
      reaches { to = "10.211.55.1" },
    },
  },

  step {
    title = { en = "red and blue on br0", zh = "br0 上的 red 和 blue" },
    en = "The article's commands, as typed (sudo is dropped: you are root in the sandbox). It never creates " ..
      "blue, brings nothing up and gives the containers no addresses; those lines are added after its own.",
    zh = "文章的命令，原样照敲（sudo 会被忽略：在沙箱里你就是 root）。文章没有创建 blue，没有把设备 UP，" ..
      "也没给容器配地址；这些命令补在它自己的命令后面。",
    run = {
      "brctl addbr br0",
      "sudo ip netns add red",
      added "sudo ip netns add blue",
      "sudo ip link add veth-red type veth peer name veth-red-br",
      "sudo ip link add veth-blue type veth peer name veth-blue-br",
      "sudo ip link set veth-red netns red",
      "sudo ip link set veth-blue netns blue",
      "sudo ip link set veth-red-br master br0",
      "sudo ip link set veth-blue-br master br0",
      "ip addr add 192.168.15.5/24 dev br0",
      added "ip link set br0 up",
      added "ip link set veth-red-br up",
      added "ip link set veth-blue-br up",
      added "ip netns exec red ip addr add 192.168.15.1/24 dev veth-red",
      added "ip netns exec red ip link set veth-red up",
      added "ip netns exec red ip route add default via 192.168.15.5",
      added "ip netns exec blue ip addr add 192.168.15.2/24 dev veth-blue",
      added "ip netns exec blue ip link set veth-blue up",
      added "ip netns exec blue ip route add default via 192.168.15.5",
      added "brctl show br0",
    },
    claims = {
      link { dev = "veth-red-br", master = "br0", up = true },
      addr { ns = "red", dev = "veth-red", has = "192.168.15.1/24" },
      route { ns = "blue", has = "default via 192.168.15.5" },
    },
  },

  step {
    title = { en = "1. Container to container", zh = "1. 容器之间通信" },
    en = "red and blue are in one subnet on one bridge: br0 switches their frames, no routing involved. " ..
      "Each also reaches br0's address, its gateway.",
    zh = "red 和 blue 在同一网桥的同一网段：br0 交换它们的帧，不涉及路由。它们也都能到 br0 的地址，也就是网关。",
    run = {
      "ip netns exec red ping -c 1 192.168.15.2",
      "ip netns exec blue ping -c 1 192.168.15.5",
    },
    claims = {
      reaches { from = "red", to = "192.168.15.2", ttl = 64 },
      reaches { from = "blue", to = "192.168.15.5", ttl = 64 },
    },
  },

  predict {
    title = { en = "2. Container to the outside, without NAT", zh = "2. 容器访问外网（没有 NAT）" },
    en = "Forwarding is on and FORWARD accepts everything. red pings the outside, 10.211.55.1.",
    zh = "转发已经打开，FORWARD 全部放行。red ping 外网的 10.211.55.1。",
    ask = { en = "Will red reach 10.211.55.1?", zh = "red 能 ping 通 10.211.55.1 吗？" },
    answer = "no",
    why = { en = "The request leaves eth0 from 192.168.15.1. 'outside' has no route to 192.168.15.0/24 " ..
      "(nor any default route), so it cannot answer.",
      zh = "请求以 192.168.15.1 为源地址从 eth0 出去。outside 没有去 192.168.15.0/24 的路由（也没有默认路由），" ..
      "所以没法回应。" },
    run = { fails "ip netns exec red ping -c 1 -W 0.2 10.211.55.1" },
    claims = {
      capture { dev = "eth0", filter = "icmp", during = "ip netns exec red ping -c 1 -W 0.2 10.211.55.1",
        shows = { icmp = "echo request", src = "192.168.15.1", dst = "10.211.55.1" },
        none = { icmp = "echo reply" } },
    },
  },

  task {
    title = { en = "Let red reach the outside", zh = "让 red 访问外网" },
    en = "Make red (and blue) reach 10.211.55.1 with the article's one iptables line.",
    zh = "用文章里的一条 iptables 命令，让 red（和 blue）能访问 10.211.55.1。",
    claims = {
      reaches { from = "red", to = "10.211.55.1" },
      reaches { from = "blue", to = "10.211.55.1" },
    },
    hints = {
      { en = "The outside must see the host's address: source NAT in the nat table's POSTROUTING chain.",
        zh = "外面必须看到宿主机的地址：在 nat 表的 POSTROUTING 链做源地址转换。" },
      { en = "iptables -t nat -A POSTROUTING -s 192.168.15.0/24 -j MASQUERADE",
        zh = "iptables -t nat -A POSTROUTING -s 192.168.15.0/24 -j MASQUERADE" },
    },
    solution = { "iptables -t nat -A POSTROUTING -s 192.168.15.0/24 -j MASQUERADE" },
  },

  predict {
    title = { en = "3. The outside to a container", zh = "3. 外网访问容器" },
    en = "red runs a web server on port 80. The outside knows only the host's address 10.211.55.6.",
    zh = "red 在 80 端口运行一个 web 服务。外网只知道宿主机的地址 10.211.55.6。",
    ask = { en = "Will 'curl 10.211.55.6:8080' from the outside reach red's server?",
            zh = "在 outside 上 'curl 10.211.55.6:8080' 能访问到 red 的 web 服务吗？" },
    answer = "no",
    why = { en = "Nothing on the host listens on 8080, and MASQUERADE only rewrites connections that start " ..
      "inside: the host refuses.",
      zh = "宿主机上没有程序监听 8080，MASQUERADE 只改写从里面发起的连接：宿主机直接拒绝。" },
    run = {
      "ip netns exec red python3 -m http.server 80 &",
      fails "ip netns exec outside curl 10.211.55.6:8080",
    },
    claims = {
      curl { from = "outside", url = "10.211.55.6:8080", refused = true },
    },
  },

  step {
    title = { en = "DNAT publishes the port", zh = "DNAT 发布端口" },
    en = "What docker run -p 8080:80 does: a DNAT rule in PREROUTING rewrites 10.211.55.6:8080 to " ..
      "192.168.15.1:80 as the connection comes in.",
    zh = "这就是 docker run -p 8080:80 做的事：PREROUTING 链里的 DNAT 规则在连接进来时把 10.211.55.6:8080 " ..
      "改写成 192.168.15.1:80。",
    run = {
      "iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 192.168.15.1:80",
      "ip netns exec outside curl -I 10.211.55.6:8080",
    },
    claims = {
      curl { from = "outside", url = "10.211.55.6:8080", status = 200 },
      capture { ns = "red", dev = "veth-red", filter = "tcp port 80",
        during = "ip netns exec outside curl -I 10.211.55.6:8080",
        shows = { src = "10.211.55.1", dst = "192.168.15.1", dport = 80 } },
    },
  },

  choice {
    title = { en = "Three questions, three answers", zh = "3 个问题，3 个答案" },
    ask = { en = "Which piece lets the outside reach a container?", zh = "哪一样让外网能访问容器？" },
    options = {
      { en = "DNAT on a port of the host (PREROUTING)", zh = "宿主机端口上的 DNAT（PREROUTING）" },
      { en = "MASQUERADE (POSTROUTING)", zh = "MASQUERADE（POSTROUTING）" },
      { en = "the bridge br0 alone", zh = "只靠网桥 br0" },
    },
    answer = 1,
    why = { en = "Container to container: the bridge. Container to the outside: forwarding + MASQUERADE. " ..
      "The outside to a container: DNAT (the capture showed the SYN reaching red from 10.211.55.1 itself).",
      zh = "容器之间：网桥。容器访问外网：转发 + MASQUERADE。外网访问容器：DNAT（抓包看到 SYN 以 10.211.55.1 " ..
      "为源地址到达 red）。" },
  },
}
