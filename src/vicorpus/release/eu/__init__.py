"""The EU AI Act public summary of training content (Commission template C(2025) 5235), pre-filled from a run."""

from vicorpus.release.eu.summary import build_eu_summary, render_eu_summary_markdown, write_eu_summary

__all__ = ["build_eu_summary", "render_eu_summary_markdown", "write_eu_summary"]
