#!/bin/sh
# Article 001 (计算机网络基础02), namespaces/veth and routing: every step and claim of
# the lessons passes `netlearn check` (its TAP is passed through).
. "$(dirname "$0")/lib/tap.sh"
cd "$(dirname "$0")/.." || exit 1
"$NETLEARN" check lessons/01-netns-veth.lua lessons/02-routing.lua lessons/03-third-machine.lua
