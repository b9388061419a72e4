#!/bin/bash
# Signals and terminals: Ctrl-C during a foreground capture, a ping without -c
# and a lesson's loop; SIGTERM; SIGHUP when the terminal goes (tmux
# kill-session); standard input closed. Each leaves cleanly: the prompt comes
# back (Ctrl-C) or netlearn ends, the history file holds the lines typed
# before the signal, no process of the session is left and the machine is
# unchanged.
. "$(dirname "$0")/lib/tap.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed"
before=$(machine_state)
S="nlsig$$"
tm() { tmux -L "$S" "$@"; }
screen() { tm capture-pane -p -J -S -200 -t t 2>/dev/null; }
wait_for() { i=0; while [ $i -lt 200 ]; do screen | grep -Eq -- "$1" && return 0; sleep 0.05; i=$((i+1)); done; return 1; }
line() { tm send-keys -t t -l "$1"; tm send-keys -t t Enter; }
TAG=sig$$
start() {
  tm new-session -d -s t -x 160 -y 50 "env NETLEARN_SIGTAG=$TAG XDG_STATE_HOME=$XDG_STATE_HOME HOME=$HOME TERM=xterm $NETLEARN"
  wait_for 'netlearn> ?$'
}
left() { grep -lsz "^NETLEARN_SIGTAG=$TAG\$" /proc/[0-9]*/environ 2>/dev/null; }
gone() { i=0; while [ $i -lt 100 ]; do [ -z "$(left)" ] && return 0; sleep 0.05; i=$((i+1)); done; return 1; }
cleanup() { tm kill-server 2>/dev/null; for p in $(left | sed 's|/proc/\([0-9]*\)/environ|\1|'); do kill -KILL "$p" 2>/dev/null; done; rm -rf "$T_TMP"; }
trap cleanup EXIT
H="$XDG_STATE_HOME/netlearn/history"

start
ok "the shell starts in a terminal" wait_for 'netlearn> ?$'
line 'tcpdump -i lo -n icmp'
ok "a capture is listening" wait_for 'listening on lo'
# netlearn puts a capture without -c in the background at once; 'fg' brings it back
line 'fg'
sleep 0.5; tm send-keys -t t C-c
ok "Ctrl-C ends the capture with its summary" wait_for 'packets captured'
ok "and the prompt comes back" wait_for 'netlearn> ?$'
line 'ping 127.0.0.1'
ok "a ping without -c runs" wait_for 'bytes from 127.0.0.1'
sleep 0.5; tm send-keys -t t C-c
ok "Ctrl-C ends the ping with its statistics" wait_for '127.0.0.1 ping statistics'
ok "and the prompt comes back after the ping" wait_for 'netlearn> ?$'
line 'print("alive " .. 6 * 7)'
ok "the shell runs the next line" wait_for '^alive 42$'
line 'print("before " .. "term")'
wait_for '^before term$'
outer=$(tm display -p -t t '#{pane_pid}')
kill -TERM "$outer"
ok "SIGTERM ends netlearn" gone
grep -q 'print("before " .. "term")' "$H" 2>/dev/null
ok "the history holds the line typed before SIGTERM" grep -q 'print("before " .. "term")' "$H"
tm kill-server 2>/dev/null

start
line 'ip netns add hup1'
line 'print("before " .. "hup")'
wait_for '^before hup$'
tm kill-session -t t
ok "closing the terminal (SIGHUP) ends netlearn" gone
ok "the history holds the line typed before SIGHUP" grep -q 'print("before " .. "hup")' "$H"
tm kill-server 2>/dev/null

# a lesson's endless loop, Ctrl-C from the terminal's process group (no tty here)
L="$T_TMP/loop.lua"
printf 'title = { en = "L", zh = "L" }\narticle = "none"\nobjectives = { { en = "o", zh = "o" } }\nwhile true do end\nsteps = {}\n' > "$L"
setsid env NETLEARN_SIGTAG=$TAG "$NETLEARN" check "$L" > "$T_TMP/loop.out" 2>&1 &
pid=$!
sleep 1
kill -INT -- -"$pid"
ok "Ctrl-C (SIGINT to the process group) stops a lesson's endless loop" gone
like "$(cat "$T_TMP/loop.out")" 'loop.lua:4: interrupted' "and says where it was interrupted"

# standard input closed, and at end of file in the middle of work
env NETLEARN_SIGTAG=$TAG "$NETLEARN" <&- > "$T_TMP/closed.out" 2>&1
rc=$?
ok "standard input closed: netlearn ends (status $rc)" test "$rc" -lt 128
printf 'ip netns add a1\nip netns exec a1 ping -c 1 -W 1 10.255.0.1\n' | env NETLEARN_SIGTAG=$TAG "$NETLEARN" > /dev/null 2>&1
ok "end of input after a failing ping: nothing is left" gone

ok "no process of any session is left" test -z "$(left)"
is "$(machine_state)" "$before" "the machine is unchanged"
done_testing
