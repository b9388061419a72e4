#!/bin/sh
# --lang zh (or a zh locale) through the real binary, piped: help, set explain
# on, topo, trace path, a failing probe's hint and ip's hint are Chinese with
# Chinese typography; --lang en wins over a zh locale (issue 20, "Chinese").
. "$(dirname "$0")/lib/tap.sh"
zh() { printf '%s\n' "$@" | "$NETLEARN" --lang zh 2>&1; }

out=$(printf 'help\n' | LANG=zh_CN.UTF-8 LC_ALL= LC_MESSAGES= "$NETLEARN" 2>&1)
like "$out" "^netlearn 的命令" "a zh locale: help in Chinese"
like "$out" "  实验室：ns, reset" "the groups with a full-width colon"
out=$(printf 'help\n' | LANG=zh_CN.UTF-8 LC_ALL= LC_MESSAGES= "$NETLEARN" --lang en 2>&1)
like "$out" "^netlearn's commands" "--lang en wins over a zh locale"

out=$(zh 'help all')
like "$out" "  ping         发送 ICMP 回显请求：ping -c 2 192.167.2.2" "help all: Chinese summaries"
unlike "$out" "send ICMP echo requests" "... and no English one"
out=$(zh 'help trace')
like "$out" "在每个命名空间的每个接口上抓包" "help trace in Chinese"

lab='set explain on
ip netns add p1
ip link add pv0 type veth peer name pv1 netns p1
ip addr add 10.67.0.1/24 dev pv0
ip link set pv0 up
ip -n p1 addr add 10.67.0.2/24 dev pv1
ip -n p1 link set pv1 up
set explain off'
out=$(zh "$lab")
like "$out" "explain 已打开：每条命令之后列出内核里变了什么" "set explain on: Chinese"
like "$out" "\+ link pv0（veth，对端 pv1@p1）（在 host 里）" "narration of a veth pair"
like "$out" "\+ route 10.67.0.0/24 dev pv0（在 host 里，内核自动添加）" "narration of the kernel's route"
unlike "$out" " in host" "no English narration"
out=$(zh "$lab" 'topo --ascii' 'trace path p1 10.67.0.1')
like "$out" "实验室：2 个命名空间，2 个接口（不含 lo），1 对 veth" "topo: summary"
like "$out" "连线：" "topo: links"
like "$out" "一个 ping 从 p1 到 10.67.0.1 的路径" "trace path: title"
like "$out" "应答回来了（ttl=64）" "trace path: verdict"
out=$(zh "$lab" 'ip netns exec p1 ping -c 1 10.99.0.1')
like "$out" "提示：p1 没有到 10.99.0.1 的路由（'ip route' 查看路由表）" "a failing ping: the hint in Chinese"
unlike "$out" "hint:" "... and no English hint"
out=$(zh "$lab" 'ip link set pv1 up')
like "$out" "提示：pv1 在命名空间 p1 里；用 'ip -n p1 ...'" "ip: a device in another namespace, in Chinese"
# no space between two Chinese characters, no ASCII colon after Chinese, in everything above
all=$(zh "$lab" 'help' 'help all' 'topo' 'trace path p1 10.67.0.1' 'ip netns exec p1 ping -c 1 10.99.0.1')
# (perl, which prove itself needs: grep's ranges of Chinese depend on the locale)
han() { printf '%s' "$1" | perl -CSD -ne "print if /$2/" | head -3; }
is "$(han "$all" '\p{Han} \p{Han}')" "" "no space between two Chinese characters anywhere"
is "$(han "$all" '\p{Han}[:,;(]')" "" "no ASCII colon, comma, semicolon or bracket right after Chinese anywhere"
ok "the check itself finds a stray space" test -n "$(han '宿主机 有路由' '\p{Han} \p{Han}')"
out=$("$NETLEARN" --lang zh --help 2>&1)
like "$out" "^用法：netlearn" "netlearn --lang zh --help: Chinese"
like "$(LANG=zh_CN.UTF-8 LC_ALL= LC_MESSAGES= "$NETLEARN" --help 2>&1)" "^用法：netlearn" "a zh locale: --help in Chinese"
like "$("$NETLEARN" --help 2>&1)" "^usage: netlearn" "and English by default"
out=$("$NETLEARN" --lang zh doctor 2>&1)
like "$out" "^netlearn doctor：这台机器能为实验提供什么" "doctor: the title in Chinese"
like "$out" "  ok       veth      veth 对（每门课程都用）" "doctor: the checks in Chinese"
like "$out" "内核设置（见 docs/baseline.md）：" "doctor: the settings report in Chinese"
unlike "$out" "lessons that need it|Everything the lessons use|feature\(s\) missing" "doctor: no English sentence"
is "$(han "$out" '\p{Han} \p{Han}')" "" "doctor: no space between Chinese characters"
# a lesson that does not exist, in the shell, check and run: Chinese, one line each
out=$(printf 'lesson nosuch\n' | "$NETLEARN" --lang zh 2>&1)
like "$out" "^没有叫 'nosuch' 的课程（输入 'lesson' 查看列表，或者给出文件：lessons/名字.lua）$" "lesson NAME: no such lesson, in Chinese"
out=$("$NETLEARN" --lang zh check nosuch 2>&1)
like "$out" "^netlearn: check: 没有叫 'nosuch' 的课程（" "check: no such lesson, in Chinese"
out=$("$NETLEARN" --lang zh run nosuch 2>&1)
like "$out" "^netlearn: nosuch: 打不开这个课程：" "run: no such lesson, in Chinese"
is "$(ip netns list 2>/dev/null)" "" "no namespace left on the machine"
# a primitive's own words in ip's hint come from the one table of C's formats
out=$(zh 'ip link add mv0 type veth peer name mv1' 'ip link add link mv0 name mp0 type macvlan mode passthru' \
	'ip link add link mv0 name mp1 type macvlan mode passthru')
like "$out" "提示：netlearn：mv0：passthru 模式的 macvlan 必须是其父设备上唯一的 macvlan（mp0 已经在上面）" \
	"ip's hint with a primitive's words: Chinese (errors_zh_link)"
unlike "$out" "a passthru macvlan must be" "... and no English left"
done_testing
