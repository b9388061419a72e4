#!/bin/sh
# The articles' iproute2 blocks through netlearn and through the real ip, each
# in its own sandbox: same exit status per line, same kernel state afterwards.
. "$(dirname "$0")/lib/tap.sh"
LUA="$(dirname "$0")/parts/50-articles.lua"
for a in 1 1-ipvlan 2 2-ipip 3 4; do
  nl=$(MODE=netlearn ARTICLE=$a "$NETLEARN" lua "$LUA" 2>&1)
  real=$(MODE=real ARTICLE=$a "$NETLEARN" lua "$LUA" 2>&1)
  case "$real" in SKIP*) echo "ok $((_n + 1)) # SKIP article $a: ${real#SKIP }"; _n=$((_n + 1)); continue;; esac
  st_nl=$(printf '%s\n' "$nl" | grep '^status')
  st_real=$(printf '%s\n' "$real" | grep '^status')
  is "$st_nl" "$st_real" "article $a: every line exits as the real ip does"
  is "$(printf '%s\n' "$nl" | grep -v '^status')" "$(printf '%s\n' "$real" | grep -v '^status')" \
    "article $a: kernel state equals the real ip's"
done
done_testing
