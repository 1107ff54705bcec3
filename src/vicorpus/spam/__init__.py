"""Vietnamese web-spam detection as pure text functions; they know nothing of pipelines.

- :func:`fold_for_matching` — the evasion-resistant copy of a text that spam terms are
  matched on (no diacritics, no look-alike or invisible characters, spelled-out letters
  joined: ``"N.h.à C.á.i"`` -> ``"nha cai"``); the term lists also take a digit or
  symbol for a vowel (``"c4 cu0c"``, ``"n0 hũ"``);
- :func:`spam_signals` — the evidence in one text, as numbers (:class:`SpamSignals`):
  term hits for gambling, adult content, instant loans and scams, betting-brand tokens, calls to
  action, contacts, reporting language (police, courts, law, health), repetition;
- :func:`spam_category` — the drop reason (one of :data:`SPAM_REASONS`) or None, with
  every threshold an argument; the defaults and where they come from are in
  ``vicorpus.spam.decision``.
"""

from vicorpus.spam.decision import (
    SPAM_ADULT,
    SPAM_GAMBLING,
    SPAM_KEYWORD_STUFFING,
    SPAM_LOANS,
    SPAM_REASONS,
    SPAM_SCAMS,
    spam_category,
)
from vicorpus.spam.folding import fold_for_matching
from vicorpus.spam.signals import SpamSignals, spam_signals

__all__ = [
    "SPAM_ADULT",
    "SPAM_GAMBLING",
    "SPAM_KEYWORD_STUFFING",
    "SPAM_LOANS",
    "SPAM_REASONS",
    "SPAM_SCAMS",
    "SpamSignals",
    "fold_for_matching",
    "spam_category",
    "spam_signals",
]
