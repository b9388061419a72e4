#!/bin/sh
# lessons/docker-bridge.lua and lessons/docker-dnat.lua (article 004) pass `netlearn check`.
# (The lab's web servers log each request to stderr, as python's http.server does; those lines are dropped.)
. "$(dirname "$0")/lib/tap.sh"
L=$(dirname "$0")/../lessons
"$NETLEARN" check "$L/docker-bridge.lua" "$L/docker-dnat.lua" 2>"$T_TMP/stderr"
rc=$?
grep -v '" [0-9][0-9][0-9] -$' "$T_TMP/stderr" >&2
exit $rc
