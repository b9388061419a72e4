#!/bin/sh
# netlearn's pattern matcher against the standard one (t/lua/93a-pattern.lua)
. "$(dirname "$0")/lib/tap.sh"
run_lua_test "$(dirname "$0")/lua/93a-pattern.lua"
