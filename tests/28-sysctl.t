#!/bin/sh
# tests/28-sysctl.t: sysctls per namespace (Lua part), then proof that the machine's
# own net.ipv4.ip_forward did not move although the test flips the sandbox's.
. "$(dirname "$0")/lib/tap.sh"
before=$(cat /proc/sys/net/ipv4/ip_forward)
out=$(MACHINE_IP_FORWARD=$before "$NETLEARN" lua "$(dirname "$0")/parts/28-sysctl.lua")
code=$?
printf '%s\n' "$out" | grep -v '^1\.\.'
n=$(printf '%s\n' "$out" | grep -Ec '^(not )?ok ')
_n=$n
[ $code = 0 ] || _failed=1
is "$(cat /proc/sys/net/ipv4/ip_forward)" "$before" "the machine's own ip_forward is unchanged"
done_testing
