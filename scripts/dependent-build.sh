#!/usr/bin/env bash
# Clean build cost of a small program that depends on vonage-conversation, as a user's crate
# would: a separate crate outside the workspace, in a temporary directory, depending on the
# crate by path and calling one operation.
#
#   scripts/dependent-build.sh [MODE] [RUNS] [REPO]
#
# MODE is how the program depends on the crate:
#   plain      `vonage-conversation = { path = REPO }` (the default features)
#   minimal    the same with `default-features = false` (no HTTP/2, no system proxy)
#   generator  the same with `features = ["regenerate"]` (the build script runs the generator)
# RUNS (default 3) clean builds, each `cargo build` in a fresh target directory, with the
# repository's Cargo.lock so that every run compiles the same versions. REPO defaults to this
# repository. Prints, per run, the load average before it, the wall time, the user+sys CPU time
# and the peak RSS of the largest process (from /usr/bin/time -v), then the medians, and
# whether the generator's crates were compiled.
#
# IDNA_ADAPTER=1.0.0 (or 1.1.0) first pins the program's idna_adapter to that version, as
# the url crate documents for applications (1.0: no Unicode host names and no ICU4X crates;
# 1.1: unicode-rs instead of ICU4X); it needs the registry once, to download that version.
set -euo pipefail
mode=${1:-plain}
runs=${2:-3}
repo=$(cd "${3:-$(dirname "$0")/..}" && pwd)
case "$mode" in
  plain) extra="" ;;
  minimal) extra=", default-features = false" ;;
  generator) extra=", features = [\"regenerate\"]" ;;
  *) echo "unknown mode '$mode' (plain, minimal or generator)" >&2; exit 2 ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/dependent-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/app/src"
cat >"$work/app/Cargo.toml" <<EOF
[package]
name = "dependent"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
vonage-conversation = { path = "$repo"$extra }
tokio = { version = "1", features = ["macros", "rt"] }

[workspace]
EOF
cat >"$work/app/src/main.rs" <<'EOF'
use vonage_conversation::Client;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder()
        .base_url("http://127.0.0.1:4010")
        .bearer_token(std::env::var("VONAGE_JWT").unwrap_or_default())
        .build()?;
    match client.get_user("USR-63f61863-4a51-4f6b-86e1-46edebio0391").await {
        Ok(user) => println!("{:?}", user.name),
        Err(error) => eprintln!("{error}"),
    }
    Ok(())
}
EOF
cp "$repo/Cargo.lock" "$work/app/Cargo.lock"
cd "$work/app"
if [ -n "${IDNA_ADAPTER:-}" ]; then
  cargo update --quiet -p idna_adapter --precise "$IDNA_ADAPTER"
fi
cargo fetch --quiet

results=""
for run in $(seq "$runs"); do
  rm -rf "$work/target"
  load=$(cut -d' ' -f1 /proc/loadavg)
  CARGO_TARGET_DIR="$work/target" /usr/bin/time -v -o "$work/time" \
    cargo build --offline --quiet --message-format=json >"$work/messages" 2>"$work/stderr" || {
    cat "$work/stderr" >&2
    exit 1
  }
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time" |
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$work/time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print int($2 / 1024)}' "$work/time")
  units=$(grep -c '"reason":"compiler-artifact"' "$work/messages" || true)
  printf 'run %d: load %s before, %.1f s wall, %.1f s user+sys CPU, peak RSS %d MB, %d units\n' \
    "$run" "$load" "$wall" "$cpu" "$rss" "$units"
  results+="$wall $cpu $rss"$'\n'
done
printf '%s' "$results" | python3 -c '
import statistics, sys
rows = [list(map(float, line.split())) for line in sys.stdin if line.strip()]
med = lambda i: statistics.median(r[i] for r in rows)
print(f"median of {len(rows)}: {med(0):.1f} s wall, {med(1):.1f} s user+sys CPU, peak RSS {med(2):.0f} MB")
'
python3 - "$work/messages" <<'PY'
import json, sys
# The crates only the generator needs. syn is compiled either way (serde's and thiserror's
# derives need it; tokio's `#[tokio::main]` needs its `full` feature, as the generator does).
names = {"codegen", "prettyplease", "openapiv3", "serde_yaml"}
found = set()
for line in open(sys.argv[1]):
    message = json.loads(line)
    if message.get("reason") != "compiler-artifact":
        continue
    name, package = message["target"]["name"], message["package_id"]
    version = package.rsplit("@", 1)[-1] if "@" in package else package.rsplit("#", 1)[-1]
    if name in names:
        found.add(f"{name} {version}")
print("generator crates compiled:", ", ".join(sorted(found)) or "none")
PY
