"""Portfolio selection (greedy, MILP vs brute force) and the cost-curve figure."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arna.economics.appraisal import Appraisal, appraise
from arna.economics.catalogue import load_catalogue
from arna.economics.costcurve import cost_curve_points, save_cost_curve
from arna.economics.portfolio import (
    Candidate,
    candidates_from_appraisals,
    select_brute_force,
    select_greedy,
    select_optimal,
)
from arna.errors import DataFileError, InputError

CAT = load_catalogue()


def test_greedy_can_miss_the_optimum_and_milp_does_not() -> None:
    cands = [Candidate("a", 6, 7), Candidate("b", 5, 5), Candidate("c", 5, 5)]
    greedy = select_greedy(cands, 10)
    assert greedy.chosen == ("a",)
    best = select_optimal(cands, 10)
    assert best.chosen == ("b", "c")
    assert best.saving_m3_per_year == 10
    assert select_brute_force(cands, 10).saving_m3_per_year == 10


def test_groups_are_alternatives() -> None:
    cands = [Candidate("drip", 5, 9, "cotton"), Candidate("sprinkler", 4, 6, "cotton"),
             Candidate("lining", 5, 4)]
    best = select_optimal(cands, 100)
    assert best.chosen == ("drip", "lining")
    assert select_greedy(cands, 100).chosen == ("drip", "lining")


def test_zero_budget_and_useless_candidates() -> None:
    cands = [Candidate("free", 0, 3), Candidate("nothing", 1, 0), Candidate("harm", 1, -2)]
    assert select_optimal(cands, 0).chosen == ("free",)
    assert select_greedy(cands, 10).chosen == ("free",)
    assert select_optimal([Candidate("x", 5, 1)], 1).chosen == ()


def test_bad_portfolio_inputs() -> None:
    with pytest.raises(InputError, match="budget"):
        select_optimal([Candidate("a", 1, 1)], -1)
    with pytest.raises(InputError, match="unique"):
        select_greedy([Candidate("a", 1, 1), Candidate("a", 2, 2)], 5)
    with pytest.raises(InputError, match="cost"):
        select_greedy([Candidate("a", -1, 1)], 5)


candidate_lists = st.lists(
    st.tuples(st.integers(0, 100), st.integers(-10, 200), st.sampled_from([None, "g1", "g2"])),
    min_size=1, max_size=9,
)


@settings(max_examples=60, deadline=None)
@given(candidate_lists, st.integers(0, 300))
def test_milp_matches_brute_force(items: list[tuple[int, int, str | None]], budget: int) -> None:
    cands = [Candidate(f"m{i}", float(c), float(s), g) for i, (c, s, g) in enumerate(items)]
    exact = select_brute_force(cands, budget)
    milp = select_optimal(cands, budget)
    greedy = select_greedy(cands, budget)
    assert milp.saving_m3_per_year == pytest.approx(exact.saving_m3_per_year, abs=1e-6)
    for p in (milp, greedy):
        assert p.cost <= budget + 1e-9
        groups = [c.group for c in cands if c.id in p.chosen and c.group]
        assert len(groups) == len(set(groups))
    assert greedy.saving_m3_per_year <= exact.saving_m3_per_year + 1e-9


def apps() -> list[Appraisal]:
    return [
        appraise(CAT.measure("drip"), area_ha=100, gross_saving_m3_per_year=4e5,
                 net_saving_m3_per_year=2e5, discount_rate=0.08, target="cotton"),
        appraise(CAT.measure("laser-levelling"), area_ha=100, gross_saving_m3_per_year=5e5,
                 net_saving_m3_per_year=3e5, discount_rate=0.08, target="rice"),
        appraise(CAT.measure("sprinkler"), area_ha=100, gross_saving_m3_per_year=0,
                 net_saving_m3_per_year=0, discount_rate=0.08, target="wheat"),
    ]


def test_cost_curve_points_are_ordered_and_cumulative() -> None:
    pts = cost_curve_points(apps(), "net")
    assert [p[0] for p in pts] == ["laser-levelling (rice)", "drip (cotton)"]
    assert pts[0][1] == 0.0 and pts[0][2] == pytest.approx(0.3)
    assert pts[1][1] == pytest.approx(0.3) and pts[1][2] == pytest.approx(0.2)
    assert pts[0][3] < pts[1][3]
    with pytest.raises(InputError, match="basis"):
        cost_curve_points(apps(), "both")


def test_candidates_from_appraisals() -> None:
    cands = candidates_from_appraisals(apps(), cost="present_value", saving="gross",
                                       group_by_target=True)
    assert [c.id for c in cands] == ["drip@cotton", "laser-levelling@rice", "sprinkler@wheat"]
    assert cands[0].group == "cotton" and cands[0].saving_m3_per_year == 4e5
    with pytest.raises(InputError):
        candidates_from_appraisals(apps(), cost="eac")


def test_save_cost_curve(tmp_path: Path) -> None:
    out = save_cost_curve(apps(), tmp_path / "curve.png", reference_price_per_m3=0.15)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not list(tmp_path.glob(".*"))
    with pytest.raises(DataFileError, match="does not exist"):
        save_cost_curve(apps(), tmp_path / "missing" / "curve.png")


def test_greedy_ranks_by_cost_per_m3_when_given() -> None:
    # free up front but dear every year: ranked last despite zero investment
    cands = [Candidate("crop-change", 0, 10, cost_per_m3=0.5),
             Candidate("lining", 8, 10, cost_per_m3=0.01)]
    assert select_greedy(cands, 8).chosen == ("crop-change", "lining")
    assert select_greedy(cands, 5).chosen == ("crop-change",)
    ranked = select_greedy([Candidate("a", 0, 1, "g", 0.5), Candidate("b", 1, 1, "g", 0.1)], 5)
    assert ranked.chosen == ("b",)
