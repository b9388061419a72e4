#!/bin/sh
# tests/59-tty: on a real terminal (tmux) ping runs until Ctrl-C and then prints its
# statistics, as iputils does; tcpdump prints packets while the prompt waits;
# fg + Ctrl-C stops a capture with tcpdump's summary; the shell lives on.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/tmux.sh"
tmux_setup nlcm -200 100
tm new-session -d -s t -x 160 -y 50 "env XDG_STATE_HOME=$XDG_STATE_HOME HOME=$HOME TERM=xterm $NETLEARN"
wait_for 'netlearn> ?$' || { echo "1..0 # SKIP the shell did not start"; exit 0; }
line 'ip netns add net1'
line 'ip link add veth0 type veth peer name veth1 netns net1'
line 'ip addr add 192.167.3.2/24 dev veth0'
line 'ip link set veth0 up'
line 'ip netns exec net1 ip addr add 192.167.3.1/24 dev veth1'
line 'ip netns exec net1 ip link set veth1 up'
line 'local _ = net.links_settle("", 3) and net.links_settle("net1", 3)'
line 'ping -i 0.2 192.167.3.1'
ok "ping without -c keeps going on a terminal" wait_for 'icmp_seq=4 '
tm send-keys -t t C-c
ok "Ctrl-C ends it with the statistics" wait_for '^--- 192\.167\.3\.1 ping statistics ---$'
ok "the statistics count what was sent" wait_for '^[0-9]+ packets transmitted, [0-9]+ received, 0% packet loss'
ok "and the rtt line" wait_for '^rtt min/avg/max/mdev = '
line 'print("alive " .. 1)'
ok "the shell goes on" wait_for '^alive 1$'
unlike "$(screen)" 'internal error|interrupted' "no error about the interruption"
line 'tcpdump -i veth0 -n icmp'
ok "tcpdump starts in the background" wait_for 'listening on veth0, link-type EN10MB'
line 'ping -c 1 192.167.3.1'
ok "its packets appear" wait_for 'IP 192\.167\.3\.2 > 192\.167\.3\.1: ICMP echo request, id [0-9]+, seq 1, length 64'
line 'fg'
sleep 0.3
tm send-keys -t t C-c
ok "fg + Ctrl-C stops it with the summary" wait_for '^2 packets captured$'
line 'jobs'
line 'print("alive " .. 2)'
ok "the shell goes on after fg" wait_for '^alive 2$'
unlike "$(screen)" 'Running  ' "no job left"
done_testing
