#!/bin/sh
. "$(dirname "$0")/lib/tap.sh"
run_lua_test "$(dirname "$0")/lua/47-vxlan-live.lua"
