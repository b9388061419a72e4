#!/bin/sh
# A lab that drifts mid-lesson (issue 23): the learner deletes a namespace or
# a device the next step needs; after the first claim that fails because of
# it, the lesson says once that the lab changed and suggests 'again'.
. "$(dirname "$0")/lib/tap.sh"
L="$T_TMP/drift.lua"
cat > "$L" <<'LESSON'
title = { en = "Drift", zh = "漂移" }
article = { title = "none", file = "none.txt", section = "none" }
objectives = { { en = "see drift", zh = "看漂移" } }
steps = {
  step { title = { en = "one", zh = "一" }, en = "make net1", zh = "建 net1",
    run = { "ip netns add net1", "ip -n net1 link add v0 type veth peer name v1" },
    claims = { link { ns = "net1", dev = "lo", up = false } } },
  step { title = { en = "two", zh = "二" }, en = "lo up", zh = "lo up",
    run = { "ip -n net1 link set lo up" },
    claims = { link { ns = "net1", dev = "v0" }, link { ns = "net1", dev = "lo", up = true },
               output { cmd = "ip -n net1 link", contains = "v0" } } },
}
LESSON
feed() { out=$(printf '%s\n' "$@" | "$NETLEARN" 2>&1); }

feed "lesson $L" 'ip netns del net1' 'next'
like "$out" "the lab changed under the lesson \(namespace net1 is gone\): type 'again'" "namespace deleted: the lesson says the lab changed and suggests again"
is "$(printf '%s\n' "$out" | grep -c 'lab changed')" 1 "it says so once, not for every failing claim"
like "$out" "✘ lo in net1 is up" "the failing claims are still shown"

feed "lesson $L" 'ip -n net1 link del v0' 'next'
like "$out" "device v0 in net1 is gone" "device deleted: the lesson names the device"

out=$(printf '%s\n' "lesson $L" 'ip netns del net1' 'next' | "$NETLEARN" --lang zh 2>&1)
like "$out" "实验室在课程中被改动了（命名空间 net1 不见了）：输入 'again'" "in Chinese with --lang zh"

feed "lesson $L" 'next'
unlike "$out" "lab changed|✘" "an undisturbed lab: no drift note"

feed "lesson $L" 'ip netns del net1' 'next' 'again' 'score'
like "$out" "✔ v0 in net1 exists" "again rebuilds the lab and the claims hold"
done_testing
