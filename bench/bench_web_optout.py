"""Opt-out detection on generated web pages: every page that carries a machine-readable
AI-training opt-out (TDMRep header or meta tag, ``noai`` in X-Robots-Tag or the robots
meta tag, ``Content-Usage: train-ai=n``, ``Content-Signal: ai-train=no``) must be flagged,
and no other page — in particular not the decoys that carry ``noindex, nofollow`` or
``index, follow`` robots directives.

    .venv/bin/python bench/bench_web_optout.py            # 1,000 pages (tests/web_pages.py, full corpus)
    .venv/bin/python bench/bench_web_optout.py --pages 200 --sample

The pages go through a WARC file and the ``warc`` reader's own path: fastwarc reads the
HTTP headers, ``decode_html`` the bytes, ``optout_signals`` headers and ``<head>``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fastwarc.warc import ArchiveIterator, WarcRecordType

from vicorpus.web.charset import decode_html
from vicorpus.web.optout import HEAD_BYTES, TEXT_OPTOUTS, optout_signals
from web_pages import build_pages, write_warc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--sample", action="store_true", help="build pages from the small samples")
    args = parser.parse_args()
    pages = build_pages(args.pages, full=not args.sample)
    outcome: Counter[str] = Counter()
    by_label: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as folder:
        path = write_warc(pages, Path(folder) / "pages.warc.gz")
        with path.open("rb") as handle:
            records = ArchiveIterator(handle, record_types=WarcRecordType.response, parse_http=True)
            # In page order: URLs repeat across pages (two wiki pages of one article).
            for page, record in zip(pages, records, strict=True):
                assert page.url == record.headers.get("WARC-Target-URI")
                html, _ = decode_html(record.reader.read(), record.http_headers.get("Content-Type"))
                signals = set(optout_signals(record.http_headers.items(), html[:HEAD_BYTES]))
                flagged = bool(signals & set(TEXT_OPTOUTS))
                truth = bool(page.opt_out)
                outcome[
                    f"{'opt-out' if truth else 'decoy' if page.decoy else 'plain'} → {'flagged' if flagged else 'kept'}"
                ] += 1
                for label in page.opt_out:
                    by_label[f"{label} {'found' if flagged else 'MISSED'}"] += 1
    print(f"{len(pages)} pages")
    print("| page | outcome | pages |\n| --- | --- | ---: |")
    for key, count in sorted(outcome.items()):
        page_kind, result = key.split(" → ")
        print(f"| {page_kind} | {result} | {count} |")
    print("\n| opt-out label | pages |\n| --- | ---: |")
    for key, count in sorted(by_label.items()):
        print(f"| {key} | {count} |")


if __name__ == "__main__":
    main()
