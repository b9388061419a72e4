#!/bin/sh
# Lua typed at the prompt cannot break netlearn's own commands: the C layer never
# calls the learner's globals (`table.sort`, `table.concat`), so replacing them
# changes nothing in `ip netns list` (sorted in C) or in a captured run (read in C).
. "$(dirname "$0")/lib/tap.sh"
out=$(printf '%s\n' 'table.sort = function() error("boom-sort") end' \
  'table.concat = function() error("boom-concat") end' \
  'ip netns add b' 'ip netns add a' 'ip netns list' \
  'ip tunnel add tun0 mode ipip remote 10.9.0.2 local 10.9.0.1' 'topo' | "$NETLEARN" 2>&1); rc=$?
is "$rc" 0 "the session ends well"
unlike "$out" "boom" "no command called the learner's replaced table functions"
like "$out" "$(printf 'a\nb')" "ip netns list: sorted, a before b"
like "$out" "tun0" "topo drew the lab (a user-space ipip's alias is read through a captured run)"
done_testing
