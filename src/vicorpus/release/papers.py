"""Write every release paper of a finished run into its output folder."""

from __future__ import annotations

from pathlib import Path

from vicorpus.release.card import write_dataset_card
from vicorpus.release.croissant import write_croissant
from vicorpus.release.eu import write_eu_summary
from vicorpus.release.facts import load_run_facts
from vicorpus.release.governance import write_governance_reports
from vicorpus.release.report import write_report


def write_release_papers(root: Path) -> list[Path]:
    """README.md (dataset card), croissant.json, eu_training_content_summary.json/.md,
    licenses.json, optouts.json, pii.json and report.html, from the folder alone."""
    facts = load_run_facts(root)
    written = write_governance_reports(facts)
    written.append(write_dataset_card(facts))
    written.append(write_croissant(facts))
    written.extend(write_eu_summary(facts))
    written.append(write_report(facts))
    return written
