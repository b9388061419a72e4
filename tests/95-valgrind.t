#!/bin/sh
# valgrind memcheck of a scripted shell session (tests/data/95-session.txt: ip,
# routes, ping, tcpdump, iptables, sysctl, Lua errors, failing API calls) piped
# into netlearn: no definite leak, no invalid read or write, no use of
# uninitialised memory. Skipped when valgrind is missing.
. "$(dirname "$0")/lib/tap.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
command -v valgrind >/dev/null 2>&1 || skip_all "valgrind is not installed (scripts/deps.sh TEST list)"
case $NETLEARN in *build-san*) skip_all "the ASan build cannot run under valgrind" ;; esac
before=$(machine_state)
valgrind --suppressions="$ROOT/tests/data/95-valgrind.supp" --leak-check=full --show-possibly-lost=no --show-reachable=no --errors-for-leak-kinds=definite \
  --error-exitcode=99 --log-file="$T_TMP/vg.%p" "$NETLEARN" < "$ROOT/tests/data/95-session.txt" > "$T_TMP/out" 2>"$T_TMP/err"
rc=$?
is "$rc" 0 "the session runs to the end under valgrind (status 0, no memcheck error)"
[ "$rc" = 0 ] || { tail -5 "$T_TMP/err" | sed 's/^/# /'; }
like "$(cat "$T_TMP/out")" "2 packets (transmitted|captured)" "the session did its work (ping and capture)"
defs=$(cat "$T_TMP"/vg.* | grep -c "definitely lost in")
is "$defs" 0 "no definite leak in any netlearn process"
errs=$(cat "$T_TMP"/vg.* | grep -E "^==[0-9]+== (Invalid|Conditional jump|Use of uninitialised|Syscall param|Mismatched|Source and destination)" | sort | uniq -c)
is "$errs" "" "no invalid access, no uninitialised value"
[ -z "$errs" ] || grep -h -A12 -E "^==[0-9]+== (Invalid|Conditional|Use of|Syscall param)" "$T_TMP"/vg.* | head -40 | sed 's/^/# /'
total=$(cat "$T_TMP"/vg.* | sed -n 's/.*in use at exit: \([0-9,]*\) bytes.*/\1/p' | tr '\n' ' ')
procs=$(ls "$T_TMP"/vg.* | wc -l)
echo "# valgrind: $procs processes checked; bytes in use at exit: $total(reachable or possibly lost, not definite)"
is "$(machine_state)" "$before" "the machine is unchanged"
done_testing
