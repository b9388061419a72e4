#!/bin/sh
# Restricted user namespaces (issue 18): a failed sandbox entry is turned into one
# line naming the cause and the fix. The machine's switches are read from a fake
# /proc (NETLEARN_PROC_ROOT), since a test cannot flip AppArmor or sysctls here.
. "$(dirname "$0")/lib/tap.sh"
export DIAG_TMP="$T_TMP"
NETLEARN_PROC_ROOT="$T_TMP/wired" exec "$NETLEARN" lua "$(dirname "$0")/parts/08-userns-diag.lua"
