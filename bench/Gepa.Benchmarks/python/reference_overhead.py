"""Engine CPU per rollout of the Python reference (gepa 0.1.4), measured the way bench/Gepa.Benchmarks measures ours.

Each case runs the reference once against the SIMULATED RuleWorld while recording every adapter answer (per candidate
and example) and every reflection reply, then runs it again from that recording and measures only the replay, whose
world costs nothing but dictionary look-ups. The replay must end with the same candidates and rollouts as the
recording, or the case fails. CPU is the process's CPU time (time.process_time) over the replay, divided by its
rollouts. No reference code is here: gepa is imported from the checkout you name, and RuleWorld from the folder you
name (its task model must accept validation ids above 999, e.g. a copy whose "Case" pattern reads [0-9]{3,}).

    python3 reference_overhead.py --gepa PATH/TO/gepa --rule-world PATH/TO/rule-world \
        --val 5000 --candidates 25,50 --repeats 3 [--seed 1]
"""
import argparse
import gc
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gepa", required=True, help="a checkout of gepa-ai/gepa (its src/ is put on sys.path)")
    ap.add_argument("--rule-world", required=True, help="the folder holding rule_world.py")
    ap.add_argument("--val", default="5000")
    ap.add_argument("--candidates", default="25,50")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    sys.path.insert(0, a.gepa.rstrip("/") + "/src")
    sys.path.insert(0, a.rule_world)
    import gepa  # noqa: E402
    import rule_world as rw  # noqa: E402
    from gepa.core.adapter import EvaluationBatch  # noqa: E402

    name = rw.MODULE_NAMES[1][0]

    class ReplayAdapter:
        """RuleWorld's one-module pipeline (as reference_run.py), recorded per (instruction, example) and replayed."""

        propose_new_texts = None

        def __init__(self, world):
            self.world = world
            self.answers = {}
            self.recording = True

        def evaluate(self, batch, candidate, capture_traces=False):
            outputs, scores, traces = [], [], []
            text = candidate[name]
            for inst in batch:
                key = (text, inst["id"])
                if self.recording:
                    reply = self.world.task_reply([{"role": "system", "content": text}, {"role": "user", "content": inst["input"]}])
                    score, feedback = self.world.evaluate(inst, reply)
                    self.answers[key] = (reply, score, {"inst": inst, "steps": [(inst["input"], reply)], "feedback": feedback})
                reply, score, trace = self.answers[key]
                outputs.append(reply)
                scores.append(score)
                traces.append(trace)
            return EvaluationBatch(outputs=outputs, scores=scores, trajectories=traces if capture_traces else None)

        def make_reflective_dataset(self, candidate, eval_batch, components_to_update):
            return {
                comp: [{"Inputs": t["inst"]["input"], "Generated Outputs": t["steps"][0][1], "Feedback": t["feedback"]}
                       for t in eval_batch.trajectories]
                for comp in components_to_update
            }

    class ReplayReflection:
        def __init__(self, world):
            self.world = world
            self.replies = {}
            self.recording = True

        def __call__(self, prompt):
            if self.recording:
                self.replies[prompt] = self.world.reflect_reply(prompt)
            return self.replies[prompt]

    class CandidateCountStop:
        def __init__(self, count):
            self.count = count

        def __call__(self, gepa_state):
            return len(gepa_state.program_candidates) >= self.count

    class Quiet:
        def log(self, *args, **kwargs):
            pass

    def run(world, adapter, reflection, count):
        return gepa.optimize(
            seed_candidate={name: rw.BASE_INSTRUCTION},
            trainset=world.dataset("train"),
            valset=world.dataset("val"),
            adapter=adapter,
            reflection_lm=reflection,
            candidate_selection_strategy="pareto",
            reflection_minibatch_size=3,
            use_merge=False,
            stop_callbacks=[CandidateCountStop(count)],
            seed=a.seed,
            logger=Quiet(),
        )

    print(f"# gepa (Python {sys.version.split()[0]}), seed {a.seed}, 1 module, Pareto selection, no merge")
    print("| val | candidates | rollouts | engine CPU µs/rollout | wall s |")
    print("|---:|---:|---:|---:|---:|")
    for val in [int(x) for x in a.val.split(",")]:
        for count in [int(x) for x in a.candidates.split(",")]:
            world = rw.World(modules=1, val=val)
            adapter, reflection = ReplayAdapter(world), ReplayReflection(world)
            recorded = run(world, adapter, reflection, count)
            adapter.recording = reflection.recording = False
            for _ in range(a.repeats):
                gc.collect()
                cpu0, wall0 = time.process_time(), time.perf_counter()
                replayed = run(world, adapter, reflection, count)
                cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
                if [dict(c) for c in replayed.candidates] != [dict(c) for c in recorded.candidates] or replayed.total_metric_calls != recorded.total_metric_calls:
                    raise SystemExit(f"val {val}, {count} candidates: the replay diverged from the recording")
                rollouts = replayed.total_metric_calls
                print(f"| {val:,} | {len(replayed.candidates)} | {rollouts:,} | {cpu * 1e6 / rollouts:.1f} | {wall:.1f} |", flush=True)


if __name__ == "__main__":
    main()
