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
ok "step 2 asks a question" wait_for 'your answer \(1-2\): ?$'
tm send-keys -t t -l 'ab'; tm send-keys -t t C-c
ok "Ctrl-C at the question: no answer, the step goes on" wait_for '\(no answer given\)'
ok "and the lesson's prompt comes back" wait_for '01-netns-veth 2/14\] netlearn> ?$'
line 'next'
sleep 1
ok "the next step runs (no stale interrupt)" wait_for '01-netns-veth 3/14\] netlearn> ?$'
unlike "$(screen)" 'internal error|traceback' "no internal error on screen"
line 'quit'
sleep 0.3
line 'exit'
sleep 0.5
line 'echo outer-$?'
ok "leaving netlearn gives the terminal back to bash" wait_for '^outer-0$'
done_testing
