"""Render mwparserfromhell's token stream as text, without building its node tree.

mwparserfromhell tokenizes in C (about 1,000 articles/s) but builds its tree of
nodes in Python (about 100/s). The tree is not needed to extract text: this renderer
walks the flat, well-nested token list once, writes the visible text and jumps over
what is dropped (a template, a footnote, a table) by counting open and close tokens.
It follows ``mwparserfromhell.parser.builder.Builder`` construct by construct.
"""

from __future__ import annotations

import html
from typing import Any

from mwparserfromhell.parser import tokens as tk

from vicorpus.wikitext.cleanup import HEADING, REMOVED, strip_stray
from vicorpus.wikitext.names import SiteNames
from vicorpus.wikitext.templates import is_inline_template, render_template, template_name

_OPENERS = frozenset(
    {
        tk.TemplateOpen,
        tk.ArgumentOpen,
        tk.WikilinkOpen,
        tk.ExternalLinkOpen,
        tk.HTMLEntityStart,
        tk.HeadingStart,
        tk.CommentStart,
        tk.TagOpenOpen,
    }
)
_CLOSERS = frozenset(
    {
        tk.TemplateClose,
        tk.ArgumentClose,
        tk.WikilinkClose,
        tk.ExternalLinkClose,
        tk.HTMLEntityEnd,
        tk.HeadingEnd,
        tk.CommentEnd,
        tk.TagCloseSelfclose,
        tk.TagCloseClose,
    }
)
_BLANK = " \t\n" + REMOVED
_TAG_HEAD_END = (tk.TagCloseOpen, tk.TagCloseSelfclose)


class TokenRenderer:
    """One page's tokens → text with ``REMOVED`` and ``HEADING`` markers (see cleanup)."""

    def __init__(self, tokens: list[Any], site: SiteNames, tags: TagRules) -> None:
        self.tokens = tokens
        self.i = 0
        self.site = site
        self.tags = tags

    def render(self, out: list[str], stop: tuple[Any, ...] = (), raw: bool = False) -> Any:
        """Write tokens until one of the ``stop`` types at this level; return it (None at
        the end). ``raw``: text as it is (``<nowiki>``), no stray-markup removal."""
        tokens = self.tokens
        count = len(tokens)
        while self.i < count:
            token = tokens[self.i]
            self.i += 1
            kind = type(token)
            if kind is tk.Text:
                text = token["text"]
                if not raw and (
                    "''" in text
                    or "[[" in text
                    or "]]" in text
                    or "{" in text
                    or "}" in text
                    or "__" in text
                    or "<" in text
                ):  # may hold stray markup (an `in` chain is twice as fast as a regex here)
                    text = strip_stray(text)
                out.append(text)
            elif kind in stop:
                return token
            else:
                handler = _HANDLERS.get(kind)
                if handler is not None:
                    handler(self, token, out)
                # else: a close token of an enclosing construct that was not asked for
        return None

    def text(self, stop: tuple[Any, ...]) -> tuple[str, Any]:
        parts: list[str] = []
        token = self.render(parts, stop)
        return "".join(parts), token

    def skip(self) -> None:
        """Jump past the end of the construct whose opening was just read."""
        tokens = self.tokens
        count = len(tokens)
        depth = 1
        while self.i < count:
            kind = type(tokens[self.i])
            self.i += 1
            if kind in _OPENERS:
                depth += 1
            elif kind in _CLOSERS:
                depth -= 1
                if depth == 0:
                    return

    def skip_until(self, stop: tuple[Any, ...]) -> Any:
        """Jump to the next ``stop`` token at this level (tag attributes); return it."""
        tokens = self.tokens
        count = len(tokens)
        depth = 0
        while self.i < count:
            token = tokens[self.i]
            kind = type(token)
            self.i += 1
            if depth == 0 and kind in stop:
                return token
            if kind in _OPENERS:
                depth += 1
            elif kind in _CLOSERS:
                depth -= 1
        return None

    # --- constructs ---------------------------------------------------------------

    def template(self, _: Any, out: list[str]) -> None:
        raw_name, end = self.text((tk.TemplateParamSeparator, tk.TemplateClose))
        name = template_name(raw_name.replace(REMOVED, ""))
        if not is_inline_template(name):
            if type(end) is tk.TemplateParamSeparator:
                self.skip()
            out.append(REMOVED)
            return
        positional: dict[int, str] = {}
        number = 0
        while type(end) is tk.TemplateParamSeparator:
            value, end = self.text((tk.TemplateParamEquals, tk.TemplateParamSeparator, tk.TemplateClose))
            if type(end) is tk.TemplateParamEquals:
                key = value.strip()
                value, end = self.text((tk.TemplateParamSeparator, tk.TemplateClose))
                if key.isdigit():
                    positional[int(key)] = value
            else:
                number += 1
                positional[number] = value
        values = [positional.get(i, "") for i in range(1, max(positional, default=0) + 1)]
        values = [value if value.strip(_BLANK) else "" for value in values]  # only dropped markup: empty
        rendered = render_template(name, values)
        out.append(REMOVED if rendered is None else rendered)

    def argument(self, _: Any, out: list[str]) -> None:
        self.skip()
        out.append(REMOVED)

    def comment(self, _: Any, out: list[str]) -> None:
        self.skip()

    def wikilink(self, _: Any, out: list[str]) -> None:
        title, end = self.text((tk.WikilinkSeparator, tk.WikilinkClose))
        if self.site.link_kind(title) != "text":
            if type(end) is tk.WikilinkSeparator:
                self.skip()
            out.append(REMOVED)
        elif type(end) is not tk.WikilinkSeparator:
            out.append(title.lstrip().lstrip(":"))
        elif self.i < len(self.tokens) and type(self.tokens[self.i]) is tk.WikilinkClose:
            self.i += 1  # pipe trick: [[Huế (thành phố)|]] → Huế
            name = title.lstrip(":").split(":", 1)[-1]
            out.append(_strip_parenthesis(name))
        else:
            self.render(out, (tk.WikilinkClose,))

    def external_link(self, token: Any, out: list[str]) -> None:
        url, end = self.text((tk.ExternalLinkSeparator, tk.ExternalLinkClose))
        if not token.get("brackets"):
            out.append(url)  # a bare URL is shown as it is
            if type(end) is tk.ExternalLinkSeparator:
                self.render(out, (tk.ExternalLinkClose,))
            return
        title = ""
        if type(end) is tk.ExternalLinkSeparator:
            title, _ = self.text((tk.ExternalLinkClose,))
        out.append(title if title.strip() else REMOVED)  # [http://x] shows a footnote number

    def entity(self, _: Any, out: list[str]) -> None:
        parts: list[str] = []
        hexadecimal = numeric = False
        tokens = self.tokens
        while self.i < len(tokens):
            token = tokens[self.i]
            self.i += 1
            kind = type(token)
            if kind is tk.HTMLEntityEnd:
                break
            if kind is tk.HTMLEntityNumeric:
                numeric = True
            elif kind is tk.HTMLEntityHex:
                hexadecimal = True
            elif kind is tk.Text:
                parts.append(token["text"])
        out.append(_decode_entity("".join(parts), numeric, hexadecimal))

    def heading(self, token: Any, out: list[str]) -> None:
        title, _ = self.text((tk.HeadingEnd,))
        level = token.get("level") or 2
        out.append(f"\n{HEADING}{min(int(level), 6)}{' '.join(title.split())}\n")

    def tag(self, token: Any, out: list[str]) -> None:
        name_parts: list[str] = []
        end = self.render(name_parts, (tk.TagAttrStart, *_TAG_HEAD_END))
        while type(end) is tk.TagAttrStart:  # attributes are not text
            end = self.skip_until((tk.TagAttrStart, *_TAG_HEAD_END))
        name = "".join(name_parts).strip().lower()
        markup = token.get("wiki_markup")
        rules = self.tags
        if type(end) is not tk.TagCloseOpen:  # self-closing: <br>, <ref/>, list markers
            if name == "br":
                out.append("\n")
            elif name == "dd" and markup is not None and out and not out[-1].endswith("\n"):
                out.append("\n")  # ; term : definition → two lines
            elif name == "hr":
                out.append("\n")
            elif name in rules.dropped:
                out.append(REMOVED)
            return
        if name in rules.dropped:
            self.skip()
            out.append("\n" if name == "table" else REMOVED)
            return
        block = name in rules.block and markup is None
        if block:
            out.append("\n")
        self.render(out, (tk.TagOpenClose,), raw=name in rules.verbatim)
        self.skip()  # the closing tag's name and '>'
        if block:
            out.append("\n")


class TagRules:
    """Tag names (lower case) that are dropped, rendered verbatim, or blocks."""

    def __init__(self, dropped: frozenset[str], verbatim: frozenset[str], block: frozenset[str]) -> None:
        self.dropped = dropped
        self.verbatim = verbatim
        self.block = block


def _decode_entity(text: str, numeric: bool, hexadecimal: bool) -> str:
    if not numeric:
        value = html.unescape(f"&{text};")
    else:
        try:
            code = int(text, 16 if hexadecimal else 10)
        except ValueError:
            return ""
        # Surrogates cannot be encoded; NUL and controls are not text (and would collide
        # with the renderer's markers).
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or (code < 0x20 and code not in (9, 10)):
            return ""
        value = chr(code)
    return " " if value == "\xa0" else value


def _strip_parenthesis(name: str) -> str:
    name = name.strip()
    if name.endswith(")") and "(" in name:
        name = name[: name.rindex("(")]
    return name.strip()


_HANDLERS: dict[Any, Any] = {
    tk.TemplateOpen: TokenRenderer.template,
    tk.ArgumentOpen: TokenRenderer.argument,
    tk.CommentStart: TokenRenderer.comment,
    tk.WikilinkOpen: TokenRenderer.wikilink,
    tk.ExternalLinkOpen: TokenRenderer.external_link,
    tk.HTMLEntityStart: TokenRenderer.entity,
    tk.HeadingStart: TokenRenderer.heading,
    tk.TagOpenOpen: TokenRenderer.tag,
}
