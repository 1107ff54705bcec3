"""Machine-readable "do not train on this" signals of a web page, from its HTTP headers
and its HTML ``<head>``.

- ``tdm_reservation``: header ``tdm-reservation: 1`` or ``<meta name="tdm-reservation"
  content="1">`` — W3C TDMRep (TDM Reservation Protocol, community group final report,
  2024), the machine-readable reservation of EU DSM Directive 2019/790, Art. 4(3);
- ``robots_noai``: ``X-Robots-Tag`` or ``<meta name="robots">`` containing ``noai`` — a
  de-facto directive (DeviantArt, 2022, adopted by several publishing platforms);
- ``robots_noimageai``: the same with ``noimageai`` — about images: recorded, not a text
  opt-out by default;
- ``content_usage_train_ai_n``: header ``Content-Usage: train-ai=n`` — IETF AI
  Preferences (aipref) working-group drafts;
- ``content_signal_ai_train_no``: header ``Content-Signal: ai-train=no`` — Cloudflare's
  Content Signals Policy (2025).

``tdm-policy`` (a URL to the rights holder's policy) is recorded as ``tdm_policy``.
Signals are returned in this list's order, so the ``optout`` column is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

OPTOUT_SIGNALS: tuple[str, ...] = (
    "tdm_reservation",
    "robots_noai",
    "robots_noimageai",
    "content_usage_train_ai_n",
    "content_signal_ai_train_no",
    "tdm_policy",
)
# Signals that opt the text out of AI training (the ``optout`` stage's default).
TEXT_OPTOUTS: tuple[str, ...] = (
    "tdm_reservation",
    "robots_noai",
    "content_usage_train_ai_n",
    "content_signal_ai_train_no",
)

_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
# A name starts where a run of name characters does: from every position of a long run
# without "=" the search read to its end (quadratic: a 60 KB attribute took 18 s). A
# match never ends inside such a run (a value ends at a quote, a space or the end).
_ATTRIBUTE = re.compile(r"""(?<![\w:-])([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_TOKENS = re.compile(r"[\w-]+")
# Meta tags live in <head>; a page's first 64 KiB hold it.
HEAD_BYTES = 64 * 1024


def optout_signals(
    headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None, html_head: str = ""
) -> list[str]:
    """Opt-out signals of a page, in ``OPTOUT_SIGNALS`` order. ``headers``: HTTP response
    headers, a mapping or (name, value) pairs (repeated headers count each; names in any
    case); ``html_head``: the start of the HTML."""
    found: set[str] = set()
    pairs = headers.items() if isinstance(headers, Mapping) else headers or ()
    for name, value in pairs:
        _from_header(name.lower(), value, found)
    head = html_head[:HEAD_BYTES]
    # Up to the last ">" only: a "<meta" with none after it is no tag, and the search would
    # read to the end from each such one.
    for tag in _META.finditer(head, 0, head.rfind(">") + 1):
        attributes = {
            key.lower(): next((value for value in values if value), "")
            for key, *values in _ATTRIBUTE.findall(tag.group())
        }
        _from_meta(attributes.get("name", "").lower(), attributes.get("content", ""), found)
    return [signal for signal in OPTOUT_SIGNALS if signal in found]


def _from_header(name: str, value: str, found: set[str]) -> None:
    if name == "tdm-reservation" and value.strip() == "1":
        found.add("tdm_reservation")
    elif name == "tdm-policy" and value.strip():
        found.add("tdm_policy")
    elif name == "x-robots-tag":
        # "googlebot: noai" names one crawler; a noai for any crawler still states the
        # owner's wish about AI use, so the value is read whole.
        _robots_tokens(value, found)
    elif name == "content-usage" and _has_pair(value, "train-ai", "n"):
        found.add("content_usage_train_ai_n")
    elif name == "content-signal" and _has_pair(value, "ai-train", "no"):
        found.add("content_signal_ai_train_no")


def _from_meta(name: str, content: str, found: set[str]) -> None:
    if name == "tdm-reservation" and content.strip() == "1":
        found.add("tdm_reservation")
    elif name == "tdm-policy" and content.strip():
        found.add("tdm_policy")
    elif name == "robots":
        _robots_tokens(content, found)


def _robots_tokens(value: str, found: set[str]) -> None:
    tokens = {token.lower() for token in _TOKENS.findall(value)}
    if "noai" in tokens:
        found.add("robots_noai")
    if "noimageai" in tokens:
        found.add("robots_noimageai")


def _has_pair(value: str, key: str, wanted: str) -> bool:
    """``key=wanted`` among the comma- or semicolon-separated pairs of a header."""
    for part in re.split(r"[,;]", value):
        name, _, setting = part.partition("=")
        if name.strip().lower() == key and setting.strip().strip('"').lower() == wanted:
            return True
    return False
