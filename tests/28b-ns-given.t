#!/bin/sh
# tests/28b-ns-given.t: what the kernel copies from the machine into a namespace it
# makes (article 001: net1 forwarded from the start on the author's machine), as
# netlearn records it, against a namespace made by the real ip; run under every
# machine profile of the stock-kernel suite (a Docker host has ip_forward 1).
. "$(dirname "$0")/lib/tap.sh"
MACHINE_IP_FORWARD=$(cat /proc/sys/net/ipv4/ip_forward)
MACHINE_RP_FILTER=$(cat /proc/sys/net/ipv4/conf/all/rp_filter)
export MACHINE_IP_FORWARD MACHINE_RP_FILTER
out=$("$NETLEARN" lua "$(dirname "$0")/parts/28b-ns-given.lua" 2>&1)
code=$?
printf '%s\n' "$out"
[ $code = 0 ]
