#!/bin/sh
# The kernel facts behind the truths docker-dnat and docker-bridge teach, with
# the real tools as the oracle (inside netlearn's sandbox):
# - the host's own SYN to its own address does come back in through PREROUTING
#   (the raw table's PREROUTING counter on lo counts it), yet the nat
#   PREROUTING DNAT rule never sees it: NAT was decided in nat OUTPUT, at the
#   connection's first packet (docker-dnat step 6);
# - after route(8) adds a second 172.168.1.0/24 beside the kernel's, the
#   route the kernel matches is route(8)'s, the later one (`ip route get
#   fibmatch`, which netlearn's ip lacks; docker-bridge step 7).
. "$(dirname "$0")/lib/tap.sh"
command -v iptables >/dev/null 2>&1 || skip_all "no real iptables for the oracle"
command -v ip >/dev/null 2>&1 || skip_all "no real ip for the oracle"
ip route get fibmatch 127.0.0.1 >/dev/null 2>&1 || skip_all "this ip has no 'ip route get fibmatch'"
# the real iptables must have a raw table in this kernel (nf_tables), inside a sandbox
printf '%s\n' '!iptables -t raw -A PREROUTING -i lo -p tcp --dport 8888' '!iptables -t raw -L PREROUTING -n' 'echo RAWOK' |
  "$NETLEARN" 2>&1 | grep -q '^RAWOK$' || skip_all "the real iptables cannot use the raw table here"
out=$("$NETLEARN" 2>&1 <<'CMDS'
ip netns add gateway
ip link add ens33 type veth peer name eth0 netns gateway
ip addr add 192.168.0.10/24 dev ens33
ip link set ens33 up
ip link set lo up
ip netns exec gateway ip link set eth0 up
iptables -t nat -A PREROUTING -p tcp --dport 8888 -j DNAT --to-destination 172.168.1.11:80
!iptables -t raw -A PREROUTING -i lo -p tcp --dport 8888
!iptables -t raw -A OUTPUT -o lo -p tcp --dport 8888
curl 192.168.0.10:8888 || echo REFUSED
!iptables -t raw -L -v -n -x
iptables -t nat -L PREROUTING -v -n -x
ip link add br0 type bridge
ip link set br0 up
ip addr add 172.168.1.1/24 dev br0
route add -net 172.168.1.0/24 dev br0
echo ROUTES
ip route show 172.168.1.0/24
echo FIBMATCH
!ip route get fibmatch 172.168.1.12
CMDS
)
like "$out" "REFUSED" "the host's own curl 192.168.0.10:8888 fails although PREROUTING holds a DNAT for 8888"
raw_pre=$(printf '%s\n' "$out" | sed -n '/^Chain PREROUTING (policy ACCEPT [0-9]* packets/,/^$/p' | grep -E '^ +[0-9]+ +[0-9]+ +(tcp|6) +-- +lo ' | awk '{print $1}' | head -1)
raw_out=$(printf '%s\n' "$out" | grep -E '^ +[0-9]+ +[0-9]+ +(tcp|6) +-- +\* +lo ' | awk '{print $1}' | head -1)
is "${raw_out:-none}" 1 "real iptables: raw OUTPUT on lo counts the host's SYN to 192.168.0.10:8888 once"
is "${raw_pre:-none}" 1 "real iptables: raw PREROUTING on lo counts the same SYN coming back in: it does traverse PREROUTING"
dnat=$(printf '%s\n' "$out" | grep -E 'DNAT +tcp .*dpt:8888' | awk '{print $1}' | head -1)
is "${dnat:-none}" 0 "the nat PREROUTING DNAT rule counts none of it: NAT was decided in nat OUTPUT at the first packet"
routes=$(printf '%s\n' "$out" | sed -n '/^ROUTES$/,/^FIBMATCH$/p' | grep '^172')
like "$routes" "^172.168.1.0/24 dev br0 scope link *
172.168.1.0/24 dev br0 proto kernel scope link src 172.168.1.1" "route(8)'s 172.168.1.0/24 is listed before the kernel's"
fib=$(printf '%s\n' "$out" | sed -n '/^FIBMATCH$/,$p' | grep '^172')
like "$fib" "^172.168.1.0/24 dev br0 scope link" "real ip route get fibmatch: the route matched is route(8)'s, the later one"
unlike "$fib" "proto kernel" "... not the kernel's proto kernel route"
done_testing
