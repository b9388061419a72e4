# tests/lib/tmux.sh -- drive netlearn through a real terminal: tmux on a private
# socket, one session named t. Source it after tap.sh (skips the test when
# tmux is not installed), then name the socket:
#   . "$(dirname "$0")/lib/tmux.sh"
#   tmux_setup nlxx [HISTORY [TRIES]]
#   tm new-session -d -s t -x 160 -y 50 "... $NETLEARN"
#   wait_for 'netlearn> ?$'    until the screen matches (TRIES x 0.05 s, default 100)
#   line 'ip netns add net1'   type a line and Enter
#   screen                     the pane's text (HISTORY: -S start, e.g. -200)
# On exit the tmux server is killed and $T_TMP removed.
command -v tmux >/dev/null || skip_all "tmux is not installed"
tmux_setup() {
  S="$1$$"
  TTY_HISTORY=$2
  TTY_TRIES=${3:-100}
  trap cleanup EXIT
}
tm() { tmux -L "$S" "$@"; }
screen() {
  if [ -n "$TTY_HISTORY" ]; then tm capture-pane -p -S "$TTY_HISTORY" -t t 2>/dev/null
  else tm capture-pane -p -t t 2>/dev/null; fi
}
wait_for() { i=0; while [ $i -lt "$TTY_TRIES" ]; do screen | grep -Eq -- "$1" && return 0; sleep 0.05; i=$((i+1)); done; return 1; }
cleanup() { tm kill-server 2>/dev/null; rm -rf "$T_TMP"; }
line() { tm send-keys -t t -l "$1"; tm send-keys -t t Enter; }
