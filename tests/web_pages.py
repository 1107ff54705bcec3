"""Realistic Vietnamese web pages with known main text, built at run time from ``../shared/data``.

``build_pages(n, seed=0, full=False)`` -> ``n`` :class:`WebPage`; page ``i`` depends only on ``(seed, i,
full)``, so ``build_pages(10)`` is a prefix of ``build_pages(1000)``. Text read in place: Báo Mới articles
(title, lead, body cut into paragraphs at sentence ends), viwiki prose lines, ViHSD comments (label 0) for
comment sections and forum replies, Báo Mới headlines for related/most-read lists. ``full=False`` reads
the small samples (tests), ``full=True`` the whole ``.xz`` files (benchmarks). Nothing is written into
the repository: ``write_warc``/``write_html_dir`` take a target path (a tmp dir).

Layouts (``TEMPLATES``): ``news_div`` (div soup), ``news_article`` (HTML5 ``<article>``, a "Xem thêm"
link inside the body, lead outside ``div.article-body``), ``portal_table`` (tables for layout, ``<font>``,
``<br>`` paragraphs, half windows-1258), ``blog`` (WordPress ``<p>`` or Blogger ``<br>``), ``forum``
(XenForo-like: the posts *are* the main text), ``wiki`` (MediaWiki), ``old_font`` (2000s page, upper-case
unclosed ``<P>``, always windows-1258). Each page string is ``main_text`` (to extract), ``boilerplate``
(not to: menus, breadcrumbs, related/most-read headlines, share bars, ads and their ``alt``, cookie
notices, footers, script/JSON-LD/noscript/hidden strings, form labels), ``comments`` (reader comments
under articles) or ``neutral`` (title, date, byline "Theo …", captions, headings, list items). Each
layout has 4 sites (domains) whose menu and footer are the same on all their pages.

windows-1258 = Python's ``cp1258`` codec, which lacks most toned letters (it has à á é í ó ú, not ả ạ
ì ò ý ỹ ế ở ự …): those are written base letter + combining tone mark (U+0300/0301/0303/0309/0323), as
Windows does, so ``data.decode("cp1258")`` is partly decomposed (NFC it). Characters it cannot encode at
all (emoji, →, ★, CJK …) become ``&#N;`` references, listed in ``WebPage.unencodable``.

AI opt-outs (``WebPage.opt_out``, labels of ``OPT_OUT``): headers ``X-Robots-Tag: noai``, ``tdm-reservation:
1``, ``Content-Usage: train-ai=n``, ``Content-Signal: ai-train=no`` (only in the WARC's HTTP headers) and
``<meta name="robots" content="noai">``, ``<meta name="tdm-reservation" content="1">`` (in the HTML).
Decoys that are *not* opt-outs: ``X-Robots-Tag: noindex, nofollow``, ``<meta name="robots" content="index,
follow">`` (``WebPage.decoy``).
"""

from __future__ import annotations

import codecs
import csv
import functools
import html
import io
import json
import lzma
import random
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
TEMPLATES = ("news_div", "news_article", "portal_table", "blog", "forum", "wiki", "old_font")
OPT_OUT: dict[str, Any] = {  # label -> (HTTP header, value) or the <meta> element
    "header:x-robots-tag": ("X-Robots-Tag", "noai"),
    "header:tdm-reservation": ("tdm-reservation", "1"),
    "header:content-usage": ("Content-Usage", "train-ai=n"),
    "header:content-signal": ("Content-Signal", "ai-train=no"),
    "meta:robots": '<meta name="robots" content="noai">',
    "meta:tdm-reservation": '<meta name="tdm-reservation" content="1">',
}
_L = str.split  # "a|b".split("|") keeps the word lists short
MENU = _L("Trang chủ|Thời sự|Thế giới|Kinh doanh|Giải trí|Thể thao|Pháp luật|Giáo dục|Sức khỏe|Du lịch|Xe|Video", "|")
SUBCAT = _L("Giao thông|Chứng khoán|Bóng đá Việt Nam|Tuyển sinh|Dinh dưỡng|Nhà đất|Điện ảnh|Hình sự|Dân sinh", "|")
SHARE = _L("Chia sẻ|Facebook|Zalo|Twitter|Gửi email|In bài viết|Lưu tin|Sao chép liên kết", "|")
ADS = _L(
    "Vay tiêu dùng lãi suất chỉ từ 0,99%/tháng, giải ngân trong 24 giờ|Khuyến mãi cuối tuần: giảm đến 50% điện "
    "thoại, máy tính bảng|Căn hộ cao cấp ven sông, thanh toán chỉ 30% nhận nhà ngay|Học tiếng Anh trực tuyến "
    "miễn phí 7 ngày cùng giáo viên bản ngữ|Bảo hiểm sức khỏe cho cả gia đình chỉ từ 5.000 đồng mỗi ngày",
    "|",
)
COOKIE = (
    "Chúng tôi sử dụng cookie để mang lại trải nghiệm tốt nhất cho bạn. Khi tiếp tục truy cập, bạn đồng ý với "
    "chính sách cookie của chúng tôi."
)
NAMES = [_L(x) for x in ("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ", "Văn Thị Minh Thu Ngọc Hữu "
         "Thanh Đức Quang Kim", "An Bình Hùng Lan Hương Tuấn Dũng Trang Hà Linh Nam Phương Khoa")]  # fmt: skip
STREETS = _L("Nguyễn Du|Lê Lợi|Trần Hưng Đạo|Hai Bà Trưng|Điện Biên Phủ|Lý Thường Kiệt", "|")
CITIES = _L(
    "phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|phường Tràng Tiền, quận Hoàn Kiếm, Hà Nội|phường Hải Châu 1, quận "
    "Hải Châu, Đà Nẵng|phường Tân An, quận Ninh Kiều, TP. Cần Thơ",
    "|",
)
SITE_WORDS = _L("Phương Nam|Sông Hồng|Đất Việt|Hà Thành", "|")
_KINDS = {"news_article": "Tin tức", "portal_table": "Cổng thông tin", "old_font": "Tạp chí", "blog": "Nhịp sống",
          "forum": "Diễn đàn"}  # fmt: skip
CAPTIONS = _L("Ảnh minh họa|Quang cảnh tại hiện trường (Ảnh: CTV)|Ảnh: Tư liệu|Nguồn ảnh: Internet", "|")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_SENTENCE_END = re.compile(r"(?<=[^\sA-ZĐ.][.!?…])\s+(?=[\"“'(]?[A-ZĐÀ-Ỹ0-9])")  # not after "TP." etc.
_WS = re.compile(r"\s+")


@dataclass
class WebPage:
    page_id: str  # "p00042"
    url: str
    template: str  # one of TEMPLATES
    charset: str  # "utf-8" or "windows-1258", declared in <meta> (and in Content-Type for some pages)
    html: str  # the markup as written (NFC); `data` is it encoded in `charset`
    data: bytes
    title: str
    main_text: list[str]  # paragraphs, in page order
    boilerplate: list[str]
    comments: list[str]
    neutral: list[str]
    http_headers: list[tuple[str, str]]
    opt_out: tuple[str, ...]  # labels of OPT_OUT carried (header ones: only in write_warc's records)
    decoy: bool  # carries a robots header/meta that is *not* an AI opt-out
    date: str  # ISO 8601 UTC
    source: str  # "baomoi:<id>" / "viwiki:<title>"
    unencodable: tuple[str, ...]  # characters written as &#N; in a windows-1258 page


# --- real text -------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _lines(name: str, full: bool) -> Iterable[dict[str, Any]]:
    big, small = {"news": ("baomoi-news-2017/baomoi_news", "_sample500"), "wiki": ("viwiki-undertheseanlp/viwiki",
                  "_sample200")}[name]  # fmt: skip
    path = DATA / (f"{big}.jsonl.xz" if full else f"{big}{small}.jsonl")
    with (lzma.open if full else open)(path, "rt", encoding="utf-8") as handle:
        yield from map(json.loads, handle)


@functools.cache
def _news(full: bool) -> tuple[dict[str, str], ...]:
    out = []
    for record in _lines("news", full):
        lines = [_norm(x) for x in record["text"].split("\n")]
        if len(lines) >= 3 and lines[0] and len(lines[1]) >= 40 and 600 <= len(" ".join(lines[2:])) <= 15000:
            out.append({"id": record["id"], "title": lines[0], "lead": lines[1], "body": " ".join(lines[2:])})
    return tuple(out)


@functools.cache
def _wiki_articles(full: bool) -> tuple[dict[str, Any], ...]:
    out = []
    for record in _lines("wiki", full):
        blocks: list[tuple[str, str]] = []  # ("h" | "p" | "li", text)
        for text in map(_norm, record["text"].splitlines()):
            if text.startswith("=="):
                if text.strip("= ") in ("Tham khảo", "Chú thích", "Liên kết ngoài", "Xem thêm", "Đọc thêm"):
                    break
                blocks.append(("h", text.strip("= ")))
            elif text:
                blocks.append(("p" if len(text) >= 60 and text[-1] in '.!?:;)"”' else "li", text))
        prose = [t for kind, t in blocks if kind == "p"]
        if len(prose) >= 3 and 500 <= sum(map(len, prose)) <= 20000 and (title := _norm(record["title"])):
            out.append({"title": title[:1].upper() + title[1:], "blocks": blocks[:60]})
    return tuple(out)


@functools.cache
def _headlines() -> tuple[str, ...]:
    with lzma.open(DATA / "baomoi-news-2017" / "baomoi_titles.txt.xz", "rt", encoding="utf-8") as handle:
        return tuple(t for t in map(_norm, handle) if 25 <= len(t) <= 120)


@functools.cache
def _comments() -> tuple[str, ...]:
    with lzma.open(DATA / "social-comments-uit" / "vihsd_train.csv.xz", "rt", encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        return tuple(t for r in rows if r["label_id"] == "0" and 15 <= len(t := _norm(r["free_text"])) <= 400)


def _paragraphs(body: str, rng: random.Random) -> list[str]:
    paragraphs, current, target = [], "", rng.randint(250, 700)
    for sentence in _SENTENCE_END.split(body):
        current = f"{current} {sentence}".strip()
        if len(current) >= target:
            paragraphs.append(current)
            current, target = "", rng.randint(250, 700)
    return [*paragraphs, current] if current else paragraphs


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:80]


# --- page builder --------------------------------------------------------------------------------


class _B:
    """Records what each string is while a template writes it; the methods return escaped HTML."""

    def __init__(self, rng: random.Random, head_meta: str, template: str) -> None:
        self.rng, self.head_meta = rng, head_meta
        self.main: list[str] = []
        self.boiler: list[str] = []
        self.comments: list[str] = []
        self.neutral: list[str] = []
        self.site = f"{_KINDS.get(template, 'Báo')} {rng.choice(SITE_WORDS)}"  # 4 sites per layout
        self.domain = slug(self.site).replace("-", "") + ".vn"
        self.category, self.sub = rng.choice(MENU[1:]), rng.choice(SUBCAT)
        day, month, hour, minute = rng.randint(1, 28), rng.randint(1, 12), rng.randint(6, 22), rng.randint(0, 59)
        self.date_text = f"{day:02d}/{month:02d}/2017 {hour:02d}:{minute:02d}"
        self.iso = f"2017-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00Z"

    def name(self, rng: random.Random | None = None) -> str:
        return " ".join((rng or self.rng).choice(part) for part in NAMES)

    def b(self, s: str) -> str:
        self.boiler.append(s)
        return html.escape(s)

    def n(self, s: str) -> str:
        self.neutral.append(s)
        return html.escape(s)

    def m(self, s: str, inline: bool = True) -> str:
        self.main.append(s)
        words = html.escape(s).split(" ")
        if inline and len(words) > 8 and self.rng.random() < 0.3:  # a link or bold word inside
            i, tag = self.rng.randrange(1, len(words) - 1), self.rng.choice(("b", "em", "strong", "a"))
            attr = f' href="/tag/{slug(words[i])}"' if tag == "a" else ""
            words[i] = f"<{tag}{attr}>{words[i]}</{tag}>"
        return " ".join(words)

    def links(self, items: Iterable[str], li: bool = True, sep: str = "") -> str:
        parts = [f'<a href="/{slug(t) or "x"}.html">{self.b(t)}</a>' for t in items]
        return "".join(f"<li>{p}</li>" for p in parts) if li else sep.join(parts)

    def heads(self, k: int) -> list[str]:
        return self.rng.sample(_headlines(), k)

    def menu(self, k: int = 10) -> list[str]:  # a site's menu and footer are the same on all its pages
        return ["Trang chủ", *random.Random(f"{self.domain}:{k}").sample(MENU[1:], k - 1)]

    def footer(self, k: int = 6) -> list[str]:
        r = random.Random(self.domain)
        lines = (
            f"© {r.randint(2005, 2017)} {self.site}. Bảo lưu mọi quyền.",
            f"Tòa soạn: {r.randint(1, 300)} {r.choice(STREETS)}, {r.choice(CITIES)}",
            f"Điện thoại: 028 {r.randint(3800, 3999)} {r.randint(1000, 9999)} – Email: toasoan@{self.domain}",
            f"Giấy phép số {r.randint(10, 600)}/GP-BTTTT do Bộ Thông tin và Truyền thông cấp",
            f"Tổng biên tập: {self.name(r)}",
            "Không được sao chép hoặc sử dụng lại nội dung khi chưa có sự đồng ý bằng văn bản.",
        )
        return [self.b(s) for s in lines[:k]]

    def head(self, title: str, lead: str, charset: str, old: bool = False) -> str:
        r, keywords = self.rng, f"tin tức, {self.category.lower()}, {self.sub.lower()}, {self.domain}"
        self.boiler += [keywords, "Đang tải dữ liệu, vui lòng chờ", "Quảng cáo trực tuyến theo vùng"]
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title, "description": lead,
              "datePublished": self.iso, "keywords": keywords, "publisher": {"name": self.site}}  # fmt: skip
        latest = [{"title": h, "url": f"/{slug(h)}.html"} for h in self.heads(r.randint(20, 150))]
        state = {"menu": MENU, "latest": latest}
        css = "".join(f".c{i}{{margin:{i % 7}px;color:#{i * 40503 % 0xFFFFFF:06x}}}" for i in range(r.randint(50, 900)))
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if old or r.random() < 0.3 \
            else f'<meta charset="{charset}">'  # fmt: skip
        return (
            f'{"" if old else "<!DOCTYPE html>"}\n<html lang="vi"><head>{meta}<title>{html.escape(title)} - '
            f'{html.escape(self.site)}</title><meta name="description" content="{html.escape(lead)}">{self.head_meta}'
            f'<meta name="viewport" content="width=device-width"><style>{css}</style><script type="application/ld+json"'
            f'>{json.dumps(ld, ensure_ascii=False)}</script><script>var loading = "Đang tải dữ liệu, vui lòng chờ"; '
            'window.adZone = {label: "Quảng cáo trực tuyến theo vùng", id: 42};</script><script id="__NEXT_DATA__" '
            f'type="application/json">{json.dumps(state, ensure_ascii=False)}</script></head>\n'
        )

    def ad(self) -> str:
        text, n = self.rng.choice(ADS), self.rng.randint(1, 999)
        return (f'<div class="ads banner"><span>{self.b("Quảng cáo")}</span><a href="https://ads.example.vn/c?id={n}">'
                f'<img src="/ads/b.jpg" alt="{self.b(text)}"></a></div>')  # fmt: skip

    def comment_list(self, k: int, tag: str = "div") -> str:
        out = []
        for text in self.rng.sample(_comments(), k):
            self.comments.append(text)
            out.append(
                f'<{tag} class="comment"><b class="name">{self.n(self.name())}</b> <span class="time">'
                f'{self.rng.randint(1, 23)} giờ trước</span><p class="content">{html.escape(text)}</p>'
                f'<span class="act">Trả lời · Thích</span></{tag}>'
            )
        return "".join(out)

    def figure(self) -> str:
        cap, n = self.n(self.rng.choice(CAPTIONS)), self.rng.randint(1, 10**6)
        return f'<figure class="image"><img src="/img/{n}.jpg" alt="{cap}"><figcaption>{cap}</figcaption></figure>'

    def cookie(self) -> str:
        return f'<div id="cookie-notice"><p>{self.b(COOKIE)}</p><button>{self.b("Tôi đồng ý")}</button></div>'


def _news_div(p: _B, a: dict[str, str], paras: list[str], cs: str) -> str:
    r, lead = p.rng, p.m(a["lead"], False)
    body = [f"<p>{p.m(x)}</p>" for x in paras]
    body.insert(r.randint(1, len(body)), f'<table class="tplCaption"><tr><td>{p.figure()}</td></tr></table>')
    return (
        p.head(a["title"], a["lead"], cs) + f'<body>{p.cookie()}<div class="header"><div class="logo">'
        f'<a href="/"><img src="/logo.png" alt="{p.b("Logo " + p.site)}"></a></div><div class="top-menu"><ul>'
        f'{p.links(p.menu())}</ul></div><div class="search"><input placeholder="Tìm kiếm"></div></div>{p.ad()}'
        f'<div class="container"><div class="col-left"><div class="breadcrumb">'
        f'{p.links([p.category, p.sub], li=False, sep=" » ")}</div><h1 class="title-detail">{p.n(a["title"])}</h1>'
        f'<div class="meta"><span class="date">{p.n(p.date_text)}</span></div><div class="social">'
        f'{p.links(SHARE[:5], li=False, sep=" ")}</div><p class="sapo"><strong>{lead}</strong></p>'
        f'<div class="fck_detail">{"".join(body)}<p class="author" style="text-align:right"><strong>'
        f'{p.n("Theo " + p.name())}</strong></p></div><div class="box-related"><h3>{p.b("Tin cùng chuyên mục")}'
        f'</h3><ul>{p.links(p.heads(r.randint(4, 8)))}</ul></div><div class="box-comment"><h3>'
        f'{p.b("Ý kiến bạn đọc")}</h3>{p.comment_list(r.randint(0, 6))}<textarea placeholder="'
        f'{p.b("Bạn đọc vui lòng gõ tiếng Việt có dấu")}"></textarea><button>{p.b("Gửi bình luận")}</button></div>'
        f'</div><div class="col-right sidebar"><div class="box-most-read"><h3>{p.b("Đọc nhiều nhất")}</h3><ol>'
        f"{p.links(p.heads(r.randint(5, 10)))}</ol></div>{p.ad()}</div></div>"
        f'<div class="hidden" style="display:none">{p.b("Tin nóng trong ngày: cập nhật liên tục")}</div>'
        f'<div class="footer">{"<br>".join(p.footer())}</div></body></html>'
    )


def _news_article(p: _B, a: dict[str, str], paras: list[str], cs: str) -> str:
    r, lead = p.rng, p.m(a["lead"], False)
    body = [f"<p>{p.m(x)}</p>" for x in paras]
    body.insert(r.randint(1, len(body)), p.figure())
    more = f'<p class="see-more"><strong>{p.b(">> Xem thêm:")}</strong> {p.links(p.heads(1), li=False)}</p>'
    body.insert(r.randint(1, len(body)), more)
    return (
        p.head(a["title"], a["lead"], cs) + f'<body><header><a class="brand" href="/">{p.b(p.site)}</a>'
        f"<nav><ul>{p.links(p.menu(12))}</ul></nav></header>{p.cookie() if r.random() < 0.5 else ''}<main>"
        f'<nav class="breadcrumbs">{p.links(["Trang chủ", p.category, p.sub], li=False, sep=" / ")}</nav>'
        f'<article><header><h1>{p.n(a["title"])}</h1><p class="byline">{p.n(p.name())} – <time datetime="'
        f'{p.iso}">{p.n(p.date_text)}</time></p></header><p class="lead"><b>{lead}</b></p>'
        f'<div class="article-body">{"".join(body)}</div><footer><p>{p.n("Theo " + p.site)}</p><div class="share">'
        f'{p.links(SHARE, li=False, sep=" | ")}</div></footer></article><aside class="related"><h2>'
        f"{p.b('Bài viết liên quan')}</h2><ul>{p.links(p.heads(r.randint(3, 6)))}</ul></aside>"
        f'<section class="comments" id="comments"><h2>{p.b("Bình luận")}</h2>{p.comment_list(r.randint(0, 8))}'
        f"<noscript>{p.b('Vui lòng bật JavaScript để xem và gửi bình luận')}</noscript></section></main>"
        f'<aside class="sidebar"><h3>{p.b("Tin mới nhất")}</h3><ul>{p.links(p.heads(6))}</ul>{p.ad()}</aside>'
        f'<footer class="site-footer">{"".join(f"<p>{x}</p>" for x in p.footer())}</footer></body></html>'
    )


def _portal_table(p: _B, a: dict[str, str], paras: list[str], cs: str) -> str:
    r = p.rng
    text = "<br><br>".join([f"<b>{p.m(a['lead'], False)}</b>", *(p.m(x) for x in paras)])
    rows = "".join(f'<tr><td class="menu"><a href="/{slug(x)}">{p.b(x)}</a></td></tr>' for x in p.menu(9))
    return (
        p.head(a["title"], a["lead"], cs) + '<body topmargin="0"><table width="980" align="center" border="0">'
        f'<tr><td colspan="3"><img src="/banner.gif" alt="{p.b("Banner " + p.site)}">'
        f"<marquee>{p.b('Chào mừng quý độc giả đến với ' + p.site)}</marquee></td></tr><tr>"
        f'<td width="180" valign="top"><table>{rows}</table><br>{p.b("Số người truy cập")}: {r.randint(10**5, 10**7)}'
        f'</td><td valign="top"><font face="Arial" size="4" color="#003366"><b>{p.n(a["title"])}</b></font><br>'
        f'<font size="1">{p.n(p.date_text)}</font><br><br><font face="Arial" size="2">{text}</font><br><br>'
        f'<div align="right"><i>{p.n(p.name())}</i></div><hr><b>{p.b("Các tin khác")}:</b><br>'
        f'{p.links(p.heads(r.randint(5, 9)), li=False, sep="<br>")}</td><td width="200" valign="top">'
        f"<b>{p.b('Tin đọc nhiều')}</b><br>{p.links(p.heads(5), li=False, sep='<br>')}{p.ad()}</td></tr>"
        f'<tr><td colspan="3" align="center" bgcolor="#eeeeee"><font size="1">{"<br>".join(p.footer())}</font>'
        "</td></tr></table></body></html>"
    )


def _blog(p: _B, a: dict[str, str], paras: list[str], cs: str) -> str:
    r = p.rng
    if r.random() < 0.5:  # WordPress <p> / Blogger <br><br>
        content = f"<p><em>{p.m(a['lead'], False)}</em></p>" + "".join(f"<p>{p.m(x)}</p>" for x in paras)
    else:
        content = "<br><br>".join([p.m(a["lead"], False), *(p.m(x) for x in paras)])
    archive = [f"Tháng {m} 2017" for m in range(r.randint(1, 6), 13)][:6]
    return (
        p.head(a["title"], a["lead"], cs) + f'<body class="single"><div id="page"><header id="masthead"><p '
        f'class="site-title"><a href="/">{p.b(p.site)}</a></p><p class="site-description">'
        f'{p.b("Góc nhỏ chia sẻ những câu chuyện đời thường")}</p><nav class="main-navigation"><ul>'
        f'{p.links(["Trang chủ", "Giới thiệu", "Góc đọc", "Liên hệ"])}</ul></nav></header><div id="content">'
        f'<main><article class="post"><header class="entry-header"><h1 class="entry-title">{p.n(a["title"])}</h1>'
        f'<div class="entry-meta">{p.n("Đăng ngày " + p.date_text[:10])} {p.b("bởi quản trị viên")}</div></header>'
        f'<div class="entry-content post-body">{content}<div class="sharedaddy"><h3>{p.b("Chia sẻ bài viết:")}'
        f'</h3>{p.links(SHARE[1:4], li=False, sep=" ")}</div></div><footer class="entry-footer">'
        f'{p.b("Chuyên mục: " + p.category)}</footer></article><nav class="post-navigation">'
        f'{p.links(p.heads(2), li=False, sep=" | ")}</nav><div id="comments"><h2>{p.b("Bình luận về bài viết")}</h2>'
        f'<ol class="comment-list">{p.comment_list(r.randint(0, 6), "li")}</ol><div id="respond"><h3>'
        f"{p.b('Để lại một bình luận')}</h3><p>{p.b('Email của bạn sẽ không được hiển thị công khai.')}</p>"
        f'</div></div></main><aside id="secondary" class="widget-area"><h2>{p.b("Bài viết mới")}</h2><ul>'
        f"{p.links(p.heads(5))}</ul><h2>{p.b('Lưu trữ')}</h2><ul>{p.links(archive)}</ul></aside></div>"
        f'<footer class="site-footer">{p.b("Tự hào sử dụng WordPress")} | {p.footer(1)[0]}</footer></div>'
        "</body></html>"
    )


def _forum(p: _B, a: dict[str, str], paras: list[str], cs: str) -> str:
    r, out = p.rng, []
    posts = ["<br><br>".join([p.m(a["lead"], False), *(p.m(x) for x in paras)])]
    posts += [p.m(t, False) for t in r.sample(_comments(), r.randint(2, 8))]
    for i, text in enumerate(posts):
        nick = slug(p.name()).replace("-", "_")[:12] + str(r.randint(70, 99))
        out.append(
            f'<article class="message" id="post-{i}"><div class="message-user"><h4 class="username">{p.n(nick)}</h4>'
            f'<div class="userTitle">{p.b("Thành viên tích cực")}</div><dl><dt>{p.b("Tham gia")}:</dt><dd>'
            f'{r.randint(1, 12)}/{r.randint(2008, 2016)}</dd></dl></div><div class="message-content"><div '
            f'class="bbWrapper">{text}</div></div><div class="message-footer">'
            f"{p.b('Thích · Trả lời · Báo cáo vi phạm')}</div></article>"
        )
    return (
        p.head(a["title"], a["lead"], cs) + f'<body><div class="p-header"><a href="/">{p.b(p.site)}</a><ul '
        f'class="p-nav">{p.links(["Diễn đàn", "Bài viết mới", "Thành viên", "Tìm kiếm"])}</ul></div>'
        f'<ul class="breadcrumb">{p.links(["Diễn đàn", "Thảo luận chung", p.category])}</ul><h1 class="p-title">'
        f'{p.n(a["title"])}</h1><div class="pageNav">{p.b("Trang 1 / 3 – Tiếp")}</div>{"".join(out)}'
        f'<div class="sidebar"><h3>{p.b("Chủ đề mới")}</h3><ul>{p.links(p.heads(6))}</ul><h3>'
        f'{p.b("Thành viên trực tuyến")}</h3></div><footer><a href="/rules">{p.b("Nội quy diễn đàn")}</a> '
        f"{p.footer(1)[0]}</footer></body></html>"
    )


def _wiki(p: _B, w: dict[str, Any], cs: str) -> str:
    parts, items = [], []
    for kind, text in [*w["blocks"], ("end", "")]:
        if kind == "li":
            items.append(f"<li>{p.n(text)}</li>")
            continue
        parts.append(f"<ul>{''.join(items)}</ul>" if items else "")
        items = []
        if kind == "h":
            parts.append(f'<h2><span class="mw-headline">{p.n(text)}</span><span class="mw-editsection">'
                         f'[{p.b("sửa")} | {p.b("sửa mã nguồn")}]</span></h2>')  # fmt: skip
        elif kind == "p":
            parts.append(f"<p>{p.m(text)}</p>")
    panel = ["Trang Chính", "Bài viết ngẫu nhiên", "Thay đổi gần đây", "Báo lỗi nội dung", "Các liên kết đến đây"]
    return (
        p.head(w["title"], "", cs) + '<body class="mediawiki"><div id="mw-head"><div id="p-personal">'
        f'{p.b("Chưa đăng nhập")} {p.b("Mở tài khoản")} {p.b("Đăng nhập")}</div><div id="right-navigation">'
        f'{p.b("Xem lịch sử")} {p.b("Sửa mã nguồn")}</div></div><div id="content"><h1 id="firstHeading">'
        f'{p.n(w["title"])}</h1><div id="siteSub">{p.b("Bách khoa toàn thư mở Wikipedia")}</div>'
        f'<div id="mw-content-text"><div class="mw-parser-output">{"".join(parts)}<table class="navbox"><tr><th>'
        f"{p.b('Bản mẫu: ' + p.category)}</th></tr><tr><td>{p.links(p.heads(4), li=False, sep=' · ')}</td></tr>"
        f'</table></div></div><div id="catlinks">{p.b("Thể loại: " + p.sub)}</div></div><div id="mw-panel"><ul>'
        f'{p.links(panel)}</ul></div><div id="footer"><p>{p.b("Trang này được sửa đổi lần cuối vào " + p.date_text)}'
        f"</p><p>{p.b('Văn bản được phát hành theo Giấy phép Creative Commons Ghi công–Chia sẻ tương tự;')}</p>"
        f"<p>{p.b('Quy định quyền riêng tư')} {p.b('Lời phủ nhận')}</p></div></body></html>"
    )


def _old_font(p: _B, a: dict[str, str], paras: list[str], cs: str) -> str:
    lead = p.m(a["lead"], False)
    body = "".join(f'<P align="justify"><FONT face="Times New Roman" size="3">{p.m(x)}</FONT>' for x in paras)
    return (
        p.head(a["title"], a["lead"], cs, old=True) + '<BODY bgcolor="#FFFFFF"><CENTER><FONT face="Arial" size="2" '
        f'color="#990000">{p.links(p.menu(7), li=False, sep=" | ")}</FONT></CENTER><HR><TABLE width="760"><TR><TD>'
        f'<FONT face="Arial" size="5" color="#000080"><B>{p.n(a["title"])}</B></FONT><BR><I>{p.n(p.date_text)}</I>'
        f'<P><FONT face="Arial" size="2"><B>{lead}</B></FONT>{body}<P align="right">{p.n("Theo " + p.site)}<HR>'
        f'<FONT size="2"><B>{p.b("Các bài khác")}:</B><BR>{p.links(p.heads(5), li=False, sep="<BR>")}</FONT></TD>'
        f'</TR></TABLE><CENTER><FONT size="1">{"<BR>".join(p.footer(3))}<BR>'
        f"{p.b('Xem tốt nhất với độ phân giải 1024x768')}</FONT></CENTER></BODY></HTML>"
    )


_LAYOUTS = {f.__name__[1:]: f for f in (_news_div, _news_article, _portal_table, _blog, _forum, _old_font)}
_UNENCODABLE: list[str] = []


def _cp1258_fallback(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeEncodeError)
    out = []
    for ch in err.object[err.start : err.end]:
        parts = unicodedata.normalize("NFD", ch)
        candidate = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        candidate += "".join(c for c in parts if c in _TONES)
        try:
            candidate.encode("cp1258")
        except UnicodeEncodeError:
            _UNENCODABLE.append(ch)
            candidate = f"&#{ord(ch)};"
        out.append(candidate)
    return "".join(out), err.end


codecs.register_error("web_pages_cp1258", _cp1258_fallback)


def build_page(index: int, seed: int = 0, full: bool = False, template: str | None = None) -> WebPage:
    rng = random.Random(f"web_pages:{seed}:{index}")
    template = template or rng.choice(TEMPLATES)
    labels = sorted(rng.sample(list(OPT_OUT), rng.choice((1, 1, 1, 2)))) if rng.random() < 0.3 else []
    decoy = rng.random() < 0.1
    metas = "".join(OPT_OUT[x] for x in labels if x.startswith("meta:"))
    p = _B(rng, metas + ('<meta name="robots" content="index, follow">' if decoy else ""), template)
    cs = "windows-1258" if template == "old_font" or (template == "portal_table" and rng.random() < 0.5) else "utf-8"
    if template == "wiki":
        w = rng.choice(_wiki_articles(full))
        p.site, title, source = "Wikipedia tiếng Việt", w["title"], f"viwiki:{w['title']}"
        url, markup = "https://vi.wikipedia.org/wiki/" + quote(title.replace(" ", "_")), _wiki(p, w, cs)
    else:
        a = rng.choice(_news(full))
        title, source = a["title"], f"baomoi:{a['id']}"
        markup = _LAYOUTS[template](p, a, _paragraphs(a["body"], rng), cs)
        path = {"forum": f"threads/{slug(title)}.{a['id']}/", "blog": f"2017/{p.iso[5:7]}/{slug(title)}/"}
        url = f"https://{p.domain}/" + path.get(template, f"{slug(p.category)}/{slug(title)}-{a['id']}.html")
    _UNENCODABLE.clear()
    data = markup.encode("cp1258", "web_pages_cp1258") if cs != "utf-8" else markup.encode()
    ctype = "text/html" if cs != "utf-8" and rng.random() < 0.5 else f"text/html; charset={cs}"
    headers = [("Content-Type", ctype), ("Server", "nginx"), ("Content-Length", str(len(data)))]
    headers += [OPT_OUT[x] for x in labels if x.startswith("header:")]
    headers += [("X-Robots-Tag", "noindex, nofollow")] if decoy else []
    unencodable = tuple(sorted(set(_UNENCODABLE)))
    return WebPage(f"p{index:05d}", url, template, cs, markup, data, title, p.main, p.boiler, p.comments, p.neutral,
                   headers, tuple(labels), decoy, p.iso, source, unencodable)  # fmt: skip


def build_pages(n: int, seed: int = 0, full: bool = False, templates: Iterable[str] | None = None) -> list[WebPage]:
    """``n`` pages; with ``templates``, page ``i`` uses ``templates[i % len(templates)]``."""
    chosen = list(templates or [])
    return [build_page(i, seed, full, chosen[i % len(chosen)] if chosen else None) for i in range(n)]


# --- writers (targets must be temporary folders, never the repository) ----------------------------


def write_warc(pages: Iterable[WebPage], path: Path, gzip: bool = True, requests: bool = False) -> Path:
    """A ``warcinfo`` record, then per page a WARC/1.1 ``response`` (HTTP/1.1 200 with ``http_headers``,
    payload ``data``), preceded by a ``request`` record if ``requests``. Same pages ⇒ same bytes."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def rid(key: str) -> str:
        return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key)}>"

    with Path(path).open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip, warc_version="WARC/1.1")
        info = {"software": "vicorpus tests/web_pages.py", "format": "WARC File Format 1.1"}
        warcinfo = writer.create_warcinfo_record(Path(path).name, info)
        warcinfo.rec_headers.replace_header("WARC-Record-ID", rid(Path(path).name))
        warcinfo.rec_headers.replace_header("WARC-Date", "2017-12-31T00:00:00Z")
        writer.write_record(warcinfo)
        for page in pages:
            if requests:
                host, target = page.url.split("/", 3)[2:]
                req = StatusAndHeaders(f"GET /{target} HTTP/1.1", [("Host", host)], is_http_request=True)
                ids = {"WARC-Record-ID": rid("request:" + page.url), "WARC-Date": page.date}
                writer.write_record(
                    writer.create_warc_record(page.url, "request", warc_headers_dict=ids, http_headers=req)
                )
            http = StatusAndHeaders("200 OK", list(page.http_headers), protocol="HTTP/1.1")
            ids = {"WARC-Record-ID": rid(page.url), "WARC-Date": page.date}
            payload = io.BytesIO(page.data)
            writer.write_record(
                writer.create_warc_record(page.url, "response", payload, warc_headers_dict=ids, http_headers=http)
            )
    return Path(path)


def write_html_dir(pages: Iterable[WebPage], folder: Path, manifest: bool = True) -> Path:
    """``<page_id>.html`` (the page's bytes) per page, and ``manifest.jsonl``: every field but html/data."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for page in pages:
        (folder / f"{page.page_id}.html").write_bytes(page.data)
        record = {k: v for k, v in asdict(page).items() if k not in ("html", "data")}
        lines.append(json.dumps({**record, "file": f"{page.page_id}.html"}, ensure_ascii=False) + "\n")
    if manifest:
        (folder / "manifest.jsonl").write_text("".join(lines), encoding="utf-8")
    return folder
