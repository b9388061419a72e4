#!/bin/sh
# Big labs stay fast and correct (bench, issue 14): O(1) device lookups, O(N)
# listings, machine views that keep errors, NETLEARN_PROBE_STATS.
. "$(dirname "$0")/lib/tap.sh"
run_lua_test "$(dirname "$0")/lua/99-big-lab.lua"
