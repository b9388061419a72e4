#!/bin/sh
# The first minutes through a real terminal (issue 23): the banner in the
# learner's language (and none when piped), `help` grouped to fit 80x24,
# `?`, Ctrl-C on a real program without an internal error.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/tmux.sh"
tmux_setup nlnew
start() {   # start LANG [ARGS]
  tm kill-server 2>/dev/null
  tm new-session -d -s t -x 80 -y 24 "env XDG_STATE_HOME=$XDG_STATE_HOME HOME=$HOME LANG=$1 LC_ALL= LC_MESSAGES= TERM=xterm $NETLEARN $2"
  wait_for 'netlearn> ?$'
}
gone() { i=0; while [ $i -lt 60 ] && tm has-session -t t 2>/dev/null; do sleep 0.05; i=$((i+1)); done; ! tm has-session -t t 2>/dev/null; }

# 1. the banner
start C.UTF-8
s=$(screen)
like "$s" 'private network lab' "the banner says this is a private lab"
like "$s" 'nothing can harm this machine' "the banner says it cannot harm the machine"
like "$s" "lesson NAME" "the banner says how to start a lesson"
like "$s" "'help' or '\?'" "the banner says where help is"
like "$s" "'exit' or Ctrl-D" "the banner says how to leave"
is "$(screen | awk 'length > 80' | wc -l | tr -d ' ')" 0 "the banner fits 80 columns"
line exit
ok "exit leaves" gone
start zh_CN.UTF-8
like "$(screen)" '私人的网络实验室' "the banner is in Chinese under a zh locale"
line exit; gone
start C.UTF-8 "--lang zh"
like "$(screen)" '私人的网络实验室' "--lang zh gives the Chinese banner"
line exit; gone
# 2. help grouped, on one 80x24 screen; ? is help
start C.UTF-8
tm send-keys -t t C-l; sleep 0.2
line help
ok "help answers" wait_for 'See the lab:'
s=$(screen)
for g in "The lab:" "The articles' commands:" "Probes:" "Lessons:" "See the lab:"; do
  like "$s" "^  $g" "help has the group '$g'"
done
like "$s" 'Lessons: lesson, next' "lessons are in their own group"
like "$s" "^netlearn's commands" "help's first line is still on the screen (it fits 24 rows)"
is "$(screen | awk 'length > 79' | wc -l | tr -d ' ')" 0 "no help line is wider than 79 columns"
tm send-keys -t t C-l; sleep 0.2
line '?'
ok "'?' shows the same help" wait_for 'See the lab:'
unlike "$(screen)" 'unexpected symbol|stdin:' "'?' is not read as Lua"
line 'help all'
TTY_HISTORY=-200
ok "help all lists every command, e.g. tcping with its summary" wait_for '^  tcping +TCP ping'
TTY_HISTORY=
line exit; gone

# 4. Ctrl-C on a real program: the prompt returns, no internal error, no traceback
start C.UTF-8
for cmd in '!sleep 30' '!ping -i 0.2 127.0.0.1' '!cat'; do
  tm send-keys -t t C-l; sleep 0.2
  line "$cmd"
  sleep 0.5
  tm send-keys -t t C-c
  ok "Ctrl-C on '$cmd': the prompt returns" wait_for 'netlearn> ?$'
  sleep 0.3
  s=$(screen)
  unlike "$s" 'internal error|traceback|interrupted' "Ctrl-C on '$cmd': no internal error, no traceback"
done
line 'print("alive " .. 3)'
ok "the shell goes on" wait_for '^alive 3$'
line exit; gone

# 5. file names completed (with ~) after export clab
H="$T_TMP/home"; mkdir -p "$H"; : > "$H/mylab-one.yml"
tm kill-server 2>/dev/null
tm new-session -d -s t -x 80 -y 24 "env XDG_STATE_HOME=$XDG_STATE_HOME HOME=$H LANG=C.UTF-8 TERM=xterm $NETLEARN"
wait_for 'netlearn> ?$'
tm send-keys -t t -l 'export clab ~/myl'; tm send-keys -t t Tab
ok "Tab completes a file name after export clab, ~ kept" wait_for 'netlearn> export clab ~/mylab-one\.yml'
tm send-keys -t t C-u; line exit; gone

out=$(echo 'print("piped")' | "$NETLEARN" 2>&1)
is "$out" "piped" "no banner when the input is piped"

done_testing
