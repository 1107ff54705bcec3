"""The keep/drop decisions of ``bench_quality_vs_fineweb2.py``: each tool's outcome per document, read back
from its output, lined up by ``doc_key``, and the agreement sections of the report (confusion matrices,
which filter dropped what, drops per corpus, sampled disagreements).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq

from bench_machinery import markdown_table

DISAGREEMENTS = (("reference keeps, vicorpus drops", (True, False)), ("reference drops, vicorpus keeps", (False, True)))
REFERENCE_FILTERS = ("reader", "language_score", "gopher_repetition", "fineweb_quality", "gopher_quality")


@dataclass
class Outcome:
    label: str  # "kept", a filter/stage name, "dup:<stage>", "quarantine:<code>", "missing"
    reason: str | None = None

    @property
    def kept(self) -> bool:
        return self.label == "kept"

    @property
    def kind(self) -> str:
        """kept, rejected (by a filter stage), duplicate, quarantine or missing."""
        if self.label in ("kept", "missing"):
            return self.label
        if self.label.startswith("dup:"):
            return "duplicate"
        return "quarantine" if self.label.startswith("quarantine:") else "rejected"


def read_vicorpus(out: Path) -> tuple[dict[str, Outcome], list[str]]:
    """doc_key -> outcome, from the kept/rejected/duplicates/quarantine shards; and problems found."""
    outcomes: dict[str, Outcome] = {}
    problems: list[str] = []

    def add(key: str | None, outcome: Outcome) -> None:
        if key is None:
            problems.append(f"a record without doc_key ({outcome.label})")
        elif key in outcomes:
            problems.append(f"{key} appears twice ({outcomes[key].label}, {outcome.label})")
        else:
            outcomes[key] = outcome

    def key_of(metadata: str | None) -> str | None:
        if not metadata:
            return None
        value = json.loads(metadata).get("doc_key")
        return None if value is None else str(value)

    for path in sorted((out / "kept").glob("*.parquet")):
        for row in pq.read_table(path, columns=["metadata"]).to_pylist():
            add(key_of(row["metadata"]), Outcome("kept"))
    for folder, prefix in (("rejected", ""), ("duplicates", "dup:")):
        for path in sorted((out / folder).glob("*.parquet")):
            columns = ["metadata", "dropped_by", "drop_reason"]
            for row in pq.read_table(path, columns=columns).to_pylist():
                add(key_of(row["metadata"]), Outcome(prefix + str(row["dropped_by"]), row["drop_reason"]))
    for path in sorted((out / "quarantine").glob("*.parquet")):
        for row in pq.read_table(path, columns=["raw", "error_code"]).to_pylist():
            try:
                key = str(orjson.loads(row["raw"])["doc_key"])
            except (orjson.JSONDecodeError, KeyError, TypeError):
                key = None
            add(key, Outcome(f"quarantine:{row['error_code']}", row["error_code"]))
    return outcomes, problems


def read_reference(path: Path) -> dict[str, Outcome]:
    outcomes: dict[str, Outcome] = {}
    with path.open("rb") as handle:
        for line in handle:
            decision = orjson.loads(line)
            label = "kept" if decision["kept"] else str(decision["dropped_by"])
            outcomes[str(decision["doc_key"])] = Outcome(label, decision.get("reason"))
    return outcomes


def line_up(keys: list[str], ref: dict[str, Outcome], vic: dict[str, Outcome]) -> list[str]:
    """Check that both tools decided every document (a document vicorpus lost becomes ``missing``);
    return the problems found."""
    problems: list[str] = []
    missing_ref = [k for k in keys if k not in ref]
    missing_vic = [k for k in keys if k not in vic]
    extra = sorted((set(ref) | set(vic)) - set(keys))
    if missing_ref:
        raise SystemExit(
            f"FAIL: the reference has no decision for {len(missing_ref)} documents, e.g. {missing_ref[:3]}"
        )
    for k in missing_vic:
        vic[k] = Outcome("missing")
    if missing_vic:
        problems.append(f"{len(missing_vic)} documents are in none of vicorpus's outputs, e.g. {missing_vic[:3]}")
    if extra:
        problems.append(f"{len(extra)} unknown doc_keys in the outputs, e.g. {extra[:3]}")
    return problems


# --- comparison -------------------------------------------------------------------------


@dataclass
class Confusion:
    scope: str
    docs: int
    both_keep: int  # reference keeps, vicorpus keeps
    ref_keep_vic_drop: int
    ref_drop_vic_keep: int
    both_drop: int
    vic_rejected: int
    vic_duplicates: int
    vic_quarantined: int
    agreement: float = 0.0
    kappa: float | None = None

    def finish(self) -> Confusion:
        n = self.docs
        if n:
            agree = (self.both_keep + self.both_drop) / n
            ref_keep = (self.both_keep + self.ref_keep_vic_drop) / n
            vic_keep = (self.both_keep + self.ref_drop_vic_keep) / n
            chance = ref_keep * vic_keep + (1 - ref_keep) * (1 - vic_keep)
            self.agreement = agree
            self.kappa = (agree - chance) / (1 - chance) if chance < 1 else None
        return self


def confusion(scope: str, keys: list[str], ref: dict[str, Outcome], vic: dict[str, Outcome]) -> Confusion:
    cells: Counter[tuple[bool, bool]] = Counter((ref[k].kept, vic[k].kept) for k in keys)
    kinds = Counter(vic[k].kind for k in keys)
    return Confusion(
        scope=scope,
        docs=len(keys),
        both_keep=cells[True, True],
        ref_keep_vic_drop=cells[True, False],
        ref_drop_vic_keep=cells[False, True],
        both_drop=cells[False, False],
        vic_rejected=kinds["rejected"],
        vic_duplicates=kinds["duplicate"],
        vic_quarantined=kinds["quarantine"],
    ).finish()


def fmt_pct(part: int, whole: int) -> str:
    return f"{part:,} ({100 * part / whole:.1f}%)" if whole else f"{part:,}"


def confusion_table(rows: list[Confusion]) -> str:
    headers = [
        "scope",
        "docs",
        "ref keep · vic keep",
        "ref keep · vic drop",
        "ref drop · vic keep",
        "ref drop · vic drop",
        "agreement",
        "kappa",
        "vic: rejected/dup/quar.",
    ]
    cells = []
    for c in rows:
        cells.append(
            [
                c.scope,
                f"{c.docs:,}",
                fmt_pct(c.both_keep, c.docs),
                fmt_pct(c.ref_keep_vic_drop, c.docs),
                fmt_pct(c.ref_drop_vic_keep, c.docs),
                fmt_pct(c.both_drop, c.docs),
                f"{100 * c.agreement:.1f}%",
                "-" if c.kappa is None else f"{c.kappa:.3f}",
                f"{c.vic_rejected:,}/{c.vic_duplicates:,}/{c.vic_quarantined:,}",
            ]
        )
    return markdown_table(headers, cells)


def crosstab(
    rows: list[str], columns: list[str], counts: Counter[tuple[str, str]], corner: str = "reference \\ vicorpus"
) -> str:
    headers = [corner, *columns, "total"]
    cells = []
    for r in rows:
        line = [counts[r, c] for c in columns]
        cells.append([r, *(f"{v:,}" if v else "·" for v in line), f"{sum(line):,}"])
    totals = [sum(counts[r, c] for r in rows) for c in columns]
    cells.append(["total", *(f"{v:,}" for v in totals), f"{sum(totals):,}"])
    return markdown_table(headers, cells)


def order_labels(labels: set[str], preferred: tuple[str, ...]) -> list[str]:
    first = [x for x in preferred if x in labels]
    return first + sorted(labels - set(first) - {"kept"}) + (["kept"] if "kept" in labels else [])


def describe(outcome: Outcome) -> str:
    if outcome.kept:
        return "kept"
    return f"{outcome.label}/{outcome.reason}" if outcome.reason else outcome.label


def per_corpus_drops(
    keys: list[str], corpus_of: dict[str, str], outcomes: dict[str, Outcome], labels: list[str], corpora: list[str]
) -> str:
    counts: Counter[tuple[str, str]] = Counter((outcomes[k].label, corpus_of[k]) for k in keys)
    return crosstab(labels, corpora, counts, corner="dropped by \\ corpus")


# --- the agreement sections of the report --------------------------------------------------


@dataclass
class Agreement:
    keys: list[str]  # every doc_key, in the order of the documents file
    corpus_of: dict[str, str]
    corpora: list[str]
    ref: dict[str, Outcome]
    vic: dict[str, Outcome]
    matrices: list[Confusion]  # all documents, then one per corpus
    by_filter: Counter[tuple[str, str]]  # (reference label, vicorpus label) -> documents
    by_reason: Counter[tuple[str, str]]  # (reference decision, vicorpus decision) -> documents
    ref_labels: list[str]
    vic_labels: list[str]
    disagreeing: dict[str, int]  # DISAGREEMENTS name -> documents
    samples: dict[str, list[dict[str, Any]]]  # DISAGREEMENTS name -> sampled documents


def agreement(
    corpus_of: dict[str, str],
    head_of: dict[str, str],
    corpora: list[str],
    ref: dict[str, Outcome],
    vic: dict[str, Outcome],
    stage_names: list[str],
    samples_each_way: int,
    seed: int,
) -> Agreement:
    """Compare the decisions (lined up: every key in both) overall, per corpus and per filter; sample
    ``samples_each_way`` disagreements each way with ``seed``."""
    keys = list(corpus_of)
    matrices = [confusion("all", keys, ref, vic)]
    for name in corpora:
        matrices.append(confusion(name, [k for k in keys if corpus_of[k] == name], ref, vic))
    rng = random.Random(seed)
    samples: dict[str, list[dict[str, Any]]] = {}
    disagreeing: dict[str, int] = {}
    position = {k: i for i, k in enumerate(keys)}
    for name, wanted in DISAGREEMENTS:
        pool = [k for k in keys if (ref[k].kept, vic[k].kept) == wanted]
        disagreeing[name] = len(pool)
        chosen = sorted(rng.sample(pool, min(samples_each_way, len(pool))), key=position.__getitem__)
        samples[name] = [
            {
                "doc_key": k,
                "corpus": corpus_of[k],
                "reference": describe(ref[k]),
                "vicorpus": describe(vic[k]),
                "text_head": head_of[k],
            }
            for k in chosen
        ]
    return Agreement(
        keys=keys,
        corpus_of=corpus_of,
        corpora=corpora,
        ref=ref,
        vic=vic,
        matrices=matrices,
        by_filter=Counter((ref[k].label, vic[k].label) for k in keys),
        by_reason=Counter((describe(ref[k]), describe(vic[k])) for k in keys),
        ref_labels=order_labels({ref[k].label for k in keys}, REFERENCE_FILTERS),
        vic_labels=order_labels({vic[k].label for k in keys}, tuple(stage_names)),
        disagreeing=disagreeing,
        samples=samples,
    )


def print_agreement(a: Agreement) -> None:
    keys, ref, vic = a.keys, a.ref, a.vic
    print("\n## Keep/drop agreement\n")
    print(
        "ref = FineWeb-2 filters (datatrove), vic = vicorpus; a vicorpus duplicate or quarantined record counts as "
        "dropped.\nkappa = Cohen's kappa (agreement beyond chance; '-' when one side keeps or drops everything).\n"
    )
    print(confusion_table(a.matrices))

    print("\n## Which filter dropped it: reference (rows) × vicorpus (columns)\n")
    print(crosstab(a.ref_labels, a.vic_labels, a.by_filter))

    print("\n## Reference drops per filter and corpus\n")
    print(per_corpus_drops(keys, a.corpus_of, ref, a.ref_labels, a.corpora))
    ref_reasons = Counter(describe(ref[k]) for k in keys if not ref[k].kept)
    print("\nreference reasons: " + ", ".join(f"{r} {n:,}" for r, n in ref_reasons.most_common()))

    print("\n## vicorpus drops per stage and corpus\n")
    print(per_corpus_drops(keys, a.corpus_of, vic, a.vic_labels, a.corpora))
    vic_reasons = Counter(describe(vic[k]) for k in keys if not vic[k].kept)
    print("\nvicorpus reasons: " + (", ".join(f"{r} {n:,}" for r, n in vic_reasons.most_common()) or "none"))

    top_pairs = [(pair, n) for pair, n in a.by_reason.most_common() if pair[0] != pair[1]][:15]
    if top_pairs:
        print("\nMost frequent (reference, vicorpus) decision pairs that differ:")
        for (r, v), n in top_pairs:
            print(f"  {n:6,}  reference {r}  ·  vicorpus {v}")

    for name, rows in a.samples.items():
        print(f"\n## Sampled disagreements: {name} ({len(rows)} of {a.disagreeing[name]:,})\n")
        if not rows:
            print("none")
        for row in rows:
            head = row["text_head"].replace("\n", "⏎ ")
            print(f"- {row['doc_key']} · reference {row['reference']} · vicorpus {row['vicorpus']}\n    {head}")


def agreement_json(a: Agreement) -> dict[str, Any]:
    """The ``--json`` fields of the comparison (without the per-document decisions)."""
    return {
        "confusion": [asdict(m) for m in a.matrices],
        "crosstab_filters": [{"reference": r, "vicorpus": v, "docs": n} for (r, v), n in a.by_filter.most_common()],
        "crosstab_reasons": [{"reference": r, "vicorpus": v, "docs": n} for (r, v), n in a.by_reason.most_common()],
        "disagreements": a.disagreeing,
        "disagreement_samples": a.samples,
    }
