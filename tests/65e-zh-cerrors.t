#!/bin/sh
# With --lang zh the error words netlearn's C layer makes reach the learner in
# Chinese (netlearn.errors_zh, through commands' Ctx:errln), while the real
# tool's own line (RTNETLINK answers: ..., Error: ...) stays as iproute2
# prints it; under English the same lines are unchanged (issue 20).
. "$(dirname "$0")/lib/tap.sh"
lab='ip link add b0 type bridge
ip link add v0 type veth peer name v1'
run() { lang=$1; shift; printf '%s\n' "$lab" "$@" | "$NETLEARN" --lang "$lang" 2>&1; }

out=$(run zh 'ip link set v0 mtu 70000')
like "$out" "^Error: mtu greater than device maximum\.$" "mtu: the kernel's words stay"
like "$out" "^提示：netlearn：v0：mtu 70000 超出范围 68-65535$" "mtu: netlearn's hint in Chinese, numbers kept"
out=$(run en 'ip link set v0 mtu 70000')
like "$out" "^hint: netlearn: v0: mtu 70000 out of range 68-65535$" "mtu: English unchanged"

out=$(run zh 'ip link del lo')
like "$out" "^RTNETLINK answers: Operation not supported$" "lo: iproute2's words stay"
like "$out" "^提示：netlearn：lo：回环设备不能删除$" "lo: the hint in Chinese"
out=$(run en 'ip link del lo')
like "$out" "^hint: netlearn: lo: the loopback device cannot be deleted$" "lo: English unchanged"

out=$(run zh 'ip link set b0 master b0')
like "$out" "^提示：netlearn：b0：设备不能做自己的 master$" "own master: the hint in Chinese"
out=$(run en 'ip link set b0 master b0')
like "$out" "^hint: netlearn: b0: a device cannot be its own master$" "own master: English unchanged"

out=$(run zh 'ip neigh add 10.1.1.9 lladdr zz dev v0')
like "$out" "^\"zz\" is invalid lladdr\.$" "lladdr: ip's words stay"
like "$out" "^提示：MAC 地址是用 ':' 隔开的六个十六进制字节" "lladdr: the hint in Chinese"
out=$(run en 'ip neigh add 10.1.1.9 lladdr zz dev v0')
like "$out" "^hint: a MAC address is six hex bytes split by ':', e.g. 02:42:ac:11:00:02$" "lladdr: English unchanged"

# netlearn's own commands: their errors and hints (cmd/see.lua)
out=$(printf '%s\n' 'record stop x.lua' | "$NETLEARN" --lang zh 2>&1)
like "$out" "^record：没有在记录$" "record stop while not recording: Chinese"
like "$out" "^提示：record start 开始记录$" "... and its hint"
out=$(printf '%s\n' 'record stop x.lua' | "$NETLEARN" --lang en 2>&1)
like "$out" "^record: not recording$" "record: English unchanged"
out=$(printf '%s\n' 'export foo' | "$NETLEARN" --lang zh 2>&1)
like "$out" "^export：未知的格式 'foo'$" "export: an unknown format in Chinese"
like "$out" "^提示：export clab 文件（containerlab 拓扑）$" "... and its hint"

# the command layer's own lines (cmd/ip.lua, ip_netns.lua, bridge.lua)
out=$(printf '%s\n' 'ip rule show foo' | "$NETLEARN" --lang zh 2>&1)
like "$out" '^netlearn："foo" 在 "ip rule show" 里不支持$' "ip: an unsupported word, in Chinese"
like "$out" "^提示：netlearn 认识：不带过滤条件" "... and its hint"
out=$(printf '%s\n' 'ip rule show foo' | "$NETLEARN" --lang en 2>&1)
like "$out" '^netlearn: "foo" is not supported in "ip rule show"$' "ip: English unchanged"
out=$(printf '%s\n' 'ip netns add' | "$NETLEARN" --lang zh 2>&1)
like "$out" "^提示：给出一个名字：'ip netns add net1'$" "ip netns add without a name: the hint in Chinese"
out=$(printf '%s\n' 'bridge fdb add x' | "$NETLEARN" --lang zh 2>&1)
like "$out" '^netlearn：不支持 "bridge fdb add"$' "bridge fdb add: Chinese"

# an error a binding raises, typed as Lua in the shell
out=$(printf '%s\n' 'net.link_add("", {name = {}, type = "veth"})' | "$NETLEARN" --lang zh 2>&1)
like "$out" "^字段 'name' 必须是字符串$" "a binding's raised error in Chinese"
out=$(printf '%s\n' 'net.link_add("", {name = {}, type = "veth"})' | "$NETLEARN" --lang en 2>&1)
like "$out" "^field 'name' must be a string$" "... and English unchanged"

# nothing English of netlearn's own is left in the zh lines above
all=$(run zh 'ip link set v0 mtu 70000'; run zh 'ip link del lo'; run zh 'ip link set b0 master b0')
unlike "$all" "^hint:" "no English hint line under zh"
han() { printf '%s' "$1" | perl -CSD -ne "print if /$2/" | head -3; }
is "$(han "$all" '\p{Han} \p{Han}')" "" "no space between two Chinese characters"
is "$(han "$all" '\p{Han}[:,;(]')" "" "no ASCII colon, comma, semicolon or bracket after Chinese"
done_testing
