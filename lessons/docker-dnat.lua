--[[ docker-dnat -- article 004, part 2: publishing container ports with DNAT.

Continues lessons/docker-bridge.lua (step 1 rebuilds that lab in one go): a web
server in each container (`python3 -m http.server 80`), the article's two
PREROUTING DNAT rules (8888 -> 172.168.1.11:80, 9999 -> 172.168.1.12:80)
working from outside (the gateway namespace stands in for the article's
Windows tcping), the article's puzzle -- `curl 192.168.0.10:8888` on the host
itself is refused, with tcpdump on lo showing SYN then RST -- explained
(the SYN does come back in through PREROUTING, but NAT is decided once per
connection at its first packet, in nat OUTPUT for the host's own connections;
counters prove it) and fixed with OUTPUT DNAT (with -d: without it every port
9999 is hijacked and 127.0.0.1:9999 fails). Lines the article lacks are added.
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
  en = "DNAT in PREROUTING rewrites connections that arrive from outside: 192.168.0.10:8888 becomes " ..
    "172.168.1.11:80 and is forwarded to container1. NAT is decided once per connection, at its first packet, in " ..
    "nat OUTPUT for a connection the host opens and in nat PREROUTING for one arriving; conntrack does the rest, " ..
    "replies included. So the host's own curl needs the rule in OUTPUT too, with -d, or it catches every " ..
    "connection to that port.",
  zh = "PREROUTING 链里的 DNAT 改写从外面进来的连接：192.168.0.10:8888 变成 172.168.1.11:80，再转发给 container1。" ..
    "NAT 对每个连接只在第一个包上决定一次：宿主机自己发起的连接在 nat OUTPUT，进来的连接在 nat PREROUTING；" ..
    "其余的事（包括回包）由 conntrack 完成。所以宿主机自己的 curl 需要在 OUTPUT 链也加规则，而且要带 -d，" ..
    "否则连到那个端口的所有连接都会被改写。",
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
      added "echo 1 > /proc/sys/net/ipv4/ip_forward",
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
      added "curl -I 172.168.1.11",
      added "curl -I 172.168.1.12",
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
    run = { added(fails "ip netns exec gateway curl 192.168.0.10:8888") },
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
      added "iptables -t nat -L PREROUTING -n",
      added "ip netns exec gateway tcping -n 2 192.168.0.10 9999",
      added "ip netns exec gateway tcping -n 1 192.168.0.10 8888",
      added "ip netns exec gateway curl -I 192.168.0.10:8888",
    },
    claims = {
      output { cmd = "iptables -t nat -L PREROUTING -n", contains = "tcp dpt:9999 to:172.168.1.12:80" },
      curl { from = "gateway", url = "192.168.0.10:8888", status = 200 },
      curl { from = "gateway", url = "192.168.0.10:9999", status = 200 },
      capture { dev = "veth1", filter = "tcp port 80", during = "ip netns exec gateway curl -I 192.168.0.10:8888",
        shows = { src = "192.168.0.2", dst = "172.168.1.11", dport = 80, text = "Flags [S]" } },
    },
    why = { en = "The capture on veth1 shows what DNAT did: the SYN arrives for 172.168.1.11 port 80, and its " ..
      "source is still the gateway's 192.168.0.2; container1 answers through its default route, and the host's " ..
      "conntrack rewrites the reply back to 192.168.0.10:8888.",
      zh = "veth1 上的抓包说明了 DNAT 做了什么：SYN 的目的地址变成了 172.168.1.11 的 80 端口，源地址仍然是网关的 " ..
      "192.168.0.2；container1 经默认路由回包，宿主机的连接跟踪（conntrack）再把回包改回 192.168.0.10:8888。" },
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
      added "tcpdump -i lo -n tcp port 8888 &",
      added(fails "curl 192.168.0.10:8888"),
      added "kill %%",
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
    en = "The host's SYN for 192.168.0.10 goes out by lo and comes straight back in by lo, so it does pass " ..
      "the PREROUTING hook, where the DNAT rule for port 8888 sits. Yet it was not rewritten.",
    zh = "宿主机发往 192.168.0.10 的 SYN 从 lo 发出，又马上从 lo 收回来，所以它确实经过了 PREROUTING 这个钩子，" ..
      "而 8888 端口的 DNAT 规则就在那里。可它并没有被改写。",
    ask = { en = "Why does the PREROUTING rule not apply to the host's own curl?",
            zh = "为什么 PREROUTING 链的规则对宿主机自己的 curl 不起作用？" },
    options = {
      { en = "NAT is decided once per connection, at its first packet: for a connection the host opens, in nat " ..
          "OUTPUT (empty here); conntrack then owns the connection and nat PREROUTING is not asked again",
        zh = "NAT 对每个连接只决定一次，就在它的第一个包上：宿主机自己发起的连接在 nat OUTPUT 决定（这里是空的）；" ..
          "之后连接归连接跟踪（conntrack）管，nat PREROUTING 不会再被问一次" },
      { en = "Packets the host makes itself never pass PREROUTING", zh = "宿主机自己产生的包根本不经过 PREROUTING" },
      { en = "The rule only matches packets arriving on ens33", zh = "这条规则只匹配从 ens33 进来的包" },
    },
    answer = 1,
    why = { en = "The counters show it. The INPUT rule on lo counted the host's SYN: it came in by lo, and INPUT " ..
      "comes after PREROUTING. The nat DNAT rule counted nothing for it. The nat table is asked only for a " ..
      "connection's first packet, where the connection starts: nat OUTPUT for one the host opens, nat PREROUTING " ..
      "for one arriving from outside. nat OUTPUT had no rule, so conntrack noted 'no rewrite', and when the same " ..
      "SYN came back in by lo, nat PREROUTING was not asked again. The gateway's curl (SYN, ACK, request, answer, " ..
      "FIN) counted 1 packet on the DNAT rule: its first. Conntrack rewrites all the others, and the replies in " ..
      "reverse; that is also how MASQUERADE's replies find their way back.",
      zh = "计数器说明了一切。lo 上的 INPUT 规则数到了宿主机的 SYN：它从 lo 进来，而 INPUT 在 PREROUTING 之后。" ..
      "nat 表的 DNAT 规则却一个也没数到。nat 表只在连接的第一个包上被查询，而且在连接开始的地方查：宿主机自己发起的连接" ..
      "查 nat OUTPUT，从外面进来的连接查 nat PREROUTING。nat OUTPUT 里没有规则，conntrack 就记下“不改写”；" ..
      "同一个 SYN 从 lo 回来时，nat PREROUTING 不会再被查一次。网关的 curl（SYN、ACK、请求、应答、FIN）" ..
      "在 DNAT 规则上只记了 1 个包：第一个。其余的包都由 conntrack 改写，回包反向改写；MASQUERADE 的回包" ..
      "也是这样找到回去的路的。" },
    run = {
      added "iptables -A INPUT -i lo -p tcp --dport 8888 -j ACCEPT",
      added "iptables -Z INPUT",
      added "iptables -t nat -Z",
      added(fails "curl 192.168.0.10:8888"),
      added "iptables -L INPUT -v -n",
      added "iptables -t nat -L OUTPUT -v -n",
      added "ip netns exec gateway curl -I 192.168.0.10:8888",
      added "iptables -t nat -L PREROUTING -v -n",
    },
    claims = {
      output { cmd = "iptables -L INPUT -v -n", matches = "\n%s+1%s+%d+%s+ACCEPT%s+tcp%s+%-%-%s+lo%s",
        says = { en = "the INPUT rule on lo counted 1 packet: the host's SYN came in by lo (after PREROUTING)",
                 zh = "lo 上的 INPUT 规则数到 1 个包：宿主机的 SYN 从 lo 进来了（在 PREROUTING 之后）" } },
      output { cmd = "iptables -t nat -L PREROUTING -v -n", matches = "\n%s+1%s+%d+%s+DNAT%s.-dpt:8888 ",
        says = { en = "the DNAT rule for 8888 counted 1 packet: the first of the gateway's connection, none of the host's",
                 zh = "8888 的 DNAT 规则只数到 1 个包：网关那个连接的第一个包，宿主机的一个也没有" } },
      curl { url = "192.168.0.10:8888", refused = true },
    },
  },

  task {
    title = { en = "Make the host's curl work", zh = "让宿主机自己也能 curl 通" },
    en = "Make 'curl 192.168.0.10:8888' on the host itself return container1's page, with one iptables rule. " ..
      "(The article stops at the refused curl: this rule is the lesson's.)",
    zh = "用一条 iptables 规则，让宿主机自己 'curl 192.168.0.10:8888' 也能拿到 container1 的页面。" ..
      "（文章停在被拒绝的 curl 那里：这条规则是本课补充的。）",
    claims = {
      curl { url = "192.168.0.10:8888", status = 200 },
    },
    hints = {
      { en = "A connection the host opens gets its NAT in the nat table's OUTPUT chain: the DNAT rule belongs there.",
        zh = "宿主机自己发起的连接在 nat 表的 OUTPUT 链决定 NAT：DNAT 规则要加在那里。" },
      { en = "iptables -t nat -A OUTPUT -d 192.168.0.10 -p tcp --dport 8888 -j DNAT --to-destination 172.168.1.11:80",
        zh = "iptables -t nat -A OUTPUT -d 192.168.0.10 -p tcp --dport 8888 -j DNAT --to-destination 172.168.1.11:80" },
    },
    solution = { added "iptables -t nat -A OUTPUT -d 192.168.0.10 -p tcp --dport 8888 -j DNAT --to-destination 172.168.1.11:80" },
    why = { en = "The connection's first packet now meets the DNAT rule in nat OUTPUT, and conntrack rewrites the " ..
      "rest. Docker does the same: both PREROUTING and OUTPUT jump to its DOCKER chain, OUTPUT only for local " ..
      "destination addresses (-m addrtype --dst-type LOCAL) outside 127.0.0.0/8.",
      zh = "连接的第一个包现在在 nat OUTPUT 遇到了 DNAT 规则，其余的包由 conntrack 改写。Docker 也是这么做的：" ..
      "PREROUTING 和 OUTPUT 都会跳到它的 DOCKER 链，OUTPUT 只针对本机的目的地址（-m addrtype --dst-type LOCAL），" ..
      "而且不含 127.0.0.0/8。" },
  },

  predict {
    title = { en = "An OUTPUT rule without -d", zh = "不带 -d 的 OUTPUT 规则" },
    en = "Port 9999 the same way, but written like the article's PREROUTING rules, without -d. The internet host " ..
      "114.114.114.114 runs no web server: from the host, 'curl 114.114.114.114:9999' was refused until now.",
    zh = "9999 端口也照样加一条，但像文章的 PREROUTING 规则那样不带 -d。互联网上的 114.114.114.114 没有运行 web 服务：" ..
      "到现在为止，宿主机 'curl 114.114.114.114:9999' 都是被拒绝的。",
    ask = { en = "With this rule, what does the host's 'curl 114.114.114.114:9999' get?",
            zh = "有了这条规则，宿主机 'curl 114.114.114.114:9999' 会得到什么？" },
    options = {
      { en = "container2's page", zh = "container2 的页面" },
      { en = "Connection refused, from 114.114.114.114", zh = "Connection refused，来自 114.114.114.114" },
      { en = "a timeout", zh = "超时" },
    },
    answer = 1,
    why = { en = "The rule matches the destination port and nothing else, so every connection the host opens to " ..
      "any port 9999 goes to container2. And 'curl 127.0.0.1:9999' now fails without a refusal: the rewritten SYN " ..
      "would leave by br0 with the source 127.0.0.1, which never leaves a host (route_localnet is 0), so it is " ..
      "dropped and curl gives up. Without -d the rule is wrong; Docker's excludes 127.0.0.0/8 and takes only " ..
      "local addresses.",
      zh = "这条规则只看目的端口，所以宿主机连任何地址的 9999 端口都会被送到 container2。而且 'curl 127.0.0.1:9999' " ..
      "现在不是被拒绝，而是失败：改写后的 SYN 要以源地址 127.0.0.1 从 br0 出去，而 127.0.0.1 永远不会离开本机" ..
      "（route_localnet 为 0），所以包被丢掉，curl 等到放弃。不带 -d 的规则是错的；Docker 的规则排除了 127.0.0.0/8，" ..
      "只管本机地址。" },
    run = {
      added(fails "curl -m 1 114.114.114.114:9999"),
      added "iptables -t nat -A OUTPUT -p tcp --dport 9999 -j DNAT --to-destination 172.168.1.12:80",
      added "curl -I 114.114.114.114:9999",
      added(fails "curl -m 1 127.0.0.1:9999"),
    },
    claims = {
      curl { url = "114.114.114.114:9999", status = 200 },
      lua { fn = function(net)
          local r, err = net.http_get("", "http://127.0.0.1:9999", { timeout = 1 })
          if r then return false, "HTTP " .. tostring(r.status) end
          return not tostring(err):lower():find("refused", 1, true), tostring(err)
        end,
        says = { en = "curl to 127.0.0.1:9999 from the host fails, and not with 'Connection refused': the SYN is dropped",
                 zh = "宿主机 curl 127.0.0.1:9999 失败，而且不是 Connection refused：SYN 被丢掉了" } },
      sysctl { name = "net.ipv4.conf.br0.route_localnet", value = 0 },
    },
  },

  step {
    title = { en = "Port 9999, with -d", zh = "9999 端口，带上 -d" },
    en = "Replace the rule with one for the host's own address. The host reaches container2 through " ..
      "192.168.0.10:9999 again, the internet's port 9999 is the internet's again (refused), 127.0.0.1:9999 is " ..
      "refused as a port where nothing listens should be, and the capture on veth2 shows " ..
      "the host's SYN arriving at container2's port 80 from 192.168.0.10: the source stays the host's own address.",
    zh = "把这条规则换成只管宿主机自己地址的。宿主机又能通过 192.168.0.10:9999 访问 container2，互联网的 9999 端口" ..
      "也还给了互联网（被拒绝），127.0.0.1:9999 也像没人监听的端口那样被拒绝；在 veth2 上抓包，可以看到宿主机的 SYN 到了 container2 的 80 端口，源地址还是宿主机自己的 192.168.0.10。",
    run = {
      added "iptables -t nat -D OUTPUT -p tcp --dport 9999 -j DNAT --to-destination 172.168.1.12:80",
      added "iptables -t nat -A OUTPUT -d 192.168.0.10 -p tcp --dport 9999 -j DNAT --to-destination 172.168.1.12:80",
      added "iptables -t nat -L OUTPUT -n",
      added "curl -I 192.168.0.10:9999",
      added(fails "curl 114.114.114.114:9999"),
      added(fails "curl 127.0.0.1:9999"),
    },
    claims = {
      curl { url = "192.168.0.10:9999", status = 200 },
      capture { dev = "veth2", filter = "tcp port 80", during = "curl -I 192.168.0.10:9999",
        shows = { src = "192.168.0.10", dst = "172.168.1.12", dport = 80, text = "Flags [S]" } },
      curl { from = "gateway", url = "192.168.0.10:9999", status = 200 },
      curl { url = "114.114.114.114:9999", refused = true },
      curl { url = "127.0.0.1:9999", refused = true },
    },
  },
}
