"""long_lived: the collector is paused in the block, then what exists is frozen and collection resumes."""

from __future__ import annotations

import gc

import pytest

from arna.lifetime import long_lived


@pytest.fixture(autouse=True)
def _unfreeze() -> object:
    yield
    gc.unfreeze()
    gc.enable()


def test_paused_within_then_frozen_and_resumed() -> None:
    gc.enable()
    with long_lived():
        assert not gc.isenabled()
        kept = [[i] for i in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(kept)


def test_resumed_after_an_error_and_left_off_if_it_was_off() -> None:
    gc.enable()
    with pytest.raises(ValueError), long_lived():
        raise ValueError("bad document")
    assert gc.isenabled()
    gc.disable()
    with long_lived():
        pass
    assert not gc.isenabled()
