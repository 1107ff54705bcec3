"""Searches that read hostile text in time linear in its length, and give the answers the
plain patterns they replace gave.

Each pattern here once read on to the end of a long run from every position in it
(quadratic: seconds for tens of kilobytes, hours for a megabyte). The equivalence tests
compare each with that plain pattern on many short random texts, where the plain one is
still fast; the last test runs every function on megabyte-sized hostile text in a child
process that must finish (it cannot when the time is quadratic), and the memory a long
run of digits takes.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import textwrap
import tracemalloc

import pytest

from vicorpus.documents import rtf
from vicorpus.pii import find_pii, sensitive
from vicorpus.pii.span_index import KeptSpans
from vicorpus.pii.spans import PiiKind, Span
from vicorpus.vietnamese import mojibake, tones
from vicorpus.web import extract, licenses, optout

# The patterns as they were (the specification of the answers).
PLAIN_PROTECTED = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
PLAIN_SUSPICIOUS_WORD = re.compile(rf"\S*[{re.escape(mojibake.SUSPICIOUS_CHARACTERS)}]\S*")
PLAIN_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
PLAIN_TRANSACTION_ROW = re.compile(r"\b\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?\b.*\b\d{1,3}(?:[.,]\d{3})+\b")
PLAIN_LEGACY_FONT = re.compile(r"\\f\d+[^;{}]*?\s(\.Vn[^;{}]*|VNI[-_ ][^;{}]*);", re.IGNORECASE)
PLAIN_REL_LICENSE = re.compile(
    r"""<(?:link|a)\b[^>]*?\brel\s*=\s*(?:"[^"]*\blicense\b[^"]*"|'[^']*\blicense\b[^']*'|license\b)[^>]*>""",
    re.IGNORECASE,
)


def random_texts(pieces: list[str], count: int, longest: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, longest))) for _ in range(count)]


def spans(pattern: re.Pattern[str], text: str, end: int | None = None) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text, 0, len(text) if end is None else end)]


def test_protected_spans_are_those_of_the_plain_pattern() -> None:
    # Local parts under 64 characters and schemes under 32: where the bounds change nothing.
    pieces = ["a", "B", "7", "ò", ".", "+", "-", "@", "://", "www.", " ", "x.vn", "_", "/", "http"]
    texts = random_texts(pieces, 20_000, 14, seed=1)
    assert sum(bool(PLAIN_PROTECTED.search(text)) for text in texts) > 2_000  # the texts do hold addresses
    for text in texts:
        assert spans(tones._PROTECTED_RE, text) == spans(PLAIN_PROTECTED, text), text


def test_suspicious_words_are_those_of_the_plain_pattern() -> None:
    pieces = ["a", "Ã", "©", "»", " ", "\u00a0", "\n", "á»", "x", "Ä"]
    for text in random_texts(pieces, 20_000, 16, seed=2):
        assert spans(mojibake._SUSPICIOUS_WORD_RE, text) == spans(PLAIN_SUSPICIOUS_WORD, text), text


def test_meta_attributes_are_those_of_the_plain_pattern() -> None:
    pieces = ["name", "content", "a", ":", "-", "=", " ", '"', "'", "x", ">", "noai"]
    for text in random_texts(pieces, 20_000, 16, seed=3):
        assert _attributes(optout._ATTRIBUTE, text) == _attributes(PLAIN_ATTRIBUTE, text), text


def _attributes(pattern: re.Pattern[str], text: str) -> list[tuple[str, ...]]:
    return [match.groups() for match in pattern.finditer(text)]


def test_tags_found_before_the_last_closing_bracket_are_all_the_tags() -> None:
    pieces = ["<", ">", "/", "div", "a", " ", "=", '"', "<br/>", "x"]
    for text in random_texts(pieces, 20_000, 16, seed=4):
        groups = [match.groups() for match in extract._TAG.finditer(text)]
        bounded = [match.groups() for match in extract._TAG.finditer(text, 0, text.rfind(">") + 1)]
        assert bounded == groups, text


def test_transaction_rows_are_those_of_the_plain_pattern() -> None:
    pieces = [*"0123456789", "/", "-", ".", ",", " ", "a", "á", "\u0661", "05/03", "/2024", "1.500", ".000", ",250"]
    texts = random_texts(pieces, 50_000, 12, seed=5)
    assert sum(bool(PLAIN_TRANSACTION_ROW.search(text)) for text in texts) > 200
    for text in texts:
        assert sensitive._is_transaction_row(text) == (PLAIN_TRANSACTION_ROW.search(text) is not None), text


def test_license_tags_without_brackets_inside_are_those_of_the_plain_pattern() -> None:
    # The new pattern takes no "<" or ">" inside a tag: on pages whose tags hold none (and
    # whose quotes close inside the tag), it finds what the plain one found.
    rng = random.Random(6)
    inside = [" rel=", "license", '"license"', "'a license'", '"x"', " ", "x", "alternate ", "href=y", "=", "-"]
    found_some = 0
    for _ in range(20_000):
        tags = [
            f"<{rng.choice(['a', 'link', 'A', 'ab'])}"
            + "".join(rng.choice(inside) for _ in range(rng.randint(0, 8)))
            + ">"
            for _ in range(rng.randint(0, 3))
        ]
        text = "".join(tag + rng.choice(["", " text ", "license"]) for tag in tags)
        plain = [match.group() for match in PLAIN_REL_LICENSE.finditer(text)]
        assert [match.group() for match in licenses._REL_LICENSE_TAG.finditer(text)] == plain, text
        found_some += bool(plain)
    assert found_some > 1_000


def test_rtf_legacy_fonts_are_those_of_the_plain_pattern() -> None:
    pieces = ["\\f1", "\\F23", "\\froman", " ", ".VnTime", ".vnarial", "VNI-Times", "VNI_x", ";", "{", "}", "x", "\t"]
    texts = random_texts(pieces, 30_000, 14, seed=9)
    assert sum(bool(PLAIN_LEGACY_FONT.search(text)) for text in texts) > 200
    for text in texts:
        assert rtf._legacy_fonts(text) == sorted({name.strip() for name in PLAIN_LEGACY_FONT.findall(text)}), text


def test_kept_spans_answer_as_checking_every_kept_span() -> None:
    rng = random.Random(8)
    for _ in range(2_000):
        kept: list[Span] = []
        index, own = KeptSpans(), KeptSpans()
        for step in range(rng.randint(1, 60)):
            if step and rng.random() < 0.05:
                index.absorb(own)  # as ``_find`` does when a detector is done
                own = KeptSpans()
            start = rng.randint(0, 80)
            span = Span(start, start + rng.choice([0, 1, 2, 3, 5, 8]), PiiKind.PHONE, "")
            plain = any(span.start < other.end and other.start < span.end for other in kept)
            assert (index.overlaps(span) or own.overlaps(span)) == plain, (span, kept)
            if not plain:
                own.add(span)
                kept.append(span)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ('<a rel="license" href="https://creativecommons.org/licenses/by-sa/4.0/">CC</a>', "CC-BY-SA-4.0"),
        ("<link rel='alternate license' href='//creativecommons.org/licenses/by/4.0/'>", "CC-BY-4.0"),
        ('<A REL=license HREF="http://creativecommons.org/publicdomain/zero/1.0/">', "CC0-1.0"),
        ('<a rel="licenses" href="https://creativecommons.org/licenses/by/4.0/">', None),
    ],
)
def test_page_licenses_are_still_found(page: str, expected: str | None) -> None:
    assert licenses.page_license(page) == expected


HOSTILE_TEXTS = textwrap.dedent(
    """
    from vicorpus.documents.rtf import _legacy_fonts
    from vicorpus.pii import find_pii, redact
    from vicorpus.pii.sensitive import sensitive_signals
    from vicorpus.spam.folding import join_spelled_out
    from vicorpus.vietnamese.fix import fix_text
    from vicorpus.vietnamese.mojibake import repair_line
    from vicorpus.web.extract import nesting_depth
    from vicorpus.web.licenses import page_license
    from vicorpus.web.optout import optout_signals

    run = 1_000_000
    fix_text("Liên hệ hoà bình @ " + "a" * run)
    fix_text("Ảnh hoà nhạc <img src=x@y> " + "0123456789abcdef" * (run // 16))
    repair_line("Tin tá»©c hôm nay Ã© " + "a" * run)
    nesting_depth("<a" * (run // 2))
    page_license("<a rel=license " * (run // 15))
    page_license('<a rel="' + "license " * (run // 8))
    optout_signals(None, "<meta " + "a" * 65_000 + ">")
    optout_signals(None, "<meta " * 11_000)
    sensitive_signals("1/2 " * (run // 4))
    directory = (f"Anh Nam, số 09{i % 10} {i % 1000:03d} {i % 10_000:04d}, nam{i}@gmail.com" for i in range(100_000))
    redact("\\n".join(directory))
    find_pii("0123456789" * 500_000)
    find_pii("0912 . " * (run // 7) + "x")
    _legacy_fonts("\\\\f1 x" * (run // 4))
    join_spelled_out(b"a.b " * (run // 4))
    join_spelled_out((b"a" + b".-" * 5_000 + b"b") * (run // 10_000))
    join_spelled_out((b"a" + b",." * 5_000 + b"b, c ") * (run // 10_000))
    print("done")
    """
)


def test_hostile_texts_are_read_in_linear_time() -> None:
    # Linear: about a second in all. Quadratic (as before): hours, and the child is stopped.
    result = subprocess.run(
        [sys.executable, "-c", HOSTILE_TEXTS], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "done"


def test_a_long_run_of_digits_takes_little_memory() -> None:
    # The regex engine's stack is traced: a 5 MB run of digits took 1.6 GB of it when the
    # digit-run pattern kept a backtracking point per digit.
    text = "0123456789" * 500_000
    tracemalloc.start()
    try:
        find_pii(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100_000_000
