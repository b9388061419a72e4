#!/bin/sh
# A lesson through a real terminal (tmux, private socket): `netlearn run
# lessons/_example.lua` opens the shell in lesson mode; next, a prediction
# answered at its prompt, a choice, the score, quit.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/tmux.sh"
tmux_setup nllesson -200 160
ROOT=$(cd "$(dirname "$0")/.." && pwd)
tm new-session -d -s t -x 160 -y 50 "cd $ROOT && env XDG_STATE_HOME=$XDG_STATE_HOME XDG_DATA_HOME=$XDG_DATA_HOME HOME=$HOME LANG=C.UTF-8 TERM=xterm $NETLEARN run lessons/_example.lua"
ok "run opens the lesson" wait_for 'Lesson _example: Two namespaces and a veth pair'
ok "step 1 is shown" wait_for '── Step 1/6: Two namespaces ──'
ok "its commands are echoed" wait_for '^\$ ip netns add net1'
ok "the prompt shows the lesson and the step" wait_for '^\[_example 1/6\] netlearn> ?$'
line 'ip netns list'
ok "the learner's own commands run in the lab" wait_for '^net2'
line 'next'
ok "next shows step 2" wait_for '── Step 2/6: A veth pair ──'
ok "the prompt follows" wait_for '^\[_example 2/6\] netlearn> ?$'
line 'next'
ok "a prediction asks before the probe" wait_for 'your answer \(1-2\): ?$'
line '2'
ok "the answer is marked right" wait_for '✔ right'
ok "then the probe runs" wait_for '\$ ip netns exec net1 ping -c 1 -W 1 192.167.2.2'
line 'score'
ok "score shows the points" wait_for 'score for _example: 1/3'
line 'hint'
ok "hint without one says so" wait_for "no hint for this step"
line 'quit'
ok "quit leaves the lesson" wait_for 'left the lesson _example'
ok "the prompt loses the lesson" wait_for '^netlearn> ?$'
line 'quit'
i=0; while [ $i -lt 60 ] && tm has-session -t t 2>/dev/null; do sleep 0.05; i=$((i+1)); done
ok "quit outside a lesson leaves netlearn" sh -c "! tmux -L $S has-session -t t 2>/dev/null"
like "$(cat "$XDG_DATA_HOME/netlearn/progress" 2>/dev/null)" "^lesson _example .*score=1/3" "the progress is kept"
done_testing
