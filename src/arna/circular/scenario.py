"""Scenario documents: loading bundled or user files, inheritance and validation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from arna.circular.dataset import Dataset, bundled_dir
from arna.circular.docio import read_yaml, validate_doc
from arna.circular.schema import (
    FRACTION_LEVERS,
    MATERIALS,
    PATH_LEVERS,
    Anchor,
    Epr,
    Levers,
    Scenario,
)
from arna.errors import DocumentError, InputError

MATERIAL_LEVERS: frozenset[str] = frozenset(
    {
        "separate_capture",
        "sorting_recovery_separate",
        "sorting_recovery_mixed",
        "recycler_loss",
        "ash_metal_recovery",
    }
)
"""Path levers that may vary by material (all others are region-only)."""

_SIGNED_LEVERS = frozenset({"population_growth", "gdp_per_capita_growth"})


@dataclass(frozen=True)
class ResolvedScenario:
    """A scenario with every lever filled in (its own or inherited)."""

    name: str
    description: str
    source: str
    levers: Levers


def bundled_scenarios() -> tuple[str, ...]:
    """Names of the bundled scenarios."""
    return tuple(sorted(p.stem for p in (bundled_dir() / "scenarios").glob("*.yaml")))


def scenario_path(name_or_file: str, relative_to: Path | None = None) -> Path:
    """Path of a bundled scenario name or of an existing file.

    A relative file name is looked up next to ``relative_to`` (the scenario naming
    it as ``base``) first, then in the working directory.

    Raises
    ------
    InputError
        Neither a bundled name nor an existing file.
    """
    bundled = bundled_dir() / "scenarios" / f"{name_or_file}.yaml"
    if bundled.is_file():
        return bundled
    path = Path(name_or_file)
    if relative_to is not None and not path.is_absolute() and (relative_to / path).is_file():
        return relative_to / path
    if path.is_file():
        return path
    raise InputError(
        f"unknown scenario {name_or_file!r}: not a bundled scenario "
        f"({', '.join(bundled_scenarios())}) and not an existing file"
    )


def load_scenario(name_or_file: str, dataset: Dataset) -> ResolvedScenario:
    """Load a scenario, apply its ``base`` chain and validate it against ``dataset``.

    Raises
    ------
    DocumentError
        The scenario (or a base) is invalid; the message names the file and JSON path.
    InputError
        The scenario or a base cannot be found, or bases form a cycle.
    """
    path = scenario_path(name_or_file)
    chain: list[tuple[Path, Scenario]] = []
    seen: set[Path] = set()
    current: Path | None = path
    while current is not None:
        if current.resolve() in seen:
            raise InputError(f"{path}: scenario bases form a cycle at {current}")
        seen.add(current.resolve())
        doc = validate_doc(Scenario, read_yaml(current), current)
        check_levers(doc.levers, dataset, current)
        chain.append((current, doc))
        current = scenario_path(doc.base, current.parent) if doc.base else None
    merged: dict[str, object] = {}
    for _, doc in reversed(chain):
        merged.update({k: v for k, v in doc.levers if v is not None})
    missing = [k for k in Levers.model_fields if merged.get(k) is None]
    if missing:
        raise DocumentError(path, [(f"levers.{k}", "missing, and no base scenario provides it")
                                   for k in missing])
    top = chain[0][1]
    return ResolvedScenario(top.name, top.description, str(path), Levers.model_validate(merged))


def check_levers(levers: Levers, dataset: Dataset, source: Path | str) -> None:
    """Cross-check levers against the dataset (regions, materials, ranges).

    Raises
    ------
    DocumentError
        Listing every problem with its JSON path.
    """
    regions = set(dataset.region_codes)
    problems: list[tuple[str, str]] = []
    for name in PATH_LEVERS:
        anchors: list[Anchor] | None = getattr(levers, name)
        if anchors is not None:
            problems.extend(_check_path(name, anchors, regions))
    for i, plant in enumerate(levers.wte_plants or []):
        if plant.region not in regions:
            problems.append((f"levers.wte_plants[{i}].region", _unknown_region(plant.region)))
        if plant.eta_el + plant.eta_th > 1.0:
            problems.append((f"levers.wte_plants[{i}].eta_th",
                             f"electrical ({plant.eta_el}) plus heat ({plant.eta_th}) efficiency "
                             "exceeds 1: the plant would make more energy than the waste holds"))
    if levers.rural_generation_ratio is not None and levers.rural_generation_ratio.value <= 0:
        problems.append(("levers.rural_generation_ratio.value", "must be > 0"))
    if levers.epr is not None:
        problems.extend(_check_epr(levers.epr))
    if problems:
        raise DocumentError(source, problems)


def _unknown_region(code: str) -> str:
    return f"unknown region {code!r} (see regions.csv for the codes)"


def _check_path(name: str, anchors: list[Anchor], regions: set[str]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    seen: set[tuple[str | None, str | None, int]] = set()
    for i, a in enumerate(anchors):
        where = f"levers.{name}[{i}]"
        problems.extend(_check_anchor(name, a, where, regions))
        key = (a.region, a.material, a.year)
        if key in seen:
            problems.append((f"{where}.year", f"duplicate anchor for year {a.year}"))
        seen.add(key)
    return problems


def _check_anchor(name: str, a: Anchor, where: str, regions: set[str]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if a.region is not None and a.region not in regions:
        problems.append((f"{where}.region", _unknown_region(a.region)))
    if a.material is not None:
        if name not in MATERIAL_LEVERS:
            problems.append((f"{where}.material", f"{name} does not vary by material"))
        elif a.material not in MATERIALS:
            problems.append((f"{where}.material", f"unknown material {a.material!r}; known: "
                             f"{', '.join(MATERIALS)}"))
    if name in FRACTION_LEVERS and not 0.0 <= a.value <= 1.0:
        problems.append((f"{where}.value", f"{name} is a fraction and must be in [0, 1], "
                         f"got {a.value}"))
    elif name not in _SIGNED_LEVERS and a.value < 0:
        problems.append((f"{where}.value", f"{name} must be >= 0, got {a.value}"))
    elif name in _SIGNED_LEVERS and not -0.5 < a.value < 0.5:
        problems.append((f"{where}.value", f"{name} is an annual rate; {a.value} is implausible"))
    return problems


def _check_epr(epr: Epr) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    totals: dict[str, float] = {}
    for i, a in enumerate(epr.mci_kzt):
        if a.value <= 0:
            problems.append((f"levers.epr.mci_kzt[{i}].value", "the MCI must be > 0"))
    for g, group in enumerate(epr.groups):
        base = f"levers.epr.groups[{g}]"
        for j, ps in enumerate(group.packaging):
            if ps.material not in MATERIALS:
                problems.append((f"{base}.packaging[{j}].material",
                                 f"unknown material {ps.material!r}"))
                continue
            totals[ps.material] = totals.get(ps.material, 0.0) + ps.share
            if totals[ps.material] > 1.0 + 1e-9:
                problems.append((f"{base}.packaging[{j}].share",
                                 f"EPR packaging shares of {ps.material} over all groups sum to "
                                 f"{totals[ps.material]:.4g} > 1"))
        for j, a in enumerate(group.k):
            if a.value < 0:
                problems.append((f"{base}.k[{j}].value", f"K must be >= 0, got {a.value}"))
        for j, a in enumerate(group.obligation):
            if not 0.0 <= a.value <= 1.0:
                problems.append((f"{base}.obligation[{j}].value",
                                 f"the obligation is a fraction in [0, 1], got {a.value}"))
    problems.extend(_check_accounts(epr))
    return problems


_ACCOUNT_FRACTIONS = ("domestic_share", "refund_share_domestic", "recycled_share")


def _check_accounts(epr: Epr) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    names = [g.name for g in epr.groups]
    for a, acc in enumerate(epr.accounts):
        base = f"levers.epr.accounts[{a}]"
        if acc.name in names:
            problems.append((f"{base}.name", f"duplicate EPR group/account name {acc.name!r}"))
        names.append(acc.name)
        for field in ("placed_on_market", "coefficient"):
            anchors: list[Anchor] = getattr(acc, field)
            problems.extend((f"{base}.{field}[{j}].value", f"must be >= 0, got {x.value}")
                            for j, x in enumerate(anchors) if x.value < 0)
        for field in _ACCOUNT_FRACTIONS:
            anchors = getattr(acc, field)
            problems.extend((f"{base}.{field}[{j}].value",
                             f"{field} is a fraction in [0, 1], got {x.value}")
                            for j, x in enumerate(anchors) if not 0.0 <= x.value <= 1.0)
        for field in ("unit_mass_t", "payout_mci_per_t"):
            if getattr(acc, field).value < 0:
                problems.append((f"{base}.{field}.value", "must be >= 0"))
    if epr.fund is not None:
        problems.extend((f"levers.epr.fund.other_spending_share[{j}].value",
                         f"a fraction in [0, 1], got {x.value}")
                        for j, x in enumerate(epr.fund.other_spending_share)
                        if not 0.0 <= x.value <= 1.0)
        problems.extend((f"levers.epr.fund.project_lending_kzt[{j}].value",
                         f"must be >= 0, got {x.value}")
                        for j, x in enumerate(epr.fund.project_lending_kzt) if x.value < 0)
    return problems
