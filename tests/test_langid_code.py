"""Code and markup told apart from prose (``vicorpus.langid.code``), also where they hold
few of the characters ``{}[]<>;=`` (configuration files, Python)."""

from __future__ import annotations

import random

import pytest

from vicorpus.langid import identify
from vicorpus.langid.code import _code_shaped, code_character_share, code_token_share, looks_like_code

YAML = """main:
  filters: cssrewrite
  output: base/%(version)s_main.css
  contents: main.css
main-rtl:
  filters: cssrewrite
  output: base/%(version)s_main-rtl.css"""

CSS = """  --bs-modal-border-width: var(--bs-border-width);
  --bs-modal-border-radius: var(--bs-border-radius-lg);
  --bs-modal-inner-border-radius: calc(var(--bs-border-radius-lg) - 1px);
  --bs-modal-header-padding-x: 1rem;"""

PYTHON = """import webbrowser
import hashlib

webbrowser.open("https://xkcd.com/353/")

def geohash(latitude, longitude, datedow):
    h = hashlib.md5(datedow, usedforsecurity=False).hexdigest()
    p, q = [float.fromhex('0.' + x) for x in (h[:16], h[16:32])]
    print('%d%s %d%s' % (latitude, p, longitude, q))"""

JSON = """  {
    "pk": 2,
    "model": "basepage.basepage",
    "fields": {
      "title": "Welcome to the test site!",
      "numchild": 0,
      "live": true,
      "depth": 2,"""


@pytest.mark.parametrize("text", [YAML, CSS, PYTHON, JSON], ids=["yaml", "css", "python", "json"])
def test_configuration_files_and_python_are_code(text: str) -> None:
    # Few of the code characters: the character share alone (the first measure) misses them.
    assert code_character_share(text) < 0.06
    assert identify(text)[0] == "code"


@pytest.mark.parametrize(
    "text",
    [
        "The parser reads the file with open() and returns a list; see docs.python.org for the details of "
        "each step, and the README for how to install it on Windows, macOS or Linux.",
        "Section 2(b) of this License applies to any work that contains a notice placed by the copyright "
        "holder saying it may be distributed under the terms of this License -- nothing else does.",
        "hom nay troi dep qua, minh di choi cong vien voi ban be, toi ve nha an com roi di ngu som",
        "@MCVMedia 😂",
        "検索のヘルプについては TracSearch を参照してください。設定は trac.ini で変更できます。",
    ],
    ids=["english-prose", "licence", "vi-no-diacritics", "mention", "japanese"],
)
def test_prose_is_not_code(text: str) -> None:
    assert not looks_like_code(text)
    assert identify(text)[0] != "code"


def test_code_token_share_counts_code_shaped_ascii_tokens() -> None:
    assert code_token_share("x = compute(value)") == pytest.approx(2 / 3)  # "x" alone is no code
    assert code_token_share("output: main.css") == pytest.approx(2 / 2)  # a key opening a line, a dotted name
    assert code_token_share("the output: main") == 0.0  # a key only where it opens the line
    assert code_token_share("文件(逗号分隔) 名称") == 0.0  # not ASCII
    assert code_token_share("") == 0.0


def _token_share_token_by_token(text: str) -> float:
    """The definition, one ``str.split`` token at a time (the function only looks at
    tokens that could be code-shaped)."""
    tokens = shaped = 0
    for line in text.split("\n"):
        for position, token in enumerate(line.split()):
            tokens += 1
            shaped += _code_shaped(token, position == 0)
    return shaped / tokens if tokens else 0.0


def test_code_token_share_is_its_definition_token_by_token() -> None:
    # Every kind of whitespace str.split splits on, control and non-ASCII characters, and
    # the characters the code shapes are made of.
    whitespace = [" ", "\n", "\t", "\r", "\x0b", "\x1c", "\x85", "\xa0", "\u3000"]
    alphabet = [*"ab_-$.=:&|>()<'\"x1é文{};", *whitespace, "\x00", "\x7f", "  output:", "\n  key:", " f(x)", " a.b"]
    generator = random.Random(4)
    texts = ["".join(generator.choice(alphabet) for _ in range(generator.randint(0, 40))) for _ in range(20_000)]
    texts += [YAML, CSS, "x = compute(value)\n  name: main.css\nthe output: main"]
    assert [code_token_share(text) for text in texts] == [_token_share_token_by_token(text) for text in texts]
