"""Runs the Python reference (gepa 0.1.4) in the SIMULATED RuleWorld and prints its candidate list as JSON.

This file holds no reference code: it imports gepa from a checkout given on the command line and drives it with a
RuleWorld adapter written here, which mirrors Gepa.Simulation's RuleWorldAdapter (same pipeline, same reflective
records: "Inputs", "Generated Outputs", "Feedback"). Used by run_parity.py; see docs/engine.md.

    python3 reference_run.py --gepa PATH/TO/gepa --rule-world PATH/TO/rule-world \
        --modules 2 --budget 1000 --seed 3 [--merge]
"""
import argparse
import json
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gepa", required=True, help="a checkout of gepa-ai/gepa (its src/ is put on sys.path)")
    ap.add_argument("--rule-world", required=True, help="the folder holding rule_world.py")
    ap.add_argument("--modules", type=int, default=1)
    ap.add_argument("--budget", type=int, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--merge", action="store_true")
    a = ap.parse_args()
    sys.path.insert(0, a.gepa.rstrip("/") + "/src")
    sys.path.insert(0, a.rule_world)
    import gepa  # noqa: E402
    import rule_world as rw  # noqa: E402
    from gepa.core.adapter import EvaluationBatch  # noqa: E402

    world = rw.World(modules=a.modules)
    names = rw.MODULE_NAMES[a.modules]

    class RuleWorldAdapter:
        """The pipeline and reflective records of Gepa.Simulation's RuleWorldAdapter."""

        propose_new_texts = None

        def evaluate(self, batch, candidate, capture_traces=False):
            outputs, scores, traces = [], [], []
            for inst in batch:
                steps, prev = [], ""
                for k, name in enumerate(names):
                    user = inst["input"] if len(names) == 1 else f"Step {k + 1} of {len(names)} ({name})\n{inst['input']}" + (f"\n{prev}" if prev else "")
                    prev = world.task_reply([{"role": "system", "content": candidate[name]}, {"role": "user", "content": user}])
                    steps.append((user, prev))
                score, feedback = world.evaluate(inst, prev)
                outputs.append(prev)
                scores.append(score)
                traces.append({"inst": inst, "steps": steps, "feedback": feedback})
            return EvaluationBatch(outputs=outputs, scores=scores, trajectories=traces if capture_traces else None)

        def make_reflective_dataset(self, candidate, eval_batch, components_to_update):
            out = {}
            for comp in components_to_update:
                k = names.index(comp)
                out[comp] = [
                    {
                        "Inputs": t["inst"]["input"] if len(names) == 1 else t["steps"][k][0],
                        "Generated Outputs": t["steps"][k][1],
                        "Feedback": t["feedback"],
                    }
                    for t in eval_batch.trajectories
                ]
            return out

    class Quiet:
        def log(self, *args, **kwargs):
            pass

    result = gepa.optimize(
        seed_candidate={n: rw.BASE_INSTRUCTION for n in names},
        trainset=world.dataset("train"),
        valset=world.dataset("val"),
        adapter=RuleWorldAdapter(),
        reflection_lm=world.reflect_reply,
        candidate_selection_strategy="pareto",
        reflection_minibatch_size=3,
        use_merge=a.merge,
        max_metric_calls=a.budget,
        seed=a.seed,
        logger=Quiet(),
    )
    print(json.dumps({
        "candidates": [dict(c) for c in result.candidates],
        "parents": [[p for p in ps if p is not None] for ps in result.parents],
        "total_metric_calls": result.total_metric_calls,
    }))


if __name__ == "__main__":
    main()
