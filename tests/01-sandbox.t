#!/bin/sh
# The sandbox: what a session builds is visible inside it, invisible outside, and
# gone afterwards -- after a normal exit, an error, or SIGKILL. The machine's own
# addresses, routes, rules, nf_tables ruleset and ip_forward never change.
. "$(dirname "$0")/lib/tap.sh"
[ "$(id -u)" = 0 ] || skip_all "needs root to read the machine's state and use real ip/nft"

before=$(machine_state)
host_links=$(ip -o link | wc -l)

# 1. a session that builds namespaces and veths with the real tools (inside the sandbox)
out=$(printf '%s\n' \
  '!ip netns add sbx1 && ip netns add sbx2' \
  '!ip link add sbxveth0 type veth peer name sbxveth1' \
  '!ip link set sbxveth1 netns sbx2' \
  '!ip netns list' \
  '!sysctl -qw net.ipv4.ip_forward=1' \
  '!nft add table ip sbxtable' \
  '!cat /proc/sys/net/ipv4/ip_forward' \
  '!ip -o link show sbxveth0' | "$NETLEARN" 2>&1)
is "$?" 0 "a session with ip, sysctl and nft inside the sandbox succeeds"
like "$out" "sbx1" "ip netns inside the sandbox lists the namespaces it made"
like "$out" "sbxveth0@" "the veth exists inside the sandbox"
ns_outside=$(ip netns list | grep -c sbx)
is "$ns_outside" 0 "the machine's ip netns does not list the sandbox's namespaces"
is "$(machine_state)" "$before" "after a normal exit the machine's state is unchanged"
is "$(ip -o link | wc -l)" "$host_links" "no interface is left on the machine"

# 2. the lab is invisible outside while it runs
fifo="$T_TMP/in"; mkfifo "$fifo"
"$NETLEARN" < "$fifo" > "$T_TMP/out" 2>&1 &
pid=$!
exec 3> "$fifo"
printf '%s\n' '!ip netns add sbxlive && ip link add sbxlv0 type veth peer name sbxlv1 && echo built' >&3
i=0; while [ $i -lt 50 ] && ! grep -q built "$T_TMP/out"; do sleep 0.1; i=$((i+1)); done
like "$(cat "$T_TMP/out")" "built" "the running session built its lab"
is "$(ip netns list | grep -c sbxlive)" 0 "while netlearn runs, its namespace is invisible on the machine"
is "$(ip -o link | grep -c sbxlv)" 0 "while netlearn runs, its veth is invisible on the machine"

# 3. SIGKILL: everything vanishes
printf '%s\n' '!sleep 1007 &' '!echo started' >&3
i=0; while [ $i -lt 50 ] && ! grep -q started "$T_TMP/out"; do sleep 0.1; i=$((i+1)); done
kill -9 $pid
wait $pid 2>/dev/null
exec 3>&-
i=0; while [ $i -lt 40 ] && pgrep -f "sleep 1007" >/dev/null; do sleep 0.05; i=$((i+1)); done
is "$(pgrep -f 'sleep 1007' | wc -l)" 0 "a lab process does not outlive a SIGKILLed netlearn"
is "$(machine_state)" "$before" "after SIGKILL the machine's state is unchanged"
is "$(grep -c sbx /proc/self/mountinfo)" 0 "no mount of the sandbox is left"

# 4. a background process started in the lab ends with a normal exit too
printf '%s\n' '!sleep 1008 &' 'print("bye")' | "$NETLEARN" >/dev/null 2>&1
i=0; while [ $i -lt 40 ] && pgrep -f "sleep 1008" >/dev/null; do sleep 0.05; i=$((i+1)); done
is "$(pgrep -f 'sleep 1008' | wc -l)" 0 "a background lab process ends when netlearn exits"

# 5. an error exit leaves nothing either
printf '%s\n' '!ip netns add sbxerr' 'error("stop here")' | "$NETLEARN" >/dev/null 2>&1
is "$?" 1 "an error ends a piped session with status 1"
is "$(machine_state)" "$before" "after an error exit the machine's state is unchanged"

# 6. SIGTERM to netlearn ends it cleanly
printf '%s\n' '!sleep 30' | "$NETLEARN" >/dev/null 2>&1 &
pid=$!
sleep 0.3
kill -TERM $pid
wait $pid; rc=$?
ok "SIGTERM ends netlearn" test "$rc" -ne 0
is "$(machine_state)" "$before" "after SIGTERM the machine's state is unchanged"
done_testing
