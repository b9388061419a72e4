#!/bin/sh
# netlearn doctor: its verdict on each device type agrees with the real `ip`
# trying the same in a scratch namespace; a missing type names its kernel option.
. "$(dirname "$0")/lib/tap.sh"
out=$("$NETLEARN" doctor 2>&1); rc=$?
is "$rc" 0 "doctor exits 0"
like "$out" "^netlearn doctor: what this machine gives a lab \(Linux " "doctor names the kernel"
# the oracle: real ip, inside a netlearn sandbox
oracle=$(printf '%s\n' \
  '!ip netns add o; ip -n o link add p0 type veth peer name p1' \
  '!for t in veth bridge macvlan ipvlan vxlan ipip dummy vlan; do pre=""; case $t in veth) a="peer name q1";; macvlan) pre="link p0"; a="mode bridge";; ipvlan) pre="link p0"; a="mode l3";; vxlan) a="id 42 dstport 4789 dev p0";; ipip) a="remote 192.0.2.2 local 192.0.2.1";; vlan) pre="link p0"; a="id 10";; *) a="";; esac; if ip -n o link add q0 $pre type $t $a 2>/dev/null; then echo "$t yes"; ip -n o link del q0; else echo "$t no"; fi; done' \
  | "$NETLEARN" 2>&1)
for t in veth bridge macvlan ipvlan vxlan ipip dummy vlan; do
  have=$(printf '%s\n' "$oracle" | awk -v t=$t '$1 == t {print $2}')
  line=$(printf '%s\n' "$out" | grep -E "^  (ok|ok\*|MISSING) +$t ")
  if [ "$have" = yes ]; then
    like "$line" "^  ok  " "doctor says $t works, as real ip finds"
  elif [ $t = ipip ] && printf '%s' "$line" | grep -q "ok\*"; then
    pass=1; _pass "doctor says the kernel lacks ipip but the user-space stand-in works"
    like "$out" "CONFIG_NET_IPIP" "and names CONFIG_NET_IPIP"
  else
    like "$line" "^  MISSING" "doctor says $t is missing, as real ip finds"
    cfg=$(printf '%s' "$t" | tr a-z A-Z)
    like "$(printf '%s\n' "$out" | grep -A1 -E "MISSING +$t ")" "CONFIG_" "the missing $t names its kernel option"
  fi
done
like "$out" "  ok +nat " "nf_tables NAT works in the sandbox"
like "$out" "  ok +capture " "packet capture works in the sandbox"
like "$out" "  ok +ping " "raw ICMP works in the sandbox"
done_testing
