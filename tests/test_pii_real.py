"""``vicorpus.pii`` on real text from ``../shared/data`` (read in place; fails under CI
when missing): recall on the silver labels, recall and precision on the hand-labelled
evaluation set of ``bench/pii_labels.jsonl``, and documents touched in corpora without
personal data. The figures behind the bounds are in ``docs/pii.md``."""

from __future__ import annotations

import json
import lzma
import sys
from collections import Counter
from pathlib import Path

from conftest import REPO, SHARED_DATA, shared_data
from vicorpus.pii import DEFAULT_KINDS, find_pii

sys.path.insert(0, str(REPO / "bench"))
from pii_eval_set import load_eval_set

GOLD_KINDS = {
    "PHONE",
    "EMAIL",
    "CITIZEN_ID",
    "PASSPORT",
    "TAX_CODE_PERSONAL",
    "BANK_CARD",
    "BANK_ACCOUNT",
    "PLATE",
    "IP",
}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def test_silver_phone_and_email_recall_is_at_least_95_percent() -> None:
    path = shared_data("pii-silver/baomoi_social_pii_silver.jsonl.xz")
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            spans = [(span.start, span.end) for span in find_pii(record["text"])]
            for label in record["spans"]:
                digits = "".join(c for c in label["text"] if c.isdigit())
                if label["type"] not in ("PHONE", "EMAIL") or digits.startswith(("1800", "1900")):
                    continue  # service numbers are not personal
                total[label["type"]] += 1
                found[label["type"]] += any(_overlaps(span, (label["start"], label["end"])) for span in spans)
    assert total["PHONE"] > 200 and total["EMAIL"] > 150
    assert (found["PHONE"] + found["EMAIL"]) / (total["PHONE"] + total["EMAIL"]) >= 0.95


def test_hand_labelled_set_recall_and_precision() -> None:
    shared_data("pii-silver/baomoi_social_pii_silver.jsonl.xz")
    shared_data("vntc/vntc_train.jsonl.xz")
    documents, labels = load_eval_set(SHARED_DATA)
    by_document: dict[tuple[str, object], list[dict[str, object]]] = {}
    for label in labels:
        by_document.setdefault((label["source"], label["doc_key"]), []).append(label)
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    predicted = correct = 0
    for document in documents:
        positives = [
            (label["start"], label["end"], label["kind"])
            for label in by_document.get((document["source"], document["doc_key"]), [])
            if label["kind"] in GOLD_KINDS
        ]
        spans = [
            (span.start, span.end)
            for span in find_pii(document["text"], DEFAULT_KINDS)
            if document["start"] <= span.start and span.end <= document["end"]
        ]
        for start, end, kind in positives:
            total[kind] += 1
            found[kind] += any(_overlaps(span, (start, end)) for span in spans)
        predicted += len(spans)
        correct += sum(any(_overlaps(span, (start, end)) for start, end, _ in positives) for span in spans)
    assert sum(total.values()) >= 550
    assert (found["PHONE"] + found["EMAIL"]) / (total["PHONE"] + total["EMAIL"]) >= 0.95
    assert sum(found.values()) / sum(total.values()) >= 0.95
    assert correct / predicted >= 0.98


def _texts(relative: str) -> list[str]:
    with lzma.open(shared_data(relative), "rt", encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle]


def test_documents_without_personal_data_are_rarely_touched() -> None:
    for relative in ("vlc-legal-corpus/vlc_laws_raw.jsonl.xz", "viwiki-undertheseanlp/viwiki.jsonl.xz"):
        texts = _texts(relative)
        touched = sum(bool(find_pii(text)) for text in texts)
        assert touched / len(texts) <= 0.02, (relative, touched)


def test_the_evaluation_labels_hold_references_only() -> None:
    # The labels must never carry shared text: offsets, kinds, short notes and hashes.
    allowed = {"record", "source", "doc_key", "start", "end", "kind", "note", "sha1"}
    for line in (Path(REPO) / "bench" / "pii_labels.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert set(record) <= allowed and len(record.get("note", "")) <= 40
