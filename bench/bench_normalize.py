"""Throughput of the Vietnamese standardization library (``vicorpus.vietnamese``).

Measures, on one core, in MB/s of UTF-8 text:

- ``fix_text`` on clean news (``baomoi_news.jsonl.xz``): the fast path for text that
  needs nothing but the tone style;
- ``fix_text`` on damaged text made from the same news: every third paragraph encoded as
  TCVN3 or VNI and read as Windows-1252, every fifth turned into UTF-8 mojibake, and
  new-style tones (hoà) throughout;
- ``decode(data, "auto")`` on the same news encoded as whole TCVN3, VNI, VISCII and
  CP1258 files;
- side by side in the same run, when the package is installed in this environment,
  ``ftfy.fix_text`` (the reference mojibake fixer) on the clean and the damaged text.

Reads ``../shared/data`` in place; writes nothing.

    .venv/bin/python bench/bench_normalize.py [--docs 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import lzma
import statistics
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

from vicorpus.vietnamese import decode, fix_text
from vicorpus.vietnamese.charsets import encode_legacy

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _news(limit: int) -> list[str]:
    with lzma.open(SHARED / "baomoi-news-2017" / "baomoi_news.jsonl.xz", "rt", encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in islice(handle, limit)]


def _as_cp1252(data: bytes) -> str:
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in data)


def _damage(text: str, index: int) -> str:
    paragraphs = text.replace("hòa", "hoà").replace("thủy", "thuỷ").split("\n")
    for number, paragraph in enumerate(paragraphs):
        if (number + index) % 3 == 0:
            charset = "tcvn3" if index % 2 else "vni"
            paragraphs[number] = _as_cp1252(encode_legacy(paragraph, charset, errors="replace"))
        elif (number + index) % 5 == 0:
            paragraphs[number] = _as_cp1252(paragraph.encode("utf-8"))
    return "\n".join(paragraphs)


def _rate(function: Callable[[str], object], texts: list[str], repeat: int) -> float:
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            function(text)
        times.append(time.perf_counter() - started)
    return megabytes / statistics.median(times)


def _decode_rate(blobs: list[bytes], repeat: int) -> float:
    megabytes = sum(len(b) for b in blobs) / 1e6
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        for blob in blobs:
            decode(blob, "auto")
        times.append(time.perf_counter() - started)
    return megabytes / statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=5000, help="news articles to use")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    args = parser.parse_args()
    clean = _news(args.docs)
    damaged = [_damage(text, index) for index, text in enumerate(clean)]
    rows = [
        ("fix_text, clean news", _rate(fix_text, clean, args.repeat)),
        ("fix_text, damaged news", _rate(fix_text, damaged, args.repeat)),
    ]
    for charset in ("tcvn3", "vni", "viscii", "cp1258"):
        blobs = [encode_legacy(text, charset, errors="replace") for text in clean[:1000]]
        rows.append((f"decode auto, {charset} files", _decode_rate(blobs, args.repeat)))
    try:
        import ftfy  # type: ignore[import-not-found]
    except ImportError:
        print("ftfy is not installed here: no reference figures (pip install ftfy to add them)")
    else:
        rows.append(("ftfy.fix_text, clean news", _rate(ftfy.fix_text, clean, args.repeat)))
        rows.append(("ftfy.fix_text, damaged news", _rate(ftfy.fix_text, damaged, args.repeat)))
    megabytes = sum(len(t.encode()) for t in clean) / 1e6
    print(f"{len(clean)} news articles, {megabytes:.1f} MB; one core; median of {args.repeat}")
    print("| measurement | MB/s |\n| --- | ---: |")
    for name, rate in rows:
        print(f"| {name} | {rate:.1f} |")


if __name__ == "__main__":
    main()
