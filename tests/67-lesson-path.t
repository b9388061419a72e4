#!/bin/sh
# A lesson of one's own: the search path NETLEARN_LESSONS, then
# $XDG_DATA_HOME/netlearn/lessons, then the shipped lessons; `netlearn list`
# shows where each came from and which one replaces a shipped lesson; the list is
# ordered by name, so packet-path comes before packet-path-bridge/-docker.
. "$(dirname "$0")/lib/tap.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
U=$XDG_DATA_HOME/netlearn/lessons
mkdir -p "$U" "$T_TMP/extra"
# a lesson of one's own: the shipped example under another name and title
sed 's/en = "Two namespaces and a veth pair"/en = "My own veth lesson"/' "$top/lessons/_example.lua" > "$U/my-veth.lua"
grep -q "My own veth lesson" "$U/my-veth.lua"; is "$?" 0 "(the test's own lesson has its own title)"

out=$("$NETLEARN" list 2>&1); rc=$?
is "$rc" 0 "list exits 0"
like "$out" "my-veth +My own veth lesson" "a lesson in XDG_DATA_HOME/netlearn/lessons is listed"
like "$out" "6 steps · not started · from $U" "and list says which folder it came from"
like "$out" "Your own lessons: $U" "list names the user folder"
unlike "$out" "_example.*from " "a shipped lesson has no 'from'"
order=$(printf '%s\n' "$out" | sed -n 's/^  \(packet-path[a-z-]*\) .*/\1/p' | tr '\n' ' ')
is "$order" "packet-path packet-path-bridge packet-path-docker " "packet-path comes before its follow-ups"

out=$("$NETLEARN" check my-veth 2>&1); rc=$?
is "$rc" 0 "check NAME finds it by name"
like "$out" "^# my-veth: My own veth lesson" "and checks it"
out=$("$NETLEARN" run my-veth </dev/null 2>&1); rc=$?
is "$rc" 0 "netlearn run NAME runs it"
like "$out" "Lesson my-veth: My own veth lesson" "(the user's lesson, not another)"
out=$(printf 'lesson my-veth\n' | "$NETLEARN" 2>&1)
like "$out" "Lesson my-veth: My own veth lesson" "lesson NAME in the shell starts it"

# a user lesson named like a shipped one replaces it, and list says so
sed 's/en = "Two namespaces and a veth pair"/en = "My own IPIP"/' "$top/lessons/_example.lua" > "$U/ipip.lua"
out=$("$NETLEARN" list 2>&1)
like "$out" "ipip +My own IPIP" "a user lesson named like a shipped one wins"
like "$out" "from $U · replaces the shipped lesson of that name" "and list says it replaces the shipped one"
is "$(printf '%s\n' "$out" | grep -c '^  ipip ')" 1 "the shipped one is not listed twice"
like "$("$NETLEARN" run ipip </dev/null 2>&1)" "Lesson ipip: My own IPIP" "run NAME takes the user's"
rm "$U/ipip.lua"
like "$("$NETLEARN" list 2>&1)" "ipip +IPIP: a tunnel" "without it, the shipped one is back"

# NETLEARN_LESSONS: folders before the user folder, as PATH
sed 's/en = "Two namespaces and a veth pair"/en = "From the course folder"/' "$top/lessons/_example.lua" > "$T_TMP/extra/my-veth.lua"
cp "$T_TMP/extra/my-veth.lua" "$T_TMP/extra/course-only.lua"
out=$(NETLEARN_LESSONS="$T_TMP/nonexistent:$T_TMP/extra" "$NETLEARN" list 2>&1); rc=$?
is "$rc" 0 "a missing folder on NETLEARN_LESSONS is no error"
like "$out" "course-only +From the course folder" "a lesson from NETLEARN_LESSONS is listed"
like "$out" "my-veth +From the course folder" "NETLEARN_LESSONS comes before the user folder"
like "$out" "from $T_TMP/extra · replaces $U/my-veth.lua" "list names what it replaces"
like "$(NETLEARN_LESSONS="$T_TMP/extra" "$NETLEARN" run course-only </dev/null 2>&1)" "Lesson course-only: From the course folder" \
  "run NAME finds it on NETLEARN_LESSONS"

# the Chinese side
out=$("$NETLEARN" --lang zh list 2>&1)
like "$out" "来自 $U" "--lang zh: where it came from, in Chinese"
like "$out" "你自己的课程：$U" "--lang zh: the user folder, in Chinese"
# an unknown name still says so
out=$("$NETLEARN" check no-such-lesson 2>&1); rc=$?
is "$rc" 2 "check of an unknown name: status 2"
done_testing
