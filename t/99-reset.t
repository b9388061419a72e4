#!/bin/sh
# Reset that finishes (issue 18): whole listings while the lab changes, reset
# of big labs leaves only lo, a reset that cannot empty the lab says so.
. "$(dirname "$0")/lib/tap.sh"
run_lua_test "$(dirname "$0")/lua/99-reset.lua"
