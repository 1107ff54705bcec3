"""Evaluate vicorpus's own language identification (``vicorpus.langid``) on the offline eval set.

The contract under test:

- ``vicorpus.langid.identify(text: str) -> tuple[str, float]``: an ISO 639-1 code (``"vi"``,
  ``"en"``, ``"fr"``, ...), ``"code"`` for source code or markup, ``"und"`` when it cannot
  decide; and a score in [0, 1];
- optionally ``vicorpus.langid.analyze(text)``, returning an object with ``language``,
  ``score``, ``vi_no_diacritics`` (bool) and ``vi_line_share`` (float).

On ``~/.cache/vicorpus-bench/langid/eval.jsonl`` (made by ``bench/langid_eval_set.py``) it
prints, as markdown: per-language precision / recall / F1 (``code`` included; ``und`` counts
as a miss, never as a prediction), macro F1, Vietnamese recall with and without diacritics
(by kind, and for comments written without them), what Vietnamese is taken for and what is
taken for Vietnamese, the largest confusions, contract violations, how the score separates
right from wrong answers, and speed on one core (docs/s and MB/s of UTF-8 for short items and
paragraphs, median of ``--repeat`` passes after a warm-up pass). With ``analyze``: how well
``vi_no_diacritics`` flags the no-diacritics items, ``vi_line_share`` on Vietnamese and on
other items, agreement with ``identify`` and the speed of ``analyze``.

    .venv/bin/python bench/bench_langid.py [--eval PATH] [--repeat 3] [--cpu 0] [--json out.json]
"""

from __future__ import annotations

import argparse
import collections
import importlib
import json
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from langid_timing import timed, wait_for_idle  # beside this script

EVAL = Path.home() / ".cache" / "vicorpus-bench" / "langid" / "eval.jsonl"
SHORT_KINDS = ("line", "sentence")


def load_api() -> tuple[Callable[[str], tuple[str, float]], Callable[[str], Any] | None, float]:
    """(identify, analyze or None, import seconds); exits with a clear message when the module is missing."""
    started = time.perf_counter()
    try:
        module = importlib.import_module("vicorpus.langid")
    except ImportError as error:
        sys.exit(
            f"bench_langid: cannot import vicorpus.langid ({type(error).__name__}: {error}).\n"
            "This benchmark evaluates the project's own language identifier; run it with the project's "
            "environment (.venv/bin/python, vicorpus installed with `pip install -e .`) once "
            "src/vicorpus/langid exists."
        )
    seconds = time.perf_counter() - started
    identify = getattr(module, "identify", None)
    if not callable(identify):
        sys.exit("bench_langid: vicorpus.langid has no callable identify(text) -> tuple[str, float]")
    analyze = getattr(module, "analyze", None)
    return identify, analyze if callable(analyze) else None, seconds


def prf(gold: list[str], pred: list[str], lang: str) -> dict[str, float]:
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lang and p == lang)
    n_gold = gold.count(lang)
    n_pred = pred.count(lang)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": precision, "r": recall, "f1": f1, "n": n_gold, "predicted": n_pred}


def rate(flags: list[bool]) -> str:
    return f"{sum(flags) / len(flags):.3f} ({sum(flags)}/{len(flags)})" if flags else "-"


def pairs(counter: collections.Counter[str], top: int = 6) -> str:
    return ", ".join(f"{k} {v}" for k, v in counter.most_common(top)) or "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate vicorpus.langid on the offline language-ID eval set.")
    parser.add_argument("--eval", type=Path, default=EVAL)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per group (median)")
    parser.add_argument("--cpu", type=int, default=0, help="pin the process to this CPU (one core)")
    parser.add_argument("--idle-wait", type=float, default=20.0, help="max seconds to wait for a quiet machine")
    parser.add_argument("--json", type=Path, help="write the metrics and every prediction here")
    args = parser.parse_args(argv)

    if not args.eval.exists():
        parser.error(f"no evaluation set at {args.eval}: run `.venv/bin/python bench/langid_eval_set.py` first")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    identify, analyze, import_s = load_api()
    items = [json.loads(line) for line in args.eval.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [str(item["text"]) for item in items]
    gold = [str(item["lang"]) for item in items]

    # One pass for the labels (also the warm-up), with the contract checked on every answer.
    violations: collections.Counter[str] = collections.Counter()
    pred: list[str] = []
    scores: list[float] = []
    for text in texts:
        answer = identify(text)
        if not (isinstance(answer, tuple) and len(answer) == 2):
            violations["not a (language, score) tuple"] += 1
            pred.append("und")
            scores.append(math.nan)
            continue
        language, score = answer
        # ISO 639-1, or ISO 639-3 for a language that has no 639-1 code (pcm, bcl, …)
        if not isinstance(language, str) or not (language in ("und", "code") or len(language) in (2, 3)):
            violations[f"language not ISO 639-1/639-3/code/und: {language!r}"[:60]] += 1
        if not isinstance(score, int | float) or not 0.0 <= float(score) <= 1.0:
            violations["score not a number in [0, 1]"] += 1
        pred.append(str(language))
        scores.append(float(score) if isinstance(score, int | float) else math.nan)

    langs = sorted(set(gold), key=lambda x: (x != "vi", x == "code", x))
    per_lang = {lang: prf(gold, pred, lang) for lang in langs}
    macro = statistics.mean(v["f1"] for v in per_lang.values())
    natural = [i for i, g in enumerate(gold) if g != "code"]
    macro_natural = statistics.mean(v["f1"] for k, v in per_lang.items() if k != "code")
    accuracy = sum(gold[i] == pred[i] for i in range(len(gold))) / len(gold)
    und = collections.Counter(gold[i] for i in range(len(gold)) if pred[i] == "und")

    vi_dia = [i for i, item in enumerate(items) if gold[i] == "vi" and not item.get("no_diacritics")]
    vi_nd = [i for i, item in enumerate(items) if gold[i] == "vi" and item.get("no_diacritics")]

    print(f"# vicorpus.langid on {args.eval} ({len(items)} items; one core, CPU {args.cpu})\n")
    print(f"import vicorpus.langid: {import_s * 1e3:.0f} ms; analyze(): {'yes' if analyze else 'not provided'}\n")
    print("## Summary\n")
    print("| metric | value |")
    print("| --- | --- |")
    print(f"| macro F1, all {len(langs)} labels (code included) | {macro:.3f} |")
    print(f"| macro F1, natural languages only | {macro_natural:.3f} |")
    print(f"| accuracy, all items | {accuracy:.3f} |")
    print(f"| accuracy, natural-language items | {sum(gold[i] == pred[i] for i in natural) / len(natural):.3f} |")
    print(f"| vi recall, with diacritics | {rate([pred[i] == 'vi' for i in vi_dia])} |")
    print(f"| vi recall, without diacritics | {rate([pred[i] == 'vi' for i in vi_nd])} |")
    for kind in ("line", "sentence", "paragraph"):
        chosen = [i for i in vi_nd if items[i]["kind"] == kind and "written-without" not in items[i]["source"]]
        print(f"| vi recall, diacritics stripped, {kind} | {rate([pred[i] == 'vi' for i in chosen])} |")
    written = [i for i in vi_nd if "written-without" in items[i]["source"]]
    print(f"| vi recall, comments written without diacritics | {rate([pred[i] == 'vi' for i in written])} |")
    for kind in ("line", "sentence", "paragraph"):
        chosen = [i for i in vi_dia if items[i]["kind"] == kind]
        print(f"| vi recall, with diacritics, {kind} | {rate([pred[i] == 'vi' for i in chosen])} |")
    print(f"| code recall | {rate([pred[i] == 'code' for i, g in enumerate(gold) if g == 'code'])} |")
    print(f"| answered und | {sum(und.values())} ({pairs(und)}) |")
    print(f"| contract violations | {sum(violations.values())} ({pairs(violations)}) |")

    print("\n## Per language\n")
    print("| lang | n | predicted | precision | recall | F1 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for lang, v in per_lang.items():
        print(f"| {lang} | {v['n']} | {v['predicted']} | {v['p']:.3f} | {v['r']:.3f} | {v['f1']:.3f} |")
    extra = collections.Counter(p for p in pred if p not in per_lang and p != "und")
    if extra:
        print(f"\nLabels predicted that the set does not contain: {pairs(extra, 12)}")

    print("\n## Confusions\n")
    print("| | |")
    print("| --- | --- |")
    print(f"| vi (diacritics) taken for | {pairs(collections.Counter(pred[i] for i in vi_dia if pred[i] != 'vi'))} |")
    print(f"| vi (no diacritics) taken for | {pairs(collections.Counter(pred[i] for i in vi_nd if pred[i] != 'vi'))} |")
    taken_vi = collections.Counter(gold[i] for i in range(len(gold)) if pred[i] == "vi" and gold[i] != "vi")
    print(f"| taken for vi | {pairs(taken_vi, 12)} |")
    for lang in ("id", "ms", "tl"):
        if lang in per_lang:
            wrong = collections.Counter(pred[i] for i, g in enumerate(gold) if g == lang and pred[i] != lang)
            print(f"| {lang} taken for | {pairs(wrong)} |")
    code_as = collections.Counter(pred[i] for i, g in enumerate(gold) if g == "code" and pred[i] != "code")
    print(f"| code taken for | {pairs(code_as)} |")
    taken_code = collections.Counter(gold[i] for i in range(len(gold)) if pred[i] == "code" and gold[i] != "code")
    print(f"| taken for code | {pairs(taken_code)} |")
    confusion = collections.Counter(f"{gold[i]}→{pred[i]}" for i in range(len(gold)) if gold[i] != pred[i])
    print(f"| largest confusions (gold→predicted) | {pairs(confusion, 15)} |")

    right = [s for s, g, p in zip(scores, gold, pred, strict=True) if g == p and not math.isnan(s)]
    wrong_scores = [
        s for s, g, p in zip(scores, gold, pred, strict=True) if g != p and p != "und" and not math.isnan(s)
    ]
    print("\n## Score\n")
    print("| answers | n | median score | 10th percentile |")
    print("| --- | ---: | ---: | ---: |")
    for label, values in (("right", right), ("wrong (und excluded)", wrong_scores)):
        if values:
            tenth = statistics.quantiles(values, n=10)[0] if len(values) >= 2 else values[0]
            print(f"| {label} | {len(values)} | {statistics.median(values):.3f} | {tenth:.3f} |")

    analysis: dict[str, Any] = {}
    if analyze is not None:
        results = [analyze(text) for text in texts]
        flags = [bool(getattr(r, "vi_no_diacritics", False)) for r in results]
        shares = [float(getattr(r, "vi_line_share", math.nan)) for r in results]
        agree = sum(str(getattr(r, "language", "")) == p for r, p in zip(results, pred, strict=True))
        vi_all = vi_dia + vi_nd
        flagged = [i for i in range(len(items)) if flags[i]]
        nd_set = set(vi_nd)
        true_flags = sum(1 for i in flagged if i in nd_set)
        print("\n## analyze()\n")
        print("| metric | value |")
        print("| --- | --- |")
        print(f"| language agrees with identify() | {agree}/{len(items)} |")
        print(f"| vi_no_diacritics recall on no-diacritics vi items | {rate([flags[i] for i in vi_nd])} |")
        print(f"| vi_no_diacritics set on vi items with diacritics | {rate([flags[i] for i in vi_dia])} |")
        print(
            f"| vi_no_diacritics precision | {true_flags / len(flagged) if flagged else 0:.3f} ({len(flagged)} set) |"
        )
        others = [i for i in range(len(items)) if gold[i] != "vi"]
        for label, chosen in (("vi items", vi_all), ("other items", others)):
            values = [shares[i] for i in chosen if not math.isnan(shares[i])]
            if values:
                print(
                    f"| vi_line_share on {label} | mean {statistics.mean(values):.3f}, "
                    f"median {statistics.median(values):.3f} |"
                )
        analysis = {
            "agree": agree,
            "flag_recall": sum(flags[i] for i in vi_nd) / max(1, len(vi_nd)),
            "flags": flags,
            "vi_line_share": shares,
        }

    print("\n## Speed (one core)\n")
    print("| function | items | docs | MB | seconds | docs/s | MB/s | CPU s | other CPU s |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    speed: dict[str, dict[str, float]] = {}
    functions: list[tuple[str, Callable[[str], object]]] = [("identify", identify)]
    if analyze is not None:
        functions.append(("analyze", analyze))
    for name, function in functions:
        for group, kinds in (("short (line, sentence)", SHORT_KINDS), ("paragraph", ("paragraph",))):
            subset = [t for t, item in zip(texts, items, strict=True) if item["kind"] in kinds]
            wait_for_idle(args.idle_wait)
            s = timed(function, subset, args.repeat)
            speed[f"{name} {group}"] = s
            print(
                f"| {name} | {group} | {s['docs']:.0f} | {s['mb']:.2f} | {s['seconds']:.3f} "
                f"| {s['docs'] / s['seconds']:,.0f} | {s['mb'] / s['seconds']:.2f} | {s['cpu_seconds']:.3f} "
                f"| {s['other_cpu_s']:.2f} |"
            )
    if args.json:
        payload = {
            "per_lang": per_lang,
            "macro_f1": macro,
            "accuracy": accuracy,
            "speed": speed,
            "predictions": pred,
            "scores": scores,
            "analyze": analysis,
        }
        args.json.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
