"""Writes Fixtures/python-set/set_order_vectors.json: how CPython's `set` of ints iterates after random operations.

The reference (Python gepa) walks sets of candidate indexes and validation ids in hash-table slot order, which
depends on the set's whole history: insertion order, growth, collisions, deletions (dummies) and how the set was
made (`set(list)`, a copy, `&`, `-`, `|`). Each case is a short program over three registers A, B, C run on the
real CPython `set`; after every step the vector records the iteration order of the register the step wrote.
PythonIntSet must reproduce every one of them. Run from the repository root with CPython 3.11 or later:

    python3 tests/Gepa.Tests/Randomness/make_set_vectors.py tests/Gepa.Tests/Fixtures/python-set/set_order_vectors.json
"""
import json
import random
import sys

REGS = ["A", "B", "C"]


def run_case(rng):
    sets = {r: set() for r in REGS}
    steps = []
    hi = rng.choice([8, 12, 16, 24, 40, 64, 100, 1000, 100000])
    length = rng.randint(1, 60)
    for _ in range(length):
        op = rng.choices(
            ["add", "discard", "from_list", "copy", "and", "sub", "or", "ior", "isub", "comprehension", "clear"],
            weights=[40, 12, 6, 5, 5, 5, 4, 4, 4, 5, 1],
        )[0]
        d = rng.choice(REGS)
        a = rng.choice(REGS)
        b = rng.choice(REGS)
        step = {"op": op, "dst": d}
        if op == "add":
            k = rng.randrange(-3, hi) if rng.random() < 0.05 else rng.randrange(hi)
            sets[d].add(k)
            step["key"] = k
        elif op == "discard":
            pool = list(sets[d])
            k = rng.choice(pool) if pool and rng.random() < 0.8 else rng.randrange(hi)
            sets[d].discard(k)
            step["key"] = k
        elif op == "from_list":
            keys = [rng.randrange(hi) for _ in range(rng.randint(0, 25))]
            sets[d] = set(keys)
            step["keys"] = keys
        elif op == "copy":
            sets[d] = set(sets[a])
            step["a"] = a
        elif op == "and":
            sets[d] = sets[a] & sets[b]
            step["a"], step["b"] = a, b
        elif op == "sub":
            sets[d] = sets[a] - sets[b]
            step["a"], step["b"] = a, b
        elif op == "or":
            sets[d] = sets[a] | sets[b]
            step["a"], step["b"] = a, b
        elif op == "ior":
            sets[d] |= sets[a]
            step["a"] = a
        elif op == "isub":
            sets[d] -= sets[a]
            step["a"] = a
        elif op == "comprehension":
            # {x for x in a if x % m != r}: a new set filled in a's iteration order.
            m = rng.randint(2, 4)
            r = rng.randrange(m)
            sets[d] = {x for x in sets[a] if x % m != r}
            step["a"], step["mod"], step["rem"] = a, m, r
        else:
            sets[d].clear()
        step["expect"] = list(sets[d])
        steps.append(step)
    return {"steps": steps}


def main():
    rng = random.Random(20261201)
    cases = [run_case(rng) for _ in range(400)]
    # Plain insertion histories, long enough to grow the table several times.
    for n in (5, 9, 19, 40, 77, 160):
        keys = [rng.randrange(4 * n) for _ in range(n)]
        s = set()
        steps = []
        for k in keys:
            s.add(k)
            steps.append({"op": "add", "dst": "A", "key": k, "expect": list(s)})
        cases.append({"steps": steps})
    doc = {
        "python": sys.version.split()[0],
        "note": "Iteration orders of CPython sets of ints; produced by make_set_vectors.py.",
        "cases": cases,
    }
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
