"""Hand-labelled evaluation set for Vietnamese PII detection (independent of ``vicorpus.pii``).

The labels live in ``bench/pii_labels.jsonl`` and hold **references only** — never shared text:
every line is one JSON object, either a labelled *document range* or a labelled *span*::

    {"record": "doc",  "source": REL, "doc_key": KEY, "start": 0, "end": 1234, "sha1": "…"}
    {"record": "span", "source": REL, "doc_key": KEY, "start": 10, "end": 22, "kind": "PHONE",
     "note": "…", "sha1": "…"}

``REL`` is a file path relative to ``../shared/data``; ``KEY`` is the record's ``id`` field
(a string) when it has one, else its 0-based record number (an int; for CSV files the data
row after the header, for plain-text files the line). ``start``/``end`` are character offsets
into the record's text field as read by :func:`iter_records`; ``sha1`` is the first 12 hex
digits of the SHA-1 of the covered text (UTF-8), so offsets can be verified.

Every span lies inside a labelled document range, and inside each range **every** candidate
of :func:`extract_candidates` was read in context and labelled (``NONE`` for look-alikes),
plus PII that the extractor missed and was noticed while reading. So per-document recall and
precision can be measured on the ranges returned by :func:`load_scanned_documents`.

Kinds: PHONE, SERVICE_NUMBER (hotlines/short numbers: a negative), EMAIL, CITIZEN_ID,
PASSPORT, TAX_CODE_PERSONAL, TAX_CODE_COMPANY, BANK_CARD, BANK_ACCOUNT, PLATE, IP, ADDRESS
(house number through street name; a leading "số"/"số nhà" is included), NONE (sub-type in
``note``: date, time, money, score, year, law_ref, decree_no, isbn, product_code, statistic,
table_digits, document_no, url, other).

CLI (run from the repository root)::

    .venv/bin/python bench/pii_eval_set.py extract [--per-source REL:N:M]  # candidates → /tmp/pii_eval/
    .venv/bin/python bench/pii_eval_set.py check [--silver]               # verify labels, print counts

Python::

    from pii_eval_set import load_eval_set, load_labelled_spans, load_scanned_documents
    spans = load_labelled_spans(shared_dir)        # [{source, doc_key, text, start, end, kind, note}]
    docs = load_scanned_documents(shared_dir)      # [{source, doc_key, text, start, end}]
    docs, spans = load_eval_set(shared_dir)        # both, one pass over the shared files
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import lzma
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LABELS = HERE / "pii_labels.jsonl"
SHARED = HERE.parent.parent / "shared" / "data"
SCRATCH = Path("/tmp/pii_eval")
SEED = 20250611

KINDS = (
    "PHONE",
    "SERVICE_NUMBER",
    "EMAIL",
    "CITIZEN_ID",
    "PASSPORT",
    "TAX_CODE_PERSONAL",
    "TAX_CODE_COMPANY",
    "BANK_CARD",
    "BANK_ACCOUNT",
    "PLATE",
    "IP",
    "ADDRESS",
    "NONE",
)
POSITIVE_KINDS = frozenset(KINDS) - {"NONE", "SERVICE_NUMBER"}
NONE_NOTES = (
    "date",
    "time",
    "money",
    "score",
    "year",
    "law_ref",
    "decree_no",
    "isbn",
    "product_code",
    "statistic",
    "table_digits",
    "document_no",
    "url",
    "other",
)

# ---------------------------------------------------------------------------------------------
# Sources: relative path -> (format, text field, id field or None)
# ---------------------------------------------------------------------------------------------

SOURCES: dict[str, tuple[str, str, str | None]] = {
    "pii-silver/baomoi_social_pii_silver.jsonl.xz": ("jsonl", "text", "id"),
    "social-comments-uit/vihsd_train.csv.xz": ("csv", "free_text", None),
    "social-comments-uit/vihsd_dev.csv": ("csv", "free_text", None),
    "social-comments-uit/vihsd_test.csv": ("csv", "free_text", None),
    "social-comments-uit/uit_vsfc.jsonl.xz": ("jsonl", "text", None),
    "baomoi-news-2017/baomoi_news.jsonl.xz": ("jsonl", "text", "id"),
    "baomoi-news-2017/baomoi_news_sample500.jsonl": ("jsonl", "text", "id"),
    "binhvq-news-sample/demo-full.txt": ("lines", "", None),
    "vlc-legal-corpus/vlc_laws_raw.jsonl.xz": ("jsonl", "text", None),
    "viwiki-undertheseanlp/viwiki.jsonl.xz": ("jsonl", "text", None),
    "viwiki-undertheseanlp/viwiki_sample200.jsonl": ("jsonl", "text", None),
    "vntc/vntc_train.jsonl.xz": ("jsonl", "text", "id"),
    "vntc/vntc_test.jsonl.xz": ("jsonl", "text", "id"),
    "vntc/vntc_train_sample500.jsonl": ("jsonl", "text", "id"),
}

DocKey = str | int


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".xz":
        return lzma.open(path, "rt", encoding="utf-8", newline="")  # type: ignore[return-value]
    return path.open(encoding="utf-8", newline="")  # type: ignore[return-value]


def iter_records(shared_dir: Path, rel: str, wanted: set[DocKey] | None = None) -> Iterator[tuple[DocKey, str]]:
    """Yield ``(doc_key, text)`` for every record of one source file (or only the ``wanted`` keys).

    JSONL records keep their text exactly as ``json.loads`` gives it (CRLF included); plain-text
    files yield one record per line without its line end; CSV files one per data row.
    """
    fmt, field, id_field = SOURCES[rel]
    path = Path(shared_dir) / rel
    remaining = None if wanted is None else set(wanted)
    with _open_text(path) as handle:
        if fmt == "csv":
            reader = csv.DictReader(handle)
            rows: Iterable[tuple[DocKey, str]] = ((n, row[field]) for n, row in enumerate(reader))
            for key, text in rows:
                if remaining is None or key in remaining:
                    yield key, text
                    if remaining is not None:
                        remaining.discard(key)
                        if not remaining:
                            return
            return
        for number, line in enumerate(handle):
            if fmt == "lines":
                key: DocKey = number
                if remaining is not None and key not in remaining:
                    continue
                yield key, line.rstrip("\r\n")
            else:
                if remaining is not None and id_field is None and number not in remaining:
                    continue
                if (
                    remaining is not None
                    and id_field is not None
                    and number not in remaining
                    # cheap pre-filter before parsing: a wanted id must occur in the raw line
                    and not any(isinstance(k, str) and (k in line or json.dumps(k)[1:-1] in line) for k in remaining)
                ):
                    continue
                record = json.loads(line)
                key = str(record[id_field]) if id_field and id_field in record else number
                if remaining is not None and key not in remaining:
                    continue
                yield key, record[field]
            if remaining is not None:
                remaining.discard(key)
                if not remaining:
                    return


# ---------------------------------------------------------------------------------------------
# Candidate extractor: deliberately over-generating, independent of any detector
# ---------------------------------------------------------------------------------------------

_SP = "[ \u00a0]"
_SEP = rf"(?:[.\-/ \u00a0]|\){_SP}?|{_SP}?\()"
_DIGIT_RUN = re.compile(rf"(?<![\d+])(?:\+|\()?\d+(?:{_SEP}\d+)*\)?")
_AT_TOKEN = re.compile(r"[^\s@]*@[^\s@]*")
_PLATE = re.compile(r"(?<![\w.\-])\d{2}-?[A-Z]{1,2}\d?(?:[ .\-]|\s?-\s?)?\d{3,5}(?:\.\d{1,2})?(?![\w])")
_QUAD = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\.?\d)")
_HEX = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")
_HOUSE = re.compile(
    r"(?:(?<!\w)[Ss]ố(?:[ \u00a0]+nhà)?[ \u00a0]+)?(?<![\w/.,%])[A-Z]?\d{1,4}[A-Z]?(?:[/\-]\d{1,4}[A-Z]?)*(?![\w/.,]\w)"
)
_LANE = re.compile(
    r"(?<!\w)(?:[Nn]gõ|[Nn]gách|[Hh]ẻm|[Kk]iệt)[ \u00a0]+(?:số[ \u00a0]+)?\d{1,4}[A-Z]?(?:/\d{1,4}[A-Z]?)*"
)
_STREET_WORD = re.compile(
    r"(?:,?[ \u00a0]+(?:[Nn]gõ|[Nn]gách|[Hh]ẻm|[Kk]iệt|[Đđ]ường|[Pp]hố)(?:[ \u00a0]+số)?"
    r"(?:[ \u00a0]+\d{1,4}[A-Z]?(?:/\d{1,4}[A-Z]?)*)?)+"
)
_WORD = re.compile(r"[ \u00a0]+(\w+)")
_ADDRESS_CUE = re.compile(
    r"(?<!\w)(?:địa chỉ|[Đđ]/[Cc]|ĐC|address|tại|ở|trú|trụ sở|nhà|số nhà)[ \u00a0]*:?[ \u00a0]*$", re.IGNORECASE
)


def _digit_count(s: str) -> int:
    return sum(ch.isdigit() for ch in s)


def _capitalised_run(text: str, pos: int, limit: int = 6) -> int:
    """End of a run of capitalised words (or small numbers, e.g. "3 Tháng 2") starting at ``pos``."""
    end = pos
    words = 0
    while words < limit:
        m = _WORD.match(text, end)
        if not m:
            break
        word = m.group(1)
        if not (word[0].isupper() or (words > 0 and word.isdigit() and len(word) <= 2)):
            break
        end = m.end()
        words += 1
    return end


def _address_candidates(text: str) -> Iterator[tuple[int, int]]:
    for m in _HOUSE.finditer(text):
        start, end = m.span()
        has_so = not m.group(0)[0].isdigit() and m.group(0)[0] in "Ss"
        core = m.group(0).split()[-1]
        parts = core.split("/")
        date_like = all(p.isdigit() for p in parts) and (
            (len(parts) == 2 and int(parts[0]) <= 31 and 1 <= int(parts[1]) <= 12) or len(parts) == 3
        )
        shaped = len(parts) > 1 and not date_like
        if not core[0].isdigit() and not core[1:2].isdigit():
            continue
        cue = bool(_ADDRESS_CUE.search(text[max(0, start - 20) : start]))
        if not core[0].isdigit() and "/" not in core and not cue:
            continue  # U20, G5, … : a letter-prefixed number needs a slash or an address cue
        street = _STREET_WORD.match(text, end)
        after = street.end() if street else end
        name_end = _capitalised_run(text, after)
        if name_end == after and not (street and street.group(0).strip(" ,\u00a0")[-1].isdigit()):
            continue  # no street name follows
        if has_so or street or shaped or cue:
            yield start, max(name_end, after)
    for m in _LANE.finditer(text):
        start, end = m.span()
        street = _STREET_WORD.match(text, end)
        after = street.end() if street else end
        name_end = _capitalised_run(text, after)
        if name_end > after:
            yield start, name_end


def extract_candidates(text: str) -> list[dict[str, Any]]:
    """All candidate spans of ``text``: overlapping hits are merged, ``via`` lists the patterns."""
    hits: list[tuple[int, int, str]] = []
    for m in _DIGIT_RUN.finditer(text):
        s, e = m.span()
        token = m.group(0)
        if token.endswith(")") and "(" not in token:
            e -= 1
        if token.startswith("(") and ")" not in token:
            s += 1
        if _digit_count(text[s:e]) >= 6:
            hits.append((s, e, "digits"))
    for m in _AT_TOKEN.finditer(text):
        s, e = m.span()
        while s < e and text[s] in "([<\"'“‘*:,;.":
            s += 1
        while e > s and text[e - 1] in ")]>\"'”’*:,;.!?":
            e -= 1
        if "@" in text[s:e]:
            hits.append((s, e, "at"))
    hits.extend((m.start(), m.end(), "plate") for m in _PLATE.finditer(text))
    hits.extend((m.start(), m.end(), "quad") for m in _QUAD.finditer(text))
    for m in _HEX.finditer(text):
        token = m.group(0)
        if token.count(":") >= 2 and sum(c not in ":" for c in token) >= 4:
            hits.append((m.start(), m.end(), "hex"))
    hits.extend((s, e, "address") for s, e in _address_candidates(text))
    hits.sort()
    merged: list[dict[str, Any]] = []
    for s, e, via in hits:
        if merged and s < merged[-1]["end"]:
            last = merged[-1]
            last["end"] = max(last["end"], e)
            if via not in last["via"]:
                last["via"].append(via)
        else:
            merged.append({"start": s, "end": e, "via": [via]})
    return merged


# ---------------------------------------------------------------------------------------------
# Document selection for labelling (deterministic)
# ---------------------------------------------------------------------------------------------

# source -> (how many documents, how many of them must have at least one candidate)
DEFAULT_PLAN: dict[str, tuple[int, int]] = {
    "pii-silver/baomoi_social_pii_silver.jsonl.xz": (250, 250),
    "social-comments-uit/vihsd_train.csv.xz": (150, 100),
    "baomoi-news-2017/baomoi_news_sample500.jsonl": (50, 40),
    "binhvq-news-sample/demo-full.txt": (30, 25),
    "vntc/vntc_train_sample500.jsonl": (20, 15),
    "vlc-legal-corpus/vlc_laws_raw.jsonl.xz": (40, 40),
    "viwiki-undertheseanlp/viwiki_sample200.jsonl": (30, 20),
}
LAW_RANGE_CHARS = 12000  # laws are long: a window of about this many characters is labelled

# Documents added by a targeted search of every source for the rare kinds (context words such as
# CMND/CCCD/chứng minh, hộ chiếu, mã số thuế/MST, số thẻ/Visa, địa chỉ IP); labelled in full like
# the sampled ones. References only: (source, doc_key).
EXTRA_DOCUMENTS: tuple[tuple[str, DocKey], ...] = (
    ("pii-silver/baomoi_social_pii_silver.jsonl.xz", "22254580"),
    ("pii-silver/baomoi_social_pii_silver.jsonl.xz", "22677082"),
    ("pii-silver/baomoi_social_pii_silver.jsonl.xz", "22599105"),
    ("baomoi-news-2017/baomoi_news.jsonl.xz", "22283049"),
    ("baomoi-news-2017/baomoi_news.jsonl.xz", "22729167"),
    ("baomoi-news-2017/baomoi_news.jsonl.xz", "21473815"),
    ("vntc/vntc_test.jsonl.xz", "Test_Full/Chinh tri Xa hoi/XH_VNE_T_ (9273).txt"),
    ("vntc/vntc_test.jsonl.xz", "Test_Full/Phap luat/PL_TN_T_ (3833).txt"),
    ("vntc/vntc_test.jsonl.xz", "Test_Full/Chinh tri Xa hoi/XH_VNE_T_ (6309).txt"),
    ("vntc/vntc_test.jsonl.xz", "Test_Full/Phap luat/PL_TN_T_ (3701).txt"),
    ("vntc/vntc_test.jsonl.xz", "Test_Full/Phap luat/PL_TT_T_ (3251).txt"),
    ("vntc/vntc_test.jsonl.xz", "Test_Full/Phap luat/PL_VNE_T_ (2203).txt"),
    ("vntc/vntc_test.jsonl.xz", "Test_Full/Vi tinh/VT_VNE_T_ (2625).txt"),
    ("vntc/vntc_test.jsonl.xz", "Test_Full/Vi tinh/VT_VNE_T_ (2814).txt"),
    ("vntc/vntc_test.jsonl.xz", "Test_Full/Vi tinh/VT_VNE_T_ (2815).txt"),
    ("vntc/vntc_test.jsonl.xz", "Test_Full/Vi tinh/VT_VNE_T_ (3140).txt"),
    ("vntc/vntc_test.jsonl.xz", "Test_Full/Vi tinh/VT_VNE_T_ (4712).txt"),
    ("vntc/vntc_test.jsonl.xz", "Test_Full/Vi tinh/VT_VNE_T_ (134).txt"),
    ("vntc/vntc_test.jsonl.xz", "Test_Full/Vi tinh/VT_VNE_T_ (172).txt"),
    ("vntc/vntc_test.jsonl.xz", "Test_Full/Vi tinh/VT_VNE_T_ (662).txt"),
    ("vntc/vntc_test.jsonl.xz", "Test_Full/Vi tinh/VT_VNE_T_ (717).txt"),
    ("vntc/vntc_test.jsonl.xz", "Test_Full/Vi tinh/VT_VNE_T_ (2405).txt"),
    ("vntc/vntc_train.jsonl.xz", "Train_Full/Chinh tri Xa hoi/XH_NLD_ (5252).txt"),
    ("vntc/vntc_train.jsonl.xz", "Train_Full/Vi tinh/VT_TN_ (1572).txt"),
    ("vntc/vntc_train.jsonl.xz", "Train_Full/Chinh tri Xa hoi/XH_TT_ (2600).txt"),
    ("vntc/vntc_train.jsonl.xz", "Train_Full/Phap luat/PL_NLD_ (4052).txt"),
    ("vntc/vntc_train.jsonl.xz", "Train_Full/Phap luat/PL_TN_ (2716).txt"),
    ("vntc/vntc_train.jsonl.xz", "Train_Full/Phap luat/PL_TN_ (2908).txt"),
    ("vntc/vntc_train.jsonl.xz", "Train_Full/Vi tinh/VT_VNE_ (854).txt"),
    ("vntc/vntc_train.jsonl.xz", "Train_Full/Vi tinh/VT_VNE_ (79).txt"),
    ("vntc/vntc_train.jsonl.xz", "Train_Full/Suc khoe/SK_VNE_ (1240).txt"),
    ("vntc/vntc_train.jsonl.xz", "Train_Full/Vi tinh/VT_TT_ (2742).txt"),
)


def choose_documents(shared_dir: Path, plan: dict[str, tuple[int, int]]) -> list[tuple[str, DocKey, int, int]]:
    """Deterministic sample: ``(source, doc_key, start, end)`` ranges to label."""
    chosen: list[tuple[str, DocKey, int, int]] = []
    for rel, (count, with_candidates) in plan.items():
        if count <= 0:
            continue
        rng = random.Random(f"{SEED}:{rel}")
        hit: list[tuple[DocKey, int, int]] = []
        empty: list[tuple[DocKey, int, int]] = []
        for key, text in iter_records(shared_dir, rel):
            start, end = 0, len(text)
            if rel.startswith("vlc-legal-corpus/") and len(text) > LAW_RANGE_CHARS:
                offset = random.Random(f"{SEED}:{rel}:{key}").randrange(0, len(text) - LAW_RANGE_CHARS)
                start = text.rfind("\n", 0, offset) + 1
                stop = text.find("\n", start + LAW_RANGE_CHARS)
                end = len(text) if stop < 0 else stop
            has = bool(extract_candidates(text[start:end]))
            (hit if has else empty).append((key, start, end))
        picked = rng.sample(hit, min(with_candidates, len(hit)))
        picked += rng.sample(empty, min(count - len(picked), len(empty)))
        forced = {k for r, k in EXTRA_DOCUMENTS if r == rel}
        picked += [item for item in hit + empty if item[0] in forced and item not in picked]
        chosen.extend((rel, k, s, e) for k, s, e in picked)
    for rel in dict.fromkeys(r for r, _k in EXTRA_DOCUMENTS if r not in plan or plan[r][0] <= 0):
        keys = {k for r, k in EXTRA_DOCUMENTS if r == rel}
        chosen.extend((rel, key, 0, len(text)) for key, text in iter_records(shared_dir, rel, keys))
    return chosen


def _context(text: str, start: int, end: int, width: int = 80) -> tuple[str, str]:
    return text[max(0, start - width) : start], text[end : end + width]


def cmd_extract(args: argparse.Namespace) -> int:
    shared_dir = Path(args.shared)
    plan = dict(DEFAULT_PLAN)
    for item in args.per_source or []:
        rel, count, with_candidates = item.split(":")
        plan[rel] = (int(count), int(with_candidates))
    docs = choose_documents(shared_dir, plan)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    by_source: dict[str, dict[DocKey, tuple[int, int]]] = defaultdict(dict)
    for rel, key, s, e in docs:
        by_source[rel][key] = (s, e)
    n_cand = 0
    with (
        (out / "documents.jsonl").open("w", encoding="utf-8") as fd,
        (out / "candidates.jsonl").open("w", encoding="utf-8") as fc,
    ):
        for rel, keys in by_source.items():
            for key, text in iter_records(shared_dir, rel, set(keys)):
                s, e = keys[key]
                fd.write(json.dumps({"source": rel, "doc_key": key, "start": s, "end": e}, ensure_ascii=False) + "\n")
                for cand in extract_candidates(text[s:e]):
                    cs, ce = cand["start"] + s, cand["end"] + s
                    left, right = _context(text, cs, ce)
                    row = {"source": rel, "doc_key": key, "start": cs, "end": ce, "via": cand["via"]}
                    row.update(span=text[cs:ce], left=left, right=right)
                    fc.write(json.dumps(row, ensure_ascii=False) + "\n")
                    n_cand += 1
    print(f"{len(docs)} documents, {n_cand} candidates -> {out}")
    return 0


# ---------------------------------------------------------------------------------------------
# Loading and checking the labels
# ---------------------------------------------------------------------------------------------


def sha1_12(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _read_label_lines(path: Path = LABELS) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _texts_for(shared_dir: Path, rows: list[dict[str, Any]]) -> dict[tuple[str, DocKey], str]:
    wanted: dict[str, set[DocKey]] = defaultdict(set)
    for row in rows:
        wanted[row["source"]].add(row["doc_key"])
    texts: dict[tuple[str, DocKey], str] = {}
    for rel, keys in wanted.items():
        for key, text in iter_records(shared_dir, rel, keys):
            texts[(rel, key)] = text
    return texts


def _verified(shared_dir: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    rows = _read_label_lines()
    texts = _texts_for(Path(shared_dir), rows)
    docs: list[dict[str, Any]] = []
    spans: list[dict[str, Any]] = []
    errors: list[str] = []
    for n, row in enumerate(rows, 1):
        text = texts.get((row["source"], row["doc_key"]))
        if text is None:
            errors.append(f"line {n}: document not found: {row['source']} {row['doc_key']!r}")
            continue
        s, e = row["start"], row["end"]
        if not 0 <= s < e <= len(text) or sha1_12(text[s:e]) != row["sha1"]:
            errors.append(f"line {n}: offsets/sha1 mismatch: {row['source']} {row['doc_key']!r} {s}-{e}")
            continue
        out = {"source": row["source"], "doc_key": row["doc_key"], "text": text, "start": s, "end": e}
        if row["record"] == "doc":
            docs.append(out)
        else:
            if row["kind"] not in KINDS:
                errors.append(f"line {n}: unknown kind {row['kind']}")
            if len(row.get("note", "")) > 40:
                errors.append(f"line {n}: note longer than 40 characters")
            out.update(kind=row["kind"], note=row.get("note", ""))
            spans.append(out)
    ranges = defaultdict(list)
    for d in docs:
        ranges[(d["source"], d["doc_key"])].append((d["start"], d["end"]))
    seen = set()
    for sp in spans:
        where = (sp["source"], sp["doc_key"])
        if not any(a <= sp["start"] and sp["end"] <= b for a, b in ranges.get(where, [])):
            errors.append(f"span outside every labelled range: {where} {sp['start']}-{sp['end']}")
        if (where, sp["start"], sp["end"]) in seen:
            errors.append(f"duplicate span: {where} {sp['start']}-{sp['end']}")
        seen.add((where, sp["start"], sp["end"]))
    return docs, spans, errors


def load_eval_set(shared_dir: Path | str = SHARED) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(documents, spans)`` in one pass over the shared files; see the two functions below.
    Raises ``ValueError`` if any offset no longer matches its sha1."""
    docs, spans, errors = _verified(Path(shared_dir))
    if errors:
        raise ValueError("; ".join(errors[:5]))
    return docs, spans


def load_labelled_spans(shared_dir: Path | str = SHARED) -> list[dict[str, Any]]:
    """Labelled spans: dicts with ``source``, ``doc_key``, ``text`` (whole document), ``start``,
    ``end``, ``kind``, ``note``. Raises ``ValueError`` if any offset no longer matches its sha1."""
    return load_eval_set(shared_dir)[1]


def load_scanned_documents(shared_dir: Path | str = SHARED) -> list[dict[str, Any]]:
    """Fully labelled ranges: ``source``, ``doc_key``, ``text`` (whole document), ``start``, ``end``.
    Inside a range every PII span is labelled (and every extractor candidate has a label, ``NONE``
    for look-alikes), so recall and false positives can be counted there per kind."""
    return load_eval_set(shared_dir)[0]


def unlabelled_candidates(
    docs: list[dict[str, Any]], spans: list[dict[str, Any]]
) -> list[tuple[str, DocKey, int, int]]:
    """Extractor candidates inside labelled ranges that overlap no label (should be none)."""
    by_doc: dict[tuple[str, DocKey], list[tuple[int, int]]] = defaultdict(list)
    for sp in spans:
        by_doc[(sp["source"], sp["doc_key"])].append((sp["start"], sp["end"]))
    missing = []
    for d in docs:
        labelled = by_doc.get((d["source"], d["doc_key"]), [])
        for cand in extract_candidates(d["text"][d["start"] : d["end"]]):
            s, e = cand["start"] + d["start"], cand["end"] + d["start"]
            if not any(a < e and s < b for a, b in labelled):
                missing.append((d["source"], d["doc_key"], s, e))
    return missing


SILVER = "pii-silver/baomoi_social_pii_silver.jsonl.xz"
SILVER_KIND = {"NATIONAL_ID": "CITIZEN_ID"}


def compare_silver(shared_dir: Path, docs: list[dict[str, Any]], spans: list[dict[str, Any]]) -> Counter[str]:
    """Agreement between these labels and the silver spans of ``pii-silver`` (counts only)."""
    keys = {d["doc_key"] for d in docs if d["source"] == SILVER}
    silver: dict[DocKey, list[tuple[int, int, str]]] = {}
    with _open_text(Path(shared_dir) / SILVER) as handle:
        for number, line in enumerate(handle):
            record = json.loads(line)
            key = str(record["id"]) if "id" in record else number
            if key in keys:
                silver[key] = [(x["start"], x["end"], SILVER_KIND.get(x["type"], x["type"])) for x in record["spans"]]
    ours: dict[DocKey, list[dict[str, Any]]] = defaultdict(list)
    for sp in spans:
        if sp["source"] == SILVER:
            ours[sp["doc_key"]].append(sp)
    out: Counter[str] = Counter()
    for key, items in silver.items():
        for s, e, kind in items:
            hit = [sp for sp in ours[key] if sp["start"] < e and s < sp["end"]]
            if not hit:
                out[f"silver {kind}: no label of ours"] += 1
            elif any(sp["kind"] == kind for sp in hit):
                exact = any(sp["kind"] == kind and (sp["start"], sp["end"]) == (s, e) for sp in hit)
                out[f"silver {kind}: agree ({'same' if exact else 'other'} boundaries)"] += 1
            else:
                out[f"silver {kind}: ours {'/'.join(sorted({sp['kind'] for sp in hit}))}"] += 1
        for sp in ours[key]:
            if sp["kind"] in POSITIVE_KINDS and not any(s < sp["end"] and sp["start"] < e for s, e, _k in items):
                out[f"ours {sp['kind']}: not in silver"] += 1
    return out


def cmd_check(args: argparse.Namespace) -> int:
    docs, spans, errors = _verified(Path(args.shared))
    for err in errors:
        print("ERROR", err)
    per_kind = Counter(sp["kind"] for sp in spans)
    per_source: dict[str, Counter[str]] = defaultdict(Counter)
    for sp in spans:
        per_source[sp["source"]][sp["kind"]] += 1
    docs_per_source = Counter(d["source"] for d in docs)
    cut = sum(1 for d in docs if d["start"] > 0 or d["end"] < len(d["text"]))
    print(f"{len(spans)} spans in {len(docs)} labelled documents ({cut} of them cut to a range)")
    print("per kind:")
    for kind in KINDS:
        print(f"  {kind:18} {per_kind.get(kind, 0):5}")
    positives = sum(v for k, v in per_kind.items() if k in POSITIVE_KINDS)
    print(f"  positives {positives}, negatives (NONE + SERVICE_NUMBER) {len(spans) - positives}")
    notes = Counter(sp["note"].split(";")[0].strip() for sp in spans if sp["kind"] == "NONE")
    print("NONE sub-types: " + ", ".join(f"{k or '?'} {v}" for k, v in notes.most_common()))
    print("per source (documents, spans by kind):")
    for rel in sorted(docs_per_source):
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(per_source[rel].items()))
        print(f"  {rel}: {docs_per_source[rel]} docs; {kinds}")
    missing = unlabelled_candidates(docs, spans)
    for rel, key, s, e in missing[:20]:
        print(f"ERROR candidate without a label: {rel} {key!r} {s}-{e}")
    if args.silver:
        print("agreement with the silver spans of pii-silver (counts):")
        for line, count in sorted(compare_silver(Path(args.shared), docs, spans).items()):
            print(f"  {count:5}  {line}")
    if errors or missing:
        print(f"FAILED: {len(errors)} errors, {len(missing)} unlabelled candidates")
        return 1
    print("OK: every sha1 matches and every candidate in the labelled ranges has a label")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(SHARED), help="the shared data folder (default: ../shared/data)")
    sub = parser.add_subparsers(dest="command", required=True)
    p_extract = sub.add_parser("extract", help="write candidates with context to /tmp/pii_eval/ for labelling")
    p_extract.add_argument("--out", default=str(SCRATCH))
    p_extract.add_argument("--per-source", action="append", metavar="REL:COUNT:WITH_CANDIDATES")
    p_check = sub.add_parser("check", help="verify every label against the shared files and print counts")
    p_check.add_argument("--silver", action="store_true", help="also count agreement with the pii-silver spans")
    args = parser.parse_args(argv)
    if args.command == "extract":
        return cmd_extract(args)
    return cmd_check(args)


if __name__ == "__main__":
    sys.exit(main())
