"""Summarizes gepa bench results of docs/robustness/<world>/runs.csv into the comparison tables of docs/robustness.md.

For each world and pipeline: mean test score of the reference's settings (parity-*), fixed (fixed-*: our other defaults
with budget.policy: fixed) and
adaptive at each budget, the paired difference adaptive - fixed over the same engine seeds with its standard error,
and the baselines. Run from the repository root:

    python3 bench/rule-world/robustness/summarize.py docs/robustness/limited docs/robustness/limited-noisy ...
"""
import csv
import math
import sys
from collections import defaultdict

PIPELINES = {
    "one module": ("parity-single-module", "fixed-single-module", "adaptive-single-module", "scalar-only-1", "random-search-1", "best-of-n-1"),
    "two modules": ("parity-two-module", "fixed-two-module", "adaptive-two-module", "scalar-only-2", "random-search-2", "best-of-n-2"),
}


def main(dirs):
    counts = {"ahead by more than 2 se": 0, "ahead within 2 se": 0, "behind within 2 se": 0, "behind by more than 2 se": 0}
    print("| world | pipeline | budget | reference's settings | fixed | adaptive | adaptive − fixed (paired, ± 1 se) | scalar-only | random search | best-of-n |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for d in dirs:
        test = defaultdict(dict)
        with open(f"{d}/runs.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                # Runs made before adaptive became the default named the fixed configurations after the samples.
                config = {"single-module": "fixed-single-module", "two-module": "fixed-two-module"}.get(row["config"], row["config"])
                test[(config, int(row["budget"]))][int(row["seed"])] = float(row["test_score"])
        world = d.rstrip("/").split("/")[-1]
        for pipeline, (ref, fixed, adaptive, scalar, rand, best) in PIPELINES.items():
            for budget in sorted({b for (_, b) in test}):
                def mean(config):
                    runs = test.get((config, budget), {})
                    return f"{sum(runs.values()) / len(runs):.3f}" if runs else "–"
                f_runs, a_runs = test.get((fixed, budget), {}), test.get((adaptive, budget), {})
                seeds = sorted(set(f_runs) & set(a_runs))
                diffs = [a_runs[s] - f_runs[s] for s in seeds]
                if len(diffs) > 1:
                    m = sum(diffs) / len(diffs)
                    se = math.sqrt(sum((x - m) ** 2 for x in diffs) / (len(diffs) - 1) / len(diffs))
                    delta = f"{m:+.3f} ± {se:.3f}" + (" **(adaptive behind)**" if m < -2 * se else "")
                    side = "ahead" if m >= 0 else "behind"
                    counts[f"{side} by more than 2 se" if abs(m) > 2 * se else f"{side} within 2 se"] += 1
                else:
                    delta = "–"
                print(f"| {world} | {pipeline} | {budget} | {mean(ref)} | {mean(fixed)} | {mean(adaptive)} | {delta} | {mean(scalar)} | {mean(rand)} | {mean(best)} |")
    print()
    print("Adaptive against fixed, cells: " + "; ".join(f"{k}: {v}" for k, v in counts.items()) + ".")


if __name__ == "__main__":
    main(sys.argv[1:])
