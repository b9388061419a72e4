#!/bin/sh
# iproute2 abbreviations (ip l s, ip a a, ip r a, ip net, ip n ...) resolve like the real ip.
. "$(dirname "$0")/lib/tap.sh"
run_lua_test "$(dirname "$0")/lua/51-abbrev.lua"
