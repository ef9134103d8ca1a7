"""Running one mutant through ``arna run`` (in this process) and judging the outcome against the promise.

The promise, for any document:

- exit 0: a results file, every value finite, and the water balance closes;
- exit 2: one error that names the file, and no results file;
- exit 3: the model has no solution (infeasible or unbounded: the message says so and names the
  timestep), and no results file;
- never a traceback, another exit code, or a hang.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import math
import os
import tempfile
import traceback
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

GOOD = ("ok", "rejected", "infeasible")
"""Outcomes that keep the promise; every other outcome is a failure."""


@dataclass(frozen=True)
class Outcome:
    kind: str  # ok, rejected, infeasible | crash, bad-ok, bad-reject, bad-exit3, hang
    detail: str = ""

    @property
    def good(self) -> bool:
        return self.kind in GOOD


@cache
def stage(folder: Path) -> Path:
    """A scratch folder that sees the seed folder's data files (as links), shared by every worker.

    One per seed folder (``$TMPDIR/arna-fuzz-<uid>/<hash>``), reused across runs, so thousands of
    documents leave no thousands of folders; mutants are named by process id.
    """
    key = hashlib.sha1(str(folder).encode()).hexdigest()[:12]
    root = Path(tempfile.gettempdir()) / f"arna-fuzz-{os.getuid()}" / key
    root.mkdir(parents=True, exist_ok=True)
    for item in folder.iterdir():
        with contextlib.suppress(FileExistsError):
            (root / item.name).symlink_to(item)
    return root


def run_mutant(raw: bytes, suffix: str, folder: Path) -> Outcome:
    """Write the mutant beside the seed's data, run it through the CLI and judge the outcome."""
    from arna.cli.main import main

    here = stage(folder)
    doc = here / f"fuzzcase-{os.getpid()}{suffix}"
    out = here / f"fuzzcase-{os.getpid()}.results.csv"
    doc.write_bytes(raw)
    out.unlink(missing_ok=True)
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(["run", str(doc), "--output", str(out)])
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        return Outcome("crash", "".join(traceback.format_exception(exc))[-3000:])
    finally:
        doc.unlink(missing_ok=True)
    try:
        return judge(code, stdout.getvalue(), stderr.getvalue(), doc, out)
    finally:
        out.unlink(missing_ok=True)


def judge(code: int, stdout: str, stderr: str, doc: Path, out: Path) -> Outcome:
    """The outcome of one run from its exit code, its output and the results file."""
    message = " ".join(stderr.split())
    if code == 0:
        return _judge_ok(stdout, out)
    if out.exists():
        return Outcome("bad-reject" if code == 2 else "bad-exit3", f"exit {code} but results were written")
    if code == 2:
        if doc.name not in message:
            return Outcome("bad-reject", f"the error does not name the file: {message[:500]}")
        return Outcome("rejected", message[:300])
    if code == 3:
        said = message.lower()
        if "has no solution" not in said or "timestep" not in said:
            return Outcome("bad-exit3", message[:800])
        return Outcome("infeasible", message[:300])
    return Outcome("crash", f"exit {code}: {message[:800]}")


def _judge_ok(stdout: str, out: Path) -> Outcome:
    if not out.exists():
        return Outcome("bad-ok", "exit 0 without a results file")
    said = " ".join(stdout.split()).lower()
    if "water balance closes" not in said or "error nan" in said or "error inf" in said:
        return Outcome("bad-ok", f"exit 0 without a closed balance: {said[-300:]}")
    frame = pd.read_csv(out)
    values = pd.to_numeric(frame["value"], errors="coerce")
    if values.isna().any() or not all(math.isfinite(v) for v in values):
        return Outcome("bad-ok", "exit 0 with non-finite values in the results")
    return Outcome("ok")
