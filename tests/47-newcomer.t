#!/bin/sh
# The first minutes, piped (issue 23): mistakes get "did you mean", habits
# from Python, Cisco and the Unix shell get a one-line pointer, never a Lua
# error; silent failures are gone (exit N, redirection, ~, &, run/check of a
# missing lesson, net.ns_list()).
. "$(dirname "$0")/lib/tap.sh"
# feed LINE... : the shell's output (stdout and stderr) for these piped lines; $rc its status
feed() { out=$(printf '%s\n' "$@" | "$NETLEARN" 2>&1); rc=$?; }
nolua() { unlike "$out" 'stdin:|attempt to|unexpected symbol|traceback|internal error' "$1: no Lua error"; }

# 3. mistakes and habits
feed pign;                 like "$out" "^pign: command not found \(did you mean 'ping'\?" "pign: did you mean ping"; nolua pign
feed 'pign -c 1 10.0.0.1'; like "$out" "did you mean 'ping'\?" "pign with arguments: did you mean ping"
feed tcpdumb;              like "$out" "did you mean 'tcpdump'\?" "tcpdumb: did you mean tcpdump"
feed xyzzyq;               unlike "$out" "did you mean" "a word far from every command gets no suggestion"
feed 'ip lnk';             like "$out" "did you mean 'ip link'\?" "ip lnk: did you mean ip link"; nolua 'ip lnk'
feed 'ip link sow';        like "$out" "did you mean 'ip link show'\?" "ip link sow: did you mean ip link show"
feed 'bash -c "pign 10.0.0.1"'; like "$out" "did you mean 'ping'\?" "a mistyped command inside bash -c: did you mean"
feed 'help pign';          like "$out" "did you mean 'ping'\?" "help pign: did you mean ping"
feed '?';                  like "$out" "^netlearn's commands" "? is help"; nolua '?'
feed 'exit()' 'print("not reached")'; is "$out" "" "exit() leaves quietly"; is "$rc" 0 "exit() exits 0"
feed 'exit(5)';            is "$rc" 5 "exit(5) exits 5"
feed 'quit()' 'print("not reached")'; is "$out" "" "quit() leaves (outside a lesson)"
for l in 'show ip route' 'show ip interface brief' 'show interfaces' 'show arp' 'show running-config' \
         'configure terminal' 'enable' 'ls' 'ls -l /' 'cd net1' 'pwd' 'clear' 'cls'; do
  feed "$l"
  n=$(printf '%s\n' "$out" | wc -l | tr -d ' ')
  like "$out" "^netlearn: " "'$l': a pointer to the netlearn way"
  is "$n" 1 "'$l': one line"
  nolua "$l"
done
feed 'show ip route';  like "$out" "'ip route'" "show ip route points to ip route"
feed 'ls';             like "$out" "'ip netns'" "ls points to ip netns"
feed 'clear';          like "$out" "Ctrl-L" "clear points to Ctrl-L"
out=$(echo 'show ip route' | "$NETLEARN" --lang zh 2>&1)
like "$out" "路由表是 'ip route'" "the pointer is in Chinese with --lang zh"
feed 'ls = 3' 'print(ls + 1)'; is "$out" "4" "ls is still a Lua variable when assigned"
feed 'ls = 3' 'ls'; is "$out" "3" "and its value is printed"
feed 'show';           unlike "$out" "netlearn: " "show alone is still topo"

# 5. exit N
feed 'exit 3';         is "$rc" 3 "exit 3 exits 3"
feed 'exit';           is "$rc" 0 "exit exits 0"
feed 'exit x';         like "$out" "^exit: 'x' is not a status" "exit x: one clear line"; is "$rc" 1 "exit x is an error (piped)"
feed 'exit 256';       like "$out" "not a status" "exit 256 is refused"
# 5. redirection and & are refused, not ignored
f="$T_TMP/route.txt"
feed "ip route > $f"
like "$out" "^netlearn: redirection \('>'\) is not supported for ip" "ip route > FILE: refused in one line"
is "$rc" 1 "ip route > FILE: an error status"
ok "ip route > FILE: no file written" test ! -e "$f"
feed "ip netns add a" "ip netns exec a cat /etc/hostname > $f"
like "$out" "redirection \('>'\) of a real program is not supported" "ip netns exec a PROGRAM > FILE: refused"
feed 'echo 1 > /proc/sys/net/ipv4/ip_forward' 'sysctl net.ipv4.ip_forward'
is "$out" "net.ipv4.ip_forward = 1" "echo VALUE > /proc/sys/... still works"
feed 'ping -c 1 127.0.0.1 &' 'print("next")'
like "$out" "^netlearn: '&' runs only tcpdump, python3 -m http.server and real programs in the background, not ping" "ping ... &: refused in one line"
unlike "$out" "next|bytes from" "ping ... &: nothing ran"
feed 'ip netns add a' 'ip netns exec a ping -c 1 127.0.0.1 &'
like "$out" "not ping: nothing was run" "ip netns exec a ping ... &: refused too"
feed 'ip netns add a' 'ip netns exec a ip link set lo up' 'ip netns exec a tcpdump -i lo -n -c 1 &' 'jobs'
like "$out" 'tcpdump -i lo -n -c 1 &' "tcpdump & is still a background job"

# 5. net.ns_list()
feed 'net.ns_list()'; is "$out" "{}" "net.ns_list() with no namespace prints {} (not nil nil)"
feed 'ip netns add a' 'net.ns_list()'; is "$out" '{ "a" }' "net.ns_list() prints the list"
# 5. ~ in file arguments is the learner's home
H="$T_TMP/home"; mkdir -p "$H"
out=$(printf '%s\n' 'ip netns add a' 'export clab ~/lab.yml' 'echo ~ "~" ~x a~/b' | HOME="$H" "$NETLEARN" 2>&1)
like "$out" "wrote $H/lab.yml" "export clab ~/lab.yml writes into HOME"
ok "the file is there" test -s "$H/lab.yml"
like "$out" "^$H ~ ~x a~/b\$" "only an unquoted ~ or ~/ at the start of a word is expanded"

# 5. the rootless !tcpdump failure gets a hint; as root (65536 ids) it runs and gets none
out=$(printf '%s\n' '!timeout 2 tcpdump -i nonexist0 -n' | "$NETLEARN" 2>&1)
unlike "$out" "hint: started without root" "as root, a failing !tcpdump gets no rootless hint"
if command -v setpriv >/dev/null && command -v tcpdump >/dev/null && \
   setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$NETLEARN"; then
  H2="$T_TMP/nobody"; mkdir -p "$H2"; chmod 777 "$H2"
  out=$(printf '%s\n' '!ip link set lo up' '!timeout 3 tcpdump -i lo -c 1 -n' | \
    setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$H2" XDG_STATE_HOME="$H2" "$NETLEARN" 2>&1)
  like "$out" "hint: started without root, the lab has one user id.*netlearn's tcpdump" "rootless !tcpdump: a hint to use netlearn's tcpdump"
else
  _pass "# SKIP setpriv/tcpdump not available"
fi

# 5. run and check of something that does not exist: the same status
"$NETLEARN" run no-such-lesson-x >/dev/null 2>&1; r1=$?
"$NETLEARN" check no-such-lesson-x >/dev/null 2>&1; r2=$?
is "$r1" 2 "run of a missing lesson exits 2"
is "$r2" "$r1" "check of a missing lesson exits as run does"
MAN="$(dirname "$0")/../docs/netlearn.1"
like "$(grep -A6 '^\.SH EXIT STATUS' "$MAN")" "does not exist" "the man page documents the status of a missing lesson"
like "$(cat "$MAN")" '\.B NO_COLOR' "the man page documents NO_COLOR"
files=$(sed -n '/^\.SH FILES/,/^\.SH/p' "$MAN" | grep -c '^\.TP')
ok "the man page's FILES section is a list ($files entries: library, lessons, history, progress, ...)" test "$files" -ge 5
# every link kind netlearn makes, fibmatch, the sysctl_given claim, Chinese C errors
echo 'print(table.concat(require("netlearn.kinds").names, " "))' > "$T_TMP/kinds.lua"
kinds=$("$NETLEARN" lua "$T_TMP/kinds.lua")
like "$kinds" 'vlan' "the link kinds are listed ($kinds)"
missing=""
line=$(grep -A3 '^\.B ip link add$' "$MAN" | tr '\n' ' ')
for k in $kinds; do case "$line" in *" $k "*) ;; *) missing="$missing $k" ;; esac; done
is "$missing" "" "the man page's ip link add lists every link kind"
like "$(cat "$MAN")" 'fibmatch' "the man page documents ip route get ... fibmatch"
like "$(cat "$MAN")" 'sysctl_given\{ns' "the man page documents the sysctl_given claim"
like "$(cat "$MAN")" 'made in its C layer' "the man page says the C layer's errors are Chinese under --lang zh"

# 8. narrow terminals: trace path fits 80 columns; no box drawing under LANG=C
LAB='ip netns add a
ip link add v0 type veth peer name v1 netns a
ip addr add 10.9.0.1/24 dev v0
ip link set v0 up
ip -n a addr add 10.9.0.2/24 dev v1
ip -n a link set v1 up'
out=$(printf '%s\ntrace path a 10.9.0.1\n' "$LAB" | "$NETLEARN" 2>&1)
like "$out" 'a/v1 +Out +10\.9\.0\.2 +10\.9\.0\.1 +64 +request' "trace path shows the request leaving a"
is "$(printf '%s\n' "$out" | awk 'length > 80' | wc -l | tr -d ' ')" 0 "trace path fits 80 columns"
out=$(printf '%s\ntopo\n' "$LAB" | env LANG=C LC_ALL= LC_CTYPE= "$NETLEARN" 2>&1)
like "$out" '^\+- host -' "topo under LANG=C draws ASCII boxes"
unlike "$out" '┌|│|─' "topo under LANG=C draws no Unicode box"
out=$(printf '%s\ntopo\n' "$LAB" | env LANG=C.UTF-8 LC_ALL= LC_CTYPE= "$NETLEARN" 2>&1)
like "$out" '┌─ host' "topo under a UTF-8 locale draws Unicode boxes"
out=$(printf '%s\ntopo\n' "$LAB" | env LANG=C.UTF-8 LC_ALL=C "$NETLEARN" 2>&1)
unlike "$out" '┌' "LC_ALL=C wins over LANG"

# 6. bad input that used to escape as an internal error: one clear line each
bad() {   # bad NAME PATTERN -- (stdin from $IN)
  name=$1 pat=$2
  out=$(printf '%s' "$IN" | "$NETLEARN" 2>&1); rc=$?
  like "$out" "$pat" "$name: a clear message"
  is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 1 "$name: one line"
  unlike "$out" 'internal error|traceback|binary chunk|C stack overflow' "$name: no internal error"
  is "$rc" 1 "$name: status 1"
}
IN="sysctl -a -r '((('
";                 bad "sysctl -a -r '((('" "^sysctl: -r '\(\(\(' is not a pattern"
IN="sysctl -a -r '[ab'
";                 bad "sysctl -a -r '[ab'" "give a word, e.g. sysctl -a -r forward"
IN="sysctl -a -r 'a(b'
";                 bad "sysctl -a -r 'a(b' (errs only past a match)" "^sysctl: -r 'a\(b' is not a pattern"
IN="$(python3 -c "print('('*300 + '1' + ')'*300)")
";                 bad "300-deep parentheses" "nests too deeply"
IN="$(python3 -c "print('return ' + '{'*300)")
";                 bad "return {{{... 300 deep" "nests too deeply"
IN="$(printf '\033[Aprint(1)')
";                 bad "a piped line starting with ESC" "starts with a control character \(byte 27"
IN="sysctl -w kernel.pid_max=1
";                 bad "sysctl -w kernel.pid_max=1" "^sysctl: kernel.pid_max: netlearn changes only net.\* sysctls.*nothing was changed"
IN="sysctl -w /proc/sys/kernel/x=1
";                 bad "sysctl -w /proc/sys/kernel/x=1" "^sysctl: kernel.x: "
IN="sysctl kernel.pid_max
";                 bad "sysctl kernel.pid_max" "not the machine's kernel settings"
feed 'sysctl /proc/sys/net/ipv4/ip_forward'; is "$out" "net.ipv4.ip_forward = 0" "sysctl /proc/sys/NAME reads NAME"
done_testing
