#!/bin/sh
# make install: the binary, the Lua library, the lessons and the man page land under
# PREFIX (and DESTDIR), and the installed binary finds its library there.
. "$(dirname "$0")/lib/tap.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
prefix="$T_TMP/prefix"
out=$(make -s -C "$top" install PREFIX="$prefix" BUILD="$T_TMP/build" 2>&1); rc=$?
is "$rc" 0 "make install PREFIX=... succeeds"
ok "the binary is installed" test -x "$prefix/bin/netlearn"
ok "the Lua library is installed" test -f "$prefix/share/netlearn/lua/netlearn/main.lua"
ok "the command modules are installed" test -f "$prefix/share/netlearn/lua/netlearn/cmd/builtin.lua"
ok "the man page is installed" test -f "$prefix/share/man/man1/netlearn.1"
ok "the lessons directory is installed" test -d "$prefix/share/netlearn/lessons"
is "$(cd / && printf 'print(require("netlearn.json").encode({1,2}))\n' | "$prefix/bin/netlearn")" "[1,2]" \
  "the installed binary finds its Lua library"
like "$(cd / && printf 'print(NETLEARN_HOME)\n' | "$prefix/bin/netlearn")" "^$prefix/share/netlearn$" \
  "the installed binary's home is PREFIX/share/netlearn"
staged="$T_TMP/stage"
make -s -C "$top" install PREFIX=/opt/nl DESTDIR="$staged" BUILD="$T_TMP/build2" >/dev/null 2>&1
ok "DESTDIR stages the files under it" test -x "$staged/opt/nl/bin/netlearn"
ok "DESTDIR stages the library under it" test -f "$staged/opt/nl/share/netlearn/lua/netlearn/shell.lua"
if command -v man >/dev/null; then
  like "$(MANWIDTH=80 man -l "$top/docs/netlearn.1" 2>/dev/null | head -20)" "netlearn" "the man page renders"
fi
done_testing
