#!/bin/sh
# lessons/docker-bridge.lua and lessons/docker-dnat.lua (article 004) pass `netlearn check`.
. "$(dirname "$0")/lib/tap.sh"
"$NETLEARN" check "$(dirname "$0")/../lessons/docker-bridge.lua" "$(dirname "$0")/../lessons/docker-dnat.lua"
