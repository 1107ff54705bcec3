"""datatrove's ``PIIFormatter`` (e-mails and public IPv4 addresses), timed per document: the reference side.

Runs INSIDE the datatrove virtualenv (``~/.cache/vicorpus-bench/fineweb2-venv``, made by ``fineweb2_venv.py``
for ``bench_quality_vs_fineweb2.py``); it never imports vicorpus (only ``bench_machinery.py``, for the
machine's CPU counter: standard library + PyYAML, both in that virtualenv). Usage (with that
virtualenv's Python)::

    python datatrove_pii_reference.py TIMING.json INPUT.jsonl [INPUT.jsonl …] [--cpu 0] [--repeat 3]

Each INPUT is one corpus (its name = the file's stem), one JSON object per document with a ``text``
field. The formatter is built with datatrove's defaults, as a user would put it in a pipeline::

    PIIFormatter()  # remove_emails=True, remove_ips=True, only_remove_public_ips=True

What is timed, per corpus: ``formatter.format(text)`` for every document (the e-mail regex
substitution, then the IPv4 regex substitution whose matches are kept only when
``ipaddress.ip_address(m).is_global``): exactly what ``BaseFormatter.run`` does per document, without
the ``Document`` objects and the stats. ``--repeat`` passes, each with its wall, CPU and the CPU the rest
of the machine used. Texts are read into memory first; building the formatter and one warm-up call are
timed apart ("setup"). Then, outside the medians: one pass timing each document (for the slowest
ones), and a last pass that counts the replacements (e-mail matches; IPv4 matches that pass the
validator, found in the text after the e-mail substitution, as ``format`` does) and checks that the
counting copy changes the same documents ``format`` changes.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402 — the wall clock starts before the imports
import importlib.metadata  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from datatrove.pipeline.formatters import PIIFormatter  # noqa: E402

from bench_machinery import cpu_busy_s  # noqa: E402 — standard library + yaml, no vicorpus

IMPORTED = time.perf_counter()
SLOWEST = 3  # documents reported per corpus


def count_replacements(formatter: PIIFormatter, text: str) -> tuple[int, int]:
    """(e-mails replaced, IPs replaced), the way ``PIIFormatter.format`` replaces them."""
    emails = ips = 0

    def email(match: Any) -> str:
        nonlocal emails
        emails += 1
        return "<EMAIL>"

    def ip(match: Any) -> str:
        nonlocal ips
        if formatter.ip_replacer.validator(match.group(0)):
            ips += 1
            return "<IP>"
        return match.group(0)

    after_emails = formatter.emails_replacer.regex.sub(email, text) if formatter.remove_emails else text
    if formatter.remove_ips:
        formatter.ip_replacer.regex.sub(ip, after_emails)
    return emails, ips


def time_corpus(formatter: PIIFormatter, texts: list[str], repeat: int) -> dict[str, Any]:
    clock = time.perf_counter
    passes: list[dict[str, float]] = []
    for _ in range(repeat):
        busy, cpu_before, wall_before = cpu_busy_s(), time.process_time(), clock()
        for text in texts:
            formatter.format(text)
        wall, used = clock() - wall_before, time.process_time() - cpu_before
        passes.append({"wall_s": wall, "cpu_s": used, "other_cpu_s": max(0.0, cpu_busy_s() - busy - used)})
    per_doc: list[float] = []  # one more pass, document by document (not in the medians)
    for text in texts:
        t0 = clock()
        formatter.format(text)
        per_doc.append(clock() - t0)
    emails = ips = changed = disagree = 0
    for text in texts:
        found_emails, found_ips = count_replacements(formatter, text)
        expected = formatter.format(text)
        # The formatter's placeholders are addresses themselves (one could replace an equal one):
        # compare "something replaced" with "the text changed" only.
        disagree += (found_emails + found_ips == 0) != (expected == text)
        emails += found_emails
        ips += found_ips
        changed += expected != text
    slowest = sorted(range(len(texts)), key=lambda i: per_doc[i], reverse=True)[:SLOWEST]
    return {
        "docs": len(texts),
        "bytes": sum(len(t.encode("utf-8")) for t in texts),
        "timed": passes,
        "found": emails + ips,
        "found_by_kind": {"email": emails, "ip_address": ips},
        "docs_changed": changed,
        "count_disagreements": disagree,
        "slowest": [{"doc": i, "bytes": len(texts[i].encode("utf-8")), "seconds": per_doc[i]} for i in slowest],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("timing", type=Path, help="where to write the timing JSON")
    parser.add_argument("inputs", type=Path, nargs="+", help="JSONL files, one per corpus, with a 'text' field")
    parser.add_argument("--cpu", type=int, default=None, help="pin this process to one CPU (default: no pinning)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per corpus (default 3)")
    args = parser.parse_args()
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})

    corpora: dict[str, list[str]] = {}
    for path in args.inputs:
        with path.open("rb") as handle:
            corpora[path.stem] = [json.loads(line)["text"] for line in handle if line.strip()]
    loaded = time.perf_counter()

    warm = time.perf_counter()
    formatter = PIIFormatter()
    formatter.format("Liên hệ nam@example.com, máy chủ 8.8.8.8, nội bộ 10.0.0.1.")
    setup = time.perf_counter() - warm

    report: dict[str, Any] = {
        "tool": "datatrove",
        "versions": {"datatrove": importlib.metadata.version("datatrove")},
        "config": {
            "remove_emails": formatter.remove_emails,
            "remove_ips": formatter.remove_ips,
            "only_remove_public_ips": True,
        },
        "cpu_pinned": args.cpu,
        "import_s": IMPORTED - STARTED,
        "read_s": loaded - IMPORTED,
        "setup_s": setup,
        "corpora": {name: time_corpus(formatter, texts, args.repeat) for name, texts in corpora.items()},
    }
    args.timing.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
