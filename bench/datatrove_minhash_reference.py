"""FineWeb-2's MinHash signatures (datatrove ``MinhashDedupSignature``), timed per document: the reference side.

Runs INSIDE the datatrove virtualenv (``~/.cache/vicorpus-bench/fineweb2-venv``, made by ``fineweb2_venv.py``
for ``bench_quality_vs_fineweb2.py``; ``bench_minhash_vs_datatrove.py`` adds ``xxhash`` to it); it never
imports vicorpus. Usage (with that virtualenv's Python)::

    python datatrove_minhash_reference.py INPUT.jsonl TIMING.json [--cpu 0] [--breakdown 1000]

The block is built as FineWeb-2 builds it (``fineweb-2-pipeline.py``, step 4)::

    MinhashDedupSignature(output_folder=..., language="vie_Latn",
        config=MinhashConfig(n_grams=5, num_buckets=14, hashes_per_bucket=8,
                             hash_config=HashConfig(precision=64, hash_fc="xxhash")))

with datatrove's default ``TextNormConfig`` (lower case, numbers → 0, punctuation removed, every
diacritic removed, whitespace collapsed). ``vie_Latn`` and ``vi`` both load ``SpaCyTokenizer("vi")``:
spaCy's blank Vietnamese pipeline, whose tokenizer is pyvi's CRF word segmenter.

What is timed: for every document, ``get_shingles(text)`` (simplify_text → pyvi words → 5-grams →
xxh64 of each n-gram) and, when it has shingles, ``get_signature(shingles)`` (14 × 8 values of
``(a·h + b) mod (2^61 − 1)``, as lists): exactly the per-document work of ``MinhashDedupSignature.run``,
without writing the 14 bucket files and sorting them afterwards. Texts are read into memory first;
the tokenizer is loaded by one warm-up call before the clock starts (its seconds are reported apart).
``--breakdown N`` then times the four steps separately on the first N documents (a second pass).
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402 — the wall clock starts before the imports
import importlib.metadata  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupSignature  # noqa: E402
from datatrove.utils.hashing import HashConfig  # noqa: E402
from datatrove.utils.text import ngrams, simplify_text  # noqa: E402

IMPORTED = time.perf_counter()

LANGUAGE = "vie_Latn"  # what FineWeb-2 passes; datatrove maps it to SpaCyTokenizer("vi") = pyvi
CONFIG = MinhashConfig(
    n_grams=5, num_buckets=14, hashes_per_bucket=8, hash_config=HashConfig(precision=64, hash_fc="xxhash")
)


def machine_busy_s() -> float:
    """CPU seconds the whole machine has been busy since boot (/proc/stat)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def breakdown(block: MinhashDedupSignature, texts: list[str]) -> dict[str, float]:
    """Seconds of each step of get_shingles + get_signature, summed over ``texts``."""
    seconds = dict.fromkeys(("simplify_text", "word_tokenize", "ngram_hashes", "get_signature"), 0.0)
    clock = time.perf_counter
    for text in texts:
        t0 = clock()
        simple = simplify_text(text, block.config.norm_config)
        t1 = clock()
        words = block.word_tokenizer.word_tokenize(simple)
        t2 = clock()
        grams = [block._hash_func(" ".join(x)) for x in ngrams(words, block.config.n_grams)]
        shingles = np.fromiter(grams, dtype=np.uint64).reshape((-1, 1))
        t3 = clock()
        if shingles.size:
            block.get_signature(shingles)
        t4 = clock()
        seconds["simplify_text"] += t1 - t0
        seconds["word_tokenize"] += t2 - t1
        seconds["ngram_hashes"] += t3 - t2
        seconds["get_signature"] += t4 - t3
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", type=Path, help="JSONL, one object per document with a 'text' field")
    parser.add_argument("timing", type=Path, help="where to write the timing JSON")
    parser.add_argument("--cpu", type=int, default=None, help="pin this process to one CPU (default: no pinning)")
    parser.add_argument("--breakdown", type=int, default=1000, help="documents for the per-step timing (0: none)")
    args = parser.parse_args()
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})

    with args.input.open("rb") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    loaded = time.perf_counter()

    with tempfile.TemporaryDirectory() as unused_folder:  # the block wants one; nothing is written
        block = MinhashDedupSignature(output_folder=unused_folder, config=CONFIG, language=LANGUAGE)
        warm = time.perf_counter()
        block.get_signature(block.get_shingles("Hôm nay trời đẹp quá, chúng tôi đi học ở Hà Nội."))
        warmed = time.perf_counter()

        shingles_total = signed = 0
        busy_before, cpu_before, wall_before = machine_busy_s(), time.process_time(), time.perf_counter()
        for text in texts:
            shingles = block.get_shingles(text)
            if shingles.size != 0:
                block.get_signature(shingles)
                signed += 1
                shingles_total += shingles.size
        wall = time.perf_counter() - wall_before
        cpu = time.process_time() - cpu_before
        other = max(0.0, machine_busy_s() - busy_before - cpu)
        steps = breakdown(block, texts[: args.breakdown]) if args.breakdown > 0 else {}

    report: dict[str, Any] = {
        "tool": "datatrove",
        "versions": {name: importlib.metadata.version(name) for name in ("datatrove", "spacy", "pyvi", "xxhash")},
        "config": {"language": LANGUAGE, "minhash": str(CONFIG), "norm": repr(CONFIG.norm_config)},
        "docs": len(texts),
        "bytes": sum(len(t.encode("utf-8")) for t in texts),
        "signed_docs": signed,
        "shingles": shingles_total,
        "cpu_pinned": args.cpu,
        "import_s": IMPORTED - STARTED,
        "read_s": loaded - IMPORTED,
        "setup_s": warmed - warm,  # first call: spaCy + pyvi model loading
        "timed": [{"wall_s": wall, "cpu_s": cpu, "other_cpu_s": other}],
        "breakdown_docs": min(args.breakdown, len(texts)),
        "breakdown_s": steps,
        "peak_rss_kib": int(
            next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith("VmHWM:")).split()[1]
        ),
    }
    args.timing.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
