"""Wikitext → plain text, on top of mwparserfromhell's tokenizer.

What a reader of the rendered article sees as prose is kept; everything else goes:

- kept: paragraphs, link text (``[[Hà Nội|thủ đô]]`` → ``thủ đô``), bold/italic text,
  headings (one line each, without ``==``), list items (one line each, without
  ``*``/``#``), the text of external links with a title, the text of formatting tags
  (``<span>``, ``<small>``, ``<sup>``...), code and ``<nowiki>`` text, a few inline
  templates (see ``templates.py``);
- dropped: templates (infoboxes, navboxes, citations, parser functions), ``<ref>``
  footnotes and ``<references/>``, tables, files and images with their captions,
  galleries, categories, interlanguage links, comments, ``<math>`` and other
  non-text extension tags, magic words (``__NOTOC__``), headings of sections left empty.

Tables are dropped, not flattened: their cells are mostly numbers, names and short
labels whose meaning lives in the row and column layout; as lines of text they read
as word lists that mislead the quality filters (short lines, few stop words) and teach
a model nothing the article's prose does not say.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

from vicorpus.wikitext.cleanup import clean
from vicorpus.wikitext.names import DEFAULT_SITE, SiteNames
from vicorpus.wikitext.render import TagRules, TokenRenderer

# Extension and HTML tags whose content is not prose (footnotes, formulas, media, layout).
_DROPPED_TAGS = frozenset(
    {
        "ref",
        "references",
        "gallery",
        "math",
        "chem",
        "ce",
        "timeline",
        "graph",
        "imagemap",
        "score",
        "hiero",
        "templatedata",
        "templatestyles",
        "categorytree",
        "inputbox",
        "mapframe",
        "maplink",
        "indicator",
        "section",
        "includeonly",
        "table",
        "style",
        "script",
    }
)
# Tags whose content is not wikitext: shown as it is (entities are still decoded).
_VERBATIM_TAGS = frozenset({"nowiki", "pre"})
# Tags that start and end a block: their content goes on its own lines.
_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "center", "tr", "caption", "poem"}
    | {f"h{level}" for level in range(1, 7)}
)
_RULES = TagRules(_DROPPED_TAGS, _VERBATIM_TAGS, _BLOCK_TAGS)
_CONTROL = re.compile(r"[\x00\x01]")


def wikitext_to_text(wikitext: str, site: SiteNames = DEFAULT_SITE) -> str:
    """The plain text of one page's wikitext (see the module docstring for what stays).

    ``site``: the wiki's file and category namespace names (from its dump's siteinfo).
    Never fails on malformed markup: what the parser cannot read stays as text, minus
    stray markup characters.
    """
    source = wikitext.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in source or "\x01" in source:
        source = _CONTROL.sub("", source)
    out: list[str] = []
    TokenRenderer(_tokenize(source), site, _RULES).render(out)
    return clean("".join(out))


def _tokenizer_class() -> Any:
    """mwparserfromhell's C tokenizer, or its pure-Python one (slower) where the C
    extension was not built."""
    try:
        return importlib.import_module("mwparserfromhell.parser._tokenizer").CTokenizer
    except ImportError:
        return importlib.import_module("mwparserfromhell.parser.tokenizer").Tokenizer


_TOKENIZER = _tokenizer_class()


def _tokenize(text: str) -> list[Any]:
    tokens: list[Any] = _TOKENIZER().tokenize(text, 0, False)
    return tokens
