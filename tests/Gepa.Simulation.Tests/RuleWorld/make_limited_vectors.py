"""The project's extension of RuleWorld (spec: src/Gepa.Simulation/RuleWorld/README.md), restated in Python over the
shared reference, and the writer of Fixtures/rule-world/limited-vectors.jsonl.

The extension adds a limited reflection model (reflection=limited: bounded attention, more forgetting as the prompt
holds more guidelines, misled by mixed feedback) and a noisy metric (metric-flip: a repeat of the same evaluation can
score differently). With its defaults (reflection=full, metric-flip=0) it answers every call exactly as the reference.
Run from the repository root:

    python3 tests/Gepa.Simulation.Tests/RuleWorld/make_limited_vectors.py PATH/TO/rule-world
"""
import json
import sys

sys.path.insert(0, sys.argv[1])
import rule_world as rw  # noqa: E402

EXT_DEFAULTS = {"reflection": "full", "attention": 3, "attention-decay": 0.5, "drop-growth": 0.01,
                "mislead": 0.2, "metric-flip": 0.0}
FAILURE_MARK = "Incorrect. The expected answer is "
SUCCESS_MARK = "Correct. The answer "


class ExtendedWorld(rw.World):
    def __init__(self, **kw):
        self.x = dict(EXT_DEFAULTS)
        for key in EXT_DEFAULTS:
            if key in kw:
                self.x[key] = kw.pop(key)
        super().__init__(**kw)
        self.repeats = {}

    # ----- the noisy metric -----
    def evaluate(self, inst, response):
        score, fb = super().evaluate(inst, response)
        flip = self.x["metric-flip"]
        if flip <= 0:
            return score, fb
        key = inst["id"] + "|" + rw.h(response).hex()
        n = self.repeats.get(key, 0)
        self.repeats[key] = n + 1
        if rw.u(f"{self.p['seed']}|flip|{key}|{n}") >= flip:
            return score, fb
        if score == 1.0:
            return 0.0, f"Incorrect. The expected answer is {inst['answer']}."
        return 1.0, f"Correct. The answer {inst['answer']} is right."

    # ----- the limited reflection model -----
    def reflect_reply(self, prompt):
        if self.x["reflection"] == "full":
            return super().reflect_reply(prompt)
        s, R, x = self.p["seed"], self.R, self.x
        hx = rw.h(prompt).hex()
        starts, at = [], prompt.find(FAILURE_MARK)
        while at >= 0:
            starts.append(at)
            at = prompt.find(FAILURE_MARK, at + len(FAILURE_MARK))
        # The head (everything before the first failure record) is always read; failure record i (1-based) runs from
        # its mark to the next one. Records past the attention span are read with a probability that halves (decays)
        # with each further record.
        parts = [prompt[: starts[0]] if starts else prompt]
        failures_read = 0
        for i, start in enumerate(starts, 1):
            end = starts[i] if i < len(starts) else len(prompt)
            if i <= x["attention"] or rw.u(f"{s}|attend|{hx}|{i}") < x["attention-decay"] ** (i - x["attention"]):
                parts.append(prompt[start:end])
                failures_read += 1
        low = [rw.lower(p) for p in parts]
        found = [j for j in range(R) if any(rw.RULES[j][0] in p for p in low)]
        drop = min(1.0, self.p["forget"] + x["drop-growth"] * len(found))
        kept = [j for j in found if rw.u(f"{s}|drop|{hx}|{rw.rid(j)}") >= drop]
        mixed = failures_read > 0 and any(SUCCESS_MARK in p for p in parts)
        if mixed and rw.u(f"{s}|mislead|{hx}") < x["mislead"]:
            if kept:
                kept.remove(kept[int(rw.u(f"{s}|blame|{hx}") * len(kept))])
            others = [j for j in range(R) if j not in found]
            if others:
                kept.append(others[int(rw.u(f"{s}|wrongrule|{hx}") * len(others))])
        if rw.u(f"{s}|guess|{hx}") < self.p["guess"]:
            j = int(rw.u(f"{s}|guessrule|{hx}") * R)
            if j not in kept:
                kept.append(j)
        out = [rw.BASE_INSTRUCTION] + [rw.RULES[j][1] for j in sorted(kept)]
        return "```\n" + "\n".join(out) + "\n```"


def record(inst, response, feedback):
    return f"# Example\n## Inputs\n{inst['input']}\n## Generated Outputs\n{response}\n## Feedback\n{feedback}\n"


if __name__ == "__main__":
    WORLDS = [
        {"reflection": "limited"},
        {"reflection": "limited", "attention": 1, "attention-decay": 0.3, "drop-growth": 0.05, "mislead": 0.9},
        {"reflection": "limited", "attention": 0, "attention-decay": 1.0, "drop-growth": 0.0, "mislead": 0.0,
         "modules": 2, "rules": 12, "seed": "limited \u00fcn\u00ef"},
        {"reflection": "limited", "attention": 5, "attention-decay": 0.0, "drop-growth": 1.0, "mislead": 1.0,
         "forget": 0.0},
    ]
    out = []
    for over in WORLDS:
        w = ExtendedWorld(**over)
        train = w.splits["train"]
        fb_rng = [w.evaluate(inst, "Rules applied: none\nAnswer: nope") for inst in train[:12]]
        fail_records = [record(inst, "Rules applied: none\nAnswer: nope", fb) for inst, (_, fb) in zip(train, fb_rng)]
        ok_records = [record(inst, f"Rules applied: none\nAnswer: {inst['answer']}", f"Correct. The answer {inst['answer']} is right.")
                      for inst in train[12:16]]
        current = rw.BASE_INSTRUCTION + " " + " ".join(t for _, t in rw.RULES[:8])
        prompts = [
            "",
            current,
            "Current:\n" + current + "\n" + "".join(fail_records[:2]),
            "Current:\n" + current + "\n" + "".join(fail_records),
            "Current:\n" + current + "\n" + "".join(fail_records[:3] + ok_records[:1] + fail_records[3:]),
            "Current:\n" + rw.BASE_INSTRUCTION + "\n" + "".join(ok_records + fail_records[:6]),
            "".join(fail_records[::-1]) + "\nKELVIN and Litres at the end",
            "Incorrect. The expected answer is Incorrect. The expected answer is tier two" + ok_records[0],
        ]
        for i in range(8):
            prompts.append(current + "\n" + "".join(ok_records[i % 4:] + fail_records[i:i + 6]) + f"\nvariant {i}")
        for prompt in prompts:
            out.append({"world": over, "kind": "reflect", "prompt": prompt, "reply": w.reflect_reply(prompt)})
    for over in [{"metric-flip": 0.3}, {"metric-flip": 1.0, "modules": 2}, {"metric-flip": 0.5, "reflection": "limited", "seed": "flip"}]:
        w = ExtendedWorld(**over)
        for inst in w.splits["val"][:6]:
            responses = [f"Rules applied: none\nAnswer: {inst['answer']}", "Rules applied: none\nAnswer: nope"] * 3
            responses.insert(2, f"Rules applied: none\nAnswer: {inst['answer']}")
            results = [w.evaluate(inst, r) for r in responses]
            out.append({"world": over, "kind": "evaluate-repeat", "id": inst["id"], "responses": responses,
                        "scores": [r[0] for r in results], "feedbacks": [r[1] for r in results]})
    with open("tests/Gepa.Simulation.Tests/Fixtures/rule-world/limited-vectors.jsonl", "w", encoding="utf-8") as f:
        for line in out:
            f.write(json.dumps(line) + "\n")
    print(len(out), "lines")
