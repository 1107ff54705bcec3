"""Which wikilinks are files, categories or interlanguage links, and not text.

A wiki's namespace names come from its dump (``<siteinfo><namespaces>``); the English
canonical names and the Vietnamese Wikipedia's names and aliases are always known, so
that a page converted without its siteinfo still loses its images and categories.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

FILE_NAMESPACE = 6
CATEGORY_NAMESPACE = 14

# Canonical names and aliases every MediaWiki (or Vietnamese Wikipedia) understands.
_FILE_NAMES = ("file", "image", "tập tin", "hình", "hình ảnh")
_CATEGORY_NAMES = ("category", "thể loại")

# [[en:Foo]], [[zh-min-nan:Foo]], [[simple:Foo]]: a language prefix without a leading
# colon puts the link in the sidebar, not in the text.
_INTERLANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8}){0,2}|simple")
# Project prefixes that link inline ([[wikt:từ|từ]]); never dropped as interlanguage.
_PROJECT_PREFIXES = frozenset({"mw", "voy", "wikt", "wikidata", "commons", "meta", "species", "phab", "doi"})


def normalize_name(name: str) -> str:
    """A namespace or page name as MediaWiki compares it: underscores are spaces,
    runs of spaces are one, case-insensitive (for namespaces)."""
    return " ".join(name.replace("_", " ").split()).casefold()


@dataclass(frozen=True)
class SiteNames:
    """Namespace prefixes (normalized) that mark a wikilink as a file or a category."""

    file_prefixes: frozenset[str] = frozenset(_FILE_NAMES)
    category_prefixes: frozenset[str] = frozenset(_CATEGORY_NAMES)

    @classmethod
    def from_namespaces(cls, namespaces: Mapping[int, str]) -> SiteNames:
        """From a dump's ``{key: name}`` namespaces, plus the built-in names."""
        files = set(_FILE_NAMES)
        categories = set(_CATEGORY_NAMES)
        if FILE_NAMESPACE in namespaces:
            files.add(normalize_name(namespaces[FILE_NAMESPACE]))
        if CATEGORY_NAMESPACE in namespaces:
            categories.add(normalize_name(namespaces[CATEGORY_NAMESPACE]))
        return cls(frozenset(files), frozenset(categories))

    def link_kind(self, title: str) -> str:
        """``file``, ``category``, ``interlanguage`` (links that render no text) or ``text``.

        A leading colon (``[[:Thể loại:X]]``, ``[[:en:Foo]]``) makes any link an
        ordinary inline link.
        """
        stripped = title.lstrip()
        if stripped.startswith(":") or ":" not in stripped:
            return "text"
        prefix = stripped.split(":", 1)[0]
        name = normalize_name(prefix)
        if name in self.file_prefixes:
            return "file"
        if name in self.category_prefixes:
            return "category"
        if _INTERLANGUAGE.fullmatch(prefix.strip()) and prefix.strip() not in _PROJECT_PREFIXES:
            return "interlanguage"
        return "text"


DEFAULT_SITE = SiteNames()
