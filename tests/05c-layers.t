#!/bin/sh
# The C layers (issue #19), measured on the built objects (build/obj, or
# $OBJDIR): primitives -> aux (luax.c) <- bindings (l_*.c) <- registration
# (lnet.c). nm -g gives each object's defined and undefined symbols; an edge
# A -> B means A uses a symbol B defines.
#  - no circle between objects, except inside one family (decode_*), which
#    is one unit split for size (limits and lpattern were one too, until the
#    deadline both check moved down into deadline.c; nft_* and l_nat/l_nft
#    until the netfilter socket moved into nft_sock.c and l_nft.c got its own
#    table; kind.c and kind_*.c until the kinds handed their values to the
#    binding through kind.h's struct kind_out: now a circle between any of
#    them fails);
#  - no primitive object references lua_*/luaL_* except the shell's own
#    (lnet main repl luax limits lpattern) and the files still listed
#    as mixed below: a new mixed file fails, and so does a listed one that is
#    clean (then take it off the list);
#  - nothing but main links against repl.o or lnet.o;
#  - a C program links from primitive objects alone, without Lua (tests/c), and
#    so does one from link.o and the kinds with libnl (tests/c/kinds.c).
. "$(dirname "$0")/lib/tap.sh"
top=${TESTDIR%/*}
obj=${OBJDIR:-$top/build/obj}
src=${SRCDIR:-${obj%/build/obj}/src}   # objects without a source (stale) are left out
[ -f "$obj/ns.o" ] || skip_all "no objects in $obj (run make)"
command -v nm >/dev/null && command -v tsort >/dev/null || skip_all "needs nm and tsort"

# files that still mix binding and primitive (#19: move their l_* functions
# to l_<family>.c, then remove them here). None is left: capture.c's binding
# is l_capture.c; the kind files hand their attributes to l_link_push.c
# through kind.h's struct kind_out, without Lua.
MIXED=""
SHELL_OBJS="lnet main repl luax limits lpattern"

for o in "$obj"/*.o; do
	n=${o##*/}; n=${n%.o}
	[ -f "$src/$n.c" ] || continue
	nm -g --defined-only "$o" | awk -v n="$n" 'NF == 3 {print $3, n}'
done | sort > "$T_TMP/def"
for o in "$obj"/*.o; do
	n=${o##*/}; n=${n%.o}
	[ -f "$src/$n.c" ] || continue
	nm -g -u "$o" | awk -v n="$n" '{print $NF, n}'
done | sort > "$T_TMP/und"
join "$T_TMP/und" "$T_TMP/def" | awk '$2 != $3 {print $2, $3}' | sort -u > "$T_TMP/edges"
[ -s "$T_TMP/edges" ] && _pass "the object graph has edges" || _fail "the object graph has edges"

family() { sed -E 's/(^| )decode_[a-z_]+/\1decode/g'; }
family < "$T_TMP/edges" | awk '$1 != $2' | sort -u > "$T_TMP/fam"
loops=$(tsort "$T_TMP/fam" 2>&1 >/dev/null | sed 's/^tsort: //' | tr '\n' ' ')
is "$loops" "" "no circle between objects (families collapsed)"

users=$(awk '$2 == "repl" || $2 == "lnet" {print $1}' "$T_TMP/edges" | sort -u | tr '\n' ' ')
is "$users" "main " "only main.o links against repl.o and lnet.o"

bad= stale=
for o in "$obj"/*.o; do
	n=${o##*/}; n=${n%.o}
	[ -f "$src/$n.c" ] || continue
	case " $SHELL_OBJS " in *" $n "*) continue ;; esac
	case $n in l_*) continue ;; esac
	uses=$(nm -g -u "$o" | awk '$NF ~ /^luaL?_/' | wc -l)
	case " $MIXED " in
	*" $n "*) [ "$uses" -gt 0 ] || stale="$stale $n" ;;
	*) [ "$uses" -eq 0 ] || bad="$bad $n" ;;
	esac
done
is "$bad" "" "no primitive object outside the mixed list references lua_*/luaL_*"
is "$stale" "" "every file on the mixed list still mixes (take clean ones off)"

# the same rule in the sources: Lua's headers come only through src/luax.h, and
# only bindings, the shell's own files and the mixed list include it
inc=
for f in "$src"/*.c "$src"/*.h; do
	n=${f##*/}; n=${n%.*}
	grep -qE '^#include (<lua\.h>|<lauxlib\.h>|<lualib\.h>|"luax\.h")' "$f" || continue
	case $n in l_*|luax) continue ;; esac
	case " $SHELL_OBJS $MIXED " in *" $n "*) continue ;; esac
	inc="$inc ${f##*/}"
done
is "$inc" "" "Lua's headers reach only the bindings, the shell and the listed mixed files (src/luax.h)"

# c_program NAME PLAN WHAT ARGS...: tests/c/NAME.c compiled with the project's
# warnings and linked with ARGS (objects, libraries) alone; it runs, its checks pass
c_program() {
	name=$1 plan=$2 what=$3
	shift 3
	if "${CC:-cc}" -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I"$top/src" -o "$T_TMP/$name" \
		"$top/tests/c/$name.c" "$@" 2> "$T_TMP/ld"; then
		_pass "tests/c/$name.c links with $what"
		out=$("$T_TMP/$name")
		like "$out" "^1\.\.$plan" "tests/c/$name runs"
		unlike "$out" 'not ok' "tests/c/$name's checks pass"
	else
		_fail "tests/c/$name.c links with $what" "$(head -5 "$T_TMP/ld")"
	fi
}
# a program from primitive objects only, linked without any library beyond
# libc and without Lua's headers: netlearn.h and the primitives' headers need
# none; and one from link.o and the kinds, with libnl and still no Lua (the
# kinds hand their values to kind.h's struct kind_out)
if command -v "${CC:-cc}" >/dev/null; then
	c_program layers 5 "ns.o, labchange.o and deferred_close.o (no Lua, no binding)" \
		"$obj/ns.o" "$obj/labchange.o" "$obj/deferred_close.o"
	nl=$(pkg-config --cflags --libs libnl-3.0 libnl-route-3.0 2>/dev/null)
	if [ -n "$nl" ]; then
		# shellcheck disable=SC2086 # pkg-config's words, split on purpose
		c_program kinds 6 "link.o, the kinds and netlink's objects (no Lua, no binding)" \
			"$obj/link.o" "$obj/link_del.o" "$obj/kind.o" "$obj"/kind_*.o "$obj/nlreq.o" "$obj/nlsock.o" \
			"$obj/ns.o" "$obj/labchange.o" "$obj/deferred_close.o" "$obj/deadline.o" "$obj/interrupt.o" $nl
	else
		_pass "# SKIP no pkg-config for libnl"
	fi
else
	_pass "# SKIP no C compiler"
fi
done_testing
