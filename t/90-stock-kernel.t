#!/bin/sh
# The stock-kernel suite: the kernel-dependent tests (device types, the lessons)
# run again inside Debian's linux-image-amd64 kernel under QEMU, where ipip and
# ipvlan exist as modules. Their TAP is renumbered into this file's, each line
# prefixed with the test file it came from. VM_TESTS overrides the list;
# NETLEARN_NO_VM=1 skips the suite (for quick local runs).
. "$(dirname "$0")/lib/tap.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
[ "${NETLEARN_NO_VM:-0}" = 1 ] && skip_all "NETLEARN_NO_VM=1"
[ "$(id -u)" = 0 ] || skip_all "the VM suite runs as root"
cd "$top" || exit 1
tests=${VM_TESTS:-$(ls t/06-doctor.t t/2[0-4]*.t t/7*.t 2>/dev/null | tr '\n' ' ')}
[ -n "$tests" ] || skip_all "no kernel-dependent tests to run"
# shellcheck disable=SC2086
sh scripts/vmcheck.sh "$top" $tests > "$T_TMP/vm.log" 2>&1
rc=$?
[ $rc = 3 ] && { cat "$T_TMP/vm.log" >&2; echo "not ok 1 - the stock-kernel suite has its kernel, QEMU and busybox"; echo "1..1"; exit 1; }
kernel=$(sed -n 's/^.*### VM: kernel \([^,]*\),.*/\1/p' "$T_TMP/vm.log" | head -1)
if [ -z "$kernel" ]; then
  _fail "the VM boots Debian's kernel" "$(tail -20 "$T_TMP/vm.log")"
  done_testing
fi
echo "# stock-kernel suite ran on Linux $kernel (Debian linux-image-amd64) under QEMU"
_pass "the VM boots Debian's kernel $kernel"
awk -v start="$_n" '
  /^### BEGIN / { file = $3; inside = 1; next }
  /^### END / { inside = 0; if ($4 != 0) bad[$3] = $4; ran[$3] = 1; next }
  inside && /^(not )?ok / {
    n++; line = $0
    sub(/^(not )?ok [0-9]+ ?-? ?/, "", line)
    printf "%s %d - [vm %s] %s\n", ($1 == "not" ? "not ok" : "ok"), start + n, file, line
    next
  }
  inside && /^1\.\.0 # SKIP/ { n++; printf "ok %d - [vm %s] # SKIP %s\n", start + n, file, substr($0, 10); next }
  inside && /^#/ { print; next }
  END {
    for (f in bad) { n++; printf "not ok %d - [vm %s] exited with status %s\n", start + n, f, bad[f] }
    printf "VMCOUNT %d\n", n
  }' "$T_TMP/vm.log" > "$T_TMP/tap"
grep -v '^VMCOUNT' "$T_TMP/tap"
added=$(sed -n 's/^VMCOUNT //p' "$T_TMP/tap")
_n=$((_n + added))
_failed=$((_failed + $(grep -c '^not ok' "$T_TMP/tap")))
for t in $tests; do
  grep -q "^### END $t " "$T_TMP/vm.log" || _fail "[vm $t] ran to its end" "$(tail -5 "$T_TMP/vm.log")"
done
done_testing
