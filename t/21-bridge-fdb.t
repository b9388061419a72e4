#!/bin/sh
# bridge fdb, brctl showmacs, bridge link set hairpin: against the real tools and the kernel's table.
. "$(dirname "$0")/lib/tap.sh"
run_lua_test "$(dirname "$0")/lua/21-bridge-fdb.lua"
