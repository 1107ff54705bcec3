"""MinHash signature speed: vicorpus's ``minhash_dedup`` against datatrove with FineWeb-2's Vietnamese settings.

Run it with the project's virtualenv::

    .venv/bin/python bench/bench_minhash_vs_datatrove.py                 # 20,000 documents (≈ 12 min)
    .venv/bin/python bench/bench_minhash_vs_datatrove.py --docs 1000     # quick look
    .venv/bin/python bench/bench_minhash_vs_datatrove.py --help

Documents: ``--docs`` real documents drawn with ``--seed`` from ``../shared/data`` (read in place, never
copied into the repository): 75 % Báo Mới news (``baomoi-news-2017/baomoi_news.jsonl.xz``), 25 % Wikipedia
(``viwiki-undertheseanlp/viwiki.jsonl.xz``), field ``text``, empty texts skipped, text byte for byte
(Wikipedia's CR LF kept: both tools treat CR as a space). They are shuffled and written to one JSONL
file in a temporary folder that both tools read.

What is timed (one process per tool, each pinned to the same CPU with ``sched_setaffinity``, reference
first, then vicorpus; the texts are in memory before the clock starts, and a warm-up call that loads
models and tables is timed apart as "setup"):

- **reference** (``bench/datatrove_minhash_reference.py``, run by the Python of ``--fineweb2-venv``;
  datatrove is never a vicorpus dependency): ``MinhashDedupSignature.get_shingles`` +
  ``get_signature`` per document, with FineWeb-2's ``MinhashConfig(n_grams=5, num_buckets=14,
  hashes_per_bucket=8, hash_config=HashConfig(precision=64, hash_fc="xxhash"))`` and
  ``language="vie_Latn"`` (pyvi words). Not timed: writing and sorting the 14 bucket files.
- **vicorpus**: ``MinhashDedup().signatures(batch, 1)`` (default settings: 5-syllable shingles, tones
  folded, 14 × 8 MinHash, band keys and the partition frame), on Polars batches of ``--batch``
  documents holding ``text`` and ``_order`` (1 = the corpus partitions the runner uses below 1 GiB),
  with ``POLARS_MAX_THREADS=1``; ``--repeat`` passes, the median is reported. Not timed: reading,
  building the batches, writing the signature shards.

Both report the steps inside separately (a second pass; the reference on ``--breakdown`` documents).
MB = 10^6 bytes of UTF-8 text; "per core" = per pinned process. "other CPU s" is the CPU the rest of
the machine used during the timed loop (``/proc/stat`` minus the process's own); a figure above 5 % of
the machine's CPU time marks the row ``*`` (as in ``bench_machinery.py``).
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

from bench_machinery import CONTENDED, cpu_busy_s, machine_info, markdown_table, wait_for_idle

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
MB = 1_000_000
REFERENCE_SCRIPT = Path(__file__).resolve().parent / "datatrove_minhash_reference.py"
DEFAULT_VENV = Path.home() / ".cache" / "vicorpus-bench" / "fineweb2-venv"
SOURCES = (  # (corpus, file, share of --docs)
    ("news", "baomoi-news-2017/baomoi_news.jsonl.xz", 0.75),
    ("wiki", "viwiki-undertheseanlp/viwiki.jsonl.xz", 0.25),
)
EXTRA_REQUIREMENTS = ("xxhash<4", "tokenizers")
ONE_THREAD = {"POLARS_MAX_THREADS": "1", "RAYON_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


def read_texts(relative: str) -> list[str]:
    with lzma.open(DATA / relative, "rb") as handle:
        return [orjson.loads(line).get("text") or "" for line in handle if line.strip()]


def draw(docs: int, seed: int, path: Path) -> dict[str, dict[str, int]]:
    """Write ``docs`` documents (shares of SOURCES, drawn with ``seed``, shuffled) to ``path``."""
    records: list[tuple[str, str]] = []
    stats: dict[str, dict[str, int]] = {}
    remaining = docs
    for index, (name, relative, share) in enumerate(SOURCES):
        wanted = remaining if index == len(SOURCES) - 1 else round(docs * share)
        remaining -= wanted
        texts = [t for t in read_texts(relative) if t.strip()]
        if wanted > len(texts):
            raise SystemExit(f"FAIL: --docs {docs} asks {wanted:,} {name} documents; {relative} has {len(texts):,}")
        chosen = random.Random(f"{seed}:{name}").sample(range(len(texts)), wanted)
        picked = [(f"{name}:{i}", texts[i]) for i in sorted(chosen)]
        records.extend(picked)
        stats[name] = {"docs": wanted, "bytes": sum(len(t.encode()) for _, t in picked)}
    random.Random(seed).shuffle(records)
    with path.open("wb") as handle:
        for key, text in records:
            handle.write(orjson.dumps({"doc_key": key, "text": text}) + b"\n")
    return stats


# --- the vicorpus side (a child process of this script) ------------------------------


def vicorpus_child(input_path: Path, timing: Path, batch_size: int, repeat: int, cpu: int | None) -> None:
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
    import numpy as np
    import polars as pl

    from vicorpus.minhash.signatures import band_keys, minhash_signatures
    from vicorpus.stages.base import ORDER
    from vicorpus.stages.dedup.minhash import MinhashDedup

    with input_path.open("rb") as handle:
        texts = [orjson.loads(line)["text"] for line in handle if line.strip()]
    stage = MinhashDedup()
    batches = [
        pl.DataFrame(
            {
                "text": texts[start : start + batch_size],
                ORDER: pl.Series(range(start, min(start + batch_size, len(texts))), dtype=pl.UInt64),
            }
        )
        for start in range(0, len(texts), batch_size)
    ]
    warm = time.perf_counter()
    stage.signatures(batches[0].head(50), 1)  # folding table, cached powers
    setup = time.perf_counter() - warm
    passes: list[dict[str, float]] = []
    rows = 0
    for _ in range(repeat):
        busy, cpu_before, wall_before = cpu_busy_s(), time.process_time(), time.perf_counter()
        rows = sum(stage.signatures(batch, 1).height for batch in batches)
        wall, used = time.perf_counter() - wall_before, time.process_time() - cpu_before
        passes.append({"wall_s": wall, "cpu_s": used, "other_cpu_s": max(0.0, cpu_busy_s() - busy - used)})
    steps = dict.fromkeys(("shingles", "minhash", "band_keys"), 0.0)
    shingle_total = 0
    for batch in batches:
        t0 = time.perf_counter()
        shingles, offsets = stage.shingles(batch["text"].to_list())
        t1 = time.perf_counter()
        signatures = minhash_signatures(shingles, offsets, stage.bands * stage.rows, stage.seed)
        t2 = time.perf_counter()
        band_keys(signatures[np.diff(offsets) > 0], stage.bands, stage.rows)
        t3 = time.perf_counter()
        steps["shingles"] += t1 - t0
        steps["minhash"] += t2 - t1
        steps["band_keys"] += t3 - t2
        shingle_total += int(shingles.size)
    from importlib.metadata import version

    report = {
        "tool": "vicorpus",
        "versions": {name: version(name) for name in ("vicorpus", "polars", "rensa", "numpy")},
        "config": stage.settings(),
        "docs": len(texts),
        "bytes": sum(len(t.encode()) for t in texts),
        "signed_docs": rows // stage.bands,
        "shingles": shingle_total,
        "cpu_pinned": cpu,
        "setup_s": setup,
        "timed": passes,
        "breakdown_docs": len(texts),
        "breakdown_s": steps,
    }
    timing.write_text(json.dumps(report, indent=1))


# --- the driver ----------------------------------------------------------------------


def ensure_reference(venv: Path) -> Path:
    """The reference's Python: the quality benchmark's venv plus xxhash (FineWeb-2's hash_fc) and tokenizers
    (``datatrove.pipeline.dedup`` imports it for its exact-substring blocks)."""
    from fineweb2_venv import ensure_reference_venv

    python, _ = ensure_reference_venv(venv, sys.executable, reinstall=False)
    probe = "import xxhash, pyvi, datatrove.pipeline.dedup.minhash"
    if subprocess.run([str(python), "-c", probe], capture_output=True, check=False).returncode != 0:
        print(f"adding {' '.join(EXTRA_REQUIREMENTS)} to the reference virtualenv …", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *EXTRA_REQUIREMENTS], check=True)
    return python


def run_child(command: list[str], timing: Path, idle_wait: float) -> dict[str, Any]:
    waited = wait_for_idle(idle_wait) if idle_wait > 0 else 0.0
    started = time.perf_counter()
    done = subprocess.run(command, env={**os.environ, **ONE_THREAD}, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"FAIL: {' '.join(command)} exited with {done.returncode}:\n{done.stderr[-3000:]}")
    report: dict[str, Any] = json.loads(timing.read_text())
    report["process_wall_s"] = time.perf_counter() - started
    report["idle_wait_s"] = waited
    return report


def summarize(report: dict[str, Any]) -> dict[str, Any]:
    walls = [p["wall_s"] for p in report["timed"]]
    median = statistics.median(walls)
    middle = min(report["timed"], key=lambda p: abs(p["wall_s"] - median))
    return {
        "tool": report["tool"],
        "docs": report["docs"],
        "mb": report["bytes"] / MB,
        "wall_s": median,
        "wall_range": (min(walls), max(walls)),
        "cpu_s": middle["cpu_s"],
        "other_cpu_s": middle["other_cpu_s"],
        "contended": middle["other_cpu_s"] > CONTENDED * median * (os.cpu_count() or 1),
        "docs_per_s": report["docs"] / median,
        "mb_per_s": report["bytes"] / MB / median,
        "setup_s": report["setup_s"],
        "shingles_per_doc": report["shingles"] / max(report["signed_docs"], 1),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20_000, help="documents (default 20,000)")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--batch", type=int, default=2000, help="vicorpus batch size (default 2,000)")
    parser.add_argument("--repeat", type=int, default=3, help="vicorpus passes, median reported (default 3)")
    parser.add_argument("--breakdown", type=int, default=1000, help="reference documents timed step by step")
    parser.add_argument("--cpu", type=int, default=0, help="CPU both processes are pinned to (-1: no pinning)")
    parser.add_argument("--fineweb2-venv", type=Path, default=DEFAULT_VENV, help="the reference's virtualenv")
    parser.add_argument("--skip-reference", action="store_true", help="vicorpus only (no ratio)")
    parser.add_argument("--idle-wait", type=float, default=20.0, help="seconds to wait for a quiet machine")
    parser.add_argument("--tmpdir", type=Path, default=None, help="where the temporary folder goes")
    parser.add_argument("--keep-temp", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="write everything to this JSON file")
    parser.add_argument("--child-vicorpus", nargs=2, type=Path, metavar=("INPUT", "TIMING"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    cpu = None if args.cpu < 0 else args.cpu
    if args.child_vicorpus:
        vicorpus_child(*args.child_vicorpus, args.batch, args.repeat, cpu)
        return 0
    machine = machine_info()
    print(f"machine: {machine['cpu_count']} cores, {machine['cpu_model']}, Python {machine['python']}")
    python = None if args.skip_reference else ensure_reference(args.fineweb2_venv)
    if args.tmpdir is not None:
        args.tmpdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="minhash-sig-", dir=args.tmpdir))
    reports: list[dict[str, Any]] = []
    try:
        started = time.perf_counter()
        documents = work / "documents.jsonl"
        corpora = draw(args.docs, args.seed, documents)
        described = ", ".join(f"{name} {stats['docs']:,}" for name, stats in corpora.items())
        print(
            f"documents: {args.docs:,} ({described}), "
            f"{sum(v['bytes'] for v in corpora.values()) / MB:.1f} MB, drawn in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        pin = [] if cpu is None else ["--cpu", str(cpu)]
        if python is not None:
            print("reference (datatrove) …", flush=True)
            timing = work / "reference.json"
            command = [str(python), str(REFERENCE_SCRIPT), str(documents), str(timing), *pin]
            reports.append(run_child([*command, "--breakdown", str(args.breakdown)], timing, args.idle_wait))
        print("vicorpus …", flush=True)
        timing = work / "vicorpus.json"
        command = [sys.executable, str(Path(__file__).resolve()), "--child-vicorpus", str(documents), str(timing)]
        command += ["--batch", str(args.batch), "--repeat", str(args.repeat), "--cpu", str(args.cpu)]
        reports.append(run_child(command, timing, args.idle_wait))
    finally:
        if args.keep_temp:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    rows = [summarize(r) for r in reports]
    reference_wall = rows[0]["wall_s"] if python is not None else None
    cells = []
    for row in rows:
        ratio = (
            "-" if reference_wall is None or row["tool"] != "vicorpus" else f"**{reference_wall / row['wall_s']:.0f}x**"
        )
        cells.append(
            [
                row["tool"] + ("*" if row["contended"] else ""),
                f"{row['docs']:,}",
                f"{row['mb']:.1f}",
                f"{row['wall_s']:.2f}",
                f"{row['cpu_s']:.2f}",
                f"{row['docs_per_s']:,.0f}",
                f"{row['mb_per_s']:.3f}" if row["mb_per_s"] < 1 else f"{row['mb_per_s']:.1f}",
                f"{row['setup_s']:.2f}",
                f"{row['shingles_per_doc']:.0f}",
                f"{row['other_cpu_s']:.1f}",
                ratio,
            ]
        )
    headers = ["tool", "docs", "MB", "timed s", "CPU s", "docs/s/core", "MB/s/core", "setup s"]
    print()
    print(markdown_table([*headers, "shingles/doc", "other CPU s", "vs reference"], cells))
    if reference_wall is not None and len(rows) == 2:
        print(f"CPU-seconds ratio (reference CPU s / vicorpus CPU s): {rows[0]['cpu_s'] / rows[1]['cpu_s']:.0f}x")
    for report in reports:
        steps = ", ".join(f"{k} {v:.2f}" for k, v in report["breakdown_s"].items())
        walls = ", ".join(f"{p['wall_s']:.2f}" for p in report["timed"])
        print(f"{report['tool']}: passes {walls} s; steps on {report['breakdown_docs']:,} docs (s): {steps}")
        print(f"  versions: {report['versions']}")
    if args.json is not None:
        args.json.write_text(json.dumps({"machine": machine, "args": vars(args), "reports": reports}, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
