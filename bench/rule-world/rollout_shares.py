"""Where a gepa run's rollouts went, from its run directory's events.jsonl and candidates.jsonl (one module, no merge).

Each `rollouts` event is attributed to the evaluation event that follows it: one with a `candidate` is the parent's
minibatch, one without is the child's minibatch. Every other rollout is validation, split into
- the seed's validation (the rollouts spent before the first checkpoint),
- challengers' races: the validation examples each accepted-on-minibatch child had been scored on when its record was
  written (candidates.jsonl `valScores`),
- the leader's own scoring: the rest (the leader scored on a race stage's examples it had not been scored on, and the
  final full evaluation of the leader at the end of the run; scoring that a record does not show, such as a race
  winner's full evaluation made after its record's scores were taken, would land here too).
Also counted: proposals (reflection calls), children scored on a minibatch (not rejected as a copy first), children accepted on their minibatch, children stopped where
their parent failed (and the minibatch rollouts that saved: their `null` child scores), and parent minibatches the
parent passed entirely (no proposal).

Run from the repository root, e.g. for seeds 0 to 19 at 2,000 rollouts:

    for s in $(seq 0 19); do gepa optimize bench/rule-world/adaptive-single-module.yaml -q \\
        --set engine.max-metric-calls=2000 --set engine.seed=$s --out /tmp/shares/adaptive-$s; done
    python3 bench/rule-world/rollout_shares.py /tmp/shares/adaptive-*

and likewise with bench/rule-world/fixed-single-module.yaml, or with --set budget.focused-minibatch=false (racing
alone). The runs are those of the 2,000-rollout cells of `gepa bench` with the same configuration and seeds.
"""
import json
import sys
from collections import Counter


def shares(run):
    events = [json.loads(line) for line in open(f"{run}/events.jsonl", encoding="utf-8") if line.strip()]
    c = Counter()
    seed_done = False
    for i, e in enumerate(events):
        if e["event"] == "checkpoint" and not seed_done:
            c["seed"] = e["rollouts"]
            seed_done = True
        if e["event"] != "rollouts" or not seed_done:
            continue
        following = next((f for f in events[i + 1:] if f["event"] != "rollouts"), None)
        if following is not None and following["event"] == "evaluation":
            if "candidate" in following:
                c["parent minibatch"] += e["delta"]
                if all(s >= 1 for s in following.get("scores", [])):
                    c["parent minibatch passed entirely"] += e["delta"]
            else:
                c["child minibatch"] += e["delta"]
        else:
            c["validation after the seed"] += e["delta"]
        c["total"] = e["rollouts"]
    for line in open(f"{run}/candidates.jsonl", encoding="utf-8"):
        record = json.loads(line)
        if record["kind"] == "seed":
            continue
        c["proposals"] += 1
        if "childScores" in record:
            c["children scored on a minibatch"] += 1
            c["rollouts saved by stopping them"] += sum(1 for s in record["childScores"] if s is None)
        if record.get("reason", "").startswith("the child is not ahead on the minibatch examples its parent failed"):
            c["children stopped where the parent failed"] += 1
        if record["decision"] == "accepted":
            c["accepted on the minibatch"] += 1
            c["challengers' races"] += len(record.get("valScores", {}))
    c["leader's own scoring"] = c["validation after the seed"] - c["challengers' races"]
    return c


def main(runs):
    total = Counter()
    for run in runs:
        total.update(shares(run))
    n = len(runs)
    spent = total["total"]
    print(f"{n} runs, {spent / n:.0f} rollouts per run")
    for key in ("parent minibatch", "parent minibatch passed entirely", "child minibatch", "challengers' races",
                "leader's own scoring", "seed"):
        print(f"  {key:40s} {total[key] / n:8.1f} per run  {100 * total[key] / spent:5.1f}%")
    for key in ("proposals", "children scored on a minibatch", "accepted on the minibatch", "children stopped where the parent failed",
                "rollouts saved by stopping them"):
        print(f"  {key:40s} {total[key] / n:8.1f} per run")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: rollout_shares.py <run directory>...")
    main(sys.argv[1:])
