#!/bin/sh
# make install: the binary, the Lua library, the lessons and the man page land under
# PREFIX (and DESTDIR), and the installed binary finds its library there.
. "$(dirname "$0")/lib/tap.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
prefix="$T_TMP/prefix"
# APPARMOR=0: an install without DESTDIR would write (and load) the machine's own
# /etc/apparmor.d/netlearn; the profile is tested staged, below
out=$(make -s -C "$top" install PREFIX="$prefix" BUILD="$T_TMP/build" APPARMOR=0 2>&1); rc=$?
is "$rc" 0 "make install PREFIX=... succeeds"
ok "the binary is installed" test -x "$prefix/bin/netlearn"
ok "the Lua library is installed" test -f "$prefix/share/netlearn/lua/netlearn/main.lua"
ok "the command modules are installed" test -f "$prefix/share/netlearn/lua/netlearn/cmd/builtin.lua"
ok "the man page is installed" test -f "$prefix/share/man/man1/netlearn.1"
ok "the lessons directory is installed" test -d "$prefix/share/netlearn/lessons"
doc="$prefix/share/doc/netlearn"
ok "the authoring guide is installed" test -f "$doc/lesson-authoring.md"
ok "the Lua API reference is installed" test -f "$doc/lua-api.md"
nmd=0; for f in "$top"/docs/*.md "$top"/docs/api/*.md; do
  rel=${f#"$top"/docs/}; [ -f "$doc/$rel" ] && cmp -s "$f" "$doc/$rel" && nmd=$((nmd + 1)); done
is "$nmd" "$(ls "$top"/docs/*.md "$top"/docs/api/*.md | wc -l)" "every docs/*.md and docs/api/*.md is installed, unchanged"
ok "the API pages keep their folder (lua-api.md links api/NAME.md)" test -f "$doc/api/route.md"
like "$(grep -c 'share/doc/netlearn' "$prefix/share/man/man1/netlearn.1")" '^[1-9]' "the man page says where the guides are"
is "$(cd / && printf 'print(require("netlearn.json").encode({1,2}))\n' | "$prefix/bin/netlearn")" "[1,2]" \
  "the installed binary finds its Lua library"
like "$(cd / && printf 'print(NETLEARN_HOME)\n' | "$prefix/bin/netlearn")" "^$prefix/share/netlearn$" \
  "the installed binary's home is PREFIX/share/netlearn"
staged="$T_TMP/stage"
make -s -C "$top" install PREFIX=/opt/nl DESTDIR="$staged" BUILD="$T_TMP/build2" >/dev/null 2>&1
ok "DESTDIR stages the files under it" test -x "$staged/opt/nl/bin/netlearn"
ok "DESTDIR stages the library under it" test -f "$staged/opt/nl/share/netlearn/lua/netlearn/shell.lua"
ok "DESTDIR stages the guides under it" test -f "$staged/opt/nl/share/doc/netlearn/lesson-authoring.md"
make -s -C "$top" uninstall PREFIX=/opt/nl DESTDIR="$staged" APPARMOR=0 >/dev/null 2>&1
ok "make uninstall removes the guides" test ! -e "$staged/opt/nl/share/doc/netlearn"

# The AppArmor profile (restricted user namespaces, Ubuntu 23.10+)
ok "no profile where DESTDIR has no etc/apparmor.d" test ! -e "$staged/etc/apparmor.d/netlearn"
aa="$T_TMP/stage-aa"
mkdir -p "$aa/etc/apparmor.d"
out=$(make -s -C "$top" install PREFIX=/opt/nl DESTDIR="$aa" BUILD="$T_TMP/build2" 2>&1)
prof="$aa/etc/apparmor.d/netlearn"
ok "a profile where DESTDIR/etc/apparmor.d exists" test -f "$prof"
like "$out" "AppArmor profile: $prof" "make install says where it went"
unlike "$out" "not loaded" "and loads nothing when staging (DESTDIR)"
is "$(stat -c %a "$prof" 2>/dev/null)" 644 "readable by all, writable by root"
is "$(grep -c '^profile netlearn /opt/nl/bin/netlearn flags=(unconfined) {$' "$prof")" 1 \
  "the profile names the installed binary (BINDIR)"
is "$(grep -c '/usr/local/bin' "$prof")" 1 "the default path is left only in the comment"
is "$(grep -Ec '^ *userns,$' "$prof")" 1 "it allows user namespaces"
is "$(grep -Ec '^abi <abi/4.0>,$' "$prof")" 1 "with the AppArmor 4 ABI (the one that knows userns)"
is "$(grep -Ec '^ *include if exists <local/netlearn>$' "$prof")" 1 "and the local override"
one="$T_TMP/stage-aa1"
make -s -C "$top" install PREFIX=/usr BINDIR=/usr/games DESTDIR="$one" BUILD="$T_TMP/build2" APPARMOR=1 >/dev/null 2>&1
is "$(grep -c '^profile netlearn /usr/games/netlearn ' "$one/etc/apparmor.d/netlearn" 2>/dev/null)" 1 \
  "APPARMOR=1 installs it anyway, with BINDIR's path"
zero="$T_TMP/stage-aa0"
mkdir -p "$zero/etc/apparmor.d"
make -s -C "$top" install PREFIX=/opt/nl DESTDIR="$zero" BUILD="$T_TMP/build2" APPARMOR=0 >/dev/null 2>&1
ok "APPARMOR=0 never installs it" test ! -e "$zero/etc/apparmor.d/netlearn"
make -s -C "$top" uninstall PREFIX=/opt/nl DESTDIR="$aa" >/dev/null 2>&1
ok "make uninstall removes it" test ! -e "$prof"

# The profile parses (apparmor_parser, in scripts/deps.sh). AppArmor 3 (Debian 12)
# knows neither abi 4.0 nor the userns rule: then the rest is checked without them.
parser=$(command -v apparmor_parser || ls /usr/sbin/apparmor_parser /sbin/apparmor_parser 2>/dev/null | head -1)
if [ -n "$parser" ] && [ -d /etc/apparmor.d/tunables ]; then
  make -s -C "$top" install PREFIX=/opt/nl DESTDIR="$aa" BUILD="$T_TMP/build2" >/dev/null 2>&1
  ver=$("$parser" --version 2>/dev/null | sed -n 's/^AppArmor parser version \([0-9]*\).*/\1/p')
  if [ "${ver:-0}" -ge 4 ]; then
    out=$("$parser" -Q -K --base /etc/apparmor.d "$prof" 2>&1); rc=$?
    is "$rc" 0 "apparmor_parser $ver accepts the profile" 
  else
    sed -e 's|<abi/4.0>|<abi/3.0>|' -e '/^ *userns,$/d' "$prof" > "$T_TMP/netlearn-aa3"
    out=$("$parser" -Q -K --base /etc/apparmor.d "$T_TMP/netlearn-aa3" 2>&1); rc=$?
    is "$rc" 0 "apparmor_parser ${ver:-?} accepts the profile (without abi 4.0 and userns, which it predates)"
    [ "$rc" = 0 ] || printf '#   %s\n' "$out"
  fi
  sed 's|^profile netlearn |profile netlearn {|' "$prof" > "$T_TMP/netlearn-broken"
  ! "$parser" -Q -K --base /etc/apparmor.d "$T_TMP/netlearn-broken" >/dev/null 2>&1
  is "$?" 0 "(and refuses a broken one: the check can fail)"
fi
if command -v man >/dev/null; then
  like "$(MANWIDTH=80 man -l "$top/docs/netlearn.1" 2>/dev/null | head -20)" "netlearn" "the man page renders"
fi
done_testing
