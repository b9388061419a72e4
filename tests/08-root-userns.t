#!/bin/sh
# Root is root only inside the lab. Started as root, netlearn gives the lab its
# own user namespace: root inside is ids 2147418112.. outside. Programs run in
# the lab cannot write the machine's files, read /etc/shadow, change a kernel-wide
# setting or enter the machine's network namespace, while the lab works as
# before (ip netns exec, tcpdump switching to its own user). The files the
# learner asks the shell itself to write go through the file broker, with the
# learner's own rights. Also: a NUL in a piped line, the errors when the kernel
# refuses the user namespace, a Lua library in a 0700 directory, rootless.
. "$(dirname "$0")/lib/tap.sh"
[ "$(id -u)" = 0 ] || skip_all "needs root: this is what netlearn does when started as root"
BASE=2147418112
before=$(machine_state)
host_links=$(ip -o link | wc -l)
# the canary HOME (tap.sh) sits in a 0700 directory of root's: the lab's root
# cannot even look into it, only the broker can
ls -ld "$T_TMP" | grep -q '^drwx------ .* root root' || chmod 700 "$T_TMP"
canary="/etc/netlearn-canary-$$"
rl_before=$(cat /proc/sys/kernel/printk_ratelimit)
rl_new=$((rl_before + 1))
S="nluserns$$"
tm() { tmux -L "$S" "$@"; }
# should netlearn fail to contain the lab, put the machine back as it was
restore() {
  [ "$(cat /proc/sys/kernel/printk_ratelimit)" = "$rl_before" ] || echo "$rl_before" > /proc/sys/kernel/printk_ratelimit
  rm -f "$canary" "/tmp/netlearn-planted-$$" "/tmp/netlearn-planted-$$.d"
  command -v tmux >/dev/null && tm kill-server 2>/dev/null
  rm -rf "$T_TMP"
}
trap restore EXIT

# 1. programs in the lab against the machine
out=$(printf '%s\n' \
  "!touch $canary; echo touch=\$?" \
  '!cat /etc/shadow >/dev/null; echo shadow=$?' \
  "!echo $rl_new > /proc/sys/kernel/printk_ratelimit; echo printk=\$?" \
  "!touch $HOME/lab-wrote-this; echo home=\$?" \
  '!id -u; id -g' \
  '!cat /proc/self/uid_map' \
  '!ls /proc/1/fd >/dev/null; echo fd=$?' \
  '!echo procfds=$(for f in /proc/self/fd/*; do readlink "$f"; done | grep -cx /proc)' \
  '!cat /proc/1/environ >/dev/null; echo environ=$?' \
  '!setpriv --reuid=102 --regid=109 --clear-groups id -u' | "$NETLEARN" 2>&1)
is "$?" 0 "the session runs"
like "$out" "touch=[1-9]" "!touch /etc/... fails"
ok "and the file does not exist" test ! -e "$canary"
rm -f "$canary"
like "$out" "shadow=[1-9]" "!cat /etc/shadow fails"
like "$out" "printk=[1-9]" "!echo > /proc/sys/kernel/printk_ratelimit fails"
is "$(cat /proc/sys/kernel/printk_ratelimit)" "$rl_before" "and kernel.printk_ratelimit is unchanged"
like "$out" "home=[1-9]" "a lab program cannot write in the learner's 0700 home"
ok "and nothing was written there" test ! -e "$HOME/lab-wrote-this"
like "$out" "
0
0
" "inside, the learner is uid 0 and gid 0"
like "$out" "^ *0 +$BASE +65536\$" "root inside is $BASE outside, a range of 65536 ids"
like "$out" "fd=[1-9]" "a lab program cannot look at the shell's descriptors (the broker's socket)"
like "$out" "procfds=0" "nor inherits the machine's /proc the shell keeps for the quiet proof (close-on-exec)"
like "$out" "environ=[1-9]" "nor read the shell's memory or environment"
like "$out" "
102$" "a program in the lab can switch to another user (setpriv to uid 102)"

# 2. the machine's own network namespace, the ways an attacker would try
machine_net=$(readlink /proc/self/ns/net | sed 's/[][]/\\&/g')     # net:\[NNN\], as a regex
fifo="$T_TMP/in"; mkfifo "$fifo"
# fd 5: the machine's network namespace, inherited by every program in the lab
"$NETLEARN" < "$fifo" > "$T_TMP/out" 2>&1 5< /proc/self/ns/net &
pid=$!
exec 3> "$fifo"
printf '%s\n' 'ip netns add ulns' 'ip link add ulv0 type veth peer name ulv1' '!echo started' >&3
i=0; while [ $i -lt 100 ] && ! grep -q started "$T_TMP/out"; do sleep 0.05; i=$((i+1)); done
shell=$(cat /proc/$pid/task/$pid/children 2>/dev/null | awk '{print $1}')
ok "the shell runs as a child of the parent outside" test -n "$shell"
like "$(grep '^Uid:' /proc/$shell/status)" "^Uid:\s+$BASE\s+$BASE\s+$BASE\s+$BASE" \
  "outside, the shell's uid is $BASE (/proc/PID/status)"
is "$(ps -o uid= -p "$shell" | tr -d ' ')" "$BASE" "ps shows the same"
is "$(ps -o uid= -p "$pid" | tr -d ' ')" 0 "the parent outside (the broker) is the learner, root"
like "$(nsenter -t "$shell" -U -n -m ip -o link show ulv0 2>&1)" "ulv0@ulv1" \
  "a real tool outside enters the lab by PID (nsenter -t PID -U -n -m) and sees its links"
like "$(nsenter -t "$shell" -U -n -m ip netns list 2>&1)" "ulns" "and its namespaces"
printf '%s\n' \
  '!echo "own=$(readlink /proc/self/ns/net)"' \
  "!unshare -m sh -c 'umount -l /proc; test -d /proc/$pid && echo revealed=yes; nsenter --net=/proc/$pid/ns/net ip -o link >/dev/null; echo viaproc=\$?; nsenter -t $pid -U -n -m true; echo viapidU=\$?'" \
  '!echo "held=$(readlink /proc/self/fd/5)"; nsenter --net=/proc/self/fd/5 ip -o link >/dev/null; echo viafd=$?' \
  "!nsenter -t $pid -n true; echo bypid=\$?" \
  '!echo done' >&3
i=0; while [ $i -lt 100 ] && ! grep -q '^done' "$T_TMP/out"; do sleep 0.05; i=$((i+1)); done
out=$(cat "$T_TMP/out")
like "$out" "own=net:" "a lab program sees its own network namespace"
unlike "$out" "own=$machine_net" "which is not the machine's"
like "$out" "revealed=yes" "unmounting the lab's /proc shows the machine's (the way in is there)"
like "$out" "viaproc=[1-9]" "nsenter into the machine's netns through the machine's /proc fails"
like "$out" "viapidU=[1-9]" "nsenter -t <the parent's pid outside> -U -n -m fails"
like "$out" "held=$machine_net" "a lab program holding the machine's netns (an inherited fd) ..."
like "$out" "viafd=[1-9]" "... cannot enter it"
like "$out" "bypid=[1-9]" "the parent's pid does not exist in the lab's PID namespace"
exec 3>&-
wait $pid

# 3. the lab still works: ip netns exec, tcpdump capturing a ping
out=$(printf '%s\n' \
  'ip netns add net1' 'ip netns add net2' \
  'ip link add veth0 type veth peer name veth1' \
  'ip link set veth0 netns net1' 'ip link set veth1 netns net2' \
  'ip -n net1 addr add 10.77.0.1/24 dev veth0' 'ip -n net1 link set veth0 up' \
  'ip -n net2 addr add 10.77.0.2/24 dev veth1' 'ip -n net2 link set veth1 up' \
  '!ip netns exec net1 ip addr' \
  '!(sleep 1; ip netns exec net1 ping -c 3 -i 0.3 10.77.0.2 >/dev/null) & ip netns exec net2 timeout 10 tcpdump -i veth1 -n -c 1 icmp 2>&1' \
  '!iptables -t nat -A POSTROUTING -s 10.77.0.0/24 -j MASQUERADE && iptables -t nat -S | grep -c MASQUERADE' \
  '!nft list ruleset | grep -c "table ip nat"' | "$NETLEARN" 2>&1)
is "$?" 0 "a lab with real ip, tcpdump, iptables and nft runs"
like "$out" "inet 10\.77\.0\.1/24" "!ip netns exec net1 ip addr works"
like "$out" "IP 10\.77\.0\.1 > 10\.77\.0\.2: ICMP echo request" "real tcpdump captures a ping between two lab namespaces"
like "$out" "1 packet captured" "and says it captured it"

# 4. the shell's own files: written with the learner's rights, through the broker
out=$(printf '%s\n' \
  'ip netns add n1' \
  "export clab $HOME/lab.yml" \
  "topo --dot $HOME/lab.dot" \
  'record start' 'ip netns add n2' "record stop $HOME/rec.lua" \
  'assert(require("netlearn.progress").update("userns-test", function(r) r.steps[2] = true end))' \
  "!cat $HOME/lab.yml >/dev/null; echo labread=\$?" | "$NETLEARN" 2>&1)
is "$?" 0 "export, topo --dot, record stop and progress run"
for f in "$HOME/lab.yml" "$HOME/lab.dot" "$HOME/rec.lua" "$XDG_DATA_HOME/netlearn/progress"; do
  is "$(stat -c %u:%g "$f" 2>&1)" "0:0" "$(basename "$f") is written with the learner's rights (root:root)"
done
like "$(cat "$HOME/lab.yml")" "n1" "the exported topology holds the lab"
like "$(cat "$XDG_DATA_HOME/netlearn/progress")" "lesson userns-test .*steps=2" "the progress file holds the update"
is "$(stat -c %a "$XDG_DATA_HOME/netlearn")" 700 "the XDG data directory is made (0700) with the learner's rights"
like "$out" "labread=[1-9]" "a lab program cannot read what the shell wrote in the 0700 home"

# history, through a real terminal
if command -v tmux >/dev/null; then
  tm new-session -d -s t -x 150 -y 40 "env XDG_STATE_HOME=$XDG_STATE_HOME HOME=$HOME TERM=xterm $NETLEARN"
  i=0; while [ $i -lt 100 ] && ! tm capture-pane -p -t t | grep -Eq 'netlearn> ?$'; do sleep 0.05; i=$((i+1)); done
  tm send-keys -t t -l 'print("hist" .. "ory-line")'; tm send-keys -t t Enter
  tm send-keys -t t -l 'exit'; tm send-keys -t t Enter
  i=0; while [ $i -lt 100 ] && tm has-session -t t 2>/dev/null; do sleep 0.05; i=$((i+1)); done
  hist="$XDG_STATE_HOME/netlearn/history"
  like "$(cat "$hist" 2>&1)" 'print\("hist" \.\. "ory-line"\)' "the history file holds the line typed"
  is "$(stat -c %u:%g:%a "$hist" 2>&1)" "0:0:600" "history is written with the learner's rights, mode 0600"
fi

# 5. the broker opens no kernel file and no device, even when the learner's
#    own Lua asks through a path that hides it
ln -s /proc/sys/kernel/printk_ratelimit "$T_TMP/to-proc"
ln -s /dev/null "$T_TMP/to-dev"
out=$(printf '%s\n' \
  "print('viaproc', io.open('$T_TMP/to-proc', 'w'))" \
  "print('viadots', io.open('/tmp/../proc/sys/kernel/printk_ratelimit', 'w'))" \
  "print('viadev', io.open('$T_TMP/to-dev', 'r'))" \
  "print('long', io.open('/' .. string.rep('a', 5000), 'r'))" \
  "print('nul', io.open('$T_TMP/a\\0b', 'w'))" | "$NETLEARN" 2>&1)
like "$out" "viaproc	nil	.*Operation not permitted	1" "a symlink to /proc/sys is refused by the broker"
like "$out" "viadots	nil	.*Permission denied	13" "/tmp/../proc/... is the lab's own /proc, where root is not the machine's"
like "$out" "viadev	nil	.*Operation not permitted	1" "a symlink to a device is refused by the broker"
like "$out" "long	nil	.*File name too long" "a path longer than PATH_MAX is refused"
like "$out" "nul	nil	.*NUL byte" "a file name with a NUL byte is refused"
is "$(cat /proc/sys/kernel/printk_ratelimit)" "$rl_before" "kernel.printk_ratelimit is still unchanged"
ok "nothing named $T_TMP/a was made" test ! -e "$T_TMP/a"

# 5b. a link the lab planted where it may write (/tmp) does not turn a file the
#     learner asks the shell to write into one of the machine's files
planted="/tmp/netlearn-planted-$$"
printf 'canary\n' > "$T_TMP/target"; ln "$T_TMP/target" "$T_TMP/hardlink"
out=$(printf '%s\n' \
  "!ln -s $canary $planted && ln -s /etc $planted.d && echo planted" \
  "print('viadir', io.open('$planted.d/$(basename "$canary")', 'w'))" \
  "print('hard', io.open('$T_TMP/hardlink', 'w'))" \
  "export clab $planted" | "$NETLEARN" 2>&1)
rm -f "$planted" "$planted.d"
like "$out" "planted" "a lab program can plant symbolic links in /tmp"
like "$out" "$planted: Permission denied" "export clab to a link the lab planted is refused"
like "$out" "viadir	nil	.*Permission denied" "so is a path through a planted link to a directory"
ok "and the machine's file was not made" test ! -e "$canary"
like "$out" "hard	nil	.*Operation not permitted" "a file with a second hard link is not written through the broker"
is "$(cat "$T_TMP/target")" "canary" "and it is unchanged"
out=$(printf '%s\n' "print(io.open('$HOME/.././home/../home/lab.yml', 'r') ~= nil)" | "$NETLEARN" 2>&1)
is "$out" "true" "paths with . and .. resolve as the kernel resolves them"

# 6. a NUL byte in a piped line is an error, not a truncated command
out=$(printf '!echo first\n!echo ran\0; echo hidden\n!echo after\n' | "$NETLEARN" 2>&1)
is "$?" 1 "a line with a NUL byte ends a piped session with status 1"
like "$out" "first" "the lines before it ran"
unlike "$out" "^ran$|^hidden$" "no part of the line ran"
unlike "$out" "after" "piped mode stops at the error"
is "$(printf '%s\n' "$out" | grep -c 'NUL byte')" 1 "one line says so"
like "$out" 'NUL byte in the line "!echo ran\\0; echo hidden".*tr -d' "it shows the line and the fix"

# 7. netlearn and its Lua library in a 0700 directory only root may read
nl="$T_TMP/nl"
mkdir -p "$nl/build"
cp "$NETLEARN" "$nl/build/"
cp -r "$(dirname "$NETLEARN")/../lua" "$(dirname "$NETLEARN")/../lessons" "$nl/"
out=$(printf '%s\n' 'ip netns add z1' 'topo --ascii' '!ls '"$nl"' >/dev/null; echo ls=$?' | (cd "$T_TMP" && "$nl/build/netlearn") 2>&1)
is "$?" 0 "netlearn kept in a 0700 directory starts"
like "$out" "z1" "and loads the modules it needs later (topo) with the learner's rights"
like "$out" "ls=[1-9]" "while the lab's root cannot read that directory"
out=$("$nl/build/netlearn" list 2>&1)
like "$out" "01-netns-veth" "netlearn list finds the lessons there"

# 8. when the kernel refuses the user namespace: one line, the cause and the fix, status 1
if command -v unshare >/dev/null; then
  out=$(unshare -U -r sh -c 'echo 0 > /proc/sys/user/max_user_namespaces && echo "print(1)" | "$0"' "$NETLEARN" 2>&1)
  rc=$?
  is "$rc" 1 "no user namespace for the lab: netlearn refuses to start (status 1)"
  is "$(printf '%s\n' "$out" | wc -l)" 1 "with one line"
  like "$out" "user\.max_user_namespaces = 0.*sysctl -w user\.max_user_namespaces=" "naming the cause and the fix"
  out=$(unshare -U -r sh -c 'echo "print(1)" | "$0"' "$NETLEARN" 2>&1)
  is "$?" 1 "no ids $BASE.. to map the lab's root to: status 1"
  like "$out" "cannot map the lab's root to ids $BASE-2147483647.*container" "and a line that says why"
fi

# 8b. netlearn run inside the lab (a lesson replayed with !netlearn check): the
#     inner lab's root is the outer lab's root, never more
out=$(printf '%s\n' "!printf '%s\\n' '!cat /proc/self/uid_map' '!touch $canary; echo innertouch=\$?' | $NETLEARN" | "$NETLEARN" 2>&1)
is "$?" 0 "netlearn runs inside netlearn's lab"
like "$out" "^ *0 +0 +65536\$" "the inner lab's root is the outer lab's root (ids 0-65535 of the outer lab)"
like "$out" "innertouch=[1-9]" "and still cannot write the machine's files"
ok "no file was made" test ! -e "$canary"

# 9. rootless still works the way it did
if command -v setpriv >/dev/null; then
  nb="$T_TMP/nb"; mkdir -p "$nb"; chown 65534:65534 "$nb"; chmod 755 "$T_TMP"
  as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$nb" XDG_STATE_HOME="$nb/s" XDG_DATA_HOME="$nb/d" "$@"; }
  if as_nobody test -r "$(dirname "$NETLEARN")/../lua/netlearn/main.lua"; then
    out=$(printf '%s\n' 'ip netns add r1' '!id -u' '!cat /proc/self/uid_map' "export clab $nb/x.yml" | as_nobody "$NETLEARN" 2>&1)
    if printf '%s' "$out" | grep -q "unprivileged users create user namespaces"; then
      like "$out" "run netlearn as root" "rootless forbidden here: the error says that root works"
    else
      like "$out" "^0$" "rootless: the learner is root inside"
      like "$out" "^ *0 +65534 +1\$" "rootless: one id mapped, the learner's own"
      is "$(stat -c %u "$nb/x.yml" 2>&1)" 65534 "rootless: export clab writes the learner's file"
    fi
  fi
  chmod 700 "$T_TMP"
fi

is "$(machine_state)" "$before" "the machine's state is unchanged"
is "$(ip -o link | wc -l)" "$host_links" "no interface is left on the machine"
done_testing
