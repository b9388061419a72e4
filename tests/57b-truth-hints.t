#!/bin/sh
# Hints and messages that tell the truth (issue 20), piped transcripts:
# curl's "Connection refused" blames nat OUTPUT only where a PREROUTING DNAT
# in the connecting namespace would have caught it; "Network is unreachable"
# names lo, a missing address, a device down or a missing route; `set explain
# on` + `machine m1` narrates nothing that did not happen; bash syntax gets
# one line (en and zh) and changes nothing; tcpdump -e on a RAW link prints
# "ip: SRC > DST" as real tcpdump does.
. "$(dirname "$0")/lib/tap.sh"
nl() { printf '%s\n' "$@" | "$NETLEARN" 2>&1; }
nlzh() { printf '%s\n' "$@" | "$NETLEARN" --lang zh 2>&1; }

lab='ip netns add c1
ip netns add c2
ip link add v1 netns c1 type veth peer name v2 netns c2
ip -n c1 addr add 10.7.0.1/24 dev v1
ip -n c2 addr add 10.7.0.2/24 dev v2
ip -n c1 link set v1 up
ip -n c2 link set v2 up
ip -n c1 link set lo up
ip -n c2 link set lo up'

# 1. Connection refused from another machine: nothing listens there
out=$(nl "$lab" 'ip netns exec c1 curl -m 2 10.7.0.2:8888')
like "$out" "Connection refused" "curl to a closed port is refused"
like "$out" "hint: nothing listens on 10.7.0.2 port 8888" "refused from another namespace: nothing listens there"
unlike "$out" "OUTPUT" "... and the nat OUTPUT chain is not blamed"
# a DNAT in c2's PREROUTING catches c1's connection, not c2's own: only c2 is told about OUTPUT
out=$(nl "$lab" 'ip netns exec c2 iptables -t nat -A PREROUTING -p tcp --dport 8888 -j DNAT --to-destination 10.7.0.2:9999' \
  'ip netns exec c2 curl -m 2 10.7.0.2:8888')
like "$out" "hint: c2 has a DNAT for 10.7.0.2 port 8888 in nat PREROUTING and none in nat OUTPUT. NAT is decided once per connection, at its first packet: in nat OUTPUT for a connection opened in c2 itself" \
  "refused in the namespace of a PREROUTING-only DNAT: nat OUTPUT named"
like "$out" "iptables -t nat -A OUTPUT -p tcp -d 10.7.0.2 --dport 8888 -j DNAT --to-destination 10.7.0.2:9999" "... with the rule to add"
out=$(nl "$lab" 'ip netns exec c2 iptables -t nat -A PREROUTING -p tcp --dport 8888 -j DNAT --to-destination 10.7.0.2:9999' \
  'ip netns exec c1 curl -m 2 10.7.0.2:8888')
like "$out" "hint: nothing listens on 10.7.0.2 port 8888" "the same DNAT, connection from c1: nothing listens (at 9999)"
unlike "$out" "OUTPUT" "... and nat OUTPUT is not blamed"
out=$(nlzh "$lab" 'ip netns exec c1 curl -m 2 10.7.0.2:8888')
like "$out" "提示：10.7.0.2 的 8888 端口上没有程序在监听" "the refused hint in Chinese"

# 2. Network is unreachable: say which fix
out=$(nl 'ip netns add u1' 'ip netns exec u1 ping -c 1 127.0.0.1')
like "$out" "hint: lo is down in u1, and 127.0.0.1 is reached through lo: ip link set lo up" "127.0.0.1 with lo down: ip link set lo up"
out=$(nl 'ip netns add u1' 'ip -n u1 link set lo up' 'ip netns exec u1 ping -c 1 10.9.9.9')
like "$out" "hint: u1 has no IPv4 address on an interface that is up" "no address at all: give one"
out=$(nl "$lab" 'ip -n c1 link set v1 down' 'ip netns exec c1 ping -c 1 10.7.0.2')
like "$out" "hint: v1 is down, and with it the route of 10.7.0.0/24 \(10.7.0.1\): ip link set v1 up" "device down: ip link set DEV up"
out=$(nl "$lab" 'ip netns exec c1 ping -c 1 10.9.9.9')
like "$out" "hint: c1 has no route to 10.9.9.9" "an address, no route: add a route"
out=$(nl "$lab" 'ip netns exec c1 traceroute -n 10.9.9.9')
like "$out" "hint: c1 has no route to 10.9.9.9" "traceroute says the same"
out=$(nlzh 'ip netns add u1' 'ip netns exec u1 ping -c 1 127.0.0.1')
like "$out" "提示：u1 的 lo 是关着的" "the lo hint in Chinese"

# 3. set explain on + machine m1: no change that never happened
out=$(nl 'set explain on' 'ip netns add m1' 'ip link add w0 type veth peer name w1' 'machine m1' 'ip netns add a')
like "$out" "\+ netns m1:a" "explain: m1's new namespace, named as it really is"
unlike "$out" "^- |^~ " "explain: switching to m1 narrates no deletion or change"

# 4. bash syntax: one line each, nothing run
for l in 'cat <<EOF | bash' 'for i in 1 2; do ip netns add n$i; done' '((i++))' 'x=$(ip netns)' 'while true; do ping; done' 'done'; do
  out=$(nl "$l" 'ip netns')
  is "$(printf '%s\n' "$out" | grep -c .)" 1 "'$l': one line"
  like "$out" "^netlearn: .*bash" "'$l': says it is bash syntax"
  unlike "$out" "stdin:1|nil value|expected near" "'$l': no Lua error"
done
out=$(nlzh 'for i in 1 2; do ip netns add n$i; done')
like "$out" "netlearn：'for ... done' 是 bash 的循环" "the loop line in Chinese"
out=$(nl 'cat <<EOF | bash' 'ip netns add h1' 'EOF' 'ip netns')
is "$(printf '%s\n' "$out" | tail -n 1)" "h1" "cat <<EOF | bash: the lines run one at a time, EOF ends them"
out=$(nl 'cat <<EOF > /etc/x.conf' 'ip netns add h2' 'EOF' 'ip netns')
unlike "$out" "h2" "cat <<EOF > FILE: the file's text is skipped"
out=$(nl 'print("$(x)")' '((1+2))')
is "$out" "$(printf '$(x)\n3')" "Lua lines with \$( in a string or (( are still Lua"

# 5. tcpdump -e on a RAW (tun, ipip) link: "ip: SRC > DST", no second IP
out=$(nl 'P = require("netlearn.cmd.probes")' \
  'b = string.char(0x45,0,0,84,0,1,0,0,64,1,0,0, 10,1,5,10, 10,1,8,10, 8,0,0,0, 9,55,0,1) .. string.rep("x", 56)' \
  'p = net.decode(b, "raw")' 'p.time = 0' \
  'print((setmetatable({ e = true }, P.Capture):line(p):gsub("^%S+ ", "")))' \
  'print((setmetatable({}, P.Capture):line(p):gsub("^%S+ ", "")))')
like "$out" "^ip: 10\.1\.5\.10 > 10\.1\.8\.10: ICMP echo request, id 2359, seq 1, length 64$" "tcpdump -e on tun0: 'ip: 10.1.5.10 > ...'"
like "$out" "^IP 10\.1\.5\.10 > 10\.1\.8\.10: ICMP echo request" "tcpdump without -e: 'IP 10.1.5.10 > ...'"
unlike "$out" "ip: IP" "never 'ip: IP'"

done_testing
