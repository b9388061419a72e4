#!/bin/sh
# issue 23 (instructors): a lesson that follows no article (no `article` field);
# a choice with run and claims, so its answer is proven; a recorded lesson full of
# TODO placeholders passes `check` but with a visible warning (a TAP comment
# `# warning: ...`, a line on stderr, a line in `run`, a mark in `list`).
. "$(dirname "$0")/lib/tap.sh"
L=$T_TMP/proven.lua
cat > "$L" <<'LESSON'
-- a lesson that follows no article, and a choice whose answer is proven
title = { en = "A proven choice", zh = "被证明的选择题" }
objectives = { { en = "see a loopback device", zh = "看到回环设备" } }
steps = {
  step {
    en = "Make a namespace.", zh = "创建一个命名空间。",
    run = { "ip netns add net1" },
    claims = { link { ns = "net1", dev = "lo", up = false } },
  },
  choice {
    ask = { en = "Is net1's lo up?", zh = "net1 的 lo 是 UP 的吗？" },
    options = { { en = "yes", zh = "是" }, { en = "no", zh = "不是" } },
    answer = 2,
    run = { "ip netns exec net1 ip link show lo" },
    claims = { output { cmd = "ip -n net1 link show lo", contains = "state DOWN" } },
  },
}
LESSON
out=$("$NETLEARN" check "$L" 2>&1); rc=$?
is "$rc" 0 "a lesson without 'article' passes check"
like "$out" "ok 2 - proven step 2: answer key of the question" "the choice's answer key is checked"
like "$out" "ok 3 - proven step 2: 'ip -n net1 link show lo' shows 'state DOWN'" "and then its claims"
like "$out" "^1\\.\\.3$" "3 tests: the step's claim, the answer, the choice's claim"
unlike "$out" "warning" "no warning for a finished lesson"
out=$("$NETLEARN" run "$L" </dev/null 2>&1); rc=$?
is "$rc" 0 "run: it runs"
unlike "$out" "Follows the article" "run: no article line when there is none"
like "$out" "\\$ ip netns exec net1 ip link show lo" "run: the choice's commands are shown after the answer"
like "$out" "✔ 'ip -n net1 link show lo' shows 'state DOWN'" "run: and its claims"
# a choice whose claim does not hold fails check
sed 's/contains = "state DOWN"/contains = "state UP"/' "$L" > "$T_TMP/wrong.lua"
out=$("$NETLEARN" check "$T_TMP/wrong.lua" 2>&1); rc=$?
is "$rc" 1 "a choice's claim that does not hold fails check"
like "$out" "not ok 3 - wrong step 2: 'ip -n net1 link show lo' shows 'state UP'" "and names it"
# a bad field of a choice is still refused
sed 's/answer = 2,/answer = 2, claim = {},/' "$L" > "$T_TMP/bad.lua"
out=$("$NETLEARN" check "$T_TMP/bad.lua" 2>&1)
like "$out" "bad.lua:[0-9]+: choice: unknown field 'claim' \\(choice takes: .*claims.*run" "a choice's unknown field is refused; run and claims are listed"

# a recorded lesson, as `record stop` writes it: TODO placeholders
rec=$T_TMP/recorded.lua
printf '%s\n' "record start" "ip netns add net1" "ip -n net1 link set lo up" "ping -c 1 127.0.0.1" \
  "record stop $rec" | (cd "$T_TMP" && "$NETLEARN") >/dev/null 2>&1
ok "record stop wrote a lesson" test -s "$rec"
n=$(grep -c 'TODO[:：]' "$rec")
out=$("$NETLEARN" check "$rec" 2>"$T_TMP/err"); rc=$?
is "$rc" 0 "a recorded lesson with TODOs still passes check (a warning, not a failure)"
like "$out" "^# warning: $rec: $n TODO placeholder\\(s\\) left \\(line [0-9]" "check: a TAP comment '# warning:' counts the TODOs and names the lines"
like "$(cat "$T_TMP/err")" "netlearn: warning: $rec: $n TODO" "check: and the same on stderr, which prove shows"
out=$("$NETLEARN" run "$rec" </dev/null 2>&1)
like "$out" "⚠ $rec: $n TODO placeholder" "run: a clear line"
out=$("$NETLEARN" --lang zh run "$rec" </dev/null 2>&1)
like "$out" "⚠ $rec：还有 $n 处 TODO 占位" "run --lang zh: in Chinese"
mkdir -p "$XDG_DATA_HOME/netlearn/lessons"
cp "$rec" "$XDG_DATA_HOME/netlearn/lessons/recorded.lua"
like "$("$NETLEARN" list 2>&1)" "⚠ $n TODO" "list marks it"
done_testing
