"""``report.html``: one self-contained page (inline CSS and SVG, no script, no network) about a run."""

from vicorpus.release.report.html import render_report, write_report

__all__ = ["render_report", "write_report"]
