"""Quality signals of a document (Gopher, FineWeb, C4 measurements over Vietnamese syllables)."""

from vicorpus.quality.signals import SIGNAL_NAMES, QualitySignals, quality_signals
from vicorpus.quality.stopwords import FINEWEB2_STOPWORDS, FUNCTION_SYLLABLES

__all__ = ["FINEWEB2_STOPWORDS", "FUNCTION_SYLLABLES", "SIGNAL_NAMES", "QualitySignals", "quality_signals"]
