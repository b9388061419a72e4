--[[ packet-path-docker -- article 003, part 3: Docker's three questions on red/blue + br0.

Rebuilds the end of 包流转路径 (docker里的网络拓扑结构): its prerequisites
(iptables -A FORWARD -j ACCEPT, sudo bash -c 'echo 1 > .../ip_forward'), its
red/blue namespaces on br0 192.168.15.5/24 and its MASQUERADE line, as typed.
The article leaves out creating blue, bringing the devices up, the namespaces'
addresses and routes; those lines are added (red 192.168.15.1, blue
192.168.15.2, as in the zhihu article it draws from). "The outside" is a
namespace 'outside' (10.211.55.1) on the host's eth0 (10.211.55.6/24).
Answers: container to container (the bridge), container to the outside
(forwarding + MASQUERADE), the outside to a container (DNAT). Then what
br_netfilter (declared below, as on every Docker host) does to the article's
lines: MASQUERADE without -o rewrites red->blue to 192.168.15.5, and a FORWARD
policy DROP cuts red off from blue -- hence Docker's `! -o docker0` and its
FORWARD rules. The br_netfilter claims check the kernel's real mode: where
the module is not loaded they expect the plain bridge (the lesson says so).
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
  { en = "see what br_netfilter does to the article's MASQUERADE and to a FORWARD policy DROP, and why Docker " ..
    "writes ! -o docker0",
    zh = "看清 br_netfilter 对文章的 MASQUERADE 和 FORWARD DROP 策略有什么影响，以及 Docker 为什么写 ! -o docker0" },
}
requires = { "veth", "bridge" }

-- br_netfilter. The lab declares it (above): where the machine has the
-- br_netfilter module, every namespace of the lab gets
-- net.bridge.bridge-nf-call-iptables = 1 and frames br0 switches pass
-- iptables, as on a Docker host. Where the module is not loaded the key does
-- not exist, bridged frames never meet iptables, and netlearn says so when the
-- lesson starts. These claims check what the kernel in front of them must do:
-- the Docker-host behaviour where the key is 1, the plain bridge where it is
-- absent; a key at 0 means the declaration did not hold, a failure.
local function brnf_mode(net)
  local v, e, errno = net.sysctl_get("", "net.bridge.bridge-nf-call-iptables")
  if v == nil and errno == net.errno.ENOENT then return "absent" end      -- the module is not loaded
  if v == nil then return nil, tostring(e) end
  if tostring(v) == "1" then return "on" end
  return nil, "net.bridge.bridge-nf-call-iptables = " .. tostring(v) .. " although the lab declares br_netfilter"
end
local ABSENT = " (br_netfilter is not loaded on this machine: bridged frames skip iptables)"

-- blue's capture of red's echo request: its source is `on` with
-- br_netfilter, `off` without
local function blue_sees(on, off, says)
  return lua { says = says, fn = function(net, lab)
    local mode, e = brnf_mode(net)
    if not mode then return false, e end
    local want = mode == "on" and on or off
    local cap, err = net.capture_open("blue", "veth-blue", "icmp[icmptype] == icmp-echo", {})
    if not cap then return false, err end
    lab.exec("ip netns exec red ping -c 1 -W 1 192.168.15.2")
    local pkts = cap:wait(2, 1)
    cap:close()
    local p = pkts[1]
    local src = p and p.ip and p.ip.src
    if not src then return false, "blue captured no echo request from red" .. (mode == "absent" and ABSENT or "") end
    return src == want, "blue saw red's echo request from " .. src .. (mode == "absent" and ABSENT or "")
  end }
end

-- red -> blue across br0: blocked with br_netfilter (FORWARD policy DROP),
-- through without it
local function red_blue_blocked(says)
  return lua { says = says, fn = function(net, lab)
    local mode, e = brnf_mode(net)
    if not mode then return false, e end
    local st = lab.exec("ip netns exec red ping -c 1 -W 0.5 192.168.15.2")
    if mode == "on" then return st ~= 0, st ~= 0 and "no reply from 192.168.15.2" or "red reached 192.168.15.2" end
    return st == 0, (st == 0 and "red reached 192.168.15.2" or "no reply from 192.168.15.2") .. ABSENT
  end }
end
summary = {
  en = "Containers on one bridge talk directly (a switch). To go out they need forwarding and MASQUERADE, " ..
    "because the outside cannot answer a private address. To be reached from outside they need DNAT on a " ..
    "port of the host. On a Docker host (br_netfilter) bridged frames pass iptables too: MASQUERADE needs " ..
    "! -o br0, and a FORWARD policy DROP needs an ACCEPT for bridge-to-bridge traffic.",
  zh = "同一网桥上的容器直接通信（交换机）。出去要靠转发加 MASQUERADE，因为外面没法回应私有地址。" ..
    "要让外面访问进来，需要在宿主机的端口上做 DNAT。在 Docker 主机上（br_netfilter），经过网桥的帧也要过 iptables：" ..
    "MASQUERADE 要写 ! -o br0，FORWARD 策略为 DROP 时还要放行网桥到网桥的流量。",
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
      added "ip netns add outside",
      added "ip link add eth0 type veth peer name eth0 netns outside",
      added "ip addr add 10.211.55.6/24 dev eth0",
      added "ip link set eth0 up",
      added "ip netns exec outside ip addr add 10.211.55.1/24 dev eth0",
      added "ip netns exec outside ip link set eth0 up",
      added "iptables -L FORWARD",
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
      added "ip netns exec red ping -c 1 192.168.15.2",
      added "ip netns exec blue ping -c 1 192.168.15.5",
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
    run = { added(fails "ip netns exec red ping -c 1 -W 0.2 10.211.55.1") },
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
    why = { en = "MASQUERADE rewrites the first packet of red's connection to leave as 10.211.55.6, and conntrack " ..
      "keeps the mapping: it rewrites the connection's later packets and turns the outside's replies back to " ..
      "192.168.15.1. No rule ever sees a reply: NAT is decided once per connection, at its first packet.",
      zh = "MASQUERADE 把 red 这个连接的第一个包改成以 10.211.55.6 出去，conntrack 记住这个映射：连接后面的包照样改写，" ..
      "外网的回包再换回 192.168.15.1。没有哪条规则会看到回包：NAT 对每个连接只在第一个包上决定一次。" },
  },

  predict {
    title = { en = "MASQUERADE without -o, on a Docker host", zh = "不带 -o 的 MASQUERADE（在 Docker 主机上）" },
    en = "The article's rule has no -o: it matches every packet from 192.168.15.0/24 on its way out, whatever the " ..
      "device. This lab declares br_netfilter, as every Docker host has it (net.bridge.bridge-nf-call-iptables = 1): " ..
      "frames br0 switches from one port to another pass iptables too, with br0 as their out-device. The lab is set " ..
      "to the article's rule, whatever you typed; then red pings blue, with tcpdump in blue.",
    zh = "文章的规则没有 -o：来自 192.168.15.0/24 的包不管从哪个设备出去都会匹配。本实验声明了 br_netfilter，" ..
      "和每台 Docker 主机一样（net.bridge.bridge-nf-call-iptables = 1）：br0 在两个端口之间交换的帧也要经过 iptables，" ..
      "出口设备算作 br0。下面先把实验恢复成文章的那条规则（不管你刚才敲的是什么），然后 red ping blue，同时在 blue 里抓包。",
    ask = { en = "Which source address does blue see on red's echo request?",
            zh = "blue 收到的 red 的 echo request，源地址是哪个？" },
    options = {
      { en = "192.168.15.1, red's own", zh = "192.168.15.1，red 自己的" },
      { en = "192.168.15.5, br0's", zh = "192.168.15.5，br0 的" },
      { en = "10.211.55.6, eth0's", zh = "10.211.55.6，eth0 的" },
    },
    answer = 2,
    why = { en = "With br_netfilter, red's frame passes the nat table's POSTROUTING chain on its way out of br0. " ..
      "The rule matches (-s 192.168.15.0/24, any device) and MASQUERADE gives the packet the address of the device " ..
      "it leaves by, br0: 192.168.15.5. blue can no longer tell its neighbours apart, and whatever it allows by " ..
      "source address breaks. Without br_netfilter bridged frames never meet iptables and blue sees 192.168.15.1. " ..
      "That is why Docker writes its rule with ! -o docker0.",
      zh = "有了 br_netfilter，red 的帧从 br0 出去时要经过 nat 表的 POSTROUTING 链。规则匹配（-s 192.168.15.0/24，" ..
      "不限设备），MASQUERADE 把源地址换成出口设备 br0 的地址：192.168.15.5。blue 从此分不清它的邻居，" ..
      "按源地址放行的规则也都失效了。没有 br_netfilter 时，经过网桥的帧根本不经过 iptables，blue 看到的是 192.168.15.1。" ..
      "所以 Docker 的规则写成 ! -o docker0。" },
    run = {
      added "iptables -t nat -F POSTROUTING",
      "iptables -t nat -A POSTROUTING -s 192.168.15.0/24 -j MASQUERADE",
      added "ip netns exec blue tcpdump -i veth-blue -n icmp &",
      added "ip netns exec red ping -c 1 192.168.15.2",
      added "kill %%",
    },
    claims = {
      blue_sees("192.168.15.5", "192.168.15.1",
        { en = "blue sees red's echo request from 192.168.15.5, br0's address (192.168.15.1 where br_netfilter is not loaded)",
          zh = "blue 看到 red 的 echo request 来自 192.168.15.5，也就是 br0 的地址（没有加载 br_netfilter 的机器上是 192.168.15.1）" }),
      reaches { from = "red", to = "192.168.15.2", ttl = 64 },
    },
  },

  step {
    title = { en = "Docker's rule: ! -o br0", zh = "Docker 的写法：! -o br0" },
    en = "Docker writes '-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE': only packets leaving by another device " ..
      "than the bridge are masqueraded. The same here with br0: red keeps its own address towards blue and still " ..
      "leaves eth0 as 10.211.55.6.",
    zh = "Docker 的规则是 '-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE'：只有从网桥以外的设备出去的包才做 MASQUERADE。" ..
      "这里对 br0 也这样写：red 发给 blue 的包保留自己的地址，从 eth0 出去时仍然是 10.211.55.6。",
    run = {
      added "iptables -t nat -D POSTROUTING -s 192.168.15.0/24 -j MASQUERADE",
      added "iptables -t nat -A POSTROUTING -s 192.168.15.0/24 ! -o br0 -j MASQUERADE",
      added "iptables -t nat -S POSTROUTING",
      added "ip netns exec red ping -c 1 192.168.15.2",
    },
    claims = {
      capture { ns = "blue", dev = "veth-blue", filter = "icmp", during = "ip netns exec red ping -c 1 192.168.15.2",
        shows = { icmp = "echo request", src = "192.168.15.1", dst = "192.168.15.2" },
        none = { src = "192.168.15.5" } },
      capture { dev = "eth0", filter = "icmp", during = "ip netns exec red ping -c 1 10.211.55.1",
        shows = { icmp = "echo request", src = "10.211.55.6", dst = "10.211.55.1" } },
      reaches { from = "red", to = "10.211.55.1" },
    },
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
      added "ip netns exec red python3 -m http.server 80 &",
      added(fails "ip netns exec outside curl 10.211.55.6:8080"),
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
      added "iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 192.168.15.1:80",
      added "ip netns exec outside curl -I 10.211.55.6:8080",
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

  predict {
    title = { en = "4. FORWARD DROP, as Docker sets it", zh = "4. FORWARD 设为 DROP（Docker 就这么设）" },
    en = "Docker sets the FORWARD chain's policy to DROP and then accepts only what it knows. Take away the " ..
      "article's catch-all ACCEPT and set that policy.",
    zh = "Docker 把 FORWARD 链的默认策略设为 DROP，然后只放行它认识的流量。去掉文章那条全部放行的 ACCEPT，设上这个策略。",
    ask = { en = "Will red still reach blue, its neighbour on the same bridge?",
            zh = "red 还能 ping 通同一个网桥上的邻居 blue 吗？" },
    answer = "no",
    why = { en = "With br_netfilter, a frame br0 switches between two of its ports passes the FORWARD chain (in and " ..
      "out device both br0), and the policy drops it: containers on one bridge stop talking to each other. " ..
      "Without br_netfilter they would not notice. That is why Docker adds '-A FORWARD -i docker0 -o docker0 -j " ..
      "ACCEPT' (container to container) beside '-A FORWARD -i docker0 ! -o docker0 -j ACCEPT' (container to the " ..
      "outside). Routed traffic passes FORWARD in any case: red cannot reach the outside either.",
      zh = "有了 br_netfilter，br0 在两个端口之间交换的帧要经过 FORWARD 链（进出设备都是 br0），被默认策略丢掉：" ..
      "同一网桥上的容器互相不通了。没有 br_netfilter 时它们不受影响。所以 Docker 除了 " ..
      "'-A FORWARD -i docker0 ! -o docker0 -j ACCEPT'（容器访问外网）之外，还要加 '-A FORWARD -i docker0 -o docker0 -j ACCEPT'" ..
      "（容器之间）。路由转发的包无论如何都经过 FORWARD：red 也出不去了。" },
    run = {
      added "iptables -D FORWARD -j ACCEPT",
      added "iptables -P FORWARD DROP",
      added "iptables -L FORWARD",
    },
    claims = {
      output { cmd = "iptables -L FORWARD", contains = "Chain FORWARD (policy DROP)", lacks = "ACCEPT" },
      red_blue_blocked({ en = "red does not reach blue 192.168.15.2 across br0 (it does where br_netfilter is not loaded)",
                         zh = "red 经过 br0 ping 不通 blue 192.168.15.2（没有加载 br_netfilter 的机器上能通）" }),
      not_reaches { from = "red", to = "10.211.55.1" },
    },
  },

  step {
    title = { en = "Docker's FORWARD rules", zh = "Docker 的 FORWARD 规则" },
    en = "Docker's rules for its bridge, written for br0: bridge to bridge, bridge to elsewhere, and the replies " ..
      "of connections already allowed (conntrack's ESTABLISHED). red reaches blue and the outside again. The " ..
      "outside's new connection to red's web server is still dropped: nothing accepts a new connection into br0.",
    zh = "Docker 为它的网桥写的规则，这里换成 br0：网桥到网桥、网桥到别处，以及已放行连接的回包（conntrack 的 ESTABLISHED）。" ..
      "red 又能访问 blue 和外网了。外网新发起的、到 red web 服务的连接仍然被丢：没有规则放行进入 br0 的新连接。",
    run = {
      added "iptables -A FORWARD -i br0 -o br0 -j ACCEPT",
      added "iptables -A FORWARD -i br0 ! -o br0 -j ACCEPT",
      added "iptables -A FORWARD -o br0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
      added "iptables -L FORWARD -n",
      added "ip netns exec red ping -c 1 192.168.15.2",
      added "ip netns exec red ping -c 1 10.211.55.1",
    },
    claims = {
      reaches { from = "red", to = "192.168.15.2", ttl = 64 },
      reaches { from = "red", to = "10.211.55.1" },
      curl { from = "outside", url = "10.211.55.6:8080", fails = true, timeout = 1 },
    },
  },

  task {
    title = { en = "Publish port 8080 again", zh = "重新发布 8080 端口" },
    en = "Let the outside reach red's web server through 10.211.55.6:8080 again, with one FORWARD rule, as Docker " ..
      "does for every published port (in its DOCKER chain).",
    zh = "用一条 FORWARD 规则，让外网重新能通过 10.211.55.6:8080 访问 red 的 web 服务，就像 Docker 为每个发布的端口" ..
      "（在它的 DOCKER 链里）做的那样。",
    claims = {
      curl { from = "outside", url = "10.211.55.6:8080", status = 200 },
      reaches { from = "red", to = "192.168.15.2" },
    },
    hints = {
      { en = "After DNAT the packet is for 192.168.15.1 port 80 and leaves by br0: accept exactly that in FORWARD.",
        zh = "DNAT 之后，包的目的地是 192.168.15.1 的 80 端口，从 br0 出去：在 FORWARD 里正好放行这个。" },
      { en = "iptables -A FORWARD -d 192.168.15.1 ! -i br0 -o br0 -p tcp --dport 80 -j ACCEPT",
        zh = "iptables -A FORWARD -d 192.168.15.1 ! -i br0 -o br0 -p tcp --dport 80 -j ACCEPT" },
    },
    solution = { added "iptables -A FORWARD -d 192.168.15.1 ! -i br0 -o br0 -p tcp --dport 80 -j ACCEPT" },
    why = { en = "FORWARD sees the packet after DNAT (PREROUTING comes first), so the rule names the container's " ..
      "address and port, not the host's 8080. Docker writes the same: -A DOCKER -d 172.17.0.2/32 ! -i docker0 " ..
      "-o docker0 -p tcp --dport 80 -j ACCEPT.",
      zh = "FORWARD 看到的是 DNAT 之后的包（PREROUTING 在前），所以规则写容器的地址和端口，而不是宿主机的 8080。" ..
      "Docker 写的也一样：-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp --dport 80 -j ACCEPT。" },
  },
}
