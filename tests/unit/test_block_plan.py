"""The run's blocks of scenarios: even sizes, so that 2 or 4 workers get even shares, fixed by the run alone."""

from __future__ import annotations

import numpy as np
import pytest
from tests.integration.test_runners import ensemble

from arna.engine.assemble import build_layout
from arna.engine.blocks import block_sizes, even_sizes, make_blocks
from arna.scenarios.runners import chunk_sizes, chunks


@pytest.mark.parametrize("total, parts", [(100, 8), (7, 3), (12, 4), (5, 5), (3, 8), (1, 1)])
def test_even_sizes_add_up_and_differ_by_at_most_one(total: int, parts: int) -> None:
    sizes = even_sizes(total, parts)
    assert sum(sizes) == total and len(sizes) == min(parts, total)
    assert max(sizes) - min(sizes) <= 1


def test_a_hundred_scenarios_split_evenly_between_two_and_four_workers() -> None:
    sizes = even_sizes(100, 8)
    assert sizes == [12, 13, 12, 13, 12, 13, 12, 13]  # not seven blocks of 13 and one of 9
    for workers, share in ((2, 50), (4, 25)):
        assert [len(c) for c in chunks(sizes, range(100), workers)] == [share] * workers


def test_block_sizes_depend_on_the_run_only() -> None:
    layout = build_layout(ensemble(n_scenarios=200, days=3))
    sizes = block_sizes(layout, 200)
    assert sum(sizes) == 200 and len(sizes) % 4 == 0 and max(sizes) - min(sizes) <= 1
    assert block_sizes(layout, 200) == sizes


def test_a_chunk_gets_the_sizes_of_its_own_blocks() -> None:
    sizes = (12, 13, 12, 13)
    assert chunk_sizes(sizes, 25, 25) == [12, 13]
    with pytest.raises(ValueError, match="not whole blocks"):
        chunk_sizes(sizes, 10, 15)


def test_blocks_of_given_sizes_cover_the_scenarios_in_order() -> None:
    layout = build_layout(ensemble(n_scenarios=7, days=3))
    blocks = make_blocks(layout, 7, [3, 4])
    assert [b.members.tolist() for b in blocks] == [[0, 1, 2], [3, 4, 5, 6]]
    assert [b.members.tolist() for b in make_blocks(layout, 7, 3)] == [[0, 1, 2], [3, 4, 5], [6]]
    with pytest.raises(ValueError, match="do not cover"):
        make_blocks(layout, 7, [3, 3])
    assert np.array_equal(np.concatenate([b.members for b in blocks]), np.arange(7))
