"""The few inline templates whose output is part of a sentence.

Templates are dropped by default: infoboxes, navigation boxes, citations, maintenance
banners and parser functions are not prose. A handful of formatting templates wrap
words that belong to the sentence (``{{lang|fr|Nouvelle-Calédonie}}``,
``{{nowrap|10 km}}``, ``{{convert|5|km}}``); dropping them would leave holes, so they
render their text here. Unknown templates render nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

# Templates that render one positional parameter (1-based), by normalized name.
_PARAM: dict[str, int] = {
    "nowrap": 1,
    "nobr": 1,
    "small": 1,
    "smaller": 1,
    "big": 1,
    "larger": 1,
    "sub": 1,
    "sup": 1,
    "abbr": 1,
    "nihongo": 1,
    "ill": 1,
    "interlanguage link": 1,
    "liên kết ngôn ngữ": 1,
    "korean": 1,
    "vert": 1,
    "lang": 2,
    "transl": 2,
    "ruby": 1,
}

# Templates that render fixed text.
_FIXED: dict[str, str] = {
    "·": " · ",
    "•": " • ",
    "dot": " · ",
    "ndash": "–",
    "mdash": "—",
    "spaced ndash": " – ",
    "snd": " – ",
    "spnd": " – ",
    "'": "'",
    "=": "=",
    "!": "|",
    "pipe": "|",
}

_CONVERT_RANGE = frozenset({"-", "–", "to", "and", "&", "x", "×", "by", "or", "đến", "và"})


def template_name(name: str) -> str:
    """Normalized template name: no ``Template:``/``Bản mẫu:`` prefix, lower case."""
    text = " ".join(name.replace("_", " ").split())
    for prefix in ("template:", "bản mẫu:", "tiêu bản:"):
        if text.casefold().startswith(prefix):
            text = text[len(prefix) :].strip()
            break
    return text.casefold()


def is_inline_template(name: str) -> bool:
    """Does the (normalized) template render text that belongs to the sentence?"""
    return name in _FIXED or name in _PARAM or name in _SPECIAL or name.startswith("lang-")


def render_template(name: str, positional: Sequence[str]) -> str | None:
    """Text of a known inline template, or None (drop it).

    ``positional``: the template's unnamed parameters, already converted to text.
    """
    if name in _FIXED:
        return _FIXED[name]
    index = _PARAM.get(name)
    if index is None and name.startswith("lang-"):
        index = 1  # {{lang-fr|texte}}
    if index is not None:
        return positional[index - 1].strip() if len(positional) >= index else ""
    special = _SPECIAL.get(name)
    return special(positional) if special is not None else None


def _convert(positional: Sequence[str]) -> str:
    """``{{convert|10|km|mi}}`` → ``10 km``; ``{{convert|1|to|2|m}}`` → ``1 to 2 m``."""
    values = [value.strip() for value in positional]
    if len(values) >= 4 and values[1] in _CONVERT_RANGE:
        return " ".join(values[:4])
    return " ".join(values[:2])


def _hlist(positional: Sequence[str]) -> str:
    return " · ".join(value.strip() for value in positional if value.strip())


_SPECIAL: dict[str, Callable[[Sequence[str]], str]] = {
    "convert": _convert,
    "cvt": _convert,
    "hlist": _hlist,
    "flatlist": _hlist,
}
