#!/bin/sh
# Lesson commands in the shell (piped): lesson, next, a prediction, score, hint, a task
# re-checked after each command the learner types, quit.
. "$(dirname "$0")/lib/tap.sh"
out=$(printf '%s\n' 'lesson _example' next next 2 score next next 1 next next hint hint \
  'ip netns exec net2 ip route add default via 192.167.2.1' score explain next quit quit | "$NETLEARN" 2>&1); rc=$?
is "$rc" 0 "the session ends cleanly"
like "$out" "Lesson _example: Two namespaces and a veth pair" "lesson NAME starts the lesson"
like "$out" "── Step 3/6 · Predict: Before the links are up ──" "next goes on step by step"
like "$out" "✔ right" "a right answer is marked"
like "$out" "score for _example: 1/3" "score counts the prediction"
like "$out" "☐ net2 has the route default via 192.167.2.1" "a task shows what must hold"
like "$out" "the task is not done yet" "next refuses to leave an unfinished task"
like "$out" "💡 Routes in a namespace" "hint gives the first hint"
like "$out" "💡 ip netns exec net2 ip route add default via 192.167.2.1" "hint again gives the next"
like "$out" "✔ task done" "the task is re-checked after the learner's command"
like "$out" "score for _example: 3/3" "the task counts"
like "$out" "What this step claims:" "explain lists the claims"
like "$(printf '%s\n' "$out" | grep -A2 '✔ task done' | tr '\n' '|')" \
  "^✔ task done\\|  ✔ net2 has the route default via 192.167.2.1\\|Why: A default route is the one used" \
  "a task done: its claims, then its why"
like "$out" "Why: A DOWN device sends nothing" "a prediction says its why"
like "$out" "In short: A veth pair joins two namespaces like a cable" "the lesson's summary at the end"
like "$out" "ip netns exec net1 ip link   \\[\\+ the lesson's, not in the article\\]" "a command the lesson adds is marked"
unlike "$out" "ip netns add net1   \\[" "the article's own commands are not"
like "$out" "left the lesson _example" "quit leaves the lesson"
like "$(cat "$XDG_DATA_HOME/netlearn/progress")" "lesson _example .*score=3/3" "the score is kept"

# in Chinese: full-width colon after Chinese words, the marks in Chinese
out=$(printf '%s\n' 'lesson _example' next next 2 next next 1 next \
  'ip netns exec net2 ip route add default via 192.167.2.1' next quit quit | "$NETLEARN" --lang zh 2>&1)
like "$out" "原因：DOWN 的设备什么也不发送" "zh: why with a full-width colon"
like "$out" "原因：默认路由" "zh: a task's why"
like "$out" "小结：veth 对像一根网线" "zh: the summary"
like "$out" "ip netns exec net1 ip link   \\[\\+ 课程补充，原文没有\\]" "zh: the lesson's own command marked"
like "$out" "先猜一猜：" "zh: the prediction heading with a full-width colon"
unlike "$out" "原因: |小结: |Why:|In short:" "zh: no English label, no half-width colon"

out=$(printf '%s\n' 'next' 'lesson nosuch' | "$NETLEARN" 2>&1)
like "$out" "no lesson is running" "next outside a lesson says how to start one"
like "$out" "no lesson 'nosuch'" "an unknown lesson is named"

out=$(printf '%s\n' 'lesson _example' next next 1 back | "$NETLEARN" 2>&1)
like "$out" "✘ not quite: the answer is 2\\) no" "a wrong answer shows the right one"
like "$out" "rebuilding the lab up to step 1" "back rebuilds the lab"
like "$(printf '%s\n' "$out" | tail -n 30)" "── Step 2/6: A veth pair ──" "back shows the previous step again"
out=$(printf '%s\n' 'help lesson' | "$NETLEARN" 2>&1)
like "$out" "no io, os.execute, os.exit" "help lesson says what the restricted environment allows"
done_testing
