#!/bin/sh
. "$(dirname "$0")/lib/tap.sh"
run_lua_test "$(dirname "$0")/lua/89-why-api.lua"
