"""``vicorpus.pii`` against hand labels, silver labels and PII-free real text.

Run it with the project's virtualenv (≈ 2 min)::

    .venv/bin/python bench/bench_pii_quality.py
    .venv/bin/python bench/bench_pii_quality.py --show-errors 40 --json /tmp/pii_quality.json

1. **Hand-labelled set** (``bench/pii_labels.jsonl``, loaded by ``bench/pii_eval_set.py``): 602 real
   documents (news, social comments, laws, Wikipedia, VNTC, pii-silver) in which every candidate was
   labelled by reading it in context, look-alikes (dates, amounts, decree numbers, ISBNs, 1800/1900
   numbers, …) as negatives. Inside the labelled ranges, per kind: **recall** = labelled spans
   overlapped by a span of the detector (any kind: what redaction needs), and with the right kind;
   **precision** = detector spans that overlap a labelled positive. Default kinds, then with
   ``street_address`` (off by default) for the addresses.
2. **Silver set** (``../shared/data/pii-silver``): recall of its phone (1800/1900 service numbers
   excluded: not personal), e-mail, plate, bank-account and ID spans.
3. **Touched documents**: share of documents where ``find_pii`` finds anything, on corpora with no
   or little personal data (laws, Wikipedia) and on news (VNTC, Báo Mới), with a sample of the spans
   found to read.

Nothing is asserted; tables are printed.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import lzma
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pii_eval_set import load_eval_set
from vicorpus.pii import DEFAULT_KINDS, PiiKind, Span, find_pii

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
GOLD_KIND = {
    "PHONE": PiiKind.PHONE,
    "EMAIL": PiiKind.EMAIL,
    "CITIZEN_ID": PiiKind.CITIZEN_ID,
    "PASSPORT": PiiKind.PASSPORT,
    "TAX_CODE_PERSONAL": PiiKind.TAX_CODE,
    "TAX_CODE_COMPANY": PiiKind.COMPANY_TAX_CODE,
    "BANK_CARD": PiiKind.BANK_CARD,
    "BANK_ACCOUNT": PiiKind.BANK_ACCOUNT,
    "PLATE": PiiKind.LICENCE_PLATE,
    "IP": PiiKind.IP_ADDRESS,
    "ADDRESS": PiiKind.STREET_ADDRESS,
}
SILVER_KIND = {
    "PHONE": PiiKind.PHONE,
    "EMAIL": PiiKind.EMAIL,
    "PLATE": PiiKind.LICENCE_PLATE,
    "BANK_ACCOUNT": PiiKind.BANK_ACCOUNT,
    "NATIONAL_ID": PiiKind.CITIZEN_ID,
}


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _context(text: str, start: int, end: int, width: int = 50) -> str:
    before = text[max(0, start - width) : start].replace("\n", " ")
    after = text[end : end + width // 2].replace("\n", " ")
    return f"…{before}[[{text[start:end]}]]{after}…"


def evaluate_labelled(kinds: frozenset[PiiKind], show_errors: int) -> dict[str, Any]:
    docs, spans = load_eval_set(SHARED)
    by_doc: dict[tuple[str, Any], list[dict[str, Any]]] = {}
    for span in spans:
        by_doc.setdefault((span["source"], span["doc_key"]), []).append(span)
    found: Counter[str] = Counter()  # gold kind → overlapped by any detector span
    found_kind: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    predicted: Counter[str] = Counter()  # detector kind → spans
    correct: Counter[str] = Counter()  # detector kind → spans overlapping a positive
    misses: list[str] = []
    false_alarms: list[str] = []
    for doc in docs:
        text, lo, hi = doc["text"], doc["start"], doc["end"]
        labels = by_doc.get((doc["source"], doc["doc_key"]), [])
        positives = [label for label in labels if label["kind"] in GOLD_KIND and GOLD_KIND[label["kind"]] in kinds]
        detected = [span for span in find_pii(text, kinds) if lo <= span.start and span.end <= hi]
        for label in positives:
            gold[label["kind"]] += 1
            hits = [span for span in detected if _overlaps(span.start, span.end, label["start"], label["end"])]
            if hits:
                found[label["kind"]] += 1
                found_kind[label["kind"]] += any(span.kind == GOLD_KIND[label["kind"]] for span in hits)
            else:
                misses.append(f"{label['kind']:<13} {_context(text, label['start'], label['end'])}")
        for span in detected:
            predicted[span.kind.value] += 1
            if any(_overlaps(span.start, span.end, label["start"], label["end"]) for label in positives):
                correct[span.kind.value] += 1
            else:
                what = next(
                    (
                        f"{label['kind']}/{label['note']}"
                        for label in labels
                        if _overlaps(span.start, span.end, label["start"], label["end"])
                    ),
                    "unlabelled",
                )
                false_alarms.append(f"{span.kind.value:<13} ({what}) {_context(text, span.start, span.end)}")
    print(f"\n### Hand-labelled set: {len(docs)} documents, kinds = {sorted(kind.value for kind in kinds)}\n")
    print("| labelled kind | spans | found (any kind) | recall | found as this kind |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for kind in GOLD_KIND:
        if gold[kind]:
            print(f"| {kind} | {gold[kind]} | {found[kind]} | {found[kind] / gold[kind]:.1%} | {found_kind[kind]} |")
    total_gold, total_found = sum(gold.values()), sum(found.values())
    print(f"| all | {total_gold} | {total_found} | {total_found / max(1, total_gold):.1%} | |")
    print("\n| detector kind | spans | overlapping a labelled positive | precision |")
    print("| --- | ---: | ---: | ---: |")
    for kind in sorted(predicted):
        print(f"| {kind} | {predicted[kind]} | {correct[kind]} | {correct[kind] / predicted[kind]:.1%} |")
    total_pred, total_correct = sum(predicted.values()), sum(correct.values())
    print(f"| all | {total_pred} | {total_correct} | {total_correct / max(1, total_pred):.1%} |")
    if show_errors:
        print(f"\nmissed ({len(misses)}):")
        for line in misses[:show_errors]:
            print("   ", line)
        print(f"\nfalse alarms ({len(false_alarms)}):")
        for line in false_alarms[:show_errors]:
            print("   ", line)
    return {
        "gold": dict(gold),
        "found": dict(found),
        "found_kind": dict(found_kind),
        "predicted": dict(predicted),
        "correct": dict(correct),
        "misses": misses,
        "false_alarms": false_alarms,
    }


def evaluate_silver(show_errors: int) -> dict[str, Any]:
    path = SHARED / "pii-silver" / "baomoi_social_pii_silver.jsonl.xz"
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    service = 0
    misses: list[str] = []
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text = record["text"]
            detected = find_pii(text)
            for label in record["spans"]:
                if label["type"] not in SILVER_KIND:
                    continue
                digits = "".join(character for character in label["text"] if character.isdigit())
                if label["type"] == "PHONE" and digits.startswith(("1800", "1900")):
                    service += 1
                    continue
                total[label["type"]] += 1
                if any(_overlaps(span.start, span.end, label["start"], label["end"]) for span in detected):
                    found[label["type"]] += 1
                else:
                    misses.append(f"{label['type']:<13} {_context(text, label['start'], label['end'])}")
    print(f"\n### Silver set ({path.name}; {service} service numbers 1800/1900 left out)\n")
    print("| silver kind | spans | found | recall |")
    print("| --- | ---: | ---: | ---: |")
    for kind in SILVER_KIND:
        print(f"| {kind} | {total[kind]} | {found[kind]} | {found[kind] / max(1, total[kind]):.1%} |")
    phone_email = total["PHONE"] + total["EMAIL"]
    print(
        f"| PHONE + EMAIL | {phone_email} | {found['PHONE'] + found['EMAIL']} | "
        f"{(found['PHONE'] + found['EMAIL']) / max(1, phone_email):.1%} |"
    )
    for line in misses[:show_errors]:
        print("   missed", line)
    return {"total": dict(total), "found": dict(found), "misses": misses}


def _jsonl_texts(path: Path, field: str = "text", limit: int | None = None) -> Iterator[str]:
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            if limit is not None and index >= limit:
                return
            yield json.loads(line).get(field) or ""


def _csv_texts(path: Path, field: str) -> Iterator[str]:
    with lzma.open(path, "rb") as handle:
        yield from (row[field] for row in csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8")))


def touched_documents(samples: int, seed: int, limit: int) -> dict[str, Any]:
    corpora = {
        "laws (vlc-legal-corpus)": lambda: _jsonl_texts(SHARED / "vlc-legal-corpus" / "vlc_laws_raw.jsonl.xz"),
        "Wikipedia (viwiki)": lambda: _jsonl_texts(SHARED / "viwiki-undertheseanlp" / "viwiki.jsonl.xz"),
        "news (Báo Mới 2017)": lambda: _jsonl_texts(SHARED / "baomoi-news-2017" / "baomoi_news.jsonl.xz", limit=limit),
        "news (VNTC test)": lambda: _jsonl_texts(SHARED / "vntc" / "vntc_test.jsonl.xz", limit=limit),
        "social comments (ViHSD train)": lambda: _csv_texts(
            SHARED / "social-comments-uit" / "vihsd_train.csv.xz", "free_text"
        ),
    }
    rng = random.Random(seed)
    results: dict[str, Any] = {}
    print("\n### Documents touched (any span, default kinds)\n")
    print("| corpus | documents | MB | touched | share | spans by kind | seconds |")
    print("| --- | ---: | ---: | ---: | ---: | --- | ---: |")
    shown: dict[str, list[str]] = {}
    for name, texts in corpora.items():
        documents = touched = 0
        size = 0
        kinds: Counter[str] = Counter()
        found: list[tuple[str, Span]] = []
        started = time.perf_counter()
        for text in texts():
            documents += 1
            size += len(text.encode("utf-8"))
            spans = find_pii(text)
            if spans:
                touched += 1
                kinds.update(span.kind.value for span in spans)
                found.extend((text, span) for span in spans)
        seconds = time.perf_counter() - started
        print(
            f"| {name} | {documents:,} | {size / 1e6:.1f} | {touched:,} | {touched / max(1, documents):.2%} | "
            f"{dict(kinds.most_common())} | {seconds:.1f} |"
        )
        picked = rng.sample(found, min(samples, len(found)))
        shown[name] = [f"{span.kind.value:<13} {_context(text, span.start, span.end)}" for text, span in picked]
        results[name] = {"documents": documents, "touched": touched, "kinds": dict(kinds), "sample": shown[name]}
    for name, lines in shown.items():
        if lines:
            print(f"\nsample of spans found in {name}:")
            for line in lines:
                print("   ", line)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show-errors", type=int, default=25, help="misses and false alarms to print")
    parser.add_argument("--samples", type=int, default=20, help="spans to print per touched corpus")
    parser.add_argument("--news-docs", type=int, default=20000, help="documents read from each news corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    results = {
        "labelled_default": evaluate_labelled(DEFAULT_KINDS, args.show_errors),
        "labelled_addresses": evaluate_labelled(frozenset({PiiKind.STREET_ADDRESS}), args.show_errors),
        "silver": evaluate_silver(args.show_errors),
        "touched": touched_documents(args.samples, args.seed, args.news_docs),
    }
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
