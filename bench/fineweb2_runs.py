"""The timed runs of ``bench_quality_vs_fineweb2.py``: the command of each tool, one timed run as its own
process (``timed``, through ``bench_vs_datatrove.measure_command``), the steady-state rate from a run on
all documents and one on the first few, and the Speed section of the report.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench_machinery import CONTENDED, MB, MiB, markdown_table
from bench_vs_datatrove import measure_command

REFERENCE_SCRIPT = Path(__file__).resolve().parent / "fineweb2_reference.py"

PIPELINE_TEMPLATE = """\
sources:
  - name: bench
    format: jsonl
    path: {path}
    text_field: text
    keep_fields: [doc_key]
    license: NOASSERTION
stages:
{stages}
max_bad_fraction: 0.01
"""

STEADY_STATE_MEANING = (
    "per-document cost with start-up (imports, model loading, compilation cache loading) taken out — "
    "what a corpus of millions of documents would see"
)


def pipeline_yaml(input_path: Path, stages: list[dict[str, dict[str, Any]]], task_mib: float | None) -> str:
    lines = [f"  - {name}: {json.dumps(settings)}" for stage in stages for name, settings in stage.items()]
    text = PIPELINE_TEMPLATE.format(path=json.dumps(str(input_path)), stages="\n".join(lines))
    if not lines:
        text = text.replace("stages:\n", "stages: []\n")
    if task_mib is not None:
        text += f"task_bytes: {int(task_mib * MiB)}\n"
    return text


def vicorpus_command(vicorpus: Path, pipeline: Path, out: Path, workers: int) -> list[str]:
    # One worker runs in-process; its Polars thread pool would use every core, so it gets one
    # thread, as spawned workers do: "per core" then means one core.
    command = ["env", "POLARS_MAX_THREADS=1", str(vicorpus), "run", str(pipeline), "--output", str(out)]
    return [*command, "--workers", str(workers), "--quiet", "--overwrite"]


def reference_command(python: Path, documents: Path, work: Path, config: Path, workers: int) -> list[str]:
    """The reference on ``documents``; it writes ``work/decisions.jsonl`` and ``work/timing.json``."""
    decisions, timing = work / "decisions.jsonl", work / "timing.json"
    command = [str(python), str(REFERENCE_SCRIPT), str(documents), str(decisions), str(timing)]
    return [*command, "--config", str(config), "--workers", str(workers)]


@dataclass
class ToolRun:
    tool: str
    workers: int
    docs: int
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    tree_pss_mb: float
    other_cpu_s: float
    idle_wait_s: float
    docs_per_s: float = 0.0
    docs_per_s_per_core: float = 0.0
    docs_per_cpu_s: float = 0.0
    mb_per_s_per_core: float = 0.0
    detail: dict[str, Any] = field(default_factory=dict)  # the tool's own timing report
    repeat_wall_s: list[float] = field(default_factory=list)  # every run's wall, when this is their median

    @property
    def contended(self) -> bool:
        return self.other_cpu_s > CONTENDED * self.wall_s * (os.cpu_count() or 1)

    @property
    def name(self) -> str:
        """The tool, marked ``*`` when the run shared the machine."""
        return self.tool + ("*" if self.contended else "")


def timed(tool: str, command: list[str], work: Path, docs: int, mb: float, workers: int, args: Any) -> ToolRun:
    work.mkdir(parents=True, exist_ok=True)
    measured = measure_command(command, work, args.sample_interval, args.idle_wait)
    wall = float(measured.report["wall"])
    return ToolRun(
        tool=tool,
        workers=workers,
        docs=docs,
        wall_s=wall,
        cpu_s=float(measured.report["cpu"]),
        peak_rss_mb=measured.report["maxrss_kib"] * 1024 / MB,
        tree_pss_mb=measured.tree_pss_mb,
        other_cpu_s=measured.other_cpu_s,
        idle_wait_s=measured.idle_wait_s,
        docs_per_s=docs / wall,
        docs_per_s_per_core=docs / wall / workers,
        docs_per_cpu_s=docs / max(float(measured.report["cpu"]), 1e-9),
        mb_per_s_per_core=mb / wall / workers,
    )


def median_run(runs: list[ToolRun]) -> ToolRun:
    """The run with the median wall time (the upper middle one of an even number), with every
    run's wall in ``repeat_wall_s``: its CPU, memory and outputs are one real run's."""
    chosen = sorted(runs, key=lambda run: run.wall_s)[len(runs) // 2]
    chosen.repeat_wall_s = [run.wall_s for run in runs]
    return chosen


def warm_up_compiled_code(args: argparse.Namespace, documents: Path, work: Path) -> None:
    """Run vicorpus once on all the documents, untimed. The first run of an installation
    compiles the quality, language and spam loops (Numba, ~10 s; a loop only when some
    document reaches it, so a small sample can leave one to the timed run) and caches them
    beside the package, and it keeps py3langid's model decompressed in the user cache; every
    later run loads both (~0.5 s, which the timed runs do pay)."""
    folder = work / "warm-up"
    folder.mkdir(parents=True)
    pipeline = folder / "pipeline.yaml"
    pipeline.write_text(pipeline_yaml(documents, args.stage_list, None), encoding="utf-8")
    command = [str(args.vicorpus), "run", str(pipeline), "--output", str(folder / "out"), "--quiet", "--overwrite"]
    subprocess.run(command, check=True, capture_output=True)
    byte_compile_vicorpus(args.vicorpus)


def byte_compile_vicorpus(executable: Path) -> None:
    """Byte-compile the vicorpus package the executable runs. pip byte-compiles the
    packages it installs (the reference's, and vicorpus's in a regular install), but not
    an editable install's sources; where PYTHONDONTWRITEBYTECODE is set (as on the VM the
    results in bench/README.md come from), Python would otherwise compile vicorpus's
    ~200 modules again in every timed process (~0.14 s)."""
    python = executable.parent / "python"
    where = [str(python), "-c", "import pathlib, vicorpus; print(pathlib.Path(vicorpus.__file__).parent)"]
    package = subprocess.run(where, check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run([str(python), "-m", "compileall", "-q", package], check=True, capture_output=True)


# --- steady state -----------------------------------------------------------------------


@dataclass
class SteadyState:
    """One tool's run on all N documents against its run on the first n: the difference is N − n
    documents' worth of work without the start-up both runs pay."""

    tool: str
    workers: int
    docs: int  # N
    wall_s: float  # t_N
    startup_docs: int  # n
    startup_wall_s: float  # t_n
    startup_cpu_s: float
    s_per_doc: float | None = None  # (t_N − t_n) / (N − n), wall; None when t_N − t_n ≤ 0
    docs_per_s_per_core: float | None = None  # (N − n) / (t_N − t_n) / workers
    fixed_s: float | None = None  # t_n − n × s_per_doc: the start-up, estimated

    def finish(self) -> SteadyState:
        extra_s, extra_docs = self.wall_s - self.startup_wall_s, self.docs - self.startup_docs
        if extra_s > 0 and extra_docs > 0:
            self.s_per_doc = extra_s / extra_docs
            self.docs_per_s_per_core = extra_docs / extra_s / self.workers
            self.fixed_s = self.startup_wall_s - self.startup_docs * self.s_per_doc
        return self


def steady_state(full: ToolRun, startup: ToolRun) -> SteadyState:
    return SteadyState(
        tool=full.tool,
        workers=full.workers,
        docs=full.docs,
        wall_s=full.wall_s,
        startup_docs=startup.docs,
        startup_wall_s=startup.wall_s,
        startup_cpu_s=startup.cpu_s,
    ).finish()


def steady_ratio(reference: SteadyState, vicorpus: SteadyState) -> float | None:
    """Reference s per doc / vicorpus s per doc (> 1 = vicorpus faster), or None if either is n/a."""
    if reference.s_per_doc is None or vicorpus.s_per_doc is None:
        return None
    return reference.s_per_doc / vicorpus.s_per_doc


# --- the Speed section ---------------------------------------------------------------------


def speed_table(runs: list[ToolRun], reference: ToolRun, mb: float) -> str:
    headers = [
        "tool",
        "workers",
        "docs",
        "MB",
        "wall s",
        "CPU s",
        "docs/s",
        "docs/s/core",
        "MB/s/core",
        "docs/CPU s",
        "peak RSS MB",
        "tree PSS MB",
        "other CPU s",
        "vs reference (wall)",
        "vs reference (CPU)",
    ]
    cells = []
    for r in runs:
        ratio = reference.wall_s / r.wall_s
        cells.append(
            [
                r.name,
                str(r.workers),
                f"{r.docs:,}",
                f"{mb:.1f}",
                f"{r.wall_s:.1f}",
                f"{r.cpu_s:.1f}",
                f"{r.docs_per_s:,.1f}",
                f"{r.docs_per_s_per_core:,.1f}",
                f"{r.mb_per_s_per_core:.3f}",
                f"{r.docs_per_cpu_s:,.1f}",
                f"{r.peak_rss_mb:.0f}",
                f"{r.tree_pss_mb:.0f}",
                f"{r.other_cpu_s:.1f}",
                "-" if r is reference else f"{ratio:.2f}x",
                "-" if r is reference else f"{reference.cpu_s / max(r.cpu_s, 1e-9):.2f}x",
            ]
        )
    return markdown_table(headers, cells)


def steady_state_lines(startup_runs: list[ToolRun], steady: list[SteadyState], ratio: float | None) -> list[str]:
    """The steady-state paragraph: the start-up run and steady-state rate of each tool, and their ratio."""
    n, big_n = steady[0].startup_docs, steady[0].docs
    lines = [
        f"Steady state = {STEADY_STATE_MEANING}:",
        f"each tool also ran on the first {n:,} of these documents (same command, settings and measurement); "
        f"steady state = ({big_n:,} − {n:,}) docs / (wall on {big_n:,} − wall on {n:,}), per core; "
        f"fixed ≈ wall on {n:,} − {n:,} × s per doc.",
    ]
    for run, state in zip(startup_runs, steady, strict=True):
        rate = (
            "n/a (the run on all documents was not slower)"
            if state.docs_per_s_per_core is None or state.s_per_doc is None
            else f"{state.docs_per_s_per_core:,.1f} docs/s per core ({1000 * state.s_per_doc:.3f} ms per doc; "
            f"fixed ≈ {state.fixed_s:.1f} s)"
        )
        lines.append(
            f"  {state.tool}{'*' if run.contended else ''}: first {n:,} docs {run.wall_s:.1f} s wall, "
            f"{run.cpu_s:.1f} s CPU; steady state {rate}"
        )
    ratio_text = "n/a" if ratio is None else f"{ratio:.2f}x"
    lines.append(
        f"  steady-state ratio vicorpus/reference (reference s per doc / vicorpus s per doc) = {ratio_text}; "
        "the headline ratio (below) is the whole-process one"
    )
    return lines


def _runs_text(vicorpus: ToolRun) -> str:
    repeats = len(vicorpus.repeat_wall_s)
    if repeats <= 1:
        return "One run per tool"
    walls = ", ".join(f"{wall:.2f}" for wall in vicorpus.repeat_wall_s)
    return f"The reference: one run; vicorpus: the run with the median wall time of {repeats} ({walls} s)"


def print_speed(
    reference: ToolRun,
    vicorpus: ToolRun,
    floor: ToolRun,
    startup_runs: list[ToolRun],
    steady: list[SteadyState],
    mb: float,
) -> float:
    """Print the Speed section; return the headline ratio (reference wall / vicorpus wall)."""
    print("\n## Speed\n")
    print(
        f"{_runs_text(vicorpus)} on all documents. wall = process start to exit (imports and model loading "
        "included); "
        "per core = divided by workers;\ndocs/CPU s = docs per CPU second of the whole process tree; other CPU s = "
        "CPU used by other processes meanwhile\n(* = over 5% of the machine: inflated times); vs reference = "
        "reference wall / tool wall (> 1: faster than the reference).\n"
    )
    print(speed_table([reference, vicorpus, floor], reference, mb))
    print(
        f"\nvicorpus without stages takes {floor.wall_s:.1f} s ({floor.cpu_s:.1f} s CPU): even stages that cost "
        f"nothing would make vicorpus at most {reference.wall_s / floor.wall_s:.0f}x the reference "
        f"({reference.cpu_s / floor.cpu_s:.0f}x by CPU); the stages themselves take "
        f"{vicorpus.wall_s - floor.wall_s:.1f} s = {mb / max(vicorpus.wall_s - floor.wall_s, 1e-9):.1f} MB/s."
    )
    if steady:
        print("\n" + "\n".join(steady_state_lines(startup_runs, steady, steady_ratio(*steady))))
    ratio = reference.wall_s / vicorpus.wall_s
    print(
        f"\nreference: {reference.docs_per_s_per_core:,.1f} docs/s per core · vicorpus: "
        f"{vicorpus.docs_per_s_per_core:,.1f} docs/s per core · vicorpus/reference = {ratio:.2f}x"
    )
    detail = reference.detail
    blocks = ", ".join(f"{k} {v:.1f}" for k, v in detail.get("block_cpu_s", {}).items())
    setup = detail.get("setup_detail_s") or {}
    setup_text = ", ".join(f"{k} {v:.1f}" for k, v in setup.items()) or "in the pool workers"
    print(
        f"reference inside: imports {detail['import_s']:.1f} s, setup {detail['setup_s']:.1f} s ({setup_text}), "
        f"processing {detail['processing_wall_s']:.1f} s wall; CPU s per block (all workers): {blocks}"
    )
    stages = ", ".join(f"{k} {v:.1f}" for k, v in (vicorpus.detail.get("stage_seconds") or {}).items())
    phases = ", ".join(f"{k} {v['seconds']:.1f}" for k, v in (vicorpus.detail.get("phases") or {}).items())
    print(f"vicorpus inside: phases {phases}; s per stage (all tasks): {stages}")
    if any(run.contended for run in [reference, vicorpus, *startup_runs]):
        print("WARNING: a run shared the machine with other processes (marked *); its times are inflated.")
    return ratio
