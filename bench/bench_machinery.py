"""Throughput of vicorpus's machinery: read → normalize → exact dedup → write.

What it measures
----------------
The pipeline ``normalize: {}``, ``length_filter: {min_chars: 200}``, ``exact_dedup: {}``
on two real corpora from ``../shared/data`` (relative to the repository root):

- ``baomoi-news-2017/baomoi_news.jsonl.xz`` — 35,440 news articles (field ``text``);
- ``viwiki-undertheseanlp/viwiki.jsonl.xz`` — 7,862 Wikipedia articles (``title``, ``text``).

There is no quality filter, language model or fuzzy dedup here: this is the floor cost
of every vicorpus run (JSONL parsing, batching, Unicode/whitespace normalization,
xxh3 hashing, the signatures → cluster → apply rounds, Parquet writing, the ledger).

How
---
1. Each ``.xz`` file is decompressed once into a plain JSONL file in a temporary
   folder (never into the repository), so that the planner cuts it into byte-range
   tasks that several workers can share. ``task_bytes`` is ``--task-mib`` MiB, made
   smaller if needed so that every corpus gives at least ``--min-tasks`` tasks.
2. For each corpus and each worker count (``--workers``, default 1 and 2) the CLI
   ``vicorpus run pipeline.yaml --output OUT --workers N --quiet --overwrite`` runs as
   a subprocess, ``--repeat`` times, configurations interleaved (w1, w2, w1, w2, ...).
   One more run per corpus reads the ``.xz`` file directly (a single task, one worker).
3. Every run goes through a fresh helper process (``python -c``) that starts the CLI,
   waits for it, and prints the wall time and
   ``resource.getrusage(RUSAGE_CHILDREN)``: ``ru_maxrss`` is the peak RSS of the
   *largest single process* of that run's tree (CLI parent or one worker — Linux
   takes the max over waited-for descendants, not the sum), and ``ru_utime +
   ru_stime`` the CPU seconds of the whole tree. Because the helper is fresh, the
   maximum is per run, not cumulative over the benchmark.
4. Meanwhile a sampler thread reads ``/proc/PID/smaps_rollup`` of every process of
   the tree every ``--sample-interval`` seconds, giving the (sampled) peak RSS of the
   CLI parent, of the largest worker, and the peak of the *sum* of PSS over the tree
   (PSS splits shared pages such as the Polars library between processes, so the
   sum is the honest total memory of a multi-process run).
5. Correctness is checked on every run: ``OUT/ledger.json`` must say
   ``balanced: true``, the ``kept/`` shards (SHA-256 of every file) must be
   byte-identical for every worker count and every repeat, and the ledger totals of
   the ``.xz`` run must equal those of the split runs. Any failure stops the
   benchmark with exit code 1.
6. The machine is shared (tests of other engineers may run meanwhile), so every run
   also records the CPU seconds *other* processes used during it (from
   ``/proc/stat``, minus this benchmark's own). Before each run the benchmark waits
   up to ``--idle-wait`` s for the machine to go quiet, and a run during which others
   used more than 5% of the machine is redone up to ``--retries`` times; rows that
   still include such a run are marked ``*``. A "machine check" first measures how
   much faster two pure-Python busy loops run side by side than one alone: the
   ceiling for the 2-worker/1-worker ratio on this machine at this moment (on small
   VMs one busy core often runs faster than two busy cores).

Reported per configuration: input MB (uncompressed JSONL bytes, 1 MB = 10^6 bytes),
documents (records read, from the ledger), tasks, workers, median wall seconds (the
CLI process from start to exit, interpreter start-up included), MB/s and docs/s,
the same per core (divided by the number of workers), CPU seconds, peak memory, and
the 2-worker / 1-worker throughput ratio. ``--json PATH`` also writes every run.
``--profile N`` additionally profiles one workers=1 run per corpus with cProfile
(in-process: with one worker the CLI runs every task itself) and prints the top N
functions by own time.

Run it with ``make bench`` or ``.venv/bin/python bench/bench_machinery.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import lzma
import math
import multiprocessing
import os
import platform
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
MB = 1_000_000
MiB = 1024 * 1024
CONTENDED = 0.05  # share of the machine's CPU used by others that marks a run as contended

STAGES: list[dict[str, dict[str, Any]]] = [
    {"normalize": {}},
    {"length_filter": {"min_chars": 200}},
    {"exact_dedup": {}},
]


@dataclass(frozen=True)
class Corpus:
    name: str
    relpath: str  # under DATA
    keep_fields: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        return DATA / self.relpath


CORPORA: dict[str, Corpus] = {
    "baomoi": Corpus("baomoi", "baomoi-news-2017/baomoi_news.jsonl.xz"),
    "viwiki": Corpus("viwiki", "viwiki-undertheseanlp/viwiki.jsonl.xz", ("title",)),
}

# The helper process: runs the CLI, then reports its own children's resource usage,
# which (being a fresh process) covers exactly this one run.
_WRAPPER = """\
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "returncode": done.returncode,
    "wall": wall,
    "maxrss_kib": usage.ru_maxrss,
    "cpu": usage.ru_utime + usage.ru_stime,
    "stderr": done.stderr.decode("utf-8", "replace")[-4000:],
}))
"""


# --- memory sampling ----------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            found.extend(int(c) for c in text.split())
    except OSError:
        pass
    return found


def _memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB; (0, 0) if it is gone."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return 0, 0
    return rss, pss


class TreeSampler:
    """Samples the memory of every descendant of ``root`` (the helper, excluded)."""

    def __init__(self, root: int, interval: float) -> None:
        self.root = root
        self.interval = interval
        self.cli_pid: int | None = None
        self.peak_rss_by_pid: dict[int, int] = {}
        self.peak_tree_rss = 0
        self.peak_tree_pss = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> TreeSampler:
        if self.interval > 0:
            self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        top = _children(self.root)
        if self.cli_pid is None and top:
            self.cli_pid = top[0]
        pids: list[int] = []
        queue = list(top)
        while queue:
            pid = queue.pop()
            pids.append(pid)
            queue.extend(_children(pid))
        tree_rss = tree_pss = 0
        for pid in pids:
            rss, pss = _memory_kib(pid)
            tree_rss += rss
            tree_pss += pss
            self.peak_rss_by_pid[pid] = max(self.peak_rss_by_pid.get(pid, 0), rss)
        self.peak_tree_rss = max(self.peak_tree_rss, tree_rss)
        self.peak_tree_pss = max(self.peak_tree_pss, tree_pss)
        self.samples += 1

    @property
    def parent_kib(self) -> int:
        return self.peak_rss_by_pid.get(self.cli_pid, 0) if self.cli_pid is not None else 0

    @property
    def max_worker_kib(self) -> int:
        others = [kib for pid, kib in self.peak_rss_by_pid.items() if pid != self.cli_pid]
        return max(others, default=0)


# --- other load on the machine -------------------------------------------------------


def cpu_busy_s() -> float:
    """CPU seconds the whole machine has been busy since boot (all cores, /proc/stat)."""
    try:
        first = Path("/proc/stat").read_text().split("\n", 1)[0].split()
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in first[1:9])
    except (OSError, ValueError):
        return 0.0
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_cpu_s() -> float:
    """CPU seconds of this process and of its waited-for descendants."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def wait_for_idle(max_wait: float, window: float = 1.0, threshold: float = 0.2) -> float:
    """Wait (at most ``max_wait`` s) until other processes use < ``threshold`` cores."""
    started = time.perf_counter()
    while time.perf_counter() - started < max_wait:
        busy, wall = cpu_busy_s(), time.perf_counter()
        time.sleep(window)
        if (cpu_busy_s() - busy) / (time.perf_counter() - wall) < threshold:
            break
    return time.perf_counter() - started


def _burn(n: int) -> tuple[float, float]:
    """A pure-Python busy loop; returns its (wall, CPU) seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    x = 0
    for i in range(n):
        x += i * i % 7
    return time.perf_counter() - wall, time.process_time() - cpu


def parallel_ceiling(workers: int, n: int = 4_000_000, trials: int = 5) -> tuple[float, bool]:
    """How much faster ``workers`` busy loops run side by side than one alone: the best
    ratio this machine allows right now (2.0 on two idle, independent cores).

    Returns the ratio and whether other processes used > 5% of the machine meanwhile.
    """
    context = multiprocessing.get_context("spawn")
    ratios = []
    with context.Pool(workers) as pool:
        pool.map(_burn, [1000] * workers)
        busy_before, own_before, started = cpu_busy_s(), own_cpu_s(), time.perf_counter()
        ours = 0.0
        for _ in range(trials):
            one, _ = _burn(n)
            began = time.perf_counter()
            results = pool.map(_burn, [n] * workers, chunksize=1)
            ratios.append(workers * one / (time.perf_counter() - began))
            ours += sum(cpu for _, cpu in results)  # the pool's workers are not waited for yet
        ours += own_cpu_s() - own_before
        elapsed = time.perf_counter() - started
        other = cpu_busy_s() - busy_before - ours
    return statistics.median(ratios), other > CONTENDED * elapsed * (os.cpu_count() or 1)


# --- one run ------------------------------------------------------------------------


@dataclass
class Run:
    corpus: str
    input_kind: str  # "jsonl" (split into tasks) or "xz" (read directly, one task)
    workers: int
    repeat: int
    wall_s: float
    cpu_s: float
    peak_rss_mb: float  # ru_maxrss: the largest single process of the run (exact)
    parent_rss_mb: float  # sampled
    max_worker_rss_mb: float  # sampled; 0 when every task ran in the parent
    tree_rss_mb: float  # sampled peak of the sum of RSS (shared pages counted twice)
    tree_pss_mb: float  # sampled peak of the sum of PSS
    samples: int
    other_cpu_s: float  # CPU used by other processes of the machine during the run
    idle_wait_s: float
    tasks: int
    ledger: dict[str, Any]
    phases: dict[str, Any]
    stage_seconds: dict[str, float]
    kept_sha256: dict[str, str] = field(repr=False)
    attempts: int = 1

    @property
    def contended(self) -> bool:
        """Other processes used more than 5% of the machine during the run."""
        return self.other_cpu_s > CONTENDED * self.wall_s * (os.cpu_count() or 1)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(MiB), b""):
            digest.update(chunk)
    return digest.hexdigest()


def run_once(
    vicorpus: Path,
    pipeline_file: Path,
    out: Path,
    corpus: str,
    input_kind: str,
    workers: int,
    repeat: int,
    sample_interval: float,
    idle_wait: float,
) -> Run:
    waited = wait_for_idle(idle_wait) if idle_wait > 0 else 0.0
    command = [
        str(vicorpus),
        "run",
        str(pipeline_file),
        "--output",
        str(out),
        "--workers",
        str(workers),
        "--quiet",
        "--overwrite",
    ]
    busy_before, own_before = cpu_busy_s(), own_cpu_s()
    helper = subprocess.Popen(
        [sys.executable, "-c", _WRAPPER, *command],
        stdout=subprocess.PIPE,
        cwd=pipeline_file.parent,
    )
    with TreeSampler(helper.pid, sample_interval) as sampler:
        stdout, _ = helper.communicate()
    other_cpu = max(0.0, (cpu_busy_s() - busy_before) - (own_cpu_s() - own_before))
    if helper.returncode != 0:
        raise SystemExit(f"FAIL: the helper process exited with {helper.returncode}")
    report = json.loads(stdout)
    if report["returncode"] != 0:
        raise SystemExit(f"FAIL: {' '.join(command)} exited with {report['returncode']}:\n{report['stderr']}")
    ledger = json.loads((out / "ledger.json").read_text())
    if ledger.get("balanced") is not True:
        raise SystemExit(f"FAIL: {out / 'ledger.json'} does not balance: {ledger}")
    manifest = json.loads((out / "manifest.json").read_text())
    kept = {p.name: sha256_of(p) for p in sorted((out / "kept").glob("*.parquet"))}
    if not kept:
        raise SystemExit(f"FAIL: {out / 'kept'} holds no shard")
    return Run(
        corpus=corpus,
        input_kind=input_kind,
        workers=workers,
        repeat=repeat,
        wall_s=report["wall"],
        cpu_s=report["cpu"],
        peak_rss_mb=report["maxrss_kib"] * 1024 / MB,
        parent_rss_mb=sampler.parent_kib * 1024 / MB,
        max_worker_rss_mb=sampler.max_worker_kib * 1024 / MB,
        tree_rss_mb=sampler.peak_tree_rss * 1024 / MB,
        tree_pss_mb=sampler.peak_tree_pss * 1024 / MB,
        samples=sampler.samples,
        other_cpu_s=other_cpu,
        idle_wait_s=waited,
        tasks=int(manifest["phases"]["round-0"]["items"]),
        ledger=ledger["total"],
        phases=manifest["phases"],
        stage_seconds={s["label"]: s["seconds"] for s in manifest["stages"]},
        kept_sha256=kept,
    )


def measure(
    args: argparse.Namespace,
    vicorpus: Path,
    pipeline_file: Path,
    out: Path,
    corpus: str,
    input_kind: str,
    workers: int,
    repeat: int,
) -> Run:
    """One run; redone (up to ``--retries`` times) while other processes disturbed it."""
    for attempt in range(1, args.retries + 2):
        run = run_once(
            vicorpus,
            pipeline_file,
            out,
            corpus,
            input_kind,
            workers,
            repeat,
            args.sample_interval,
            args.idle_wait,
        )
        run.attempts = attempt
        label = f"{input_kind} workers={workers} run {repeat + 1}"
        print(
            f"  {label}: {run.wall_s:.2f} s, CPU {run.cpu_s:.1f} s, peak RSS {run.peak_rss_mb:.0f} MB, "
            f"{run.tasks} tasks, other CPU {run.other_cpu_s:.1f} s" + (" — contended" if run.contended else ""),
            flush=True,
        )
        if not run.contended:
            break
    return run


# --- preparation --------------------------------------------------------------------


@dataclass
class Prepared:
    corpus: Corpus
    jsonl: Path
    jsonl_bytes: int
    task_bytes: int
    decompress_s: float
    split_pipeline: Path
    xz_pipeline: Path


def _write_pipeline(path: Path, corpus: Corpus, source_path: Path, task_bytes: int) -> None:
    source: dict[str, Any] = {"name": corpus.name, "format": "jsonl", "path": str(source_path)}
    if corpus.keep_fields:
        source["keep_fields"] = list(corpus.keep_fields)
    config = {"sources": [source], "stages": STAGES, "task_bytes": task_bytes}
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def prepare(corpus: Corpus, work: Path, task_mib: float, min_tasks: int) -> Prepared:
    if not corpus.path.exists():
        raise SystemExit(f"FAIL: {corpus.path} not found (the benchmark reads ../shared/data)")
    jsonl = work / f"{corpus.name}.jsonl"
    started = time.perf_counter()
    with lzma.open(corpus.path, "rb") as source, jsonl.open("wb") as target:
        shutil.copyfileobj(source, target, 4 * MiB)
    decompress_s = time.perf_counter() - started
    size = jsonl.stat().st_size
    task_bytes = max(1024, min(int(task_mib * MiB), math.ceil(size / min_tasks)))
    split_pipeline = work / f"{corpus.name}-split.yaml"
    xz_pipeline = work / f"{corpus.name}-xz.yaml"
    _write_pipeline(split_pipeline, corpus, jsonl, task_bytes)
    _write_pipeline(xz_pipeline, corpus, corpus.path, task_bytes)
    return Prepared(corpus, jsonl, size, task_bytes, decompress_s, split_pipeline, xz_pipeline)


# --- summary ------------------------------------------------------------------------


@dataclass
class Row:
    corpus: str
    input_kind: str
    input_mb: float
    docs: int
    tasks: int
    workers: int
    runs: int
    wall_s: float  # median
    wall_min_s: float
    wall_max_s: float
    mb_per_s: float
    docs_per_s: float
    mb_per_s_per_core: float
    docs_per_s_per_core: float
    cpu_s: float  # median
    peak_rss_mb: float  # max over the repeats of ru_maxrss
    parent_rss_mb: float
    max_worker_rss_mb: float
    tree_pss_mb: float
    other_cpu_s: float  # median
    contended_runs: int
    speedup_vs_1w: float | None = None


def summarize(prepared: Prepared, input_kind: str, workers: int, runs: list[Run]) -> Row:
    walls = [r.wall_s for r in runs]
    wall = statistics.median(walls)
    mb = prepared.jsonl_bytes / MB
    docs = int(runs[0].ledger["input"])
    return Row(
        corpus=prepared.corpus.name,
        input_kind=input_kind,
        input_mb=mb,
        docs=docs,
        tasks=runs[0].tasks,
        workers=workers,
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
        parent_rss_mb=max(r.parent_rss_mb for r in runs),
        max_worker_rss_mb=max(r.max_worker_rss_mb for r in runs),
        tree_pss_mb=max(r.tree_pss_mb for r in runs),
        other_cpu_s=statistics.median(r.other_cpu_s for r in runs),
        contended_runs=sum(r.contended for r in runs),
    )


_COLUMNS = (
    ("corpus", "{}"),
    ("input", "{}"),
    ("MB", "{:.1f}"),
    ("docs", "{:,}"),
    ("tasks", "{}"),
    ("workers", "{}"),
    ("wall s", "{:.2f}"),
    ("MB/s", "{:.1f}"),
    ("docs/s", "{:,.0f}"),
    ("MB/s/core", "{:.1f}"),
    ("docs/s/core", "{:,.0f}"),
    ("CPU s", "{:.1f}"),
    ("peak RSS MB", "{:.0f}"),
    ("parent/worker MB", "{}"),
    ("tree PSS MB", "{:.0f}"),
    ("other CPU s", "{:.1f}"),
    ("2w/1w", "{}"),
)


def format_table(rows: list[Row]) -> str:
    cells: list[list[str]] = []
    for r in rows:
        worker = f"{r.max_worker_rss_mb:.0f}" if r.max_worker_rss_mb else "-"
        ratio = f"{r.speedup_vs_1w:.2f}x" if r.speedup_vs_1w is not None else "-"
        values = (
            r.corpus + ("*" if r.contended_runs else ""),
            r.input_kind,
            r.input_mb,
            r.docs,
            r.tasks,
            r.workers,
            r.wall_s,
            r.mb_per_s,
            r.docs_per_s,
            r.mb_per_s_per_core,
            r.docs_per_s_per_core,
            r.cpu_s,
            r.peak_rss_mb,
            f"{r.parent_rss_mb:.0f}/{worker}",
            r.tree_pss_mb,
            r.other_cpu_s,
            ratio,
        )
        cells.append([fmt.format(v) for (_, fmt), v in zip(_COLUMNS, values, strict=True)])
    return markdown_table([name for name, _ in _COLUMNS], cells)


def markdown_table(headers: list[str], cells: list[list[str]]) -> str:
    """A right-aligned Markdown table, columns as wide as their widest cell."""
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]

    def line(items: list[str]) -> str:
        return "| " + " | ".join(x.rjust(w) for x, w in zip(items, widths, strict=True)) + " |"

    out = [line(headers), "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|"]
    out.extend(line(c) for c in cells)
    return "\n".join(out)


def machine_info() -> dict[str, Any]:
    model = ""
    try:
        for text_line in Path("/proc/cpuinfo").read_text().splitlines():
            if text_line.startswith("model name"):
                model = text_line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from importlib.metadata import version

        vicorpus_version = version("vicorpus")
    except Exception:
        vicorpus_version = "?"
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "cpu_model": model,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "vicorpus": vicorpus_version,
    }


# --- profiling ----------------------------------------------------------------------


def profile_once(python: Path, pipeline_file: Path, out: Path, top: int) -> list[dict[str, Any]]:
    """cProfile one workers=1 run (all tasks run in the CLI process)."""
    profile = out.with_suffix(".prof")
    command = [
        str(python),
        "-m",
        "cProfile",
        "-o",
        str(profile),
        "-m",
        "vicorpus",
        "run",
        str(pipeline_file),
        "--output",
        str(out),
        "--workers",
        "1",
        "--quiet",
        "--overwrite",
    ]
    done = subprocess.run(command, cwd=pipeline_file.parent, capture_output=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"FAIL: profiling run failed:\n{done.stderr.decode('utf-8', 'replace')}")
    stats = pstats.Stats(str(profile), stream=io.StringIO())
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in raw.values()) or 1.0
    entries = sorted(raw.items(), key=lambda item: item[1][2], reverse=True)[:top]
    result = []
    for (filename, lineno, function), (_, ncalls, tottime, cumtime, _) in entries:
        where = function if filename == "~" else f"{Path(filename).name}:{lineno}({function})"
        result.append(
            {
                "function": where,
                "ncalls": ncalls,
                "tottime_s": round(tottime, 3),
                "cumtime_s": round(cumtime, 3),
                "share": round(tottime / total, 4),
            }
        )
    return result


# --- main ---------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark vicorpus's machinery (read → normalize → exact dedup → write).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per configuration (median)")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts; ratios are against 1")
    parser.add_argument(
        "--corpus",
        action="append",
        choices=sorted(CORPORA),
        help="corpus to run (repeatable); default all",
    )
    parser.add_argument("--task-mib", type=float, default=8.0, help="pipeline task_bytes, in MiB")
    parser.add_argument("--min-tasks", type=int, default=8, help="shrink task_bytes to get this many tasks")
    parser.add_argument("--no-xz", action="store_true", help="skip the run reading the .xz file directly")
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
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="cProfile one workers=1 run per corpus and print the top N functions",
    )
    parser.add_argument("--json", type=Path, default=None, help="write all results as JSON here")
    parser.add_argument(
        "--vicorpus",
        type=Path,
        default=REPO / ".venv" / "bin" / "vicorpus",
        help="the vicorpus executable",
    )
    parser.add_argument("--tmpdir", type=Path, default=None, help="parent of the temporary folder")
    parser.add_argument("--keep-temp", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    args.worker_counts = sorted({int(w) for w in str(args.workers).split(",") if w.strip()})
    if args.repeat < 1 or not args.worker_counts or min(args.worker_counts) < 1:
        parser.error("--repeat and --workers must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    vicorpus: Path = args.vicorpus
    if not vicorpus.exists():
        found = shutil.which("vicorpus")
        if found is None:
            raise SystemExit(f"FAIL: {vicorpus} not found; run `make install`")
        vicorpus = Path(found)
    python = vicorpus.parent / "python"
    corpora = [CORPORA[name] for name in (args.corpus or sorted(CORPORA))]
    info = machine_info()
    print(
        f"vicorpus {info['vicorpus']} · {info['date']} · {info['cpu_count']} cores "
        f"({info['cpu_model']}) · Python {info['python']}"
    )
    print("pipeline: normalize → length_filter(min_chars=200) → exact_dedup")
    most = max(args.worker_counts)
    ceiling: float | None = None
    if most > 1:
        ratio, disturbed = 0.0, False
        for _ in range(args.retries + 1):
            if args.idle_wait > 0:
                wait_for_idle(args.idle_wait)
            ratio, disturbed = parallel_ceiling(most)
            if not disturbed:
                break
        ceiling = ratio
        info["parallel_ceiling"] = {"workers": most, "ratio": round(ratio, 3), "contended": disturbed}
        print(
            f"machine check: {most} busy-loop processes run {ratio:.2f}x as fast as one "
            f"(ideal {most}.00)" + (" — contended by other processes" if disturbed else "")
        )
    work = Path(tempfile.mkdtemp(prefix="vicorpus-bench-", dir=args.tmpdir))
    runs: list[Run] = []
    rows: list[Row] = []
    checks: list[str] = []
    profiles: dict[str, list[dict[str, Any]]] = {}
    prepared_all: list[Prepared] = []
    try:
        for corpus in corpora:
            prepared = prepare(corpus, work, args.task_mib, args.min_tasks)
            prepared_all.append(prepared)
            print(
                f"\n{corpus.name}: {prepared.jsonl_bytes / MB:.1f} MB JSONL "
                f"(xz -d in {prepared.decompress_s:.1f} s), task_bytes={prepared.task_bytes:,}",
                flush=True,
            )
            by_workers: dict[int, list[Run]] = {w: [] for w in args.worker_counts}
            for repeat in range(args.repeat):
                for workers in args.worker_counts:
                    out = work / f"out-{corpus.name}-w{workers}"
                    run = measure(args, vicorpus, prepared.split_pipeline, out, corpus.name, "jsonl", workers, repeat)
                    by_workers[workers].append(run)
                    runs.append(run)
            reference = by_workers[args.worker_counts[0]][0]
            if reference.tasks < args.min_tasks:
                print(f"  WARNING: only {reference.tasks} tasks (wanted {args.min_tasks})")
            for run in (r for group in by_workers.values() for r in group):
                if run.kept_sha256 != reference.kept_sha256:
                    raise SystemExit(
                        f"FAIL: {corpus.name}: kept/ shards of workers={run.workers} run "
                        f"{run.repeat + 1} differ from workers={reference.workers} run 1"
                    )
                if run.ledger != reference.ledger:
                    raise SystemExit(f"FAIL: {corpus.name}: ledgers differ between runs")
            message = (
                f"{corpus.name}: OK — ledger balanced in all {sum(map(len, by_workers.values()))} runs; "
                f"kept/ shards byte-identical ({len(reference.kept_sha256)} files) for workers="
                f"{','.join(map(str, args.worker_counts))} and every repeat"
            )
            corpus_rows = [summarize(prepared, "jsonl", w, by_workers[w]) for w in args.worker_counts]
            base = corpus_rows[0]
            if base.workers == 1:
                for row in corpus_rows[1:]:
                    row.speedup_vs_1w = base.wall_s / row.wall_s
            rows.extend(corpus_rows)
            if not args.no_xz:
                out = work / f"out-{corpus.name}-xz"
                run = measure(args, vicorpus, prepared.xz_pipeline, out, corpus.name, "xz", 1, 0)
                if run.ledger != reference.ledger:
                    raise SystemExit(
                        f"FAIL: {corpus.name}: the .xz run's ledger {run.ledger} differs from "
                        f"the split runs' {reference.ledger}"
                    )
                message += "; the .xz run's ledger matches"
                runs.append(run)
                rows.append(summarize(prepared, "xz", 1, [run]))
            checks.append(message)
            shutil.rmtree(work / f"out-{corpus.name}-xz", ignore_errors=True)
            if args.profile:
                out = work / f"profile-{corpus.name}"
                profiles[corpus.name] = profile_once(python, prepared.split_pipeline, out, args.profile)
            prepared.jsonl.unlink()  # disk: only one corpus decompressed at a time
    finally:
        if args.keep_temp:
            print(f"\ntemporary files kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print(
        f"\nMedian of {args.repeat} runs (xz: 1 run). MB = 10^6 bytes of uncompressed JSONL; "
        "per core = divided by workers.\npeak RSS = largest single process (ru_maxrss); "
        "parent/worker = sampled peak RSS of the CLI process / of the largest worker "
        "('-': tasks ran in the parent);\ntree PSS = sampled peak of the summed PSS of all "
        "processes of the run (shared pages split);\nother CPU s = CPU seconds used by "
        "other processes of the machine during the run (contention; should be ~0)."
    )
    print(format_table(rows))
    for row in rows:
        if row.speedup_vs_1w is not None:
            print(
                f"{row.corpus}: {row.workers} workers / 1 worker throughput = {row.speedup_vs_1w:.2f}x "
                f"({row.speedup_vs_1w / row.workers:.0%} parallel efficiency"
                + (f"; machine ceiling {ceiling:.2f}x)" if ceiling is not None else ")")
            )
    noisy = [r for r in runs if r.contended]
    if noisy:
        print(
            f"WARNING: {len(noisy)} of {len(runs)} measured runs shared the machine with other "
            f"processes (other CPU > {CONTENDED:.0%} of wall × cores, even after --retries); rows "
            "marked * include such runs and their times are inflated — see 'other CPU s'."
        )
    print("\nWhere the time goes (workers=1, median run; seconds summed over tasks, from manifest.json):")
    for prepared in prepared_all:
        ones = sorted(
            (r for r in runs if r.corpus == prepared.corpus.name and r.input_kind == "jsonl" and r.workers == 1),
            key=lambda r: r.wall_s,
        )
        if ones:
            mid = ones[len(ones) // 2]
            phases = ", ".join(f"{k} {v['seconds']:.2f}" for k, v in sorted(mid.phases.items()))
            stages = ", ".join(f"{k} {v:.2f}" for k, v in mid.stage_seconds.items())
            print(f"  {prepared.corpus.name}: wall {mid.wall_s:.2f}; phases: {phases}; stages: {stages}")
    for name, top in profiles.items():
        print(f"\ncProfile, {name}, workers=1 — top {len(top)} by own time:")
        for entry in top:
            print(f"  {entry['tottime_s']:7.2f} s {entry['share']:6.1%}  {entry['ncalls']:>8}  {entry['function']}")
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
                "stages": STAGES,
                "task_bytes": {p.corpus.name: p.task_bytes for p in prepared_all},
            },
            "summary": [asdict(r) for r in rows],
            "runs": [asdict(r) for r in runs],
            "profiles": profiles,
            "checks": checks,
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
