"""The project's extension of RuleWorld (spec: src/Gepa.Simulation/RuleWorld/README.md), restated in Python over the
shared reference, and the writer of Fixtures/rule-world/limited-vectors.jsonl.

The extension adds a limited reflection model (reflection=limited: bounded attention, more forgetting as the prompt
holds more guidelines, misled by mixed feedback), a noisy metric (metric-flip: a repeat of the same evaluation can
score differently) and known rules that no example requires (rule-offset: examples require a window of the table;
known-rules: the models know the first K rules, so a guideline outside the window is read and takes a place). With its
defaults (reflection=full, metric-flip=0, rule-offset=0, known-rules=0) it answers every call exactly as the reference.
Run from the repository root:

    python3 tests/Gepa.Simulation.Tests/RuleWorld/make_limited_vectors.py PATH/TO/rule-world
"""
import json
import sys

sys.path.insert(0, sys.argv[1])
import rule_world as rw  # noqa: E402

EXT_DEFAULTS = {"reflection": "full", "attention": 3, "attention-decay": 0.5, "drop-growth": 0.01,
                "mislead": 0.2, "metric-flip": 0.0, "rule-offset": 0, "known-rules": 0}
FAILURE_MARK = "Incorrect. The expected answer is "
SUCCESS_MARK = "Correct. The answer "


class ExtendedWorld(rw.World):
    def __init__(self, **kw):
        self.x = dict(EXT_DEFAULTS)
        for key in EXT_DEFAULTS:
            if key in kw:
                self.x[key] = kw.pop(key)
        self.o = self.x["rule-offset"]
        R = kw.get("rules", rw.DEFAULTS["rules"])
        assert 0 <= self.o <= len(rw.RULES) - R
        # K: the rules the models know, the first K of the table; 0 means exactly those an example can require.
        self.K = self.x["known-rules"] or self.o + R
        assert self.o + R <= self.K <= len(rw.RULES)
        super().__init__(**kw)
        self.repeats = {}

    # ----- examples: the reference's draw, shifted into the window [o, o + R) -----
    def _instance(self, split, i):
        p, s = self.p, self.p["seed"]
        iid = f"{split}-{i:03d}"
        k = 1 + int(rw.u(f"{s}|k|{iid}") * 3)
        req, t = [], 0
        while len(req) < k:
            x = 1.0
            for q in range(p["skew"]):
                x *= rw.u(f"{s}|rule|{iid}|{t}|{q}")
            j = self.o + int(p["rules"] * x)
            if j not in req:
                req.append(j)
            t += 1
        req.sort()
        gold = "ANS-" + rw.h(f"{s}|gold|{iid}").hex()[:6].upper()
        question = f"Case {iid}: a customer writes about " + ", ".join(rw.TOPICS[j] for j in req) + "."
        return {"id": iid, "input": question, "answer": gold, "required": req, "additional_context": {}}

    def module_of(self, j):
        return max(0, min(self.p["modules"] - 1, (j - self.o) * self.p["modules"] // self.R))

    # ----- the task model: the reference's, with present rules over every known rule -----
    def task_reply(self, messages):
        system = "\n".join(m["content"] for m in messages if m["role"] == "system")
        users = [m["content"] for m in messages if m["role"] == "user"]
        last = users[-1] if users else ""
        m = rw.re.search(r"Case ((?:train|val|test)-[0-9]{3}):", last)
        if not m or m.group(1) not in self.by_id:
            return "Rules applied: none\nAnswer: UNKNOWN"
        inst = self.by_id[m.group(1)]
        sm = [rw.re.match(r"Step ([0-9]+) of ([0-9]+)", ln) for ln in rw.lines(last)]
        sm = [x for x in sm if x]
        step, steps = (int(sm[0].group(1)) - 1, int(sm[0].group(2))) if sm else (0, 1)
        if steps != self.p["modules"] or not 0 <= step < steps:
            return "Rules applied: none\nAnswer: UNKNOWN"
        low = rw.lower(system)
        pos = [(low.find(rw.RULES[j][0]), j) for j in range(self.K) if rw.RULES[j][0] in low]
        present = [j for _, j in sorted(pos)]
        if self.p["capacity"] > 0:
            present = present[: self.p["capacity"]]
        sig = ",".join(rw.rid(j) for j in sorted(present))
        prev = rw.applied_ids(last)
        applied = sorted({j for j in inst["required"] if self.module_of(j) < step and j in prev}
                         | {j for j in inst["required"] if self.module_of(j) == step and j in present})
        head = "Rules applied: " + (", ".join(rw.rid(j) for j in applied) or "none")
        if step < steps - 1:
            return head + "\nNotes: step " + str(step + 1) + " complete."
        missing = [j for j in inst["required"] if j not in applied]
        noisy = rw.u(f"{self.p['seed']}|noise|{inst['id']}|{step}|{sig}") < self.p["noise"]
        if not missing and not noisy:
            ans = inst["answer"]
        else:
            ans = "ANS-" + rw.h(f"{self.p['seed']}|wrong|{inst['id']}|{','.join(rw.rid(j) for j in applied)}|{sig}").hex()[:6].upper()
        return head + "\nAnswer: " + ans

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
            return self.full_reflect_reply(prompt)
        # R here is the number of rules the reflection knows (K), not the number an example can require.
        s, R, x = self.p["seed"], self.K, self.x
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


    def full_reflect_reply(self, prompt):
        """The reference's reflection, reading every known rule (K) instead of the R an example can require."""
        low = rw.lower(prompt)
        hx = rw.h(prompt).hex()
        s = self.p["seed"]
        found = [j for j in range(self.K) if rw.RULES[j][0] in low]
        kept = [j for j in found if rw.u(f"{s}|forget|{hx}|{rw.rid(j)}") >= self.p["forget"]]
        if rw.u(f"{s}|guess|{hx}") < self.p["guess"]:
            j = int(rw.u(f"{s}|guessrule|{hx}") * self.K)
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
    # Known rules that no example requires: worlds whose examples require a window of the table while the models know
    # more of it. Every kind of call, with instructions that state foreign rules before, after and among required ones.
    KNOWN_WORLDS = [
        {"rules": 12, "rule-offset": 12, "known-rules": 24, "capacity": 4},
        {"rules": 12, "known-rules": 24, "seed": "known-prefix"},
        {"rules": 8, "rule-offset": 6, "known-rules": 20, "modules": 2, "capacity": 5, "seed": "window two"},
        {"rules": 10, "rule-offset": 5, "modules": 3, "capacity": 3, "reflection": "limited", "seed": "window three"},
        {"rules": 12, "rule-offset": 12, "known-rules": 24, "reflection": "limited", "drop-growth": 0.05, "guess": 0.5},
    ]
    for over in KNOWN_WORLDS:
        w = ExtendedWorld(**over)
        names = rw.MODULE_NAMES[w.p["modules"]]
        window = list(range(w.o, w.o + w.R))
        foreign = [j for j in range(w.K) if j not in window]
        for split in ("train", "val", "test"):
            for inst in w.splits[split][:5]:
                out.append({"world": over, "kind": "instance", "split": split, "id": inst["id"], "input": inst["input"],
                            "answer": inst["answer"], "required": [rw.rid(j) for j in inst["required"]]})
        for n, inst in enumerate(w.splits["val"][:6]):
            req = inst["required"]
            pick = [j for j in range(w.K) if rw.u(f"pick|{n}|{j}") < 0.3]
            systems = [
                " ".join(t for _, t in rw.RULES[: w.K]),
                " ".join(rw.RULES[j][1] for j in req),
                " ".join(rw.RULES[j][1] for j in foreign[:3] + req),
                " ".join(rw.RULES[j][1] for j in req + foreign[-3:]).upper(),
                " ".join(rw.RULES[j][1] for j in pick),
                "Note: " + " ".join(rw.RULES[j][0] for j in reversed(range(w.K))),
            ]
            for extra in systems:
                candidate = {name: rw.BASE_INSTRUCTION + " " + extra for name in names}
                prev = ""
                for k, name in enumerate(names):
                    user = inst["input"] if len(names) == 1 else f"Step {k + 1} of {len(names)} ({name})\n{inst['input']}" + (f"\n{prev}" if prev else "")
                    messages = [{"role": "system", "content": candidate[name]}, {"role": "user", "content": user}]
                    prev = w.task_reply(messages)
                    out.append({"world": over, "kind": "task", "messages": messages, "reply": prev})
                score, fb = w.evaluate(inst, prev)
                out.append({"world": over, "kind": "evaluate", "id": inst["id"], "response": prev, "score": score, "feedback": fb})
        train = w.splits["train"]
        fails = [record(inst, "Rules applied: none\nAnswer: nope", w.evaluate(inst, "Rules applied: none\nAnswer: nope")[1]) for inst in train[:8]]
        oks = [record(inst, f"Rules applied: none\nAnswer: {inst['answer']}", f"Correct. The answer {inst['answer']} is right.") for inst in train[8:10]]
        lessons = "Lessons from related tasks:\n" + "\n".join(f"[L{j}] {rw.RULES[j][1]}" for j in foreign[:6] + window[:2])
        current = rw.BASE_INSTRUCTION + " " + " ".join(rw.RULES[j][1] for j in foreign[:2] + window[:3])
        prompts = [
            current,
            "Current:\n" + current + "\n" + "".join(fails[:3]),
            "Current:\n" + current + "\n" + "".join(fails[:2] + oks[:1] + fails[2:6]) + lessons,
            lessons + "\n" + "".join(fails),
            "Current:\n" + rw.BASE_INSTRUCTION + "\n" + "".join(oks + fails[:4]) + "\n" + lessons.upper(),
        ]
        for i in range(4):
            prompts.append(current + "\n" + "".join(oks[i % 2:] + fails[i:i + 4]) + lessons + f"\nvariant {i}")
        for prompt in prompts:
            out.append({"world": over, "kind": "reflect", "prompt": prompt, "reply": w.reflect_reply(prompt)})

    # At its defaults the restatement is the reference: it answers every shipped vector as rule_world.py does.
    with open(sys.argv[1] + "/vectors.jsonl", encoding="utf-8") as f:
        for text in f:
            v = json.loads(text)
            w = ExtendedWorld(**v["world"])
            if v["kind"] == "task":
                assert w.task_reply(v["messages"]) == v["reply"], v
            elif v["kind"] == "reflect":
                assert w.reflect_reply(v["prompt"]) == v["reply"], v
            elif v["kind"] == "evaluate":
                assert list(w.evaluate(w.by_id[v["id"]], v["response"])) == [v["score"], v["feedback"]], v
            elif v["kind"] == "instance":
                d = w.by_id[v["id"]]
                assert (d["input"], d["answer"], [rw.rid(j) for j in d["required"]]) == (v["input"], v["answer"], v["required"]), v

    with open("tests/Gepa.Simulation.Tests/Fixtures/rule-world/limited-vectors.jsonl", "w", encoding="utf-8") as f:
        for line in out:
            f.write(json.dumps(line) + "\n")
    print(len(out), "lines")
