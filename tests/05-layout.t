#!/bin/sh
# The code's shape, as issue #19 asks: no source file over 800 lines, and no Lua
# file (library, lesson or test) compares an errno with a raw number
# (net.errno.NAME, exported by src/lnet.c, says which one it means); every name
# used is one lnet.c exports. netlearn's own modules are always built in: none is
# required through pcall, as if a build could lack it.
. "$(dirname "$0")/lib/tap.sh"
top=${TESTDIR%/*}
cd "$top" || exit 1
big=$(wc -l src/*.c src/*.h lua/netlearn/*.lua lua/netlearn/*/*.lua | awk '$2 != "total" && $1 > 800 {print $2 " (" $1 " lines)"}')
is "$big" "" "no source file in src/ or lua/ is over 800 lines"
raw=$(grep -rnE 'errno\)? *[=~]= *[1-9][0-9]*' lua lessons tests --include=*.lua)
is "$raw" "" "no Lua file (library, lesson or test) compares an errno with a raw number"
exported=$(grep -oE '\bE\(E[A-Z0-9]+\)' src/lnet.c | sed 's/^E(\(.*\))$/\1/' | sort -u)
used=$(grep -rhoE 'net\.errno\.E[A-Z0-9]+' lua lessons tests --include=*.lua | sed 's/net\.errno\.//' | sort -u)
missing=$(printf '%s\n' "$used" | while read -r n; do [ -z "$n" ] || printf '%s\n' "$exported" | grep -qx "$n" || echo "$n"; done)
is "$missing" "" "every net.errno name the Lua code uses is exported by src/lnet.c"
staged=$(grep -rn 'pcall(require, "netlearn\.' lua lessons tests --include=*.lua)
is "$staged" "" "no netlearn module is required through pcall (they always exist: an error there must surface)"
[ -n "$used" ] && _pass "the Lua code names errnos (net.errno.*)" || _fail "the Lua code names errnos (net.errno.*)"
# the same, at run time: the names resolve to the numbers this machine uses
echo 'local net = require("netlearn.core") print(net.errno.ENODEV, net.errno.ECHILD, net.errno.EOPNOTSUPP)' > "$T_TMP/errno.lua"
out=$("$NETLEARN" lua "$T_TMP/errno.lua" 2>&1)
is "$out" "$(printf '19\t10\t95')" "net.errno gives this architecture's numbers (ENODEV, ECHILD, EOPNOTSUPP)"
done_testing
