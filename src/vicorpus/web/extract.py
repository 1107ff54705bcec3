"""Main text of an HTML page, by one of two extractors (chosen per source; measured in
``bench/README.md``, ``bench_html_extractors.py``).

- ``trafilatura`` (default): lxml-based cascade of rules and heuristics; comments and
  tables dropped. 98.0 % of main text recovered, 16.1 % of boilerplate leaking in,
  ≈ 180 pages/s per core.
- ``resiliparse``: ``html2text`` with ``main_content=True`` on its own C++ DOM (lexbor):
  98.8 % recovered but 28.8 % leaking in, ≈ 1,500-2,000 pages/s per core; it also drops
  some short words wrapped in ``<b>``/``<a>`` (0.45 % of main text).
"""

from __future__ import annotations

import re
from typing import Literal

Extractor = Literal["trafilatura", "resiliparse"]

# resiliparse's main-content pass is quadratic in nesting depth (measured: 1,000 nested
# <div> 0.03 s, 3,000 0.3 s, 10,000 3.2 s) and runs in C++, where the time limit cannot
# interrupt it. Real pages nest a few dozen levels; HTML parsers cap the depth at 512
# (html5lib) or 256 (lxml's default).
MAX_NESTING = 512
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^>]*?(/?)>")
# Only containers that authors close count: void elements, elements whose end tag HTML
# lets authors omit ("<p>a<p>b", "<li>", "<td>") and formatting tags left open in old
# pages ("<font face=.VnTime>" per paragraph) would make sloppy pages look deep.
_COUNTED = frozenset(
    {"div", "span", "section", "article", "table", "ul", "ol", "dl", "blockquote", "center", "form", "nav"}
    | {"aside", "header", "footer", "main", "figure", "fieldset", "details", "svg", "g"}
)


class TooDeeplyNested(ValueError):
    """The page nests elements deeper than ``MAX_NESTING``."""


def nesting_depth(html: str, limit: int = MAX_NESTING) -> int:
    """How deep the page's elements nest (counting stops just past ``limit``)."""
    depth = deepest = 0
    # Only up to the last ">": a "<" with no ">" after it would make the search read on
    # to the end of the page, from every such "<" (quadratic: 80 KB of "<a" took 21 s).
    for match in _TAG.finditer(html, 0, html.rfind(">") + 1):
        closing, name, self_closing = match.groups()
        if closing:
            if name.lower() in _COUNTED:
                depth = max(0, depth - 1)
        elif not self_closing and name.lower() in _COUNTED:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
    return deepest


def extract_main_text(html: str, extractor: Extractor) -> str:
    """The page's main text, paragraphs separated by line breaks ("" when none).
    Raises ``TooDeeplyNested`` for pages nested deeper than ``MAX_NESTING``."""
    if (depth := nesting_depth(html)) > MAX_NESTING:
        raise TooDeeplyNested(f"elements nested deeper than {MAX_NESTING} (at least {depth})")
    if extractor == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text

        return str(
            extract_plain_text(html, main_content=True, alt_texts=False, links=False, form_fields=False, comments=False)
        )
    import trafilatura

    # Settings measured on 1,000 generated Vietnamese pages (bench_html_extractors.py):
    # without tables and with fast=True, 16 % of boilerplate leaks in instead of 19 %, at
    # 1.3-1.8× the speed and the same main text (98.0 %); comments are not main text.
    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, include_images=False, deduplicate=False, fast=True
    )
    return text or ""
