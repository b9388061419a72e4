#!/bin/sh
# A learner solves a challenge through a real terminal (tmux, private socket):
# `netlearn challenge 02-routing --seed 5` shows the symptoms, check says not
# solved, hint and why cost points, the learner's fix, check says solved, end.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/tmux.sh"
tmux_setup nlchal -300 200
ROOT=$(cd "$(dirname "$0")/.." && pwd)
fix=$("$NETLEARN" challenge 02-routing --seed 5 --solution 2>/dev/null | grep -v '^#')
ok "--solution gives a fix to type" test -n "$fix"
tm new-session -d -s t -x 160 -y 50 "cd $ROOT && env XDG_STATE_HOME=$XDG_STATE_HOME XDG_DATA_HOME=$XDG_DATA_HOME HOME=$HOME LANG=C.UTF-8 TERM=xterm $NETLEARN challenge 02-routing --seed 5"
ok "the challenge starts" wait_for 'Challenge: Routing: ip_forward and the return route \(level 1, seed 5\)'
ok "the symptoms are listed" wait_for '^  ✘ .*reaches 192\.'
ok "the prompt names the challenge" wait_for '^\[challenge 02-routing\] netlearn> ?$'
line 'check'
ok "check before a fix: not solved" wait_for '^not solved: [0-9]+ claims still fail$'
line 'hint'
ok "a hint, for 10 points" wait_for 'hint 1 \(-10 points, score now 90\)'
line 'why ping 192.167.2.1'
ok "why works and costs 5 points" wait_for 'why: -5 points, score now 85'
line 'ip route'
ok "the ordinary commands work" wait_for '^192\.167\.3\.0/24 dev veth3 proto kernel scope link src 192\.167\.3\.2'
printf '%s\n' "$fix" | while IFS= read -r l; do line "$l"; done
line 'check'
ok "check after the fix: solved" wait_for '^✔ solved: every claim holds again\. Score 85, time [0-9]+:[0-9]{2}\.$'
ok "the prompt shows it solved" wait_for '^\[challenge 02-routing ✔\] netlearn> ?$'
line 'end'
i=0; while [ $i -lt 60 ] && tm has-session -t t 2>/dev/null; do sleep 0.05; i=$((i+1)); done
ok "end leaves netlearn" sh -c "! tmux -L $S has-session -t t 2>/dev/null"
like "$(cat "$XDG_DATA_HOME/netlearn/challenges" 2>/dev/null)" "^challenge 02-routing seed=5 level=1 score=85 time=[0-9]+ solved=1" \
  "score and time are kept"
done_testing
