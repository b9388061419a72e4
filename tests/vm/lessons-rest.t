#!/bin/sh
# Run inside the stock-kernel VM (tests/90-stock-kernel.t), under every machine
# profile: `netlearn check` on each lesson in lessons/ that no lesson test
# (tests/7*.t) names, so that together with tests/7*.t every lesson is checked.
. "$(dirname "$0")/../lib/tap.sh"
cd "$(dirname "$0")/../.." || exit 1
rest=
for l in lessons/*.lua; do
  grep -qF "$(basename "$l")" tests/7*.t || rest="$rest $l"
done
[ -n "$rest" ] || skip_all "every lesson has its test in tests/7*.t"
# shellcheck disable=SC2086
exec "$NETLEARN" check $rest
