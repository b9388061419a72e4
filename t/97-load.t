#!/bin/sh
# load: namespaces on a bridge and many routes (LOAD_NS, LOAD_ROUTES; `make load` runs 1000 / 10000)
. "$(dirname "$0")/lib/tap.sh"
run_lua_test "$(dirname "$0")/lua/97-load.lua"
