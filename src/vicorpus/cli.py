"""The ``vicorpus`` command line. Data on stdout, logs and progress on stderr.

Exit codes: 0 ok, 1 failed run, 2 usage or configuration error.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from vicorpus.errors import ConfigError, ExitCode, OutputFolderConflict, RunFailed

if TYPE_CHECKING:
    from vicorpus.run.ledger import Ledger

app = typer.Typer(
    name="vicorpus",
    help="Turn raw Vietnamese text into LLM training data you can trust and publish.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)


class Executor(StrEnum):
    LOCAL = "local"
    RAY = "ray"


@app.command()
def run(
    pipeline_file: Annotated[Path, typer.Argument(help="Pipeline YAML file.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output folder (overrides the YAML).")] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", "-w", min=1, help="Worker processes (default: one per core)."),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace an output folder that holds another run.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary on stderr.")] = False,
    executor: Annotated[
        Executor,
        typer.Option("--executor", help="local (processes on this machine) or ray (pip install vicorpus[ray])."),
    ] = Executor.LOCAL,
    address: Annotated[
        str | None,
        typer.Option(
            "--address", help="With --executor ray: the cluster (auto, ray://head:10001); default a local Ray."
        ),
    ] = None,
) -> None:
    """Run a pipeline; resumes an interrupted run of the same configuration."""
    try:
        with _collector_paused():  # start-up: the pipeline's modules and its config
            from vicorpus.huge_pages import prefer_small_pages
            from vicorpus.numba_start import skip_numba_blas_probe

            skip_numba_blas_probe()
            prefer_small_pages()
            from vicorpus.pipeline import Pipeline

            pipeline = Pipeline.from_yaml(pipeline_file)
        ledger = pipeline.run(
            output,
            workers=workers,
            overwrite=overwrite,
            progress=not quiet,
            executor=executor.value,
            address=address,
        )
    except ConfigError as error:
        _fail(ExitCode.USAGE, "configuration error", error.problems)
    except OutputFolderConflict as error:
        _fail(ExitCode.USAGE, "output folder conflict", [str(error)])
    except RunFailed as error:
        _fail(ExitCode.RUN_FAILED, "run failed", [str(error)])
    except Exception as error:  # a bug, not bad input: say so plainly, keep the trace on demand
        if os.environ.get("VICORPUS_DEBUG"):
            raise
        problems = [f"{type(error).__name__}: {error}", "set VICORPUS_DEBUG=1 to see the traceback"]
        _fail(ExitCode.RUN_FAILED, "internal error", problems)
    out_dir = (output or pipeline.resolve(pipeline.output or ".")).resolve()
    if not quiet:
        _print_summary(ledger)
        err.print(f"output: {out_dir}  (kept/ … quarantine/, ledger.json, manifest.json, README.md, report.html, …)")
    typer.echo(str(out_dir))


@app.command()
def report(
    output_dir: Annotated[Path, typer.Argument(help="Output folder of a finished run.")],
) -> None:
    """Write the release papers and report.html of a finished run again (from the folder alone)."""
    from vicorpus.release.papers import write_release_papers

    with _reported("not a finished run", "report failed"):
        written = write_release_papers(output_dir.resolve())
    for path in written:
        typer.echo(str(path))


def _labels(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


@app.command()
def select(
    output_dir: Annotated[Path, typer.Argument(help="Output folder of a finished run.")],
    subset: Annotated[Path, typer.Option("--output", "-o", help="Folder for the subset (created).")],
    domain: Annotated[
        str | None, typer.Option("--domain", help="Comma-separated domain labels, e.g. health,agriculture.")
    ] = None,
    dialect: Annotated[
        str | None, typer.Option("--dialect", help="Comma-separated dialects: northern, central, southern, unknown.")
    ] = None,
    min_domain_score: Annotated[
        float | None, typer.Option("--min-domain-score", help="Keep only documents labelled at least this surely.")
    ] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an earlier subset folder.")] = False,
) -> None:
    """Cut a subset of a run's kept documents by domain and dialect, with its own ledger and papers."""
    from vicorpus.subset import Selection, select_subset

    selection = Selection(_labels(domain), _labels(dialect), min_domain_score)
    with _reported("usage error", "select failed"):
        result = select_subset(output_dir, subset, selection, overwrite=overwrite)
    err.print(f"selected {result.kept:,} of {result.input:,} kept documents", highlight=False)
    typer.echo(str(subset.resolve()))


@app.command("train-tokenizer")
def train_tokenizer(
    output_dir: Annotated[Path, typer.Argument(help="Output folder of a finished run.")],
    tokenizer_dir: Annotated[
        Path, typer.Option("--output", "-o", help="Folder to write the tokenizer to (HF format).")
    ],
    vocab_size: Annotated[
        int, typer.Option("--vocab-size", help="Vocabulary size incl. 4 special tokens (260 to 1,000,000).")
    ],
    model: Annotated[str, typer.Option("--model", help="bpe (default) or unigram.")] = "bpe",
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite", help="Replace a previous tokenizer folder (one holding only the files this command writes)."
        ),
    ] = False,
) -> None:
    """Train a Vietnamese tokenizer on a run's kept text and report its fertility against baselines."""
    from vicorpus.commands.train_tokenizer import format_report, train_tokenizer_command

    with _reported("cannot train a tokenizer", "train-tokenizer failed"):
        report = train_tokenizer_command(output_dir, tokenizer_dir, vocab_size, model, overwrite)
    for line in format_report(report):
        err.print(line, highlight=False, markup=False)
    typer.echo(str(report.tokenizer_dir))


@app.command("train-domain")
def train_domain(
    model_dir: Annotated[Path, typer.Option("--output", "-o", help="Folder for domain_model.npz and its evaluation.")],
    data: Annotated[
        Path, typer.Option("--data", help="The shared data folder (VNTC, laws, UIT-VSFC, Báo Mới).")
    ] = Path("../shared/data"),
    hand_labels: Annotated[
        Path | None,
        typer.Option("--hand-labels", help="JSONL of hand-labelled Báo Mới ids: held out and evaluated."),
    ] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing domain_model.npz.")] = False,
) -> None:
    """Train the domain model (12 topics) on labelled Vietnamese corpora; print per-label F1."""
    from vicorpus.commands.train_domain import format_evaluation, train_domain_command

    with _reported("usage error", "train-domain failed"):
        result = train_domain_command(data, model_dir, hand_labels, overwrite=overwrite)
    for evaluation in result.evaluations:
        for line in format_evaluation(evaluation):
            err.print(line, highlight=False)
    typer.echo(str(result.model_path))


@app.command()
def stages() -> None:
    """List every stage with its settings, their defaults and a one-line description."""
    from vicorpus.stages.registry import STAGES

    for name in sorted(STAGES):
        cls = STAGES[name]
        typer.echo(f"{name} ({cls.kind}): {cls.summary()}")
        defaults = cls().settings() if not any(f.is_required() for f in cls.model_fields.values()) else {}
        for field_name, field in cls.model_fields.items():
            if field_name in defaults:
                value = defaults[field_name]  # as in the YAML: enums by value, factories called
            else:
                value = field.default.value if isinstance(field.default, Enum) else field.default
            default = "required" if field.is_required() else f"default {value!r}"
            typer.echo(f"    {field_name}: {default} — {field.description or ''}")


@app.command()
def normalize(
    file: Annotated[str, typer.Argument(help="Input file, or - for standard input.")] = "-",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file (default: stdout).")] = None,
    encoding: Annotated[
        str, typer.Option("--encoding", help="auto, utf-8, utf-16, cp1258, tcvn3, vni, viscii, vps or viqr.")
    ] = "auto",
    tone_style: Annotated[
        str, typer.Option("--tone-style", help="old (hòa, thủy; default), new (hoà, thuỷ) or keep.")
    ] = "old",
    report: Annotated[bool, typer.Option("--report", help="Print what was detected and fixed to stderr.")] = False,
) -> None:
    """Convert a file (legacy Vietnamese encodings, mojibake, tone marks) to clean UTF-8."""
    from vicorpus.commands.normalize_file import normalize_stream
    from vicorpus.vietnamese.detect import ENCODINGS
    from vicorpus.vietnamese.fix import TONE_STYLES

    if encoding != "auto" and encoding.lower() not in ENCODINGS:
        _fail(ExitCode.USAGE, "usage error", [f"--encoding: choose auto, {', '.join(ENCODINGS)}"])
    if tone_style not in TONE_STYLES:
        _fail(ExitCode.USAGE, "usage error", [f"--tone-style: choose {', '.join(TONE_STYLES)}"])
    try:
        source = sys.stdin.buffer if file == "-" else Path(file).open("rb")  # noqa: SIM115
    except OSError as error:
        _fail(ExitCode.USAGE, "cannot read input", [f"{file}: {error.strerror}"])
    try:
        target = sys.stdout if output is None else output.open("w", encoding="utf-8", newline="")
    except OSError as error:
        _fail(ExitCode.USAGE, "cannot write output", [f"{output}: {error.strerror}"])
    try:
        summary = normalize_stream(source, target, encoding.lower(), tone_style)
    except OSError as error:
        _fail(ExitCode.RUN_FAILED, "normalize failed", [str(error)])
    finally:
        if source is not sys.stdin.buffer:
            source.close()
        if target is not sys.stdout:
            target.close()
    if report:
        err.print(f"encoding: {summary.encoding} (confidence {summary.confidence:.2f})", highlight=False)
        err.print(f"bytes in: {summary.bytes_in:,}; characters out: {summary.chars_out:,}", highlight=False)
        for kind, count in summary.fixes.items():
            err.print(f"  {kind}: {count:,}", highlight=False)
        for charset, count in summary.legacy_charsets.items():
            err.print(f"  legacy lines in {charset}: {count:,}", highlight=False)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection during the block, then the objects it made (and all
    before) frozen: never walked by the collector again.

    Importing a pipeline's modules (Polars, PyArrow, Numba, the stages) makes ~10^5
    long-lived objects and next to no garbage, and the collector, triggered by the
    allocations, walks them again and again (full passes of 20-70 ms each): 0.14 s of
    CPU on a run of 200 documents (user+sys, min of 4: 1.21 -> 1.07 s), paid by every
    run whatever its size. What the block leaves is module-level state and the pipeline,
    alive as long as the process anyway; the run's own objects are collected as before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


@contextmanager
def _reported(usage_title: str, failure_title: str) -> Iterator[None]:
    """A configuration error exits 2 with its problems; anything else (unreadable data, a
    bug) exits 1 in one line, with the traceback only under VICORPUS_DEBUG=1."""
    try:
        yield
    except ConfigError as error:
        _fail(ExitCode.USAGE, usage_title, error.problems)
    except typer.Exit:
        raise
    except Exception as error:
        if os.environ.get("VICORPUS_DEBUG"):
            raise
        _fail(ExitCode.RUN_FAILED, failure_title, [f"{type(error).__name__}: {error}"])


def _print_summary(ledger: Ledger) -> None:
    from rich.table import Table

    table = Table(title="ledger", show_edge=False)
    for column in ("source", "input", "kept", "rejected", "duplicates", "quarantined"):
        table.add_column(column, justify="left" if column == "source" else "right")
    rows = [*ledger.sources.items(), ("total", ledger.total)]
    for name, entry in rows:
        data = entry.to_dict()
        table.add_row(
            name,
            *(f"{data[k]:,}" for k in ("input", "kept", "rejected", "duplicates", "quarantined")),
        )
    err.print(table)


def _fail(code: ExitCode, title: str, problems: list[str]) -> None:
    err.print(f"[bold red]{title}[/]", highlight=False)
    for problem in problems:
        err.print(f"  {problem}", highlight=False, markup=False)
    raise typer.Exit(int(code))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted; run the same command again to resume")
        sys.exit(130)
    finally:
        # The process ends here. Its last collection, at interpreter shutdown, would
        # walk and free every object left (Numba's and LLVM's included) one by one:
        # 0.34 s of CPU after a run of 200 documents (user+sys, min of 3: 1.57 ->
        # 1.23 s), for memory the OS takes back at once. Frozen objects are left out
        # of it; what must happen at exit still does (atexit handlers, flushing the
        # standard streams), and every file a command writes is closed before (the
        # CLI's shards equal an in-process run's: tests/test_startup_cli.py).
        gc.freeze()
