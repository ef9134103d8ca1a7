"""Mutated documents keep the promise (a bounded number per test run; ``make fuzz`` runs thousands).

Exit 0 with a closed balance and finite results, exit 2 with one error naming the
file, or exit 3 only when the model has no solution — never a traceback, and no
results file for a rejected document (see :mod:`tests.fuzz.harness`).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.harness import run_mutant
from tests.fuzz.mutate import ENCODINGS, MUTATIONS, mutate, seeds, serialise

SEEDS = seeds()
PYWR = [i for i, s in enumerate(SEEDS) if s.kind == "pywr"]
ARNA = [i for i, s in enumerate(SEEDS) if s.kind == "arna"]
CHOICES = st.lists(st.tuples(st.integers(0, len(MUTATIONS) - 1), st.integers(0, 2**32 - 1)), min_size=1, max_size=3)
FAST = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _check(seed: int, choices: list[tuple[int, int]], how: int) -> None:
    s = SEEDS[seed]
    doc, notes = mutate(s, choices)
    raw, suffix = serialise(doc, s.kind, how)
    outcome = run_mutant(raw, suffix, s.folder)
    assert outcome.good, f"{s.name} after {notes} ({ENCODINGS[how]}): {outcome.kind}\n{outcome.detail}"


@FAST
@given(seed=st.sampled_from(PYWR), choices=CHOICES, how=st.integers(0, len(ENCODINGS) - 1))
def test_mutated_pywr_document_keeps_the_promise(seed: int, choices: list[tuple[int, int]], how: int) -> None:
    _check(seed, choices, how)


@settings(FAST, max_examples=6)
@given(seed=st.sampled_from(ARNA), choices=CHOICES, how=st.integers(0, len(ENCODINGS) - 1))
def test_mutated_arna_document_keeps_the_promise(seed: int, choices: list[tuple[int, int]], how: int) -> None:
    _check(seed, choices, how)
