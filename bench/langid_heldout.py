"""Vietnamese without diacritics and short texts of other languages, from sources the
language evaluation set (``langid_eval_set.py``) does not use: a check of the rules of
``vicorpus.langid`` on text they were not chosen on.

- ViHSD *train* comments written without diacritics (the evaluation set took its comments
  from the dev and test files), selected as that set selects them: ASCII, 20-200
  characters, at least 4 words, at least 80 % of them unaccented syllables of
  ``lexicons/soe_vinorm_vietnamese_syllables.txt``;
- 1,500 sentences of VNTC *train* (every 7th article), diacritics stripped;
- other languages: spaCy's example sentences (``spacy/lang/*/examples.py``) and, per
  language, 300 random runs of 4-8 of its stop words (``stop_words.py``): short common
  words are the likeliest to spell Vietnamese syllables. spaCy is read from the
  quality benchmark's reference virtualenv (``fineweb2_venv.py``), not imported.

Everything is read in place from ``../shared/data`` and the virtualenv; nothing is
written. Prints, per Vietnamese set, the share identified as ``vi``, flagged
``vi_no_diacritics`` and kept by ``language_filter``'s default ``min_score`` (0.5), and
the other-language texts taken for ``vi``.

Usage: ``.venv/bin/python bench/langid_heldout.py [--show 15]``
"""

from __future__ import annotations

import argparse
import ast
import collections
import csv
import json
import lzma
import random
import re
import sys
from pathlib import Path

from langid_eval_set import SHARED, strip_diacritics, unaccented_syllables
from vicorpus.langid.identify import analyze_batch

SPACY_LANG = Path.home() / ".cache/vicorpus-bench/fineweb2-venv/lib/python3.11/site-packages/spacy/lang"
MIN_SCORE = 0.5  # language_filter's default


def vietnamese_sets(seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    syllables = unaccented_syllables()  # as the evaluation set selects its comments
    natural = []
    with lzma.open(SHARED / "social-comments-uit/vihsd_train.csv.xz", "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text = " ".join(row["free_text"].split())
            if not 20 <= len(text) <= 200 or not text.isascii():
                continue
            words = re.findall(r"[^\W\d_]+", text.lower())
            if len(words) >= 4 and sum(word in syllables for word in words) / len(words) >= 0.8:
                natural.append(text)
    rng.shuffle(natural)
    sentences = []
    with lzma.open(SHARED / "vntc/vntc_train.jsonl.xz", "rt", encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            if index % 7:
                continue
            for sentence in re.split(r"(?<=[.!?])\s+", " ".join(json.loads(line)["text"].split())):
                if 20 <= len(sentence) <= 200:
                    sentences.append(sentence)
    rng.shuffle(sentences)
    return {
        "ViHSD train, written without diacritics": natural[:1500],
        "VNTC train sentences, diacritics stripped": [strip_diacritics(s) for s in sentences[:1500]],
    }


def _strings(path: Path, name: str | None) -> list[str]:
    """String constants of a module: those assigned to ``name``, or (None) every long one."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if name is not None and isinstance(node, ast.Assign):
            if any(getattr(target, "id", "") == name for target in node.targets):
                elements = getattr(node.value, "elts", [])
                found += [e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        elif name is None and isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) > 20:
            found.append(node.value)
    return found


def other_languages(seed: int) -> list[tuple[str, str, str]]:
    """(language, kind, text) from spaCy's language folders, Vietnamese left out."""
    if not SPACY_LANG.is_dir():
        raise SystemExit(f"spaCy not found at {SPACY_LANG}: run bench/fineweb2_venv.py (the quality benchmark's) first")
    rng = random.Random(seed)
    texts: list[tuple[str, str, str]] = []
    for folder in sorted(p for p in SPACY_LANG.iterdir() if p.is_dir() and not p.name.startswith("_")):
        if folder.name == "vi":
            continue
        if (folder / "examples.py").exists():
            texts += [(folder.name, "example", text) for text in _strings(folder / "examples.py", "sentences")]
        if (folder / "stop_words.py").exists():
            blob = " ".join(_strings(folder / "stop_words.py", None))
            words = sorted({word for word in blob.split() if word.isalpha()})
            if len(words) >= 20:
                for _ in range(300):
                    run = " ".join(rng.choice(words) for _ in range(rng.randint(4, 8)))
                    texts.append((folder.name, "stop words", run))
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=11, help="seed of the Vietnamese samples")
    parser.add_argument("--foreign-seed", type=int, default=7, help="seed of the stop-word runs")
    parser.add_argument("--show", type=int, default=15, help="other-language texts taken for vi to print")
    args = parser.parse_args(argv)
    print("| set | texts | vi | flagged vi_no_diacritics | vi with score >= 0.5 |\n| --- | ---: | ---: | ---: | ---: |")
    for name, texts in vietnamese_sets(args.seed).items():
        results = analyze_batch(texts)
        vi = sum(r.language == "vi" for r in results) / len(results)
        flagged = sum(r.language == "vi" and r.vi_no_diacritics for r in results) / len(results)
        kept = sum(r.language == "vi" and r.score >= MIN_SCORE for r in results) / len(results)
        print(f"| {name} | {len(results):,} | {vi:.3f} | {flagged:.3f} | {kept:.3f} |")
    others = other_languages(args.foreign_seed)
    results = analyze_batch([text for _, _, text in others])
    wrong = [
        (language, kind, text, result.score)
        for (language, kind, text), result in zip(others, results, strict=True)
        if result.language == "vi"
    ]
    kinds = collections.Counter(kind for _, kind, _ in others)
    languages = len({language for language, _, _ in others})
    print(f"\nother languages ({languages}; {dict(kinds)}): {len(wrong)} taken for vi")
    for language, kind, text, score in wrong[: args.show]:
        print(f"  {language} ({kind}, score {score:.2f}): {text[:80]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
