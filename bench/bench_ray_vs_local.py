"""The same pipeline on the local executor and on Ray (a local Ray instance with the same
CPUs), side by side: wall time, Ray's overhead, and whether the bytes are the same.

The corpus is built from real text in ``../shared/data`` (news and Wikipedia cut into
~1,500-character pieces, plus 20 % edited copies) by ``bench_minhash_scale.make_corpus``.

    .venv/bin/python bench/bench_ray_vs_local.py [--docs 100000] [--workers 2]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Literal

from bench_minhash_scale import make_corpus, real_chunks
from vicorpus.pipeline import Pipeline

EXECUTORS: tuple[Literal["local", "ray"], ...] = ("local", "ray")
STAGES = [
    {"normalize": {}},
    {"language": {}},
    {"quality_signals": {}},
    {"language_filter": {}},
    {"gopher_repetition": {}},
    {"gopher_quality": {}},
    {"redact_pii": {}},
    {"exact_dedup": {}},
    {"minhash_dedup": {}},
]


def shards(out: Path) -> dict[str, bytes]:
    files = {}
    for bucket in ("kept", "rejected", "duplicates", "quarantine"):
        for path in sorted((out / bucket).glob("*.parquet")):
            files[path.relative_to(out).as_posix()] = path.read_bytes()
    files["ledger.json"] = (out / "ledger.json").read_bytes()
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vicorpus-bench-ray-") as tmp:
        corpus_path = Path(tmp) / "corpus.jsonl"
        corpus = make_corpus(corpus_path, args.docs, 0.2, 1, real_chunks(1500, 1), 1500)
        config = {
            "sources": [{"name": "corpus", "format": "jsonl", "path": str(corpus_path), "license": "NOASSERTION"}],
            "stages": STAGES,
            "max_bad_fraction": 0.01,
        }
        pipeline = Pipeline.from_dict(config)
        timings = {}
        for executor in EXECUTORS:
            out = Path(tmp) / executor
            started = time.perf_counter()
            pipeline.run(out, workers=args.workers, executor=executor)
            timings[executor] = time.perf_counter() - started
        same = shards(Path(tmp) / "local") == shards(Path(tmp) / "ray")
        print(f"corpus: {corpus.docs:,} documents, {corpus.bytes / 1e6:.1f} MB JSONL; {len(STAGES)} stages")
        print(f"local executor, {args.workers} workers:       {timings['local']:7.1f} s")
        print(f"ray executor, local Ray with {args.workers} CPUs: {timings['ray']:7.1f} s (Ray start included)")
        overhead = timings["ray"] - timings["local"]
        print(f"overhead of Ray: {overhead:+.1f} s ({timings['ray'] / timings['local']:.2f}× the local wall time)")
        print(f"byte-identical shards and ledger: {same}")


if __name__ == "__main__":
    main()
