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
like "$out" "/nonexistent/x.lua: cannot open file" "run of a missing file names it"

printf 'local x = \nprint(1\n' > "$T_TMP/syntax.lua"
out=$("$NETLEARN" run "$T_TMP/syntax.lua" 2>&1); rc=$?
is "$rc" 1 "a script with a syntax error exits 1"
like "$out" "syntax.lua:[0-9]+: " "a syntax error is reported as FILE:LINE"

printf 'print("before")\nlocal t = nil\nprint(t.x)\n' > "$T_TMP/runtime.lua"
out=$("$NETLEARN" run "$T_TMP/runtime.lua" 2>&1); rc=$?
is "$rc" 1 "a script with a runtime error exits 1"
like "$out" "runtime.lua:3: attempt to index a nil value" "a runtime error is reported as FILE:LINE: message"
like "$out" "^before" "output before the error is kept"

printf 'print(6*7)\nnet.version()\n' > "$T_TMP/ok.lua"
is "$("$NETLEARN" run "$T_TMP/ok.lua")" "42" "run executes a Lua file in the sandbox"

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
