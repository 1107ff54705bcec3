"""Main text of an HTML page, by one of two extractors (chosen per source; measured in
``bench/README.md``, ``bench_html_extractors.py``).

- ``trafilatura``: lxml-based, rule and heuristics cascade (readability, justext
  fallbacks); tables kept, comments dropped.
- ``resiliparse``: ``html2text`` with ``main_content=True`` on its own C++ DOM (lexbor):
  faster, fewer heuristics.
"""

from __future__ import annotations

from typing import Literal

Extractor = Literal["trafilatura", "resiliparse"]


def extract_main_text(html: str, extractor: Extractor) -> str:
    """The page's main text, paragraphs separated by line breaks ("" when none)."""
    if extractor == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text

        return str(extract_plain_text(html, main_content=True, alt_texts=False, links=False, form_fields=False))
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=True, include_images=False, deduplicate=False, fast=False
    )
    return text or ""
