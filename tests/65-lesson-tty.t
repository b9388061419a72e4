#!/bin/sh
# A lesson through a real terminal (tmux, private socket): `netlearn run
# lessons/_example.lua` opens the shell in lesson mode; next, a prediction
# answered at its prompt (hint and explain there first; the probe, then why), the
# score, Ctrl-C at a question (asks, a second one leaves the lesson clearly).
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
ok "a prediction asks before the probe, and says how to leave" wait_for 'your answer \(1-2; or hint, explain, quit\): ?$'
line 'hint'
ok "hint at the question is answered" wait_for "no hint for this step"
line 'explain'
ok "explain at the question repeats it without giving the reason away" wait_for '\(the reason comes after your answer\)'
unlike "$(screen)" 'Why: A DOWN device' "no reason before the answer"
line '2'
ok "the answer is marked right" wait_for '✔ right'
ok "then the probe runs" wait_for '\$ ip netns exec net1 ping -c 1 -W 1 192.167.2.2'
ok "the lesson's own command is marked" wait_for "192.167.2.2   \[\+ the lesson's, not in the article\]"
ok "and after the probe and its claims, why" wait_for 'Why: A DOWN device sends nothing'
like "$(screen | grep -E 'ping -c 1 -W 1 192.167.2.2|✔ net1 does not reach|Why: A DOWN' | tr '\n' '|')" \
  'ping -c 1 -W 1.*\|.*✔ net1 does not reach.*\|Why: A DOWN' "order: the probe, its claims, then why"
line 'score'
ok "score shows the points" wait_for 'score for _example: 1/3'
line 'next'
line 'next'
ok "the question of step 5 is asked" wait_for 'Which device answers\?'
tm send-keys -t t -l 'ab'; tm send-keys -t t C-c
ok "Ctrl-C at the question does not forfeit: it says how to leave" wait_for "the question is still open.*'quit'"
unlike "$(screen)" '\(no answer given\)|not quite' "nothing is forfeited"
tm send-keys -t t C-c
ok "a second Ctrl-C leaves the question unanswered" wait_for 'the question is left unanswered \(no point\)'
ok "and leaves the lesson, saying so" wait_for 'left the lesson _example'
ok "the prompt loses the lesson" wait_for '^netlearn> ?$'
line 'quit'
i=0; while [ $i -lt 60 ] && tm has-session -t t 2>/dev/null; do sleep 0.05; i=$((i+1)); done
ok "quit outside a lesson leaves netlearn" sh -c "! tmux -L $S has-session -t t 2>/dev/null"
like "$(cat "$XDG_DATA_HOME/netlearn/progress" 2>/dev/null)" "^lesson _example .*score=1/3" "the progress is kept"
done_testing
