#!/bin/sh
# The netlearn program's command line: options, `run`, piped input, bad usage.
. "$(dirname "$0")/lib/tap.sh"

out=$("$NETLEARN" --help 2>&1); rc=$?
is "$rc" 0 "--help exits 0"
like "$out" "^usage: netlearn" "--help prints the usage"
like "$("$NETLEARN" --version)" "^netlearn [0-9]+\.[0-9]+" "--version prints the version"

out=$("$NETLEARN" --bogus 2>&1); rc=$?
is "$rc" 2 "an unknown option exits 2"
like "$out" "unknown option '--bogus'" "an unknown option is named"
like "$out" "usage: netlearn" "an unknown option shows the usage line"
is "$(printf '%s\n' "$out" | wc -l)" 2 "the error is one line plus the usage line"

out=$("$NETLEARN" frobnicate 2>&1); rc=$?
is "$rc" 2 "an unknown command exits 2"
like "$out" "unknown command 'frobnicate'" "an unknown command is named"

out=$("$NETLEARN" --lang fr 2>&1); rc=$?
is "$rc" 2 "--lang with a language netlearn lacks exits 2"
like "$out" "--lang takes en or zh" "--lang says which languages exist"

out=$("$NETLEARN" run 2>&1); rc=$?
is "$rc" 2 "run without a file exits 2"
like "$out" "run takes one FILE" "run without a file says what it takes"

out=$("$NETLEARN" run /nonexistent/x.lua 2>&1); rc=$?
is "$rc" 2 "run of a missing file exits 2 (as check of a missing lesson)"
like "$out" "/nonexistent/x.lua: cannot open" "run of a missing file names it"

out=$("$NETLEARN" lua 2>&1); rc=$?
is "$rc" 2 "lua without a file exits 2"
like "$out" "lua takes one FILE of trusted Lua" "lua without a file says what it takes"

out=$("$NETLEARN" lua /nonexistent/x.lua 2>&1); rc=$?
is "$rc" 1 "lua of a missing file exits 1"
like "$out" "/nonexistent/x.lua: cannot open file" "lua of a missing file names it"

printf 'local x = \nprint(1\n' > "$T_TMP/syntax.lua"
out=$("$NETLEARN" lua "$T_TMP/syntax.lua" 2>&1); rc=$?
is "$rc" 1 "a script with a syntax error exits 1"
like "$out" "syntax.lua:[0-9]+: " "a syntax error is reported as FILE:LINE"

printf 'print("before")\nlocal t = nil\nprint(t.x)\n' > "$T_TMP/runtime.lua"
out=$("$NETLEARN" lua "$T_TMP/runtime.lua" 2>&1); rc=$?
is "$rc" 1 "a script with a runtime error exits 1"
like "$out" "runtime.lua:3: attempt to index a nil value" "a runtime error is reported as FILE:LINE: message"
like "$out" "^before" "output before the error is kept"

printf 'print(6*7)\nnet.version()\n' > "$T_TMP/ok.lua"
is "$("$NETLEARN" lua "$T_TMP/ok.lua")" "42" "lua executes a trusted Lua file in the sandbox"

# run never guesses: any file is a lesson, loaded contained
out=$("$NETLEARN" run "$T_TMP/ok.lua" 2>&1); rc=$?
is "$rc" 1 "run of a plain Lua file takes it as a lesson (and refuses it)"
like "$out" "ok.lua:[0-9]+: .*(net|missing lesson field)" "run names the file's line and what a lesson lacks"
printf 'local f = io.open("%s/written", "w") f:write("x") f:close()\n' "$T_TMP" > "$T_TMP/writes.lua"
out=$("$NETLEARN" run "$T_TMP/writes.lua" 2>&1); rc=$?
like "$rc:$out" "^1:.*writes.lua:1: io.open is not available" "run of a plain Lua file runs it contained: io.open is refused at its line"
ok "and the file it meant to write does not exist" test ! -e "$T_TMP/written"
out=$("$NETLEARN" --trust-lessons run "$T_TMP/ok.lua" 2>&1); rc=$?
is "$rc" 2 "--trust-lessons is gone (exit 2)"
like "$out" "netlearn lua FILE" "and says that trusted Lua runs with 'netlearn lua FILE'"
like "$("$NETLEARN" --help)" "netlearn lua FILE +run FILE as TRUSTED Lua" "--help names the trusted command as such"

# piped standard input: lines taken as typed, no prompt
is "$(printf 'print(1+1)\n' | "$NETLEARN")" "2" "piped 'print(1+1)' prints 2 and no prompt"
is "$(printf '1+2\n' | "$NETLEARN")" "3" "the value of an expression is printed"
is "$(printf '"a", 2\n' | "$NETLEARN")" '"a"	2' "several values are printed, strings quoted"
is "$(printf 'for i = 1, 2 do\nprint(i)\nend\n' | "$NETLEARN")" "$(printf '1\n2')" "a multi-line statement is completed over lines"
out=$(printf 'print("a")\nerror("boom")\nprint("never")\n' | "$NETLEARN" 2>&1); rc=$?
is "$rc" 1 "piped input stops at the first error with status 1"
like "$out" "stdin:1: boom" "the error has its message and location"
unlike "$out" "never" "nothing after the first error runs"
out=$(printf 'for i = 1, 2 do\n' | "$NETLEARN" 2>&1); rc=$?
is "$rc" 1 "input ending inside a statement fails"
like "$out" "<eof>" "and says the statement was not finished"
out=$(printf 'echo one && echo two; echo three # a comment\n' | "$NETLEARN" 2>&1)
is "$out" "$(printf 'one\ntwo\nthree')" "&&, ; and # comments work as in a shell"
out=$(printf 'echo a \\\nb\n' | "$NETLEARN" 2>&1)
is "$out" "a b" "a trailing backslash continues the line"
out=$(printf 'sudo echo hi\n' | "$NETLEARN" 2>&1)
is "$out" "hi" "a leading sudo is accepted"
out=$(printf 'nosuchcmd --x\n' | "$NETLEARN" 2>&1); rc=$?
is "$rc" 1 "an unknown command fails"
out=$(printf '!echo real program\n' | "$NETLEARN" 2>&1)
is "$out" "real program" "!COMMAND runs a real program"
out=$(printf '!exit 3\n' | "$NETLEARN" 2>&1); rc=$?
is "$rc" 1 "a failing !COMMAND stops piped input"
out=$(printf 'exit\nprint("after")\n' | "$NETLEARN" 2>&1); rc=$?
is "$rc" 0 "exit leaves with status 0"
is "$out" "" "nothing after exit runs"
done_testing
