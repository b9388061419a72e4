#!/bin/sh
# A task re-checks its claims after each command the learner types; its probes
# must not show up in the learner's own capture (issue 20: packet-path-bridge
# task 4 showed seven echo requests for one ping typed). Through a real
# terminal: a background tcpdump, a ping that gets no answer, the fix, a ping
# that does: the capture shows exactly the learner's two requests and one reply.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/tmux.sh"
tmux_setup nltcap -300 200
ROOT=$(cd "$(dirname "$0")/.." && pwd)
tm new-session -d -s t -x 160 -y 50 "cd $ROOT && env XDG_STATE_HOME=$XDG_STATE_HOME XDG_DATA_HOME=$XDG_DATA_HOME HOME=$HOME LANG=C.UTF-8 TERM=xterm $NETLEARN"
ok "the shell starts" wait_for 'netlearn> ?$'
line "lesson $ROOT/tests/data/lessons/task-capture.lua"
ok "the lesson starts" wait_for '^Two namespaces; b ignores pings\.'
line 'next'
ok "the task is shown" wait_for '☐ a reaches 10\.9\.0\.2'
line 'ip netns exec a tcpdump -nn -i va icmp &'
ok "the capture runs" wait_for 'listening on va'
line 'ip netns exec a ping -c 1 -W 1 10.9.0.2'
ok "the learner's ping gets no answer" wait_for '1 packets transmitted, 0 received'
line 'ip netns exec b sysctl -w net.ipv4.icmp_echo_ignore_all=0'
ok "the fix completes the task" wait_for '✔ task done'
line 'ip netns exec a ping -c 1 -W 1 10.9.0.2'
ok "the second ping is answered" wait_for '1 packets transmitted, 1 received'
line 'kill %1'
ok "the capture stops" wait_for '[0-9]+ packets? captured'
s=$(screen)
is "$(printf '%s\n' "$s" | grep -c 'ICMP echo request')" 2 "the capture shows the learner's two echo requests, none of the task's"
is "$(printf '%s\n' "$s" | grep -c 'ICMP echo reply')" 1 "and the one reply"
like "$s" "^3 packets captured" "tcpdump counts the learner's packets"
line quit; line quit
done_testing
