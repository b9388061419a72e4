#!/bin/sh
# tests/63b: every lesson passes `netlearn check` in Chinese, as in English (the
# lesson tests tests/7*.t check them in English on every machine profile), and
# what check says of each claim is Chinese: no claim line is left in English.
. "$(dirname "$0")/lib/tap.sh"
cd "$(dirname "$0")/.." || exit 1
out=$("$NETLEARN" --lang zh check lessons/*.lua 2>&1); rc=$?
is "$rc" 0 "netlearn --lang zh check: every lesson passes"
n=$(printf '%s\n' "$out" | grep -c '^ok ')
[ "$n" -gt 300 ] && _pass "$n claims checked" || _fail "$n claims checked" "$(printf '%s\n' "$out" | tail -5)"
printf '%s\n' "$out" | grep '^not ok' | head -5 | while IFS= read -r l; do echo "# $l"; done
# a claim line in English: "ok N - LESSON step K: " then only ASCII words, with none
# of the Chinese every rendered claim has (full-width brackets count as Chinese)
english=$(printf '%s\n' "$out" | grep -E '^ok [0-9]+ - [^ ]+ step [0-9]+: ' | grep -v '# SKIP' |
  perl -CSD -ne 'print unless /[^\x00-\x7f]/' | head -3)
is "$english" "" "every claim line is said in Chinese (the answer keys and challenge steps too)"
done_testing
