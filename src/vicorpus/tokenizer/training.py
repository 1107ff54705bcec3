"""Train a byte-level BPE or Unigram tokenizer from texts, deterministically, and save it in HF format.

Determinism: the same texts in the same order with the same settings give a
byte-identical ``tokenizer.json``.

- BPE (``tokenizers.trainers.BpeTrainer``) picks the most frequent pair at each step and
  breaks ties by the pair's ids, which follow from the sorted alphabet: it is
  deterministic as it is (checked by the tests, train twice and compare the bytes).
- Unigram (``UnigramTrainer``) is not: it sums float expectations in hash-map order
  (last-bit differences in the scores) and gives the byte symbols that never occur in
  the data penalty scores ``min + k * 1e-4`` in the iteration order of a hash set
  (``finalize`` in ``tokenizers/src/models/unigram/trainer.rs``). :func:`_canonical_unigram`
  rounds the scores to 1e-6 (far above the float noise, far below what changes a
  segmentation) and gives the penalty scores in code-point order, then sorts by score.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final, Literal

from vicorpus.tokenizer import pretokenize
from vicorpus.tokenizer.backend import require_tokenizers

Model = Literal["bpe", "unigram"]
MODELS: Final[tuple[Model, ...]] = ("bpe", "unigram")
# ids 0-3 in this order, as in LLaMA/Mistral tokenizers; <unk> is never produced by the
# byte-level BPE (every byte is in the vocabulary) but Unigram needs one, and HF tools expect it.
UNK, BOS, EOS, PAD = "<unk>", "<s>", "</s>", "<pad>"
SPECIAL_TOKENS: Final = (UNK, BOS, EOS, PAD)
BYTE_SYMBOLS: Final = 256
MIN_VOCAB_SIZE: Final = BYTE_SYMBOLS + len(SPECIAL_TOKENS)
MAX_VOCAB_SIZE: Final = 1_000_000
# BPE merges only pairs seen at least twice: a pair seen once is noise, not a unit.
BPE_MIN_FREQUENCY: Final = 2
# The files save_hf writes, in this order.
HF_FILES: Final = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")
_SCORE_DECIMALS: Final = 6
# Unigram penalty step of tokenizers' finalize(), used to recognise the scores it made up.
_PENALTY_STEP: Final = 1e-4


def new_tokenizer(model: Model) -> Any:
    """An untrained tokenizer with the Vietnamese pre-tokenization and a byte-level decoder."""
    tk = require_tokenizers()
    core = tk.models.BPE() if model == "bpe" else tk.models.Unigram()
    tokenizer = tk.Tokenizer(core)
    tokenizer.normalizer = pretokenize.normalizer()
    tokenizer.pre_tokenizer = pretokenize.pre_tokenizer()
    tokenizer.decoder = tk.decoders.ByteLevel()
    return tokenizer


def _trainer(model: Model, vocab_size: int) -> Any:
    tk = require_tokenizers()
    alphabet = tk.pre_tokenizers.ByteLevel.alphabet()
    if model == "bpe":
        return tk.trainers.BpeTrainer(
            vocab_size=vocab_size,
            min_frequency=BPE_MIN_FREQUENCY,
            special_tokens=list(SPECIAL_TOKENS),
            initial_alphabet=alphabet,
            show_progress=False,
        )
    return tk.trainers.UnigramTrainer(
        vocab_size=vocab_size,
        special_tokens=list(SPECIAL_TOKENS),
        unk_token=UNK,
        initial_alphabet=alphabet,
        show_progress=False,
    )


def train(texts: Iterable[list[str]], *, vocab_size: int, model: Model) -> Any:
    """Train on batches of texts; returns a ``tokenizers.Tokenizer``."""
    tk = require_tokenizers()
    tokenizer = new_tokenizer(model)
    tokenizer.train_from_iterator(texts, trainer=_trainer(model, vocab_size))
    if model == "unigram":
        tokenizer = tk.Tokenizer.from_str(_canonical_unigram(tokenizer.to_str()))
    return tokenizer


def _canonical_unigram(serialized: str) -> str:
    """The same Unigram model written the same way whatever the hash order of the trainer."""
    data = json.loads(serialized)
    vocab: list[list[Any]] = data["model"]["vocab"]
    specials = [entry for entry in vocab if entry[0] in SPECIAL_TOKENS]
    pieces = [
        (str(piece), round(float(score), _SCORE_DECIMALS)) for piece, score in vocab if piece not in SPECIAL_TOKENS
    ]
    # Single symbols on the penalty grid just above the lowest score are the ones
    # finalize() made up for symbols the model lacks (bytes absent from the data).
    floor = min((score for _, score in pieces), default=0.0)
    made_up = sorted(piece for piece, score in pieces if len(piece) == 1 and _on_penalty_grid(score - floor))
    rescored = {piece: round(floor + index * _PENALTY_STEP, _SCORE_DECIMALS) for index, piece in enumerate(made_up)}
    pieces = [(piece, rescored.get(piece, score)) for piece, score in pieces]
    pieces.sort(key=lambda item: (-item[1], item[0]))
    data["model"]["vocab"] = specials + [[piece, score] for piece, score in pieces]
    data["model"]["unk_id"] = next(index for index, entry in enumerate(specials) if entry[0] == UNK)
    return json.dumps(data, ensure_ascii=False)


def _on_penalty_grid(offset: float) -> bool:
    steps = offset / _PENALTY_STEP
    # scores are rounded to 1e-6, so a made-up score is within 1e-6 of its grid point
    return 0 <= round(steps) < BYTE_SYMBOLS * 2 and abs(offset - round(steps) * _PENALTY_STEP) < 2e-6


def tokenizer_config() -> dict[str, Any]:
    """``tokenizer_config.json`` for ``transformers.AutoTokenizer``: no BOS/EOS added on encode,
    so a training pipeline decides how to join documents (usually ``</s>`` between them)."""
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": BOS,
        "eos_token": EOS,
        "unk_token": UNK,
        "pad_token": PAD,
        "add_bos_token": False,
        "add_eos_token": False,
        "clean_up_tokenization_spaces": False,
        "model_max_length": 1_000_000_000,
    }


def special_tokens_map() -> dict[str, str]:
    return {"bos_token": BOS, "eos_token": EOS, "unk_token": UNK, "pad_token": PAD}


def save_hf(tokenizer: Any, folder: Path) -> list[Path]:
    """Write ``tokenizer.json``, ``tokenizer_config.json`` and ``special_tokens_map.json`` into ``folder``."""
    contents = (
        tokenizer.to_str(pretty=True),
        json.dumps(tokenizer_config(), indent=2, sort_keys=True),
        json.dumps(special_tokens_map(), indent=2, sort_keys=True),
    )
    written = []
    for name, content in zip(HF_FILES, contents, strict=True):
        path = folder / name
        path.write_text(content + "\n", encoding="utf-8")
        written.append(path)
    return written
