#!/bin/sh
# tests/09-sysctl-policy.t: sysctl -w, echo > /proc/sys/..., net.sysctl_set and lessons
# change only settings of one network namespace. Machine-wide ones (kernel.*,
# net.netfilter.nf_hooks_lwtunnel, unknown net.* trees, a congestion control that
# would load a module) are refused in one line naming the key, why and what to
# do, and nothing changes. nf_hooks_lwtunnel is only ever "written" with the value
# it already holds: turning it on could not be undone on this machine.
. "$(dirname "$0")/lib/tap.sh"
LW=/proc/sys/net/netfilter/nf_hooks_lwtunnel
cur=$(cat $LW 2>/dev/null || echo 0)
mach() { cat /proc/sys/kernel/printk /proc/sys/kernel/printk_ratelimit $LW /proc/sys/net/ipv4/ip_forward 2>/dev/null | tr '\n' ' '; }
before=$(mach)

# refused: one line on stderr, status 1; $1 = line, $2 = what the line must say, $3 = name
refused() {
  err=$(printf '%s\n' "$1" | "$NETLEARN" 2>&1 >/dev/null); rc=$?
  is "$rc" 1 "$3: status 1"
  is "$(printf '%s\n' "$err" | wc -l)" 1 "$3: one line"
  like "$err" "$2" "$3: says $2"
}
refused "sysctl -w net.netfilter.nf_hooks_lwtunnel=$cur" "net\.netfilter\.nf_hooks_lwtunnel: refused: it is one switch for the whole machine.*cannot turn it off.*nothing was changed" "nf_hooks_lwtunnel"
refused "echo $cur > $LW" "nf_hooks_lwtunnel: refused: it is one switch for the whole machine" "echo > nf_hooks_lwtunnel"
refused "sysctl -w net/netfilter/nf_hooks_lwtunnel=$cur" "net\.netfilter\.nf_hooks_lwtunnel: refused" "nf_hooks_lwtunnel, slash form"
refused "sysctl -w kernel.printk=7" "kernel\.printk: netlearn changes only net\.\* sysctls of a lab namespace.*never the machine's kernel settings: refused" "kernel.printk"
refused "echo 6 > /proc/sys/kernel/printk_ratelimit" "kernel\.printk_ratelimit: netlearn changes only net\.\* sysctls.*refused" "echo > /proc/sys/kernel/printk_ratelimit"
refused "echo 6 > /proc/sys/net/../kernel/printk_ratelimit" "net/\.\./kernel/printk_ratelimit: refused: not a sysctl name.*'\.\.'" "echo > /proc/sys/net/../kernel/..."
refused "sysctl -w net.ipv4..ip_forward=1" "net\.ipv4\.\.ip_forward: refused: not a sysctl name" "an empty part"
refused "sysctl -w net.ipv4.ip_forward/../../kernel/printk=1" "refused: not a sysctl name" "../ inside a dotted name"
refused "sysctl -w vm.swappiness=1" "vm\.swappiness: netlearn changes only net\.\* sysctls.*refused" "vm.*"
refused "sysctl -w net.x25.x25_call_request_timeout=1" "net\.x25\.x25_call_request_timeout: refused: net\.x25 is not a tree netlearn knows to be per namespace \(it allows net\.ipv4" "an unknown net.* tree"
refused "sysctl -w net.ipv4.tcp_congestion_control=nosuchcc" "tcp_congestion_control: refused: 'nosuchcc' is not loaded \(available here: .*reno.*\).*load a module for the whole machine" "a congestion control not loaded"
refused "sysctl -w net.ipv4.ip_forward=1 net.netfilter.nf_hooks_lwtunnel=$cur" "nf_hooks_lwtunnel: refused" "one refused name among several"
out=$(printf 'sysctl -w net.ipv4.ip_forward=1 net.netfilter.nf_hooks_lwtunnel=%s || echo refused\n!sysctl -n net.ipv4.ip_forward\n' "$cur" | "$NETLEARN" 2>/dev/null)
is "$(printf '%s' "$out" | tr '\n' ' ')" "refused 0" "... and nothing of that line was written (ip_forward still 0, real sysctl)"
err=$(printf 'sysctl -w kernel.printk=7\n' | "$NETLEARN" --lang zh 2>&1 >/dev/null)
like "$err" "kernel\.printk：netlearn 只修改实验命名空间的 net\.\* 设置.*拒绝" "the refusal in Chinese with --lang zh"

# allowed: settings of one namespace
out=$(printf '%s\n' 'sysctl -w net.ipv4.conf.all.rp_filter=1' 'echo 1 > /proc/sys/net/ipv4/ip_forward' \
  'sysctl -w net.ipv4.tcp_congestion_control=reno' '!sysctl -n net.ipv4.conf.all.rp_filter net.ipv4.ip_forward net.ipv4.tcp_congestion_control' | "$NETLEARN" 2>&1)
is "$(printf '%s\n' "$out" | tail -3 | tr '\n' ' ')" "1 1 reno " "per-namespace settings still work (rp_filter, ip_forward by echo, reno)"

# the Lua API: the same refusal; the apply primitives are not in net
out=$(printf '%s\n' "print(net.sysctl_set('', 'net.netfilter.nf_hooks_lwtunnel', '$cur'))" \
  "print(net.sysctl_set('n', 'kernel.printk', '7'))" "print(net.sysctl_apply, net.sysctl_baseline)" | "$NETLEARN" 2>&1)
like "$out" "^nil	net\.netfilter\.nf_hooks_lwtunnel: refused: .*nothing was changed.*	1$" "net.sysctl_set: nil, the refusal, errno"
like "$out" "nil	kernel\.printk: netlearn changes only net.* sysctls.*refused" "net.sysctl_set of kernel.printk: refused"
like "$out" "nil	nil$" "net.sysctl_apply and net.sysctl_baseline are not part of net"

# a lesson: a run line and a lua{} claim are refused the same way
L=$T_TMP/lessons
mkdir -p "$L"
cat > "$L/lw.lua" <<LESSON
title = { en = "lw", zh = "lw" }
article = "test"
objectives = { { en = "o", zh = "目标" } }
steps = {
  step { en = "e", zh = "中", run = { "ip netns add n1" },
    claims = { lua { fn = function(net)
      local ok, e = net.sysctl_set("n1", "net.netfilter.nf_hooks_lwtunnel", "$cur")
      return ok == nil and tostring(e):find("refused", 1, true) ~= nil, tostring(e)
    end, says = { en = "the lesson's net.sysctl_set is refused", zh = "拒绝" } } } },
  step { en = "e2", zh = "中2", run = { "ip netns exec n1 sysctl -w net.netfilter.nf_hooks_lwtunnel=$cur" } },
}
LESSON
out=$("$NETLEARN" check "$L/lw.lua" 2>&1); rc=$?
like "$out" "ok 1 - lw step 1: the lesson's net.sysctl_set is refused" "a lesson's lua{} claim: net.sysctl_set refused"
ok "a lesson whose run line writes nf_hooks_lwtunnel fails" test "$rc" -ne 0
like "$out" "nf_hooks_lwtunnel: refused" "... and says why"

is "$(mach)" "$before" "the machine's kernel.printk, printk_ratelimit, nf_hooks_lwtunnel and ip_forward are unchanged"
done_testing
