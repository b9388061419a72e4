#!/bin/sh
# The IPIP lesson, unattended: every step, every claim (TAP from netlearn check).
. "$(dirname "$0")/lib/tap.sh"
exec "$NETLEARN" check "$(dirname "$0")/../lessons/ipip.lua"
