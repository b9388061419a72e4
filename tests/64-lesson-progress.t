#!/bin/sh
# Progress under $XDG_DATA_HOME/netlearn, `netlearn list`, and the Chinese side (--lang zh, locale).
. "$(dirname "$0")/lib/tap.sh"
P=$XDG_DATA_HOME/netlearn/progress
out=$("$NETLEARN" list 2>&1); rc=$?
is "$rc" 0 "list exits 0"
like "$out" "_example +Two namespaces and a veth pair" "list shows the example lesson and its title"
like "$out" "计算机网络基础02 §2 · 6 steps · not started" "list shows the article, the length and no progress yet"

out=$("$NETLEARN" run _example </dev/null 2>&1); rc=$?
like "$out" "stdin is not a terminal: running the lesson unattended" "run from a pipe runs the lesson unattended"
like "$out" "── Step 6/6 · Task: A default route for net2 ──" "every step is shown"
like "$out" "\\$ ip netns add net1" "commands are echoed"
like "$out" "Lesson complete: Two namespaces and a veth pair\\. Score" "the end shows the score"
ok "the progress file is written under XDG_DATA_HOME" test -s "$P"
like "$(cat "$P")" "^lesson _example started=[0-9]+ steps=[0-9,]* score=[0-9]+/3 finished=1" "it records steps, score and the finish"
out=$("$NETLEARN" list 2>&1)
like "$out" "finished, score [0-9]/3" "list shows the progress"
ok "nothing is written to HOME's default place" test ! -e "$HOME/.local/share/netlearn"

out=$("$NETLEARN" --lang zh run _example </dev/null 2>&1)
like "$out" "课程 _example：两个命名空间和一对 veth" "--lang zh: the lesson speaks Chinese"
like "$out" "── 第 1/6 步：两个命名空间 ──" "--lang zh: step headers in Chinese"
like "$out" "新建的命名空间里只有一个回环设备" "--lang zh: explanations in Chinese"
like "$out" "net2 有路由 default via 192.167.2.1" "--lang zh: claims in Chinese"
out=$(LANG=zh_CN.UTF-8 LC_ALL= LC_MESSAGES= "$NETLEARN" list 2>&1)
like "$out" "课程列表" "a zh locale picks Chinese"
out=$(LANG=zh_CN.UTF-8 "$NETLEARN" --lang en list 2>&1)
like "$out" "^Lessons" "--lang en beats the locale"
done_testing
