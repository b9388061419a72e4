#!/bin/sh
# lessons/packet-path.lua (article 003, part 1: ip rule, routes, ARP) passes `netlearn check`.
. "$(dirname "$0")/lib/tap.sh"
"$NETLEARN" check "$(dirname "$0")/../lessons/packet-path.lua"
