#!/bin/bash
# Hostile lessons, from outside (DESIGN 3c: a lesson is content, not a program).
# The catalogue below is given to the real binary through BOTH `netlearn check
# FILE` and `netlearn run FILE`, as root and (where the machine allows) as an
# unprivileged user, each with a canary HOME (a canary file, a fake SSH key, a
# shell history) and a watched directory that the hostile lines aim their
# programs and files at -- both writable by that user, so that a hole would
# show. For every lesson, mode and user:
#   - nothing is written: HOME and the watched directory are the same, byte for
#     byte, afterwards (and no marker a hostile program would leave exists);
#   - the TAP of `check` is intact: every line of standard output is one of
#     netlearn's own (ok/not ok N - ..., a comment, the plan as the last line,
#     numbers in order), and no byte of either stream is a control character
#     other than newline and tab (no escape sequence reaches the terminal);
#   - a hostile lesson is refused with one line naming FILE:LINE (line 4 of the
#     lesson holds the hostile line) and why, exit status 1; a lesson that
#     forges TAP or sends escape sequences is neutralised and its own failing
#     claim still fails under prove;
#   - it ends within its time limit.
# tests/61 tests the same restrictions from inside (lesson.load).
. "$(dirname "$0")/lib/tap.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
before=$(machine_state)
# the lesson limits, lowered so that the endless loops cost 0.5 s of CPU each
export NETLEARN_LESSON_CPU=0.5 NETLEARN_LESSON_MEM_KB=65536
L="$T_TMP/lessons"; W="$T_TMP/watch"; NH="$T_TMP/nhome"
mkdir -p "$L" "$W" "$NH/.ssh" "$HOME/.ssh" "$XDG_STATE_HOME/netlearn" "$T_TMP/ndata" "$T_TMP/nstate/netlearn"
for h in "$HOME" "$NH"; do
  echo canary > "$h/canary"; echo secret > "$h/.ssh/id_test"
  mkdir -p "$h/.local/state/netlearn"; printf 'ip netns add typed-before\n' > "$h/.local/state/netlearn/history"
done
printf 'ip netns add typed-before\n' > "$XDG_STATE_HOME/netlearn/history"
echo watched > "$W/keep"
chmod 755 "$T_TMP" "$L"; chmod 777 "$W"

# the users: root, and nobody where the build is readable by it
USERS=root
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null &&
   setpriv --reuid=65534 --regid=65534 --clear-groups test -r "$ROOT/lua/netlearn/main.lua" 2>/dev/null &&
   setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$NETLEARN" 2>/dev/null; then
  chown -R 65534:65534 "$NH" "$T_TMP/ndata" "$T_TMP/nstate"
  USERS="root nobody"
else
  echo "# unprivileged runs skipped: not root, no setpriv, or the build is not readable by nobody"
fi
as_user() {
  if [ "$1" = nobody ]; then
    shift
    setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$NH" XDG_DATA_HOME="$T_TMP/ndata" \
      XDG_STATE_HOME="$T_TMP/nstate" "$@"
  else
    shift
    "$@"
  fi
}
snap() { (cd "$T_TMP" && find home nhome watch -printf '%p %s %m\n' | sort; find home nhome watch -type f -exec md5sum {} + | sort); }
home_before=$(snap)

HEAD='title = { en = "Hostile", zh = "恶意" }
article = "none"
objectives = { { en = "o", zh = "o" } }'
STEPS='steps = { step { en = "e", zh = "z", run = { "ip netns add n1" }, claims = { link { ns = "n1", dev = "lo", up = false } } } }'
# a claim that fails: what a neutralised lesson must not turn into a pass
FAILS='claims = { link { ns = "n1", dev = "lo", up = true } }'
C=$HOME/canary
n=0; kinds=(); names=(); res=()

# refuse NAME MESSAGE-REGEX LUA-LINE: a lesson whose line 4 must be refused with its line
refuse() { add refuse "$@"; }
# neutral NAME LUA-LINE: a lesson that loads, whose output is neutralised and whose claim fails
neutral() { add neutral "$1" "" "$2"; }
add() {
  n=$((n + 1))
  # line 4 is the hostile line; the default steps follow unless it declares its own
  case $4 in steps*) printf '%s\n%s\n' "$HEAD" "$4" ;; *) printf '%s\n%s\n%s\n' "$HEAD" "$4" "$STEPS" ;; esac > "$L/h$n.lua"
  kinds[$n]=$1; names[$n]=$2; res[$n]=$3
}

# Strict TAP: only netlearn's own lines, in order, the plan last; prints the problem
tap_problem() {
  awk '
    /^(ok|not ok) [0-9]+ - / { k++; split($0, w, " "); num = ($1 == "ok") ? w[2] : w[3]
      if (num != k) { print "test number " num " where " k " was due: " $0; bad = 1; exit }
      if (plan) { print "a test line after the plan: " $0; bad = 1; exit }
      if ($0 ~ /[^\\]# *(TODO|SKIP|todo|skip)/ && $0 !~ /^ok [0-9]+ - [^ ]+ # SKIP needs CONFIG_/) { print "a directive: " $0; bad = 1; exit }
      next }
    /^1\.\.[0-9]+$/ { if (plan) { print "two plans"; bad = 1; exit } plan = substr($0, 4) + 0; next }
    /^#/ { if (plan) { print "a line after the plan: " $0; bad = 1; exit } next }
    { print "not a line of netlearn'"'"'s TAP: " $0; bad = 1; exit }
    END { if (!bad && plan == "") print "no plan"; else if (!bad && plan != k) print "plan " plan " for " k " tests" }'
}
# control characters (C0 but newline and tab, DEL, C1 as UTF-8) and bytes that are not UTF-8
ctl_bytes() {
  local c
  c=$(LC_ALL=C grep -c -e $'[\x01-\x08\x0b-\x1f\x7f]' -e $'\xc2[\x80-\x9f]' "$@" | awk -F: '{s += $NF} END {print s + 0}')
  for f in "$@"; do iconv -f UTF-8 -t UTF-8 "$f" > /dev/null 2>&1 || c=$((c + 1)); done
  echo "$c"
}

# one lesson, one mode, one user
try() {
  local k=$1 mode=$2 user=$3 f="$L/h$1.lua" t0 secs rc out err why=""
  t0=$(date +%s)
  if [ "$mode" = check ]; then
    as_user "$user" timeout -s KILL 30 "$NETLEARN" check "$f" > "$T_TMP/out" 2> "$T_TMP/err"; rc=$?
  else
    as_user "$user" timeout -s KILL 30 "$NETLEARN" run "$f" < /dev/null > "$T_TMP/out" 2> "$T_TMP/err"; rc=$?
  fi
  secs=$(( $(date +%s) - t0 ))
  out=$(cat "$T_TMP/out" "$T_TMP/err")
  local msg; msg=$(printf '%s\n' "$out" | grep -m1 "h$k\.lua:4: " | sed 's/^ *\(#   \)*\(seen: \)*//')
  if [ "$rc" != 1 ]; then why="status $rc, not 1"
  elif [ "$secs" -gt 25 ]; then why="took $secs s"
  elif [ "$(ctl_bytes "$T_TMP/out" "$T_TMP/err")" != 0 ]; then why="a control character reached the terminal: $(grep -m1 -a $'[\x01-\x08\x0b-\x1f\x7f]' "$T_TMP/out" "$T_TMP/err" | cat -v | cut -c1-160)"
  elif printf '%s' "$out" | grep -Eq 'internal error|stack traceback'; then why="an internal error"
  elif [ "$(snap)" != "$home_before" ]; then why="HOME or the watched directory changed: $(diff <(echo "$home_before") <(snap) | head -3 | tr '\n' ' ')"
  elif [ "$mode" = check ] && p=$(tap_problem < "$T_TMP/out") && [ -n "$p" ]; then why="TAP: $p"
  elif [ "${kinds[$k]}" = refuse ]; then
    if ! printf '%s' "$msg" | grep -Eq -- "h$k\.lua:4: .*(${res[$k]})"; then why="not refused at line 4 with /${res[$k]}/: got '$(printf '%s' "$msg" | cut -c1-300)'"
    elif [ "$mode" = check ] && ! grep -q '^not ok ' "$T_TMP/out"; then why="no 'not ok' line"
    fi
  else
    if [ "$mode" = check ]; then
      prove --exec cat "$T_TMP/out" > "$T_TMP/prove" 2>&1 && why="prove passed a lesson whose claim fails: $(tr '\n' '|' < "$T_TMP/prove")"
      grep -q '^not ok .*lo in n1 is up\|^not ok .*h'"$k"' step 1: ' "$T_TMP/out" || why="${why:-its failing claim is not reported as 'not ok'}"
    fi
  fi
  # (a '#' in this test's own lines would read as a TAP directive)
  local label="h$k ${names[$k]//#/\\#} ($mode, $user)"
  if [ -n "$why" ]; then _fail "$label" "$why" "$(head -c 600 "$T_TMP/out" | cat -v | tr '\n' '|')" "$(head -c 300 "$T_TMP/err" | cat -v | tr '\n' '|')"
  elif [ "${kinds[$k]}" = refuse ]; then _pass "$label: $(printf '%s' "$msg" | sed "s|^.*h$k.lua:4: ||; s|#|\\\\#|g" | cut -c1-100)"
  else _pass "$label: neutralised, its claim still fails"; fi
}

X=/usr/bin/touch
# ---- 1. a lesson runs netlearn commands only -------------------------------
NOPROG="is not a netlearn command, and a lesson starts no real program"
refuse "ip netns exec NS /bin/sh -c" "$NOPROG" "steps = { step { en = 'e', zh = 'z', run = { 'ip netns add n1', \"ip netns exec n1 /bin/sh -c 'touch $W/ran1'\" } } }"
refuse "ip netns exec NS PROGRAM" "$NOPROG" "steps = { step { en = 'e', zh = 'z', run = { 'ip netns add n1', 'ip netns exec n1 $X $W/ran2' } } }"
refuse "ip netns exec NS sh (interactive)" "starts the real sh" "steps = { step { en = 'e', zh = 'z', run = { 'ip netns add n1', 'ip netns exec n1 sh -i' } } }"
refuse "bash with options before -c" "starts the real bash" "steps = { step { en = 'e', zh = 'z', run = { \"bash --norc -c 'touch $W/ran3'\" } } }"
refuse "bash -c with a real program" "$NOPROG" "steps = { step { en = 'e', zh = 'z', run = { \"bash -c 'touch $W/ran4'\" } } }"
refuse "nested bash -c \"bash -c ...\"" "$NOPROG" "steps = { step { en = 'e', zh = 'z', run = { [[bash -c \"sh -c 'ip netns exec n1 $X $W/ran5'\"]] } } }"
refuse "'!' in a run line" "$NOPROG" "steps = { step { en = 'e', zh = 'z', run = { '!touch $W/ran6' } } }"
refuse "abbreviated ip net e" "$NOPROG" "steps = { step { en = 'e', zh = 'z', run = { 'ip net e n1 $X $W/ran7' } } }"
refuse "ip -n NS netns exec" "$NOPROG" "steps = { step { en = 'e', zh = 'z', run = { 'ip -n n1 netns exec n1 $X $W/ran8' } } }"
refuse "sudo -E PROGRAM" "$NOPROG" "steps = { step { en = 'e', zh = 'z', run = { 'sudo -E $X $W/ran9' } } }"
refuse "on MACHINE ip netns exec" "$NOPROG" "steps = { step { en = 'e', zh = 'z', run = { 'on m1 ip netns exec n1 $X $W/ran10' } } }"
refuse "exec nested in exec" "$NOPROG" "steps = { step { en = 'e', zh = 'z', run = { 'ip netns exec n1 ip netns exec n1 env touch $W/ran11' } } }"
refuse "a program after &&" "$NOPROG" "steps = { step { en = 'e', zh = 'z', run = { 'ip netns add n1 && touch $W/ran12' } } }"
refuse "a task's solution" "$NOPROG" "steps = { task { en = 'e', zh = 'z', solution = { 'ip netns exec n1 $X $W/ran13' }, $FAILS } }"
refuse "an output{} claim's command" "$NOPROG" "steps = { step { en = 'e', zh = 'z', claims = { output { cmd = 'ip netns exec n1 $X $W/ran14', contains = 'x' } } } }"
refuse "a capture{} claim's during" "$NOPROG" "steps = { step { en = 'e', zh = 'z', claims = { capture { dev = 'lo', during = { 'sh -c \"touch $W/ran15\"' }, none = true } } } }"
refuse "lua{} claim: exec through the command runner" "refused: .*$NOPROG" "steps = { step { en = 'e', zh = 'z', run = { 'ip netns add n1' }, claims = { lua { fn = function(net, h) local r = h.exec('ip netns exec n1 ' .. '$X' .. ' $W/ran16') return r == 0 end, says = { en = 'x', zh = 'x' } } } } }"
refuse "lua{} claim: real sh through the runner" "refused: .*starts the real sh" "steps = { step { en = 'e', zh = 'z', claims = { lua { fn = function(net, h) return h.exec('sh') == 0 end, says = { en = 'x', zh = 'x' } } } } }"
refuse "lua{} claim: net.run" "net.run is not available to a lesson" "steps = { step { en = 'e', zh = 'z', claims = { lua { fn = function(net) return net.run('', {'$X', '$W/ran17'}) end, says = { en = 'x', zh = 'x' } } } } }"
refuse "lua{} claim: net.kill(1)" "net.kill is not available to a lesson" "steps = { step { en = 'e', zh = 'z', claims = { lua { fn = function(net) return net.kill(1, 9) end, says = { en = 'x', zh = 'x' } } } } }"
refuse "lua{} claim: net.heap_limit to lift its cap" "net.heap_limit is not available to a lesson" "steps = { step { en = 'e', zh = 'z', claims = { lua { fn = function(net) return net.heap_limit(0) end, says = { en = 'x', zh = 'x' } } } } }"
refuse "lua{} claim: net.lesson_context(false)" "net.lesson_context is not available to a lesson" "steps = { step { en = 'e', zh = 'z', claims = { lua { fn = function(net) return net.lesson_context(false) end, says = { en = 'x', zh = 'x' } } } } }"
refuse "lua{} claim: net.ipip_user_add (forks)" "net.ipip_user_add is not available to a lesson" "steps = { step { en = 'e', zh = 'z', claims = { lua { fn = function(net) return net.ipip_user_add('', {}) end, says = { en = 'x', zh = 'x' } } } } }"
refuse "lua{} claim: rawget around the allowlist" "net.run is not available to a lesson" "steps = { step { en = 'e', zh = 'z', claims = { lua { fn = function(net) local r = rawget(net, 'run') or net.run return r('', {'$X', '$W/ran18'}) end, says = { en = 'x', zh = 'x' } } } } }"
# ---- 2. a lesson writes no file ---------------------------------------------
NOFILE="writes a file, and a lesson writes no file"
refuse "topo --svg FILE" "$NOFILE" "steps = { step { en = 'e', zh = 'z', run = { 'topo --svg $W/lab.svg' } } }"
refuse "topo --dot FILE" "$NOFILE" "steps = { step { en = 'e', zh = 'z', run = { 'topo --dot $W/lab.dot' } } }"
refuse "show topology --svg FILE" "$NOFILE" "steps = { step { en = 'e', zh = 'z', run = { 'show topology --svg $W/lab.svg' } } }"
refuse "export clab FILE" "$NOFILE" "steps = { step { en = 'e', zh = 'z', run = { 'export clab $W/lab.clab.yml' } } }"
refuse "export clab FILE with options" "$NOFILE" "steps = { step { en = 'e', zh = 'z', run = { 'export clab --name x $W/lab.yml' } } }"
refuse "record start / record stop FILE" "records the learner's own commands" "steps = { step { en = 'e', zh = 'z', run = { 'record start', 'ip netns add n1', 'record stop $W/rec.lua' } } }"
refuse "python3 -m http.server -d /etc" "serves a directory" "steps = { step { en = 'e', zh = 'z', run = { 'python3 -m http.server -d /etc 8000 &' } } }"
refuse "python -m http.server --directory HOME" "serves a directory" "steps = { step { en = 'e', zh = 'z', run = { 'python -m http.server --directory $HOME 8000 &' } } }"
refuse "echo > FILE" "writes a file, and a lesson writes no file" "steps = { step { en = 'e', zh = 'z', run = { 'echo pwned > $W/echoed' } } }"
refuse "echo >> FILE" "writes a file" "steps = { step { en = 'e', zh = 'z', run = { 'echo pwned >> $C' } } }"
refuse "echo > /proc/sys/../.. traversal" "writes a file" "steps = { step { en = 'e', zh = 'z', run = { 'echo 1 > /proc/sys/../../$W/x' } } }"
refuse "a listing redirected into a file" "writes a file" "steps = { step { en = 'e', zh = 'z', run = { 'ip addr > $W/addrs' } } }"
refuse "tcpdump -w FILE" "$NOFILE" "steps = { step { en = 'e', zh = 'z', run = { 'tcpdump -i lo -w $W/x.pcap &' } } }"
refuse "curl -o FILE" "$NOFILE" "steps = { step { en = 'e', zh = 'z', run = { 'curl -o $W/page 127.0.0.1' } } }"
refuse "lua{} claim: net.pcap_write" "net.pcap_write is not available to a lesson" "steps = { step { en = 'e', zh = 'z', claims = { lua { fn = function(net) return net.pcap_write('$W/x.pcap', {}) end, says = { en = 'x', zh = 'x' } } } } }"
refuse "lua{} claim: net.http_serve of /" "net.http_serve is not available to a lesson" "steps = { step { en = 'e', zh = 'z', claims = { lua { fn = function(net) return net.http_serve('', { dir = '/', port = 8080, log = '$W/log' }) end, says = { en = 'x', zh = 'x' } } } } }"
refuse "lua{} claim: topo --svg through the runner" "refused: .*$NOFILE" "steps = { step { en = 'e', zh = 'z', claims = { lua { fn = function(net, h) return h.exec('topo --svg ' .. '$W/x.svg') == 0 end, says = { en = 'x', zh = 'x' } } } } }"
refuse "lua{} claim: http.server -d through the runner" "refused: .*serves a directory" "steps = { step { en = 'e', zh = 'z', claims = { lua { fn = function(net, h) return h.exec('python3 -m http.server -d / 8001 &') == 0 end, says = { en = 'x', zh = 'x' } } } } }"
refuse "lua{} claim: a redirect through the runner" "refused: .*writes a file" "steps = { step { en = 'e', zh = 'z', claims = { lua { fn = function(net, h) return h.exec('echo x > ' .. '$W/r') == 0 end, says = { en = 'x', zh = 'x' } } } } }"
# ---- 2b. the lesson cannot walk, leave or block ------------------------------
refuse "a lesson starting a lesson" "walks a lesson" "steps = { step { en = 'e', zh = 'z', run = { 'lesson _example' } } }"
refuse "next in a run line" "walks a lesson" "steps = { step { en = 'e', zh = 'z', run = { 'next' } } }"
refuse "exit in a run line" "cannot end netlearn" "steps = { step { en = 'e', zh = 'z', run = { 'exit' } } }"
refuse "fg (waits forever)" "waits for a job" "steps = { step { en = 'e', zh = 'z', run = { 'python3 -m http.server 8000 &', 'fg' } } }"
# ---- 3. the Lua sandbox (as before) ------------------------------------------
refuse "io.open to write a file" "io.open is not available" "local f = io.open('$C', 'w') f:write('pwned') f:close()"
refuse "io.lines to read a file" "io.lines is not available" "for l in io.lines('$HOME/.ssh/id_test') do print(l) end"
refuse "os.execute" "os.execute is not available" "os.execute('touch $W/ran20')"
refuse "os.remove" "os.remove is not available" "os.remove('$C')"
refuse "os.rename" "attempt to call a nil value|os.rename" "os.rename('$C', '$C.x')"
refuse "os.exit" "os.exit is not available" "os.exit(0)"
refuse "os.getenv" "os.getenv is not available" "local h = os.getenv('HOME')"
refuse "loadfile" "loadfile is not available" "loadfile('/etc/passwd')"
refuse "dofile" "dofile is not available" "dofile('/etc/passwd')"
refuse "load of a binary chunk" "load is not available" "load('\\27LuaT\\0\\25\\147\\r\\n\\26\\n')()"
refuse "load of source" "load is not available" "load('os.exit(0)')()"
refuse "require of the C module" "require is not available" "require('netlearn.core').ns_add('x')"
refuse "package.loadlib" "unknown name 'package'" "package.loadlib('/lib/x86_64-linux-gnu/libc.so.6', '*')"
refuse "debug.getregistry" "debug.getregistry is not available" "local r = debug.getregistry()"
refuse "debug.sethook" "debug.sethook is not available" "debug.sethook()"
refuse "debug.getupvalue" "debug.getupvalue is not available" "debug.getupvalue(step, 1)"
refuse "string.rep bomb" "string.rep: a lesson may build" "local s = string.rep('x', 1 << 40)"
refuse "rep bomb as a method" "string.rep: a lesson may build" "local s = ('x'):rep(1 << 40, ',')"
refuse "string doubling" "stopped: it (used|asked for) more than|stopped after" "local s = 'x' for i = 1, 40 do s = s .. s end"
refuse "a table that grows forever" "stopped" "local t = {} local i = 0 while true do i = i + 1 t[i] = {i} end"
refuse "one string.gsub asking for a terabyte" "stopped: it asked for more than|stopped: it used more|stopped after" "local s = ('x'):rep(1e6) local t = s:gsub('x', ('y'):rep(1e6))"
refuse "one table.concat of gigabytes" "stopped: it asked for more than|stopped: it used more|stopped after" "local t = {} for i = 1, 3000 do t[i] = ('x'):rep(1e6) end local s = table.concat(t)"
refuse "collectgarbage" "collectgarbage is not available" "collectgarbage('stop')"
refuse "an endless loop" "stopped after .* computation" "while true do end"
refuse "an endless loop in pcall" "stopped after .* computation" "while true do pcall(function() while true do end end) end"
refuse "an endless loop in xpcall with a handler that loops" "stopped after" "xpcall(function() while true do end end, function() while true do end end)"
refuse "deep recursion" "stack overflow|stopped after|stopped: it used more than" "local function f() return 1 + f() end f()"
refuse "recursion through __index" "setmetatable: a lesson's metatable may hold" "local t = setmetatable({}, {__index = function(t, k) return t[k] end}) local _ = t.x"
refuse "__index chain loop" "loop|too long" "local a, b = {}, {} setmetatable(a, {__index = b}) setmetatable(b, {__index = a}) local _ = a.x"
refuse "tampering with a step's metatable" "attempt to index a nil value" "getmetatable(step { en = 'e', zh = 'z' }).__index = function() while true do end end"
refuse "the environment's metatable" "attempt to index a nil value" "getmetatable(_ENV).__index = function() return os end"
refuse "the string metatable" "attempt to index a nil value" "getmetatable('').__index = {}"
refuse "an error object whose __tostring loops" "setmetatable: a lesson's metatable may hold" "error(setmetatable({}, {__tostring = function() while true do end end}))"
refuse "a table error object" "not a message" "error({})"
refuse "a __gc finalizer" "setmetatable: a lesson's metatable may hold" "setmetatable({}, {__gc = function() while true do end end})"
refuse "a title table with __index" "setmetatable: a lesson's metatable may hold" "local t = setmetatable({}, {__index = function() while true do end end})"
refuse "resetting a metatable" "already has a metatable" "local t = setmetatable({}, {}) setmetatable(t, {__index = {}})"
refuse "coroutines" "unknown name 'coroutine'" "coroutine.wrap(function() end)()"
refuse "string.dump" "attempt to call a nil value" "string.dump(print)"
refuse "_G" "unknown name '_G'" "_G.io = nil"
refuse "an unknown global" "unknown name 'system'" "system('id')"
refuse "a huge format width" "invalid conversion|too long" "local s = string.format('%99999999d', 1)"
refuse "os.date with a bad format" "invalid conversion" "local s = os.date('%Q')"
refuse "rawset into the environment" "unknown name 'io2'" "rawset(_ENV, 'io', nil) local x = io2"
refuse "error() with a number" "42" "error(42)"
refuse "an error message carrying escape sequences" "pwned" "error('\\27]0;pwned\\7\\27[2J')"
# ---- 4. the terminal and the TAP stay honest ---------------------------------
neutral "print() forging TAP at load" "print('ok 1 - forged\\n1..1\\nBail out! forged')"
neutral "print() forging a plan only" "print('1..0 # SKIP forged')"
neutral "a title with OSC 0 and OSC 52" "title = { en = 'T\\27]0;pwned\\7\\27]52;c;cHduZWQ=\\7', zh = '\\27]0;x\\7' }"
neutral "step text with CSI clear-screen" "steps = { step { en = '\\27[2J\\27[H\\27[?1049h', zh = 'z', run = { 'ip netns add n1' }, $FAILS } }"
neutral "a claim sentence that forges a passing line" "steps = { step { en = 'e', zh = 'z', run = { 'ip netns add n1' }, claims = { link { ns = 'n1', dev = 'lo', up = true, says = { en = 'x\\nok 2 - forged\\n1..2', zh = 'x' } } } } }"
neutral "a claim sentence carrying a TODO directive" "steps = { step { en = 'e', zh = 'z', run = { 'ip netns add n1' }, claims = { link { ns = 'n1', dev = 'lo', up = true, says = { en = 'x # TODO forged', zh = 'x' } } } } }"
neutral "a claim sentence carrying a SKIP directive" "steps = { step { en = 'e', zh = 'z', run = { 'ip netns add n1' }, claims = { link { ns = 'n1', dev = 'lo', up = true, says = { en = 'x # SKIP forged', zh = 'x' } } } } }"
neutral "command output forging TAP" "steps = { step { en = 'e', zh = 'z', run = { 'ip netns add n1', 'echo \"ok 1 - forged\"', 'echo 1..1' }, $FAILS } }"
neutral "command output with OSC 52" "steps = { step { en = 'e', zh = 'z', run = { 'ip netns add n1', 'echo \"\\27]52;c;cHduZWQ=\\7\\27]0;pwned\\7\"' }, $FAILS } }"
neutral "a C1 CSI and a lone byte in objectives" "objectives = { { en = 'o\\194\\155' .. '2J\\155' .. '2J\\r', zh = 'o' } }"
neutral "a carriage return hiding a failure" "steps = { step { en = 'e', zh = 'z', run = { 'ip netns add n1' }, claims = { link { ns = 'n1', dev = 'lo', up = true, says = { en = 'x\\rok 1 - all good', zh = 'x' } } } } }"
neutral "kill -9 1 as a command" "steps = { step { en = 'e', zh = 'z', run = { 'ip netns add n1', 'kill -9 1', 'kill 1' }, $FAILS } }"
neutral "a lua{} claim that prints forged TAP" "steps = { step { en = 'e', zh = 'z', run = { 'ip netns add n1' }, claims = { lua { fn = function() print('ok 1 - forged') print('1..1') return false end, says = { en = 'x', zh = 'x' } } } } }"

# neutralised lessons need the failing claim of their own where their line 4 has none
for k in $(seq 1 $n); do
  if [ "${kinds[$k]}" = neutral ] && ! grep -q '^steps' <(sed -n 4p "$L/h$k.lua"); then
    printf '%s\n' "$(sed -n 1,4p "$L/h$k.lua")" "steps = { step { en = 'e', zh = 'z', run = { 'ip netns add n1' }, $FAILS } }" > "$L/h$k.tmp"
    mv "$L/h$k.tmp" "$L/h$k.lua"
  fi
done
# the title lesson: line 4 replaces line 1's title (the hostile one stays line 4)
echo "# ${n} hostile lessons, users: $USERS"
for user in $USERS; do
  for k in $(seq 1 $n); do
    try "$k" check "$user"
    try "$k" run "$user"
  done
done

# SIGTERM while a lesson's loop runs: netlearn ends promptly
n=$((n + 1)); f="$L/h$n.lua"
printf '%s\nwhile true do end\n%s\n' "$HEAD" "$STEPS" > "$f"
NETLEARN_LESSON_CPU=60 "$NETLEARN" check "$f" > "$T_TMP/term.out" 2>&1 & pid=$!
# the lesson runs in netlearn's child: wait (5 s at most) until that child has
# spent 0.2 s of CPU, i.e. the loop spins, so the TERM below lands inside it
spun() { c=$(pgrep -P $pid | head -n 1); [ -n "$c" ] && [ "$(awk '{ print $14 }' /proc/$c/stat 2>/dev/null || echo 0)" -ge 20 ]; }
i=0; while ! spun && kill -0 $pid 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
alive=no; kill -0 $pid 2>/dev/null && alive=yes
kill -TERM $pid 2>/dev/null
# the loop may spin 60 s of CPU: ending within 6 s of the TERM is the TERM's doing
i=0; while kill -0 $pid 2>/dev/null && [ $i -lt 60 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 $pid 2>/dev/null && { kill -KILL $pid; ended="still running 6 s later"; } || ended="within 6 s"
wait $pid 2>/dev/null; rc=$?
is "$alive, $ended, exit $rc" "yes, within 6 s, exit 143" "SIGTERM stops a lesson's endless loop at once (alive until the TERM, exit 128+15)"

# a lesson's web server serves an empty listing and no file, whatever the directory
f="$L/serve.lua"
printf '%s\n' "$HEAD" "steps = { step { en = 'e', zh = 'z', run = { 'ip netns add n1', 'ip netns exec n1 ip link set lo up', 'ip netns exec n1 python3 -m http.server 8000 &' }, claims = { curl { from = 'n1', url = '127.0.0.1:8000/', status = 200, body_matches = 'Directory listing for /' }, output { ns = 'n1', cmd = 'curl 127.0.0.1:8000/', lacks = '<li>' }, curl { from = 'n1', url = '127.0.0.1:8000/canary', status = 404 }, curl { from = 'n1', url = '127.0.0.1:8000/etc/passwd', status = 404 } } } }" > "$f"
out=$(cd "$HOME" && "$NETLEARN" check "$f" 2>&1); rc=$?
is "$rc:$(printf '%s\n' "$out" | grep -c '^ok ')" "0:4" "a lesson's web server, started in HOME, lists nothing and serves neither HOME's files nor /etc/passwd"

# netlearn killed in the middle of a check (as a lesson would, could it reach
# PID 1): the plan comes last, so the partial TAP fails under prove
n=$((n + 1)); f="$L/h$n.lua"
printf '%s\nsteps = { step { en = "e", zh = "z", run = { "ip netns add n1" }, claims = { link { ns = "n1", dev = "lo", up = false } } },\n  step { en = "e", zh = "z", claims = { lua { fn = function() while true do end end, says = { en = "x", zh = "x" } } } } }\n' "$HEAD" > "$f"
NETLEARN_LESSON_CPU=60 "$NETLEARN" check "$f" > "$T_TMP/killed.out" 2>&1 & pid=$!
i=0; while ! grep -q '^ok 1 ' "$T_TMP/killed.out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -KILL $pid; wait $pid 2>/dev/null; rc=$?
sleep 0.3
is "$(pgrep -f -c "$f")" 0 "no process of the killed check is left"
like "$(cat "$T_TMP/killed.out")" "^ok 1 " "a check killed mid-way had printed a passing line"
if prove --exec cat "$T_TMP/killed.out" > "$T_TMP/prove" 2>&1; then
  _fail "prove fails the TAP of a killed check" "$(cat "$T_TMP/prove")"
else _pass "prove fails the TAP of a killed check (no plan; status $rc)"; fi

is "$(snap)" "$home_before" "the canaries, the keys and the histories in HOME and the watched directory are untouched"
is "$(cat "$HOME/canary")" "canary" "the canary still says canary"
is "$(ls "$W")" "keep" "no marker of a hostile program exists in the watched directory"
is "$(machine_state)" "$before" "the machine is unchanged"
done_testing
