"""Two shortcuts for text in other languages, each a proof that nothing can change:

- ``legacy_reading_can_win``: a line with too few bytes outside printable ASCII, among
  the words every reading keeps, cannot have a legacy reading with the marked syllables
  ``repair_line`` asks for (German, Spanish, Italian lines with a few Latin-1 letters);
- ``fold_lookalikes``: text without a Latin letter (Russian, Greek) has no word to fold.

Each is held to what it claims: every reading of a pruned line is scored and falls short,
and ``repair_line`` answers the same with the shortcut and without it.
"""

from __future__ import annotations

import base64
import json
import random

import pytest

from conftest import news_and_wiki_texts, shared_data
from vicorpus.vietnamese import mojibake
from vicorpus.vietnamese.charsets import decode_legacy, encode_legacy
from vicorpus.vietnamese.homoglyphs import fold_lookalikes
from vicorpus.vietnamese.scoring import score

FOREIGN_LINES = [
    "Die Stadt plant eine neue Brücke über den Fluss, sagte der Bürgermeister am Dienstag.",
    "Straße, Größe, Äpfel und Öl: für die Küche gekauft.",
    "El niño comió una piña en la mañana, según su familia.",
    "La città è piena di turisti perché il museo è gratuito.",
    "Le garçon a reçu une lettre de Noël à l'école.",
    "Eles não sabem a situação da população; a ação começa amanhã.",
    "Ñandú, pingüino, cigüeña: años después.",
]
READINGS = (*mojibake.LEGACY_CANDIDATES, "vps")


def _lines() -> list[str]:
    """Legacy-encoded Vietnamese as Windows-1252 shows it, its Unicode truth, lines of
    other languages, and generated lines mixing ASCII, Latin-1 letters, digits and the
    bytes VNI and CP1258 put after a letter."""
    lines = list(FOREIGN_LINES)
    path = shared_data("legacy-encodings/generated_from_viwiki.jsonl")
    for record in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
        lines += [record["seen_as_cp1252"], record["truth"]]
        assert base64.b64decode(record["encoded_b64"])  # the file is what the README says
    generator = random.Random(8)
    vietnamese = [line for text in news_and_wiki_texts(40) for line in text.split("\n") if line.strip()]
    for line in generator.sample(vietnamese, 200):
        for charset in mojibake.LEGACY_CANDIDATES:
            lines.append(encode_legacy(line, charset, errors="replace").decode("cp1252", errors="replace"))
    latin1 = "äöüßçñéèêàâîïëÄÖÜ§®¸\xadµ¶¹ºÕÒÌ"
    for _ in range(6000):
        words = []
        for _ in range(generator.randint(1, 12)):
            kind = generator.random()
            if kind < 0.4:
                words.append("".join(generator.choice("abcdeghinotu") for _ in range(generator.randint(1, 6))))
            elif kind < 0.8:
                words.append("".join(generator.choice("abcnot" + latin1) for _ in range(generator.randint(1, 5))))
            else:
                words.append(generator.choice([",", "-", "1990", "(x)", "\x02", "\t", "a\xcc", "e\xf2", "o\xe1"]))
        lines.append(generator.choice([" ", "", "-", ","]).join(words))
    return lines


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return _lines()


@pytest.mark.parametrize(
    ("line", "pruned"),
    [
        ("Die Stadt plant eine neue Brücke, sagte der Bürgermeister am Dienstag in Berlin.", True),  # 2 bytes
        ("Der Bürgermeister sagte am Dienstag, die Stadt plane eine neue Brücke über den Fluss in Berlin.", True),
        ("El niño comió una piña en la mañana, según su familia.", False),  # 5 bytes, 6 words that stay
        ("Straße, Größe, Äpfel und Öl: für die Küche gekauft.", False),  # 6 bytes, 3 words that stay
        ("§Õ quèc Anh ®\xadîc kho¸ch tr\xad¬ng", False),  # TCVN3 as Windows-1252 shows it
    ],
)
def test_which_lines_are_pruned(line: str, pruned: bool) -> None:
    raw = mojibake.text_to_cp1252_bytes(line)
    assert raw is not None
    assert mojibake.legacy_reading_can_win(raw) is not pruned


def test_a_pruned_line_has_no_reading_with_enough_marked_syllables(lines: list[str]) -> None:
    pruned = 0
    for line in lines:
        raw = mojibake.text_to_cp1252_bytes(line)
        if raw is None or mojibake.legacy_reading_can_win(raw):
            continue
        pruned += 1
        for charset in READINGS:
            reading = score(decode_legacy(raw, charset))
            assert reading.marked < mojibake.MIN_MARKED or reading.marked_share < mojibake.MIN_MARKED_SHARE, (
                charset,
                line,
            )
    assert pruned > 1000  # the test saw the shortcut taken


def test_repair_line_answers_the_same_without_the_shortcut(lines: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    with_shortcut = [mojibake.repair_line(line) for line in lines]
    monkeypatch.setattr(mojibake, "legacy_reading_can_win", lambda raw: True)
    assert [mojibake.repair_line(line) for line in lines] == with_shortcut
    assert sum(kind is not None for _, kind in with_shortcut) > 500  # legacy lines were repaired


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Городской совет принял решение.", "Городской совет принял решение."),  # no Latin letter: as written
        ("Η ομάδα κέρδισε τον αγώνα.", "Η ομάδα κέρδισε τον αγώνα."),
        ("сá cược", "cá cược"),  # a Latin letter of its own: folded
        ("Совет и Ðà", "Совет и Đà"),  # eth is a Latin letter
    ],
)
def test_lookalikes_fold_only_where_a_latin_letter_is(text: str, expected: str) -> None:
    assert fold_lookalikes(text)[0] == expected
