#!/bin/sh
# Article 001, ipvlan (mode l3): the lesson passes `netlearn check` where the kernel has
# CONFIG_IPVLAN (tests/90 runs this file on Debian's kernel) and is a SKIP naming it elsewhere.
. "$(dirname "$0")/lib/tap.sh"
cd "$(dirname "$0")/.." || exit 1
"$NETLEARN" check lessons/04-ipvlan.lua
