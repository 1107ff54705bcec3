"""report.html without a browser: ledger numbers tagged with their paths, escaping of
hostile snippets, thresholds drawn where they belong, nothing fetched from a network,
and pages for runs with nothing rejected, no domains and no stages."""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import ledger_at
from vicorpus.config.release import ReleaseInfo
from vicorpus.release.corpus_stats import bin_edges
from vicorpus.release.facts import RunFacts, load_run_facts
from vicorpus.release.report.html import render_report, write_report
from vicorpus.release.report.markup import GROUP, ledger_value
from vicorpus.release.report.svg_charts import bin_position, histogram

KEY_PATHS = ("total.input", "total.kept", "total.rejected", "total.duplicates", "total.quarantined")


class PageParser(HTMLParser):
    """Collects elements with ``data-ledger`` (path, data-value, text), every attribute
    value, tag counts and histogram figures."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ledger: list[tuple[str, str, str]] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.tags: dict[str, int] = {}
        self.figures: list[str] = []
        self._open: list[list[str]] = []  # [path, value, text] of open data-ledger elements

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        values = {name: value or "" for name, value in attrs}
        self.attributes += [(tag, name, value) for name, value in values.items()]
        if "data-ledger" in values:
            self._open.append([values["data-ledger"], values.get("data-value", ""), ""])
        if tag == "figure" and "data-column" in values:
            self.figures.append(values["data-column"])

    def handle_data(self, data: str) -> None:
        for entry in self._open:
            entry[2] += data

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag in ("td", "span", "th"):
            path, value, text = self._open.pop()
            self.ledger.append((path, value, text))


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


def expected_text(value: Any) -> tuple[str, str]:
    if isinstance(value, bool):
        return ("true", "yes") if value else ("false", "NO")
    return str(value), f"{value:,}".replace(",", GROUP)


def assert_no_network(page: str, parser: PageParser) -> None:
    assert "<script" not in page.lower()
    assert parser.tags.get("script", 0) == parser.tags.get("iframe", 0) == parser.tags.get("img", 0) == 0
    for tag, name, value in parser.attributes:
        assert name != "src", (tag, name, value)
        assert not name.startswith("on"), (tag, name, value)
        if name == "href":
            assert value.startswith("#") or value == "data:,", value
        assert "://" not in value and not value.startswith("//"), (tag, name, value)
    style = page[page.index("<style>") : page.index("</style>")]
    assert "url(" not in style and "@import" not in style and "@font-face" not in style


# --- the demo run -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_facts(demo_run: Path) -> RunFacts:
    return load_run_facts(demo_run)


@pytest.fixture(scope="module")
def demo_page(demo_facts: RunFacts) -> str:
    return render_report(demo_facts)


def test_every_ledger_number_is_tagged_and_true(demo_facts: RunFacts, demo_page: str) -> None:
    parser = parse(demo_page)
    assert len(parser.ledger) > 40
    for path, raw, text in parser.ledger:
        value = ledger_at(demo_facts.ledger, path)
        assert (raw, text) == expected_text(value), path
    paths = {path for path, _, _ in parser.ledger}
    assert set(KEY_PATHS) <= paths
    assert "total.empty_files" in paths and "total.balanced" in paths
    # Every drop reason, dedup stage and quarantine code, overall and per source.
    total = demo_facts.ledger["total"]
    for key in ("rejected_by_reason", "duplicates_by_stage", "quarantined_by_reason"):
        assert total[key], key
        for reason in total[key]:
            assert f"total.{key}.{reason}" in paths
    for name, source in demo_facts.ledger["sources"].items():
        assert {f"sources.{name}.{k}" for k in ("input", "kept", "rejected", "duplicates", "quarantined")} <= paths
        for reason in source["rejected_by_reason"]:
            assert f"sources.{name}.rejected_by_reason.{reason}" in paths


def test_header_and_funnel(demo_facts: RunFacts, demo_page: str) -> None:
    assert f"<h1>{demo_facts.pretty_name}</h1>" in demo_page
    assert demo_facts.finished_at.replace("T", " ") in demo_page
    assert f'data-meta="vicorpus">{demo_facts.manifest["versions"]["vicorpus"]}<' in demo_page
    assert f'data-meta="workers">{demo_facts.manifest["workers"]}<' in demo_page
    funnel = demo_page[demo_page.index('<section id="funnel"') : demo_page.index('<section id="drops"')]
    assert funnel.count("<svg") == 2 and funnel.count("<title>") >= 2
    for stage in demo_facts.stages:
        assert f'<th scope="row">{stage["label"]}</th>' in funnel
        chars_out = f"{stage['chars_out']:,}".replace(",", GROUP)
        assert f'<td class="n">{chars_out}</td>' in funnel, stage["label"]


def test_examples_and_histograms(demo_facts: RunFacts, demo_page: str) -> None:
    parser = parse(demo_page)
    assert parser.figures == list(demo_facts.stats["histograms"])
    for column, hist in demo_facts.stats["histograms"].items():
        start = demo_page.index(f'<figure class="hist" id="hist-{column}"')
        figure = demo_page[start : demo_page.index("</figure>", start)]
        assert "<svg" in figure and "<title>Histogram of " in figure
        assert figure.count('<line class="threshold"') == len(hist["thresholds"]), column
    examples = demo_facts.stats["examples"]
    for bucket in ("rejected", "duplicates", "quarantine"):
        for reason, rows in examples[bucket].items():
            assert f"<summary>{reason} — " in demo_page
            for row in rows:
                assert f"<code>{row['id']}</code>" in demo_page
    top = demo_facts.stats["domains"]["ranked"][0]
    assert f'<th scope="row">{top["value"]}</th>' in demo_page
    assert f'data-stat="domains.distinct">{demo_facts.stats["domains"]["distinct"]}<' in demo_page


def test_page_fetches_nothing(demo_page: str) -> None:
    assert_no_network(demo_page, parse(demo_page))
    policy = [value for tag, name, value in parse(demo_page).attributes if tag == "meta" and name == "content"]
    assert any(value.startswith("default-src 'none';") and "script-src" not in value for value in policy)


def test_write_report_is_atomic(demo_facts: RunFacts, tmp_path: Path) -> None:
    facts = RunFacts(
        tmp_path, *(getattr(demo_facts, f) for f in ("manifest", "ledger", "sources", "release")), [], demo_facts.stats
    )
    path = write_report(facts)
    assert path == tmp_path / "report.html"
    assert path.read_text(encoding="utf-8") == render_report(facts)
    assert not list(tmp_path.glob("*.partial"))


# --- made-up runs ---------------------------------------------------------------------------


def _ledger(input_: int, kept: int, rejected: dict[str, int], name: str = "web") -> dict[str, Any]:
    counts = {
        "input": input_,
        "kept": kept,
        "rejected": sum(rejected.values()),
        "rejected_by_reason": rejected,
        "duplicates": 0,
        "duplicates_by_stage": {},
        "quarantined": 0,
        "quarantined_by_reason": {},
        "empty_files": 0,
        "balanced": input_ == kept + sum(rejected.values()),
    }
    return {"balanced": counts["balanced"], "sources": {name: dict(counts)}, "total": dict(counts)}


def _stats(histograms: dict[str, Any] | None = None, examples: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "kept": {"docs": 3, "chars": 1234567, "utf8_bytes": 1500000, "parquet_bytes": 700000},
        "sources": [{"value": "web", "docs": 3, "chars": 1234567}],
        "licenses": [{"value": "CC-BY-4.0", "docs": 3, "chars": 1234567}],
        "domains": {"distinct": 0, "docs_with_domain": 0, "ranked": []},
        "dates": {"min": None, "max": None, "docs_with_date": 0},
        "histograms": histograms or {},
        "examples": examples or {"rejected": {}, "duplicates": {}, "quarantine": {}},
        "cluster_sizes": [],
        "labels": {},
        "optout": {},
        "pii": {},
    }


def _facts(root: Path, ledger: dict[str, Any], stats: dict[str, Any], pretty: str = "Tiny corpus") -> RunFacts:
    manifest = {
        "finished_at": "2025-01-02T03:04:05+00:00",
        "versions": {"vicorpus": "9.9.9"},
        "workers": 1,
        "stages": [],
    }
    manifest["wall_seconds"] = 0.5
    return RunFacts(root, manifest, ledger, [], ReleaseInfo(pretty_name=pretty), [], stats)


def test_hostile_text_is_escaped(tmp_path: Path) -> None:
    hostile = "<script>alert(\"x\")</script> 'q' & <img src=x onerror=alert(1)> \ufffd\x00\x07 «đã»"
    reason = "<b>bad</b>"
    examples = {
        "rejected": {reason: [{"id": "i<1>", "source": "web", "snippet": hostile, "dropped_by": "<s>"}]},
        "duplicates": {},
        "quarantine": {'bad"code': [{"id": "q1", "source": "web", "snippet": hostile, "error": "</td></tr>"}]},
    }
    facts = _facts(tmp_path, _ledger(4, 3, {reason: 1}), _stats(examples=examples), pretty="<i>Corpus</i> & co")
    page = render_report(facts)
    parser = parse(page)
    assert_no_network(page, parser)
    assert parser.tags.get("b", 0) == parser.tags.get("i", 0) == parser.tags.get("s", 0) == 0
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#x27;q&#x27; &amp; &lt;img src=x" in page
    assert "\x00" not in page and "\x07" not in page and "\ufffd\ufffd\ufffd «đã»" in page
    assert "<h1>&lt;i&gt;Corpus&lt;/i&gt; &amp; co</h1>" in page
    assert "<summary>bad&quot;code — " in page
    assert ("total.rejected_by_reason.<b>bad</b>", "1", "1") in parser.ledger


def test_run_with_nothing_rejected_and_no_domains(tmp_path: Path) -> None:
    facts = _facts(tmp_path, _ledger(3, 3, {}), _stats())
    page = render_report(facts)
    parser = parse(page)
    assert_no_network(page, parser)
    assert "http://" not in page and "https://" not in page  # no snippet here brings a URL along
    assert "No kept document has a web domain." in page and "No signal columns in this run." in page
    assert ("total.rejected", "0", "0") in parser.ledger and ("total.kept", "3", "3") in parser.ledger
    assert ("total.balanced", "true", "yes") in parser.ledger
    assert f"1{GROUP}234{GROUP}567" in page
    assert page.count('class="muted">none</td>') >= 3  # the three empty drop tables
    assert 'role="alert"' not in page


def test_unbalanced_ledger_is_flagged(tmp_path: Path) -> None:
    ledger = _ledger(5, 3, {"too_short": 1})
    page = render_report(_facts(tmp_path, ledger, _stats()))
    assert 'role="alert"' in page
    assert ("total.balanced", "false", "NO") in parse(page).ledger


def test_ledger_value_groups_digits_and_keeps_raw_value() -> None:
    ledger = {"total": {"kept": 1234567}, "sources": {"a.b": {"kept": 7}}}
    assert ledger_value(ledger, "total", "kept") == (
        f'<td class="n" data-ledger="total.kept" data-value="1234567">1{GROUP}234{GROUP}567</td>'
    )
    assert 'data-ledger="sources.a.b.kept" data-value="7"' in ledger_value(ledger, "sources", "a.b", "kept")
    assert "data-ledger" not in ledger_value(ledger, "total", "missing")
    assert ledger_at(ledger, "sources.a.b.kept") == 7


# --- histograms ---------------------------------------------------------------------------


def test_threshold_positions() -> None:
    log_edges, linear_edges = bin_edges("char_count"), bin_edges("language_score")
    assert bin_position(200, log_edges, True) == pytest.approx(1 + 4 * math.log10(200))
    assert bin_position(0.5, log_edges, True) == pytest.approx(0.5)
    assert bin_position(0.5, linear_edges, False) == pytest.approx(10)
    assert bin_position(0.22, linear_edges, False) == pytest.approx(4.4)
    assert bin_position(1.0, linear_edges, False) == 20


def _line_x(svg: str) -> list[float]:
    return [float(x) for x in re.findall(r'<line class="threshold" x1="([\d.]+)"', svg)]


def test_histogram_draws_each_threshold_over_its_side() -> None:
    edges = bin_edges("top_2gram_char_share")
    kept, rejected = [0] * 20, [0] * 20
    kept[1], rejected[15] = 40, 3
    hist = {"edges": edges, "scale": "linear", "kept": kept, "rejected": rejected}
    hist["thresholds"] = [{"limit": 0.5, "op": ">", "reason": "top_2_gram", "stage": "gopher_repetition"}]
    svg = histogram("top_2gram_char_share", hist)
    assert svg.startswith("<svg") and "<title>Histogram of top_2gram_char_share" in svg
    (x,) = _line_x(svg)
    left, right = 40.0, 360 - 12.0
    assert x == pytest.approx(left + 0.5 * (right - left), abs=0.1)
    assert "gopher_repetition · top_2_gram &gt; 0.5" in svg
    # The shaded (dropped) side starts at the line and runs right.
    assert re.search(rf'<rect x="{x:.2f}" y="[\d.]+" width="{right - x:.2f}"[^>]*fill-opacity', svg)
    assert svg.count('fill="#3569b0"') >= 2 and svg.count('fill="#e07b22"') >= 2  # bars and legend


def test_log_histogram_shows_only_the_used_decades() -> None:
    edges = bin_edges("syllable_count")
    kept, rejected = [0] * 33, [0] * 33
    kept[10], rejected[4] = 59, 4
    thresholds = [
        {"limit": 20.0, "op": "<", "reason": "gopher_short_doc", "stage": "gopher_quality"},
        {"limit": 250000.0, "op": ">", "reason": "gopher_long_doc", "stage": "gopher_quality"},
    ]
    svg = histogram(
        "syllable_count", {"edges": edges, "scale": "log", "kept": kept, "rejected": rejected, "thresholds": thresholds}
    )
    xs = _line_x(svg)
    assert len(xs) == 2 and xs[0] < xs[1]
    labels = re.findall(r'text-anchor="middle" fill="#333">([^<]+)</text>', svg)
    assert labels == ["10", "100", "1k", "10k", "100k"]  # not the empty decades up to 100M
    assert "syllable_count in [178, 316): kept 59 (100.0 %), rejected 0" in svg


# --- older manifests, ledger counts, domain shares ---------------------------------------------


def test_stage_records_without_character_counts_show_dashes(demo_facts: RunFacts, tmp_path: Path) -> None:
    """A manifest written before stages recorded characters: no KeyError, "–" for them."""
    stages = [
        {k: v for k, v in record.items() if k not in ("chars_in", "chars_dropped", "chars_out")}
        for record in demo_facts.stages
    ]
    facts = RunFacts(
        tmp_path,
        {**demo_facts.manifest, "stages": stages},
        demo_facts.ledger,
        demo_facts.sources,
        demo_facts.release,
        [],
        demo_facts.stats,
    )
    page = render_report(facts)
    funnel = page[page.index('<section id="funnel"') : page.index('<section id="drops"')]
    assert "characters not recorded" in funnel
    first = stages[0]
    row = funnel[funnel.index(f'<th scope="row">{first["label"]}</th>') :].split("</tr>")[0]
    assert row.count('<td class="n muted">–</td>') == 4  # chars in, dropped, rewritten, out
    assert f'<td class="n">{first["docs_in"]}</td>' in row
    assert_no_network(page, parse(page))


def test_near_duplicates_dropped_come_from_the_ledger(tmp_path: Path) -> None:
    ledger = _ledger(10, 3, {})
    ledger["total"]["duplicates_by_stage"] = {"near": 7, "exact_dedup": 2}
    stats = _stats()
    stats["cluster_sizes"] = [{"size": 1, "clusters": 2}, {"size": 2, "clusters": 1}]  # 1 by the sizes
    facts = _facts(tmp_path, ledger, stats)
    facts.manifest["stages"] = [{"label": "near", "name": "minhash_dedup", "kind": "global"}]
    page = render_report(facts)
    assert "The ledger counts 7 near duplicates dropped by near" in page


def test_domains_show_shares_of_kept_characters_and_only_the_largest(tmp_path: Path) -> None:
    stats = _stats()
    ranked = [{"value": f"site{i:02d}.vn", "docs": 1, "chars": 1000 - i} for i in range(20)]
    stats["domains"] = {"distinct": 200, "docs_with_domain": 3, "chars_with_domain": 617283, "ranked": ranked}
    page = render_report(_facts(tmp_path, _ledger(3, 3, {}), stats))
    domains = page[page.index("<h3>Web domains</h3>") : page.index("<h3>Dates</h3>")]
    assert 'data-stat="domains.distinct">200<' in domains and "The 20 largest" in domains
    assert "holding 50.0 % of the kept characters" in domains
    assert '<th scope="col" class=n>share of characters</th>' in domains
    assert domains.count('<span class="pct">&lt;0.1 %</span>') == 20  # 1,000 of 1,234,567 characters
