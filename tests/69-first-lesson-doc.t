#!/bin/sh
# docs/lesson-authoring.md, "Your first lesson in 10 minutes", walked as a new
# instructor walks it: the example lesson is taken from the guide's own text (so
# the guide cannot drift from what works), saved in the user lesson folder the
# guide names, listed, checked and run.
. "$(dirname "$0")/lib/tap.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
doc=$top/docs/lesson-authoring.md
sec=$(awk '/^## Your first lesson in 10 minutes/{f=1;next} f&&/^## /{exit} f' "$doc")
like "$sec" "mkdir -p ~/.local/share/netlearn/lessons" "the guide says where to put the lesson"
like "$sec" "Save this as .~/.local/share/netlearn/lessons/my-first.lua." "and under which name"
# the lesson: the first ```lua block of that section, as the reader copies it
printf '%s\n' "$sec" | awk '/^```lua$/{g=1;next} g&&/^```$/{exit} g' > "$T_TMP/my-first.lua"
ok "the section holds the lesson (a lua block)" test -s "$T_TMP/my-first.lua"
unlike "$(cat "$T_TMP/my-first.lua")" "^article" "it needs no article"
# the guide's folder, with HOME as the reader's (XDG_DATA_HOME unset: the default)
dir=$HOME/.local/share/netlearn/lessons
mkdir -p "$dir"
cp "$T_TMP/my-first.lua" "$dir/my-first.lua"
out=$(env -u XDG_DATA_HOME "$NETLEARN" list 2>&1); rc=$?
is "$rc" 0 "netlearn list"
like "$out" "my-first +My first lesson: a cable between two namespaces" "lists it"
like "$out" "from $dir" "from the user folder"
out=$(env -u XDG_DATA_HOME "$NETLEARN" check my-first 2>&1); rc=$?
is "$rc" 0 "netlearn check my-first passes" 
[ "$rc" = 0 ] || printf '#   %s\n' "$out" | head -30
unlike "$out" "not ok" "no claim fails"
like "$out" "^1\\.\\.[1-9]" "it has a plan"
is "$(printf '%s\n' "$out" | grep -c '^ok ')" "$(printf '%s\n' "$out" | sed -n 's/^1\.\.//p')" "every test is ok"
like "$out" "answer key of the question" "its questions are checked"
like "$out" "'ip netns exec net1 ip neigh' shows '10.0.0.2 dev veth0'" "and the choice's answer is proven"
unlike "$out" "warning" "no warning"
out=$(env -u XDG_DATA_HOME "$NETLEARN" run my-first </dev/null 2>&1); rc=$?
is "$rc" 0 "netlearn run my-first walks it"
like "$out" "Lesson complete: My first lesson" "to the end"
out=$(env -u XDG_DATA_HOME "$NETLEARN" --lang zh run my-first </dev/null 2>&1)
like "$out" "课程 my-first：我的第一课" "and in Chinese"
# the guide's example of a mistake is what a typo gives
sed 's/type = "veth"/typ = "veth"/' "$T_TMP/my-first.lua" > "$dir/my-first.lua"
out=$(env -u XDG_DATA_HOME "$NETLEARN" check my-first 2>&1); rc=$?
is "$rc" 1 "a typo fails check"
# (Lua shortens a long path to ".../TAIL": match from the file's name on)
line=$(printf '%s\n' "$out" | sed -n "s|^#   .*/\\(my-first.lua:[0-9]*: link: unknown field 'typ'\\).*|\\1|p")
like "$line" "^my-first.lua:[0-9]+: link" "with FILE:LINE and the field"
like "$sec" "\\.\\.\\./$line" "the line the guide shows"
done_testing
