#!/bin/sh
# lessons/packet-path-docker.lua (article 003, part 3: Docker's three questions on red/blue + br0) passes `netlearn check`.
# (The lab's web server logs each request to stderr, as python's http.server does; those lines are dropped.)
. "$(dirname "$0")/lib/tap.sh"
"$NETLEARN" check "$(dirname "$0")/../lessons/packet-path-docker.lua" 2>"$T_TMP/stderr"
rc=$?
grep -v '" [0-9][0-9][0-9] -$' "$T_TMP/stderr" >&2
exit $rc
