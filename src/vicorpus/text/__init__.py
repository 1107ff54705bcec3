"""Pure text functions: they work on a single ``str`` and know nothing of pipelines."""

from vicorpus.text.basics import BasicFixes, normalize_basic

__all__ = ["BasicFixes", "normalize_basic"]
