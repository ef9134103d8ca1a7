"""Arna: open decision-support for river-basin water allocation and circular-economy planning."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
