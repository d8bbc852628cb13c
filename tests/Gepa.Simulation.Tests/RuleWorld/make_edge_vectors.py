"""Writes Fixtures/rule-world/edge-vectors.jsonl: edge cases answered by the Python reference.

The shipped vectors.jsonl covers ordinary calls; these lines pin down the corners (culture-free lower-casing, astral
characters, R00/R99 tokens, huge step numbers, several cases in one message, CR-only breaks, capacity cuts, non-ASCII
seeds). Same format as vectors.jsonl. Run from the repository root:

    python3 tests/Gepa.Tests/RuleWorld/make_edge_vectors.py PATH/TO/rule-world
"""
import json
import sys

sys.path.insert(0, sys.argv[1])
import rule_world as rw  # noqa: E402

WORLDS = [
    {},
    {"modules": 3, "noise": 0.0},
    {"capacity": 2, "rules": 18, "seed": "edge \u00fcn\u00ef \U0001F3B2"},
    {"modules": 2, "informative": 1.0, "guess": 0.9, "forget": 0.5},
]
ASTRAL = "\U0001D518"
out = []


def task(world, over, messages):
    out.append({"world": over, "kind": "task", "messages": messages, "reply": world.task_reply(messages)})


def sysuser(system, user):
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


for over in WORLDS:
    w = rw.World(**over)
    M = w.p["modules"]
    ex = [d for s in ("train", "val", "test") for d in w.splits[s] if len(d["required"]) >= 2][:3]
    first = ex[0]
    all_rules = rw.BASE_INSTRUCTION + " " + " ".join(t for _, t in rw.RULES)
    rev_keywords = " ".join(k.upper() for k, _ in reversed(rw.RULES))

    def step(k, inst, prev=""):
        if M == 1:
            return inst["input"]
        names = rw.MODULE_NAMES[M]
        return f"Step {k + 1} of {M} ({names[k]})\n{inst['input']}" + (f"\n{prev}" if prev else "")

    last = M - 1
    for inst in ex:
        task(w, over, sysuser(all_rules, step(last, inst, "Rules applied: R00, R99, R012, r05, R5\nRules applied: " + ", ".join(rw.rid(j) for j in inst["required"]))))
        task(w, over, sysuser(ASTRAL + " " + rev_keywords, step(0, inst)))
        task(w, over, sysuser(ASTRAL * 3 + "\u212Aelvin \u0130SO 8601 Tier Two " + ASTRAL + "LITRES", step(last, inst, "Rules applied: none")))
    task(w, over, sysuser(all_rules, first["input"] + "\nCase val-001: second case"))
    task(w, over, sysuser(all_rules, "see Case train-998: and " + first["input"]))
    task(w, over, sysuser(all_rules, f"Step 0{M} of 00{M} (x)\n" + first["input"]))
    task(w, over, sysuser(all_rules, f"Step 1 of {M}\r" + first["input"]))
    task(w, over, sysuser(all_rules, f"Step 99999999999999999999999999 of {M}\n" + first["input"]))
    task(w, over, sysuser(all_rules, f"Intro\n Step 1 of {M}\nStep {M} of {M}\n" + first["input"]))
    task(w, over, sysuser(all_rules, f"Step {M} of {M}\r\nStep 1 of {M}\n" + first["input"] + "\r\n"))
    task(w, over, [
        {"role": "system", "content": rw.RULES[first["required"][0]][1]},
        {"role": "user", "content": "Case train-000: an earlier turn"},
        {"role": "assistant", "content": "Rules applied: R01\nAnswer: nothing"},
        {"role": "system", "content": rw.RULES[first["required"][1]][1].upper()},
        {"role": "user", "content": step(last, first, "Rules applied: " + ", ".join(rw.rid(j) for j in first["required"]))},
    ])
    for inst in ex:
        for response in [
            "Rules applied: R00\nAnswer: nope",
            "Rules applied: R99 R01 R02\nAnswer: nope",
            f"Rules applied: none\nAnswer:\t{inst['answer']} \t",
            f"Answer: {inst['answer']}\u00a0",
            "Rules applied: " + ", ".join(rw.rid(j) for j in inst["required"][:1]) + "\r\nAnswer: nope\r\n",
            "",
            f"Rules applied: R03\nRules applied: R04\nAnswer: {inst['answer']}\nAnswer: late",
        ]:
            score, feedback = w.evaluate(inst, response)
            out.append({"world": over, "kind": "evaluate", "id": inst["id"], "response": response, "score": score, "feedback": feedback})
    for prompt in [
        "",
        ASTRAL + "KELVIN " + ASTRAL + " litres",
        "\u212Aelvin and \u0130SO 8601",
        "Prefix with SKU-\r\nTIME ZONE\r\nlanguage code checksum letter tier two metres per second",
        all_rules,
        "```\n" + rev_keywords + "\n```",
    ]:
        out.append({"world": over, "kind": "reflect", "prompt": prompt, "reply": w.reflect_reply(prompt)})

with open("tests/Gepa.Tests/Fixtures/rule-world/edge-vectors.jsonl", "w", encoding="utf-8") as f:
    for line in out:
        f.write(json.dumps(line) + "\n")
print(len(out), "lines")
