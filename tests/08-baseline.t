#!/bin/sh
# tests/08-baseline.t: every namespace netlearn makes, and the sandbox's own, starts
# from netlearn's baseline (docs/baseline.md), checked with the real sysctl; the
# machine's own values do not move.
. "$(dirname "$0")/lib/tap.sh"
snap() { cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/all/rp_filter /proc/sys/net/ipv4/conf/default/rp_filter \
  /proc/sys/net/ipv4/conf/lo/arp_ignore /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null | tr '\n' ' '; }
before=$(snap)
out=$("$NETLEARN" lua "$(dirname "$0")/parts/08-baseline.lua" 2>&1)
code=$?
printf '%s\n' "$out" | grep -v '^1\.\.'
_n=$(printf '%s\n' "$out" | grep -Ec '^(not )?ok ')
[ $code = 0 ] || _failed=1
# a lesson declares br_netfilter; netlearn check applies it, and the next lesson is back at 0
L=$T_TMP/lessons
mkdir -p "$L"
mk() { # NAME DECL VALUE
  cat > "$L/$1.lua" <<LESSON
title = { en = "br", zh = "br" }
article = "test"
objectives = { { en = "o", zh = "目标" } }
$2
steps = {
  step { en = "e", zh = "中", run = { "ip netns add n1", "ip link add b0 type bridge" },
    claims = { sysctl { ns = "n1", name = "net.bridge.bridge-nf-call-iptables", value = $3 },
               sysctl { name = "net.bridge.bridge-nf-call-arptables", value = $3 } } },
}
LESSON
}
mk bron "br_netfilter = true" 1
mk broff "" 0
mk brfalse "br_netfilter = false" 0
if [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]; then
  out=$("$NETLEARN" check "$L/bron.lua" "$L/broff.lua" "$L/brfalse.lua" 2>&1); rc=$?
  is "$rc" 0 "check: a lesson declaring br_netfilter = true gets 1 in its namespaces and host, the others 0"
  like "$out" "ok 2 - bron step 1" "its claims hold"
  like "$out" "ok 6 - brfalse step 1" "br_netfilter = false: 0"
else
  out=$("$NETLEARN" check "$L/bron.lua" 2>&1)
  like "$out" "# bron: .*br_netfilter module is not loaded" "without the module, check says so once for the lesson that declares it"
  out=$("$NETLEARN" check "$L/broff.lua" 2>&1)
  unlike "$out" "not loaded" "and says nothing for a lesson that does not"
fi
printf 'title = { en = "b", zh = "b" }\narticle = "t"\nobjectives = { { en = "o", zh = "o" } }\nbr_netfilter = "yes"\nsteps = { step { en = "e", zh = "e" } }\n' > "$L/brbad.lua"
out=$("$NETLEARN" check "$L/brbad.lua" 2>&1)
like "$out" "brbad.lua:4: lesson field 'br_netfilter' must be true or false" "a wrong br_netfilter value: one line naming file:line"

# doctor: the machine's values against the baseline, read from outside with cat as the oracle
out=$("$NETLEARN" doctor 2>&1)
like "$out" "Kernel settings \(docs/baseline.md\):" "doctor has a kernel-settings section"
for kv in net/ipv4/ip_forward=0 net/ipv4/conf/all/rp_filter=0 net/ipv4/conf/default/rp_filter=0 \
  net/ipv4/conf/default/promote_secondaries=0 net/ipv4/conf/all/send_redirects=1 net/bridge/bridge-nf-call-iptables=0; do
  f=/proc/sys/${kv%=*}; want=${kv#*=}; name=$(printf '%s' "${kv%=*}" | tr / .)
  if [ ! -e "$f" ]; then continue; fi
  have=$(cat "$f")
  if [ "$have" = "$want" ]; then
    unlike "$out" "$name: machine" "doctor does not list $name (the machine has the baseline's $want)"
  else
    like "$out" "    $name: machine $have, lab $want" "doctor lists $name: machine $have, lab $want"
  fi
done
if printf '%s\n' "$out" | grep -q ": machine "; then
  like "$out" "the lab is not affected" "doctor says the lab is not affected"
else
  like "$out" "the machine's own values match netlearn's baseline" "doctor says the machine matches the baseline"
fi
if [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]; then
  like "$out" "br_netfilter is loaded" "doctor: br_netfilter is loaded, as /proc/sys/net/bridge shows"
else
  like "$out" "br_netfilter is not loaded" "doctor: br_netfilter is not loaded, as /proc/sys/net/bridge shows"
fi
out=$("$NETLEARN" --lang zh doctor 2>&1)
like "$out" "内核设置" "doctor's kernel-settings section in Chinese"

is "$(snap)" "$before" "the machine's own ip_forward, rp_filter, arp_ignore and bridge-nf values are unchanged"
done_testing
