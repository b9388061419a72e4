#!/bin/sh
# tests/65d-zh-tty: --lang zh on a real terminal (tmux, 160 columns): topo's
# boxes, trace path's wide table with the MAC columns (Chinese heads two
# columns a character, the rows under them), set explain on's narration and a
# failing probe's hint are Chinese (issue 20, "Chinese").
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/tmux.sh"
tmux_setup nlzh -300 200
tm new-session -d -s t -x 160 -y 60 "env XDG_STATE_HOME=$XDG_STATE_HOME HOME=$HOME TERM=xterm LANG=C.UTF-8 $NETLEARN --lang zh"
wait_for 'netlearn> ?$' || { echo "1..0 # SKIP the shell did not start"; exit 0; }
line 'set explain on'
ok "set explain on in Chinese" wait_for '^explain 已打开：每条命令之后列出内核里变了什么$'
line 'ip netns add t1'
line 'ip link add tv0 type veth peer name tv1 netns t1'
ok "a veth pair narrated in Chinese" wait_for '^\+ link tv0（veth，对端 tv1@t1）（在 host 里）$'
line 'ip addr add 10.68.0.1/24 dev tv0'
line 'ip link set tv0 up'
line 'ip -n t1 addr add 10.68.0.2/24 dev tv1'
line 'ip -n t1 link set tv1 up'
ok "the kernel's route narrated in Chinese" wait_for '^\+ route 10\.68\.0\.0/24 dev tv1（在 t1 里，内核自动添加）$'
line 'set explain off'
line 'local _ = net.links_settle("", 3) and net.links_settle("t1", 3)'
line 'topo'
ok "topo: the summary in Chinese" wait_for '^实验室：2 个命名空间，2 个接口（不含 lo），1 对 veth$'
ok "topo: Unicode boxes" wait_for '^┌─ t1 ─'
ok "topo: the links in Chinese" wait_for '^  host tv0 ── t1 tv1  veth 对$'
line 'trace path t1 10.68.0.1'
ok "trace path: the title" wait_for '^一个 ping 从 t1 到 10\.68\.0\.1 的路径（[0-9]+ 处看到）：$'
ok "trace path: the verdict" wait_for '^应答回来了（ttl=64）$'
scr=$(screen)
head=$(printf '%s\n' "$scr" | grep '^#  ' | tail -1)
row=$(printf '%s\n' "$scr" | grep '^1  ' | tail -1)
like "$head" '^#   \+us +位置 +方向  源 MAC +目的 MAC +源 IP +目的 IP +TTL ICMP +说明$' "a wide terminal: the MAC columns, with Chinese heads"
like "$row" '^1   [0-9]+ +t1/tv1 +Out +([0-9a-f]{2}:){5}[0-9a-f]{2} +([0-9a-f]{2}:){5}[0-9a-f]{2} +10\.68\.0\.2 +10\.68\.0\.1 +64  请求$' \
  "a row: MACs, addresses, 请求"
# the column of 源 IP starts where the row's source address starts (2 columns a Chinese character)
hcol=$(printf '%s' "$head" | perl -CSD -Mutf8 -ne 'if (/^(.*?)源 IP/) { my $p = $1; my $n = () = $p =~ /\p{Han}/g; print length($p) + $n }')
rcol=$(printf '%s' "$row" | perl -CSD -ne '/^(.*?)10\.68\.0\.2/ and print length($1)')
is "$hcol" "$rcol" "trace path: 源 IP stands over the source addresses on a terminal"
line 'ip netns exec t1 ping -c 1 10.99.0.1'
ok "a failing ping's hint in Chinese" wait_for '^提示：t1 没有到 10\.99\.0\.1 的路由'
unlike "$(screen)" 'hint:|internal error' "no English hint, no error"
line 'reset'
ok "reset in Chinese" wait_for '^实验环境已重置：删除了 1 个命名空间（t1），主机命名空间已清空，sysctl 已恢复$'
done_testing
