"""Tokenizers to compare with: a byte-level baseline and general-purpose tokenizers shipped in PyPI wheels.

Nothing is downloaded: each general-purpose tokenizer is read from a file inside an
installed distribution, found through ``importlib.metadata`` without importing the
package (``whisper`` imports torch; only its asset file is needed). A baseline whose
distribution, file or reader library is missing is reported as missing, not as an error.
The OpenAI encodings are checked against the SHA-256 that tiktoken itself pins for them.

Where each comes from (found with ``pip download --no-deps`` and a look inside the wheel):

- ``openai-whisper``: ``whisper/assets/gpt2.tiktoken`` (GPT-2's 50k BPE; byte-identical
  to tiktoken's r50k_base) and ``multilingual.tiktoken`` (Whisper's multilingual BPE).
- ``litellm``: tiktoken's cache files for cl100k_base (GPT-4) and o200k_base (GPT-4o),
  named by the SHA-1 of their download URL as tiktoken caches them, and two HF
  ``tokenizer.json`` files, ``deepseek_tokenizer.json`` (DeepSeek, MIT licence beside it)
  and ``anthropic_tokenizer.json`` (Anthropic's older public tokenizer).
- ``mistral-common``: ``tekken_240911.json`` (Tekken, the tiktoken-based tokenizer of
  Mistral NeMo) and ``mistral_instruct_tokenizer_240323.model.v3`` (SentencePiece, Mistral 7B v0.3).
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import importlib.util
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from vicorpus.tokenizer.fertility import TokenCounter

# GPT-2's split pattern as whisper/tokenizer.py (and the GPT-2 release) write it.
GPT2_PATTERN: Final = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
# From tiktoken_ext/openai_public.py (tiktoken 0.14), which builds these only by download.
CL100K_PATTERN: Final = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|"""
    r"""\s+(?!\S)|\s"""
)
O200K_PATTERN: Final = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)
_LITELLM: Final = "litellm/litellm_core_utils/tokenizers/"

Reader = Literal["tiktoken", "tekken", "hf-json", "sentencepiece"]
_READER_MODULE: Final[dict[str, str]] = {
    "tiktoken": "tiktoken",
    "tekken": "tiktoken",
    "hf-json": "tokenizers",
    "sentencepiece": "sentencepiece",
}


@dataclass(frozen=True)
class BaselineSpec:
    name: str
    description: str
    distribution: str  # the PyPI distribution whose wheel holds the file
    path: str  # the file, relative to the distribution's install root
    reader: Reader
    pattern: str = ""  # split regex, for tiktoken files
    sha256: str = ""  # expected content, where a public reference pins it


BASELINES: Final[tuple[BaselineSpec, ...]] = (
    BaselineSpec(
        "gpt2",
        "GPT-2 BPE (r50k_base)",
        "openai-whisper",
        "whisper/assets/gpt2.tiktoken",
        "tiktoken",
        GPT2_PATTERN,
        "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930",
    ),
    BaselineSpec(
        "whisper-multilingual",
        "Whisper multilingual BPE",
        "openai-whisper",
        "whisper/assets/multilingual.tiktoken",
        "tiktoken",
        GPT2_PATTERN,
    ),
    BaselineSpec(
        "cl100k_base",
        "GPT-4 / GPT-3.5 BPE (cl100k_base)",
        "litellm",
        _LITELLM + "9b5ad71b2ce5302211f9c61530b329a4922fc6a4",
        "tiktoken",
        CL100K_PATTERN,
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    ),
    BaselineSpec(
        "o200k_base",
        "GPT-4o BPE (o200k_base)",
        "litellm",
        _LITELLM + "fb374d419588a4632f3f557e76b4b70aebbca790",
        "tiktoken",
        O200K_PATTERN,
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    ),
    BaselineSpec(
        "mistral-tekken",
        "Mistral Tekken (tekken_240911, Mistral NeMo)",
        "mistral-common",
        "mistral_common/data/tekken_240911.json",
        "tekken",
    ),
    BaselineSpec(
        "mistral-7b-v3",
        "Mistral 7B v0.3 SentencePiece",
        "mistral-common",
        "mistral_common/data/mistral_instruct_tokenizer_240323.model.v3",
        "sentencepiece",
    ),
    BaselineSpec("deepseek", "DeepSeek BPE (litellm copy)", "litellm", _LITELLM + "deepseek_tokenizer.json", "hf-json"),
    BaselineSpec(
        "anthropic-legacy",
        "Anthropic's older public tokenizer",
        "litellm",
        _LITELLM + "anthropic_tokenizer.json",
        "hf-json",
    ),
)
BASELINE_NAMES: Final = tuple(spec.name for spec in BASELINES)
BYTE_LEVEL: Final = "byte-level"


@dataclass(frozen=True)
class Baseline:
    name: str
    description: str
    # The size each format states, so what it counts differs: tiktoken files, the mergeable
    # ranks (no special tokens); Tekken, default_vocab_size with its 1,000 special ids;
    # SentencePiece, every piece with the control ones; HF JSON, the model's vocabulary
    # (added tokens outside it not counted). docs/tokenizer.md lists them.
    vocab_size: int
    count: TokenCounter


@dataclass(frozen=True)
class MissingBaseline:
    name: str
    description: str
    reason: str


def byte_level() -> Baseline:
    """An untrained byte-level BPE: one token per UTF-8 byte, the floor every tokenizer improves on."""
    return Baseline(BYTE_LEVEL, "UTF-8 bytes (untrained byte-level BPE)", 256, _count_bytes)


def _count_bytes(texts: list[str]) -> int:
    return sum(len(text.encode("utf-8")) for text in texts)


def load_baselines(names: Sequence[str] | None = None) -> tuple[list[Baseline], list[MissingBaseline]]:
    """The general-purpose tokenizers found in installed wheels (all of them when ``names`` is None)."""
    specs = BASELINES if names is None else tuple(spec for spec in BASELINES if spec.name in set(names))
    found: list[Baseline] = []
    missing: list[MissingBaseline] = []
    for spec in specs:
        path_or_reason = _locate(spec)
        if isinstance(path_or_reason, str):
            missing.append(MissingBaseline(spec.name, spec.description, path_or_reason))
            continue
        vocab_size, count = _READERS[spec.reader](spec, path_or_reason)
        found.append(Baseline(spec.name, spec.description, vocab_size, count))
    return found, missing


def _locate(spec: BaselineSpec) -> Path | str:
    """The file of ``spec``, or why it cannot be used."""
    try:
        distribution = importlib.metadata.distribution(spec.distribution)
    except importlib.metadata.PackageNotFoundError:
        return f"package {spec.distribution} is not installed"
    module = _READER_MODULE[spec.reader]
    if importlib.util.find_spec(module) is None:
        return f"reading it needs the {module} package, which is not installed"
    path = Path(str(distribution.locate_file(spec.path)))
    if not path.is_file():
        return f"{spec.path} is not in {spec.distribution} {distribution.version}"
    if spec.sha256 and hashlib.sha256(path.read_bytes()).hexdigest() != spec.sha256:
        return f"{spec.path} in {spec.distribution} {distribution.version} differs from the published file"
    return path


def _tiktoken(spec: BaselineSpec, path: Path) -> tuple[int, TokenCounter]:
    ranks = {}
    for line in path.read_bytes().splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return _tiktoken_encoding(spec.name, spec.pattern, ranks)


def _tekken(spec: BaselineSpec, path: Path) -> tuple[int, TokenCounter]:
    """Tekken as mistral_common's Tekkenizer builds it: the first ``vocab - specials`` ranks."""
    data = json.loads(path.read_bytes())
    config = data["config"]
    inner = config["default_vocab_size"] - config["default_num_special_tokens"]
    ranks = {base64.b64decode(entry["token_bytes"]): entry["rank"] for entry in data["vocab"][:inner]}
    _, count = _tiktoken_encoding(spec.name, config["pattern"], ranks)
    return int(config["default_vocab_size"]), count


def _tiktoken_encoding(name: str, pattern: str, ranks: dict[bytes, int]) -> tuple[int, TokenCounter]:
    import tiktoken

    encoding = tiktoken.Encoding(name=f"vicorpus-{name}", pat_str=pattern, mergeable_ranks=ranks, special_tokens={})

    def count(texts: list[str]) -> int:
        return sum(map(len, encoding.encode_ordinary_batch(texts)))

    return encoding.n_vocab, count


def _hf_json(spec: BaselineSpec, path: Path) -> tuple[int, TokenCounter]:
    import tokenizers

    tokenizer = tokenizers.Tokenizer.from_file(str(path))

    def count(texts: list[str]) -> int:
        return sum(len(encoding.ids) for encoding in tokenizer.encode_batch(texts, add_special_tokens=False))

    return int(tokenizer.get_vocab_size(with_added_tokens=False)), count


def _sentencepiece(spec: BaselineSpec, path: Path) -> tuple[int, TokenCounter]:
    import sentencepiece

    processor: Any = sentencepiece.SentencePieceProcessor(model_file=str(path))

    def count(texts: list[str]) -> int:
        return sum(map(len, processor.encode(texts)))

    return int(processor.get_piece_size()), count


_READERS: Final = {"tiktoken": _tiktoken, "tekken": _tekken, "hf-json": _hf_json, "sentencepiece": _sentencepiece}
