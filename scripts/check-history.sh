#!/usr/bin/env bash
# Generates a standalone crate for every upstream version of the spec under tests/history/
# and checks that each compiles (cargo check, warnings denied), in one shared target
# directory so the dependencies compile once.
#
#   scripts/check-history.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/history-crates
export CARGO_TARGET_DIR=$PWD/target/history-check
cargo build --quiet -p codegen
codegen=$CARGO_TARGET_DIR/debug/codegen
rm -rf "$out"
mkdir -p "$out"
status=0
for spec in tests/history/*/conversation*.yml; do
  version=$(basename "$(dirname "$spec")")
  crate=$out/$version
  name=conversation-$(echo "$version" | tr -c 'a-zA-Z0-9\n' '-')
  "$codegen" generate "$spec" --out "$crate" --name "$name"
  cp Cargo.lock "$crate/"
  if (cd "$crate" && RUSTFLAGS="-D warnings" cargo check --quiet --offline); then
    echo "ok   $version ($spec)"
  else
    echo "FAIL $version ($spec)"
    status=1
  fi
done
exit $status
