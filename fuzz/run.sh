#!/bin/sh
# fuzz/run.sh SECONDS TARGET... -- run each libFuzzer target SECONDS (or, with
# SECONDS of the form runs=N, N inputs), starting from fuzz/seeds and fuzz/regress.
# Prints one summary line per target: "# fuzz_decode: 123456 execs in 10 s, 0 crashes".
# Exit status 1 if any target crashed; the input is kept in $FUZZ_OUT/crashes/.
cd "$(dirname "$0")/.." || exit 1
OUT=${FUZZ_OUT:-build-fuzz}
secs=$1; shift
case $secs in runs=*) limit="-runs=${secs#runs=}" ;; *) limit="-max_total_time=$secs" ;; esac
# FUZZ_SEED fixes libFuzzer's random seed (tests/94: the same inputs every run,
# so CI does not fail on the day a random walk finds something new; `make fuzz`
# explores with a new seed each time)
[ -n "${FUZZ_SEED:-}" ] && limit="$limit -seed=$FUZZ_SEED"
status=0
mkdir -p "$OUT/crashes"
for t in "$@"; do
  corpus="$OUT/corpus/$t"
  mkdir -p "$corpus"
  # seed the corpus (idempotent: files named by their line number)
  case $t in
    decode)  [ -f fuzz/seeds/packets.hex ] && awk '{ lt = ($1 == "raw") ? "\\x01" : ($1 == "sll") ? "\\x02" : "\\x00";
               printf "%s", lt > "'"$corpus"'/seed" NR; close("'"$corpus"'/seed" NR) }' fuzz/seeds/packets.hex &&
             n=0 && while read -r lt hex; do n=$((n + 1)); printf '%s' "$hex" | xxd -r -p >> "$corpus/seed$n"; done < fuzz/seeds/packets.hex ;;
    filter)  src=fuzz/seeds/filters.txt ;;
    addr)    src=fuzz/seeds/addrs.txt ;;
    cmdline) src=fuzz/seeds/cmdlines.txt ;;
  esac
  if [ "$t" != decode ]; then
    n=0; while IFS= read -r line; do n=$((n + 1)); printf '%s' "$line" > "$corpus/seed$n"; done < "$src"
  fi
  dirs="$corpus"
  [ -d "fuzz/regress/$t" ] && dirs="$dirs fuzz/regress/$t"
  log="$OUT/$t.log"
  # shellcheck disable=SC2086
  "$OUT/fuzz_$t" $limit -timeout=10 -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="$OUT/crashes/$t-" $dirs > "$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  secs_run=$(sed -n 's/^stat::\(average_exec_per_sec\): *//p' "$log" | tail -1)
  if [ $rc != 0 ]; then
    status=1
    echo "# fuzz_$t: CRASH (exit $rc) after ${execs:-?} execs; see $log and $OUT/crashes/"
    grep -E 'ERROR|runtime error|fuzz_cmdline:|SUMMARY' "$log" | head -5 | sed 's/^/#   /'
  else
    echo "# fuzz_$t: ${execs:-?} execs (${secs_run:-?}/s), 0 crashes"
  fi
done
exit $status
