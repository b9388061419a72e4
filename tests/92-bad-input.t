#!/bin/bash
# The cross-cutting bad-input catalogue (issue 13). Part 1 (tests/lua/92-bad-input.lua):
# commands, Lua API calls and Lua lines fed to one long shell session inside the
# sandbox -- refused clearly, the next line runs, the lab's digest unchanged.
# Part 2 (here): command-line options, hostile standard input and bad lesson
# files given to the netlearn binary -- a clear one-line refusal, a plain exit
# status (no crash, no internal error) and the machine unchanged.
. "$(dirname "$0")/lib/tap.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
before=$(machine_state)

# part 1, renumbered into this file's plan
lua_out=$("$NETLEARN" lua "$ROOT/tests/parts/92-bad-input.lua" 2>&1)
lua_rc=$?
while IFS= read -r l; do
  case $l in
    "ok "*) _pass "${l#ok * - }" ;;
    "not ok "*) _fail "${l#not ok * - }" ;;
    "1.."*) ;;
    "# bad inputs: "*) echo "$l"; part1=$(echo "$l" | sed 's/^# bad inputs: \([0-9]*\).*/\1/') ;;
    *) echo "$l" ;;
  esac
done <<< "$lua_out"
is "$lua_rc" 0 "part 1 (in-session catalogue) exits 0"

# part 2
B="$T_TMP/bad"; mkdir -p "$B"
printf 'x = = 1\n' > "$B/syntax.lua"
head -c 3000 /dev/urandom > "$B/garbage.lua"
{ printf 'title = "'; head -c 1048576 /dev/zero | tr '\0' x; printf '"\n'; } > "$B/long.lua"
printf 'return function() end\n' > "$B/returns.lua"
printf 'steps = 5\ntitle = 7\n' > "$B/types.lua"
: > "$B/empty.lua"
mkdir -p "$B/dir.lua"
n2=0
# case NAME EXPECTED-STATUS-REGEX MESSAGE-REGEX -- command (stdin from $IN, default /dev/null)
case_() {
  name=$1 want_rc=$2 pat=$3; shift 4
  n2=$((n2 + 1))
  err=$(timeout 60 "$@" < "${IN:-/dev/null}" 2>&1 >/dev/null)
  rc=$?
  first=$(printf '%s' "$err" | grep -av '^$' | head -1 | cut -c1-160)
  if ! printf '%s' "$rc" | grep -Eqx -- "$want_rc"; then
    _fail "$name: exit status" "got $rc, want $want_rc" "$first"
  elif printf '%s' "$err" | grep -aEq 'internal error|stack traceback|lua/netlearn/[a-z_/]+\.lua:[0-9]+:'; then
    _fail "$name: an internal error" "$(printf '%s' "$err" | head -5)"
  elif ! printf '%s' "$err" | grep -aEiq -- "$pat"; then
    _fail "$name: message" "got:  $first" "want: /$pat/"
  elif [ "$(machine_state)" != "$before" ]; then
    _fail "$name: the machine changed"
  else
    _pass "$name (status $rc): $first"
  fi
  IN=
}
N=$NETLEARN
case_ "unknown long option" 2 "unknown option" -- $N --bogus
case_ "unknown short option" 2 "unknown option" -- $N -x
case_ "--lang without a value" 2 "--lang" -- $N --lang
case_ "--lang with a bad value" 2 "klingon" -- $N --lang=klingon
case_ "an unknown command word" 2 "unknown command" -- $N frobnicate
case_ "a 100 kB argument" 2 "unknown command" -- $N "$(head -c 100000 /dev/zero | tr '\0' a)"
case_ "a non-UTF-8 argument" 2 "unknown command" -- $N $'\xff\xfe'
case_ "run without a file" 2 "run takes" -- $N run
case_ "run with two files" 2 "run takes" -- $N run "$B/syntax.lua" "$B/syntax.lua"
case_ "run a missing file" 2 "cannot open" -- $N run /nonexistent/file.lua
case_ "run a directory" '[12]' "directory" -- $N run "$B/dir.lua"
case_ "run a syntax error" 1 "syntax.lua:1:" -- $N run "$B/syntax.lua"
case_ "run binary garbage" 1 "garbage.lua:[0-9]+:" -- $N run "$B/garbage.lua"
case_ "check an unknown lesson" '[12]' "no lesson" -- $N check nosuch-lesson
IN=/dev/null
n2=$((n2 + 1))
for f in garbage.lua long.lua returns.lua types.lua empty.lua dir.lua; do
  out=$(timeout 60 $N check "$B/$f" 2>&1); rc=$?
  if [ $rc = 1 ] && printf '%s' "$out" | grep -q '^not ok 1 - .*loads' &&
     ! printf '%s' "$out" | grep -Eq 'internal error|stack traceback'; then
    _pass "check a bad lesson file $f: refused ($(printf '%s' "$out" | sed -n 2p | cut -c1-100))"
  else
    _fail "check a bad lesson file $f" "status $rc" "$(printf '%s' "$out" | head -4)"
  fi
done
n2=$((n2 + 5))
printf 'local function f() return f() + 1 end f()\n' > "$B/recurse.in"
head -c 1048576 /dev/zero | tr '\0' q > "$B/mb.in"; echo >> "$B/mb.in"
head -c 2000 /dev/urandom > "$B/binary.in"
printf 'ip link add "veth0\n' > "$B/quote.in"
printf 'for i = 1, 2 do\n' > "$B/lua.in"
printf 'local co; co = coroutine.wrap(function() co() end) co()\n' > "$B/co.in"
printf 'ip netns add net1\nip link set lo mtu 0\nip netns list\n' > "$B/stop.in"
IN=$B/recurse.in case_ "stdin: endless recursion" 1 "stack overflow" -- $N
IN=$B/mb.in case_ "stdin: a 1 MB line" 1 "not found" -- $N
IN=$B/binary.in case_ "stdin: binary garbage" 1 "." -- $N
IN=$B/quote.in case_ "stdin: an open quote at the end" 1 "end of input" -- $N
IN=$B/lua.in case_ "stdin: an unfinished Lua statement at the end" 1 "expected" -- $N
IN=$B/co.in case_ "stdin: a coroutine resuming itself" 1 "coroutine" -- $N
IN=$B/stop.in case_ "stdin: the first error stops a piped session" 1 "mtu" -- $N
case_ "stdin is a directory" 1 "cannot read standard input" -- sh -c "exec $N < /"
case_ "stdout is a full disk" 1 "cannot write standard output" -- sh -c "printf 'print(1)\n' | $N > /dev/full"
case_ "stdout is closed" 1 "cannot write standard output" -- sh -c "printf 'print(1)\n' | $N >&-"
out=$(printf 'print(6 * 7)\n' | XDG_STATE_HOME=/proc/nonexistent HOME=/proc/nonexistent $N 2>&1); rc=$?
n2=$((n2 + 1))
is "$rc:$(printf '%s' "$out" | grep -c '^42$')" "0:1" "a state directory that cannot be made does not stop the shell"
is "$(machine_state)" "$before" "the machine is unchanged after part 2"
echo "# bad inputs: $(( ${part1:-0} + n2 )) ($part1 in-session, $n2 given to the binary), all refused, state unchanged"
done_testing
