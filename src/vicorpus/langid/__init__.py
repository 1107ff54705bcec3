"""Offline language identification tuned for Vietnamese corpora (nothing is downloaded)."""

from vicorpus.langid.identify import LanguageResult, analyze, identify

__all__ = ["LanguageResult", "analyze", "identify"]
