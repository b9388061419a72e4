#!/bin/sh
# Malformed ip/bridge/brctl lines: iproute2's error words, one hint, nothing changed.
. "$(dirname "$0")/lib/tap.sh"
run_lua_test "$(dirname "$0")/lua/54-errors.lua"
