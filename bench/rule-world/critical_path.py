"""Critical path of a gepa run, in model-call latency rounds, from its run directory's events.jsonl, under two definitions.

A round is one wave of calls that must wait for the previous wave (RuleWorld's task model makes one call per example
and module, so a batch of examples through M modules is M waves). The run is rebuilt from its events as stages:

- the seed's validation;
- per iteration, each proposal's chain: its parent's minibatch evaluation, one reflection call per rewritten component
  (one after another), its child's minibatch evaluation (several stages when the child is scored in parts); the
  proposals of one iteration run side by side, each stage waiting only for its own proposal's previous one;
- then, one after another, every evaluation no proposal waits for: validations (a racing validation is several
  stages), merge subsamples.

A stage of n rollouts (examples; M calls each, one per module, one after another) counts
- UNLIMITED: M rounds, whatever n (as if every call of a stage could be in flight at once), and
- AT CONCURRENCY c: ceil(n / c) x M rounds, c being the model's max-concurrency: 60 validation examples at 16 in flight
  are 4 rounds, not 1. The side-by-side proposals of an iteration share the models' slots: their part is the length of
  an ideal schedule in which every call is made in the first round its inputs are ready and its model (task or
  reflection, each with its own max-concurrency) has a free slot, with no barrier between the proposals' steps.
An evaluation answered entirely from the cache (no rollouts spent) is 0 rounds (one answered in part counts its fresh
rollouts as a stage of its own). The ideal schedule gives the slots to the chain with the most rounds left, a
heuristic: the true shortest schedule can only be as long or shorter.

The wall time is the run's own elapsed time (summary.json, from the first event to the last); the process's time
(start-up, the test-set scoring, writing the results) is not in it.

usage: python3 critical_path.py RUN_DIR [LATENCY_MS] [MODULES] [--concurrency C] [--reflection-concurrency C]
                                [--breakdown]
  C defaults to the run's config.json (task-model / reflection-model max-concurrency), else 16.
"""
import argparse
import collections
import datetime
import hashlib
import json
import math
import os


def load(run):
    with open(os.path.join(run, "events.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def configured_concurrency(run, section):
    try:
        with open(os.path.join(run, "config.json"), encoding="utf-8") as f:
            return int(json.load(f).get(section, {}).get("max-concurrency", 16))
    except (OSError, ValueError):
        return 16


def stages(events):
    """The run as (kind, iteration, proposal, rollouts) stages in the order they were spent."""
    out = []
    first_rollouts = next((e for e in events if e["event"] == "rollouts"), None)
    seed_calls = first_rollouts["rollouts"] - first_rollouts["delta"] if first_rollouts else 0
    iteration = 0
    deltas = []  # the iteration's rollouts events: what it spent, stage by stage
    steps = []  # the iteration's proposal steps, in order

    def close():
        # An evaluation spent the rollouts of one budget event of its size (events of side-by-side proposals arrive in
        # any order, so any of the iteration's); one with none was answered from the cache. What no evaluation claims
        # was spent by evaluations no proposal waits for: validations, racing stages, merge subsamples.
        for kind, proposal, n in steps:
            if kind == "evaluation":
                calls = n if n in deltas else 0
                if calls:
                    deltas.remove(n)
                out.append(("evaluation", iteration, proposal, calls))
            else:
                out.append(("reflection", iteration, proposal, n))
        out.extend(("sequential", iteration, None, delta) for delta in deltas)
        deltas.clear()
        steps.clear()

    for e in events:
        kind = e["event"]
        if kind == "valset-evaluated" and e.get("iteration", 0) == 0 and e.get("candidate", 0) == 0 and not out:
            out.append(("seed", 0, None, seed_calls))
        elif kind == "iteration-start":
            close()
            iteration = e["iteration"]
        elif kind == "rollouts":
            deltas.append(e["delta"])
        elif kind == "evaluation":
            steps.append(("evaluation", e.get("proposal", 0), len(e.get("examples", []))))
        elif kind == "proposal-start":
            steps.append(("reflection", e.get("proposal", 0), len(e.get("components", []))))
    close()
    return out


def schedule(chains, modules, concurrency, reflection_concurrency):
    """Rounds an ideal engine needs for side-by-side chains of steps: every call is made in the first round its inputs
    are ready and its model has a free slot, the chain with the most rounds left getting the slots first. A step is
    ("evaluation", n rollouts: n chains of `modules` task-model calls) or ("reflection", k calls, one after another on
    the reflection model); a step starts the round after the one before it ends."""
    pending = []
    for chain in chains:
        steps = [(kind, calls) for kind, calls in chain if calls > 0]
        if steps:
            pending.append(steps)
    state = [None] * len(pending)  # per chain: the remaining calls of its current step (a list per rollout)

    def begin(i):
        kind, calls = pending[i][0]
        state[i] = [modules] * calls if kind == "evaluation" else [calls]

    for i in range(len(pending)):
        begin(i)
    rounds = 0
    while pending:
        rounds += 1
        task_slots, reflection_slots = concurrency, reflection_concurrency

        def rounds_left(i):
            steps, now = pending[i], state[i]
            later = sum(modules if kind == "evaluation" else calls for kind, calls in steps[1:])
            return max(now) + later

        # Longest remaining chain first (ties in task order): a later proposal's parent before an earlier one's child.
        for i in sorted(range(len(pending)), key=lambda i: (-rounds_left(i), i)):
            steps = pending[i]
            remaining = state[i]
            if steps[0][0] == "evaluation":
                for j, left in enumerate(remaining):
                    if left > 0 and task_slots > 0:
                        remaining[j] -= 1
                        task_slots -= 1
            elif remaining[0] > 0 and reflection_slots > 0:
                remaining[0] -= 1
                reflection_slots -= 1
        done = []
        for i, steps in enumerate(pending):
            if all(left == 0 for left in state[i]):
                steps.pop(0)
                if steps:
                    begin(i)
                else:
                    done.append(i)
        for i in reversed(done):
            pending.pop(i)
            state.pop(i)
    return rounds


def rounds(stage_list, modules, concurrency, reflection_concurrency):
    """(unlimited rounds, rounds at the concurrency) of a run's stages."""
    unlimited = at_c = 0
    by_iteration = collections.OrderedDict()
    for st in stage_list:
        by_iteration.setdefault(st[1], []).append(st)
    unbounded = 10 ** 9
    for iteration, sts in by_iteration.items():
        chains = collections.OrderedDict()
        sequential = []
        for kind, _, proposal, calls in sts:
            if kind in ("evaluation", "reflection"):
                chains.setdefault(proposal, []).append((kind, calls))
            else:
                sequential.append(calls)
        # The proposals run side by side, each step of a proposal waiting for its previous one, all of them sharing
        # the models' slots; then the evaluations no proposal waits for, one after another.
        in_task_order = [chains[p] for p in sorted(chains, key=lambda p: -1 if p is None else p)]
        unlimited += schedule(in_task_order, modules, unbounded, unbounded)
        at_c += schedule(in_task_order, modules, concurrency, reflection_concurrency)
        for calls in sequential:
            if calls > 0:
                unlimited += modules
                at_c += math.ceil(calls / concurrency) * modules
    return unlimited, at_c


def decisions(run):
    """A fingerprint of what the run decided (every candidate with its texts, parents and scores, the best, the rollouts
    and iterations), so that runs at different concurrencies can be compared at a glance."""
    with open(os.path.join(run, "result.json"), encoding="utf-8") as f:
        result = json.load(f)
    kept = {k: result.get(k) for k in ("candidates", "bestIndex", "bestScore", "totalMetricCalls", "iterations",
                                        "proposalsTried", "proposalsAccepted")}
    return hashlib.sha256(json.dumps(kept, sort_keys=True).encode("utf-8")).hexdigest()[:12]


def at_c_seed(events, concurrency, modules):
    seed = next((st for st in stages(events) if st[0] == "seed"), None)
    return math.ceil(seed[3] / concurrency) * modules if seed else 0


def parse_time(value):
    return datetime.datetime.fromisoformat(value).timestamp()


def breakdown(events):
    """Where the wall time went: by the pair of events that bound each interval, and in three groups: waiting for model
    calls (an interval that ends when calls come back: rollouts spent, a reflection's end, the seed's validation),
    checkpoint writes (an interval that ends with the checkpoint event) and everything else (the engine and the
    callbacks between calls)."""
    spent = collections.Counter()
    groups = collections.Counter()
    for before, after in zip(events, events[1:]):
        seconds = parse_time(after["time"]) - parse_time(before["time"])
        spent[f"{before['event']} -> {after['event']}"] += seconds
        if after["event"] == "checkpoint":
            groups["checkpoint writes"] += seconds
        elif after["event"] in ("rollouts", "proposal-end") or (after["event"] == "valset-evaluated" and before["event"] == "start"):
            groups["waiting for model calls"] += seconds
        else:
            groups["engine and callbacks between calls"] += seconds
    return spent, groups


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run")
    parser.add_argument("latency", nargs="?", type=float, default=200.0)
    parser.add_argument("modules", nargs="?", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=None)
    parser.add_argument("--reflection-concurrency", type=int, default=None)
    parser.add_argument("--breakdown", action="store_true")
    args = parser.parse_args()
    run = args.run
    concurrency = args.concurrency or configured_concurrency(run, "task-model")
    reflection_concurrency = args.reflection_concurrency or configured_concurrency(run, "reflection-model")
    events = load(run)
    unlimited, at_c = rounds(stages(events), args.modules, concurrency, reflection_concurrency)
    with open(os.path.join(run, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    h, m, s = summary["elapsed"].split(":")
    wall = int(h) * 3600 + int(m) * 60 + float(s)
    round_s = args.latency / 1000
    print(f"{run}: wall {wall:.1f} s; critical path unlimited {unlimited} rounds = {unlimited * round_s:.1f} s "
          f"(wall/critical {wall / (unlimited * round_s):.2f}); at concurrency {concurrency} {at_c} rounds = "
          f"{at_c * round_s:.1f} s (wall/critical {wall / (at_c * round_s):.2f}); best val {summary['bestScore']}, "
          f"rollouts {summary['rollouts']}, iterations {summary['iterations']}, proposals {summary['proposalsTried']}, "
          f"decisions {decisions(run)}")
    if args.breakdown:
        spent, groups = breakdown(events)
        for name, seconds in groups.most_common():
            print(f"  {seconds:7.2f} s  {name}")
        first_checkpoint = next((e for e in events if e["event"] == "checkpoint"), None)
        if first_checkpoint is not None:
            print(f"  of which the first checkpoint (start-up): "
                  f"{parse_time(first_checkpoint['time']) - parse_time(events[events.index(first_checkpoint) - 1]['time']):.2f} s")
        seed = next((e for e in events if e["event"] == "valset-evaluated"), None)
        if seed is not None:
            print(f"  the seed's validation (start-up, {at_c_seed(events, concurrency, args.modules)} rounds at "
                  f"concurrency {concurrency}): {parse_time(seed['time']) - parse_time(events[0]['time']):.2f} s")
        for name, seconds in spent.most_common(12):
            print(f"  {seconds:7.2f} s  {name}")


if __name__ == "__main__":
    main()
