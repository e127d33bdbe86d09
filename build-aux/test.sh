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

echo "== build (-Dwerror=true) in $builddir"
if [ -d "$builddir" ]; then
  meson setup --reconfigure "$builddir" -Dwerror=true
else
  meson setup "$builddir" -Dwerror=true
fi
meson compile -C "$builddir"

echo "== tests"
xvfb-run -a -s "-screen 0 1920x1080x24" meson test -C "$builddir" --print-errorlogs

echo "== build with -Db_sanitize=address,undefined in $asandir"
if [ -d "$asandir" ]; then
  meson setup --reconfigure "$asandir" -Dwerror=true -Db_sanitize=address,undefined
else
  meson setup "$asandir" -Dwerror=true -Db_sanitize=address,undefined
fi
meson compile -C "$asandir"

echo "== tests under the sanitizers"
# GTK, fontconfig and Mesa keep caches until exit by design, which the leak
# checker would report; the core tests catch real leaks with
# g_assert_finalize_object instead.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
xvfb-run -a -s "-screen 0 1920x1080x24" meson test -C "$asandir" --print-errorlogs --timeout-multiplier 3
