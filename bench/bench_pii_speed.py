"""PII detection speed: vicorpus's ``find_pii``, ``redact`` and ``redact_pii`` stage against datatrove's PIIFormatter.

Run it with the project's virtualenv::

    .venv/bin/python bench/bench_pii_speed.py                              # 20,000 docs per corpus (≈ 5 min)
    .venv/bin/python bench/bench_pii_speed.py --docs 1000 --repeat 1       # quick look
    .venv/bin/python bench/bench_pii_speed.py --corpora news --json /tmp/pii_speed.json
    .venv/bin/python bench/bench_pii_speed.py --help

Documents: up to ``--docs`` real documents per corpus, drawn with ``--seed`` from ``../shared/data`` (read
in place, never copied into the repository; empty texts skipped, text byte for byte), one JSONL file per
corpus in a temporary folder that both tools read:

- ``news``: Báo Mới articles, ``baomoi-news-2017/baomoi_news.jsonl.xz`` (field ``text``);
- ``wiki``: Wikipedia, ``viwiki-undertheseanlp/viwiki.jsonl.xz`` (field ``text``; it holds 7,862 articles,
  so ``--docs`` above that takes them all);
- ``social``: ViHSD Facebook/YouTube comments, ``social-comments-uit/vihsd_train.csv.xz`` (column
  ``free_text``).

What is timed (one process per tool, each pinned to the same CPU with ``sched_setaffinity``, reference
first, then vicorpus; the texts are in memory before the clock starts; building the tool and a warm-up
call are timed apart as "setup"; ``--repeat`` passes per corpus and measure, the median is reported):

- **reference** (``bench/datatrove_pii_reference.py``, run by the Python of ``--fineweb2-venv``; datatrove
  is never a vicorpus dependency): ``PIIFormatter().format(text)`` per document, datatrove's defaults —
  e-mail addresses and public IPv4 addresses only. Replacements are counted in a pass outside the clock.
- **vicorpus** ``find_pii``: ``find_pii(text)`` per document (default kinds: phones, e-mails, citizen IDs,
  passports, personal tax codes, bank cards, bank accounts, licence plates, IP addresses).
- **vicorpus** ``redact``: ``redact(text)`` per document (the same, plus the placeholders and the second
  pass ``redact`` makes when the first found something).
- **vicorpus** ``redact_pii`` stage: ``RedactPii()(batch)`` on Polars batches of ``--batch`` documents
  (columns ``text`` and a null String ``drop_reason``), ``POLARS_MAX_THREADS=1``. Not timed: building the
  batches.

The ratio compares the cost of the tool a user would otherwise run, not equal work: the reference looks
for 2 kinds with two regular expressions, vicorpus for 9 with context checks. Outside the medians the
vicorpus process also times each detector alone over every document, runs ``find_pii`` once more
document by document (the slowest documents), and profiles ``find_pii`` with cProfile on the first
``--profile-docs`` documents of each corpus (the context checks' share).

MB = 10^6 bytes of UTF-8 text; "per core" = per pinned process. "other CPU s" is the CPU the rest of the
machine used during the timed loop (``/proc/stat`` minus the process's own); a figure above 5 % of the
machine's CPU time marks the row ``*`` (as in ``bench_machinery.py``).
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import json
import lzma
import os
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import orjson

from bench_machinery import CONTENDED, DATA, MB, cpu_busy_s, machine_info, markdown_table
from bench_minhash_vs_datatrove import DEFAULT_VENV, read_texts, run_child

REFERENCE_SCRIPT = Path(__file__).resolve().parent / "datatrove_pii_reference.py"
CORPORA = {  # name: (file, field or column)
    "news": ("baomoi-news-2017/baomoi_news.jsonl.xz", "text"),
    "wiki": ("viwiki-undertheseanlp/viwiki.jsonl.xz", "text"),
    "social": ("social-comments-uit/vihsd_train.csv.xz", "free_text"),
}
MEASURES = ("find_pii", "redact", "stage")
TARGET_MB_S = 20.0  # the target on news, per core
SLOWEST = 3
MIN_OTHER_CPU_S = 0.05  # other processes' CPU below this never marks a row (see summarize)
PROFILED = (  # (label, module, function) whose cumulative time cProfile reports
    ("find_email_spans", "network.py", "find_email_spans"),
    ("find_passport_spans", "identity.py", "find_passport_spans"),
    ("find_digit_led_spans", "scan.py", "find_digit_led_spans"),
    ("find_ipv6_spans", "network.py", "find_ipv6_spans"),
    ("context: before", "context.py", "before"),
    ("context: anywhere_before", "context.py", "anywhere_before"),
    ("context: after", "context.py", "after"),
)
T = TypeVar("T")


def corpus_texts(name: str) -> list[str]:
    relative, column = CORPORA[name]
    if relative.endswith(".jsonl.xz"):
        return read_texts(relative)
    with lzma.open(DATA / relative, "rb") as handle:
        return [row.get(column) or "" for row in csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8"))]


def draw(name: str, docs: int, seed: int, path: Path) -> dict[str, int]:
    """Write up to ``docs`` non-empty documents of corpus ``name``, drawn with ``seed``, to ``path``."""
    texts = [t for t in corpus_texts(name) if t.strip()]
    chosen = sorted(random.Random(f"{seed}:{name}").sample(range(len(texts)), min(docs, len(texts))))
    with path.open("wb") as handle:
        for index in chosen:
            handle.write(orjson.dumps({"doc_key": f"{name}:{index}", "text": texts[index]}) + b"\n")
    return {"docs": len(chosen), "available": len(texts), "bytes": sum(len(texts[i].encode()) for i in chosen)}


# --- the vicorpus side (a child process of this script) ------------------------------


def stage_batch(texts: list[str]) -> Any:
    """What ``redact_pii`` gets from the runner: ``text`` and a null ``drop_reason`` (String)."""
    import polars as pl

    from vicorpus.schema import DROP_REASON

    return pl.DataFrame(
        {"text": texts, DROP_REASON: [None] * len(texts)}, schema={"text": pl.String, DROP_REASON: pl.String}
    )


def timed_passes(work: Callable[[], T], repeat: int) -> tuple[list[dict[str, float]], T]:
    """Run ``work`` ``repeat`` times; each pass's wall, CPU and other processes' CPU, and the last result."""
    passes: list[dict[str, float]] = []
    result: T
    for _ in range(repeat):
        busy, cpu_before, wall_before = cpu_busy_s(), time.process_time(), time.perf_counter()
        result = work()
        wall, used = time.perf_counter() - wall_before, time.process_time() - cpu_before
        passes.append({"wall_s": wall, "cpu_s": used, "other_cpu_s": max(0.0, cpu_busy_s() - busy - used)})
    return passes, result


def detector_profile(texts: list[str]) -> dict[str, Any]:
    """cProfile of ``find_pii`` over ``texts``: total and cumulative seconds of the PROFILED functions."""
    from vicorpus.pii import find_pii

    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        find_pii(text)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(tt for (_, _, _), (_, _, tt, _, _) in stats.items())
    cumulative = dict.fromkeys((label for label, _, _ in PROFILED), 0.0)
    for (filename, _, function), (_, _, _, ct, _) in stats.items():
        for label, module, name in PROFILED:
            if function == name and filename.endswith(f"pii/{module}"):
                cumulative[label] += ct
    own = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:8]
    return {
        "docs": len(texts),
        "total_s": total,
        "cumulative_s": cumulative,
        "top_own_s": [{"function": f"{Path(f).name}:{fn}", "own_s": v[2]} for (f, _, fn), v in own],
    }


def slowest_documents(texts: list[str], seconds: list[float]) -> dict[str, list[dict[str, Any]]]:
    sizes = [len(t.encode()) for t in texts]
    by_time = sorted(range(len(texts)), key=lambda i: seconds[i], reverse=True)[:SLOWEST]
    per_mb = [i for i in range(len(texts)) if sizes[i] >= 1000]
    by_rate = sorted(per_mb, key=lambda i: seconds[i] / sizes[i], reverse=True)[:SLOWEST]
    return {
        "by_time": [{"doc": i, "bytes": sizes[i], "seconds": seconds[i]} for i in by_time],
        "by_s_per_mb": [{"doc": i, "bytes": sizes[i], "seconds": seconds[i]} for i in by_rate],
    }


def vicorpus_corpus(texts: list[str], batch_size: int, repeat: int, profile_docs: int) -> dict[str, Any]:
    import polars as pl

    from vicorpus.pii import find_pii, redact
    from vicorpus.pii.identity import find_passport_spans
    from vicorpus.pii.network import find_email_spans, find_ipv6_spans
    from vicorpus.pii.scan import find_digit_led_spans
    from vicorpus.stages.privacy.redact import PII_COLUMNS, RedactPii

    stage = RedactPii()
    batches = [stage_batch(texts[start : start + batch_size]) for start in range(0, len(texts), batch_size)]
    found_passes, found = timed_passes(lambda: [find_pii(t) for t in texts], repeat)
    redact_passes, redacted = timed_passes(lambda: [redact(t) for t in texts], repeat)
    stage_passes, outputs = timed_passes(lambda: [stage(b) for b in batches], repeat)

    clock = time.perf_counter
    detectors: dict[str, float] = {}
    for detector in (find_email_spans, find_passport_spans, find_digit_led_spans, find_ipv6_spans):
        started = clock()
        for text in texts:
            for _ in detector(text):
                pass
        detectors[detector.__name__] = clock() - started
    per_doc: list[float] = []
    for text in texts:
        started = clock()
        find_pii(text)
        per_doc.append(clock() - started)
    return {
        "docs": len(texts),
        "bytes": sum(len(t.encode()) for t in texts),
        "find_pii": {
            "timed": found_passes,
            "found": sum(len(spans) for spans in found),
            "found_by_kind": dict(Counter(span.kind.value for spans in found for span in spans).most_common()),
            "docs_touched": sum(1 for spans in found if spans),
        },
        "redact": {
            "timed": redact_passes,
            "found": sum(len(spans) for _, spans in redacted),
            "docs_changed": sum(1 for (new, _), old in zip(redacted, texts, strict=True) if new != old),
        },
        "stage": {
            "timed": stage_passes,
            "batches": len(batches),
            "found": int(sum(out.select(pl.sum_horizontal(*PII_COLUMNS).sum()).item() for out in outputs)),
        },
        "detectors_s": detectors,
        "slowest": slowest_documents(texts, per_doc),
        "profile": detector_profile(texts[:profile_docs]) if profile_docs > 0 else None,
    }


def vicorpus_child(
    timing: Path, inputs: list[Path], batch_size: int, repeat: int, cpu: int | None, profile: int
) -> None:
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
    started = time.perf_counter()
    import polars  # noqa: F401 — its import counts in import_s, not in setup_s

    from vicorpus.pii import find_pii, redact
    from vicorpus.stages.privacy.redact import RedactPii

    imported = time.perf_counter()
    corpora: dict[str, list[str]] = {}
    for path in inputs:
        with path.open("rb") as handle:
            corpora[path.stem] = [orjson.loads(line)["text"] for line in handle if line.strip()]
    warm = time.perf_counter()
    sample = "Liên hệ anh Nam, SĐT 0912.345.678, email nam@example.com, STK 0011004123456 Vietcombank."
    find_pii(sample)
    redact(sample)
    RedactPii()(stage_batch([sample]))
    setup = time.perf_counter() - warm
    from importlib.metadata import version

    report = {
        "tool": "vicorpus",
        "versions": {name: version(name) for name in ("vicorpus", "polars")},
        "config": RedactPii().settings(),
        "cpu_pinned": cpu,
        "import_s": imported - started,
        "setup_s": setup,
        "corpora": {name: vicorpus_corpus(texts, batch_size, repeat, profile) for name, texts in corpora.items()},
    }
    timing.write_text(json.dumps(report, indent=1))


# --- the driver ----------------------------------------------------------------------


def ensure_reference(venv: Path) -> Path:
    """The reference's Python: the quality benchmark's venv, where ``PIIFormatter`` must import."""
    from fineweb2_venv import ensure_reference_venv

    python, _ = ensure_reference_venv(venv, sys.executable, reinstall=False)
    probe = "from datatrove.pipeline.formatters import PIIFormatter; PIIFormatter().format('a@b.vn 8.8.8.8')"
    done = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"FAIL: PIIFormatter does not import in {venv}:\n{done.stderr[-2000:]}")
    return python


def summarize(passes: list[dict[str, float]]) -> dict[str, Any]:
    """Median wall; CPU and other processes' CPU of the pass closest to it; the ``*`` mark."""
    walls = [p["wall_s"] for p in passes]
    median = statistics.median(walls)
    middle = min(passes, key=lambda p: abs(p["wall_s"] - median))
    return {
        "wall_s": median,
        "cpu_s": middle["cpu_s"],
        "other_cpu_s": middle["other_cpu_s"],
        # /proc/stat counts in ticks (10 ms): a floor keeps sub-second loops from being marked by rounding.
        "contended": middle["other_cpu_s"] > max(CONTENDED * median * (os.cpu_count() or 1), MIN_OTHER_CPU_S),
    }


def result_rows(reports: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    reference = reports.get("datatrove", {}).get("corpora", {})
    for name, corpus in reports["vicorpus"]["corpora"].items():
        measured = [("datatrove PIIFormatter", reference[name])] if name in reference else []
        measured += [(f"vicorpus {measure}", corpus[measure]) for measure in MEASURES]
        reference_wall = summarize(reference[name]["timed"])["wall_s"] if name in reference else None
        for tool, data in measured:
            row = {"corpus": name, "tool": tool, "docs": corpus["docs"], "mb": corpus["bytes"] / MB}
            row.update(summarize(data["timed"]), found=data["found"])
            row["mb_per_s"] = row["mb"] / row["wall_s"]
            row["docs_per_s"] = row["docs"] / row["wall_s"]
            is_vicorpus = tool.startswith("vicorpus") and reference_wall is not None
            row["vs_reference"] = reference_wall / row["wall_s"] if is_vicorpus else None
            rows.append(row)
    return rows


def speed_table(rows: list[dict[str, Any]]) -> str:
    cells = [
        [
            row["corpus"] + ("*" if row["contended"] else ""),
            row["tool"],
            f"{row['docs']:,}",
            f"{row['mb']:.2f}" if row["mb"] < 10 else f"{row['mb']:.1f}",
            f"{row['wall_s']:.2f}",
            f"{row['cpu_s']:.2f}",
            f"{row['mb_per_s']:.1f}",
            f"{row['docs_per_s']:,.0f}",
            f"{row['found']:,}",
            f"{row['other_cpu_s']:.2f}",
            "-" if row["vs_reference"] is None else f"{row['vs_reference']:.2f}x",
        ]
        for row in rows
    ]
    headers = ["corpus", "tool", "docs", "MB", "timed s", "CPU s", "MB/s per core", "docs/s per core"]
    return markdown_table([*headers, "spans / replacements", "other CPU s", "vicorpus / reference"], cells)


def kinds_table(reports: dict[str, dict[str, Any]]) -> str:
    cells = []
    for name, corpus in reports["vicorpus"]["corpora"].items():
        kinds = corpus["find_pii"]["found_by_kind"]
        reference = reports.get("datatrove", {}).get("corpora", {}).get(name)
        ref = "-" if reference is None else "{email:,} / {ip_address:,}".format(**reference["found_by_kind"])
        touched = corpus["find_pii"]["docs_touched"]
        cells.append(
            [
                name,
                ref,
                f"{kinds.get('email', 0):,} / {kinds.get('ip_address', 0):,}",
                "-" if reference is None else f"{reference['docs_changed']:,}",
                f"{touched:,} ({touched / max(corpus['docs'], 1):.1%})",
                ", ".join(f"{kind} {count:,}" for kind, count in kinds.items()) or "-",
            ]
        )
    headers = ["corpus", "reference e-mails / IPs", "vicorpus e-mails / IPs", "reference docs changed"]
    return markdown_table([*headers, "vicorpus docs touched", "vicorpus spans by kind"], cells)


def detector_table(reports: dict[str, dict[str, Any]]) -> str:
    cells = []
    for name, corpus in reports["vicorpus"]["corpora"].items():
        find = summarize(corpus["find_pii"]["timed"])["wall_s"]
        for detector, seconds in corpus["detectors_s"].items():
            cells.append([name, detector, f"{seconds:.3f}", f"{seconds / find:.0%}"])
        rest = find - sum(corpus["detectors_s"].values())
        cells.append([name, "rest (overlaps, sorting, calls)", f"{rest:.3f}", f"{rest / find:.0%}"])
        profile = corpus["profile"]
        if profile:
            for label, seconds in profile["cumulative_s"].items():
                if label.startswith("context"):
                    share = seconds / max(profile["total_s"], 1e-9)
                    label = f"{label} (cProfile, {profile['docs']:,} docs)"
                    cells.append([name, label, f"{seconds:.3f}", f"{share:.0%}"])
    return markdown_table(["corpus", "detector", "seconds", "share of find_pii"], cells)


def slowest_lines(reports: dict[str, dict[str, Any]]) -> list[str]:
    def describe(items: list[dict[str, Any]]) -> str:
        return "; ".join(
            f"{item['bytes'] / 1000:,.1f} KB in {item['seconds'] * 1000:.1f} ms"
            f" ({item['bytes'] / MB / max(item['seconds'], 1e-9):.1f} MB/s)"
            for item in items
        )

    lines = []
    for name, corpus in reports["vicorpus"]["corpora"].items():
        lines.append(f"{name}: find_pii slowest documents: {describe(corpus['slowest']['by_time'])}")
        lines.append(f"{name}: find_pii lowest MB/s (documents ≥ 1 KB): {describe(corpus['slowest']['by_s_per_mb'])}")
        reference = reports.get("datatrove", {}).get("corpora", {}).get(name)
        if reference is not None:
            lines.append(f"{name}: PIIFormatter slowest documents: {describe(reference['slowest'])}")
    return lines


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20_000, help="documents per corpus, at most (default 20,000)")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--corpora", default=",".join(CORPORA), help="comma-separated (default news,wiki,social)")
    parser.add_argument("--batch", type=int, default=2000, help="rows per batch for the stage (default 2,000)")
    parser.add_argument("--repeat", type=int, default=3, help="passes per measure, median reported (default 3)")
    parser.add_argument("--profile-docs", type=int, default=1000, help="documents profiled per corpus (0: none)")
    parser.add_argument("--cpu", type=int, default=0, help="CPU both processes are pinned to (-1: no pinning)")
    parser.add_argument("--fineweb2-venv", type=Path, default=DEFAULT_VENV, help="the reference's virtualenv")
    parser.add_argument("--skip-reference", action="store_true", help="vicorpus only (no ratio)")
    parser.add_argument("--idle-wait", type=float, default=20.0, help="seconds to wait for a quiet machine")
    parser.add_argument("--tmpdir", type=Path, default=None, help="where the temporary folder goes")
    parser.add_argument("--keep-temp", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="write everything to this JSON file")
    parser.add_argument("--child-vicorpus", nargs="+", type=Path, metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.corpora = [name.strip() for name in args.corpora.split(",") if name.strip()]
    unknown = sorted(set(args.corpora) - set(CORPORA))
    if unknown:
        parser.error(f"unknown corpora {unknown}; choose from {', '.join(CORPORA)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    cpu = None if args.cpu < 0 else args.cpu
    if args.child_vicorpus:
        timing, *inputs = args.child_vicorpus
        vicorpus_child(timing, inputs, args.batch, args.repeat, cpu, args.profile_docs)
        return 0
    machine = machine_info()
    print(f"machine: {machine['cpu_count']} cores, {machine['cpu_model']}, Python {machine['python']}")
    python = None if args.skip_reference else ensure_reference(args.fineweb2_venv)
    if args.tmpdir is not None:
        args.tmpdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="pii-speed-", dir=args.tmpdir))
    reports: dict[str, dict[str, Any]] = {}
    try:
        inputs: list[Path] = []
        drawn: dict[str, dict[str, int]] = {}
        for name in args.corpora:
            started = time.perf_counter()
            inputs.append(work / f"{name}.jsonl")
            drawn[name] = draw(name, args.docs, args.seed, inputs[-1])
            print(
                f"{name}: {drawn[name]['docs']:,} of {drawn[name]['available']:,} documents, "
                f"{drawn[name]['bytes'] / MB:.1f} MB, drawn in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
        pin = [] if cpu is None else ["--cpu", str(cpu)]
        if python is not None:
            print("reference (datatrove PIIFormatter) …", flush=True)
            timing = work / "reference.json"
            command = [str(python), str(REFERENCE_SCRIPT), str(timing), *map(str, inputs), *pin]
            reports["datatrove"] = run_child([*command, "--repeat", str(args.repeat)], timing, args.idle_wait)
        print("vicorpus …", flush=True)
        timing = work / "vicorpus.json"
        command = [sys.executable, str(Path(__file__).resolve()), "--child-vicorpus", str(timing), *map(str, inputs)]
        command += ["--batch", str(args.batch), "--repeat", str(args.repeat), "--cpu", str(args.cpu)]
        command += ["--profile-docs", str(args.profile_docs)]
        reports["vicorpus"] = run_child(command, timing, args.idle_wait)
    finally:
        if args.keep_temp:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    rows = result_rows(reports)
    print()
    print(speed_table(rows))
    print()
    print(kinds_table(reports))
    print()
    print(detector_table(reports))
    print()
    for line in slowest_lines(reports):
        print(line)
    for tool, report in reports.items():
        print(f"{tool}: setup {report['setup_s']:.2f} s; versions {report['versions']}")
    for row in rows:
        if row["corpus"] == "news" and row["tool"].startswith("vicorpus"):
            verdict = "met" if row["mb_per_s"] >= TARGET_MB_S else "NOT met"
            print(f"target ≥ {TARGET_MB_S:.0f} MB/s per core on news, {row['tool']}: {row['mb_per_s']:.1f} — {verdict}")
    if args.json is not None:
        payload = {"machine": machine, "args": vars(args), "drawn": drawn, "rows": rows, "reports": reports}
        args.json.write_text(json.dumps(payload, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
