"""Side-by-side parity check: the Python reference (gepa 0.1.4) and this engine in the SIMULATED RuleWorld.

For every combination of budget, number of modules, merge off/on and seed, it runs the reference (reference_run.py)
and `gepa optimize` with bench/rule-world/parity-{single,two}-module.yaml in reference mode (the reference's
reflection template, its overshooting budget, and deduplication, minibatch-cache reads and the rejected-merge count
switched to the reference's behaviour), then compares the two candidate lists byte for byte (and the lineage and the
rollouts spent). It prints one line per run and the number that match; the exit code is 0 only if all match.
No reference code is here: the reference is imported from the checkout you name.

    python3 bench/parity/run_parity.py --gepa PATH/TO/gepa-checkout [--rule-world PATH/TO/rule-world]
        [--budgets 300,1000,2000] [--seeds 0-4] [--modules 1,2] [--merge off,on] [--jobs 2] [--gepa-cli "CMD"]

--gepa-cli defaults to building src/Gepa.Cli (Release) and running its Gepa.Cli.dll with `dotnet`.
"""
import argparse
import concurrent.futures
import itertools
import json
import os
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CONFIGS = {1: "parity-single-module.yaml", 2: "parity-two-module.yaml"}
REFERENCE_MODE = [
    "engine.strict-budget=false",
    "engine.deduplicate-candidates=false",
    "engine.cache-minibatch-evaluations=false",
    "engine.merge.count-rejected=false",
]


def seeds(text):
    out = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def ours(cli, modules, budget, seed, merge, workdir):
    out = os.path.join(workdir, f"ours-m{modules}-b{budget}-s{seed}-{'merge' if merge else 'nomerge'}")
    sets = REFERENCE_MODE + [f"engine.seed={seed}", f"engine.max-metric-calls={budget}", f"engine.merge.enabled={str(merge).lower()}"]
    cmd = cli + ["optimize", os.path.join(ROOT, "bench", "rule-world", CONFIGS[modules]), "-q", "-o", out]
    for s in sets:
        cmd += ["--set", s]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"gepa optimize failed ({p.returncode}): {p.stderr.strip() or p.stdout.strip()}")
    with open(os.path.join(out, "result.json"), encoding="utf-8") as f:
        r = json.load(f)
    return {
        "candidates": [c["components"] for c in r["candidates"]],
        "parents": [c["parents"] for c in r["candidates"]],
        "total_metric_calls": r["totalMetricCalls"],
    }


def reference(args, modules, budget, seed, merge):
    cmd = [sys.executable, os.path.join(HERE, "reference_run.py"), "--gepa", args.gepa, "--rule-world", args.rule_world,
           "--modules", str(modules), "--budget", str(budget), "--seed", str(seed)] + (["--merge"] if merge else [])
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # the reference walks set(component names) in string-hash order
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise RuntimeError(f"reference failed: {p.stderr.strip().splitlines()[-1] if p.stderr.strip() else p.returncode}")
    return json.loads(p.stdout)


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b)) if len(a) != len(b) else None


def one(args, cli, workdir, modules, budget, seed, merge):
    name = f"modules={modules} budget={budget} merge={'on' if merge else 'off'} seed={seed}"
    try:
        ref = reference(args, modules, budget, seed, merge)
        our = ours(cli, modules, budget, seed, merge, workdir)
    except Exception as e:  # noqa: BLE001 - reported as a line of the table
        return name, False, f"ERROR {e}"
    same = json.dumps(ref["candidates"], ensure_ascii=False) == json.dumps(our["candidates"], ensure_ascii=False)
    same_lineage = ref["parents"] == our["parents"]
    same_calls = ref["total_metric_calls"] == our["total_metric_calls"]
    ok = same and same_lineage and same_calls
    if ok:
        detail = f"{len(ref['candidates'])} candidates, {ref['total_metric_calls']} rollouts"
    else:
        i = first_difference(ref["candidates"], our["candidates"])
        detail = (f"candidates {'same' if same else f'differ from #{i}'} ({len(ref['candidates'])} vs {len(our['candidates'])}), "
                  f"parents {'same' if same_lineage else 'differ'}, rollouts {ref['total_metric_calls']} vs {our['total_metric_calls']}")
    return name, ok, detail


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gepa", required=True, help="a checkout of gepa-ai/gepa at 0.1.4 (b265bf9c)")
    ap.add_argument("--rule-world", default="/work/shared/rule-world", help="the folder holding the Python rule_world.py")
    ap.add_argument("--budgets", default="300,1000,2000")
    ap.add_argument("--seeds", default="0-4")
    ap.add_argument("--modules", default="1,2")
    ap.add_argument("--merge", default="off,on")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--gepa-cli", default=None, help="the command that runs the gepa CLI (default: build it and use dotnet)")
    args = ap.parse_args()
    if not os.path.isfile(os.path.join(args.rule_world, "rule_world.py")):
        sys.exit(f"--rule-world: no rule_world.py in {args.rule_world}")
    if not os.path.isdir(os.path.join(args.gepa, "src", "gepa")):
        sys.exit(f"--gepa: no src/gepa in {args.gepa}")
    if args.gepa_cli:
        cli = shlex.split(args.gepa_cli)
    else:
        subprocess.run(["dotnet", "build", os.path.join(ROOT, "src", "Gepa.Cli", "Gepa.Cli.csproj"), "-c", "Release", "-v", "q", "-nologo"], check=True)
        cli = ["dotnet", os.path.join(ROOT, "artifacts", "bin", "Gepa.Cli", "release", "Gepa.Cli.dll")]
    grid = list(itertools.product(
        [int(m) for m in args.modules.split(",")],
        [int(b) for b in args.budgets.split(",")],
        [m == "on" for m in args.merge.split(",")],
        seeds(args.seeds)))
    matched = 0
    with tempfile.TemporaryDirectory(prefix="gepa-parity-") as workdir, concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(one, args, cli, workdir, m, b, s, merge) for m, b, merge, s in grid]
        for f in futures:
            name, ok, detail = f.result()
            matched += ok
            print(f"{'MATCH' if ok else 'DIFF '}  {name}: {detail}", flush=True)
    print(f"{matched} of {len(grid)} runs byte-identical")
    sys.exit(0 if matched == len(grid) else 1)


if __name__ == "__main__":
    main()
