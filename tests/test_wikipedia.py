"""MediaWiki XML dumps: wikitext → plain text, and the `wikipedia` reader in a pipeline.

The dumps are built at test time from real Vietnamese Wikipedia article text
(../shared/data/viwiki-undertheseanlp), wrapped in the markup real articles carry:
infoboxes, <ref> footnotes, tables, images, categories, interlanguage links.
"""

from __future__ import annotations

import bz2
import json
import re
import tracemalloc
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import output_bytes, read_rows, run_cli, shared_data, write_pipeline
from vicorpus.config.source import Source
from vicorpus.readers.base import BatchBuilder, ReadLimits, ReadTask
from vicorpus.readers.wikipedia import read_wikipedia
from vicorpus.wikitext import SiteNames, wikitext_to_text

SAMPLE = "viwiki-undertheseanlp/viwiki_sample200.jsonl"
NAMESPACES = {
    -2: "Phương tiện",
    -1: "Đặc biệt",
    0: "",
    1: "Thảo luận",
    2: "Thành viên",
    3: "Thảo luận Thành viên",
    4: "Wikipedia",
    6: "Tập tin",
    10: "Bản mẫu",
    14: "Thể loại",
    828: "Mô đun",
}
# Words that only occur inside markup that must disappear.
HIDDEN = ("HỘPTHÔNGTIN", "ÔBẢNG", "CHÚTHÍCHẢNH", "GHICHÚẨN", "NGUỒNTHAMKHẢO", "THỂLOẠIẨN", "LIÊNKẾTNGÔNNGỮ", "CÔNGTHỨC")
MARKUP = ("[[", "]]", "{{", "}}", "<ref", "</", "'''", "''", "==", "<!--", "&nbsp;", "{|", "|}", "__", "\x00", "\x01")
_MARKUPISH = re.compile(r"\[\[|\]\]|''|<|\{|\}|\u200b|= =|&|^[*#:;]", re.MULTILINE)
_WORDS = re.compile(r"(?<= )(\w+ \w+)(?= )")
# Pieces of wikitext, glued at random by the property test.
FRAGMENTS = [
    *"{}[]|=<>!&'#*:;\n -",
    *("{{", "}}", "{{{", "}}}", "[[", "]]", "{|", "|}", "|-", "''", "'''", "==", "\n== H ==\n", "__NOTOC__"),
    *("<ref>", "</ref>", "<ref name=a/>", "<!--", "-->", "<nowiki>", "</nowiki>", "<br>", "<div>", "</div>"),
    *("<math>", "</math>", "<table>", "&nbsp;", "&#xD800;", "&#1;", "&amp;", "http://a.vn", "[http://b.vn x]"),
    *("Tập tin:", "Thể loại:", "en:", "lang|fr|", "nowrap|", "convert|1|km", "Việt Nam", "chữ", "\x00", "\x01"),
]


# --- building dumps ----------------------------------------------------------------


def sample_articles(path: Path, limit: int | None = None) -> list[dict[str, str]]:
    """Articles of at least 300 characters whose text holds no markup of its own (some
    2017 extractions kept stray ``[[``, ``''``, list markers or TeX from formulas)."""
    articles = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text = record["text"].replace("\r\n", "\n")
            if len(text) < 300 or _MARKUPISH.search(text):
                continue
            title = record["title"][:1].upper() + record["title"][1:]  # as MediaWiki stores titles
            articles.append({"title": title, "text": text})
            if limit is not None and len(articles) >= limit:
                break
    return articles


def wrap_article(title: str, text: str, number: int) -> str:
    """Realistic wikitext around plain article text; its visible text is unchanged."""
    out = [
        "{{Thông tin nhân vật\n| tên = " + title + f"\n| hình = Ảnh {number}.jpg\n"
        "| chú thích = HỘPTHÔNGTIN {{nowrap|chú thích}}\n| ngày sinh = {{ngày sinh và tuổi|1990|1|1}}\n}}"
    ]
    lead_done = False
    for index, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if not stripped or stripped.startswith("=="):
            out.append(line)
            continue
        if not lead_done:
            lead_done = True
            if line.startswith(title + " "):
                line = f"'''{title}'''" + line[len(title) :]
            line = line.replace(
                ". ",
                f'.<ref name="nguồn{number}">{{{{Chú thích web |url=https://example.org/{number} '
                f"|tiêu đề=NGUỒNTHAMKHẢO {number}}}}}</ref> ",
                1,
            )
            line += "<ref>{{cite book|title=NGUỒNTHAMKHẢO|year=2001}}</ref>"
            out.append(line)
            out.append(f"[[Tập tin:Ảnh minh họa {number}.jpg|nhỏ|phải|CHÚTHÍCHẢNH [[Hà Nội]] {{{{nowrap|x}}}}]]")
            out.append(
                '{| class="wikitable"\n|+ Bảng số liệu\n|-\n! Năm !! Giá trị\n|-\n'
                f"| 2001 || ÔBẢNG [[Việt Nam|{number}]]\n|}}"
            )
            continue
        kind = index % 4
        if kind == 0:
            line = _WORDS.sub(lambda m: f"[[{m.group(1)}]]", line, count=1)
        elif kind == 1:
            line = _WORDS.sub(lambda m: f"[[{m.group(1)} (định hướng)|{{{{nowrap|{m.group(1)}}}}}]]", line, count=1)
        elif kind == 2:
            line = line.replace(" ", " <!-- GHICHÚẨN --> ", 1).replace(" ", "&nbsp;", 1)
            line += f'<ref name="nguồn{number}" />'
        else:
            line = _WORDS.sub(lambda m: f"''{m.group(1)}''", line, count=1) + r" <math>\text{CÔNGTHỨC} = mc^2</math>"
        out.append(line)
    out += [
        "",
        "== Tham khảo ==",
        "{{Tham khảo|30em}}",
        "",
        "== Liên kết ngoài ==",
        f"* [https://example.org/{number} Trang chính thức]",
        "",
        "{{Sơ khai}}",
        "[[Thể loại:THỂLOẠIẨN]]",
        f"[[Category:THỂLOẠIẨN {number}]]",
        f"[[en:LIÊNKẾTNGÔNNGỮ {number}]]",
    ]
    return "\n".join(out)


def visible_lines(text: str) -> set[str]:
    """The lines of a plain article that must come out of its wrapped wikitext."""
    lines = set()
    for line in text.split("\n"):
        line = " ".join(line.split())
        if line and not line.startswith("="):
            lines.add(line)
    return lines


def page_xml(
    page_id: int | None,
    title: str,
    text: str | None,
    *,
    ns: int | None = 0,
    redirect: str | None = None,
    revision_id: int | None = None,
    timestamp: str = "2024-05-01T10:20:30Z",
    text_attrs: str = "",
) -> str:
    parts = ["  <page>", f"    <title>{escape(title)}</title>"]
    if ns is not None:
        parts.append(f"    <ns>{ns}</ns>")
    if page_id is not None:
        parts.append(f"    <id>{page_id}</id>")
    if redirect is not None:
        parts.append(f"    <redirect title={quoteattr(redirect)} />")
    parts += [
        "    <revision>",
        f"      <id>{revision_id if revision_id is not None else (page_id or 0) * 10 + 1}</id>",
        f"      <parentid>{(page_id or 0) * 10}</parentid>",
        f"      <timestamp>{timestamp}</timestamp>",
        "      <contributor>\n        <username>Người dùng</username>\n        <id>42</id>\n      </contributor>",
        "      <comment>sửa &lt;chính tả&gt;</comment>",
        "      <model>wikitext</model>",
        "      <format>text/x-wiki</format>",
    ]
    if text is None:
        attrs = text_attrs or 'deleted="deleted"'
        parts.append(f'      <text bytes="0" {attrs} />')
    else:
        size = len(text.encode())
        parts.append(f'      <text bytes="{size}" xml:space="preserve"{text_attrs}>{escape(text)}</text>')
    parts += ["      <sha1>abc</sha1>", "    </revision>", "  </page>"]
    return "\n".join(parts) + "\n"


def dump_head(*, siteinfo: bool = True) -> str:
    head = (
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="0.11" xml:lang="vi">\n'
    )
    if siteinfo:
        namespaces = "\n".join(
            f'      <namespace key="{key}" case="first-letter"' + (f">{name}</namespace>" if name else " />")
            for key, name in NAMESPACES.items()
        )
        head += (
            "  <siteinfo>\n    <sitename>Wikipedia</sitename>\n    <dbname>viwiki</dbname>\n"
            "    <base>https://vi.wikipedia.org/wiki/Trang_Ch%C3%ADnh</base>\n"
            "    <generator>MediaWiki 1.42.0-wmf.1</generator>\n    <case>first-letter</case>\n"
            f"    <namespaces>\n{namespaces}\n    </namespaces>\n  </siteinfo>\n"
        )
    return head


FOOTER = "</mediawiki>\n"


def dump_xml(pages: Iterable[str], *, siteinfo: bool = True) -> str:
    return dump_head(siteinfo=siteinfo) + "".join(pages) + FOOTER


def write_multistream_bz2(path: Path, pages: list[str], per_stream: int = 5) -> Path:
    """Like Wikimedia's ``pages-articles-multistream.xml.bz2``: the header, every
    ``per_stream`` pages and the footer are separate bz2 streams."""
    streams = [bz2.compress(dump_head().encode())]
    for start in range(0, len(pages), per_stream):
        streams.append(bz2.compress("".join(pages[start : start + per_stream]).encode()))
    streams.append(bz2.compress(FOOTER.encode()))
    path.write_bytes(b"".join(streams))
    return path


def article_pages(articles: list[dict[str, str]], first_id: int) -> Iterator[str]:
    for number, article in enumerate(articles):
        page_id = first_id + 2 * number
        yield page_xml(page_id, article["title"], wrap_article(article["title"], article["text"], page_id))


def special_pages(first_id: int) -> list[tuple[str, str | None]]:
    """Pages that are not documents, with the quarantine code each must get."""
    return [
        (page_xml(first_id, "Việt Nam (định hướng)", "#đổi [[Việt Nam]]", redirect="Việt Nam"), "redirect"),
        (
            page_xml(first_id + 1, "Thảo luận:Việt Nam", "== Ý kiến ==\nBài viết cần thêm nguồn. ~~~~", ns=1),
            "non_article",
        ),
        (page_xml(first_id + 2, "Thành viên:Người dùng", "Tôi là '''người dùng'''.", ns=2), "non_article"),
        (
            page_xml(
                first_id + 3, "Bản mẫu:Sơ khai", "{{#if:{{{1|}}}|x|y}}<noinclude>[[Thể loại:X]]</noinclude>", ns=10
            ),
            "non_article",
        ),
        (page_xml(first_id + 4, "Trang bị xóa", None), "missing_text"),
        (page_xml(first_id + 5, "Trang trống", "", text_attrs=""), "missing_text"),
    ]


# --- running -----------------------------------------------------------------------


def run(tmp_path: Path, sources: list[dict[str, Any]], *extra: str, name: str = "out", **settings: Any) -> Path:
    config = {"sources": sources, "stages": [], "max_bad_fraction": 1.0, **settings}
    pipeline = write_pipeline(tmp_path, config, name=f"{name}.yaml")
    result = run_cli("run", pipeline, "--output", tmp_path / name, "--quiet", *extra)
    assert result.returncode == 0, result.stderr
    return tmp_path / name


def wiki_source(name: str, path: str | Path) -> dict[str, Any]:
    return {"name": name, "format": "wikipedia", "path": str(path), "license": "CC-BY-SA-4.0"}


def ledger_of(out: Path) -> dict[str, Any]:
    ledger: dict[str, Any] = json.loads((out / "ledger.json").read_text())
    assert ledger["balanced"] is True
    return ledger


def read_direct(
    path: Path, relpath: str = "dump.xml", max_record_bytes: int = 1 << 24
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """Run the reader in-process: (documents, quarantine rows, empty files)."""
    source = Source(name="wiki", format="wikipedia", path=str(path))
    builder = BatchBuilder(source, ReadLimits(batch_size=100, batch_bytes=1 << 22, max_record_bytes=max_record_bytes))
    docs: list[dict[str, Any]] = []
    quarantine: list[dict[str, Any]] = []
    empty = 0
    for batch in read_wikipedia(ReadTask(0, 0, str(path), relpath), builder):
        docs.extend(batch.docs.to_dicts())
        quarantine.extend(batch.quarantine)
        empty += batch.empty_files
    return docs, quarantine, empty


def expected_extra_lines(text: str) -> set[str]:
    """Lines a converted article may hold beyond its paragraphs: headings, the wrapper's
    external-links section."""
    headings = {" ".join(line.strip().strip("=").split()) for line in text.split("\n") if line.strip().startswith("=")}
    return headings | {"Liên kết ngoài", "Trang chính thức"}


def assert_article_text(text: str, article: dict[str, str]) -> None:
    lines = set(text.split("\n")) - {""}
    assert visible_lines(article["text"]) <= lines, article["title"]
    assert lines - visible_lines(article["text"]) <= expected_extra_lines(article["text"]), article["title"]
    leaks = [m for m in (*MARKUP, *HIDDEN) if m in text]
    assert not leaks, (article["title"], leaks)


# --- the converter on tricky snippets ---------------------------------------------------


CASES = [
    ("'''Hà Nội''' là ''thủ đô'' của [[Việt Nam]].", "Hà Nội là thủ đô của Việt Nam."),
    ("Trước.{{Thông tin|a={{b|{{c|d}}}}|e=[[f|g]]}} Sau.", "Trước. Sau."),
    ("{{Hộp thông tin\n| tên = {{nowrap|X}}\n| ảnh = [[Tập tin:A.jpg|nhỏ]]\n}}\nVăn bản.", "Văn bản."),
    ("Đến [[Huế|{{nowrap|cố đô}}]] và [[Hội An|{{lang|fr|Faifo}} xưa]] nay.", "Đến cố đô và Faifo xưa nay."),
    (
        'Câu một.<ref name=x/> Câu hai.<ref name="y">{{cite web|url=http://a.vn}}</ref> Ba<ref>z</ref>.',
        "Câu một. Câu hai. Ba.",
    ),
    ("[[File:Hue.jpg|thumb|Chú thích [[Huế|cố đô]] {{nowrap|đẹp}}]]Văn bản.", "Văn bản."),
    ("[[Tập tin:Hue.jpg|nhỏ|phải|Chú [[thích]]]]\nVăn bản.", "Văn bản."),
    ("==Lịch sử==\nNội dung.\n=== Cổ đại ===\nXưa.", "Lịch sử\nNội dung.\n\nCổ đại\nXưa."),
    ("A<!-- ẩn [[x]] -->B <!-- hai\ndòng --> C", "AB C"),
    ("100&nbsp;km &amp; 5&ndash;6 &lt;b&gt;", "100 km & 5–6 <b>"),
    ("* một\n* hai [[x|ba]]\n# bốn\n: năm", "một\nhai ba\nbốn\nnăm"),
    ("; Từ : nghĩa", "Từ\nnghĩa"),
    ("== A ==\n\n== B ==\nnội dung\n== Tham khảo ==\n{{Tham khảo}}\n<references/>", "B\nnội dung"),
    ("== A ==\n=== A1 ===\nx\n== B ==\n=== B1 ===\n{{x}}", "A\nA1\nx"),
    ("Trước\n{| class=wikitable\n|-\n! Cột\n|-\n| ô || [[x|ô2]]\n|}\nSau", "Trước\n\nSau"),
    ("Văn bản.\n[[Thể loại:Việt Nam]]\n[[Category:X]]\n[[en:Vietnam]]\n[[zh-min-nan:Oa̍t-lâm]]", "Văn bản."),
    ("Xem [[:Thể loại:Việt Nam|thể loại này]] và [[:en:Vietnam]].", "Xem thể loại này và en:Vietnam."),
    ("[https://a.vn Trang chủ], [https://b.vn] và https://c.vn", "Trang chủ, và https://c.vn"),
    ("__NOTOC__\nVăn bản __KHÔNG_MỤC_LỤC__ và __init__", "Văn bản và __init__"),
    ("[[Huế (thành phố)|]] và [[Wikipedia:Giúp đỡ|]]", "Huế và Giúp đỡ"),
    ("a<br />b<br>c", "a\nb\nc"),
    ("Công thức <math>x^2 + y^2</math> đây.", "Công thức đây."),
    ("'''Đậm không đóng và [[liên kết hỏng", "Đậm không đóng và liên kết hỏng"),
    ("Hà Nội ({{lang-en|Hanoi}}) và Huế ({{IPA|hwe}}) là {{convert|10|km}}.", "Hà Nội (Hanoi) và Huế là 10 km."),
    ("<gallery>\nA.jpg|Ảnh [[x]]\n</gallery>Sau", "Sau"),
    ("<nowiki>[[không phải liên kết]]</nowiki> và <code>a &lt; b</code>", "[[không phải liên kết]] và a < b"),
    ('<div style="x">Khối</div><span>trong</span> dòng<sup>2</sup>', "Khối\ntrong dòng2"),
    ("{{#if:{{{1|}}}|có|không}}Văn {{{2}}}bản", "Văn bản"),
    ("Dòng\r\nmới\x00\x01", "Dòng\nmới"),
    ("{{hlist|[[a]]|b|{{x}}}} và {{lang|en|}}x", "a · b và x"),
    ("Tên ({{lang-en|Name}}, {{IPA|x}}) và Đường,<ref/> trùng ;<ref/>", "Tên (Name) và Đường, trùng ;"),
    ("Câu <ref>chưa đóng</ref", "Câu chưa đóng"),
    ("&#xD800;&#1;&#0;&#x110000;&#65;&eacute;", "&#0;&#x110000;Aé"),
    ("", ""),
]


@pytest.mark.parametrize(("wikitext", "expected"), CASES)
def test_wikitext_to_text(wikitext: str, expected: str) -> None:
    assert wikitext_to_text(wikitext) == expected


def test_the_pure_python_tokenizer_gives_the_same_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from mwparserfromhell.parser.tokenizer import Tokenizer

    from vicorpus.wikitext import convert

    monkeypatch.setattr(convert, "_TOKENIZER", Tokenizer)
    assert [wikitext_to_text(wikitext) for wikitext, _ in CASES] == [expected for _, expected in CASES]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_any_mix_of_markup_gives_clean_text(fragments: list[str]) -> None:
    text = wikitext_to_text("".join(fragments))
    text.encode("utf-8")  # no lone surrogates
    assert "\x00" not in text and "\x01" not in text
    assert text == text.strip() and "\n\n\n" not in text


def test_site_namespaces_decide_files_and_categories() -> None:
    site = SiteNames.from_namespaces({6: "Fichier", 14: "Catégorie"})
    wikitext = "[[Fichier:X.jpg|vignette|légende]]Texte [[Catégorie:Y]][[Tập tin:Z.png|nhỏ|a]]"
    assert wikitext_to_text(wikitext, site) == "Texte"


def test_pathological_markup_never_raises() -> None:
    for wikitext in ("{{" * 400 + "x" + "}}" * 200, "[[" * 300, "<ref>" * 200, "'''''" * 500, "{|\n" * 100, "=" * 50):
        text = wikitext_to_text(wikitext)
        assert "\x00" not in text and "\x01" not in text
        assert not any(m in text for m in ("{{", "}}", "[[", "]]", "''"))


# --- the reader in a pipeline -------------------------------------------------------


@pytest.fixture(scope="module")
def articles() -> list[dict[str, str]]:
    return sample_articles(shared_data(SAMPLE))


def test_dump_through_the_pipeline(tmp_path: Path, articles: list[dict[str, str]]) -> None:
    assert len(articles) >= 100
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    pages = list(article_pages(articles, first_id=10))
    specials = special_pages(first_id=100_000)
    first = pages[:40] + [page for page, _ in specials]
    (dumps / "viwiki-20240501-pages-articles1.xml").write_text(dump_xml(first), encoding="utf-8")
    write_multistream_bz2(dumps / "viwiki-20240501-pages-articles2.xml.bz2", pages[40:80])
    (dumps / "viwiki-20240501-pages-articles3.xml").write_text(dump_xml(pages[80:]), encoding="utf-8")

    out = run(tmp_path, [wiki_source("viwiki", dumps)], "--workers", "1", name="one")
    kept = read_rows(out / "kept")
    assert len(kept) == len(articles)
    by_title = {article["title"]: article for article in articles}
    for row in kept:
        metadata = json.loads(row["metadata"])
        assert set(metadata) == {"page_id", "title", "revision_id"}
        article = by_title[metadata["title"]]
        assert_article_text(row["text"], article)
        assert row["url"] == "https://vi.wikipedia.org/wiki/" + article["title"].replace(" ", "_")
        assert row["domain"] in ("vi.wikipedia.org", "wikipedia.org")  # host or registrable domain
        assert row["date"] == "2024-05-01T10:20:30Z"
        assert row["license"] == "CC-BY-SA-4.0"
        assert metadata["revision_id"] == metadata["page_id"] * 10 + 1
        assert re.fullmatch(r"viwiki-20240501-pages-articles[123]\.xml(\.bz2)?@page:\d+", row["origin"])
        assert row["origin"].endswith(f"@page:{metadata['page_id']}")
    assert len({row["id"] for row in kept}) == len(kept)

    quarantine = read_rows(out / "quarantine")
    assert Counter(row["error_code"] for row in quarantine) == Counter(code for _, code in specials)
    assert all(row["raw"] == b"" and row["raw_size"] == 0 for row in quarantine)
    assert {row["origin"] for row in quarantine} == {
        f"viwiki-20240501-pages-articles1.xml@page:{100_000 + i}" for i in range(len(specials))
    }
    ledger = ledger_of(out)["total"]
    assert ledger["input"] == len(articles) + len(specials)
    assert ledger["kept"] == len(articles)
    assert ledger["quarantined_by_reason"] == {"missing_text": 2, "non_article": 3, "redirect": 1}

    # Deterministic: two workers write the same bytes as one.
    again = run(tmp_path, [wiki_source("viwiki", dumps)], "--workers", "2", name="two")
    assert output_bytes(again) == output_bytes(out)


def test_plain_and_bz2_dumps_give_the_same_documents(tmp_path: Path, articles: list[dict[str, str]]) -> None:
    pages = list(article_pages(articles[:12], first_id=1))
    plain = tmp_path / "dump.xml"
    plain.write_text(dump_xml(pages), encoding="utf-8")
    packed = write_multistream_bz2(tmp_path / "dump.xml.bz2", pages)
    single = tmp_path / "single.xml.bz2"
    single.write_bytes(bz2.compress(plain.read_bytes()))
    docs, quarantine, _ = read_direct(plain)
    assert len(docs) == 12 and not quarantine
    assert read_direct(packed)[0] == docs
    assert read_direct(single)[0] == docs


def test_damaged_dumps_are_counted_not_fatal(tmp_path: Path, articles: list[dict[str, str]]) -> None:
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    pages = list(article_pages(articles[:30], first_id=1))
    # A multistream .bz2 cut in the middle: the streams before the cut are read.
    whole = write_multistream_bz2(tmp_path / "whole.xml.bz2", pages, per_stream=3).read_bytes()
    (dumps / "a-truncated.xml.bz2").write_bytes(whole[: len(whole) // 2])
    # Malformed XML after five pages: an unescaped '&' in a title.
    good = dump_xml(pages[:10]).encode()
    cut = good.index(b"  <page>", good.index(b"<title>" + escape(articles[5]["title"]).encode()) - 100)
    bad = good[:cut] + "  <page>\n    <title>Hỏng & sai</title>\n".encode() + good[cut:]
    (dumps / "b-malformed.xml").write_bytes(bad)
    (dumps / "c-empty.xml").write_bytes(b"")
    (dumps / "d-not-a-dump.xml").write_text("<html><body><p>Xin chào</p></body></html>", encoding="utf-8")
    huge = "Văn bản rất dài. " * 20_000  # ≈ 360 KB of wikitext
    (dumps / "e-oversized.xml").write_text(
        dump_xml([pages[0], page_xml(900, "Trang khổng lồ", huge), pages[1]]), encoding="utf-8"
    )
    (dumps / "f-no-pages.xml").write_text(dump_xml([]), encoding="utf-8")
    (dumps / "g-blank.xml").write_text("\n  \n", encoding="utf-8")
    (dumps / "h-missing.xml").symlink_to(tmp_path / "nowhere.xml")

    out = run(tmp_path, [wiki_source("wiki", dumps)], max_record_bytes=200_000)
    kept = read_rows(out / "kept")
    quarantine = {row["origin"].split("@")[0]: row for row in read_rows(out / "quarantine")}
    per_file = Counter(row["origin"].split("@")[0] for row in kept)

    truncated = quarantine["a-truncated.xml.bz2"]
    assert truncated["error_code"] == "truncated_stream"
    assert 0 < per_file["a-truncated.xml.bz2"] < 30
    read_ids = sorted(json.loads(r["metadata"])["page_id"] for r in kept if r["origin"].startswith("a-"))
    assert read_ids == list(range(1, 2 * len(read_ids), 2))  # the first pages, none skipped

    malformed = quarantine["b-malformed.xml"]
    assert per_file["b-malformed.xml"] == 5
    assert malformed["error_code"] == "malformed_xml"
    offset = int(malformed["origin"].split("@")[1])
    assert bad.index(b"& sai") <= offset <= bad.index(b"& sai") + 1  # the byte expat stopped at
    assert b"& sai" in malformed["raw"]

    assert quarantine["d-not-a-dump.xml"]["error_code"] == "malformed_xml"
    assert quarantine["d-not-a-dump.xml"]["origin"] == "d-not-a-dump.xml@0"
    assert "not a MediaWiki dump" in quarantine["d-not-a-dump.xml"]["error"]

    oversized = quarantine["e-oversized.xml"]
    assert oversized["error_code"] == "record_too_large"
    assert oversized["origin"] == "e-oversized.xml@page:900"
    assert oversized["raw_size"] == len(huge.encode()) and len(oversized["raw"]) == 4096
    assert per_file["e-oversized.xml"] == 2
    assert quarantine["h-missing.xml"]["error_code"] == "unreadable_file"

    ledger = ledger_of(out)["sources"]["wiki"]
    assert ledger["quarantined_by_reason"] == {
        "malformed_xml": 2,
        "record_too_large": 1,
        "truncated_stream": 1,
        "unreadable_file": 1,
    }
    assert ledger["empty_files"] == 3  # empty, blank, and a dump without pages
    assert ledger["input"] == len(kept) + 5


def test_a_50_mb_page_is_quarantined_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(dump_head() + page_xml(1, "Nhỏ", "Một [[trang]] nhỏ."))
        handle.write("  <page>\n    <title>Lớn</title>\n    <ns>0</ns>\n    <id>2</id>\n    <revision>\n")
        handle.write(
            '      <id>21</id>\n      <timestamp>2024-01-01T00:00:00Z</timestamp>\n      <text xml:space="preserve">'
        )
        line = "Dòng [[liên kết]] & {{bản mẫu}} rất dài.\n" * 1000
        repeats = 50 * 1024 * 1024 // len(line.encode()) + 1
        for _ in range(repeats):
            handle.write(escape(line))
        handle.write("</text>\n    </revision>\n  </page>\n" + page_xml(3, "Sau", "Trang sau.") + FOOTER)
    assert path.stat().st_size > 50 * 1024 * 1024
    tracemalloc.start()
    try:
        docs, quarantine, _ = read_direct(path, max_record_bytes=16 * 1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [d["text"] for d in docs] == ["Một trang nhỏ.", "Trang sau."]
    assert [(q["origin"], q["error_code"]) for q in quarantine] == [("dump.xml@page:2", "record_too_large")]
    assert quarantine[0]["raw_size"] == repeats * len(line.encode()) > 50 * 1024 * 1024
    assert peak < 40 * 1024 * 1024  # the text above the limit is never held


def test_locators_are_unique_and_stable(tmp_path: Path) -> None:
    pages = [
        page_xml(5, "Năm", "Trang năm."),
        page_xml(3, "Ba", "Trang ba."),
        page_xml(5, "Năm lần hai", "Trùng số."),
        page_xml(None, "Không số", "Không có id."),
        page_xml(8, "Tám", "Trang tám."),
    ]
    path = tmp_path / "dump.xml"
    path.write_text(dump_xml(pages), encoding="utf-8")
    docs, _, _ = read_direct(path)
    assert [d["origin"] for d in docs] == [
        "dump.xml@page:5",
        "dump.xml@page:3#1",
        "dump.xml@page:5#2",
        "dump.xml@page#3",
        "dump.xml@page:8",
    ]
    assert len({d["id"] for d in docs}) == 5
    assert read_direct(path)[0] == docs


def test_old_dumps_history_and_content_models(tmp_path: Path) -> None:
    """No <ns> (before export 0.5): the namespace comes from the title; several revisions
    (history dumps): the last one; a redirect without <redirect>; other content models."""
    history = page_xml(7, "Huế", "Bản cũ.").replace(
        "    </revision>\n",
        "    </revision>\n    <revision>\n      <id>99</id>\n      <timestamp>2025-02-03T04:05:06Z</timestamp>\n"
        '      <model>wikitext</model>\n      <text xml:space="preserve">Bản &lt;b&gt;mới&lt;/b&gt;.</text>\n'
        "    </revision>\n",
    )
    pages = [
        page_xml(1, "Thảo luận:Huế", "Bàn luận.", ns=None),
        page_xml(2, "Huế: cố đô", "Bài [[viết]].", ns=None),
        page_xml(3, "Huế (định hướng)", "#REDIRECT [[Huế]]"),
        page_xml(4, "Dữ liệu", '{"a": 1}').replace("<model>wikitext</model>", "<model>json</model>"),
        history,
    ]
    path = tmp_path / "dump.xml"
    path.write_text(dump_xml(pages), encoding="utf-8")
    docs, quarantine, _ = read_direct(path)
    assert [(q["origin"], q["error_code"]) for q in quarantine] == [
        ("dump.xml@page:1", "non_article"),
        ("dump.xml@page:3", "redirect"),
        ("dump.xml@page:4", "non_article"),
    ]
    assert [d["text"] for d in docs] == ["Bài viết.", "Bản mới."]
    assert json.loads(docs[1]["metadata"]) == {"page_id": 7, "title": "Huế", "revision_id": 99}
    assert docs[1]["date"] == "2025-02-03T04:05:06Z"
    assert docs[0]["url"] == "https://vi.wikipedia.org/wiki/Huế:_cố_đô"

    bare = tmp_path / "bare.xml"
    bare.write_text(dump_xml([page_xml(1, "Ai? #1 100%", "Văn bản.")], siteinfo=False), encoding="utf-8")
    assert read_direct(bare)[0][0]["url"] is None
    bare.write_text(dump_xml([page_xml(1, "Ai? #1 100%", "Văn bản.")]), encoding="utf-8")
    assert read_direct(bare)[0][0]["url"] == "https://vi.wikipedia.org/wiki/Ai%3F_%231_100%25"

    # Blank lines before the root are fine, and error offsets still count them.
    padded = ("\n" * 3 + dump_xml([page_xml(1, "A", "Văn bản.")])).encode()
    bare.write_bytes(padded + b"<page>")
    docs, quarantine, _ = read_direct(bare)
    assert len(docs) == 1
    assert quarantine[0]["origin"] == f"dump.xml@{len(padded)}"
    assert quarantine[0]["raw"].endswith(b"</mediawiki>\n<page>")  # with the 1 KiB before the error


def test_a_page_the_parser_gives_up_on_is_quarantined(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vicorpus.readers.wikipedia as reader

    def give_up(wikitext: str, site: SiteNames) -> str:
        if "hỏng" in wikitext:
            raise RecursionError("maximum recursion depth exceeded")
        return wikitext_to_text(wikitext, site)

    monkeypatch.setattr(reader, "wikitext_to_text", give_up)
    path = tmp_path / "dump.xml"
    path.write_text(dump_xml([page_xml(1, "A", "Trang hỏng."), page_xml(2, "B", "Trang tốt.")]), encoding="utf-8")
    docs, quarantine, _ = read_direct(path)
    assert [d["text"] for d in docs] == ["Trang tốt."]
    assert quarantine[0]["error_code"] == "extraction_failed"
    assert quarantine[0]["raw"] == "Trang hỏng.".encode()
