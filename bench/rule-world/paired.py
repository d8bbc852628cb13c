"""Paired comparison of two configurations of one gepa bench run (its runs.csv), seed by seed.

For each budget: the mean test score of A and of B over the seeds both ran, and the mean paired difference A - B
(same engine seed, same world) with its standard error. A difference within about two standard errors is noise.
Run from the repository root, e.g.

    python3 bench/rule-world/paired.py docs/sensitivity/guards-20 \
        'adaptive-single-module@budget.focus.guards=0' 'adaptive-single-module@budget.focus.guards=1'

Configuration names are those of runs.csv's config column (a --sweep variant is config@key=value). To compare
configurations of two bench runs of the same world (the same engine seeds), give each its directory:

    python3 bench/rule-world/paired.py docs/adaptive-budget/main adaptive-two-module \
        docs/adaptive-budget/no-bandit fixed-two-module
"""
import csv
import math
import sys
from collections import defaultdict


def load(directory, config):
    """Test score by budget and seed of one configuration of a bench run."""
    test = defaultdict(dict)
    configs = set()
    with open(f"{directory}/runs.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            configs.add(row["config"])
            if row["config"] == config:
                test[int(row["budget"])][int(row["seed"])] = float(row["test_score"])
    if not test:
        sys.exit(f"{directory}/runs.csv has no runs of {config!r}; its configurations: {sorted(configs)}")
    return test


def main(dir_a, a, dir_b, b):
    test_a, test_b = load(dir_a, a), load(dir_b, b)
    budgets = sorted(set(test_a) | set(test_b))
    print(f"| budget | seeds | {a} | {b} | A − B (paired, ± 1 se) |")
    print("|---|---|---|---|---|")
    for budget in budgets:
        runs_a, runs_b = test_a.get(budget, {}), test_b.get(budget, {})
        seeds = sorted(set(runs_a) & set(runs_b))
        if len(seeds) < 2:
            print(f"| {budget} | {len(seeds)} | – | – | – |")
            continue
        diffs = [runs_a[s] - runs_b[s] for s in seeds]
        m = sum(diffs) / len(diffs)
        se = math.sqrt(sum((x - m) ** 2 for x in diffs) / (len(diffs) - 1) / len(diffs))
        mean_a = sum(runs_a[s] for s in seeds) / len(seeds)
        mean_b = sum(runs_b[s] for s in seeds) / len(seeds)
        flag = " (beyond 2 se)" if abs(m) > 2 * se else ""
        print(f"| {budget} | {len(seeds)} | {mean_a:.3f} | {mean_b:.3f} | {m:+.3f} ± {se:.3f}{flag} |")


if __name__ == "__main__":
    if len(sys.argv) == 4:
        main(sys.argv[1], sys.argv[2], sys.argv[1], sys.argv[3])
    elif len(sys.argv) == 5:
        main(*sys.argv[1:])
    else:
        sys.exit("usage: paired.py <bench output directory> <config A> <config B>\n"
                 "       paired.py <directory A> <config A> <directory B> <config B>")
