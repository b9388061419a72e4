#!/bin/sh
# tests/59b-ping6-tty: on a real terminal (tmux) ping6 runs until Ctrl-C and then
# prints its statistics, as iputils does, also through ip netns exec; a capture in
# the background shows its ICMPv6 packets live; the shell lives on.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/tmux.sh"
tmux_setup nlp6 -200 100
tm new-session -d -s t -x 160 -y 50 "env XDG_STATE_HOME=$XDG_STATE_HOME HOME=$HOME TERM=xterm $NETLEARN"
wait_for 'netlearn> ?$' || { echo "1..0 # SKIP the shell did not start"; exit 0; }
line 'ip netns add net1'
line 'ip -n net1 link set lo up'
line 'ip netns exec net1 ping6 -i 0.2 ::1'
ok "ping6 without -c keeps going on a terminal" wait_for '^64 bytes from ::1: icmp_seq=4 ttl=64 time='
tm send-keys -t t C-c
ok "Ctrl-C ends it with the statistics" wait_for '^--- ::1 ping statistics ---$'
ok "the statistics count what was sent" wait_for '^[0-9]+ packets transmitted, [0-9]+ received, 0% packet loss'
ok "and the rtt line" wait_for '^rtt min/avg/max/mdev = '
line 'print("alive " .. 1)'
ok "the shell goes on" wait_for '^alive 1$'
unlike "$(screen)" 'internal error|interrupted' "no error about the interruption"
line 'ip netns exec net1 tcpdump -i lo -n icmp6'
ok "tcpdump starts in the background" wait_for 'listening on lo, link-type EN10MB'
line 'ip netns exec net1 ping -6 -c 1 ::1'
ok "the echo request appears" wait_for 'IP6 ::1 > ::1: ICMP6, echo request, id [0-9]+, seq 1, length 64'
ok "and the reply" wait_for 'IP6 ::1 > ::1: ICMP6, echo reply, id [0-9]+, seq 1, length 64'
line 'kill %1'
line 'print("alive " .. 2)'
ok "the shell goes on" wait_for '^alive 2$'
done_testing
