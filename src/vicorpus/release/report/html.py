"""``report.html``: the page a data engineer opens after a run — what came in, what
each stage dropped and why (with examples), how the quality signals sit against their
thresholds, what the kept corpus is made of, and where the time went.

One self-contained file: inline CSS, hand-drawn inline SVG, no script, no font, no
image and no link leaves the page, so it opens the same offline, from an archive or an
air-gapped machine. A Content-Security-Policy forbids everything else, so even a
snippet that escaped escaping could not run or fetch. Ledger numbers carry their
ledger.json path (see :mod:`vicorpus.release.report.markup`) for machine checks.
"""

from __future__ import annotations

from pathlib import Path

from vicorpus.release.facts import RunFacts
from vicorpus.release.report.corpus import clusters, corpus, histograms, optout_and_pii
from vicorpus.release.report.markup import esc
from vicorpus.release.report.sections import drops, funnel, header, key_numbers, sources_table, timings
from vicorpus.release.writing import write_text_paper

REPORT_FILE = "report.html"

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

STYLE = """
:root { --ink: #222; --muted: #6b6b6b; --line: #e2e2e2; --soft: #f6f7f9; --kept: #3569b0;
  --rejected: #e07b22; --bad: #b3261e; --ok: #1e7b34; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.45; font-size: 15px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
main, header { max-width: 1240px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 28px; }
.kicker { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .08em; font-size: 12px; }
h1 { margin: 4px 0 8px; font-size: 26px; line-height: 1.2; }
section, h3 { scroll-margin-top: 48px; }
h2 { margin: 40px 0 8px; font-size: 20px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { margin: 24px 0 8px; font-size: 16px; }
.intro { color: var(--muted); margin: 4px 0 14px; max-width: 80ch; }
dl.meta { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 14px 0; }
dl.meta div { display: flex; gap: 6px; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; font-weight: 600; }
nav { max-width: 1240px; margin: 0 auto; padding: 8px 24px; position: sticky; top: 0; background: #fffe;
  border-bottom: 1px solid var(--line); font-size: 14px; z-index: 1; }
nav a { color: var(--kept); text-decoration: none; margin-right: 16px; white-space: nowrap; }
nav a:hover { text-decoration: underline; }
.alert { background: #fdecea; color: var(--bad); border: 1px solid #f5c2bd; padding: 10px 14px;
  border-radius: 6px; font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; }
.card { background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px;
  display: flex; flex-direction: column; }
.card .label { color: var(--muted); font-size: 13px; }
.card .big { font-size: 24px; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .sub { color: var(--muted); font-size: 12px; }
.card.kept .big { color: var(--kept); }
.card.rejected .big { color: var(--rejected); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 14px; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top;
  white-space: nowrap; }
td.wrap, td:has(details), td.small { white-space: normal; }
thead th { background: var(--soft); font-weight: 600; border-bottom: 1px solid #cfcfcf; white-space: normal;
  vertical-align: bottom; }
tbody th { font-weight: 500; }
.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total > * { font-weight: 650; border-top: 2px solid #cfcfcf; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.ok { color: var(--ok); }
.bad { color: var(--bad); font-weight: 700; }
.meter { display: inline-block; width: 60px; height: 8px; background: #edf0f4; margin-right: 6px;
  vertical-align: middle; border-radius: 2px; overflow: hidden; }
.meter span { display: block; height: 100%; background: var(--kept); }
.pct { display: inline-block; min-width: 4.2em; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 12px; }
pre { margin: 4px 0; font-size: 12px; white-space: pre-wrap; max-width: 420px; }
figure { margin: 12px 0 18px; }
figcaption { font-size: 13px; margin-bottom: 4px; }
svg.chart { max-width: 100%; height: auto; display: block; }
svg text { font-family: inherit; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px 18px; }
.hist { margin: 0; padding: 8px; border: 1px solid var(--line); border-radius: 8px; }
details { margin: 4px 0; }
summary { cursor: pointer; color: var(--kept); white-space: nowrap; }
details.examples ol { margin: 6px 0 12px; padding-left: 22px; }
details.examples li { margin-bottom: 8px; }
.ex-meta { margin: 0; color: var(--muted); font-size: 12px; }
.snippet { margin: 2px 0 0; padding: 6px 10px; background: var(--soft); border-left: 3px solid #cfd6e0;
  font-size: 13px; overflow-wrap: anywhere; }
footer { max-width: 1240px; margin: 40px auto 30px; padding: 0 24px; color: var(--muted); font-size: 12px; }
@media print { nav { position: static; } }
"""

NAV = (
    ("numbers", "Key numbers"),
    ("sources", "Sources"),
    ("funnel", "Funnel"),
    ("drops", "Drops"),
    ("signals", "Signals"),
    ("corpus", "Kept corpus"),
    ("clusters", "Clusters"),
    ("privacy", "Opt-outs & PII"),
    ("timings", "Timings"),
)


def render_report(facts: RunFacts) -> str:
    """The whole page as one string."""
    sections = [
        key_numbers(facts),
        sources_table(facts),
        funnel(facts),
        drops(facts),
        histograms(facts),
        corpus(facts),
        clusters(facts),
        optout_and_pii(facts),
        timings(facts),
    ]
    body = "\n".join(part for part in sections if part)
    links = "".join(f'<a href="#{anchor}">{esc(title)}</a>' for anchor, title in NAV if f'id="{anchor}"' in body)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="vicorpus">\n'
        # An empty inline icon: otherwise a browser may ask a server for /favicon.ico.
        '<link rel="icon" href="data:,">\n'
        f"<title>{esc(facts.pretty_name)} — vicorpus run report</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n"
        f"{header(facts)}\n"
        f'<nav aria-label="sections">{links}</nav>\n'
        f"<main>\n{body}\n</main>\n"
        f"<footer>Written by vicorpus from manifest.json, ledger.json and the output shards of this folder; "
        f"<code>vicorpus report</code> rewrites it.</footer>\n"
        "</body>\n</html>\n"
    )


def write_report(facts: RunFacts) -> Path:
    """Write ``report.html`` into the run's output folder (atomically) and return its path."""
    return write_text_paper(facts.root / REPORT_FILE, render_report(facts))
