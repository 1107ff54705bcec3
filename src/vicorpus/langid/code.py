"""Is a text source code or markup rather than prose? Two measures, both plain text functions.

1. The share of ``{}[]<>;=/\\_$|&*#`` among the non-space characters: source code and
   markup put 8-30 % of their characters there, prose stays under 3 %.
2. The share of whitespace tokens shaped like code: a call (``open(``, ``()``), a
   snake_case, ``--css-variable`` or ``$variable`` name, a dotted name (``os.path``,
   ``main.css``), an operator on its own (``=``, ``==``, ``=>``, ``&&``; not "--", a
   dash in plain-text prose), or a key that opens a line (``output:``, ``"pk":``).
   Configuration formats (YAML, CSS, JSON) and Python have few of the characters of
   (1) but many such tokens. Only ASCII tokens count: Chinese or Japanese sentences are
   single tokens with their punctuation attached, which says nothing about code.

Measured on the language evaluation set (``bench/bench_langid.py``: 400 snippets and
lines of Python, JavaScript, CSS, HTML, JSON, YAML, TOML, XML and SQL from PyPI wheels,
and 7,324 items of 18 natural languages): (1) alone found 69 % of the code, with 56
natural-language items taken for code; with (2) as below, 95 %, with 62. On 400
15-line chunks of the Python files installed beside vicorpus (none in the evaluation
set), 53 % → 80 %.
"""

from __future__ import annotations

import re
from typing import Final

# Parentheses and quotes are left out: prose full of dates and asides "(sinh 1980)"
# reached 9 % with them (a Wikipedia biography was taken for code).
_CODE_CHARACTERS: Final = "{}[]<>;=/\\_$|&*#"
# Source code and markup put 8-30 % of their non-space characters in the set above;
# prose stays under 3 % (docs/quality.md, language section).
MIN_CODE_CHARACTER_SHARE: Final = 0.06
# Code-shaped tokens: prose (news, Wikipedia, UI strings of 18 languages) rarely has one
# token in ten shaped so; code and configuration files have a third and more. A text
# is code from this share, or from half of it with half the character share above.
MIN_CODE_TOKEN_SHARE: Final = 0.3
MIXED_CODE_TOKEN_SHARE: Final = 0.15
MIXED_CODE_CHARACTER_SHARE: Final = 0.03

_EQUALS_RUN_RE: Final = re.compile("={2,}")
_CALL_RE: Final = re.compile(r"[A-Za-z0-9_\])]\(|\(\)")
# Not "@name": a mention in social media text, not a decorator (those have a call or a dot).
_NAME_RE: Final = re.compile(r"[A-Za-z0-9]_[A-Za-z0-9]|^--?[a-z]|^\$[A-Za-z_]")
_DOTTED_RE: Final = re.compile(r"[A-Za-z0-9_)]\.[a-z_]")
_OPERATOR_RE: Final = re.compile(r"[=!<>+\-*/%&|^:]?=|=>|->|::|&&|\|\|")
_LINE_KEY_RE: Final = re.compile(r"(?:[\"'][^\"'\s]+[\"']|[a-z_][A-Za-z0-9_\-]*):")
# A whole whitespace token of ASCII characters with one of "(_-$.=:&|", which each shape
# above needs (a call "(", a name "_", "-" or "$", a dotted name ".", an operator "=",
# "-", ":", "&" or "|", a key ":"); ``\s`` is the whitespace ``str.split`` splits on.
_SHAPE_CHARACTERS: Final = "(_-$.=:&|"
_ASCII_NOT_SPACE: Final = r"[^\s\x80-\U0010ffff]"
# The shape character is looked for ahead and the token then read whole without turning
# back: two greedy loops around it turned back through a long token of dots that ends in
# a letter beyond ASCII, in time quadratic in its length.
_CANDIDATE_RE: Final = re.compile(
    rf"(?<!\S)(?={_ASCII_NOT_SPACE}*[{re.escape(_SHAPE_CHARACTERS)}]){_ASCII_NOT_SPACE}*+(?!\S)"
)


def code_character_share(text: str) -> float:
    """The share of ``{}[]<>;=/\\_$|&*#`` among the characters that are not spaces, tabs or
    line breaks (runs of "=", the headings of wiki text, do not count)."""
    visible = len(text) - text.count(" ") - text.count("\n") - text.count("\t")
    if visible <= 0:
        return 0.0
    count = sum(text.count(character) for character in _CODE_CHARACTERS)
    count -= sum(map(len, _EQUALS_RUN_RE.findall(text)))
    return count / visible


def _code_shaped(token: str, opens_line: bool) -> bool:
    if not token.isascii():
        return False
    return bool(
        _CALL_RE.search(token)
        or _NAME_RE.search(token)
        or _DOTTED_RE.search(token)
        or _OPERATOR_RE.fullmatch(token)
        or (opens_line and _LINE_KEY_RE.fullmatch(token))
    )


def code_token_share(text: str) -> float:
    """The share of whitespace tokens shaped like code (see the module docstring)."""
    tokens = len(text.split())
    if not tokens:
        return 0.0
    shaped = 0
    read = 0  # the text before this is read
    token_before = False  # whether a token stands between the line's start and ``read``
    # Only ASCII tokens holding a character that every code shape needs are looked at:
    # about one token in ten in prose, where most of this function's calls come from.
    # The stretch between two of them is read once (for a line break and other tokens).
    for match in _CANDIDATE_RE.finditer(text):
        start = match.start()
        gap_start = read
        newline = text.rfind("\n", read, start)
        if newline >= 0:
            token_before, gap_start = False, newline + 1
        if not token_before and gap_start < start and not text[gap_start:start].isspace():
            token_before = True
        shaped += _code_shaped(match.group(), not token_before)
        token_before, read = True, match.end()
    return shaped / tokens


def looks_like_code(text: str) -> bool:
    """Whether the text is source code or markup by either measure (thresholds above)."""
    characters = code_character_share(text)
    if characters >= MIN_CODE_CHARACTER_SHARE:
        return True
    # Each code-shaped token holds one of the characters ``_CANDIDATE_RE`` asks for: with
    # fewer of them than the share needs, the tokens need not be looked at (most prose).
    needed = MIXED_CODE_TOKEN_SHARE if characters >= MIXED_CODE_CHARACTER_SHARE else MIN_CODE_TOKEN_SHARE
    tokens_in_text = len(text.split())
    if not tokens_in_text or sum(map(text.count, _SHAPE_CHARACTERS)) / tokens_in_text < needed:
        return False
    tokens = code_token_share(text)
    return tokens >= MIN_CODE_TOKEN_SHARE or (
        tokens >= MIXED_CODE_TOKEN_SHARE and characters >= MIXED_CODE_CHARACTER_SHARE
    )
