#!/bin/sh
# tests/59-jobs-pipe: tcpdump as a background job in pipe mode (the packets a ping
# makes are printed between the input lines, -c N stops it with tcpdump's
# summary), jobs / kill %N, ns switching, reset, and trace path's walk table.
. "$(dirname "$0")/lib/tap.sh"
if ! "$NETLEARN" lua /dev/stdin <<'EOF2' >/dev/null 2>&1
os.exit(require("netlearn.core").capture_open and 0 or 1)
EOF2
then skip_all "no capture primitive in this build"; fi

LAB='ip netns add net1
ip link add veth0 type veth peer name veth1
ip link set veth1 netns net1
ip addr add 192.167.3.2/24 dev veth0
ip link set veth0 up
ip netns exec net1 ip addr add 192.167.3.1/24 dev veth1
ip netns exec net1 ip link set veth1 up
ip netns exec net1 ip link set lo up
local _ = net.links_settle("", 3)
local _ = net.links_settle("net1", 3)'

out=$(printf '%s\ntcpdump -i veth0 -n -c 2 icmp &\nping -c 2 -i 0.2 192.167.3.1\njobs\n' "$LAB" | "$NETLEARN" 2>&1)
st=$?
is "$st" 0 "the transcript runs to its end"
like "$out" 'tcpdump: verbose output suppressed, use -v\[v\]\.\.\. for full protocol decode' "tcpdump's first line"
like "$out" 'listening on veth0, link-type EN10MB \(Ethernet\), snapshot length 262144 bytes' "tcpdump's second line"
like "$out" '[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} IP 192\.167\.3\.2 > 192\.167\.3\.1: ICMP echo request, id [0-9]+, seq 1, length 64' "the request, time-stamped"
like "$out" '[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} IP 192\.167\.3\.1 > 192\.167\.3\.2: ICMP echo reply, id [0-9]+, seq 1, length 64' "the reply"
like "$out" '2 packets captured' "-c 2 stops it with the summary"
like "$out" '2 packets received by filter' "summary line 2"
like "$out" '64 bytes from 192\.167\.3\.1: icmp_seq=2 ttl=64' "the ping ran meanwhile"
unlike "$out" 'Running' "the finished job is not listed by jobs"
n=$(printf '%s\n' "$out" | grep -c 'ICMP echo')
is "$n" 2 "exactly two packets printed"

out=$(printf '%s\ntcpdump -i veth0 -n icmp\njobs\nping -c 1 192.167.3.1\nkill %%1\njobs\n' "$LAB" | "$NETLEARN" 2>&1)
like "$out" '\[1\]\+  Running                 tcpdump -i veth0 -n icmp &' "jobs lists the running capture"
like "$out" 'Terminated              tcpdump -i veth0 -n icmp' "kill %1 stops it"
like "$out" '2 packets captured' "with tcpdump's summary"

out=$(printf '%s\ntcpdump -i veth0 -n icmp\nping -c 1 192.167.3.1\n' "$LAB" | "$NETLEARN" 2>&1)
like "$out" '2 packets captured' "at the end of input a running capture is stopped with its summary"

out=$(printf '%s\nns net1\nip addr add 10.9.9.9/32 dev lo\nns host\nip netns exec net1 ip -br addr show lo\nns\n' "$LAB" | "$NETLEARN" 2>&1)
like "$out" '10\.9\.9\.9/32' "ns net1 makes the next commands act in net1"
like "$out" '^host$' "ns host goes back; ns prints it"

out=$(printf '%s\nsysctl -w net.ipv4.ip_forward=1\niptables -t nat -A POSTROUTING -s 10.0.0.0/8 -j MASQUERADE\nreset\nip netns\nip link\nsysctl net.ipv4.ip_forward\niptables -t nat -S POSTROUTING\n' "$LAB" | "$NETLEARN" 2>&1)
like "$out" 'lab reset: 1 namespace deleted \(net1\)' "reset says what it did"
unlike "$out" 'veth0' "reset removed the host's links"
like "$out" 'net\.ipv4\.ip_forward = 0' "reset restored ip_forward"
like "$out" '-P POSTROUTING ACCEPT$' "reset flushed the NAT rules"

out=$(printf '%s\nip netns add net2\nip link add veth2 type veth peer name veth3\nip link set veth2 netns net1\nip link set veth3 netns net2\nip netns exec net1 ip addr add 192.167.2.1/24 dev veth2\nip netns exec net1 ip link set veth2 up\nip netns exec net2 ip addr add 192.167.2.2/24 dev veth3\nip netns exec net2 ip link set veth3 up\nip netns exec net2 ip route add default via 192.167.2.1\nip route add 192.167.2.0/24 via 192.167.3.1\nip netns exec net1 sysctl -w net.ipv4.ip_forward=1\ntrace path host 192.167.2.2\n' "$LAB" | "$NETLEARN" 2>&1)
like "$out" 'path of one ping from host to 192\.167\.2\.2' "trace path heading"
like "$out" 'host/veth0 +Out +(.* )?192\.167\.3\.2 +192\.167\.2\.2 +64 +request' "the request leaves the host with TTL 64"
like "$out" 'net1/veth2 +Out +(.* )?192\.167\.3\.2 +192\.167\.2\.2 +63 +request' "net1 forwards it with TTL 63"
like "$out" 'net2/veth3 +In .* 192\.167\.3\.2 +192\.167\.2\.2 +63 +request' "net2 receives it"
like "$out" 'host/veth0 +In .* 192\.167\.2\.2 +192\.167\.3\.2 +63 +reply' "the reply comes back to the host"
like "$out" 'the reply came back \(ttl=63\)' "and the verdict"
done_testing
