"""The tables of scripts/progenitor-compare.sh, from its results.tsv (medians of the runs)."""

import os
import statistics
import sys
from collections import defaultdict

results_dir = os.path.dirname(sys.argv[1])


def first_error(gen, crate):
    """The first error line of a failed `cargo check` of a crate (its output is kept)."""
    try:
        with open(os.path.join(results_dir, f"check-{gen}-{crate}-1.out")) as out:
            return next((line.strip() for line in out if line.startswith("error")), "?")
    except OSError:
        return "?"


gen = defaultdict(list)  # (generator, crate) -> [(status, wall s, peak kB, error, cpu s)]
lines = {}  # (generator, crate) -> (all, without the runtime)
checks = defaultdict(list)  # (generator, crate) -> [(status, wall s, cpu s, peak kB)]
specs = []  # (crate, kB, spec)
for row in open(sys.argv[1]):
    f = row.rstrip("\n").split("\t")
    if f[0] == "gen":
        wall, user, system, peak = f[5].split()
        cpu = float(user) + float(system)
        gen[(f[1], f[2])].append((f[4], float(wall), int(peak), f[6] if len(f) > 6 else "", cpu))
    elif f[0] == "lines":
        lines[(f[1], f[2])] = (int(f[3]), int(f[4]))
    elif f[0] == "check":
        wall, user, system, peak = f[5].split()
        checks[(f[1], f[2])].append((f[4], float(wall), float(user) + float(system), int(peak)))
    elif f[0] == "spec":
        specs.append((f[1], int(f[2]), f[3]))


def med(values):
    return statistics.median(values) if values else float("nan")


def ok(runs):
    return [r for r in runs if r[0] == "ok"]


print("\nGeneration (command-line program, spec to crate; medians; CPU = user + system):")
print(f"  {'spec':<36} {'kB':>6}  {'ours s':>6} {'CPU s':>6} {'MB':>5}  {'progenitor s':>12} {'CPU s':>6} {'MB':>5}  {'wall':>6} {'CPU':>6} {'memory':>6}")
for crate, kb, spec in specs:
    o, p = gen[("ours", crate)], gen[("progenitor", crate)]
    if not ok(o):
        print(f"  {spec:<36} {kb:>6}  ours failed: {o[0][3] if o else '?'}")
        continue
    ot, oc, om = med([r[1] for r in ok(o)]), med([r[4] for r in ok(o)]), med([r[2] for r in ok(o)]) / 1024
    if ok(p):
        pt, pc, pm = med([r[1] for r in ok(p)]), med([r[4] for r in ok(p)]), med([r[2] for r in ok(p)]) / 1024
        print(f"  {spec:<36} {kb:>6}  {ot:>6.2f} {oc:>6.2f} {om:>5.0f}  {pt:>12.2f} {pc:>6.2f} {pm:>5.0f}  {pt / ot:>5.1f}x {pc / oc:>5.1f}x {pm / om:>5.1f}x")
    else:
        failed = p[0] if p else ("?", 0, 0, "", 0)
        print(f"  {spec:<36} {kb:>6}  {ot:>6.2f} {oc:>6.2f} {om:>5.0f}  progenitor fails ({failed[0]}, after {failed[1]:.2f} s): {failed[3]}")
print("  (wall, CPU and memory: progenitor's divided by ours; above 1 means ours is faster / smaller)")

print("\nLines of output (*.rs under src/):")
print(f"  {'spec':<36} {'ours':>9} {'ours w/o runtime':>17} {'progenitor':>11} {'ratio':>6} {'w/o':>6}")
for crate, kb, spec in specs:
    if ("ours", crate) in lines and ("progenitor", crate) in lines:
        (oa, oo), (pa, _) = lines[("ours", crate)], lines[("progenitor", crate)]
        print(f"  {spec:<36} {oa:>9} {oo:>17} {pa:>11} {oa / pa:>5.2f}x {oo / pa:>5.2f}x")
print("  (ratio: ours, with and without the runtime, divided by progenitor's; progenitor's crates")
print("  use the progenitor-client crate instead)")

if checks:
    print("\n`cargo check` of the generated crate itself (dependencies built; medians):")
    print(f"  {'spec':<36} {'ours wall':>9} {'CPU':>7} {'MB':>6}  {'progenitor wall':>15} {'CPU':>7} {'MB':>6}  {'wall':>6} {'CPU':>6}")
    for crate, kb, spec in specs:
        o, p = ok(checks.get(("ours", crate), [])), ok(checks.get(("progenitor", crate), []))
        if not (o or p):
            continue
        if not o or not p:
            for g, good in (("ours", o), ("progenitor", p)):
                runs = checks.get((g, crate), [])
                if good:
                    w, c, m = med([r[1] for r in good]), med([r[2] for r in good]), med([r[3] for r in good]) / 1024
                    print(f"  {spec:<36} {g}: {w:.1f} s, {c:.1f} s CPU, {m:.0f} MB")
                elif runs:
                    r = runs[0]
                    print(f"  {spec:<36} {g}: the crate does not compile ({r[1]:.1f} s, {r[2]:.1f} s CPU, "
                          f"{r[3] / 1024:.0f} MB until it failed): {first_error(g, crate)}")
            continue
        ow, oc, om = med([r[1] for r in o]), med([r[2] for r in o]), med([r[3] for r in o]) / 1024
        pw, pc, pm = med([r[1] for r in p]), med([r[2] for r in p]), med([r[3] for r in p]) / 1024
        print(f"  {spec:<36} {ow:>8.1f}s {oc:>6.1f}s {om:>6.0f}  {pw:>14.1f}s {pc:>6.1f}s {pm:>6.0f}  {pw / ow:>5.2f}x {pc / oc:>5.2f}x")
    print("  (wall and CPU: progenitor's divided by ours; above 1 means ours checks faster)")
