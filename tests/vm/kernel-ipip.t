#!/bin/sh
# Run inside the stock-kernel VM only (tests/90-stock-kernel.t): the kernel has the
# ipip module there, so netlearn must use the kernel's ipip and never its
# user-space stand-in. Checked three ways: the module is loaded, `netlearn
# doctor` says "ok" (not "ok*", the stand-in), and a tunnel made with netlearn's
# own `ip tunnel add` is a kernel ipip device to the real ip (`ip -d link show`
# says "ipip ipip remote ...", not "tun").
. "$(dirname "$0")/../lib/tap.sh"
ok "the kernel's ipip module is loaded (/sys/module/ipip)" test -d /sys/module/ipip
doc=$("$NETLEARN" doctor 2>&1)
line=$(printf '%s\n' "$doc" | grep -E '^  (ok|ok\*|MISSING) +ipip ')
like "$line" '^  ok +ipip ' "doctor: ipip is the kernel's ('ok', not 'ok*' for the stand-in)"
out=$(printf '%s\n' \
  'ip tunnel add tun0 mode ipip remote 10.9.0.2 local 10.9.0.1' \
  '!echo "REAL {"; ip -d link show tun0; echo "} REAL"' \
  'ip -d link show tun0' \
  '!echo "TUNL0 {"; ip link show tunl0 | sed -n 2p; ip link show tun0 | sed -n 2p; echo "} TUNL0"' \
  'ip link show tunl0' 'ip link show tun0' | "$NETLEARN" 2>&1)
real=$(printf '%s\n' "$out" | sed -n '/^REAL {$/,/^} REAL$/p')
# the link line of the kernel's fallback tunl0 ("brd": not point-to-point) and of
# tun0 ("peer"), as the real ip prints them
want=$(printf '%s\n' "$out" | sed -n '/^TUNL0 {$/,/^} TUNL0$/p' | sed '1d;$d')
mine=$(printf '%s\n' "$out" | sed -n '/^} TUNL0$/,$p' | grep '^    link/ipip')
is "$mine" "$want" "ip link show tunl0 / tun0: the link/ipip line as the real ip's (brd / peer)"
like "$real" 'link/ipip 10\.9\.0\.1 peer 10\.9\.0\.2' "the real ip sees a kernel ipip device (link/ipip)"
like "$real" 'ipip ipip remote 10\.9\.0\.2 local 10\.9\.0\.1' "the real ip sees its remote and local, as netlearn's 'ip tunnel add' gave them"
unlike "$real" 'tun type tun|user-space' "the real ip sees no TUN device (netlearn's stand-in)"
unlike "$out" "no ipip|user-space" "netlearn prints no note of a fallback"
done_testing
