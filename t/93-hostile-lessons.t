#!/bin/bash
# Hostile lessons, from outside: each is given to the real binary (`netlearn
# check FILE`, and `netlearn run FILE`) with a temporary HOME holding a canary
# file and a shell history. Each must be stopped with a clear message naming the
# lesson's line, within its time limit, with the canary, the history and the
# machine untouched. t/61 tests the same restrictions from inside (lesson.load).
. "$(dirname "$0")/lib/tap.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
before=$(machine_state)
# the lesson limits, lowered so that the endless loops cost 0.5 s of CPU each
export NETLEARN_LESSON_CPU=0.5 NETLEARN_LESSON_MEM_KB=65536
mkdir -p "$HOME/.ssh" "$XDG_STATE_HOME/netlearn"
echo canary > "$HOME/canary"; echo secret > "$HOME/.ssh/id_test"
printf 'ip netns add typed-before\n' > "$XDG_STATE_HOME/netlearn/history"
snap() { (cd "$T_TMP" && find home state -type f -exec md5sum {} + | sort); }
home_before=$(snap)
L="$T_TMP/lessons"; mkdir -p "$L"
HEAD='title = { en = "Hostile", zh = "恶意" }
article = "none"
objectives = { { en = "o", zh = "o" } }'
STEPS='steps = { step { en = "e", zh = "z", run = { "ip netns add n1" }, claims = { link { ns = "n1", dev = "lo", up = false } } } }'
n=0
# hostile NAME MESSAGE-REGEX LUA-LINE   (the hostile line is line 4 of the lesson)
hostile() {
  n=$((n + 1)); f="$L/h$n.lua"
  printf '%s\n%s\n%s\n' "$HEAD" "$3" "$STEPS" > "$f"
  t0=$(date +%s)
  out=$(timeout -s KILL 30 "$NETLEARN" check "$f" 2>&1); rc=$?
  disp=$(printf '%s' "$out" | head -6 | tr '\n' '|')
  secs=$(( $(date +%s) - t0 ))
  msg=$(printf '%s' "$out" | grep -m1 "h$n.lua:" | sed 's/^#   //' | cut -c1-160)
  if [ $rc != 1 ]; then _fail "$1: refused with status 1" "status $rc" "$disp"
  elif ! printf '%s' "$msg" | grep -Eq -- "h$n\.lua:4: .*($2)"; then _fail "$1: says why, at line 4" "got: $msg" "want: /$2/" "$disp"
  elif printf '%s' "$out" | grep -Eq 'internal error|stack traceback'; then _fail "$1: an internal error" "$disp"
  elif [ "$secs" -gt 25 ]; then _fail "$1: stopped in time" "took $secs s"
  else _pass "$1: $(printf '%s' "$msg" | sed "s|^.*h$n.lua:4: ||" | cut -c1-110)"; fi
}
C=$HOME/canary
hostile "io.open to write a file" "io.open is not available" "local f = io.open('$C', 'w') f:write('pwned') f:close()"
hostile "io.lines to read a file" "io.lines is not available" "for l in io.lines('$HOME/.ssh/id_test') do print(l) end"
hostile "os.execute" "os.execute is not available" "os.execute('echo pwned > $C')"
hostile "os.remove" "os.remove is not available" "os.remove('$C')"
hostile "os.rename" "attempt to call a nil value|os.rename" "os.rename('$C', '$C.x')"
hostile "os.exit" "os.exit is not available" "os.exit(0)"
hostile "os.getenv" "os.getenv is not available" "local h = os.getenv('HOME')"
hostile "loadfile" "loadfile is not available" "loadfile('/etc/passwd')"
hostile "dofile" "dofile is not available" "dofile('/etc/passwd')"
hostile "load of a binary chunk" "load is not available" "load('\\27LuaT\\0\\25\\147\\r\\n\\26\\n')()"
hostile "load of source" "load is not available" "load('os.exit(0)')()"
hostile "require of the C module" "require is not available" "require('netlearn.core').ns_add('x')"
hostile "package.loadlib" "unknown name 'package'" "package.loadlib('/lib/x86_64-linux-gnu/libc.so.6', '*')"
hostile "debug.getregistry" "debug.getregistry is not available" "local r = debug.getregistry()"
hostile "debug.sethook" "debug.sethook is not available" "debug.sethook()"
hostile "debug.getupvalue" "debug.getupvalue is not available" "debug.getupvalue(step, 1)"
hostile "string.rep bomb" "string.rep: a lesson may build" "local s = string.rep('x', 1 << 40)"
hostile "rep bomb as a method" "string.rep: a lesson may build" "local s = ('x'):rep(1 << 40, ',')"
hostile "string doubling" "stopped: it (used|asked for) more than" "local s = 'x' for i = 1, 40 do s = s .. s end"
hostile "a table that grows forever" "stopped" "local t = {} local i = 0 while true do i = i + 1 t[i] = {i} end"
hostile "one string.gsub asking for a terabyte" "stopped: it asked for more than|stopped: it used more" "local s = ('x'):rep(1e6) local t = s:gsub('x', ('y'):rep(1e6))"
hostile "one table.concat of gigabytes" "stopped: it asked for more than|stopped: it used more" "local t = {} for i = 1, 3000 do t[i] = ('x'):rep(1e6) end local s = table.concat(t)"
hostile "collectgarbage" "collectgarbage is not available" "collectgarbage('stop')"
hostile "an endless loop" "stopped after .* computation" "while true do end"
hostile "an endless loop in pcall" "stopped after .* computation" "while true do pcall(function() while true do end end) end"
hostile "an endless loop in xpcall with a handler that loops" "stopped after" "xpcall(function() while true do end end, function() while true do end end)"
hostile "deep recursion" "stack overflow|stopped after" "local function f() return 1 + f() end f()"
hostile "recursion through __index" "setmetatable: a lesson's metatable may hold" "local t = setmetatable({}, {__index = function(t, k) return t[k] end}) local _ = t.x"
hostile "__index chain loop" "loop|too long" "local a, b = {}, {} setmetatable(a, {__index = b}) setmetatable(b, {__index = a}) local _ = a.x"
hostile "tampering with a step's metatable" "attempt to index a nil value" "getmetatable(step { en = 'e', zh = 'z' }).__index = function() while true do end end"
hostile "the environment's metatable" "attempt to index a nil value" "getmetatable(_ENV).__index = function() return os end"
hostile "the string metatable" "attempt to index a nil value" "getmetatable('').__index = {}"
hostile "an error object whose __tostring loops" "setmetatable: a lesson's metatable may hold" "error(setmetatable({}, {__tostring = function() while true do end end}))"
hostile "a table error object" "not a message" "error({})"
hostile "a __gc finalizer" "setmetatable: a lesson's metatable may hold" "setmetatable({}, {__gc = function() while true do end end})"
hostile "a title table with __index" "setmetatable: a lesson's metatable may hold" "local t = setmetatable({}, {__index = function() while true do end end})"
hostile "resetting a metatable" "already has a metatable" "local t = setmetatable({}, {}) setmetatable(t, {__index = {}})"
hostile "coroutines" "unknown name 'coroutine'" "coroutine.wrap(function() end)()"
hostile "string.dump" "attempt to call a nil value" "string.dump(print)"
hostile "_G" "unknown name '_G'" "_G.io = nil"
hostile "an unknown global" "unknown name 'system'" "system('id')"
hostile "a huge format width" "invalid conversion|too long" "local s = string.format('%99999999d', 1)"
hostile "os.date with a bad format" "invalid conversion" "local s = os.date('%Q')"
hostile "rawset into the environment" "unknown name 'io2'" "rawset(_ENV, 'io', nil) local x = io2"
hostile "error() with a number" "42" "error(42)"
# a lua{} claim misbehaving at check time
n=$((n + 1)); f="$L/h$n.lua"
printf '%s\nsteps = { step { en = "e", zh = "z", claims = {\n  lua { fn = function(net) net.kill(1, 15) net.run("", {"/bin/sh", "-c", "echo pwned > %s"}) return true end, says = { en = "k", zh = "k" } } } } }\n' "$HEAD" "$C" > "$f"
out=$(timeout -s KILL 30 "$NETLEARN" check "$f" 2>&1); rc=$?
like "$rc:$(printf '%s' "$out" | tr '\n' '|')" "bad argument #1 to .kill.|net.run is not available" "a lua{} claim may not signal netlearn or run programs"
is "$rc" 1 "and the check fails"
# SIGTERM while a lesson's loop runs: netlearn ends promptly
n=$((n + 1)); f="$L/h$n.lua"
printf '%s\nwhile true do end\n%s\n' "$HEAD" "$STEPS" > "$f"
"$NETLEARN" check "$f" > "$T_TMP/term.out" 2>&1 & pid=$!
sleep 1; kill -TERM $pid; t0=$(date +%s)
i=0; while kill -0 $pid 2>/dev/null && [ $i -lt 60 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 $pid 2>/dev/null && { kill -KILL $pid; _fail "SIGTERM stops a lesson's endless loop" "still running 6 s later"; } ||
  _pass "SIGTERM stops a lesson's endless loop at once ($(grep -m1 -o 'interrupted\|stopped[^)]*' "$T_TMP/term.out"))"
wait $pid 2>/dev/null
# the same lessons through `netlearn run` (the walk a learner uses)
for k in 1 3 6 22 28; do
  out=$(timeout -s KILL 30 "$NETLEARN" run "$L/h$k.lua" < /dev/null 2>&1); rc=$?
  like "$rc:$(printf '%s' "$out" | tr '\n' '|')" "^1:.*h$k.lua:4: " "netlearn run refuses hostile lesson h$k with its line"
done
is "$(snap)" "$home_before" "the canary, the private key and the history in HOME are untouched"
is "$(cat "$HOME/canary")" "canary" "the canary still says canary"
is "$(machine_state)" "$before" "the machine is unchanged"
echo "# hostile lessons: $n, all stopped, HOME and machine untouched"
done_testing
