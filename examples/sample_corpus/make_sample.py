"""Build the damaged demo input for vicorpus from ``clean_articles.jsonl``.

``clean_articles.jsonl`` holds 60 short Vietnamese documents written for this project
(NFC, old-style tone placement, no markup). Real crawled Vietnamese text is never that
clean, so this script re-creates, deterministically (``random.Random(SEED)``, stdlib
only), the kinds of damage that vicorpus has to repair or filter, and writes them to
``data/``:

``news.jsonl.gz`` (gzip with ``mtime=0``, so the bytes are reproducible) - the
news/blog documents as ``{"text", "url", "date", "title"}`` records, where ``text`` is
title + blank line + body, with this damage injected:

* mojibake: UTF-8 bytes decoded as Windows-1252 ("Viá»‡t Nam"); the five bytes that
  cp1252 leaves undefined become C1 controls, as browsers do (WHATWG windows-1252);
* legacy paragraphs: one or two paragraphs pasted from an old Windows-1258 file (the
  Windows Vietnamese code page: â/ê/ô/ă/ơ/ư precomposed, tone marks as separate
  combining bytes) and read as cp1252 - legacy lines inside a Unicode document;
* NFD: the whole record in decomposed Unicode;
* whitespace: CRLF line endings, tab indents, non-breaking spaces, trailing spaces;
* new-style tones: "hoà, thuỷ, khoẻ" instead of "hòa, thủy, khỏe";
* exact duplicates (same text, another URL) and near duplicates (a footer added, a
  sentence dropped or replaced);
* spam: the fictional betting, "game bài", "nổ hũ" and instant-loan pages in
  ``spam_pages.jsonl`` (one with dotted-letter evasion, "n.h.à c.á.i") plus two generated
  keyword-stuffed doorway pages;
* boilerplate-only or very short records (menus, "Đang cập nhật...", a lone title);
* two unparseable lines (a truncated JSON object, a line with raw 0xFF 0xFE bytes),
  one record with ``"text": null`` and one with no ``text`` field.

``forum.csv`` - the dialect forum posts (``post_id,text,url,date``, quoted multi-line
fields) plus one ragged row. ``notices/`` - one notice per ``.txt`` file in UTF-8,
UTF-8 with BOM, UTF-16 LE with BOM, UTF-8 with CRLF, and one empty file.

All names, numbers, companies, brands and URLs are fictional. Run:
``python examples/sample_corpus/make_sample.py``
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

SEED = 20250101
HERE = Path(__file__).resolve().parent
OUT = HERE / "data"
Record = dict[str, Any]

TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
NOT_AFTER = r"(?![\w\u0300-\u036f])"
OA_OE = re.compile(rf"([oO])([{TONES}])([aAeE]){NOT_AFTER}")
UY = re.compile(rf"(?<![qQ])([uU])([{TONES}])([yY]){NOT_AFTER}")
LETTER_MARKS = re.compile(r"(\w)([\u0300-\u036f]+)")


def _cp1252_char(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81 0x8D 0x8F 0x90 0x9D: browsers map them via latin-1
        return chr(b)


CP1252 = [_cp1252_char(b) for b in range(256)]


def read_as_cp1252(data: bytes) -> str:
    return "".join(CP1252[b] for b in data)


def mojibake(s: str) -> str:
    return read_as_cp1252(s.encode("utf-8"))


def _cp1258_cluster(m: re.Match[str]) -> str:
    marks = m.group(2)
    shape = "".join(c for c in marks if c not in TONES)  # circumflex, breve, horn
    tone = "".join(c for c in marks if c in TONES)
    return unicodedata.normalize("NFC", m.group(1) + shape) + tone


def legacy_cp1258(s: str) -> str:
    """Encode as Windows-1258 (precomposed â/ê/ô/ă/ơ/ư + combining tone byte), read as cp1252."""
    split = LETTER_MARKS.sub(_cp1258_cluster, unicodedata.normalize("NFD", s))
    return read_as_cp1252(split.encode("cp1258", errors="replace"))


def new_style(s: str) -> str:
    nfd = unicodedata.normalize("NFD", s)
    nfd = UY.sub(r"\1\3\2", OA_OE.sub(r"\1\3\2", nfd))
    return unicodedata.normalize("NFC", nfd)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def whitespace(s: str, kinds: tuple[str, ...], rng: random.Random) -> str:
    if "nbsp" in kinds:
        s = "".join("\u00a0" if c == " " and rng.random() < 0.15 else c for c in s)
    if "tabs" in kinds:
        s = "\t" + s.replace("\n\n", "\n\n\t")
    if "trailing" in kinds:
        s = s.replace("\n", "  \n") + " \t "
    if "crlf" in kinds:
        s = s.replace("\n", "\r\n")
    return s


def sentences(paragraph: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", paragraph)


def near_duplicate(body: str, kind: str) -> str:
    paras = body.split("\n\n")
    if kind == "footer_source":
        return body + "\n\nNguồn: tổng hợp. Mời bạn đọc theo dõi chuyên mục để cập nhật tin mới."
    if kind == "footer_share":
        return body + "\n\nChia sẻ bài viết: Facebook | Zalo | Sao chép liên kết"
    idx = max(range(len(paras)), key=lambda i: len(sentences(paras[i])))
    if kind == "sentence_replaced":  # the re-publisher rewrote the closing sentence
        idx = len(paras) - 1
    sents = sentences(paras[idx])
    if kind == "sentence_dropped":
        del sents[len(sents) // 2]
    else:
        sents[-1] = "Thông tin sẽ tiếp tục được cập nhật trong các bài viết sau."
    paras[idx] = " ".join(sents)
    return "\n\n".join(paras)


KEYWORDS = ["soi kèo nhà cái", "kèo nhà cái hôm nay", "tỷ lệ kèo nhà cái", "nhà cái uy tín"]
CITIES = ["Hà Nội", "Hải Phòng", "Đà Nẵng", "Huế", "Nha Trang", "Cần Thơ", "TP.HCM", "Vinh"]
SHORT = ["Trang chủ | Tin tức | Liên hệ", "Đang cập nhật...", "Giá lúa hôm nay tại miền Tây"]
SHORT += ["Bài viết không tồn tại hoặc đã bị xóa.", "Đăng nhập | Đăng ký | Quên mật khẩu?"]


def make_spam(rng: random.Random) -> list[Record]:
    """Hand-written spam pages plus two generated keyword-stuffed doorway pages."""
    with (HERE / "spam_pages.jsonl").open(encoding="utf-8") as f:
        pages: list[Record] = [json.loads(line) for line in f if line.strip()]
    stuffed = "\n\n".join(", ".join(rng.choice(KEYWORDS) for _ in range(18)) + "." for _ in "abc")
    loans = " ".join(f"Vay tiền nhanh {c}. Vay tiền online {c} giải ngân trong ngày." for c in CITIES)
    doorways = [
        ("Soi kèo nhà cái hôm nay – tỷ lệ kèo chuẩn xác nhất", stuffed, "keo-nha-cai"),
        ("Vay tiền nhanh toàn quốc – không thẩm định", loans, "vay-nhanh"),
    ]
    for i, (title, text, host) in enumerate(doorways):
        url = f"https://{host}-mau.top/?p={i + 1}"
        pages.append({"title": title, "text": text, "url": url, "date": "2025-08-15"})
    return [{**p, "text": f"{p['title']}\n\n{p['text']}"} for p in pages]


def full(d: Record, body: str | None = None) -> str:
    return f"{d['title']}\n\n{d['text'] if body is None else body}"


def rec(d: Record, text: str | None, title: str | None = None, url: str = "") -> Record:
    return {"text": text, "url": url or d["url"], "date": d["date"], "title": title or d["title"]}


WS_COMBOS = [("crlf",), ("tabs", "trailing"), ("nbsp",), ("crlf", "trailing"), ("nbsp", "tabs")]
NEAR = ["footer_source", "footer_share", "sentence_dropped", "sentence_replaced"]
MIRRORS = ["{url}?utm_source=facebook", "https://m.{host}/{path}", "https://tonghop-demo.vn/{doc}"]


def build_news(docs: list[Record], rng: random.Random, counts: Counter[str]) -> list[bytes]:
    pool = docs[:]
    rng.shuffle(pool)
    tone_docs = [d for d in pool if new_style(d["text"]) != d["text"]][:4]
    pool = [d for d in pool if d not in tone_docs]
    moji, legacy, decomposed, spaced = pool[0:3], pool[3:6], pool[6:9], pool[9:14]
    exact, near, untouched = pool[14:22], pool[22:26], pool[26:]
    records = [rec(d, full(d)) for d in untouched + exact + near]
    counts["clean"] += len(records)
    damage = [(mojibake, moji, "mojibake_cp1252"), (nfd, decomposed, "nfd")]
    for fn, group, kind in [*damage, (new_style, tone_docs, "new_style_tones")]:
        records += [rec(d, fn(full(d)), fn(d["title"])) for d in group]
        counts[kind] += len(group)
    for d in legacy:
        paras = d["text"].split("\n\n")
        for i in rng.sample(range(len(paras)), k=rng.choice((1, 2))):
            paras[i] = legacy_cp1258(paras[i])
            counts["cp1258_paragraphs"] += 1
        records.append(rec(d, full(d, "\n\n".join(paras))))
        counts["cp1258_docs"] += 1
    for d, combo in zip(spaced, WS_COMBOS, strict=True):
        records.append(rec(d, whitespace(full(d), combo, rng)))
        counts.update(f"ws_{k}" for k in combo)
    for i, d in enumerate(exact):
        host, _, path = d["url"].removeprefix("https://").partition("/")
        url = MIRRORS[i % 3].format(url=d["url"], host=host, path=path, doc=d["doc"])
        records.append(rec(d, full(d), url=url))
        counts["exact_duplicates"] += 1
    for d, kind in zip(near, NEAR, strict=True):
        url = f"https://docbao-demo.vn/{d['date'][:4]}/{d['doc']}.html"
        records.append(rec(d, full(d, near_duplicate(d["text"], kind)), url=url))
        counts[f"near_dup_{kind}"] += 1
    spam = make_spam(rng)
    records += spam
    counts["spam"] += len(spam)
    for i, text in enumerate(SHORT):
        records.append({"text": text, "url": f"https://tintuc-mau.vn/trang/{i + 1}"})
        records[-1].update({"date": "2025-06-01", "title": text.split(" |")[0].rstrip(".")})
        counts["short"] += 1
    site = "https://tintuc-mau.vn"
    title = "Video: Lễ khai giảng năm học mới"
    records.append({"text": None, "url": f"{site}/video/khai-giang", "date": "2025-09-05"})
    records[-1]["title"] = title
    records.append({"url": f"{site}/anh/pho-co-trung-thu", "date": "2025-10-01"})
    records[-1]["title"] = "Ảnh: Phố cổ rực rỡ đèn lồng đêm Trung thu"
    counts.update(["text_null", "text_missing"])
    rng.shuffle(records)
    lines = [json.dumps(r, ensure_ascii=False).encode("utf-8") for r in records]
    truncated = json.dumps(rec(untouched[0], full(untouched[0])), ensure_ascii=False)[:150]
    note = "Thư viện tỉnh nghỉ Tết @@ mở cửa trở lại từ mùng 6 tháng Giêng."
    bad = {"text": note, "url": "https://tintuc-mau.vn/tb/99", "date": "2026-01-20"}
    bad_utf8 = json.dumps(bad, ensure_ascii=False).encode("utf-8").replace(b"@@", b"\xff\xfe")
    lines.insert(len(lines) // 3, truncated.encode("utf-8"))
    lines.insert(2 * len(lines) // 3, bad_utf8)
    counts.update(["unparseable_truncated_json", "unparseable_invalid_utf8"])
    return lines


def write_forum(posts: list[Record], path: Path) -> None:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(["post_id", "text", "url", "date"])
    for i, d in enumerate(posts, start=1):
        writer.writerow([f"post-{i:04d}", full(d), d["url"], d["date"]])
    writer.writerow([f"post-{len(posts) + 1:04d}", "Bài viết đã bị quản trị viên ẩn."])  # ragged
    path.write_bytes(buf.getvalue().encode("utf-8"))


def write_notices(notices: list[Record], folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    encoders: list[tuple[str, Callable[[str], bytes]]] = [
        ("utf-8", lambda s: s.encode("utf-8")),
        ("utf-8-bom", lambda s: s.encode("utf-8-sig")),
        ("utf-16-le-bom", lambda s: b"\xff\xfe" + s.encode("utf-16-le")),
        ("utf-8-crlf", lambda s: s.replace("\n", "\r\n").encode("utf-8")),
    ]
    written = []
    for i, (d, (label, encode)) in enumerate(zip(notices, encoders, strict=True), start=1):
        name = f"{i:02d}_{d['doc']}.txt"
        (folder / name).write_bytes(encode(full(d) + "\n"))
        written.append(f"{name} ({label})")
    (folder / f"{len(notices) + 1:02d}_thong-bao-trong.txt").write_bytes(b"")
    return [*written, f"{len(notices) + 1:02d}_thong-bao-trong.txt (empty)"]


def main() -> None:
    rng = random.Random(SEED)
    with (HERE / "clean_articles.jsonl").open(encoding="utf-8") as f:
        docs: list[Record] = [json.loads(line) for line in f if line.strip()]
    forum = [d for d in docs if d["doc"].startswith("forum-")]
    notices = [d for d in docs if d["doc"].startswith("thong-bao-")]
    news = [d for d in docs if d not in forum and d not in notices]
    OUT.mkdir(parents=True, exist_ok=True)
    counts: Counter[str] = Counter()
    lines = build_news(news, rng, counts)
    payload = b"".join(line + b"\n" for line in lines)
    (OUT / "news.jsonl.gz").write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    write_forum(forum, OUT / "forum.csv")
    files = write_notices(notices, OUT / "notices")
    print(f"news.jsonl.gz: {len(lines)} lines from {len(news)} source documents")
    for kind, n in sorted(counts.items()):
        print(f"  {kind:28} {n}")
    print(f"forum.csv: {len(forum)} posts + 1 ragged row")
    print(f"notices/: {len(files)} files")
    for name in files:
        print(f"  {name}")
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"data/ total: {total / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
