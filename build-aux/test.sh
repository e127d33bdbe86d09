#!/usr/bin/env bash
# The test command: installs the dependencies, builds with warnings as
# errors, runs the whole suite under a virtual display, then again with
# AddressSanitizer and UndefinedBehaviorSanitizer. Exits non-zero on any
# failure.
set -euo pipefail
cd "$(dirname "$0")/.."

build-aux/install-deps.sh

builddir=${BUILDDIR:-_build}
asandir=${ASANDIR:-_build-asan}

echo "== build (-Dwerror=true) in $builddir ($(date +%T))"
if [ -d "$builddir" ]; then
  meson setup --reconfigure "$builddir" -Dwerror=true
else
  meson setup "$builddir" -Dwerror=true
fi
meson compile -C "$builddir"

# Prints "N passed, N failed, N skipped" for one meson test run.
summarise () {
  python3 - "$1/meson-logs/testlog.json" <<'PY'
import json, sys
counts = {"OK": 0, "FAIL": 0, "SKIP": 0}
for line in open(sys.argv[1]):
    result = json.loads(line).get("result", "FAIL")
    key = result if result in counts else ("OK" if result == "EXPECTEDFAIL" else "FAIL")
    counts[key] += 1
print(f"{counts['OK']} passed, {counts['FAIL']} failed, {counts['SKIP']} skipped")
PY
}

# The deployment tests parse config.yaml with python3-yaml, which
# install-deps.sh installed: here a missing module is a failure, not a skip.
export SWITCHYARD_REQUIRE_YAML=1

echo "== tests ($(date +%T))"
status=0
dbus-run-session -- xvfb-run -a -s "-screen 0 1920x1080x24" meson test -C "$builddir" --print-errorlogs || status=$?
echo "tests: $(summarise "$builddir")"
[ "$status" -eq 0 ] || exit "$status"

echo "== build with -Db_sanitize=address,undefined in $asandir ($(date +%T))"
if [ -d "$asandir" ]; then
  meson setup --reconfigure "$asandir" -Dwerror=true -Db_sanitize=address,undefined -Dbenchmarks=false
else
  meson setup "$asandir" -Dwerror=true -Db_sanitize=address,undefined -Dbenchmarks=false
fi
meson compile -C "$asandir"

echo "== tests under the sanitizers ($(date +%T))"
# GTK, fontconfig and Mesa keep caches until exit by design, which the leak
# checker would report; the core tests catch real leaks with
# g_assert_finalize_object instead. Freed memory waits in a 64 MB
# quarantine rather than the default 256 MB: use-after-free is still
# caught for the last 64 MB freed, and the UI tests, which build a
# window each, no longer fault in a quarter gigabyte apiece (the Models
# page's took 76 s, now 62 s).
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:strict_string_checks=1:quarantine_size_mb=64
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
status=0
dbus-run-session -- xvfb-run -a -s "-screen 0 1920x1080x24" meson test -C "$asandir" --print-errorlogs --timeout-multiplier 3 || status=$?
echo "sanitizers: $(summarise "$asandir")"
[ "$status" -eq 0 ] || exit "$status"

# A fixed seed and run count make CI's fuzzing repeatable: a run that passed
# here passes there, and a crash it finds can be replayed. Longer, random
# runs are for developers (README, "Tests").
echo "== fuzzing: each libFuzzer harness for ${FUZZ_RUNS:=300000} runs or ${FUZZ_SECONDS:-20} s (seed ${FUZZ_SEED:=1}) ($(date +%T))"
build-aux/install-deps.sh --fuzz
fuzzdir=${FUZZDIR:-_build-fuzz}
if [ ! -d "$fuzzdir" ]; then
  CC=clang meson setup "$fuzzdir" -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false -Dui_tests=false -Dbenchmarks=false
fi
harnesses="sse ndjson prices catalog gpu-table hardware openai-reply ollama-reply fast-chunk conversation usage pilot-record gguf"
meson compile -C "$fuzzdir" $(for h in $harnesses; do printf 'fuzz/fuzz-%s ' "$h"; done)
# Two harnesses at a time (CI machines have two cores or more); each
# writes its own log, and the results are read back in order.
run_harness () {
  local harness=$1 corpus
  corpus=$(mktemp -d)
  cp fuzz/corpus/"$harness"/* "$corpus"/
  if ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 "$fuzzdir/fuzz/fuzz-$harness" -dict=fuzz/json-sse.dict \
       -seed="$FUZZ_SEED" -runs="$FUZZ_RUNS" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 "$corpus" > "$fuzzdir/fuzz-$harness.log" 2>&1; then
    echo ok > "$fuzzdir/fuzz-$harness.result"
  else
    echo failed > "$fuzzdir/fuzz-$harness.result"
  fi
  rm -rf "$corpus"
}
export -f run_harness
export fuzzdir FUZZ_SEED FUZZ_RUNS FUZZ_SECONDS=${FUZZ_SECONDS:-20}
printf '%s\n' $harnesses | xargs -P 2 -I{} bash -c 'run_harness {}'
passed=0
failed=0
for harness in $harnesses; do
  if [ "$(cat "$fuzzdir/fuzz-$harness.result" 2>/dev/null)" = ok ]; then
    passed=$((passed + 1))
    echo "fuzz-$harness: $(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$fuzzdir/fuzz-$harness.log" || echo done)"
  else
    failed=$((failed + 1))
    echo "fuzz-$harness FAILED:"
    tail -n 40 "$fuzzdir/fuzz-$harness.log"
  fi
done
echo "fuzzing: $passed passed, $failed failed ($(date +%T))"
[ "$failed" -eq 0 ]
