"""``minhash_dedup`` at scale: end-to-end time of ``vicorpus run`` and memory of the clustering phases.

    .venv/bin/python bench/bench_minhash_scale.py          # 100k end to end, memory at 100k and 1M (≈ 10 min)
    .venv/bin/python bench/bench_minhash_scale.py --e2e-docs 20000 --memory-docs 20000,100000 --cli-docs ""

Corpus (in ``--tmpdir``, deleted at the end): Báo Mới news and Wikipedia articles from ``../shared/data``
(read in place) cut at sentence ends into 131,780 chunks of ≈ ``--doc-chars`` characters (≈ 1.6 KB),
shuffled with ``--seed``. N documents = (1 − ``--copy-share``) · N distinct ones (the chunks; past them,
"mosaics" of random sentences of all chunks) + ``--copy-share`` · N (20 %) copies of random distinct ones
with 1–5 syllables deleted, inserted or replaced: near-duplicate clusters of 2, 3, … documents.

1. **End to end** (``--e2e-docs`` × ``--workers``; ``--cli-docs``: 2 workers only): ``vicorpus run`` with
   ``minhash_dedup: {}`` as the only stage (``task_bytes`` = ``--task-mib``): wall, CPU, the phase
   seconds of ``manifest.json`` (summed over tasks), ``ru_maxrss`` of the largest process (through a
   small wrapper process), sampled peak RSS of the CLI parent / largest worker and peak tree PSS
   (``bench_machinery.TreeSampler``). With 2 workers the parent runs only planning and resolve-0.
2. **Memory of the clustering phases** (``--memory-docs``): this script makes the artefacts of a run
   (``MinhashDedup().signatures`` per batch of 2,000, read tasks of ``--task-docs`` documents, one
   Parquet file per partition, the runner's partition count, id files per task), then one fresh
   process runs ``cluster()`` on every partition in turn as a worker does (``POLARS_MAX_THREADS=1``)
   and another ``resolve()`` over all edge files as ``execute_resolve`` does. Each reports its peak
   RSS (``VmHWM``) after imports and a warm-up call (base) and at the end (peak). Growth per document =
   (Δ at the largest size − Δ at the smallest) / (difference in documents).
"""

from __future__ import annotations

import argparse
import json
import lzma
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import orjson

from bench_machinery import CONTENDED, TreeSampler, cpu_busy_s, machine_info, markdown_table, wait_for_idle
from bench_vs_datatrove import _WRAPPER as HELPER

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
VICORPUS = REPO / ".venv" / "bin" / "vicorpus"
MB, MiB, GiB = 1_000_000, 1024 * 1024, 1024**3
SOURCES = ("baomoi-news-2017/baomoi_news.jsonl.xz", "viwiki-undertheseanlp/viwiki.jsonl.xz")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
PHASES = ("round-0", "global-0", "resolve-0", "round-1")
PIPELINE = """\
sources:
  - name: bench
    format: jsonl
    path: {path}
    text_field: text
    license: NOASSERTION
task_bytes: {task_bytes}
stages:
  - minhash_dedup: {{}}
"""


# --- the corpus ----------------------------------------------------------------------


def real_chunks(target_chars: int, seed: int) -> list[str]:
    """Every real article cut at sentence ends into pieces of about ``target_chars``, shuffled."""
    chunks: list[str] = []
    for relative in SOURCES:
        with lzma.open(DATA / relative, "rb") as handle:
            for line in handle:
                text = (orjson.loads(line).get("text") or "") if line.strip() else ""
                parts: list[str] = []
                size = 0
                for paragraph in text.replace("\r\n", "\n").split("\n"):
                    for index, sentence in enumerate(SENTENCE_END.split(paragraph.strip())):
                        if not sentence:
                            continue
                        parts.append((" " if index and parts else "\n" if parts else "") + sentence)
                        size += len(sentence) + 1
                        if size >= target_chars:
                            chunks.append("".join(parts))
                            parts, size = [], 0
                if size >= target_chars // 3:
                    chunks.append("".join(parts))
    random.Random(seed).shuffle(chunks)
    return chunks


def edit(text: str, rng: random.Random) -> str:
    """1–5 random syllable edits: delete, insert or replace (with a syllable of the same text)."""
    words = text.split(" ")
    for _ in range(rng.randint(1, 5)):
        operation, position = rng.randrange(3), rng.randrange(len(words))
        if operation == 0 and len(words) > 1:
            del words[position]
        elif operation == 1:
            words.insert(position, rng.choice(words))
        else:
            words[position] = rng.choice(words)
    return " ".join(words)


@dataclass
class Corpus:
    docs: int
    bytes: int
    real: int  # distinct documents that are real chunks
    mosaics: int  # distinct documents made of random sentences
    copies: int  # edited copies of distinct documents
    seconds: float


def make_corpus(path: Path, docs: int, copy_share: float, seed: int, chunks: list[str], target: int) -> Corpus:
    started = time.perf_counter()
    rng = random.Random(seed)
    copies = round(docs * copy_share)
    distinct = docs - copies
    sentences = [s for c in chunks for s in SENTENCE_END.split(c.replace("\n", " "))] if distinct > len(chunks) else []
    entries = list(range(distinct)) + [-1 - rng.randrange(distinct) for _ in range(copies)]
    rng.shuffle(entries)

    def distinct_text(index: int) -> str:
        if index < len(chunks):
            return chunks[index]
        draw = random.Random(seed * 1_000_003 + index)
        parts, size = [], 0
        while size < target:
            parts.append(sentences[draw.randrange(len(sentences))])
            size += len(parts[-1]) + 1
        return " ".join(parts)

    with path.open("wb") as handle:
        for entry in entries:
            text = distinct_text(entry) if entry >= 0 else edit(distinct_text(-1 - entry), rng)
            handle.write(orjson.dumps({"text": text}) + b"\n")
    real = min(distinct, len(chunks))
    return Corpus(docs, path.stat().st_size, real, distinct - real, copies, time.perf_counter() - started)


# --- end to end: the CLI ---------------------------------------------------------------


@dataclass
class CliRun:
    docs: int
    mb: float
    workers: int
    wall_s: float
    cpu_s: float
    phases: dict[str, float]
    maxrss_mb: float
    parent_mb: float
    worker_mb: float
    tree_pss_mb: float
    other_cpu_s: float
    duplicates: int

    @property
    def contended(self) -> bool:
        return self.other_cpu_s > CONTENDED * self.wall_s * (os.cpu_count() or 1)


def run_cli(corpus_path: Path, corpus: Corpus, workers: int, args: argparse.Namespace) -> CliRun:
    work = corpus_path.parent
    pipeline = work / "pipeline.yaml"
    pipeline.write_text(PIPELINE.format(path=corpus_path, task_bytes=int(args.task_mib * MiB)))
    out = work / f"out-w{workers}"
    command = [str(VICORPUS), "run", str(pipeline), "--output", str(out), "--workers", str(workers), "--quiet"]
    wait_for_idle(args.idle_wait)
    busy = cpu_busy_s()
    # A small, fresh helper runs the CLI and reports its ru_maxrss (this script's own peak, carried over exec,
    # would mask it) and CPU; it also reaps what the CLI leaves behind.
    wrapped = [sys.executable, "-c", HELPER, str(work / "stderr.txt"), *command, "--overwrite"]
    helper = subprocess.Popen(wrapped, stdout=subprocess.PIPE)
    with TreeSampler(helper.pid, 0.1) as sampler:
        stdout, _ = helper.communicate()
    report = json.loads(stdout)
    if report["returncode"] != 0:
        raise SystemExit(f"FAIL: {' '.join(command)} exited with {report['returncode']}:\n{report['stderr']}")
    wall, cpu = report["wall"], report["cpu"]
    manifest, ledger = (json.loads((out / name).read_text()) for name in ("manifest.json", "ledger.json"))
    phases = {p: float(manifest["phases"].get(p, {}).get("seconds", 0.0)) for p in PHASES}
    kib = (report["maxrss_kib"], sampler.parent_kib, sampler.max_worker_kib, sampler.peak_tree_pss)
    mbs = [k * 1024 / MB for k in kib]
    other = max(0.0, cpu_busy_s() - busy - cpu)
    run = CliRun(corpus.docs, corpus.bytes / MB, workers, wall, cpu, phases, *mbs, other, ledger["total"]["duplicates"])
    shutil.rmtree(out, ignore_errors=True)
    return run


# --- memory of the clustering phases: child processes ---------------------------------


def maxrss_kib() -> int:
    """Peak RSS of this process image (VmHWM; ``ru_maxrss`` would include the driver's, carried over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def child_prepare(corpus_path: Path, folder: Path, task_docs: int) -> None:
    """Signature files per partition and id files per task, as a run's round 0 leaves them."""
    import polars as pl
    import pyarrow.parquet as pq

    from vicorpus.schema import ORDINAL, record_id
    from vicorpus.stages.base import ORDER, PARTITION
    from vicorpus.stages.dedup.minhash import MinhashDedup

    stage = MinhashDedup()
    corpus_partitions = max(1, min(1024, math.ceil(corpus_path.stat().st_size / GiB)))  # as the runner
    (folder / "signatures").mkdir(parents=True)
    (folder / "ids").mkdir()
    writers: dict[int, pq.ParquetWriter] = {}
    sizes: list[int] = []
    batch = min(2000, task_docs)

    with corpus_path.open("rb") as handle:
        total = sum(1 for _ in handle)

    def flush(texts: list[str], first: int) -> None:
        task, ordinal = divmod(first, task_docs)
        orders = [(task << 32) + ordinal + i for i in range(len(texts))]
        frame = pl.DataFrame({"text": texts, ORDER: pl.Series(orders, dtype=pl.UInt64)})
        signatures = stage.signatures(frame, corpus_partitions)
        for (partition,), part in signatures.partition_by(PARTITION, as_dict=True, maintain_order=True).items():
            table, key = part.to_arrow(), int(partition)  # type: ignore[call-overload]
            if key not in writers:
                path = folder / "signatures" / f"p{key:05d}.parquet"
                writers[key] = pq.ParquetWriter(path, table.schema, compression="lz4")
            writers[key].write_table(table)
        count = ordinal + len(texts)
        if count == task_docs or first + len(texts) == total:  # the task is complete: its ids
            ids = [record_id("bench", f"corpus.jsonl:{task * task_docs + i}") for i in range(count)]
            ids_frame = pl.DataFrame({"id": ids, ORDINAL: pl.Series(range(count), dtype=pl.UInt32)})
            ids_frame.write_parquet(folder / "ids" / f"task-{task:05d}.parquet")
            sizes.append(count)

    texts: list[str] = []
    done = 0
    with corpus_path.open("rb") as handle:
        for line in handle:
            texts.append(orjson.loads(line)["text"])
            if len(texts) == batch or (done + len(texts)) % task_docs == 0 or done + len(texts) == total:
                flush(texts, done)
                done += len(texts)
                texts = []
    for writer in writers.values():
        writer.close()
    partitions = stage.partition_count(corpus_partitions)
    meta = {"task_sizes": sizes, "corpus_partitions": corpus_partitions, "partitions": partitions}
    (folder / "meta.json").write_text(json.dumps(meta))


def child_cluster(folder: Path) -> dict[str, Any]:
    import polars as pl

    from vicorpus.stages.base import ORDER
    from vicorpus.stages.dedup.minhash import MinhashDedup

    stage = MinhashDedup()
    stage.cluster(pl.DataFrame({ORDER: pl.Series([1, 2], dtype=pl.UInt64), "key": pl.Series([7, 7], dtype=pl.UInt64)}))
    base, started = maxrss_kib(), time.perf_counter()
    (folder / "edges").mkdir()
    rows = edges = largest = 0
    for path in sorted((folder / "signatures").glob("p*.parquet")):
        signatures = pl.read_parquet(path)
        found = stage.cluster(signatures)
        found.write_parquet(folder / "edges" / path.name)
        rows, edges, largest = rows + signatures.height, edges + found.height, max(largest, signatures.height)
    seconds = time.perf_counter() - started
    return {"base_kib": base, "peak_kib": maxrss_kib(), "seconds": seconds, "largest_partition_rows": largest} | {
        "rows": rows,
        "edges": edges,
    }


class FileIndex:
    """``DocumentIndex`` over the id files of ``child_prepare`` (``RunDocuments`` reads the round's shards)."""

    def __init__(self, folder: Path, sizes: list[int]) -> None:
        self.folder, self.sizes = folder, sizes

    def task_sizes(self) -> list[int]:
        return self.sizes

    def ids(self, task: int) -> Any:
        import polars as pl
        import pyarrow.parquet as pq

        return pl.from_arrow(pq.read_table(self.folder / "ids" / f"task-{task:05d}.parquet")).sort("_ordinal")  # type: ignore[union-attr]

    def texts(self, task: int, ordinals: list[int]) -> list[str]:
        raise NotImplementedError("verify_threshold is not used here")


def child_resolve(folder: Path) -> dict[str, Any]:
    import polars as pl
    import pyarrow.parquet as pq

    from vicorpus.run.shards import ShardWriter
    from vicorpus.schema import arrow_schema
    from vicorpus.stages.dedup.minhash import MinhashDedup

    def edge_frames(paths: list[Path]) -> Iterator[pl.DataFrame]:
        for path in paths:  # as resolving._edges
            yield pl.from_arrow(pq.read_table(path))  # type: ignore[misc]

    stage = MinhashDedup()
    meta = json.loads((folder / "meta.json").read_text())
    warm = pl.DataFrame({"a": pl.Series([0], dtype=pl.UInt64), "b": pl.Series([1], dtype=pl.UInt64)})
    list(stage.resolve(iter([warm]), FileIndex(folder, [2])))  # one edge in task 0
    base, started = maxrss_kib(), time.perf_counter()
    writer: ShardWriter | None = None
    assigned = 0
    for frame in stage.resolve(
        edge_frames(sorted((folder / "edges").glob("p*.parquet"))), FileIndex(folder, meta["task_sizes"])
    ):
        writer = writer or ShardWriter(folder / "assignments.parquet", arrow_schema(dict(frame.schema)))
        writer.write(frame)
        assigned += frame.height
    if writer is not None:
        writer.close()
    return {"base_kib": base, "peak_kib": maxrss_kib(), "seconds": time.perf_counter() - started, "assigned": assigned}


def run_child(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False, env={**os.environ, **(env or {})})
    if done.returncode != 0:
        raise SystemExit(f"FAIL: {' '.join(command)}:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else {}
    return result


def measure_memory(corpus_path: Path, corpus: Corpus, args: argparse.Namespace) -> dict[str, Any]:
    folder = corpus_path.parent / "artefacts"
    started = time.perf_counter()
    run_child(["prepare", str(corpus_path), str(folder), str(args.task_docs)], {"POLARS_MAX_THREADS": "1"})
    prepared = time.perf_counter() - started
    meta = json.loads((folder / "meta.json").read_text())
    cluster = run_child(["cluster", str(folder)], {"POLARS_MAX_THREADS": "1"})
    resolve = run_child(["resolve", str(folder)])
    shutil.rmtree(folder, ignore_errors=True)
    return {"docs": corpus.docs, "prepare_s": prepared, **meta, "cluster": cluster, "resolve": resolve}


# --- driver --------------------------------------------------------------------------


def sizes(text: str) -> list[int]:
    return [int(v.replace("_", "")) for v in text.split(",") if v.strip()]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--e2e-docs", type=sizes, default=[100_000], help="corpus sizes run end to end")
    parser.add_argument("--workers", type=sizes, default=[1, 2], help="worker counts end to end (default 1,2)")
    parser.add_argument("--cli-docs", type=sizes, default=[1_000_000], help="extra 2-worker CLI runs (memory)")
    parser.add_argument("--memory-docs", type=sizes, default=[100_000, 1_000_000], help="sizes for the memory runs")
    parser.add_argument("--copy-share", type=float, default=0.2, help="share of edited copies (default 0.2)")
    parser.add_argument("--doc-chars", type=int, default=1200, help="characters per document (default 1,200)")
    parser.add_argument("--task-mib", type=float, default=16.0, help="task_bytes of the CLI runs, MiB")
    parser.add_argument("--task-docs", type=int, default=10_000, help="documents per read task in the memory runs")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--idle-wait", type=float, default=20.0, help="seconds to wait for a quiet machine")
    parser.add_argument("--tmpdir", type=Path, default=None, help="where the temporary folder goes")
    parser.add_argument("--json", type=Path, default=None, help="write everything to this JSON file")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _mb(kib: int) -> str:
    return f"{kib * 1024 / MB:.0f}"


def _delta(phase: dict[str, Any]) -> int:
    return int(phase["peak_kib"] - phase["base_kib"]) * 1024


E2E_COLUMNS: list[tuple[str, Callable[[CliRun], str]]] = [
    ("docs", lambda r: f"{r.docs:,}" + ("*" if r.contended else "")),
    ("MB", lambda r: f"{r.mb:.0f}"),
    ("workers", lambda r: str(r.workers)),
    ("wall s", lambda r: f"{r.wall_s:.1f}"),
    ("docs/s", lambda r: f"{r.docs / r.wall_s:,.0f}"),
    ("docs/s/core", lambda r: f"{r.docs / r.wall_s / r.workers:,.0f}"),
    ("CPU s", lambda r: f"{r.cpu_s:.1f}"),
    *((f"{p} s", lambda r, p=p: f"{r.phases[p]:.2f}") for p in PHASES),
    ("peak RSS MB", lambda r: f"{r.maxrss_mb:.0f}"),
    ("parent/worker MB", lambda r: f"{r.parent_mb:.0f}/{r.worker_mb:.0f}"),
    ("tree PSS MB", lambda r: f"{r.tree_pss_mb:.0f}"),
    ("duplicates", lambda r: f"{r.duplicates:,}"),
    ("other CPU s", lambda r: f"{r.other_cpu_s:.1f}"),
]
MEMORY_COLUMNS: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("docs", lambda m: f"{m['docs']:,}"),
    ("partitions", lambda m: str(m["partitions"])),
    ("largest partition rows", lambda m: f"{m['cluster']['largest_partition_rows']:,}"),
    ("cluster base/peak MB", lambda m: f"{_mb(m['cluster']['base_kib'])}/{_mb(m['cluster']['peak_kib'])}"),
    ("cluster Δ MB", lambda m: f"{_delta(m['cluster']) / MB:.1f}"),
    ("cluster Δ B/row", lambda m: f"{_delta(m['cluster']) / max(m['cluster']['largest_partition_rows'], 1):.0f}"),
    ("cluster s", lambda m: f"{m['cluster']['seconds']:.1f}"),
    ("edges", lambda m: f"{m['cluster']['edges']:,}"),
    ("resolve base/peak MB", lambda m: f"{_mb(m['resolve']['base_kib'])}/{_mb(m['resolve']['peak_kib'])}"),
    ("resolve Δ MB", lambda m: f"{_delta(m['resolve']) / MB:.1f}"),
    ("resolve Δ B/doc", lambda m: f"{_delta(m['resolve']) / m['docs']:.0f}"),
    ("resolve s", lambda m: f"{m['resolve']['seconds']:.1f}"),
]


def print_results(runs: list[CliRun], memory: list[dict[str, Any]], corpora: dict[int, Corpus]) -> None:
    if runs:
        cells = [[show(run) for _, show in E2E_COLUMNS] for run in runs]
        print("\n" + markdown_table([name for name, _ in E2E_COLUMNS], cells))
        print("planted copies: " + ", ".join(f"{docs:,} docs: {c.copies:,}" for docs, c in corpora.items()))
    if memory:
        cells = [[show(m) for _, show in MEMORY_COLUMNS] for m in memory]
        print("\n" + markdown_table([name for name, _ in MEMORY_COLUMNS], cells))
    if len(memory) >= 2:
        low, high = memory[0], memory[-1]
        for phase in ("cluster", "resolve"):
            growth = (_delta(high[phase]) - _delta(low[phase])) / (high["docs"] - low["docs"])
            print(f"{phase}: growth {growth:.1f} B/doc from {low['docs']:,} to {high['docs']:,} documents")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        kind, *rest = args.child
        if kind == "prepare":
            child_prepare(Path(rest[0]), Path(rest[1]), int(rest[2]))
        else:
            print(json.dumps(child_cluster(Path(rest[0])) if kind == "cluster" else child_resolve(Path(rest[0]))))
        return 0
    machine = machine_info()
    print(f"machine: {machine['cpu_count']} cores, {machine['cpu_model']}, Python {machine['python']}", flush=True)
    if args.tmpdir is not None:
        args.tmpdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="minhash-scale-", dir=args.tmpdir))
    started = time.perf_counter()
    chunks = real_chunks(args.doc_chars, args.seed)
    print(f"{len(chunks):,} real chunks of ~{args.doc_chars} characters in {time.perf_counter() - started:.1f} s")
    runs: list[CliRun] = []
    memory: list[dict[str, Any]] = []
    corpora: dict[int, Corpus] = {}
    try:
        for docs in sorted({*args.e2e_docs, *args.cli_docs, *args.memory_docs}):
            folder = work / str(docs)
            folder.mkdir()
            path = folder / "corpus.jsonl"
            corpus = corpora[docs] = make_corpus(path, docs, args.copy_share, args.seed, chunks, args.doc_chars)
            print(
                f"corpus {docs:,}: {corpus.bytes / MB:.0f} MB, {corpus.real:,} real + {corpus.mosaics:,} mosaics"
                f" + {corpus.copies:,} copies ({corpus.seconds:.0f} s)",
                flush=True,
            )
            for workers in args.workers if docs in args.e2e_docs else [2] if docs in args.cli_docs else []:
                runs.append(run_cli(path, corpus, workers, args))
                print(f"  vicorpus run, {workers} worker(s): {runs[-1].wall_s:.1f} s", flush=True)
            if docs in args.memory_docs:
                memory.append(measure_memory(path, corpus, args))
                print(f"  memory runs done ({memory[-1]['prepare_s']:.0f} s to prepare)", flush=True)
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_results(runs, memory, corpora)
    if args.json is not None:
        result = {"machine": machine, "args": {k: str(v) for k, v in vars(args).items()}, "memory": memory}
        result |= {"runs": [asdict(r) for r in runs], "corpora": {k: asdict(v) for k, v in corpora.items()}}
        args.json.write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
