#!/bin/sh
# libFuzzer targets (fuzz/): every input in fuzz/regress/ (once a crash) must pass,
# then each target runs briefly from the seed corpus with a fixed seed (FUZZ_SEED,
# default 1: the same walk every run). `make fuzz` runs them longer, seeds random.
. "$(dirname "$0")/lib/tap.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
SECS=${FUZZ_CI_SECONDS:-8}
TARGETS="decode filter addr cmdline"
command -v clang >/dev/null 2>&1 || skip_all "clang is not installed (scripts/deps.sh TEST list)"
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' > "$T_TMP/probe.c"
clang -fsanitize=fuzzer -o "$T_TMP/probe" "$T_TMP/probe.c" 2>/dev/null || skip_all "clang has no libFuzzer (libclang-rt-14-dev)"
out=$(make -s fuzz-build 2>&1)
ok "the fuzz targets build" test $? = 0 || { echo "$out" | sed 's/^/# /'; done_testing; }
for t in $TARGETS; do
  if [ -d "fuzz/regress/$t" ]; then
    n=$(ls "fuzz/regress/$t" | wc -l)
    out=$("build-fuzz/fuzz_$t" -runs=1 fuzz/regress/$t/* 2>&1)
    rc=$?
    [ $rc = 0 ] || echo "$out" | grep -E 'ERROR|runtime error|SUMMARY|fuzz_' | head -5 | sed 's/^/# /'
    is "$rc" 0 "fuzz_$t: the $n regression inputs in fuzz/regress/$t pass"
  fi
done
total=0
for t in $TARGETS; do
  line=$(FUZZ_SEED=${FUZZ_SEED:-1} sh fuzz/run.sh "$SECS" "$t")
  rc=$?
  echo "$line" | sed -n '2,$p'
  is "$rc" 0 "fuzz_$t runs ${SECS} s without a crash: ${line#\# }"
  n=$(echo "$line" | sed -n 's/^# fuzz_[a-z]*: \([0-9]*\) execs.*/\1/p')
  total=$((total + ${n:-0}))
done
echo "# fuzz execs: $total in $SECS s per target"
done_testing
