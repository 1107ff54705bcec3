"""Tidy the rendered text: gaps left by removed markup, stray markup, blank lines,
headings of empty sections.

The renderer marks where it removed something (a template, a footnote) with
``REMOVED`` and starts heading lines with ``HEADING`` + level; neither character can
occur in a page (XML 1.0 forbids them, and the converter strips them from its input).
"""

from __future__ import annotations

import re

HEADING = "\x00"
REMOVED = "\x01"

# "(" + only removed things and separators + ")": the parentheses go too.
_EMPTY_PARENS = re.compile(r"\((?:[ \t,;:]|\x01)*\x01(?:[ \t,;:]|\x01)*\)")
# After a gap, these close the phrase: no space before them ("Hà Nội {{ref}}." → "Hà Nội.").
_CLOSERS = frozenset(".,;:!?)]}»”…\n")
_OPENERS = frozenset("([{«“\n")
_SPACES = re.compile(r"\t[ \t]*| [ \t]+")  # runs of blanks (not single spaces: faster)
# HTML-like tags left as text by the parser (unclosed, stray): the tag goes, not its text.
_STRAY_TAG = re.compile(
    r"</?(?:ref|references|br|small|big|span|div|center|sup|sub|nowiki|font|b|i|u|s|p|blockquote|poem"
    r"|gallery|math|includeonly|noinclude|onlyinclude)\b[^<>]{0,400}(?:>|$)",
    re.IGNORECASE,
)
# Markup the parser left as text (unbalanced or broken): the characters go, the words stay.
_STRAY = re.compile(r"'{2,}|\[\[|\]\]|\{\{|\}\}|\{\||\|\}|__(\w+?)__")
_HEADING_MARK = re.compile(r"\x00\d?")
_BLANKS = re.compile(r"\n{3,}")


def clean(rendered: str) -> str:
    text = rendered
    if REMOVED in text:
        text = _close_gaps(_EMPTY_PARENS.sub(REMOVED, text))
    lines = [line.strip() for line in _SPACES.sub(" ", text).split("\n")]
    if HEADING in text:  # a heading inside an inline template's parameter is plain text
        lines = [line[:1] + _HEADING_MARK.sub("", line[1:]) if HEADING in line[1:] else line for line in lines]
    # A heading whose title was only markup goes.
    lines = [line for line in lines if not line.startswith(HEADING) or line[2:].strip()]
    return _layout(_drop_empty_sections(lines))


def strip_stray(text: str) -> str:
    """Remove markup the parser left in a text node: stray tags (``</span>``),
    unbalanced ``''``/``'''``, ``[[``, ``]]``, ``{{``, ``}}``, ``{|``, ``|}``, magic words
    (``__NOTOC__``, ``__KHÔNG_MỤC_LỤC__``)."""
    if "<" in text:
        text = _STRAY_TAG.sub("", text)
    return _STRAY.sub(_stray, text)


def _stray(match: re.Match[str]) -> str:
    word = match.group(1)
    return "" if word is None or word.replace("_", "").isupper() else match.group()


def _close_gaps(text: str) -> str:
    """Remove the ``REMOVED`` markers with the blanks around them; a gap becomes one space
    between words, nothing before closing punctuation ("Hà Nội {{ref}}." → "Hà Nội."),
    and takes a comma or semicolon before it along before a closing bracket
    ("(B, {{IPA|x}})" → "(B)")."""
    pieces = text.split(REMOVED)
    out = [pieces[0]]
    spaced = False  # blanks inside or around the current run of markers
    last = len(pieces) - 1
    for index in range(1, len(pieces)):
        piece = pieces[index]
        body = piece.lstrip(" \t")
        spaced = spaced or len(body) != len(piece)
        if not body and index < last:
            continue  # only blanks between two markers: one gap
        left = out.pop()
        core = left.rstrip(" \t")
        spaced = spaced or len(core) != len(left)
        punctuation = ""
        if core.endswith((",", ";")):
            head = core[:-1].rstrip(" \t")
            punctuation, core = core[len(head) :], head
        after = body[:1] or "\n"
        before = core[-1:] or next((part[-1] for part in reversed(out) if part), "\n")
        if after in ")]}":
            gap = ""
        elif after in _CLOSERS:
            gap = punctuation  # "Đường,<ref/>" keeps its comma
        elif before in _OPENERS and not punctuation:
            gap = ""
        else:
            gap = punctuation + (" " if spaced else "")
        out.append(core + gap)
        out.append(body)
        spaced = False
    return "".join(out)


def _drop_empty_sections(lines: list[str]) -> list[str]:
    """Drop each heading with no text before the next heading of its level or higher."""
    kept: list[str] = []
    has_text = [False] * 8  # has_text[level]: text seen below since the last heading ≤ level
    for line in reversed(lines):
        if line.startswith(HEADING):
            level = min(max(int(line[1]) if line[1].isdigit() else 2, 1), 7)
            if has_text[level]:
                kept.append(line)
            for deeper in range(level, 8):
                has_text[deeper] = False
        elif line:
            kept.append(line)
            has_text = [True] * 8
        else:
            kept.append(line)
    kept.reverse()
    return kept


def _layout(lines: list[str]) -> str:
    """Headings as lines with a blank line before them; at most one blank line in a row."""
    out: list[str] = []
    for line in lines:
        if line.startswith(HEADING):
            if out and out[-1] == HEADING:
                out.pop()  # a heading right under another: no blank line between them
            elif out and out[-1]:
                out.append("")
            out.append(line[2:].strip())
            out.append(HEADING)  # placeholder: no blank line right after a heading
        elif line:
            if out and out[-1] == HEADING:
                out.pop()
            out.append(line)
        elif out and out[-1] not in ("", HEADING):
            out.append("")
    while out and out[-1] in ("", HEADING):
        out.pop()
    return _BLANKS.sub("\n\n", "\n".join(line for line in out if line != HEADING))
