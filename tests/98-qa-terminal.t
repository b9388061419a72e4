#!/bin/sh
# QA walkthrough through a real terminal (tmux, private socket): things a
# learner typed that once broke the shell, each kept here as a regression.
. "$(dirname "$0")/lib/tap.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed"
S="nlqa98$$"
tm() { tmux -L "$S" "$@"; }
screen() { tm capture-pane -p -t t 2>/dev/null; }
wait_for() { i=0; while [ $i -lt 100 ]; do screen | grep -Eq -- "$1" && return 0; sleep 0.05; i=$((i+1)); done; return 1; }
cleanup() { tm kill-server 2>/dev/null; rm -rf "$T_TMP"; }
trap cleanup EXIT
line() { tm send-keys -t t -l "$1"; tm send-keys -t t Enter; }
alive() { tm has-session -t t 2>/dev/null; }

# netlearn started from an interactive shell, as a learner does
tm new-session -d -s t -x 150 -y 40 "env -i PATH=$PATH TERM=xterm HOME=$HOME XDG_STATE_HOME=$XDG_STATE_HOME XDG_DATA_HOME=$XDG_DATA_HOME bash --norc --noprofile"
wait_for '[$#] ?$'
line "$NETLEARN"
ok "netlearn starts from bash" wait_for 'netlearn> ?$'

# article 001: `ip netns exec net1 bash`, a command or two, `exit`
line 'ip netns add net1'
line 'ip netns exec net1 bash --norc --noprofile'
sleep 0.5
line 'echo inner-$((6*7))'
ok "an interactive bash runs inside the namespace" wait_for '^inner-42$'
line 'exit'
sleep 0.3
line 'print("still " .. "here")'
ok "after leaving that bash, netlearn reads the terminal again (it used to exit)" wait_for '^still here$'
line 'ip netns ls'
ok "and its commands work" wait_for '^net1'

# Ctrl-C at a lesson's question cancels the question; it used to surface later
# as "internal error in shell.feed: ... interrupted" with a stack trace
line 'lesson 01-netns-veth'
ok "a lesson starts" wait_for '01-netns-veth 1/14\] netlearn> ?$'
line 'next'
ok "step 2 asks a question" wait_for 'your answer \(1-2; or hint, explain, quit\): ?$'
tm send-keys -t t -l 'ab'; tm send-keys -t t C-c
ok "Ctrl-C at the question: the question stays, and how to leave is said" wait_for 'the question is still open'
line '1'
ok "then an answer goes on with the step" wait_for '(✔ right|✘ not quite)'
ok "and the lesson's prompt comes back" wait_for '01-netns-veth 2/14\] netlearn> ?$'
line 'next'
sleep 1
ok "the next step runs (no stale interrupt)" wait_for '01-netns-veth 3/14\] netlearn> ?$'
unlike "$(screen)" 'internal error|traceback' "no internal error on screen"
line 'quit'
sleep 0.3

# Ctrl-C while curl / nc wait for an address that never answers: a clean stop,
# not "internal error in shell.feed: ...: interrupted" and a stack trace
line 'ip link add q0 type veth peer name q1 netns net1'
line 'ip addr add 10.77.0.1/24 dev q0'
line 'ip link set q0 up'
line 'ip route add 10.78.0.0/24 via 10.77.0.2'
line 'curl 10.78.0.5'
sleep 0.8
tm send-keys -t t C-c
line 'print("after " .. "curl")'
ok "Ctrl-C stops curl and the shell goes on" wait_for '^after curl$'
line 'nc -zv 10.78.0.5 80'
sleep 0.8
tm send-keys -t t C-c
line 'print("after " .. "nc")'
ok "Ctrl-C stops nc -z and the shell goes on" wait_for '^after nc$'
unlike "$(screen)" 'internal error|traceback' "no internal error after Ctrl-C on curl or nc"

# article 001's 'request seen, no reply': a background capture prints the
# requests while ping waits (they used to wait for the next probe, the last
# one for ping's 10 s linger)
line 'ip -n net1 addr add 10.77.0.2/24 dev q1'
line 'ip -n net1 link set q1 up'
line 'ip netns exec net1 iptables -A INPUT -p icmp -j DROP'
line 'tcpdump -i q0 -n icmp &'
line 'ping -c 2 10.77.0.2'
ok "the second request shows while ping still waits for replies" wait_for 'ICMP echo request, id [0-9]+, seq 2, length 64'
unlike "$(screen)" 'packets transmitted' "(ping was still running then)"
tm send-keys -t t C-c
line 'kill %1'
line 'exit'
sleep 0.5
line 'echo outer-$?'
ok "leaving netlearn gives the terminal back to bash" wait_for '^outer-0$'

# a lesson's prose is folded at spaces to the terminal's width (it was cut mid-word)
cat > "$T_TMP/fold.lua" <<'LESSON'
title = { en = "Folding", zh = "折行" }
article = { title = "x", file = "001_5e3834fddeb32713.txt", section = "1" }
objectives = { { en = "read", zh = "读" } }
steps = {
  step {
    title = { en = "Long", zh = "长" },
    en = "alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike november " ..
      "oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu alpha2 bravo2 charlie2",
    zh = "长",
    run = { "ip netns add f1" },
    claims = { link { ns = "f1", dev = "lo", up = false } },
  },
}
LESSON
tm resize-window -t t -x 50 -y 40
line "$NETLEARN run $T_TMP/fold.lua"
ok "the lesson runs in a 50-column terminal" wait_for 'Step 1/1'
scr=$(screen)
missing=""
for w in alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike november \
  oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu alpha2 bravo2 charlie2; do
  printf '%s\n' "$scr" | grep -qw -- "$w" || missing="$missing $w"
done
is "$missing" "" "every word of the step's text is whole on one line"
line 'quit'
sleep 0.3
line 'echo outer-$?'
ok "leaving the lesson's netlearn gives the terminal back" wait_for '^outer-[0-9]+$'
done_testing
