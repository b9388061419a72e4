# tests/lib/tap.sh -- TAP helpers for tests written in sh. Source it:
#   . "$(dirname "$0")/lib/tap.sh"          (a tests/*.t file)
# A Lua test (tests/lua/*.lua) starts with two lines that source it and run the
# file itself inside a fresh sandbox, so prove runs it directly:
#   #!/bin/sh
#   --[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
#   ok "name" test -f x ;  is "$got" "$want" "name" ;  like "$got" 'regex' "name" ; done_testing
# the tests/ directory, whether the test is tests/X.t or tests/{lua,vm,parts}/X
TESTDIR=$(cd "$(dirname "$0")" && pwd)
case $TESTDIR in */lua|*/vm|*/parts) TESTDIR=${TESTDIR%/*} ;; esac
NETLEARN=${NETLEARN:-${TESTDIR%/*}/build/netlearn}
TESTLIB=$TESTDIR/lib
export NETLEARN TESTLIB TESTDIR
# tests never write the user's own state
T_TMP=$(mktemp -d /tmp/netlearn-test.XXXXXX)
export XDG_STATE_HOME="$T_TMP/state" XDG_DATA_HOME="$T_TMP/data" HOME="$T_TMP/home"
mkdir -p "$HOME"
trap 'rm -rf "$T_TMP"' EXIT
_n=0
_failed=0
_pass() { _n=$((_n + 1)); echo "ok $_n - $1"; }
_fail() { _n=$((_n + 1)); _failed=$((_failed + 1)); echo "not ok $_n - $1"; shift; for l in "$@"; do printf '#   %s\n' "$l"; done; }
ok() { name=$1; shift; if "$@" >/dev/null 2>&1; then _pass "$name"; else _fail "$name" "command failed: $*"; fi; }
is() { if [ "$1" = "$2" ]; then _pass "$3"; else _fail "$3" "got:  $1" "want: $2"; fi; }
like() { if printf '%s' "$1" | grep -Eq -- "$2"; then _pass "$3"; else _fail "$3" "got:  $1" "want match: $2"; fi; }
unlike() { if printf '%s' "$1" | grep -Eq -- "$2"; then _fail "$3" "got:  $1" "want no match: $2"; else _pass "$3"; fi; }
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
done_testing() { echo "1..$_n"; [ "$_failed" = 0 ]; exit $?; }
# A Lua test file run inside a fresh sandbox, as trusted Lua (netlearn lua)
# (not exec: the EXIT trap must still remove T_TMP)
run_lua_test() { "$NETLEARN" lua "$1"; }
# What the machine looks like, to compare before/after a session
machine_state() {
  ip netns list 2>/dev/null
  ip -j addr 2>/dev/null; ip -j route 2>/dev/null; ip -j rule 2>/dev/null
  nft list ruleset 2>/dev/null
  cat /proc/sys/net/ipv4/ip_forward
  ls /run/netns 2>/dev/null
  grep -c netns /proc/self/mountinfo
}
