"""The real documents of ``bench_quality_vs_fineweb2.py``: which corpora, in which proportions, and the one
JSONL file both tools read.

The corpora are read in place from ``../shared/data`` (never copied into the repository); their files and
licences are listed in ``bench_quality_vs_fineweb2.py``'s docstring ("Documents, licences").
"""

from __future__ import annotations

import csv
import io
import lzma
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"


def _jsonl_texts(relative: str) -> Callable[[], Iterator[str]]:
    def read() -> Iterator[str]:
        with lzma.open(DATA / relative, "rb") as handle:
            for line in handle:
                if line.strip():
                    yield orjson.loads(line).get("text") or ""

    return read


def _vihsd_texts() -> Iterator[str]:
    folder = DATA / "social-comments-uit"
    for name in ("vihsd_train.csv.xz", "vihsd_dev.csv", "vihsd_test.csv"):
        path = folder / name
        raw = lzma.decompress(path.read_bytes()) if name.endswith(".xz") else path.read_bytes()
        for row in csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")):
            yield row.get("free_text") or ""


@dataclass(frozen=True)
class CorpusSpec:
    name: str  # doc_key prefix
    share: float  # of --docs
    files: str
    what: str
    read: Callable[[], Iterator[str]] = field(repr=False, compare=False)


MIX: tuple[CorpusSpec, ...] = (
    CorpusSpec(
        "news",
        0.60,
        "baomoi-news-2017/baomoi_news.jsonl.xz",
        "Báo Mới news articles, 2017",
        _jsonl_texts("baomoi-news-2017/baomoi_news.jsonl.xz"),
    ),
    CorpusSpec(
        "wiki",
        0.20,
        "viwiki-undertheseanlp/viwiki.jsonl.xz",
        "Vietnamese Wikipedia articles, 2017",
        _jsonl_texts("viwiki-undertheseanlp/viwiki.jsonl.xz"),
    ),
    CorpusSpec(
        "social",
        0.10,
        "social-comments-uit/vihsd_*.csv*",
        "ViHSD Facebook/YouTube comments",
        _vihsd_texts,
    ),
    CorpusSpec(
        "feedback",
        0.09,
        "social-comments-uit/uit_vsfc.jsonl.xz",
        "UIT-VSFC student feedback sentences",
        _jsonl_texts("social-comments-uit/uit_vsfc.jsonl.xz"),
    ),
    CorpusSpec(
        "law",
        0.01,
        "vlc-legal-corpus/vlc_laws_raw.jsonl.xz",
        "laws and codes (very long)",
        _jsonl_texts("vlc-legal-corpus/vlc_laws_raw.jsonl.xz"),
    ),
)


def mix_counts(docs: int) -> dict[str, int]:
    """Documents per corpus: ``share`` of ``docs``, rounded, the rounding error given to the largest."""
    counts = {spec.name: round(docs * spec.share) for spec in MIX}
    largest = max(MIX, key=lambda spec: spec.share).name
    counts[largest] += docs - sum(counts.values())
    return counts


@dataclass
class CorpusStats:
    name: str
    files: str
    what: str
    available: int
    docs: int
    chars: int
    empty: int
    with_cr: int  # documents whose source text holds a CR (converted to LF unless --raw-line-endings)


@dataclass
class Assembled:
    path: Path
    bytes: int
    docs: int
    chars: int
    corpora: list[CorpusStats]
    corpus_of: dict[str, str]  # doc_key -> corpus
    head_of: dict[str, str]  # doc_key -> first 200 characters
    seconds: float


def to_lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def assemble(docs: int, seed: int, folder: Path, raw_line_endings: bool) -> Assembled:
    """Draw the documents, shuffle them together, write them as one JSONL file.

    Unless ``raw_line_endings``, CR LF and lone CR become LF (see "Line endings" in the docstring of
    ``bench_quality_vs_fineweb2.py``).
    """
    started = time.perf_counter()
    counts = mix_counts(docs)
    records: list[tuple[str, str, str]] = []
    corpora: list[CorpusStats] = []
    for spec in MIX:
        texts = list(spec.read())
        wanted = counts[spec.name]
        if wanted > len(texts):
            raise SystemExit(
                f"FAIL: --docs {docs} asks {wanted:,} {spec.name} documents; {spec.files} has {len(texts):,}"
            )
        chosen = sorted(random.Random(f"{seed}:{spec.name}").sample(range(len(texts)), wanted))
        picked = [(f"{spec.name}:{index}", spec.name, texts[index]) for index in chosen]
        crlf = sum("\r" in text for _, _, text in picked)
        if not raw_line_endings:
            picked = [(key, corpus, to_lf(text)) for key, corpus, text in picked]
        records.extend(picked)
        corpora.append(
            CorpusStats(
                name=spec.name,
                files=spec.files,
                what=spec.what,
                available=len(texts),
                docs=wanted,
                chars=sum(len(text) for _, _, text in picked),
                empty=sum(not text for _, _, text in picked),
                with_cr=crlf,
            )
        )
    random.Random(seed).shuffle(records)
    path = folder / "documents.jsonl"
    with path.open("wb") as handle:
        for key, corpus, text in records:
            handle.write(orjson.dumps({"doc_key": key, "corpus": corpus, "text": text}) + b"\n")
    return Assembled(
        path=path,
        bytes=path.stat().st_size,
        docs=len(records),
        chars=sum(c.chars for c in corpora),
        corpora=corpora,
        corpus_of={key: corpus for key, corpus, _ in records},
        head_of={key: text[:200] for key, _, text in records},
        seconds=time.perf_counter() - started,
    )


def write_prefix(documents: Path, target: Path, docs: int) -> int:
    """Copy the first ``docs`` lines (documents) of ``documents`` to ``target``; return its size in bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with documents.open("rb") as source, target.open("wb") as out:
        for _, line in zip(range(docs), source, strict=False):
            out.write(line)
    return target.stat().st_size
