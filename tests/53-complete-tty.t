#!/bin/sh
# Tab completion in a real terminal (tmux): namespace names after
# `ip netns exec`, devices of the namespace in question, ip's words.
. "$(dirname "$0")/lib/tap.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed"
SOCK="nl-cmdip-$$"
T() { tmux -L "$SOCK" "$@"; }
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$T_TMP"' EXIT
T new-session -d -x 120 -y 30 "env XDG_STATE_HOME=$XDG_STATE_HOME HOME=$HOME $NETLEARN" || skip_all "tmux cannot start a session here"
wait_for() { # text, tries
  i=0
  while [ $i -lt 50 ]; do
    T capture-pane -p | grep -v "^ *$" | tail -n 1 | grep -qF -- "$1" && return 0
    sleep 0.1; i=$((i + 1))
  done
  return 1
}
ok "the shell starts" wait_for "netlearn>"
T send-keys "ip netns add net1" Enter
T send-keys "ip link add veth0 type veth peer name veth1 netns net1" Enter
sleep 0.3
T send-keys "ip netns exec ne" Tab
ok "ip netns exec ne<Tab> completes the namespace" wait_for "ip netns exec net1"
T send-keys "ip link set ve" Tab
ok "ip netns exec net1 ip link set ve<Tab> completes net1's device" wait_for "ip netns exec net1 ip link set veth1"
T send-keys C-u
T send-keys "ip -n net1 addr add 10.0.0.1/24 dev v" Tab
ok "-n NS: devices of that namespace" wait_for "ip -n net1 addr add 10.0.0.1/24 dev veth1"
T send-keys C-u
T send-keys "ip li" Tab
ok "ip li<Tab> completes the object" wait_for "ip link"
T send-keys "se" Tab
ok "ip link se<Tab> completes the subcommand" wait_for "ip link set"
T send-keys "veth0 ma" Tab
ok "keywords complete (master)" wait_for "ip link set veth0 master"
T send-keys C-u
T send-keys "ip route add 10.1.0.0/16 dev ve" Tab
ok "host devices after dev" wait_for "ip route add 10.1.0.0/16 dev veth0"
T send-keys C-u
T send-keys "brc" Tab
ok "command words complete" wait_for "brctl"
T send-keys C-u
# a directory completes with its "/" and no space, so the next Tab goes inside it
mkdir -p "$T_TMP/cdir" && : > "$T_TMP/cdir/lab.yml"
T send-keys "export clab $T_TMP/cd" Tab
ok "a directory completes to DIR/" wait_for "export clab $T_TMP/cdir/"
T send-keys Tab
ok "no space after DIR/: the next Tab completes inside it" wait_for "export clab $T_TMP/cdir/lab.yml"
T send-keys C-u "exit" Enter
sleep 0.3
done_testing
