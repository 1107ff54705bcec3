"""Web sources: charset decoding (legacy fonts included), opt-out signals, the ``warc``
and ``html`` readers with their quarantine codes, and the ``optout`` stage.

WARC files are written with warcio at test time; page text is either written for the
tests or taken from ``../shared/data/legacy-encodings`` (read in place)."""

from __future__ import annotations

import base64
import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import output_bytes, read_rows, run_cli, shared_data, write_pipeline
from vicorpus.web import decode_html, optout_signals

ARTICLE = [
    "Sáng nay, Sở Giáo dục và Đào tạo Hà Nội công bố điểm chuẩn vào lớp 10 năm học mới.",
    "Theo đó, trường có điểm chuẩn cao nhất là 42,5 điểm, thấp nhất là 18 điểm.",
    "Thí sinh có thể tra cứu kết quả trên cổng thông tin của Sở từ 8 giờ sáng mai.",
    "Các trường sẽ nhận hồ sơ nhập học trực tuyến trong ba ngày tiếp theo.",
]


def page(paragraphs: list[str], *, head: str = "", charset: str = "utf-8", title: str = "Tin giáo dục") -> str:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f'<html><head><meta charset="{charset}"><title>{title}</title>{head}</head><body>'
        '<nav><a href="/">Trang chủ</a> | <a href="/thoi-su">Thời sự</a> | <a href="/the-gioi">Thế giới</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>© Báo Tin Mới. Địa chỉ: 12 Lê Lợi, Hà Nội.</footer></body></html>"
    )


def legacy_lines(charset: str, count: int = 6) -> list[tuple[bytes, str]]:
    """(bytes, Unicode truth) of real sentences in a legacy encoding."""
    path = shared_data("legacy-encodings/generated_from_viwiki.jsonl")
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["charset"] == charset:
            pairs.append((base64.b64decode(record["encoded_b64"]), record["truth_recoverable"]))
    return pairs[:count]


# --- pure functions -------------------------------------------------------------------


def test_optout_signals_from_headers_and_meta_tags() -> None:
    headers = [
        ("X-Robots-Tag", "noindex"),
        ("x-robots-tag", "GPTBot: noai, noimageai"),
        ("TDM-Reservation", "1"),
        ("Content-Usage", "search=y, train-ai=n"),
        ("Content-Signal", "search=yes, ai-train=no"),
    ]
    assert optout_signals(headers) == [
        "tdm_reservation",
        "robots_noai",
        "robots_noimageai",
        "content_usage_train_ai_n",
        "content_signal_ai_train_no",
    ]
    head = '<META NAME="robots" CONTENT="NoAI"><meta content="https://x.vn/tdm" name=tdm-policy>'
    assert optout_signals(None, head) == ["robots_noai", "tdm_policy"]
    assert (
        optout_signals(
            {"TDM-Reservation": "0", "Content-Usage": "train-ai=y"}, '<meta name="robots" content="noindex">'
        )
        == []
    )


def test_decode_html_follows_bom_utf8_declarations_and_legacy_fonts() -> None:
    text = page(ARTICLE)
    assert decode_html(text.encode("utf-8")) == (text, "utf-8")
    for encoded, truth in legacy_lines("cp1258"):
        html = b'<html><head><meta charset="windows-1258"></head><body><p>' + encoded + b"</p></body></html>"
        decoded, charset = decode_html(html)
        assert charset == "cp1258" and truth in decoded
    for encoded, truth in legacy_lines("tcvn3"):
        html = b'<html><head><meta charset="windows-1252"></head><body><font face=".VnTime">' + encoded + b"</font>"
        decoded, charset = decode_html(html)
        assert charset == "tcvn3 (font)" and truth in decoded
    for encoded, truth in legacy_lines("vni-win"):
        html = b'<p style="font-family: VNI-Times">' + encoded + b"</p>"
        decoded, charset = decode_html(html, "text/html; charset=windows-1252")
        assert charset == "vni (font)" and truth in decoded


# --- the warc reader --------------------------------------------------------------------


def _record(
    writer: WARCWriter, url: str, payload: bytes, headers: list[tuple[str, str]], status: str = "200 OK"
) -> Any:
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=http)


def write_warc(path: Path, pages: list[tuple[str, bytes, list[tuple[str, str]], str]]) -> list[int]:
    """Writes a .warc.gz with a warcinfo record and the given responses; returns offsets."""
    offsets = []
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for url, payload, headers, status in pages:
            offsets.append(handle.tell())
            writer.write_record(_record(writer, url, payload, headers, status))
    return offsets


HTML = [("Content-Type", "text/html; charset=utf-8")]


def _web_pages() -> list[tuple[str, bytes, list[tuple[str, str]], str]]:
    tcvn3 = legacy_lines("tcvn3", 4)
    legacy_page = b'<html><head><meta charset="windows-1252"></head><body><article><font face=".VnTime">'
    legacy_page += b"".join(b"<p>" + encoded + b"</p>" for encoded, _ in tcvn3) + b"</font></article></body></html>"
    return [
        ("https://m.tinmoi.vn/giao-duc/a1", page(ARTICLE).encode(), HTML, "200 OK"),
        ("https://tinmoi.vn/giao-duc/a2", page(ARTICLE[::-1]).encode(), [*HTML, ("X-Robots-Tag", "noai")], "200 OK"),
        (
            "https://tinmoi.vn/a3",
            page(ARTICLE[1:], head='<meta name="tdm-reservation" content="1">').encode(),
            HTML,
            "200 OK",
        ),
        ("https://tinmoi.vn/anh.jpg", b"\xff\xd8\xff\xe0" + bytes(200), [("Content-Type", "image/jpeg")], "200 OK"),
        ("https://tinmoi.vn/cu", b"", [("Location", "https://tinmoi.vn/moi")], "301 Moved Permanently"),
        ("https://tinmoi.vn/trong", b"<html><body><script>var x=1;</script></body></html>", HTML, "200 OK"),
        ("http://cu.tinmoi.vn/vntime", legacy_page, [("Content-Type", "text/html")], "200 OK"),
    ]


def _run(
    tmp_path: Path,
    stages: list[dict[str, Any]],
    workers: str = "1",
    name: str = "out",
    bad: float = 0.001,
    **source: Any,
) -> Path:
    # Images, redirects and empty pages are no documents by design: they do not count
    # against max_bad_fraction (default 0.001); broken files do.
    config: dict[str, Any] = {
        "sources": [{"name": "crawl", "format": "warc", "path": "crawl", "license": "NOASSERTION", **source}],
        "stages": stages,
        "max_bad_fraction": bad,
    }
    out = tmp_path / name
    result = run_cli("run", write_pipeline(tmp_path, config), "--output", out, "--workers", workers, "--quiet")
    assert result.returncode == 0, result.stderr
    return out


def test_warc_reader_documents_columns_and_quarantine(tmp_path: Path) -> None:
    (tmp_path / "crawl").mkdir()
    offsets = write_warc(tmp_path / "crawl" / "a.warc.gz", _web_pages())
    out = _run(tmp_path, [{"optout": {}}])
    kept = {row["url"]: row for row in read_rows(out / "kept")}
    assert set(kept) == {"https://m.tinmoi.vn/giao-duc/a1", "http://cu.tinmoi.vn/vntime"}
    first = kept["https://m.tinmoi.vn/giao-duc/a1"]
    assert all(paragraph in first["text"] for paragraph in ARTICLE)
    assert "Trang chủ" not in first["text"] and "Địa chỉ: 12 Lê Lợi" not in first["text"]
    assert first["domain"] == "tinmoi.vn" and first["charset"] == "utf-8" and first["optout"] is None
    assert first["warc_record_id"].startswith("<urn:uuid:") and first["warc_payload_digest"].startswith("sha1:")
    assert first["date"] and first["origin"] == f"a.warc.gz@{offsets[0]}"
    legacy = kept["http://cu.tinmoi.vn/vntime"]
    assert legacy["charset"] == "tcvn3 (font)"
    assert all(truth in legacy["text"] for _, truth in legacy_lines("tcvn3", 4))
    rejected = {row["url"]: (row["drop_reason"], row["optout"]) for row in read_rows(out / "rejected")}
    assert rejected == {
        "https://tinmoi.vn/giao-duc/a2": ("optout", "robots_noai"),
        "https://tinmoi.vn/a3": ("optout", "tdm_reservation"),
    }
    quarantine = {row["origin"]: row["error_code"] for row in read_rows(out / "quarantine")}
    assert quarantine == {
        f"a.warc.gz@{offsets[3]}": "not_html",
        f"a.warc.gz@{offsets[4]}": "not_ok_status",
        f"a.warc.gz@{offsets[5]}": "no_main_text",
    }
    ledger = json.loads((out / "ledger.json").read_text())
    assert ledger["balanced"] and ledger["total"]["input"] == 7


def test_warc_output_is_the_same_with_two_workers_and_either_extractor(tmp_path: Path) -> None:
    (tmp_path / "crawl").mkdir()
    for index in range(3):
        write_warc(tmp_path / "crawl" / f"{index}.warc.gz", _web_pages())
    for extractor in ("trafilatura", "resiliparse"):
        one = _run(tmp_path, [{"optout": {}}], "1", f"{extractor}-1", html_extractor=extractor)
        two = _run(tmp_path, [{"optout": {}}], "2", f"{extractor}-2", html_extractor=extractor)
        assert output_bytes(one) == output_bytes(two)
        texts = [row["text"] for row in read_rows(one / "kept")]
        assert len(texts) == 6 and all(ARTICLE[0] in text for text in texts[::2])


def test_broken_warc_files_end_in_quarantine(tmp_path: Path) -> None:
    (tmp_path / "crawl").mkdir()
    good = tmp_path / "good.warc.gz"
    offsets = write_warc(good, _web_pages()[:3])
    data = good.read_bytes()
    (tmp_path / "crawl" / "truncated.warc.gz").write_bytes(data[:-40])
    (tmp_path / "crawl" / "garbage.warc.gz").write_bytes(data[: offsets[1]] + b"garbage" * 100 + data[offsets[1] :])
    (tmp_path / "crawl" / "not-gzip.warc.gz").write_bytes(b"this is not a warc file at all\n" * 10)
    (tmp_path / "crawl" / "plain.warc").write_bytes(gzip.decompress(data))
    out = _run(tmp_path, [], bad=0.9)
    codes = sorted((row["origin"].split("@")[0], row["error_code"]) for row in read_rows(out / "quarantine"))
    assert ("truncated.warc.gz", "truncated_record") in codes
    assert ("garbage.warc.gz", "truncated_stream") in codes
    kept = [row["origin"].split("@")[0] for row in read_rows(out / "kept")]
    assert kept.count("plain.warc") == 3 and kept.count("garbage.warc.gz") >= 1 and kept.count("truncated.warc.gz") == 2
    ledger = json.loads((out / "ledger.json").read_text())
    assert ledger["balanced"]


def test_pathological_pages_are_quarantined_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "crawl").mkdir()
    nested = ("<div>" * 100_000 + "Nội dung" + "</div>" * 100_000).encode()
    huge = page(ARTICLE * 200_000).encode()  # ≈ 50 MB
    write_warc(
        tmp_path / "crawl" / "bad.warc.gz",
        [
            ("https://a.vn/nested", nested, HTML, "200 OK"),
            ("https://a.vn/huge", huge, HTML, "200 OK"),
            ("https://a.vn/ok", page(ARTICLE).encode(), HTML, "200 OK"),
        ],
    )
    out = _run(tmp_path, [], bad=0.9)
    quarantine = {row["error_code"] for row in read_rows(out / "quarantine")}
    assert "record_too_large" in quarantine
    kept = [row["url"] for row in read_rows(out / "kept")]
    assert "https://a.vn/ok" in kept
    ledger = json.loads((out / "ledger.json").read_text())
    assert ledger["balanced"] and ledger["total"]["input"] == 3


# --- html folders, robots.txt ---------------------------------------------------------


def test_html_folder_and_robots_snapshot(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "tinmoi").mkdir(parents=True)
    canonical = '<link rel="canonical" href="https://tinmoi.vn/giao-duc/diem-chuan">'
    (pages / "tinmoi" / "a.html").write_text(page(ARTICLE, head=canonical), encoding="utf-8")
    (pages / "tinmoi" / "b.html").write_text(
        page(ARTICLE[1:], head='<meta property="og:url" content="https://khac.vn/b">'), "utf-8"
    )
    (pages / "tinmoi" / "c.htm").write_text(page(ARTICLE[2:], head='<meta name="robots" content="noai">'), "utf-8")
    (pages / "empty.html").write_bytes(b"")
    snapshot = tmp_path / "robots.jsonl"
    snapshot.write_text(
        json.dumps(
            {"domain": "tinmoi.vn", "robots_txt": "User-agent: GPTBot\nDisallow: /giao-duc/\n", "fetched": "2026-10-01"}
        )
        + "\n",
        encoding="utf-8",
    )
    config = {
        "sources": [{"name": "pages", "format": "html", "path": "pages"}],
        "stages": [{"optout": {"robots_file": str(snapshot)}}],
    }
    out = tmp_path / "out"
    result = run_cli("run", write_pipeline(tmp_path, config), "--output", out, "--quiet")
    assert result.returncode == 0, result.stderr
    kept = {row["origin"]: row for row in read_rows(out / "kept")}
    assert set(kept) == {"tinmoi/b.html"} and kept["tinmoi/b.html"]["url"] == "https://khac.vn/b"
    rejected = {
        row["origin"]: (row["drop_reason"], row["optout_robots"], row["optout"]) for row in read_rows(out / "rejected")
    }
    assert rejected == {
        "tinmoi/a.html": ("optout", "GPTBot", None),
        "tinmoi/c.htm": ("optout", None, "robots_noai"),
    }
    # A new robots.txt snapshot at the same path is a new configuration, not a resume.
    snapshot.write_text(snapshot.read_text(encoding="utf-8").replace("/giao-duc/", "/"), encoding="utf-8")
    again = run_cli("run", write_pipeline(tmp_path, config), "--output", out, "--quiet")
    assert again.returncode == 2 and "different configuration" in again.stderr, again.stderr


def test_optout_settings_are_checked_before_reading(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_text(page(ARTICLE), encoding="utf-8")
    config = {
        "sources": [{"name": "pages", "format": "html", "path": "pages"}],
        "stages": [{"optout": {"signals": ["noai"]}}, {"optout": {"robots_file": str(tmp_path / "missing.jsonl")}}],
    }
    result = run_cli("run", write_pipeline(tmp_path, config), "--output", tmp_path / "out")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "stages[0].optout.signals: Value error, unknown signal(s) noai" in result.stderr
    assert "stages[1].optout.robots_file: Value error, cannot read robots snapshot" in result.stderr


@pytest.mark.parametrize("extractor", ["trafilatura", "resiliparse"])
def test_extractors_keep_paragraphs_and_drop_navigation(extractor: str) -> None:
    from vicorpus.web.extract import extract_main_text

    text = extract_main_text(page(ARTICLE), extractor)  # type: ignore[arg-type]
    assert all(paragraph in text for paragraph in ARTICLE)
    assert "Trang chủ" not in text


# --- realistic pages (tests/web_pages.py) ---------------------------------------------


def test_realistic_warc_pages_main_text_charsets_and_optouts(tmp_path: Path) -> None:
    import unicodedata

    from web_pages import build_pages
    from web_pages import write_warc as write_page_warc

    shared_data("baomoi-news-2017/baomoi_news_sample500.jsonl")
    pages = build_pages(70)
    (tmp_path / "crawl").mkdir()
    write_page_warc(pages, tmp_path / "crawl" / "pages.warc.gz", requests=True)
    out = _run(tmp_path, [{"optout": {}}])
    by_url = {page.url: page for page in pages}
    kept = {row["url"]: row for row in read_rows(out / "kept")}
    rejected = {row["url"]: row for row in read_rows(out / "rejected")}
    assert len(kept) + len(rejected) == len(pages)
    # Opt-outs: every page that carries one is dropped, no decoy (noindex, index/follow) is.
    assert {url for url, page in by_url.items() if page.opt_out} == set(rejected)
    assert all(row["drop_reason"] == "optout" for row in rejected.values())
    assert any(by_url[url].decoy for url in kept)
    recovered = total = 0
    for url, row in kept.items():
        page = by_url[url]
        assert row["charset"] in ("utf-8", "cp1258")
        text = "".join(unicodedata.normalize("NFC", row["text"]).split())
        for paragraph in page.main_text:
            words = "".join(paragraph.split())
            total += len(words)
            recovered += len(words) if words in text else 0
    assert recovered / total >= 0.9
