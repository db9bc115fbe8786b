#!/usr/bin/env bash
# Generates a crate for every upstream version of the spec under tests/history/ and checks that
# each compiles and is clean under clippy (warnings denied).
#
# The crates are members of one throwaway workspace, checked by one cargo command (`--keep-going`:
# every crate, not only up to the first that fails). It builds into the workspace's own target
# directory, under the same flags and with the same extra member (`behaviour-dependencies`, see
# tests/fixtures/behaviour-dependencies.toml) as the fixture crates of tests/fixtures.rs, so that
# after the tests no dependency compiles again.
#
#   scripts/check-history.sh
#   CODEGEN=target/debug/codegen scripts/check-history.sh   # a codegen binary already built
#
# `.ci/run` passes the binary that `cargo test --workspace` built: `cargo build -p codegen`
# resolves the features of codegen's dependencies without the workspace's dev-dependencies, so
# it would compile some of them, and codegen, again.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$PWD/target}
case $target in /*) ;; *) target=$PWD/$target ;; esac
workspace=$target/tmp/history-crates
codegen=${CODEGEN:-}
if [ -z "$codegen" ]; then
  cargo build --quiet -p codegen
  codegen=$target/debug/codegen
fi
# Not emptied first: the generator rewrites only files whose bytes change, so that cargo
# rechecks only crates that changed (the members are listed, so a stale directory is ignored).
mkdir -p "$workspace/behaviour-dependencies"
members=()
names=()
versions=()
status=0
for spec in tests/history/*/conversation*.yml; do
  version=$(basename "$(dirname "$spec")")
  name=conversation-$(echo "$version" | tr -c 'a-zA-Z0-9\n' '-')
  # Each crate is a member of the workspace written below (no `[workspace]` table of its own).
  if ! "$codegen" generate "$spec" --out "$workspace/$version" --name "$name" --workspace member; then
    echo "FAIL $version ($spec): does not generate"
    status=1
    continue
  fi
  members+=("\"$version\"")
  names+=("$name")
  versions+=("$version ($spec)")
done
cat >"$workspace/behaviour-dependencies/Cargo.toml" <<EOF
[package]
name = "behaviour-dependencies"
version = "0.0.0"
edition = "2021"
publish = false

[lib]
path = "lib.rs"

[dependencies]
$(cat tests/fixtures/behaviour-dependencies.toml)
EOF
echo "//! Only its dependencies matter." >"$workspace/behaviour-dependencies/lib.rs"
members+=('"behaviour-dependencies"')
(IFS=,; printf '[workspace]\nresolver = "2"\nmembers = [%s]\n' "${members[*]}") >"$workspace/Cargo.toml"
cp Cargo.lock "$workspace/"
log=$workspace/cargo.log
if (cd "$workspace" && CARGO_TARGET_DIR=$target cargo clippy --quiet --offline --workspace \
  --keep-going -- -D warnings) 2>"$log"; then
  failed=""
else
  cat "$log"
  failed=$(grep -o 'could not compile `[^`]*`' "$log" || echo "the workspace")
  status=1
fi
for i in "${!names[@]}"; do
  if [ -n "$failed" ] && { [ "$failed" = "the workspace" ] || grep -qF "\`${names[$i]}\`" <<<"$failed"; }; then
    echo "FAIL ${versions[$i]}"
  else
    echo "ok   ${versions[$i]}"
  fi
done
exit $status
