#!/bin/sh
# ip -s [-s] link: the counters, byte for byte as iproute2 6.1 prints them.
. "$(dirname "$0")/lib/tap.sh"
run_lua_test "$(dirname "$0")/lua/52-ip-stats.lua"
