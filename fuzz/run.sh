#!/usr/bin/env bash
# Runs a fuzz target for a total time, restarting after each finding (libFuzzer stops at the
# first), so that one run collects every distinct crash, timeout or out-of-memory input in
# fuzz/artifacts/<target>/.
#
#   fuzz/run.sh <target> <seconds> [extra libFuzzer flags]
#
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
set -uo pipefail
cd "$(dirname "$0")"
target=$1
total=$2
shift 2
corpus=corpus/$target
mkdir -p "$corpus" "artifacts/$target"
if [ "$target" = generate ] && [ -z "$(ls -A "$corpus")" ]; then
  # Seeds: the fixtures, as YAML (first byte 0) and, where they start with `{`, as JSON.
  for spec in ../tests/fixtures/*.yaml ../tests/fixtures/errors/*.yaml; do
    { printf '\000'; cat "$spec"; } > "$corpus/$(basename "$spec" .yaml)"
  done
fi
cargo +nightly fuzz build -s none "$target" || exit 1
end=$((SECONDS + total))
while [ $SECONDS -lt $end ]; do
  left=$((end - SECONDS))
  before=$(ls "artifacts/$target" | wc -l)
  if ! cargo +nightly fuzz run -s none "$target" "$corpus" -- \
    -max_total_time="$left" -timeout=10 -rss_limit_mb=2048 -max_len=8192 -len_control=0 \
    -print_final_stats=1 "$@"; then
    # A stack overflow on the generator's thread kills the process before libFuzzer can save
    # the input; the targets write each input to a spec file first: keep the newest.
    if [ "$(ls "artifacts/$target" | wc -l)" = "$before" ]; then
      spec=$(ls -t "${TMPDIR:-/tmp}"/codegen-fuzz-*/spec.* 2>/dev/null | head -1)
      if [ -n "$spec" ]; then
        cp "$spec" "artifacts/$target/silent-crash-$(date +%s).${spec##*.}"
      fi
    fi
  fi
done
