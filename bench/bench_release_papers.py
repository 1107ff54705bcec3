"""What the release papers cost at the end of a run, next to the run itself.

Runs the demo pipeline's stages (normalize … minhash_dedup) on real news and Wikipedia
text from ``../shared/data``, then writes the papers again with ``write_release_papers``
and times each paper. No reference tool writes such papers, so the figure of merit is
the papers' share of the run's wall time (and their memory, which must not grow with
the corpus beyond the per-domain and per-licence tables).

    .venv/bin/python bench/bench_release_papers.py [--docs 40000] [--workers 1]
"""

from __future__ import annotations

import argparse
import lzma
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

from vicorpus.pipeline import Pipeline
from vicorpus.release import papers
from vicorpus.release.card import write_dataset_card
from vicorpus.release.croissant import write_croissant
from vicorpus.release.eu import write_eu_summary
from vicorpus.release.facts import load_run_facts
from vicorpus.release.governance import write_governance_reports
from vicorpus.release.report import write_report

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
CORPORA = ("baomoi-news-2017/baomoi_news.jsonl.xz", "viwiki-undertheseanlp/viwiki.jsonl.xz")
STAGES = [
    {"normalize": {}},
    {"language": {}},
    {"quality_signals": {}},
    {"language_filter": {}},
    {"spam_filter": {}},
    {"gopher_repetition": {}},
    {"fineweb_quality": {}},
    {"gopher_quality": {}},
    {"length_filter": {"min_chars": 200}},
    {"redact_pii": {}},
    {"exact_dedup": {}},
    {"minhash_dedup": {}},
]


def write_input(folder: Path, docs: int) -> tuple[Path, int]:
    """Up to ``docs`` documents from each shared corpus as one JSONL file per corpus."""
    total = 0
    for relative in CORPORA:
        path = SHARED / relative
        if not path.exists():
            raise SystemExit(f"FAIL: {path} not found (the benchmark reads ../shared/data)")
        target = folder / (path.name.removesuffix(".xz"))
        with lzma.open(path, "rb") as source, target.open("wb") as out:
            for count, line in enumerate(source):
                if count >= docs:
                    break
                record = orjson.loads(line)
                out.write(orjson.dumps({"text": record.get("text"), "url": record.get("url")}) + b"\n")
                total += 1
    return folder, total


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=40_000, help="documents per corpus (default 40,000)")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vicorpus-bench-papers-") as tmp:
        (Path(tmp) / "data").mkdir()
        data, total = write_input(Path(tmp) / "data", args.docs)
        mb = sum(p.stat().st_size for p in data.glob("*.jsonl")) / 1e6
        sources = [
            {
                "name": "news",
                "format": "jsonl",
                "path": str(data / "baomoi_news.jsonl"),
                "license": "NOASSERTION",
                "kind": "crawled",
                "crawler": {"name": "bench"},
            },
            {
                "name": "wiki",
                "format": "jsonl",
                "path": str(data / "viwiki.jsonl"),
                "license": "CC-BY-SA-4.0",
                "kind": "public_dataset",
                "redistributable": True,
            },
        ]
        pipeline = Pipeline.from_dict({"sources": sources, "stages": STAGES, "max_bad_fraction": 0.01})
        out = Path(tmp) / "out"
        started = time.perf_counter()
        pipeline.run(out, workers=args.workers)
        run_seconds = time.perf_counter() - started  # includes the papers written at its end
        rss_before = peak_rss_mb()
        timings: dict[str, float] = {}
        started = time.perf_counter()
        facts = load_run_facts(out)
        timings["statistics (scan of the shards)"] = time.perf_counter() - started
        for name, write in (
            ("licences/opt-outs/PII json", write_governance_reports),
            ("dataset card", write_dataset_card),
            ("croissant.json", write_croissant),
            ("EU summary", write_eu_summary),
            ("report.html", write_report),
        ):
            started = time.perf_counter()
            write(facts)
            timings[name] = time.perf_counter() - started
        started = time.perf_counter()
        papers.write_release_papers(out)
        all_papers = time.perf_counter() - started
        # The papers' own memory: `vicorpus report` in a fresh process.
        probe = (
            "import resource, sys; from vicorpus import write_release_papers; "
            "write_release_papers(sys.argv[1]); print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
        )
        report_rss = (
            int(
                subprocess.run(
                    [sys.executable, "-c", probe, str(out)], capture_output=True, text=True, check=True
                ).stdout.split()[-1]
            )
            / 1024
        )
        kept = facts.stats["kept"]
        print(f"input: {total:,} documents, {mb:.1f} MB JSONL; kept {kept['docs']:,} ({kept['chars']:,} chars)")
        print(f"run (stages + papers), {args.workers} worker(s): {run_seconds:.1f} s")
        for name, seconds in timings.items():
            print(f"  {name:34s} {seconds:7.2f} s")
        print(
            f"all papers again (write_release_papers): {all_papers:.2f} s = {all_papers / run_seconds:.1%} of the run"
        )
        print(f"peak RSS: {rss_before:.0f} MB (run's main process), {report_rss:.0f} MB (papers alone, fresh process)")
        print(f"report.html: {(out / 'report.html').stat().st_size / 1e3:.0f} kB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
