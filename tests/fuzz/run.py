"""``make fuzz``: thousands of mutated documents from a fixed seed, with totals by outcome.

Each document runs in a worker process with a memory limit and a time limit (a
document still running after ``--timeout`` seconds counts as a hang; the worker is
replaced). Failures, and the documents that ended in exit 3 (to check that each truly
has no solution), are written to ``--failures`` (JSON lines, with the mutant) so each
can be replayed.

Usage: python -m tests.fuzz.run [--count 10000] [--seed 16] [--workers 2] [--timeout 60]
"""

from __future__ import annotations

import argparse
import base64
import collections
import json
import multiprocessing as mp
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

from tests.fuzz.harness import GOOD, Outcome, run_mutant
from tests.fuzz.mutate import ENCODINGS, MUTATIONS, mutate, seeds, serialise

MEMORY_LIMIT = 3 * 1024**3


def plan(count: int, seed: int) -> list[dict[str, Any]]:
    """The documents to try: which seed, which mutations, which encoding — all from one seed."""
    r = random.Random(seed)
    n_seeds = len(seeds())
    out = []
    for i in range(count):
        k = r.choice((1, 1, 1, 2, 3))
        out.append({"i": i, "seed": r.randrange(n_seeds),
                    "choices": [(r.randrange(len(MUTATIONS)), r.randrange(2**32)) for _ in range(k)],
                    "how": r.randrange(len(ENCODINGS))})
    return out


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def one(task: dict[str, Any]) -> tuple[dict[str, Any], Outcome, bytes, str, list[str]]:
    s = seeds()[task["seed"]]
    doc, notes = mutate(s, [tuple(c) for c in task["choices"]])
    raw, suffix = serialise(doc, s.kind, task["how"])
    return task, run_mutant(raw, suffix, s.folder), raw, suffix, notes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--failures", type=Path, default=Path("fuzz-failures.jsonl"))
    args = ap.parse_args(argv)
    tasks = plan(args.count, args.seed)
    totals: collections.Counter[str] = collections.Counter()
    started = time.monotonic()
    args.failures.parent.mkdir(parents=True, exist_ok=True)
    args.failures.unlink(missing_ok=True)
    import arna.cli.main  # noqa: F401 - imported once here, shared by the forked workers

    ctx = mp.get_context("fork")
    pending = list(reversed(tasks))
    batch = args.workers * 4
    while pending:
        with ctx.Pool(args.workers, initializer=_limit_memory, maxtasksperchild=200) as pool:
            hung = False
            while pending and not hung:
                running = [(t, pool.apply_async(one, (t,))) for t in reversed(pending[-batch:])]
                del pending[-batch:]
                for task, job in running:
                    outcome, raw, suffix, notes = _collect(job, args.timeout)
                    hung = hung or outcome.kind == "hang"
                    totals[outcome.kind] += 1
                    if not outcome.good or outcome.kind == "infeasible":  # exit 3 kept for review
                        _record(args.failures, task, outcome, raw, suffix, notes)
                done = sum(totals.values())
                if done % 250 < batch:
                    print(f"{done}/{len(tasks)} {dict(totals)} ({time.monotonic() - started:.0f} s)", flush=True)
            pool.terminate()
    _report(totals, time.monotonic() - started, args.failures)
    return 0 if all(k in GOOD for k in totals) else 1


def _collect(job: Any, timeout: float) -> tuple[Outcome, bytes, str, list[str]]:
    try:
        _, outcome, raw, suffix, notes = job.get(timeout=timeout)
    except mp.TimeoutError:
        return Outcome("hang", f"> {timeout} s"), b"", "", []
    except Exception as exc:
        return Outcome("crash", f"worker died: {exc!r}"), b"", "", []
    return outcome, raw, suffix, notes


def _record(file: Path, task: dict[str, Any], outcome: Outcome, raw: bytes, suffix: str,
            notes: list[str]) -> None:
    with file.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"task": task, "outcome": outcome.kind, "detail": outcome.detail, "notes": notes,
                            "suffix": suffix, "document": base64.b64encode(raw).decode()}) + "\n")


def _report(totals: collections.Counter[str], seconds: float, failures: Path) -> None:
    n = sum(totals.values())
    print(f"\nfuzz: {n} documents in {seconds:.0f} s")
    for kind in (*GOOD, "crash", "hang", "bad-ok", "bad-reject", "bad-exit3"):
        print(f"  {kind:<11} {totals.get(kind, 0):>6}  ({100 * totals.get(kind, 0) / max(n, 1):.1f} %)")
    bad = sum(v for k, v in totals.items() if k not in GOOD)
    print(f"  failures: {bad}" + (f" (details in {failures})" if bad else ""))


if __name__ == "__main__":
    sys.exit(main())
