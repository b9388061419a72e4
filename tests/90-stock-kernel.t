#!/bin/sh
# The stock-kernel suite: the kernel-dependent tests (device types, the ipip
# oracles, the lessons) run again inside Debian's linux-image-amd64 kernel under
# QEMU, where ipip and ipvlan exist as modules, and every lesson runs under
# three learner-machine profiles set in the VM's own init namespace: a bare
# machine, RHEL-like (rp_filter 1) and a Docker host (ip_forward 1, rp_filter 2,
# br_netfilter with bridge-nf-call-iptables 1, Docker's iptables rules; see
# scripts/vmcheck.sh). The VM's TAP is renumbered into this file's, each line
# prefixed with its profile and file: "[vm docker-host tests/79-...]".
# It fails when a module the lessons need did not load, when a profile is not
# what it should be, and when netlearn used its user-space ipip stand-in where
# the kernel has ipip.
# VM_TESTS overrides the list (tokens @bare, @rhel, @docker-host switch the
# profile for the files after them; without any, they run on the bare machine);
# NETLEARN_NO_VM=1 skips the suite (for quick local runs).
. "$(dirname "$0")/lib/tap.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
[ "${NETLEARN_NO_VM:-0}" = 1 ] && skip_all "NETLEARN_NO_VM=1"
[ "$(id -u)" = 0 ] || skip_all "the VM suite runs as root"
cd "$top" || exit 1
# once, on the bare machine: the device types, doctor, the ipip oracles, the
# quiet-lab proof on Debian's kernel (its backlog column, tbf and netem queues)
once="tests/lua/05-ipip-user.lua tests/06-doctor.t $(ls tests/lua/2[0-4]*.lua | tr '\n' ' ') tests/lua/35c-quiet-lab.lua tests/lua/44-capture-live.lua tests/lua/44b-capture-stamps.lua tests/50-ip-articles.t tests/vm/kernel-ipip.t"
# under every profile: every lesson (tests/7*.t and tests/vm/lessons-rest.t; in
# Chinese, tests/63b) and the per-namespace sysctl tests (tests/08-baseline.t: every namespace starts from
# netlearn's baseline whatever the machine is; tests/19-sysctl-pernetns.t: the
# per-namespace sweep; tests/28*.t)
each="$(ls tests/08-baseline.t tests/19-sysctl-pernetns.t tests/28*.t tests/63b-lessons-zh.t tests/7*.t 2>/dev/null | tr '\n' ' ') tests/vm/lessons-rest.t"
tests=${VM_TESTS:-"$once $each @rhel $each @docker-host $each"}
[ -n "$tests" ] || skip_all "no kernel-dependent tests to run"
start=$(date +%s)
# shellcheck disable=SC2086
sh scripts/vmcheck.sh "$top" $tests > "$T_TMP/vm.log" 2>&1
rc=$?
echo "# the VM ran for $(($(date +%s) - start)) s"
[ $rc = 3 ] && { cat "$T_TMP/vm.log" >&2; echo "not ok 1 - the stock-kernel suite has its kernel, QEMU and busybox"; echo "1..1"; exit 1; }
[ $rc = 2 ] && { cat "$T_TMP/vm.log" >&2; echo "not ok 1 - VM_TESTS is a list the stock-kernel suite can run"; echo "1..1"; exit 1; }
kernel=$(sed -n 's/^.*### VM: kernel \([^,]*\),.*/\1/p' "$T_TMP/vm.log" | head -1)
if [ -z "$kernel" ]; then
  _fail "the VM boots Debian's kernel" "$(tail -20 "$T_TMP/vm.log")"
  done_testing
fi
echo "# stock-kernel suite ran on Linux $kernel (Debian linux-image-amd64) under QEMU"
_pass "the VM boots Debian's kernel $kernel"

# every module the lessons need is loaded: a failed insmod is a failure, not a fallback
bad=$(grep -E '### VM: (insmod failed|module not loaded)' "$T_TMP/vm.log" | sed 's/^.*### VM: //')
if [ -z "$bad" ]; then _pass "every module the lessons need loaded in the VM"
else
  printf '%s\n' "$bad" | while IFS= read -r l; do echo "#   $l"; done
  _fail "every module the lessons need loaded in the VM" "$(printf '%s\n' "$bad" | head -1)"
fi
grep -E '### VM: (profile .*|timed out.*|test timed out.*|cannot enter.*|9p mount failed|overlay failed)$' "$T_TMP/vm.log" |
  sed 's/^.*### VM: //' > "$T_TMP/vmerr"
while IFS= read -r l; do _fail "the VM: $l"; done < "$T_TMP/vmerr"

# each profile the tests asked for is what it should be
want_state() {
  case $1 in
    bare) echo "ip_forward=0 rp_filter=0/0 br_netfilter=0 bridge_nf_call_iptables=- forward_policy= docker_chains=0 masquerade=0 addrtype=0 docker0=-" ;;
    rhel) echo "ip_forward=0 rp_filter=1/1 br_netfilter=0 bridge_nf_call_iptables=- forward_policy= docker_chains=0 masquerade=0 addrtype=0 docker0=-" ;;
    docker-host) echo "ip_forward=1 rp_filter=2/2 br_netfilter=1 bridge_nf_call_iptables=1 forward_policy=DROP docker_chains=5 masquerade=1 addrtype=2 docker0=172.17.0.1/16" ;;
  esac
}
profiles=bare
for a in $tests; do case $a in @*) profiles="$profiles ${a#@}" ;; esac; done
for p in $profiles; do
  got=$(sed -n "s/^.*### PROFILE-STATE $p //p" "$T_TMP/vm.log" | head -1)
  is "$got" "$(want_state $p)" "the VM's init namespace is the $p machine"
done

# the tests' TAP, the profile and file on each line; a line that says netlearn
# used its user-space ipip stand-in (the kernel has ipip here) is a failure
awk -v start="$_n" '
  /### BEGIN / { sub(/^.*### BEGIN /, ""); prof = $1; file = $2; inside = 1; next }
  /### END / { sub(/^.*### END /, ""); inside = 0; if ($3 != 0) bad[$1 " " $2] = $3
                if ($4 != "") printf "# [vm %s %s] took %s s\n", $1, $2, $4; next }
  !inside { next }
  tolower($0) ~ /user-space stand-in|stand-in works|kernel (has no|lacks) ipip|no ipip in this kernel|skip.*ipip/ {
    n++; printf "not ok %d - [vm %s %s] uses the kernel'"'"'s ipip, not netlearn'"'"'s user-space stand-in\n#   %s\n", start + n, prof, file, $0
  }
  /^(not )?ok / {
    n++; line = $0
    sub(/^(not )?ok [0-9]+/, "", line); sub(/^ *(- *)?/, "", line)   # (mawk: no "+ ?")
    printf "%s %d - [vm %s %s] %s\n", ($1 == "not" ? "not ok" : "ok"), start + n, prof, file, line
    next
  }
  /^1\.\.0 # SKIP/ { n++; printf "ok %d - [vm %s %s] # SKIP %s\n", start + n, prof, file, substr($0, 10); next }
  /^#/ { print; next }
  END {
    for (f in bad) { n++; printf "not ok %d - [vm %s] exited with status %s\n", start + n, f, bad[f] }
    printf "VMCOUNT %d\n", n
  }' "$T_TMP/vm.log" > "$T_TMP/tap"
grep -v '^VMCOUNT' "$T_TMP/tap"
added=$(sed -n 's/^VMCOUNT //p' "$T_TMP/tap")
_n=$((_n + added))
_failed=$((_failed + $(grep -c '^not ok' "$T_TMP/tap")))

# every test ran to its end, under each profile
prof=bare
for t in $tests; do
  case $t in @*) prof=${t#@}; continue ;; esac
  grep -q "### END $prof $t " "$T_TMP/vm.log" || _fail "[vm $prof $t] ran to its end" "$(tail -5 "$T_TMP/vm.log")"
done
# the ipip lesson used the kernel's ipip under each profile that ran it
prof=bare
for t in $tests; do
  case $t in @*) prof=${t#@}; continue ;; esac
  [ "$t" = tests/74-lesson-ipip.t ] || continue
  l=$(awk -v p="$prof" '/### BEGIN / { s = ($(NF-1) == p && $NF == "tests/74-lesson-ipip.t") } s && /^# ipip: ipip tunnels:/' "$T_TMP/vm.log")
  like "$l" "^# ipip: ipip tunnels: the kernel's ipip \([^)]*tun0" "[vm $prof tests/74-lesson-ipip.t] the ipip lesson's tunnels are the kernel's ipip"
  unlike "$l" "stand-in" "[vm $prof tests/74-lesson-ipip.t] none of them is netlearn's user-space stand-in"
done
# with the default list, every lesson in lessons/ was checked under every profile
if [ -z "${VM_TESTS:-}" ]; then
  for p in $profiles; do
    missing=
    for l in lessons/*.lua; do
      id=$(basename "$l" .lua)
      awk -v p="$p" -v id="$id" '/### BEGIN / { s = ($(NF-1) == p) } s && index($0, "# " id ": ") == 1 { f = 1 } END { exit !f }' \
        "$T_TMP/vm.log" || missing="$missing $id"
    done
    is "$missing" "" "[vm $p] every lesson in lessons/ was checked"
  done
fi
done_testing
