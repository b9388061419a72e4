#!/bin/sh
# ip netns pids NAME: the processes in a namespace, as the real ip lists them.
. "$(dirname "$0")/lib/tap.sh"
run_lua_test "$(dirname "$0")/lua/50-netns-pids.lua"
