#!/bin/sh
# ip link set DEV type macvlan mode M: the mode changed in place.
. "$(dirname "$0")/lib/tap.sh"
run_lua_test "$(dirname "$0")/lua/22-macvlan-mode.lua"
