--[[ netlearn.help_zh -- the commands' one-line summaries and help pages in Chinese.

A command registers its English summary and help (netlearn.commands); under
--lang zh (or a zh locale) `help`, `help all` and `help NAME` show the text
here instead. Command lines, options and addresses stay as they are typed;
only the words around them are Chinese.

  local hz = require("netlearn.help_zh")
  hz.summary("ping", spec)   -- the Chinese summary, else spec.summary
  hz.help("ping", spec)      -- the Chinese help page, else spec.help
  hz.text(name, spec)        -- the page for the current language (help NAME, ip help, ...)
]]
local M = {}

M.SUMMARY = {
  help = "按分组列出命令（'?' 也可以），'help all' 列出全部，'help ip' 看一个命令",
  exit = "退出 netlearn（或 Ctrl-D）；exit N 以状态 N 退出",
  quit = "退出课程（不在课程里时退出 netlearn）",
  echo = "打印文字；'echo 1 > /proc/sys/net/ipv4/ip_forward' 会设置 sysctl",
  bash = "bash -c '命令行'：运行一行 netlearn 命令（sudo bash -c 'echo 1 > ...'）",
  sh = "sh -c '命令行'：同 bash -c",
  machine = "在实验环境的一台机器上工作：machine host141（不带参数：回到沙箱）",
  on = "在一台机器上运行一条命令：on host142 ip netns exec ns1 ip addr",
  ip = "iproute2 的 ip：netns、link、addr、route、rule、neigh、tunnel（help ip）",
  bridge = "iproute2 的 bridge：'bridge link' 显示网桥端口，'bridge fdb' 显示它们学到的 MAC",
  brctl = "bridge-utils 的 brctl：addbr、delbr、addif、delif、show、showmacs",
  sysctl = "读取或设置内核参数：sysctl -w net.ipv4.ip_forward=1",
  iptables = "用 iptables 的写法管理 NAT 和过滤规则：iptables -t nat -A POSTROUTING ... -j MASQUERADE",
  route = "用 net-tools 的写法查看或修改路由表：route -n",
  ping = "发送 ICMP 回显请求：ping -c 2 192.167.2.2",
  traceroute = "沿途的路由器：traceroute -n 10.1.8.10",
  tcpdump = "抓包（后台任务）：tcpdump -i veth1 -n icmp",
  curl = "通过 HTTP 获取一个 URL：curl 192.168.0.10:8888",
  python3 = "python3 -m http.server 端口：在当前命名空间里启动一个 Web 服务器",
  python = "python -m SimpleHTTPServer 端口：同 python3 -m http.server",
  nc = "TCP 端口是否开着：nc -zv 192.168.0.10 8888",
  tcping = "对一个 TCP 端口做 ping：tcping 192.168.0.10 9999",
  ping6 = "发送 ICMPv6 回显请求：ping6 -c 2 2001:db8::2",
  jobs = "列出后台任务（tcpdump、HTTP 服务器）",
  kill = "停止一个后台任务：kill %1",
  fg = "把后台任务调到前台（Ctrl-C 停止它）",
  ns = "把 shell 切换到一个命名空间：ns net1 / ns host",
  reset = "删除整个实验环境，从头开始",
  trace = "跟踪一个 ping 穿过实验环境：trace path ns1 10.1.8.10",
  pathtrace = "同 trace path",
  lesson = "开始一门课程：lesson ipip（不带名字：列出课程）",
  next = "课程：运行下一步",
  back = "课程：重建实验环境，回到上一步",
  again = "课程：重建实验环境，重做这一步",
  skip = "课程：运行任务的参考答案，继续下一步",
  hint = "课程：这一步的提示",
  explain = "课程：这一步做什么、说明了什么",
  score = "课程：你的得分",
  ["end"] = "课程：退出课程（进度保留）",
  topo = "画出实验环境：命名空间、接口、veth 对、网桥、隧道",
  show = "show topology：同 topo",
  set = "set explain on|off：每条命令之后显示内核里变了什么",
  export = "export clab 文件：把实验环境导出为 containerlab 拓扑",
  record = "record start / record stop 文件：把你输入的命令变成一门课程",
  why = "为什么 ping 不通？why net2 192.167.3.2（逐跳分析，并给出修复命令）",
}

local LESSON = [==[
lesson [名字|文件]    开始一门课程（不带名字：列出课程）
  next      运行下一步                 back     重建实验环境，回到上一步
  again     重建实验环境，重做这一步
  hint      这一步的提示               explain  这一步做什么、说明了什么
  skip      放弃一个任务（运行它的参考答案）并继续
  score     你的得分                   quit/end 退出课程（进度保留）

每一步之间可以输入自己的命令；实验环境还是同一个。

名字依次在 $NETLEARN_LESSONS 的每个目录（dir:dir）里找，然后是你自己的目录
$XDG_DATA_HOME/netlearn/lessons（~/.local/share/netlearn/lessons），最后是随
netlearn 发布的课程；先找到的为准（'netlearn list' 会说明在哪里）。

课程是声明内容的 Lua 文件（docs/lesson-authoring.md）。每门课程都在受限的环境里
加载：可以用 string（string.rep 最多 1 MiB）、table、math、utf8、
os.time/clock/date、pairs、pcall 和课程 API（step、predict、choice、task、fails，
以及各种说法：reaches、not_reaches、ping、capture、route、link、addr、sysctl、
curl、output、lua）。它没有 io、os.execute、os.exit、load、loadfile、dofile、
require、debug、coroutine 和 collectgarbage；只能通过自己的命令行、说法和交给
lua{} 说法的 net（只读的实验环境函数）接触实验环境；计算超过 5 秒或内存超过
256 MiB 会被停止。它的每一行都只能是 netlearn 命令：课程不启动真实程序（没有 '!'，
没有 'ip netns exec 命名空间 程序'，没有真实的 bash），也不写文件（没有
topo --svg 文件、export clab 文件、record stop 文件、> 文件）。可信的 Lua 用
'netlearn lua 文件' 运行。]==]

local TRACE = [==[
trace path 起点 目的地址      （或：'pathtrace 起点 目的地址'）
  在每个命名空间的每个接口上抓包，从起点（一个命名空间或 'host'）向目的地址发一个
  ping，再按时间顺序列出请求和应答被看到的每一处：命名空间/设备、方向、MAC、IP、
  TTL、IPIP 隧道的外层头，以及两次看到之间的 NAT 改写。
  这就是 IPIP 和 Docker 两篇文章手工画出的那张表。
  在 Lua 里：require("netlearn.cmd.lab").path_trace("ns1", "10.1.8.10").hops
例子：
  trace path container1 192.168.0.2]==]

local PYTHON = [==[
python3 -m http.server [端口] [--bind 地址] [-d 目录]      （默认端口 8000）
python -m SimpleHTTPServer [端口]
  在当前命名空间里启动一个 HTTP 服务器，作为后台任务运行
  （'jobs' 列出它，'kill %N' 停止它）。这里不运行 Python 的其他部分。
例子：
  ip netns exec container1 python3 -m http.server 80]==]

M.HELP = {
  help = [==[
help [all|命令名]
  help          按分组列出命令（一屏放得下）；'?' 相同
  help all      列出每个命令和一句说明
  help ip       一个命令的用法和例子]==],
  exit = [==[
exit [N]
  退出 netlearn（Ctrl-D 也可以）；给出 N（0-255）时，netlearn 的退出状态就是 N]==],
  quit = LESSON,
  lesson = LESSON, next = LESSON, back = LESSON, again = LESSON, skip = LESSON, hint = LESSON,
  explain = LESSON, score = LESSON, ["end"] = LESSON,
  echo = [==[
echo [-n] 文字...
  echo 1 > /proc/sys/net/ipv4/ip_forward   （文章里打开转发的写法）]==],
  bash = [==[
bash -c '命令行'   把这一行当作 netlearn 命令运行，例如
  sudo bash -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'
bash（其他用法）在当前命名空间里启动真实的 bash]==],
  sh = "sh -c '命令行'（同 bash -c）；只输入 sh 则启动真实的 sh",
  machine = [==[
machine [名字]
  一台机器是一个自己还带有命名空间的命名空间（IPIP 文章的两台主机各有一个 ns1）。
  machine host141     之后的命令在 host141 上运行：'ip netns add ns1' 创建 host141 的 ns1
  machine             回到沙箱自己的视角，能看到所有命名空间
  on host142 ip netns exec ns1 ping 10.1.5.10 -c 1     在另一台机器上运行一条命令]==],
  on = [==[
on 机器 命令...
  on host142 ip route      在 host142 上运行一条命令（见 'help machine'）]==],
  ip = [==[
ip -- iproute2 的 ip，netlearn 所理解的部分（可以缩写：ip l s、ip a a、ip r a、ip net）
用法：ip [-n NS] [-d] [-j [-p]] [-br] [-4] [-s [-s]] 对象 命令 ...
  ip netns add net1                                    创建一个命名空间（一台“机器”）
  ip netns list | ip net                               列出命名空间
  ip netns del net1                                    删除一个
  ip netns exec net1 ip addr                           在 net1 里运行一条命令（也可以是真实程序）
  ip netns pids net1                                   住在 net1 里的进程
  ip -n net1 link                                      同上，更短
  ip link add veth0 type veth peer name veth1          一对 veth（一根两头的网线）
  ip link add veth0 type veth peer name veth1 netns net2
  ip link add va netns a type veth peer name vb netns b   两端直接建在 a 和 b 里
  ip link add br0 type bridge                          一个网桥（交换机）
  ip link add mac1 link eth0 type macvlan mode bridge  macvlan（模式 private、vepa、bridge、passthru）
  ip link add ipvlan1 link eth0 type ipvlan mode l3    ipvlan（模式 l2、l3、l3s）
  ip link add vx0 type vxlan id 42 remote 10.0.0.2 dev eth0 dstport 4789
  ip link add link eth0 name eth0.10 type vlan id 10   eth0 上的 802.1Q vlan 10
  ip link set veth0 netns net1                         把设备移进一个命名空间
  ip link set veth0 up | down                          打开 / 关闭设备
  ip link set veth11 master br0 | nomaster             插进 / 拔出网桥
  ip link set veth0 mtu 1400 | address 02:00:00:00:00:01 | name eth0
  ip link set mac1 type macvlan mode bridge            直接修改 macvlan 的模式
  ip link del veth0                                    删除（veth 会连同对端一起删除）
  ip link | ip -d link show br0 | ip -br link | ip -j link
  ip -s link | ip -s -s link show dev veth0            带计数器（包、字节、错误、丢弃）
  ip addr add 192.167.2.1/24 dev veth0                 给设备一个地址
  ip addr del 192.167.2.1/24 dev veth0 | ip addr flush dev veth0
  ip addr | ip a show dev veth0 | ip -4 -br addr | ip -j addr
  ip addr add 2001:db8::1/64 dev veth0 nodad           IPv6（nodad：立即可用）；ip -6 addr
  ip route                                             main 路由表
  ip route add 192.167.2.0/24 via 192.167.3.1 dev veth3
  ip route add default via 10.1.5.1 | ip route add 10.11.14.0/24 dev veth-test
  ip route replace default via 10.1.5.1 | ip route change default via 192.168.20.1
  ip route del 192.167.2.0/24 | ip route show table local | ip route show table all
  ip route get 10.1.8.10 [from 10.1.5.10]              一个包会走哪条路由
  ip -6 route | ip -6 route add 2001:db8:2::/64 via fe80::1 dev veth0 | ip -6 route get 2001:db8:2::1
  ip rule | ip rule add from 10.0.0.0/24 table 100 priority 100 | ip rule del ...
  ip neigh | ip neigh flush dev veth0                  ARP 缓存（ip -6 neigh：NDP）
  ip neigh replace 10.1.1.5 lladdr 02:00:00:00:00:05 dev veth0 [nud permanent|reachable|stale|noarp]
  ip neigh del 10.1.1.5 dev veth0
  ip tunnel add tun0 mode ipip remote 172.16.94.142 local 172.16.94.141 [ttl 64]
  ip tunnel show
出错时先打印 iproute2 原本的错误信息，再打印一行“提示：”。不支持：
nexthop 对象、VRF、xfrm、多路径路由；'!ip ...' 运行真实的 ip。]==],
  bridge = [==[
bridge [-j] [-d] [-n NS] link [show] [dev 设备] | link set dev 设备 hairpin on|off | fdb [show] [br 网桥] [dev 设备]
  bridge link          每个网桥的端口：状态 forwarding/disabled、优先级、开销
  bridge -d link       再加上每个端口的选项（hairpin、learning、flood……）
  bridge link set dev veth1 hairpin on   允许帧从进来的端口再出去
  bridge fdb show br br0                 br0 知道的 MAC 地址，以及它们在哪个端口
  bridge -j link       同上，JSON 格式]==],
  brctl = [==[
brctl addbr 网桥 | delbr 网桥 | addif 网桥 设备 | delif 网桥 设备 | show [网桥]
  brctl addbr br0          创建一个网桥（同 'ip link add br0 type bridge'）
  brctl addif br0 veth1    把 veth1 插进 br0（同 'ip link set veth1 master br0'）
  brctl show               网桥、它们的 id、STP 和端口
  brctl showmacs br0       br0 学到的 MAC 地址，按端口列出，带老化时间]==],
  sysctl = [==[
sysctl [-n|-N] [-e] 名字...          显示当前命名空间的内核参数
sysctl [-q] -w 名字=值...            设置它们（也可以不带 -w，直接写 '名字=值'）
sysctl -a [-r 模式 | 模式]           列出所有参数（或匹配模式的参数）
例子：
  sysctl net.ipv4.ip_forward
  sysctl -w net.ipv4.ip_forward=1
  ip netns exec net1 sysctl -w net.ipv4.ip_forward=0
  sysctl -a -r ip_forward          （netlearn 没有管道：用它代替 'sysctl -a | grep ip_forward'）
名字可以用点或斜杠（net/ipv4/ip_forward）。每个命名空间有自己的 net.* 值，
从 netlearn 的基线开始（ip_forward 0、rp_filter 0……：docs/baseline.md）；
'reset' 会恢复本次会话改过的值。只能设置属于单个命名空间的参数：kernel.* 和
少数整台机器共享的 net.* 开关（net.netfilter.nf_hooks_lwtunnel）会被拒绝。]==],
  iptables = [==[
iptables [-t filter|nat] 命令 [匹配条件] [-j 目标 [目标选项]]
  -A 链 规则 / -I 链 [N] 规则          追加 / 插入一条规则（插在第 N 条之前）
  -D 链 N / -D 链 规则                 按编号或按内容删除一条规则
  -R 链 N 规则 / -C 链 规则            替换第 N 条规则 / 检查一条规则是否存在
  -L [链] [-n] [-v] [-x] [--line-numbers] / -S [链]   列出（-v：带计数器）
  -F [链] 清空     -Z [链] 计数器清零     -P 链 ACCEPT|DROP  默认策略（filter 表）
  -N 链 新建用户链     -X [链] 删除一条空的、没有被引用的用户链
  -E 旧名 新名 重命名用户链
匹配条件（前面加 '!' 表示取反）：
  -s 网段  -d 网段  -i 设备  -o 设备  -p tcp|udp|icmp  --sport P[:P]  --dport P[:P]
  -m addrtype --src-type|--dst-type LOCAL,UNICAST,...
  -m conntrack --ctstate NEW,RELATED,ESTABLISHED,INVALID,UNTRACKED,SNAT,DNAT
  -m state --state NEW,RELATED,ESTABLISHED,INVALID,UNTRACKED
  -m multiport --dports|--sports|--ports 22,80,8000:8080   （跟在 -p tcp|udp 之后）
  -m mark --mark V[/MASK]     -m comment --comment 文字
目标：ACCEPT DROP REJECT RETURN，-j 链（用户链），-g 链（goto）
      MARK --set-mark V[/M] | --set-xmark V[/M] | --and-mark M | --or-mark V | --xor-mark V
      MASQUERADE  SNAT --to-source A  （nat POSTROUTING，或用户链）
      DNAT --to-destination A[:P]      （nat PREROUTING、OUTPUT，或用户链）
例子（Docker 文章里的，以及 Docker 自己的规则）：
  iptables -t filter --policy FORWARD ACCEPT
  iptables -t nat -A POSTROUTING -s 172.168.1.0/24 -o ens33 -j MASQUERADE
  iptables -t nat -A PREROUTING -p tcp --dport 8888 -j DNAT --to-destination 172.168.1.11:80
  iptables -t nat -N DOCKER
  iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
  iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
  iptables -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
  iptables -t nat -nL --line-numbers        iptables -t nat -D POSTROUTING 1
规则是 nf_tables 规则，按 iptables-nft 的写法写入，每个命名空间各自一套：
真实的 iptables、iptables-save 和 nft 都能读到它们。
不支持：mangle 表和 raw 表（-j MARK 在 filter 和 nat 表里可用）。]==],
  route = [==[
route [-n]                                     main 路由表，net-tools 的格式
route add -net 网段/长度 [gw 网关] [metric M] [dev] 设备
route add -net 网段 netmask 掩码 [gw 网关] [dev 设备]
route add -host 地址 [gw 网关] [dev] 设备
route add default gw 网关 [dev 设备]
route del ...                                  用同样的写法删除一条路由
例子：
  route -n
  route add -net 172.168.1.0/24 dev br0
  route add -net 10.1.8.0 netmask 255.255.255.0 gw 1.1.1.2
  route add default gw 172.168.1.1
不带 -n 时默认路由显示为 'default'；netlearn 从不做名字解析。]==],
  ping = [==[
ping [-c 次数] [-i 秒] [-W 超时] [-w 截止时间] [-t TTL] [-s 大小] [-I 设备|地址] [-q] 地址
  选项也可以写在地址后面（ping 10.1.8.10 -c 1）。在终端上 ping 像 iputils 一样
  一直运行到 Ctrl-C；从管道或课程里运行时，除非 -c 另有指定，发 4 个包。
  退出状态：0 收到了应答，1 没有收到，2 出错。
例子：
  ping -c 2 192.167.2.2
  ip netns exec ns1 ping 10.1.8.10 -c 1
  ping -c 1 -t 1 10.1.8.10        （第一个路由器回答 'Time to live exceeded'）
  ping -6 地址、ping6 地址或直接给 IPv6 地址（ping 2001:db8::2）：ICMPv6，见 'help ping6']==],
  traceroute = [==[
traceroute [-n] [-I] [-m 最大TTL] [-q 每跳探测数] [-w 秒] 地址
例子：
  traceroute -n 10.1.8.10
  ip netns exec server1 traceroute -n -q 1 10.1.8.10]==],
  tcpdump = [==[
tcpdump [-i 设备|any] [-n|-nn] [-e] [-p] [-c 个数] [-l] [-B KiB数] [-w 文件] [过滤条件...]
tcpdump -r 文件 [-e] [-c 个数] [-w 文件] [过滤条件...]
  作为后台任务运行（netlearn 只有一个终端）：它打印的同时你可以输入下一条命令。
  抓到 -c 个包后停止，或者用 'kill %N'、'fg' 再按 Ctrl-C、'tcpdump stop' 停止。
  抓到的包在 Lua 里仍然可读：require("netlearn.cmd.probes").jobs[N].packets，
  以及 ctx.results。
  过滤条件用 tcpdump 自己的语言（libpcap），在内核里执行。
  -w 文件：不打印，而是写成 pcap 文件（Wireshark 和 tcpdump -r 能读）；
  -r 文件：打印一个 pcap 文件。-B KiB数：内核缓冲区的大小（不给时 4096 KiB，
  最多 65536）；缓冲区满时到达的包被丢弃并计数（"packets dropped by kernel"）。
例子：
  ip netns exec net2 tcpdump -nn -i veth1 icmp
  tcpdump -pne -i ens33 'ip proto 4'
  tcpdump -i veth1 -n -c 2 &          然后：ping -c 2 192.167.2.2
  tcpdump -i veth1 -c 10 -w /tmp/veth1.pcap 'tcp[13] & 2 != 0'
  tcpdump -n -r /tmp/veth1.pcap]==],
  curl = [==[
curl [-I] [-i] [-s] [-S] [-v] [-m 秒] [http://]地址[:端口][/路径]
例子：
  curl -I 192.168.0.10:8888
  ip netns exec container1 curl http://172.168.1.12/
错误信息和退出码与 curl 相同：'(7) Failed to connect ... Connection refused'，'(28)' 是超时。]==],
  python3 = PYTHON,
  python = PYTHON,
  nc = [==[
nc -z [-v] [-w 秒] 地址 端口     TCP 端口开着吗？（开着退出码 0，没开 1）
例子：
  nc -zv 192.168.0.10 8888]==],
  tcping = [==[
tcping [-n 次数] 地址 [端口]          TCP 版的“ping”，Docker 文章在 Windows 上用的就是它
例子：
  tcping 192.168.0.10 9999]==],
  ping6 = [==[
ping6 [-c 次数] [-i 秒] [-W 超时] [-w 截止时间] [-t 跳数] [-s 大小] [-I 设备|地址] [-q] 地址
ping -6 ... 和直接 ping 一个 IPv6 地址是一样的（ping 根据地址判断协议族）。
  从当前命名空间发送 ICMPv6 回显请求，按 iputils ping 的格式打印。
  -t 设置跳数限制（IPv6 的 TTL）。链路本地地址（fe80::）在每条链路上都有，
  所以要指明链路：在 % 后面写区域，或用 -I 设备。
  ping6 -c 2 2001:db8:1::2
  ping -c 1 fe80::1%veth0          ping -c 1 -I veth0 fe80::1
  ip netns exec ns1 ping6 -c 1 2001:db8:2::2
  ping -6 -c 1 -t 1 2001:db8:2::2  （第一个路由器回答 'Time exceeded: Hop limit'）]==],
  jobs = [==[
jobs
  列出后台任务：[N]+  Running  tcpdump -i veth1 -n &
例子：
  jobs]==],
  kill = [==[
kill %N [...]
  停止后台任务 N（见 'jobs'）
例子：
  kill %1]==],
  fg = [==[
fg [%N]
  显示任务 N 的输出，直到按下 Ctrl-C，然后停止它
例子：
  fg %1]==],
  ns = [==[
ns [名字|host]
  之后的命令在名字所指的命名空间里执行（提示符会显示它）；只输入 'ns' 则打印当前的命名空间
例子：
  ns container1
  ns host]==],
  reset = [==[
reset
  删除所有命名空间，清空主机命名空间（链路、路由、NAT/过滤规则），
  停止后台任务，并恢复本次会话改过的 sysctl
例子：
  reset]==],
  trace = TRACE,
  pathtrace = TRACE,
  topo = [==[
topo [--ascii] [--compact] [--dot [文件]] [--svg 文件 [--builtin]]
  画出实验环境：每个命名空间（host 是沙箱自己的，另外是每个有名字的）画成一个框，
  里面是它的接口、类型、状态和 IPv4 地址；网桥端口和 macvlan/ipvlan 子设备列在
  它们的设备下面；静态路由是以 '→' 开头的行；veth 对是框之间的连线，ipip 隧道是虚线。
  --ascii      用纯 ASCII 代替 Unicode 制表符（区域设置不是 UTF-8 时的默认值，
               例如 LANG=C）
  --compact    每个命名空间一行（超过 30 个命名空间的实验环境就是这样显示）
  --dot [文件] 输出 Graphviz 文本到标准输出或文件
  --svg 文件   一张可以投影的图：命名空间画成主机（地址、路由、iptables/NAT 规则），
               网桥画成交换机，veth/macvlan 链路画成标着两端设备的边，隧道是虚线。
               装了 Graphviz 的 'dot' 就用它排版，否则用 netlearn 自己的渲染器
  --builtin    与 --svg 一起用：即使装了 Graphviz 也用 netlearn 自己的渲染器
  只在终端上用颜色，设置了 NO_COLOR 时从不用颜色。
例子：
  topo
  topo --ascii
  topo --dot lab.dot
  topo --svg lab.svg
  show topology]==],
  show = [==[
show topology [topo 的选项]
  同 'topo'（见 'help topo'）
例子：
  show topology --ascii]==],
  set = [==[
set explain on|off
  explain on：每条命令（或每行 Lua）之后，列出每个命名空间里内核变了什么——
  链路、地址、路由、规则、邻居、iptables/nft 规则、ip_forward 和 rp_filter：
    + link veth0（veth，对端 veth1@host）（在 host 里）
    ~ link veth0（在 host 里）：DOWN -> UP
    + route 192.167.2.0/24 via 192.167.3.1（在 host 里）
  对于以 Lua 输入的 net.* 调用，还会给出它等同的命令行：
    # 等同于：ip link add v0 type veth peer name v1
set
  显示当前设置
例子：
  set explain on]==],
  export = [==[
export clab 文件 [--name 名字] [--image 镜像]
  把实验环境写成 containerlab 拓扑（YAML）：每个命名空间是一个 linux 类型的节点
  （默认镜像 nicolaka/netshoot），两个命名空间之间的每对 veth 是一条
  link ["node:iface", "node:iface"]，其余的一切（网桥、macvlan/ipvlan、隧道、
  地址、路由、ip_forward、iptables 规则）写成节点的 exec 命令。
  文件写 '-' 则打印出来。部署：containerlab deploy -t 文件
例子：
  export clab docker-bridge.clab.yml]==],
  record = [==[
record start        从现在起记下你输入的命令
record stop 文件    把它们写成一个课程骨架（例如 lessons/mylab.lua）：
                    每一段以探测结束的命令成为一步，每个探测的结果成为一个说法
                    （收到应答的 ping：reaches{...}；没收到：not_reaches{...}；
                    curl：curl{...}）；失败的命令和 Lua 行作为注释留下。
                    `netlearn check 文件` 会重放它。
record status       是否正在记录，已经记了多少行
record cancel       停止记录，什么也不写
请从空的实验环境开始（先 'reset'），这样课程才能从零重建它。
例子：
  record start
  ip netns add net1
  ...
  record stop lessons/mylab.lua]==],
  why = [==[
why [--tcp] [--no-probe] [--lang en|zh] 起点 目的地址[:端口]
  按内核做决定的方式，让一个包从命名空间起点（'host' 表示沙箱自己的）走到目的地址：
  查路由、ARP 和线路、转发、rp_filter、防火墙、NAT、隧道，以及应答的回程。
  标出第一个断掉的地方（✘），给出修复它的命令，然后发一个真实的探测来验证这个预测。
  '目的地址:端口'（或 --tcp，端口 80）问的是一条 TCP 连接而不是 ping（DNAT/curl 的情形）。
例子：
  why net2 192.167.3.2
  why container1 192.168.0.2
  why host 192.168.0.10:8888]==],
}

local function zh()
  return require("netlearn.i18n").lang == "zh"
end

function M.summary(name, spec)
  if zh() and M.SUMMARY[name] then return M.SUMMARY[name] end
  return spec and spec.summary
end

function M.help(name, spec)
  if zh() and M.HELP[name] then return M.HELP[name] end
  return spec and spec.help
end

-- the page `help NAME` shows, in the current language
function M.text(name, spec)
  return M.help(name, spec) or M.summary(name, spec) or name
end

return M
