#!/bin/sh
# lessons/packet-path-bridge.lua (article 003, part 2: bridge as switch/router, veth routes by dev) passes `netlearn check`.
. "$(dirname "$0")/lib/tap.sh"
"$NETLEARN" check "$(dirname "$0")/../lessons/packet-path-bridge.lua"
