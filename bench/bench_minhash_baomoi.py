"""``minhash_dedup`` on real near-duplicates: recall and precision on re-crawled Báo Mới articles.

Run it with the project's virtualenv (≈ 3 min for the four settings on 2 cores)::

    .venv/bin/python bench/bench_minhash_baomoi.py --json /tmp/mheval/minhash_baomoi.json
    .venv/bin/python bench/bench_minhash_baomoi.py --settings tones,all --workdir /tmp/mheval --keep
    .venv/bin/python bench/bench_minhash_baomoi.py --help

Corpus (JSONL in ``--workdir``, never in the repository): the 35,440 articles of
``../shared/data/baomoi-news-2017/baomoi_news.jsonl.xz``, then every version of
``baomoi_near_duplicates.jsonl.xz`` whose text is not byte-identical to the article of the same id
(the ``vn_news/data`` version always is; 3,666 ``vn_news/repository`` re-crawls are not). The baomoi id
is kept as ``group`` (``keep_fields``), the version's folder as ``variant``. A group is an article id with
more than one document in the corpus: the known near-duplicates.

Each setting runs ``vicorpus run`` (``--workers``) with stages ``normalize: {}`` and ``minhash_dedup``
(``keep``, ``tones``, ``all``, and ``tones`` without number folding). From ``kept/`` and ``duplicates/``:

- **recall**: share of groups whose documents all share one ``minhash_cluster_id``, and of within-group
  pairs; the exact Jaccard of each pair (shingle sets of the normalized texts with the run's folding,
  ``vicorpus.minhash.shingle_hashes`` + ``jaccard``) as a histogram, with recall per 0.1 bin beside the
  LSH S-curve ``detection_probability(s, bands, rows)`` averaged over the bin's pairs; a sample of
  missed groups with their first differing passage.
- **precision**: exact Jaccard of every ``near_duplicate`` document with its representative
  (``duplicate_of``); shares ≥ 0.8 / 0.7 / 0.5; the lowest pairs, with the best Jaccard to any member
  of their cluster (a low value to the representative but a high one to another member is a chain);
  merges across different baomoi ids and a sample of them.
- **seed-free comparison**: LSH hits are random, so the settings' counts differ by chance too; the mean
  S-curve over the known pairs (expected recall) and the exact Jaccard of the union of all settings' merged
  pairs under each folding show what the folding itself changes.
- **time**: ``wall_seconds`` of ``manifest.json``.

Nothing is asserted: the figures are printed (Markdown tables) and, with ``--json``, written out.
"""

from __future__ import annotations

import argparse
import difflib
import json
import lzma
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import polars as pl

from bench_machinery import markdown_table
from vicorpus.minhash import DiacriticsFolding, detection_probability, jaccard, shingle_hashes

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "baomoi-news-2017"
VICORPUS = REPO / ".venv" / "bin" / "vicorpus"
SETTINGS: dict[str, tuple[str, bool]] = {
    "keep": ("keep", True),
    "tones": ("tones", True),
    "all": ("all", True),
    "tones-nonum": ("tones", False),
}
BANDS, ROWS, N_GRAMS = 14, 8, 5
BINS = np.round(np.arange(0.0, 1.01, 0.1), 1)
COLUMNS = ["id", "text", "metadata", "duplicate_of", "minhash_cluster_id", "minhash_cluster_size", "dropped_by"]


def build_corpus(path: Path) -> dict[str, int]:
    """Write the corpus JSONL; return counts."""
    news: dict[str, str] = {}
    with lzma.open(DATA / "baomoi_news.jsonl.xz", "rb") as handle, path.open("wb") as out:
        for line in handle:
            record = orjson.loads(line)
            news[record["id"]] = record["text"]
            row = {"group": record["id"], "variant": "news", "url": record.get("url"), "text": record["text"]}
            out.write(orjson.dumps(row) + b"\n")
        extra = data_identical = groups = 0
        with lzma.open(DATA / "baomoi_near_duplicates.jsonl.xz", "rb") as dups:
            for line in dups:
                record = orjson.loads(line)
                seen = {news.get(record["id"])}
                added = 0
                for version in record["versions"]:
                    if version["folder"] == "vn_news/data" and version["text"] == news.get(record["id"]):
                        data_identical += 1
                    if version["text"] in seen:
                        continue
                    seen.add(version["text"])
                    row = {"group": record["id"], "variant": version["folder"].rsplit("/", 1)[-1]}
                    out.write(orjson.dumps({**row, "text": version["text"]}) + b"\n")
                    added += 1
                extra += added
                groups += added > 0
    return {"articles": len(news), "extra_versions": extra, "groups": groups, "data_version_identical": data_identical}


def run_setting(name: str, corpus: Path, work: Path, workers: int, reuse: bool) -> tuple[pl.DataFrame, float]:
    diacritics, fold_numbers = SETTINGS[name]
    out = work / f"out-{name}"
    config = work / f"{name}.yaml"
    stage = f"{{diacritics: {diacritics}, fold_numbers: {str(fold_numbers).lower()}}}"
    config.write_text(
        "sources:\n  - name: baomoi\n    format: jsonl\n"
        f"    path: {corpus}\n    keep_fields: [group, variant]\n"
        f"stages:\n  - normalize: {{}}\n  - minhash_dedup: {stage}\n"
    )
    if not (reuse and (out / "manifest.json").exists()):
        command = [str(VICORPUS), "run", str(config), "--output", str(out), "--overwrite", "--quiet"]
        started = time.perf_counter()
        done = subprocess.run([*command, "--workers", str(workers)], capture_output=True, text=True)
        print(f"  {name}: exit {done.returncode} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
    manifest = json.loads((out / "manifest.json").read_text())
    if not json.loads((out / "ledger.json").read_text())["balanced"]:
        print(f"  {name}: the ledger does not balance", file=sys.stderr)
    kept = pl.read_parquet(out / "kept" / "*.parquet")
    frames = [kept.with_columns(dropped_by=pl.lit(None, pl.String), duplicate_of=pl.lit(None, pl.String))]
    if list((out / "duplicates").glob("*.parquet")):
        frames.append(pl.read_parquet(out / "duplicates" / "*.parquet"))
    docs = pl.concat([f.select(COLUMNS) for f in frames], how="vertical_relaxed")
    meta = docs["metadata"].str.json_decode(pl.Struct({"group": pl.String, "variant": pl.String}))
    docs = docs.with_columns(group=meta.struct.field("group"), variant=meta.struct.field("variant"))
    return docs.with_row_index("row"), float(manifest["wall_seconds"])


@dataclass
class Result:
    name: str
    wall_seconds: float
    docs: int
    dropped: int
    groups: int = 0
    groups_recalled: int = 0
    pairs: int = 0
    pairs_recalled: int = 0
    recall_bins: list[dict[str, Any]] = field(default_factory=list)
    merged_pairs: int = 0
    precision: dict[str, float] = field(default_factory=dict)
    merged_hist: list[int] = field(default_factory=list)
    cross_id_merges: int = 0
    cross_id_precision: dict[str, float] = field(default_factory=dict)
    clusters_multi_id: int = 0
    known_mean_jaccard: float = 0.0
    expected_recall: float = 0.0  # mean S-curve over the known pairs: seed-free
    merged_ids: list[tuple[str, str]] = field(default_factory=list, repr=False)
    missed: list[dict[str, Any]] = field(default_factory=list)
    lowest: list[dict[str, Any]] = field(default_factory=list)
    cross_sample: list[dict[str, Any]] = field(default_factory=list)


def short(text: str, limit: int = 100) -> str:
    return " ".join(text.split())[:limit]


def first_difference(a: str, b: str) -> str:
    """Word-level diff summary of two texts: words only in a / only in b, and the largest changed passage."""
    wa, wb = a.split(), b.split()
    ops = [op for op in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes() if op[0] != "equal"]
    if not ops:
        return "same words (whitespace only)"
    only_a, only_b = sum(i2 - i1 for _, i1, i2, _, _ in ops), sum(j2 - j1 for _, _, _, j1, j2 in ops)
    _, i1, i2, j1, j2 = max(ops, key=lambda op: op[2] - op[1] + op[4] - op[3])
    left, right = " ".join(wa[i1:i2])[:70], " ".join(wb[j1:j2])[:70]
    return f"{len(wa)}→{len(wb)} words, -{only_a} +{only_b} in {len(ops)} edits; largest: «{left}» ⇒ «{right}»"


def shares(values: np.ndarray) -> dict[str, float]:
    n = max(values.size, 1)
    return {f">={t}": float((values >= t).sum() / n) for t in (0.9, 0.8, 0.7, 0.5)}


def evaluate(name: str, docs: pl.DataFrame, wall: float, sample: int, show: int, seed: int) -> Result:
    diacritics, fold_numbers = SETTINGS[name]
    texts: list[str] = docs["text"].to_list()
    flat, offsets = shingle_hashes(texts, N_GRAMS, DiacriticsFolding(diacritics), fold_numbers)

    def shingles(row: int) -> np.ndarray:
        return flat[offsets[row] : offsets[row + 1]]

    def sim(a: int, b: int) -> float:
        return jaccard(shingles(a), shingles(b))

    rng = random.Random(seed)
    result = Result(name, wall, docs.height, int(docs["duplicate_of"].is_not_null().sum()))
    # Recall over the known groups (every pair of documents of one baomoi id).
    grouped = (
        docs.group_by("group")
        .agg(pl.col("row"), pl.col("minhash_cluster_id"))
        .filter(pl.col("row").list.len() > 1)
        .sort("group")
    )
    pair_j: list[float] = []
    pair_hit: list[bool] = []
    missed: list[tuple[str, int, int, float]] = []
    for group, rows, clusters in grouped.iter_rows():
        result.groups += 1
        result.groups_recalled += len(set(clusters)) == 1
        for i in range(len(rows)):
            for k in range(i + 1, len(rows)):
                value, hit = sim(rows[i], rows[k]), clusters[i] == clusters[k]
                pair_j.append(value)
                pair_hit.append(hit)
                if not hit:
                    missed.append((group, rows[i], rows[k], value))
    result.pairs, result.pairs_recalled = len(pair_j), int(sum(pair_hit))
    js, hits = np.asarray(pair_j), np.asarray(pair_hit)
    result.known_mean_jaccard = float(js.mean())
    result.expected_recall = float(detection_probability(js, BANDS, ROWS).mean())
    bin_index = np.minimum((js * 10).astype(int), 9)
    for b in range(10):
        mask = bin_index == b
        count = int(mask.sum())
        theory = float(detection_probability(js[mask], BANDS, ROWS).mean()) if count else float("nan")
        recall = float(hits[mask].mean()) if count else float("nan")
        result.recall_bins.append({"bin": f"{BINS[b]:.1f}-{BINS[b + 1]:.1f}", "pairs": count, "recall": recall})
        result.recall_bins[-1]["theory"] = theory
    for group, a, b, value in rng.sample(missed, min(show, len(missed))):
        result.missed.append(
            {
                "group": group,
                "jaccard": round(value, 3),
                "chars": [len(texts[a]), len(texts[b])],
                "title": short(texts[a], 80),
                "difference": first_difference(texts[a], texts[b]),
            }
        )
    # Precision: every near_duplicate drop against its representative.
    by_id = dict(zip(docs["id"].to_list(), docs["row"].to_list(), strict=True))
    dups = docs.filter(pl.col("duplicate_of").is_not_null()).select("row", "duplicate_of", "minhash_cluster_id")
    pairs = [(row, by_id[rep]) for row, rep, _ in dups.iter_rows()]
    if sample and len(pairs) > sample:
        pairs = rng.sample(pairs, sample)
    groups: list[str] = docs["group"].to_list()
    merged = np.asarray([sim(a, b) for a, b in pairs])
    result.merged_pairs = len(pairs)
    ids: list[str] = docs["id"].to_list()
    result.merged_ids = [(ids[a], ids[b]) for a, b in pairs]
    result.precision = shares(merged)
    result.merged_hist = np.histogram(merged, bins=BINS)[0].tolist()
    cross = [i for i, (a, b) in enumerate(pairs) if groups[a] != groups[b]]
    result.cross_id_merges = len(cross)
    result.cross_id_precision = shares(merged[cross])
    multi = docs.group_by("minhash_cluster_id").agg(pl.col("group").n_unique().alias("ids"))
    result.clusters_multi_id = int((multi["ids"] > 1).sum())
    members = docs.group_by("minhash_cluster_id").agg(pl.col("row"))
    cluster_rows = dict(zip(members["minhash_cluster_id"].to_list(), members["row"].to_list(), strict=True))
    cluster_of: list[str] = docs["minhash_cluster_id"].to_list()

    def describe(index: int) -> dict[str, Any]:
        a, b = pairs[index]
        others = [r for r in cluster_rows[cluster_of[a]] if r != a]
        return {
            "jaccard": round(float(merged[index]), 3),
            "best_in_cluster": round(max(sim(a, r) for r in others), 3),
            "cluster_size": len(others) + 1,
            "groups": [groups[a], groups[b]],
            "duplicate": short(texts[a]),
            "representative": short(texts[b]),
            "difference": first_difference(texts[b], texts[a]),
        }

    result.lowest = [describe(int(i)) for i in np.argsort(merged, kind="stable")[:show]]
    result.cross_sample = [describe(i) for i in rng.sample(cross, min(show, len(cross)))]
    return result


def folding_effect(results: list[Result], text_of: dict[str, str]) -> list[dict[str, Any]]:
    """Exact Jaccard of the union of all settings' merged pairs under each setting's folding: seed-free."""
    pairs = sorted({pair for r in results for pair in r.merged_ids})
    if not pairs:
        return []
    names = sorted({x for pair in pairs for x in pair})
    row = {name: i for i, name in enumerate(names)}
    texts = [text_of[name] for name in names]
    rows: list[dict[str, Any]] = []
    baseline: np.ndarray | None = None
    for r in results:
        diacritics, fold_numbers = SETTINGS[r.name]
        flat, off = shingle_hashes(texts, N_GRAMS, DiacriticsFolding(diacritics), fold_numbers)
        values = np.asarray(
            [jaccard(flat[off[row[a]] : off[row[a] + 1]], flat[off[row[b]] : off[row[b] + 1]]) for a, b in pairs]
        )
        baseline = values if baseline is None else baseline
        rows.append({"setting": r.name, "pairs": len(pairs), "mean": float(values.mean()), **shares(values)})
        rows[-1]["rises>=0.05"] = int((values - baseline >= 0.05).sum())
        rows[-1]["falls>=0.05"] = int((baseline - values >= 0.05).sum())
    return rows


def pct(value: float) -> str:
    return "—" if value != value else f"{100 * value:.1f} %"


def report(results: list[Result], effect: list[dict[str, Any]]) -> None:
    print("\n## Summary\n")
    head = ["setting", "wall s", "dropped", "group recall", "pair recall", "merged J≥0.8", "J≥0.7", "J≥0.5"]
    head += ["cross-id merges", "cross-id J≥0.8", "multi-id clusters"]
    cells = [
        [
            r.name,
            f"{r.wall_seconds:.1f}",
            f"{r.dropped:,}",
            f"{r.groups_recalled:,}/{r.groups:,} = {pct(r.groups_recalled / max(r.groups, 1))}",
            f"{r.pairs_recalled:,}/{r.pairs:,} = {pct(r.pairs_recalled / max(r.pairs, 1))}",
            pct(r.precision[">=0.8"]),
            pct(r.precision[">=0.7"]),
            pct(r.precision[">=0.5"]),
            f"{r.cross_id_merges:,}",
            pct(r.cross_id_precision[">=0.8"]),
            f"{r.clusters_multi_id:,}",
        ]
        for r in results
    ]
    print(markdown_table(head, cells))
    title = "Seed-free: known pairs' Jaccard; the union of merged pairs under each folding"
    print(f"\n## {title} (rises/falls vs {results[0].name})\n")
    head = ["setting", "known mean J", "expected recall", "measured", "merged-union pairs", "mean J"]
    head += ["J≥0.8", "J≥0.7", "J≥0.5", "J rises ≥0.05", "J falls ≥0.05"]
    cells = []
    for r, e in zip(results, effect, strict=True):
        row = [r.name, f"{r.known_mean_jaccard:.4f}", pct(r.expected_recall), pct(r.pairs_recalled / max(r.pairs, 1))]
        row += [f"{e['pairs']:,}", f"{e['mean']:.4f}", pct(e[">=0.8"]), pct(e[">=0.7"]), pct(e[">=0.5"])]
        cells.append([*row, f"{e['rises>=0.05']:,}", f"{e['falls>=0.05']:,}"])
    print(markdown_table(head, cells))
    print("\n## Known pairs: exact Jaccard, recall per bin vs LSH theory (mean of 1-(1-s^8)^14 over the bin)\n")
    head = ["Jaccard"] + [f"{r.name} pairs / recall / theory" for r in results]
    cells = []
    for b in range(10):
        row = [results[0].recall_bins[b]["bin"]]
        for r in results:
            x = r.recall_bins[b]
            row.append(f"{x['pairs']:,} / {pct(x['recall'])} / {pct(x['theory'])}")
        cells.append(row)
    print(markdown_table(head, cells))
    print("\n## Merged pairs (near_duplicate → representative): exact Jaccard histogram\n")
    head = ["Jaccard"] + [r.name for r in results]
    cells = [[f"{BINS[b]:.1f}-{BINS[b + 1]:.1f}"] + [f"{r.merged_hist[b]:,}" for r in results] for b in range(10)]
    print(markdown_table(head, cells))
    for r in results:
        print(f"\n## {r.name}: missed groups (random sample)\n")
        for m in r.missed:
            print(f"- {m['group']} J={m['jaccard']} chars={m['chars']} «{m['title']}» {m['difference']}")
        print(f"\n## {r.name}: merged pairs with the lowest Jaccard to their representative\n")
        for x in r.lowest:
            print(
                f"- J={x['jaccard']} best-in-cluster={x['best_in_cluster']} size={x['cluster_size']} ids={x['groups']}"
            )
            print(f"    dup: «{x['duplicate']}»\n    rep: «{x['representative']}»\n    {x['difference']}")
        print(f"\n## {r.name}: merges across baomoi ids (random sample)\n")
        for x in r.cross_sample:
            print(
                f"- J={x['jaccard']} best-in-cluster={x['best_in_cluster']} size={x['cluster_size']} ids={x['groups']}"
            )
            print(f"    dup: «{x['duplicate']}»\n    rep: «{x['representative']}»")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--settings", default=",".join(SETTINGS), help=f"comma-separated, of {list(SETTINGS)}")
    parser.add_argument("--workers", type=int, default=2, help="vicorpus run --workers (default 2)")
    parser.add_argument("--workdir", type=Path, help="folder for the corpus and outputs (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep --workdir afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse outputs already in --workdir (no re-run)")
    parser.add_argument("--sample", type=int, default=0, help="merged pairs to check (0 = all)")
    parser.add_argument("--show", type=int, default=10, help="examples printed per list (default 10)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the example samples")
    parser.add_argument("--json", type=Path, help="write every figure and example to this file")
    args = parser.parse_args(argv)
    unknown = set(args.settings.split(",")) - set(SETTINGS)
    if unknown:
        parser.error(f"unknown settings {sorted(unknown)}; choose from {list(SETTINGS)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="mheval-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        corpus = work / "corpus.jsonl"
        started = time.perf_counter()
        counts = build_corpus(corpus)
        print(f"corpus: {counts} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
        results = []
        text_of: dict[str, str] = {}
        for name in args.settings.split(","):
            docs, wall = run_setting(name, corpus, work, args.workers, args.reuse)
            started = time.perf_counter()
            results.append(evaluate(name, docs, wall, args.sample, args.show, args.seed))
            if not text_of:
                text_of = dict(zip(docs["id"].to_list(), docs["text"].to_list(), strict=True))
            print(f"  {name}: evaluated in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        print(f"# minhash_dedup on Báo Mới re-crawls ({counts['articles']:,} articles", end="")
        print(
            f" + {counts['extra_versions']:,} versions, {counts['groups']:,} groups; {BANDS}×{ROWS}, {N_GRAMS}-grams)"
        )
        effect = folding_effect(results, text_of)
        report(results, effect)
        if args.json:
            dicts = [{k: v for k, v in r.__dict__.items() if k != "merged_ids"} for r in results]
            payload = {"corpus": counts, "results": dicts, "folding_effect": effect}
            args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
