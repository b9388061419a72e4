#!/bin/sh
# The shell through a real terminal (tmux): prompts, multi-line Lua, errors that
# do not end the shell, history across sessions, Ctrl-C on a line, on a running
# program and on a Lua loop, Ctrl-D to leave.
. "$(dirname "$0")/lib/tap.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed"
S="nltty$$"
tm() { tmux -L "$S" "$@"; }
screen() { tm capture-pane -p -t t 2>/dev/null; }
# wait until the screen matches a regex (up to ~5 s)
wait_for() { i=0; while [ $i -lt 100 ]; do screen | grep -Eq -- "$1" && return 0; sleep 0.05; i=$((i+1)); done; return 1; }
start() {
  tm new-session -d -s t -x 150 -y 40 "env XDG_STATE_HOME=$XDG_STATE_HOME HOME=$HOME TERM=xterm $NETLEARN"
  wait_for 'netlearn> ?$'
}
cleanup() { tm kill-server 2>/dev/null; rm -rf "$T_TMP"; }
trap cleanup EXIT
send() { tm send-keys -t t "$@"; }
# type a line literally (so that words such as "end" are not key names), then Enter
line() { tm send-keys -t t -l "$1"; tm send-keys -t t Enter; }

start
ok "the shell shows its prompt on a terminal" wait_for 'netlearn> ?$'
line 'for i = 1, 3 do'
ok "an incomplete statement gets the continuation prompt" wait_for '^>> ?$'
line 'print(i * 10)'; line 'end'
ok "the statement runs once complete" wait_for '^30$'
line 'error("kaboom")'
ok "a Lua error is printed with its location" wait_for 'stdin:1: kaboom'
line 'print("still" .. " here")'
ok "the shell survives the error" wait_for '^still here$'
send Up
ok "Up recalls the previous line" wait_for 'netlearn> print\("still" \.\. " here"\)$'
send Enter
sleep 0.2
is "$(screen | grep -c '^still here$')" 2 "the recalled line runs again"
send 'abc' C-c
ok "Ctrl-C at the prompt drops the line" wait_for '\^C$'
line 'print("after ctrl-c")'
ok "the shell goes on after Ctrl-C at the prompt" wait_for '^after ctrl-c$'
line '!sleep 30'
sleep 0.4
t0=$(date +%s)
send C-c
ok "Ctrl-C stops a running program and the prompt returns" wait_for 'netlearn> ?$'
unlike "$(screen)" 'internal error|traceback' "Ctrl-C on a program prints no internal error and no traceback"
line 'print("alive " .. 1)'
ok "the shell is alive after Ctrl-C on a program" wait_for '^alive 1$'
t1=$(date +%s)
ok "Ctrl-C took effect at once, not after the program's 30 s" test $((t1 - t0)) -lt 5
line 'while true do end'
sleep 0.3
send C-c
ok "Ctrl-C interrupts a Lua loop" wait_for 'interrupted'
line 'print("alive " .. 2)'
ok "the shell is alive after interrupting Lua" wait_for '^alive 2$'
line 'x = 41'; line 'x + 1'
ok "values of expressions are printed" wait_for '^42$'
send C-d
i=0; while [ $i -lt 60 ] && tm has-session -t t 2>/dev/null; do sleep 0.05; i=$((i+1)); done
ok "Ctrl-D leaves the shell" sh -c "! tmux -L $S has-session -t t 2>/dev/null"
hist="$XDG_STATE_HOME/netlearn/history"
ok "history is kept under XDG_STATE_HOME" test -s "$hist"
like "$(cat "$hist")" 'print\("still" \.\. " here"\)' "the history file holds the lines typed"

# history across sessions
start
send Up Up
ok "a new session recalls the last session's lines" wait_for 'netlearn> x \+ 1$|netlearn> x = 41$'
send C-u; line 'exit'
i=0; while [ $i -lt 60 ] && tm has-session -t t 2>/dev/null; do sleep 0.05; i=$((i+1)); done
ok "exit leaves the shell" sh -c "! tmux -L $S has-session -t t 2>/dev/null"
done_testing
