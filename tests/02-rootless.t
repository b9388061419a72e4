#!/bin/sh
# Rootless: an unprivileged user runs netlearn without sudo; the sandbox's user
# namespace makes them root inside it only. Nothing is left on the machine.
. "$(dirname "$0")/lib/tap.sh"
[ "$(id -u)" = 0 ] || skip_all "needs root to switch to an unprivileged user"
command -v setpriv >/dev/null || skip_all "setpriv (util-linux) is not installed"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$T_TMP/home" XDG_STATE_HOME="$T_TMP/ns" "$@"; }
chmod 755 "$T_TMP" "$T_TMP/home"
as_nobody test -x "$NETLEARN" || skip_all "the build tree is not readable by an unprivileged user"
as_nobody test -r "$(dirname "$NETLEARN")/../lua/netlearn/main.lua" || skip_all "the Lua library is not readable by an unprivileged user"
before=$(machine_state)
out=$(printf '%s\n' 'assert(net.ns_add("rl1"))' 'print(table.concat(net.ns_list(), ","))' \
  '!id -u' '!ip link add rlveth0 type veth peer name rlveth1 && ip -o link show rlveth0 | cut -d: -f2' \
  '!ip netns list' | as_nobody "$NETLEARN" 2>&1)
rc=$?
if printf '%s' "$out" | grep -q "unprivileged users create user namespaces"; then
  like "$out" "run netlearn as root" "where the kernel forbids it, the error says that root works"
  done_testing
fi
is "$rc" 0 "an unprivileged user runs a session without sudo"
like "$out" "^rl1" "net.ns_add works rootless"
like "$out" "
0
" "the learner is root inside the sandbox"
like "$out" "rlveth0@rlveth1" "real ip creates a veth inside the rootless sandbox"
is "$(machine_state)" "$before" "the machine's state is unchanged after a rootless session"
is "$(ip -o link | grep -c rlveth)" 0 "no interface is left on the machine"
done_testing
