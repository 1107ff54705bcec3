"""vicorpus against datatrove (HuggingFace), side by side, on the same input and machine.

What is compared
----------------
The closest equivalent of vicorpus's machinery pipeline (``bench_machinery.py``) in
each tool, on two real corpora from ``../shared/data`` (read in place, relative to the
repository root), both split into the same ``--files`` plain JSONL files so that both
tools parallelise over files the same way (one task per file):

- ``baomoi-news-2017/baomoi_news.jsonl.xz`` — 35,440 news articles (field ``text``);
- ``viwiki-undertheseanlp/viwiki.jsonl.xz`` — 7,862 Wikipedia articles.

vicorpus: ``vicorpus run pipeline.yaml --output OUT --workers N --quiet --overwrite`` with
the stages ``normalize``, ``length_filter {min_chars: 200}``, ``exact_dedup`` and
``task_bytes`` larger than any input file (so one task per file).

datatrove (its own virtualenv, see below): three ``LocalPipelineExecutor`` stages run one
after the other in one process, as datatrove's exact-dedup blocks require:

1. ``JsonlReader`` → ``LambdaFilter(len(text) >= 200)`` → ``ExactDedupSignature``
   (``tasks = files``, ``workers = N``);
2. ``ExactFindDedups`` (one task: ``finder_workers=1``);
3. ``JsonlReader`` → ``LambdaFilter`` → ``ExactDedupFilter`` → ``ParquetWriter``
   (``tasks = files``, ``workers = N``).

The length filter comes before the dedup in both tools, as in vicorpus's pipeline (a
filter between signature and dedup-filter would have to run in stages 1 and 3 anyway,
because the dedup blocks identify documents by their position in the stream).

What is NOT equal between the two pipelines
-------------------------------------------
- **Normalization.** vicorpus's ``normalize`` stage repairs Vietnamese text (legacy
  encodings and mojibake, character references, invisible characters, NFC, look-alike
  letters, tone marks in the old style) and tidies line endings and whitespace; it has
  no counterpart in datatrove. Its closest block, ``FTFYFormatter``, does something else
  (mojibake and HTML-entity repair, no Vietnamese encodings or tones), is much slower,
  and needs the heavy ``processing`` extra, so it is left out: datatrove does less work.
- **What is hashed and measured.** vicorpus hashes (xxh3-128) and measures the
  *normalized* text; datatrove hashes (xxh64 of the UTF-8) and measures the raw text.
  So vicorpus may drop documents that fall under 200 characters once whitespace is
  tidied (viwiki's CRLF line endings, for example) and may find duplicates that
  differ only in whitespace or Unicode form. The benchmark computes both expectations
  independently (untimed) and checks each tool's kept count against its own.
- **Which copy of a duplicate is kept.** vicorpus keeps the first in input order;
  datatrove the one with the lowest position inside its file. Counts are the same.
- **Outputs.** vicorpus also writes the rejected and duplicate documents (``rejected/``,
  ``duplicates/``), a ledger and a manifest, and makes every file crash-safe (written
  under a temporary name, renamed); datatrove writes only the kept documents, plus its
  per-task logs and stats. Both write zstd-compressed Parquet: datatrove's
  ``ParquetWriter`` is given ``compression="zstd"``, ``use_content_defined_chunking=False``
  and ``write_page_index=False`` to match vicorpus's files (its defaults are snappy, CDC
  and page index). datatrove puts every other JSON field in ``metadata``; vicorpus keeps
  ``url``/``date`` and, for viwiki, ``title``.
- **Execution.** vicorpus runs every task in its parent process with one worker and
  spawns a pool otherwise; datatrove starts a ``multiprocess`` Manager process for
  every stage and, with more than one worker, a process pool (forkserver) per stage.

How it is measured
------------------
Each run (interleaved: repeat → workers → tool, the tool order alternating) goes
through a fresh helper process that makes itself a child subreaper, starts the tool,
waits for it (wall time: start to exit, interpreter start-up, imports and executor
start-up included; for datatrove all three stages), then reaps any orphaned
descendant (datatrove's forkserver) and reports ``getrusage(RUSAGE_CHILDREN)``:
``ru_maxrss`` = peak RSS of the largest single process of the run, ``ru_utime +
ru_stime`` = CPU seconds of the whole tree. A sampler also records the peak of the
summed PSS of the tree, and the CPU other processes of the machine used meanwhile (a
run where they used more than 5% of the machine is redone ``--retries`` times; rows
that still include one are marked ``*``). The report gives the median wall of
``--repeat`` runs, MB (uncompressed JSONL, 10^6 bytes) and documents per second, per
core (divided by workers), and the ratio vicorpus/datatrove throughput (= datatrove
median wall / vicorpus median wall; > 1 means vicorpus is faster).

The datatrove virtualenv
------------------------
datatrove is never a dependency of vicorpus: it lives in its own virtualenv outside
the repository (``--datatrove-venv``, default ``~/.cache/vicorpus-bench/datatrove-venv``),
created once with ``python3 -m venv`` and ``pip install 'datatrove[io]>=0.10,<0.11'
'xxhash<4' regex tokenizers``. ``[io]`` brings ``orjson`` (``JsonlReader``) and
``pyarrow`` (``ParquetWriter``). The exact-dedup blocks need ``numpy`` (a core
dependency) and, for their default xxhash hashing, ``xxhash`` *below 4*: ``[io]``
brings it in only through ``datasets``, as xxhash 4.x, which refuses ``str`` input
("Strings must be encoded before hashing"), so ``ExactDedupSignature`` fails on
text; datatrove's own ``processing`` extra pins ``xxhash<4``. ``regex`` and
``tokenizers`` also belong to that heavy extra, but ``datatrove.pipeline.dedup``
imports every dedup block when it is imported (the Bloom filter needs ``regex``,
exact substrings ``tokenizers``), so the exact-dedup blocks cannot be imported
without them; nothing here uses them.

Run it with ``.venv/bin/python bench/bench_vs_datatrove.py`` (``--help`` for options).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import lzma
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq
import yaml

from bench_machinery import (
    CONTENDED,
    CORPORA,
    Corpus,
    TreeSampler,
    cpu_busy_s,
    machine_info,
    markdown_table,
    own_cpu_s,
    sha256_of,
    wait_for_idle,
)
from venvs import ensure_venv
from vicorpus.text.basics import normalize_basic

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
MB = 1_000_000
MiB = 1024 * 1024
MIN_CHARS = 200
DEFAULT_VENV = Path.home() / ".cache" / "vicorpus-bench" / "datatrove-venv"
DATATROVE_REQUIREMENTS = ("datatrove[io]>=0.10,<0.11", "xxhash<4", "regex", "tokenizers")
TOOLS = ("datatrove", "vicorpus")

STAGES: list[dict[str, dict[str, Any]]] = [
    {"normalize": {}},
    {"length_filter": {"min_chars": MIN_CHARS}},
    {"exact_dedup": {}},
]


# The helper process: becomes a child subreaper (so that descendants orphaned by the
# tool, such as datatrove's forkserver, are reparented to it and their resource usage
# is counted), runs the tool with stderr to a file, reaps every descendant, and
# reports the resource usage of exactly this one run.
_WRAPPER = """\
import ctypes, json, os, resource, subprocess, sys, time
ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
with open(sys.argv[1], "wb") as err:
    started = time.perf_counter()
    child = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=err)
    returncode = child.wait()
    wall = time.perf_counter() - started
orphans = 0
while True:
    try:
        os.waitpid(-1, 0)
    except ChildProcessError:
        break
    orphans += 1
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "rb") as err:
    stderr = err.read()[-4000:].decode("utf-8", "replace")
print(json.dumps({
    "returncode": returncode,
    "wall": wall,
    "reaped_s": time.perf_counter() - started - wall,
    "orphans": orphans,
    "maxrss_kib": usage.ru_maxrss,
    "cpu": usage.ru_utime + usage.ru_stime,
    "stderr": stderr,
}))
"""

# The datatrove side, run by the datatrove virtualenv's Python. The functions are at
# module level and the work under the __main__ guard: the forkserver pool re-imports
# this file in its workers.
_DATATROVE_RUNNER = '''\
"""datatrove side of bench_vs_datatrove.py: read JSONL -> length filter -> exact dedup -> Parquet."""
import json
import sys
import time

STARTED = time.perf_counter()

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.dedup.exact_dedup import (
    ExactDedupConfig,
    ExactDedupFilter,
    ExactDedupSignature,
    ExactFindDedups,
)
from datatrove.pipeline.filters import LambdaFilter
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import ParquetWriter

IMPORTED = time.perf_counter()


def text_of(doc) -> str:
    return doc.text


def main():
    config = json.loads(open(sys.argv[1], encoding="utf-8").read())
    work = config["work"]
    min_chars = config["min_chars"]
    tasks, workers = config["tasks"], config["workers"]

    def long_enough(doc, min_chars=min_chars):
        return len(doc.text) >= min_chars

    dedup = ExactDedupConfig(content_getter=text_of)

    def reader():
        return JsonlReader(config["input"], glob_pattern="*.jsonl", recursive=False)

    def executor(name, pipeline, tasks, workers):
        return LocalPipelineExecutor(
            pipeline, tasks=tasks, workers=workers, logging_dir=f"{work}/logs/{name}"
        )

    stages = [
        executor(
            "signatures",
            [
                reader(),
                LambdaFilter(long_enough),
                ExactDedupSignature(output_folder=f"{work}/sigs", config=dedup, finder_workers=1),
            ],
            tasks,
            workers,
        ),
        executor(
            "find_dedups",
            [ExactFindDedups(data_folder=f"{work}/sigs", output_folder=f"{work}/dups", config=dedup)],
            1,
            1,
        ),
        executor(
            "filter_write",
            [
                reader(),
                LambdaFilter(long_enough),
                ExactDedupFilter(data_folder=f"{work}/dups", config=dedup),
                ParquetWriter(
                    f"{work}/kept",
                    compression="zstd",
                    use_content_defined_chunking=False,
                    write_page_index=False,
                ),
            ],
            tasks,
            workers,
        ),
    ]
    report = {"import_s": IMPORTED - STARTED, "stages": []}
    for name, stage in zip(("signatures", "find_dedups", "filter_write"), stages):
        began = time.perf_counter()
        stats = stage.run()
        seconds = time.perf_counter() - began
        if stats is None:
            raise SystemExit(f"datatrove stage {name} did not run (already completed?)")
        steps = [
            {"step": type(step).__name__, "counts": {k: v.total for k, v in step_stats.stats.items()}}
            for step, step_stats in zip(stage.pipeline, stats.stats)
        ]
        report["stages"].append({"name": name, "seconds": seconds, "steps": steps})
    report["total_s"] = time.perf_counter() - STARTED
    with open(config["report"], "w", encoding="utf-8") as handle:
        json.dump(report, handle)


if __name__ == "__main__":
    main()
'''


# --- the datatrove virtualenv -------------------------------------------------------

_PROBE = (
    "import importlib.metadata as m\n"
    "import datatrove.executor, datatrove.pipeline.dedup.exact_dedup, datatrove.pipeline.filters\n"
    "import datatrove.pipeline.readers, datatrove.pipeline.writers\n"
    "import orjson, pyarrow, xxhash, multiprocess\n"
    "xxhash.xxh64_intdigest('str')  # xxhash 4 hashes only bytes: ExactDedup* would fail\n"
    "print(m.version('datatrove'))\n"
)


def ensure_datatrove_venv(venv: Path, base_python: str, reinstall: bool) -> tuple[Path, str]:
    """Create (once) the separate datatrove virtualenv; return its Python and datatrove's version."""
    installs = (("--upgrade", *DATATROVE_REQUIREMENTS),)
    return ensure_venv(
        venv, base_python, reinstall, script=_PROBE, installs=installs, option="--datatrove-venv", what="datatrove"
    )


# --- preparation --------------------------------------------------------------------


@dataclass
class Expected:
    """Kept counts each tool should reach, computed here (untimed) from the raw records."""

    docs: int
    empty: int  # no or empty text: datatrove's reader skips them, vicorpus rejects them as too short
    raw_short: int  # len(raw text) < MIN_CHARS (datatrove's length filter), empty ones included
    raw_duplicates: int  # repeats of the raw text among the long-enough ones
    raw_kept: int
    normalized_short: int  # len(normalize_basic(text)) < MIN_CHARS (vicorpus's)
    normalized_duplicates: int
    normalized_kept: int
    short_only_after_normalizing: int  # raw long enough, normalized too short
    docs_changed_by_normalize: int


def expected_counts(data: bytes) -> Expected:
    raw_seen: set[bytes] = set()
    norm_seen: set[bytes] = set()
    docs = empty = raw_short = raw_dups = norm_short = norm_dups = short_after = changed = 0
    for line in data.splitlines():
        if not line.strip():
            continue
        docs += 1
        text = orjson.loads(line).get("text") or ""
        empty += not text
        normalized, _ = normalize_basic(text)
        changed += normalized != text
        if len(text) < MIN_CHARS:
            raw_short += 1
        else:
            key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
            raw_dups += key in raw_seen
            raw_seen.add(key)
        if len(normalized) < MIN_CHARS:
            norm_short += 1
            short_after += len(text) >= MIN_CHARS
        else:
            key = hashlib.blake2b(normalized.encode("utf-8"), digest_size=16).digest()
            norm_dups += key in norm_seen
            norm_seen.add(key)
    return Expected(
        docs=docs,
        empty=empty,
        raw_short=raw_short,
        raw_duplicates=raw_dups,
        raw_kept=len(raw_seen),
        normalized_short=norm_short,
        normalized_duplicates=norm_dups,
        normalized_kept=len(norm_seen),
        short_only_after_normalizing=short_after,
        docs_changed_by_normalize=changed,
    )


@dataclass
class Prepared:
    corpus: Corpus
    folder: Path  # the split JSONL files, and nothing else
    files: list[Path]
    jsonl_bytes: int
    task_bytes: int
    prepare_s: float
    vicorpus_pipeline: Path
    expected: Expected


def split_lines(data: bytes, parts: int) -> list[bytes]:
    """Cut ``data`` at line ends into ``parts`` chunks of roughly equal size, in order."""
    bounds = [0]
    for k in range(1, parts):
        target = max(len(data) * k // parts, bounds[-1])
        cut = data.find(b"\n", target)
        bounds.append(len(data) if cut < 0 else cut + 1)
    bounds.append(len(data))
    return [data[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def prepare(corpus: Corpus, work: Path, files: int) -> Prepared:
    if not corpus.path.exists():
        raise SystemExit(f"FAIL: {corpus.path} not found (the benchmark reads ../shared/data)")
    started = time.perf_counter()
    with lzma.open(corpus.path, "rb") as compressed:
        data = compressed.read()
    folder = work / f"input-{corpus.name}"
    folder.mkdir()
    paths: list[Path] = []
    for index, chunk in enumerate(split_lines(data, files)):
        path = folder / f"part-{index:03d}.jsonl"
        path.write_bytes(chunk)
        paths.append(path)
    prepare_s = time.perf_counter() - started
    expected = expected_counts(data)
    # One vicorpus task per file: task_bytes at least the largest file.
    task_bytes = max(p.stat().st_size for p in paths) + MiB
    source: dict[str, Any] = {"name": corpus.name, "format": "jsonl", "path": str(folder / "*.jsonl")}
    if corpus.keep_fields:
        source["keep_fields"] = list(corpus.keep_fields)
    pipeline = work / f"{corpus.name}.yaml"
    pipeline.write_text(
        yaml.safe_dump({"sources": [source], "stages": STAGES, "task_bytes": task_bytes}, sort_keys=False),
        encoding="utf-8",
    )
    return Prepared(corpus, folder, paths, len(data), task_bytes, prepare_s, pipeline, expected)


# --- one run ------------------------------------------------------------------------


@dataclass
class Run:
    tool: str
    corpus: str
    workers: int
    repeat: int
    wall_s: float
    cpu_s: float
    peak_rss_mb: float  # ru_maxrss: the largest single process of the run
    tree_pss_mb: float  # sampled peak of the summed PSS of the run's processes
    other_cpu_s: float  # CPU used by other processes of the machine during the run
    idle_wait_s: float
    orphans: int  # descendants reaped by the helper after the tool exited
    docs: int  # documents the tool read
    kept: int
    too_short: int  # for datatrove, documents its reader skipped (empty text) included
    duplicates: int
    stage_seconds: dict[str, float]
    kept_sha256: dict[str, str] = field(repr=False)
    attempts: int = 1

    @property
    def contended(self) -> bool:
        return self.other_cpu_s > CONTENDED * self.wall_s * (os.cpu_count() or 1)


@dataclass
class Measured:
    report: dict[str, Any]
    tree_pss_mb: float
    other_cpu_s: float
    idle_wait_s: float


def measure_command(command: list[str], work: Path, sample_interval: float, idle_wait: float) -> Measured:
    waited = wait_for_idle(idle_wait) if idle_wait > 0 else 0.0
    busy_before, own_before = cpu_busy_s(), own_cpu_s()
    helper = subprocess.Popen(
        [sys.executable, "-c", _WRAPPER, str(work / "stderr.txt"), *command], stdout=subprocess.PIPE, cwd=work
    )
    with TreeSampler(helper.pid, sample_interval) as sampler:
        stdout, _ = helper.communicate()
    other = max(0.0, (cpu_busy_s() - busy_before) - (own_cpu_s() - own_before))
    if helper.returncode != 0:
        raise SystemExit(f"FAIL: the helper process exited with {helper.returncode}")
    report: dict[str, Any] = json.loads(stdout)
    if report["returncode"] != 0:
        raise SystemExit(f"FAIL: {' '.join(command)} exited with {report['returncode']}:\n{report['stderr']}")
    return Measured(report, sampler.peak_tree_pss * 1024 / MB, other, waited)


def run_vicorpus(
    vicorpus: Path, prepared: Prepared, work: Path, workers: int, repeat: int, args: argparse.Namespace
) -> Run:
    out = work / "out"
    command = [str(vicorpus), "run", str(prepared.vicorpus_pipeline), "--output", str(out)]
    command += ["--workers", str(workers), "--quiet", "--overwrite"]
    measured = measure_command(command, work, args.sample_interval, args.idle_wait)
    ledger = json.loads((out / "ledger.json").read_text())
    if ledger.get("balanced") is not True:
        raise SystemExit(f"FAIL: {out / 'ledger.json'} does not balance: {ledger}")
    total = ledger["total"]
    manifest = json.loads((out / "manifest.json").read_text())
    return Run(
        tool="vicorpus",
        corpus=prepared.corpus.name,
        workers=workers,
        repeat=repeat,
        wall_s=measured.report["wall"],
        cpu_s=measured.report["cpu"],
        peak_rss_mb=measured.report["maxrss_kib"] * 1024 / MB,
        tree_pss_mb=measured.tree_pss_mb,
        other_cpu_s=measured.other_cpu_s,
        idle_wait_s=measured.idle_wait_s,
        orphans=measured.report["orphans"],
        docs=int(total["input"]),
        kept=int(total["kept"]),
        too_short=int(total["rejected_by_reason"].get("too_short", 0)),
        duplicates=int(total["duplicates"]),
        stage_seconds={k: float(v["seconds"]) for k, v in sorted(manifest["phases"].items())},
        kept_sha256={p.name: sha256_of(p) for p in sorted((out / "kept").glob("*.parquet"))},
    )


def _count(report: dict[str, Any], stage: str, step: str, key: str) -> int:
    for entry in report["stages"]:
        if entry["name"] == stage:
            for item in entry["steps"]:
                if item["step"] == step:
                    return int(item["counts"].get(key, 0))
    raise SystemExit(f"FAIL: datatrove's report has no {step} in stage {stage}: {report}")


def run_datatrove(
    python: Path,
    runner: Path,
    prepared: Prepared,
    work: Path,
    workers: int,
    repeat: int,
    args: argparse.Namespace,
) -> Run:
    config = work / "datatrove.json"
    report_path = work / "report.json"
    config.write_text(
        json.dumps(
            {
                "input": str(prepared.folder),
                "work": str(work / "dt"),
                "report": str(report_path),
                "tasks": len(prepared.files),
                "workers": workers,
                "min_chars": MIN_CHARS,
            }
        ),
        encoding="utf-8",
    )
    measured = measure_command([str(python), str(runner), str(config)], work, args.sample_interval, args.idle_wait)
    report = json.loads(report_path.read_text())
    kept_files = sorted((work / "dt" / "kept").glob("*.parquet"))
    kept = sum(pq.read_metadata(p).num_rows for p in kept_files)
    forwarded = _count(report, "filter_write", "ExactDedupFilter", "forwarded")
    if kept != forwarded:
        raise SystemExit(f"FAIL: datatrove wrote {kept} rows but forwarded {forwarded} documents")
    read = _count(report, "signatures", "JsonlReader", "documents")
    seconds = {"imports": float(report["import_s"])}
    seconds.update({entry["name"]: float(entry["seconds"]) for entry in report["stages"]})
    return Run(
        tool="datatrove",
        corpus=prepared.corpus.name,
        workers=workers,
        repeat=repeat,
        wall_s=measured.report["wall"],
        cpu_s=measured.report["cpu"],
        peak_rss_mb=measured.report["maxrss_kib"] * 1024 / MB,
        tree_pss_mb=measured.tree_pss_mb,
        other_cpu_s=measured.other_cpu_s,
        idle_wait_s=measured.idle_wait_s,
        orphans=measured.report["orphans"],
        docs=read,
        kept=kept,
        too_short=_count(report, "signatures", "LambdaFilter", "dropped") + prepared.expected.docs - read,
        duplicates=_count(report, "filter_write", "ExactDedupFilter", "dropped"),
        stage_seconds=seconds,
        kept_sha256={p.name: sha256_of(p) for p in kept_files},
    )


# --- summary ------------------------------------------------------------------------


@dataclass
class Row:
    corpus: str
    workers: int
    tool: str
    input_mb: float
    docs: int
    runs: int
    wall_s: float  # median
    wall_min_s: float
    wall_max_s: float
    mb_per_s: float
    docs_per_s: float
    mb_per_s_per_core: float
    docs_per_s_per_core: float
    cpu_s: float  # median
    peak_rss_mb: float  # max over the repeats
    tree_pss_mb: float  # max over the repeats
    kept: int
    too_short: int
    duplicates: int
    other_cpu_s: float  # median
    contended_runs: int
    vicorpus_over_datatrove: float | None = None  # throughput ratio, on vicorpus rows


def summarize(prepared: Prepared, tool: str, workers: int, runs: list[Run]) -> Row:
    walls = [r.wall_s for r in runs]
    wall = statistics.median(walls)
    mb = prepared.jsonl_bytes / MB
    docs = prepared.expected.docs
    return Row(
        corpus=prepared.corpus.name,
        workers=workers,
        tool=tool,
        input_mb=mb,
        docs=docs,
        runs=len(runs),
        wall_s=wall,
        wall_min_s=min(walls),
        wall_max_s=max(walls),
        mb_per_s=mb / wall,
        docs_per_s=docs / wall,
        mb_per_s_per_core=mb / wall / workers,
        docs_per_s_per_core=docs / wall / workers,
        cpu_s=statistics.median(r.cpu_s for r in runs),
        peak_rss_mb=max(r.peak_rss_mb for r in runs),
        tree_pss_mb=max(r.tree_pss_mb for r in runs),
        kept=runs[0].kept,
        too_short=runs[0].too_short,
        duplicates=runs[0].duplicates,
        other_cpu_s=statistics.median(r.other_cpu_s for r in runs),
        contended_runs=sum(r.contended for r in runs),
    )


_COLUMNS = (
    ("corpus", "{}"),
    ("workers", "{}"),
    ("tool", "{}"),
    ("MB", "{:.1f}"),
    ("docs", "{:,}"),
    ("wall s", "{:.2f}"),
    ("MB/s", "{:.1f}"),
    ("docs/s", "{:,.0f}"),
    ("MB/s/core", "{:.1f}"),
    ("docs/s/core", "{:,.0f}"),
    ("CPU s", "{:.1f}"),
    ("peak RSS MB", "{:.0f}"),
    ("tree PSS MB", "{:.0f}"),
    ("too short", "{:,}"),
    ("dups", "{:,}"),
    ("kept", "{:,}"),
    ("other CPU s", "{:.1f}"),
    ("vicorpus/datatrove", "{}"),
)


def format_table(rows: list[Row]) -> str:
    cells: list[list[str]] = []
    for r in rows:
        ratio = f"{r.vicorpus_over_datatrove:.2f}x" if r.vicorpus_over_datatrove is not None else "-"
        values = (
            r.corpus + ("*" if r.contended_runs else ""),
            r.workers,
            r.tool,
            r.input_mb,
            r.docs,
            r.wall_s,
            r.mb_per_s,
            r.docs_per_s,
            r.mb_per_s_per_core,
            r.docs_per_s_per_core,
            r.cpu_s,
            r.peak_rss_mb,
            r.tree_pss_mb,
            r.too_short,
            r.duplicates,
            r.kept,
            r.other_cpu_s,
            ratio,
        )
        cells.append([fmt.format(v) for (_, fmt), v in zip(_COLUMNS, values, strict=True)])
    return markdown_table([name for name, _ in _COLUMNS], cells)


# --- main ---------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="vicorpus vs datatrove, side by side: JSONL → length filter → exact dedup → Parquet.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per configuration (median)")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument(
        "--corpus", action="append", choices=sorted(CORPORA), help="corpus to run (repeatable); default all"
    )
    parser.add_argument("--files", type=int, default=8, help="JSONL files (= tasks) each corpus is split into")
    parser.add_argument("--sample-interval", type=float, default=0.1, help="memory sampling period, s (0 = off)")
    parser.add_argument(
        "--idle-wait",
        type=float,
        default=20.0,
        help="before each run, wait up to this many seconds for other processes to go quiet (0 = off)",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=1,
        help="redo a run this many times when other processes used > 5%% of the machine during it",
    )
    parser.add_argument("--json", type=Path, default=None, help="write all results as JSON here")
    parser.add_argument(
        "--vicorpus", type=Path, default=REPO / ".venv" / "bin" / "vicorpus", help="the vicorpus executable"
    )
    parser.add_argument(
        "--datatrove-venv",
        type=Path,
        default=DEFAULT_VENV,
        help="datatrove's own virtualenv (created if missing; never inside the repository)",
    )
    parser.add_argument(
        "--base-python",
        default=shutil.which("python3") or sys.executable,
        help="Python that creates the datatrove virtualenv",
    )
    parser.add_argument(
        "--reinstall-datatrove", action="store_true", help="pip install datatrove again even if it imports"
    )
    parser.add_argument("--setup-only", action="store_true", help="only create the datatrove virtualenv, then exit")
    parser.add_argument("--tmpdir", type=Path, default=None, help="parent of the temporary folder")
    parser.add_argument("--keep-temp", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    args.worker_counts = sorted({int(w) for w in str(args.workers).split(",") if w.strip()})
    if args.repeat < 1 or args.files < 1 or not args.worker_counts or min(args.worker_counts) < 1:
        parser.error("--repeat, --files and --workers must be positive")
    return args


def measure_tool(
    tool: str,
    args: argparse.Namespace,
    prepared: Prepared,
    work: Path,
    workers: int,
    repeat: int,
    tools: dict[str, Path],
) -> Run:
    """One run of one tool; redone (up to ``--retries`` times) while others disturbed it."""
    run: Run | None = None
    for attempt in range(1, args.retries + 2):
        shutil.rmtree(work, ignore_errors=True)  # datatrove skips tasks it finds completed
        work.mkdir(parents=True)
        if tool == "vicorpus":
            run = run_vicorpus(tools["vicorpus"], prepared, work, workers, repeat, args)
        else:
            run = run_datatrove(tools["datatrove"], tools["runner"], prepared, work, workers, repeat, args)
        run.attempts = attempt
        print(
            f"  {tool:>9} workers={workers} run {repeat + 1}: {run.wall_s:6.2f} s, CPU {run.cpu_s:5.1f} s, "
            f"peak RSS {run.peak_rss_mb:4.0f} MB, kept {run.kept:,}, other CPU {run.other_cpu_s:.1f} s"
            + (" — contended" if run.contended else ""),
            flush=True,
        )
        if not run.contended:
            break
    assert run is not None
    return run


def check_runs(prepared: Prepared, by_key: dict[tuple[str, int], list[Run]]) -> list[str]:
    """Same output in every run of a tool; kept counts as expected. Returns messages."""
    messages: list[str] = []
    expected = prepared.expected
    want = {"datatrove": expected.raw_kept, "vicorpus": expected.normalized_kept}
    for tool in TOOLS:
        runs = [r for (t, _), group in by_key.items() if t == tool for r in group]
        reference = runs[0]
        for run in runs:
            if (run.kept, run.too_short, run.duplicates) != (
                reference.kept,
                reference.too_short,
                reference.duplicates,
            ):
                raise SystemExit(f"FAIL: {prepared.corpus.name}: {tool}'s counts differ between runs")
            if tool == "vicorpus" and run.kept_sha256 != reference.kept_sha256:
                raise SystemExit(f"FAIL: {prepared.corpus.name}: vicorpus's kept/ shards differ between runs")
        status = "OK" if reference.kept == want[tool] else "WARNING"
        messages.append(
            f"{prepared.corpus.name}: {tool} {status} — same counts in all {len(runs)} runs; kept "
            f"{reference.kept:,} (expected {want[tool]:,} from an independent count)"
        )
    return messages


def explain(prepared: Prepared) -> str:
    e = prepared.expected
    return (
        f"{prepared.corpus.name}: {e.docs:,} docs; normalize changes "
        f"{e.docs_changed_by_normalize:,} of them; {e.empty:,} have no text (datatrove's reader skips "
        f"them, vicorpus rejects them as too short). "
        f"Raw text (datatrove): {e.raw_short:,} too short, {e.raw_duplicates:,} duplicates, "
        f"{e.raw_kept:,} kept. Normalized (vicorpus): {e.normalized_short:,} too short "
        f"({e.short_only_after_normalizing:,} only after normalizing), {e.normalized_duplicates:,} "
        f"duplicates, {e.normalized_kept:,} kept; difference {e.raw_kept - e.normalized_kept:+,}."
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    python, dt_version = ensure_datatrove_venv(args.datatrove_venv, args.base_python, args.reinstall_datatrove)
    print(f"datatrove {dt_version} in {python.parent.parent}")
    if args.setup_only:
        return 0
    vicorpus: Path = args.vicorpus
    if not vicorpus.exists():
        raise SystemExit(f"FAIL: {vicorpus} not found; run `make install`")
    corpora = [CORPORA[name] for name in (args.corpus or sorted(CORPORA))]
    info = machine_info()
    info["datatrove"] = dt_version
    print(
        f"vicorpus {info['vicorpus']} vs datatrove {dt_version} · {info['date']} · {info['cpu_count']} cores "
        f"({info['cpu_model']}) · Python {info['python']}"
    )
    print(
        f"vicorpus: normalize → length_filter(min_chars={MIN_CHARS}) → exact_dedup; datatrove: JsonlReader → "
        f"LambdaFilter(len ≥ {MIN_CHARS}) → ExactDedupSignature | ExactFindDedups | ExactDedupFilter → "
        "ParquetWriter(zstd)"
    )
    work = Path(tempfile.mkdtemp(prefix="vicorpus-vs-datatrove-", dir=args.tmpdir))
    runner = work / "datatrove_runner.py"
    runner.write_text(_DATATROVE_RUNNER, encoding="utf-8")
    tools = {"vicorpus": vicorpus, "datatrove": python, "runner": runner}
    runs: list[Run] = []
    rows: list[Row] = []
    checks: list[str] = []
    explanations: list[str] = []
    prepared_all: list[Prepared] = []
    try:
        for corpus in corpora:
            prepared = prepare(corpus, work, args.files)
            prepared_all.append(prepared)
            sizes = [p.stat().st_size / MB for p in prepared.files]
            print(
                f"\n{corpus.name}: {prepared.jsonl_bytes / MB:.1f} MB JSONL, "
                f"{prepared.expected.docs:,} docs, "
                f"{len(prepared.files)} files of {min(sizes):.1f}-{max(sizes):.1f} MB "
                f"(prepared in {prepared.prepare_s:.1f} s)",
                flush=True,
            )
            by_key: dict[tuple[str, int], list[Run]] = {}
            for repeat in range(args.repeat):
                for workers in args.worker_counts:
                    order = TOOLS if (repeat + workers) % 2 == 0 else TOOLS[::-1]
                    for tool in order:
                        run = measure_tool(tool, args, prepared, work / f"run-{corpus.name}", workers, repeat, tools)
                        by_key.setdefault((tool, workers), []).append(run)
                        runs.append(run)
            checks.extend(check_runs(prepared, by_key))
            explanations.append(explain(prepared))
            for workers in args.worker_counts:
                pair = {tool: summarize(prepared, tool, workers, by_key[(tool, workers)]) for tool in TOOLS}
                pair["vicorpus"].vicorpus_over_datatrove = pair["datatrove"].wall_s / pair["vicorpus"].wall_s
                rows.extend(pair[tool] for tool in TOOLS)
            shutil.rmtree(prepared.folder)  # disk: only one corpus at a time
            shutil.rmtree(work / f"run-{corpus.name}", ignore_errors=True)
    finally:
        if args.keep_temp:
            print(f"\ntemporary files kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print(
        f"\nMedian of {args.repeat} runs. MB = 10^6 bytes of uncompressed JSONL; per core = divided by "
        "workers.\npeak RSS = largest single process (ru_maxrss); tree PSS = sampled peak of the summed "
        "PSS of all processes of the run;\nother CPU s = CPU used by other processes during the run "
        "(should be ~0); vicorpus/datatrove = throughput ratio (> 1: vicorpus faster)."
    )
    print(format_table(rows))
    print()
    for row in rows:
        if row.vicorpus_over_datatrove is not None:
            print(
                f"{row.corpus}, {row.workers} worker(s): vicorpus/datatrove throughput = "
                f"{row.vicorpus_over_datatrove:.2f}x"
            )
    noisy = [r for r in runs if r.contended]
    if noisy:
        print(
            f"WARNING: {len(noisy)} of {len(runs)} runs shared the machine with other processes "
            "(rows marked *); their times are inflated."
        )
    print("\nWhere the time goes (median-wall run of each configuration):")
    for prepared in prepared_all:
        for workers in args.worker_counts:
            for tool in TOOLS:
                group = sorted(
                    (r for r in runs if (r.corpus, r.tool, r.workers) == (prepared.corpus.name, tool, workers)),
                    key=lambda r: r.wall_s,
                )
                mid = group[len(group) // 2]
                parts = ", ".join(f"{k} {v:.2f}" for k, v in mid.stage_seconds.items())
                print(f"  {prepared.corpus.name} w{workers} {tool:>9}: wall {mid.wall_s:.2f}; {parts}")
    print("\nWhy the kept counts differ:")
    for message in explanations:
        print("  " + message)
    print()
    for message in checks:
        print(message)
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "machine": info,
            "settings": {
                "repeat": args.repeat,
                "workers": args.worker_counts,
                "files": args.files,
                "vicorpus_stages": STAGES,
                "datatrove_requirements": list(DATATROVE_REQUIREMENTS),
                "task_bytes": {p.corpus.name: p.task_bytes for p in prepared_all},
            },
            "expected": {p.corpus.name: asdict(p.expected) for p in prepared_all},
            "summary": [asdict(r) for r in rows],
            "runs": [asdict(r) for r in runs],
            "checks": checks,
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
