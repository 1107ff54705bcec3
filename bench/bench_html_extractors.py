"""HTML main-text extraction on Vietnamese pages: trafilatura against resiliparse, by measurement.

Run it with the project's virtualenv::

    .venv/bin/python bench/bench_html_extractors.py                  # 1,000 pages, every setting (≈ 3 min)
    .venv/bin/python bench/bench_html_extractors.py --pages 200      # quick look
    .venv/bin/python bench/bench_html_extractors.py --help

Pages: ``tests/web_pages.py`` builds ``--pages`` pages (``--seed``) from real text in ``../shared/data``
(read in place, never copied into the repository; ``full=True``: the whole Báo Mới and viwiki files) in
seven site layouts, each with its known main text, boilerplate strings, reader comments and neutral
strings (title, byline, date, captions, headings: not scored).

Every setting runs over every page in this one process, pinned to one CPU (``--cpu``,
``sched_setaffinity``), one setting after the other, after a warm-up on 20 pages. Timed: the extractor
call a user makes on a ``str`` (trafilatura parses it with lxml; resiliparse's ``HTMLTree.parse`` is in
the timed call). Not timed: decoding the page's bytes with its declared charset (``data.decode(charset)``),
which both would need in a pipeline anyway, and the scoring.

Scores (text NFC-normalized and *all* whitespace removed on both sides, so that line breaks an
extractor puts at inline tags or ``<br>`` do not count):

- **recovered**: the main-text paragraphs are cut into sentences; a sentence counts as found when it
  occurs verbatim in the output; recovered = characters of found sentences / all main-text
  characters (micro average over pages). "paragraphs whole" = share of paragraphs found entire.
- **leak**: the page's distinct boilerplate strings of ≥ 4 characters that do not occur inside its
  main text, neutral or comment strings, nor inside another of its boilerplate strings; leak =
  characters of those found in the output / all their characters. "pages leaking" = share of pages
  with at least one found.
- **comments kept**: the same for reader comments (news, blog pages), reported apart: whether
  comments belong in an LLM corpus is a choice; on forum pages the posts are main text.
- **+ bl**: recovered and leak again after vicorpus's ``boilerplate_lines`` (defaults: per domain, lines
  shared by ≥ 10 pages) ran over the outputs (untimed; 4 sites per layout, so ≈ 35 pages per site at 1,000).
- **empty**: outputs that are ``None`` or blank; "< 50 %": pages with less than half their main text.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))

from bench_machinery import CONTENDED, cpu_busy_s, machine_info, markdown_table, wait_for_idle  # noqa: E402
from web_pages import WebPage, build_pages  # noqa: E402

MB = 1_000_000
_WS = re.compile(r"\s+")
_SENTENCES = re.compile(r"(?<=[.!?…;:])\s+")
# Template-aware selectors (written knowing the class names the generator uses, which are common on
# Vietnamese sites): an upper bound for what a hand-written skip list can buy.
SKIP = [
    "figcaption",
    "[class*=related]",
    "[class*=share]",
    "[class*=social]",
    "[class*=comment]",
    ".breadcrumb",
    ".breadcrumbs",
    "[class*=ads]",
    ".see-more",
    ".message-user",
    ".message-footer",
    ".mw-editsection",
    "form",
]


def settings() -> dict[str, tuple[str, Callable[[str], str | None]]]:
    """name -> (the exact call, function of the decoded HTML string)."""
    import trafilatura
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    def traf(**kw: Any) -> Callable[[str], str | None]:
        return lambda s: trafilatura.extract(s, **kw)

    def resi(**kw: Any) -> Callable[[str], str | None]:
        return lambda s: extract_plain_text(HTMLTree.parse(s), **kw)

    return {
        "trafilatura defaults": ("trafilatura.extract(html)", traf()),
        "trafilatura balanced": ("trafilatura.extract(html, include_comments=False)", traf(include_comments=False)),
        "trafilatura precision": (
            "trafilatura.extract(html, include_comments=False, favor_precision=True)",
            traf(include_comments=False, favor_precision=True),
        ),
        "trafilatura recall": (
            "trafilatura.extract(html, include_comments=False, favor_recall=True)",
            traf(include_comments=False, favor_recall=True),
        ),
        "trafilatura no tables": (
            "trafilatura.extract(html, include_comments=False, include_tables=False)",
            traf(include_comments=False, include_tables=False),
        ),
        "trafilatura fast": (
            "trafilatura.extract(html, include_comments=False, fast=True)",
            traf(include_comments=False, fast=True),
        ),
        "trafilatura fast, no tables": (
            "trafilatura.extract(html, include_comments=False, include_tables=False, fast=True)",
            traf(include_comments=False, include_tables=False, fast=True),
        ),
        "resiliparse main": (
            "extract_plain_text(HTMLTree.parse(html), main_content=True)",
            resi(main_content=True),
        ),
        "resiliparse main, no comments/alt": (
            "extract_plain_text(HTMLTree.parse(html), main_content=True, comments=False, alt_texts=False)",
            resi(main_content=True, comments=False, alt_texts=False),
        ),
        "resiliparse main + skip list": (
            "... main_content=True, comments=False, alt_texts=False, skip_elements=SKIP",
            resi(main_content=True, comments=False, alt_texts=False, skip_elements=SKIP),
        ),
        "resiliparse full text": ("extract_plain_text(HTMLTree.parse(html))", resi()),
    }


# --- scoring ---------------------------------------------------------------------------------------


def squash(text: str) -> str:
    return _WS.sub("", unicodedata.normalize("NFC", text))


def score(page: WebPage, output: str | None) -> dict[str, Any]:
    out = squash(output or "")
    found = total = whole = 0
    for paragraph in page.main_text:
        pieces = [squash(s) for s in _SENTENCES.split(paragraph)]
        hits = [len(p) for p in pieces if p and p in out]
        found, total = found + sum(hits), total + sum(len(p) for p in pieces)
        whole += squash(paragraph) in out
    known = "\x00".join(squash(x) for x in (*page.main_text, *page.neutral, *page.comments))
    boiler = {b for b in map(squash, page.boilerplate) if len(b) >= 4 and b not in known}
    joined = "\x00".join(boiler)
    boiler = {b for b in boiler if joined.count(b) == 1}  # drop "Thành viên" when "Thành viên tích cực" is there
    leaked = [b for b in boiler if b in out]
    comments = {c for c in map(squash, page.comments) if c}
    return {
        "found": found,
        "total": total,
        "whole": whole,
        "paragraphs": len(page.main_text),
        "leak": sum(map(len, leaked)),
        "boiler": sum(map(len, boiler)),
        "leaked_strings": len(leaked),
        "comment_kept": sum(len(c) for c in comments if c in out),
        "comment_total": sum(map(len, comments)),
        "empty": not out,
        "out_chars": len(out),
    }


def aggregate(rows: list[dict[str, Any]]) -> dict[str, float]:
    s = {k: sum(r[k] for r in rows) for k in ("found", "total", "whole", "paragraphs", "leak", "boiler")}
    ct = sum(r["comment_total"] for r in rows)
    return {
        "recovered": 100 * s["found"] / max(1, s["total"]),
        "whole": 100 * s["whole"] / max(1, s["paragraphs"]),
        "leak": 100 * s["leak"] / max(1, s["boiler"]),
        "pages_leaking": 100 * sum(r["leaked_strings"] > 0 for r in rows) / len(rows),
        "comments": 100 * sum(r["comment_kept"] for r in rows) / ct if ct else float("nan"),
        "empty": sum(r["empty"] for r in rows),
        "under_half": sum(r["found"] < 0.5 * r["total"] for r in rows),
    }


def strip_repeated_lines(outputs: list[str | None], pages: list[WebPage], min_documents: int = 10) -> list[str]:
    """vicorpus's ``boilerplate_lines`` at its defaults, on the outputs: per web domain, remove the lines
    (≥ 5 characters, ≤ 1,000) that ``min_documents`` or more of the domain's pages share."""
    from vicorpus.boilerplate import Unit, remove_units, unit_hashes

    domains = [p.url.split("/")[2] for p in pages]
    keyed = [unit_hashes(o or "", d, Unit.LINE, 5, False, 1000) for o, d in zip(outputs, domains, strict=True)]
    counts = Counter(h for _, hashes in keyed for h in set(hashes) if h is not None)
    return [
        remove_units(o or "", spans, [h is not None and counts[h] >= min_documents for h in hashes])
        for o, (spans, hashes) in zip(outputs, keyed, strict=True)
    ]


# --- running -----------------------------------------------------------------------------------------


def run_setting(fn: Callable[[str], str | None], texts: list[str], repeat: int, idle: float) -> dict[str, Any]:
    for text in texts[:20]:
        fn(text)
    passes, outputs, errors = [], [], 0
    for _ in range(repeat):
        waited = wait_for_idle(idle) if idle > 0 else 0.0
        outputs, errors = [], 0
        busy, cpu, wall = cpu_busy_s(), time.process_time(), time.perf_counter()
        for text in texts:
            try:
                outputs.append(fn(text))
            except Exception:  # counted, shown as empty output
                outputs.append(None)
                errors += 1
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        passes.append(
            {"wall_s": wall, "cpu_s": cpu, "other_cpu_s": max(0.0, cpu_busy_s() - busy - cpu), "idle": waited}
        )
    median = statistics.median(p["wall_s"] for p in passes)
    chosen = min(passes, key=lambda p: abs(p["wall_s"] - median))
    return {**chosen, "outputs": outputs, "errors": errors}


def decoding_check(pages: list[WebPage]) -> dict[str, Any]:
    """Untimed: can the extractors' own decoders read the windows-1258 pages from bytes?"""
    import trafilatura
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    cp = [p for p in pages if p.charset != "utf-8"]
    detected: dict[str, int] = defaultdict(int)
    same = 0
    traf_rows = []
    for p in cp:
        enc = detect_encoding(p.data, from_html_meta=True)
        detected[str(enc)] += 1
        truth = unicodedata.normalize("NFC", p.data.decode(p.charset))
        same += unicodedata.normalize("NFC", bytes_to_str(p.data, enc or "utf-8")) == truth
        traf_rows.append(score(p, trafilatura.extract(p.data, include_comments=False)))
    return {
        "pages": len(cp),
        "resiliparse_detect_encoding": dict(detected),
        "resiliparse_bytes_to_str_correct": same,
        "trafilatura_from_bytes": aggregate(traf_rows) if traf_rows else {},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sample", action="store_true", help="build from the small samples, not the full .xz files")
    ap.add_argument("--cpu", type=int, default=max(os.sched_getaffinity(0)))
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--idle-wait", type=float, default=30.0)
    ap.add_argument("--only", nargs="*", help="settings to run (names as printed)")
    ap.add_argument("--show-failures", type=int, default=2, help="worst pages shown per setting")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    started = time.perf_counter()
    pages = build_pages(args.pages, args.seed, full=not args.sample)
    texts = [p.data.decode(p.charset) for p in pages]
    mb = sum(len(p.data) for p in pages) / MB
    by_template: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(pages):
        by_template[p.template].append(i)
    print(
        f"{len(pages)} pages, {mb:.1f} MB HTML, built in {time.perf_counter() - started:.1f} s; "
        + ", ".join(f"{t} {len(v)}" for t, v in sorted(by_template.items()))
        + f"; windows-1258: {sum(p.charset != 'utf-8' for p in pages)}; "
        f"main text {sum(len(x) for p in pages for x in p.main_text) / MB:.1f} MB",
        flush=True,
    )
    os.sched_setaffinity(0, {args.cpu})

    columns: list[tuple[str, Callable[[dict[str, Any], dict[str, Any]], str]]] = [
        ("recovered %", lambda a, r: f"{a['recovered']:.1f}"),
        ("paragraphs whole %", lambda a, r: f"{a['whole']:.1f}"),
        ("leak %", lambda a, r: f"{a['leak']:.1f}"),
        ("pages leaking %", lambda a, r: f"{a['pages_leaking']:.0f}"),
        ("recovered % + bl", lambda a, r: f"{a['bl']['recovered']:.1f}"),
        ("leak % + bl", lambda a, r: f"{a['bl']['leak']:.1f}"),
        ("comments kept %", lambda a, r: f"{a['comments']:.0f}"),
        ("empty", lambda a, r: str(a["empty"])),
        ("< 50 %", lambda a, r: str(a["under_half"])),
        ("errors", lambda a, r: str(r["errors"])),
        ("pages/s per core", lambda a, r: f"{len(pages) / r['wall_s']:.0f}{r['flag']}"),
        ("MB/s per core", lambda a, r: f"{mb / r['wall_s']:.2f}"),
    ]
    table, per_template, report = [], {}, {"machine": machine_info(), "args": vars(args) | {"json": str(args.json)}}
    for name, (call, fn) in settings().items():
        if args.only and name not in args.only:
            continue
        run = run_setting(fn, texts, args.repeat, args.idle_wait)
        run["flag"] = "*" if run["other_cpu_s"] > CONTENDED * (os.cpu_count() or 1) * run["wall_s"] else ""
        rows = [score(p, o) for p, o in zip(pages, run["outputs"], strict=True)]
        cleaned = strip_repeated_lines(run["outputs"], pages)
        rows_bl = [score(p, o) for p, o in zip(pages, cleaned, strict=True)]
        agg = aggregate(rows) | {"bl": aggregate(rows_bl)}
        table.append([name] + [cell(agg, run) for _, cell in columns])
        per_template[name] = {
            t: aggregate([rows[i] for i in idx]) | {"leak_bl": aggregate([rows_bl[i] for i in idx])["leak"]}
            for t, idx in sorted(by_template.items())
        }
        worst = sorted(range(len(pages)), key=lambda i: rows[i]["found"] / max(1, rows[i]["total"]))[:10]
        report[name] = {"call": call, **agg, **{k: v for k, v in run.items() if k != "outputs"}}
        report[name]["worst"] = [
            {
                "page": pages[i].page_id,
                "template": pages[i].template,
                "recovered": round(rows[i]["found"] / max(1, rows[i]["total"]), 3),
                "output_head": (run["outputs"][i] or "")[:300],
            }
            for i in worst
        ]
        print(
            f"{name}: {call}\n  recovered {agg['recovered']:.1f} %, leak {agg['leak']:.1f} %, "
            f"{len(pages) / run['wall_s']:.0f} pages/s, other CPU {run['other_cpu_s']:.1f} s",
            flush=True,
        )
        for w in report[name]["worst"][: args.show_failures]:
            print(f"    worst {w['page']} {w['template']} {w['recovered']:.2f}: {w['output_head'][:120]!r}")

    print("\n" + markdown_table(["setting", *(h for h, _ in columns)], table))
    for key, label in (("recovered", "recovered %"), ("leak", "leak %"), ("leak_bl", "leak % + boilerplate_lines")):
        names = list(per_template)
        cells = [[t] + [f"{per_template[n][t][key]:.1f}" for n in names] for t in sorted(by_template)]
        print(f"\nper template, {label}:\n" + markdown_table(["template", *names], cells))
    check = decoding_check(pages)
    report["decoding_check"] = check
    print("\nwindows-1258 pages from bytes:", json.dumps(check, ensure_ascii=False))
    report["per_template"] = per_template
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
