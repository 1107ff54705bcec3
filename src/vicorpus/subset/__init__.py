"""Subsets of a finished run (``vicorpus select``): a domain or dialect cut with its own
ledger, manifest and release papers."""

from vicorpus.subset.selection import Selection, SubsetResult, select_subset

__all__ = ["Selection", "SubsetResult", "select_subset"]
