#!/bin/sh
# tests/19-sysctl-pernetns.t: every writable net.* sysctl netlearn allows is per network
# namespace: changed in namespace A through netlearn, unchanged in namespace B and
# in the sandbox's host; what netlearn refuses (nf_hooks_lwtunnel, ...) is never
# written. Meant for the stock-kernel suite too (tests/90 runs it inside the VM).
# Outside, the machine's own writable net.* values must not move.
. "$(dirname "$0")/lib/tap.sh"
mach() { find /proc/sys/net -type f -perm -200 -print0 2>/dev/null | xargs -0 grep -H '' 2>/dev/null | sort; }
before=$(mach)
out=$("$NETLEARN" lua "$(dirname "$0")/parts/19-sysctl-pernetns.lua" 2>&1)
code=$?
printf '%s\n' "$out" | grep -v '^1\.\.'
_n=$(printf '%s\n' "$out" | grep -Ec '^(not )?ok ')
[ $code = 0 ] || _failed=1
after=$(mach)
is "$(printf '%s\n' "$before" "$after" | sort | uniq -u | head -5)" "" "the machine's own writable net.* sysctls did not move"
ok "the machine's values were read ($(printf '%s\n' "$before" | wc -l) of them)" test "$(printf '%s\n' "$before" | wc -l)" -gt 100
done_testing
