#!/usr/bin/env bash
# Runs the criterion benchmarks and prints, per group, the median of each function with its
# confidence interval and the ratio of the SDK to its baseline measured in the same run.
#
#   bash bench/ratios.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --bench request_overhead --bench decode -- --noplot >/dev/null
python3 - <<'PY'
import json, pathlib
root = pathlib.Path("target/criterion")
for group in sorted(p for p in root.iterdir() if p.is_dir() and p.name != "report"):
    medians = {}
    for function in sorted(p for p in group.iterdir() if (p / "new/estimates.json").exists()):
        estimate = json.loads((function / "new/estimates.json").read_text())["median"]
        medians[function.name] = estimate["point_estimate"]
        low, high = estimate["confidence_interval"]["lower_bound"], estimate["confidence_interval"]["upper_bound"]
        print(f"{group.name}/{function.name}: median {estimate['point_estimate'] / 1e3:.1f} us (95% CI {low / 1e3:.1f}-{high / 1e3:.1f})")
    base = medians.get("raw") or medians.get("hand")
    if base and "sdk" in medians:
        print(f"{group.name}: sdk/baseline = {medians['sdk'] / base:.3f}")
PY
