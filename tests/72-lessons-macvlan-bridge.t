#!/bin/sh
# Article 001, macvlan (its four modes, each shown by a probe) and the Linux bridge br0:
# every step and claim of the lessons passes `netlearn check` (its TAP is passed through).
. "$(dirname "$0")/lib/tap.sh"
cd "$(dirname "$0")/.." || exit 1
"$NETLEARN" check lessons/05-macvlan.lua lessons/06-bridge.lua
