#!/usr/bin/env bash
# Runs the criterion benchmarks `runs` times (default 3) and prints, per group, the median of
# each function in each run, then the SDK/baseline ratio of medians: per run (both measured in
# the same run, back to back) and as the median of the runs with their min-max.
#
#   bash bench/ratios.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
cargo bench --no-run --bench request_overhead --bench decode 2>/dev/null
for run in $(seq 1 "$runs"); do
    cargo bench --bench request_overhead --bench decode -- --noplot >/dev/null 2>&1
    python3 - "$run" >>"$results" <<'PY'
import json, pathlib, sys
root = pathlib.Path("target/criterion")
for group in sorted(p for p in root.iterdir() if p.is_dir() and p.name != "report"):
    for function in sorted(p for p in group.iterdir() if (p / "new/estimates.json").exists()):
        median = json.loads((function / "new/estimates.json").read_text())["median"]["point_estimate"]
        print(json.dumps({"run": int(sys.argv[1]), "group": group.name, "function": function.name, "median_ns": median}))
PY
done
python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
groups = sorted({r["group"] for r in rows})
for group in groups:
    by_run = {}
    for r in rows:
        if r["group"] == group:
            by_run.setdefault(r["run"], {})[r["function"]] = r["median_ns"]
    ratios, medians = [], {}
    for run, functions in sorted(by_run.items()):
        base = functions.get("raw") or functions.get("hand")
        for name, value in functions.items():
            medians.setdefault(name, []).append(value)
        if base and "sdk" in functions:
            ratios.append(functions["sdk"] / base)
            print(f"{group} run {run}: " + ", ".join(f"{n} {v / 1e3:.1f} us" for n, v in sorted(functions.items())) + f", sdk/baseline {ratios[-1]:.3f}")
    for name, values in sorted(medians.items()):
        print(f"{group}/{name}: median of runs {statistics.median(values) / 1e3:.1f} us (min {min(values) / 1e3:.1f}, max {max(values) / 1e3:.1f})")
    if ratios:
        print(f"{group}: sdk/baseline median {statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f}) over {len(ratios)} runs")
PY
