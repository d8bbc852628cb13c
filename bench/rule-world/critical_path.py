"""Critical path of a gepa run, in model-call latency rounds, from its run directory's events.jsonl.

A round is one wave of calls that must wait for the previous wave: with unlimited concurrency every batch of
examples is one round (RuleWorld's task model makes one call per example and module). Per iteration the chain is
    parent minibatch (1) -> reflection call per rewritten component -> child minibatch (1)
for the slowest of its proposals (they run side by side), then one round per validation of an accepted child (they
are added one after another), plus one round for the seed's validation. Merges (off in these runs) are not counted.

usage: python3 critical_path.py RUN_DIR [LATENCY_MS] [MODULES]
"""
import collections
import json
import sys

run, latency, modules = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 200.0, int(sys.argv[3]) if len(sys.argv) > 3 else 1
events = [json.loads(line) for line in open(f"{run}/events.jsonl", encoding="utf-8")]
by_iteration = collections.defaultdict(list)
for e in events:
    by_iteration[e.get("iteration", -1)].append(e)

rounds = 0
for iteration, es in sorted(by_iteration.items()):
    kinds = collections.Counter(e["event"] for e in es)
    validations = kinds["valset-evaluated"]
    if iteration == 0:
        rounds += modules * validations  # the seed
        continue
    components = max((len(e.get("components", [])) for e in es if e["event"] == "proposal-start"), default=0)
    if kinds["proposal-start"]:
        chain = modules + components + modules
    elif kinds["candidate-selected"]:
        chain = modules  # every proposal skipped after its parent's minibatch
    else:
        chain = 0
    rounds += chain + modules * validations

summary = json.load(open(f"{run}/summary.json", encoding="utf-8"))
h, m, s = summary["elapsed"].split(":")
wall = int(h) * 3600 + int(m) * 60 + float(s)
critical = rounds * latency / 1000
print(f"{run}: wall {wall:.1f} s, critical path {rounds} rounds = {critical:.1f} s, wall/critical {wall / critical:.2f}, "
      f"best val {summary['bestScore']}, rollouts {summary['rollouts']}, iterations {summary['iterations']}, proposals {summary['proposalsTried']}")
