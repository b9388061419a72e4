#!/bin/sh
# ip/bridge output compared line by line with the real tools on the same state.
. "$(dirname "$0")/lib/tap.sh"
run_lua_test "$(dirname "$0")/lua/52-format.lua"
