"""HTML report (placeholder until the report lands)."""

from __future__ import annotations

from arna.circular.dataset import Dataset
from arna.errors import InputError


def render_report(
    scenarios: list[str] | None, year: int, lang: str, dataset: Dataset | None = None
) -> str:
    """Render the report (not yet implemented)."""
    raise InputError("the waste report is not implemented yet")
