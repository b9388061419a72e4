#!/bin/sh
# probe_wait_until (src/probe_util.c), the primitive every probe's wait goes
# through: an end already past polls once and returns, never waits forever
# (tests/c/wait_until.c, built from the project's objects).
. "$(dirname "$0")/lib/tap.sh"
top=${TESTDIR%/*}
obj=${OBJDIR:-$top/build/obj}
[ -f "$obj/probe_util.o" ] || skip_all "no objects in $obj (run make)"
command -v "${CC:-cc}" >/dev/null || skip_all "no C compiler"
lua=$(pkg-config --cflags --libs lua5.4 2>/dev/null)
# shellcheck disable=SC2086
if "${CC:-cc}" -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I"$top/src" -o "$T_TMP/wait_until" \
	"$top/tests/c/wait_until.c" "$obj/probe_util.o" "$obj/addrparse.o" "$obj/ns.o" "$obj/labchange.o" "$obj/deferred_close.o" "$obj/interrupt.o" \
	$lua -lm 2> "$T_TMP/cc"; then
	_pass "tests/c/wait_until.c builds from probe_util.o"
else
	_fail "tests/c/wait_until.c builds from probe_util.o" "$(head -5 "$T_TMP/cc")"
	done_testing
fi
"$T_TMP/wait_until" > "$T_TMP/out"
rc=$?
is "$rc" 0 "the program ends (no wait was endless)"
like "$(cat "$T_TMP/out")" '1\.\.8' "it ran its 8 checks"
unlike "$(cat "$T_TMP/out")" 'not ok' "every check passed"
grep 'ok' "$T_TMP/out" | sed 's/^/# /'
done_testing
