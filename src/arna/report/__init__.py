"""Self-contained HTML reports (no internet needed to view them)."""

from arna.report.html import render_report, write_report

__all__ = ["render_report", "write_report"]
