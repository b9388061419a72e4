#!/bin/sh
# ip link add A netns X type veth peer name B netns Y: both ends made in place.
. "$(dirname "$0")/lib/tap.sh"
run_lua_test "$(dirname "$0")/lua/20-veth-netns.lua"
